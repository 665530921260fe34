//! Helpers shared by the grid tests (tests/tui_grid.rs, tests/tui_grid_rooms.rs): small
//! schedules written on the fly, the real fixtures, and drawing a grid into a test terminal.
#![allow(dead_code)]

use chrono::{FixedOffset, NaiveDate};
use hallway::schedule::Schedule;
use hallway::tui::grid::{Grid, GridState};
use hallway::tui::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// A schedule on 2025-03-01 (+01:00) from `(title, room, start, end)`; times as `HH:MM`, room
/// `""` for none. Ids are derived from titles; every session has one speaker, "Speaker of
/// <title>".
pub fn schedule(sessions: &[(&str, &str, &str, Option<&str>)]) -> Schedule {
    let time = |t: &str| format!("\"2025-03-01T{t}:00+01:00\"");
    let items: Vec<String> = sessions
        .iter()
        .map(|(title, room, start, end)| {
            let room = if room.is_empty() {
                "null".to_owned()
            } else {
                format!("\"{room}\"")
            };
            format!(
                r#"{{ "title": "{title}", "room": {room}, "start": {}, "end": {},
                     "speakers": [{{ "name": "Speaker of {title}", "affiliation": null, "role": null }}] }}"#,
                time(start),
                end.map_or("null".to_owned(), time)
            )
        })
        .collect();
    let json = crate::common::schedule_json(&items.iter().map(String::as_str).collect::<Vec<_>>());
    hallway::schedule::load::from_str(&json, "grid.json")
        .unwrap_or_else(|e| panic!("{:?}", e.lines()))
}

pub fn offset(s: &Schedule) -> FixedOffset {
    s.conference.utc_offset
}

pub fn position(s: &Schedule, title: &str) -> usize {
    s.sessions()
        .iter()
        .position(|x| x.title == title)
        .unwrap_or_else(|| panic!("no session titled {title:?}"))
}

pub fn selected_title<'a>(s: &'a Schedule, grid: &Grid, state: &GridState) -> Option<&'a str> {
    state.selected(grid).map(|p| s.sessions()[p].title.as_str())
}

/// Draws the grid filling a `w`×`h` terminal.
pub fn draw(
    grid: &Grid,
    state: &mut GridState,
    starred: &dyn Fn(usize) -> bool,
    (w, h): (u16, u16),
    theme: Theme,
) -> Buffer {
    draw_in(grid, state, starred, (w, h), Rect::new(0, 0, w, h), theme)
}

/// Draws the grid in `area` of a `w`×`h` terminal.
pub fn draw_in(
    grid: &Grid,
    state: &mut GridState,
    starred: &dyn Fn(usize) -> bool,
    (w, h): (u16, u16),
    area: Rect,
    theme: Theme,
) -> Buffer {
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|f| {
            // A clock long before any program: no now mark in these drawings.
            let look = ui::grid::Look {
                starred,
                focused: true,
                now: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            };
            ui::grid::render(grid, state, &look, f, area, theme);
        })
        .unwrap_or_else(|e| panic!("draw: {e}"));
    terminal.backend().buffer().clone()
}

/// The display column where `needle` starts in a line of [`to_text`].
pub fn column_of(line: &str, needle: &str) -> usize {
    let byte = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    unicode_width::UnicodeWidthStr::width(&line[..byte])
}

pub fn no_stars(_: usize) -> bool {
    false
}

pub fn import(rel: &str) -> Option<Schedule> {
    let path = crate::common::shared(rel)?;
    Some(hallway::import::load_path(&path).unwrap_or_else(|e| panic!("{:?}", e.lines())))
}

pub fn ccc() -> Option<Schedule> {
    import("fixtures/33c3-frab-schedule.xml")
}

pub fn tue_27_dec() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 12, 27).unwrap_or_default()
}
