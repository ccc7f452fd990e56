//! The `motion` binary: hands the arguments to the library's command line.

fn main() -> std::process::ExitCode {
    motion::cli::main_with_args(std::env::args_os())
}
