//! Crash safety: a build killed (SIGKILL) at named points of a batch leaves only
//! complete, valid outputs (and temporary files the next build removes); the next build
//! repairs the rest. An output folder that cannot be written, or a full disk, gives a
//! clear error and no half-written file.

use super::harness::{VALID_VOEU, assert_whole_bundle_file, is_archive_file, temp, write};
use super::hostile::assert_valid_output;
use motion::render::Format;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

const MOTIONS: usize = 40;

fn archive(dir: &Path) {
    for i in 0..MOTIONS {
        write(
            &dir.join(format!("archive/s{}/m{i:03}.toml", i % 4)),
            &VALID_VOEU
                .replace("fontaines à boire", &format!("fontaines à boire no {i}"))
                .replace("[session]", &format!("number = {}\n\n[session]", i + 1)),
        );
    }
}

/// Every file under `out`: outputs whole and valid, the manifest readable; returns how
/// many outputs and how many temporary files there are.
fn inspect(out: &Path) -> (usize, usize) {
    let (mut outputs, mut temporary) = (0, 0);
    if !out.exists() {
        return (0, 0);
    }
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".motion-") && name.ends_with(".tmp") {
            temporary += 1;
            continue;
        }
        // The archive's own files must be whole too; they are counted by their own tests.
        let relative = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let booklet = is_archive_file(&relative);
        let bytes = std::fs::read(entry.path()).unwrap();
        if relative.starts_with("pagefind/") {
            assert_whole_bundle_file(&relative, &bytes);
            continue;
        }
        match entry.path().extension().and_then(|e| e.to_str()) {
            Some(extension) if Format::by_name(extension).is_some() => {
                assert_valid_output(extension, &name, &bytes)
            }
            Some("json") => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{name} is not whole: {e}"));
            }
            Some("xml") => {
                let text = String::from_utf8(bytes).unwrap();
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{name} is not whole: {e}"));
            }
            _ if name == ".motion.lock" || name == "manifest.journal" => continue,
            _ => panic!("unexpected {name}"),
        }
        if !booklet {
            outputs += 1;
        }
    }
    (outputs, temporary)
}

fn build(dir: &Path) -> Command {
    build_with(dir, &[])
}

fn build_with(dir: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_motion"));
    command
        .args(["build", "archive", "--out", "out", "--quiet"])
        .args(extra)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// A build killed (SIGKILL) at named points of its work, through the fault hook of debug
/// builds, not after a measured delay: in the middle of an output's temporary file, right
/// after an output is renamed into place, in the middle of a journal line, early and late
/// in the batch, on a cold build and on rebuilds. Each kill leaves only whole, valid
/// outputs (and temporary files the next build removes); the last build ends with what a
/// fresh build writes.
#[cfg(debug_assertions)]
#[test]
fn a_killed_build_leaves_only_whole_files_and_the_next_one_repairs() {
    let dir = temp();
    archive(dir.path());
    let out = dir.path().join("out");
    // (point, count, rebuild everything): a cold build first, then rebuilds of changed
    // motions, then whole rebuilds (--force) replacing every file.
    let kills = [
        ("write", 5, false),
        ("rename", 40, false),
        ("journal", 9, false),
        ("write", 61, true),
        ("rename", 2, true),
        ("journal", 30, true),
    ];
    for (round, (point, count, force)) in kills.into_iter().enumerate() {
        let mut command = build_with(dir.path(), if force { &["--force"] } else { &[] });
        command.env("MOTION_TEST_KILL", format!("{point}#{count}"));
        let status = command.status().unwrap();
        assert_eq!(
            status.code(),
            None,
            "round {round}: killed at {point} #{count}"
        );
        let (outputs, temporary) = inspect(&out);
        eprintln!(
            "round {round}, killed at {point} #{count}: {outputs} whole outputs, \
             {temporary} temporary files"
        );
        // Each round changes a few motions so that the next one has work again.
        for i in (round..MOTIONS).step_by(7) {
            let path = dir.path().join(format!("archive/s{}/m{i:03}.toml", i % 4));
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}# tour {round}\n")).unwrap();
        }
    }
    let run = build(dir.path()).output().unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (outputs, temporary) = inspect(&out);
    assert_eq!(
        outputs,
        MOTIONS * Format::all().count(),
        "every motion in every format"
    );
    assert_eq!(
        temporary, 0,
        "the temporary files of killed builds are removed"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["motions"].as_object().unwrap().len(), MOTIONS);
    // And the result is what a build from scratch gives.
    let fresh = temp();
    archive(fresh.path());
    for i in 0..MOTIONS {
        let name = format!("archive/s{}/m{i:03}.toml", i % 4);
        std::fs::copy(dir.path().join(&name), fresh.path().join(&name)).unwrap();
    }
    assert_eq!(build(fresh.path()).status().unwrap().code(), Some(0));
    for i in 0..MOTIONS {
        for ext in Format::all().map(|f| f.extension()) {
            let name = format!("out/s{}/m{i:03}.{ext}", i % 4);
            assert!(
                std::fs::read(dir.path().join(&name)).unwrap()
                    == std::fs::read(fresh.path().join(&name)).unwrap(),
                "{name} differs from a fresh build"
            );
        }
    }
}

/// Runs the build in a child limited to files of `bytes` (writes past it fail with
/// EFBIG, as on a full disk).
fn build_with_file_limit(dir: &Path, bytes: u64) -> std::process::Output {
    let mut command = build(dir);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().unwrap()
}

#[test]
fn a_full_disk_fails_clearly_and_writes_no_partial_file() {
    let dir = temp();
    archive(dir.path());
    // HTML pages fit (a few kilobytes), PDFs (about 30 KB) do not.
    let run = build_with_file_limit(dir.path(), 20_000);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("impossible (fichier trop gros pour ce disque ou cette limite)"),
        "{stderr}"
    );
    let (_, temporary) = inspect(&dir.path().join("out"));
    assert_eq!(temporary, 0, "a failed write leaves no temporary file");
    // With room again, the next build completes.
    let run = build(dir.path()).output().unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        inspect(&dir.path().join("out")).0,
        MOTIONS * Format::all().count()
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_fails_clearly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    archive(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut command = build(dir.path());
    // Root ignores permissions: run the build as the unprivileged user `nobody`.
    if unsafe { libc::geteuid() } == 0 {
        for path in [dir.path(), &dir.path().join("archive")] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        command.uid(65534).gid(65534);
    }
    let run = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(matches!(run.status.code(), Some(1 | 2)), "{stderr}");
    assert!(
        stderr.contains("écriture dans out impossible : permission refusée"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    // A path that is a file, not a folder.
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir(&out).unwrap();
    std::fs::write(&out, "un fichier").unwrap();
    let run = build(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("écriture dans out impossible : c’est un fichier, pas un dossier"),
        "{stderr}"
    );
}
