//! Browsing: moving through the panes, days and rows; starring; opening links.

use super::{Action, App, Columns, Effect, Mode, Pane};
use crate::schedule::LinkKind;
use crate::store::Change;
use crate::tui::view::Row;

impl App {
    pub(super) fn update_browse(&mut self, action: Action) -> Option<Effect> {
        if self.focus == Pane::Slots && self.step_grid(action) {
            return None;
        }
        if self.mark_consumes(action) {
            return None;
        }
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::PageDown if self.page_list(true) => {}
            Action::PageUp if self.page_list(false) => {}
            Action::PageDown => self.step(i32::from(self.page())),
            Action::PageUp => self.step(-i32::from(self.page())),
            Action::Top => self.step(i32::MIN),
            Action::Bottom => self.step(i32::MAX),
            Action::NextPane => self.cycle_pane(true),
            Action::PrevPane => self.cycle_pane(false),
            Action::PaneRight => self.focus_next(),
            Action::PaneLeft => self.focus_prev(),
            Action::NextDay => self.switch_day(self.day + 1),
            Action::PrevDay => self.switch_day(self.day.wrapping_sub(1)),
            Action::Open => self.open(),
            Action::Back => self.back(),
            Action::NextSection => self.next_section(),
            Action::ToggleStar => return self.toggle_star(),
            Action::NewNote => self.start_note(),
            Action::QuickNote => self.quick_note(),
            Action::JumpToNow => self.jump_to_now(),
            Action::StartSearch => self.start_search(),
            Action::GoBack => {
                if !self.go_back() {
                    self.say("nothing to go back to: ` returns from a search result");
                }
            }
            Action::OpenLink => return self.open_link(LinkKind::Session),
            Action::OpenVideo => return self.open_link(LinkKind::Video),
            Action::CopyLink => return self.copy_link(),
            Action::Help => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::Conferences => return Some(Effect::ListConferences),
            Action::ToggleGrid => self.toggle_grid(),
            Action::Refresh => return self.start_refresh(),
            Action::ShowChanges => self.show_changes(),
            Action::RoomLeft | Action::RoomRight => {}
            Action::ToggleZone => {
                self.local_time = !self.local_time;
                self.refresh();
                let zone = self.zone().name();
                self.say(if self.local_time {
                    format!("times in your zone, {zone}")
                } else {
                    format!("times in the conference's zone, {zone}")
                });
            }
            Action::Quit => return self.quit(),
            Action::EditNote => self.edit_note(),
            Action::DeleteNote => return self.delete_note(),
            Action::UndoDelete => return self.undo(),
            Action::MarkNotes => self.toggle_mark(),
            Action::MoveNotes => self.start_move(),
            Action::EditNotesInEditor => {
                return self.selected().map(|s| Effect::Editor {
                    session: s.id.clone(),
                });
            }
            Action::SaveNote | Action::AcceptSearch => {}
        }
        self.say_mark();
        None
    }

    /// A page in the Timeslots list, as a pager turns one: the view moves on by the rows the
    /// last frame showed (its last row, often cut or the one selected, stays as the first) and
    /// the selection with it, so no row goes by unseen — rows of two lines make a page fewer
    /// rows than lines. False (nothing done) before the list has been drawn.
    fn page_list(&mut self, down: bool) -> bool {
        let (Some(&first), Some(&last)) =
            (self.areas.slot_lines.first(), self.areas.slot_lines.last())
        else {
            return false;
        };
        if self.focus != Pane::Slots || self.rows.is_empty() {
            return false;
        }
        let span = last.saturating_sub(first).max(1);
        let end = self.rows.len() - 1;
        let offset = if down {
            (first + span).min(end)
        } else {
            first.saturating_sub(span)
        };
        let cur = self.rows_list.selected().unwrap_or(first);
        let target = if down {
            cur.saturating_add(span).min(end)
        } else {
            cur.saturating_sub(span)
        };
        // The session at or after the target row, else the last one before it.
        let is_session = |i: &usize| matches!(self.rows.get(*i), Some(Row::Session(_)));
        let Some(next) = (target..=end)
            .find(is_session)
            .or_else(|| (0..target).rev().find(is_session))
        else {
            return true;
        };
        *self.rows_list.offset_mut() = offset;
        if Some(next) != self.rows_list.selected() {
            self.rows_list.select(Some(next));
            self.detail_scroll = 0;
            self.note = None;
        }
        true
    }

    /// Moves the focused pane's selection by `delta` rows (clamped).
    fn step(&mut self, delta: i32) {
        match self.focus {
            Pane::Tracks => {
                let n = self.tracks.len();
                let cur = self.tracks_list.selected().unwrap_or(0);
                self.tracks_list.select(Some(moved(cur, delta, n)));
                self.detail_scroll = 0;
                self.refresh();
            }
            Pane::Slots => self.step_rows(delta),
            Pane::Detail => self.step_detail(delta),
        }
    }

    fn step_rows(&mut self, delta: i32) {
        let sessions: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Row::Session(_)))
            .map(|(i, _)| i)
            .collect();
        if sessions.is_empty() {
            return;
        }
        let cur = self.rows_list.selected().unwrap_or(0);
        let at = sessions.iter().position(|&r| r >= cur).unwrap_or(0);
        let next = sessions[moved(at, delta, sessions.len())];
        if Some(next) != self.rows_list.selected() {
            self.rows_list.select(Some(next));
            self.detail_scroll = 0;
            self.note = None;
        }
    }

    /// In the Session pane, j/k walk the notes when there are any, else scroll the text.
    fn step_detail(&mut self, delta: i32) {
        let n = self
            .selected()
            .map_or(0, |s| self.store.notes(self.conference_id(), &s.id).len());
        let paging = delta.unsigned_abs() > 1 && delta.unsigned_abs() < u32::MAX / 2;
        if n == 0 || paging {
            let by = u16::try_from(delta.unsigned_abs()).unwrap_or(u16::MAX);
            self.detail_scroll = if delta < 0 {
                self.detail_scroll.saturating_sub(by)
            } else {
                self.detail_scroll.saturating_add(by)
            };
            return;
        }
        self.note = Some(match self.note {
            None if delta < 0 => n - 1,
            None => 0,
            Some(i) => moved(i, delta, n),
        });
    }

    /// The panes that can have focus at the current width, left to right.
    fn panes(&self) -> &'static [Pane] {
        &[Pane::Tracks, Pane::Slots, Pane::Detail]
    }

    fn cycle_pane(&mut self, forward: bool) {
        let panes = self.panes();
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len();
        self.focus = panes[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    fn focus_next(&mut self) {
        self.focus = match self.focus {
            Pane::Tracks => Pane::Slots,
            Pane::Slots | Pane::Detail => Pane::Detail,
        };
    }

    fn focus_prev(&mut self) {
        self.focus = match self.focus {
            Pane::Tracks | Pane::Slots => Pane::Tracks,
            Pane::Detail => Pane::Slots,
        };
    }

    fn switch_day(&mut self, day: usize) {
        if day < self.days.len() && day != self.day {
            self.day = day;
            self.detail_scroll = 0;
            self.note = None;
            self.refresh();
        }
    }

    /// Chooses a day tab directly (mouse).
    pub fn choose_day(&mut self, day: usize) {
        self.switch_day(day);
    }

    fn open(&mut self) {
        match self.focus {
            Pane::Tracks => self.focus = Pane::Slots,
            Pane::Slots if self.selected().is_some() => self.focus = Pane::Detail,
            Pane::Slots | Pane::Detail => {}
        }
    }

    fn back(&mut self) {
        if self.focus == Pane::Detail && self.note.is_some() {
            self.note = None;
            return;
        }
        // After a jump to a search result, Esc returns to the view before it.
        if self.focus != Pane::Detail && self.go_back() {
            return;
        }
        match (self.columns(), self.focus) {
            (_, Pane::Detail) => self.focus = Pane::Slots,
            (Columns::One | Columns::Two, Pane::Slots) => self.focus = Pane::Tracks,
            _ => {}
        }
    }

    fn toggle_star(&mut self) -> Option<Effect> {
        let Some(s) = self.selected() else {
            self.complain("no session selected");
            return None;
        };
        let conference = self.conference_id().to_owned();
        let session = s.id.clone();
        Some(Effect::Save(
            if self.store.is_starred(&conference, &session) {
                Change::Unstar {
                    conference,
                    session,
                }
            } else {
                Change::Star {
                    conference,
                    session,
                }
            },
        ))
    }

    /// `y`: the session page's link (else the session's first http(s) link) to the clipboard.
    fn copy_link(&mut self) -> Option<Effect> {
        let Some(s) = self.selected() else {
            self.complain("no session selected");
            return None;
        };
        let url = s
            .link(LinkKind::Session)
            .filter(|u| crate::fetch::url::not_openable(u).is_none())
            .or_else(|| {
                s.links
                    .iter()
                    .map(|l| l.url.as_str())
                    .find(|u| crate::fetch::url::not_openable(u).is_none())
            })
            .map(str::to_owned);
        match url {
            Some(text) => Some(Effect::Copy { text }),
            None => {
                self.complain("this session has no http(s) link to copy");
                None
            }
        }
    }

    fn open_link(&mut self, kind: LinkKind) -> Option<Effect> {
        let what = if kind == LinkKind::Video {
            "video"
        } else {
            "session page"
        };
        match self.selected().map(|s| s.link(kind).map(str::to_owned)) {
            None => self.complain("no session selected"),
            Some(None) => self.complain(format!("this session has no {what} link")),
            Some(Some(url)) => match crate::fetch::url::not_openable(&url) {
                None => return Some(Effect::Open { url }),
                Some(why) => self.complain(format!("not opened: {why}; the link is {url}")),
            },
        }
        None
    }
}

/// `cur` moved by `delta` within `0..n`, clamped.
fn moved(cur: usize, delta: i32, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let cur = i64::try_from(cur).unwrap_or(0);
    let last = i64::try_from(n - 1).unwrap_or(0);
    usize::try_from((cur + i64::from(delta)).clamp(0, last)).unwrap_or(0)
}
