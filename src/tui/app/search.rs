//! Search as you type across all days; Enter jumps to the result, Esc restores the view.

use std::sync::Arc;

use super::{Action, App, Effect, HISTORY_DEPTH, Mode, Pane, ViewMark};
use crate::schedule::Schedule;
use crate::search::SearchIndex;
use crate::tui::view::{DayTab, Row};

impl App {
    pub(super) fn start_search(&mut self) {
        self.search.saved = Some((
            self.day,
            self.tracks_list.selected().unwrap_or(0),
            self.rows_list.selected(),
            self.focus,
        ));
        self.search.input.clear();
        self.search.hits.clear();
        self.search.list.select(None);
        self.mode = Mode::Search;
        self.focus = Pane::Slots;
    }

    /// Re-runs the query after the search text changed.
    pub(super) fn run_search(&mut self) {
        let schedule = &self.schedule;
        let index = self.index.get_or_insert_with(|| SearchIndex::new(schedule));
        self.search.hits = index.search(schedule, self.search.input.text());
        self.search
            .list
            .select((!self.search.hits.is_empty()).then_some(0));
        *self.search.list.offset_mut() = 0;
    }

    /// The program to index in the background, once: `None` when the index is built or
    /// already being built.
    pub fn index_wanted(&mut self) -> Option<Arc<Schedule>> {
        if self.index.is_some() || self.index_requested {
            return None;
        }
        self.index_requested = true;
        Some(Arc::clone(&self.schedule))
    }

    /// Whether the search box is open while the index is still being built elsewhere.
    pub fn index_pending_for_search(&self) -> bool {
        self.mode == Mode::Search && self.index.is_none() && self.index_requested
    }

    /// A search index built in the background for `schedule`; dropped when the program has
    /// been replaced since, or an index was built meanwhile. Returns whether the screen
    /// changed (the results of a search typed while it was being built).
    pub fn index_ready(&mut self, schedule: &Arc<Schedule>, index: SearchIndex) -> bool {
        if !Arc::ptr_eq(schedule, &self.schedule) || self.index.is_some() {
            return false;
        }
        self.index = Some(index);
        if self.mode == Mode::Search && !self.search.input.text().is_empty() {
            self.run_search();
            return true;
        }
        false
    }

    pub(super) fn update_search(&mut self, action: Action) -> Option<Effect> {
        let n = self.search.hits.len();
        let cur = self.search.list.selected().unwrap_or(0);
        let page = usize::from(self.page());
        match action {
            Action::Down if n > 0 => self.search.list.select(Some((cur + 1).min(n - 1))),
            Action::Up if n > 0 => self.search.list.select(Some(cur.saturating_sub(1))),
            Action::PageDown if n > 0 => self.page_results(cur, page, true),
            Action::PageUp if n > 0 => self.page_results(cur, page, false),
            Action::AcceptSearch => self.accept_search(),
            Action::Back => self.cancel_search(),
            Action::Quit => return self.quit(),
            _ => {}
        }
        None
    }

    /// A page of results, as a pager turns one: by the results the last frame showed (the last
    /// one shown, often cut, comes first), so none goes by unseen when results take two lines;
    /// by `page` results before the first frame.
    fn page_results(&mut self, cur: usize, page: usize, down: bool) {
        let n = self.search.hits.len();
        let shown = &self.areas.search_rows;
        let span = if shown.is_empty() {
            page
        } else {
            shown.len().saturating_sub(1).max(1)
        };
        let (offset, target) = if down {
            (shown.start + span, cur.saturating_add(span))
        } else {
            (shown.start.saturating_sub(span), cur.saturating_sub(span))
        };
        *self.search.list.offset_mut() = offset.min(n - 1);
        self.search.list.select(Some(target.min(n - 1)));
    }

    fn accept_search(&mut self) {
        let Some(position) = self
            .search
            .list
            .selected()
            .and_then(|i| self.search.hits.get(i))
            .map(|h| h.position)
        else {
            self.complain("nothing matches; Esc goes back");
            return;
        };
        let day = match self.schedule.sessions()[position].day {
            Some(d) => DayTab::On(d),
            None => DayTab::Undated,
        };
        self.mode = Mode::Browse;
        if let Some(mark) = self.search.saved.take() {
            if self.history.len() == HISTORY_DEPTH {
                self.history.remove(0);
            }
            self.history.push(mark);
        }
        self.day = self.days.iter().position(|t| *t == day).unwrap_or(0);
        self.tracks_list.select(Some(0));
        self.rows_list.select(None);
        self.refresh();
        let row = self.rows.iter().position(|r| *r == Row::Session(position));
        self.rows_list.select(row);
        self.detail_scroll = 0;
        self.note = None;
        self.focus = Pane::Slots;
    }

    fn cancel_search(&mut self) {
        self.mode = Mode::Browse;
        if let Some(mark) = self.search.saved.take() {
            self.restore_view(mark);
        }
    }

    /// Back to the view before the last jump to a search result; false when there is none.
    pub(super) fn go_back(&mut self) -> bool {
        let Some(mark) = self.history.pop() else {
            return false;
        };
        self.restore_view(mark);
        self.detail_scroll = 0;
        self.note = None;
        true
    }

    /// Shows a remembered view again (indices clamped: the program may have changed since).
    fn restore_view(&mut self, (day, track, row, focus): ViewMark) {
        self.day = day.min(self.days.len().saturating_sub(1));
        self.tracks_list.select(Some(track));
        self.focus = focus;
        self.refresh();
        // The row of the view, once its list is built again.
        if let Some(row) = row.filter(|r| *r < self.rows.len()) {
            self.rows_list.select(Some(row));
        }
    }
}
