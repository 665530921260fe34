//! The app knows what time it is: Now & Next, the agenda with clashes, reminders, the quick
//! note and the minute into the talk — on a small two-day program with a fixed clock.

mod tui_support;

use chrono::{DateTime, FixedOffset};
use hallway::schedule::Schedule;
use hallway::tui::app::{App, Mode, Pane};
use hallway::tui::view::{Row, TrackFilter};
use tui_support::{app_on, keys, screen};

fn program() -> Schedule {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/time/two-days.json"
    );
    hallway::schedule::load::from_path(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{e}"))
}

fn at(t: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}"))
}

fn choose(a: &mut App, filter: &TrackFilter) {
    let i = a
        .tracks
        .iter()
        .position(|t| t.filter == *filter)
        .unwrap_or_else(|| panic!("no {filter:?}"));
    a.tracks_list.select(Some(i));
    a.refresh();
}

/// The middle pane as (heading or session title, tag) lines.
fn listing(a: &App) -> Vec<String> {
    a.rows
        .iter()
        .map(|r| match r {
            Row::Heading(h) => format!("# {h}"),
            Row::Now => "# — now —".to_owned(),
            Row::Session(p) => {
                let title = &a.schedule.sessions()[*p].title;
                match a.tags.get(p) {
                    Some(tag) => format!("{tag} {title}"),
                    None => title.clone(),
                }
            }
        })
        .collect()
}

fn star(a: &mut App, ids: &[&str]) {
    for id in ids {
        let change = hallway::store::Change::Star {
            conference: "timetest-2025".into(),
            session: (*id).into(),
        };
        a.store
            .apply(change, a.now)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    a.refresh();
}

#[test]
fn now_and_next_before_during_and_after_a_day() {
    let (_d, mut a) = app_on(program(), at("2025-03-13T08:00:00+01:00"), (120, 40));
    choose(&mut a, &TrackFilter::NowNext);
    assert_eq!(
        listing(&a),
        [
            "# Nothing on now · Thu 13 Mar 08:00 CET",
            "# Next",
            "09:00 in 1 h Opening",
        ]
    );
    a.tick(at("2025-03-13T10:05:00+01:00"));
    let during = listing(&a);
    assert_eq!(during[0], "# Now · Thu 13 Mar 10:05 CET");
    assert!(
        during.contains(&"35/60 min Rust in Production".to_owned()),
        "{during:?}"
    );
    assert!(
        during.contains(&"20/30 min Async Deep Dive".to_owned()),
        "{during:?}"
    );
    assert!(
        during.contains(&"5/45 min Terminal UIs".to_owned()),
        "{during:?}"
    );
    assert!(
        during.ends_with(&["# Next".to_owned(), "11:00 in 55 min Open Space".to_owned()]),
        "{during:?}"
    );
    let count = a
        .tracks
        .iter()
        .find(|t| t.filter == TrackFilter::NowNext)
        .map(|t| t.count);
    assert_eq!(count, Some(3), "the Tracks entry counts what is on now");
    a.tick(at("2025-03-14T18:00:00+01:00"));
    assert_eq!(
        listing(&a),
        ["# The program is over · Fri 14 Mar 18:00 CET"]
    );
}

#[test]
fn starred_is_an_agenda_with_clashes_and_free_time() {
    let (_d, mut a) = app_on(program(), at("2025-03-13T08:00:00+01:00"), (120, 40));
    star(&mut a, &["rust", "async", "lightning", "bof", "posters"]);
    a.day = 0;
    choose(&mut a, &TrackFilter::Starred);
    assert_eq!(
        listing(&a),
        [
            "# Thursday 13 March 2025",
            "09:30–10:30 Rust in Production",
            "09:45–10:15 Async Deep Dive",
            "# free 10:30–11:40 (1 h 10 min)",
            "11:40–12:10 Lightning Talks",
            "time n/p Birds of a Feather",
            "# No date",
            "Poster Session",
        ]
    );
    let pos = |id: &str| a.schedule.index().position(id).unwrap_or(usize::MAX);
    assert_eq!(a.clashes.get(&pos("rust")), Some(&vec![pos("async")]));
    // ⚠ on the row and the clash named on the session's detail.
    a.focus = Pane::Slots;
    let row = a.rows.iter().position(|r| *r == Row::Session(pos("rust")));
    a.rows_list.select(row);
    let text = screen(&mut a);
    assert!(text.contains("★ ⚠ 09:30–10:30 Rust in Product"), "{text}");
    assert!(text.contains("⚠ clashes with: Async Deep"), "{text}");
    // And everywhere the session appears.
    choose(&mut a, &TrackFilter::All);
    assert!(screen(&mut a).contains("★ ⚠ –10:30 Rust in Production"));
}

#[test]
fn a_reminder_appears_five_minutes_before_and_goes_once_it_starts() {
    let (_d, mut a) = app_on(program(), at("2025-03-13T11:30:00+01:00"), (120, 40));
    star(&mut a, &["lightning"]);
    assert!(
        !a.tick(at("2025-03-13T11:34:00+01:00")),
        "the bell is off by default"
    );
    assert_eq!(a.reminder, None, "6 minutes before: not yet");
    a.tick(at("2025-03-13T11:35:00+01:00"));
    assert_eq!(
        a.reminder.as_deref(),
        Some("in 5 min: Lightning Talks — Hall B")
    );
    assert!(screen(&mut a).contains("⏰ in 5 min: Lightning Talks — Hall B"));
    a.tick(at("2025-03-13T11:36:00+01:00"));
    assert_eq!(
        a.reminder.as_deref(),
        Some("in 4 min: Lightning Talks — Hall B")
    );
    a.tick(at("2025-03-13T11:40:00+01:00"));
    assert_eq!(a.reminder, None, "no reminder once it has started");
    // The bell rings once per session when switched on.
    a.config.bell = true;
    let (_d2, mut b) = app_on(program(), at("2025-03-13T11:30:00+01:00"), (120, 40));
    b.config.bell = true;
    star(&mut b, &["lightning"]);
    assert!(b.tick(at("2025-03-13T11:36:00+01:00")));
    assert!(!b.tick(at("2025-03-13T11:37:00+01:00")));
}

#[test]
fn quick_note_picks_the_talk_happening_now() {
    // 1. Exactly one starred talk in progress: that one, whatever is selected.
    let (_d, mut a) = app_on(program(), at("2025-03-13T10:05:00+01:00"), (120, 40));
    star(&mut a, &["tui"]);
    keys(&mut a, "N");
    assert_eq!(a.mode, Mode::NoteInput);
    assert_eq!(a.selected().map(|s| s.id.as_str()), Some("tui"));
    let text = screen(&mut a);
    assert!(
        text.contains("✎ Terminal UIs — starred, in progress"),
        "{text}"
    );
    keys(&mut a, "state machines<Enter>");
    assert_eq!(a.store.notes("timetest-2025", "tui").len(), 1);
    keys(&mut a, "<Esc>");
    // 2. No single starred one: the talk in progress in the selected session's room.
    let (_d, mut b) = app_on(program(), at("2025-03-13T10:05:00+01:00"), (120, 40));
    let opening = b
        .rows
        .iter()
        .position(|r| *r == Row::Session(b.schedule.index().position("opening").unwrap_or(0)));
    b.rows_list.select(opening);
    keys(&mut b, "N");
    assert_eq!(b.selected().map(|s| s.id.as_str()), Some("rust"));
    assert!(screen(&mut b).contains("✎ Rust in Production — in progress in Hall A"));
    // 3. Nothing on anywhere, nothing within ten minutes: no talk is taken silently, not even
    // the selected one; the status line says so (and `n` writes on the selection).
    let (_d, mut c) = app_on(program(), at("2025-03-13T13:00:00+01:00"), (120, 40));
    let wrap = c
        .rows
        .iter()
        .position(|r| *r == Row::Session(c.schedule.index().position("wrap-up").unwrap_or(0)));
    c.rows_list.select(wrap);
    keys(&mut c, "N");
    assert_eq!(c.mode, Mode::Browse);
    assert!(screen(&mut c).contains("nothing is on now or within 10 minutes"));
}

#[test]
fn notes_show_the_minute_into_the_talk() {
    let (_d, mut a) = app_on(program(), at("2025-03-13T09:42:00+01:00"), (120, 40));
    let rust = a
        .rows
        .iter()
        .position(|r| *r == Row::Session(a.schedule.index().position("rust").unwrap_or(0)));
    a.rows_list.select(rust);
    keys(&mut a, "nownership<Enter><Esc>");
    let text = screen(&mut a);
    assert!(text.contains("1. ownership  +12m"), "{text}");
}

#[test]
fn t_toggles_the_timetable_grid_and_the_cursor_moves_by_room_and_slot() {
    let (_d, mut a) = app_on(program(), at("2025-03-13T08:00:00+01:00"), (200, 50));
    keys(&mut a, "t");
    assert!(a.grid.is_some());
    assert_eq!(a.context(), hallway::tui::keymap::Context::Grid);
    assert_eq!(a.selected().map(|s| s.id.as_str()), Some("opening"));
    keys(&mut a, "j");
    assert_eq!(a.selected().map(|s| s.id.as_str()), Some("rust"));
    // 09:30 in Hall B is free: a room move lands on the nearest session there.
    keys(&mut a, "l");
    assert_eq!(a.selected().map(|s| s.id.as_str()), Some("async"));
    keys(&mut a, "s");
    assert!(a.store.is_starred("timetest-2025", "async"));
    let wide = screen(&mut a);
    assert!(wide.contains("Timetable · Thu 13 Mar"), "{wide}");
    assert!(wide.contains("★ Async Deep Dive"), "{wide}");
    insta::assert_snapshot!("grid_200x50", wide);
    a.size = (80, 24);
    insta::assert_snapshot!("grid_80x24", screen(&mut a));
    keys(&mut a, "]");
    assert!(screen(&mut a).contains("Timetable · Fri 14 Mar"));
    keys(&mut a, "t");
    assert!(a.grid.is_none());
}
