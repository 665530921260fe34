//! Now, in the TUI: while the conference is on it opens with what is in progress selected (a
//! starred one first), on the conference day that session is filed under (at 00:55 on the 36C3
//! night, the evening's tab); `.` jumps back to now from any day, view or filter; a now line
//! marks the moment in the list and the ★ agenda, and the grid marks it in its time gutter.

mod common;
mod tui_support;

use chrono::{DateTime, FixedOffset, NaiveDate};
use hallway::import::{self, ImportOptions};
use hallway::schedule::{Schedule, bundled};
use hallway::tui::app::App;
use hallway::tui::view::{DayTab, Row};
use tui_support::{app, app_on, keys, screen};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn program_36c3() -> Option<Schedule> {
    let path = common::shared("fixtures/36c3-everything-merged-schedule-LARGE.json")?;
    Some(
        import::import_path(&path, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .schedule,
    )
}

fn selected_id(a: &App) -> String {
    a.selected()
        .map(|s| s.id.clone())
        .unwrap_or_else(|| panic!("nothing selected"))
}

fn in_progress(a: &App, now: DateTime<FixedOffset>) -> bool {
    let s = a.selected().unwrap_or_else(|| panic!("nothing selected"));
    let start = s
        .start
        .unwrap_or_else(|| panic!("{} has no start", s.title));
    let pos = a
        .schedule
        .index()
        .position(&s.id)
        .unwrap_or_else(|| panic!("no position"));
    let span = hallway::agenda::span(&a.schedule, pos).unwrap_or_else(|| panic!("no span"));
    start <= now && now < span.end
}

#[test]
fn the_bundled_program_opens_on_the_talk_in_progress() {
    // 19 Sep 14:38: exactly one talk is on (Torch.Compile for Autograd, DDP and FSDP, 14:30-14:55).
    let (_d, a) = app(at("2024-09-19T14:38:00-07:00"), (120, 40));
    assert_eq!(selected_id(&a), "1fHn2");
    assert_eq!(
        a.days[a.day],
        DayTab::On(NaiveDate::from_ymd_opt(2024, 9, 19).unwrap_or_default())
    );
}

#[test]
fn a_starred_talk_in_progress_comes_first() {
    let Some(program) = program_36c3() else {
        return;
    };
    let now = at("2019-12-28T16:05:00+01:00");
    // Star the session in progress that started first (a long workshop, say): it must win over
    // the one that started last, which is chosen when nothing is starred.
    let (_d, probe) = app_on(program.clone(), now, (120, 40));
    let timeline = hallway::agenda::Timeline::new(&probe.schedule);
    let on: Vec<usize> = timeline
        .timed()
        .filter(|(_, s)| s.contains(now))
        .map(|(p, _)| p)
        .collect();
    assert!(on.len() > 3, "not a busy moment: {} on", on.len());
    let first = *on
        .iter()
        .min_by_key(|p| timeline.span(**p).map(|s| s.start))
        .unwrap_or_else(|| panic!("none"));
    let id = program.sessions()[first].id.clone();
    assert_ne!(
        selected_id(&probe),
        id,
        "the unstarred pick is the latest to start"
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut store, _) =
        hallway::store::Store::open(dir.path(), now).unwrap_or_else(|e| panic!("{e}"));
    store
        .apply(
            hallway::store::Change::Star {
                conference: program.conference.id.clone(),
                session: id.clone(),
            },
            now,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let a = App::new(program, store, now, (120, 40));
    assert_eq!(selected_id(&a), id);
}

#[test]
fn at_night_the_36c3_tui_opens_on_the_evenings_tab_with_a_talk_in_progress() {
    let Some(program) = program_36c3() else {
        return;
    };
    let now = at("2019-12-28T00:55:00+01:00");
    for size in [(80, 24), (120, 40)] {
        let (_d, mut a) = app_on(program.clone(), now, size);
        assert!(in_progress(&a, now), "{}", selected_id(&a));
        assert_eq!(
            a.days[a.day],
            DayTab::On(NaiveDate::from_ymd_opt(2019, 12, 27).unwrap_or_default()),
            "the night of the 27th"
        );
        // The now line sits after what has started and before what has not.
        let line = a
            .rows
            .iter()
            .position(|r| *r == Row::Now)
            .unwrap_or_else(|| panic!("no now line"));
        let starts = |rows: &[Row]| -> Vec<DateTime<FixedOffset>> {
            rows.iter()
                .filter_map(|r| match r {
                    Row::Session(p) => a.schedule.sessions()[*p].start,
                    _ => None,
                })
                .collect()
        };
        assert!(starts(&a.rows[..line]).iter().all(|s| *s <= now));
        assert!(starts(&a.rows[line..]).iter().all(|s| *s > now));
        let shown = screen(&mut a);
        assert!(shown.contains("── now 00:55"), "{shown}");
        insta::assert_snapshot!(format!("night_36c3_{}x{}", size.0, size.1), shown);
    }
}

#[test]
fn dot_jumps_back_to_now_from_another_day_the_grid_and_a_filter() {
    let Some(program) = program_36c3() else {
        return;
    };
    let now = at("2019-12-28T16:05:00+01:00");
    let (_d, mut a) = app_on(program, now, (120, 40));
    let first = selected_id(&a);
    assert!(in_progress(&a, now));
    keys(&mut a, "]]jjjj");
    assert_ne!(selected_id(&a), first);
    keys(&mut a, ".");
    assert_eq!(selected_id(&a), first);
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("now: ")),
        "{:?}",
        a.status
    );
    // From the grid of another day: back, scrolled to the talk, the gutter marking now.
    keys(&mut a, "[t");
    keys(&mut a, ".");
    assert_eq!(selected_id(&a), first);
    let shown = screen(&mut a);
    assert!(
        shown.contains("16:05▸"),
        "no now mark in the grid:\n{shown}"
    );
    // From ★ Starred with nothing starred: the filter goes back to All.
    keys(&mut a, "t<Tab>");
    let (_d2, mut b) = app_on(a.schedule.as_ref().clone(), now, (120, 40));
    keys(&mut b, "hjj<Enter>");
    keys(&mut b, ".");
    assert_eq!(selected_id(&b), first);
}

#[test]
fn before_and_after_the_conference_nothing_moves_and_dot_says_why() {
    let program = bundled::load().unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut after) = app_on(program.clone(), at("2026-11-25T12:00:00+00:00"), (120, 40));
    assert!(!after.rows.contains(&Row::Now));
    keys(&mut after, ".");
    assert!(
        after
            .status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("over")),
        "{:?}",
        after.status
    );
    // Before: `.` selects what starts first.
    let (_d, mut before) = app_on(program, at("2024-09-17T09:00:00-07:00"), (120, 40));
    keys(&mut before, ".");
    assert_eq!(selected_id(&before), "1fHmN");
}

#[test]
fn the_starred_agenda_has_a_now_line_between_what_is_over_and_what_is_to_come() {
    let now = at("2024-09-19T13:00:00-07:00");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut store, _) =
        hallway::store::Store::open(dir.path(), now).unwrap_or_else(|e| panic!("{e}"));
    for id in ["1fHmk", "1fHn2"] {
        store
            .apply(
                hallway::store::Change::Star {
                    conference: "pytorch-conference-2024".into(),
                    session: id.into(),
                },
                now,
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut a = App::new(
        bundled::load().unwrap_or_else(|e| panic!("{e}")),
        store,
        now,
        (120, 40),
    );
    // Nothing is on at 13:00: what starts next is selected.
    assert_eq!(selected_id(&a), "1fHn2");
    keys(&mut a, "hjj<Enter>");
    let order: Vec<String> = a
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Session(p) => Some(a.schedule.sessions()[*p].id.clone()),
            Row::Now => Some("now".into()),
            Row::Heading(_) => None,
        })
        .collect();
    assert_eq!(order, ["1fHmk", "now", "1fHn2"]);
    assert!(screen(&mut a).contains("── now 13:00"));
}
