//! Reading a program over the network: the HTTP client the CLI uses (limits from the
//! environment, progress on standard error), what its errors exit with, and `--schedule URL`.

use std::io::{IsTerminal as _, Write as _};

use super::failure::{Failure, library_failure};
use crate::fetch::{self, FetchOptions, Fetched, Fetcher, Progress, Validators};
use crate::import::ImportOptions;
use crate::library::{self, LibraryError};
use crate::schedule::Schedule;

/// A library error as a failure: the network or the server failing us, or the disk, exits 1;
/// everything about the input (a bad address, a page that is not a schedule) exits 2.
pub fn failure(e: LibraryError) -> Failure {
    match e {
        LibraryError::Fetch(f) if !f.is_bad_address() => Failure::environment(f.to_string()),
        LibraryError::Source { .. } => Failure::environment(e.to_string()),
        other => library_failure(other),
    }
}

/// The HTTP client for the CLI: limits from the environment, progress on stderr when stderr is
/// a terminal.
pub fn fetcher() -> Result<Fetcher, Failure> {
    let options = FetchOptions::from_env().map_err(Failure::input)?;
    let fetcher = Fetcher::new(options);
    Ok(if std::io::stderr().is_terminal() {
        fetcher.with_progress(draw_progress)
    } else {
        fetcher
    })
}

/// `downloading… 3.2 MB of 12 MB`, redrawn in place; cleared when done.
fn draw_progress(p: Progress) {
    let mut err = std::io::stderr().lock();
    let line = if p.done {
        "\r\x1b[2K".to_owned()
    } else {
        match p.total {
            Some(total) if total >= p.received => format!(
                "\r\x1b[2Kdownloading… {} of {}",
                fetch::size(p.received),
                fetch::size(total)
            ),
            _ => format!("\r\x1b[2Kdownloading… {}", fetch::size(p.received)),
        }
    };
    // Progress is a courtesy: a failed write to stderr must not fail the download.
    let _ = err.write_all(line.as_bytes()).and_then(|()| err.flush());
}

/// `--schedule URL`: downloads and reads the program, keeping nothing.
pub fn schedule_from_url(url: &str) -> Result<Schedule, Failure> {
    let fetched = fetcher()?
        .get(url, &Validators::default())
        .map_err(|e| failure(e.into()))?;
    let Fetched::Body(download) = fetched else {
        return Err(Failure::environment(format!(
            "{url}: the server answered 304 Not Modified to a request that was not conditional"
        )));
    };
    let imported =
        library::import_download(&download, &ImportOptions::default()).map_err(failure)?;
    for note in &imported.notes {
        crate::cli::emit::say!("hallway: note: {note}");
    }
    Ok(imported.schedule)
}
