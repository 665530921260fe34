//! Moving notes to the talk they belong to, in the Session pane: `V` marks a run of notes (j/k
//! extend it, Esc clears it), `m` moves the marked notes — or the selected one — to a talk
//! chosen in the talk picker of `N` (talks in progress and starred ones first, type to
//! filter), and `u` moves them back. Each move and each undo is one [`Change::MoveNotes`],
//! saved with one save by the event loop.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use ratatui::widgets::ListState;

use super::{Action, App, Effect, Mode, Pane, Pick};
use crate::store::{Change, Outcome};
use crate::tui::input::LineInput;

/// The notes a move picker was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveFrom {
    /// The session they are on.
    pub session: String,
    /// Their stable ids, so a reload while choosing cannot change which notes move.
    pub note_ids: Vec<u64>,
    /// Their displayed numbers (1-based) when the picker opened.
    pub numbers: RangeInclusive<usize>,
}

/// A run of notes marked with `V`: on which session, and the note the mark started from (the
/// other end is the selected note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mark {
    session: String,
    anchor: usize,
}

/// The notes moved last, for `u`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LastMove {
    from: String,
    to: String,
    /// Where they were in `from` (0-based).
    position: usize,
    /// Their ids in `to`: `first_id` and the ones after it.
    first_id: u64,
    count: usize,
}

impl App {
    /// The notes marked with `V` (0-based indices), when a mark is active on the selected
    /// session.
    pub fn marked_notes(&self) -> Option<RangeInclusive<usize>> {
        let mark = self.note_mark.as_ref()?;
        let note = self.note?;
        if self.focus != Pane::Detail || self.selected()?.id != mark.session {
            return None;
        }
        let n = self.store.notes(self.conference_id(), &mark.session).len();
        let (a, b) = (mark.anchor.min(note), mark.anchor.max(note));
        (b < n).then_some(a..=b)
    }

    /// Whether note `i` (0-based) of the selected session is in the marked run.
    pub fn is_marked(&self, i: usize) -> bool {
        self.marked_notes().is_some_and(|r| r.contains(&i))
    }

    /// Before a browsing action: Esc clears an active mark (and does nothing else); any action
    /// but moving through the notes, moving them or help drops the mark. True when the action
    /// was used up here.
    pub(super) fn mark_consumes(&mut self, action: Action) -> bool {
        if self.note_mark.is_none() {
            return false;
        }
        let active = self.marked_notes().is_some();
        match action {
            Action::Back if active => {
                self.note_mark = None;
                self.say("mark cleared");
                true
            }
            Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp
            | Action::MarkNotes
            | Action::MoveNotes
            | Action::Help
                if active =>
            {
                false
            }
            _ => {
                self.note_mark = None;
                false
            }
        }
    }

    /// While notes are marked and nothing else is said: which, and what the keys do.
    pub(super) fn say_mark(&mut self) {
        let Some(range) = self.marked_notes() else {
            return;
        };
        if self.status.is_none() && self.mode == Mode::Browse {
            let (first, last) = (range.start() + 1, range.end() + 1);
            let notes = if first == last {
                format!("note {first}")
            } else {
                format!("notes {first}–{last}")
            };
            self.say(format!(
                "{notes} marked: j/k extend, m moves them, V or Esc clears"
            ));
        }
    }

    /// `V`: starts a mark on the selected note, or clears it.
    pub(super) fn toggle_mark(&mut self) {
        if self.marked_notes().is_some() {
            self.note_mark = None;
            self.say("mark cleared");
            return;
        }
        let (Some(note), Some(session)) = (self.note, self.selected().map(|s| s.id.clone())) else {
            self.complain("no note selected: j/k choose one, then V marks from it");
            return;
        };
        self.note_mark = Some(Mark {
            session,
            anchor: note,
        });
    }

    /// `m`: the talk picker, to move the marked notes (or the selected one) to another talk.
    pub(super) fn start_move(&mut self) {
        let range = self.marked_notes().or_else(|| self.note.map(|i| i..=i));
        let (Some(range), Some(session)) = (range, self.selected().map(|s| s.id.clone())) else {
            self.complain("no note selected: j/k choose one (V marks several), then m moves it");
            return;
        };
        let notes = self.store.notes(self.conference_id(), &session);
        let Some(chosen) = notes.get(range.clone()) else {
            self.complain("no note selected: j/k choose one (V marks several), then m moves it");
            return;
        };
        let note_ids = chosen.iter().map(|n| n.id).collect();
        let offered = self.move_targets(&session);
        if offered.is_empty() {
            self.complain("there is no other talk in this program to move notes to");
            return;
        }
        self.pick = Pick {
            shown: offered.clone(),
            offered,
            list: ListState::default().with_selected(Some(0)),
            input: LineInput::new(),
            moving: Some(MoveFrom {
                session,
                note_ids,
                numbers: range.start() + 1..=range.end() + 1,
            }),
        };
        self.mode = Mode::PickTalk;
    }

    /// Every other session of the program: those in progress first (starred ones first among
    /// them), then the starred ones, then the rest, each in program order.
    fn move_targets(&self, except: &str) -> Vec<usize> {
        let on: HashSet<usize> = self
            .timeline
            .timed()
            .filter(|(_, span)| span.contains(self.now))
            .map(|(p, _)| p)
            .collect();
        let conference = self.conference_id();
        let mut ranked: Vec<(u8, usize)> = self
            .schedule
            .sessions()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.id != except)
            .map(|(p, s)| {
                let rank = match (on.contains(&p), self.store.is_starred(conference, &s.id)) {
                    (true, true) => 0,
                    (true, false) => 1,
                    (false, true) => 2,
                    (false, false) => 3,
                };
                (rank, p)
            })
            .collect();
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, p)| p).collect()
    }

    /// Enter in the move picker: the move, for the event loop to save.
    pub(super) fn finish_move(&mut self, from: MoveFrom) -> Option<Effect> {
        let Some(to) = self.selected_pick() else {
            self.pick.moving = Some(from);
            self.complain("no talk matches: Backspace widens the filter, Esc cancels");
            return None;
        };
        let to = self.schedule.sessions().get(to)?.id.clone();
        self.mode = Mode::Browse;
        self.note_mark = None;
        // `u` undoes the latest change: from now on this move, once saved, not an earlier one.
        self.deleted = None;
        self.last_move = None;
        Some(Effect::Save(Change::MoveNotes {
            conference: self.conference_id().to_owned(),
            session: from.session,
            note_ids: from.note_ids,
            to,
            position: None,
        }))
    }

    /// `u`: moves the notes moved last back where they were, else undoes the last delete.
    pub(super) fn undo(&mut self) -> Option<Effect> {
        let Some(last) = self.last_move.take() else {
            return self.undo_delete();
        };
        Some(Effect::Save(Change::MoveNotes {
            conference: self.conference_id().to_owned(),
            session: last.to,
            note_ids: (last.first_id..).take(last.count).collect(),
            to: last.from,
            position: Some(last.position),
        }))
    }

    /// After a move was saved: remembers it for `u` (unless it was the undo itself), selects
    /// the notes when they came back, and returns the status line.
    pub(super) fn notes_moved(&mut self, change: &Change, outcome: Outcome) -> String {
        let (
            Change::MoveNotes {
                session,
                to,
                position,
                ..
            },
            Outcome::NotesMoved {
                count,
                from_number,
                to_number,
                first_id,
            },
        ) = (change, outcome)
        else {
            return String::new();
        };
        // The status is one line: the title gives way, so "u undoes" stays in view.
        let width = usize::from(self.size.0);
        let line = |before: String, id: &str, after: String| {
            let title = self
                .schedule
                .get(id)
                .map_or_else(|| id.to_owned(), |s| s.title.clone());
            let room =
                width.saturating_sub(crate::width::of(&before) + crate::width::of(&after) + 2);
            let title = crate::width::fit(&title, room.max(12));
            format!("{before}\"{title}\"{after}")
        };
        let numbers = |first: usize| {
            if count == 1 {
                format!("note {first}")
            } else {
                format!("notes {first}–{}", first + count - 1)
            }
        };
        // An undo puts the notes back in place; a move by the user appends them.
        if position.is_some() {
            if self.selected().is_some_and(|s| s.id == *to) {
                self.note = Some(to_number - 1);
            }
            return line(
                format!("move undone: {} back on ", numbers(to_number)),
                to,
                String::new(),
            );
        }
        self.last_move = Some(LastMove {
            from: session.clone(),
            to: to.clone(),
            position: from_number - 1,
            first_id,
            count,
        });
        line(
            format!("moved {} to ", numbers(from_number)),
            to,
            format!(" (now {}) — u undoes", numbers(to_number)),
        )
    }

    /// After a delete was saved: `u` now undoes that, not an earlier move.
    pub(super) fn forget_move(&mut self) {
        self.last_move = None;
    }
}
