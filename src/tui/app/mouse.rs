//! The mouse: click a pane to focus it, a row to select it, a day tab to switch; the wheel
//! scrolls. Positions are read against the areas the last frame drew.

use ratatui::layout::{Position, Rect};

use super::{App, Mode, Pane};

/// A mouse event, in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    Click { x: u16, y: u16 },
    ScrollDown { x: u16, y: u16 },
    ScrollUp { x: u16, y: u16 },
}

fn inside(area: Option<Rect>, x: u16, y: u16) -> Option<Rect> {
    area.filter(|a| a.contains(Position { x, y }))
}

impl App {
    /// Handles a mouse event.
    pub fn mouse(&mut self, event: Mouse) {
        if self.mode != Mode::Browse {
            return;
        }
        match event {
            Mouse::Click { x, y } => self.click(x, y),
            Mouse::ScrollDown { x, y } => self.wheel(x, y, 3),
            Mouse::ScrollUp { x, y } => self.wheel(x, y, -3),
        }
    }

    fn pane_at(&self, x: u16, y: u16) -> Option<(Pane, Rect)> {
        [
            (Pane::Tracks, self.areas.tracks),
            (Pane::Slots, self.areas.slots),
            (Pane::Detail, self.areas.detail),
        ]
        .into_iter()
        .find_map(|(p, a)| inside(a, x, y).map(|r| (p, r)))
    }

    fn click(&mut self, x: u16, y: u16) {
        if let Some(&(_, day)) = self
            .areas
            .tabs
            .iter()
            .find(|(r, _)| r.contains(Position { x, y }))
        {
            self.choose_day(day);
            return;
        }
        let Some((pane, area)) = self.pane_at(x, y) else {
            return;
        };
        self.focus = pane;
        // Rows start below the border.
        let Some(line) = y.checked_sub(area.y + 1).map(usize::from) else {
            return;
        };
        match pane {
            Pane::Tracks => {
                let i = self.tracks_list.offset() + line;
                if i < self.tracks.len() {
                    self.tracks_list.select(Some(i));
                    self.refresh();
                }
            }
            Pane::Slots => {
                // Rows may take two lines (narrow panes wrap titles): the last frame says
                // which row each line showed.
                let i = if self.areas.slot_lines.is_empty() {
                    self.rows_list.offset() + line
                } else {
                    self.areas
                        .slot_lines
                        .get(line)
                        .copied()
                        .unwrap_or(usize::MAX)
                };
                if matches!(self.rows.get(i), Some(super::Row::Session(_))) {
                    self.rows_list.select(Some(i));
                    self.detail_scroll = 0;
                    self.note = None;
                }
            }
            Pane::Detail => {}
        }
    }

    fn wheel(&mut self, x: u16, y: u16, delta: i32) {
        let Some((pane, _)) = self.pane_at(x, y) else {
            return;
        };
        self.focus = pane;
        if pane == Pane::Detail {
            let by = u16::try_from(delta.unsigned_abs()).unwrap_or(u16::MAX);
            self.detail_scroll = if delta < 0 {
                self.detail_scroll.saturating_sub(by)
            } else {
                self.detail_scroll.saturating_add(by)
            };
        } else {
            let action = if delta < 0 {
                super::Action::Up
            } else {
                super::Action::Down
            };
            for _ in 0..delta.unsigned_abs() {
                self.update_browse(action);
            }
        }
    }
}
