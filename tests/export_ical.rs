//! Acceptance tests for `hallway::export::ical`: the starred agenda read back by an independent
//! RFC 5545 parser (the `icalendar` crate) and compared field by field with the schedule and
//! the store; folding, line endings and escaping checked on the raw text.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone as _, Utc};
use hallway::export::ical::{Agenda, agenda};
use hallway::schedule::{self, Conference, Link, LinkKind, Schedule, Session, Speaker};
use hallway::store::{Change, Store};
use icalendar::{
    Calendar, CalendarDateTime, Component as _, DatePerhapsTime, Event, EventLike as _,
};
use proptest::prelude::*;
use serde_json::json;
use tempfile::TempDir;

const PYTORCH: &str = "pytorch-conference-2024";

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn now() -> DateTime<FixedOffset> {
    t("2024-09-18T10:15:00-07:00")
}

fn star(conference: &str, session: &str) -> Change {
    Change::Star {
        conference: conference.into(),
        session: session.into(),
    }
}

fn add(conference: &str, session: &str, text: &str) -> Change {
    Change::AddNote {
        conference: conference.into(),
        session: session.into(),
        text: text.into(),
    }
}

fn store_with(changes: Vec<Change>) -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), now()).unwrap();
    for change in changes {
        store.apply(change, now()).unwrap();
    }
    (dir, store)
}

fn parse(agenda: &Agenda) -> Calendar {
    agenda.text.parse::<Calendar>().unwrap()
}

fn events(calendar: &Calendar) -> Vec<&Event> {
    calendar.events().collect()
}

// ---------------------------------------------------------------------------------------------
// What the calendar should say, derived from the schedule and the store (the documented format,
// written out again here rather than borrowed from the writer).

/// Text as a calendar can hold it: line breaks as LF, other control characters but tab gone.
fn clean(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// RFC 5545 §3.3.11 TEXT escaping.
fn esc(s: &str) -> String {
    clean(s)
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Every byte outside `A-Za-z0-9-._~` as `%XX`.
fn pct(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Anything but visible ASCII percent-encoded.
fn uri(url: &str) -> String {
    url.bytes()
        .map(|b| {
            if b.is_ascii_graphic() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(Debug, PartialEq)]
struct Expected {
    uid: String,
    stamp: DateTime<Utc>,
    start: DatePerhapsTime,
    end: Option<DatePerhapsTime>,
    summary: String,
    location: Option<String>,
    url: Option<String>,
    categories: Option<Vec<String>>,
    description: Option<String>,
    transparent: bool,
}

fn expected(schedule: &Schedule, store: &Store, s: &Session, stamp: DateTime<Utc>) -> Expected {
    let conf = &schedule.conference;
    let at = |t: DateTime<FixedOffset>| {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t.with_timezone(&Utc)))
    };
    let (start, end, lead) = match (s.start, s.end, s.day) {
        (Some(start), Some(end), _) => (at(start), Some(at(end)), None),
        (Some(start), None, _) => (at(start), None, Some("End time not published.")),
        (None, _, Some(day)) => (
            DatePerhapsTime::Date(day),
            Some(DatePerhapsTime::Date(day.succ_opt().unwrap())),
            Some("Time not published."),
        ),
        (None, _, None) => panic!("{} has no date", s.id),
    };
    let place: Vec<&str> = [s.room.as_deref(), conf.venue.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let url = s
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Session)
        .or(s.links.first())
        .map(|l| uri(&l.url));
    let categories: Vec<String> = [&s.track, &s.kind]
        .into_iter()
        .flatten()
        .map(|c| clean(c))
        .collect();

    let mut parts: Vec<String> = lead.into_iter().map(str::to_owned).collect();
    if !s.speakers.is_empty() {
        let names: Vec<String> = s
            .speakers
            .iter()
            .map(|p| match &p.affiliation {
                Some(a) => format!("{} ({a})", p.name),
                None => p.name.clone(),
            })
            .collect();
        let label = if names.len() == 1 {
            "Speaker"
        } else {
            "Speakers"
        };
        parts.push(format!("{label}: {}", names.join(", ")));
    }
    parts.extend(s.summary_text().map(|t| t.into_owned()));
    if let Some(video) = s.links.iter().find(|l| l.kind == LinkKind::Video) {
        parts.push(format!("Video: {}", video.url));
    }
    let notes = store.notes(&conf.id, &s.id);
    if !notes.is_empty() {
        let items: Vec<String> = notes
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{}. {}", i + 1, n.text))
            .collect();
        parts.push(format!("Notes:\n{}", items.join("\n")));
    }
    let description = parts.join("\n\n");

    Expected {
        uid: format!("{}@{}.hallway", pct(&s.id), pct(&conf.id)),
        stamp,
        start,
        end,
        summary: clean(&s.title),
        location: (!place.is_empty()).then(|| clean(&place.join(", "))),
        url,
        categories: (!categories.is_empty()).then_some(categories),
        description: (!description.is_empty()).then(|| clean(&description)),
        transparent: s.start.is_none(),
    }
}

fn actual(event: &Event) -> Expected {
    Expected {
        uid: event.get_uid().unwrap().to_owned(),
        stamp: event.get_timestamp().unwrap(),
        start: event.get_start().unwrap(),
        end: event.get_end(),
        summary: event.get_summary().unwrap().to_owned(),
        location: event.get_location().map(str::to_owned),
        url: event.get_url().map(str::to_owned),
        categories: event.get_categories(),
        description: event.get_description().map(str::to_owned),
        transparent: event.property_value("TRANSP") == Some("TRANSPARENT"),
    }
}

/// The starred sessions of the conference that have a date, in program order.
fn starred_with_dates<'a>(schedule: &'a Schedule, store: &Store) -> Vec<&'a Session> {
    schedule
        .sessions()
        .iter()
        .filter(|s| store.is_starred(&schedule.conference.id, &s.id))
        .filter(|s| s.start.is_some() || s.day.is_some())
        .collect()
}

/// Parses the agenda and compares every event with the schedule and store, in order.
fn check_against_program(
    schedule: &Schedule,
    store: &Store,
    agenda: &Agenda,
    stamp: DateTime<FixedOffset>,
) {
    check_lines(&agenda.text);
    let calendar = parse(agenda);
    let got = events(&calendar);
    let want = starred_with_dates(schedule, store);
    assert_eq!(got.len(), want.len());
    assert_eq!(agenda.events, want.len());
    let logical = unfold(&agenda.text);
    for (event, s) in got.iter().zip(&want) {
        let e = expected(schedule, store, s, stamp.with_timezone(&Utc));
        assert_eq!(actual(event), e, "session {}", s.id);
        // Unfolding gives back exactly the escaped content lines.
        assert!(logical.contains(&format!("SUMMARY:{}", esc(&s.title))));
        if let Some(d) = &e.description {
            assert!(
                logical.contains(&format!("DESCRIPTION:{}", esc(d))),
                "{}",
                s.id
            );
        }
        if let Some(l) = &e.location {
            assert!(logical.contains(&format!("LOCATION:{}", esc(l))));
        }
    }
    let uids: BTreeSet<&str> = got.iter().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(uids.len(), got.len(), "UIDs are unique");
}

/// The raw text: CRLF everywhere, no physical line over 75 octets, folds only where needed.
fn check_lines(text: &str) {
    assert!(text.ends_with("\r\n"), "the last line ends in CRLF");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.len() <= 75,
            "line {i} has {} octets: {line:?}",
            line.len()
        );
        assert!(
            !line.contains(['\r', '\n']),
            "bare CR or LF in line {i}: {line:?}"
        );
        if let Some(rest) = line.strip_prefix(' ') {
            assert!(i > 0 && !rest.is_empty());
            // A fold only where the next character (or escape) would not fit.
            assert!(lines[i - 1].len() > 75 - 4, "needless fold before line {i}");
        }
    }
    for line in unfold(text) {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "control character in {line:?}"
        );
    }
}

fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split_terminator("\r\n")
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The bundled program.

fn bundled_store() -> (TempDir, Store) {
    store_with(vec![
        star(PYTORCH, "1hZiR"),
        star(PYTORCH, "1fHmx"),
        star(PYTORCH, "1fHn2"),
        star(PYTORCH, "1fHmN"),
        add(PYTORCH, "1fHmN", "Sharding, shuffling; checkpointing"),
        add(PYTORCH, "1fHmN", "Ask about resharding\nafter a restart"),
        add(PYTORCH, "1hZiR", "Notes on an undated session stay out"),
    ])
}

#[test]
fn bundled_agenda_matches_the_program() {
    let schedule = schedule::bundled::load().unwrap();
    let (_dir, store) = bundled_store();
    let out = agenda(&schedule, &store, now());
    assert_eq!(out.events, 3);
    assert_eq!(out.skipped, ["1hZiR"]);
    check_against_program(&schedule, &store, &out, now());

    // The same facts written out by hand.
    let calendar = parse(&out);
    let got = events(&calendar);
    let uids: Vec<&str> = got.iter().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(
        uids,
        [
            "1fHmN@pytorch-conference-2024.hallway",
            "1fHn2@pytorch-conference-2024.hallway",
            "1fHmx@pytorch-conference-2024.hallway",
        ]
    );
    let utc = |y, mo, d, h, mi| {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(
            Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap(),
        ))
    };
    assert_eq!(got[0].get_start(), Some(utc(2024, 9, 18, 21, 55)));
    assert_eq!(got[0].get_end(), Some(utc(2024, 9, 18, 22, 20)));
    assert_eq!(got[0].get_location(), Some("Fort Mason"));
    assert_eq!(
        got[0].get_url(),
        Some("https://pytorch2024.sched.com/event/1fHmN")
    );
    let description = got[0].get_description().unwrap();
    assert!(description.starts_with(
        "Speakers: Davis Wertheimer (IBM), Linsong Chu (IBM Research)\n\nIBM Research walks"
    ));
    assert!(description.ends_with(
        "Video: https://www.youtube.com/watch?v=VtT4rdph4Qs\n\nNotes:\n\
         1. Sharding, shuffling; checkpointing\n\
         2. Ask about resharding\nafter a restart"
    ));
    assert_eq!(got[1].get_location(), Some("Room A, Fort Mason"));
    assert_eq!(got[1].get_start(), Some(utc(2024, 9, 19, 21, 30)));
    let day = |d| DatePerhapsTime::Date(NaiveDate::from_ymd_opt(2024, 9, d).unwrap());
    assert_eq!(got[2].get_start(), Some(day(19)));
    assert_eq!(got[2].get_end(), Some(day(20)));
    assert!(
        got[2]
            .get_description()
            .unwrap()
            .starts_with("Time not published.\n\n")
    );
    assert!(out.text.contains("\r\nDTSTART;VALUE=DATE:20240919\r\n"));
    assert!(out.text.contains("\r\nDTEND;VALUE=DATE:20240920\r\n"));
    assert!(out.text.contains("\r\nDTSTART:20240918T215500Z\r\n"));
    assert!(out.text.contains("\r\nDTSTAMP:20240918T171500Z\r\n"));
}

#[test]
fn calendar_header() {
    let schedule = schedule::bundled::load().unwrap();
    let (_dir, store) = bundled_store();
    let out = agenda(&schedule, &store, now());
    let calendar = parse(&out);
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert_eq!(
        calendar.property_value("PRODID"),
        Some(format!("-//hallway//hallway {}//EN", env!("CARGO_PKG_VERSION")).as_str())
    );
    assert_eq!(calendar.property_value("CALSCALE"), Some("GREGORIAN"));
    assert_eq!(calendar.property_value("METHOD"), Some("PUBLISH"));
    assert_eq!(
        calendar.get_name(),
        Some("PyTorch Conference 2024 — my agenda")
    );
    assert_eq!(
        calendar.property_value("X-WR-TIMEZONE"),
        Some("America/Los_Angeles")
    );
    assert!(
        out.text
            .starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    );
}

#[test]
fn nothing_starred_is_an_empty_calendar() {
    let schedule = schedule::bundled::load().unwrap();
    let (_dir, store) = store_with(vec![add(PYTORCH, "1fHmN", "a note but no star")]);
    let out = agenda(&schedule, &store, now());
    assert_eq!(out.events, 0);
    assert!(out.skipped.is_empty());
    assert!(!out.text.contains("VEVENT"));
    check_lines(&out.text);
    assert_eq!(events(&parse(&out)).len(), 0);
}

#[test]
fn stars_elsewhere_are_left_out() {
    let schedule = schedule::bundled::load().unwrap();
    let (_dir, store) = store_with(vec![
        star("another-conference", "1fHmN"),
        star(PYTORCH, "no-such-session"),
        star(PYTORCH, "1fHmk"),
    ]);
    let out = agenda(&schedule, &store, now());
    assert_eq!(out.events, 1);
    assert!(out.skipped.is_empty());
    // The star on a session this program does not hold is named; the other conference's not.
    assert_eq!(out.missing, ["no-such-session"]);
    let calendar = parse(&out);
    let uids: Vec<&str> = events(&calendar)
        .iter()
        .map(|e| e.get_uid().unwrap())
        .collect();
    assert_eq!(uids, ["1fHmk@pytorch-conference-2024.hallway"]);
}

// ---------------------------------------------------------------------------------------------
// A hand-made program full of characters that need escaping or careful folding.

const CJK: &str = "大規模言語モデルの分散学習における通信と計算の重なり最適化について、実運用からの知見と今後の展望";
const EMOJI: &str = "🎉 👩‍👩‍👧‍👦 🇯🇵 🏳️‍🌈 ";
const CONF: &str = "edge/conf 2025";

fn awkward_schedule() -> Schedule {
    let file = json!({
        "format": "hallway-schedule",
        "version": 1,
        "conference": {
            "id": CONF,
            "name": "Edge, Cases; & Co\\ Conf 2025",
            "start_date": "2025-03-01",
            "end_date": "2025-03-02",
            "time_zone": "Asia/Tokyo",
            "utc_offset": "+09:00",
            "venue": "Tokyo Big Sight; East Hall, Level 1",
            "city": "Tokyo",
            "url": null
        },
        "sessions": [
            {
                "id": "unstarred",
                "title": "Nobody starred this",
                "start": "2025-03-02T10:00:00+09:00",
                "end": "2025-03-02T10:30:00+09:00"
            },
            {
                "id": "nowhere",
                "title": "Time and day to be announced"
            },
            {
                "id": "emoji day",
                "title": EMOJI.repeat(6),
                "kind": "Social; Evening",
                "day": "2025-03-02",
                "speakers": [{ "name": "山田 太郎", "affiliation": "東京大学" }],
                "summary": format!("{}\n{}", EMOJI.repeat(10), CJK),
                "links": [{ "kind": "video", "url": "https://video.example.org/watch?v=9&t=1" }]
            },
            {
                "id": "長い/セッション",
                "title": CJK,
                "track": "分散学習, 実運用",
                "start": "2025-03-02T00:30:00+09:00",
                "day": "2025-03-01",
                "summary": CJK.repeat(3),
                "links": [{ "kind": "other", "url": "https://example.org/長い?q=a b" }]
            },
            {
                "id": "s1:commas",
                "title": "Commas, semicolons; back\\slashes \\n and \"quotes\": a talk",
                "kind": "Talk",
                "track": "Compilers, Kernels & Runtimes",
                "start": "2025-03-01T10:00:00+09:00",
                "end": "2025-03-01T10:45:00+09:00",
                "room": "Hall 1, Level 2",
                "speakers": [
                    { "name": "Ada Lovelace", "affiliation": "Analytical Engines, Ltd.; London" },
                    { "name": "Charles Babbage" }
                ],
                "summary": "First line.\nSecond; line, with comma.\n\nA backslash at the end \\",
                "links": [
                    { "kind": "other", "url": "https://example.org/slides-first" },
                    { "kind": "session", "url": "https://example.org/s1?a=1;b=2,3" },
                    { "kind": "video", "url": "https://video.example.org/watch?v=1&t=2" }
                ]
            }
        ]
    });
    schedule::load::from_str(&file.to_string(), "awkward.json").unwrap()
}

fn awkward_store() -> (TempDir, Store) {
    store_with(vec![
        star(CONF, "s1:commas"),
        star(CONF, "長い/セッション"),
        star(CONF, "emoji day"),
        star(CONF, "nowhere"),
        add(CONF, "s1:commas", "Commas, semicolons; and a back\\slash"),
        add(
            CONF,
            "s1:commas",
            "Line one\nLine two\n\nafter a blank line",
        ),
        add(CONF, "s1:commas", "Windows\r\nline ending"),
        add(CONF, "s1:commas", "literal \\n is not a newline"),
        add(CONF, "s1:commas", "ends with a backslash \\"),
        add(CONF, "長い/セッション", &CJK.repeat(2)),
        add(
            CONF,
            "長い/セッション",
            &format!("emoji {}", EMOJI.repeat(20)),
        ),
        add(CONF, "emoji day", &"🎉".repeat(60)),
        add(CONF, "nowhere", "not in the calendar"),
    ])
}

#[test]
fn awkward_text_round_trips() {
    let schedule = awkward_schedule();
    let (_dir, store) = awkward_store();
    let out = agenda(&schedule, &store, now());
    assert_eq!(out.events, 3);
    assert_eq!(out.skipped, ["nowhere"]);
    check_against_program(&schedule, &store, &out, now());

    let calendar = parse(&out);
    let got = events(&calendar);
    let uids: Vec<&str> = got.iter().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(
        uids,
        [
            "s1%3Acommas@edge%2Fconf%202025.hallway",
            "%E9%95%B7%E3%81%84%2F%E3%82%BB%E3%83%83%E3%82%B7%E3%83%A7%E3%83%B3\
             @edge%2Fconf%202025.hallway",
            "emoji%20day@edge%2Fconf%202025.hallway",
        ]
    );
    let first = got[0];
    assert_eq!(
        first.get_summary(),
        Some("Commas, semicolons; back\\slashes \\n and \"quotes\": a talk")
    );
    assert_eq!(
        first.get_location(),
        Some("Hall 1, Level 2, Tokyo Big Sight; East Hall, Level 1")
    );
    assert_eq!(first.get_url(), Some("https://example.org/s1?a=1;b=2,3"));
    assert_eq!(
        first.get_categories(),
        Some(vec!["Compilers, Kernels & Runtimes".into(), "Talk".into()])
    );
    assert!(first.get_description().unwrap().ends_with(
        "Notes:\n1. Commas, semicolons; and a back\\slash\n\
         2. Line one\nLine two\n\nafter a blank line\n\
         3. Windows\nline ending\n\
         4. literal \\n is not a newline\n\
         5. ends with a backslash \\"
    ));
    assert!(out.text.contains(
        "\r\nSUMMARY:Commas\\, semicolons\\; back\\\\slashes \\\\n and \"quotes\": a tal"
    ));
    // No end published: no DTEND, and the description says so.
    assert_eq!(got[1].get_end(), None);
    assert!(
        got[1]
            .get_description()
            .unwrap()
            .starts_with("End time not published.\n\n")
    );
    assert_eq!(
        got[1].get_location(),
        Some("Tokyo Big Sight; East Hall, Level 1")
    );
    assert_eq!(
        got[1].get_url(),
        Some("https://example.org/%E9%95%B7%E3%81%84?q=a%20b")
    );
    // A day-only session: video is the only link, so it is the URL too.
    assert_eq!(
        got[2].get_url(),
        Some("https://video.example.org/watch?v=9&t=1")
    );
    assert_eq!(
        got[2].get_categories(),
        Some(vec!["Social; Evening".into()])
    );
}

#[test]
fn long_lines_fold_between_characters() {
    let schedule = awkward_schedule();
    let (_dir, store) = awkward_store();
    let out = agenda(&schedule, &store, now());
    check_lines(&out.text);
    assert!(!out.text.contains('\u{FFFD}'));
    let continuations: Vec<&str> = out
        .text
        .split_terminator("\r\n")
        .filter(|l| l.starts_with(' '))
        .collect();
    // The CJK and emoji lines really were folded, in the middle of multi-byte text.
    assert!(
        continuations
            .iter()
            .any(|l| l.starts_with(" 分") || l[1..].starts_with(|c: char| !c.is_ascii()))
    );
    let multibyte_folds = out
        .text
        .split("\r\n ")
        .skip(1)
        .filter(|rest| !rest.starts_with(|c: char| c.is_ascii()))
        .count();
    assert!(
        multibyte_folds >= 10,
        "only {multibyte_folds} folds in multi-byte text"
    );
    // Every physical line is valid UTF-8 on its own: no character was cut in two.
    for line in out.text.as_bytes().split(|&b| b == b'\n') {
        assert!(std::str::from_utf8(line).is_ok());
    }
}

#[test]
fn same_input_same_bytes() {
    let schedule = awkward_schedule();
    let (dir, store) = awkward_store();
    let a = agenda(&schedule, &store, now());
    let b = agenda(&schedule, &store, now());
    assert_eq!(a, b);
    // A fresh store read back from disk, and the schedule loaded again, give the same bytes.
    let (reopened, _) = Store::open(dir.path(), now()).unwrap();
    assert_eq!(agenda(&awkward_schedule(), &reopened, now()).text, a.text);
    // The same instant in another offset is the same DTSTAMP.
    let elsewhere = now().with_timezone(&FixedOffset::east_opt(9 * 3600).unwrap());
    assert_eq!(agenda(&schedule, &store, elsewhere).text, a.text);
}

#[test]
fn uids_are_stable() {
    let schedule = schedule::bundled::load().unwrap();
    let (_dir, mut store) = bundled_store();
    let before = agenda(&schedule, &store, now());
    let later = t("2024-09-19T08:00:00-07:00");
    store.apply(star(PYTORCH, "1fHmk"), later).unwrap();
    store
        .apply(
            Change::Unstar {
                conference: PYTORCH.into(),
                session: "1fHn2".into(),
            },
            later,
        )
        .unwrap();
    store
        .apply(add(PYTORCH, "1fHmx", "later note"), later)
        .unwrap();
    let after = agenda(&schedule, &store, later);
    check_against_program(&schedule, &store, &after, later);

    let uid_of = |agenda: &Agenda| -> Vec<(String, String)> {
        events(&parse(agenda))
            .iter()
            .map(|e| {
                let summary = e.get_summary().unwrap().to_owned();
                (summary, e.get_uid().unwrap().to_owned())
            })
            .collect()
    };
    let before = uid_of(&before);
    let after = uid_of(&after);
    let title = |id: &str| schedule.get(id).unwrap().title.clone();
    for id in ["1fHmN", "1fHmx"] {
        let find = |list: &[(String, String)]| {
            list.iter()
                .find(|(summary, _)| *summary == title(id))
                .unwrap()
                .1
                .clone()
        };
        assert_eq!(find(&before), find(&after));
        assert_eq!(find(&after), format!("{id}@{PYTORCH}.hallway"));
    }
    assert_eq!(after.len(), 3);
}

#[test]
fn a_session_with_little_known() {
    let conference = Conference {
        id: "bare".into(),
        name: "Bare".into(),
        start_date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        end_date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        time_zone: None,
        utc_offset: FixedOffset::east_opt(0).unwrap(),
        venue: None,
        city: None,
        url: None,
    };
    let schedule = Schedule::new(conference, vec![session("x", "Just a title", "", "")]);
    let (_dir, store) = store_with(vec![star("bare", "x")]);
    let out = agenda(&schedule, &store, now());
    check_against_program(&schedule, &store, &out, now());
    for absent in [
        "LOCATION",
        "URL",
        "CATEGORIES",
        "DESCRIPTION",
        "X-WR-TIMEZONE",
    ] {
        assert!(!out.text.contains(&format!("\r\n{absent}")), "{absent}");
    }
}

/// A timed session with what a property test throws at it.
fn session(id: &str, title: &str, room: &str, summary: &str) -> Session {
    let start = t("2025-01-01T09:00:00+00:00");
    Session {
        id: id.into(),
        title: title.into(),
        kind: None,
        track: None,
        start: Some(start),
        end: Some(t("2025-01-01T10:00:00+00:00")),
        day: Some(start.date_naive()),
        room: (!room.is_empty()).then(|| room.into()),
        speakers: if summary.is_empty() {
            Vec::new()
        } else {
            vec![Speaker {
                name: summary.into(),
                affiliation: Some(room.into()),
                role: None,
            }]
        },
        summary: (!summary.is_empty()).then(|| summary.into()),
        summary_verbatim: false,
        links: if summary.is_empty() {
            Vec::new()
        } else {
            vec![Link {
                kind: LinkKind::Session,
                url: format!("https://example.org/{summary}"),
                title: None,
            }]
        },
        sources: Vec::new(),
    }
}

proptest! {
    // Failures are not saved to a file: the test prints the failing input to copy into a case.
    #![proptest_config(ProptestConfig {
        cases: common::cases(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever the text, the calendar parses, every line fits, and every field reads back.
    #[test]
    fn any_text_round_trips(
        id in "\\PC{1,12}",
        title in "\\PC{1,120}|[\\\\;,\\n\\r\\t a-z\u{1F389}界]{1,120}",
        room in "\\PC{0,40}",
        summary in "[\\\\;,\\n\\r\\ta-z\u{7}\u{1F469}\u{200D}é界]{0,160}",
        note in "\\PC{1,200}|[\\\\;,\\n\\r\\t a-z\u{1F389}界]{1,200}",
    ) {
        let schedule = Schedule::new(
            Conference {
                id: "p".into(),
                name: "P".into(),
                start_date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                end_date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                time_zone: None,
                utc_offset: FixedOffset::east_opt(0).unwrap(),
                venue: Some("V, v; \\".into()),
                city: None,
                url: None,
            },
            vec![session(&id, &title, &room, &summary)],
        );
        let (_dir, store) = store_with(vec![star("p", &id), add("p", &id, &note)]);
        let out = agenda(&schedule, &store, now());
        check_against_program(&schedule, &store, &out, now());
    }
}
