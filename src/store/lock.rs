//! The exclusive lock that serializes read → merge → write between hallway processes.
//!
//! The lock lives on a separate file, `state.lock`, never on `state.json` itself: that file is
//! replaced by rename on every save, so a lock on it would guard a file nobody reads any more.
//! The lock file is never deleted, since deleting it would let two processes lock two different
//! files of the same name.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Name of the lock file, next to `state.json`.
pub(crate) const LOCK_FILE: &str = "state.lock";

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
    fn second_lock_waits_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE);
        let first = StateLock::acquire(&path).unwrap();
        let other = File::open(&path).unwrap();
        assert!(other.try_lock().is_err());
        drop(first);
        assert!(other.try_lock().is_ok());
    }
}
