//! `motion build` and the HTML output, read back with Rust: the page structure and
//! metadata, text that stays data, the index, the output tree, skipping what did not
//! change, and user templates. The real validators run from tests/html/check.sh.

use super::harness::{
    VALID_VOEU, copy_into, listed_texts, motion, motion_with_env, repo, seance_listing, temp, write,
};
use std::path::Path;

/// The temporary files (`*.tmp`) left in a folder.
fn leftovers(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|_| panic!("{} is missing", path.display()))
}

/// The JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn the_samples_build_into_a_mirrored_tree_with_an_index() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let run = motion(dir.path(), &["build", "motions"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains(" : 10 motions (10 construites, 0 inchangée)"),
        "{}",
        run.stderr
    );
    let out = dir.path().join("out");
    for page in [
        "2026-12-conseil-de-paris/p300-espaces-verts.html",
        "2026-12-conseil-de-paris/p300-reponse-executif.html",
        "2026-12-conseil-de-paris/logement-etudiant-cosigne.html",
        "2026-12-conseil-de-paris/amendement-arbres-deve.html",
        "2026-11-conseil-11e/rue-aux-ecoles.html",
        "index.html",
        "manifest.json",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }

    let page = read(&out.join("2026-12-conseil-de-paris/p300-espaces-verts.html"));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(
        !page.contains("<link") && !page.contains("src=\""),
        "self-contained: nothing fetched"
    );
    assert!(page.contains("<p class=\"council\">Conseil de Paris</p>"));
    assert!(
        page.contains("<p class=\"session\">Séance des 8, 9 et 10\u{A0}décembre\u{A0}2026</p>")
    );
    assert!(page.contains("Vœu n°\u{A0}18 — 4<sup>e</sup>\u{A0}Commission"));
    assert!(page.contains(
        "<h1>Vœu relatif au plan 300\u{A0}hectares d’espaces verts supplémentaires d’ici 2040</h1>"
    ));
    assert!(page.contains(
        "<p class=\"filing\">Déposé par Claire\u{A0}DUVAL, Mathieu\u{A0}ROCHER, Inès\u{A0}BENKHALED, Julien\u{A0}MARCHETTI et les élu·es du groupe Les Écologistes</p>"
    ));
    assert!(page.contains("Sur proposition de Claire\u{A0}DUVAL, Mathieu\u{A0}ROCHER, Inès\u{A0}BENKHALED, Julien\u{A0}MARCHETTI et des élu·es du groupe Les Écologistes, le Conseil de Paris émet le vœu que la Ville de Paris\u{A0}:"));
    assert_eq!(
        page.matches("<li>").count(),
        4,
        "the four requests as a real list"
    );
    assert_eq!(page.matches("<p>Considérant").count(), 5);
    assert!(
        page.contains("l’espace public\u{202F};</p>"),
        "no-break space before ;"
    );
    assert!(page.contains("@media print") && page.contains("size: A4"));

    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "Legislation");
    assert_eq!(
        ld["name"],
        "Vœu relatif au plan 300\u{A0}hectares d’espaces verts supplémentaires d’ici 2040"
    );
    assert_eq!(ld["legislationType"], "Vœu");
    assert_eq!(ld["legislationDate"], "2026-12-08");
    assert_eq!(ld["inLanguage"], "fr-FR");
    assert_eq!(ld["legislationJurisdiction"]["name"], "Paris");
    assert_eq!(ld["author"][0]["name"], "Claire DUVAL");
    assert_eq!(ld["author"][4]["@type"], "Organization");
    assert_eq!(ld["keywords"], "P300, espaces verts, climat");
    assert!(
        ld["legislationIdentifier"]
            .as_str()
            .unwrap()
            .ends_with("vœu n° 18")
    );

    let adopted = read(&out.join("2026-12-conseil-de-paris/p300-reponse-executif.html"));
    assert!(adopted.contains("<p class=\"filing\">Déposé par l’Exécutif</p>"));
    assert!(adopted.contains(
        "<p class=\"reference-line\">Vœu n°\u{A0}18\u{A0}bis — 4<sup>e</sup>\u{A0}Commission — 2026\u{A0}V.\u{A0}312</p>"
    ));
    assert!(adopted.contains(
        "<p class=\"decision\">Le vœu a été adopté à l’unanimité le 9\u{A0}décembre\u{A0}2026.</p>"
    ));
    assert_eq!(json_ld(&adopted)["legislationIdentifier"], "2026 V. 312");

    let que = read(&out.join("2026-12-conseil-de-paris/logement-etudiant-cosigne.html"));
    assert!(que.contains("des élu·es des groupes Gauche Citoyenne et Solidaire et Les Écologistes, le Conseil de Paris émet le vœu\u{A0}:</p>"));

    let arrondissement = read(&out.join("2026-11-conseil-11e/rue-aux-ecoles.html"));
    assert!(arrondissement.contains("Sur proposition d’Amélie\u{A0}FONTAINE"));
    assert!(arrondissement.contains(
        "le Conseil du 11<sup>e</sup>\u{A0}arrondissement émet le vœu que la Maire de Paris"
    ));

    let index = read(&out.join("index.html"));
    let december = index.find("Séance des 8, 9 et 10").unwrap();
    let november = index.find("Séance du 17").unwrap();
    assert!(december < november, "newest session first");
    // The index lists the séances by year, newest first; their pages list the texts.
    let (y2026, y2017, y2002) = (
        index.find("<h2 id=\"year-2026\">2026</h2>").unwrap(),
        index.find("<h2 id=\"year-2017\">2017</h2>").unwrap(),
        index.find("<h2 id=\"year-2002\">2002</h2>").unwrap(),
    );
    assert!(y2026 < december && december < y2017 && y2017 < y2002);
    assert!(index.contains(
        "<a class=\"title\" href=\"seances/2026-12-08-conseil-de-paris.html\">Conseil de Paris — Séance des 8, 9 et 10"
    ), "{index}");
    assert!(index.contains("4 vœux et 1 amendement : 1 adopté et 4 déposés"));
    assert!(
        !index.contains("p300-espaces-verts"),
        "no text listed in the index"
    );
    assert!(
        index.contains(
            "<form class=\"search-box\" role=\"search\" action=\"recherche.html\" method=\"get\">"
        ),
        "the index searches"
    );
    assert!(
        seance_listing(&out)
            .contains("<a href=\"../2026-12-conseil-de-paris/p300-espaces-verts.html\">HTML</a>")
    );
    assert_eq!(listed_texts(&out), 10);
}

#[test]
fn text_is_data_in_every_field() {
    let dir = temp();
    copy_into(
        &repo().join("tests/fixtures/render/hostile.toml"),
        dir.path(),
    );
    let run = motion(dir.path(), &["build", "hostile.toml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let page = read(&dir.path().join("out/hostile.html"));
    let body = &page[page.find("<body>").unwrap()..];
    for raw in [
        "<script>",
        "<img",
        "</p></section>",
        "<h1>intrus",
        "<b>",
        "<i>",
        "href=\"javascript",
    ] {
        assert!(!body.contains(raw), "{raw} reached the page");
    }
    assert!(
        body.contains("{{ 7*7 }}") && !body.contains("49"),
        "template syntax prints literally"
    );
    assert!(body.contains(
        "&lt;script&gt;alert(’titre’)&lt;/script&gt; &amp; aux {{ variables }} {% if x %}"
    ));
    assert!(body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        body.contains("[piégé](javascript:alert(1))"),
        "an unsafe link stays text"
    );
    assert!(body.contains("<a href=\"https://www.paris.fr/?a=1&amp;b=%3C2%3E\">bon lien</a>"));
    assert!(
        body.contains("&amp;amp; &amp;lt; &amp;#x3C;"),
        "character references print as typed"
    );
    assert!(
        body.contains("\u{200F}") && !body.contains("\u{202E}"),
        "the right-to-left mark kept, the override removed (M507)"
    );
    assert!(
        !page.contains('\u{B}'),
        "control characters never reach the page"
    );
    let ld = json_ld(&page);
    assert_eq!(
        ld["name"],
        "Vœu relatif à <script>alert(’titre’)</script> & aux {{ variables }} {% if x %}"
    );
    let head = &page[..page.find("<body>").unwrap()];
    assert!(
        !head[head.find("ld+json").unwrap()..].contains("<script>alert"),
        "JSON-LD cannot close its script"
    );
}

#[test]
fn invalid_motions_are_reported_and_nothing_is_written_for_them() {
    let dir = temp();
    write(&dir.path().join("s/ok.toml"), VALID_VOEU);
    write(
        &dir.path().join("s/bad.toml"),
        &VALID_VOEU
            .replace("commission", "x")
            .replace("title = ", "titel = "),
    );
    let run = motion(dir.path(), &["build", "s", "--diagnostics", "short"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("s/bad.toml:1:1: erreur[M101]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("1 en erreur, non construite"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("out/ok.html").is_file());
    assert!(!dir.path().join("out/bad.html").exists());
    assert_eq!(listed_texts(&dir.path().join("out")), 1);
}

#[test]
fn unchanged_motions_are_skipped_and_outputs_are_reproducible() {
    let dir = temp();
    write(&dir.path().join("s/a.toml"), VALID_VOEU);
    write(
        &dir.path().join("s/b.toml"),
        &VALID_VOEU.replace("fontaines à boire", "bancs publics"),
    );
    assert_eq!(motion(dir.path(), &["build", "s"]).code, 0);
    let page = dir.path().join("out/a.html");
    let first = std::fs::read(&page).unwrap();
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    let index_first = std::fs::read(dir.path().join("out/index.html")).unwrap();

    // A temporary file left by a killed build is cleared by the next one (a killed
    // build leaves its lock file empty: it never said it ended).
    std::fs::write(
        dir.path().join("out/.motion-Ab12Cd.tmp"),
        "<html><body><p>moit",
    )
    .unwrap();
    std::fs::write(dir.path().join("out/.motion.lock"), "").unwrap();
    let again = motion(dir.path(), &["build", "s"]);
    assert!(!dir.path().join("out/.motion-Ab12Cd.tmp").exists());
    assert!(
        again.stderr.contains("(0 construite, 2 inchangées)"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::metadata(&page).unwrap().modified().unwrap(),
        modified,
        "not rewritten"
    );

    // A change in the folder defaults makes its motions stale.
    write(&dir.path().join("s/defaults.toml"), "tags = [\"eau\"]\n");
    let changed = motion(dir.path(), &["build", "s"]);
    assert!(
        changed.stderr.contains("(2 construites, 0 inchangée)"),
        "{}",
        changed.stderr
    );
    std::fs::remove_file(dir.path().join("s/defaults.toml")).unwrap();
    // A deleted output is rebuilt; --force rebuilds everything.
    std::fs::remove_file(&page).unwrap();
    let repaired = motion(dir.path(), &["build", "s"]);
    assert!(
        repaired.stderr.contains("(2 construites, 0 inchangée)"),
        "{}",
        repaired.stderr
    );
    let forced = motion(dir.path(), &["build", "s", "--force"]);
    assert!(
        forced.stderr.contains("(2 construites, 0 inchangée)"),
        "{}",
        forced.stderr
    );
    assert_eq!(
        std::fs::read(&page).unwrap(),
        first,
        "same input, same bytes"
    );
    assert_eq!(
        std::fs::read(dir.path().join("out/index.html")).unwrap(),
        index_first
    );

    // Another output folder, built from scratch, holds the same bytes.
    assert_eq!(
        motion(dir.path(), &["build", "s", "--out", "elsewhere"]).code,
        0
    );
    assert_eq!(
        std::fs::read(dir.path().join("elsewhere/a.html")).unwrap(),
        first
    );
    let left = leftovers(&dir.path().join("out"));
    assert!(left.is_empty(), "no temporary file left: {left:?}");
}

#[test]
fn user_templates_replace_the_embedded_ones_file_by_file() {
    let dir = temp();
    write(&dir.path().join("m.toml"), VALID_VOEU);
    write(
        &dir.path().join("gabarits/motion.html.j2"),
        "<!DOCTYPE html><html lang=\"fr\"><head><title>{{ meta.title }}</title></head><body><h1>{{ doc.title }}</h1>{% for i in doc.items %}<p>{{ i }}</p>{% endfor %}</body></html>",
    );
    let run = motion(dir.path(), &["build", "m.toml", "--templates", "gabarits"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&dir.path().join("out/m.html"));
    assert!(page.starts_with(
        "<!DOCTYPE html><html lang=\"fr\"><head><title>Vœu relatif aux fontaines à boire</title>"
    ));
    assert!(
        read(&dir.path().join("out/index.html")).contains("Archive des vœux"),
        "the index keeps the embedded template"
    );

    // A typo in a user template is an error M601 at its place, in every form of the
    // diagnostics, not a panic.
    write(
        &dir.path().join("gabarits/motion.html.j2"),
        "<p>{{ doc.titel }}</p>\n",
    );
    for (form, expected) in [
        (
            "short",
            "gabarits/motion.html.j2:1:7: erreur[M601]: erreur du gabarit HTML",
        ),
        (
            "json",
            "\"file\":\"gabarits/motion.html.j2\",\"line\":1,\"column\":7",
        ),
        (
            "github",
            "::error file=gabarits/motion.html.j2,line=1,col=7,",
        ),
        ("human", " --> gabarits/motion.html.j2:1:7"),
    ] {
        let run = motion(
            dir.path(),
            &[
                "build",
                "m.toml",
                "--templates",
                "gabarits",
                "--force",
                "--diagnostics",
                form,
                "--color",
                "never",
            ],
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stdout.contains(expected), "{form}: {}", run.stdout);
        assert!(run.stdout.contains("M601"), "{form}: {}", run.stdout);
    }
    // A template that does not load: the same, and nothing is built.
    write(&dir.path().join("gabarits/motion.html.j2"), "{% if %}\n");
    let run = motion(
        dir.path(),
        &[
            "build",
            "m.toml",
            "--templates",
            "gabarits",
            "--diagnostics",
            "short",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("gabarits/motion.html.j2:1:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("erreur[M601]"), "{}", run.stdout);
    assert!(
        run.stderr.contains("gabarit inutilisable"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn outputs_never_leave_the_output_folder() {
    let dir = temp();
    write(&dir.path().join("src/sub/m.toml"), VALID_VOEU);
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("out/sub")).unwrap();
    let run = motion(dir.path(), &["build", "src"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("sub est un lien symbolique qui mène hors du dossier de sortie"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("elsewhere"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn shards_build_a_stable_share_and_merge_into_one_archive() {
    let dir = temp();
    for i in 1..=12 {
        write(
            &dir.path().join(format!("s/m{i:02}.toml")),
            &VALID_VOEU.replace("fontaines à boire", &format!("fontaines n° {i}")),
        );
    }
    let mut built = 0;
    for k in 1..=3 {
        let run = motion(
            dir.path(),
            &[
                "build",
                "s",
                "--format",
                "html",
                "--shard",
                &format!("{k}/3"),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let count: usize = run
            .stderr
            .split("HTML : ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        built += count;
        assert!(
            dir.path()
                .join(format!("out/manifest.shard-{k}-of-3.json"))
                .is_file()
        );
    }
    assert_eq!(built, 12, "the shards share the motions out, each once");
    assert!(
        !dir.path().join("out/index.html").exists(),
        "a shard does not write the index"
    );
    let merged = motion(dir.path(), &["merge-manifests", "out"]);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    assert!(
        merged.stderr.contains("3 parts réunies : 12 motions"),
        "{}",
        merged.stderr
    );
    assert_eq!(listed_texts(&dir.path().join("out")), 12);
    assert_eq!(
        super::search::page_count(&dir.path().join("out")),
        12,
        "the search of the merged archive has every page"
    );
    assert!(!dir.path().join("out/manifest.shard-1-of-3.json").exists());
    // The merged manifest makes a whole build a no-op.
    let whole = motion(dir.path(), &["build", "s", "--format", "html"]);
    assert!(
        whole.stderr.contains("(0 construite, 12 inchangées)"),
        "{}",
        whole.stderr
    );
    // The same shard takes the same motions on another run.
    let again = motion(
        dir.path(),
        &[
            "build", "s", "--format", "html", "--shard", "2/3", "--out", "other",
        ],
    );
    let first: Vec<String> = std::fs::read_dir(dir.path().join("other"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(again.code, 0);
    assert!(!first.is_empty());
    let bad = motion(dir.path(), &["build", "s", "--shard", "4/3"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("1 ≤ K ≤ N"), "{}", bad.stderr);
}

#[test]
fn deleted_motions_lose_their_outputs_and_their_place_in_the_index() {
    let dir = temp();
    write(&dir.path().join("s/a.toml"), VALID_VOEU);
    write(
        &dir.path().join("s/b.toml"),
        &VALID_VOEU.replace("fontaines à boire", "bancs publics"),
    );
    write(
        &dir.path().join("s/c.toml"),
        &VALID_VOEU.replace("fontaines à boire", "arbres"),
    );
    assert_eq!(
        motion(dir.path(), &["build", "s", "--format", "html,docx"]).code,
        0
    );
    std::fs::remove_file(dir.path().join("s/b.toml")).unwrap();
    // A motion with an error keeps its previous outputs.
    write(&dir.path().join("s/c.toml"), "titel = \"x\"\n");
    let run = motion(dir.path(), &["build", "s", "--format", "html,docx"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("2 fichiers de motions supprimées ou déplacées retirés"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out/b.html").exists() && !dir.path().join("out/b.docx").exists());
    assert!(
        dir.path().join("out/c.html").exists(),
        "kept while c.toml has an error"
    );
    assert_eq!(listed_texts(&dir.path().join("out")), 2);
    assert!(
        run.stderr
            .contains("DOCX : 0 construite, 1 inchangée, 1 en erreur"),
        "{}",
        run.stderr
    );
    // A build of another folder into the same output does not touch them.
    write(&dir.path().join("t/z.toml"), VALID_VOEU);
    motion(dir.path(), &["build", "t", "--format", "html"]);
    assert!(dir.path().join("out/a.html").exists());
    // Nor does a build of one file of the folder: its neighbours are not deleted.
    write(
        &dir.path().join("s/c.toml"),
        &VALID_VOEU.replace("fontaines à boire", "arbres"),
    );
    assert_eq!(
        motion(dir.path(), &["build", "s", "--format", "html,docx"]).code,
        0
    );
    let run = motion(dir.path(), &["build", "s/a.toml", "--format", "html,docx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("retiré"), "{}", run.stderr);
    assert!(dir.path().join("out/c.html").exists() && dir.path().join("out/c.docx").exists());
}

#[test]
fn a_progress_bar_shows_on_a_terminal_only() {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    let dir = temp();
    for name in ["a", "b", "c"] {
        write(
            &dir.path().join(format!("s/{name}.toml")),
            &VALID_VOEU.replace("fontaines à boire", &format!("fontaines {name}")),
        );
    }
    // A pseudo-terminal for stderr, as an aide's shell gives.
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors, which are owned below.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "a pseudo-terminal");
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(["build", "s", "--format", "pdf,html", "--jobs", "1"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::from(slave))
        .spawn()
        .unwrap();
    let reader = std::thread::spawn(move || {
        let mut terminal = std::fs::File::from(master);
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        // Reading fails (EIO) once the child has closed the terminal.
        while let Ok(n) = terminal.read(&mut buffer) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buffer[..n]);
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    assert!(child.wait().unwrap().success());
    let seen = reader.join().unwrap();
    // The bar moves as motions are built (the count, the rate, the time left).
    assert!(
        ["1/3 motions ·", "2/3 motions ·", "3/3 motions ·"]
            .iter()
            .any(|step| seen.contains(step)),
        "{seen:?}"
    );
    // The rate written the French way: "508,2 par seconde".
    assert!(seen.contains(" par seconde · reste"), "{seen:?}");
    assert!(
        seen.split(" par seconde")
            .next()
            .is_some_and(|before| !before.rsplit(' ').next().unwrap_or_default().contains('.')),
        "{seen:?}"
    );
    // Not a terminal (a CI log): only the summary.
    let run = motion(
        dir.path(),
        &["build", "s", "--format", "pdf,html", "--force"],
    );
    assert_eq!(run.code, 0);
    assert!(!run.stderr.contains("/3 motions"), "{}", run.stderr);
    assert!(run.stderr.contains("3 construites"), "{}", run.stderr);
}

/// A panic while building one motion (a bug, ours or the engine's, on some text) fails
/// that motion only: the others are built, its earlier outputs stay, the exit code is 1.
/// The panic is made by a hook of debug builds.
#[cfg(debug_assertions)]
#[test]
fn a_panic_on_one_motion_fails_that_motion_only() {
    let dir = temp();
    for (name, topic) in [("a", "fontaines à boire"), ("b", "bancs"), ("c", "arbres")] {
        write(
            &dir.path().join(format!("s/{name}.toml")),
            &VALID_VOEU.replace("fontaines à boire", topic),
        );
    }
    assert_eq!(motion(dir.path(), &["build", "s"]).code, 0);
    let before = std::fs::read(dir.path().join("out/b.pdf")).unwrap();
    // Every motion changed, so that every one is built again.
    for name in ["a", "b", "c"] {
        let path = dir.path().join(format!("s/{name}.toml"));
        write(&path, &format!("{}# relu\n", read(&path)));
    }
    let run = motion_with_env(
        dir.path(),
        &["build", "s"],
        &[("MOTION_TEST_PANIC", "build:b.toml")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("s/b.toml : erreur interne pendant la construction (panne simulée)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("PDF : 2 construites, 0 inchangée, 1 en erreur"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("out/b.pdf")).unwrap(),
        before,
        "b keeps its earlier PDF"
    );
    let left = leftovers(&dir.path().join("out"));
    assert!(left.is_empty(), "{left:?}");
    // The next build, without the fault, builds b again.
    let run = motion(dir.path(), &["build", "s"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("PDF : 1 construite, 2 inchangées, 0 en erreur"),
        "{}",
        run.stderr
    );
}

#[test]
fn jobs_are_capped_at_four_per_core_with_a_note() {
    let dir = temp();
    write(&dir.path().join("s/a.toml"), VALID_VOEU);
    let run = motion(
        dir.path(),
        &["build", "s", "--format", "html", "--jobs", "100000"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cores = std::thread::available_parallelism().unwrap().get();
    assert!(
        run.stderr.contains(&format!(
            "motion : note : --jobs 100000 ramené à {}",
            4 * cores
        )),
        "{}",
        run.stderr
    );
    let run = motion(
        dir.path(),
        &["build", "s", "--format", "html", "--jobs", "2", "--force"],
    );
    assert!(!run.stderr.contains("ramené"), "{}", run.stderr);
}

#[test]
fn the_index_counts_its_texts_in_french() {
    let dir = temp();
    write(&dir.path().join("m/a.toml"), VALID_VOEU);
    let run = motion(dir.path(), &["build", "m", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = read(&dir.path().join("out/index.html"));
    assert!(
        index.contains("<p class=\"count\">1 texte, classé par séance"),
        "{index}"
    );
    assert!(index.contains("content=\"1 texte, vœux et amendements, classé par séance.\""));
    write(
        &dir.path().join("m/b.toml"),
        &VALID_VOEU.replace("fontaines à boire", "bancs publics"),
    );
    let run = motion(dir.path(), &["build", "m", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = read(&dir.path().join("out/index.html"));
    assert!(index.contains("2 textes, classés par séance"), "{index}");
    assert!(
        index.contains("<span class=\"details\">2 vœux</span>"),
        "{index}"
    );
    // The search's count, in its page's script: no "texte(s)".
    let search = read(&dir.path().join("out/recherche.html"));
    assert!(search.contains("\"texte trouvé\", \"textes trouvés\"") && !search.contains("(s)"));
}

#[test]
fn exported_templates_build_the_same_bytes_and_strange_names_are_said() {
    let dir = temp();
    copy_into(&repo().join("motions/2026-12-conseil-de-paris"), dir.path());
    let export = motion(dir.path(), &["templates", "export", "gabarits"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    assert!(
        export.stderr.contains("9 gabarits écrits dans gabarits"),
        "{}",
        export.stderr
    );
    let names = [
        "motion.html.j2",
        "index.html.j2",
        "tag.html.j2",
        "seance.html.j2",
        "search.html.j2",
        "style.css",
        "motion.typ",
        "motion-parts.typ",
        "cahier.typ",
    ];
    for name in names {
        assert!(dir.path().join("gabarits").join(name).is_file(), "{name}");
    }
    // A second export writes nothing over the first.
    std::fs::write(dir.path().join("gabarits/style.css"), "/* à nous */").unwrap();
    let again = motion(dir.path(), &["templates", "export", "gabarits"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("déjà là, rien n’a été écrit"),
        "{}",
        again.stderr
    );
    assert_eq!(read(&dir.path().join("gabarits/style.css")), "/* à nous */");
    std::fs::remove_dir_all(dir.path().join("gabarits")).unwrap();
    assert_eq!(
        motion(dir.path(), &["templates", "export", "gabarits"]).code,
        0
    );

    // The export, taken as it is, builds what the program builds, byte for byte.
    let plain = motion(
        dir.path(),
        &["build", "2026-12-conseil-de-paris", "--out", "a"],
    );
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let themed = motion(
        dir.path(),
        &[
            "build",
            "2026-12-conseil-de-paris",
            "--out",
            "b",
            "--templates",
            "gabarits",
        ],
    );
    assert_eq!(themed.code, 0, "{}", themed.stderr);
    let outputs = |out: &str| {
        super::harness::tree(&dir.path().join(out))
            .into_iter()
            .filter(|(name, _)| [".pdf", ".docx", ".html"].iter().any(|e| name.ends_with(e)))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (a, b) = (outputs("a"), outputs("b"));
    // Five motions in three formats, the index, the booklet, the tags' pages.
    assert!(a.len() > 5 * 3 + 2, "{:?}", a.keys().collect::<Vec<_>>());
    assert_eq!(a.len(), b.len());
    for (name, bytes) in &a {
        assert!(
            b.get(name) == Some(bytes),
            "{name} differs with the exported templates"
        );
    }

    // A file named like no template is said, with the name it is closest to.
    write(
        &dir.path().join("gabarits/motion.htm.j2"),
        "{{ doc.title }}",
    );
    let strange = motion(
        dir.path(),
        &[
            "build",
            "2026-12-conseil-de-paris",
            "--out",
            "b",
            "--templates",
            "gabarits",
        ],
    );
    assert_eq!(strange.code, 0, "{}", strange.stderr);
    assert!(
        strange.stderr.contains(
            "gabarits/motion.htm.j2 : aucun gabarit ne porte ce nom, il est ignoré ; \
             vouliez-vous dire motion.html.j2 ?"
        ),
        "{}",
        strange.stderr
    );
}
