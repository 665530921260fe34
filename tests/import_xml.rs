//! Pentabarf / frab / pretalx schedule.xml: the real files in ../shared/fixtures (frab's 33C3,
//! FOSDEM 2013 in the old Pentabarf layout, FOSDEM 2025 from pretalx) import with as many
//! sessions as `<event` elements, with exact values for a few; hand-written files cover the
//! old layout, control characters, and broken XML with its line and column.

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

fn import(path: &Path) -> Imported {
    import::import_path(path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `<event` elements counted in the raw text.
fn count_events(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    text.matches("<event ").count() + text.matches("<event>").count()
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

fn by_title<'a>(s: &'a Schedule, title: &str) -> &'a Session {
    let found: Vec<&Session> = s.sessions().iter().filter(|x| x.title == title).collect();
    assert_eq!(found.len(), 1, "sessions titled {title:?}");
    found[0]
}

fn speakers(s: &Session) -> Vec<&str> {
    s.speakers.iter().map(|p| p.name.as_str()).collect()
}

fn check(s: &Session, title: &str, start: &str, end: &str, day: &str, room: &str, who: &[&str]) {
    assert_eq!(s.title, title);
    assert_eq!(s.start, Some(t(start)), "{title}");
    assert_eq!(s.end, Some(t(end)), "{title}");
    assert_eq!(s.day, Some(date(day)), "{title}");
    assert_eq!(s.room.as_deref(), Some(room), "{title}");
    assert_eq!(speakers(s), who, "{title}");
}

#[test]
fn frab_33c3_xml() {
    let Some(path) = common::shared("fixtures/33c3-frab-schedule.xml") else {
        return;
    };
    let imported = import(&path);
    assert_eq!(imported.format, Format::PentabarfXml);
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 150);
    assert_eq!(s.conference.id, "33c3");
    assert_eq!(s.conference.utc_offset.to_string(), "+01:00");
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
    check(
        by_id(s, "f21478d4-e8db-4f19-854c-2f74b5824706"),
        "Fnord-Jahresrückblick",
        "2016-12-29T00:45:00+01:00",
        "2016-12-29T02:15:00+01:00",
        "2016-12-28",
        "Saal 1",
        &["Fefe", "frank"],
    );
}

#[test]
fn fosdem_2013_old_pentabarf() {
    let Some(path) = common::shared("fixtures/fosdem-2013-schedule.xml") else {
        return;
    };
    let imported = import(&path);
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 487);
    let c = &s.conference;
    assert_eq!(c.id, "fosdem-2013");
    assert_eq!(
        (c.start_date, c.end_date),
        (date("2013-02-02"), date("2013-02-03"))
    );
    // No zone and no offset anywhere: Brussels (the <city>) gives both.
    assert_eq!(c.time_zone.as_deref(), Some("Europe/Brussels"));
    assert_eq!(c.utc_offset.to_string(), "+01:00");
    assert_eq!(c.city.as_deref(), Some("Brussels"));
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("taken from its city"))
    );
    let welcome = by_id(s, "1113");
    check(
        welcome,
        "Welcome to FOSDEM 2013",
        "2013-02-02T10:30:00+01:00",
        "2013-02-02T10:55:00+01:00",
        "2013-02-02",
        "Janson",
        &["FOSDEM Staff"],
    );
    // The abstract and description were escaped HTML.
    assert_eq!(
        welcome.summary_text().as_deref(),
        Some("FOSDEM welcome and opening talk.\n\nWelcome to FOSDEM 2013!")
    );
    assert_eq!(
        welcome.link(LinkKind::Video),
        Some("http://video.fosdem.org/2013/maintracks/Janson/Welcome_to_FOSDEM_2013.webm")
    );
    let go = by_id(s, "1169");
    check(
        go,
        "Go on NetBSD",
        "2013-02-03T11:00:00+01:00",
        "2013-02-03T11:45:00+01:00",
        "2013-02-03",
        "K.4.201",
        &["Benny Siegert"],
    );
    assert_eq!(go.track.as_deref(), Some("BSD"));
    assert_eq!(go.kind.as_deref(), Some("devroom"));
    let urls: Vec<&str> = go.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["http://golang.org/", "http://pkgsrc.se/wip/go"]);
    assert!(
        s.sessions()
            .iter()
            .all(|x| x.start.is_some() && x.end.is_some())
    );
}

#[test]
fn fosdem_2025_pretalx() {
    let Some(path) = common::shared("fixtures/fosdem-2025-schedule-LARGE.xml") else {
        return;
    };
    let imported = import(&path);
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), count_events(&path));
    assert_eq!(s.sessions().len(), 943);
    let c = &s.conference;
    assert_eq!(c.id, "fosdem-2025");
    assert_eq!(c.name, "FOSDEM 2025");
    assert_eq!(c.time_zone.as_deref(), Some("Europe/Brussels"));
    assert_eq!(c.url.as_deref(), Some("https://fosdem.org/2025/schedule/"));
    // The top-level <tracks> list is not taken for an event's track.
    let llvm = by_title(s, "A New Approach to Callee-Saved Registers in LLVM");
    assert_eq!(llvm.id, "852280ac-61d3-588c-b74c-8d87f9d9d2c6");
    check(
        llvm,
        "A New Approach to Callee-Saved Registers in LLVM",
        "2025-02-01T10:35:00+01:00",
        "2025-02-01T11:00:00+01:00",
        "2025-02-01",
        "K.3.201",
        &["Mikhail Gudim"],
    );
    assert_eq!(llvm.track.as_deref(), Some("LLVM"));
    assert_eq!(
        llvm.link(LinkKind::Session),
        Some(
            "https://fosdem.org/2025/schedule/event/fosdem-2025-6210-a-new-approach-to-callee-saved-registers-in-llvm/"
        )
    );
    assert!(
        llvm.summary_text().as_deref().is_some_and(|t| t
            .starts_with("Currently LLVM saves and restores")
            && !t.contains("<p>"))
    );
    let nova = by_title(s, "A Formal Specification of the NOVA Microhypervisor");
    check(
        nova,
        "A Formal Specification of the NOVA Microhypervisor",
        "2025-02-01T17:20:00+01:00",
        "2025-02-01T17:45:00+01:00",
        "2025-02-01",
        "UB4.136",
        &["Hoang-Hai Dang"],
    );
    let slides = nova
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Slides)
        .unwrap_or_else(|| panic!("no slides: {:?}", nova.links));
    assert_eq!(
        slides.title.as_deref(),
        Some("Technical report of the NOVA formal specification")
    );
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}

#[test]
fn old_layout_without_room_wrappers_or_dates() {
    let imported = import(&fixture("pentabarf-old.xml"));
    let s = &imported.schedule;
    assert_eq!(s.sessions().len(), 3);
    let welcome = by_id(s, "101");
    check(
        welcome,
        "Welcome & opening",
        "2013-02-02T10:30:00+01:00",
        "2013-02-02T10:55:00+01:00",
        "2013-02-02",
        "Janson",
        &["FOSDEM Staff", "Ada Lovelace"],
    );
    assert_eq!(
        welcome.summary_text().as_deref(),
        Some("Opening talk & news.\n\nSecond paragraph.")
    );
    let kinds: Vec<LinkKind> = welcome.links.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [LinkKind::Video, LinkKind::Slides]);
    // 01:30 is before the 09:00 day change: the next morning, still filed under day 1.
    let late = by_id(s, "102");
    // XHTML written as elements inside the abstract is reduced to text like escaped HTML.
    assert_eq!(
        late.summary_text().as_deref(),
        Some("Plain bold text\nnext line (https://example.org/x?a=1&b=2)\n\n- one\n- two < three")
    );
    check(
        late,
        "After midnight",
        "2013-02-03T01:30:00+01:00",
        "2013-02-03T02:30:00+01:00",
        "2013-02-02",
        "Bar",
        &[],
    );
    // An event without its own <room> takes its wrapper's name.
    check(
        by_id(s, "201"),
        "Wrapped in a room",
        "2013-02-03T11:00:00+01:00",
        "2013-02-03T11:50:00+01:00",
        "2013-02-03",
        "K.1.105",
        &["Grace Hopper"],
    );
}

#[test]
fn control_characters_do_not_break_the_import() {
    let s = import(&fixture("pentabarf-control-chars.xml")).schedule;
    assert_eq!(s.conference.name, "Control characters");
    let ev = by_id(&s, "ctl-1");
    check(
        ev,
        "Bell and escape text",
        "2024-03-01T10:00:00+01:00",
        "2024-03-01T10:30:00+01:00",
        "2024-03-01",
        "Saal 1",
        &["Zero Width"],
    );
    assert_eq!(ev.summary_text().as_deref(), Some("Line one\nline two"));
}

#[test]
fn broken_xml_is_located() {
    for (file, want) in [
        (
            "pentabarf-broken-unclosed.xml",
            "6:7: <event> is never closed (the file ends first)",
        ),
        (
            "pentabarf-broken-mismatch.xml",
            "5:30: broken XML: ill-formed document: expected `</title>`, but `</event>` was found",
        ),
        (
            "pentabarf-broken-garbage.xml",
            "5:38: <<<garbage> is not a valid element name",
        ),
        (
            "pentabarf-broken-trailing.xml",
            "5:1: text outside the <schedule> element",
        ),
    ] {
        let Err(err) = import::load_path(&fixture(file)) else {
            panic!("{file} imported");
        };
        let text = err.to_string();
        assert!(text.ends_with(&format!("{file}:{want}")), "{text}");
        assert!(!text.contains('\n'));
    }
}

#[test]
fn latin1_files_that_say_so_are_read() {
    let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<schedule><conference><title>Caf\xe9</title></conference>\n<day date=\"2024-03-01\"><room name=\"S\xe4al\"><event id=\"1\"><start>10:00</start><duration>00:30</duration><title>\x93Quoted\x94</title></event></room></day></schedule>";
    let s = import::load_bytes(xml, "latin1.xml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.conference.name, "Café");
    assert_eq!(s.sessions()[0].title, "“Quoted”");
    assert_eq!(s.sessions()[0].room.as_deref(), Some("Säal"));
    // Without the declaration, bytes that are not UTF-8 are an error at their place.
    let Err(err) = import::load_bytes(b"<schedule>\n  <x>\xe9</x></schedule>", "bad.xml") else {
        panic!("imported");
    };
    assert!(
        err.to_string()
            .starts_with("bad.xml:2:6: the file is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn every_xml_fixture_round_trips_through_hallways_format() {
    let mut paths = vec![
        fixture("pentabarf-old.xml"),
        fixture("pentabarf-control-chars.xml"),
    ];
    for name in [
        "33c3-frab-schedule.xml",
        "fosdem-2013-schedule.xml",
        "fosdem-2025-schedule-LARGE.xml",
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
