//! The app's update: actions and keys in, state out. No terminal.

mod tui_support;

use hallway::schedule::bundled;
use hallway::search::SearchIndex;
use hallway::tui::action::Action;
use hallway::tui::app::{Effect, Mode, Pane};
use hallway::tui::view::{DayTab, Row, TrackFilter};
use tui_support::{app, keys, later, wednesday};

#[test]
fn opens_on_today_during_the_conference_and_on_all_days_otherwise() {
    let (_d, a) = app(wednesday(), (120, 40));
    assert_eq!(a.days[a.day].label(), "Wed 18 Sep");
    let (_d, b) = app(later(), (120, 40));
    assert_eq!(b.days[b.day], DayTab::All);
    let labels: Vec<(String, usize)> = b
        .days
        .iter()
        .map(|d| (d.label(), d.count(&b.schedule)))
        .collect();
    let want = [
        ("All days", 90),
        ("Wed 18 Sep", 3),
        ("Thu 19 Sep", 3),
        ("No date", 84),
    ];
    assert_eq!(labels, want.map(|(l, n)| (l.to_owned(), n)));
}

#[test]
fn all_days_lists_every_session_with_the_untimed_ones_last_under_headings() {
    let (_d, a) = app(later(), (120, 40));
    let sessions = a
        .rows
        .iter()
        .filter(|r| matches!(r, Row::Session(_)))
        .count();
    assert_eq!(sessions, 90);
    let headings: Vec<&str> = a
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Heading(h) => Some(h.as_str()),
            Row::Session(_) | Row::Now => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Wed 18 Sep 14:55",
            "Thu 19 Sep 11:55",
            "Thu 19 Sep 14:30",
            "Wed 18 Sep · time not published",
            "Thu 19 Sep · time not published",
            "Date and time not published",
        ]
    );
    // The selection starts on the first session, not on a heading.
    assert!(matches!(
        a.rows[a.rows_list.selected().unwrap_or(0)],
        Row::Session(_)
    ));
}

#[test]
fn moving_skips_headings_and_clamps() {
    let (_d, mut a) = app(later(), (120, 40));
    let first = a.selected().map(|s| s.id.clone());
    a.update(Action::Up);
    assert_eq!(a.selected().map(|s| s.id.clone()), first);
    a.update(Action::Down);
    assert_eq!(a.selected().map(|s| s.id.as_str()), Some("1fHmk"));
    a.update(Action::Bottom);
    let last = a.selected().map(|s| s.id.clone());
    a.update(Action::Down);
    assert_eq!(a.selected().map(|s| s.id.clone()), last);
    a.update(Action::Top);
    assert_eq!(a.selected().map(|s| s.id.clone()), first);
    a.update(Action::PageDown);
    assert!(a.rows_list.selected().unwrap_or(0) > 20);
}

#[test]
fn days_switch_with_brackets_and_keep_within_bounds() {
    let (_d, mut a) = app(later(), (120, 40));
    a.update(Action::PrevDay);
    assert_eq!(a.day, 0);
    keys(&mut a, "]]]]]");
    assert_eq!(a.days[a.day], DayTab::Undated);
    assert_eq!(
        a.rows
            .iter()
            .filter(|r| matches!(r, Row::Session(_)))
            .count(),
        84
    );
    keys(&mut a, "[[");
    assert_eq!(a.days[a.day].label(), "Wed 18 Sep");
    assert_eq!(
        a.rows
            .iter()
            .filter(|r| matches!(r, Row::Session(_)))
            .count(),
        3
    );
}

#[test]
fn choosing_a_track_filters_the_middle_pane_and_counts_follow_the_day() {
    let (_d, mut a) = app(later(), (120, 40));
    a.focus = Pane::Tracks;
    let dl = a
        .tracks
        .iter()
        .position(|t| t.filter == TrackFilter::Track("DL Compiler Mini-Summit".into()))
        .unwrap_or_else(|| panic!("no DL Compiler track"));
    assert_eq!(a.tracks[dl].count, 7);
    for _ in 0..dl {
        a.update(Action::Down);
    }
    assert_eq!(
        a.rows
            .iter()
            .filter(|r| matches!(r, Row::Session(_)))
            .count(),
        7
    );
    a.update(Action::Open);
    assert_eq!(a.focus, Pane::Slots);
    a.update(Action::NextDay);
    assert_eq!(
        a.tracks[dl].count, 0,
        "no DL Compiler session has Wednesday as its day"
    );
}

#[test]
fn star_toggles_and_saves_at_once() {
    let (dir, mut a) = app(wednesday(), (120, 40));
    let id = a.selected().map(|s| s.id.clone()).unwrap_or_default();
    keys(&mut a, "s");
    assert!(a.store.is_starred("pytorch-conference-2024", &id));
    let state = std::fs::read_to_string(dir.path().join("state.json")).unwrap_or_default();
    assert!(state.contains(&format!("\"{id}\"")), "{state}");
    assert_eq!(
        a.status.as_ref().map(|s| s.text.as_str()),
        Some("★ starred")
    );
    let starred = a
        .tracks
        .iter()
        .find(|t| t.filter == TrackFilter::Starred)
        .map(|t| t.count);
    assert_eq!(starred, Some(1));
    keys(&mut a, "<Space>");
    assert!(!a.store.is_starred("pytorch-conference-2024", &id));
}

#[test]
fn the_note_line_saves_on_enter_and_stays_open_with_the_next_number() {
    let (dir, mut a) = app(wednesday(), (120, 40));
    keys(&mut a, "n");
    assert_eq!(a.mode, Mode::NoteInput);
    assert_eq!(a.note_number(), 1);
    keys(&mut a, "first<Enter>");
    assert_eq!(a.mode, Mode::NoteInput);
    assert_eq!(a.note_number(), 2);
    assert_eq!(a.input.text(), "");
    keys(&mut a, "second, typo<BS><BS>po<C-Left>X<Enter>");
    let id = a.selected().map(|s| s.id.clone()).unwrap_or_default();
    let texts: Vec<String> = a
        .store
        .notes("pytorch-conference-2024", &id)
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert_eq!(texts, ["first", "second, Xtypo"]);
    let state = std::fs::read_to_string(dir.path().join("state.json")).unwrap_or_default();
    assert!(state.contains("second, Xtypo"));
    keys(&mut a, "<Enter>");
    assert_eq!(
        a.store.notes("pytorch-conference-2024", &id).len(),
        2,
        "empty lines are not saved"
    );
    keys(&mut a, "half-typed<Esc>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.store.notes("pytorch-conference-2024", &id).len(), 2);
}

#[test]
fn notes_are_edited_deleted_and_undeleted_from_the_session_pane() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    keys(&mut a, "none<Enter>two<Enter>three<Enter><Esc>");
    let id = a.selected().map(|s| s.id.clone()).unwrap_or_default();
    let texts = |a: &hallway::tui::app::App| -> Vec<String> {
        a.store
            .notes("pytorch-conference-2024", &id)
            .iter()
            .map(|n| n.text.clone())
            .collect()
    };
    assert_eq!(a.focus, Pane::Detail);
    keys(&mut a, "jj");
    assert_eq!(a.note, Some(1));
    keys(&mut a, "e<End> (edited)<Enter>");
    assert_eq!(texts(&a), ["one", "two (edited)", "three"]);
    keys(&mut a, "kd");
    assert_eq!(texts(&a), ["two (edited)", "three"]);
    keys(&mut a, "u");
    assert_eq!(
        texts(&a),
        ["one", "two (edited)", "three"],
        "undo puts it back in place"
    );
    assert!(
        a.update(Action::UndoDelete).is_none(),
        "only one delete to undo"
    );
}

#[test]
fn search_finds_across_days_jumps_and_esc_restores_the_view() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    let before = (a.day, a.selected().map(|s| s.id.clone()));
    keys(&mut a, "/inductr");
    assert_eq!(a.mode, Mode::Search);
    assert!(!a.search.hits.is_empty());
    assert!(a.selected().is_some_and(|s| s.title.contains("Inductor")));
    keys(&mut a, "<Esc>");
    assert_eq!((a.day, a.selected().map(|s| s.id.clone())), before);
    keys(&mut a, "/vllm<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.selected().map(|s| s.id.as_str()), Some("1fHmx"));
    assert_eq!(a.days[a.day].label(), "Thu 19 Sep");
    keys(&mut a, "/zzzzqqq<Enter>");
    assert_eq!(a.mode, Mode::Search, "nothing to jump to");
    assert!(a.status.as_ref().is_some_and(|s| s.error));
}

#[test]
fn the_search_index_is_built_once_elsewhere_and_a_stale_one_is_dropped() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    let schedule = a.index_wanted().unwrap_or_else(|| panic!("asked for once"));
    assert!(a.index_wanted().is_none(), "not asked for twice");
    // An index of another program (one replaced since) is not taken.
    let other = std::sync::Arc::new(bundled::load().unwrap_or_else(|e| panic!("{e}")));
    keys(&mut a, "/");
    assert!(
        a.index_pending_for_search(),
        "the event loop waits for it now"
    );
    assert!(!a.index_ready(&other, SearchIndex::new(&other)));
    assert!(a.index_pending_for_search());
    // The right one: taken (nothing typed yet, so nothing on screen changes).
    assert!(!a.index_ready(&schedule, SearchIndex::new(&schedule)));
    assert!(!a.index_pending_for_search());
    keys(&mut a, "vllm");
    assert!(a.selected().is_some_and(|s| s.id == "1fHmx"));
    assert!(a.index_wanted().is_none(), "built: not asked for again");
    // A program switched to is indexed afresh.
    a.set_schedule(bundled::load().unwrap_or_else(|e| panic!("{e}")));
    assert!(a.index_wanted().is_some());
}

#[test]
fn searching_before_the_index_arrives_builds_it_on_the_spot() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    keys(&mut a, "/vllm");
    assert!(a.selected().is_some_and(|s| s.id == "1fHmx"));
    assert!(a.index_wanted().is_none(), "already built");
}

#[test]
fn links_open_through_an_effect_and_missing_ones_are_reported() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    assert_eq!(
        a.update(Action::OpenLink),
        Some(Effect::Open {
            url: "https://pytorch2024.sched.com/event/1fHmN".into()
        })
    );
    // A session whose only link is the recap page has no video.
    keys(&mut a, "/flare party<Enter>");
    assert_eq!(
        a.selected().map(|s| s.id.as_str()),
        Some("pytorch-flare-party")
    );
    assert_eq!(a.update(Action::OpenVideo), None);
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.text.contains("no video"))
    );
}

#[test]
fn panes_cycle_and_narrow_layouts_drill_in_and_back() {
    let (_d, mut a) = app(wednesday(), (50, 20));
    assert_eq!(a.focus, Pane::Slots);
    keys(&mut a, "<Enter>");
    assert_eq!(a.focus, Pane::Detail);
    keys(&mut a, "<Esc>");
    assert_eq!(a.focus, Pane::Slots);
    keys(&mut a, "<Esc>");
    assert_eq!(a.focus, Pane::Tracks);
    keys(&mut a, "<Tab><Tab><Tab>");
    assert_eq!(a.focus, Pane::Tracks);
    keys(&mut a, "<S-Tab>");
    assert_eq!(a.focus, Pane::Detail);
}

#[test]
fn help_opens_and_closes_and_quit_quits() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    keys(&mut a, "?");
    assert_eq!(a.mode, Mode::Help);
    keys(&mut a, "jj<Esc>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.update(Action::Quit), Some(Effect::Quit));
    assert!(a.quit);
}

#[test]
fn starred_filter_updates_when_a_star_is_removed() {
    let (_d, mut a) = app(later(), (120, 40));
    keys(&mut a, "sjs");
    a.focus = Pane::Tracks;
    keys(&mut a, "jj<Enter>");
    assert_eq!(
        a.rows
            .iter()
            .filter(|r| matches!(r, Row::Session(_)))
            .count(),
        2
    );
    keys(&mut a, "s");
    assert_eq!(
        a.rows
            .iter()
            .filter(|r| matches!(r, Row::Session(_)))
            .count(),
        1
    );
    assert!(
        a.selected().is_some(),
        "the selection moves to a remaining session"
    );
}

#[test]
fn quitting_mid_note_saves_what_was_typed() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    keys(&mut a, "nhalf typed<C-c>");
    assert!(a.quit);
    let id = a.selected().map(|s| s.id.clone()).unwrap_or_default();
    let texts: Vec<String> = a
        .store
        .notes("pytorch-conference-2024", &id)
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert_eq!(texts, ["half typed"]);
}

#[test]
fn the_hint_bar_keeps_help_and_quit_when_narrow() {
    let (_d, mut a) = app(later(), (50, 20));
    let screen = tui_support::screen(&mut a);
    let last = screen.lines().last().unwrap_or_default();
    assert!(last.contains("? help") && last.contains("q quit"), "{last}");
}

#[test]
fn the_conference_switcher_opens_an_imported_program_and_back() {
    let (dir, mut a) = app(wednesday(), (120, 40));
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/frab-quirks.json");
    let library = hallway::library::Library::new(dir.path());
    let saved = library
        .import(
            &file,
            Some("quirks"),
            &hallway::import::ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    keys(&mut a, "s");
    keys(&mut a, "c");
    assert_eq!(a.mode, Mode::Conferences);
    let names: Vec<&str> = a.conferences.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["pytorch-conference-2024", "quirks"]);
    keys(&mut a, "j<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.schedule.conference.id, "quirks");
    assert_eq!(
        a.schedule.sessions().len(),
        saved.imported.schedule.sessions().len()
    );
    assert_eq!(
        a.days[a.day],
        DayTab::All,
        "not the conference's day: All days"
    );
    keys(&mut a, "ck<Enter>");
    assert_eq!(a.schedule.conference.id, "pytorch-conference-2024");
    let starred = a
        .tracks
        .iter()
        .find(|t| t.filter == TrackFilter::Starred)
        .map(|t| t.count);
    assert_eq!(starred, Some(1), "stars are kept per conference");
}

#[test]
fn z_shows_times_in_your_zone_across_a_daylight_saving_change() {
    // Berlin leaves summer time in the night of 25–26 October 2025; New York a week later.
    let text = r#"{"format":"hallway-schedule","version":1,
      "conference":{"id":"dst","name":"DST Conf","start_date":"2025-10-25","end_date":"2025-10-26",
        "time_zone":"Europe/Berlin","utc_offset":"+02:00"},
      "sessions":[
        {"id":"sat","title":"Saturday talk","start":"2025-10-25T10:00:00+02:00","end":"2025-10-25T10:30:00+02:00"},
        {"id":"sun","title":"Sunday talk","start":"2025-10-26T10:00:00+01:00","end":"2025-10-26T10:30:00+01:00"}]}"#;
    let schedule =
        hallway::schedule::load::from_str(text, "dst.json").unwrap_or_else(|e| panic!("{e}"));
    let now = chrono::DateTime::parse_from_rfc3339("2025-10-26T08:00:00Z")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut a) = tui_support::app_on(schedule, now, (120, 30));
    a.local_zone = hallway::timefmt::Zone::Named(chrono_tz::America::New_York);
    a.day = 0;
    a.refresh();
    let headings = |a: &hallway::tui::app::App| -> Vec<String> {
        a.rows
            .iter()
            .filter_map(|r| match r {
                Row::Heading(h) => Some(h.clone()),
                Row::Session(_) | Row::Now => None,
            })
            .collect()
    };
    assert_eq!(headings(&a), ["Sat 25 Oct 10:00", "Sun 26 Oct 10:00"]);
    let screen = tui_support::screen(&mut a);
    assert!(
        screen.contains("Sun 26 Oct 09:00 CET (conference time)"),
        "{screen}"
    );
    keys(&mut a, "z");
    assert_eq!(headings(&a), ["Sat 25 Oct 04:00", "Sun 26 Oct 05:00"]);
    let screen = tui_support::screen(&mut a);
    assert!(
        screen.contains("Sun 26 Oct 04:00 EDT (your time)"),
        "{screen}"
    );
    assert!(
        screen.contains("Sunday 26 October 2025,") && screen.contains("05:00–05:30 EDT"),
        "{screen}"
    );
    keys(&mut a, "z");
    assert_eq!(headings(&a), ["Sat 25 Oct 10:00", "Sun 26 Oct 10:00"]);
}
