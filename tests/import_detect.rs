//! Format detection from content, errors that name the file, hallway's own files through the
//! importer, the 33C3 program agreeing across its JSON, XML and iCalendar exports, no panic on
//! any input, and (with `--nocapture`) how long each real file takes to import.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use hallway::import::{self, Format, ImportError, ImportOptions};
use hallway::schedule::{Schedule, bundled, load, save};
use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every schedule file in ../shared/fixtures with its format (None: not a schedule hallway
/// reads — the schemas, SOURCES.md, and the xCal export, which is not supported).
const SHARED: &[(&str, Option<Format>)] = &[
    ("33c3-frab-schedule.json", Some(Format::FrabJson)),
    (
        "rc3-2020-channels-pretalx-schedule.json",
        Some(Format::FrabJson),
    ),
    ("39c3-himmel-c3voc-schedule.json", Some(Format::FrabJson)),
    (
        "36c3-everything-merged-schedule-LARGE.json",
        Some(Format::FrabJson),
    ),
    ("33c3-frab-schedule.xml", Some(Format::PentabarfXml)),
    ("fosdem-2013-schedule.xml", Some(Format::PentabarfXml)),
    ("fosdem-2025-schedule-LARGE.xml", Some(Format::PentabarfXml)),
    ("33c3-frab-schedule.ics", Some(Format::ICalendar)),
    ("linux-conf-au-2020-schedule.ics", Some(Format::ICalendar)),
    ("kielux-2020-schedule.ics", Some(Format::ICalendar)),
    ("33c3-frab-schedule.xcal", None),
    ("c3voc-schedule-json-schema.json", None),
    ("c3voc-schedule2-json-schema-alpha.json", None),
    ("c3voc-schedule-xml.xsd", None),
    ("c3voc-schedule-without-person-xml.xsd", None),
    ("SOURCES.md", None),
];

#[test]
fn every_shared_file_is_detected_by_content() {
    for (name, want) in SHARED {
        let Some(path) = common::shared(&format!("fixtures/{name}")) else {
            continue;
        };
        assert_eq!(import::detect(&read(&path)), *want, "{name}");
    }
}

#[test]
fn hand_written_files_are_detected_by_content() {
    for (name, want) in [
        ("frab-quirks.json", Some(Format::FrabJson)),
        ("frab-broken.json", None),
        ("pentabarf-old.xml", Some(Format::PentabarfXml)),
        ("pentabarf-broken-unclosed.xml", Some(Format::PentabarfXml)),
        ("ical-folded.ics", Some(Format::ICalendar)),
        ("ical-broken-line.ics", Some(Format::ICalendar)),
    ] {
        assert_eq!(import::detect(&read(&fixture(name))), want, "{name}");
    }
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/pytorch-conference-2024.json");
    assert_eq!(import::detect(&read(&bundled)), Some(Format::Hallway));
    // The extension says nothing: an iCalendar body named .json is iCalendar.
    let mut with_bom = b"\xEF\xBB\xBF\r\n  ".to_vec();
    with_bom.extend_from_slice(&read(&fixture("ical-floating.ics")));
    assert_eq!(import::detect(&with_bom), Some(Format::ICalendar));
    let s = import::load_bytes(&with_bom, "calendar.json").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.conference.name, "Floating Fest");
    for (body, name) in [
        (
            &b"\xEF\xBB\xBF\n  <?xml version='1.0'?>\n<schedule><conference><title>X</title><start>2024-01-01</start></conference></schedule>"[..],
            "X",
        ),
        (
            b"\xEF\xBB\xBF {\"schedule\": {\"conference\": {\"title\": \"J\", \"start\": \"2024-01-01\"}}}",
            "J",
        ),
    ] {
        let s = import::load_bytes(body, "bom").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.conference.name, name);
    }
}

#[test]
fn unknown_content_is_refused_naming_the_file() {
    let msg = "not a schedule hallway can read (expected hallway JSON, frab/pretalx schedule.json, Pentabarf/frab schedule.xml or iCalendar)";
    for body in [
        &b""[..],
        b"hello",
        b"{\"sessions\": []}",
        b"[1, 2]",
        b"<html><body/></html>",
    ] {
        let Err(err) = import::load_bytes(body, "notes.txt") else {
            panic!("imported {body:?}");
        };
        assert!(matches!(err, ImportError::UnknownFormat { .. }));
        assert_eq!(err.to_string(), format!("notes.txt: {msg}"));
    }
    if let Some(path) = common::shared("fixtures/33c3-frab-schedule.xcal") {
        let Err(err) = import::load_path(&path) else {
            panic!("xcal imported");
        };
        assert!(err.to_string().ends_with(msg), "{err}");
    }
    let Err(err) = import::load_path(Path::new("/nonexistent/schedule.json")) else {
        panic!("imported a missing file");
    };
    assert!(
        err.to_string()
            .starts_with("/nonexistent/schedule.json: cannot read:"),
        "{err}"
    );
}

#[test]
fn hallway_files_go_through_the_loader() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/pytorch-conference-2024.json");
    let imported =
        import::import_path(&path, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.format, Format::Hallway);
    let bundled = bundled::load().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.schedule.conference, bundled.conference);
    assert_eq!(imported.schedule.sessions(), bundled.sessions());
    // Semantic problems: all kept, shown as one line.
    let bad = common::schedule_json(&[
        &common::session("a", "", None, None),
        &common::session("a", "Twice", None, None),
    ]);
    let Err(err) = import::load_bytes(bad.as_bytes(), "bad.json") else {
        panic!("imported");
    };
    assert_eq!(err.lines().len(), 2, "{:?}", err.lines());
    assert!(!err.to_string().contains('\n'));
    assert!(err.to_string().ends_with("(and 1 more problem)"), "{err}");
    // Syntax errors are located.
    let Err(err) = import::load_bytes(
        b"{\"format\": \"hallway-schedule\",\n  \"version\": x}",
        "s.json",
    ) else {
        panic!("imported");
    };
    assert_eq!(err.to_string(), "s.json:2:14: expected value");
}

#[test]
fn the_bundled_program_round_trips_through_save() {
    let s = bundled::load().unwrap_or_else(|e| panic!("{e}"));
    let text = save::to_json(&s);
    let again = load::from_str(&text, "saved.json").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.conference, s.conference);
    assert_eq!(again.sessions(), s.sessions());
}

fn shared_schedule(name: &str) -> Option<Schedule> {
    let path = common::shared(&format!("fixtures/{name}"))?;
    Some(import::load_path(&path).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn the_33c3_program_agrees_across_json_xml_and_ics() {
    let (Some(json), Some(xml), Some(ics)) = (
        shared_schedule("33c3-frab-schedule.json"),
        shared_schedule("33c3-frab-schedule.xml"),
        shared_schedule("33c3-frab-schedule.ics"),
    ) else {
        return;
    };
    assert_eq!(json.sessions().len(), 150);
    assert_eq!(xml.sessions().len(), 150);
    assert_eq!(ics.sessions().len(), 150);
    for j in json.sessions() {
        let x = xml
            .get(&j.id)
            .unwrap_or_else(|| panic!("{} not in the XML", j.id));
        // JSON and XML carry the same fields: everything agrees.
        assert_eq!(x.title, j.title);
        assert_eq!(
            (x.start, x.end, x.day),
            (j.start, j.end, j.day),
            "{}",
            j.title
        );
        assert_eq!((&x.room, &x.track, &x.kind), (&j.room, &j.track, &j.kind));
        assert_eq!(x.speakers, j.speakers, "{}", j.title);
        assert_eq!(x.summary, j.summary, "{}", j.title);
        // The iCalendar export: title, times, room and speakers (from "Title - Speakers").
        let i = ics
            .get(&j.id)
            .unwrap_or_else(|| panic!("{} not in the ICS", j.id));
        assert_eq!(i.title, j.title);
        assert_eq!((i.start, i.end), (j.start, j.end), "{}", j.title);
        assert_eq!(i.room, j.room, "{}", j.title);
        assert_eq!(i.speakers, j.speakers, "{}", j.title);
    }
}

#[test]
fn import_times() {
    let mut times: HashMap<&str, (usize, f64)> = HashMap::new();
    for (name, format) in SHARED {
        if format.is_none() {
            continue;
        }
        let Some(path) = common::shared(&format!("fixtures/{name}")) else {
            continue;
        };
        let bytes = read(&path);
        let runs = if cfg!(debug_assertions) { 1 } else { 10 };
        let started = Instant::now();
        let mut n = 0;
        for _ in 0..runs {
            n = import::load_bytes(&bytes, name)
                .unwrap_or_else(|e| panic!("{e}"))
                .sessions()
                .len();
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        times.insert(name, (n, ms));
    }
    let mut rows: Vec<_> = times.into_iter().collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    for (name, (n, ms)) in rows {
        println!("import time ({profile}): {name}: {n} sessions in {ms:.2} ms");
    }
}

/// Every hand-written fixture, for the no-panic properties.
fn hand_written() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(read_hand_written)
}

fn read_hand_written() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files.iter().map(|p| read(p)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: common::cases(400),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_input_makes_the_importers_panic(
        which in 0usize..64,
        cut in 0usize..4096,
        flips in proptest::collection::vec((0usize..4096, any::<u8>()), 0..6),
        junk in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let files = hand_written();
        let mut bytes = files[which % files.len()].clone();
        for (at, b) in flips {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = b;
            }
        }
        bytes.truncate(cut.min(bytes.len()));
        bytes.extend_from_slice(&junk);
        let _ = import::detect(&bytes);
        if let Err(e) = import::load_bytes(&bytes, "fuzz") {
            let text = e.to_string();
            prop_assert!(text.starts_with("fuzz"));
            prop_assert!(!text.contains('\n'), "{}", text);
        }
    }

    #[test]
    fn arbitrary_bytes_after_each_format_start_never_panic(
        start in 0usize..4,
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let head: &[u8] = [&b"{\"schedule\":"[..], b"<schedule>", b"BEGIN:VCALENDAR\r\n", b"\xEF\xBB\xBF"][start];
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(&body);
        let _ = import::load_bytes(&bytes, "fuzz");
    }
}
