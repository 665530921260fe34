//! The Tracks pane: All, Starred, each track and kind, with counts under the current day.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem};

use super::text::{fit, width};
use super::{MARK, Theme, inner, pane_block, row_style};
use crate::tui::app::{App, Pane};
use crate::tui::view::TrackFilter;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    app.areas.tracks = Some(area);
    let focused = app.focus == Pane::Tracks;
    let inner_w = usize::from(inner(area).width).saturating_sub(2);
    let selected = app.tracks_list.selected();
    let items: Vec<ListItem> = app
        .tracks
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let count = e.count.to_string();
            let label_w = inner_w.saturating_sub(width(&count) + 1);
            let label = fit(&e.filter.label(), label_w);
            let gap = inner_w.saturating_sub(width(&label) + width(&count));
            let label_style = match e.filter {
                TrackFilter::Starred => theme.star(),
                _ if e.count == 0 => theme.dim(),
                _ => theme.text(),
            };
            let line = if inner_w > width(&count) + 1 {
                Line::from(vec![
                    Span::styled(label, label_style),
                    Span::raw(" ".repeat(gap)),
                    Span::styled(count, theme.dim()),
                ])
            } else {
                Line::from(fit(&e.filter.label(), inner_w))
            };
            ListItem::new(line).style(row_style(selected == Some(i), focused, theme))
        })
        .collect();
    let list = List::new(items)
        .block(pane_block("Tracks", focused, theme))
        .highlight_symbol(MARK)
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(list, area, &mut app.tracks_list);
}
