//! Faults that tests inject into the real binary, at named points, to see a bug or a
//! kill there handled as users need: `MOTION_TEST_PANIC` and `MOTION_TEST_KILL`. Debug
//! builds only; a release binary reads no such variable.

/// Tests make the work on one file panic, as a bug on some text would:
/// `MOTION_TEST_PANIC=STAGE:NAME`, STAGE `check` or `build`, NAME the end of the file's
/// name. Debug builds only.
pub(crate) fn panic_at(stage: &str, display: &str) {
    #[cfg(debug_assertions)]
    if let Some(spec) = std::env::var_os("MOTION_TEST_PANIC")
        && let Some((asked, name)) = spec.to_string_lossy().split_once(':')
        && asked == stage
        && display.ends_with(name)
    {
        panic!("panne simulée");
    }
    #[cfg(not(debug_assertions))]
    let _ = (stage, display);
}

/// Tests kill the process (SIGKILL, as a user's `kill -9` or a CI timeout) at a point of
/// a build: `MOTION_TEST_KILL=POINT:NAME`, POINT `written` (the motion's files renamed
/// into place, its record not yet journaled) or `recorded` (journaled), NAME the end of
/// the motion's file name; or POINT `product`, NAME an archive product (`cahiers`,
/// `site`, `recherche`, `index`), its files written and the ledger not yet. Debug
/// builds only.
pub(crate) fn kill_at(point: &str, display: &str) {
    #[cfg(debug_assertions)]
    if let Some(spec) = std::env::var_os("MOTION_TEST_KILL")
        && let Some((asked, name)) = spec.to_string_lossy().split_once(':')
        && asked == point
        && display.ends_with(name)
    {
        kill();
    }
    #[cfg(not(debug_assertions))]
    let _ = (point, display);
}

/// Tests kill the process the Nth time it reaches a point of a write:
/// `MOTION_TEST_KILL=POINT#N`, POINT `write` (half of a file's bytes in its temporary
/// file), `rename` (a file renamed into place) or `journal` (half of a journal line
/// written). Debug builds only.
pub(crate) fn kill_at_count(point: &str) {
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static REACHED: [AtomicUsize; 3] = [const { AtomicUsize::new(0) }; 3];
        let Some(spec) = std::env::var_os("MOTION_TEST_KILL") else {
            return;
        };
        let spec = spec.to_string_lossy();
        let Some((asked, count)) = spec.split_once('#') else {
            return;
        };
        let slot = match point {
            "write" => 0,
            "rename" => 1,
            _ => 2,
        };
        let reached = REACHED[slot].fetch_add(1, Ordering::SeqCst) + 1;
        if asked == point && count.parse() == Ok(reached) {
            kill();
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

#[cfg(debug_assertions)]
fn kill() {
    // SAFETY: sends a signal to this very process.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
}
