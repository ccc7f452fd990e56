//! The `motion` binary: hands the arguments to the library's command line.

// mimalloc rather than glibc's malloc: typst allocates and frees millions of small
// objects per document on every thread; measured on a 10,000-motion archive, the build
// is faster and its resident memory no longer creeps up with the archive's size
// (README.md, « Vitesse », has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // `motion explain | head` must end quietly when the reader goes away, as other Unix
    // tools do, instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of a signal, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // A panic is a bug: say so in French, in one line, unless a backtrace is asked for.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A reader of `import` that panics on a malformed file is caught there and the
        // file reported as unreadable.
        if motion::import::panic_is_contained() {
            return;
        }
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            return default_hook(info);
        }
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "motion : erreur interne{place} : {} ; merci de la signaler aux mainteneurs",
            info.payload_as_str().unwrap_or("sans message")
        );
    }));
    motion::cli::main_with_args(std::env::args_os())
}
