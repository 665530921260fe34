//! The timetable grid's rooms and selection: columns in the program's own room order (36C3,
//! FOSDEM 2025 and 33C3 from ../shared/fixtures, hallway's optional `rooms` list), pinned and
//! hidden rooms from config.toml, headers that cut alike told apart, and a session always
//! selected across room moves and day changes. Layout, navigation and snapshots are in
//! tui_grid.rs.

mod common;
mod grid_support;

use grid_support::*;

use hallway::timefmt::Zone;
use hallway::tui::grid::{Column, Grid, GridState};
use hallway::tui::headless::to_text;
use hallway::tui::ui::Theme;

// ---- helpers (as in tui_grid.rs) -----------------------------------------------------------

/// The rooms of a grid's columns, lanes folded.
fn column_rooms(grid: &Grid) -> Vec<String> {
    grid.columns()
        .iter()
        .filter(|c| c.lane == 0)
        .filter_map(|c| c.room.clone())
        .collect()
}

// ---- room order ----------------------------------------------------------------------------

#[test]
fn columns_follow_first_appearance_with_roomless_sessions_last() {
    let s = schedule(&[
        ("No room", "", "10:00", Some("10:30")),
        ("In Zeta", "Zeta", "10:00", Some("10:30")),
        ("In Alpha", "Alpha", "10:30", Some("11:00")),
    ]);
    let grid = Grid::new(&s, None, offset(&s));
    let labels: Vec<String> = grid.columns().iter().map(Column::label).collect();
    assert_eq!(labels, ["Zeta", "Alpha", "—"]);
    assert_eq!(grid.session_at(2, 0), Some(position(&s, "No room")));
}

#[test]
fn a_rooms_list_in_the_conference_orders_the_columns_and_survives_saving() {
    let s = schedule(&[
        ("In Alpha", "Alpha", "10:00", Some("10:30")),
        ("In Mid", "Mid", "10:00", Some("10:30")),
        ("In Zeta", "Zeta", "10:30", Some("11:00")),
    ]);
    let first: Vec<&str> = s.index().room_order().iter().map(String::as_str).collect();
    assert_eq!(first, ["Alpha", "Mid", "Zeta"], "first appearance");
    // The same file with a `rooms` list (one unused name, one room left out).
    let json = hallway::schedule::save::to_json(&s).replacen(
        "\"url\": null",
        "\"url\": null, \"rooms\": [\"Zeta\", \"Nowhere\", \"Alpha\"]",
        1,
    );
    let listed = hallway::schedule::load::from_str(&json, "rooms.json")
        .unwrap_or_else(|e| panic!("{:?}", e.lines()));
    let grid = Grid::new(&listed, None, offset(&listed));
    let labels: Vec<String> = grid.columns().iter().map(Column::label).collect();
    assert_eq!(labels, ["Zeta", "Alpha", "Mid"]);
    // Saved and loaded again, the order stays; a natural order writes no list.
    let saved = hallway::schedule::save::to_json(&listed);
    assert!(saved.contains("\"rooms\""), "{saved}");
    let again = hallway::schedule::load::from_str(&saved, "again.json")
        .unwrap_or_else(|e| panic!("{:?}", e.lines()));
    assert_eq!(again.index().room_order(), listed.index().room_order());
    assert!(!hallway::schedule::save::to_json(&s).contains("\"rooms\""));
}

#[test]
fn pinned_rooms_come_first_and_hidden_ones_are_left_out() {
    let Some(s) = ccc() else { return };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[grid.\"{}\"]\npinned = [\"Saal 6\", \"No such room\"]\nhidden = [\"Saal 2\"]\n",
            s.conference.id
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (config, problem) = hallway::config::load(dir.path());
    assert_eq!(problem, None);
    let settings = config
        .grid
        .get(&s.conference.id)
        .cloned()
        .unwrap_or_default();
    let grid = Grid::with_rooms(&s, Some(tue_27_dec()), Zone::Fixed(offset(&s)), &settings);
    let labels: Vec<String> = grid.columns().iter().map(Column::label).collect();
    assert_eq!(labels, ["Saal 6", "Saal 1", "Saal G"]);
    assert!(
        grid.blocks()
            .iter()
            .all(|b| s.sessions()[b.position].room.as_deref() != Some("Saal 2"))
    );
}

#[test]
fn day_changes_and_room_moves_always_keep_a_session_selected() {
    use hallway::tui::action::Action;
    use hallway::tui::app::App;
    let Some(s) = ccc() else { return };
    let now = chrono::DateTime::parse_from_rfc3339("2016-12-27T10:00:00+01:00")
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (store, _) = hallway::store::Store::open(dir.path(), now).unwrap_or_else(|e| panic!("{e}"));
    let mut a = App::new(s, store, now, (120, 40));
    a.update(Action::ToggleGrid);
    let selected = |a: &App| {
        a.grid
            .as_ref()
            .and_then(|v| v.state.selected(&v.grid))
            .map(|p| a.schedule.sessions()[p].title.clone())
    };
    let mut seen = Vec::new();
    for action in [
        // Saal 2 has nothing at 11:00, when the opening starts in Saal 1.
        Action::RoomRight,
        Action::Bottom,
        Action::NextDay,
        Action::RoomRight,
        Action::RoomRight,
        Action::NextDay,
        Action::Bottom,
        Action::RoomLeft,
        Action::NextDay,
        Action::PrevDay,
        Action::PrevDay,
        Action::RoomRight,
        Action::RoomRight,
        Action::RoomRight,
    ] {
        a.update(action);
        let title = selected(&a);
        assert!(title.is_some(), "nothing selected after {action:?}");
        seen.push(title);
    }
    seen.dedup();
    assert!(seen.len() > 6, "the moves went somewhere: {seen:?}");
}

#[test]
fn a_new_day_selects_the_session_nearest_the_cursor() {
    use hallway::tui::action::Action;
    use hallway::tui::app::App;
    let at = |day: &str, t: &str| format!("2025-03-0{day}T{t}:00+01:00");
    let talk = |id: &str, room: &str, day: &str, start: &str, end: &str| {
        common::session(id, id, Some(&at(day, start)), Some(&at(day, end)))
            .replace("\"room\": null", &format!("\"room\": \"{room}\""))
    };
    // Room A comes first, but on day 2 its first talk starts after room B's.
    let sessions = [
        talk("A1", "A", "1", "10:00", "11:00"),
        talk("B1", "B", "1", "10:00", "11:00"),
        talk("B2", "B", "2", "10:00", "11:00"),
        talk("A2", "A", "2", "12:00", "13:00"),
    ];
    let json = common::schedule_json(&sessions.iter().map(String::as_str).collect::<Vec<_>>());
    let s = hallway::schedule::load::from_str(&json, "days.json")
        .unwrap_or_else(|e| panic!("{:?}", e.lines()));
    let now =
        chrono::DateTime::parse_from_rfc3339(&at("1", "09:00")).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (store, _) = hallway::store::Store::open(dir.path(), now).unwrap_or_else(|e| panic!("{e}"));
    let mut a = App::new(s, store, now, (120, 40));
    a.update(Action::ToggleGrid);
    let selected = |a: &App| {
        a.grid
            .as_ref()
            .and_then(|v| v.state.selected(&v.grid))
            .map(|p| a.schedule.sessions()[p].title.clone())
    };
    assert_eq!(selected(&a).as_deref(), Some("A1"));
    a.update(Action::NextDay);
    assert_eq!(
        selected(&a).as_deref(),
        Some("A2"),
        "same room, nearest in time"
    );
}

#[test]
fn fosdem_keeps_the_files_room_order() {
    let Some(path) = common::shared("fixtures/fosdem-2025-schedule-LARGE.xml") else {
        return;
    };
    let Some(s) = import("fixtures/fosdem-2025-schedule-LARGE.xml") else {
        return;
    };
    // `<room name="…">` in file order, first appearance, read without the importer.
    let xml = std::fs::read_to_string(path).unwrap_or_default();
    let mut listed: Vec<String> = Vec::new();
    for piece in xml.split("<room name=\"").skip(1) {
        let name = piece.split('"').next().unwrap_or_default();
        let name = name.replace("&amp;", "&");
        if !listed.contains(&name) {
            listed.push(name);
        }
    }
    let grid = Grid::new(&s, None, offset(&s));
    let columns = column_rooms(&grid);
    assert!(columns.len() > 20, "{columns:?}");
    let expected: Vec<String> = listed.into_iter().filter(|r| columns.contains(r)).collect();
    assert_eq!(columns, expected);
    assert_ne!(columns, {
        let mut sorted = columns.clone();
        sorted.sort();
        sorted
    });
}

#[test]
fn thirty_six_c3_leftmost_rooms_are_ada_borg_clarke() {
    let Some(s) = import("fixtures/36c3-everything-merged-schedule-LARGE.json") else {
        return;
    };
    let grid = Grid::new(&s, None, offset(&s));
    let columns = column_rooms(&grid);
    assert_eq!(columns[..3], ["Ada", "Borg", "Clarke"], "{columns:?}");
    let text = to_text(&draw(
        &grid,
        &mut GridState::default(),
        &no_stars,
        (80, 24),
        Theme::new(true),
    ));
    let header = text.lines().nth(1).unwrap_or_default();
    assert!(
        column_of(header, "Ada") < column_of(header, "Borg")
            && column_of(header, "Borg") < column_of(header, "Clarke"),
        "{header}"
    );
}

#[test]
fn rooms_cut_to_the_same_header_keep_their_ends() {
    let s = schedule(&[
        (
            "Soldering",
            "Assembly:Hardware Hacking Area",
            "10:00",
            Some("11:00"),
        ),
        (
            "Clash",
            "Assembly:Hardware Hacking Area",
            "10:30",
            Some("11:00"),
        ),
        ("Meetup", "Assembly:Haecksen", "10:00", Some("11:00")),
        ("Short", "Ada", "10:00", Some("11:00")),
    ]);
    let grid = Grid::new(&s, None, offset(&s));
    let text = to_text(&draw(
        &grid,
        &mut GridState::default(),
        &no_stars,
        (80, 24),
        Theme::new(true),
    ));
    let header = text.lines().nth(1).unwrap_or_default();
    let heads: Vec<&str> = header
        .trim_matches(|c| c == '┃' || c == ' ')
        .split("  ")
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    // Columns by first appearance: Ada, Haecksen, the hacking area and its second lane.
    assert_eq!(heads.len(), 4, "{header}");
    assert_eq!(heads[0], "Ada", "a name that fits is left alone: {header}");
    assert_eq!(
        heads[1], "Assembly:Haecks…",
        "a cut unlike any other stays: {header}"
    );
    assert!(
        heads[2].starts_with('…') && heads[2].ends_with(" Area"),
        "{header}"
    );
    assert!(
        heads[3].starts_with('…') && heads[3].ends_with(" Area (2)"),
        "{header}"
    );
    for (i, a) in heads.iter().enumerate() {
        for b in &heads[i + 1..] {
            assert_ne!(a, b, "{header}");
        }
    }
}
