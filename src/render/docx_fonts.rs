//! The fonts a DOCX carries, so that it keeps its look on a machine without Libertinus
//! Serif: LibreOffice ignores a font table's family, panose and alternative name when a
//! font is missing (measured: it took DejaVu Sans), but it uses fonts embedded the way
//! Word embeds them. Each of the three faces the document uses (regular, bold, italic)
//! is cut to the characters of the document (allsorts keeps their cmap), obfuscated as
//! ECMA-376 asks (`.odttf`), and declared in the font table with a family, a panose and
//! "Times New Roman" as Word's fallback. Writing the document is `docx`'s.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::sync::OnceLock;

/// The family printed in the DOCX.
pub const FAMILY: &str = "Libertinus Serif";

/// The faces embedded: the part of the font table that names each, and its weight and
/// style.
const FACES: &[(&str, u16, bool)] = &[
    ("embedRegular", 400, false),
    ("embedBold", 700, false),
    ("embedItalic", 400, true),
];

/// Each face, found once among the embedded fonts.
fn faces() -> &'static [Option<typst::text::Font>] {
    static FACES_DATA: OnceLock<Vec<Option<typst::text::Font>>> = OnceLock::new();
    FACES_DATA.get_or_init(|| {
        let fonts: Vec<typst::text::Font> = typst_assets::fonts()
            .flat_map(|data| typst::text::Font::iter(typst::foundations::Bytes::new(data)))
            .collect();
        FACES
            .iter()
            .map(|(_, weight, italic)| {
                fonts
                    .iter()
                    .find(|f| {
                        let info = f.info();
                        info.family == FAMILY
                            && info.variant.weight.to_number() == *weight
                            && (info.variant.style == typst::text::FontStyle::Italic) == *italic
                    })
                    .cloned()
            })
            .collect()
    })
}

/// A face cut to the characters given (and the `.notdef` glyph), with its cmap.
fn cut(font: &typst::text::Font, characters: &BTreeSet<char>) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};
    let font: &[u8] = font.data().as_slice();
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    let mut glyphs: BTreeSet<u16> = characters
        .iter()
        .filter_map(|c| face.glyph_index(*c))
        .map(|g| g.0)
        .collect();
    glyphs.insert(0);
    let glyphs: Vec<u16> = glyphs.into_iter().collect();
    let data = ReadScope::new(font).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unrestricted,
    )
    .ok()
}

/// A GUID from bytes, as Word writes it: `{0123ABCD-…}`, and its 16 bytes in the order
/// the obfuscation uses them (the hex digits read backwards).
fn guid(seed: &[u8]) -> (String, [u8; 16]) {
    let hash = blake3::hash(seed);
    let bytes: [u8; 16] = hash.as_bytes()[..16].try_into().expect("16 of 32 bytes");
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    let text = format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    let mut key = bytes;
    key.reverse();
    (text, key)
}

/// ECMA-376 font obfuscation: the first 32 bytes XORed with the key.
fn obfuscate(mut font: Vec<u8>, key: &[u8; 16]) -> Vec<u8> {
    for (i, byte) in font.iter_mut().take(32).enumerate() {
        *byte ^= key[i % 16];
    }
    font
}

/// The font table of a DOCX: Libertinus Serif declared (a roman family, its panose,
/// Times New Roman as Word's fallback) with its embedded faces, then docx-rs's own
/// entries.
fn font_table(embeds: &str, others: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:font w:name=\"{FAMILY}\"><w:altName w:val=\"Times New Roman\" />\
         <w:panose1 w:val=\"02000503000000000000\" /><w:charset w:val=\"00\" />\
         <w:family w:val=\"roman\" /><w:pitch w:val=\"variable\" />{embeds}</w:font>{others}</w:fonts>"
    )
    .into_bytes()
}

/// The characters French texts use: ASCII, Latin-1, and the typographer's signs. A
/// document within them gets the faces cut and compressed once per process; one with
/// others (a Cyrillic name, a rare sign) gets its own cut.
fn common_characters() -> &'static BTreeSet<char> {
    static COMMON: OnceLock<BTreeSet<char>> = OnceLock::new();
    COMMON.get_or_init(|| {
        (' '..='~')
            .chain('\u{A0}'..='\u{FF}')
            .chain("œŒŸ’‘‚“”„«»—–‒…·•◦€‰′″\u{202F}\u{2011}\u{2009}\u{200A}²³¹ⁿ№†‡‹›".chars())
            .collect()
    })
}

/// A face ready to embed: its key as the font table writes it, and its obfuscated bytes.
struct Embedded {
    key: String,
    odttf: Vec<u8>,
}

/// Cuts a face to the characters and obfuscates it with a key from its bytes.
fn prepare(face: &typst::text::Font, characters: &BTreeSet<char>) -> Option<Embedded> {
    let cut = cut(face, characters)?;
    let (key, bytes) = guid(&cut);
    Some(Embedded {
        key,
        odttf: obfuscate(cut, &bytes),
    })
}

/// The faces for the common characters, made once.
fn common_faces() -> &'static [Option<Embedded>] {
    static CUT: OnceLock<Vec<Option<Embedded>>> = OnceLock::new();
    CUT.get_or_init(|| {
        faces()
            .iter()
            .map(|face| face.as_ref().and_then(|f| prepare(f, common_characters())))
            .collect()
    })
}

/// The common faces compressed once, in a small zip of their own: each DOCX copies them
/// as they are (cutting and compressing the fonts for every document made the cold
/// build of 1,000 motions take 5.32 s instead of 3.95 s; cutting once but compressing
/// each time, 5.57 s: one run each).
fn common_zip() -> &'static Option<Vec<u8>> {
    static ZIP: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    ZIP.get_or_init(|| {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o644);
        for (i, face) in common_faces().iter().enumerate() {
            let Some(face) = face else { continue };
            out.start_file(font_part(i), deflated).ok()?;
            out.write_all(&face.odttf).ok()?;
        }
        out.finish().ok().map(|c| c.into_inner())
    })
}

/// Where the i-th face goes in the package.
fn font_part(i: usize) -> String {
    format!("word/fonts/font{}.odttf", i + 1)
}

/// Adds the cut faces to a packed DOCX (`docx`), for the characters of `text`. The same
/// text gives the same bytes (the keys come from the faces' bytes).
pub fn embed(docx: Vec<u8>, text: &str) -> Result<Vec<u8>, String> {
    let mut characters: BTreeSet<char> = text.chars().filter(|c| !c.is_control()).collect();
    // The page numbers of the footer and the list's bullet.
    characters.extend("0123456789/•– ".chars());
    let common = characters.is_subset(common_characters());
    if !common {
        characters.extend(common_characters());
    }
    let mut own: Vec<(String, Vec<u8>)> = Vec::new();
    let mut embeds = String::new();
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (i, ((tag, _, _), face)) in FACES.iter().zip(faces()).enumerate() {
        let Some(face) = face else { continue };
        let prepared;
        let embedded = if common {
            common_faces()[i].as_ref()
        } else {
            prepared = prepare(face, &characters);
            prepared.as_ref()
        };
        let Some(embedded) = embedded else { continue };
        embeds.push_str(&format!(
            "<w:{tag} r:id=\"rIdFont{}\" w:fontKey=\"{}\" />",
            i + 1,
            embedded.key
        ));
        rels.push_str(&format!(
            "<Relationship Id=\"rIdFont{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/font\" Target=\"fonts/font{}.odttf\"/>",
            i + 1,
            i + 1
        ));
        if !common {
            own.push((font_part(i), embedded.odttf.clone()));
        }
    }
    rels.push_str("</Relationships>");
    if embeds.is_empty() {
        return Ok(docx);
    }
    let copied = if common {
        common_zip().as_deref()
    } else {
        None
    };
    rewrite(docx, &embeds, &rels, own, copied)
}

/// Copies the DOCX's parts, replacing the font table and the content types, and adds the
/// fonts and their relationships.
fn rewrite(
    docx: Vec<u8>,
    embeds: &str,
    rels: &str,
    fonts: Vec<(String, Vec<u8>)>,
    copied: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let why = |e: &dyn std::fmt::Display| format!("polices du DOCX : {e}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(|e| why(&e))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o644);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| why(&e))?;
        let name = file.name().to_string();
        if file.is_dir() {
            out.add_directory(name, stored).map_err(|e| why(&e))?;
            continue;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| why(&e))?;
        let bytes = match name.as_str() {
            "word/fontTable.xml" => {
                let text = String::from_utf8_lossy(&bytes);
                // docx-rs's entries (Times New Roman, Symbol, Arial) after ours.
                let others = text
                    .find("<w:font ")
                    .and_then(|start| text.rfind("</w:fonts>").map(|end| &text[start..end]))
                    .unwrap_or_default();
                font_table(embeds, others)
            }
            "[Content_Types].xml" => String::from_utf8_lossy(&bytes)
                .replacen(
                    "</Types>",
                    "<Default Extension=\"odttf\" ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\"/></Types>",
                    1,
                )
                .into_bytes(),
            _ => bytes,
        };
        out.start_file(name, stored).map_err(|e| why(&e))?;
        out.write_all(&bytes).map_err(|e| why(&e))?;
    }
    out.start_file("word/_rels/fontTable.xml.rels", stored)
        .map_err(|e| why(&e))?;
    out.write_all(rels.as_bytes()).map_err(|e| why(&e))?;
    out.add_directory("word/fonts/", stored)
        .map_err(|e| why(&e))?;
    for (name, bytes) in fonts {
        out.start_file(name, deflated).map_err(|e| why(&e))?;
        out.write_all(&bytes).map_err(|e| why(&e))?;
    }
    if let Some(copied) = copied {
        let mut fonts = zip::ZipArchive::new(std::io::Cursor::new(copied)).map_err(|e| why(&e))?;
        for i in 0..fonts.len() {
            let file = fonts.by_index_raw(i).map_err(|e| why(&e))?;
            out.raw_copy_file(file).map_err(|e| why(&e))?;
        }
    }
    Ok(out.finish().map_err(|e| why(&e))?.into_inner())
}
