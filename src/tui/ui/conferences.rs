//! The conference switcher overlay: every conference hallway can open, the current one marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, HighlightSpacing, List, ListItem};

use super::text::fit;
use super::{MARK, Theme, pane_block, row_style};
use crate::tui::app::App;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    let w = area.width.min(90);
    let h = area.height.min(
        u16::try_from(app.conferences.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2),
    );
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, popup);
    let inner_w = usize::from(w.saturating_sub(6));
    let current = app.conference_id().to_owned();
    let selected = app.conferences_list.selected();
    let items: Vec<ListItem> = app
        .conferences
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let dates = if e.start == e.end {
                e.start.to_string()
            } else {
                format!("{} – {}", e.start, e.end)
            };
            let mark = if e.name == current { "● " } else { "  " };
            let about = format!("  {dates} · {} sessions · {}", e.sessions, e.name);
            let title_w = inner_w
                .saturating_sub(2 + about.chars().count())
                .max(inner_w / 3);
            let line = Line::from(vec![
                Span::styled(mark, theme.accent()),
                Span::styled(fit(&e.title, title_w), theme.title()),
                Span::styled(
                    fit(&about, inner_w.saturating_sub(2 + title_w)),
                    theme.dim(),
                ),
            ]);
            ListItem::new(line).style(row_style(selected == Some(i), true, theme))
        })
        .collect();
    let list = List::new(items)
        .block(pane_block("Conferences — Enter opens", true, theme))
        .highlight_symbol(MARK)
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(list, popup, &mut app.conferences_list);
}
