//! The worst motions within the limits (`validate::style`: 20,000 characters a paragraph,
//! 100,000 in all, 500 list entries, 500 pieces of markup): each built alone in PDF, DOCX
//! and HTML by the release binary, the median wall time and peak memory of 3 runs. The
//! worst line is what SECURITY.md states as the bound per motion.
//! `cargo bench --bench worst` (`MOTION_BENCH_RUNS=5` for more runs).

#[path = "support/measure.rs"]
mod measure;

/// A vœu whose considérants are `paragraphs`, with `title`.
fn motion(title: &str, paragraphs: &[String]) -> String {
    let quoted = |text: &str| toml_string(text);
    let list: Vec<String> = paragraphs.iter().map(|p| quoted(p)).collect();
    format!(
        "title = {}\nconsiderants = [{}]\n\n[session]\ndates = [2026-12-08]\n\n\
         [authors]\npersons = [\"Claire DUVAL\"]\ngroups = [\"Les Écologistes\"]\n\n\
         [request]\nitems = [\"Installe cent fontaines supplémentaires.\"]\n",
        quoted(title),
        list.join(", ")
    )
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `unit` repeated to fill `chars` characters after "Considérant ".
fn paragraph(unit: &str, chars: usize) -> String {
    let mut text = String::from("Considérant ");
    let unit_chars = unit.chars().count();
    while text.chars().count() + unit_chars <= chars {
        text.push_str(unit);
    }
    text.trim_end().to_string()
}

fn main() {
    let runs: usize = std::env::var("MOTION_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    // Five paragraphs of 19,900 characters: the 100,000 of a whole motion, with the title.
    let five = |unit: &str| vec![paragraph(unit, 19_900); 5];
    let mut markup = vec![paragraph("*a* ", 2_000)];
    markup.extend(vec![paragraph("a ", 19_400); 5]);
    let cases: Vec<(&str, String)> = vec![
        ("mots d’une lettre", motion("Vœu court", &five("a "))),
        (
            "ordinaux en exposant (1er)",
            motion("Vœu court", &five("1er ")),
        ),
        ("noms en capitales", motion("Vœu court", &five("AB "))),
        ("écriture inclusive", motion("Vœu court", &five("élu·es "))),
        (
            "mots de 19 900 lettres",
            motion(
                "Vœu court",
                &vec![format!("Considérant {}", "a".repeat(19_880)); 5],
            ),
        ),
        ("500 mises en forme", motion("Vœu court", &markup)),
        (
            "titre de 19 900 caractères",
            motion(
                &format!("Vœu {}", "relatif ".repeat(2_480)),
                &five("a ")[..4],
            ),
        ),
        (
            "500 considérants",
            motion("Vœu court", &vec![paragraph("mot ", 199); 500]),
        ),
    ];
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!("| motion | caractères | durée (PDF, DOCX, HTML) | pic de mémoire |");
    println!("|---|---:|---:|---:|");
    let mut worst = (std::time::Duration::ZERO, 0.0f64);
    for (i, (name, text)) in cases.iter().enumerate() {
        let file = format!("m{i}.toml");
        std::fs::write(dir.path().join(&file), text).expect("written");
        // Within the limits: check passes (warnings for the length are expected).
        let checked = std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
            .args(["check", &file, "--format", "short"])
            .current_dir(dir.path())
            .output()
            .expect("motion runs");
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{name} is not within the limits: {}",
            String::from_utf8_lossy(&checked.stdout)
        );
        let measured = (0..runs)
            .map(|r| {
                let out = format!("out-{i}-{r}");
                measure::run(dir.path(), &["build", &file, "--out", &out, "--quiet"], 0)
            })
            .collect();
        let (time, peak) = measure::medians(measured);
        worst = (worst.0.max(time), worst.1.max(peak));
        println!(
            "| {name} | {} | {:.2} s | {peak:.0} Mo |",
            text.chars().count(),
            time.as_secs_f64()
        );
    }
    println!(
        "| **pire** | | **{:.2} s** | **{:.0} Mo** |",
        worst.0.as_secs_f64(),
        worst.1
    );
}
