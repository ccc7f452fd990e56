//! A generator of realistic synthetic motions for benchmarks: sessions of the Conseil de
//! Paris over several years, each a folder with its `defaults.toml`, holding vœux (some
//! attached to a délibération, some answered by an Exécutif "bis") and amendements, with
//! varied authors, lengths and statuses. Deterministic: the same seed gives the same files.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (xorshift64*), enough to vary texts.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const GROUPS: &[&str] = &[
    "Les Écologistes",
    "Gauche Citoyenne et Solidaire",
    "Paris Ensemble",
    "Union Républicaine",
    "Centre et Indépendants",
    "Paris Démocrate",
];
const FIRST: &[&str] = &[
    "Claire",
    "Mathieu",
    "Inès",
    "Julien",
    "Nadia",
    "Thomas",
    "Sophie",
    "Karim",
    "Amélie",
    "Jérôme",
    "Fatoumata",
    "Hélène",
    "Loïc",
    "Zoé",
    "Émile",
];
const LAST: &[&str] = &[
    "DUVAL",
    "ROCHER",
    "BENKHALED",
    "MARCHETTI",
    "OUAZZANI",
    "LEFÈVRE",
    "ABADIE",
    "DJEBBAR",
    "FONTAINE",
    "NIAKATÉ",
    "GARNIER",
    "CHÂTELET",
    "MOREAU",
    "TRAN",
    "KONÉ",
];
const SUBJECTS: &[&str] = &[
    "aux fontaines à boire",
    "au plan 300 hectares d’espaces verts",
    "à la propreté des rues",
    "au logement des étudiant·es",
    "aux rues aux écoles",
    "à la rénovation des piscines",
    "à l’accueil des personnes sans abri",
    "aux pistes cyclables",
    "aux cantines bio",
    "à la lutte contre le bruit",
    "aux jardins partagés",
    "à la sécurité des passages piétons",
];
const CLAUSES: &[&str] = &[
    "les besoins exprimés par les habitant·es dépassent largement l’offre actuelle",
    "les épisodes de canicule se multiplient et frappent d’abord les quartiers les plus denses",
    "le budget participatif a retenu des projets semblables dans plusieurs arrondissements",
    "la Ville s’est engagée à rendre compte chaque année de l’avancement de ce plan",
    "les associations de quartier ont alerté à plusieurs reprises la mairie d’arrondissement",
    "l’État n’a pas donné suite aux demandes répétées de la Ville en la matière",
    "une étude de l’Atelier parisien d’urbanisme a chiffré le coût de ces aménagements",
];
const VERBS: &[&str] = &[
    "Demande",
    "Organise",
    "Engage",
    "Publie",
    "Présente",
    "Associe",
    "Étudie",
];
const DIRECTIONS: &[&str] = &[
    "DEVE", "DLH", "DVD", "DPE", "DASCO", "DU", "DFA", "DAC", "DJS",
];

/// A sentence of about `min_words` to `min_words + spread` words.
fn sentence(rng: &mut Rng, min_words: usize, spread: usize) -> String {
    let words = min_words + rng.below(spread);
    let mut text = String::new();
    while text.len() < words * 6 {
        if !text.is_empty() {
            text.push_str(", et ");
        }
        text.push_str(rng.pick(CLAUSES));
    }
    text
}

fn quoted_list(items: &[String]) -> String {
    let mut out = String::from("[\n");
    for item in items {
        let _ = writeln!(out, "  {},", toml_string(item));
    }
    out.push(']');
    out
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes `count` motions under `root`, in session folders of about 80 motions each.
/// Returns the number of files written (motions and defaults).
pub fn generate(root: &Path, count: usize, seed: u64) -> std::io::Result<usize> {
    let mut rng = Rng::new(seed);
    let per_session = 80;
    let mut files = 0;
    for index in 0..count {
        let session = index / per_session;
        let year = 2016 + session / 10;
        let month = 1 + session % 10;
        let day = 1 + (session * 7) % 20;
        let folder = root.join(format!("{year}-{month:02}"));
        if index % per_session == 0 {
            std::fs::create_dir_all(&folder)?;
            let days: Vec<String> = (0..1 + rng.below(3))
                .map(|d| format!("{year}-{month:02}-{:02}", day + d))
                .collect();
            std::fs::write(
                folder.join("defaults.toml"),
                format!(
                    "status = \"filed\"\n\n[session]\ncouncil = \"Conseil de Paris\"\ndates = [{}]\n",
                    days.join(", ")
                ),
            )?;
            files += 1;
        }
        let number = index % per_session + 1;
        let amendement = rng.below(7) == 0;
        let subject = rng.pick(SUBJECTS);
        let mut text = String::new();
        if amendement {
            let _ = writeln!(text, "type = \"amendement\"");
            let _ = writeln!(
                text,
                "title = \"Amendement au projet de délibération relatif {subject}\""
            );
        } else {
            let _ = writeln!(text, "title = \"Vœu relatif {subject}\"");
        }
        let _ = writeln!(text, "number = {number}");
        let _ = writeln!(text, "commission = {}", 1 + rng.below(8));
        if amendement || rng.below(3) == 0 {
            let _ = writeln!(
                text,
                "attached_to = \"{year} {} {}\"",
                rng.pick(DIRECTIONS),
                1 + rng.below(300)
            );
        }
        if rng.below(4) == 0 {
            let _ = writeln!(
                text,
                "status = \"adopted\"\nreference = \"{year} V. {}\"",
                1 + rng.below(400)
            );
        }
        let _ = writeln!(
            text,
            "tags = [\"{}\"]",
            rng.pick(&["climat", "logement", "mobilités", "écoles", "social"])
        );
        let recitals: Vec<String> = (0..2 + rng.below(8))
            .map(|_| format!("Considérant que {} ;", sentence(&mut rng, 10, 60)))
            .collect();
        let _ = writeln!(text, "considerants = {}", quoted_list(&recitals));
        let persons: Vec<String> = (0..1 + rng.below(4))
            .map(|_| format!("{} {}", rng.pick(FIRST), rng.pick(LAST)))
            .collect();
        let _ = writeln!(
            text,
            "\n[authors]\npersons = {}\ngroups = [{}]",
            quoted_list(&persons),
            toml_string(rng.pick(GROUPS))
        );
        let items: Vec<String> = {
            let n = 1 + rng.below(4);
            (0..n)
                .map(|i| {
                    let end = if i + 1 == n { "." } else { " ;" };
                    let verb = rng.pick(VERBS);
                    format!("{verb} {}{end}", sentence(&mut rng, 8, 20))
                })
                .collect()
        };
        if amendement {
            let _ = writeln!(text, "\n[amendment]\nchanges = {}", quoted_list(&items));
        } else {
            let _ = writeln!(text, "\n[request]\nitems = {}", quoted_list(&items));
        }
        std::fs::write(folder.join(format!("motion-{number:03}.toml")), text)?;
        files += 1;
    }
    Ok(files)
}
