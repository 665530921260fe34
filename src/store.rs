//! The personal store: starred sessions and numbered notes, kept in one JSON file
//! (`state.json`, described in `docs/state-format.md`) in the config folder.
//!
//! The store knows nothing of schedules or terminals: it keeps stars and notes keyed by
//! conference and session id, and never drops ids it does not recognise.
//!
//! Durability and sharing, in short:
//! - every [`Store::apply`] saves at once, atomically: temp file, fsync, rename, fsync the
//!   folder (see [`Disk`]); [`Store::apply_all`] saves a whole batch (an import, a restore)
//!   with one such save;
//! - a `state.json` that is a symbolic link is written through, the link kept (see `save.rs`);
//! - the text of every note that enters is cleaned by [`crate::sanitize::block`] first;
//! - note ids are unique within a session and never issued twice (duplicates in a file edited
//!   by hand are repaired on load);
//! - a save takes an exclusive lock (`state.lock`), re-reads `state.json`, replays the
//!   *changes* not yet saved on top of what it read, and writes the result, so two hallway
//!   processes never lose each other's work;
//! - a change that could not be saved stays pending in memory and is retried by the next save
//!   or by [`Store::flush`];
//! - a file that cannot be parsed is moved aside, never overwritten; a file from a newer
//!   hallway makes the store read-only, never downgraded.
//!
//! The time is always passed in (`now`), never read from the clock here.

mod backup;
mod disk;
mod error;
mod format;
mod lock;
mod model;
mod moves;
mod repair;
mod save;

use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

pub use backup::{RestoreError, Restored};
pub use disk::{Disk, RealDisk, replace_file};
pub use error::{Notice, ReadOnlyReason, StoreError};
pub use format::{FORMAT, VERSION};
pub use model::{Change, Note, Outcome, Star};
pub use moves::BadNumbers;

use model::{Batch, Refused, State};
use save::Loaded;

/// Name of the state file inside the config folder.
pub const STATE_FILE: &str = "state.json";

/// The user's stars and notes, as loaded from a config folder, plus changes not yet saved.
pub struct Store {
    dir: PathBuf,
    path: PathBuf,
    disk: Box<dyn Disk>,
    /// What `state.json` held when last read or written.
    base: State,
    /// `base` with the pending changes applied: what the user sees.
    view: State,
    pending: Vec<Pending>,
    read_only: Option<ReadOnlyReason>,
    notices: Vec<Notice>,
}

/// A change not yet saved, with the time the user made it.
#[derive(Debug, Clone)]
struct Pending {
    change: Change,
    at: DateTime<FixedOffset>,
    /// For a note added: the id it was given the last time it was applied; for notes moved,
    /// the first of the ids they were given in their new session. Replaying on a fresher file
    /// may give other ids; later changes of those notes follow.
    added: Option<u64>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("pending", &self.pending.len())
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The default config folder: `~/.config/hallway` on Linux, the platform's equivalent
    /// elsewhere. `None` when no home folder is known.
    #[must_use]
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "hallway").map(|p| p.config_dir().to_path_buf())
    }

    /// Opens the store in `dir`. A missing folder or file is an empty store (nothing is created
    /// until the first save). `now` names a corrupt file moved aside. The notices tell the user
    /// about a file moved aside or a read-only store.
    ///
    /// # Errors
    /// [`StoreError::Read`] when `state.json` exists but cannot be read.
    pub fn open(dir: &Path, now: DateTime<FixedOffset>) -> Result<(Self, Vec<Notice>), StoreError> {
        Self::open_with_disk(dir, now, Box::new(RealDisk))
    }

    /// [`Store::open`] with another file system, for tests that inject failures.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_with_disk(
        dir: &Path,
        now: DateTime<FixedOffset>,
        disk: Box<dyn Disk>,
    ) -> Result<(Self, Vec<Notice>), StoreError> {
        let mut store = Self {
            dir: dir.to_path_buf(),
            path: dir.join(STATE_FILE),
            disk,
            base: State::default(),
            view: State::default(),
            pending: Vec::new(),
            read_only: None,
            notices: Vec::new(),
        };
        let notices = store.reload(now)?;
        Ok((store, notices))
    }

    /// Re-reads `state.json` to pick up changes made by another hallway, keeping changes not
    /// yet saved on top. Returns the notices raised since they were last taken.
    ///
    /// # Errors
    /// [`StoreError::Read`] when the file exists but cannot be read; the store is unchanged.
    pub fn reload(&mut self, now: DateTime<FixedOffset>) -> Result<Vec<Notice>, StoreError> {
        let previous = self.read_only.take();
        match self.load(now, false) {
            Ok(Loaded::Missing) => self.base = State::default(),
            Ok(Loaded::Usable(state, _) | Loaded::Newer(state)) => self.base = state,
            Ok(Loaded::Corrupt) => {}
            Err(e) => {
                self.read_only = previous;
                return Err(e);
            }
        }
        self.rebuild_view();
        Ok(self.take_notices())
    }

    /// The view as `base` with the pending changes replayed on it.
    fn rebuild_view(&mut self) {
        let base = self.base.clone();
        let (view, _) = self.replay(&base, usize::MAX);
        self.view = view;
    }

    /// Applies a change and saves it at once. `now` is the time recorded for stars and notes.
    /// A note's text is cleaned by [`crate::sanitize::block`] first.
    ///
    /// # Errors
    /// - [`StoreError::ReadOnly`]: nothing changes.
    /// - [`StoreError::NoteNotFound`]: the note is not there (here, or in the file on disk);
    ///   nothing changes.
    /// - [`StoreError::NoNoteIdLeft`]: the session's note ids reach `u64::MAX`; nothing
    ///   changes.
    /// - any save error: the change is applied in memory and kept pending (see
    ///   [`Store::pending`]); the file on disk is unchanged.
    pub fn apply(
        &mut self,
        change: Change,
        now: DateTime<FixedOffset>,
    ) -> Result<Outcome, StoreError> {
        self.check_writable()?;
        let change = change.sanitized();
        let preview = match self.view.apply(&change, now) {
            Ok(outcome) => outcome,
            Err(refused) => return Err(self.refused(&change, refused)),
        };
        let first = self.pending.len();
        self.queue(change, preview, now);
        let mut results = self.save(now, first)?;
        match results.pop().unwrap_or(Ok(preview)) {
            Ok(outcome) => Ok(outcome),
            Err((refused, change)) => Err(self.refused(&change, refused)),
        }
    }

    /// Applies a batch of changes in order and saves them all with one save: what an import or
    /// a restore of thousands of notes needs, at the cost of one. Note texts are cleaned by
    /// [`crate::sanitize::block`] first.
    ///
    /// The outer result is the batch's: when one change is refused up front (read-only store,
    /// a note not there, no note id left) nothing is applied; when the save fails, all of
    /// them are kept pending, as by [`Store::apply`]. The inner results are each change's,
    /// once saved: a change whose note another hallway deleted just before this save is the
    /// [`StoreError::NoteNotFound`] there, and dropped.
    ///
    /// # Errors
    /// As [`Store::apply`], for the batch as a whole.
    pub fn apply_all(
        &mut self,
        changes: Vec<Change>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<Result<Outcome, StoreError>>, StoreError> {
        self.check_writable()?;
        let changes: Vec<Change> = changes.into_iter().map(Change::sanitized).collect();
        let mut batch = Batch::default();
        let mut previews = Vec::with_capacity(changes.len());
        for (i, change) in changes.iter().enumerate() {
            match self.view.apply_in(change, now, Some(&mut batch)) {
                Ok(outcome) => previews.push(outcome),
                Err(refused) => {
                    // A refused change changed nothing; those before it in the batch did.
                    if i > 0 {
                        self.rebuild_view();
                    }
                    return Err(self.refused(change, refused));
                }
            }
        }
        let first = self.pending.len();
        for (change, preview) in changes.into_iter().zip(previews) {
            self.queue(change, preview, now);
        }
        let results = self.save(now, first)?;
        Ok(results
            .into_iter()
            .skip(first)
            .map(|result| result.map_err(|(refused, change)| self.refused(&change, refused)))
            .collect())
    }

    /// Moves the notes numbered `numbers` (1-based, as displayed; `2..=2` for one) of session
    /// `from` to the end of session `to` of the same conference, with one save (see
    /// [`Change::MoveNotes`]). The numbers are those of the notes as this store shows them:
    /// notes another hallway added meanwhile are kept on both sides, and the moved ones are
    /// appended after everything the target then holds.
    ///
    /// # Errors
    /// - [`StoreError::SameSession`], [`StoreError::NoteNumbers`]: nothing changes;
    /// - otherwise as [`Store::apply`] (a note another hallway deleted just before this save
    ///   is [`StoreError::NoteNotFound`], and nothing moves).
    pub fn move_notes(
        &mut self,
        conference: &str,
        from: &str,
        numbers: RangeInclusive<usize>,
        to: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<Outcome, StoreError> {
        let bad = |problem| StoreError::NoteNumbers {
            path: self.path.clone(),
            conference: conference.to_owned(),
            session: from.to_owned(),
            first: *numbers.start(),
            last: *numbers.end(),
            problem,
        };
        if from == to {
            return Err(StoreError::SameSession {
                path: self.path.clone(),
                conference: conference.to_owned(),
                session: from.to_owned(),
            });
        }
        let note_ids = moves::ids_of(self.notes(conference, from), &numbers).map_err(bad)?;
        let change = Change::MoveNotes {
            conference: conference.to_owned(),
            session: from.to_owned(),
            note_ids,
            to: to.to_owned(),
            position: None,
        };
        self.apply(change, now)
    }

    /// Queues a change already applied to the view, as `preview` says.
    fn queue(&mut self, change: Change, preview: Outcome, at: DateTime<FixedOffset>) {
        let added = match preview {
            Outcome::NoteAdded { id, .. } => Some(id),
            Outcome::NotesMoved { first_id, .. } => Some(first_id),
            _ => None,
        };
        self.pending.push(Pending { change, at, added });
    }

    /// Saves the pending changes, if any: the retry after a failed save.
    ///
    /// # Errors
    /// As the save errors of [`Store::apply`]; the changes stay pending.
    pub fn flush(&mut self, now: DateTime<FixedOffset>) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.save(now, usize::MAX).map(|_| ())
    }

    /// How many changes are applied in memory but not yet saved.
    #[must_use]
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Takes the notices raised by saves since they were last taken (a corrupt file moved
    /// aside, a change dropped because its note was deleted elsewhere...).
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Why the store refuses changes, if it does.
    #[must_use]
    pub fn read_only(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    /// Whether a session is starred.
    #[must_use]
    pub fn is_starred(&self, conference: &str, session: &str) -> bool {
        self.star(conference, session).is_some()
    }

    /// The star of a session, with the time it was starred.
    #[must_use]
    pub fn star(&self, conference: &str, session: &str) -> Option<&Star> {
        self.view.conferences.get(conference)?.stars.get(session)
    }

    /// The starred session ids of a conference, sorted.
    pub fn stars(&self, conference: &str) -> impl Iterator<Item = &str> {
        self.view
            .conferences
            .get(conference)
            .into_iter()
            .flat_map(|c| c.stars.keys().map(String::as_str))
    }

    /// The notes of a session in display order (note number = index + 1).
    #[must_use]
    pub fn notes(&self, conference: &str, session: &str) -> &[Note] {
        self.view.notes(conference, session)
    }

    /// Every session id of a conference that has notes, sorted, whether or not any schedule
    /// knows it.
    pub fn sessions_with_notes(&self, conference: &str) -> impl Iterator<Item = &str> {
        self.view
            .conferences
            .get(conference)
            .into_iter()
            .flat_map(|c| c.notes.iter())
            .filter(|(_, notes)| !notes.is_empty())
            .map(|(session, _)| session.as_str())
    }

    /// Every conference id with anything stored, sorted.
    pub fn conferences(&self) -> impl Iterator<Item = &str> {
        self.view.conferences.keys().map(String::as_str)
    }

    /// The path of `state.json`.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The config folder holding `state.json`.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn check_writable(&self) -> Result<(), StoreError> {
        match &self.read_only {
            Some(reason) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    fn refused(&self, change: &Change, refused: Refused) -> StoreError {
        let (conference, session) = change.target();
        let (path, conference, session) =
            (self.path.clone(), conference.to_owned(), session.to_owned());
        match refused {
            Refused::Missing { note_id } => StoreError::NoteNotFound {
                path,
                conference,
                session,
                note_id,
            },
            Refused::NoIdLeft => StoreError::NoNoteIdLeft {
                path,
                conference,
                session: match change {
                    Change::MoveNotes { to, .. } => to.clone(),
                    _ => session,
                },
            },
            Refused::SameSession => StoreError::SameSession {
                path,
                conference,
                session,
            },
        }
    }
}
