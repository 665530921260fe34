//! The header: conference, venue and the clock; then the day tabs with their counts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{fit, width};
use crate::timefmt;
use crate::tui::app::App;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    if area.height < 2 {
        return;
    }
    let conf = &app.schedule.conference;
    let zone = app.zone();
    let whose = if app.local_time {
        "your time"
    } else {
        "conference time"
    };
    let clock = format!("{} ({whose})", timefmt::now_in(&zone, app.now));
    let place: Vec<&str> = [conf.venue.as_deref(), conf.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut left = conf.name.clone();
    if !place.is_empty() {
        left = format!("{left} · {}", place.join(", "));
    }
    let w = usize::from(area.width);
    let clock_w = width(&clock);
    let line = if clock_w + 2 < w {
        let left = fit(&left, w.saturating_sub(clock_w + 2));
        let gap = w.saturating_sub(width(&left) + clock_w);
        Line::from(vec![
            Span::styled(left, theme.title()),
            Span::raw(" ".repeat(gap)),
            Span::styled(clock, theme.accent()),
        ])
    } else {
        Line::styled(fit(&left, w), theme.title())
    };
    frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });

    let mut spans = Vec::new();
    let mut x = area.x;
    let end = area.x + area.width;
    for (i, tab) in app.days.iter().enumerate() {
        let label = format!(" {} {} ", tab.label(), tab.count(&app.schedule));
        let sep = if i == 0 { "" } else { "│" };
        let lw = u16::try_from(width(&label) + width(sep)).unwrap_or(u16::MAX);
        if x.saturating_add(lw) > end {
            spans.push(Span::styled("…", theme.dim()));
            break;
        }
        spans.push(Span::styled(sep, theme.dim()));
        let style = if i == app.day {
            theme.tab_active()
        } else {
            theme.text()
        };
        let tab_rect = Rect {
            x: x + u16::try_from(width(sep)).unwrap_or(0),
            y: area.y + 1,
            width: lw.saturating_sub(u16::try_from(width(sep)).unwrap_or(0)),
            height: 1,
        };
        app.areas.tabs.push((tab_rect, i));
        spans.push(Span::styled(label, style));
        x += lw;
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
    );
}
