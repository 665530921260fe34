//! Rows legible on a real program (FOSDEM 2025, from ../shared/fixtures): slot headings say
//! only the start their rows share and each row its own end; search results carry the marks,
//! the day and time and the room; rooms are never cut ambiguously.

mod common;
mod tui_support;

use chrono::{DateTime, FixedOffset};
use hallway::schedule::Schedule;
use hallway::tui::app::App;
use hallway::tui::view::{DayTab, Row};
use tui_support::{app_on, keys, screen};

/// FOSDEM 2025, imported as a user would.
fn fosdem() -> Option<Schedule> {
    let path = common::shared("fixtures/fosdem-2025-schedule-LARGE.xml")?;
    let imported = hallway::import::import_path(&path, &hallway::import::ImportOptions::default())
        .unwrap_or_else(|e| panic!("{:?}", e.lines()));
    Some(imported.schedule)
}

/// Saturday morning before the first talk, in Brussels.
fn saturday_early() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-02-01T08:00:00+01:00").unwrap_or_else(|e| panic!("{e}"))
}

/// An app on FOSDEM 2025 at `size`, its clock on Saturday morning.
fn fosdem_app(size: (u16, u16)) -> Option<(tempfile::TempDir, App)> {
    Some(app_on(fosdem()?, saturday_early(), size))
}

/// The day tab for `date` (`2025-02-02`).
fn on(date: &str) -> DayTab {
    DayTab::On(date.parse().unwrap_or_else(|e| panic!("{e}")))
}

/// Selects the day tab `target`.
fn to_day(a: &mut App, target: &DayTab) {
    let target = target.clone();
    for _ in 0..a.days.len() {
        keys(a, "[");
    }
    let mut guard = 0;
    while a.days[a.day] != target {
        keys(a, "]");
        guard += 1;
        assert!(guard < 10, "no tab {target:?} in {:?}", a.days);
    }
}

/// Moves the Timeslots selection onto the row of the session titled `title`.
fn select_title(a: &mut App, title: &str) {
    let row = a
        .rows
        .iter()
        .position(|r| matches!(r, Row::Session(p) if a.schedule.sessions()[*p].title == title))
        .unwrap_or_else(|| panic!("no row titled {title:?}"));
    a.rows_list.select(Some(row));
}

/// The screen line holding `needle`.
fn line_with(text: &str, needle: &str) -> String {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
        .to_owned()
}

fn headings(a: &App) -> Vec<String> {
    a.rows
        .iter()
        .filter_map(|r| match r {
            Row::Heading(h) => Some(h.clone()),
            _ => None,
        })
        .collect()
}

// ---- 1. every row its own time -------------------------------------------------------------

#[test]
fn slot_headings_show_only_the_shared_start() {
    let Some((_d, mut a)) = fosdem_app((120, 40)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    let heads = headings(&a);
    assert!(heads.iter().any(|h| h == "09:00"), "{heads:?}");
    // No heading claims an end: its rows end at different times.
    let timed: Vec<&String> = heads.iter().filter(|h| h.contains(':')).collect();
    assert!(timed.len() > 20, "{heads:?}");
    assert!(timed.iter().all(|h| !h.contains('–')), "{timed:?}");
}

#[test]
fn the_five_minute_welcome_shows_its_own_end() {
    let Some((_d, mut a)) = fosdem_app((120, 40)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    select_title(&mut a, "Welcome to the EU Policy Devroom!");
    let text = screen(&mut a);
    let row = line_with(&text, "–09:05 Welcome to the EU P");
    assert!(row.contains("AW1.120"), "{row}");
    // A longer talk in the same 09:00 slot ends later, on its own row.
    let heads = headings(&a);
    assert!(!heads.iter().any(|h| h.starts_with("09:00–")), "{heads:?}");
}

#[test]
fn all_days_headings_keep_the_date() {
    let Some((_d, mut a)) = fosdem_app((120, 40)) else {
        return;
    };
    to_day(&mut a, &DayTab::All);
    let heads = headings(&a);
    assert!(heads.iter().any(|h| h == "Sat 1 Feb 09:00"), "{heads:?}");
    assert!(heads.iter().any(|h| h == "Sun 2 Feb 09:00"), "{heads:?}");
}

// ---- titles you can read ------------------------------------------------------------------

/// For each screen line of the list pane holding a session of the list, how many characters
/// of its title it shows (the longest prefix of a title found on the line).
fn title_chars_shown(a: &App, text: &str) -> Vec<(String, usize)> {
    let titles: Vec<&str> = a
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Session(p) => Some(a.schedule.sessions()[*p].title.as_str()),
            _ => None,
        })
        .collect();
    text.lines()
        .filter_map(|l| l.split('┃').nth(1))
        .filter_map(|line| {
            titles
                .iter()
                .map(|t| {
                    let shown = t
                        .char_indices()
                        .map(|(i, c)| i + c.len_utf8())
                        .take_while(|&end| line.contains(&t[..end]))
                        .count();
                    ((*t).to_owned(), shown)
                })
                .max_by_key(|(_, n)| *n)
                .filter(|(_, n)| *n >= 12)
        })
        .collect()
}

#[test]
fn list_rows_at_120_by_40_show_forty_characters_of_their_titles() {
    let Some((_d, mut a)) = fosdem_app((120, 40)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    select_title(&mut a, "Welcome to the EU Policy Devroom!");
    let text = screen(&mut a);
    let shown = title_chars_shown(&a, &text);
    assert!(shown.len() > 25, "{shown:?}\n{text}");
    let long: Vec<_> = shown.iter().filter(|(_, n)| *n >= 40).collect();
    assert!(long.len() >= 8, "{shown:?}\n{text}");
    // A title that fits is never cut: rooms give up their nickname first.
    for (title, n) in &shown {
        assert!(
            title.chars().count() == *n || *n >= 40,
            "{title:?} cut to {n}\n{text}"
        );
    }
}

#[test]
fn list_rows_at_200_by_60_show_whole_titles_where_they_fit() {
    let Some((_d, mut a)) = fosdem_app((200, 60)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    select_title(&mut a, "Welcome to the EU Policy Devroom!");
    let text = screen(&mut a);
    let shown = title_chars_shown(&a, &text);
    assert!(shown.len() > 40, "{shown:?}\n{text}");
    for (title, n) in &shown {
        let len = title.chars().count();
        assert!(len == *n || *n >= 80, "{title:?} cut to {n}\n{text}");
    }
}

// ---- 3. rooms never cut ambiguously --------------------------------------------------------

#[test]
fn rooms_keep_their_distinguishing_end() {
    for size in [(80, 24), (120, 40)] {
        let Some((_d, mut a)) = fosdem_app(size) else {
            return;
        };
        to_day(&mut a, &on("2025-02-02"));
        // Fast UDP (UA2.114) and Welcome to Identity (UA2.118) share the 09:00 slot.
        select_title(&mut a, "Welcome to the EU Policy Devroom!");
        let text = screen(&mut a);
        let list: Vec<&str> = text.lines().filter_map(|l| l.split('┃').nth(1)).collect();
        let has = |title: &str, room: &str| {
            list.iter()
                .any(|l| l.contains(title) && l.trim_end().ends_with(room))
        };
        assert!(has("–09:20 Fast", "2.114"), "{size:?}\n{text}");
        assert!(has("–09:05 Welcome t", "2.118"), "{size:?}\n{text}");
        // No room is cut to a prefix two rooms share.
        assert!(!list.iter().any(|l| l.contains("UA2.11…")), "{text}");
    }
}

// ---- 2. search rows like list rows ---------------------------------------------------------

#[test]
fn search_rows_show_marks_day_time_and_room() {
    let Some((_d, mut a)) = fosdem_app((120, 40)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    select_title(&mut a, "Welcome to the EU Policy Devroom!");
    // Star it and give it a note, then find it by search.
    keys(&mut a, "lsnasked about rows<Enter><Esc>");
    keys(&mut a, "/EU Policy Devroom");
    let text = screen(&mut a);
    let row = line_with(&text, "09:00 Welcome to the E");
    assert!(row.contains("★✎"), "{row}");
    let cell = row.split('┃').nth(1).unwrap_or_default();
    assert!(cell.trim_end().ends_with("AW1.120"), "{row}");
}

#[test]
fn search_at_three_sizes() {
    for size in [(80, 24), (120, 40), (200, 60)] {
        let Some((_d, mut a)) = fosdem_app(size) else {
            return;
        };
        keys(&mut a, "/rust");
        let text = screen(&mut a);
        insta::assert_snapshot!(format!("search_{}x{}", size.0, size.1), text);
    }
}

#[test]
fn list_at_three_sizes() {
    for size in [(80, 24), (120, 40), (200, 60)] {
        let Some((_d, mut a)) = fosdem_app(size) else {
            return;
        };
        to_day(&mut a, &on("2025-02-02"));
        select_title(&mut a, "Welcome to the EU Policy Devroom!");
        let text = screen(&mut a);
        insta::assert_snapshot!(format!("list_{}x{}", size.0, size.1), text);
    }
}

// ---- back after a jump ---------------------------------------------------------------------

/// Where the app is: day tab, Tracks entry, selected row, focus.
fn view_of(a: &App) -> (DayTab, Option<usize>, Option<usize>, String) {
    (
        a.days[a.day].clone(),
        a.tracks_list.selected(),
        a.rows_list.selected(),
        format!("{:?}", a.focus),
    )
}

#[test]
fn backtick_and_esc_return_to_the_view_before_a_jump() {
    let Some((_d, mut a)) = fosdem_app((120, 40)) else {
        return;
    };
    // Sunday, the third track entry (a real track), a few rows down, the list focused.
    to_day(&mut a, &on("2025-02-02"));
    keys(&mut a, "hjjjlj");
    let before = view_of(&a);
    assert_eq!(before.0, on("2025-02-02"));
    assert_eq!(before.1, Some(3), "{before:?}");
    // Jump to a Saturday talk.
    keys(&mut a, "/augurs time series<Enter>");
    let jumped = view_of(&a);
    assert_eq!(jumped.0, on("2025-02-01"));
    assert_ne!(jumped, before);
    assert_eq!(
        a.selected().map(|s| s.title.as_str()),
        Some("Augurs: a time series toolkit for Rust")
    );
    keys(&mut a, "`");
    assert_eq!(view_of(&a), before);
    // Nothing more to go back to: ` says so and stays.
    keys(&mut a, "`");
    assert_eq!(view_of(&a), before);
    // Esc does the same after a jump, when it has nothing else to close.
    keys(&mut a, "/augurs time series<Enter><Esc>");
    assert_eq!(view_of(&a), before);
}

#[test]
fn back_goes_through_several_jumps_in_turn() {
    let Some((_d, mut a)) = fosdem_app((120, 40)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    let start = view_of(&a);
    keys(&mut a, "/augurs time series<Enter>");
    let first = view_of(&a);
    keys(&mut a, "/EU Policy Devroom<Enter>");
    assert_eq!(
        a.selected().map(|s| s.title.as_str()),
        Some("Welcome to the EU Policy Devroom!")
    );
    keys(&mut a, "`");
    assert_eq!(view_of(&a), first);
    keys(&mut a, "`");
    assert_eq!(view_of(&a), start);
}
