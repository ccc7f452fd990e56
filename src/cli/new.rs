//! `motion new FILE`: writes a commented motion to fill in. Every text to write holds the
//! placeholder marker, which `check` refuses until it is replaced. Parts that the folder
//! defaults already give (session, groups) are left out.

use super::{EXIT_OK, EXIT_USAGE};
use crate::batch;
use crate::input::node::{Node, Path as TreePath};
use crate::input::{self, DEFAULTS_FILE, FileRole, PLACEHOLDER};
use anyhow::Context;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le fichier à créer (il ne doit pas exister).
    #[arg(value_name = "FICHIER")]
    file: PathBuf,

    /// Le titre du texte.
    #[arg(long, value_name = "TITRE")]
    title: Option<String>,

    /// Le type de texte : voeu (par défaut) ou amendement.
    #[arg(long = "type", value_enum, default_value_t = Kind::Voeu, value_name = "TYPE", hide_default_value = true, hide_possible_values = true)]
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    Voeu,
    Amendement,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    let target = cwd.join(&args.file);
    if target.extension().is_none_or(|e| e != "toml") {
        eprintln!(
            "motion : erreur : le fichier doit finir par .toml : {}",
            args.file.display()
        );
        return Ok(EXIT_USAGE);
    }
    if target.file_name().is_some_and(|n| n == DEFAULTS_FILE) {
        eprintln!(
            "motion : erreur : {DEFAULTS_FILE} est réservé aux valeurs par défaut d’un dossier"
        );
        return Ok(EXIT_USAGE);
    }
    if target.exists() {
        eprintln!(
            "motion : erreur : {} existe déjà ; choisissez un autre nom",
            args.file.display()
        );
        return Ok(EXIT_USAGE);
    }
    let folder = target
        .parent()
        .context("chemin sans dossier")?
        .to_path_buf();
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("impossible de créer le dossier {}", folder.display()))?;
    let folder = std::fs::canonicalize(&folder)?;
    let inherited = inherited_defaults(&folder, &cwd);
    let has = |path: &str| {
        inherited
            .iter()
            .any(|tree| tree.get(&TreePath::parse(path)).is_some())
    };
    let schema = find_schema(&folder).map(|schema| relative_path(&folder, &schema));
    let text = skeleton(&SkeletonParts {
        kind: args.kind,
        title: args.title.as_deref(),
        schema: schema.as_deref(),
        with_session: !has("session.dates") && !has("session.month"),
        with_groups: !has("authors.groups"),
    });

    let destination = folder.join(target.file_name().context("nom de fichier manquant")?);
    crate::output::create_atomically(&destination, text.as_bytes())
        .with_context(|| format!("impossible d’écrire {}", args.file.display()))?;
    eprintln!(
        "Créé : {}. Remplacez chaque « {PLACEHOLDER} », puis lancez : motion check {}",
        args.file.display(),
        args.file.display()
    );
    Ok(EXIT_OK)
}

/// The parsed defaults files that would apply to a motion in `folder`.
fn inherited_defaults(folder: &Path, cwd: &Path) -> Vec<Node> {
    let root = batch::defaults_root(folder, cwd);
    folder
        .ancestors()
        .take_while(|dir| dir.starts_with(&root))
        .map(|dir| dir.join(DEFAULTS_FILE))
        .filter(|path| path.is_file())
        .filter_map(|path| {
            let display = batch::display_path(&path, cwd);
            input::parse_file(&path, display, FileRole::Defaults)
                .ok()?
                .tree
        })
        .collect()
}

/// The nearest `motion.schema.json` in `folder` or above.
fn find_schema(folder: &Path) -> Option<PathBuf> {
    folder
        .ancestors()
        .map(|dir| dir.join("motion.schema.json"))
        .find(|path| path.is_file())
}

/// `to` written relative to the folder `from` (both absolute), with `/` separators as
/// Taplo expects in a `#:schema` line.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if from.len() == common {
        parts.insert(0, ".".into());
    }
    parts.join("/")
}

struct SkeletonParts<'a> {
    kind: Kind,
    title: Option<&'a str>,
    schema: Option<&'a str>,
    with_session: bool,
    with_groups: bool,
}

/// A TOML string literal for any text (quotes and backslashes escaped).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn skeleton(parts: &SkeletonParts) -> String {
    let todo = PLACEHOLDER;
    let mut s = String::new();
    if let Some(schema) = parts.schema {
        let _ = writeln!(s, "#:schema {schema}");
    }
    let (noun, default_title) = match parts.kind {
        Kind::Voeu => ("Vœu", format!("{todo} : Vœu relatif à …")),
        Kind::Amendement => (
            "Amendement",
            format!("{todo} : Amendement au projet de délibération …"),
        ),
    };
    let title = parts.title.map(str::to_string).unwrap_or(default_title);
    let _ = write!(
        s,
        "# {noun} créé par `motion new`. Remplacez chaque « {todo} », puis vérifiez avec\n\
         # `motion check`. Le format complet est décrit dans docs/format.md.\n\n"
    );
    match parts.kind {
        Kind::Voeu => {
            let _ = write!(
                s,
                "type = \"voeu\"\n\
                 title = {title}\n\
                 # number = 37                   # numéro dans le cahier de la séance, une fois connu\n\
                 # commission = 4                # commission compétente, de 1 à 8\n\
                 # attached_to = \"2026 DEVE 12\"  # projet de délibération auquel le vœu se rattache\n\
                 status = \"draft\"                 # draft, filed, adopted, adopted-amended, rejected, withdrawn, not-voted\n\
                 tags = []\n\n\
                 # Visas, facultatifs : « Vu la loi n° … ; »\n\
                 # citations = [\"Vu … ;\"]\n\n\
                 # Exposé des motifs en prose, facultatif ; une ligne vide sépare deux paragraphes.\n\
                 # motives = \"\"\"\n\
                 # Premier paragraphe…\n\
                 #\n\
                 # Second paragraphe…\n\
                 # \"\"\"\n\n\
                 # Considérants, un paragraphe chacun, finissant par « ; » (le dernier par « ; » ou « . »).\n\
                 considerants = [\n  \"Considérant que {todo} ;\",\n  \"Considérant que {todo} ;\",\n]\n\
                 # considerants_heading = \"Considérant :\"  # un intitulé sur la liste (« – que … ; »)\n\n\
                 # Une formule autre que « Sur proposition de …, le Conseil de Paris émet le vœu que … : »,\n\
                 # imprimée telle quelle (rare) ; une ligne vide la coupe en deux paragraphes :\n\
                 # formula = \"… émettent le vœu suivant :\"\n\n\
                 # Texte d’archive : le préambule et les mentions de publication, imprimés où le\n\
                 # Bulletin les imprime (les mentions sous le titre, le préambule avant l’exposé).\n\
                 # preamble = \"Le Conseil de Paris, siégeant en formation de conseil municipal,\"\n\
                 # notice = [\"Délibération affichée … le …\", \"Reçue par … le …\"]\n",
                title = quoted(&title)
            );
        }
        Kind::Amendement => {
            let _ = write!(
                s,
                "type = \"amendement\"\n\
                 title = {title}\n\
                 # number = 12                   # numéro dans le cahier de la séance, une fois connu\n\
                 attached_to = \"{todo} : 2026 DEVE 12\"  # le projet de délibération modifié\n\
                 # attached_to = [\"2015 DDCT 171\", \"2015 DDCT 10 G\"]  # ou deux projets à la fois\n\
                 status = \"draft\"                 # draft, filed, adopted, adopted-amended, rejected, withdrawn, not-voted\n\n\
                 # Exposé des motifs, facultatif : en prose (une ligne vide entre deux paragraphes)…\n\
                 # motives = \"\"\"\n\
                 # …\n\
                 # \"\"\"\n\
                 # … ou en considérants.\n\
                 # considerants = [\"Considérant que … ;\"]\n",
                title = quoted(&title)
            );
        }
    }
    if parts.with_session {
        let _ = write!(
            s,
            "\n# La séance. Dans un dossier de séance, mettez-la plutôt dans {DEFAULTS_FILE}.\n\
             [session]\n\
             council = \"Conseil de Paris\"     # ou \"Conseil du 11e arrondissement\"\n\
             # formation = \"conseil municipal\" # avant 2019 : ou \"conseil général\", \"conseil départemental\"…\n\
             dates = [\"{todo} : dates sans guillemets, par exemple 2026-12-08, 2026-12-09\"]\n\
             # month = \"2002-10\"               # à la place des dates, pour un texte d’archive\n"
        );
    }
    let _ = write!(
        s,
        "\n[authors]\n\
         persons = [\"{todo} : Prénom NOM\"]  # nom de famille en capitales\n"
    );
    if parts.with_groups {
        let _ = writeln!(s, "groups = [\"{todo} : nom du groupe\"]");
    }
    let _ = writeln!(
        s,
        "# members = \"les élu·es\"            # « … et les élu·es du groupe X » (par défaut) ; \"les membres\"…\n\
         # on_behalf = true                  # « Prénom NOM au nom du groupe X »\n\
         # mayor = \"Prénom NOM\"              # le ou la maire : « Prénom NOM, Maire du 6e arrondissement »\n\
         # executive = true                  # pour un texte de l’Exécutif\n\
         # persons = [{{ name = \"Prénom NOM\", group = \"…\" }}]  # « Prénom NOM (groupe …) »\n\
         # filing = \"Présenté par\"           # au lieu de « Déposé par » ; \"Sur proposition de\", \"Vœu de\"…\n\
         # filing = false                    # aucune ligne des auteurs (ils sont dans la formule)\n\
         # placement = \"before-title\"        # la ligne des auteurs au-dessus du titre"
    );
    match parts.kind {
        Kind::Voeu => {
            let _ = write!(
                s,
                "\n# Le dispositif : « … émet le vœu que la Ville de Paris : » puis les demandes.\n\
                 [request]\n\
                 addressee = \"la Ville de Paris\"\n\
                 items = [\n  \"{todo} : Demande … ;\",\n  \"{todo} : Organise … .\",\n\
                 # Une demande avec des sous-éléments :\n\
                 # {{ text = \"Engage … :\", items = [\"a) … ;\", \"b) … ;\"] }},\n]\n"
            );
        }
        Kind::Amendement => {
            let _ = write!(
                s,
                "\n# Les modifications apportées au projet de délibération.\n\
                 [amendment]\n\
                 changes = [\n  \"{todo} : À l’article 2, après les mots « … », sont insérés les mots « … ».\",\n\
                 # Une modification qui cite un article entier (imprimé en retrait, une ligne par paragraphe) :\n\
                 # {{ text = \"L’article 3 est ainsi rédigé :\", quote = \"\"\"\n\
                 # Art. 3. — …\n\
                 # 1° …\n\
                 # \"\"\" }},\n]\n"
            );
        }
    }
    let _ = write!(
        s,
        "\n# Une fois le texte voté (status = \"adopted\", \"adopted-amended\" ou \"rejected\") :\n\
         # reference = \"2026 V. 45\"         # avant le premier en-tête : la référence officielle\n\
         # [outcome]\n\
         # vote = \"unanimity\"               # ou \"majority\"\n\
         # date = 2026-12-09\n\
         # detail = \"…\"                     # le détail du vote, tel qu’imprimé\n\
         # administrative = [\"Délibération affichée … le …\"]\n\
         # decision = \"Ce vœu a été rejeté par le Conseil de Paris.\"  # la décision telle qu’imprimée\n\
         # placement = \"top\"                # l’issue en tête du document, comme « VŒU REJETÉ (…) »\n"
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(
                Path::new("/r/motions/2026-12"),
                Path::new("/r/motion.schema.json")
            ),
            "../../motion.schema.json"
        );
        assert_eq!(
            relative_path(Path::new("/r"), Path::new("/r/motion.schema.json")),
            "./motion.schema.json"
        );
    }
}
