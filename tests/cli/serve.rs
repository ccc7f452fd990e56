//! `motion serve` and `motion watch` through the real binary: the server on port 0 asked
//! over raw HTTP (pages, Host check, traversal, symbolic links, listing, bad requests),
//! a rebuild after a save, the error overlay until the fix, and a clean stop on SIGINT.

use super::harness::{VALID_VOEU, motion, temp, write};
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// The page of the séance of `VALID_VOEU`, from the output folder.
const SEANCE_PAGE: &str = "seances/2026-12-08-conseil-de-paris.html";

/// How long a debug build may take to build a motion or two and answer.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `motion serve` or `motion watch`, killed when dropped.
struct Preview {
    child: Child,
    lines: Receiver<String>,
    /// Every line printed on standard error so far.
    said: Vec<String>,
    port: u16,
}

impl Preview {
    /// Starts `motion ARGS` in `dir` and waits for it to be ready (serve: its address).
    fn start(dir: &Path, args: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_motion"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("motion runs");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut preview = Preview {
            child,
            lines,
            said: Vec::new(),
            port: 0,
        };
        let ready = preview.wait_for(|l| l.contains("Ctrl-C pour arrêter"));
        if let Some(at) = ready.find("http://127.0.0.1:") {
            let rest = &ready[at + "http://127.0.0.1:".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            preview.port = digits.parse().unwrap();
        }
        preview
    }

    /// Waits for a line of standard error that passes `test`, and returns it.
    fn wait_for(&mut self, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.said.push(line.clone());
                    if test(&line) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "motion never said what was awaited; it said:\n{:#?}",
                    self.said
                ),
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        ));
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    fn request(&self, raw: &str) -> (u16, String, Vec<u8>) {
        request(self.port, raw.as_bytes())
    }

    /// Asks `path` again and again until its body passes `test`.
    fn until(&self, path: &str, what: &str, test: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (status, body) = self.get(path);
            if test(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {what}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends SIGINT, as Ctrl-C does, and returns the exit code.
    fn interrupt(&mut self) -> i32 {
        // SAFETY: kill only sends a signal to the child we started.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGINT);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(1)) {
                    self.said.push(line);
                }
                return status.code().expect("an exit code, not a signal");
            }
            assert!(Instant::now() < deadline, "motion did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a raw request; the status, the head and the body of the answer.
fn request(port: u16, raw: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    // The server may answer and close before reading all of a request too large.
    let _ = stream.write_all(raw);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, answer[split + 4..].to_vec())
}

fn voeu_with_title(title: &str) -> String {
    VALID_VOEU.replace(
        "title = \"Vœu relatif aux fontaines à boire\"",
        &format!("title = \"{title}\""),
    )
}

#[test]
fn serve_answers_only_the_output_folder_and_only_to_its_own_name() {
    let dir = temp();
    write(&dir.path().join("motions/voeu.toml"), VALID_VOEU);
    write(&dir.path().join("secret.txt"), "SECRET-DU-GROUPE");
    let preview = Preview::start(
        dir.path(),
        &["serve", "motions", "--port", "0", "--out", "out"],
    );
    assert!(
        preview.port > 0,
        "serve printed its port: {:?}",
        preview.said
    );
    let port = preview.port;

    let (status, index) = preview.get("/");
    assert_eq!(status, 200);
    assert!(index.contains(SEANCE_PAGE), "{index}");
    let (status, seance) = preview.get(&format!("/{SEANCE_PAGE}"));
    assert_eq!(status, 200);
    assert!(seance.contains("fontaines à boire"), "{seance}");
    assert!(
        index.contains("/__motion/live.js"),
        "the index reloads by itself"
    );
    let (status, page) = preview.get("/voeu.html");
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/__motion/live.js\""));
    // The file on disk is what `build` writes: the script is added when serving only.
    let on_disk = std::fs::read_to_string(dir.path().join("out/voeu.html")).unwrap();
    assert!(!on_disk.contains("__motion"));
    let (status, head, pdf) = preview.request(&format!(
        "GET /voeu.pdf?raw HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    ));
    assert_eq!(status, 200, "localhost:PORT is the same preview");
    assert!(head.contains("application/pdf") && pdf.starts_with(b"%PDF-"));
    let (_, _, view) = preview.request(&format!(
        "GET /voeu.pdf HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nSec-Fetch-Dest: document\r\n\r\n"
    ));
    let view = String::from_utf8_lossy(&view);
    assert!(view.contains("<iframe src=\"voeu.pdf?raw\""), "{view}");

    // DNS rebinding: another name that leads here gets nothing.
    for host in [
        "Host: evil.example".to_string(),
        format!("Host: evil.example:{port}"),
        format!("Host: 127.0.0.1.evil.example:{port}"),
        String::new(),
    ] {
        let (status, _, body) =
            preview.request(&format!("GET /voeu.html HTTP/1.1\r\n{host}\r\n\r\n"));
        assert_eq!(status, 403, "{host:?}");
        assert!(!String::from_utf8_lossy(&body).contains("fontaines"));
    }

    // Nothing outside the folder, however the path is written; no listing.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("out/lien.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("out/vide")).unwrap();
    std::fs::write(dir.path().join("out/vide/dedans.txt"), "x").unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/out/../secret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/vide/..%5c..%5csecret.txt",
        "/lien.txt",
        "/vide/",
        "/vide",
        "/.motion-manifest.json",
        "//etc/passwd",
    ] {
        let (status, _, body) = preview.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        ));
        let body = String::from_utf8_lossy(&body);
        assert!(matches!(status, 400 | 404), "{path}: {status}");
        assert!(
            !body.contains("SECRET") && !body.contains("dedans"),
            "{path}: {body}"
        );
    }

    // Bad requests get an answer, and the server goes on.
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Long: {}\r\n\r\n",
        "a".repeat(40_000)
    );
    assert_eq!(preview.request(&huge).0, 431);
    assert_eq!(request(port, b"\x00\x01\x02 nonsense\r\n\r\n").0, 400);
    let (status, head, _) = preview.request(&format!(
        "POST /voeu.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\n\r\nabcde"
    ));
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD"));
    // A client that connects and says nothing does not stop others.
    let _silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    assert_eq!(preview.get("/voeu.html").0, 200);
}

#[test]
fn serve_follows_each_save_and_shows_errors_over_the_page_until_fixed() {
    let dir = temp();
    let source = dir.path().join("voeu.toml");
    write(&source, VALID_VOEU);
    let mut preview = Preview::start(dir.path(), &["serve", "--port", "0"]);
    // Without --out, in the sources' cache, which git ignores.
    let kept = preview
        .said
        .iter()
        .find_map(|l| l.strip_prefix("motion : sorties dans "))
        .and_then(|l| l.split(" (").next())
        .map(|l| dir.path().join(l))
        .expect("serve says where its outputs are");
    assert_eq!(kept, dir.path().join(".motion-cache/apercu"));
    assert!(kept.join("voeu.pdf").is_file());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".motion-cache/.gitignore")).unwrap(),
        "# Cache de motion.\n*\n"
    );

    // The pages listen to the build events.
    let mut events = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    write!(
        events,
        "GET /__motion/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        preview.port
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();

    write(
        &source,
        &voeu_with_title("Vœu relatif aux fontaines rafraîchies"),
    );
    preview.until("/voeu.html", "the new title", |_, body| {
        body.contains("fontaines rafraîchies")
    });
    preview.until(
        &format!("/{SEANCE_PAGE}"),
        "the new title on the séance's page",
        |_, body| body.contains("fontaines rafraîchies"),
    );
    // The booklet and the search follow once the sources are quiet (not at each save).
    preview.wait_for(|l| l.contains("recherche refaite : 1 page indexée"));
    // The check cache, kept in memory between the builds, is written once the sources
    // are quiet: a check then takes the saved file's answers from it.
    let check = motion(dir.path(), &["check", "-v"]);
    assert!(
        check.stderr.contains("1 fichier inchangé lu dans le cache"),
        "{}",
        check.stderr
    );
    let mut heard = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    // Each build is told (the pages of its motions as soon as they are written, then the
    // rest): its number, counted from the first.
    while !String::from_utf8_lossy(&heard).contains("event: build\ndata: ")
        && Instant::now() < deadline
    {
        let mut chunk = [0u8; 512];
        if let Ok(n @ 1..) = events.read(&mut chunk) {
            heard.extend_from_slice(&chunk[..n]);
        }
    }
    let heard = String::from_utf8_lossy(&heard);
    assert!(heard.contains("text/event-stream"), "{heard}");
    assert!(heard.contains("event: build\ndata: "), "{heard}");

    // A mistake: the page keeps its last good version, under the errors.
    write(
        &source,
        &voeu_with_title("Vœu relatif au \"Plan Vélo\" des fontaines"),
    );
    let page = preview.until("/voeu.html", "the overlay", |_, body| {
        body.contains("motion-overlay")
    });
    assert!(page.contains("erreur[M003]"), "{page}");
    assert!(page.contains("voeu.toml:1:"), "{page}");
    assert!(
        page.contains("fontaines rafraîchies"),
        "the last good page is under it"
    );
    preview.wait_for(|l| l.contains("1 erreur (dans 1 fichier)"));
    let (_, index) = preview.get("/");
    assert!(index.contains("1 motion en erreur"), "{index}");
    // A motion never built: its page says why.
    write(
        &dir.path().join("autre.toml"),
        "title = \"Vœu \"sans\" fin\"\n",
    );
    let missing = preview.until(
        "/autre.html",
        "the errors of a motion never built",
        |s, b| s == 404 && b.contains("M003"),
    );
    assert!(missing.contains("pas encore été construite"), "{missing}");

    // Fixed: the overlay goes, the page follows.
    write(
        &source,
        &voeu_with_title("Vœu relatif aux fontaines réparées"),
    );
    std::fs::remove_file(dir.path().join("autre.toml")).unwrap();
    preview.until("/voeu.html", "the fixed page", |_, body| {
        body.contains("fontaines réparées") && !body.contains("motion-overlay")
    });
    preview.wait_for(|l| l.contains("voeu.toml : plus aucun problème"));

    // Ctrl-C: a clean stop, the outputs kept for the next start.
    assert_eq!(preview.interrupt(), 0, "{:#?}", preview.said);
    assert!(preview.said.iter().any(|l| l.contains("arrêté")));
    assert!(kept.join("voeu.html").is_file());

    // Started again: nothing to build, the page served as it was.
    let mut again = Preview::start(dir.path(), &["serve", "--port", "0"]);
    assert!(
        again
            .said
            .iter()
            .any(|l| l.contains("0 construite, 1 inchangée")),
        "{:#?}",
        again.said
    );
    let (status, page) = again.get("/voeu.html");
    assert_eq!(status, 200);
    assert!(page.contains("fontaines réparées"), "{page}");
    assert_eq!(again.interrupt(), 0, "{:#?}", again.said);
}

#[test]
fn a_stop_on_sigint_leaves_the_outputs_a_fresh_build_would_write() {
    let dir = temp();
    for n in 0..6 {
        write(
            &dir.path().join(format!("m/voeu-{n}.toml")),
            &voeu_with_title(&format!("Vœu relatif aux fontaines numéro {n}")),
        );
    }
    let mut preview = Preview::start(dir.path(), &["serve", "m", "--port", "0", "--out", "o"]);
    // A save, and Ctrl-C while its build may still run.
    write(
        &dir.path().join("m/voeu-3.toml"),
        &voeu_with_title("Vœu relatif aux fontaines changées"),
    );
    preview.wait_for(|l| l.contains("changement"));
    assert_eq!(preview.interrupt(), 0, "{:#?}", preview.said);
    let leftovers: Vec<String> = walkdir::WalkDir::new(dir.path().join("o"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Whatever the stop cut, a build finds every output whole: it writes only what the
    // stop kept it from writing, never more than the changed motion.
    let build = motion(
        dir.path(),
        &["build", "m", "--out", "o", "--format", "html"],
    );
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("0 construite, 6 inchangées")
            || build.stderr.contains("1 construite, 5 inchangées"),
        "{}",
        build.stderr
    );
    let page = std::fs::read_to_string(dir.path().join("o/voeu-3.html")).unwrap();
    assert!(page.contains("fontaines changées"));
}

#[test]
fn watch_rebuilds_without_a_server_and_a_taken_port_is_said() {
    let dir = temp();
    write(&dir.path().join("voeu.toml"), VALID_VOEU);
    let style =
        std::fs::read_to_string(super::harness::repo().join("templates/style.css")).unwrap();
    write(&dir.path().join("gabarits/style.css"), &style);
    let mut watch = Preview::start(
        dir.path(),
        &[
            "watch",
            ".",
            "--out",
            "sorties",
            "--templates",
            "gabarits",
            "--format",
            "html",
        ],
    );
    assert!(watch.said.iter().any(|l| l.contains("j’observe")));
    write(
        &dir.path().join("voeu.toml"),
        &voeu_with_title("Vœu relatif aux fontaines observées"),
    );
    watch.wait_for(|l| l.contains("1 construite"));
    let page = std::fs::read_to_string(dir.path().join("sorties/voeu.html")).unwrap();
    assert!(page.contains("fontaines observées"));
    assert!(!page.contains("__motion"), "watch writes what build writes");
    // A template saved rebuilds what it lays out.
    write(
        &dir.path().join("gabarits/style.css"),
        &format!("{style}\n/* retouche du groupe */\n"),
    );
    watch.wait_for(|l| l.contains("changement : gabarits/style.css"));
    watch.wait_for(|l| l.contains("1 construite"));
    let page = std::fs::read_to_string(dir.path().join("sorties/voeu.html")).unwrap();
    assert!(page.contains("retouche du groupe"));
    assert_eq!(watch.interrupt(), 0);

    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = motion(dir.path(), &["serve", "--port", &port, "--out", "o2"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(&format!("le port {port} est déjà pris")),
        "{}",
        run.stderr
    );
    // Said before anything is built: nothing checked, nothing written.
    assert!(!run.stderr.contains("construite"), "{}", run.stderr);
    assert!(!dir.path().join("o2/voeu.html").exists());
}
