//! The timetable grid in the middle pane (`t`): rooms across, time down. The cursor moves by
//! room and by slot; the Session pane shows the session under it.

use super::{Action, App, GridView, Pane};
use crate::tui::grid::{Grid, GridState};
use crate::tui::view::DayTab;

impl App {
    /// Shows or hides the grid, keeping the selected session under the cursor.
    pub(super) fn toggle_grid(&mut self) {
        if self.grid.take().is_some() {
            self.say("list view");
            return;
        }
        let keep = self.selected_position();
        self.grid = Some(self.build_grid(keep, None));
        self.focus = Pane::Slots;
        if self.grid.as_ref().is_some_and(|g| g.grid.is_empty()) {
            self.say("no timed sessions on this day: the grid is empty; t goes back to the list");
        }
    }

    /// The grid of the day shown, the cursor on `keep` when it is on it; else in the room and
    /// row of `near` (the cursor before a day change) when there is one, on the nearest session.
    fn build_grid(&self, keep: Option<usize>, near: Option<(Option<String>, usize)>) -> GridView {
        let day = match self.days.get(self.day) {
            Some(DayTab::On(d)) => Some(*d),
            _ => keep
                .map(|p| &self.schedule.sessions()[p])
                .filter(|s| s.start.is_some())
                .and_then(|s| s.day),
        };
        let settings = self
            .config
            .grid
            .get(&self.schedule.conference.id)
            .cloned()
            .unwrap_or_default();
        let grid = Grid::with_rooms(&self.schedule, day, self.zone(), &settings);
        let mut state = GridState::default();
        if !keep.is_some_and(|p| state.select_session(&grid, p)) {
            if let Some((room, row)) = near {
                state.row = row;
                state.col = grid
                    .columns()
                    .iter()
                    .position(|c| c.room == room && c.lane == 0)
                    .unwrap_or_default();
            }
            // A grid with sessions always has one selected (the one nearest the cursor).
            state.keep_selection(&grid);
        }
        GridView { grid, state }
    }

    /// After a day, zone or store change: the grid again, the cursor on the same session.
    pub(super) fn rebuild_grid(&mut self) {
        if let Some(view) = &self.grid {
            let keep = view.state.selected(&view.grid);
            let room = view
                .grid
                .columns()
                .get(view.state.col)
                .map(|c| c.room.clone());
            let near = room.map(|room| (room, view.state.row));
            self.grid = Some(self.build_grid(keep, near));
        }
    }

    /// Moves the grid cursor; `false` when the action is not a grid move.
    pub(super) fn step_grid(&mut self, action: Action) -> bool {
        let Some(view) = self.grid.as_mut() else {
            return false;
        };
        let (grid, state) = (&view.grid, &mut view.state);
        match action {
            Action::Down => state.move_down(grid),
            Action::Up => state.move_up(grid),
            Action::RoomLeft => state.move_left(grid),
            Action::RoomRight => state.move_right(grid),
            Action::PageDown => state.page_down(grid),
            Action::PageUp => state.page_up(grid),
            Action::Top => state.home(grid),
            Action::Bottom => state.end(grid),
            _ => return false,
        }
        self.detail_scroll = 0;
        self.note = None;
        true
    }
}
