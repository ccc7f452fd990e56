//! The real-texts benchmark: every text of `../shared/corpus/real` (or `MOTION_CORPUS`)
//! through every route an aide meets (web page as text, Word draft, its LibreOffice PDF,
//! a group's web page), imported with the release binary, then built to PDF with only
//! its « À COMPLÉTER : » prefixes deleted. Prints, per text and route: the motion files
//! written, the parts left « À COMPLÉTER », whether persons were found, the confidence
//! the import reported, and the ordered recall of the published text in the PDF (the
//! measure of `../shared/corpus/wordcmp.py`), then the mean and the least recall.
//! `cargo bench --bench corpus`.

#[path = "support/corpus.rs"]
mod corpus;

fn main() {
    let Some(dir) = corpus::corpus_dir() else {
        eprintln!("corpus de textes réels absent (../shared/corpus/real, ou MOTION_CORPUS)");
        return;
    };
    let work = tempfile::tempdir().expect("a temporary folder");
    let mut recalls = Vec::new();
    println!("texte\tvoie\tfichiers\tpersonnes\tconfiance\trappel\tà compléter\tmots manqués");
    for text in corpus::texts(&dir) {
        for (route, _) in corpus::ROUTES {
            let m = corpus::measure(&dir, work.path(), &text, route);
            recalls.push(m.recall);
            println!(
                "{}\t{}\t{}\t{}\t{}\t{:.3}\t{}\t{}",
                m.text,
                m.route,
                m.files,
                if m.persons { "oui" } else { "non" },
                m.confidence,
                m.recall,
                m.placeholders.join(" "),
                m.missed.join(" | ")
            );
        }
    }
    let mean = recalls.iter().sum::<f64>() / recalls.len().max(1) as f64;
    let min = recalls.iter().copied().fold(1.0, f64::min);
    println!(
        "{} imports : rappel moyen {mean:.3}, minimum {min:.3}",
        recalls.len()
    );
}
