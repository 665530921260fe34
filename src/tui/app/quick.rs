//! `N`: a note on the talk happening now. The domain chooses the talk
//! ([`crate::agenda::quick_note_target`]); when it cannot choose alone, a small picker lists the
//! talks in progress (starred first), with a filter box when there are many. The note line then
//! names the talk in full, and why it was chosen.

use ratatui::widgets::ListState;

use super::{Action, App, Effect, Mode, MoveFrom, Pane};
use crate::agenda::{self, QuickNote, Why};
use crate::tui::input::LineInput;

/// More talks than this to choose from, and the picker shows its filter box.
pub const PICK_FILTER_FROM: usize = 8;

/// The talk picker: of `N` (the talks in progress), or of `m` (where to move notes).
#[derive(Debug, Default)]
pub struct Pick {
    /// Every talk offered, in the order offered.
    pub offered: Vec<usize>,
    /// Those the filter lets through.
    pub shown: Vec<usize>,
    /// The chosen row of `shown`.
    pub list: ListState,
    /// The filter typed.
    pub input: LineInput,
    /// For `m`: the notes to move to the talk chosen. `None` for a quick note.
    pub moving: Option<MoveFrom>,
}

impl App {
    /// `N`: the note line on the talk happening now, or the picker when several are.
    pub(super) fn quick_note(&mut self) {
        let selected = self.selected_position();
        match agenda::quick_note_target(&self.schedule, &self.store, self.now, selected) {
            None => self.complain(format!(
                "nothing is on now or within {} minutes: n writes on the selected session",
                agenda::NEAR_MINUTES
            )),
            Some(QuickNote::One(pos, why)) => self.open_quick_note(pos, why),
            Some(QuickNote::Choose(offered)) => {
                self.pick = Pick {
                    shown: offered.clone(),
                    offered,
                    list: ListState::default().with_selected(Some(0)),
                    input: LineInput::new(),
                    moving: None,
                };
                self.mode = Mode::PickTalk;
            }
        }
    }

    fn open_quick_note(&mut self, pos: usize, why: Why) {
        self.mode = Mode::NoteInput;
        self.focus = Pane::Detail;
        self.note_target = Some((pos, why));
        self.editing = None;
        self.note = None;
        self.detail_scroll = 0;
        self.input.clear();
    }

    pub(super) fn update_pick(&mut self, action: Action) -> Option<Effect> {
        let n = self.pick.shown.len();
        let cur = self.pick.list.selected().unwrap_or(0);
        match action {
            Action::Down if n > 0 => self.pick.list.select(Some((cur + 1).min(n - 1))),
            Action::Up => self.pick.list.select(Some(cur.saturating_sub(1))),
            Action::Open => match (self.pick.moving.take(), self.selected_pick()) {
                (Some(from), _) => return self.finish_move(from),
                (None, Some(pos)) => self.open_quick_note(pos, Why::Chosen),
                (None, None) => {
                    self.complain("no talk matches: Backspace widens the filter, Esc cancels");
                }
            },
            Action::Back => self.mode = Mode::Browse,
            Action::Quit => return self.quit(),
            _ => {}
        }
        None
    }

    /// After the filter changed: the talks whose title, room or speakers hold every word typed;
    /// moving notes, the program's search (`/`, over summaries too, typos forgiven) ranks them.
    pub(super) fn filter_pick(&mut self) {
        if self.pick.moving.is_some() && !self.pick.input.text().trim().is_empty() {
            self.search_pick();
            return;
        }
        let words: Vec<String> = self
            .pick
            .input
            .text()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let sessions = self.schedule.sessions();
        self.pick.shown = self
            .pick
            .offered
            .iter()
            .copied()
            .filter(|&p| {
                let s = &sessions[p];
                let hay = format!(
                    "{} {} {}",
                    s.title,
                    s.room.as_deref().unwrap_or(""),
                    s.speaker_line()
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        self.pick
            .list
            .select((!self.pick.shown.is_empty()).then_some(0));
    }

    /// The offered talks the program's search finds for the filter, best first.
    fn search_pick(&mut self) {
        let schedule = &self.schedule;
        let index = self
            .index
            .get_or_insert_with(|| crate::search::SearchIndex::new(schedule));
        let offered: std::collections::HashSet<usize> = self.pick.offered.iter().copied().collect();
        self.pick.shown = index
            .search(schedule, self.pick.input.text())
            .into_iter()
            .map(|hit| hit.position)
            .filter(|p| offered.contains(p))
            .collect();
        self.pick
            .list
            .select((!self.pick.shown.is_empty()).then_some(0));
        *self.pick.list.offset_mut() = 0;
    }

    /// The talk under the picker's cursor.
    pub fn selected_pick(&self) -> Option<usize> {
        self.pick.shown.get(self.pick.list.selected()?).copied()
    }

    /// What the note line says about where the note goes, for a quick note: the whole title
    /// (the note line wraps it) and why.
    pub fn note_target_line(&self) -> Option<String> {
        let (pos, why) = self.note_target?;
        let s = self.schedule.sessions().get(pos)?;
        let because = match why {
            Why::StarredInProgress => "starred, in progress".to_owned(),
            Why::InProgressInRoom => match &s.room {
                Some(room) => format!("in progress in {room}"),
                None => "in progress".to_owned(),
            },
            Why::OnlyInProgress => "the only talk in progress".to_owned(),
            Why::Chosen => "chosen".to_owned(),
            Why::JustEnded => "nothing is on; it has just ended".to_owned(),
            Why::StartsSoon => "nothing is on; it starts in a few minutes".to_owned(),
        };
        Some(format!("✎ {} — {because}", s.title))
    }
}
