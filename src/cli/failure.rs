//! The error every command returns: the lines to print on standard error and the exit code
//! (2 for bad input, 1 when the environment failed us). Every other module of the CLI depends
//! on this one, and it on none of them.

use crate::library::LibraryError;
use crate::schedule;

/// A failed command: the lines to print on stderr and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub lines: Vec<String>,
    pub code: u8,
}

impl Failure {
    /// Bad input from the user (unknown id, malformed file...): exit code 2.
    pub fn input(line: impl Into<String>) -> Self {
        Self {
            lines: vec![line.into()],
            code: 2,
        }
    }

    /// Several input problems at once: exit code 2.
    pub fn inputs(lines: Vec<String>) -> Self {
        Self { lines, code: 2 }
    }

    /// The environment failed us (disk full, unwritable folder): exit code 1.
    pub fn environment(line: impl Into<String>) -> Self {
        Self {
            lines: vec![line.into()],
            code: 1,
        }
    }
}

impl From<schedule::LoadError> for Failure {
    fn from(e: schedule::LoadError) -> Self {
        Self::inputs(e.lines())
    }
}

/// A library error as a failure: bad input (exit 2) unless the disk failed.
pub fn library_failure(e: LibraryError) -> Failure {
    match e {
        LibraryError::Import(e) => Failure::inputs(e.lines()),
        LibraryError::Write { .. } => Failure::environment(e.to_string()),
        other => Failure::input(other.to_string()),
    }
}
