//! The file-system seam: every file operation the store performs goes through [`Disk`], so
//! tests can inject failures at any step of a save (a full disk, a crash before the rename).
//!
//! [`write_atomic`] is the save protocol: write a uniquely named temp file in the same folder,
//! fsync it, rename it over the target, fsync the folder. A crash at any point leaves either the
//! old file or the new one, never a mix.
//!
//! A target that is a symbolic link (a `state.json` kept in a synced folder, say) is written
//! *through*: [`resolve_links`] finds the file it points to, and the temp file, the rename and
//! the folder fsync all happen there, so the link itself stays a link.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// File operations used by the store. [`RealDisk`] is the real thing; tests wrap it to fail on
/// purpose.
pub trait Disk: Send {
    /// Reads a whole file.
    ///
    /// # Errors
    /// As [`std::fs::read`]; `NotFound` when the file does not exist.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Creates a folder and its parents if missing.
    ///
    /// # Errors
    /// When the folder cannot be created or the path exists and is not a folder.
    fn create_dir_all(&self, dir: &Path) -> io::Result<()>;

    /// Creates a new file (failing if it exists), writes all of `bytes` and fsyncs it.
    ///
    /// # Errors
    /// Any error while creating, writing or syncing.
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;

    /// Renames `from` to `to`, replacing `to` if it exists.
    ///
    /// # Errors
    /// As [`std::fs::rename`].
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;

    /// Fsyncs a folder so a rename in it is durable.
    ///
    /// # Errors
    /// When the folder cannot be opened or synced.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;

    /// Removes a file.
    ///
    /// # Errors
    /// As [`std::fs::remove_file`].
    fn remove_file(&self, path: &Path) -> io::Result<()>;

    /// Whether anything exists at `path`.
    fn exists(&self, path: &Path) -> bool;

    /// The names of the entries of a folder.
    ///
    /// # Errors
    /// As [`std::fs::read_dir`].
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<OsString>>;

    /// What a symbolic link points to, as written in the link.
    ///
    /// # Errors
    /// As [`std::fs::read_link`]: `InvalidInput` when `path` is not a link, `NotFound` when
    /// nothing is there.
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        fs::read_link(path)
    }
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealDisk;

/// The largest state file hallway reads (a million notes of 500 bytes): beyond it the file is
/// refused, never read whole into memory nor overwritten.
pub const STATE_CAP: u64 = 512_000_000;

impl Disk for RealDisk {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        // A folder keeps the system's own error ("Is a directory"); FIFOs, devices and files
        // over the cap are refused before they can block or fill memory.
        if fs::metadata(path)?.is_dir() {
            return fs::read(path);
        }
        crate::fetch::local::read_capped(path, STATE_CAP)
    }

    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        if dir.exists() && !dir.is_dir() {
            return Err(io::Error::new(
                ErrorKind::NotADirectory,
                "it exists and is not a folder",
            ));
        }
        fs::create_dir_all(dir)
    }

    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        // Windows cannot open a folder as a file; its renames need no folder sync.
        if cfg!(unix) {
            File::open(dir)?.sync_all()
        } else {
            Ok(())
        }
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn exists(&self, path: &Path) -> bool {
        path.symlink_metadata().is_ok()
    }

    fn list_dir(&self, dir: &Path) -> io::Result<Vec<OsString>> {
        fs::read_dir(dir)?
            .map(|entry| entry.map(|e| e.file_name()))
            .collect()
    }
}

/// How many links [`resolve_links`] follows before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// The file `path` stands for once every symbolic link on its last component is followed:
/// `path` itself when it is not a link. A relative link target is taken relative to the
/// folder of the link. A link to nothing (yet) resolves to where it points, so a save creates
/// the file there. The folders on the way are left to the system, which follows them anyway.
///
/// # Errors
/// A link that cannot be read, or a chain of more than 40 links (a loop).
pub(crate) fn resolve_links(disk: &dyn Disk, path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match disk.read_link(&current) {
            Ok(next) => {
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::InvalidInput | ErrorKind::NotFound | ErrorKind::NotADirectory
                ) =>
            {
                return Ok(current);
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row (a loop?) from {}",
        path.display()
    )))
}

/// The start of every temp file name for `target` (e.g. `.state.json.tmp-`).
fn temp_prefix(target: &Path) -> String {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.tmp-")
}

/// A temp file name unique within this machine: process id plus a per-process counter.
fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = format!("{}{}-{n}", temp_prefix(target), std::process::id());
    target.with_file_name(name)
}

/// Why an atomic write failed, and whether the target was replaced anyway.
#[derive(Debug)]
pub(crate) enum WriteFailure {
    /// The target was not touched.
    NotWritten(io::Error),
    /// The target was replaced, but the folder could not be synced.
    NotDurable(io::Error),
}

/// Replaces `target` with `bytes` atomically. On failure before the rename the target is
/// untouched and the temp file is removed when possible.
pub(crate) fn write_atomic(
    disk: &dyn Disk,
    target: &Path,
    bytes: &[u8],
) -> Result<(), WriteFailure> {
    let temp = temp_path(target);
    let written = disk
        .write_new_synced(&temp, bytes)
        .and_then(|()| disk.rename(&temp, target));
    if let Err(e) = written {
        // Best effort: the file may not exist, and a leftover is swept by the next save.
        let _ = disk.remove_file(&temp);
        return Err(WriteFailure::NotWritten(e));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    disk.sync_dir(dir).map_err(WriteFailure::NotDurable)
}

/// Removes temp files left by saves that crashed. Only call while holding the store lock: then
/// no other save is in progress, so every temp file is a leftover.
pub(crate) fn remove_stale_temps(disk: &dyn Disk, target: &Path) {
    let dir = target.parent().unwrap_or(Path::new("."));
    let prefix = temp_prefix(target);
    let Ok(names) = disk.list_dir(dir) else {
        return;
    };
    for name in names {
        if name.to_string_lossy().starts_with(&prefix) {
            // Best effort: a leftover we cannot remove does no harm.
            let _ = disk.remove_file(&dir.join(name));
        }
    }
}

/// Replaces the file at `target` with `bytes` on the real disk, atomically (temp file in the
/// same folder, fsync, rename, fsync the folder). For files other than the state file: saved
/// conferences, exports, backups.
///
/// # Errors
/// The I/O error; before the rename, `target` is untouched.
pub fn replace_file(target: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        RealDisk.create_dir_all(dir)?;
    }
    match write_atomic(&RealDisk, target, bytes) {
        Ok(()) => Ok(()),
        Err(WriteFailure::NotWritten(e) | WriteFailure::NotDurable(e)) => Err(e),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_unique_hidden_and_in_the_same_folder() {
        let target = Path::new("/x/state.json");
        let a = temp_path(target);
        let b = temp_path(target);
        assert_ne!(a, b);
        assert_eq!(a.parent(), target.parent());
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".state.json.tmp-"), "{name}");
    }

    #[test]
    fn write_atomic_replaces_and_sweeps_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        fs::write(&target, b"old").unwrap();
        let leftover = dir.path().join(".state.json.tmp-1-1");
        fs::write(&leftover, b"half").unwrap();
        let other = dir.path().join("notes.md");
        fs::write(&other, b"keep").unwrap();
        write_atomic(&RealDisk, &target, b"new").unwrap();
        remove_stale_temps(&RealDisk, &target);
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert!(!leftover.exists());
        assert!(other.exists());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_through_chains_and_relative_targets() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let sync = dir.path().join("sync");
        fs::create_dir(&sync).unwrap();
        let real = sync.join("hallway.json");
        fs::write(&real, b"x").unwrap();
        let link = dir.path().join("state.json");
        // state.json -> sync/middle.json -> hallway.json (relative to sync/).
        symlink("sync/middle.json", &link).unwrap();
        symlink("hallway.json", sync.join("middle.json")).unwrap();
        let resolved = resolve_links(&RealDisk, &link).unwrap();
        assert_eq!(
            fs::canonicalize(&resolved).unwrap(),
            fs::canonicalize(&real).unwrap()
        );
        assert_eq!(resolve_links(&RealDisk, &real).unwrap(), real);
        let missing = dir.path().join("none");
        assert_eq!(resolve_links(&RealDisk, &missing).unwrap(), missing);
        symlink("gone/later.json", dir.path().join("dangling")).unwrap();
        assert_eq!(
            resolve_links(&RealDisk, &dir.path().join("dangling")).unwrap(),
            dir.path().join("gone/later.json")
        );
        symlink("loop", dir.path().join("loop")).unwrap();
        let err = resolve_links(&RealDisk, &dir.path().join("loop")).unwrap_err();
        assert!(err.to_string().contains("symbolic links"), "{err}");
    }

    #[test]
    fn create_dir_all_refuses_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, b"").unwrap();
        let err = RealDisk.create_dir_all(&file).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotADirectory);
    }
}
