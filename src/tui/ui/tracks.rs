//! The Tracks pane: a tab row (Tracks │ Rooms │ Speakers, switched with `b`) over the current
//! section's entries — All, Now & Next, Starred, each track and kind; or each room; or each
//! speaker with their affiliation — with counts under the current day.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, HighlightSpacing, List, ListItem};

use super::text::{fit, width};
use super::{MARK, Theme, inner, row_style};
use crate::tui::app::{App, Pane};
use crate::tui::view::{Section, TrackEntry, TrackFilter};

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
            ListItem::new(entry_line(e, inner_w, theme)).style(row_style(
                selected == Some(i),
                focused,
                theme,
            ))
        })
        .collect();
    let title_w = usize::from(area.width).saturating_sub(4);
    let list = List::new(items)
        .block(block(
            tab_row(app.section, title_w, focused, theme),
            focused,
            theme,
        ))
        .highlight_symbol(MARK)
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(list, area, &mut app.tracks_list);
}

/// One entry: its label (and a speaker's affiliation, dimmed) left, its count right.
fn entry_line(e: &TrackEntry, inner_w: usize, theme: Theme) -> Line<'static> {
    let count = e.count.to_string();
    let mut label = e.filter.label();
    if let Some(note) = &e.note {
        label = format!("{label} · {note}");
    }
    if inner_w <= width(&count) + 1 {
        return Line::from(fit(&label, inner_w));
    }
    let label = fit(&label, inner_w.saturating_sub(width(&count) + 1));
    let gap = inner_w.saturating_sub(width(&label) + width(&count));
    let label_style = match e.filter {
        TrackFilter::Starred => theme.star(),
        _ if e.count == 0 => theme.dim(),
        _ => theme.text(),
    };
    Line::from(vec![
        Span::styled(label, label_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(count, theme.dim()),
    ])
}

/// The pane's title: every section with the current one marked (`▸Rooms`) when they fit in
/// `w` cells, else the current one alone with the key that switches (`Rooms (b)`).
fn tab_row(current: Section, w: usize, focused: bool, theme: Theme) -> Line<'static> {
    let base = if focused {
        theme.border_focused()
    } else {
        theme.dim()
    };
    let mut spans = vec![Span::styled(" ", base)];
    for (n, s) in Section::ALL.into_iter().enumerate() {
        if n > 0 {
            spans.push(Span::styled(" │ ", base));
        }
        if s == current {
            spans.push(Span::styled(format!("▸{}", s.label()), theme.tab_active()));
        } else {
            spans.push(Span::styled(s.label(), base));
        }
    }
    spans.push(Span::styled(" ", base));
    let cells: usize = spans.iter().map(|s| width(&s.content)).sum();
    if cells <= w {
        return Line::from(spans);
    }
    let short = format!(" {} (b) ", current.label());
    Line::from(Span::styled(fit(&short, w), base))
}

/// The pane's border, as the other panes draw theirs, with `title` on it.
fn block(title: Line<'static>, focused: bool, theme: Theme) -> Block<'static> {
    super::pane_frame(focused, theme).title(title)
}
