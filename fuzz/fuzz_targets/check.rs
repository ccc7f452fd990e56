//! Fuzz target (a): arbitrary bytes as a motion file. Loading, the shape check, every
//! rule, every diagnostic printer and `motion fix` must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use motion::diag::{Emitter, OutputFormat};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.toml");
    let compiled = motion::compile::compile_bytes(path, data.to_vec());
    let (diagnostics, motion) = (&compiled.diagnostics, compiled.motion.clone());
    for format in [
        OutputFormat::Human,
        OutputFormat::Short,
        OutputFormat::Json,
        OutputFormat::Github,
    ] {
        let emitter = Emitter::new(format, false);
        let mut out = Vec::new();
        for diagnostic in diagnostics {
            emitter
                .emit(diagnostic, &mut out)
                .expect("writing to memory works");
        }
    }
    if let Some(motion) = motion {
        assert!(!diagnostics.iter().any(|d| d.is_error()));
        let _ = motion::compile::document(motion);
    }
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(fixed) = motion::validate::fix::fix_text(path, text)
    {
        // A fixed file parses, and fixing it again changes nothing more.
        let again = motion::validate::fix::fix_text(path, &fixed.text).expect("still valid");
        assert_eq!(again.text, fixed.text, "fix is idempotent");
    }
});
