//! The Session pane: everything about the selected session, then its numbered notes, and the
//! note line when one is being typed. Wrapped, scrollable; the selected note and the note line
//! are always scrolled into view.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{drawable, drawable_line, fit, width};
use super::{Theme, inner, pane_block};
use crate::schedule::LinkKind;
use crate::timefmt;
use crate::tui::app::{App, Mode, Pane};
use crate::tui::view;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    app.areas.detail = Some(area);
    let focused = app.focus == Pane::Detail;
    frame.render_widget(pane_block("Session", focused, theme), area);
    let mut body = inner(area);
    if body.width == 0 || body.height == 0 {
        return;
    }
    let Some(s) = app.selected() else {
        let msg = fit("No session selected", usize::from(body.width));
        frame.render_widget(Paragraph::new(Line::styled(msg, theme.dim())), body);
        return;
    };
    let conf = &app.schedule.conference;
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled(s.title.clone(), theme.title()));
    for sp in &s.speakers {
        let mut spans = vec![Span::raw(sp.name.clone())];
        if let Some(a) = &sp.affiliation {
            spans.push(Span::styled(format!(" — {a}"), theme.dim()));
        }
        if let Some(r) = &sp.role {
            spans.push(Span::styled(format!(" ({r})"), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        timefmt::when_in(&app.zone(), s),
        theme.accent(),
    ));
    let clashing = app.selected_index().and_then(|p| app.clashes.get(&p));
    for other in clashing.into_iter().flatten() {
        if let Some(o) = app.schedule.sessions().get(*other) {
            lines.push(Line::styled(
                format!("⚠ clashes with: {}", o.title),
                theme.error(),
            ));
        }
    }
    lines.push(match &s.room {
        Some(r) => Line::raw(format!("Room: {r}")),
        None => Line::styled("Room not published", theme.dim()),
    });
    let facts: Vec<&str> = [s.kind.as_deref(), s.track.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !facts.is_empty() {
        lines.push(Line::raw(facts.join(" · ")));
    }
    if let Some(summary) = s.summary_text() {
        let summary: &str = &summary;
        lines.push(Line::raw(""));
        let shown = view::fold(summary, view::FOLD_SUMMARY_AT);
        lines.extend(
            shown
                .unwrap_or(summary)
                .lines()
                .map(|l| Line::raw(l.to_owned())),
        );
        if shown.is_some() {
            lines.push(Line::styled(
                format!(
                    "… summary folded ({}): hallway show {} prints it all",
                    crate::fetch::size(summary.len() as u64),
                    s.id
                ),
                theme.dim(),
            ));
        }
    }
    if !s.links.is_empty() {
        lines.push(Line::raw(""));
        for l in &s.links {
            let (key, label) = match l.kind {
                LinkKind::Session => ("o ", "session page "),
                LinkKind::Video => ("v ", "video "),
                LinkKind::Slides => ("  ", "slides "),
                LinkKind::Other => ("  ", "page "),
            };
            lines.push(Line::from(vec![
                Span::styled(key, theme.key()),
                Span::styled(label, theme.dim()),
                Span::styled(l.url.clone(), theme.accent()),
            ]));
        }
    }
    let notes = app.store.notes(&conf.id, &s.id);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match notes.len() {
            0 => "Notes — n writes the first".to_owned(),
            n => format!("Notes ({n})"),
        },
        theme.heading(),
    ));
    // Each note's lines (a long note wraps, its lines indented under its text).
    let mut note_lines: Vec<std::ops::Range<usize>> = Vec::with_capacity(notes.len());
    for (i, n) in notes.iter().enumerate() {
        let chosen = app.note == Some(i) && app.mode == Mode::Browse;
        let style = if focused && (chosen || app.is_marked(i)) {
            theme.selected()
        } else {
            theme.text()
        };
        let editing = app.mode == Mode::NoteInput && app.editing == Some(n.id);
        let folded = view::fold(&n.text, view::FOLD_AT);
        let text = if editing {
            "(editing below)".to_owned()
        } else {
            folded.unwrap_or(&n.text).replace('\n', " ⏎ ")
        };
        let mut spans = vec![Span::raw(text)];
        if folded.is_some() && !editing {
            spans.push(Span::styled(
                format!(
                    " … folded ({}): E reads it all",
                    crate::fetch::size(n.text.len() as u64)
                ),
                theme.dim(),
            ));
        }
        let minute = app
            .selected_index()
            .and_then(|p| crate::agenda::minute_in_talk(&app.schedule, p, n.written));
        if let Some(m) = minute {
            spans.push(Span::styled(format!("  +{m}m"), theme.dim()));
        }
        let label = Span::styled(format!("{}. ", i + 1), theme.dim());
        let first = lines.len();
        lines.extend(
            hanging(label, &spans, usize::from(body.width))
                .into_iter()
                .map(|l| l.style(style)),
        );
        note_lines.push(first..lines.len());
    }

    let typing = app.mode == Mode::NoteInput && focused;
    let target = if typing {
        app.note_target_line().map(|t| drawable(&t).into_owned())
    } else {
        None
    };
    // The talk a quick note goes to is named in full: as many lines as it wraps to, leaving at
    // least the note line itself.
    let target_rows = target.as_ref().map_or(0, |t| {
        let rows = Paragraph::new(t.as_str())
            .wrap(Wrap { trim: false })
            .line_count(body.width);
        u16::try_from(rows)
            .unwrap_or(u16::MAX)
            .min(body.height.saturating_sub(1))
    });
    // The note being typed wraps inside the pane (its lines under its text, like a saved note),
    // taking at most half the pane; past that it scrolls to keep the cursor in view.
    let label = format!("{}. ", app.note_number());
    let field_w = usize::from(body.width).saturating_sub(width(&label)).max(1);
    let (input_rows, cursor_row, cursor_col) = app.input.wrapped(field_w);
    let input_h = if typing {
        let room = body.height.saturating_sub(target_rows).max(1);
        u16::try_from(input_rows.len())
            .unwrap_or(u16::MAX)
            .clamp(1, (room / 2).max(1))
    } else {
        0
    };
    body.height = body.height.saturating_sub(input_h + target_rows);
    let w = body.width;
    let lines: Vec<Line> = lines.into_iter().map(drawable_line).collect();
    // Each line's wrapped height, counted once; sums of them place the selected note.
    let heights: Vec<usize> = lines
        .iter()
        .map(|l| {
            Paragraph::new(l.clone())
                .wrap(Wrap { trim: false })
                .line_count(w)
        })
        .collect();
    let rows_before = |k: usize| -> usize { heights.iter().take(k).sum() };
    let total = rows_before(heights.len());
    let max_scroll =
        u16::try_from(total.saturating_sub(usize::from(body.height))).unwrap_or(u16::MAX);
    if typing {
        app.detail_scroll = max_scroll;
    } else if let (true, Some(range)) = (focused, app.note.and_then(|i| note_lines.get(i))) {
        let top = u16::try_from(rows_before(range.start)).unwrap_or(u16::MAX);
        let bottom = u16::try_from(rows_before(range.end)).unwrap_or(u16::MAX);
        if top < app.detail_scroll {
            app.detail_scroll = top;
        } else if bottom > app.detail_scroll.saturating_add(body.height) {
            app.detail_scroll = bottom.saturating_sub(body.height);
        }
    }
    app.detail_scroll = app.detail_scroll.min(max_scroll);
    let para = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.detail_scroll, 0));
    frame.render_widget(para, body);

    if typing {
        // Right under the last note, or at the bottom when the text fills the pane.
        let shown = total.saturating_sub(usize::from(app.detail_scroll));
        let below = u16::try_from(shown).unwrap_or(u16::MAX).min(body.height);
        let mut line_area = Rect {
            y: body.y + below,
            ..body
        };
        if let Some(target) = target.filter(|_| target_rows > 0) {
            let about =
                Paragraph::new(Line::styled(target, theme.accent())).wrap(Wrap { trim: false });
            frame.render_widget(
                about,
                Rect {
                    height: target_rows,
                    ..line_area
                },
            );
            line_area.y += target_rows;
        }
        let shown_rows = usize::from(input_h);
        let first_row = (cursor_row + 1).saturating_sub(shown_rows);
        let indent = " ".repeat(width(&label));
        let input_lines: Vec<Line> = input_rows
            .iter()
            .enumerate()
            .skip(first_row)
            .take(shown_rows)
            .map(|(k, row)| {
                let lead = if k == 0 {
                    label.clone()
                } else {
                    indent.clone()
                };
                Line::from(vec![
                    Span::styled(lead, theme.key()),
                    Span::raw(row.clone()),
                ])
            })
            .collect();
        line_area.height = input_h;
        frame.render_widget(Paragraph::new(input_lines), line_area);
        let cx = line_area.x + u16::try_from(width(&label) + cursor_col).unwrap_or(u16::MAX);
        let cy = line_area.y + u16::try_from(cursor_row - first_row).unwrap_or(u16::MAX);
        if cx < line_area.x + line_area.width && cy < line_area.y + line_area.height {
            frame.set_cursor_position(Position { x: cx, y: cy });
        }
    }
}

/// `label` then `spans`, wrapped to `width` columns at spaces, the lines after the first
/// indented by the label's width so they sit under the text (a hanging indent).
fn hanging(label: Span<'static>, spans: &[Span<'static>], width_cols: usize) -> Vec<Line<'static>> {
    let indent = width(&label.content);
    let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
    let mut bounds = Vec::with_capacity(spans.len());
    let mut at = 0;
    for s in spans {
        bounds.push((at, at + s.content.len(), s.style));
        at += s.content.len();
    }
    let avail = width_cols.saturating_sub(indent).max(1);
    crate::width::wrap(&text, avail)
        .into_iter()
        .enumerate()
        .map(|(k, range)| {
            let end = range.start + text[range.clone()].trim_end_matches(' ').len();
            let mut out = vec![if k == 0 {
                label.clone()
            } else {
                Span::raw(" ".repeat(indent))
            }];
            for &(from, to, style) in &bounds {
                let (a, b) = (from.max(range.start), to.min(end));
                if a < b {
                    out.push(Span::styled(text[a..b].to_owned(), style));
                }
            }
            Line::from(out)
        })
        .collect()
}
