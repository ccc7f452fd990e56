//! Hostile sources for `motion import`: small files whose nesting would overflow a call
//! stack that recursed once per level. Each is read or refused with a clear message, and
//! never loses the other sources of its batch (a crash would lose them all: exit 134).

use super::harness::{copy_into, motion, repo, temp, write};
use std::io::Write;
use std::path::Path;

/// A Word document whose paragraph lies under `depth` nested content controls
/// (`<w:sdt>`): 1.9 KB zipped for 10,000.
fn nested_docx(path: &Path, depth: usize) {
    let body = format!(
        "{}<w:p><w:r><w:t>Vœu relatif aux fontaines</w:t></w:r></w:p>{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// Imports the folder `sources` (the hostile file and a good text) into `out`; checks
/// that the run ended (no abort) and that the good text was written.
fn assert_batch_survives(dir: &Path, label: &str) -> String {
    copy_into(
        &repo().join("tests/fixtures/import/voeu-11e.txt"),
        &dir.join("sources"),
    );
    let run = motion(dir, &["import", "sources", "--out", "out"]);
    assert!(
        run.code == 0 || run.code == 1,
        "{label}: exit {}\n{}\n{}",
        run.code,
        run.stdout,
        run.stderr
    );
    assert!(
        dir.join("out/voeu-relatif-a-l-eclairage-du-square-maurice-gardette.toml")
            .is_file(),
        "{label}: the good source of the batch was lost\n{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        !run.stderr.contains("erreur interne"),
        "{label}: {}",
        run.stderr
    );
    run.stdout
}

#[test]
fn a_docx_of_ten_thousand_nested_content_controls_is_read() {
    let tmp = temp();
    std::fs::create_dir(tmp.path().join("sources")).unwrap();
    nested_docx(&tmp.path().join("sources/imbrique.docx"), 10_000);
    let report = assert_batch_survives(tmp.path(), "w:sdt × 10,000");
    // Read, not refused: its one paragraph is the title.
    assert!(
        tmp.path()
            .join("out/voeu-relatif-aux-fontaines.toml")
            .is_file(),
        "{report}"
    );
}

#[test]
fn html_nested_a_hundred_thousand_deep_is_refused_clearly() {
    for tag in ["x", "abbr", "tt", "mark", "dl", "details", "div"] {
        let tmp = temp();
        write(
            &tmp.path().join("sources/imbrique.html"),
            &format!(
                "<html><body><h1>Vœu relatif aux bancs</h1>{}Considérant{}</body></html>",
                format!("<{tag}>").repeat(100_000),
                format!("</{tag}>").repeat(100_000)
            ),
        );
        let report = assert_batch_survives(tmp.path(), tag);
        assert!(
            report.contains("page web imbriquée sur plus de 2000 niveaux"),
            "{tag}: {report}"
        );
    }
}

#[test]
fn several_deep_sources_at_once_lose_nothing() {
    // Several files are imported on several threads, whose stacks are smaller than the
    // main thread's: 40,000 levels was enough there.
    let tmp = temp();
    for (i, tag) in ["x", "mark", "details", "abbr"].iter().enumerate() {
        write(
            &tmp.path().join(format!("sources/imbrique-{i}.html")),
            &format!("<p>Vœu</p>{}x", format!("<{tag}>").repeat(40_000)),
        );
    }
    for i in 0..3 {
        nested_docx(
            &tmp.path().join(format!("sources/imbrique-{i}.docx")),
            40_000,
        );
    }
    assert_batch_survives(tmp.path(), "several");
}

#[test]
fn a_source_name_never_becomes_toml_nor_reaches_the_terminal_raw() {
    let tmp = temp();
    let name = "x\nstatus = \"adopted\"\nreference = \"2026 V. 999\"\n\u{1b}[2J#.txt";
    write(
        &tmp.path().join("sources").join(name),
        "Vœu relatif aux fontaines à boire\n\nDéposé par Claire DUVAL\n\n\
         Considérant que les fontaines manquent l’été ;\n\n\
         Sur proposition de Claire DUVAL, le Conseil de Paris émet le vœu que la Ville de Paris installe cent fontaines.\n",
    );
    let run = motion(tmp.path(), &["import", "sources", "--out", "out"]);
    assert!(
        run.code == 0 || run.code == 1,
        "{}{}",
        run.stdout,
        run.stderr
    );
    let written: Vec<_> = std::fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1);
    let toml = std::fs::read_to_string(&written[0]).unwrap();
    let table: toml::Table = toml.parse().unwrap();
    assert!(table.get("status").is_none(), "{toml}");
    assert!(table.get("reference").is_none(), "{toml}");
    // Shown escaped in the file's comment and in the report.
    assert!(toml.contains("x\\u{a}status"), "{toml}");
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert!(run.stdout.contains("\\u{1b}"), "{}", run.stdout);
}
