//! A session's summary (its abstract or description): most of a program's text — some 60 MB of
//! a 50,000-session program — and read one session at a time (the detail pane, `hallway
//! show`, an export), or once in order (building the search index).
//!
//! So a program opened from its cache (`library::cache`) leaves the summaries in the cache
//! file and reads each when it is asked for ([`Summary::text`]), through a handle to the file
//! opened with the program ([`Shelf`]). A cache replaced or removed meanwhile does not matter:
//! the handle keeps the file the program was read from. Each summary there is followed by its
//! own CRC-32, checked on every read, so a file damaged after it was opened gives no summary
//! rather than wrong text. A program read from a schedule file holds its summaries in memory.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A session's summary: the text, or where it lies in the program's cache file.
#[derive(Clone)]
pub struct Summary(Repr);

#[derive(Clone)]
enum Repr {
    Held(String),
    Shelved {
        shelf: Arc<Shelf>,
        at: u64,
        len: u32,
    },
}

/// The open file that shelved summaries are read from.
#[derive(Debug)]
pub struct Shelf {
    file: File,
}

impl Shelf {
    /// Summaries are read from `file`, which stays open as long as a summary refers to it.
    #[must_use]
    pub fn new(file: File) -> Arc<Self> {
        Arc::new(Self { file })
    }

    /// The `len` bytes at `at` and the CRC-32 after them, when they read and check.
    fn read(&self, at: u64, len: u32) -> Option<String> {
        let len = usize::try_from(len).ok()?;
        let mut buf = vec![0u8; len.checked_add(4)?];
        read_exact_at(&self.file, &mut buf, at).ok()?;
        let crc = buf.split_off(len);
        (crc32fast::hash(&buf).to_le_bytes()[..] == crc[..])
            .then(|| String::from_utf8(buf).ok())
            .flatten()
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_exact_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// What follows a summary's bytes in a cache file: their CRC-32, little-endian.
#[must_use]
pub fn trailer(text: &str) -> [u8; 4] {
    crc32fast::hash(text.as_bytes()).to_le_bytes()
}

impl Summary {
    /// A summary left in `shelf`: `len` bytes at `at`, followed by their CRC-32.
    #[must_use]
    pub fn shelved(shelf: Arc<Shelf>, at: u64, len: u32) -> Self {
        Self(Repr::Shelved { shelf, at, len })
    }

    /// The text; `None` only for a shelved summary whose file no longer reads or checks.
    #[must_use]
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match &self.0 {
            Repr::Held(text) => Some(Cow::Borrowed(text)),
            Repr::Shelved { shelf, at, len } => shelf.read(*at, *len).map(Cow::Owned),
        }
    }

    /// Its length in bytes, without reading it.
    #[must_use]
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Held(text) => text.len(),
            Repr::Shelved { len, .. } => usize::try_from(*len).unwrap_or(usize::MAX),
        }
    }

    /// Whether it is empty (loaders keep no empty summary, so only a test would see one).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text held in memory, to tidy in place; `None` for a shelved one (written tidy).
    pub fn held_mut(&mut self) -> Option<&mut String> {
        match &mut self.0 {
            Repr::Held(text) => Some(text),
            Repr::Shelved { .. } => None,
        }
    }
}

impl From<String> for Summary {
    fn from(text: String) -> Self {
        Self(Repr::Held(text))
    }
}

impl From<&str> for Summary {
    fn from(text: &str) -> Self {
        Self(Repr::Held(text.to_owned()))
    }
}

/// Two summaries are equal when their texts are (an unreadable one equals nothing).
impl PartialEq for Summary {
    fn eq(&self, other: &Self) -> bool {
        match (self.text(), other.text()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Summary {}

impl fmt::Debug for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Held(text) => fmt::Debug::fmt(text, f),
            Repr::Shelved { at, len, .. } => write!(f, "<{len} bytes at {at} of the cache>"),
        }
    }
}

/// Written as its text, whichever way it is kept.
impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.text() {
            Some(text) => s.serialize_str(&text),
            None => Err(serde::ser::Error::custom(
                "a summary could not be read back from the program's cache",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Summary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn shelf_with(bytes: &[u8]) -> Arc<Shelf> {
        let mut file = tempfile::tempfile().unwrap_or_else(|e| panic!("{e}"));
        file.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
        Shelf::new(file)
    }

    fn record(text: &str) -> Vec<u8> {
        let mut bytes = text.as_bytes().to_vec();
        bytes.extend(trailer(text));
        bytes
    }

    #[test]
    fn a_shelved_summary_reads_back_and_equals_the_held_one() {
        let mut file = b"xx".to_vec();
        file.extend(record("Ünïcode abstract,\nsecond line"));
        let len = u32::try_from("Ünïcode abstract,\nsecond line".len()).unwrap_or(0);
        let shelved = Summary::shelved(shelf_with(&file), 2, len);
        assert_eq!(
            shelved.text().as_deref(),
            Some("Ünïcode abstract,\nsecond line")
        );
        assert_eq!(shelved, Summary::from("Ünïcode abstract,\nsecond line"));
        assert_eq!(shelved.len(), usize::try_from(len).unwrap_or(0));
        assert_eq!(
            serde_json::to_string(&shelved).unwrap_or_default(),
            "\"Ünïcode abstract,\\nsecond line\""
        );
    }

    #[test]
    fn a_damaged_or_cut_record_gives_no_text() {
        let mut file = record("the abstract");
        file[3] ^= 0x20;
        let damaged = Summary::shelved(shelf_with(&file), 0, 12);
        assert_eq!(damaged.text(), None);
        assert_ne!(damaged, Summary::from("the abstract"));
        assert!(serde_json::to_string(&damaged).is_err());
        let cut = Summary::shelved(shelf_with(&record("the abstract")[..14]), 0, 12);
        assert_eq!(cut.text(), None);
        let past_the_end = Summary::shelved(shelf_with(b""), u64::MAX - 2, u32::MAX);
        assert_eq!(past_the_end.text(), None);
    }
}
