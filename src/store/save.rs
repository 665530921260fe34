//! The save protocol of [`Store`]: lock, re-read `state.json`, replay the pending changes on
//! what was read, write atomically. Also the handling of files that cannot be used: a newer
//! file makes the store read-only, an unparsable one is moved aside (never overwritten).
//!
//! A `state.json` that is a symbolic link is followed everywhere here: the lock is taken beside
//! the file it points to, the new file is written there (the link stays a link), and an
//! unparsable file is moved aside there too. The link then points to nothing until the next
//! save writes through it again — the same save, when one was under way.

use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::disk::{self, WriteFailure};
use super::format::{self, Decoded};
use super::lock::{self, StateLock};
use super::model::{Batch, Refused, State};
use super::{Change, Notice, Outcome, ReadOnlyReason, Store, StoreError, VERSION};

/// What replaying a pending change gave: its outcome, or why it no longer applies and the
/// change as replayed (its note id updated if the note was renumbered).
pub(super) type Replayed = Result<Outcome, (Refused, Change)>;

/// How often a save re-resolves a link that was retargeted while it waited for the lock.
const RETARGET_TRIES: usize = 8;

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
    /// The file `state.json` stands for: itself, or the file its symbolic links lead to.
    fn target(&self) -> Result<PathBuf, StoreError> {
        disk::resolve_links(self.disk.as_ref(), &self.path).map_err(|source| StoreError::Read {
            path: self.path.clone(),
            source,
        })
    }

    /// Takes the lock of the file `state.json` stands for, and returns that file with it. The
    /// link is resolved again once locked: if it was retargeted meanwhile, the new file's lock
    /// is taken instead.
    fn lock_target(&self) -> Result<(PathBuf, StateLock), StoreError> {
        let mut target = self.target()?;
        let mut tries = 0;
        loop {
            let lock_path = lock::lock_path(&target);
            let lock = StateLock::acquire(&lock_path).map_err(|source| StoreError::Lock {
                path: lock_path.clone(),
                source,
            })?;
            let again = self.target()?;
            tries += 1;
            if again == target || tries >= RETARGET_TRIES {
                return Ok((target, lock));
            }
            target = again;
        }
    }

    /// Read → merge → write under the lock. Returns the outcome of each pending change, in
    /// order; changes that no longer apply (their note vanished) are dropped, with a notice
    /// for those before index `quiet_from` (the caller reports the later ones itself).
    pub(super) fn save(
        &mut self,
        now: DateTime<FixedOffset>,
        quiet_from: usize,
    ) -> Result<Vec<Replayed>, StoreError> {
        self.check_writable()?;
        self.disk
            .create_dir_all(&self.dir)
            .map_err(|source| StoreError::CreateDir {
                path: self.dir.clone(),
                source,
            })?;
        let (target, _lock) = self.lock_target()?;
        disk::remove_stale_temps(self.disk.as_ref(), &target);
        let (base, on_disk) = match self.load(now, true)? {
            Loaded::Missing => (State::default(), None),
            Loaded::Usable(state, bytes) => (state, Some(bytes)),
            // Moved aside, build on the last state we knew to be good. (Newer, or corrupt and
            // not moved aside: the store is now read-only and the check below stops the save.)
            Loaded::Corrupt | Loaded::Newer(_) => (self.base.clone(), None),
        };
        self.check_writable()?;
        let (next, results) = self.replay(&base, quiet_from);
        self.base = base;
        self.view = next.clone();
        let bytes = format::encode(&next).map_err(|source| StoreError::Encode {
            path: self.path.clone(),
            source,
        })?;
        if on_disk.as_deref() != Some(bytes.as_slice()) {
            match disk::write_atomic(self.disk.as_ref(), &target, &bytes) {
                Ok(()) => {}
                Err(WriteFailure::NotWritten(source)) => {
                    return Err(StoreError::Write {
                        path: target,
                        source,
                    });
                }
                Err(WriteFailure::NotDurable(e)) => self.notices.push(Notice::NotDurable {
                    path: target
                        .parent()
                        .map_or_else(|| self.dir.clone(), Path::to_path_buf),
                    error: e.to_string(),
                }),
            }
        }
        self.base = next;
        self.pending.clear();
        Ok(results)
    }

    /// Applies the pending changes to a copy of `base`, dropping those whose note is gone.
    pub(super) fn replay(&mut self, base: &State, quiet_from: usize) -> (State, Vec<Replayed>) {
        let mut next = base.clone();
        let mut batch = Batch::default();
        // (conference, session, id shown before, id now) for notes that were renumbered.
        let mut moved: Vec<(String, String, u64, u64)> = Vec::new();
        let mut results = Vec::with_capacity(self.pending.len());
        for pending in &mut self.pending {
            let (conference, session) = pending.change.target();
            let (conference, session) = (conference.to_owned(), session.to_owned());
            for note_id in pending.change.note_ids_mut() {
                if let Some(&(.., to)) = moved
                    .iter()
                    .find(|(c, s, from, _)| (c, s, from) == (&conference, &session, &*note_id))
                {
                    *note_id = to;
                }
            }
            let result = next.apply_in(&pending.change, pending.at, Some(&mut batch));
            match (result, &pending.change) {
                (Ok(Outcome::NoteAdded { id, .. }), _) => {
                    if let Some(from) = pending.added.replace(id)
                        && from != id
                    {
                        moved.push((conference, session, from, id));
                    }
                }
                // Moved notes took new ids in their new session; later changes of them follow.
                (
                    Ok(Outcome::NotesMoved {
                        first_id, count, ..
                    }),
                    Change::MoveNotes { to, .. },
                ) => {
                    if let Some(from) = pending.added.replace(first_id)
                        && from != first_id
                    {
                        // Checked: the last id may be u64::MAX, where a `from..` range would overflow.
                        moved.extend((0..).take(count).filter_map(|k: u64| {
                            let (was, is) = (from.checked_add(k)?, first_id.checked_add(k)?);
                            Some((conference.clone(), to.clone(), was, is))
                        }));
                    }
                }
                _ => {}
            }
            results.push(result.map_err(|refused| (refused, pending.change.clone())));
        }
        let mut kept = Vec::with_capacity(self.pending.len());
        for (i, (pending, result)) in self.pending.drain(..).zip(&results).enumerate() {
            match result {
                Ok(_) => kept.push(pending),
                Err(_) if i >= quiet_from => {}
                Err((refused, _)) => self.notices.push(dropped(&self.path, pending, *refused)),
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
            return match self.lock_target() {
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

    /// Renames `state.json` to `state.json.corrupt-<timestamp>[-<n>]` — or, when it is a
    /// symbolic link, the file it points to, beside itself (the link is left to be written
    /// through by the next save). Call under the lock.
    fn move_aside(&self, now: DateTime<FixedOffset>) -> io::Result<PathBuf> {
        let target = disk::resolve_links(self.disk.as_ref(), &self.path)?;
        let dir = target
            .parent()
            .map_or_else(|| self.dir.clone(), Path::to_path_buf);
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let stem = format!("{name}.corrupt-{}", now.format("%Y%m%dT%H%M%S"));
        for n in 1..=1000 {
            let name = if n == 1 {
                stem.clone()
            } else {
                format!("{stem}-{n}")
            };
            let to = dir.join(name);
            if !self.disk.exists(&to) {
                self.disk.rename(&target, &to)?;
                // Best effort: the rename happened; durability is all this adds.
                let _ = self.disk.sync_dir(&dir);
                return Ok(to);
            }
        }
        Err(io::Error::new(
            ErrorKind::AlreadyExists,
            "no free name to move it to",
        ))
    }
}

/// The notice for a pending change dropped because it no longer applies. A note that could
/// not be added carries its text, so the notice itself keeps it for the user.
fn dropped(path: &Path, pending: super::Pending, refused: Refused) -> Notice {
    let mut change = pending.change;
    let (conference, session) = change.target();
    let (conference, session) = (conference.to_owned(), session.to_owned());
    let path = path.to_path_buf();
    match refused {
        Refused::Missing { note_id } => Notice::ChangeDropped {
            path,
            conference,
            session,
            note_id,
            text: match change {
                Change::EditNote { text, .. } => Some(text),
                _ => None,
            },
        },
        // A move is checked against the view before it is queued: its sessions never change.
        Refused::SameSession => Notice::ChangeDropped {
            path,
            conference,
            session,
            note_id: change.note_ids_mut().first().copied().unwrap_or_default(),
            text: None,
        },
        Refused::NoIdLeft => Notice::NoteNotAdded {
            path,
            conference,
            session,
            text: change.text_mut().map(std::mem::take).unwrap_or_default(),
        },
    }
}
