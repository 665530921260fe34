//! The part of a long list that is on screen. Building a `ListItem` for every row of a day
//! with ten thousand sessions costs more than the rest of a frame, so the lists build only the
//! rows that show, scrolled as ratatui's `List` scrolls them — except that a list that got
//! shorter (another day, a narrower filter) is never left scrolled past its end, with empty
//! lines below its last row and rows hidden above.

use std::ops::Range;

use ratatui::widgets::ListState;

/// The rows of a `len`-row list, `height` lines tall, that show under `state`: the selected
/// row is kept in view with the least scrolling, and the window is full whenever the list is
/// long enough. Updates `state`'s offset and returns the range with the state to render just
/// those rows with.
pub fn visible(state: &mut ListState, len: usize, height: usize) -> (Range<usize>, ListState) {
    if len == 0 || height == 0 {
        return (0..0, ListState::default());
    }
    let mut offset = state.offset().min(len - 1);
    if let Some(selected) = state.selected().map(|s| s.min(len - 1)) {
        if selected >= offset + height {
            offset = selected + 1 - height;
        } else if selected < offset {
            offset = selected;
        }
    }
    // Still showing the selected row (it is before `len`), with no empty lines below.
    offset = offset.min(len.saturating_sub(height));
    *state.offset_mut() = offset;
    let range = offset..(offset + height).min(len);
    let local = ListState::default().with_selected(
        state
            .selected()
            .filter(|s| range.contains(s))
            .map(|s| s - offset),
    );
    (range, local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::{List, ListItem};

    /// Where ratatui's own `List` scrolls to for the same state (which may leave empty lines
    /// below a list scrolled past its end).
    fn ratatui_offset(state: &ListState, len: usize, height: u16) -> usize {
        let mut state = *state;
        let mut terminal =
            Terminal::new(TestBackend::new(10, height.max(1))).unwrap_or_else(|e| panic!("{e}"));
        let items: Vec<ListItem> = (0..len).map(|i| ListItem::new(i.to_string())).collect();
        terminal
            .draw(|f| {
                let mut area = f.area();
                area.height = height;
                f.render_stateful_widget(List::new(items), area, &mut state);
            })
            .unwrap_or_else(|e| panic!("{e}"));
        state.offset()
    }

    #[test]
    fn scrolls_as_ratatui_does_without_running_past_the_end() {
        for len in [1, 2, 5, 30] {
            for height in [1u16, 3, 10, 40] {
                for offset in [0, 1, 4, 29, 50] {
                    for selected in [None, Some(0), Some(2), Some(9), Some(29)] {
                        let state = ListState::default()
                            .with_offset(offset)
                            .with_selected(selected.filter(|s| *s < len));
                        let expected = ratatui_offset(&state, len, height)
                            .min(len.saturating_sub(usize::from(height)));
                        let mut ours = state;
                        let (range, local) = visible(&mut ours, len, usize::from(height));
                        let case =
                            format!("len {len} height {height} offset {offset} {selected:?}");
                        assert_eq!(ours.offset(), expected, "{case}");
                        assert_eq!(range.start, expected, "{case}");
                        assert_eq!(range.len(), usize::from(height).min(len), "{case}");
                        if let Some(s) = ours.selected() {
                            assert!(range.contains(&s), "{case}");
                            assert_eq!(local.selected(), Some(s - range.start), "{case}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn nothing_shows_in_no_room() {
        let mut state = ListState::default().with_selected(Some(3));
        assert_eq!(visible(&mut state, 10, 0).0, 0..0);
        assert_eq!(visible(&mut state, 0, 5).0, 0..0);
    }
}
