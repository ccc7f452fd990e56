//! Golden tests: every sample of motions/ built in every format, and what each output
//! says compared with the reviewed copy in tests/golden/: the PDF's text as a reader
//! extracts it, the DOCX's paragraphs with their styles, the HTML page's article. A
//! change of wording, order or structure shows as a diff; `MOTION_BLESS=1 cargo test`
//! rewrites the copies (review the diff before committing).

use super::docx::{paragraphs, parts};
use super::harness::{copy_into, differs_from_expected, motion, repo, temp};
use std::path::Path;

/// The PDF's text, one line per line the reader finds, spaces as it gives them.
fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The DOCX's paragraphs, `Style | text`, no-break spaces shown as `~` and `⍽`.
fn docx_text(path: &Path) -> String {
    let parts = parts(path);
    paragraphs(&parts["word/document.xml"])
        .into_iter()
        .map(|(style, text)| format!("{style} | {}\n", shown(&text)))
        .collect()
}

/// The HTML page's `<article>`, as written.
fn html_article(path: &Path) -> String {
    let page = std::fs::read_to_string(path).unwrap();
    let start = page.find("<article").expect("an article");
    let end = page.find("</article>").expect("its end") + "</article>".len();
    format!("{}\n", shown(&page[start..end]))
}

/// No-break spaces made visible: where a line may not break is part of what is tested.
fn shown(text: &str) -> String {
    text.replace('\u{A0}', "~").replace('\u{202F}', "⍽")
}

#[test]
fn every_sample_prints_as_its_reviewed_copy_in_every_format() {
    let failures = compare_with_goldens(
        &repo().join("motions"),
        "motions",
        &repo().join("tests/golden"),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The published texts of ../shared/corpus written by hand in the format
/// (tests/fixtures/published): every form the format gives to published texts (the
/// outcome first, the filing line above the title or none, the publication notice, a
/// preamble, a formula in two paragraphs, requests with their own markers, persons
/// paired with a group…) in the three formats.
#[test]
fn every_published_text_prints_as_its_reviewed_copy_in_every_format() {
    let failures = compare_with_goldens(
        &repo().join("tests/fixtures/published"),
        "published",
        &repo().join("tests/golden/published"),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Builds every motion of `sources` (copied as `name`) in every format and compares what
/// each output says with its copy under `golden`; returns what differs.
fn compare_with_goldens(sources: &Path, name: &str, golden: &Path) -> Vec<String> {
    let dir = temp();
    copy_into(sources, dir.path());
    let copied = dir.path().join(sources.file_name().unwrap());
    if copied != dir.path().join(name) {
        std::fs::rename(&copied, dir.path().join(name)).unwrap();
    }
    let run = motion(dir.path(), &["build", name, "--no-search"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = dir.path().join("out");
    let mut samples: Vec<_> = walkdir::WalkDir::new(sources)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "toml")
                && e.file_name() != "defaults.toml"
                && e.file_name() != "tags.toml"
        })
        .map(|e| e.path().strip_prefix(sources).unwrap().with_extension(""))
        .collect();
    samples.sort();
    assert!(samples.len() >= 10, "{samples:?}");
    let mut failures = Vec::new();
    for sample in &samples {
        let built = out.join(sample);
        for (format, text) in [
            ("pdf", pdf_text(&built.with_extension("pdf"))),
            ("docx", docx_text(&built.with_extension("docx"))),
            ("html", html_article(&built.with_extension("html"))),
        ] {
            // `differs_from_expected` compares with the `.expected` file beside this name:
            // tests/golden/2026-12-conseil-de-paris/fontaines-groupe.pdf.expected.
            let fixture = golden.join(format!("{}.{format}.golden", sample.display()));
            std::fs::create_dir_all(fixture.parent().unwrap()).unwrap();
            let expected = fixture.with_extension("expected");
            if !expected.exists() && std::env::var_os("MOTION_BLESS").is_none() {
                failures.push(format!(
                    "{} is missing: run MOTION_BLESS=1 cargo test",
                    expected.display()
                ));
                continue;
            }
            failures.extend(differs_from_expected(&fixture, &text));
        }
    }
    failures
}
