//! Backing up and restoring the whole store. A backup is a state file; restoring merges it into
//! the current store — stars are added, notes missing here are put back with their original
//! times — and never removes or rewrites anything already there. The whole restore is one
//! batch ([`Store::apply_all`]): one locked read-merge-write, however many notes.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};

use super::format::{self, Decoded};
use super::{Change, Store, StoreError};
use crate::sanitize;

/// What a restore added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Restored {
    pub stars: usize,
    pub notes: usize,
}

/// Why a backup file could not be restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{file}: not a hallway backup: {reason}")]
    NotABackup { file: String, reason: String },
    #[error("{file}: written by a newer hallway (format version {version}); upgrade to restore it")]
    Newer { file: String, version: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// The whole store as a state file, for `hallway backup`.
    ///
    /// # Errors
    /// Only if the state cannot be encoded.
    pub fn backup(&self) -> Result<Vec<u8>, StoreError> {
        format::encode(&self.view).map_err(|source| StoreError::Encode {
            path: self.path.clone(),
            source,
        })
    }

    /// Merges a backup (`bytes`, read from `file`) into the store, with one save for all of
    /// it. Stars missing here are added; notes missing here (same time, same text once
    /// cleaned by [`crate::sanitize::block`]) are put back with their original times, after
    /// the session's notes; nothing here is changed or removed.
    ///
    /// # Errors
    /// The bytes are not a backup this build reads, or the save fails (nothing is saved; the
    /// changes are kept pending, as by [`Store::apply`]), or a note could not be put back
    /// (see [`StoreError::NoNoteIdLeft`]).
    pub fn restore(
        &mut self,
        bytes: &[u8],
        file: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<Restored, RestoreError> {
        let state = match format::decode(bytes) {
            Decoded::Usable(state) => state,
            Decoded::Newer { version, .. } => {
                return Err(RestoreError::Newer {
                    file: file.to_owned(),
                    version,
                });
            }
            Decoded::Corrupt(reason) => {
                return Err(RestoreError::NotABackup {
                    file: file.to_owned(),
                    reason,
                });
            }
        };
        let mut changes = Vec::new();
        let mut done = Restored::default();
        for (conference, conf) in state.conferences {
            for session in conf.stars.into_keys() {
                if !self.is_starred(&conference, &session) {
                    changes.push(Change::Star {
                        conference: conference.clone(),
                        session,
                    });
                    done.stars += 1;
                }
            }
            for (session, notes) in conf.notes {
                // What the session holds, and what this backup already put back: a set, so a
                // backup of thousands of notes is not compared note by note.
                let here = self.notes(&conference, &session);
                let mut present: HashSet<(DateTime<FixedOffset>, Cow<'_, str>)> = here
                    .iter()
                    .map(|n| (n.written, sanitize::block(&n.text)))
                    .collect();
                let missing: Vec<bool> = notes
                    .iter()
                    .map(|n| present.insert((n.written, sanitize::block(&n.text))))
                    .collect();
                drop(present);
                for (note, _) in notes.into_iter().zip(missing).filter(|(_, m)| *m) {
                    changes.push(Change::RestoreNote {
                        conference: conference.clone(),
                        session: session.clone(),
                        text: note.text,
                        written: note.written,
                        edited: note.edited,
                        position: None,
                    });
                    done.notes += 1;
                }
            }
        }
        if changes.is_empty() {
            return Ok(done);
        }
        // A change refused at the save itself (a session whose ids reached the largest one in
        // the file meanwhile, edited by hand) is reported; the rest of the batch is saved.
        match self
            .apply_all(changes, now)?
            .into_iter()
            .find_map(Result::err)
        {
            Some(e) => Err(e.into()),
            None => Ok(done),
        }
    }
}
