//! The `motion` binary: hands the arguments to the library's command line.

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
