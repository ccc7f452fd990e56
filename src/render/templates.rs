//! The templates: each one embedded in the binary, or read from the user's folder
//! (`--templates DIR`) when it holds a file of the same name.

use super::RenderError;
use std::path::{Path, PathBuf};

/// Every template the renderers use, with its embedded text.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "motion.html.j2",
        include_str!("../../templates/motion.html.j2"),
    ),
    (
        "index.html.j2",
        include_str!("../../templates/index.html.j2"),
    ),
    ("tag.html.j2", include_str!("../../templates/tag.html.j2")),
    (
        "seance.html.j2",
        include_str!("../../templates/seance.html.j2"),
    ),
    (
        "search.html.j2",
        include_str!("../../templates/search.html.j2"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    ("motion.typ", include_str!("../../templates/motion.typ")),
    (
        "motion-parts.typ",
        include_str!("../../templates/motion-parts.typ"),
    ),
    ("cahier.typ", include_str!("../../templates/cahier.typ")),
];

/// Every template's name and embedded text: what `motion templates export` writes.
pub fn embedded() -> impl Iterator<Item = (&'static str, &'static str)> {
    EMBEDDED.iter().copied()
}

/// The files of a templates folder that no template is named like (they would be
/// ignored), each with the template name it is closest to, when one is close.
pub fn unknown_in(dir: &Path) -> Vec<(String, Option<&'static str>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut unknown: Vec<(String, Option<&'static str>)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .filter(|name| EMBEDDED.iter().all(|(known, _)| known != name))
        .map(|name| {
            let closest = EMBEDDED
                .iter()
                .map(|(known, _)| (*known, strsim::levenshtein(known, &name)))
                .filter(|(_, distance)| *distance <= 3)
                .min_by_key(|(_, distance)| *distance)
                .map(|(known, _)| known);
            (name, closest)
        })
        .collect();
    unknown.sort();
    unknown
}

/// One template's text and where it comes from.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: &'static str,
    pub source: String,
    /// The user's file, or `None` for the embedded one.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Templates {
    pub list: Vec<Template>,
}

impl Templates {
    /// The embedded templates, each replaced by the user's file of the same name in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Templates, RenderError> {
        if let Some(dir) = dir.filter(|d| !d.is_dir()) {
            return Err(RenderError {
                message: format!("le dossier de gabarits {} n’existe pas", dir.display()),
                diagnostic: None,
            });
        }
        let mut list = Vec::new();
        for (name, embedded) in EMBEDDED {
            let user = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let template = match user {
                Some(path) => Template {
                    name,
                    source: std::fs::read_to_string(&path).map_err(|e| RenderError {
                        message: format!("lecture du gabarit {} impossible : {e}", path.display()),
                        diagnostic: None,
                    })?,
                    path: Some(path),
                },
                None => Template {
                    name,
                    source: (*embedded).to_string(),
                    path: None,
                },
            };
            list.push(template);
        }
        Ok(Templates { list })
    }

    pub fn get(&self, name: &str) -> Option<&Template> {
        self.list.iter().find(|t| t.name == name)
    }

    /// Feeds the name and text of the templates named `names` to a hasher.
    pub fn hash_into(&self, hasher: &mut blake3::Hasher, names: &[&str]) {
        for template in self.list.iter().filter(|t| names.contains(&t.name)) {
            hasher.update(template.name.as_bytes());
            hasher.update(&(template.source.len() as u64).to_le_bytes());
            hasher.update(template.source.as_bytes());
        }
    }
}
