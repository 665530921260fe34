//! The one way the CLI writes to the terminal. Every byte hallway prints to standard output or
//! standard error goes through here, and through [`sanitize::escape_for_terminal`] on the way:
//! any control character that got past the input rule (see [`crate::sanitize`]) is shown as a
//! visible `\u001b`-style escape, never acted on by the terminal. This is the defence in depth
//! that `git` and `less` apply to text they did not write themselves.

use std::io::Write as _;

use crate::sanitize;

/// Writes `text` to standard output, escaped, and flushes. A closed pipe (`hallway list |
/// head`) is reported as `BrokenPipe` for the caller to ignore.
pub fn stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(sanitize::escape_for_terminal(text).as_bytes())?;
    out.flush()
}

/// Writes one line (a message, a notice) to standard error, escaped. Errors writing to
/// standard error are ignored: there is nowhere left to report them.
pub fn stderr_line(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", sanitize::escape_for_terminal(line));
}

/// `eprintln!` through [`stderr_line`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::emit::stderr_line(&format!($($arg)*))
    };
}
pub(crate) use say;
