//! The DOCX output read back with Rust (zip and XML): styles defined and used, the
//! numbering of the bulleted list, French as the language, the core properties, the
//! text in order, reproducible bytes, and text that stays data. LibreOffice runs from
//! tests/docx/check.sh.

use super::harness::{copy_into, motion, repo, temp};
use std::io::Read;

/// The text parts of a DOCX, by name (the embedded fonts are not text).
pub fn parts(path: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if entry.is_file() && !entry.name().ends_with(".odttf") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            parts.insert(entry.name().to_string(), text);
        }
    }
    parts
}

/// Every paragraph of document.xml: its style and its text.
pub fn paragraphs(document: &str) -> Vec<(String, String)> {
    let xml = roxmltree::Document::parse(document).unwrap();
    xml.descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name("pStyle"))
                .and_then(|s| {
                    s.attributes()
                        .find(|a| a.name() == "val")
                        .map(|a| a.value().to_string())
                })
                .unwrap_or_default();
            let text: String = p
                .descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|t| t.text())
                .collect();
            (style, text)
        })
        .collect()
}

#[test]
fn the_samples_build_to_docx_with_styles_list_language_and_properties() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let run = motion(dir.path(), &["build", "motions", "--format", "docx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let path = dir
        .path()
        .join("out/2026-12-conseil-de-paris/p300-espaces-verts.docx");
    let parts = parts(&path);
    for part in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "docProps/core.xml",
    ] {
        assert!(parts.contains_key(part), "{part} missing");
        roxmltree::Document::parse(&parts[part]).unwrap_or_else(|e| panic!("{part}: {e}"));
    }

    let paragraphs = paragraphs(&parts["word/document.xml"]);
    let styled = |style: &str| -> Vec<&str> {
        paragraphs
            .iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(styled("MotionConseil"), ["Conseil de Paris"]);
    assert_eq!(
        styled("MotionSeance"),
        ["Séance des 8, 9 et 10\u{A0}décembre\u{A0}2026"]
    );
    assert_eq!(
        styled("MotionReference"),
        ["Vœu n°\u{A0}18 — 4e\u{A0}Commission"]
    );
    assert_eq!(
        styled("MotionTitre")[0],
        "Vœu relatif au plan 300\u{A0}hectares d’espaces verts supplémentaires d’ici 2040"
    );
    assert!(
        styled("MotionDepot")[0].starts_with("Déposé par Claire\u{A0}DUVAL, Mathieu\u{A0}ROCHER")
    );
    assert_eq!(styled("MotionVisa").len(), 2);
    assert_eq!(styled("MotionConsiderant").len(), 5);
    assert!(styled("MotionFormule")[0].ends_with("émet le vœu que la Ville de Paris\u{A0}:"));
    assert_eq!(styled("MotionDemande").len(), 4);
    let order: Vec<&str> = paragraphs
        .iter()
        .map(|(s, _)| s.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let position = |s: &str| order.iter().position(|x| *x == s).unwrap();
    assert!(position("MotionTitre") < position("MotionDepot"));
    assert!(position("MotionDepot") < position("MotionVisa"));
    assert!(position("MotionConsiderant") < position("MotionFormule"));
    assert!(position("MotionFormule") < position("MotionDemande"));

    let document = &parts["word/document.xml"];
    assert_eq!(
        document.matches("<w:numId w:val=\"2\" />").count(),
        4,
        "each request in the bulleted list"
    );
    assert!(
        document.contains("<w:vertAlign w:val=\"superscript\" />"),
        "4e as a superscript"
    );
    let numbering = &parts["word/numbering.xml"];
    assert!(
        numbering.contains("w:abstractNumId=\"2\"")
            && numbering.contains("<w:numFmt w:val=\"bullet\" />")
    );

    assert!(
        parts["word/settings.xml"].contains("<w:autoHyphenation w:val=\"true\" />"),
        "hyphenation on"
    );
    let styles = &parts["word/styles.xml"];
    assert!(styles.contains("<w:rPrDefault><w:rPr><w:lang w:val=\"fr-FR\""));
    assert!(styles.contains("w:default=\"1\" w:styleId=\"Normal\""));
    for id in [
        "MotionTitre",
        "MotionDepot",
        "MotionConsiderant",
        "MotionFormule",
        "MotionDemande",
    ] {
        let at = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("style {id}"));
        let end = at + styles[at..].find("</w:style>").unwrap();
        assert!(
            styles[at..end].contains("<w:basedOn w:val=\"Normal\" />"),
            "{id} is based on Normal"
        );
        assert!(
            styles[at..end].contains("<w:name w:val=\"Motion – "),
            "{id} has a French name"
        );
    }
    assert!(styles.contains("Libertinus Serif"));
    assert!(
        document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""),
        "A4"
    );

    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:title>Vœu relatif au plan 300\u{A0}hectares d’espaces verts supplémentaires d’ici 2040</dc:title>"));
    assert!(core.contains("<dc:creator>Claire DUVAL; Mathieu ROCHER; Inès BENKHALED; Julien MARCHETTI; Les Écologistes</dc:creator>"));
    assert!(core.contains("<cp:keywords>P300, espaces verts, climat</cp:keywords>"));
    assert!(core.contains("<dc:language>fr-FR</dc:language>"));
    assert!(core.contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-12-08T00:00:00Z</dcterms:created>"
    ));

    // Same input, same bytes.
    assert_eq!(
        motion(
            dir.path(),
            &["build", "motions", "--format", "docx", "--out", "again"]
        )
        .code,
        0
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(
            dir.path()
                .join("again/2026-12-conseil-de-paris/p300-espaces-verts.docx")
        )
        .unwrap()
    );
}

#[test]
fn text_is_data_in_the_docx() {
    let dir = temp();
    copy_into(
        &repo().join("tests/fixtures/render/hostile.toml"),
        dir.path(),
    );
    let run = motion(dir.path(), &["build", "hostile.toml", "--format", "docx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let parts = parts(&dir.path().join("out/hostile.docx"));
    let document = &parts["word/document.xml"];
    assert!(
        !document.contains('\u{B}'),
        "no control character reaches the XML"
    );
    let text: String = paragraphs(document)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n");
    for literal in [
        "<script>alert(’titre’)</script> & aux {{ variables }} {% if x %}",
        // A name prints on one line: its spaces are no-break spaces.
        "Claire\u{A0}<b>DUVAL</b>",
        "<img src=x onerror=alert(1)>",
        "&amp; &lt; &#x3C;",
        "]]> et <![CDATA[ x ]]>",
    ] {
        assert!(
            text.contains(literal),
            "« {literal} » is not in the DOCX text"
        );
    }
    let core = &parts["docProps/core.xml"];
    assert!(
        core.contains(
            "<dc:title>Vœu relatif à &lt;script&gt;alert(’titre’)&lt;/script&gt; &amp; aux"
        )
    );
}

/// The face a DOCX embeds under `tag` (embedRegular, embedBold, embedItalic), with the
/// obfuscation undone (ECMA-376: the key's hex digits read backwards, XORed over the
/// first 32 bytes).
fn embedded_face(path: &std::path::Path, tag: &str) -> Vec<u8> {
    let text = parts(path);
    let table = &text["word/fontTable.xml"];
    let rels = &text["word/_rels/fontTable.xml.rels"];
    // <w:embedRegular r:id="rIdFont1" w:fontKey="{…}" />
    let at = table.find(&format!("<w:{tag} ")).expect(tag);
    let element = &table[at..at + table[at..].find("/>").unwrap()];
    let attribute = |name: &str| {
        element
            .split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let (id, key) = (attribute("r:id"), attribute("w:fontKey"));
    let target = rels
        .split(&format!("Id=\"{id}\""))
        .nth(1)
        .unwrap()
        .split("Target=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut font = Vec::new();
    archive
        .by_name(&format!("word/{target}"))
        .unwrap()
        .read_to_end(&mut font)
        .unwrap();
    let hex: String = key.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    let mut bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    bytes.reverse();
    for (i, byte) in font.iter_mut().take(32).enumerate() {
        *byte ^= bytes[i % 16];
    }
    font
}

#[test]
fn the_docx_carries_its_fonts_cut_to_its_characters() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let run = motion(dir.path(), &["build", "motions", "--format", "docx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir
        .path()
        .join("out/2017-03-conseil-de-paris/amendement-reglement-interieur.docx");
    let text = parts(&path);
    let table = &text["word/fontTable.xml"];
    assert!(
        table.contains("<w:font w:name=\"Libertinus Serif\">"),
        "{table}"
    );
    assert!(table.contains("<w:family w:val=\"roman\" />"), "{table}");
    assert!(
        table.contains("<w:altName w:val=\"Times New Roman\" />"),
        "{table}"
    );
    assert!(text["[Content_Types].xml"].contains("Extension=\"odttf\""));
    for tag in ["embedRegular", "embedBold", "embedItalic"] {
        let font = embedded_face(&path, tag);
        let face = ttf_parser::Face::parse(&font, 0).expect("a font once the key is undone");
        // Cut to the document: its letters are there, others are not.
        for c in "Amendement règlement Exécutif « » — ’ 2017".chars() {
            assert!(face.glyph_index(c).is_some(), "{tag} lacks {c:?}");
        }
        assert!(face.glyph_index('Ж').is_none(), "{tag} is not cut");
        assert!(font.len() < 80_000, "{tag}: {} bytes", font.len());
    }
    // A document with a letter outside the common ones gets faces cut for it.
    let source = dir
        .path()
        .join("motions/2026-12-conseil-de-paris/p300-espaces-verts.toml");
    let text = std::fs::read_to_string(&source)
        .unwrap()
        .replace("Claire DUVAL", "Жанна DUVAL");
    std::fs::write(&source, text).unwrap();
    let run = motion(dir.path(), &["build", "motions", "--format", "docx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir
        .path()
        .join("out/2026-12-conseil-de-paris/p300-espaces-verts.docx");
    let font = embedded_face(&path, "embedRegular");
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    assert!(face.glyph_index('Ж').is_some(), "the regular face lacks Ж");
}
