//! What the preview adds to the files it serves, never to the files on disk: in every
//! HTML page, the script that reloads it when a build changed what it shows, and the
//! overlay of the errors of its motion; a PDF opened in the browser is shown in a page of
//! its own (the browser's viewer in a frame) so that it reloads too; a page not built
//! (its motion has errors) says why. Each answer carries a tag (ETag) made of the file
//! and of the errors shown over it: the script compares it after each build.

use super::{Live, LiveState, Response};
use crate::render::escape;
use std::path::Path;

/// The stream of build events.
pub const EVENTS: &str = "/__motion/events";
/// The reload script.
pub const SCRIPT: &str = "/__motion/live.js";

/// What a file's name must have encoded to be a link's path segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The most of the diagnostics an overlay shows (the index shows every motion's).
const OVERLAY_MAX: usize = 256 * 1024;

/// The reload script: listens to the build events; after each, asks for the page's tag
/// (HEAD) and reloads when it changed, keeping the scroll position; the overlay hides
/// with its button or Escape.
pub fn script() -> &'static str {
    r#"(() => {
  "use strict";
  const script = document.currentScript;
  const tag = script.dataset.tag;
  let generation = script.dataset.generation;
  const key = "motion-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const restore = () => scrollTo(0, Number(saved));
    restore();
    addEventListener("load", restore);
  }
  const overlay = document.getElementById("motion-overlay");
  if (overlay) {
    const hide = () => { overlay.hidden = true; };
    document.getElementById("motion-overlay-hide").addEventListener("click", hide);
    addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
  }
  let checking = false;
  let again = false;
  async function check() {
    if (checking) { again = true; return; }
    checking = true;
    try {
      do {
        again = false;
        const answer = await fetch(location.pathname, { method: "HEAD", cache: "no-store" });
        if (answer.headers.get("ETag") !== tag) {
          sessionStorage.setItem(key, String(scrollY));
          location.reload();
          return;
        }
      } while (again);
    } catch (error) {
      // The preview stopped: the page stays as it is.
    } finally {
      checking = false;
    }
  }
  const events = new EventSource("/__motion/events");
  events.addEventListener("build", (event) => {
    if (event.data !== generation) {
      generation = event.data;
      check();
    }
  });
})();
"#
}

/// The answer for a file of the output folder (`relative` is its path from the folder).
/// `document`: the browser shows it as a page (a PDF then gets its view); `?raw` asks
/// for the PDF itself.
pub(super) fn answer(
    live: &Live,
    file: &Path,
    relative: &str,
    query: Option<&str>,
    document: bool,
) -> Response {
    let Ok(bytes) = std::fs::read(file) else {
        return not_found(live, Some(relative));
    };
    let (overlay, generation) = live.with(|state| (overlay(state, relative), state.generation));
    let tag = tag(Some(&bytes), &overlay);
    let extension = relative.rsplit_once('.').map_or("", |(_, e)| e);
    let html = |body: String| {
        Response::new(200, "text/html; charset=utf-8", body.into()).header("ETag", tag.clone())
    };
    match extension {
        "html" | "htm" => {
            let page = String::from_utf8_lossy(&bytes);
            html(inject(&page, &overlay, &tag, generation))
        }
        "pdf" if document && query != Some("raw") => {
            html(pdf_view(relative, &overlay, &tag, generation))
        }
        _ => Response::new(200, content_type(extension), bytes).header("ETag", tag),
    }
}

/// A page that is not there: a motion's that was never built says so with its errors;
/// it reloads by itself when a build writes it.
pub(super) fn not_found(live: &Live, relative: Option<&str>) -> Response {
    let (overlay, generation) = live.with(|state| {
        let overlay = relative.map_or_else(String::new, |r| overlay(state, r));
        (overlay, state.generation)
    });
    let tag = tag(None, &overlay);
    let message = if overlay.is_empty() {
        "Rien ici : ni page, ni fichier de ce nom dans les sorties."
    } else {
        "Cette motion n’a pas encore été construite : elle a des erreurs."
    };
    let mut body = String::from(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Introuvable — aperçu de motion</title>\n</head>\n<body>\n<main>\n<h1>",
    );
    escape(message, &mut body);
    body.push_str(
        "</h1>\n<p><a href=\"/\">Index de l’archive</a></p>\n</main>\n</body>\n</html>\n",
    );
    Response::new(
        404,
        "text/html; charset=utf-8",
        inject(&body, &overlay, &tag, generation).into(),
    )
    .header("ETag", tag)
}

/// The tag of what a page shows: its file and its overlay.
fn tag(bytes: Option<&[u8]>, overlay: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    match bytes {
        Some(bytes) => {
            hasher.update(b"file");
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        None => {
            hasher.update(b"missing");
        }
    }
    hasher.update(overlay.as_bytes());
    format!("\"{}\"", &hasher.finalize().to_hex()[..32])
}

/// The page with the overlay and the script, before its `</body>`.
fn inject(page: &str, overlay: &str, tag: &str, generation: u64) -> String {
    let mut added = String::from(overlay);
    added.push_str("<script src=\"");
    added.push_str(SCRIPT);
    added.push_str("\" data-tag=\"");
    escape(tag, &mut added);
    added.push_str(&format!("\" data-generation=\"{generation}\"></script>\n"));
    let at = page
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + added.len());
    out.push_str(&page[..at]);
    out.push_str(&added);
    out.push_str(&page[at..]);
    out
}

/// The page that shows a PDF in the browser's viewer.
fn pdf_view(relative: &str, overlay: &str, tag: &str, generation: u64) -> String {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    escape(name, &mut page);
    page.push_str(
        " — aperçu de motion</title>\n<style>html,body{margin:0;height:100%}\
         iframe{display:block;border:0;width:100%;height:100%}</style>\n</head>\n<body>\n\
         <iframe src=\"",
    );
    let encoded = percent_encoding::utf8_percent_encode(name, SEGMENT);
    escape(&format!("{encoded}?raw"), &mut page);
    page.push_str("\" title=\"");
    escape(name, &mut page);
    page.push_str("\"></iframe>\n</body>\n</html>\n");
    inject(&page, overlay, tag, generation)
}

/// The overlay of the errors that a page's motion has (the index: every motion's), and
/// of those of no motion; empty when there are none.
fn overlay(state: &LiveState, relative: &str) -> String {
    let stem = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    let mut sources = Vec::new();
    let mut text = String::new();
    let index = relative == crate::render::INDEX_FILE;
    if index {
        for errors in state.errors.values() {
            if text.len() > OVERLAY_MAX {
                text.push_str("…\n");
                break;
            }
            sources.push(errors.source.as_str());
            text.push_str(&errors.text);
        }
    } else if let Some(errors) = state.errors.get(stem) {
        sources.push(errors.source.as_str());
        text.push_str(&errors.text);
    }
    for general in &state.general {
        text.push_str(general);
        text.push('\n');
    }
    if text.is_empty() {
        return String::new();
    }
    let title = match (index, sources.len()) {
        (_, 0) => "La construction a des erreurs".to_string(),
        (false, _) => {
            "Cette motion a des erreurs : la page montre sa dernière version construite".to_string()
        }
        (true, n) => format!(
            "{} en erreur : l’archive montre {} dernière version construite",
            crate::diag::plural(n, "motion", "motions"),
            if n >= 2 { "leur" } else { "sa" }
        ),
    };
    // Over the page, dimmed but visible behind: the last good version is still there.
    let mut out = String::from(
        "<div id=\"motion-overlay\" role=\"alertdialog\" aria-labelledby=\"motion-overlay-title\" \
         style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;\
         padding:2rem 1rem;background:rgba(0,0,0,.55)\">\n<div style=\"max-width:60rem;margin:0 auto;\
         padding:1.5rem 2rem;background:#18181b;color:#fafafa;border-top:.5rem solid #ef4444;\
         box-shadow:0 .5rem 2rem rgba(0,0,0,.5);font:16px/1.5 system-ui,sans-serif\">\n\
         <h2 id=\"motion-overlay-title\" style=\"margin:0 0 .5rem;font-size:1.25rem;color:#fca5a5\">",
    );
    escape(&title, &mut out);
    out.push_str("</h2>\n<p style=\"margin:0 0 1rem\">");
    let fix = match sources.as_slice() {
        [one] => format!("Corrigez {one} et enregistrez : la page se met à jour d’elle-même."),
        _ => "Corrigez et enregistrez : la page se met à jour d’elle-même.".to_string(),
    };
    escape(&fix, &mut out);
    out.push_str(
        "</p>\n<pre style=\"margin:0 0 1rem;white-space:pre-wrap;font:14px/1.45 ui-monospace,\
         monospace;background:#27272a;color:#fafafa;padding:1rem\">",
    );
    escape(&text, &mut out);
    out.push_str(
        "</pre>\n<button type=\"button\" id=\"motion-overlay-hide\" \
         style=\"font:inherit;padding:.25rem 1rem\">Masquer (Échap)</button>\n</div>\n</div>\n",
    );
    out
}

fn content_type(extension: &str) -> &'static str {
    match extension {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "txt" | "toml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_body_ends_and_text_stays_text() {
        let mut state = LiveState::default();
        state.errors.insert(
            "a/b".into(),
            super::super::MotionErrors {
                source: "a/b.toml".into(),
                text: "erreur : <script>alert(1)</script>".into(),
            },
        );
        let overlay = overlay(&state, "a/b.html");
        assert!(overlay.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(overlay.contains("Corrigez a/b.toml"));
        let page = inject("<html><body><p>x</p></BODY></html>", &overlay, "\"t\"", 3);
        let script = page.find(SCRIPT).unwrap();
        assert!(page.find("<p>x</p>").unwrap() < script);
        assert!(script < page.find("</BODY>").unwrap());
        assert!(page.contains("data-tag=\"&quot;t&quot;\" data-generation=\"3\""));
        // Another motion's page shows nothing; the index shows every motion's.
        assert!(super::overlay(&state, "a/c.html").is_empty());
        assert!(super::overlay(&state, "index.html").contains("1 motion en erreur"));
    }
}
