//! The help screen, generated from the keymap so it lists every binding that exists.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::pad;
use super::{Theme, inner, pane_block};
use crate::tui::app::App;
use crate::tui::keymap;

/// The text-editing keys every input field takes (see `LineInput::apply`).
pub const EDITING: &[(&str, &str)] = &[
    ("← → C-b C-f", "move by character"),
    ("C-← C-→ A-b A-f", "move by word"),
    ("Home End C-a C-e", "start / end of the line"),
    ("Backspace Del", "delete a character"),
    ("C-w", "delete the word before"),
    ("C-u C-k", "delete to the start / end"),
];

/// The help text, one line per binding under each context's heading.
pub fn lines(theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (ctx, rows) in keymap::help() {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(ctx.title(), theme.heading()));
        for (keys, what) in rows {
            out.push(Line::from(vec![
                Span::styled(pad(&keys, 18), theme.key()),
                Span::raw(what),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        "Editing the note line or the search box",
        theme.heading(),
    ));
    for (keys, what) in EDITING {
        out.push(Line::from(vec![
            Span::styled(pad(keys, 18), theme.key()),
            Span::raw(*what),
        ]));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        "Mouse: click a pane, a row or a day tab; the wheel scrolls.",
        theme.dim(),
    ));
    out.push(Line::styled(
        "Stars and notes are saved the moment you make them.",
        theme.dim(),
    ));
    out
}

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    let w = area.width.min(64);
    let h = area.height;
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(pane_block("Help — Esc closes", true, theme), popup);
    let body = inner(popup);
    let text = lines(theme);
    let max = u16::try_from(text.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(body.height);
    app.help_scroll = app.help_scroll.min(max);
    frame.render_widget(Paragraph::new(text).scroll((app.help_scroll, 0)), body);
}
