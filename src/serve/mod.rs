//! The live preview's side of `motion serve` and `motion watch`: the loopback HTTP server
//! of an output folder (`http`), what it adds to the pages it serves — the reload script,
//! the error overlay, the PDF view (`page`) — and the watcher of the sources (`watch`).
//! Building is `build`'s; the loop that rebuilds on each change and prints is `cli`'s.

mod http;
mod page;
mod watch;

pub use http::{ServeError, Server};
pub use watch::{Change, Watcher};

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What the pages of a preview show beyond the files on disk, shared between the loop
/// that builds and the server's threads.
#[derive(Default)]
pub struct Live {
    state: Mutex<LiveState>,
    /// Woken at each new build, for the pages that listen.
    built: Condvar,
}

#[derive(Default)]
struct LiveState {
    /// Counts the builds: a page that missed one reloads when it reconnects.
    generation: u64,
    /// The errors of each motion, by its page (`dossier/nom.html`), as the terminal
    /// prints them (without colour).
    errors: BTreeMap<String, MotionErrors>,
    /// Errors of no motion of its own (a defaults file, a template): on every page.
    general: Vec<String>,
    /// Stopping: the listeners end.
    stopping: bool,
}

/// One motion's errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionErrors {
    /// The motion's file, as the user sees its path.
    pub source: String,
    /// The diagnostics, as the terminal prints them.
    pub text: String,
}

/// An answer: status, type, body, extra headers.
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Response {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into(),
        )
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

impl Live {
    /// Takes the outcome of a build: the errors of each motion by page, and the others;
    /// every listening page is told.
    pub fn publish(&self, errors: BTreeMap<String, MotionErrors>, general: Vec<String>) {
        let mut state = self.lock();
        state.generation += 1;
        state.errors = errors;
        state.general = general;
        drop(state);
        self.built.notify_all();
    }

    /// The preview stops: every listening page is let go.
    pub fn stop(&self) {
        self.lock().stopping = true;
        self.built.notify_all();
    }

    /// The current build's number.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Waits for a build after `seen`, at most `timeout`: the new number, or `None` on
    /// timeout; `Err` when the preview stops.
    fn wait_after(&self, seen: u64, timeout: Duration) -> Result<Option<u64>, ()> {
        let state = self.lock();
        let (state, _) = self
            .built
            .wait_timeout_while(state, timeout, |s| s.generation == seen && !s.stopping)
            .unwrap_or_else(|e| e.into_inner());
        if state.stopping {
            Err(())
        } else if state.generation != seen {
            Ok(Some(state.generation))
        } else {
            Ok(None)
        }
    }

    /// What `look` makes of the state, under the lock (nothing is copied).
    fn with<R>(&self, look: impl FnOnce(&LiveState) -> R) -> R {
        look(&self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, LiveState> {
        // A page's thread that panicked leaves the state whole (each change is one
        // assignment under the lock).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
