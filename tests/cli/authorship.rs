//! The filing line and the operative formula over every combination of authors a file
//! can give (persons, one paired with their own group, groups, the group's wording, the
//! Exécutif, the mayor, "au nom de", the filing words — "Présenté par", "Sur proposition
//! de", "Vœu de" — the council): French contractions hold in each ("du groupe", never
//! "de le groupe"), every author is named, and nothing is doubled.

use motion::compile::compile_bytes;
use std::path::Path;

const PERSONS: &[&str] = &["Claire DUVAL", "Amélie FONTAINE", "Hervé N’DIAYE"];
/// The filing words a file may give (none: "Déposé par").
const FILINGS: &[Option<&str>] = &[
    None,
    Some("Présenté par"),
    Some("Sur proposition de"),
    Some("Vœu de"),
];
/// Group lists: plain names, names opening with "Groupe", an article, a vowel, quotes.
const GROUPS: &[&[&str]] = &[
    &[],
    &["Les Écologistes"],
    &["Groupe Paris Solidaire (GPS)"],
    &["« Les Verts »"],
    &["Écologiste de Paris"],
    &["Changer Paris", "Les Écologistes"],
    &["groupe Communiste", "Les Écologistes", "Union Centriste"],
];
/// The group's wording as aides write it.
const MEMBERS: &[Option<&str>] = &[
    None,
    Some("les élu·es"),
    Some("les élu·es du groupe"),
    Some("les membres du groupe"),
    Some("les élus des groupes"),
    Some("le groupe"),
    Some("des élus"),
    Some("l’ensemble des élu·es"),
];
const COUNCILS: &[&str] = &[
    "Conseil de Paris",
    "Conseil du 1er arrondissement",
    "Conseil du 6e arrondissement",
];

/// What never reads right in French, whatever the names.
const WRONG: &[&str] = &[
    "de des ",
    "de de ",
    "de le ",
    "de les ",
    "à le ",
    "à les ",
    "de du ",
    "du du ",
    "des des ",
    "groupe groupe",
    "groupes groupe",
    "de l’l",
    "par par",
    "  ",
    " ,",
    ",,",
    "de d’",
    " et et ",
    "d’ ",
];

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

#[test]
fn every_combination_of_authors_reads_as_french() {
    let mut checked = 0;
    for persons in 0..=PERSONS.len() {
        for groups in GROUPS {
            for members in MEMBERS {
                for flags in 0..16u8 {
                    for (council, filing_words) in COUNCILS
                        .iter()
                        .flat_map(|c| FILINGS.iter().map(move |f| (c, f)))
                    {
                        let (executive, mayor, on_behalf, paired) = (
                            flags & 1 != 0,
                            flags & 2 != 0,
                            flags & 4 != 0,
                            flags & 8 != 0,
                        );
                        let persons = &PERSONS[..persons];
                        let mut authors = String::new();
                        if !persons.is_empty() {
                            // The last person named with their own group, or not.
                            let mut list: Vec<String> =
                                persons.iter().map(|p| format!("{p:?}")).collect();
                            if paired {
                                let last = list.pop().expect("one person at least");
                                list.push(format!("{{ name = {last}, group = \"Les Verts\" }}"));
                            }
                            authors += &format!("persons = [{}]\n", list.join(", "));
                        }
                        if !groups.is_empty() {
                            authors += &format!("groups = {}\n", toml_list(groups));
                        }
                        if let Some(members) = members {
                            authors += &format!("members = {members:?}\n");
                        }
                        if executive {
                            authors += "executive = true\n";
                        }
                        if mayor {
                            authors += "mayor = \"Jean-Pierre LECOQ\"\n";
                        }
                        if on_behalf {
                            authors += "on_behalf = true\n";
                        }
                        if let Some(words) = filing_words {
                            authors += &format!("filing = {words:?}\n");
                        }
                        let source = format!(
                            "title = \"Vœu relatif aux fontaines\"\n\
                             considerants = [\"Considérant que x.\"]\n\
                             [session]\ncouncil = {council:?}\ndates = [2018-12-11]\n\
                             [authors]\n{authors}\
                             [request]\nitems = [\"Installe des fontaines.\"]\n"
                        );
                        let compiled = compile_bytes(Path::new("a.toml"), source.into_bytes());
                        let Some(document) = compiled.document() else {
                            // Combinations a file may not hold: no author at all, or a
                            // wording with no group to qualify.
                            let codes: Vec<&str> =
                                compiled.diagnostics.iter().map(|d| d.code.id()).collect();
                            assert!(
                                codes.iter().all(|c| ["M202", "M209"].contains(c)),
                                "{authors}: {codes:?}"
                            );
                            continue;
                        };
                        let plain = |t: &motion::model::Text| {
                            t.to_plain_string().replace(['\u{A0}', '\u{202F}'], " ")
                        };
                        let filing = plain(document.filing.as_ref().expect("a filing line"));
                        let formula = plain(&document.formula[0]);
                        let verb = match filing_words {
                            None => "Déposé par ",
                            Some("Sur proposition de") => "Sur proposition d",
                            Some("Vœu de") => "Vœu d",
                            Some(words) => words,
                        };
                        assert!(filing.starts_with(verb), "{filing}");
                        if paired && !persons.is_empty() {
                            assert!(filing.contains(" (groupe Les Verts)"), "{filing}");
                        }
                        assert!(formula.starts_with("Sur proposition d"), "{formula}");
                        for line in [&filing, &formula] {
                            let lowered = line.to_lowercase();
                            for wrong in WRONG {
                                assert!(
                                    !lowered.contains(wrong),
                                    "« {wrong} » in « {line} »\n{authors}"
                                );
                            }
                            for name in persons.iter().chain(groups.iter()) {
                                assert!(line.contains(name), "{name} missing from « {line} »");
                            }
                            if executive {
                                assert!(line.contains("l’Exécutif"), "{line}");
                            }
                            if mayor {
                                assert!(line.contains("Jean-Pierre LECOQ, Maire d"), "{line}");
                            }
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    // Most combinations are valid files: the test is not vacuous.
    assert!(checked > 16_000, "only {checked} combinations checked");
}

/// The table of docs/format.md, "Les auteurs": each row's `[authors]` gives the filing
/// line and the formula it shows (rows with "…" abbreviate and are skipped).
#[test]
fn the_authors_table_of_the_format_guide_is_true() {
    let guide = std::fs::read_to_string(super::harness::repo().join("docs/format.md")).unwrap();
    let section = guide
        .split("## Les auteurs")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the section");
    let mut checked = 0;
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        let [authors, filing, formula] = cells[..] else {
            panic!("{row}")
        };
        // The header row, and rows that abbreviate.
        if !authors.contains(" = ") || filing.contains('…') || formula.contains('…') {
            continue;
        }
        let council = if authors.contains("6e arrondissement") {
            "Conseil du 6e arrondissement"
        } else {
            "Conseil de Paris"
        };
        let keys: String = authors
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|key| format!("{key}\n"))
            .collect();
        let source = format!(
            "title = \"Vœu relatif aux fontaines\"\nconsiderants = [\"Considérant que x.\"]\n\
             [session]\ncouncil = {council:?}\ndates = [2026-12-08]\n\
             [authors]\n{keys}[request]\nitems = [\"Installe des fontaines.\"]\n"
        );
        let compiled = compile_bytes(Path::new("a.toml"), source.clone().into_bytes());
        let document = compiled
            .document()
            .unwrap_or_else(|| panic!("{source}\n{:?}", compiled.diagnostics));
        let plain =
            |t: &motion::model::Text| t.to_plain_string().replace(['\u{A0}', '\u{202F}'], " ");
        assert_eq!(plain(document.filing.as_ref().unwrap()), filing, "{row}");
        assert!(
            plain(&document.formula[0]).starts_with(&format!("{formula},")),
            "{row}\n{}",
            plain(&document.formula[0])
        );
        checked += 1;
    }
    assert!(checked >= 7, "{checked} rows checked");
}
