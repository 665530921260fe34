//! The bundled program: the PyTorch Conference 2024, compiled into the binary so hallway works
//! on a fresh machine with no files and no network.

use super::{Schedule, load};

/// Where the bundled program claims to come from, for error messages.
pub const ORIGIN: &str = "<bundled>/data/pytorch-conference-2024.json";

/// The bundled program's text, in hallway's own schedule format.
pub const JSON: &str = include_str!("../../data/pytorch-conference-2024.json");

/// Loads the bundled program.
///
/// # Errors
/// Only if the bundled data is broken, which the test suite rules out.
pub fn load() -> Result<Schedule, load::LoadError> {
    load::from_str(JSON, ORIGIN)
}
