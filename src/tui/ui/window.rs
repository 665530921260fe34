//! The part of a long list that is on screen. Building a `ListItem` for every row of a day
//! with ten thousand sessions costs more than the rest of a frame, so the lists build only the
//! rows that show, scrolled as ratatui's `List` scrolls them — except that a list that got
//! shorter (another day, a narrower filter) is never left scrolled past its end, with empty
//! lines below its last row and rows hidden above. Rows may take more than one line (the
//! Timeslots pane wraps titles where it is narrow); only the rows near the view are measured.

use std::ops::Range;

use ratatui::widgets::ListState;

/// The rows of a `len`-row list whose row `i` takes `lines(i)` lines that show in `height`
/// lines under `state` — rows of one line or more (titles wrapped over two). The selected row
/// shows whole with the least scrolling; the list is never scrolled past its end (its last
/// rows fill the view when it is long enough). The range may end with a row only partly in
/// view. Updates `state`'s offset; returns the range and the state to render it with.
pub fn visible_lines(
    state: &mut ListState,
    len: usize,
    height: usize,
    lines: impl Fn(usize) -> usize,
) -> (Range<usize>, ListState) {
    if len == 0 || height == 0 {
        return (0..0, ListState::default());
    }
    let lines = |i: usize| lines(i).max(1);
    let mut offset = state.offset().min(len - 1);
    let selected = state.selected().map(|s| s.min(len - 1));
    if let Some(sel) = selected {
        // The first row from which the selected one still shows whole.
        let (mut first, mut used) = (sel, lines(sel));
        while first > 0 && used + lines(first - 1) <= height {
            first -= 1;
            used += lines(first);
        }
        offset = offset.clamp(first, sel);
    }
    // Not past the end: the first row from which every row to the end fits.
    let (mut tail, mut used) = (len - 1, lines(len - 1));
    while tail > 0 && used + lines(tail - 1) <= height {
        tail -= 1;
        used += lines(tail);
    }
    offset = offset.min(tail);
    *state.offset_mut() = offset;
    let (mut end, mut used) = (offset, 0);
    while end < len && used < height {
        used += lines(end);
        end += 1;
    }
    let range = offset..end;
    let local = ListState::default()
        .with_selected(selected.filter(|s| range.contains(s)).map(|s| s - offset));
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
                        let (range, local) =
                            visible_lines(&mut ours, len, usize::from(height), |_| 1);
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
        assert_eq!(visible_lines(&mut state, 10, 0, |_| 1).0, 0..0);
        assert_eq!(visible_lines(&mut state, 0, 5, |_| 2).0, 0..0);
    }

    /// Rows 0..len where every third row takes two lines.
    fn lines(i: usize) -> usize {
        if i % 3 == 1 { 2 } else { 1 }
    }

    fn total(range: &Range<usize>) -> usize {
        range.clone().map(lines).sum()
    }

    #[test]
    fn the_selected_row_shows_whole_and_the_view_is_full() {
        for len in [1, 2, 5, 30] {
            for height in [1, 2, 3, 10] {
                for offset in [0, 1, 4, 29, 50] {
                    for selected in [None, Some(0), Some(1), Some(9), Some(29)] {
                        let selected = selected.filter(|s| *s < len);
                        let mut state = ListState::default()
                            .with_offset(offset)
                            .with_selected(selected);
                        let (range, local) = visible_lines(&mut state, len, height, lines);
                        let case =
                            format!("len {len} height {height} offset {offset} {selected:?}");
                        assert_eq!(state.offset(), range.start, "{case}");
                        if let Some(s) = selected {
                            assert!(range.contains(&s), "{case}: {range:?}");
                            assert_eq!(local.selected(), Some(s - range.start), "{case}");
                            // Whole, unless it alone is taller than the view.
                            let upto = range.start..s + 1;
                            assert!(total(&upto) <= height.max(lines(s)), "{case}: {range:?}");
                        }
                        // Full: the range reaches the end or fills the height.
                        assert!(
                            range.end == len || total(&range) >= height,
                            "{case}: {range:?}"
                        );
                        // Not scrolled past the end: one row more above would not fit.
                        if range.start > 0 && range.end == len {
                            let more = range.start - 1..len;
                            assert!(total(&more) > height, "{case}: {range:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn moving_down_scrolls_by_whole_rows_only_when_needed() {
        let mut state = ListState::default().with_selected(Some(0));
        let (first, _) = visible_lines(&mut state, 30, 6, lines);
        // 0 (1) + 1 (2) + 2 (1) + 3 (1) + 4 (2) = 7 lines: row 4 partly in view.
        assert_eq!(first, 0..5);
        state.select(Some(3));
        assert_eq!(visible_lines(&mut state, 30, 6, lines).0.start, 0);
        state.select(Some(4));
        // Row 4 needs its two lines: the view moves down one row (row 0, one line), then
        // shows rows 1..=4 (2 + 1 + 1 + 2 = 6 lines).
        assert_eq!(visible_lines(&mut state, 30, 6, lines).0, 1..5);
        state.select(Some(5));
        // Rows 2..=5 take 5 lines; row 6 fills the sixth.
        assert_eq!(visible_lines(&mut state, 30, 6, lines).0, 2..7);
    }
}
