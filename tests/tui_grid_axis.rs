//! The grid's time axis on a real program (36C3, from ../shared/fixtures): linear in the model
//! (every row the same step; a session's row says when it starts) and in what the user sees
//! (gutter labels evenly spaced in lines and in time, however the view is scrolled or the
//! cursor placed), at 80×24, 120×40 and 200×60; with render snapshots of day one at each size.

mod common;
mod tui_support;

use chrono::{DateTime, FixedOffset, NaiveTime, TimeDelta};
use hallway::import::{self, ImportOptions};
use hallway::schedule::Schedule;
use hallway::tui::app::App;
use hallway::tui::grid::Grid;
use tui_support::{app_on, keys, screen};

fn program_36c3() -> Option<Schedule> {
    let path = common::shared("fixtures/36c3-everything-merged-schedule-LARGE.json")?;
    Some(
        import::import_path(&path, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .schedule,
    )
}

/// The day before the congress: no now mark anywhere, the app opens on All days.
fn before_congress() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2019-12-26T12:00:00+01:00").unwrap_or_else(|e| panic!("{e}"))
}

/// The grid of 36C3 day one (Fri 27 Dec) at `size`.
fn day_one(size: (u16, u16)) -> Option<(tempfile::TempDir, App)> {
    let (dir, mut a) = app_on(program_36c3()?, before_congress(), size);
    keys(&mut a, "]t");
    assert!(a.grid.is_some(), "t shows the grid");
    Some((dir, a))
}

fn grid(a: &App) -> &Grid {
    &a.grid.as_ref().unwrap_or_else(|| panic!("no grid")).grid
}

/// The gutter labels of the grid pane (the leftmost pane) as (screen line, time).
fn gutter_labels(text: &str) -> Vec<(usize, NaiveTime)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let inside = line.split_once('┃')?.1;
            let label: String = inside.chars().skip(1).take(5).collect();
            NaiveTime::parse_from_str(&label, "%H:%M")
                .ok()
                .map(|t| (i, t))
        })
        .collect()
}

/// Labels evenly spaced: the same number of lines and the same minutes between each pair,
/// those minutes being the lines times the grid's step.
fn assert_even(labels: &[(usize, NaiveTime)], step: i64, context: &str) {
    assert!(labels.len() >= 3, "too few labels {labels:?}\n{context}");
    let lines = labels[1].0 - labels[0].0;
    for pair in labels.windows(2) {
        let ((l0, t0), (l1, t1)) = (pair[0], pair[1]);
        assert_eq!(l1 - l0, lines, "uneven lines at {t0}–{t1}\n{context}");
        // Past midnight (a congress night) the clock starts again.
        let minutes = (t1 - t0).num_minutes().rem_euclid(24 * 60);
        let lines_i64 = i64::try_from(l1 - l0).unwrap_or(i64::MAX);
        assert_eq!(
            minutes,
            lines_i64 * step,
            "{t0}→{t1} in {lines} lines\n{context}"
        );
    }
}

#[test]
fn every_row_is_one_step_and_sessions_sit_at_their_start() {
    let Some((_d, a)) = day_one((120, 40)) else {
        return;
    };
    let g = grid(&a);
    let step = TimeDelta::minutes(g.step_minutes());
    assert!(g.rows() > 100, "a congress day in {} rows", g.rows());
    for row in 0..g.rows() {
        let (Some(t0), Some(t1)) = (g.row_time(row), g.row_time(row + 1)) else {
            panic!("row {row} has no time");
        };
        assert_eq!(t1 - t0, step, "row {row}");
    }
    // Each session is in the row holding its start: row distance between two sessions is
    // their start difference over the step.
    let sessions = a.schedule.sessions();
    assert!(g.blocks().len() > 200);
    for b in g.blocks() {
        let start = sessions[b.position]
            .start
            .unwrap_or_else(|| panic!("untimed on the grid"));
        let (Some(from), Some(to)) = (g.row_time(b.start_row), g.row_time(b.start_row + 1)) else {
            panic!("row {} has no time", b.start_row);
        };
        assert!(from <= start && start < to, "{} at {start}", b.title);
    }
}

#[test]
fn gutter_labels_are_evenly_spaced_however_the_view_scrolls() {
    for size in [(80, 24), (120, 40), (200, 60)] {
        let Some((_d, mut a)) = day_one(size) else {
            return;
        };
        let step = grid(&a).step_minutes();
        // Down by session, a page, into other rooms, to the end of a column: the view scrolls
        // to rows that are not quarter hours and puts the cursor between labels.
        for moves in [
            "",
            "j",
            "jjjj",
            "<PageDown>",
            "lllj",
            "hhjjjjjjj",
            "G",
            "<PageUp>k",
        ] {
            keys(&mut a, moves);
            let text = screen(&mut a);
            let labels = gutter_labels(&text);
            assert_even(&labels, step, &format!("{size:?} after {moves:?}\n{text}"));
            // Each label is the time of its row: the first label's distance from the top row
            // shown is its time's distance from that row's.
            let state = a.grid.as_ref().map(|v| v.state).unwrap_or_default();
            let header_lines = text
                .lines()
                .position(|l| l.contains("Timetable"))
                .unwrap_or_else(|| panic!("no grid pane\n{text}"))
                + 2;
            let (line, t) = labels[0];
            let row = state.scroll_row + (line - header_lines);
            let expected = grid(&a)
                .row_time(row)
                .map(|r| r.time().format("%H:%M").to_string());
            assert_eq!(
                expected,
                Some(t.format("%H:%M").to_string()),
                "{size:?}\n{text}"
            );
        }
    }
}

#[test]
fn labels_fall_on_round_times_at_every_step() {
    let Some((_d, a)) = day_one((120, 40)) else {
        return;
    };
    let g = grid(&a);
    assert_eq!(g.step_minutes(), 5, "36C3 day one starts at 5-minute steps");
    // Every third row, on the quarter hours.
    assert_eq!(g.labels().0, 3);
    let labelled: Vec<String> = (0..g.rows())
        .filter(|&r| g.is_labelled(r))
        .filter_map(|r| g.row_time(r))
        .map(|t| t.format("%M").to_string())
        .collect();
    assert!(labelled.len() > 30);
    assert!(
        labelled
            .iter()
            .all(|m| ["00", "15", "30", "45"].contains(&m.as_str())),
        "{labelled:?}"
    );
}

#[test]
fn day_one_at_three_sizes() {
    for size in [(80, 24), (120, 40), (200, 60)] {
        let Some((_d, mut a)) = day_one(size) else {
            return;
        };
        let text = screen(&mut a);
        insta::assert_snapshot!(format!("grid_36c3_day_one_{}x{}", size.0, size.1), text);
        // The program's first rooms, as its file lists them: Ada, Borg, Clarke.
        keys(&mut a, &"h".repeat(80));
        let text = screen(&mut a);
        let header = text
            .lines()
            .nth(3)
            .unwrap_or_else(|| panic!("no header\n{text}"));
        assert!(header.contains("Ada"), "{header}");
        insta::assert_snapshot!(format!("grid_36c3_day_one_ada_{}x{}", size.0, size.1), text);
    }
}
