//! `motion` checks and compiles the vœux and amendements of the Conseil de Paris.
//!
//! The pipeline, one stage per module, each importing only the layers below it:
//!
//! ```text
//! cli ─► build ─► batch ─► compile ─► render ─► typography ─► validate ─► input ─► text, markup ─► model
//!        (manifest)                   (writers)                (lints)                  diag, source, output
//! ```
//!
//! - [`cli`] reads the command line (clap, French messages), checks the options, prints.
//! - [`build`] plans the outputs, finds what is fresh on disk, renders and writes the
//!   rest under the output folder's lock, journals each motion ([`manifest`]), the index.
//! - [`serve`] is the live preview's side (`motion serve`, `motion watch`): the loopback
//!   server of an output folder, what it adds to pages, the watcher of the sources; the
//!   loop that builds again at each change is `cli`'s.
//! - [`batch`] finds the motion files and their folder defaults, compiles every motion in
//!   parallel, applies the rules across files, keeps the checked motions for the build.
//! - [`compile`] takes one motion file over its defaults to the checked [`model::Motion`]
//!   and its diagnostics, and to the [`render::Document`] every writer prints.
//! - [`render`] holds the registry of writers ([`render::WRITERS`]: PDF, DOCX, HTML) and
//!   the wording of documents; [`typography`] is the French typography pass.
//! - [`validate`] applies the domain rules, each with a stable [`diag::Code`] (the
//!   typography lints among them), and lowers a valid document into the model.
//! - [`input`] reads a file ([`source::SourceFile`]), parses TOML into a tree whose values
//!   remember their origin ([`input::node`]), lays folder defaults under it, and checks its
//!   shape against the schema of the raw types ([`input::raw`], [`input::shape`]).
//! - [`text`] (what a text may hold, what typography must not touch) and [`markup`]
//!   (inline markup) serve the layers above; [`model`] is plain data.
//! - [`diag`] describes problems and prints them (human, short, json, github);
//!   [`source`] maps offsets to lines; [`output`] writes files safely.

pub mod batch;
pub mod build;
pub mod cli;
pub mod compile;
pub mod diag;
mod faults;
pub mod import;
pub mod input;
pub mod manifest;
pub mod markup;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod source;
pub mod text;
pub mod typography;
pub mod validate;

/// The JSON Schema of the motion format, pretty-printed, as committed in
/// `motion.schema.json`.
pub fn schema_json() -> String {
    serde_json::to_string_pretty(&input::raw::json_schema()).expect("a JSON value always prints")
}
