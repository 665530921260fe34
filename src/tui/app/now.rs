//! Now, in the lists: the app opens on what is in progress while the conference is on, `.`
//! jumps there from any view, and a now line marks the moment in the list and the ★ agenda
//! (the grid marks it in its time gutter).
//!
//! What "now" selects: your starred session in progress, else the session in progress that
//! started last (the talk that began at 16:00 rather than the workshop running since 10:00;
//! ties in program order), else the next one to start. Only sessions the current
//! track filter shows count; when none of them is on or to come, the filter goes back to All.
//! The day tab becomes the conference day the chosen session is filed under, so at 00:55 on a
//! congress night it is the evening's tab, not the next morning's.

use chrono::{DateTime, FixedOffset};

use super::{App, Pane};
use crate::tui::view::{DayTab, Row, TrackFilter};

impl App {
    /// Whether the program is on at `self.now`: some session has started and some has not
    /// ended yet.
    pub fn conference_on(&self) -> bool {
        let mut started = false;
        let mut not_over = false;
        for (_, span) in self.timeline.timed() {
            started |= span.start <= self.now;
            not_over |= self.now < span.end;
            if started && not_over {
                return true;
            }
        }
        false
    }

    /// The session "now" points at among the sessions `keep` lets through (see the module
    /// doc), and whether it is in progress.
    fn now_target(&self, keep: impl Fn(usize) -> bool) -> Option<(usize, bool)> {
        let conf = self.conference_id();
        let sessions = self.schedule.sessions();
        let mut in_progress: Option<(usize, DateTime<FixedOffset>)> = None;
        let mut starred_on: Option<(usize, DateTime<FixedOffset>)> = None;
        let mut next: Option<(usize, DateTime<FixedOffset>)> = None;
        let earlier = |best: Option<(usize, DateTime<FixedOffset>)>, pos, t| match best {
            Some((_, b)) if b <= t => best,
            _ => Some((pos, t)),
        };
        let later = |best: Option<(usize, DateTime<FixedOffset>)>, pos, t| match best {
            Some((_, b)) if b >= t => best,
            _ => Some((pos, t)),
        };
        for (pos, span) in self.timeline.timed().filter(|(p, _)| keep(*p)) {
            if span.contains(self.now) {
                in_progress = later(in_progress, pos, span.start);
                if self.store.is_starred(conf, &sessions[pos].id) {
                    starred_on = later(starred_on, pos, span.start);
                }
            } else if span.start > self.now {
                next = earlier(next, pos, span.start);
            }
        }
        starred_on
            .or(in_progress)
            .map(|(p, _)| (p, true))
            .or_else(|| next.map(|(p, _)| (p, false)))
    }

    /// The row of the list shown that "now" points at (see the module doc), while the
    /// conference is on.
    pub(super) fn now_row(&self) -> Option<usize> {
        if !self.conference_on() {
            return None;
        }
        let shown: std::collections::HashSet<usize> = self
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Session(p) => Some(*p),
                _ => None,
            })
            .collect();
        let (pos, _) = self.now_target(|p| shown.contains(&p))?;
        self.rows.iter().position(|r| *r == Row::Session(pos))
    }

    /// Opens on now while the conference is on (called once, at start-up).
    pub(super) fn open_on_now(&mut self) {
        if self.conference_on() {
            self.go_to_now(false);
        }
    }

    /// `.`: back to now from any view: the session in progress (or next) selected, its day
    /// tab shown, the grid scrolled to it.
    pub(super) fn jump_to_now(&mut self) {
        if self.timeline.timed().next().is_none() {
            self.complain("no session has a published time: there is no now to go to");
            return;
        }
        self.go_to_now(true);
    }

    fn go_to_now(&mut self, say: bool) {
        let filter = self
            .tracks
            .get(self.tracks_list.selected().unwrap_or(0))
            .map_or(TrackFilter::All, |t| t.filter.clone());
        if filter == TrackFilter::NowNext {
            // The view is about now already: its first session row is the first in progress.
            let first = self.rows.iter().position(|r| matches!(r, Row::Session(_)));
            self.rows_list.select(first);
            self.focus = Pane::Slots;
            return;
        }
        let conf = self.conference_id().to_owned();
        let sessions = self.schedule.sessions();
        let keep_filter = |p: usize| {
            let s = &sessions[p];
            filter.contains(s, self.store.is_starred(&conf, &s.id)) || filter == TrackFilter::All
        };
        let (target, reset_filter) = match self.now_target(keep_filter) {
            Some(t) => (Some(t), false),
            None => (self.now_target(|_| true), true),
        };
        let Some((pos, on)) = target else {
            if say {
                self.complain("the program is over: nothing is on or to come");
            }
            return;
        };
        if reset_filter {
            self.tracks_list.select(Some(0));
        }
        let day = self.schedule.sessions()[pos].day;
        if let Some(tab) = self
            .days
            .iter()
            .position(|d| !matches!(d, DayTab::All) && d.holds(day))
            && !self.days[self.day].holds(day)
        {
            self.day = tab;
        }
        self.refresh();
        if let Some(row) = self.rows.iter().position(|r| *r == Row::Session(pos)) {
            self.rows_list.select(Some(row));
            // The selection a third of the way down, so the now line below it shows too.
            *self.rows_list.offset_mut() = row.saturating_sub(usize::from(self.page()) / 3);
        }
        if let Some(view) = self.grid.as_mut() {
            view.state.select_session_at(&view.grid, pos, self.now);
        }
        self.focus = Pane::Slots;
        self.detail_scroll = 0;
        self.note = None;
        if say {
            let title = &self.schedule.sessions()[pos].title;
            self.say(if on {
                format!("now: {title}")
            } else {
                format!("next: {title}")
            });
        }
    }

    /// Puts a now line into `rows` (a timed list in time order): after the sessions that have
    /// started, before the heading of the first that has not. Nothing when the list's times do
    /// not reach now from both sides (the day is over, or yet to come).
    pub(super) fn insert_now_line(&self, rows: &mut Vec<Row>) {
        let mut seen_started = false;
        let mut at = None;
        for (i, row) in rows.iter().enumerate() {
            let Row::Session(p) = row else { continue };
            let Some(span) = self.timeline.span(*p) else {
                continue;
            };
            if span.start <= self.now {
                seen_started = true;
            } else {
                at = Some(i);
                break;
            }
        }
        let Some(mut at) = at.filter(|_| seen_started) else {
            return;
        };
        // Before the heading of that slot (or gap), not between it and its sessions.
        while at > 0 && matches!(rows[at - 1], Row::Heading(_)) {
            at -= 1;
        }
        rows.insert(at, Row::Now);
    }
}
