//! Moving notes from one session to another: the pure function behind [`Change::MoveNotes`],
//! and the check of the numbers a user typed before any change is made.
//!
//! A move is all or none: every note named must be there, the target must be another session,
//! and the target must have ids left for all of them; otherwise nothing changes. Moved notes
//! keep their text, written and edited times (so a note's `+Nm` is still computed from when it
//! was written) and unknown fields; they take new ids in the target, one above the highest it
//! ever issued, because ids are unique within a session and never reused.
//!
//! [`Change::MoveNotes`]: super::Change::MoveNotes

use std::ops::RangeInclusive;

use super::model::{ConferenceState, Note, Outcome, Refused, next_id};

/// Moves the notes with `note_ids` from `from` to `to`, inserted at `position` (0-based;
/// `None` or past the end appends), in the order they had in `from`.
pub(super) fn move_notes(
    conf: &mut ConferenceState,
    from: &str,
    note_ids: &[u64],
    to: &str,
    position: Option<usize>,
) -> Result<Outcome, Refused> {
    if from == to {
        return Err(Refused::SameSession);
    }
    let source = conf.notes.get(from).map_or(&[][..], Vec::as_slice);
    let mut indices = Vec::with_capacity(note_ids.len());
    for &note_id in note_ids {
        let index = source
            .iter()
            .position(|n| n.id == note_id)
            .ok_or(Refused::Missing { note_id })?;
        indices.push(index);
    }
    indices.sort_unstable();
    indices.dedup();
    let (Some(&first_index), Ok(count)) = (indices.first(), u64::try_from(indices.len())) else {
        // Nothing named: nothing to move, and nothing to report as moved.
        return Err(Refused::Missing { note_id: 0 });
    };
    let first_id = next_id(conf, to)?;
    let last_id = first_id.checked_add(count - 1).ok_or(Refused::NoIdLeft)?;

    // Checked: from here on nothing can fail.
    let mut moved: Vec<Note> = Vec::with_capacity(indices.len());
    if let Some(notes) = conf.notes.get_mut(from) {
        for &index in indices.iter().rev() {
            if index < notes.len() {
                moved.push(notes.remove(index));
            }
        }
        if notes.is_empty() {
            conf.notes.remove(from);
        }
    }
    moved.reverse();
    for (note, id) in moved.iter_mut().zip(first_id..=last_id) {
        note.id = id;
    }
    let target = conf.notes.entry(to.to_owned()).or_default();
    let at = position.unwrap_or(target.len()).min(target.len());
    let count = moved.len();
    target.splice(at..at, moved);
    conf.last_note_id.insert(to.to_owned(), last_id);
    Ok(Outcome::NotesMoved {
        count,
        from_number: first_index + 1,
        to_number: at + 1,
        first_id,
    })
}

/// Why a range of displayed note numbers names no notes of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadNumbers {
    /// The session has no notes at all.
    NoNotes,
    /// The range is backwards (`5-3`) or starts at 0.
    Backwards,
    /// The range goes past the last note; `count` is how many there are.
    PastTheEnd {
        /// How many notes the session has.
        count: usize,
    },
}

/// The ids of the notes numbered `numbers` (1-based, as displayed) in `notes`.
///
/// # Errors
/// [`BadNumbers`] when the range names no note, or not only notes that exist.
pub fn ids_of(notes: &[Note], numbers: &RangeInclusive<usize>) -> Result<Vec<u64>, BadNumbers> {
    let (first, last) = (*numbers.start(), *numbers.end());
    if notes.is_empty() {
        return Err(BadNumbers::NoNotes);
    }
    if first == 0 || first > last {
        return Err(BadNumbers::Backwards);
    }
    if last > notes.len() {
        return Err(BadNumbers::PastTheEnd { count: notes.len() });
    }
    Ok(notes[first - 1..last].iter().map(|n| n.id).collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{DateTime, FixedOffset};

    use super::super::model::{Change, State};
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn add(session: &str, text: &str) -> Change {
        Change::AddNote {
            conference: "c".into(),
            session: session.into(),
            text: text.into(),
        }
    }

    fn mv(from: &str, note_ids: &[u64], to: &str, position: Option<usize>) -> Change {
        Change::MoveNotes {
            conference: "c".into(),
            session: from.into(),
            note_ids: note_ids.to_vec(),
            to: to.into(),
            position,
        }
    }

    fn texts(s: &State, session: &str) -> Vec<(u64, String)> {
        s.notes("c", session)
            .iter()
            .map(|n| (n.id, n.text.clone()))
            .collect()
    }

    /// `a` holds a1..a4 written a minute apart, the second one edited; `b` holds b1.
    fn state() -> State {
        let mut s = State::default();
        for i in 1..=4 {
            let at = t(&format!("2024-09-18T10:0{i}:00-07:00"));
            s.apply(&add("a", &format!("a{i}")), at).unwrap();
        }
        let edit = Change::EditNote {
            conference: "c".into(),
            session: "a".into(),
            note_id: 2,
            text: "a2 edited".into(),
        };
        s.apply(&edit, t("2024-09-18T11:00:00-07:00")).unwrap();
        s.apply(&add("b", "b1"), t("2024-09-18T09:00:00-07:00"))
            .unwrap();
        s
    }

    #[test]
    fn moved_notes_are_appended_in_order_with_their_times_and_new_ids() {
        let mut s = state();
        let before: Vec<Note> = s.notes("c", "a")[1..3].to_vec();
        let now = t("2024-09-19T08:00:00-07:00");
        assert_eq!(
            s.apply(&mv("a", &[3, 2], "b", None), now),
            Ok(Outcome::NotesMoved {
                count: 2,
                from_number: 2,
                to_number: 2,
                first_id: 2,
            })
        );
        assert_eq!(
            texts(&s, "a"),
            vec![(1, "a1".to_owned()), (4, "a4".to_owned())]
        );
        assert_eq!(
            texts(&s, "b"),
            vec![
                (1, "b1".to_owned()),
                (2, "a2 edited".to_owned()),
                (3, "a3".to_owned())
            ]
        );
        let after = &s.notes("c", "b")[1..];
        for (was, is) in before.iter().zip(after) {
            assert_eq!((was.written, was.edited), (is.written, is.edited));
        }
        assert_eq!(s.conferences["c"].last_note_id["b"], 3);
        // The source never issues the moved ids again.
        assert_eq!(
            s.apply(&add("a", "a5"), now),
            Ok(Outcome::NoteAdded { number: 3, id: 5 })
        );
    }

    #[test]
    fn a_move_back_to_the_old_place_restores_the_order_with_fresh_ids() {
        let mut s = state();
        let now = t("2024-09-19T08:00:00-07:00");
        s.apply(&mv("a", &[2, 3], "b", None), now).unwrap();
        assert_eq!(
            s.apply(&mv("b", &[2, 3], "a", Some(1)), now),
            Ok(Outcome::NotesMoved {
                count: 2,
                from_number: 2,
                to_number: 2,
                first_id: 5,
            })
        );
        let a: Vec<String> = texts(&s, "a").into_iter().map(|(_, t)| t).collect();
        assert_eq!(a, ["a1", "a2 edited", "a3", "a4"]);
        assert_eq!(texts(&s, "b"), vec![(1, "b1".to_owned())]);
    }

    #[test]
    fn moving_every_note_empties_the_source_and_creates_the_target() {
        let mut s = state();
        let now = t("2024-09-19T08:00:00-07:00");
        s.apply(&mv("a", &[1, 2, 3, 4], "new", None), now).unwrap();
        assert!(!s.conferences["c"].notes.contains_key("a"));
        assert_eq!(s.notes("c", "new").len(), 4);
    }

    #[test]
    fn refused_moves_change_nothing() {
        let now = t("2024-09-19T08:00:00-07:00");
        let mut s = state();
        let before = s.clone();
        assert_eq!(
            s.apply(&mv("a", &[1], "a", None), now),
            Err(Refused::SameSession)
        );
        assert_eq!(
            s.apply(&mv("a", &[1, 9], "b", None), now),
            Err(Refused::Missing { note_id: 9 })
        );
        assert_eq!(
            s.apply(&mv("nowhere", &[1], "b", None), now),
            Err(Refused::Missing { note_id: 1 })
        );
        assert_eq!(s, before);
        // A target whose ids are exhausted takes none of them.
        let conf = s.conferences.get_mut("c").unwrap();
        conf.last_note_id.insert("b".into(), u64::MAX - 1);
        let before = s.clone();
        assert_eq!(
            s.apply(&mv("a", &[1, 2], "b", None), now),
            Err(Refused::NoIdLeft)
        );
        assert_eq!(s, before);
    }

    #[test]
    fn unknown_fields_travel_with_the_note() {
        let mut s = state();
        let extra: BTreeMap<String, serde_json::Value> =
            [("color".to_owned(), serde_json::json!("red"))].into();
        s.conferences
            .get_mut("c")
            .unwrap()
            .notes
            .get_mut("a")
            .unwrap()[0]
            .extra
            .clone_from(&extra);
        s.apply(&mv("a", &[1], "b", None), t("2024-09-19T08:00:00-07:00"))
            .unwrap();
        assert_eq!(s.notes("c", "b")[1].extra, extra);
    }

    #[test]
    fn numbers_are_checked_against_the_notes_shown() {
        let s = state();
        let notes = s.notes("c", "a");
        assert_eq!(ids_of(notes, &(2..=3)), Ok(vec![2, 3]));
        assert_eq!(ids_of(notes, &(4..=4)), Ok(vec![4]));
        assert_eq!(ids_of(notes, &(0..=1)), Err(BadNumbers::Backwards));
        assert_eq!(
            ids_of(notes, &RangeInclusive::new(3, 2)),
            Err(BadNumbers::Backwards)
        );
        assert_eq!(
            ids_of(notes, &(3..=5)),
            Err(BadNumbers::PastTheEnd { count: 4 })
        );
        assert_eq!(ids_of(&[], &(1..=1)), Err(BadNumbers::NoNotes));
    }
}
