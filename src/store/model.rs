//! The data kept in `state.json` and the pure functions that change it.
//!
//! Nothing here touches the disk: [`State::apply`] takes a [`Change`] and a time and returns an
//! [`Outcome`]. The store replays pending changes on a freshly read state with it, which is how
//! two hallway processes merge their work instead of overwriting each other.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::moves;
use crate::sanitize;

/// Everything in the store: per conference id, its stars and notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct State {
    /// Per conference id.
    pub(crate) conferences: BTreeMap<String, ConferenceState>,
    /// Top-level fields this build does not know, kept so they survive a rewrite.
    pub(crate) extra: BTreeMap<String, Value>,
}

/// The stars and notes of one conference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ConferenceState {
    /// Starred session ids.
    #[serde(default)]
    pub(crate) stars: BTreeMap<String, Star>,
    /// Notes per session id, in display order.
    #[serde(default)]
    pub(crate) notes: BTreeMap<String, Vec<Note>>,
    /// The highest note id ever issued per session, so deleting the newest note never lets its
    /// id be issued again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) last_note_id: BTreeMap<String, u64>,
    /// Fields this build does not know.
    #[serde(flatten)]
    pub(crate) extra: BTreeMap<String, Value>,
}

impl ConferenceState {
    fn is_empty(&self) -> bool {
        self.stars.is_empty()
            && self.notes.is_empty()
            && self.last_note_id.is_empty()
            && self.extra.is_empty()
    }
}

/// A starred session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Star {
    /// When the session was starred.
    pub at: DateTime<FixedOffset>,
    /// Fields this build does not know.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// One note on a session. Its displayed number is its 1-based position in the session's list;
/// its `id` is stable, unique within the session and never reused (duplicates in a file edited
/// by hand are repaired on load, see `repair.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Stable id, unique within the session.
    pub id: u64,
    /// Free text. What enters the store is cleaned by [`crate::sanitize::block`] first
    /// (controls removed, line feeds kept); from then on it is kept byte for byte.
    pub text: String,
    /// When the note was written.
    pub written: DateTime<FixedOffset>,
    /// When the note was last edited, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<DateTime<FixedOffset>>,
    /// Fields this build does not know.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// One thing the user asked the store to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Star a session (no-op if already starred).
    Star {
        /// Conference id.
        conference: String,
        /// Session id.
        session: String,
    },
    /// Remove a star (no-op if not starred).
    Unstar {
        /// Conference id.
        conference: String,
        /// Session id.
        session: String,
    },
    /// Append a note to a session.
    AddNote {
        /// Conference id.
        conference: String,
        /// Session id.
        session: String,
        /// The note text.
        text: String,
    },
    /// Replace the text of a note.
    EditNote {
        /// Conference id.
        conference: String,
        /// Session id.
        session: String,
        /// The stable id of the note (not its displayed number).
        note_id: u64,
        /// The new text.
        text: String,
    },
    /// Delete a note.
    DeleteNote {
        /// Conference id.
        conference: String,
        /// Session id.
        session: String,
        /// The stable id of the note (not its displayed number).
        note_id: u64,
    },
    /// Put back a note with its original times: undo of a delete (at its old position) or a
    /// restore from a backup (appended). A note with the same text and time already there is
    /// left alone, so restoring twice adds nothing.
    RestoreNote {
        /// Conference id.
        conference: String,
        /// Session id.
        session: String,
        /// The note text.
        text: String,
        /// When it was first written.
        written: DateTime<FixedOffset>,
        /// When it was last edited.
        edited: Option<DateTime<FixedOffset>>,
        /// Where to insert it (0-based); `None` appends.
        position: Option<usize>,
    },
    /// Move notes from one session to another of the same conference, all or none: they keep
    /// their text and times, take new ids in `to` (ids are never reused), and go in at
    /// `position` there (0-based; `None` appends) in the order they had in `session`.
    MoveNotes {
        /// Conference id.
        conference: String,
        /// The session the notes are on now.
        session: String,
        /// Their stable ids there (not their displayed numbers).
        note_ids: Vec<u64>,
        /// The session they go to.
        to: String,
        /// Where to insert them in `to` (0-based); `None` appends.
        position: Option<usize>,
    },
}

impl Change {
    /// The conference and session the change is about.
    #[must_use]
    pub fn target(&self) -> (&str, &str) {
        match self {
            Self::Star {
                conference,
                session,
            }
            | Self::Unstar {
                conference,
                session,
            }
            | Self::AddNote {
                conference,
                session,
                ..
            }
            | Self::EditNote {
                conference,
                session,
                ..
            }
            | Self::DeleteNote {
                conference,
                session,
                ..
            }
            | Self::RestoreNote {
                conference,
                session,
                ..
            }
            | Self::MoveNotes {
                conference,
                session,
                ..
            } => (conference, session),
        }
    }
}

impl Change {
    /// The text of a note this change writes, if any.
    pub(crate) fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            Self::AddNote { text, .. }
            | Self::EditNote { text, .. }
            | Self::RestoreNote { text, .. } => Some(text),
            Self::Star { .. }
            | Self::Unstar { .. }
            | Self::DeleteNote { .. }
            | Self::MoveNotes { .. } => None,
        }
    }

    /// The change with its note text made safe by [`sanitize::block`]: the one entry point
    /// of outside text into the store, whether typed, imported or restored.
    ///
    /// A note written now (added or edited: typed in the TUI, `hallway note`, `import-notes`)
    /// is also trimmed the one way all of them share: no spaces at the end of a line, no blank
    /// lines or spaces before or after the text. A restored note (undo, `restore`) is kept
    /// byte for byte, so it still matches the note it restores.
    pub(crate) fn sanitized(mut self) -> Self {
        let fresh = matches!(self, Self::AddNote { .. } | Self::EditNote { .. });
        if let Some(text) = self.text_mut() {
            sanitize::block_in_place(text);
            if fresh {
                trim_note(text);
            }
        }
        self
    }

    /// The note ids (in the change's own session) an edit, a delete or a move is about.
    pub(crate) fn note_ids_mut(&mut self) -> &mut [u64] {
        match self {
            Self::EditNote { note_id, .. } | Self::DeleteNote { note_id, .. } => {
                std::slice::from_mut(note_id)
            }
            Self::MoveNotes { note_ids, .. } => note_ids,
            _ => &mut [],
        }
    }
}

/// `text` without trailing spaces on any line and without leading or trailing whitespace as a
/// whole; allocates only when something changes.
fn trim_note(text: &mut String) {
    let clean = text.trim().lines().any(|l| l.ends_with([' ', '\t']));
    let trimmed = text.trim();
    if !clean && trimmed.len() == text.len() {
        return;
    }
    let out = trimmed
        .lines()
        .map(|l| l.trim_end_matches([' ', '\t']))
        .collect::<Vec<_>>()
        .join("\n");
    *text = out;
}

/// What a change did, once saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The session is now starred; `already` if it was before.
    Starred {
        /// The session was already starred.
        already: bool,
    },
    /// The session is no longer starred; `was` if it had been.
    Unstarred {
        /// The session had been starred.
        was: bool,
    },
    /// A note was appended.
    NoteAdded {
        /// Its displayed (1-based) number.
        number: usize,
        /// Its stable id.
        id: u64,
    },
    /// A note's text was replaced.
    NoteEdited {
        /// Its displayed (1-based) number.
        number: usize,
        /// Its stable id.
        id: u64,
    },
    /// A note was deleted; later notes moved up one number.
    NoteDeleted {
        /// The displayed number it had.
        number: usize,
        /// Its stable id.
        id: u64,
    },
    /// Notes were moved to another session; the notes after them in their old session moved
    /// up, those after them in the new one (when inserted, not appended) moved down.
    NotesMoved {
        /// How many notes moved.
        count: usize,
        /// The displayed number the first of them had in its old session.
        from_number: usize,
        /// The displayed number the first of them has now in the new session (the others
        /// follow it).
        to_number: usize,
        /// The stable id the first of them has now in the new session; the others have the
        /// ids that follow it, in order.
        first_id: u64,
    },
}

/// Why [`State::apply`] refused a change. Nothing was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// An edit or delete named a note that is not there.
    Missing {
        /// The note id asked for.
        note_id: u64,
    },
    /// A note could not be added: the session's ids reach `u64::MAX` (only a file edited by
    /// hand gets there), and an id is never issued twice.
    NoIdLeft,
    /// Notes cannot be moved to the session they are on.
    SameSession,
}

impl State {
    /// The notes of a session, empty if none.
    pub(crate) fn notes(&self, conference: &str, session: &str) -> &[Note] {
        self.conferences
            .get(conference)
            .and_then(|c| c.notes.get(session))
            .map_or(&[], Vec::as_slice)
    }

    /// Applies one change at time `at`. Pure: no I/O, deterministic.
    pub(crate) fn apply(
        &mut self,
        change: &Change,
        at: DateTime<FixedOffset>,
    ) -> Result<Outcome, Refused> {
        self.apply_in(change, at, None)
    }

    /// [`State::apply`] as one of a run of changes sharing `batch`, which keeps a run of
    /// restores linear in the number of notes (the result is the same).
    pub(crate) fn apply_in(
        &mut self,
        change: &Change,
        at: DateTime<FixedOffset>,
        batch: Option<&mut Batch>,
    ) -> Result<Outcome, Refused> {
        let (conference, session) = change.target();
        let conf = self.conferences.entry(conference.to_owned()).or_default();
        let seen = match (batch, change) {
            (Some(batch), Change::RestoreNote { .. }) => {
                Some(batch.seen(conference, session, conf))
            }
            (
                Some(batch),
                Change::AddNote { .. } | Change::EditNote { .. } | Change::DeleteNote { .. },
            ) => {
                batch.forget(conference, session);
                None
            }
            (Some(batch), Change::MoveNotes { to, .. }) => {
                batch.forget(conference, session);
                batch.forget(conference, to);
                None
            }
            _ => None,
        };
        let result = match change {
            Change::Star { .. } => {
                let already = conf.stars.contains_key(session);
                if !already {
                    let star = Star {
                        at,
                        extra: BTreeMap::new(),
                    };
                    conf.stars.insert(session.to_owned(), star);
                }
                Ok(Outcome::Starred { already })
            }
            Change::Unstar { .. } => Ok(Outcome::Unstarred {
                was: conf.stars.remove(session).is_some(),
            }),
            Change::AddNote { text, .. } => add_note(conf, session, text, at),
            Change::EditNote { note_id, text, .. } => edit_note(conf, session, *note_id, text, at),
            Change::DeleteNote { note_id, .. } => delete_note(conf, session, *note_id),
            Change::RestoreNote {
                text,
                written,
                edited,
                position,
                ..
            } => restore_note(conf, session, text, (*written, *edited), *position, seen),
            Change::MoveNotes {
                note_ids,
                to,
                position,
                ..
            } => moves::move_notes(conf, session, note_ids, to, *position),
        };
        if conf.is_empty() {
            self.conferences.remove(conference);
        }
        result
    }
}

/// The next id of a session: one above the highest ever issued. `None` when that would pass
/// `u64::MAX`: an id is never issued twice, so the add is refused rather than saturated.
pub(super) fn next_id(conf: &ConferenceState, session: &str) -> Result<u64, Refused> {
    let notes = conf.notes.get(session).map_or(&[][..], Vec::as_slice);
    // The counter is kept at or above every listed id (set by each add, repaired on load), so
    // only a state built without it needs the scan.
    let highest = match conf.last_note_id.get(session) {
        Some(&last) => last.max(notes.last().map_or(0, |n| n.id)),
        None => notes.iter().map(|n| n.id).max().unwrap_or(0),
    };
    highest.checked_add(1).ok_or(Refused::NoIdLeft)
}

fn add_note(
    conf: &mut ConferenceState,
    session: &str,
    text: &str,
    at: DateTime<FixedOffset>,
) -> Result<Outcome, Refused> {
    let id = next_id(conf, session)?;
    let notes = conf.notes.entry(session.to_owned()).or_default();
    notes.push(Note {
        id,
        text: text.to_owned(),
        written: at,
        edited: None,
        extra: BTreeMap::new(),
    });
    let number = notes.len();
    conf.last_note_id.insert(session.to_owned(), id);
    Ok(Outcome::NoteAdded { number, id })
}

fn restore_note(
    conf: &mut ConferenceState,
    session: &str,
    text: &str,
    (written, edited): (DateTime<FixedOffset>, Option<DateTime<FixedOffset>>),
    position: Option<usize>,
    seen: Option<&mut Seen>,
) -> Result<Outcome, Refused> {
    let key = fingerprint(written, text);
    let maybe_there = seen.as_ref().is_none_or(|seen| seen.contains(&key));
    // The same note already there (its text compared as it would be saved now) is left alone.
    if let Some((i, note)) = conf
        .notes
        .get(session)
        .filter(|_| maybe_there)
        .and_then(|notes| {
            notes
                .iter()
                .enumerate()
                .find(|(_, n)| n.written == written && sanitize::block(&n.text) == text)
        })
    {
        return Ok(Outcome::NoteAdded {
            number: i + 1,
            id: note.id,
        });
    }
    let id = next_id(conf, session)?;
    let notes = conf.notes.entry(session.to_owned()).or_default();
    let at = position.unwrap_or(notes.len()).min(notes.len());
    notes.insert(
        at,
        Note {
            id,
            text: text.to_owned(),
            written,
            edited,
            extra: BTreeMap::new(),
        },
    );
    conf.last_note_id.insert(session.to_owned(), id);
    if let Some(seen) = seen {
        seen.insert(key);
    }
    Ok(Outcome::NoteAdded { number: at + 1, id })
}

/// The fingerprints of the notes of one session (see [`fingerprint`]).
type Seen = HashSet<u64>;

/// A hash of a note's time and text (as [`sanitize::block`] leaves it). Two notes with the same
/// time and text have the same fingerprint; the converse is checked note by note, so a
/// collision costs a scan, never a note.
fn fingerprint(written: DateTime<FixedOffset>, text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    (written, text).hash(&mut hasher);
    hasher.finish()
}

/// What a run of changes remembers between them: per session, the fingerprints of its notes,
/// built on its first restore and kept up to date by later ones, so each restore's "already
/// there?" is a lookup instead of a scan of the session. Any other change to a session's notes
/// drops what was remembered of it.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    sessions: HashMap<String, HashMap<String, Seen>>,
}

impl Batch {
    fn seen(&mut self, conference: &str, session: &str, conf: &ConferenceState) -> &mut Seen {
        let sessions = self.sessions.entry(conference.to_owned()).or_default();
        sessions.entry(session.to_owned()).or_insert_with(|| {
            conf.notes
                .get(session)
                .into_iter()
                .flatten()
                .map(|n| fingerprint(n.written, &sanitize::block(&n.text)))
                .collect()
        })
    }

    fn forget(&mut self, conference: &str, session: &str) {
        if let Some(sessions) = self.sessions.get_mut(conference) {
            sessions.remove(session);
        }
    }
}

/// Finds a note's index in its session's list.
fn find_note<'a>(
    conf: &'a mut ConferenceState,
    session: &str,
    note_id: u64,
) -> Result<(&'a mut Vec<Note>, usize), Refused> {
    let missing = Refused::Missing { note_id };
    let notes = conf.notes.get_mut(session).ok_or(missing)?;
    let index = notes.iter().position(|n| n.id == note_id).ok_or(missing)?;
    Ok((notes, index))
}

fn edit_note(
    conf: &mut ConferenceState,
    session: &str,
    note_id: u64,
    text: &str,
    at: DateTime<FixedOffset>,
) -> Result<Outcome, Refused> {
    let (notes, index) = find_note(conf, session, note_id)?;
    if let Some(note) = notes.get_mut(index) {
        text.clone_into(&mut note.text);
        note.edited = Some(at);
    }
    Ok(Outcome::NoteEdited {
        number: index + 1,
        id: note_id,
    })
}

fn delete_note(
    conf: &mut ConferenceState,
    session: &str,
    note_id: u64,
) -> Result<Outcome, Refused> {
    let (notes, index) = find_note(conf, session, note_id)?;
    notes.remove(index);
    if notes.is_empty() {
        conf.notes.remove(session);
    }
    Ok(Outcome::NoteDeleted {
        number: index + 1,
        id: note_id,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {

    #[test]
    fn written_notes_are_trimmed_one_way_and_restored_ones_kept() {
        let trimmed = |text: &str| {
            let mut c = Change::AddNote {
                conference: "c".into(),
                session: "s".into(),
                text: text.into(),
            }
            .sanitized();
            c.text_mut().map(|t| t.clone())
        };
        assert_eq!(trimmed("  FSDP shards  ").as_deref(), Some("FSDP shards"));
        assert_eq!(
            trimmed("line one   \n  indented two \n\n").as_deref(),
            Some("line one\n  indented two")
        );
        assert_eq!(trimmed("as typed").as_deref(), Some("as typed"));
        let mut restored = Change::RestoreNote {
            conference: "c".into(),
            session: "s".into(),
            text: "kept as it was  ".into(),
            written: t("2024-09-18T10:00:00-07:00"),
            edited: None,
            position: None,
        }
        .sanitized();
        assert_eq!(
            restored.text_mut().map(|t| t.as_str()),
            Some("kept as it was  ")
        );
    }

    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn add(text: &str) -> Change {
        Change::AddNote {
            conference: "c".into(),
            session: "s".into(),
            text: text.into(),
        }
    }

    fn delete(note_id: u64) -> Change {
        Change::DeleteNote {
            conference: "c".into(),
            session: "s".into(),
            note_id,
        }
    }

    #[test]
    fn ids_grow_and_are_never_reused_after_deleting_the_newest() {
        let now = t("2024-09-18T10:00:00-07:00");
        let mut s = State::default();
        assert_eq!(
            s.apply(&add("a"), now),
            Ok(Outcome::NoteAdded { number: 1, id: 1 })
        );
        assert_eq!(
            s.apply(&add("b"), now),
            Ok(Outcome::NoteAdded { number: 2, id: 2 })
        );
        assert_eq!(
            s.apply(&delete(2), now),
            Ok(Outcome::NoteDeleted { number: 2, id: 2 })
        );
        assert_eq!(
            s.apply(&add("c"), now),
            Ok(Outcome::NoteAdded { number: 2, id: 3 })
        );
        assert_eq!(
            s.apply(&delete(1), now),
            Ok(Outcome::NoteDeleted { number: 1, id: 1 })
        );
        assert_eq!(s.notes("c", "s")[0].id, 3);
        assert_eq!(s.apply(&delete(3), now).map(|_| ()), Ok(()));
        assert!(s.notes("c", "s").is_empty());
        assert_eq!(
            s.apply(&add("d"), now),
            Ok(Outcome::NoteAdded { number: 1, id: 4 })
        );
    }

    #[test]
    fn hand_written_notes_without_counter_continue_after_the_highest_id() {
        let now = t("2024-09-18T10:00:00Z");
        let mut s = State::default();
        let conf = s.conferences.entry("c".into()).or_default();
        conf.notes.insert(
            "s".into(),
            vec![Note {
                id: 41,
                text: "x".into(),
                written: now,
                edited: None,
                extra: BTreeMap::new(),
            }],
        );
        assert_eq!(
            s.apply(&add("y"), now),
            Ok(Outcome::NoteAdded { number: 2, id: 42 })
        );
    }

    #[test]
    fn edit_sets_text_and_time_and_missing_notes_are_reported() {
        let written = t("2024-09-18T10:00:00-07:00");
        let edited = t("2024-09-18T11:30:00-07:00");
        let mut s = State::default();
        s.apply(&add("old"), written).unwrap();
        let edit = |note_id| Change::EditNote {
            conference: "c".into(),
            session: "s".into(),
            note_id,
            text: "new".into(),
        };
        assert_eq!(
            s.apply(&edit(1), edited),
            Ok(Outcome::NoteEdited { number: 1, id: 1 })
        );
        let note = &s.notes("c", "s")[0];
        assert_eq!(
            (note.text.as_str(), note.written, note.edited),
            ("new", written, Some(edited))
        );
        assert_eq!(
            s.apply(&edit(9), edited),
            Err(Refused::Missing { note_id: 9 })
        );
        assert_eq!(
            s.apply(&delete(9), edited),
            Err(Refused::Missing { note_id: 9 })
        );
    }

    #[test]
    fn star_twice_keeps_first_time_and_unstar_prunes_empty_conference() {
        let first = t("2024-09-18T10:00:00+02:00");
        let later = t("2024-09-18T12:00:00+02:00");
        let star = Change::Star {
            conference: "c".into(),
            session: "s".into(),
        };
        let unstar = Change::Unstar {
            conference: "c".into(),
            session: "s".into(),
        };
        let mut s = State::default();
        assert_eq!(
            s.apply(&star, first),
            Ok(Outcome::Starred { already: false })
        );
        assert_eq!(
            s.apply(&star, later),
            Ok(Outcome::Starred { already: true })
        );
        assert_eq!(s.conferences["c"].stars["s"].at, first);
        assert_eq!(
            s.apply(&unstar, later),
            Ok(Outcome::Unstarred { was: true })
        );
        assert_eq!(
            s.apply(&unstar, later),
            Ok(Outcome::Unstarred { was: false })
        );
        assert!(s.conferences.is_empty());
    }
}
