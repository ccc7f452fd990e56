//! The hostile corpus: every file in tests/fixtures/hostile/ (bad encodings, control
//! characters, sizes past the limits, deep nesting, duplicate keys, impossible dates,
//! Unicode tricks, typst/HTML/Jinja/XML markup, dangerous links) is built in a temporary
//! copy. Its exit code, diagnostics and the outputs written must match the `.expected`
//! file beside it (`MOTION_BLESS=1 cargo test` rewrites them; review the diff), within a
//! time limit, without a panic, and every output written must be complete and valid.
//! Larger cases (10 MB, 100,000 considérants) and file-name tricks are generated here.

use super::harness::{
    Run, assert_whole_bundle_file, copy_into, differs_from_expected, repo, seance_listing, temp,
    write,
};
use motion::render::Format;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Runs `motion ARGS` in `dir`, killed (and the test failed) past `limit`.
fn motion_within(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the motion binary runs");
    let start = Instant::now();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).map(|_| s)
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).map(|_| s)
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("motion {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out_reader.join().unwrap().unwrap();
    let stderr = err_reader.join().unwrap().unwrap();
    Run {
        code: status
            .code()
            .expect("motion exits with a code, not a signal"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// Debug builds are slow; no hostile file may take longer than this.
const LIMIT: Duration = Duration::from_secs(120);

/// Checks every output under `out` is whole and valid; returns their paths, relative.
fn check_outputs(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let relative = path
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).unwrap();
        // The search's bundle and page: whole, and not a motion's.
        if relative.starts_with("pagefind/") {
            assert_whole_bundle_file(&relative, &bytes);
            continue;
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{relative}: {e}"));
            }
            Some(extension) if Format::by_name(extension).is_some() => {
                assert_valid_output(extension, &relative, &bytes)
            }
            Some("xml") => {
                let text = String::from_utf8(bytes).unwrap();
                roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{relative}: {e}"));
            }
            _ if relative == ".motion.lock" => continue,
            _ => panic!("unexpected file {relative}"),
        }
        if ![
            "manifest.json",
            "ledger.json",
            "index.html",
            "recherche.html",
        ]
        .contains(&relative.as_str())
        {
            found.push(relative);
        }
    }
    found
}

/// Checks an output of the format named `extension` with its reader; a format of the
/// registry without one here fails, so that a new writer gets its check.
pub fn assert_valid_output(extension: &str, name: &str, bytes: &[u8]) {
    match extension {
        "pdf" => assert_valid_pdf(name, bytes),
        "docx" => assert_valid_docx(name, bytes),
        "html" => assert_safe_html(name, bytes),
        other => panic!("{name}: no check of {other} outputs in the tests"),
    }
}

/// What a build prints, the same whatever writers the registry holds: the list of
/// formats of the summary is `formats`, and the per-format counts are one line when they
/// are the same for every format; the outputs of a motion in every format are `stem.*`.
fn without_the_registry(stderr: &str, outputs: &[String]) -> (String, String) {
    let labels: Vec<&str> = Format::all().map(|f| f.label()).collect();
    let listed = format!("{} : ", labels.join(", "));
    let mut lines: Vec<String> = Vec::new();
    let mut counts: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix(&listed) {
            lines.push(format!("formats : {rest}"));
        } else if let Some(count) = labels
            .iter()
            .find_map(|label| line.strip_prefix(&format!("  {label} : ")))
        {
            counts.push(count.to_string());
            if counts.len() == labels.len() {
                if counts.iter().all(|c| *c == counts[0]) {
                    lines.push(format!("  chaque format : {}", counts[0]));
                } else {
                    let each = labels
                        .iter()
                        .zip(&counts)
                        .map(|(l, c)| format!("  {l} : {c}"));
                    lines.extend(each);
                }
            }
        } else {
            lines.push(line.to_string());
        }
    }
    let mut stems: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for output in outputs {
        if let Some((stem, _)) = output.rsplit_once('.') {
            *stems.entry(stem).or_default() += 1;
        }
    }
    let mut shown: Vec<String> = Vec::new();
    for output in outputs {
        let stem = output
            .rsplit_once('.')
            .map_or(output.as_str(), |(stem, _)| stem);
        if stems.get(stem) == Some(&labels.len()) {
            let all = format!("{stem}.*");
            if !shown.contains(&all) {
                shown.push(all);
            }
        } else {
            shown.push(output.clone());
        }
    }
    (lines.join("\n") + "\n", shown.join(" "))
}

pub fn assert_valid_pdf(name: &str, bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"), "{name}: no PDF header");
    let tail = &bytes[bytes.len().saturating_sub(32)..];
    assert!(
        tail.windows(5).any(|w| w == b"%%EOF"),
        "{name}: no end of file"
    );
    pdf_extract::extract_text_from_mem(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
}

pub fn assert_valid_docx(name: &str, bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("{name}: not a zip: {e}"));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let part_name = part.name().to_string();
        if part_name.ends_with(".xml") || part_name.ends_with(".rels") {
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            roxmltree::Document::parse(&xml)
                .unwrap_or_else(|e| panic!("{name}: {part_name} does not parse: {e}"));
        }
    }
}

/// No markup from a motion's text is live in the page: no planted element, no link to a
/// refused scheme, no attribute broken out of.
pub fn assert_safe_html(name: &str, bytes: &[u8]) {
    let html = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
    assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
    assert!(html.trim_end().ends_with("</html>"), "{name}: cut short");
    for planted in [
        "<script>alert",
        "<img",
        "<w:p",
        "<?xml",
        "<!DOCTYPE x",
        "href=\"javascript",
        "href=\"file",
        "href=\"data",
        "\"onmouseover=",
        "</main></body>",
    ] {
        assert!(!html.contains(planted), "{name}: {planted:?} is live");
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures/hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    found.sort();
    found
}

/// What a hostile file gives: exit code, diagnostics, outputs.
fn outcome(dir: &Path, name: &str) -> String {
    let run = motion_within(
        dir,
        &["build", name, "--out", "out", "--diagnostics", "short"],
        LIMIT,
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stdout.contains("panicked"),
        "{name}: {}",
        run.stderr
    );
    // Nothing from a file reaches the terminal as a control sequence.
    assert!(
        !run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'),
        "{name}: an escape sequence was printed"
    );
    assert!(
        run.code == 0 || run.code == 1,
        "{name}: exit {}: {}",
        run.code,
        run.stderr
    );
    // Every other diagnostic printer too: no panic, no control sequence printed.
    for format in ["human", "json", "github"] {
        let check = motion_within(dir, &["check", "--format", format, name], LIMIT);
        assert!(
            !check.stderr.contains("panicked") && !check.stdout.contains("panicked"),
            "{name} ({format}): {}",
            check.stderr
        );
        assert!(
            !check.stdout.contains('\u{1b}') && !check.stderr.contains('\u{1b}'),
            "{name} ({format}): an escape sequence was printed"
        );
        // What check refuses, build refuses too (build may also fail to render).
        assert!(
            check.code == 0 || check.code == run.code,
            "{name} ({format})"
        );
    }
    let outputs = check_outputs(&dir.join("out"));
    let (stderr, outputs) = without_the_registry(&run.stderr, &outputs);
    format!(
        "exit {}\n{}{}sorties : {}\n",
        run.code, run.stdout, stderr, outputs
    )
}

#[test]
fn every_hostile_file_gives_its_expected_outcome() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 40,
        "the corpus has {} files",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for fixture in fixtures {
        let dir = temp();
        copy_into(&fixture, dir.path());
        let name = fixture.file_name().unwrap().to_str().unwrap();
        failures.extend(differs_from_expected(&fixture, &outcome(dir.path(), name)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const VALID: &str = include_str!("../fixtures/hostile/enc-crlf.toml");

#[test]
fn huge_files_are_refused_without_being_read_whole() {
    let dir = temp();
    let valid = VALID.replace("\r\n", "\n");
    let ten_mb = valid.replace(
        "les fontaines manquent",
        &format!("les fontaines {} manquent", "encore ".repeat(1_500_000)),
    );
    write(&dir.path().join("dix-mo.toml"), &ten_mb);
    let mut many = String::from("considerants = [\n");
    for i in 0..100_000 {
        many.push_str(&format!("  \"Considérant le point {i} ;\",\n"));
    }
    many.push_str("]\n");
    let many = valid.replace(
        "considerants = [\"Considérant que les fontaines manquent l’été ;\"]\n",
        &many,
    );
    write(&dir.path().join("cent-mille.toml"), &many);
    let run = motion_within(
        dir.path(),
        &["build", ".", "--out", "out", "--diagnostics", "short"],
        Duration::from_secs(20),
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("erreur[M005]").count(),
        2,
        "{}",
        run.stdout
    );
    assert!(check_outputs(&dir.path().join("out")).is_empty());
}

#[test]
fn tricky_file_names_stay_inside_the_output_folder_and_escaped_in_the_index() {
    let dir = temp();
    let valid = VALID.replace("\r\n", "\n");
    let names = [
        "a b.toml",
        "-rf.toml",
        "e\u{301}te\u{301}.toml",
        "guillemet\"<b>&amp;'.toml",
        ".cache.toml",
        "sous-dossier/%2e%2e%2fsortie.toml",
    ];
    for (i, name) in names.iter().enumerate() {
        write(
            &dir.path().join("archive").join(name),
            &valid.replace("à boire", &format!("à boire {i}")),
        );
    }
    let run = motion_within(
        dir.path(),
        &["build", "archive", "--out", "out", "--format", "html,docx"],
        LIMIT,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outputs = check_outputs(&dir.path().join("out"));
    // The hidden file is skipped; every other name is kept as it is, inside out/.
    let expected: Vec<String> = [
        "-rf",
        "a b",
        "e\u{301}te\u{301}",
        "guillemet\"<b>&amp;'",
        "sous-dossier/%2e%2e%2fsortie",
    ]
    .iter()
    .flat_map(|stem| [format!("{stem}.docx"), format!("{stem}.html")])
    .chain(["atom.xml".to_string()])
    .chain(
        std::fs::read_dir(dir.path().join("out/seances"))
            .unwrap()
            .map(|e| format!("seances/{}", e.unwrap().file_name().to_string_lossy())),
    )
    .collect();
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(outputs, sorted);
    // The feed's links are percent-encoded too.
    let feed = std::fs::read_to_string(dir.path().join("out/atom.xml")).unwrap();
    assert!(feed.contains("href=\"a%20b.html\""), "{feed}");
    assert!(
        feed.contains("href=\"guillemet%22%3Cb%3E&amp;amp;&#39;.html\""),
        "{feed}"
    );
    // The séances' pages list the texts: links percent-encoded, then escaped; each leads
    // to its own file and nowhere else.
    let listing = seance_listing(&dir.path().join("out"));
    for href in [
        "guillemet%22%3Cb%3E&amp;amp;&#39;.html",
        "a%20b.html",
        "e%CC%81te%CC%81.html",
        "sous-dossier/%252e%252e%252fsortie.html",
    ] {
        assert!(listing.contains(&format!("href=\"../{href}\"")), "{href}");
    }
    assert!(!listing.contains("<b>&amp;"));
    // Nothing was written next to the output folder (but the check's cache, at the
    // sources' root by design).
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".motion-cache")
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, ["archive", "out"]);
}
