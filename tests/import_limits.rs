//! Hostile input to the commands that read files (issue 12), through the real binary with a
//! temporary config folder:
//! - endless and special files — `/dev/zero`, a FIFO, a directory — and a file over the size cap
//!   (`HALLWAY_HTTP_MAX_BYTES`, shared with downloads), for every command that reads a file from
//!   outside (`import`, `--schedule`, `validate`, `import-notes`, `restore`): one line naming the
//!   file, exit code 2, no hang (each run is killed after a generous timeout, which fails it);
//! - 20,000 events sharing one guid: imported, every id distinct, one short note;
//! - two `--name`s that cut to the same saved name: the second is refused, the first program and
//!   its notes are left as they were; the same name (any case, or the saved name) replaces.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{hallway, shared, stderr, stdout};

/// Longer than any of these runs takes even on a loaded machine; only a hang reaches it.
const HANG: Duration = Duration::from_secs(120);

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Runs hallway with `env` set; (exit code, stdout, stderr). A run killed by the timeout has
/// no exit code (-1).
fn run_with(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = hallway(dir);
    cmd.env_remove("HALLWAY_HTTP_MAX_BYTES");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(args)
        .timeout(HANG)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_with(dir, &[], args)
}

/// Every command that reads a file from outside, reading `file`.
fn readers(file: &str) -> Vec<Vec<String>> {
    [
        vec!["import", file],
        vec!["--schedule", file, "list"],
        vec!["validate", file],
        vec!["import-notes", file],
        vec!["restore", file],
    ]
    .into_iter()
    .map(|a| a.into_iter().map(str::to_owned).collect())
    .collect()
}

/// Each reader refuses `file` with exit 2 and one line `FILE: cannot read: {what}`.
fn refused_by_every_reader(dir: &Path, env: &[(&str, &str)], file: &str, what: &str) {
    for args in readers(file) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run_with(dir, env, &args);
        assert_eq!(code, 2, "hallway {args:?}: {err}");
        assert_eq!(
            err.trim_end(),
            format!("hallway: {file}: cannot read: {what}"),
            "hallway {args:?}"
        );
        assert!(out.is_empty(), "hallway {args:?}: {out}");
    }
    // Nothing was saved, imported or restored.
    let (_, list, _) = run(dir, &["conferences"]);
    assert_eq!(list.lines().count(), 1, "{list}");
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_by_every_reader_without_being_read() {
    let dir = tmp();
    refused_by_every_reader(
        dir.path(),
        &[],
        "/dev/zero",
        "not a regular file but a character device; hallway reads only regular files",
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_by_every_reader_without_blocking() {
    let dir = tmp();
    let fifo = dir.path().join("schedule.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success(), "mkfifo failed");
    // Nobody ever writes to it: a reader that opened it would wait until the timeout.
    refused_by_every_reader(
        dir.path(),
        &[],
        s(&fifo),
        "not a regular file but a FIFO (named pipe); hallway reads only regular files",
    );
}

#[test]
fn a_directory_is_refused_by_every_reader() {
    let dir = tmp();
    let folder = dir.path().join("schedule.json");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    refused_by_every_reader(
        dir.path(),
        &[],
        s(&folder),
        "not a regular file but a directory; hallway reads only regular files",
    );
}

/// A small valid schedule in hallway's format, about `len` bytes long (padded with spaces).
fn schedule_of_size(len: usize) -> String {
    let text = common::schedule_json(&[&common::session(
        "s1",
        "Opening",
        Some("2025-03-01T10:00:00+01:00"),
        None,
    )]);
    let pad = len.saturating_sub(text.len());
    format!("{text}{}", " ".repeat(pad))
}

#[test]
fn a_file_over_the_configured_cap_is_refused_and_one_within_it_is_read() {
    let dir = tmp();
    let file = dir.path().join("big.json");
    std::fs::write(&file, schedule_of_size(2000)).unwrap_or_else(|e| panic!("{e}"));
    let cap = [("HALLWAY_HTTP_MAX_BYTES", "1999")];
    refused_by_every_reader(
        dir.path(),
        &cap,
        s(&file),
        "larger than the size cap of 1 kB (HALLWAY_HTTP_MAX_BYTES changes it)",
    );
    // The same file exactly at the cap is read: the cap, not the file, was the reason.
    let (code, out, err) = run_with(
        dir.path(),
        &[("HALLWAY_HTTP_MAX_BYTES", "2000")],
        &["import", s(&file), "--name", "small"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("as \"small\": 1 sessions"), "{out}");
    // A copy saved earlier still opens under a cap lower than its size.
    let (code, out, err) = run_with(
        dir.path(),
        &[("HALLWAY_HTTP_MAX_BYTES", "100")],
        &["--conference", "small", "list"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Opening"), "{out}");
}

#[test]
fn a_malformed_cap_is_named() {
    let dir = tmp();
    let file = dir.path().join("s.json");
    std::fs::write(&file, schedule_of_size(0)).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run_with(
        dir.path(),
        &[("HALLWAY_HTTP_MAX_BYTES", "lots")],
        &["validate", s(&file)],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot read: HALLWAY_HTTP_MAX_BYTES=\"lots\" is not a number of bytes"),
        "{err}"
    );
}

/// A frab `schedule.json` of `n` events on one day and in one room, every one with `guid`.
fn frab_with_one_guid(n: usize, guid: &str) -> String {
    let events: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": {i}, "guid": "{guid}", "date": "2025-03-01T{:02}:{:02}:00+01:00", "start": "00:00", "duration": "00:10", "room": "Hall", "title": "Talk {i}", "persons": []}}"#,
                8 + i / 60 % 12,
                i % 60
            )
        })
        .collect();
    format!(
        r#"{{"schedule": {{"version": "1", "conference": {{"acronym": "dup", "title": "Dup Con", "start": "2025-03-01", "end": "2025-03-01", "time_zone_name": "Europe/Berlin", "days": [{{"index": 1, "date": "2025-03-01", "rooms": {{"Hall": [{}]}}}}]}}}}}}"#,
        events.join(",\n")
    )
}

#[test]
fn twenty_thousand_copies_of_one_guid_import_with_one_short_note() {
    let dir = tmp();
    let file = dir.path().join("dup.json");
    std::fs::write(&file, frab_with_one_guid(20_000, "g")).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(dir.path(), &["import", s(&file), "--name", "dup"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("as \"dup\": 20000 sessions"), "{out}");
    let notes: Vec<&str> = err.lines().collect();
    assert_eq!(
        notes,
        [
            r#"hallway: note: 1 id was used by more than one session: 19,999 renamed ("g" → "g-2", "g" → "g-3", "g" → "g-4", …)"#
        ]
    );
    // Every session is there under its own id: g, g-2 ... g-20000.
    let (code, list, err) = run(dir.path(), &["--conference", "dup", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let sessions: serde_json::Value = serde_json::from_str(&list).unwrap_or_else(|e| panic!("{e}"));
    let mut ids: Vec<&str> = sessions
        .as_array()
        .unwrap_or_else(|| panic!("an array: {list:.200}"))
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 20_000);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 20_000);
    assert!(ids.contains(&"g") && ids.contains(&"g-20000") && !ids.contains(&"g-20001"));
}

#[test]
fn the_real_duplicates_of_36c3_are_one_note() {
    let Some(file) = shared("fixtures/36c3-everything-merged-schedule-LARGE.json") else {
        return;
    };
    let dir = tmp();
    let (code, _, err) = run(dir.path(), &["import", s(&file)]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<&str> = err.lines().filter(|l| l.contains(" renamed (")).collect();
    assert_eq!(ids.len(), 1, "{err}");
    assert!(
        ids[0]
            .starts_with("hallway: note: 3 ids were used by more than one session: 3 renamed (\""),
        "{err}"
    );
}

/// A small hallway schedule named `conference` with one session `id`.
fn named_schedule(dir: &Path, file: &str, conference: &str, id: &str) -> std::path::PathBuf {
    let text = common::schedule_json(&[&common::session(
        id,
        "A talk",
        Some("2025-03-01T10:00:00+01:00"),
        None,
    )])
    .replace("Test Conf", conference);
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn a_different_name_with_the_same_slug_is_refused_and_the_same_name_replaces() {
    let dir = tmp();
    let first = named_schedule(dir.path(), "first.json", "C++ Now 2025", "cpp1");
    let other = named_schedule(dir.path(), "other.json", "C Now Meetup", "c1");
    let (code, out, err) = run(dir.path(), &["import", s(&first), "--name", "C++ Now"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("as \"c-now\""), "{out}");
    let (code, _, err) = run(
        dir.path(),
        &["--conference", "c-now", "note", "cpp1", "mine"],
    );
    assert_eq!(code, 0, "{err}");
    let saved = dir.path().join("conferences/c-now.json");
    let before = std::fs::read(&saved).unwrap_or_else(|e| panic!("{e}"));

    // Another name that cuts to the same slug: refused, nothing written.
    for name in ["C Now", "c now!", "C_Now"] {
        let (code, out, err) = run(dir.path(), &["import", s(&other), "--name", name]);
        assert_eq!(code, 2, "--name {name}: {err}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(
            err.trim_end(),
            format!(
                "hallway: --name \"{name}\" would be saved as \"c-now\", which already holds C++ Now 2025 (imported as \"C++ Now\"); choose another --name, or give --name c-now to replace it"
            )
        );
        assert_eq!(std::fs::read(&saved).unwrap_or_default(), before, "{name}");
    }
    let (_, notes, _) = run(dir.path(), &["--conference", "c-now", "notes"]);
    assert!(
        notes.contains("A talk") && notes.contains("mine"),
        "{notes}"
    );
    // Under a name of its own it is imported beside the first.
    let (code, out, err) = run(dir.path(), &["import", s(&other), "--name", "C Meetup"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("as \"c-meetup\""), "{out}");

    // The same name, in another case, or the saved name: a newer version replaces the copy.
    for name in ["c++ now", "c-now", "C++ Now"] {
        let (code, out, err) = run(dir.path(), &["import", s(&first), "--name", name]);
        assert_eq!(code, 0, "--name {name}: {err}");
        assert!(out.contains("replaced the earlier copy"), "{out}");
    }
    // The name first given is still the one recorded after re-imports by the saved name.
    let record = std::fs::read_to_string(dir.path().join("conferences/c-now.source.json"))
        .unwrap_or_default();
    let record: serde_json::Value = serde_json::from_str(&record).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record["name"], "C++ Now");
    let (code, _, _) = run(dir.path(), &["import", s(&other), "--name", "C Now"]);
    assert_eq!(code, 2);
}

#[test]
fn a_name_given_to_a_program_saved_by_its_id_must_be_that_id() {
    let dir = tmp();
    let first = named_schedule(dir.path(), "first.json", "Test Conf", "t1");
    // Without --name: saved by the conference id, "testconf".
    let (code, out, err) = run(dir.path(), &["import", s(&first)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("as \"testconf\""), "{out}");
    // Re-importing without --name replaces, as before.
    let (code, out, err) = run(dir.path(), &["import", s(&first)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("replaced the earlier copy"), "{out}");
    let (code, _, err) = run(dir.path(), &["import", s(&first), "--name", "TestConf"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(dir.path(), &["import", s(&first), "--name", "TestConf!"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("already holds Test Conf; choose another"),
        "{err}"
    );
}
