//! The preview's HTTP server: listens on 127.0.0.1 only, answers GET and HEAD for the
//! files of the output folder and nothing else. Requests are read whole into a bounded
//! buffer and parsed by httparse; a Host other than the loopback name it serves is
//! refused (a web page of another site that renamed itself to 127.0.0.1 — DNS
//! rebinding — gets nothing); a path that leaves the folder (`..`, `%2e%2e`, a symbolic
//! link), a hidden file or a folder without index.html is not found; nothing is listed.
//! What the pages show beyond the files is `page`'s.

use super::page;
use super::{Live, Response};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The most a request's line and headers may take (browsers send far less).
const MAX_REQUEST: usize = 16 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 64;
/// Connections served at once (each open page keeps one for its reload events).
const MAX_CONNECTIONS: usize = 128;
/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a page listening for builds is sent a comment, to find closed ones.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The port asked is taken.
    PortTaken(u16),
    Io(std::io::Error),
}

/// A running server; it stops with `stop` (or when dropped).
pub struct Server {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// What every connection's thread shares.
struct Site {
    /// The output folder, links resolved.
    root: PathBuf,
    /// The Host values accepted: `127.0.0.1:PORT` and `localhost:PORT`.
    hosts: [String; 2],
    live: Arc<Live>,
    connections: AtomicUsize,
}

impl Server {
    /// Serves `out_dir` on 127.0.0.1:`port` (0: any free port).
    pub fn start(out_dir: &Path, port: u16, live: Arc<Live>) -> Result<Server, ServeError> {
        Server::start_on(Server::bind(port)?, out_dir, live)
    }

    /// Takes 127.0.0.1:`port` (0: any free port), to serve on later: a port taken is
    /// said before anything is built, and a browser that comes meanwhile waits.
    pub fn bind(port: u16) -> Result<TcpListener, ServeError> {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
            Ok(listener) => Ok(listener),
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
                Err(ServeError::PortTaken(port))
            }
            Err(error) => Err(ServeError::Io(error)),
        }
    }

    /// Serves `out_dir` on `listener` (from `bind`).
    pub fn start_on(
        listener: TcpListener,
        out_dir: &Path,
        live: Arc<Live>,
    ) -> Result<Server, ServeError> {
        let address = listener.local_addr().map_err(ServeError::Io)?;
        let site = Arc::new(Site {
            root: std::fs::canonicalize(out_dir).map_err(ServeError::Io)?,
            hosts: [
                format!("127.0.0.1:{}", address.port()),
                format!("localhost:{}", address.port()),
            ],
            live,
            connections: AtomicUsize::new(0),
        });
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let thread = std::thread::Builder::new()
            .name("motion-serve".into())
            .spawn(move || accept(listener, site, stop))
            .map_err(ServeError::Io)?;
        Ok(Server {
            address,
            stopping,
            thread: Some(thread),
        })
    }

    /// The address served, its port the one the system gave for port 0.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting connections (the pages listening are let go by `Live::stop`).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The accepting thread waits in accept(): a connection wakes it to see the flag.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn accept(listener: TcpListener, site: Arc<Site>, stopping: Arc<AtomicBool>) {
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        if site.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            site.connections.fetch_sub(1, Ordering::SeqCst);
            let _ = respond_text(&stream, 503, "Trop de connexions ouvertes.", false);
            continue;
        }
        let worker = Arc::clone(&site);
        let spawned = std::thread::Builder::new()
            .name("motion-serve-connection".into())
            .spawn(move || {
                // A bug in answering one request never stops the server.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    serve_connection(stream, &worker)
                }));
                worker.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread to be had: the connection is dropped, and so is its count.
            site.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// A request as far as the server cares.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
    /// `Sec-Fetch-Dest`: `document` when the browser shows the answer as a page.
    destination: Option<String>,
}

/// Why a request is not read.
enum Unreadable {
    TooLarge,
    Malformed,
    /// The client went away or was too slow: nothing to answer.
    Gone,
}

fn serve_connection(stream: TcpStream, site: &Site) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let request = match read_request(&stream) {
        Ok(request) => request,
        Err(Unreadable::TooLarge) => {
            let _ = respond_text(&stream, 431, "Requête trop grande.", false);
            return;
        }
        Err(Unreadable::Malformed) => {
            let _ = respond_text(&stream, 400, "Requête illisible.", false);
            return;
        }
        Err(Unreadable::Gone) => return,
    };
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        let _ = respond(
            &stream,
            &Response::text(405, "Seules les lectures (GET, HEAD) sont servies.")
                .header("Allow", "GET, HEAD"),
            false,
        );
        return;
    }
    let host_ok = request.host.as_deref().is_some_and(|host| {
        site.hosts
            .iter()
            .any(|served| served.eq_ignore_ascii_case(host.trim()))
    });
    if !host_ok {
        let _ = respond_text(
            &stream,
            403,
            &format!(
                "Hôte refusé : cet aperçu ne répond qu’à http://{}/.",
                site.hosts[0]
            ),
            head,
        );
        return;
    }
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    if path == page::EVENTS {
        if !head {
            events(stream, site);
        }
        return;
    }
    if path == page::SCRIPT {
        let _ = respond(
            &stream,
            &Response::new(200, "text/javascript; charset=utf-8", page::script().into()),
            head,
        );
        return;
    }
    let response = match resolve(&site.root, path) {
        Resolved::File(file, relative) => {
            let document = request.destination.as_deref() == Some("document");
            page::answer(&site.live, &file, &relative, query, document)
        }
        Resolved::Missing(relative) => page::not_found(&site.live, relative.as_deref()),
        Resolved::Refused => Response::text(400, "Chemin refusé."),
    };
    let _ = respond(&stream, &response, head);
}

/// Reads the request line and headers, at most `MAX_REQUEST` bytes. A body is never
/// read: GET and HEAD have none, other methods are refused.
fn read_request(mut stream: &TcpStream) -> Result<Request, Unreadable> {
    let mut buffer = vec![0u8; MAX_REQUEST];
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            return Err(Unreadable::TooLarge);
        }
        let read = match stream.read(&mut buffer[filled..]) {
            Ok(0) | Err(_) => return Err(Unreadable::Gone),
            Ok(read) => read,
        };
        filled += read;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buffer[..filled]) {
            Ok(httparse::Status::Complete(_)) => {
                let header = |name: &str| {
                    parsed
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .and_then(|h| std::str::from_utf8(h.value).ok())
                        .map(str::to_string)
                };
                return Ok(Request {
                    method: parsed.method.unwrap_or_default().to_string(),
                    target: parsed.path.unwrap_or_default().to_string(),
                    host: header("Host"),
                    destination: header("Sec-Fetch-Dest"),
                });
            }
            Ok(httparse::Status::Partial) => continue,
            Err(httparse::Error::TooManyHeaders) => return Err(Unreadable::TooLarge),
            Err(_) => return Err(Unreadable::Malformed),
        }
    }
}

/// Where a request's path leads.
enum Resolved {
    /// A file inside the folder, with its path from the folder (`/` separators).
    File(PathBuf, String),
    /// Nothing there (or nothing that may be served), with the path asked when it reads.
    Missing(Option<String>),
    /// Not a path at all (not UTF-8 once decoded, a NUL, a backslash).
    Refused,
}

/// Finds the file a path names under `root`: each segment percent-decoded once; `.`,
/// `..` and hidden names refused; a folder served by its index.html; the file found must
/// still be under `root` once its links are resolved.
fn resolve(root: &Path, path: &str) -> Resolved {
    let Some(path) = path.strip_prefix('/') else {
        return Resolved::Refused;
    };
    let decoded = match percent_encoding::percent_decode_str(path).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => return Resolved::Refused,
    };
    if decoded.contains(['\0', '\\']) {
        return Resolved::Refused;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| s.starts_with('.')) {
        return Resolved::Missing(None);
    }
    let mut relative = segments.join("/");
    let mut file = root.join(segments.iter().collect::<PathBuf>());
    if file.is_dir() {
        file.push(crate::render::INDEX_FILE);
        relative = if relative.is_empty() {
            crate::render::INDEX_FILE.to_string()
        } else {
            format!("{relative}/{}", crate::render::INDEX_FILE)
        };
    }
    match std::fs::canonicalize(&file) {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real, relative),
        Ok(_) => Resolved::Missing(None),
        Err(_) => Resolved::Missing(Some(relative)),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn respond_text(stream: &TcpStream, status: u16, text: &str, head: bool) -> std::io::Result<()> {
    respond(stream, &Response::text(status, text), head)
}

/// Writes the answer and closes: one request per connection, every answer fresh (the
/// pages change under the browser).
fn respond(mut stream: &TcpStream, response: &Response, head: bool) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    )
    .into_bytes();
    for (name, value) in &response.headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    if !head {
        out.extend_from_slice(&response.body);
    }
    stream.write_all(&out)?;
    stream.flush()?;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // What the client still sends (a body we do not read) is drained a little, so that
    // closing does not reset the connection before it read the answer.
    let mut sink = [0u8; 1024];
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    while let Ok(1..) = stream.read(&mut sink) {}
    Ok(())
}

/// The stream of build events a page listens to (server-sent events): `build` with the
/// build's number, first the current one, then one per build; a comment now and then
/// finds a closed page.
fn events(mut stream: TcpStream, site: &Site) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    let mut seen = site.live.generation();
    let first = format!("{head}retry: 500\nevent: build\ndata: {seen}\n\n");
    if stream.write_all(first.as_bytes()).is_err() {
        return;
    }
    loop {
        let message = match site.live.wait_after(seen, KEEP_ALIVE) {
            Err(()) => return,
            Ok(Some(generation)) => {
                seen = generation;
                format!("event: build\ndata: {generation}\n\n")
            }
            Ok(None) => ": \n\n".to_string(),
        };
        if stream.write_all(message.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.html"), "x").unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        assert!(matches!(resolve(&root, "/a/x.html"), Resolved::File(_, r) if r == "a/x.html"));
        assert!(matches!(resolve(&root, "/"), Resolved::File(_, r) if r == "index.html"));
        // A folder without index.html is not listed.
        assert!(matches!(resolve(&root, "/a/"), Resolved::Missing(_)));
        for path in [
            "/../x",
            "/a/../../x",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/.motion-manifest.json",
        ] {
            assert!(
                !matches!(resolve(&root, path), Resolved::File(..)),
                "{path} was served"
            );
        }
        for path in ["/a%5c..%5cx", "/a%00", "x", "/%ff"] {
            assert!(matches!(resolve(&root, path), Resolved::Refused), "{path}");
        }
    }
}
