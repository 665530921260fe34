//! Writing a command's result: to standard output (through [`super::emit`], so escaped), as
//! JSON, or to a file named by `--output`. The commands share these; they depend on nothing of
//! the CLI but [`super::emit`] and [`super::failure`].

use std::path::Path;

use serde::Serialize;

use super::emit;
use super::failure::Failure;

/// Writes `text` to standard output (escaped); a closed pipe is not an error.
pub fn print(text: &str) -> Result<(), Failure> {
    match emit::stdout(text) {
        // A closed pipe (`hallway list | head`) is not an error worth a message.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::environment(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// Writes `value` as pretty JSON and a line feed to standard output.
pub fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::environment(format!("cannot encode JSON: {e}")))?;
    print(&(text + "\n"))
}

/// Writes `text` to `path` (saying so on standard error), or to standard output without one.
pub fn write_out(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    match path {
        None => print(text),
        Some(path) => {
            std::fs::write(path, text).map_err(|e| {
                Failure::environment(format!("cannot write {}: {e}", path.display()))
            })?;
            emit::say!("hallway: wrote {}", path.display());
            Ok(())
        }
    }
}
