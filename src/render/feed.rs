//! Atom feeds (RFC 4287) of the archive and of each tag: the motions newest first, each
//! with its title, authors, séance, outcome and a link to its page. Links are relative
//! to the feed (readers resolve them against its address); ids are URNs made from each
//! motion's place in the archive, stable across builds; dates are the séances' (never
//! the clock: same input, same bytes).

use super::{IndexEntry, escape};

/// The most entries a feed carries (the newest).
pub const FEED_ENTRIES: usize = 200;

/// A feed of `entries` (already newest first): its title, its id, its own path from
/// the output folder, and how to reach the output folder from it (`""` or `"../"`).
pub fn atom(title: &str, id: &str, entries: &[IndexEntry], up: &str) -> String {
    let updated = entries
        .iter()
        .map(entry_date)
        .max()
        .unwrap_or_else(|| "1970-01-01".into());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n",
    );
    // First: how a later build knows the file is its own.
    out.push_str(&format!(
        "  <generator version=\"{}\">motion</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    element(&mut out, "  ", "title", title);
    element(&mut out, "  ", "id", id);
    out.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{up}{}\"/>\n",
        super::INDEX_FILE
    ));
    for entry in entries.iter().take(FEED_ENTRIES) {
        out.push_str("  <entry>\n");
        let title = match &entry.number {
            Some(number) if !super::document::title_has_number(&entry.plain_title, number) => {
                format!("{} n° {number} — {}", entry.kind, entry.plain_title)
            }
            _ => entry.plain_title.clone(),
        };
        element(&mut out, "    ", "title", &title.replace('\u{A0}', " "));
        let page = entry
            .outputs
            .iter()
            .find(|o| o.href.ends_with(".html"))
            .or(entry.outputs.first());
        let place = page.map_or_else(|| entry.plain_title.clone(), |p| p.href.clone());
        element(
            &mut out,
            "    ",
            "id",
            &format!("urn:motion:{}", urn_part(&place)),
        );
        out.push_str(&format!(
            "    <updated>{}T00:00:00Z</updated>\n",
            entry_date(entry)
        ));
        if !entry.authors.is_empty() {
            out.push_str("    <author>\n");
            element(&mut out, "      ", "name", &entry.authors);
            out.push_str("    </author>\n");
        }
        for output in &entry.outputs {
            let rel = if output.href.ends_with(".html") {
                "alternate"
            } else {
                "enclosure"
            };
            let mut href = String::new();
            escape(
                &super::html::url_path(&format!("{up}{}", output.href)),
                &mut href,
            );
            let kind = super::Format::all()
                .find(|f| output.href.ends_with(&format!(".{}", f.extension())))
                .map_or("application/octet-stream", |f| f.writer().content_type);
            out.push_str(&format!(
                "    <link rel=\"{rel}\" type=\"{kind}\" href=\"{href}\" title=\"{}\"/>\n",
                output.label
            ));
        }
        let summary = format!(
            "{} — {}, {}. {}.",
            entry.kind,
            entry.council_name,
            crate::text::lower_first(&entry.session_plain()),
            crate::text::upper_first(&entry.status_text())
        );
        element(&mut out, "    ", "summary", &summary.replace('\u{A0}', " "));
        for tag in &entry.tags {
            let mut term = String::new();
            escape(tag, &mut term);
            out.push_str(&format!("    <category term=\"{term}\"/>\n"));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    out.push_str(&format!("<{name}>"));
    escape(text, out);
    out.push_str(&format!("</{name}>\n"));
}

/// The séance's first day (or the first of its month), `YYYY-MM-DD`.
fn entry_date(entry: &IndexEntry) -> String {
    if let Some(date) = entry.date {
        return date.to_string();
    }
    match entry.period.len() {
        7 => format!("{}-01", entry.period),
        10 => entry.period.clone(),
        _ => "1970-01-01".into(),
    }
}

/// A path as the part of a URN: letters, digits and `-._~/` kept, the rest
/// percent-encoded.
fn urn_part(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
