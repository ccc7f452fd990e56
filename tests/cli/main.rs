//! The integration tests: each runs the real `motion` binary in a temporary folder, as a
//! user would, and reads what it prints and writes.

mod authorship;
mod booklet;
mod build;
mod cache;
mod check;
mod corpus;
mod crash;
mod docx;
mod fix;
mod fixtures;
mod golden;
mod harness;
mod hints;
mod hostile;
mod hostile_archive;
mod hostile_import;
mod import;
mod new;
mod pdf;
mod products;
mod properties;
mod reproducible;
mod schema;
mod search;
mod serve;
mod site;
mod trust;
