//! The check cache (`.motion-cache/` at the sources' root): an unchanged file is not
//! checked again, and the answers are the check's own — the same diagnostics, to the
//! byte, in every format — while any change the check could see (an edit in the same
//! second, a modification time put back, a defaults file, another program) is seen.

use super::harness::{VALID_VOEU, copy_into, motion, repo, temp, write};
use std::path::Path;

/// How many files `check -v` says it read from the cache.
fn from_cache(dir: &Path, args: &[&str]) -> (usize, String) {
    let mut all = vec!["check", "-v"];
    all.extend_from_slice(args);
    let run = motion(dir, &all);
    let count = run
        .stderr
        .split(" inchangé")
        .next()
        .filter(|_| {
            run.stderr.contains(" lus dans le cache") || run.stderr.contains(" lu dans le cache")
        })
        .and_then(|head| head.rsplit(' ').nth(1))
        .and_then(|n| n.replace('\u{202f}', "").parse().ok())
        .unwrap_or(0);
    (count, run.stdout)
}

#[test]
fn cached_answers_are_the_checks_own_in_every_format() {
    let dir = temp();
    copy_into(&repo().join("tests/fixtures/invalid"), dir.path());
    for format in ["human", "short", "json", "github"] {
        let fresh = motion(
            dir.path(),
            &["check", "invalid", "--no-cache", "--format", format],
        );
        let first = motion(dir.path(), &["check", "invalid", "--format", format]);
        let cached = motion(dir.path(), &["check", "invalid", "--format", format]);
        assert_eq!(fresh.stdout, first.stdout, "{format}");
        assert_eq!(fresh.stdout, cached.stdout, "{format}");
        assert_eq!(fresh.code, cached.code, "{format}");
    }
    let (count, _) = from_cache(dir.path(), &["invalid"]);
    assert!(count > 40, "{count} files from the cache");
    // The folder is the cache's own: git and backups leave it alone.
    let ignore = std::fs::read_to_string(dir.path().join(".motion-cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"));
    assert!(dir.path().join(".motion-cache/CACHEDIR.TAG").is_file());
}

#[test]
fn every_change_a_check_would_see_is_seen() {
    let dir = temp();
    let file = dir.path().join("s/m.toml");
    write(&file, VALID_VOEU);
    assert_eq!(motion(dir.path(), &["check", "s"]).code, 0);
    // An edit of the same size within the same second: the bytes decide.
    let broken = VALID_VOEU.replace("title = ", "titel = ");
    assert_eq!(broken.len(), VALID_VOEU.len());
    std::fs::write(&file, &broken).unwrap();
    let run = motion(dir.path(), &["check", "s", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("M101"), "{}", run.stdout);
    // Back, then a stamp trusted (the file older than two seconds when checked), then an
    // edit of the same size whose modification time is put back: the change time moved.
    std::fs::write(&file, VALID_VOEU).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    assert_eq!(motion(dir.path(), &["check", "s"]).code, 0);
    let (count, _) = from_cache(dir.path(), &["s"]);
    assert_eq!(count, 1);
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, &broken).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(motion(dir.path(), &["check", "s"]).code, 1);
    std::fs::write(&file, VALID_VOEU).unwrap();
    assert_eq!(motion(dir.path(), &["check", "s"]).code, 0);
    // A defaults file that changes what the motion is: an amendement, which a vœu's
    // request does not fit (errors in the motion's own file).
    write(
        &dir.path().join("s/defaults.toml"),
        "type = \"amendement\"\n",
    );
    let run = motion(dir.path(), &["check", "s", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("s/m.toml:") && l.contains("erreur")),
        "{}",
        run.stdout
    );
    std::fs::remove_file(dir.path().join("s/defaults.toml")).unwrap();
    assert_eq!(motion(dir.path(), &["check", "s"]).code, 0);
    // Another program (here, its name changed in the cache): nothing is taken from it.
    let cache = dir.path().join(".motion-cache/check.json");
    let text = std::fs::read_to_string(&cache).unwrap();
    let changed = text.replacen("\"program\":\"motion ", "\"program\":\"motion autre ", 1);
    assert_ne!(text, changed);
    std::fs::write(&cache, changed).unwrap();
    assert_eq!(from_cache(dir.path(), &["s"]).0, 0);
    // A damaged cache is only a slower run.
    std::fs::write(&cache, "{ pas du JSON").unwrap();
    assert_eq!(motion(dir.path(), &["check", "s"]).code, 0);
    assert_eq!(from_cache(dir.path(), &["s"]).0, 1);
}

#[test]
fn no_cache_reads_and_writes_none() {
    let dir = temp();
    write(&dir.path().join("s/m.toml"), VALID_VOEU);
    assert_eq!(motion(dir.path(), &["check", "s", "--no-cache"]).code, 0);
    assert!(!dir.path().join(".motion-cache").exists());
}

#[test]
fn a_build_renders_a_motion_the_cache_answered_as_a_fresh_build_would() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    assert_eq!(
        motion(dir.path(), &["build", "motions", "--out", "out"]).code,
        0
    );
    let page = dir
        .path()
        .join("out/2026-12-conseil-de-paris/fontaines-groupe.pdf");
    let before = std::fs::read(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    // Checked from the cache, then set again from its file to be rendered.
    let run = motion(dir.path(), &["build", "motions", "--out", "out", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&page).unwrap(), before);
    let fresh = temp();
    copy_into(&repo().join("motions"), fresh.path());
    assert_eq!(
        motion(
            fresh.path(),
            &["build", "motions", "--out", "out", "--no-cache"]
        )
        .code,
        0
    );
    assert_eq!(
        std::fs::read(
            fresh
                .path()
                .join("out/2026-12-conseil-de-paris/fontaines-groupe.pdf")
        )
        .unwrap(),
        before
    );
}

/// A check of `discovery` in `session` (`changed`: the watcher's word); how many files
/// the cache answered, and how many motions failed.
fn in_session(
    discovery: &motion::batch::Discovery,
    cwd: &Path,
    session: &mut motion::batch::CheckSession,
    changed: Option<&std::collections::HashSet<std::path::PathBuf>>,
) -> (usize, usize) {
    let run = motion::batch::check_in_session(
        discovery,
        cwd,
        motion::batch::Keep::Nothing,
        session,
        changed,
    );
    (run.cached, run.failed_motions)
}

#[test]
fn a_session_answers_the_files_its_watcher_did_not_name_from_memory() {
    use std::collections::HashSet;
    let dir = temp();
    let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
    write(&a, VALID_VOEU);
    write(&b, VALID_VOEU);
    let cwd = dir.path().to_path_buf();
    let discovery = motion::batch::discover(std::slice::from_ref(&cwd), &cwd);
    let mut session = motion::batch::CheckSession::default();
    let mut check = |changed: Option<&HashSet<std::path::PathBuf>>| {
        in_session(&discovery, &cwd, &mut session, changed)
    };
    // The first check looks at every file; a second, told nothing changed, answers both
    // from memory.
    assert_eq!(check(None), (0, 0));
    assert_eq!(check(Some(&HashSet::new())), (2, 0));
    // `a` broken and named: checked again, `b` from memory.
    write(&a, &VALID_VOEU.replacen("title = ", "titre = ", 1));
    assert_eq!(check(Some(&HashSet::from([a.clone()]))), (1, 1));
    // Fixed but not named: the session's word stands until everything is looked at.
    write(&a, VALID_VOEU);
    assert_eq!(check(Some(&HashSet::new())), (2, 1));
    assert_eq!(check(None).1, 0);
    // What the session found is written for the next one when it is saved.
    session.save();
    let mut next = motion::batch::CheckSession::default();
    assert_eq!(in_session(&discovery, &cwd, &mut next, None), (2, 0));
}
