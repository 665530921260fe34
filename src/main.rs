//! The `hallway` binary: parse the command line, then run a subcommand (or, with none, the
//! interactive program). Nothing else happens here.

use std::process::ExitCode;

use clap::Parser;
use hallway::cli::{Cli, commands};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => commands::run(&cli.global, command),
        None => commands::interactive(&cli.global),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            for line in &failure.lines {
                hallway::cli::emit::stderr_line(&format!("hallway: {line}"));
            }
            ExitCode::from(failure.code)
        }
    }
}
