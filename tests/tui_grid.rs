//! The timetable grid: layout rules on hand-written schedules, navigation and rendering on real
//! programs from ../shared/fixtures (33C3: 4 rooms; FOSDEM 2025: dozens), snapshots at 200×50
//! and 80×24, and random moves at random sizes.

mod common;
mod grid_support;

use grid_support::*;

use chrono::FixedOffset;
use hallway::schedule::Schedule;
use hallway::timefmt::Zone;
use hallway::tui::grid::{Block, Column, Grid, GridState};
use hallway::tui::headless::to_text;
use hallway::tui::ui::Theme;
use proptest::prelude::*;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

// ---- helpers: tests/grid_support ----

// ---- layout rules --------------------------------------------------------------------------

#[test]
fn a_90_minute_session_spans_6_rows_at_15_minute_steps() {
    let s = schedule(&[
        ("Long workshop", "A", "10:00", Some("11:30")),
        ("Short talk", "B", "10:15", Some("10:45")),
    ]);
    let grid = Grid::new(&s, None, offset(&s));
    assert_eq!(grid.step_minutes(), 15);
    assert_eq!(grid.rows(), 6);
    let b = grid
        .block_of(position(&s, "Long workshop"))
        .unwrap_or_else(|| panic!("not placed"));
    assert_eq!((b.start_row, b.end_row, b.span()), (0, 6, 6));
    let b = grid
        .block_of(position(&s, "Short talk"))
        .unwrap_or_else(|| panic!("not placed"));
    assert_eq!((b.start_row, b.span()), (1, 2));
    let time = |r| grid.row_time(r).map(hallway::timefmt::clock);
    assert_eq!(time(0).as_deref(), Some("10:00"));
    assert_eq!(time(5).as_deref(), Some("11:15"));
}

#[test]
fn the_step_is_the_gcd_of_the_starts_between_5_and_15_minutes() {
    let step = |starts: &[&str]| {
        let sessions: Vec<_> = starts
            .iter()
            .enumerate()
            .map(|(i, t)| (["s0", "s1", "s2", "s3"][i], "A", *t, None))
            .collect();
        let s = schedule(&sessions);
        Grid::new(&s, None, offset(&s)).step_minutes()
    };
    assert_eq!(step(&["10:00"]), 15, "one start: the default");
    assert_eq!(step(&["10:00", "11:30", "12:45"]), 15);
    assert_eq!(step(&["10:00", "10:10", "10:30"]), 10);
    assert_eq!(step(&["10:00", "10:25", "10:50"]), 5);
    assert_eq!(step(&["10:00", "10:02", "10:04"]), 5, "never under 5");
    assert_eq!(
        step(&["10:00", "10:20", "10:40"]),
        10,
        "20 is not a multiple of 15"
    );
    assert_eq!(step(&["10:00", "11:00", "13:00"]), 15);
}

#[test]
fn a_session_without_an_end_lasts_until_the_next_in_its_room_at_most_an_hour() {
    let s = schedule(&[
        ("Opening", "A", "09:00", None),
        ("Second", "A", "09:30", Some("10:00")),
        ("Open ended", "A", "10:00", None),
        ("Elsewhere", "B", "09:00", None),
        ("Roomless", "", "09:00", None),
    ]);
    let grid = Grid::new(&s, None, offset(&s));
    let span = |t| {
        grid.block_of(position(&s, t))
            .map(Block::span)
            .unwrap_or_default()
    };
    assert_eq!(span("Opening"), 2, "until Second starts at 09:30");
    assert_eq!(span("Open ended"), 4, "nothing follows: 60 minutes");
    assert_eq!(span("Elsewhere"), 4, "alone in its room: 60 minutes");
    assert_eq!(span("Roomless"), 4, "no room: 60 minutes");
    let b = grid
        .block_of(position(&s, "Opening"))
        .unwrap_or_else(|| panic!("not placed"));
    assert_eq!(
        b.time, "09:00–",
        "the derived end is not presented as published"
    );
}

#[test]
fn overlapping_sessions_in_one_room_get_a_lane_each() {
    let s = schedule(&[
        ("First", "A", "10:00", Some("11:00")),
        ("Clash", "A", "10:30", Some("11:00")),
        ("Later", "A", "11:00", Some("11:30")),
    ]);
    let grid = Grid::new(&s, None, offset(&s));
    let labels: Vec<String> = grid.columns().iter().map(Column::label).collect();
    assert_eq!(labels, ["A", "A (2)"]);
    assert_eq!(grid.session_at(0, 2), Some(position(&s, "First")));
    assert_eq!(grid.session_at(1, 2), Some(position(&s, "Clash")));
    assert_eq!(grid.session_at(0, 4), Some(position(&s, "Later")));
}

#[test]
fn times_are_shown_in_the_zone_given() {
    let s = schedule(&[("Talk", "A", "10:00", Some("10:30"))]);
    let utc = FixedOffset::east_opt(0).unwrap_or(offset(&s));
    let grid = Grid::new(&s, None, utc);
    assert_eq!(
        grid.row_time(0).map(hallway::timefmt::clock).as_deref(),
        Some("09:00")
    );
    assert_eq!(grid.blocks()[0].time, "09:00–09:30");
    let new_york = Zone::Named(chrono_tz::America::New_York);
    let grid_ny = Grid::with_zone(&s, None, new_york);
    assert_eq!(grid_ny.zone(), new_york);
    assert_eq!(grid_ny.blocks()[0].time, "04:00–04:30");
    let text = to_text(&draw(
        &grid,
        &mut GridState::default(),
        &no_stars,
        (40, 8),
        Theme::new(true),
    ));
    assert!(text.contains("09:00"), "{text}");
}

#[test]
fn a_day_without_timed_sessions_says_so() {
    let json = common::schedule_json(&[&common::session("untimed", "Untimed", None, None)]);
    let s = hallway::schedule::load::from_str(&json, "x.json")
        .unwrap_or_else(|e| panic!("{:?}", e.lines()));
    let grid = Grid::new(&s, None, offset(&s));
    assert!(grid.is_empty());
    assert_eq!(grid.day(), None);
    let mut state = GridState::default();
    state.move_down(&grid);
    state.move_right(&grid);
    assert_eq!((state.col, state.row, state.selected(&grid)), (0, 0, None));
    let text = to_text(&draw(
        &grid,
        &mut state,
        &no_stars,
        (50, 6),
        Theme::new(true),
    ));
    assert!(text.contains("Timetable"), "{text}");
    assert!(text.contains("No timed sessions on this day"), "{text}");
}

// ---- a real program: 33C3 -------------------------------------------------------------------

#[test]
fn the_first_day_with_timed_sessions_is_the_default() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, None, offset(&s));
    assert_eq!(grid.day(), Some(tue_27_dec()));
    let labels: Vec<String> = grid.columns().iter().map(Column::label).collect();
    // As the file lists them (not alphabetically: Saal G before Saal 6).
    assert_eq!(labels, ["Saal 1", "Saal 2", "Saal G", "Saal 6"]);
    // 11:00 to 01:15 the next morning, in quarter hours.
    assert_eq!(grid.step_minutes(), 15);
    assert_eq!(grid.rows(), 57);
    let day2 = tue_27_dec().succ_opt();
    assert_eq!(Grid::new(&s, day2, offset(&s)).day(), day2);
}

#[test]
fn navigation_moves_by_room_and_by_session() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    let mut st = GridState::default();
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("33C3 Opening Ceremony")
    );
    // Down jumps to the next session in the room.
    st.move_down(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("The Global Assassination Grid")
    );
    assert_eq!(st.row, 2);
    // Down again skips the 15-minute break.
    st.move_down(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("The Fight for Encryption in 2016")
    );
    // Right keeps the time and changes room.
    st.move_right(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("How Do I Crack Satellite and Cable Pay TV?")
    );
    st.move_right(&grid);
    st.move_right(&grid);
    st.move_right(&grid);
    assert_eq!(st.col, 3, "no room beyond the last");
    st.move_left(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("Building a high throughput low-latency PCIe based SDR")
    );
    st.move_up(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("What could possibly go wrong with <insert x86 instruction here>?")
    );
    // Nothing before the first session of Saal G (11:30): up steps onto the empty row above,
    // then on to the previous timeslot (11:00, when the opening starts).
    st.move_up(&grid);
    assert_eq!((st.row, selected_title(&s, &grid, &st)), (1, None));
    st.move_up(&grid);
    assert_eq!((st.row, selected_title(&s, &grid, &st)), (0, None));
    st.move_up(&grid);
    assert_eq!(st.row, 0, "no row above the first");
    st.move_down(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("What could possibly go wrong with <insert x86 instruction here>?")
    );
    st.move_left(&grid);
    st.move_left(&grid);
    st.move_left(&grid);
    st.move_left(&grid);
    assert_eq!(st.col, 0);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("The Global Assassination Grid")
    );
}

#[test]
fn on_an_empty_cell_up_and_down_move_by_timeslot() {
    let s = schedule(&[
        ("Early", "A", "09:00", Some("09:05")),
        ("Late", "A", "10:00", Some("10:30")),
        ("Mid", "B", "09:05", Some("09:50")),
    ]);
    let grid = Grid::new(&s, None, offset(&s));
    assert_eq!(grid.step_minutes(), 5);
    assert_eq!(grid.slot_rows(), [0, 1, 10, 12]);
    let mut st = GridState::default();
    st.move_down(&grid);
    assert_eq!((st.row, selected_title(&s, &grid, &st)), (12, Some("Late")));
    st.move_up(&grid);
    assert_eq!((st.row, selected_title(&s, &grid, &st)), (0, Some("Early")));
    // A room move lands on the session there nearest in time, never on nothing.
    st.move_right(&grid);
    assert_eq!(
        (st.col, st.row, selected_title(&s, &grid, &st)),
        (1, 1, Some("Mid"))
    );
    st.move_down(&grid);
    assert_eq!(
        (st.row, selected_title(&s, &grid, &st)),
        (10, None),
        "just after Mid"
    );
    st.move_down(&grid);
    assert_eq!(
        (st.row, selected_title(&s, &grid, &st)),
        (12, None),
        "when Late starts"
    );
    st.move_down(&grid);
    assert_eq!(st.row, 13, "no timeslot left: one row");
    st.move_up(&grid);
    st.move_up(&grid);
    assert_eq!((st.row, selected_title(&s, &grid, &st)), (10, None));
    st.move_up(&grid);
    assert_eq!((st.row, selected_title(&s, &grid, &st)), (1, Some("Mid")));
}

#[test]
fn home_end_and_pages() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    let mut st = GridState::default();
    st.end(&grid);
    assert_eq!(selected_title(&s, &grid, &st), Some("Nicht öffentlich."));
    st.home(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("33C3 Opening Ceremony")
    );
    st.move_right(&grid);
    st.home(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("Reverse engineering Outernet")
    );
    st.end(&grid);
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("You can -j REJECT but you can not hide: Global scanning of the IPv6 Internet")
    );
    // Pages follow the rows last drawn.
    let mut st = GridState::default();
    draw(&grid, &mut st, &no_stars, (80, 24), Theme::new(true));
    let page = st.visible.1;
    assert_eq!(page, 24 - 2 - 1, "borders and the header row");
    st.page_down(&grid);
    assert_eq!(st.row, page);
    // The cursor landed inside "Law Enforcement…" (16:00–16:30, rows 20–21): its top shows.
    assert_eq!(
        selected_title(&s, &grid, &st),
        Some("Law Enforcement Are Hacking the Planet")
    );
    assert_eq!(st.scroll_row, 20);
    st.page_down(&grid);
    st.page_down(&grid);
    assert_eq!(st.row, grid.rows() - 1);
    assert_eq!(st.scroll_row, grid.rows() - page);
    st.page_up(&grid);
    assert_eq!(st.row, grid.rows() - 1 - page);
}

#[test]
fn select_session_puts_the_cursor_on_it_and_scrolls_to_it() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    let mut st = GridState::default();
    draw(&grid, &mut st, &no_stars, (80, 24), Theme::new(true));
    let target = position(&s, "Make Wi-Fi fast again");
    assert!(st.select_session(&grid, target));
    assert_eq!(st.selected(&grid), Some(target));
    assert_eq!(st.col, 2, "Saal G, third as the file lists the rooms");
    assert!(st.scroll_row <= st.row && st.row < st.scroll_row + st.visible.1);
    let text = to_text(&draw(&grid, &mut st, &no_stars, (80, 24), Theme::new(true)));
    assert!(text.contains("Make Wi-Fi fast"), "{text}");
    // A session of another day is not on this grid: nothing moves.
    let before = st;
    assert!(!st.select_session(&grid, position(&s, "Syrian Archive")));
    assert_eq!(st, before);
}

#[test]
fn thirty_three_c3_day_one_at_200_by_50() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    let star = position(&s, "The Global Assassination Grid");
    let starred = move |p: usize| p == star;
    let mut st = GridState::default();
    st.select_session(&grid, position(&s, "Reverse engineering Outernet"));
    let text = to_text(&draw(&grid, &mut st, &starred, (200, 50), Theme::new(true)));
    insta::assert_snapshot!(text);
}

#[test]
fn thirty_three_c3_day_one_at_80_by_24() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    let star = position(&s, "The DROWN Attack");
    let starred = move |p: usize| p == star;
    let mut st = GridState::default();
    st.select_session(&grid, position(&s, "The DROWN Attack"));
    let text = to_text(&draw(&grid, &mut st, &starred, (80, 24), Theme::new(true)));
    insta::assert_snapshot!(text);
}

#[test]
fn a_block_scrolled_past_its_top_keeps_its_title_in_view() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    // "Software Defined Emissions", 20:30–21:30: rows 38 to 41; three rows shown from 21:00.
    let mut st = GridState {
        row: 40,
        scroll_row: 40,
        ..GridState::default()
    };
    let text = to_text(&draw(&grid, &mut st, &no_stars, (60, 6), Theme::new(true)));
    assert_eq!(st.scroll_row, 40, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].contains("21:00 │Software"), "{text}");
    assert!(lines[3].contains("21:15 └"), "{text}");
}

#[test]
fn starred_sessions_show_a_star_and_only_they() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    let star = position(&s, "The Global Assassination Grid");
    let starred = move |p: usize| p == star;
    let text = to_text(&draw(
        &grid,
        &mut GridState::default(),
        &starred,
        (120, 30),
        Theme::new(true),
    ));
    assert_eq!(text.matches('★').count(), 1, "{text}");
    assert!(text.contains("★ The Global"), "{text}");
    let text = to_text(&draw(
        &grid,
        &mut GridState::default(),
        &no_stars,
        (120, 30),
        Theme::new(true),
    ));
    assert!(!text.contains('★'), "{text}");
}

#[test]
fn the_selection_shows_without_colour() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, Some(tue_27_dec()), offset(&s));
    let mut st = GridState::default();
    st.select_session(&grid, position(&s, "The DROWN Attack"));
    let buf = draw(&grid, &mut st, &no_stars, (100, 30), Theme::new(true));
    let text = to_text(&buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("The DROWN Attack"))
        .unwrap_or_else(|| panic!("not drawn:\n{text}"));
    let x = column_of(line, "The DROWN");
    let cell = |x: usize, y: usize| {
        &buf[(
            u16::try_from(x).unwrap_or_default(),
            u16::try_from(y).unwrap_or_default(),
        )]
    };
    assert!(
        cell(x, y).modifier.contains(Modifier::REVERSED),
        "selected title reversed"
    );
    // The whole block (4 rows, 14:00–15:00) is highlighted, the block beside it is not.
    assert!(cell(x, y + 3).modifier.contains(Modifier::REVERSED));
    assert!(!cell(x, y + 4).modifier.contains(Modifier::REVERSED));
    let other = column_of(line, "Bootstraping");
    assert!(!cell(other, y).modifier.contains(Modifier::REVERSED));
    // An empty cell under the cursor shows too (Saal G at 11:00, before its first talk).
    let mut st = GridState {
        col: 2,
        ..GridState::default()
    };
    let buf = draw(&grid, &mut st, &no_stars, (100, 30), Theme::new(true));
    assert_eq!(st.selected(&grid), None);
    let reversed = (0..buf.area.width)
        .filter(|&x| buf[(x, 2)].modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed >= 13, "{reversed} cells of the empty cursor cell");
}

// ---- a large program: FOSDEM 2025 -----------------------------------------------------------

#[test]
fn fosdem_at_80_columns_shows_how_many_rooms_are_off_screen() {
    let Some(s) = import("fixtures/fosdem-2025-schedule-LARGE.xml") else {
        return;
    };
    let grid = Grid::new(&s, None, offset(&s));
    let total = grid.columns().len();
    assert!(total > 20, "{total} columns");
    let mut st = GridState::default();
    let header = |st: &mut GridState| {
        let text = to_text(&draw(&grid, st, &no_stars, (80, 24), Theme::new(true)));
        text.lines().nth(1).unwrap_or_default().to_owned()
    };
    let first = header(&mut st);
    let shown = st.visible.0;
    assert_eq!(shown, 5, "(80 - 4 - 6) / 14 rooms");
    assert!(
        first.ends_with(&format!("{} ▶ ┃", total - shown)),
        "{first}"
    );
    assert!(!first.contains('◀'), "{first}");
    for _ in 0..shown + 2 {
        st.move_right(&grid);
    }
    let middle = header(&mut st);
    let left = st.col + 1 - shown;
    assert_eq!(st.scroll_col, left);
    assert!(middle.contains(&format!("◀ {left} ")), "{middle}");
    assert!(
        middle.ends_with(&format!("{} ▶ ┃", total - left - shown)),
        "{middle}"
    );
    for _ in 0..total {
        st.move_right(&grid);
    }
    let last = header(&mut st);
    assert!(last.contains(&format!("◀ {} ", total - shown)), "{last}");
    assert!(!last.contains('▶'), "{last}");
    let room = grid.columns()[total - 1].label();
    let cut: String = room.chars().take(8).collect();
    assert!(last.contains(&cut), "last room {room} in {last}");
}

#[test]
fn fosdem_at_80_by_24_scrolled_right() {
    let Some(s) = import("fixtures/fosdem-2025-schedule-LARGE.xml") else {
        return;
    };
    let grid = Grid::new(&s, None, offset(&s));
    let mut st = GridState::default();
    draw(&grid, &mut st, &no_stars, (80, 24), Theme::new(true));
    for _ in 0..7 {
        st.move_right(&grid);
    }
    st.move_down(&grid);
    st.move_down(&grid);
    let text = to_text(&draw(&grid, &mut st, &no_stars, (80, 24), Theme::new(true)));
    insta::assert_snapshot!(text);
}

// ---- odd sizes and text --------------------------------------------------------------------

#[test]
fn wide_titles_and_rooms_fit_by_display_width() {
    let s = schedule(&[
        (
            "東京で会いましょう 🎉 とても長いタイトル",
            "大会議室ホール",
            "10:00",
            Some("11:00"),
        ),
        ("Next door", "B", "10:00", Some("10:30")),
    ]);
    let grid = Grid::new(&s, None, offset(&s));
    let mut st = GridState::default();
    let text = to_text(&draw(&grid, &mut st, &|_| true, (40, 8), Theme::new(true)));
    insta::assert_snapshot!(text);
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 40, "{line}");
    }
}

#[test]
fn tiny_areas_render_without_panic() {
    let Some(s) = ccc() else { return };
    let grid = Grid::new(&s, None, offset(&s));
    for (w, h) in [
        (1, 1),
        (3, 2),
        (2, 5),
        (5, 3),
        (8, 4),
        (13, 6),
        (20, 3),
        (30, 2),
    ] {
        let mut st = GridState::default();
        st.move_down(&grid);
        let buf = draw(&grid, &mut st, &no_stars, (w, h), Theme::new(false));
        assert_eq!(buf.area, Rect::new(0, 0, w, h));
        assert!(st.col < grid.columns().len() && st.row < grid.rows());
    }
    let text = to_text(&draw(
        &grid,
        &mut GridState::default(),
        &no_stars,
        (3, 2),
        Theme::new(true),
    ));
    assert_eq!(text.lines().count(), 2);
}

// ---- random moves at random sizes ----------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Move {
    Left,
    Right,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Select(usize),
}

fn a_move() -> impl Strategy<Value = Move> {
    prop_oneof![
        Just(Move::Left),
        Just(Move::Right),
        Just(Move::Up),
        Just(Move::Down),
        Just(Move::PageUp),
        Just(Move::PageDown),
        Just(Move::Home),
        Just(Move::End),
        (0usize..200).prop_map(Move::Select),
    ]
}

fn apply(st: &mut GridState, grid: &Grid, m: Move) {
    match m {
        Move::Left => st.move_left(grid),
        Move::Right => st.move_right(grid),
        Move::Up => st.move_up(grid),
        Move::Down => st.move_down(grid),
        Move::PageUp => st.page_up(grid),
        Move::PageDown => st.page_down(grid),
        Move::Home => st.home(grid),
        Move::End => st.end(grid),
        Move::Select(p) => {
            st.select_session(grid, p);
        }
    }
}

/// 33C3 when present, else a small hand-written day with wide text and overlaps.
fn some_program() -> Schedule {
    ccc().unwrap_or_else(|| {
        schedule(&[
            ("東京で会いましょう", "大会議室", "10:00", Some("11:00")),
            ("Clash", "大会議室", "10:30", None),
            ("B talk", "B", "10:05", Some("10:20")),
            ("Roomless", "", "12:00", None),
        ])
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn random_moves_at_random_sizes_stay_inside_the_grid_and_the_area(
        moves in proptest::collection::vec((a_move(), 0u16..120, 0u16..50), 1..40),
        day in 0usize..5,
    ) {
        let s = some_program();
        let days = hallway::tui::grid::timed_days(&s);
        let grid = Grid::new(&s, days.get(day).copied(), offset(&s));
        let mut st = GridState::default();
        let starred = |p: usize| p.is_multiple_of(3);
        for (m, w, h) in moves {
            apply(&mut st, &grid, m);
            prop_assert!(st.col < grid.columns().len().max(1));
            prop_assert!(st.row < grid.rows().max(1));
            // Drawn inside a frame of blanks: nothing may land outside the area.
            let area = Rect::new(2, 1, w, h);
            let buf = draw_in(&grid, &mut st, &starred, (w + 4, h + 2), area, Theme::new(false));
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    if !area.contains(ratatui::layout::Position { x, y }) {
                        prop_assert_eq!(buf[(x, y)].symbol(), " ", "drawn outside at {},{}", x, y);
                    }
                }
            }
            prop_assert!(st.col < grid.columns().len().max(1));
            prop_assert!(st.row < grid.rows().max(1));
            let (cols, rows) = st.visible;
            if cols > 0 && rows > 0 && !grid.is_empty() {
                prop_assert!(st.scroll_col <= st.col && st.col < st.scroll_col + cols);
                prop_assert!(st.scroll_row <= st.row && st.row < st.scroll_row + rows);
            }
            if let Some(p) = st.selected(&grid) {
                prop_assert!(grid.block_of(p).is_some_and(|b| b.covers(st.row)));
            }
        }
    }
}
