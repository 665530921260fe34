//! The talk picker: of `N` (when several talks are on), each talk's time, room and title,
//! starred ones marked and listed first; of `m` (where to move notes), every other talk with
//! its day too, those in progress and starred first. A filter box above the list when there
//! are many.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, HighlightSpacing, List, ListItem, Paragraph};

use super::text::{fit, pad, width};
use super::{MARK, Theme, inner, pane_block, row_style};
use crate::timefmt;
use crate::tui::app::{App, PICK_FILTER_FROM};

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    let moving = app.pick.moving.as_ref();
    let filtering =
        app.pick.offered.len() > PICK_FILTER_FROM || !app.pick.input.is_empty() || moving.is_some();
    let rows = u16::try_from(app.pick.shown.len().max(1)).unwrap_or(u16::MAX);
    let w = area.width.min(100);
    let h = area
        .height
        .min(rows.saturating_add(2 + u16::from(filtering)));
    let popup = Rect {
        x: area.x + area.width.saturating_sub(w) / 2,
        y: area.y,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, popup);
    let title = match moving {
        Some(from) => {
            let (first, last) = (*from.numbers.start(), *from.numbers.end());
            let notes = if first == last {
                format!("note {first}")
            } else {
                format!("notes {first}–{last}")
            };
            format!("Move {notes} to which talk? — Enter moves, Esc cancels")
        }
        None => format!(
            "Which talk? {} on — Enter writes on it",
            app.pick.offered.len()
        ),
    };
    frame.render_widget(pane_block(&title, true, theme), popup);
    let mut body = inner(popup);
    if body.width == 0 || body.height == 0 {
        return;
    }
    if filtering {
        let label = "filter: ";
        let field_w = usize::from(body.width).saturating_sub(width(label));
        let (visible, cursor) = app.pick.input.visible(field_w);
        let line = Line::from(vec![Span::styled(label, theme.key()), Span::raw(visible)]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..body });
        let cx = body.x + u16::try_from(width(label) + cursor).unwrap_or(u16::MAX);
        if cx < body.x + body.width {
            frame.set_cursor_position(Position { x: cx, y: body.y });
        }
        body.y += 1;
        body.height = body.height.saturating_sub(1);
    }
    let zone = app.zone();
    let conf = app.conference_id().to_owned();
    let inner_w = usize::from(body.width).saturating_sub(width(MARK));
    let selected = app.pick.list.selected();
    // Moving, the talks span every day: each says its day, as list rows do, in columns as
    // wide as the widest offered (so they hold still while filtering), rooms cut at 12.
    let columns = moving.map(|_| {
        let sessions = app.schedule.sessions();
        let widest = |f: &dyn Fn(usize) -> usize| app.pick.offered.iter().map(|&p| f(p)).max();
        let time = widest(&|p| width(&timefmt::session_when(&zone, &sessions[p]).short()));
        let room = widest(&|p| width(sessions[p].room.as_deref().unwrap_or("—")));
        (time.unwrap_or(1), room.unwrap_or(1).min(12))
    });
    let items: Vec<ListItem> = if app.pick.shown.is_empty() {
        vec![ListItem::new(Line::styled(
            fit("No talk matches the filter", inner_w),
            theme.dim(),
        ))]
    } else {
        app.pick
            .shown
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let s = &app.schedule.sessions()[p];
                let star = if app.store.is_starred(&conf, &s.id) {
                    "★ "
                } else {
                    "  "
                };
                let (time, room_w) = match columns {
                    Some((time_w, room_w)) => (
                        pad(&timefmt::session_when(&zone, s).short(), time_w),
                        room_w,
                    ),
                    None => (timefmt::range_in(&zone, s).unwrap_or_default(), 18),
                };
                let room = s.room.as_deref().unwrap_or("—");
                let room = pad(room, room_w);
                let head = format!("{time}  {room}  ");
                let title_w = inner_w.saturating_sub(width(star) + width(&head));
                let line = Line::from(vec![
                    Span::styled(star, theme.star()),
                    Span::styled(head, theme.dim()),
                    Span::styled(fit(&s.title, title_w), theme.title()),
                ]);
                ListItem::new(line).style(row_style(selected == Some(i), true, theme))
            })
            .collect()
    };
    let list = List::new(items)
        .highlight_symbol(MARK)
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(list, body, &mut app.pick.list);
}
