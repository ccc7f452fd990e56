//! `motion explain CODE`: prints the long explanation of a diagnostic code, or the list of
//! every code with its title.

use crate::diag::Code;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le code à expliquer (M101…). Sans code : la liste de tous les codes.
    #[arg(value_name = "CODE")]
    code: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.code {
        None => {
            for code in Code::ALL {
                println!(
                    "{}  {:<13}  {}",
                    code.id(),
                    code.severity().label(),
                    code.title()
                );
            }
            Ok(super::EXIT_OK)
        }
        Some(id) => match Code::from_id(&id) {
            Some(code) => {
                print!("{}", code.explanation());
                Ok(super::EXIT_OK)
            }
            None => {
                eprintln!("motion : erreur : code inconnu « {id} »");
                eprintln!("  aide : `motion explain` liste tous les codes");
                Ok(super::EXIT_USAGE)
            }
        },
    }
}
