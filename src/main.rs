//! The `motion` binary: hands the arguments to the library's command line.

// mimalloc rather than glibc's malloc: typst allocates and frees millions of small
// objects per document on every thread; measured on a 10,000-motion archive, the build
// is faster and its resident memory no longer creeps up with the archive's size
// (docs/archive.md has the figures).
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
    motion::cli::main_with_args(std::env::args_os())
}
