//! Property tests over every format: a motion that `check` accepts, with arbitrary text in
//! every field (letters of the scripts the bundled fonts cover, typst/HTML/XML/markup
//! characters, control and invisible characters, words of thousands of letters without a
//! space) renders to PDF, DOCX and HTML without error: what check accepts, build builds; the HTML holds the text escaped, the DOCX is a zip whose XML parses, and the text
//! of each output holds the letters of every field, in order. (A character that no
//! bundled font has, an emoji, is refused with a clear message, and stacked combining
//! marks render to valid files: both in tests/fixtures/hostile. Combining marks are left
//! out here because the PDF text reader splits a base letter from a mark it cannot
//! compose.)

use motion::render::{self, Assets, Format, RenderOptions};
use proptest::prelude::*;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

static ASSETS: LazyLock<Assets> = LazyLock::new(|| Assets::load(None, None).unwrap());

/// Text from the repertoire of the bundled fonts, with the characters that mean
/// something to typst, HTML, XML, Jinja or the inline markup, and invisible ones.
fn field() -> impl Strategy<Value = String> {
    let ranges = vec![
        ' '..='~',
        '\u{A0}'..='\u{17F}',
        '\u{391}'..='\u{3A1}',
        '\u{3A3}'..='\u{3C9}',
        '\u{410}'..='\u{44F}',
        '\u{2010}'..='\u{2027}',
        '\u{0}'..='\u{1F}',
        '\u{200B}'..='\u{200F}',
        '\u{202A}'..='\u{202E}',
    ];
    let text = proptest::collection::vec(proptest::char::ranges(ranges.into()), 1..40)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    // Now and then a word far longer than a line (a pasted URL, a run of letters): it
    // must print, broken where it has to be.
    // Past 16,383 letters, one unbroken run made a PDF string longer than PDF/A allows.
    let long_word = (
        proptest::sample::select(vec!['a', 'É', 'x', '-', '/', 'ω']),
        prop_oneof![41usize..3000, 16_384usize..17_000],
    )
        .prop_map(|(c, n)| std::iter::repeat_n(c, n).collect::<String>());
    prop_oneof![6 => text, 1 => long_word]
}

/// The letters of a text, lower-cased, in normal form C.
fn letters(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where `wanted`'s characters end in `text`, found in order one after the other.
fn in_order(text: &str, wanted: &str) -> Option<usize> {
    let mut end = 0;
    for c in wanted.chars() {
        end += text[end..].find(c)? + c.len_utf8();
    }
    Some(end)
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("t"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("")
}

/// The text of an HTML page, checking on the way that every `<` opens one of the
/// elements the templates write: the motion's own `<` arrives as `&lt;`.
fn html_text(html: &str) -> String {
    const TAGS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "style", "script", "body", "main", "header",
        "footer", "section", "article", "div", "p", "h1", "h2", "ul", "ol", "li", "a", "em",
        "strong", "code", "sup", "span", "hr", "link", "nav", "aside", "dl", "dt", "dd", "br",
        "small", "abbr", "time", "address", "ul",
    ];
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected <{name} in the page"
        );
        let end = tag.find('>').expect("a closed tag");
        // The content of scripts and styles is not text.
        rest = if name == "script" || name == "style" {
            let close = format!("</{name}>");
            let at = tag.find(&close).expect("a closed element");
            &tag[at + close.len()..]
        } else {
            &tag[end + 1..]
        };
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_text_in_every_field_renders_in_every_format(
        title in field(),
        person in field(),
        group in field(),
        citation in field(),
        considerants in proptest::collection::vec(field(), 1..4),
        addressee in field(),
        items in proptest::collection::vec(field(), 1..4),
    ) {
        let list = |items: &[String], prefix: &str| {
            let quoted: Vec<String> = items.iter().map(|i| quoted(&format!("{prefix} {i} ;"))).collect();
            format!("[{}]", quoted.join(", "))
        };
        let fields = [
            format!("Vœu {title}"),
            format!("Claire {person} DUVAL"),
            format!("Groupe {group}"),
            format!("Vu {citation} ;"),
            format!("la Ville {addressee}"),
        ];
        let source = format!(
            "title = {}\nnumber = 12\ncitations = [{}]\nconsiderants = {}\n\
             [session]\ndates = [2026-12-08]\n\
             [authors]\npersons = [{}]\ngroups = [{}]\n\
             [request]\naddressee = {}\nitems = {}\n",
            quoted(&fields[0]), quoted(&fields[3]), list(&considerants, "Considérant"),
            quoted(&fields[1]), quoted(&fields[2]), quoted(&fields[4]), list(&items, "Demande"),
        );
        // Within the limits of one motion (100,000 characters), which several long words
        // may pass.
        prop_assume!(source.chars().count() < 95_000);
        let compiled = motion::compile::compile_bytes(Path::new("prop.toml"), source.clone().into_bytes());
        let document = compiled
            .document()
            .unwrap_or_else(|| panic!("{source}\n{:#?}", compiled.diagnostics));
        let motion = motion::typography::typeset_motion(compiled.motion.expect("it passed"));
        // What each field prints: its text after markup, without invisible characters.
        let mut expected: Vec<String> = vec![motion.title.to_plain_string()];
        expected.extend(motion.authors.persons.iter().map(|p| p.name.to_plain_string()));
        expected.extend(motion.authors.groups.iter().map(|t| t.to_plain_string()));
        expected.extend(motion.citations.iter().flat_map(|i| i.texts()).map(|t| t.to_plain_string()));
        expected.extend(motion.considerants.iter().flat_map(|i| i.texts()).map(|t| t.to_plain_string()));
        if let motion::model::Operative::Voeu { addressee, requests } = &motion.operative {
            expected.extend(addressee.iter().map(|t| t.to_plain_string()));
            expected.extend(requests.iter().flat_map(|i| i.texts()).map(|t| t.to_plain_string()));
        }
        let options = RenderOptions {
            build_time: render::BuildTime::from_unix(1_765_000_000).expect("a time"),
            pdf: render::pdf::PdfSettings {
                ident: "prop".into(),
                standards: render::pdf::DEFAULT_STANDARDS.to_vec(),
            },
            place: Default::default(),
        };
        let mut texts = Vec::new();
        // Every writer of the registry; each needs a reader of its text here.
        for format in Format::all() {
            let bytes = render::render(format, &document, &ASSETS, &options)
                .unwrap_or_else(|e| panic!("{format:?}: {}\n{source}", e.message));
            texts.push((format, match format.extension() {
                "html" => html_text(std::str::from_utf8(&bytes).unwrap()),
                "docx" => docx_text(&bytes),
                "pdf" => pdf_extract::extract_text_from_mem(&bytes).unwrap(),
                other => panic!("no reader of the text of {other} outputs in this test"),
            }));
        }
        for (format, text) in &texts {
            let printed = letters(text);
            let mut from = 0;
            for field in &expected {
                let wanted = letters(field);
                let end = if *format == Format::PDF {
                    // A cluster of several glyphs (a letter joined to a symbol by U+200D)
                    // carries its text twice: in a /ActualText span, which PDF readers
                    // use (poppler prints it once), and in the ToUnicode entry of its
                    // last glyph, which pdf_extract reads instead, after the letter's
                    // own glyph: "a\u{200d}©" reads "aa©". Its letters are checked
                    // in order, each after the previous one, not as one run.
                    in_order(&printed[from..], &wanted)
                } else {
                    printed[from..].find(&wanted).map(|at| at + wanted.len())
                };
                prop_assert!(end.is_some(), "{format:?} lacks {wanted:?} (from {field:?})\n{printed}");
                from += end.unwrap_or(0);
            }
        }
    }
}
