//! The séance's booklet ("cahier de séance") through the real CLI, read back with lopdf
//! and pdf-extract: one per séance, its bookmarks (outline) in séance order ("bis" after
//! its number, amendements under their délibération, the unnumbered last), each motion on
//! a page of its own, the Sommaire's entries and page numbers matching the bookmarks,
//! links from the Sommaire, the index's link; rewritten only when one of its motions
//! changed, removed with its séance, never over a file motion did not write.

use super::harness::{copy_into, motion, repo, temp, write};
use lopdf::{Document, Object};
use std::path::Path;

/// The text of a PDF string (UTF-16 with a byte order mark, or PDFDocEncoding's ASCII).
fn pdf_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The bookmarks of a PDF, depth first: (level, title, page number from 1).
fn outline(document: &Document) -> Vec<(usize, String, u32)> {
    let pages: std::collections::BTreeMap<lopdf::ObjectId, u32> = document
        .get_pages()
        .into_iter()
        .map(|(number, id)| (id, number))
        .collect();
    let catalog = document.catalog().unwrap();
    let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let root = document.get_dictionary(outlines).unwrap();
    let mut found = Vec::new();
    let mut stack = vec![(
        root.get(b"First").ok().and_then(|o| o.as_reference().ok()),
        1,
    )];
    while let Some((id, level)) = stack.pop() {
        let Some(id) = id else { continue };
        let item = document.get_dictionary(id).unwrap();
        let title = match item.get(b"Title").unwrap() {
            Object::String(bytes, _) => pdf_string(bytes).replace('\u{A0}', " "),
            other => panic!("a title: {other:?}"),
        };
        // The destination: /Dest [page /XYZ …], or an action /GoTo with /D.
        let destination = item
            .get(b"Dest")
            .ok()
            .cloned()
            .or_else(|| {
                let action = item.get(b"A").ok()?;
                let action = match action {
                    Object::Reference(id) => document.get_dictionary(*id).ok()?,
                    Object::Dictionary(d) => d,
                    _ => return None,
                };
                action.get(b"D").ok().cloned()
            })
            .expect("a bookmark goes somewhere");
        let destination = match destination {
            Object::Reference(id) => document.get_object(id).unwrap().clone(),
            other => other,
        };
        let page_id = destination.as_array().unwrap()[0].as_reference().unwrap();
        found.push((level, title, pages[&page_id]));
        // The next sibling after the children.
        stack.push((
            item.get(b"Next").ok().and_then(|o| o.as_reference().ok()),
            level,
        ));
        stack.push((
            item.get(b"First").ok().and_then(|o| o.as_reference().ok()),
            level + 1,
        ));
    }
    found
}

/// Each page's text, spaces made plain and runs of them single.
fn page_texts(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .unwrap()
        .into_iter()
        .map(|t| {
            t.replace(['\u{A0}', '\u{202F}', '\n'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn each_seance_gets_a_booklet_in_seance_order_with_its_sommaire_and_bookmarks() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let run = motion(dir.path(), &["build", "motions"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cahiers de séance : 4 écrits, 0 inchangé"),
        "{}",
        run.stderr
    );
    let path = dir
        .path()
        .join("out/cahiers/2026-12-08-conseil-de-paris.pdf");
    let document = Document::load(&path).unwrap();
    let bookmarks = outline(&document);
    let titles: Vec<(usize, &str)> = bookmarks
        .iter()
        .map(|(level, title, _)| (*level, title.as_str()))
        .collect();
    let expected_order = [
        (1, "Vœux"),
        (2, "Vœu relatif au plan 300 hectares"),
        (2, "Vœu relatif à la mise en œuvre du plan 300"),
        (2, "Vœu relatif aux fontaines"),
        (2, "Vœu relatif au logement des étudiantes"),
        (1, "Amendements au projet de délibération 2026 DEVE 112"),
        (
            2,
            "Amendement au projet de délibération relatif au plan arbre",
        ),
    ];
    assert_eq!(titles.len(), expected_order.len(), "{titles:?}");
    for ((level, title), (want_level, want)) in titles.iter().zip(expected_order) {
        assert_eq!(*level, want_level, "{title}");
        assert!(title.starts_with(want), "{title} is not {want}: {titles:?}");
    }
    // Each motion on a page of its own, after the cover and the Sommaire; the booklet
    // ends with the last motion.
    let motion_pages: Vec<u32> = bookmarks
        .iter()
        .filter(|(level, _, _)| *level == 2)
        .map(|(_, _, page)| *page)
        .collect();
    assert_eq!(motion_pages[0], 3, "{bookmarks:?}");
    assert!(
        motion_pages.windows(2).all(|w| w[0] < w[1]),
        "{bookmarks:?}"
    );
    let texts = page_texts(&path);
    assert_eq!(texts.len() as u32, document.get_pages().len() as u32);
    assert!(texts[0].contains("Cahier de séance") && texts[0].contains("4 vœux et 1 amendement"));
    assert!(texts[0].contains("1 adopté et 4 déposés"), "{}", texts[0]);
    // The Sommaire lists each motion with its number and the page its bookmark names.
    let sommaire = &texts[1];
    assert!(sommaire.starts_with("Conseil de Paris — Séance des 8, 9 et 10 décembre 2026"));
    for (_, title, page) in bookmarks.iter().filter(|b| b.0 == 2) {
        let start: String = title.chars().take(30).collect();
        let at = sommaire
            .find(&start)
            .unwrap_or_else(|| panic!("{start} in {sommaire}"));
        let after = &sommaire[at..];
        assert!(
            after.contains(&format!(" {page} ")) || after.ends_with(&format!(" {page}")),
            "{title}: page {page} in {after}"
        );
        // The motion's page shows its title.
        let on_page = &texts[*page as usize - 1];
        assert!(on_page.contains(&start), "page {page}: {on_page}");
    }
    assert!(sommaire.contains("n° 18 bis"), "{sommaire}");
    // The Sommaire's entries are links.
    let sommaire_page = document.get_pages()[&2];
    let links = document
        .get_page_annotations(sommaire_page)
        .unwrap()
        .iter()
        .filter(|a| {
            a.get(b"Subtype")
                .is_ok_and(|s| s.as_name().is_ok_and(|n| n == b"Link"))
        })
        .count();
    assert!(links >= 7, "{links} links on the Sommaire");
    // The index links the booklet with a text that says so.
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(
        index.contains(
            "<a href=\"cahiers/2026-12-08-conseil-de-paris.pdf\">Cahier de la séance (PDF)</a>"
        ),
        "{index}"
    );
    // PDF/A and PDF/UA, like each motion's.
    let raw = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>") && raw.contains("<pdfuaid:part>1"));
}

#[test]
fn a_booklet_is_rewritten_only_when_one_of_its_motions_changed() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let first = motion(dir.path(), &["build", "motions"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let cahiers = dir.path().join("out/cahiers");
    let read = |name: &str| std::fs::read(cahiers.join(name)).unwrap();
    let december = read("2026-12-08-conseil-de-paris.pdf");
    let october = read("2002-10-conseil-de-paris.pdf");

    let again = motion(dir.path(), &["build", "motions"]);
    assert!(
        again
            .stderr
            .contains("cahiers de séance : 0 écrit, 4 inchangés"),
        "{}",
        again.stderr
    );

    // One motion of December changed: its booklet only.
    let source = dir
        .path()
        .join("motions/2026-12-conseil-de-paris/fontaines-groupe.toml");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("fontaines", "fontaines rénovées")).unwrap();
    let changed = motion(dir.path(), &["build", "motions"]);
    assert!(
        changed
            .stderr
            .contains("cahiers de séance : 1 écrit, 3 inchangés"),
        "{}",
        changed.stderr
    );
    assert_ne!(read("2026-12-08-conseil-de-paris.pdf"), december);
    assert_eq!(read("2002-10-conseil-de-paris.pdf"), october);

    // A booklet touched by hand (same size) is written again.
    let mut damaged = read("2002-10-conseil-de-paris.pdf");
    let last = damaged.len() - 10;
    damaged[last] ^= 1;
    std::fs::write(cahiers.join("2002-10-conseil-de-paris.pdf"), &damaged).unwrap();
    let mended = motion(dir.path(), &["build", "motions"]);
    assert!(
        mended
            .stderr
            .contains("cahiers de séance : 1 écrit, 3 inchangés"),
        "{}",
        mended.stderr
    );
    assert_eq!(read("2002-10-conseil-de-paris.pdf"), october);

    // A séance gone takes its booklet with it.
    std::fs::remove_dir_all(dir.path().join("motions/2002-10-conseil-de-paris")).unwrap();
    let removed = motion(dir.path(), &["build", "motions"]);
    assert!(
        removed.stderr.contains("3 inchangés, 1 retiré"),
        "{}",
        removed.stderr
    );
    assert!(!cahiers.join("2002-10-conseil-de-paris.pdf").exists());

    // Two builds, the same bytes.
    let other = dir.path().join("out2");
    let run = motion(
        dir.path(),
        &["build", "motions", "--out", other.to_str().unwrap()],
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        std::fs::read(other.join("cahiers/2026-12-08-conseil-de-paris.pdf")).unwrap(),
        read("2026-12-08-conseil-de-paris.pdf")
    );
}

#[test]
fn numbers_bis_and_unnumbered_texts_take_their_places() {
    let dir = temp();
    let seance = dir.path().join("m");
    write(
        &seance.join("defaults.toml"),
        "[session]\ncouncil = \"Conseil de Paris\"\ndates = [2026-12-08]\n",
    );
    let voeu = |number: Option<&str>, title: &str| {
        let number = number.map_or(String::new(), |n| format!("number = \"{n}\"\n"));
        format!(
            "title = \"Vœu relatif {title}\"\n{number}considerants = [\"Considérant que tout va bien ;\"]\n\n\
             [authors]\ngroups = [\"Les Écologistes\"]\n\n[request]\nitems = [\"Fasse ceci.\"]\n"
        )
    };
    let amendement = |number: Option<&str>, to: &str, title: &str| {
        let number = number.map_or(String::new(), |n| format!("number = \"{n}\"\n"));
        format!(
            "type = \"amendement\"\ntitle = \"Amendement relatif {title}\"\n{number}\
             attached_to = [\"{to}\"]\nconsiderants = [\"Considérant que tout va bien ;\"]\n\n\
             [authors]\ngroups = [\"Les Écologistes\"]\n\n[amendment]\nchanges = [\"À l’article 2, le mot « ceci » est remplacé par le mot « cela ».\"]\n"
        )
    };
    write(&seance.join("a.toml"), &voeu(Some("12"), "au douze"));
    write(&seance.join("b.toml"), &voeu(Some("3 bis"), "au trois bis"));
    write(&seance.join("c.toml"), &voeu(None, "sans numéro"));
    write(&seance.join("d.toml"), &voeu(Some("3"), "au trois"));
    write(
        &seance.join("e.toml"),
        &amendement(Some("40"), "2026 DU 5", "à DU cinq"),
    );
    write(
        &seance.join("f.toml"),
        &amendement(Some("2"), "2026 DEVE 9", "à DEVE neuf"),
    );
    write(
        &seance.join("g.toml"),
        &amendement(None, "2026 DU 5", "à DU cinq sans numéro"),
    );
    let run = motion(dir.path(), &["build", "m", "--format", "pdf"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("cahiers de séance : 1 écrit"),
        "{}",
        run.stderr
    );
    let document = Document::load(
        dir.path()
            .join("out/cahiers/2026-12-08-conseil-de-paris.pdf"),
    )
    .unwrap();
    let titles: Vec<String> = outline(&document).into_iter().map(|(_, t, _)| t).collect();
    assert_eq!(
        titles,
        [
            "Vœux",
            "Vœu relatif au trois",
            "Vœu relatif au trois bis",
            "Vœu relatif au douze",
            "Vœu relatif sans numéro",
            "Amendements au projet de délibération 2026 DEVE 9",
            "Amendement relatif à DEVE neuf",
            "Amendements au projet de délibération 2026 DU 5",
            "Amendement relatif à DU cinq",
            "Amendement relatif à DU cinq sans numéro",
        ]
    );
}

#[test]
fn a_booklet_never_replaces_a_file_motion_did_not_write() {
    let dir = temp();
    copy_into(&repo().join("motions/2026-11-conseil-11e"), dir.path());
    write(
        &dir.path()
            .join("out/cahiers/2026-11-17-conseil-du-11e-arrondissement.pdf"),
        "le PDF du groupe",
    );
    let run = motion(dir.path(), &["build", "2026-11-conseil-11e"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("un fichier que motion n’a pas écrit"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(
            dir.path()
                .join("out/cahiers/2026-11-17-conseil-du-11e-arrondissement.pdf")
        )
        .unwrap(),
        "le PDF du groupe"
    );
}

#[test]
fn no_booklets_leaves_them_as_they_are_and_linked() {
    let dir = temp();
    copy_into(&repo().join("motions/2026-11-conseil-11e"), dir.path());
    let run = motion(
        dir.path(),
        &["build", "2026-11-conseil-11e", "--no-booklets"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("out/cahiers").exists());
    assert!(!run.stderr.contains("cahiers de séance"), "{}", run.stderr);
    let run = motion(dir.path(), &["build", "2026-11-conseil-11e"]);
    assert!(
        run.stderr.contains("cahiers de séance : 1 écrit"),
        "{}",
        run.stderr
    );
    let booklet = dir
        .path()
        .join("out/cahiers/2026-11-17-conseil-du-11e-arrondissement.pdf");
    let before = std::fs::read(&booklet).unwrap();
    // A motion changed, built without booklets: the booklet stays, still linked.
    let source = dir.path().join("2026-11-conseil-11e/kiosques-maire.toml");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("kiosques", "kiosques rénovés")).unwrap();
    let run = motion(
        dir.path(),
        &["build", "2026-11-conseil-11e", "--no-booklets"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&booklet).unwrap(), before);
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(index.contains("cahiers/2026-11-17-conseil-du-11e-arrondissement.pdf"));
}

/// Shards have each part of a séance: `merge-manifests` makes the booklets of the whole
/// archive, the same bytes as a whole build's, and the index links them.
#[test]
fn merge_manifests_makes_the_booklets_of_the_whole_archive() {
    let dir = temp();
    copy_into(&repo().join("motions/2026-12-conseil-de-paris"), dir.path());
    let folder = "2026-12-conseil-de-paris";
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let run = motion(
            dir.path(),
            &["build", folder, "--format", "pdf", "--shard", &shard],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stderr.contains("cahiers de séance"), "{}", run.stderr);
    }
    assert!(
        !dir.path().join("out/cahiers").exists(),
        "a shard makes no booklet"
    );
    let merged = motion(dir.path(), &["merge-manifests", "out"]);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    assert!(
        merged
            .stderr
            .contains("cahiers de séance : 1 écrit, 0 inchangé"),
        "{}",
        merged.stderr
    );
    let booklet = "cahiers/2026-12-08-conseil-de-paris.pdf";
    let whole = motion(
        dir.path(),
        &["build", folder, "--format", "pdf", "--out", "whole"],
    );
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    assert!(
        std::fs::read(dir.path().join("out").join(booklet)).unwrap()
            == std::fs::read(dir.path().join("whole").join(booklet)).unwrap(),
        "the merged archive's booklet is the whole build's"
    );
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(index.contains(&format!(
        "<a href=\"{booklet}\">Cahier de la séance (PDF)</a>"
    )));
    // A build of the whole archive after the merge finds the booklet fresh.
    let again = motion(dir.path(), &["build", folder, "--format", "pdf", "-v"]);
    assert!(
        again
            .stderr
            .contains("cahiers de séance : 0 écrit, 1 inchangé"),
        "{}",
        again.stderr
    );
}
