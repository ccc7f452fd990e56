//! `motion schema`: prints the JSON Schema of the motion format (the committed
//! `motion.schema.json` is this output).

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> anyhow::Result<u8> {
    println!("{}", crate::schema_json());
    Ok(super::EXIT_OK)
}
