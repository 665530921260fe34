//! Repairing note ids when a state file is read.
//!
//! Edits and deletes name a note by its id, so two notes of a session sharing an id would let
//! an edit meant for one overwrite the other. hallway never writes such a file, but a file
//! edited by hand (or merged by a sync tool) can hold one. On load every note is kept, the
//! first note with an id keeps it, and each later duplicate gets a fresh id above every id the
//! session ever had; the session's counter (`last_note_id`) is raised to cover them all, so no
//! id is issued twice afterwards. The repair is deterministic, so two hallway processes reading
//! the same file agree on the new ids, and it is written with the next save.

use std::collections::HashSet;

use super::model::{ConferenceState, Note, State};

impl State {
    /// Makes every note id unique within its session and keeps each session's counter at or
    /// above its ids. Returns how many notes got a new id.
    pub(crate) fn repair_note_ids(&mut self) -> usize {
        let mut repaired = 0;
        for conf in self.conferences.values_mut() {
            let ConferenceState {
                notes,
                last_note_id,
                ..
            } = conf;
            for (session, notes) in notes.iter_mut() {
                let counter = last_note_id.get(session).copied().unwrap_or(0);
                let (highest, n) = repair_session(notes, counter);
                repaired += n;
                if highest > counter {
                    last_note_id.insert(session.clone(), highest);
                }
            }
        }
        repaired
    }
}

/// Repairs one session's notes; returns the highest id now issued and how many were changed.
fn repair_session(notes: &mut [Note], counter: u64) -> (u64, usize) {
    let mut highest = notes.iter().map(|n| n.id).fold(counter, u64::max);
    let mut seen = HashSet::with_capacity(notes.len());
    let duplicates: Vec<usize> = notes
        .iter()
        .enumerate()
        .filter(|(_, n)| !seen.insert(n.id))
        .map(|(i, _)| i)
        .collect();
    for &i in &duplicates {
        let id = if let Some(id) = highest.checked_add(1) {
            highest = id;
            id
        } else {
            // Only a file edited up to u64::MAX gets here: no id above is left, and keeping the
            // note matters more than where its id comes from, so the lowest id not in use.
            (1..).find(|id| !seen.contains(id)).unwrap_or(0)
        };
        seen.insert(id);
        if let Some(note) = notes.get_mut(i) {
            note.id = id;
        }
    }
    (highest, duplicates.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use std::collections::BTreeMap;

    use chrono::DateTime;

    use super::*;

    fn notes(ids: &[u64]) -> Vec<Note> {
        let at = DateTime::parse_from_rfc3339("2024-09-18T10:00:00Z").unwrap();
        ids.iter()
            .enumerate()
            .map(|(i, &id)| Note {
                id,
                text: format!("note {i}"),
                written: at,
                edited: None,
                extra: BTreeMap::new(),
            })
            .collect()
    }

    fn ids(notes: &[Note]) -> Vec<u64> {
        notes.iter().map(|n| n.id).collect()
    }

    #[test]
    fn later_duplicates_get_fresh_ids_above_everything_ever_issued() {
        let mut n = notes(&[3, 1, 3, 1, 2]);
        assert_eq!(repair_session(&mut n, 9), (11, 2));
        assert_eq!(ids(&n), [3, 1, 10, 11, 2]);
        let texts: Vec<&str> = n.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["note 0", "note 1", "note 2", "note 3", "note 4"]);
    }

    #[test]
    fn unique_ids_are_untouched_and_the_counter_covers_them() {
        let mut n = notes(&[5, 2, 7]);
        assert_eq!(repair_session(&mut n, 0), (7, 0));
        assert_eq!(ids(&n), [5, 2, 7]);
    }

    #[test]
    fn at_the_top_of_the_range_duplicates_still_get_an_unused_id() {
        let mut n = notes(&[u64::MAX, u64::MAX, 1, u64::MAX]);
        assert_eq!(repair_session(&mut n, 0), (u64::MAX, 2));
        assert_eq!(ids(&n), [u64::MAX, 2, 1, 3]);
    }

    #[test]
    fn the_state_counter_is_raised_per_session() {
        let mut state = State::default();
        let conf = state.conferences.entry("c".into()).or_default();
        conf.notes.insert("s".into(), notes(&[4, 4]));
        conf.notes.insert("t".into(), notes(&[1]));
        conf.last_note_id.insert("t".into(), 6);
        assert_eq!(state.repair_note_ids(), 1);
        let conf = &state.conferences["c"];
        assert_eq!(ids(&conf.notes["s"]), [4, 5]);
        assert_eq!(conf.last_note_id["s"], 5);
        assert_eq!(conf.last_note_id["t"], 6);
    }
}
