//! A binary copy of each saved conference (`NAME.cache`), so that opening a large program does
//! not parse its JSON again: decoding it streams from the file (no copy of the file in memory)
//! and costs a fraction of the JSON parse.
//!
//! The cache is derived data, never the only copy: `NAME.json` stays the saved program. A
//! cache is used only when its key matches the JSON file it was made from (this build of
//! hallway, the file's length, modification time and inode) and its CRC-32 checks; anything
//! else — missing, stale, truncated, damaged, from another version — is ignored, and the next
//! open parses the JSON and writes a fresh one. Writing it is best effort (a read-only folder
//! just means no cache) and atomic (a temporary file renamed into place); it is not synced,
//! since a cache lost or torn by a crash is detected and rebuilt.
//!
//! Layout: `HALLWAY-CACHE\n`; the CRC-32 of the head (4 bytes, little-endian); the head's
//! length (8 bytes, little-endian); the CRC-32 of the summaries' region (4 bytes); the head: in
//! [postcard](https://docs.rs/postcard) the [`Key`], the conference, the sessions in program
//! order (times as numbers, see `schedule::compact`) each without its summary but with the
//! summary's length, and the room order; then that region: each summary's text followed by
//! its own CRC-32, so each is read and written once. The index is rebuilt on load ([`Schedule::new`]).
//!
//! The summaries (60 MB of a 50,000-session program) are not read into memory: the program
//! keeps the open file and reads each summary when it is shown (`schedule::summary`). Opening
//! still reads the region once, a block at a time, to check it, so a damaged cache is never
//! used; the CRC-32 of each summary guards its later reads.
//!
//! Why postcard. Until layout 3 this was bincode 1, which is unmaintained (RUSTSEC-2025-0141).
//! Two maintained formats were measured on the 50,000-session synthetic program (see
//! docs/performance.md, "The program cache"): postcard, streamed from a 64 KB buffered read as
//! bincode was, and rkyv 0.8 (zero-copy, validated with bytecheck, read into an `AlignedVec`).
//! rkyv's validated access is quick (about 20 ms), but it needs the whole 86 MB file in memory
//! first (reading it alone took 80 ms), and hallway works on owned `Schedule`s, so the archive
//! must still be deserialized into one: 320–360 ms and 194 MB at the peak, against postcard's
//! 250 ms and 117 MB (bincode: 240–280 ms, 117 MB). Zero-copy would pay only if the app read
//! the archive in place, which without `unsafe` (no `mmap`) still means reading every byte
//! first; postcard keeps the streaming read and is the smaller file (77 MB against 86 MB).

use std::fs::{File, Metadata};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::schedule::summary::{self, Shelf};
use crate::schedule::{Conference, Schedule, Session, Summary};

const MAGIC: &[u8] = b"HALLWAY-CACHE\n";

/// Bumped whenever what the cache holds changes shape or meaning (2: texts pass
/// `crate::sanitize`, so caches written before it are rebuilt; 3: the program's room order
/// follows the sessions; 4: postcard instead of bincode; 5: summaries after the head, read
/// when shown); the build's version is in the key too. A cache of an older layout fails to
/// decode or has another layout in its key, and is rebuilt.
const LAYOUT: u32 = 5;

/// What a cache was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    layout: u32,
    build: String,
    json_len: u64,
    json_modified_ns: u128,
    json_inode: u64,
}

impl Key {
    fn of(json: &Metadata) -> Key {
        Key {
            layout: LAYOUT,
            build: env!("CARGO_PKG_VERSION").to_owned(),
            json_len: json.len(),
            json_modified_ns: json
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos()),
            json_inode: inode(json),
        }
    }
}

#[cfg(unix)]
fn inode(m: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(not(unix))]
fn inode(_: &Metadata) -> u64 {
    0
}

/// Reads through a CRC-32.
struct Checked<R> {
    inner: R,
    crc: crc32fast::Hasher,
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
}

/// Writes through a CRC-32.
struct Summed<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The program in the cache at `path`, when it was made from the JSON file described by
/// `json` and is intact; `None` otherwise. Its summaries stay in the file, read when asked
/// for (`schedule::summary`).
#[must_use]
pub fn read(path: &Path, json: &Metadata) -> Option<Schedule> {
    // Only a regular file: opening a FIFO put in its place would wait for a writer forever.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut file = File::open(path).ok()?;
    let limit = file.metadata().ok()?.len();
    let mut head = [0u8; MAGIC.len() + 4 + 8 + 4];
    file.read_exact(&mut head).ok()?;
    let (magic, rest) = head.split_at(MAGIC.len());
    let (crc, rest) = rest.split_at(4);
    let (head_len, region_crc) = rest.split_at(8);
    if magic != MAGIC {
        return None;
    }
    let stored = u32::from_le_bytes(crc.try_into().ok()?);
    let region_crc = u32::from_le_bytes(region_crc.try_into().ok()?);
    let mut crc = crc32fast::Hasher::new();
    crc.update(head_len);
    let head_len = u64::from_le_bytes(head_len.try_into().ok()?);
    let region_start = (head.len() as u64).checked_add(head_len)?;
    // The checksum is taken under the buffer, a block at a time.
    let reader = BufReader::with_capacity(
        1 << 16,
        Checked {
            inner: file.take(head_len),
            crc,
        },
    );
    // postcard reads each string into this scratch buffer before copying it out, so it must
    // hold the longest one; sized to the file, a damaged length is an error rather than an
    // allocation. It is zeroed memory fresh from the system, whose pages are only mapped when
    // touched: it costs the longest string's pages, not the file's size.
    let mut scratch = vec![0u8; usize::try_from(limit).ok()?];
    let (key, io) = postcard::from_io::<Key, _>((reader, &mut scratch)).ok()?;
    if key != Key::of(json) {
        return None;
    }
    let (conference, io) = postcard::from_io::<Conference, _>(io).ok()?;
    let (count, mut io) = postcard::from_io::<u64, _>(io).ok()?;
    // Each session's summary is a length here and its text in the region after the head.
    let mut lens = Vec::new();
    let mut sessions = Vec::new();
    for _ in 0..count {
        let ((session, len), next) = postcard::from_io::<(Session, Option<u32>), _>(io).ok()?;
        sessions.push(session);
        lens.push(len);
        io = next;
    }
    let (rooms, (mut reader, _)) = postcard::from_io::<Vec<String>, _>(io).ok()?;
    // Nothing may follow in the head; reading to its end also puts every byte through the
    // checksum. The summaries' region must be all there, and nothing after it.
    let region_len = lens.iter().flatten().map(|&len| u64::from(len) + 4).sum();
    let at_end = matches!(reader.read(&mut [0u8; 1]), Ok(0));
    let checked = reader.into_inner();
    if !at_end
        || checked.crc.finalize() != stored
        || region_start.checked_add(region_len) != Some(limit)
    {
        return None;
    }
    let mut file = checked.inner.into_inner();
    // The summaries are checked here too, a block at a time without keeping them, so that a
    // damaged cache is rebuilt rather than missing a summary; each also carries its own
    // checksum against a change after this.
    let mut region = BufReader::with_capacity(
        1 << 16,
        Checked {
            inner: &mut file,
            crc: crc32fast::Hasher::new(),
        },
    );
    let copied = io::copy(&mut region, &mut io::sink()).ok()?;
    if copied != region_len || region.into_inner().crc.finalize() != region_crc {
        return None;
    }
    let shelf = Shelf::new(file);
    let mut at = region_start;
    for (session, len) in sessions.iter_mut().zip(lens) {
        if let Some(len) = len {
            session.summary = Some(Summary::shelved(shelf.clone(), at, len));
            at += u64::from(len) + 4;
        }
    }
    Some(Schedule::with_room_order(conference, sessions, &rooms))
}

/// Writes the cache of `schedule`, loaded from the JSON file described by `json`, to `path`
/// (atomically: a temporary file beside it, renamed into place).
///
/// # Errors
/// The folder cannot be written to, or the disk fails, or a summary of `schedule` (itself
/// from a cache) no longer reads.
pub fn write(path: &Path, json: &Metadata, schedule: &Schedule) -> io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".cache-")
        .tempfile_in(dir)?;
    let file = temp.as_file_mut();
    file.write_all(MAGIC)?;
    // The places of the head's checksum, its length and the summaries' checksum, filled in
    // once they are written.
    file.write_all(&[0; 16])?;
    let mut out = BufWriter::with_capacity(
        1 << 16,
        Summed {
            inner: &mut *file,
            crc: crc32fast::Hasher::new(),
        },
    );
    let to_io = |e: postcard::Error| io::Error::other(e.to_string());
    postcard::to_io(&Key::of(json), &mut out).map_err(to_io)?;
    postcard::to_io(&schedule.conference, &mut out).map_err(to_io)?;
    let sessions = schedule.sessions();
    postcard::to_io(&(sessions.len() as u64), &mut out).map_err(to_io)?;
    for session in sessions {
        let mut bare = session.clone();
        let len = bare
            .summary
            .take()
            .map(|s| u32::try_from(s.len()).map_err(io::Error::other))
            .transpose()?;
        postcard::to_io(&(&bare, len), &mut out).map_err(to_io)?;
    }
    postcard::to_io(&schedule.index().room_order(), &mut out).map_err(to_io)?;
    let summed = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    let head_len = summed.inner.stream_position()? - (MAGIC.len() + 16) as u64;
    let mut crc = crc32fast::Hasher::new();
    crc.update(&head_len.to_le_bytes());
    crc.combine(&summed.crc);
    let mut out = BufWriter::with_capacity(
        1 << 16,
        Summed {
            inner: &mut *file,
            crc: crc32fast::Hasher::new(),
        },
    );
    for session in sessions {
        if let Some(summary) = &session.summary {
            let text = summary.text().ok_or_else(|| {
                io::Error::other(format!("the summary of {:?} no longer reads", session.id))
            })?;
            out.write_all(text.as_bytes())?;
            out.write_all(&summary::trailer(&text))?;
        }
    }
    let region_crc = out
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .crc
        .finalize();
    file.seek(SeekFrom::Start(MAGIC.len() as u64))?;
    file.write_all(&crc.finalize().to_le_bytes())?;
    file.write_all(&head_len.to_le_bytes())?;
    file.write_all(&region_crc.to_le_bytes())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the cache at `path`, if there is one (before its JSON file is replaced).
///
/// # Errors
/// It exists and cannot be removed.
pub fn remove(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_in_the_caches_place_is_no_cache_and_is_not_opened() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let json = dir.path().join("c.json");
        std::fs::write(&json, "{}").unwrap_or_else(|e| panic!("{e}"));
        let meta = std::fs::metadata(&json).unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("c.cache");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap_or_else(|e| panic!("mkfifo: {e}"));
        assert!(made.success());
        // Opening it for reading, with no writer, would block this test.
        assert!(read(&fifo, &meta).is_none());
    }
}
