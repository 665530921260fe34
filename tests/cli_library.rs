//! The interop commands through the real binary: import (every fixture format), conferences,
//! --conference, re-import keeping stars and notes, broken files, export agenda and notes JSON,
//! backup and restore, import-notes.

mod common;

use std::path::{Path, PathBuf};

use common::{hallway, shared, stderr, stdout};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = hallway(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, 0, "hallway {args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    out
}

fn fixture(name: &str) -> Option<PathBuf> {
    shared(&format!("fixtures/{name}"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[test]
fn every_format_imports_and_opens_by_name_offline() {
    let dir = tmp();
    for (file, name, count) in [
        ("fosdem-2025-schedule-LARGE.xml", "fosdem-2025", 943),
        ("33c3-frab-schedule.json", "33c3", 150),
        ("linux-conf-au-2020-schedule.ics", "lca2020", 262),
    ] {
        let Some(path) = fixture(file) else { return };
        let out = ok(dir.path(), &["import", s(&path), "--name", name]);
        assert!(
            out.contains(&format!("as \"{name}\": {count} sessions")),
            "{out}"
        );
        let listed = ok(dir.path(), &["--conference", name, "list"]);
        assert_eq!(listed.lines().count(), count, "{file}");
    }
    let confs = ok(dir.path(), &["conferences"]);
    for name in ["pytorch-conference-2024", "fosdem-2025", "33c3", "lca2020"] {
        assert!(confs.contains(name), "{confs}");
    }
    assert!(confs.contains("(bundled)"));
    // The saved copy is hallway's own format, under the config folder.
    let saved = dir.path().join("conferences").join("33c3.json");
    let text = std::fs::read_to_string(&saved).unwrap_or_default();
    assert!(text.contains("\"format\": \"hallway-schedule\""));
    assert!(ok(dir.path(), &["validate", s(&saved)]).contains("valid"));
}

#[test]
fn schedule_option_takes_any_format_by_content() {
    let dir = tmp();
    let Some(xml) = fixture("33c3-frab-schedule.xml") else {
        return;
    };
    // A misleading extension does not matter.
    let renamed = dir.path().join("schedule.txt");
    std::fs::copy(&xml, &renamed).unwrap_or_else(|e| panic!("{e}"));
    let out = ok(
        dir.path(),
        &["--schedule", s(&renamed), "list", "--room", "Saal 1"],
    );
    assert!(out.lines().count() > 10, "{out}");
}

#[test]
fn reimporting_a_newer_version_keeps_stars_and_notes() {
    let dir = tmp();
    let Some(json) = fixture("33c3-frab-schedule.json") else {
        return;
    };
    ok(dir.path(), &["import", s(&json), "--name", "congress"]);
    let first = ok(dir.path(), &["--conference", "congress", "list"]);
    let id = first
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    ok(dir.path(), &["--conference", "congress", "star", &id]);
    ok(
        dir.path(),
        &[
            "--conference",
            "congress",
            "note",
            &id,
            "kept across versions",
        ],
    );
    // A "newer version": the same file with one title changed.
    let text = std::fs::read_to_string(&json).unwrap_or_default();
    let title = ok(
        dir.path(),
        &["--conference", "congress", "show", &id, "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&title).unwrap_or_default();
    let old = v["title"].as_str().unwrap_or_default().to_owned();
    let edited = dir.path().join("v2.json");
    std::fs::write(&edited, text.replacen(&old, "Retitled talk", 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = ok(dir.path(), &["import", s(&edited), "--name", "congress"]);
    assert!(out.contains("replaced the earlier copy"), "{out}");
    let shown = ok(dir.path(), &["--conference", "congress", "show", &id]);
    assert!(
        shown.contains("Retitled talk") && shown.contains("★"),
        "{shown}"
    );
    assert!(shown.contains("1. kept across versions"), "{shown}");
}

#[test]
fn broken_files_give_one_located_error_and_exit_2() {
    let dir = tmp();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for file in [
        "frab-broken.json",
        "pentabarf-broken-unclosed.xml",
        "ical-broken-unclosed.ics",
    ] {
        let path = fixtures.join(file);
        for args in [
            vec!["import", s(&path)],
            vec!["--schedule", s(&path), "list"],
        ] {
            let (code, out, err) = run(dir.path(), &args);
            assert_eq!(code, 2, "{file}: {err}");
            assert_eq!(out, "");
            assert_eq!(err.lines().count(), 1, "{file}: {err}");
            let located = err.split(file).nth(1).unwrap_or_default();
            let parts: Vec<&str> = located.splitn(4, ':').collect();
            assert!(
                parts.len() >= 3
                    && parts[1].parse::<u32>().is_ok()
                    && parts[2].parse::<u32>().is_ok(),
                "{file}: not FILE:LINE:COL: {err}"
            );
        }
    }
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "just some text\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run(dir.path(), &["import", s(&junk)]);
    assert_eq!(code, 2);
    assert!(err.contains("not a schedule hallway can read"), "{err}");
    let (code, _, err) = run(dir.path(), &["--conference", "nope", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("no conference named \"nope\""), "{err}");
    let (code, _, err) = run(
        dir.path(),
        &["import", s(&junk), "--name", "pytorch-conference-2024"],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn export_agenda_writes_a_calendar_of_the_starred_sessions() {
    let dir = tmp();
    ok(dir.path(), &["star", "1fHmN", "1fHn2", "1fHmx", "1hZiR"]);
    let (code, ics, err) = run(dir.path(), &["export", "agenda"]);
    assert_eq!(code, 0, "{err}");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.contains("UID:1fHn2@pytorch-conference-2024.hallway\r\n"));
    assert!(ics.contains("DTSTART:20240919T213000Z\r\n"));
    assert!(err.contains("1hZiR"), "the undated one is reported: {err}");
    let file = dir.path().join("agenda.ics");
    ok(dir.path(), &["export", "agenda", "--output", s(&file)]);
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), ics);
}

#[test]
fn export_notes_as_json() {
    let dir = tmp();
    ok(dir.path(), &["note", "1fHmN", "one"]);
    ok(dir.path(), &["note", "1fHmN", "two"]);
    let out = ok(dir.path(), &["export", "notes", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["conference"]["name"], "PyTorch Conference 2024");
    assert_eq!(v["sessions"][0]["id"], "1fHmN");
    assert_eq!(v["sessions"][0]["notes"][1]["number"], 2);
    assert_eq!(v["sessions"][0]["notes"][1]["text"], "two");
}

#[test]
fn backup_and_restore_merge_without_dropping_anything() {
    let home = tmp();
    let other = tmp();
    ok(home.path(), &["star", "1fHmN"]);
    ok(home.path(), &["note", "1fHmN", "from home"]);
    let backup = home.path().join("backup.json");
    ok(home.path(), &["backup", s(&backup)]);
    ok(other.path(), &["note", "1fHmN", "from the laptop"]);
    let out = ok(other.path(), &["restore", s(&backup)]);
    assert!(out.contains("restored 1 stars and 1 notes"), "{out}");
    let notes = ok(other.path(), &["notes", "1fHmN"]);
    assert!(
        notes.contains("1. from the laptop") && notes.contains("2. from home"),
        "{notes}"
    );
    // Restoring twice adds nothing.
    assert!(ok(other.path(), &["restore", s(&backup)]).contains("restored 0 stars and 0 notes"));
    let junk = other.path().join("junk.json");
    std::fs::write(&junk, "{}").unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run(other.path(), &["restore", s(&junk)]);
    assert_eq!(code, 2);
    assert!(err.contains("not a hallway backup"), "{err}");
}

#[test]
fn import_notes_files_the_attendee_notes_under_the_right_sessions() {
    let dir = tmp();
    let Some(notes) = shared("examples/attendee-notes-pytorch-2024.txt") else {
        return;
    };
    let out = ok(dir.path(), &["import-notes", s(&notes)]);
    assert!(
        out.contains("16 notes → Meta Llama 3 and the Future of Responsible AI Development"),
        "{out}"
    );
    assert!(
        out.contains(
            "3 notes → Running State-of-Art Gen AI Models on-Device with NPU Acceleration"
        ),
        "{out}"
    );
    assert!(
        out.contains("2 notes → TorchInductor CPU Backend Advancements"),
        "{out}"
    );
    let md = ok(dir.path(), &["export", "notes"]);
    assert!(md.contains("1. Open Source is the Path Forward"), "{md}");
    let junk = dir.path().join("misc.txt");
    std::fs::write(&junk, "Lunch with friends\n1. sandwiches\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(dir.path(), &["import-notes", s(&junk)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 notes imported"), "{out}");
    assert!(
        err.contains("misc.txt:1: \"Lunch with friends\" matches no session"),
        "{err}"
    );
    let out = ok(
        dir.path(),
        &["import-notes", s(&junk), "--session", "1fHmk"],
    );
    assert!(out.contains("1 notes imported"), "{out}");
}
