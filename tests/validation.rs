//! Loading and validation: every error class, its message, and `hallway validate`'s exit codes.

mod common;

use common::{hallway, schedule_json, session, stderr, stdout};
use hallway::schedule::load::{self, LoadError};

fn load_str(text: &str) -> Result<hallway::schedule::Schedule, LoadError> {
    load::from_str(text, "test.json")
}

fn problems(text: &str) -> Vec<String> {
    match load_str(text) {
        Err(e @ LoadError::Invalid { .. }) => e.lines(),
        Err(other) => panic!("expected semantic problems, got {other}"),
        Ok(_) => panic!("expected problems, the file loaded"),
    }
}

#[test]
fn a_json_syntax_error_gives_file_line_and_column() {
    let text = "{\n  \"format\": \"hallway-schedule\",\n  \"version\": 1,\n  \"conference\": {,\n}";
    match load_str(text) {
        Err(LoadError::Syntax {
            file, line, column, ..
        }) => {
            assert_eq!((file.as_str(), line, column), ("test.json", 4, 18));
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let msg = load_str(text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.starts_with("test.json:4:18: "), "{msg}");
}

#[test]
fn a_type_error_is_located_too() {
    let text = schedule_json(&[r#"    { "id": "a", "title": 5 }"#]);
    let err = load_str(&text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.starts_with("test.json:14:"), "{err}");
    assert!(
        err.contains("invalid type: integer `5`, expected a string"),
        "{err}"
    );
}

#[test]
fn a_bad_timestamp_and_an_unknown_field_are_located() {
    let bad_time = schedule_json(&[&session("a", "A", Some("2025-03-01 10:00"), None)]);
    let err = load_str(&bad_time)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.starts_with("test.json:14:"), "{err}");
    let typo = schedule_json(&[r#"    { "id": "a", "title": "A", "speakr": [] }"#]);
    let err = load_str(&typo)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("unknown field `speakr`"), "{err}");
}

#[test]
fn duplicate_ids_are_named() {
    let text = schedule_json(&[
        &session("a", "One", None, None),
        &session("a", "Two", None, None),
    ]);
    assert_eq!(
        problems(&text),
        [r#"test.json: session "a" ("Two"): duplicate id "a""#]
    );
}

#[test]
fn end_not_after_start_is_named() {
    let s = session(
        "late",
        "Late",
        Some("2025-03-01T10:00:00+01:00"),
        Some("2025-03-01T10:00:00+01:00"),
    );
    let p = problems(&schedule_json(&[&s]));
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with(r#"test.json: session "late" ("Late"): end 2025-03-01T10:00:00+01:00 is not after start"#), "{}", p[0]);
}

#[test]
fn an_empty_title_is_named_by_id_or_position() {
    let p = problems(&schedule_json(&[&session("x", "  ", None, None)]));
    assert_eq!(p, [r#"test.json: session "x": the title is empty"#]);
    let no_id = r#"    { "title": "" }"#;
    let p = problems(&schedule_json(&[&session("x", "Fine", None, None), no_id]));
    assert_eq!(p, ["test.json: session #2: the title is empty"]);
}

#[test]
fn a_start_outside_the_conference_dates_is_named() {
    let s = session("early", "Early", Some("2025-02-28T10:00:00+01:00"), None);
    let p = problems(&schedule_json(&[&s]));
    assert_eq!(
        p,
        [
            r#"test.json: session "early" ("Early"): start 2025-02-28T10:00:00+01:00 is outside the conference's dates (2025-03-01 to 2025-03-02)"#
        ]
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = schedule_json(&[
        &session("a", "", None, None),
        &session(
            "a",
            "B",
            Some("2025-03-09T10:00:00+01:00"),
            Some("2025-03-09T09:00:00+01:00"),
        ),
        r#"    { "id": "c", "title": "C", "end": "2025-03-01T10:00:00+01:00" }"#,
    ]);
    let p = problems(&text);
    assert_eq!(p.len(), 5, "{p:#?}");
}

#[test]
fn conference_problems_are_reported() {
    let text = schedule_json(&[])
        .replace("\"2025-03-02\"", "\"2025-02-01\"")
        .replace("Europe/Berlin", "Mars/Olympus")
        .replace("\"+01:00\"", "\"0100\"");
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|l| l.contains("end_date 2025-02-01 is before start_date")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|l| l.contains("\"Mars/Olympus\" is not an IANA time zone")),
        "{p:?}"
    );
    assert!(p.iter().any(|l| l.contains("utc_offset \"0100\"")), "{p:?}");
}

#[test]
fn a_newer_format_version_asks_for_an_upgrade() {
    let text = schedule_json(&[]).replace("\"version\": 1", "\"version\": 9");
    let p = problems(&text);
    assert!(p[0].contains("format version 9 is newer"), "{p:?}");
}

#[test]
fn sessions_without_id_get_unique_slugs() {
    let text = schedule_json(&[
        r#"    { "title": "Hello World" }"#,
        r#"    { "title": "Hello, world!" }"#,
        &session("hello-world-3", "Taken", None, None),
        r#"    { "title": "Hello world" }"#,
    ]);
    let s = load_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut ids: Vec<&str> = s.sessions().iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "hello-world",
            "hello-world-2",
            "hello-world-3",
            "hello-world-4"
        ]
    );
}

#[test]
fn a_talk_after_midnight_may_belong_to_the_previous_day() {
    let s = r#"    { "id": "late", "title": "Late", "start": "2025-03-02T00:30:00+01:00", "day": "2025-03-01" }"#;
    let schedule = load_str(&schedule_json(&[s])).unwrap_or_else(|e| panic!("{e}"));
    let day = schedule
        .get("late")
        .and_then(|s| s.day)
        .map(|d| d.to_string());
    assert_eq!(day.as_deref(), Some("2025-03-01"));
    let wrong = s
        .replace("2025-03-02T00:30", "2025-03-02T23:30")
        .replace("\"day\": \"2025-03-01\"", "\"day\": \"2025-02-27\"");
    let p = problems(&schedule_json(&[&wrong]));
    assert!(
        p.iter().any(|l| l.contains("does not fall on its day")),
        "{p:?}"
    );
}

#[test]
fn validate_exits_0_on_a_valid_file_and_2_listing_every_problem() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = dir.path().join("good.json");
    std::fs::write(&good, schedule_json(&[&session("a", "A", None, None)]))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = hallway(dir.path())
        .arg("validate")
        .arg(&good)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("valid: Test Conf (1 sessions"),
        "{}",
        stdout(&out)
    );

    let bad = dir.path().join("bad.json");
    let text = schedule_json(&[
        &session("a", "", None, None),
        &session("a", "B", None, None),
    ]);
    std::fs::write(&bad, text).unwrap_or_else(|e| panic!("{e}"));
    let out = hallway(dir.path())
        .arg("validate")
        .arg(&bad)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.contains("bad.json: session \"a\": the title is empty"),
        "{err}"
    );
    assert!(err.contains("duplicate id \"a\""), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn validate_reports_syntax_errors_missing_files_and_bad_utf8_with_exit_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"format\": ]").unwrap_or_else(|e| panic!("{e}"));
    let out = hallway(dir.path())
        .arg("validate")
        .arg(&broken)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("broken.json:2:13: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let latin1 = dir.path().join("latin1.json");
    std::fs::write(&latin1, b"{\n\"a\": \"caf\xe9\"}").unwrap_or_else(|e| panic!("{e}"));
    let out = hallway(dir.path())
        .arg("validate")
        .arg(&latin1)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("latin1.json:2:10: the file is not valid UTF-8"),
        "{}",
        stderr(&out)
    );

    let out = hallway(dir.path())
        .args(["validate", "/nonexistent/x.json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/x.json: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_malformed_schedule_given_to_any_command_is_one_located_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "[1, 2").unwrap_or_else(|e| panic!("{e}"));
    let out = hallway(dir.path())
        .arg("--schedule")
        .arg(&broken)
        .arg("list")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("broken.json:1:"), "{err}");
}
