//! frab / pretalx / C3VOC schedule.json: every real file in ../shared/fixtures imports with as
//! many sessions as an independent count of its events, a few sessions carry exactly the
//! file's values, and the hand-written quirk files behave as documented in docs/import.md.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use hallway::import::{self, Format, ImportOptions, Imported};
use hallway::schedule::{LinkKind, Schedule, Session};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(path: &Path) -> Imported {
    import::import_path(path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Events counted straight from the JSON: every entry of every room's list.
fn count_events(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    json["schedule"]["conference"]["days"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|day| day["rooms"].as_object().into_iter().flatten())
        .map(|(_, events)| events.as_array().map_or(0, Vec::len))
        .sum()
}

fn t(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn by_id<'a>(s: &'a Schedule, id: &str) -> &'a Session {
    s.get(id)
        .unwrap_or_else(|| panic!("no session {id}; close: {:?}", s.closest_ids(id, 3)))
}

fn speakers(s: &Session) -> Vec<&str> {
    s.speakers.iter().map(|p| p.name.as_str()).collect()
}

/// Asserts one session's title, start, end, day, room and speakers.
fn check(s: &Session, title: &str, start: &str, end: &str, day: &str, room: &str, who: &[&str]) {
    assert_eq!(s.title, title);
    assert_eq!(s.start, Some(t(start)), "{title}");
    assert_eq!(s.end, Some(t(end)), "{title}");
    assert_eq!(s.day, Some(date(day)), "{title}");
    assert_eq!(s.room.as_deref(), Some(room), "{title}");
    assert_eq!(speakers(s), who, "{title}");
}

#[test]
fn frab_33c3() {
    let Some(path) = common::shared("fixtures/33c3-frab-schedule.json") else {
        return;
    };
    let imported = import(&path);
    assert_eq!(imported.format, Format::FrabJson);
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 150);
    let c = &s.conference;
    assert_eq!(c.id, "33c3");
    assert_eq!(c.name, "33. Chaos Communication Congress");
    assert_eq!(
        (c.start_date, c.end_date),
        (date("2016-12-27"), date("2016-12-30"))
    );
    // No time_zone_name: the offset comes from the events.
    assert_eq!(c.time_zone, None);
    assert_eq!(c.utc_offset.to_string(), "+01:00");
    check(
        by_id(s, "b8e0eb47-4832-4726-bc9b-9015bd96becf"),
        "33C3 Opening Ceremony",
        "2016-12-27T11:00:00+01:00",
        "2016-12-27T11:30:00+01:00",
        "2016-12-27",
        "Saal 1",
        &["anna", "elisa"],
    );
    let grid = by_id(s, "87092ad2-d3fd-4a37-bb58-1fe71217a06b");
    check(
        grid,
        "The Global Assassination Grid",
        "2016-12-27T11:30:00+01:00",
        "2016-12-27T12:30:00+01:00",
        "2016-12-27",
        "Saal 1",
        &["Cian Westmoreland"],
    );
    assert_eq!(grid.track.as_deref(), Some("Ethics, Society & Politics"));
    assert_eq!(grid.kind.as_deref(), Some("lecture"));
    assert!(
        grid.summary_text()
            .as_deref()
            .is_some_and(|t| t.starts_with("As they say in the Air Force"))
    );
    // After midnight: starts on the 29th, filed under the 28th.
    check(
        by_id(s, "f21478d4-e8db-4f19-854c-2f74b5824706"),
        "Fnord-Jahresrückblick",
        "2016-12-29T00:45:00+01:00",
        "2016-12-29T02:15:00+01:00",
        "2016-12-28",
        "Saal 1",
        &["Fefe", "frank"],
    );
    let after_midnight = s
        .sessions()
        .iter()
        .filter(|x| {
            x.start
                .is_some_and(|t| t.date_naive() != x.day.unwrap_or_default())
        })
        .count();
    assert_eq!(after_midnight, 6);
}

#[test]
fn pretalx_rc3() {
    let Some(path) = common::shared("fixtures/rc3-2020-channels-pretalx-schedule.json") else {
        return;
    };
    let s = import(&path).schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 48);
    assert_eq!(s.conference.id, "rc3-channels-2020");
    assert_eq!(s.conference.utc_offset.to_string(), "+01:00");
    let talk = by_id(&s, "8b5ec7b3-ae62-5333-b1d3-e9ab845b9e9a");
    check(
        talk,
        "Die rosarote Brille des Fediverse",
        "2020-12-28T13:35:00+01:00",
        "2020-12-28T14:15:00+01:00",
        "2020-12-28",
        "backspace / franconian.net - Bamberg",
        &["eest9"],
    );
    assert_eq!(
        talk.link(LinkKind::Session),
        Some("https://pretalx.rc3.studio/rc3-channels-2020/talk/3TWRBB/")
    );
    assert_eq!(talk.kind.as_deref(), Some("Talk 30 min + 10min Q&A"));
    let gluon = by_id(&s, "c3642671-4c1f-5109-81ba-0535c1cc8428");
    assert_eq!(speakers(gluon), ["Chris Fiege", "Kasa"]);
}

#[test]
fn c3voc_39c3() {
    let Some(path) = common::shared("fixtures/39c3-himmel-c3voc-schedule.json") else {
        return;
    };
    let s = import(&path).schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 186);
    let c = &s.conference;
    assert_eq!(c.time_zone.as_deref(), Some("Europe/Berlin"));
    // conference.start is written "2025-12-27T10:00:00+00:00"; the days say the 27th too.
    assert_eq!(
        (c.start_date, c.end_date),
        (date("2025-12-27"), date("2025-12-30"))
    );
    assert_eq!(c.utc_offset.to_string(), "+01:00");
    check(
        by_id(&s, "7839bb58-30e3-5f36-ac06-59f292c0974c"),
        "Opening Ceremony",
        "2025-12-27T10:30:00+01:00",
        "2025-12-27T11:00:00+01:00",
        "2025-12-27",
        "Saal One",
        &["pajowu", "Stella"],
    );
    let pruf = by_id(&s, "ac0de412-3fa4-50d4-9d87-7e0232645fc0");
    check(
        pruf,
        "PRÜF",
        "2025-12-30T00:15:00+01:00",
        "2025-12-30T00:55:00+01:00",
        "2025-12-29",
        "Saal One",
        &["Nico Semsrott"],
    );
    assert_eq!(
        pruf.link(LinkKind::Session),
        Some("https://events.ccc.de/congress/2025/hub/event/detail/pruf")
    );
}

#[test]
fn merged_36c3_keeps_every_slot_of_duplicated_talks() {
    let Some(path) = common::shared("fixtures/36c3-everything-merged-schedule-LARGE.json") else {
        return;
    };
    let imported = import(&path);
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 1351);
    // 3 guids are used twice: both slots are kept, the later one numbered.
    let first = by_id(s, "4f5c1cc5-ad99-52dc-89cd-699eae66bcb8");
    let second = by_id(s, "4f5c1cc5-ad99-52dc-89cd-699eae66bcb8-2");
    for (x, start, end, day) in [
        (
            first,
            "2019-12-27T16:00:00+01:00",
            "2019-12-27T18:00:00+01:00",
            "2019-12-27",
        ),
        (
            second,
            "2019-12-29T14:00:00+01:00",
            "2019-12-29T16:00:00+01:00",
            "2019-12-29",
        ),
    ] {
        check(
            x,
            "Löten für Einsteiger",
            start,
            end,
            day,
            "OIO Solder Area",
            &["Stefan, DK6TM"],
        );
    }
    let renamed = s.sessions().iter().filter(|x| x.id.ends_with("-2")).count();
    assert_eq!(renamed, 3);
    // A zero-length event keeps its start and loses its end.
    let kerbal = by_id(s, "7581590f-0f77-5766-94d6-a4f3a0c43a2f");
    assert_eq!(kerbal.start, Some(t("2019-12-29T12:45:00+01:00")));
    assert_eq!(kerbal.end, None);
    assert!(imported.notes.iter().any(|n| n.contains("Kerbal")));
    // Filed under the 27th at 04:00 the next morning.
    let late = by_id(s, "84ea0aa7-282b-4da8-8579-5be720d0b281");
    check(
        late,
        "Therrorrythmus",
        "2019-12-28T04:00:00+01:00",
        "2019-12-28T06:00:00+01:00",
        "2019-12-27",
        "Discotheque Nouveauancien",
        &[],
    );
    // Links given as objects keep their title.
    assert_eq!(late.links.len(), 2);
    assert_eq!(late.links[1].url, "https://soundcloud.com/terrorrythmus");
    assert_eq!(
        late.links[1].title.as_deref(),
        Some("Therrorrythmus bei SoundCloud")
    );
    // "H:MM" durations are read: no event with a duration lost its end but the zero one.
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
        .unwrap_or_default();
    let h_mm = json["schedule"]["conference"]["days"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["rooms"].as_object().into_iter().flatten())
        .flat_map(|(_, e)| e.as_array().into_iter().flatten())
        .filter(|e| e["duration"].as_str().is_some_and(|d| d.len() == 4))
        .count();
    assert_eq!(h_mm, 617);
    let without_end = s.sessions().iter().filter(|x| x.end.is_none()).count();
    assert_eq!(without_end, 1);
    // Bare-string links become "other" links.
    let bare = s
        .sessions()
        .iter()
        .flat_map(|x| &x.links)
        .filter(|l| l.kind != LinkKind::Session && l.title.is_none())
        .count();
    assert!(bare >= 290, "{bare}");
}

#[test]
fn quirks_after_midnight_durations_offsets_entities_links() {
    let imported = import(&fixture("frab-quirks.json"));
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), 6, "{:?}", imported.notes);
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("event 2: not an object; skipped"))
    );
    let late = by_id(s, "after-midnight");
    check(
        late,
        "Late & Loud",
        "2024-03-02T00:15:00+01:00",
        "2024-03-02T01:45:00+01:00",
        "2024-03-01",
        "Hall A",
        &["Nora Night", "Owl"],
    );
    assert_eq!(
        late.summary_text().as_deref(),
        Some("Café \"night\" talk — details (https://example.org/night)\n\nSecond's paragraph")
    );
    let kinds: Vec<(LinkKind, &str)> = late
        .links
        .iter()
        .map(|l| (l.kind, l.url.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (LinkKind::Other, "https://example.org/bare"),
            (LinkKind::Video, "https://example.org/video.mp4"),
            (LinkKind::Slides, "https://example.org/deck.pdf"),
        ]
    );
    // No `date`: the day's date and `start`, after midnight because 01:00 is before the
    // day's 10:00 start; "HH:MM:SS" duration.
    check(
        by_id(s, "no-date"),
        "Filed by start only",
        "2024-03-02T01:00:00+01:00",
        "2024-03-02T01:45:30+01:00",
        "2024-03-01",
        "Hall A",
        &[],
    );
    check(
        by_id(s, "offset-without-colon"),
        "Offsets without colons",
        "2024-03-01T11:00:00+01:00",
        "2024-03-01T11:30:00+01:00",
        "2024-03-01",
        "Hall B",
        &[],
    );
    // The same guid twice: the earlier slot keeps it.
    assert_eq!(by_id(s, "dup").title, "Twice, first slot");
    assert_eq!(by_id(s, "dup-2").title, "Twice, second slot");
    // No guid: the numeric id; no title; zero duration.
    let untitled = by_id(s, "11");
    assert_eq!(untitled.title, "(untitled)");
    assert_eq!(untitled.end, None);
}

#[test]
fn a_misleading_zone_name_moves_no_time() {
    let json = r#"{"schedule": {"conference": {
        "acronym": "mz", "title": "Misleading Zone", "time_zone_name": "America/New_York",
        "days": [{"date": "2024-03-01", "day_start": "2024-03-01T09:00:00+01:00", "rooms": {"A": [
            {"guid": "dated", "date": "2024-03-01T10:00:00+01:00", "duration": "00:30", "title": "Dated"},
            {"guid": "clock", "start": "11:00", "duration": "00:30", "title": "Clock only"}
        ]}}]}}}"#;
    let imported = import::import_bytes(json.as_bytes(), "mz.json", &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let s = &imported.schedule;
    assert_eq!(s.conference.time_zone, None);
    assert_eq!(s.conference.utc_offset.to_string(), "+01:00");
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("America/New_York"))
    );
    assert_eq!(
        by_id(s, "dated").start,
        Some(t("2024-03-01T10:00:00+01:00"))
    );
    assert_eq!(
        by_id(s, "clock").start,
        Some(t("2024-03-01T11:00:00+01:00"))
    );
}

#[test]
fn broken_json_is_located() {
    let Err(err) = import::load_path(&fixture("frab-broken.json")) else {
        panic!("a broken file imported");
    };
    let text = err.to_string();
    assert!(
        text.ends_with("frab-broken.json:6:31: expected `,` or `}`"),
        "{text}"
    );
    assert!(!text.contains('\n'));
}

#[test]
fn every_json_fixture_round_trips_through_hallways_format() {
    let mut paths = vec![fixture("frab-quirks.json")];
    for name in [
        "33c3-frab-schedule.json",
        "rc3-2020-channels-pretalx-schedule.json",
        "39c3-himmel-c3voc-schedule.json",
        "36c3-everything-merged-schedule-LARGE.json",
    ] {
        if let Some(p) = common::shared(&format!("fixtures/{name}")) {
            paths.push(p);
        }
    }
    for path in paths {
        let s = import(&path).schedule;
        let text = hallway::schedule::save::to_json(&s);
        let again = hallway::schedule::load::from_str(&text, "saved.json")
            .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.lines()));
        assert_eq!(again.conference, s.conference);
        assert_eq!(again.sessions(), s.sessions(), "{}", path.display());
    }
}

/// The synthetic program written as the publishers write it (`hallway::synth`, the files the
/// 50k benchmarks read) imports back with the program's facts: every session from frab JSON and
/// Pentabarf XML, every timed one from iCalendar, with the same titles, times and rooms.
#[test]
fn the_synthetic_program_in_each_published_format_imports_back() {
    let program = hallway::synth::program(400, 9);
    let timed = program
        .sessions()
        .iter()
        .filter(|s| s.start.is_some())
        .count();
    let key = |s: &Session| (s.title.clone(), s.start, s.end);
    let mut want: Vec<_> = program.sessions().iter().map(key).collect();
    want.sort();
    for (format, text, count) in [
        (Format::FrabJson, hallway::synth::frab_json(&program), 400),
        (
            Format::PentabarfXml,
            hallway::synth::pentabarf_xml(&program),
            400,
        ),
        (Format::ICalendar, hallway::synth::ical(&program), timed),
    ] {
        let imported = import::import_bytes(text.as_bytes(), "synth", &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(imported.format, format);
        let got = imported.schedule.sessions();
        assert_eq!(got.len(), count, "{format:?}");
        let mut keys: Vec<_> = got.iter().map(key).collect();
        keys.sort();
        if count == 400 {
            assert_eq!(keys, want, "{format:?}");
        } else {
            let mut timed_want: Vec<_> = want.iter().filter(|k| k.1.is_some()).cloned().collect();
            timed_want.sort();
            assert_eq!(keys, timed_want, "{format:?}");
        }
        // Rooms are kept (a session without one in the program has none imported).
        let roomed = |s: &[Session]| s.iter().filter(|s| s.room.is_some()).count();
        if format != Format::ICalendar {
            assert_eq!(roomed(got), roomed(program.sessions()), "{format:?}");
        }
    }
}

/// Raw control characters in strings (which JSON forbids, and some exporters write) still
/// import, as spaces; a file broken otherwise still reports where, with its control characters
/// or without.
#[test]
fn raw_control_characters_import_and_other_errors_keep_their_place() {
    let doc = |title: &str, tail: &str| {
        format!(
            "{{\"schedule\":{{\"conference\":{{\"title\":\"C\",\"days\":[{{\"date\":\"2016-12-27\",\
             \"rooms\":{{\"Saal 1\":[{{\"guid\":\"g\",\"date\":\"2016-12-27T11:00:00+01:00\",\
             \"duration\":\"00:30\",\"title\":\"{title}\"}}]}}}}]}}}}}}{tail}"
        )
    };
    let imported = import::import_bytes(
        doc("A\u{1}B\tC\nD", "").as_bytes(),
        "raw.json",
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.schedule.sessions()[0].title, "A B C D");
    for title in ["A\u{1}B", "AB"] {
        let broken = doc(title, "\n x");
        let e = import::import_bytes(broken.as_bytes(), "raw.json", &ImportOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{title:?}: a trailing x is an error"));
        assert!(
            e.to_string().starts_with("raw.json:2:2: "),
            "{title:?}: {e}"
        );
    }
}
