//! Fuzz target (c): a motion with arbitrary text in every field, checked and, when it
//! passes, rendered to PDF, DOCX and HTML. Rendering must never fail or panic; the DOCX
//! must be a zip whose XML parts parse; the HTML must hold no tag the text brought in.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use motion::render::{self, Assets, Format, RenderOptions};
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

/// The texts of a motion. The council, status and reference are left to their defaults:
/// their forms are checked (M302, M307), and arbitrary ones would stop nearly every input
/// before rendering.
#[derive(Arbitrary, Debug)]
struct Fields {
    title: String,
    person: String,
    group: String,
    citation: String,
    considerants: Vec<String>,
    addressee: String,
    items: Vec<String>,
    number: u8,
    bis: bool,
}

/// A TOML string holding `text` exactly.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn list(items: &[String], prefix: &str) -> String {
    let quoted: Vec<String> = items
        .iter()
        .take(8)
        .map(|i| quoted(&format!("{prefix}{i} ;")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

static ASSETS: LazyLock<Assets> =
    LazyLock::new(|| Assets::load(None, None).expect("the embedded templates load"));

/// Inputs that reached the renderers, and all inputs: printed now and then, to see that
/// the fuzzer renders rather than stops at the check.
static RENDERED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static SEEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fuzz_target!(|fields: Fields| {
    let seen = SEEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    if seen.is_power_of_two() && seen >= 1024 {
        let rendered = RENDERED.load(std::sync::atomic::Ordering::Relaxed);
        eprintln!("render target: {rendered} of {seen} inputs rendered");
    }
    let considerants = if fields.considerants.is_empty() {
        vec![String::new()]
    } else {
        fields.considerants.clone()
    };
    let items = if fields.items.is_empty() {
        vec![String::new()]
    } else {
        fields.items.clone()
    };
    let number = u16::from(fields.number) + 1;
    let number = if fields.bis {
        format!("\"{number} bis\"")
    } else {
        number.to_string()
    };
    let source = format!(
        "title = {title}\nnumber = {number}\n\
         citations = [{citation}]\nconsiderants = {considerants}\n\
         [session]\ndates = [2026-12-08]\n\
         [authors]\npersons = [{person}]\ngroups = [{group}]\n\
         [request]\naddressee = {addressee}\nitems = {items}\n",
        title = quoted(&format!("Vœu {}", fields.title)),
        citation = quoted(&format!("Vu {} ;", fields.citation)),
        considerants = list(&considerants, "Considérant "),
        person = quoted(&format!("Claire {}", fields.person)),
        group = quoted(&format!("Groupe {}", fields.group)),
        addressee = quoted(&format!("la Ville {}", fields.addressee)),
        items = list(&items, "Demande "),
    );
    let compiled = motion::compile::compile_bytes(Path::new("fuzz.toml"), source.into_bytes());
    let Some(document) = compiled.document() else {
        assert!(compiled.diagnostics.iter().any(|d| d.is_error()));
        return;
    };
    RENDERED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let options = RenderOptions {
        build_time: render::BuildTime::from_unix(1_765_000_000).expect("a time"),
        pdf: render::pdf::PdfSettings {
            ident: "fuzz".into(),
            standards: render::pdf::DEFAULT_STANDARDS.to_vec(),
        },
        place: Default::default(),
    };
    for format in Format::all() {
        let bytes = match render::render(format, &document, &ASSETS, &options) {
            Ok(bytes) => bytes,
            // A character no bundled font has (an emoji): refused with a clear message,
            // by design (an archival PDF may not lack a glyph).
            Err(e)
                if format == Format::PDF && e.message.contains("n’existe dans aucune police") =>
            {
                return;
            }
            Err(e) => panic!("{format:?} failed: {}", e.message),
        };
        match format.extension() {
            "html" => {
                let html = String::from_utf8(bytes).expect("HTML is UTF-8");
                // The page's one script is its JSON-LD metadata; nothing else is live.
                assert_eq!(html.matches("<script").count(), 1, "a script came through");
                assert_eq!(html.matches("<style").count(), 1, "a style came through");
                for planted in ["<img", "<iframe", "<svg", "<object"] {
                    assert!(!html.contains(planted), "{planted} came through");
                }
            }
            "docx" => {
                let mut zip =
                    zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the DOCX is a zip");
                for i in 0..zip.len() {
                    let mut part = zip.by_index(i).expect("a readable part");
                    if part.name().ends_with(".xml") || part.name().ends_with(".rels") {
                        let mut xml = String::new();
                        part.read_to_string(&mut xml).expect("UTF-8 XML");
                        roxmltree::Document::parse(&xml)
                            .unwrap_or_else(|e| panic!("{} does not parse: {e}", part.name()));
                    }
                }
            }
            "pdf" => assert!(bytes.starts_with(b"%PDF-")),
            other => panic!("no check of {other} outputs in this target"),
        }
    }
});
