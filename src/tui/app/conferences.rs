//! The conference switcher (`c`): the bundled program and every imported one; Enter opens the
//! chosen one in place, with the same store (stars and notes are kept per conference).

use super::{Action, App, Effect, Mode, Pane, today_tab};
use crate::library::Entry;
use crate::schedule::Schedule;
use crate::tui::view::DayTab;

impl App {
    /// Shows the switcher with the library's entries (listed by the event loop).
    pub fn show_conferences(&mut self, entries: Vec<Entry>) {
        let current = self.conference_id().to_owned();
        let at = entries.iter().position(|e| e.name == current).unwrap_or(0);
        self.conferences = entries;
        self.conferences_list.select(Some(at));
        self.mode = Mode::Conferences;
    }

    pub(super) fn update_conferences(&mut self, action: Action) -> Option<Effect> {
        let n = self.conferences.len();
        let cur = self.conferences_list.selected().unwrap_or(0);
        match action {
            Action::Down if n > 0 => self.conferences_list.select(Some((cur + 1).min(n - 1))),
            Action::Up => self.conferences_list.select(Some(cur.saturating_sub(1))),
            Action::Open => {
                self.mode = Mode::Browse;
                let entry = self.conferences.get(cur)?;
                if entry.name == self.conference_id() {
                    return None;
                }
                return Some(Effect::OpenConference {
                    name: entry.name.clone(),
                });
            }
            Action::Back => self.mode = Mode::Browse,
            Action::Quit => return self.quit(),
            _ => {}
        }
        None
    }

    /// Replaces the program in place: new indices, today's tab (or All days), nothing selected
    /// but the first session.
    pub fn set_schedule(&mut self, schedule: Schedule) {
        self.index = None;
        self.index_requested = false;
        self.timeline = crate::agenda::Timeline::new(&schedule);
        self.reminded.clear();
        self.days = DayTab::tabs(&schedule);
        self.day = today_tab(&schedule, &self.timeline, &self.days, self.now);
        self.schedule = std::sync::Arc::new(schedule);
        self.tracks_list.select(Some(0));
        self.rows_list.select(None);
        self.focus = Pane::Slots;
        self.mode = Mode::Browse;
        self.detail_scroll = 0;
        self.note = None;
        self.refresh();
        self.open_on_now();
        let name = self.schedule.conference.name.clone();
        self.say(format!("opened {name}"));
    }
}
