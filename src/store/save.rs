//! The save protocol of [`Store`]: lock, re-read `state.json`, replay the pending changes on
//! what was read, write atomically. Also the handling of files that cannot be used: a newer
//! file makes the store read-only, an unparsable one is moved aside (never overwritten).

use std::io::{self, ErrorKind};
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use super::disk::{self, WriteFailure};
use super::format::{self, Decoded};
use super::lock::{LOCK_FILE, StateLock};
use super::model::{MissingNote, State};
use super::{Notice, Outcome, ReadOnlyReason, STATE_FILE, Store, StoreError, VERSION};

/// What reading `state.json` found.
pub(super) enum Loaded {
    Missing,
    Usable(State, Vec<u8>),
    /// From a newer build (the store is now read-only), with what could be read of it.
    Newer(State),
    /// Unparsable: moved aside, or, if that failed, left alone with the store read-only.
    Corrupt,
}

impl Store {
    /// Read → merge → write under the lock. Returns the outcome of each pending change, in
    /// order; changes whose note vanished are dropped (with a notice, except the last one if
    /// `quiet_last`, whose caller reports it as an error).
    pub(super) fn save(
        &mut self,
        now: DateTime<FixedOffset>,
        quiet_last: bool,
    ) -> Result<Vec<Result<Outcome, MissingNote>>, StoreError> {
        self.check_writable()?;
        self.disk
            .create_dir_all(&self.dir)
            .map_err(|source| StoreError::CreateDir {
                path: self.dir.clone(),
                source,
            })?;
        let lock_path = self.dir.join(LOCK_FILE);
        let _lock = StateLock::acquire(&lock_path).map_err(|source| StoreError::Lock {
            path: lock_path.clone(),
            source,
        })?;
        disk::remove_stale_temps(self.disk.as_ref(), &self.path);
        let (base, on_disk) = match self.load(now, true)? {
            Loaded::Missing => (State::default(), None),
            Loaded::Usable(state, bytes) => (state, Some(bytes)),
            // Moved aside, build on the last state we knew to be good. (Newer, or corrupt and
            // not moved aside: the store is now read-only and the check below stops the save.)
            Loaded::Corrupt | Loaded::Newer(_) => (self.base.clone(), None),
        };
        self.check_writable()?;
        let (next, results) = self.replay(&base, quiet_last);
        self.base = base;
        self.view = next.clone();
        let bytes = format::encode(&next).map_err(|source| StoreError::Encode {
            path: self.path.clone(),
            source,
        })?;
        if on_disk.as_deref() != Some(bytes.as_slice()) {
            match disk::write_atomic(self.disk.as_ref(), &self.path, &bytes) {
                Ok(()) => {}
                Err(WriteFailure::NotWritten(source)) => {
                    return Err(StoreError::Write {
                        path: self.path.clone(),
                        source,
                    });
                }
                Err(WriteFailure::NotDurable(e)) => self.notices.push(Notice::NotDurable {
                    path: self.dir.clone(),
                    error: e.to_string(),
                }),
            }
        }
        self.base = next;
        self.pending.clear();
        Ok(results)
    }

    /// Applies the pending changes to a copy of `base`, dropping those whose note is gone.
    pub(super) fn replay(
        &mut self,
        base: &State,
        quiet_last: bool,
    ) -> (State, Vec<Result<Outcome, MissingNote>>) {
        let mut next = base.clone();
        // (conference, session, id shown before, id now) for notes that were renumbered.
        let mut moved: Vec<(String, String, u64, u64)> = Vec::new();
        let mut results = Vec::with_capacity(self.pending.len());
        for pending in &mut self.pending {
            let (conference, session) = pending.change.target();
            let (conference, session) = (conference.to_owned(), session.to_owned());
            if let Some(note_id) = pending.change.note_id_mut()
                && let Some(&(.., to)) = moved
                    .iter()
                    .find(|(c, s, from, _)| (c, s, from) == (&conference, &session, note_id))
            {
                *note_id = to;
            }
            let result = next.apply(&pending.change, pending.at);
            if let Ok(Outcome::NoteAdded { id, .. }) = result
                && let Some(from) = pending.added.replace(id)
                && from != id
            {
                moved.push((conference, session, from, id));
            }
            results.push(result);
        }
        let last = results.len().saturating_sub(1);
        let mut kept = Vec::with_capacity(self.pending.len());
        for (i, (pending, result)) in self.pending.drain(..).zip(&results).enumerate() {
            match result {
                Ok(_) => kept.push(pending),
                Err(_) if quiet_last && i == last => {}
                Err(missing) => {
                    let (conference, session) = pending.change.target();
                    self.notices.push(Notice::ChangeDropped {
                        path: self.path.clone(),
                        conference: conference.to_owned(),
                        session: session.to_owned(),
                        note_id: missing.note_id,
                    });
                }
            }
        }
        self.pending = kept;
        (next, results)
    }

    /// Reads and decodes `state.json`. A newer file makes the store read-only; an unparsable
    /// one is moved aside under the lock (taken here unless `locked`), or if that fails, makes
    /// the store read-only so the file is never overwritten.
    pub(super) fn load(
        &mut self,
        now: DateTime<FixedOffset>,
        locked: bool,
    ) -> Result<Loaded, StoreError> {
        let bytes = match self.disk.read(&self.path) {
            Ok(bytes) => bytes,
            // A folder path that is a file holds no state; saving will report it.
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Ok(Loaded::Missing);
            }
            Err(source) => {
                return Err(StoreError::Read {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        let reason = match format::decode(&bytes) {
            Decoded::Usable(state) => return Ok(Loaded::Usable(state, bytes)),
            Decoded::Newer {
                version,
                best_effort,
            } => {
                self.read_only = Some(ReadOnlyReason::NewerVersion {
                    found: version,
                    supported: VERSION,
                });
                self.notices.push(Notice::NewerVersion {
                    path: self.path.clone(),
                    found: version,
                    supported: VERSION,
                });
                return Ok(Loaded::Newer(best_effort));
            }
            Decoded::Corrupt(reason) => reason,
        };
        if !locked {
            // Another process may be fixing the file right now: decide again under the lock.
            return match StateLock::acquire(&self.dir.join(LOCK_FILE)) {
                Ok(_lock) => self.load(now, true),
                Err(e) => {
                    self.refuse_writes(reason, &e.to_string());
                    Ok(Loaded::Corrupt)
                }
            };
        }
        match self.move_aside(now) {
            Ok(to) => self.notices.push(Notice::MovedAside {
                path: self.path.clone(),
                to,
                reason,
            }),
            Err(e) => self.refuse_writes(reason, &e.to_string()),
        }
        Ok(Loaded::Corrupt)
    }

    fn refuse_writes(&mut self, reason: String, error: &str) {
        self.read_only = Some(ReadOnlyReason::Unparsable {
            detail: format!("it could not be parsed ({reason}) nor moved aside ({error})"),
        });
        self.notices.push(Notice::CouldNotMoveAside {
            path: self.path.clone(),
            reason,
            error: error.to_owned(),
        });
    }

    /// Renames `state.json` to `state.json.corrupt-<timestamp>[-<n>]`. Call under the lock.
    fn move_aside(&self, now: DateTime<FixedOffset>) -> io::Result<PathBuf> {
        let stem = format!("{STATE_FILE}.corrupt-{}", now.format("%Y%m%dT%H%M%S"));
        for n in 1..=1000 {
            let name = if n == 1 {
                stem.clone()
            } else {
                format!("{stem}-{n}")
            };
            let to = self.dir.join(name);
            if !self.disk.exists(&to) {
                self.disk.rename(&self.path, &to)?;
                // Best effort: the rename happened; durability is all this adds.
                let _ = self.disk.sync_dir(&self.dir);
                return Ok(to);
            }
        }
        Err(io::Error::new(
            ErrorKind::AlreadyExists,
            "no free name to move it to",
        ))
    }
}
