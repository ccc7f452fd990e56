//! Watches the sources of a preview (the notify crate: inotify, FSEvents, Windows'
//! ReadDirectoryChanges) and turns the system's events into what the loop acts on: some
//! files changed (a motion, a defaults file, a template), gathered while an editor is
//! still saving, or stop (Ctrl-C). What to rebuild is the build's own business.

use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// An editor's save is several events (write, rename, attributes): the changes are
/// gathered until none came for this long…
const QUIET: Duration = Duration::from_millis(10);
/// …or for this long at most, so that a stream of changes still rebuilds.
const GATHER_AT_MOST: Duration = Duration::from_millis(250);

/// What the loop is told.
#[derive(Debug)]
pub enum Change {
    /// These files changed (created, written, removed or renamed); none named: some
    /// changes were lost, anything may have changed.
    Files(Vec<PathBuf>),
    /// Stop (Ctrl-C, or the watcher failed).
    Stop,
}

/// The watcher of the sources, with the channel of its changes.
pub struct Watcher {
    _watcher: notify::RecommendedWatcher,
    sender: Sender<Change>,
    receiver: Receiver<Change>,
}

impl Watcher {
    /// Watches `sources` (folders with everything under them; a file by its folder) and
    /// `extra` folders (templates, fonts: any file there counts); nothing under
    /// `ignored` (the output folder, which may lie among the sources) counts.
    pub fn new(
        sources: &[PathBuf],
        extra: &[PathBuf],
        ignored: &[PathBuf],
    ) -> notify::Result<Watcher> {
        let (sender, receiver) = channel();
        let ignored: Vec<PathBuf> = ignored
            .iter()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let extra: Vec<PathBuf> = extra
            .iter()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let to_loop = sender.clone();
        let wanted = extra.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                // Events lost (the system's queue overflowed, an error): no list of what
                // changed, so everything is looked at again.
                let event = match event {
                    Ok(event) if !event.need_rescan() => event,
                    _ => {
                        let _ = to_loop.send(Change::Files(Vec::new()));
                        return;
                    }
                };
                if matches!(event.kind, EventKind::Access(_)) {
                    return;
                }
                let paths: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|p| !ignored.iter().any(|i| p.starts_with(i)))
                    .filter(|p| counts(p, &event.kind, &wanted))
                    .collect();
                if !paths.is_empty() {
                    let _ = to_loop.send(Change::Files(paths));
                }
            })?;
        for source in sources {
            let source = std::fs::canonicalize(source).unwrap_or_else(|_| source.clone());
            if source.is_dir() {
                watcher.watch(&source, RecursiveMode::Recursive)?;
            } else if let Some(folder) = source.parent() {
                watcher.watch(folder, RecursiveMode::NonRecursive)?;
            }
        }
        for folder in &extra {
            watcher.watch(folder, RecursiveMode::Recursive)?;
        }
        Ok(Watcher {
            _watcher: watcher,
            sender,
            receiver,
        })
    }

    /// A sender that stops the loop (for Ctrl-C).
    pub fn stopper(&self) -> Sender<Change> {
        self.sender.clone()
    }

    /// Waits for the next change, gathered: every file that changed until the sources
    /// were quiet, or `Stop`.
    pub fn next(&self) -> Change {
        match self.receiver.recv() {
            Ok(Change::Files(files)) => self.gather(files),
            Ok(Change::Stop) | Err(_) => Change::Stop,
        }
    }

    /// As `next`, but `None` when the sources stay quiet for `wait`.
    pub fn next_within(&self, wait: Duration) -> Option<Change> {
        match self.receiver.recv_timeout(wait) {
            Ok(Change::Files(files)) => Some(self.gather(files)),
            Ok(Change::Stop) | Err(RecvTimeoutError::Disconnected) => Some(Change::Stop),
            Err(RecvTimeoutError::Timeout) => None,
        }
    }

    /// The changes that follow `files` until the sources are quiet, with them.
    fn gather(&self, mut files: Vec<PathBuf>) -> Change {
        let start = Instant::now();
        // Changes lost among them: none is named (see `Change::Files`).
        let mut lost = files.is_empty();
        while start.elapsed() < GATHER_AT_MOST {
            match self.receiver.recv_timeout(QUIET) {
                Ok(Change::Files(more)) => {
                    lost |= more.is_empty();
                    files.extend(more);
                }
                Ok(Change::Stop) => return Change::Stop,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Change::Stop,
            }
        }
        if lost {
            files.clear();
        }
        files.sort();
        files.dedup();
        Change::Files(files)
    }
}

/// Whether a changed path can change a build: a TOML file (motion or defaults), any
/// file of the templates or fonts, or something removed or renamed (a folder of
/// motions moved away); never a hidden file (an editor's swap file) nor a file of git's
/// folder or of the check's own cache (`.motion-cache`, which each check may write:
/// counting it would rebuild after every rebuild).
fn counts(path: &Path, kind: &EventKind, extra: &[PathBuf]) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
        || path.components().any(|c| {
            let name = c.as_os_str();
            name == crate::batch::CACHE_FOLDER || name == ".git"
        });
    if hidden {
        return false;
    }
    extra.iter().any(|e| path.starts_with(e))
        || path.extension().is_some_and(|e| e == "toml")
        || matches!(
            kind,
            EventKind::Remove(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_gathered_with_some_lost_name_none() {
        let dir = tempfile::tempdir().unwrap();
        let watcher = Watcher::new(&[dir.path().to_path_buf()], &[], &[]).unwrap();
        let send = watcher.stopper();
        let file = dir.path().join("a.toml");
        send.send(Change::Files(vec![file.clone()])).unwrap();
        send.send(Change::Files(vec![file.clone()])).unwrap();
        assert!(matches!(watcher.next(), Change::Files(files) if files == vec![file.clone()]));
        // Lost changes (the system's queue overflowed) among named ones: none is named.
        send.send(Change::Files(vec![file.clone()])).unwrap();
        send.send(Change::Files(Vec::new())).unwrap();
        assert!(matches!(watcher.next(), Change::Files(files) if files.is_empty()));
    }
}
