//! The exclusive lock that serializes read → merge → write between hallway processes.
//!
//! The lock lives on a separate file, `state.lock`, never on `state.json` itself: that file is
//! replaced by rename on every save, so a lock on it would guard a file nobody reads any more.
//! The lock file is never deleted, since deleting it would let two processes lock two different
//! files of the same name.
//!
//! The lock sits beside the file actually written: `state.lock` next to `state.json`, or, when
//! `state.json` is a symbolic link, next to the file it points to (`hallway.json` gets
//! `hallway.lock`). So every hallway writing that file — whatever link it came through, or a
//! config folder that holds the file itself — takes the same lock.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// The lock file for the state file `target`: its name with the extension `lock`, beside it
/// (`state.json` → `state.lock`); a target already called `*.lock` gets `.lock` added.
pub(crate) fn lock_path(target: &Path) -> PathBuf {
    let path = target.with_extension("lock");
    if path == target {
        let mut name = target.as_os_str().to_owned();
        name.push(".lock");
        return PathBuf::from(name);
    }
    path
}

/// Holds the exclusive lock until dropped.
#[derive(Debug)]
pub(crate) struct StateLock {
    file: File,
}

impl StateLock {
    /// Opens (creating if needed) the lock file and blocks until the lock is ours.
    pub(crate) fn acquire(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        file.lock()?;
        Ok(Self { file })
    }
}

impl Drop for StateLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first just makes it prompt.
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_named_after_the_file_beside_it() {
        let lock = lock_path(Path::new("/c/state.json"));
        assert_eq!(lock, Path::new("/c/state.lock"));
        assert_eq!(
            lock_path(Path::new("/sync/hallway.json")),
            Path::new("/sync/hallway.lock")
        );
        assert_eq!(
            lock_path(Path::new("/s/x.lock")),
            Path::new("/s/x.lock.lock")
        );
        assert_eq!(lock_path(Path::new("/s/state")), Path::new("/s/state.lock"));
    }

    #[test]
    fn second_lock_waits_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(&dir.path().join("state.json"));
        let first = StateLock::acquire(&path).unwrap();
        let other = File::open(&path).unwrap();
        assert!(other.try_lock().is_err());
        drop(first);
        assert!(other.try_lock().is_ok());
    }
}
