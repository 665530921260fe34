//! `hallway list --speaker`, and the names `--track`, `--room` and `--speaker` suggest when
//! they match nothing, through the real binary.

mod common;

use std::path::Path;

use common::{hallway, shared, stderr, stdout};
use serde_json::Value;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs hallway with `args`; asserts it exits 0 and returns (stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = hallway(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "hallway {args:?} failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
    (stdout(&out), err)
}

fn speakers_of(session: &Value) -> Vec<String> {
    session["speakers"]
        .as_array()
        .unwrap_or_else(|| panic!("no speakers in {session}"))
        .iter()
        .filter_map(|sp| sp["name"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn list_speaker_matches_names_in_any_case() {
    let dir = tmp();
    let (out, err) = run(dir.path(), &["list", "--speaker", "SOUMITH", "--json"]);
    assert_eq!(err, "");
    let sessions: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let sessions = sessions.as_array().unwrap_or_else(|| panic!("{out}"));
    assert!(
        !sessions.is_empty(),
        "Soumith Chintala speaks at PyTorch Conference"
    );
    for s in sessions {
        assert!(
            speakers_of(s).iter().any(|n| n == "Soumith Chintala"),
            "{s}"
        );
    }
    // Every session he speaks at, no fewer: compare with a scan of the whole program.
    let (all, _) = run(dir.path(), &["list", "--json"]);
    let all: Value = serde_json::from_str(&all).unwrap_or_else(|e| panic!("{e}"));
    let his = all
        .as_array()
        .unwrap_or_else(|| panic!("not a list"))
        .iter()
        .filter(|s| speakers_of(s).iter().any(|n| n == "Soumith Chintala"))
        .count();
    assert_eq!(sessions.len(), his);
}

#[test]
fn list_speaker_on_fosdem_ignores_case_and_spacing() {
    let Some(fosdem) = shared("fixtures/fosdem-2025-schedule-LARGE.xml") else {
        return;
    };
    let dir = tmp();
    let file = fosdem.to_string_lossy();
    let (out, _) = run(
        dir.path(),
        &["--schedule", &file, "list", "--speaker", "jordan   MARIS"],
    );
    // Jordan Maris gives nine talks at FOSDEM 2025.
    assert_eq!(out.lines().count(), 9, "{out}");
}

#[test]
fn a_misspelt_room_names_the_closest_rooms() {
    let dir = tmp();
    let (out, err) = run(dir.path(), &["list", "--room", "Romo A"]);
    assert_eq!(out, "");
    assert!(
        err.contains("no room matches \"Romo A\"; did you mean \"Room A\""),
        "{err}"
    );
}

#[test]
fn a_misspelt_track_names_the_closest_tracks_and_kinds() {
    let dir = tmp();
    let (out, err) = run(dir.path(), &["list", "--track", "keynoet"]);
    assert_eq!(out, "");
    assert!(err.contains("did you mean \"Keynote\""), "{err}");
}

#[test]
fn a_misspelt_speaker_names_the_closest_speakers() {
    let dir = tmp();
    let (out, err) = run(dir.path(), &["list", "--speaker", "Chintla"]);
    assert_eq!(out, "");
    assert!(
        err.contains("no speaker matches \"Chintla\"; did you mean \"Soumith Chintala\""),
        "{err}"
    );
}

#[test]
fn a_name_that_exists_is_not_questioned_when_other_filters_leave_nothing() {
    let dir = tmp();
    // Room A exists, but nothing is both in it and starred (no stars yet).
    let (out, err) = run(dir.path(), &["list", "--room", "Room A", "--starred"]);
    assert_eq!(out, "");
    assert_eq!(err, "");
}

#[test]
fn nothing_close_says_so_and_json_stays_valid() {
    let dir = tmp();
    let (out, err) = run(dir.path(), &["list", "--speaker", "zzzzzz", "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&out).ok(),
        Some(Value::Array(vec![]))
    );
    assert_eq!(err.trim(), "hallway: no speaker matches \"zzzzzz\"");
}
