//! Reading a local file that comes from outside — a schedule (`import`, `--schedule`,
//! `validate`), a notes file (`import-notes`), a backup (`restore`) — under the same size cap
//! as a download ([`super::FetchOptions::max_bytes`]: 50 MB, [`super::ENV_MAX_BYTES`] changes
//! both), so no file, however large or endless, can take all the memory or hang hallway.
//!
//! - Only regular files are read. A FIFO, a device (`/dev/zero`, a terminal), a socket or a
//!   directory is refused from its metadata, before it is opened: opening a FIFO for reading
//!   would wait for a writer forever. (The type is checked again on the open file, in case the
//!   path changed in between; a FIFO put there in that instant could still block the open.)
//! - A file whose size is over the cap is refused without reading it; any other is read at
//!   most cap + 1 bytes (a file may grow while it is read, and `/proc`-style files report no
//!   size), and refused when there was more. [`read`] reads it whole; [`open`] hands it out
//!   as a [`Capped`] stream that fails the same way, for readers that parse as they go.
//!
//! Errors are `std::io::Error`s whose message reads well after `FILE: cannot read: `, the way
//! every caller already reports a read failure; the payload is a [`LocalError`] for callers
//! that want to tell the cases apart.

use std::fs::{File, FileType};
use std::io::{self, Read};
use std::path::Path;

use super::{ENV_MAX_BYTES, FetchOptions, size};

/// Why a local file was refused before or while it was read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalError {
    /// A FIFO, a device, a socket, a directory...: `what` it is.
    #[error("not a regular file but {what}; hallway reads only regular files")]
    NotAFile { what: &'static str },
    /// More than `limit` bytes.
    #[error("larger than the size cap of {} ({ENV_MAX_BYTES} changes it)", size(*limit))]
    TooLarge { limit: u64 },
    /// The cap's environment variable does not hold a number of bytes.
    #[error("{0}")]
    BadLimit(String),
}

impl From<LocalError> for io::Error {
    fn from(e: LocalError) -> Self {
        let kind = match &e {
            LocalError::NotAFile {
                what: "a directory",
            } => io::ErrorKind::IsADirectory,
            LocalError::NotAFile { .. } | LocalError::BadLimit(_) => io::ErrorKind::InvalidInput,
            LocalError::TooLarge { .. } => io::ErrorKind::FileTooLarge,
        };
        io::Error::new(kind, e)
    }
}

/// The size cap in force: [`super::ENV_MAX_BYTES`] when set, else 50 MB.
///
/// # Errors
/// A line naming the variable when it is not a positive number of bytes.
pub fn max_bytes() -> Result<u64, String> {
    FetchOptions::max_bytes_from(|name| std::env::var(name).ok())
}

/// Reads the file at `path` within the size cap in force ([`max_bytes`]).
///
/// # Errors
/// The file cannot be opened or read, is not a regular file, or is larger than the cap; or
/// the cap's variable is malformed. The message names neither the file nor the operation:
/// callers say `FILE: cannot read: ` first.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let limit = max_bytes().map_err(LocalError::BadLimit)?;
    read_capped(path, limit)
}

/// Reads the file at `path`, refusing anything but a regular file, and anything over `limit`
/// bytes.
///
/// # Errors
/// As [`read`].
pub fn read_capped(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_all(open_capped(path, limit)?)
}

/// Opens the file at `path` to be read as a stream within the size cap in force
/// ([`max_bytes`]), for a reader that never holds the whole file.
///
/// # Errors
/// As [`read`], for what is known before reading; reading past the cap fails with
/// [`LocalError::TooLarge`].
pub fn open(path: &Path) -> io::Result<Capped<File>> {
    let limit = max_bytes().map_err(LocalError::BadLimit)?;
    open_capped(path, limit)
}

/// [`open`] with the cap given: only a regular file, and one no larger than `limit` bytes by
/// its metadata, is opened.
///
/// # Errors
/// As [`open`].
pub fn open_capped(path: &Path, limit: u64) -> io::Result<Capped<File>> {
    // Before opening: a FIFO would block the open itself.
    regular(std::fs::metadata(path)?.file_type())?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    regular(meta.file_type())?;
    if meta.len() > limit {
        return Err(LocalError::TooLarge { limit }.into());
    }
    Ok(Capped::new(file, limit, meta.len()))
}

/// A reader that gives at most `limit` bytes and fails with [`LocalError::TooLarge`] as soon
/// as there is more (it reads one byte past the cap to know), so an endless or growing file
/// read as a stream stops as one read whole does.
#[derive(Debug)]
pub struct Capped<R> {
    inner: io::Take<R>,
    limit: u64,
    expected: u64,
}

impl<R: Read> Capped<R> {
    /// `reader` within `limit` bytes; `expected` is the size it claims (0 when unknown).
    pub fn new(reader: R, limit: u64, expected: u64) -> Self {
        Capped {
            inner: reader.take(limit.saturating_add(1)),
            limit,
            expected,
        }
    }

    /// The size the file claimed when it was opened (at most the cap), for a first allocation.
    pub fn expected_len(&self) -> u64 {
        self.expected.min(self.limit)
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 && self.inner.limit() == 0 {
            return Err(LocalError::TooLarge { limit: self.limit }.into());
        }
        Ok(n)
    }
}

/// All of `reader` (within its cap), allocated for the size it expects.
fn read_all(mut reader: Capped<impl Read>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(reader.expected_len()).unwrap_or_default());
    reader.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `Ok` for a regular file, else what it is.
fn regular(t: FileType) -> Result<(), LocalError> {
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() {
        "a directory"
    } else {
        special(t)
    };
    Err(LocalError::NotAFile { what })
}

#[cfg(unix)]
fn special(t: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special(_: FileType) -> &'static str {
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: &io::Error) -> String {
        e.to_string()
    }

    fn local(e: &io::Error) -> Option<&LocalError> {
        e.get_ref().and_then(|e| e.downcast_ref::<LocalError>())
    }

    #[test]
    fn a_file_within_the_cap_is_read_whole_and_one_over_it_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("s.json");
        std::fs::write(&path, b"0123456789").unwrap_or_else(|e| panic!("{e}"));
        let bytes = read_capped(&path, 10).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bytes, b"0123456789");
        let e = read_capped(&path, 9)
            .err()
            .unwrap_or_else(|| panic!("read"));
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(local(&e), Some(&LocalError::TooLarge { limit: 9 }));
        assert_eq!(
            message(&e),
            format!("larger than the size cap of 9 bytes ({ENV_MAX_BYTES} changes it)")
        );
    }

    #[test]
    fn an_endless_reader_is_read_only_up_to_one_byte_past_the_cap() {
        // io::repeat never ends, and claims no size: only the bound stops it.
        let e = read_all(Capped::new(io::repeat(0), 1_000_000, 0))
            .err()
            .unwrap_or_else(|| panic!("an endless reader was read"));
        assert_eq!(local(&e), Some(&LocalError::TooLarge { limit: 1_000_000 }));
        let mut counted = Counted(0);
        let _ = read_all(Capped::new(&mut counted, 1000, 0));
        assert_eq!(counted.0, 1001);
    }

    /// An endless reader that counts the bytes it gave.
    struct Counted(u64);

    impl Read for Counted {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            buf.fill(b'x');
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
    }

    #[test]
    fn an_opened_file_streams_within_the_cap_and_fails_one_byte_past_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("s.json");
        std::fs::write(&path, b"0123456789").unwrap_or_else(|e| panic!("{e}"));
        let mut opened = open_capped(&path, 10).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opened.expected_len(), 10);
        let mut bytes = Vec::new();
        opened
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bytes, b"0123456789");
        // Known too large from its size: refused before any read.
        let e = open_capped(&path, 9)
            .err()
            .unwrap_or_else(|| panic!("opened"));
        assert_eq!(local(&e), Some(&LocalError::TooLarge { limit: 9 }));
        // Claiming no size (or growing): the stream itself stops, in small reads too.
        let mut stream = Capped::new(&b"0123456789"[..], 9, 0);
        let mut chunk = [0; 4];
        let mut got = 0;
        let e = loop {
            match stream.read(&mut chunk) {
                Ok(0) => panic!("read to the end past the cap"),
                Ok(n) => got += n,
                Err(e) => break e,
            }
        };
        assert_eq!(got, 8);
        assert_eq!(local(&e), Some(&LocalError::TooLarge { limit: 9 }));
    }

    #[test]
    fn a_directory_is_refused_by_its_kind() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let e = read_capped(dir.path(), 100)
            .err()
            .unwrap_or_else(|| panic!("a directory was read"));
        assert_eq!(e.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(
            message(&e),
            "not a regular file but a directory; hallway reads only regular files"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_before_they_are_opened() {
        let e = read_capped(Path::new("/dev/zero"), 100)
            .err()
            .unwrap_or_else(|| panic!("/dev/zero was read"));
        assert_eq!(
            local(&e),
            Some(&LocalError::NotAFile {
                what: "a character device"
            })
        );
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap_or_else(|e| panic!("mkfifo: {e}"));
        assert!(made.success());
        // Without a writer, opening the FIFO would block this test forever.
        let e = read_capped(&fifo, 100)
            .err()
            .unwrap_or_else(|| panic!("the FIFO was read"));
        assert_eq!(
            message(&e),
            "not a regular file but a FIFO (named pipe); hallway reads only regular files"
        );
    }

    #[test]
    fn a_missing_file_is_the_system_error() {
        let e = read_capped(Path::new("/nonexistent/x.json"), 100)
            .err()
            .unwrap_or_else(|| panic!("read"));
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }
}
