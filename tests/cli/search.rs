//! The archive's search: the Pagefind bundle a build writes (read back here with gzip
//! and JSON, as Pagefind's own script reads it), made again only when a page changed,
//! true to the pages on disk after any build, the same bytes every time. The search in
//! a real browser is tests/serve/search.mjs's (CI).

use super::harness::{VALID_VOEU, copy_into, is_archive_file, motion, repo, temp, tree, write};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// A file of the bundle, decoded: Pagefind's files are gzip, then a signature, then the
/// data (JSON for a page's fragment).
fn decoded(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The bundles' folders under `out/pagefind`.
fn bundle_folders(out: &Path) -> Vec<std::path::PathBuf> {
    let mut folders: Vec<_> = std::fs::read_dir(out.join("pagefind"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    folders
}

/// Each page's fragment in the bundles under `out`, by the page's URL.
fn fragments(out: &Path) -> BTreeMap<String, serde_json::Value> {
    bundle_folders(out)
        .into_iter()
        .flat_map(|folder| std::fs::read_dir(folder.join("fragment")).unwrap())
        .map(|entry| {
            let bytes = decoded(&std::fs::read(entry.unwrap().path()).unwrap());
            let start = bytes.iter().position(|b| *b == b'{').unwrap();
            let fragment: serde_json::Value = serde_json::from_slice(&bytes[start..]).unwrap();
            (fragment["url"].as_str().unwrap().to_string(), fragment)
        })
        .collect()
}

/// The pages the bundles say they have, together.
pub fn page_count(out: &Path) -> u64 {
    bundle_folders(out)
        .iter()
        .map(|folder| {
            let entry: serde_json::Value =
                serde_json::from_slice(&std::fs::read(folder.join("pagefind-entry.json")).unwrap())
                    .unwrap();
            entry["languages"]["fr"]["page_count"].as_u64().unwrap()
        })
        .sum()
}

/// The bundle's files but its registry (which holds this machine's stamps).
fn bundle(out: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(&out.join("pagefind"))
        .into_iter()
        .filter(|(name, _)| name != "motion.json")
        .collect()
}

#[test]
fn the_pages_are_indexed_in_french_with_their_tags_groups_and_seance() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let run = motion(dir.path(), &["build", "motions", "--no-booklets", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "recherche : 10 pages indexées (3 paquets refaits sur 3), 65 fichiers écrits, 0 retiré"
        ),
        "{}",
        run.stderr
    );
    let out = dir.path().join("out");
    assert_eq!(page_count(&out), 10);
    let fragments = fragments(&out);
    assert_eq!(fragments.len(), 10);
    // Only the motions' pages: not the index, the séances' or the tags' pages.
    assert!(
        fragments.keys().all(|url| url.starts_with("/20")),
        "{fragments:?}"
    );
    let p300 = &fragments["/2026-12-conseil-de-paris/p300-espaces-verts.html"];
    let filters = &p300["filters"];
    assert_eq!(
        filters["etiquette"],
        serde_json::json!(["P300", "espaces verts", "climat"])
    );
    assert_eq!(filters["groupe"], serde_json::json!(["Les Écologistes"]));
    assert_eq!(filters["type"], serde_json::json!(["Vœu"]));
    assert_eq!(filters["annee"], serde_json::json!(["2026"]));
    assert_eq!(filters["issue"], serde_json::json!(["déposé"]));
    assert_eq!(
        p300["meta"]["description"],
        "Vœu — Conseil de Paris, séance des 8, 9 et 10 décembre 2026"
    );
    assert_eq!(p300["meta"]["etiquettes"], "P300, espaces verts, climat");
    assert!(
        p300["meta"]["title"]
            .as_str()
            .unwrap()
            .starts_with("Vœu relatif au plan 300")
    );
    let content = p300["content"].as_str().unwrap();
    // The séance, the number, the authors and groups are in the text searched; the
    // links to the neighbours and the generator line are not.
    for words in [
        "Séance des 8, 9 et 10",
        "Vœu n°",
        "Claire DUVAL",
        "Les Écologistes",
    ] {
        assert!(content.contains(words), "{words} in {content}");
    }
    assert!(!content.contains("Mis en page par motion"), "{content}");
    assert!(!content.contains('→'), "{content}");
    // The search page queries the bundle beside it; the index links the search page.
    // One bundle per séance year, newest first, each imported and searched on its own.
    let search = std::fs::read_to_string(out.join("recherche.html")).unwrap();
    assert!(
        search.contains(r#"const BUNDLES = ["pagefind/2026","pagefind/2017","pagefind/2002"];"#),
        "{search}"
    );
    assert!(search.contains("import(\"./\" + folder + \"/pagefind.js\")"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("action=\"recherche.html\""));
}

#[test]
fn the_bundle_is_made_again_only_when_a_page_changes_and_stays_true() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let build = |args: &[&str]| {
        let mut all = vec!["build", "motions", "--no-booklets", "-v"];
        all.extend_from_slice(args);
        let run = motion(dir.path(), &all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stderr
    };
    build(&[]);
    let out = dir.path().join("out");
    let first = bundle(&out);

    // Nothing changed: nothing indexed, nothing written.
    let said = build(&[]);
    assert!(said.contains("recherche : index inchangé"), "{said}");
    assert_eq!(bundle(&out), first);

    // One motion changes: its page is indexed again; the files of the old bundle that
    // the new one has not are gone (and a fragment that a killed build wrote but never
    // recorded); the bundle is what a fresh build writes.
    let stray = out.join("pagefind/2026/fragment/fr_0000000.pf_fragment");
    let before_2017 = tree(&out.join("pagefind/2017"));
    std::fs::write(&stray, b"left by a killed build").unwrap();
    let source = dir
        .path()
        .join("motions/2026-12-conseil-de-paris/fontaines-groupe.toml");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replace("fontaines à boire", "fontaines d’eau fraîche"),
    )
    .unwrap();
    // Only its year's bundle is made again.
    let said = build(&[]);
    let in_2026 = fragments(&out)
        .keys()
        .filter(|url| url.starts_with("/2026-"))
        .count();
    assert!(
        said.contains(&format!(
            "recherche : {in_2026} pages indexées (1 paquet refait sur 3)"
        )),
        "{said}"
    );
    assert!(said.contains("retirés"), "{said}");
    assert_eq!(tree(&out.join("pagefind/2017")), before_2017);
    let fresh = temp();
    copy_into(&dir.path().join("motions"), fresh.path());
    assert_eq!(
        motion(fresh.path(), &["build", "motions", "--no-booklets"]).code,
        0
    );
    assert!(!stray.exists(), "the stray fragment went");
    assert_eq!(
        bundle(&out),
        bundle(&fresh.path().join("out")),
        "same as fresh"
    );
    assert!(fragments(&out).values().any(|f| {
        f["content"]
            .as_str()
            .unwrap()
            .contains("fontaines d’eau fraîche")
    }));

    // A file of the bundle damaged (same size): made again.
    let fragment = std::fs::read_dir(out.join("pagefind/2017/fragment"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&fragment).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&fragment, &bytes).unwrap();
    let said = build(&[]);
    assert!(said.contains("(1 paquet refait sur 3)"), "{said}");
    assert_eq!(bundle(&out), bundle(&fresh.path().join("out")), "repaired");

    // A motion deleted, and a build of the PDFs alone: its page goes, and the search
    // forgets it (it would lead to a page that is not there).
    std::fs::remove_file(&source).unwrap();
    build(&["--format", "pdf"]);
    // (Its neighbours' pages linked it: stale, they went too.)
    let pages = tree(&out)
        .keys()
        .filter(|name| name.ends_with(".html") && !is_archive_file(name))
        .count();
    assert_eq!(page_count(&out), pages as u64);
    assert!(pages < 9, "{pages}");
    assert!(
        fragments(&out)
            .keys()
            .all(|url| out.join(url.trim_start_matches('/')).is_file()),
        "every page found leads somewhere"
    );

    // --no-search leaves the bundle as it is.
    write(
        &dir.path()
            .join("motions/2026-12-conseil-de-paris/nouveau.toml"),
        &VALID_VOEU.replace("fontaines à boire", "bancs publics"),
    );
    let said = build(&["--no-search"]);
    assert!(!said.contains("recherche"), "{said}");
    assert_eq!(page_count(&out), pages as u64);
}

#[test]
fn the_same_pages_give_the_same_bundle_and_a_foreign_search_page_is_kept() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    for out in ["a", "b"] {
        let run = motion(
            dir.path(),
            &[
                "build",
                "motions",
                "--out",
                out,
                "--no-booklets",
                "--jobs",
                "1",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(bundle(&dir.path().join("a")), bundle(&dir.path().join("b")));

    // A recherche.html that motion did not write is not replaced.
    let other = dir.path().join("c");
    write(&other.join("recherche.html"), "<p>notre page</p>");
    let run = motion(
        dir.path(),
        &["build", "motions", "--out", "c", "--no-booklets"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("recherche.html : un fichier que motion n’a pas écrit"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(other.join("recherche.html")).unwrap(),
        "<p>notre page</p>"
    );
}
