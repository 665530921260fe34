//! Schedules change: `R` downloads the program again, a banner says when the attendee's own
//! sessions moved or were cancelled, and `C` lists the changes (moved from → to, cancelled).

use super::{Action, App, Effect, Mode, Pane};
use crate::changes::{self, Changes};
use crate::tui::view::{DayTab, Row};

impl App {
    /// Takes in the changes of the last update: the report for `C`, and a banner when some of
    /// them touch starred sessions or sessions with notes.
    pub fn set_changes(&mut self, changes: Option<&Changes>) {
        let conf = self.schedule.conference.clone();
        self.changes = changes.map_or_else(Vec::new, |c| changes::report(c, &conf, &self.store));
        let mine = changes.map_or(0, |c| c.affecting(&self.store, &conf.id).len());
        self.banner = (mine > 0).then(|| {
            format!(
                "⚠ {mine} of your sessions changed in the last update of the program — C shows them"
            )
        });
    }

    pub(super) fn start_refresh(&mut self) -> Option<Effect> {
        if self.refreshing {
            self.say("a refresh is already under way");
            return None;
        }
        self.refreshing = true;
        self.say(format!("refreshing {}…", self.schedule.conference.name));
        Some(Effect::Refresh {
            name: self.conference_id().to_owned(),
        })
    }

    pub(super) fn show_changes(&mut self) {
        if self.changes.is_empty() {
            self.say("no changes recorded: the program has not been updated since it was imported");
            return;
        }
        self.banner = None;
        self.mode = Mode::Changes;
        self.changes_list.select(Some(0));
    }

    pub(super) fn update_changes(&mut self, action: Action) -> Option<Effect> {
        let n = self.changes.len();
        let cur = self.changes_list.selected().unwrap_or(0);
        match action {
            Action::Down if n > 0 => self.changes_list.select(Some((cur + 1).min(n - 1))),
            Action::Up => self.changes_list.select(Some(cur.saturating_sub(1))),
            Action::Open => self.jump_to_change(cur),
            Action::Back => self.mode = Mode::Browse,
            Action::Quit => return self.quit(),
            _ => {}
        }
        None
    }

    /// Goes to the session a change is about, when the program still has it.
    fn jump_to_change(&mut self, line: usize) {
        let id = self.changes.get(line).and_then(|l| l.session.clone());
        let Some(position) = id
            .as_deref()
            .and_then(|id| self.schedule.index().position(id))
        else {
            self.complain("that session is no longer in the program; its notes are kept");
            return;
        };
        self.mode = Mode::Browse;
        self.grid = None;
        let day = self.schedule.sessions()[position]
            .day
            .map_or(DayTab::Undated, DayTab::On);
        self.day = self.days.iter().position(|d| *d == day).unwrap_or(0);
        self.tracks_list.select(Some(0));
        self.refresh();
        let row = self.rows.iter().position(|r| *r == Row::Session(position));
        self.rows_list.select(row);
        self.focus = Pane::Slots;
    }
}
