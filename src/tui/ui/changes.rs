//! The Changes view (`C`): what the last update of the program changed, the attendee's own
//! sessions first (moved from → to, retitled, cancelled — with their stars and notes kept).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, HighlightSpacing, List, ListItem};

use super::text::fit;
use super::{MARK, Theme, pane_block, row_style};
use crate::tui::app::App;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    let w = area.width.min(110);
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        width: w,
        ..area
    };
    frame.render_widget(Clear, popup);
    let inner_w = usize::from(w.saturating_sub(6));
    let selected = app.changes_list.selected();
    let items: Vec<ListItem> = app
        .changes
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let style = if line.mine {
                theme.star()
            } else {
                theme.text()
            };
            ListItem::new(Line::styled(fit(&line.text, inner_w), style)).style(row_style(
                selected == Some(i),
                true,
                theme,
            ))
        })
        .collect();
    let list = List::new(items)
        .block(pane_block(
            "What changed — Enter goes to it, Esc closes",
            true,
            theme,
        ))
        .highlight_symbol(MARK)
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(list, popup, &mut app.changes_list);
}
