//! Browsing by room and by speaker: `b` switches the Tracks pane between Tracks, Rooms and
//! Speakers from the first screen; a room lists its sessions in time order, a speaker theirs.
//! On the bundled program and on FOSDEM 2025 (imported from its Pentabarf XML).

mod common;
mod tui_support;

use hallway::import::{self, ImportOptions};
use hallway::schedule::{Schedule, speakers};
use hallway::tui::app::{App, Pane};
use hallway::tui::key::Key;
use hallway::tui::keymap::{self, Context};
use hallway::tui::view::{Row, Section, TrackFilter};
use tui_support::{app, app_on, keys, later, screen};

fn fosdem() -> Option<Schedule> {
    let path = common::shared("fixtures/fosdem-2025-schedule-LARGE.xml")?;
    Some(
        import::import_path(&path, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .schedule,
    )
}

/// Moves the Tracks pane's selection to the entry labelled `label` with `j`, as a user would.
fn choose(a: &mut App, label: &str) {
    let at = a
        .tracks
        .iter()
        .position(|e| e.filter.label() == label)
        .unwrap_or_else(|| panic!("no entry {label}"));
    keys(a, "g");
    keys(a, &"j".repeat(at));
    assert_eq!(a.tracks_list.selected(), Some(at));
}

/// The sessions the Timeslots pane lists, in order.
fn listed(a: &App) -> Vec<usize> {
    a.rows
        .iter()
        .filter_map(|r| match r {
            Row::Session(i) => Some(*i),
            _ => None,
        })
        .collect()
}

#[test]
fn the_first_screen_offers_rooms_and_speakers() {
    assert_eq!(
        keymap::lookup(Context::Browse, Key::char('b')),
        Some(hallway::tui::action::Action::NextSection)
    );
    let (_d, mut a) = app(later(), (120, 40));
    let first = screen(&mut a);
    assert!(first.contains("b rooms/speakers"), "{first}");
    assert!(first.contains("Tracks (b)"), "{first}");
    keys(&mut a, "b");
    assert_eq!(a.section, Section::Rooms);
    assert_eq!(a.focus, Pane::Tracks);
    let rooms: Vec<String> = a.schedule.index().rooms().keys().cloned().collect();
    let shown: Vec<String> = a.tracks.iter().map(|e| e.filter.label()).collect();
    assert_eq!(shown, rooms);
    keys(&mut a, "b");
    assert_eq!(a.section, Section::Speakers);
    assert!(
        a.tracks
            .iter()
            .any(|e| e.filter == TrackFilter::Speaker("Soumith Chintala".to_owned()))
    );
    keys(&mut a, "b");
    assert_eq!(a.section, Section::Tracks);
    assert_eq!(a.tracks[0].filter, TrackFilter::All);
}

#[test]
fn each_section_remembers_its_entry() {
    let (_d, mut a) = app(later(), (120, 40));
    keys(&mut a, "bb");
    choose(&mut a, "Soumith Chintala");
    keys(&mut a, "bjbb");
    assert_eq!(a.section, Section::Speakers);
    let chosen = a.tracks_list.selected().map(|i| a.tracks[i].filter.clone());
    assert_eq!(
        chosen,
        Some(TrackFilter::Speaker("Soumith Chintala".to_owned()))
    );
    assert!(listed(&a).iter().all(|&i| {
        a.schedule.sessions()[i]
            .speakers
            .iter()
            .any(|sp| sp.name == "Soumith Chintala")
    }));
}

#[test]
fn fosdem_offers_rooms_and_speakers_and_a_room_lists_its_sessions_in_time_order() {
    let Some(schedule) = fosdem() else { return };
    let (_d, mut a) = app_on(schedule, later(), (120, 40));
    assert!(screen(&mut a).contains("b rooms/speakers"));
    keys(&mut a, "b");
    assert_eq!(a.tracks.len(), a.schedule.index().rooms().len());
    assert!(a.tracks.len() > 20, "FOSDEM 2025's program has 29 rooms");
    choose(&mut a, "H.2213");
    let shown = listed(&a);
    let mut expected = a.schedule.index().rooms()["H.2213"].clone();
    assert_eq!(shown.len(), expected.len());
    assert!(shown.len() > 20);
    let sessions = a.schedule.sessions();
    assert!(
        shown
            .iter()
            .all(|&i| sessions[i].room.as_deref() == Some("H.2213"))
    );
    let starts: Vec<_> = shown.iter().map(|&i| sessions[i].start).collect();
    assert!(starts.iter().all(Option::is_some));
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    let mut sorted = shown.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
}

#[test]
fn fosdem_speakers_are_one_per_name_sorted_and_list_their_sessions() {
    let Some(schedule) = fosdem() else { return };
    let (_d, mut a) = app_on(schedule, later(), (120, 40));
    keys(&mut a, "bb");
    let keys_: Vec<String> = a
        .tracks
        .iter()
        .map(|e| speakers::key(&e.filter.label()))
        .collect();
    assert!(
        keys_.windows(2).all(|w| w[0] < w[1]),
        "sorted, no duplicates"
    );
    // Every speaker of the program is there.
    let mut all: Vec<String> = a
        .schedule
        .sessions()
        .iter()
        .flat_map(|s| s.speakers.iter().map(|sp| speakers::key(&sp.name)))
        .filter(|k| !k.is_empty())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(keys_, all);
    choose(&mut a, "Jordan Maris");
    let entry = &a.tracks[a.tracks_list.selected().unwrap_or(0)];
    assert_eq!(entry.count, 9);
    let shown = listed(&a);
    assert_eq!(shown.len(), 9);
    for i in shown {
        let s = &a.schedule.sessions()[i];
        assert!(
            s.speakers.iter().any(|sp| sp.name == "Jordan Maris"),
            "{}",
            s.title
        );
    }
}

#[test]
fn a_speaker_shows_their_affiliation_and_sessions_on_the_bundled_program() {
    let (_d, mut a) = app(later(), (200, 60));
    keys(&mut a, "bb");
    choose(&mut a, "Soumith Chintala");
    let entry = &a.tracks[a.tracks_list.selected().unwrap_or(0)];
    assert_eq!(entry.note.as_deref(), Some("Meta"));
    let shown = listed(&a);
    assert_eq!(shown.len(), entry.count);
    assert!(!shown.is_empty());
    for i in shown {
        let s = &a.schedule.sessions()[i];
        assert!(s.speakers.iter().any(|sp| sp.name == "Soumith Chintala"));
    }
    assert!(screen(&mut a).contains("Soumith Chintala · Meta"));
}

#[test]
fn the_36c3_speakers_list_is_built_once_and_switching_stays_fast() {
    let Some(path) = common::shared("fixtures/36c3-everything-merged-schedule-LARGE.json") else {
        return;
    };
    let schedule = import::import_path(&path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .schedule;
    assert_eq!(schedule.sessions().len(), 1351);
    let (_d, mut a) = app_on(schedule, later(), (120, 40));
    let started = std::time::Instant::now();
    keys(&mut a, "bb");
    for _ in 0..20 {
        keys(&mut a, "j");
        let _ = screen(&mut a);
    }
    // Generous for a debug build on a busy machine; a per-frame rebuild of the speakers from
    // every session would still pass this only by luck, the index keeps it far below.
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(a.tracks.len() > 500);
}

fn snapshot_at(section_keys: &str, size: (u16, u16)) -> String {
    let (_d, mut a) = app(later(), size);
    keys(&mut a, section_keys);
    screen(&mut a)
}

/// FOSDEM 2025's Rooms, room H.2213 chosen (the bundled program has a single room).
fn fosdem_rooms_at(size: (u16, u16)) -> Option<String> {
    let (_d, mut a) = app_on(fosdem()?, later(), size);
    keys(&mut a, "b");
    choose(&mut a, "H.2213");
    Some(screen(&mut a))
}

#[test]
fn rooms_at_80_by_24() {
    if let Some(shown) = fosdem_rooms_at((80, 24)) {
        insta::assert_snapshot!(shown);
    }
}

#[test]
fn rooms_at_120_by_40() {
    if let Some(shown) = fosdem_rooms_at((120, 40)) {
        insta::assert_snapshot!(shown);
    }
}

#[test]
fn rooms_at_200_by_60() {
    if let Some(shown) = fosdem_rooms_at((200, 60)) {
        insta::assert_snapshot!(shown);
    }
}

#[test]
fn speakers_at_80_by_24() {
    insta::assert_snapshot!(snapshot_at("bbjj", (80, 24)));
}

#[test]
fn speakers_at_120_by_40() {
    insta::assert_snapshot!(snapshot_at("bbjj", (120, 40)));
}

#[test]
fn speakers_at_200_by_60() {
    insta::assert_snapshot!(snapshot_at("bbjj", (200, 60)));
}

#[test]
fn speakers_are_deduplicated_by_name_whatever_the_case_and_spacing() {
    let with = |id: &str, title: &str, start: &str, speakers: &str| {
        common::session(id, title, Some(start), None)
            .replace("\"speakers\": []", &format!("\"speakers\": [{speakers}]"))
    };
    let ada = r#"{ "name": "Ada  Lovelace", "affiliation": null, "role": null }"#;
    let ada2 = r#"{ "name": "ada lovelace", "affiliation": "Analytical Engines", "role": null }"#;
    let bob = r#"{ "name": "Bob", "affiliation": null, "role": null }"#;
    let text = common::schedule_json(&[
        &with("late", "Second talk", "2025-03-01T15:00:00+01:00", ada2),
        &with(
            "early",
            "First talk",
            "2025-03-01T10:00:00+01:00",
            &format!("{bob}, {ada}"),
        ),
    ]);
    let schedule =
        hallway::schedule::load::from_str(&text, "people.json").unwrap_or_else(|e| panic!("{e:?}"));
    let (_d, mut a) = app_on(schedule, later(), (120, 40));
    // No rooms in this program: `b` goes straight to Speakers.
    keys(&mut a, "b");
    assert_eq!(a.section, Section::Speakers);
    let shown: Vec<(String, Option<String>, usize)> = a
        .tracks
        .iter()
        .map(|e| (e.filter.label(), e.note.clone(), e.count))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "Ada Lovelace".to_owned(),
                Some("Analytical Engines".to_owned()),
                2
            ),
            ("Bob".to_owned(), None, 1),
        ]
    );
    // Ada's two talks, in time order, though the program lists the later one first.
    let titles: Vec<&str> = listed(&a)
        .into_iter()
        .map(|i| a.schedule.sessions()[i].title.as_str())
        .collect();
    assert_eq!(titles, ["First talk", "Second talk"]);
}

#[test]
fn without_rooms_b_goes_straight_to_speakers_and_back() {
    let text = common::schedule_json(&[&common::session(
        "t",
        "Talk",
        Some("2025-03-01T10:00:00+01:00"),
        None,
    )
    .replace(
        "\"speakers\": []",
        r#""speakers": [{ "name": "Eve", "affiliation": null, "role": null }]"#,
    )]);
    let schedule = hallway::schedule::load::from_str(&text, "roomless.json")
        .unwrap_or_else(|e| panic!("{e:?}"));
    let (_d, mut a) = app_on(schedule, later(), (120, 40));
    keys(&mut a, "b");
    assert_eq!(a.section, Section::Speakers);
    keys(&mut a, "b");
    assert_eq!(a.section, Section::Tracks);
}

/// At 14:38 on FOSDEM's Sunday, choosing a room shows the talk on in it now, not a row at
/// the old list's position; after the conference, the room's first talk.
#[test]
fn choosing_a_room_during_the_conference_selects_what_is_on_in_it() {
    let Some(schedule) = fosdem() else { return };
    let at = chrono::DateTime::parse_from_rfc3339("2025-02-02T14:38:00+01:00")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut a) = app_on(schedule.clone(), at, (80, 24));
    keys(&mut a, "b");
    let title = |a: &App| a.selected().map(|s| s.title.clone()).unwrap_or_default();
    choose(&mut a, "AW1.120");
    assert_eq!(
        title(&a),
        "Panel Discussion: A European Strategy for Digital Sovereignty"
    );
    choose(&mut a, "AW1.126");
    assert_eq!(
        title(&a),
        "A Sovereign Open Source Work Environment with LCM and openDesk"
    );
    // The now line shows under it.
    keys(&mut a, "<Enter>");
    assert!(
        screen(&mut a).contains("── now 14:38"),
        "{}",
        screen(&mut a)
    );

    let (_d, mut b) = app_on(schedule, later(), (80, 24));
    keys(&mut b, "b");
    choose(&mut b, "AW1.126");
    let first = listed(&b)[0];
    assert_eq!(
        b.selected().map(|s| s.id.as_str()),
        Some(b.schedule.sessions()[first].id.as_str())
    );
}

/// A day switch chooses afresh too: back to today, what is on now; another day, its first talk
/// (not the row at the old day's position).
#[test]
fn switching_days_during_the_conference_lands_on_now_or_the_days_first_talk() {
    let Some(schedule) = fosdem() else { return };
    let at = chrono::DateTime::parse_from_rfc3339("2025-02-02T14:38:00+01:00")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_d, mut a) = app_on(schedule, at, (80, 24));
    let title = |a: &App| a.selected().map(|s| s.title.clone()).unwrap_or_default();
    let now = "A Sovereign Open Source Work Environment with LCM and openDesk";
    assert_eq!(title(&a), now);
    keys(&mut a, "[");
    let first = listed(&a)[0];
    assert_eq!(title(&a), a.schedule.sessions()[first].title);
    keys(&mut a, "jjj]");
    assert_eq!(title(&a), now);
}
