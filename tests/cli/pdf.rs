//! The PDF output read back with Rust (pdf-extract for the text, the XMP packet for the
//! standards): every part of the motion in order, the metadata, reproducible bytes, the
//! build time, and typst markup that prints literally. poppler runs from tests/pdf/check.sh.

use super::harness::{VALID_VOEU, copy_into, motion, repo, temp, write};

/// A PDF's bytes as text, to look for its XMP metadata and dates.
fn raw_pdf(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

fn pdf_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    pdf_extract::extract_text_from_mem(&bytes)
        .unwrap()
        .replace(['\u{A0}', '\u{202F}', '\n'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Spaces removed: text extractors guess spaces between runs of different styles
/// (`DUVAL ,` after a name kept from hyphenation); every other character must match.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_in_order(text: &str, parts: &[&str]) {
    let compacted = compact(text);
    let mut rest = compacted.as_str();
    for part in parts {
        let part = compact(part);
        let at = rest
            .find(&part)
            .unwrap_or_else(|| panic!("« {part} » missing or out of order in:\n{text}"));
        rest = &rest[at + part.len()..];
    }
}

#[test]
fn the_samples_render_to_pdf_a_and_ua_with_every_part_in_order() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let run = motion(dir.path(), &["build", "motions", "--format", "pdf"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = dir.path().join("out/2026-12-conseil-de-paris");
    let p300 = out.join("p300-espaces-verts.pdf");
    let bytes = std::fs::read(&p300).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>")
            && raw.contains("<pdfaid:conformance>B</pdfaid:conformance>")
    );
    assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(raw.contains("fr-FR"), "language in the document");
    assert!(
        raw.contains("2026-12-08T00:00:00"),
        "build time from the session"
    );

    assert_in_order(
        &pdf_text(&p300),
        &[
            "Séance des 8, 9 et 10 décembre 2026",
            "Vœu n° 18",
            "Vœu relatif au plan 300 hectares",
            "Déposé par Claire DUVAL, Mathieu ROCHER, Inès BENKHALED, Julien MARCHETTI et les élu·es du groupe Les Écologistes",
            "Vu le Plan Climat",
            "Vu la délibération 2025 DEVE 41",
            "Considérant que Paris ne compte",
            "Considérant que les épisodes de canicule",
            "Considérant que l’objectif",
            "Considérant que la désimperméabilisation",
            "Considérant que la participation",
            "Sur proposition de Claire DUVAL",
            "le Conseil de Paris émet le vœu que la Ville de Paris :",
            "Publie avant la fin de l’année 2027",
            "Présente chaque année",
            "Associe les conseils de quartier",
            "Inscrive au budget primitif 2027",
            "1/1",
        ],
    );
    assert_in_order(
        &pdf_text(&out.join("p300-reponse-executif.pdf")),
        &[
            "Vœu n° 18 bis",
            "2026 V. 312",
            "Déposé par l’Exécutif",
            "Le vœu a été adopté à l’unanimité le 9 décembre 2026.",
        ],
    );
    assert_in_order(
        &pdf_text(&out.join("amendement-arbres-deve.pdf")),
        &[
            "Amendement n° 7",
            "Projet de délibération 2026 DEVE 112",
            "le projet de délibération 2026 DEVE 112 est ainsi modifié :",
            "À l’article 2",
        ],
    );
}

#[test]
fn pdfs_are_reproducible_and_take_the_build_time_asked() {
    let dir = temp();
    write(&dir.path().join("m.toml"), VALID_VOEU);
    assert_eq!(
        motion(
            dir.path(),
            &["build", "m.toml", "--format", "pdf", "--out", "a"]
        )
        .code,
        0
    );
    assert_eq!(
        motion(
            dir.path(),
            &[
                "build", "m.toml", "--format", "pdf", "--out", "b", "--jobs", "1"
            ]
        )
        .code,
        0
    );
    let a = std::fs::read(dir.path().join("a/m.pdf")).unwrap();
    assert_eq!(
        a,
        std::fs::read(dir.path().join("b/m.pdf")).unwrap(),
        "same input, same bytes"
    );

    let run = motion(
        dir.path(),
        &[
            "build",
            "m.toml",
            "--format",
            "pdf",
            "--out",
            "c",
            "--build-time",
            "2027-01-15T09:30:00",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let c = raw_pdf(&dir.path().join("c/m.pdf"));
    assert!(c.contains("2027-01-15T09:30:00"), "the build time asked");
    let bad = motion(dir.path(), &["build", "m.toml", "--build-time", "demain"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("date de construction « demain » illisible")
    );
    let bad = motion(dir.path(), &["build", "m.toml", "--pdf-standard", "a-9"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("norme PDF inconnue « a-9 »"),
        "{}",
        bad.stderr
    );
    let other = motion(
        dir.path(),
        &[
            "build",
            "m.toml",
            "--format",
            "pdf",
            "--out",
            "d",
            "--pdf-standard",
            "1.7",
        ],
    );
    assert_eq!(other.code, 0, "{}", other.stderr);
    let d = raw_pdf(&dir.path().join("d/m.pdf"));
    assert!(!d.contains("pdfaid:part"), "no PDF/A claim when not asked");
}

#[test]
fn typst_markup_in_every_field_prints_literally() {
    let dir = temp();
    copy_into(
        &repo().join("tests/fixtures/render/hostile.toml"),
        dir.path(),
    );
    let run = motion(dir.path(), &["build", "hostile.toml", "--format", "pdf"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = pdf_text(&dir.path().join("out/hostile.pdf"));
    for literal in [
        "<script>alert(’titre’)</script> & aux {{ variables }} {% if x %}",
        "#set page(width : 1cm) $x^2$ @ref <label> [crochets] // et \\ barre",
        "[piégé](javascript:alert(1))",
        "{{ 7*7 }}, {# commentaire #} et {% raw %}",
        "&amp; &lt; &#x3C;",
        "Claire <b>DUVAL</b>",
        "Groupe « Les <Audacieux> »",
    ] {
        assert!(
            compact(&text).contains(&compact(literal)),
            "« {literal} » is not in the PDF text:\n{text}"
        );
    }
}

#[test]
fn a_template_reads_its_data_and_nothing_else() {
    let dir = temp();
    write(&dir.path().join("m.toml"), VALID_VOEU);
    write(
        &dir.path().join("gabarits/motion.typ"),
        "#let data = json(\"/motion.json\")\n#data.document.metadata.title\n#read(\"/etc/passwd\")\n",
    );
    let run = motion(
        dir.path(),
        &[
            "build",
            "m.toml",
            "--format",
            "pdf",
            "--templates",
            "gabarits",
            "--diagnostics",
            "short",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("gabarits/motion.typ:3:7: erreur[M601]"),
        "{}",
        run.stdout
    );
    assert!(!dir.path().join("out/m.pdf").exists());
    write(
        &dir.path().join("gabarits/motion.typ"),
        "#import \"@preview/cetz:0.3.0\"\nx\n",
    );
    let run = motion(
        dir.path(),
        &[
            "build",
            "m.toml",
            "--format",
            "pdf",
            "--templates",
            "gabarits",
            "--diagnostics",
            "short",
        ],
    );
    assert_eq!(
        run.code, 1,
        "no package is fetched: {}{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.contains("[M601]"), "{}", run.stdout);
}

#[test]
fn fonts_come_from_the_binary_or_a_folder_the_user_names() {
    let dir = temp();
    write(&dir.path().join("m.toml"), VALID_VOEU);
    let run = motion(
        dir.path(),
        &[
            "build",
            "m.toml",
            "--format",
            "pdf",
            "--font-path",
            "polices",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("dossier de polices polices"),
        "{}",
        run.stderr
    );
    // A folder with a font file: read, and the build goes on.
    let font = typst_assets::fonts().next().unwrap();
    std::fs::create_dir_all(dir.path().join("polices")).unwrap();
    std::fs::write(dir.path().join("polices/une.otf"), font).unwrap();
    let run = motion(
        dir.path(),
        &[
            "build",
            "m.toml",
            "--format",
            "pdf",
            "--font-path",
            "polices",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// What `check` accepts, `build` builds: a word of 19,900 letters (one unbroken run made
/// a PDF string longer than PDF/A allows), a title of 16,500 letters (too long for the
/// metadata, a heading's tag and its bookmark), a long URL: every format is built, the
/// PDF breaks the long runs across lines and keeps every letter, and its metadata is cut.
#[test]
fn overlong_words_and_titles_are_built_in_every_format() {
    let dir = temp();
    let word = "a".repeat(19_900);
    let title = "ω".repeat(16_500);
    let url = format!("https://example.org/{}", "x".repeat(300));
    write(
        &dir.path().join("long.toml"),
        &VALID_VOEU
            .replace("Vœu relatif aux fontaines à boire", &format!("Vœu {title}"))
            .replace(
                "Considérant que les fontaines manquent l’été ;",
                &format!("Considérant {word} ;\", \"Considérant que {url} le dit ;"),
            ),
    );
    let run = motion(dir.path(), &["check", "long.toml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = motion(
        dir.path(),
        &["build", "long.toml", "--diagnostics", "short"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("M601"), "{}", run.stdout);
    // The long word runs over pages (their numbers come between its pieces).
    let text = compact(&pdf_text(&dir.path().join("out/long.pdf")).replace('\u{200B}', ""));
    assert!(
        text.matches('a').count() >= 19_900,
        "every letter of the long word"
    );
    assert_eq!(
        text.matches('ω').count(),
        16_500,
        "every letter of the title"
    );
    assert!(text.contains(&url));
    let raw = raw_pdf(&dir.path().join("out/long.pdf"));
    assert!(
        raw.contains(&format!(
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Vœu {}…",
            "ω".repeat(1996)
        )),
        "the metadata title is cut at 2000 characters"
    );
}
