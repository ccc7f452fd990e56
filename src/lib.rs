//! `motion` checks and compiles the vœux and amendements of the Conseil de Paris.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! read ─► parse ─────────► validate + lower ─► (typography) ─► (render) ─► (write)
//! input   input::parse      validate → model
//! ```
//!
//! - [`batch`] finds the motion files and their folder defaults, and runs the stages over
//!   all of them in parallel.
//! - [`input`] reads a file ([`source::SourceFile`]), parses TOML into a tree whose values
//!   remember their origin ([`input::node`]), lays folder defaults under it, and checks its
//!   shape against the schema of the raw types ([`input::raw`], [`input::shape`]).
//! - [`validate`] applies the domain rules, each with a stable [`diag::Code`], and lowers
//!   a valid document into the [`model::Motion`] that renderers will see.
//! - [`diag`] describes problems and prints them (human, short, json, github).
//! - [`cli`] is the command line.

pub mod batch;
pub mod build;
pub mod cli;
pub mod compile;
pub mod diag;
mod faults;
pub mod input;
pub mod manifest;
pub mod markup;
pub mod model;
pub mod output;
pub mod render;
pub mod source;
pub mod text;
pub mod typography;
pub mod validate;

/// The JSON Schema of the motion format, pretty-printed, as committed in
/// `motion.schema.json`.
pub fn schema_json() -> String {
    serde_json::to_string_pretty(&input::raw::json_schema()).expect("a JSON value always prints")
}
