//! What can go wrong in the store ([`StoreError`]) and what the user should be told even when
//! nothing failed ([`Notice`]).
//!
//! Every message names the file or folder involved, so the TUI can show it as one status line.

use std::fmt;
use std::io;
use std::path::PathBuf;

use thiserror::Error;

use super::BadNumbers;

/// An error from the personal store. Every variant names the path it is about.
///
/// When saving fails (`CreateDir`, `Lock`, `Read`, `Write`, `Encode`), the change that triggered
/// the save is *not* lost: it stays in memory, is counted by [`Store::pending`], and is written
/// by the next successful [`Store::apply`] or [`Store::flush`].
///
/// [`Store::pending`]: crate::store::Store::pending
/// [`Store::apply`]: crate::store::Store::apply
/// [`Store::flush`]: crate::store::Store::flush
#[derive(Debug, Error)]
pub enum StoreError {
    /// The config folder could not be created (read-only parent, or the path is a file).
    #[error("cannot create the folder {path}: {source}")]
    CreateDir {
        /// The folder that should hold `state.json`.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The lock file that serializes writers could not be opened or locked.
    #[error("cannot lock {path}: {source}")]
    Lock {
        /// The lock file, `state.lock`.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The state file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The state file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// Writing the new state file failed (full disk, read-only folder...). The old file is
    /// intact.
    #[error("cannot save {path}: {source}")]
    Write {
        /// The state file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The state could not be encoded as JSON (should not happen).
    #[error("cannot encode the state for {path}: {source}")]
    Encode {
        /// The state file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// The store was opened read-only and refuses changes.
    #[error("{path} is read-only: {reason}")]
    ReadOnly {
        /// The state file.
        path: PathBuf,
        /// Why the store is read-only.
        reason: ReadOnlyReason,
    },
    /// An edit or delete named a note that does not exist (perhaps deleted by another hallway).
    #[error("no note with id {note_id} on session {session} of conference {conference} in {path}")]
    NoteNotFound {
        /// The state file.
        path: PathBuf,
        /// The conference id.
        conference: String,
        /// The session id.
        session: String,
        /// The stable note id that was asked for.
        note_id: u64,
    },
    /// A note could not be added: the session's note ids already reach the largest possible
    /// id (only a file edited by hand gets there), and an id is never issued twice.
    #[error(
        "cannot add a note to session {session} of conference {conference} in {path}: its note \
         ids reach {max}, the largest possible (was the file edited by hand?), and an id is \
         never issued twice",
        max = u64::MAX
    )]
    NoNoteIdLeft {
        /// The state file.
        path: PathBuf,
        /// The conference id.
        conference: String,
        /// The session id.
        session: String,
    },
    /// Notes cannot be moved to the session they are on.
    #[error(
        "notes of session {session} of conference {conference} cannot be moved to that same \
         session ({path})"
    )]
    SameSession {
        /// The state file.
        path: PathBuf,
        /// The conference id.
        conference: String,
        /// The session id.
        session: String,
    },
    /// Note numbers that name no notes of a session (the numbers the user sees, 1-based).
    #[error("{}", note_numbers(session, *first, *last, *problem))]
    NoteNumbers {
        /// The state file.
        path: PathBuf,
        /// The conference id.
        conference: String,
        /// The session id.
        session: String,
        /// The first number asked for.
        first: usize,
        /// The last number asked for (the first, for one note).
        last: usize,
        /// What is wrong with them.
        problem: BadNumbers,
    },
}

/// The message of [`StoreError::NoteNumbers`].
fn note_numbers(session: &str, first: usize, last: usize, problem: BadNumbers) -> String {
    let asked = if first == last {
        format!("note {first}")
    } else {
        format!("notes {first}-{last}")
    };
    match problem {
        BadNumbers::NoNotes => format!("session {session} has no notes, so no {asked}"),
        BadNumbers::Backwards => format!(
            "{asked}: note numbers start at 1 and a range goes up (2-3), as `hallway notes` shows them"
        ),
        BadNumbers::PastTheEnd { count: 1 } => {
            format!("session {session} has 1 note, so no {asked}")
        }
        BadNumbers::PastTheEnd { count } => {
            format!("session {session} has {count} notes (1-{count}), so no {asked}")
        }
    }
}

/// Why a store refuses changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// The file was written by a newer hallway; rewriting it could lose data.
    NewerVersion {
        /// The version found in the file.
        found: u64,
        /// The newest version this build understands.
        supported: u64,
    },
    /// The file could not be parsed and could not be moved aside, so it must not be
    /// overwritten.
    Unparsable {
        /// What was wrong with the file, and why it stayed in place.
        detail: String,
    },
}

impl fmt::Display for ReadOnlyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NewerVersion { found, supported } => write!(
                f,
                "its version {found} is newer than this build understands ({supported})"
            ),
            Self::Unparsable { detail } => write!(f, "{detail}"),
        }
    }
}

/// Something the user should know about, though nothing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The state file could not be parsed; it was renamed and the store started empty.
    MovedAside {
        /// The state file.
        path: PathBuf,
        /// Where the unparsable file now is.
        to: PathBuf,
        /// The parse error.
        reason: String,
    },
    /// The state file could not be parsed nor moved aside; the store is read-only.
    CouldNotMoveAside {
        /// The state file.
        path: PathBuf,
        /// The parse error.
        reason: String,
        /// Why renaming failed.
        error: String,
    },
    /// The state file is from a newer hallway; the store is read-only.
    NewerVersion {
        /// The state file.
        path: PathBuf,
        /// The version found in the file.
        found: u64,
        /// The newest version this build understands.
        supported: u64,
    },
    /// A change waiting to be saved no longer applies (its note was deleted elsewhere), so it
    /// was dropped.
    ChangeDropped {
        /// The state file.
        path: PathBuf,
        /// The conference id.
        conference: String,
        /// The session id.
        session: String,
        /// The note the change was about.
        note_id: u64,
        /// For a dropped edit, the text it would have written, so it need not be lost (the TUI
        /// saves it as a new note).
        text: Option<String>,
    },
    /// A note waiting to be saved could not be added, because the session's note ids reached
    /// the largest possible one meanwhile (a file edited by hand). Its text is here.
    NoteNotAdded {
        /// The state file.
        path: PathBuf,
        /// The conference id.
        conference: String,
        /// The session id.
        session: String,
        /// The text of the note.
        text: String,
    },
    /// The new state file was written, but the folder could not be synced, so the save may not
    /// survive a power cut.
    NotDurable {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        error: String,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MovedAside { path, to, reason } => write!(
                f,
                "state file {} could not be parsed ({reason}); moved aside to {} and started empty",
                path.display(),
                to.display()
            ),
            Self::CouldNotMoveAside {
                path,
                reason,
                error,
            } => write!(
                f,
                "state file {} could not be parsed ({reason}) nor moved aside ({error}): opened read-only",
                path.display()
            ),
            Self::NewerVersion {
                path,
                found,
                supported,
            } => write!(
                f,
                "state file {} version {found} is newer than this build understands ({supported}): opened read-only",
                path.display()
            ),
            Self::ChangeDropped {
                path,
                conference,
                session,
                note_id,
                text,
            } => {
                write!(
                    f,
                    "note {note_id} on session {session} of {conference} was deleted elsewhere; \
                     an unsaved change to it was dropped ({})",
                    path.display()
                )?;
                match text {
                    Some(text) => write!(f, "; the edited text was: {text}"),
                    None => Ok(()),
                }
            }
            Self::NoteNotAdded {
                path,
                conference,
                session,
                text,
            } => write!(
                f,
                "a note on session {session} of {conference} could not be saved: the note ids in \
                 {} reach the largest possible; its text was: {text}",
                path.display()
            ),
            Self::NotDurable { path, error } => write!(
                f,
                "saved, but could not sync the folder {} ({error}); the save may not survive a power cut",
                path.display()
            ),
        }
    }
}
