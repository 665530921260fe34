//! iCalendar: the real exports in ../shared/fixtures (frab's 33C3, linux.conf.au 2020 and
//! Kieler Linux-Tage 2020) import with one session per VEVENT and exact values for a few;
//! hand-written calendars cover folding, escapes, zones, floating times, Sched's form, RFC 5545's
//! own examples, and broken files with their line and column.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use hallway::import::{self, Format, ImportOptions, Imported};
use hallway::schedule::{LinkKind, Schedule, Session};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import_with(path: &Path, options: &ImportOptions) -> Imported {
    import::import_path(path, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(path: &Path) -> Imported {
    import_with(path, &ImportOptions::default())
}

/// VEVENTs counted in the raw text.
fn count_events(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    text.lines()
        .filter(|l| l.trim_end() == "BEGIN:VEVENT")
        .count()
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

fn check(
    s: &Session,
    title: &str,
    start: &str,
    end: &str,
    day: &str,
    room: Option<&str>,
    who: &[&str],
) {
    assert_eq!(s.title, title);
    assert_eq!(s.start, Some(t(start)), "{title}");
    assert_eq!(s.end, Some(t(end)), "{title}");
    assert_eq!(s.day, Some(date(day)), "{title}");
    assert_eq!(s.room.as_deref(), room, "{title}");
    assert_eq!(speakers(s), who, "{title}");
}

#[test]
fn frab_33c3_ics() {
    let Some(path) = common::shared("fixtures/33c3-frab-schedule.ics") else {
        return;
    };
    let imported = import(&path);
    assert_eq!(imported.format, Format::ICalendar);
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 150);
    let c = &s.conference;
    // No calendar name: the file's.
    assert_eq!(c.name, "33c3-frab-schedule");
    assert_eq!(c.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(
        (c.start_date, c.end_date),
        (date("2016-12-27"), date("2016-12-30"))
    );
    // "Title - Speaker\, Speaker": split; the UID's @host is dropped, leaving frab's guid.
    let fnord = by_id(s, "f21478d4-e8db-4f19-854c-2f74b5824706");
    check(
        fnord,
        "Fnord-Jahresrückblick",
        "2016-12-29T00:45:00+01:00",
        "2016-12-29T02:15:00+01:00",
        "2016-12-29",
        Some("Saal 1"),
        &["Fefe", "frank"],
    );
    assert_eq!(
        fnord.link(LinkKind::Session),
        Some("http://fahrplan.events.ccc.de/congress/2016/Fahrplan/events/7960.html")
    );
    assert!(fnord.summary_text().as_deref().is_some_and(|d| {
        d.starts_with("Wenn mal wieder der Zensor pinkeln war, wenn DAMIT ja wohl NIEMAND")
    }));
    // "Title - " with nobody after the dash.
    let stream = by_id(s, "96f837e6-f137-4b23-88d9-8326a9ac9196");
    assert_eq!(stream.title, "Fnord-Jahresrückblick: Stream");
    assert!(stream.speakers.is_empty());
    // The summary with a leading space.
    let farm = by_id(s, "2aba641b-114d-4dac-866e-533314a3c108");
    check(
        farm,
        "From Server Farm to Data Table",
        "2016-12-29T21:15:00+01:00",
        "2016-12-29T21:45:00+01:00",
        "2016-12-29",
        Some("Saal 6"),
        &["Ingrid Burrington"],
    );
    // Escaped commas inside a title.
    let tls = s
        .sessions()
        .iter()
        .find(|x| x.title.starts_with("Deploying TLS 1.3"))
        .unwrap_or_else(|| panic!("no TLS talk"));
    assert_eq!(
        tls.title,
        "Deploying TLS 1.3: the great, the good and the bad"
    );
    assert_eq!(speakers(tls), ["Filippo Valsorda", "Nick Sullivan"]);
}

#[test]
fn linux_conf_au_2020_without_vtimezone() {
    let Some(path) = common::shared("fixtures/linux-conf-au-2020-schedule.ics") else {
        return;
    };
    let imported = import(&path);
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 262);
    let c = &s.conference;
    assert_eq!(c.name, "linux.conf.au 2020");
    assert_eq!(c.time_zone.as_deref(), Some("Australia/Brisbane"));
    assert_eq!(c.utc_offset.to_string(), "+10:00");
    assert_eq!(
        (c.start_date, c.end_date),
        (date("2020-01-12"), date("2020-01-17"))
    );
    let desk = by_id(s, "25");
    check(
        desk,
        "Desktop Linux, without a keyboard, mouse or desk",
        "2020-01-15T15:45:00+10:00",
        "2020-01-15T16:30:00+10:00",
        "2020-01-15",
        Some("Room 6"),
        &["Shervin Emami"],
    );
    // "Speaker: ..." became the speaker and left the summary.
    assert!(
        desk.summary_text()
            .as_deref()
            .is_some_and(|d| d.starts_with("Humans are extremely fast at using a keyboard"))
    );
    // HTML in DESCRIPTION is reduced to text.
    let breakfast = by_id(s, "201");
    assert_eq!(
        breakfast.summary_text().as_deref(),
        Some(
            "Women of Open Technology Breakfast, Presented by ThoughtWorks\n\nOnly for attendees with a ticket.\n\nGold Coast Convention and Exhibition Centre, Room 5"
        )
    );
    assert_eq!(s.sessions().iter().filter(|x| x.room.is_none()).count(), 17);
    // Titles with " - " are not mistaken for "Title - Speaker" here.
    assert!(
        s.sessions()
            .iter()
            .any(|x| x.title == "TPM based attestation - how can we use it for good?")
    );
    assert!(
        s.sessions()
            .iter()
            .any(|x| x.title == "Velociraptor - Dig Deeper")
    );
}

#[test]
fn kielux_2020_in_utc() {
    let Some(path) = common::shared("fixtures/kielux-2020-schedule.ics") else {
        return;
    };
    let s = import(&path).schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 24);
    assert_eq!(s.conference.name, "18. Kieler Open Source und Linux Tage");
    assert_eq!(s.conference.time_zone, None);
    assert_eq!(s.conference.utc_offset.to_string(), "+00:00");
    let green = by_id(&s, "477");
    check(
        green,
        "Nachhaltigkeit und Linux - passt das?",
        "2020-09-18T09:00:00+00:00",
        "2020-09-18T10:00:00+00:00",
        "2020-09-18",
        Some("Ravensberg"),
        &["Dr. Claus Hartmann"],
    );
    // The ATTENDEE is the speaker; the "von: ..." line that repeats it is dropped.
    assert!(
        green
            .summary_text()
            .as_deref()
            .is_some_and(|d| d.starts_with("Neben den bekannten Vorteilen"))
    );
    // Asked for Kiel's zone, the same instants read in local time.
    let options = ImportOptions {
        time_zone: Some(chrono_tz::Europe::Berlin),
    };
    let local = import_with(&path, &options).schedule;
    assert_eq!(local.conference.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(local.conference.utc_offset.to_string(), "+02:00");
    let green = by_id(&local, "477");
    assert_eq!(green.start, Some(t("2020-09-18T11:00:00+02:00")));
    assert_eq!(green.start, Some(t("2020-09-18T09:00:00+00:00")));
}

#[test]
fn folded_lines_and_escapes() {
    let imported = import(&fixture("ical-folded.ics"));
    let s = &imported.schedule;
    assert_eq!(s.conference.name, "Folding, Escapes & Friends");
    let first = by_id(s, "fold-1");
    check(
        first,
        "Commas, semicolons; and back\\slashes",
        "2024-03-01T10:00:00+01:00",
        "2024-03-01T10:45:00+01:00",
        "2024-03-01",
        Some("Room, East Wing"),
        &["Ada Lovelace", "Grace Hopper"],
    );
    assert_eq!(
        first.summary_text().as_deref(),
        Some(
            "First line\nSecond line with a long text that was folded in the middle of a word and of a character: Grüße."
        )
    );
    assert_eq!(first.track.as_deref(), Some("Track One"));
    assert_eq!(
        first.link(LinkKind::Session),
        Some("https://example.org/fold-1")
    );
    // DURATION instead of DTEND; the VALARM's DESCRIPTION is not the event's.
    let second = by_id(s, "fold-2");
    check(
        second,
        "Second talk",
        "2024-03-01T11:00:00+01:00",
        "2024-03-01T12:30:00+01:00",
        "2024-03-01",
        None,
        &["Linus"],
    );
    assert_eq!(second.summary, None);
}

#[test]
fn zones_without_vtimezone_windows_names_and_mangled_ones() {
    let imported = import(&fixture("ical-zones.ics"));
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), 6);
    assert_eq!(
        s.conference.time_zone.as_deref(),
        Some("America/Los_Angeles")
    );
    let iana = by_id(s, "same");
    assert_eq!(iana.title, "IANA zone without VTIMEZONE");
    assert_eq!(iana.start, Some(t("2024-09-18T14:55:00-07:00")));
    assert_eq!(iana.end, Some(t("2024-09-18T15:20:00-07:00")));
    // The same UID twice: the later one is numbered.
    let windows = by_id(s, "same-2");
    assert_eq!(windows.title, "Windows zone name");
    assert_eq!(windows.start, Some(t("2024-09-18T16:00:00-07:00")));
    assert_eq!(
        by_id(s, "mangled").start,
        Some(t("2024-09-19T09:00:00-07:00"))
    );
    assert_eq!(
        by_id(s, "custom").start,
        Some(t("2024-09-19T20:00:00+05:30"))
    );
    // A date without a time: a day, no start.
    let allday = by_id(s, "allday");
    assert_eq!((allday.start, allday.day), (None, Some(date("2024-09-19"))));
    // Zero length: the end is dropped, the session kept.
    let zero = by_id(s, "zero");
    assert_eq!(zero.start, Some(t("2024-09-18T10:00:00-07:00")));
    assert_eq!(zero.end, None);
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("ends when it starts"))
    );
}

#[test]
fn floating_times() {
    let s = import(&fixture("ical-floating.ics")).schedule;
    assert_eq!(
        s.conference.time_zone.as_deref(),
        Some("Australia/Brisbane")
    );
    assert_eq!(by_id(&s, "f1").start, Some(t("2020-01-14T09:00:00+10:00")));
    // A UTC time is shown in the calendar's zone, and falls on that zone's day.
    let utc = by_id(&s, "f2");
    assert_eq!(utc.start, Some(t("2020-01-14T09:00:00+10:00")));
    assert_eq!(utc.day, Some(date("2020-01-14")));
    // No zone anywhere: UTC, with a note.
    let imported = import(&fixture("ical-floating-no-zone.ics"));
    let n1 = by_id(&imported.schedule, "n1");
    assert_eq!(n1.start, Some(t("2020-01-14T09:00:00+00:00")));
    assert!(imported.notes.iter().any(|n| n.contains("read as UTC")));
    // ...unless the caller names one.
    let options = ImportOptions {
        time_zone: Some(chrono_tz::Europe::Berlin),
    };
    let s = import_with(&fixture("ical-floating-no-zone.ics"), &options).schedule;
    assert_eq!(by_id(&s, "n1").start, Some(t("2020-01-14T09:00:00+01:00")));
}

#[test]
fn sched_all_ics() {
    let path = fixture("ical-sched.ics");
    let s = import(&path).schedule;
    assert_eq!(s.conference.name, "PyTorch Conference 2024");
    // Sched's event code (from the URL) is the id, as in the bundled program.
    let loader = by_id(&s, "1fHmN");
    assert_eq!(
        loader.title,
        "A Distributed Stateful Dataloader for Large-Scale Pretraining"
    );
    let who: Vec<(&str, Option<&str>)> = loader
        .speakers
        .iter()
        .map(|p| (p.name.as_str(), p.affiliation.as_deref()))
        .collect();
    assert_eq!(
        who,
        [
            ("Davis Wertheimer", Some("IBM")),
            ("Linsong Chu", Some("IBM Research"))
        ]
    );
    assert_eq!(loader.track.as_deref(), Some("Breakout Sessions"));
    assert_eq!(loader.room.as_deref(), Some("Room A"));
    let lightning = by_id(&s, "1fHmk");
    assert_eq!(lightning.title, "Lightning Talk: Extending PyTorch - Fast");
    assert_eq!(
        lightning.speaker_line(),
        "Ada Lovelace (Navy), Grace Hopper (Navy)"
    );
    assert_eq!(by_id(&s, "cafe").title, "Coffee Break");
    // Sched writes UTC; in the conference's own zone the talk is on the 18th at 14:55.
    let options = ImportOptions {
        time_zone: Some(chrono_tz::America::Los_Angeles),
    };
    let local = import_with(&path, &options).schedule;
    let loader = by_id(&local, "1fHmN");
    assert_eq!(loader.start, Some(t("2024-09-18T14:55:00-07:00")));
    assert_eq!(loader.end, Some(t("2024-09-18T15:20:00-07:00")));
    assert_eq!(by_id(&local, "1fHmk").day, Some(date("2024-09-19")));
    assert_eq!(local.conference.utc_offset.to_string(), "-07:00");
}

/// The example calendar objects of RFC 5545 (sections 3.6.1 and 4), as one calendar.
const RFC_EXAMPLES: &str = "BEGIN:VCALENDAR\r
PRODID:-//xyz Corp//NONSGML PDA Calendar Version 1.0//EN\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:America/New_York\r
BEGIN:STANDARD\r
DTSTART:19981025T020000\r
TZOFFSETFROM:-0400\r
TZOFFSETTO:-0500\r
TZNAME:EST\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:19990404T020000\r
TZOFFSETFROM:-0500\r
TZOFFSETTO:-0400\r
TZNAME:EDT\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:19970901T130000Z-123401@example.com\r
DTSTAMP:19970901T130000Z\r
DTSTART:19970903T163000Z\r
DTEND:19970903T190000Z\r
SUMMARY:Annual Employee Review\r
CLASS:PRIVATE\r
CATEGORIES:BUSINESS,HUMAN RESOURCES\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:19970901T130000Z-123403@example.com\r
DTSTAMP:19970901T130000Z\r
DTSTART;VALUE=DATE:19971102\r
SUMMARY:Our Blissful Anniversary\r
TRANSP:TRANSPARENT\r
CLASS:CONFIDENTIAL\r
CATEGORIES:ANNIVERSARY,PERSONAL,SPECIAL OCCASION\r
RRULE:FREQ=YEARLY\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTAMP:19980309T231000Z\r
UID:guid-1.example.com\r
ORGANIZER;ROLE=CHAIR:mailto:mrbig@example.com\r
ATTENDEE;RSVP=TRUE;ROLE=REQ-PARTICIPANT;CUTYPE=GROUP:\r
 mailto:employee-A@example.com\r
DESCRIPTION:Project XYZ Review Meeting\r
CATEGORIES:MEETING\r
CLASS:PUBLIC\r
CREATED:19980309T130000Z\r
SUMMARY:XYZ Project Review\r
DTSTART;TZID=America/New_York:19980312T083000\r
DTEND;TZID=America/New_York:19980312T093000\r
LOCATION:1CP Conference Room 4350\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn rfc_5545_examples() {
    let imported = import::import_bytes(
        RFC_EXAMPLES.as_bytes(),
        "rfc.ics",
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), 3);
    let review = by_id(s, "19970901T130000Z-123401");
    assert_eq!(review.title, "Annual Employee Review");
    assert_eq!(review.track.as_deref(), Some("BUSINESS"));
    // Shown in the calendar's zone (New York, named by the third event).
    assert_eq!(review.start, Some(t("1997-09-03T12:30:00-04:00")));
    assert_eq!(review.end, Some(t("1997-09-03T15:00:00-04:00")));
    let anniversary = by_id(s, "19970901T130000Z-123403");
    assert_eq!(anniversary.start, None);
    assert_eq!(anniversary.day, Some(date("1997-11-02")));
    assert!(imported.notes.iter().any(|n| n.contains("repeats")));
    let xyz = by_id(s, "guid-1.example.com");
    assert_eq!(xyz.title, "XYZ Project Review");
    assert_eq!(xyz.start, Some(t("1998-03-12T08:30:00-05:00")));
    assert_eq!(xyz.end, Some(t("1998-03-12T09:30:00-05:00")));
    assert_eq!(xyz.room.as_deref(), Some("1CP Conference Room 4350"));
    assert_eq!(
        xyz.summary_text().as_deref(),
        Some("Project XYZ Review Meeting")
    );
    assert!(xyz.speakers.is_empty());
    assert_eq!(s.conference.time_zone.as_deref(), Some("America/New_York"));
}

#[test]
fn broken_calendars_are_located() {
    for (file, want) in [
        (
            "ical-broken-unclosed.ics",
            "7:1: END:VCALENDAR does not match BEGIN:VEVENT on line 3",
        ),
        (
            "ical-broken-line.ics",
            "7:16: not a content line: expected NAME:value (is a folded line missing its leading space?)",
        ),
    ] {
        let Err(err) = import::load_path(&fixture(file)) else {
            panic!("{file} imported");
        };
        let text = err.to_string();
        assert!(text.ends_with(&format!("{file}:{want}")), "{text}");
    }
    let Err(err) = import::load_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", "cut.ics")
    else {
        panic!("imported");
    };
    assert_eq!(
        err.to_string(),
        "cut.ics:2:1: BEGIN:VEVENT has no END:VEVENT (the file ends first)"
    );
    // A value that is not a time is not fatal: the session is kept without one.
    let imported = import::import_bytes(
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:Soon\nDTSTART:tomorrow\nEND:VEVENT\nBEGIN:VEVENT\nUID:y\nSUMMARY:Dated\nDTSTART:20240101T100000Z\nEND:VEVENT\nEND:VCALENDAR\n",
        "soon.ics",
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(by_id(&imported.schedule, "x").start, None);
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.starts_with("line 5:9: DTSTART value")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn every_ics_fixture_round_trips_through_hallways_format() {
    let mut paths: Vec<PathBuf> = [
        "ical-folded.ics",
        "ical-zones.ics",
        "ical-floating.ics",
        "ical-floating-no-zone.ics",
        "ical-sched.ics",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    for name in [
        "33c3-frab-schedule.ics",
        "linux-conf-au-2020-schedule.ics",
        "kielux-2020-schedule.ics",
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
