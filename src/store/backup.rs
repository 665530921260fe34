//! Backing up and restoring the whole store. A backup is a state file; restoring merges it into
//! the current store — stars are added, notes missing here are put back with their original
//! times — and never removes or rewrites anything already there.

use chrono::{DateTime, FixedOffset};

use super::format::{self, Decoded};
use super::{Change, Store, StoreError};

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

    /// Merges a backup (`bytes`, read from `file`) into the store, saving as it goes.
    ///
    /// # Errors
    /// The bytes are not a backup this build reads, or a save fails (what was merged so far
    /// is kept).
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
        let mut done = Restored::default();
        for (conference, conf) in &state.conferences {
            for session in conf.stars.keys() {
                if !self.is_starred(conference, session) {
                    self.apply(
                        Change::Star {
                            conference: conference.clone(),
                            session: session.clone(),
                        },
                        now,
                    )?;
                    done.stars += 1;
                }
            }
            for (session, notes) in &conf.notes {
                for note in notes {
                    let present = self
                        .notes(conference, session)
                        .iter()
                        .any(|n| n.text == note.text && n.written == note.written);
                    if present {
                        continue;
                    }
                    self.apply(
                        Change::RestoreNote {
                            conference: conference.clone(),
                            session: session.clone(),
                            text: note.text.clone(),
                            written: note.written,
                            edited: note.edited,
                            position: None,
                        },
                        now,
                    )?;
                    done.notes += 1;
                }
            }
        }
        Ok(done)
    }
}
