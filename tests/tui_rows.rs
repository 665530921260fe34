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

// ---- two-line titles where the list is narrow ----------------------------------------------

/// The list pane's lines (between its thick borders), the selection mark blanked.
fn list_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split('┃').nth(1))
        .map(|l| l.replacen('›', " ", 1))
        .collect()
}

#[test]
fn narrow_lists_carry_a_cut_title_onto_a_second_line_under_it() {
    let Some((_d, mut a)) = fosdem_app((80, 24)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    select_title(&mut a, "Welcome to the EU Policy Devroom!");
    let text = screen(&mut a);
    let lines = list_lines(&text);
    let first = lines
        .iter()
        .position(|l| l.contains("–09:05 Welcome to the EU Policy"))
        .unwrap_or_else(|| panic!("{text}"));
    // The first line is all title; the room ends the second.
    assert!(!lines[first].contains("AW1.120"), "{text}");
    let second = &lines[first + 1];
    assert!(second.trim_start().starts_with("Devroom!"), "{text}");
    assert!(second.trim_end().ends_with("AW1.120"), "{text}");
    // Indented under the title's first letter.
    let col = |l: &str, needle: &str| {
        let at = l
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {l:?}"));
        l[..at].chars().count()
    };
    assert_eq!(
        col(second, "Devroom!"),
        col(&lines[first], "Welcome"),
        "{text}"
    );
    // A longer title is cut on its second line, not its first.
    let atomic = lines
        .iter()
        .position(|l| l.contains("Atomic Honeypot"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!lines[atomic].contains('…'), "{text}");
    assert!(lines[atomic + 1].contains("Drops…  H.1301"), "{text}");
}

#[test]
fn wide_lists_keep_one_line_a_row() {
    for size in [(120, 40), (200, 60)] {
        let Some((_d, mut a)) = fosdem_app(size) else {
            return;
        };
        to_day(&mut a, &on("2025-02-02"));
        let text = screen(&mut a);
        let lines = list_lines(&text);
        let blank_start = lines
            .iter()
            .filter(|l| l.starts_with("              ") && !l.trim().is_empty())
            .count();
        assert_eq!(blank_start, 0, "no continuation lines at {size:?}\n{text}");
        assert_eq!(a.areas.slot_lines.len(), lines.len(), "{text}");
        let distinct: std::collections::BTreeSet<_> = a.areas.slot_lines.iter().collect();
        assert_eq!(distinct.len(), lines.len(), "one line a row\n{text}");
    }
}

#[test]
fn j_and_k_never_make_a_row_jump() {
    for size in [(80, 24), (50, 20)] {
        let Some((_d, mut a)) = fosdem_app(size) else {
            return;
        };
        // At 50 columns one pane shows: the list, which has the focus.
        to_day(&mut a, &on("2025-02-02"));
        let mut before = list_lines(&screen(&mut a));
        assert!(before.len() > 10, "{before:?}");
        let two_line_rows = a
            .areas
            .slot_lines
            .windows(2)
            .filter(|w| w[0] == w[1])
            .count();
        assert!(
            two_line_rows > 3,
            "the narrow list wraps\n{}",
            before.join("\n")
        );
        for key in ["j"; 40].into_iter().chain(["k"; 40]) {
            keys(&mut a, key);
            let text = screen(&mut a);
            let after = list_lines(&text);
            assert_eq!(after.len(), before.len());
            let n = after.len();
            // Either nothing moved, or every row moved together by the lines of the rows
            // passed (a heading and a two-line row, and one more row at most, since the view
            // scrolls by whole rows): no row changes its lines or jumps on its own.
            let shifted =
                (0..=4).any(|k| after[..n - k] == before[k..] || after[k..] == before[..n - k]);
            assert!(
                shifted,
                "{size:?} after {key}:\n{}\n---\n{}",
                before.join("\n"),
                after.join("\n")
            );
            // The selection mark is on the first line of the selected row.
            let selected = a.rows_list.selected().unwrap_or_default();
            let mark = text
                .lines()
                .filter_map(|l| l.split('┃').nth(1))
                .position(|l| l.starts_with(" ›"))
                .unwrap_or_else(|| panic!("no mark\n{text}"));
            assert_eq!(a.areas.slot_lines.get(mark), Some(&selected), "{text}");
            assert!(
                mark == 0 || a.areas.slot_lines[mark - 1] != selected,
                "{text}"
            );
            before = after;
        }
    }
}

#[test]
fn paging_through_a_narrow_list_skips_no_row_unseen() {
    let Some((_d, mut a)) = fosdem_app((80, 24)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..6 {
        screen(&mut a);
        seen.extend(a.areas.slot_lines.iter().copied());
        keys(&mut a, "<PageDown>");
    }
    screen(&mut a);
    seen.extend(a.areas.slot_lines.iter().copied());
    let last = seen.iter().max().copied().unwrap_or_default();
    assert!(last > 40, "six pages go some way: {last}");
    let missed: Vec<usize> = (0..=last).filter(|i| !seen.contains(i)).collect();
    assert!(missed.is_empty(), "rows never shown: {missed:?}");
    // And back up again, page by page, to the first session.
    for _ in 0..6 {
        keys(&mut a, "<PageUp>");
        screen(&mut a);
    }
    let first_session = a.rows.iter().position(|r| matches!(r, Row::Session(_)));
    assert_eq!(a.rows_list.selected(), first_session);
}

#[test]
fn a_click_on_a_title_second_line_selects_its_row() {
    let Some((_d, mut a)) = fosdem_app((80, 24)) else {
        return;
    };
    to_day(&mut a, &on("2025-02-02"));
    let text = screen(&mut a);
    let y = text
        .lines()
        .position(|l| l.contains("Honeypot That Drops"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!text.lines().nth(y).unwrap_or_default().contains("Atomic"));
    a.mouse(hallway::tui::app::Mouse::Click {
        x: 20,
        y: u16::try_from(y).unwrap_or(0),
    });
    assert_eq!(
        a.selected().map(|s| s.title.as_str()),
        Some("Atomic Honeypot: A MySQL Honeypot That Drops Shells")
    );
}

// ---- 3. rooms never cut ambiguously --------------------------------------------------------

#[test]
fn rooms_keep_their_distinguishing_end() {
    for size in [(80, 24), (120, 40)] {
        let Some((_d, mut a)) = fosdem_app(size) else {
            return;
        };
        to_day(&mut a, &on("2025-02-02"));
        // Fast UDP (UA2.114) and Welcome to Identity (UA2.118) share the 09:00 slot; selecting
        // the second brings both into view (at 80×24 rows take two lines).
        select_title(&mut a, "Welcome to Identity and Access Management devroom!");
        let text = screen(&mut a);
        let list: Vec<&str> = text.lines().filter_map(|l| l.split('┃').nth(1)).collect();
        // The row's own line, or its second line (at 80×24 the room ends that one).
        let has = |title: &str, room: &str| {
            list.iter().enumerate().any(|(i, l)| {
                l.contains(title)
                    && (l.trim_end().ends_with(room)
                        || list.get(i + 1).is_some_and(|n| {
                            n.starts_with("      ") && n.trim_end().ends_with(room)
                        }))
            })
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
fn narrow_search_results_wrap_and_keep_their_highlights() {
    use ratatui::style::Modifier;
    let Some((_d, mut a)) = fosdem_app((80, 24)) else {
        return;
    };
    keys(&mut a, "/scheduler");
    let buf = hallway::tui::headless::draw(&mut a, hallway::tui::ui::Theme::new(true));
    let text = hallway::tui::headless::to_text(&buf);
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("17:20 Rust-ifying the"))
        .unwrap_or_else(|| panic!("{text}"));
    let second = lines[first + 1];
    assert!(lines[first].contains("Rust-ifying the Linux"), "{text}");
    assert!(second.contains("kernel schedul"), "{text}");
    // The match on the second line is highlighted, the words around it are not.
    let y = u16::try_from(first + 1).unwrap_or(0);
    let col = |needle: &str| {
        let at = second.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
        u16::try_from(second[..at].chars().count()).unwrap_or(0)
    };
    let underlined = |x: u16| {
        buf.cell((x, y))
            .is_some_and(|c| c.modifier.contains(Modifier::UNDERLINED))
    };
    let s = col("schedul");
    let marks: String = (0..60)
        .map(|x| if underlined(x) { '^' } else { ' ' })
        .collect();
    assert!((s..s + 7).all(underlined), "{second}\n{marks}");
    let k = col("kernel");
    assert!(!(k..k + 6).any(underlined), "{second}");
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

#[test]
fn paging_through_search_results_of_two_lines_skips_none_unseen() {
    let Some((_d, mut a)) = fosdem_app((80, 24)) else {
        return;
    };
    keys(&mut a, "/open source");
    let hits = a.search.hits.len();
    assert!(hits > 60, "{hits} results");
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..6 {
        screen(&mut a);
        seen.extend(a.areas.search_rows.clone());
        keys(&mut a, "<PageDown>");
    }
    screen(&mut a);
    seen.extend(a.areas.search_rows.clone());
    let last = seen.iter().max().copied().unwrap_or_default();
    assert!(last > 20, "six pages go some way: {last}");
    let missed: Vec<usize> = (0..=last).filter(|i| !seen.contains(i)).collect();
    assert!(missed.is_empty(), "results never shown: {missed:?}");
    let selected = a.search.list.selected().unwrap_or_default();
    assert!(
        a.areas.search_rows.contains(&selected),
        "the selection is on screen"
    );
    for _ in 0..7 {
        keys(&mut a, "<PageUp>");
        screen(&mut a);
    }
    assert_eq!(a.search.list.selected(), Some(0));
}
