//! `hallway move-note SESSION NUMBER[-NUMBER] --to SESSION` through the real binary with a
//! temporary config folder: single notes and ranges, renumbering on both sides, written times
//! (and so `+Nm`) kept, errors that change nothing, and moves racing other `hallway note`
//! processes without losing a note.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::thread;

use common::{hallway, schedule_json, session, stderr, stdout};
use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> Output {
    hallway(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("hallway {args:?}: {e}"))
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(out.status.success(), "hallway {args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Per session id, its note texts in order, from `export notes --format json`.
fn notes(dir: &Path, global: &[&str]) -> BTreeMap<String, Vec<String>> {
    let args: Vec<&str> = global
        .iter()
        .copied()
        .chain(["export", "notes", "--format", "json"])
        .collect();
    let doc: Value = serde_json::from_str(&ok(dir, &args)).unwrap_or_else(|e| panic!("{e}"));
    let mut out = BTreeMap::new();
    for s in doc["sessions"].as_array().into_iter().flatten() {
        let texts = s["notes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| n["text"].as_str().unwrap_or_default().to_owned())
            .collect();
        out.insert(s["id"].as_str().unwrap_or_default().to_owned(), texts);
    }
    out
}

fn texts(map: &BTreeMap<String, Vec<String>>, id: &str) -> Vec<String> {
    map.get(id).cloned().unwrap_or_default()
}

#[test]
fn a_note_moves_to_the_talk_it_belongs_to_and_both_sides_renumber() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    for text in ["one", "two", "three"] {
        ok(dir, &["note", "1fHmN", text]);
    }
    ok(dir, &["note", "1fHmk", "moe"]);
    let out = ok(dir, &["move-note", "1fHmN", "2", "--to", "1fHmk"]);
    assert_eq!(
        out,
        "moved note 2 of \"A Distributed Stateful Dataloader for Large-Scale Pretraining\" to \
         \"Training MoEs at Scale with PyTorch\" (now note 2)\n"
    );
    let after = notes(dir, &[]);
    assert_eq!(texts(&after, "1fHmN"), ["one", "three"]);
    assert_eq!(texts(&after, "1fHmk"), ["moe", "two"]);
    // `hallway notes` numbers them afresh on both sides.
    let listed = ok(dir, &["notes", "1fHmN"]);
    assert!(listed.contains("  1. one\n  2. three\n"), "{listed}");
    let listed = ok(dir, &["notes", "1fhmk"]);
    assert!(listed.contains("  1. moe\n  2. two\n"), "{listed}");
}

#[test]
fn a_range_moves_in_order_after_the_targets_notes() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    for i in 1..=5 {
        ok(dir, &["note", "1fHmN", &format!("n{i}")]);
    }
    for i in 1..=4 {
        ok(dir, &["note", "1fHmk", &format!("k{i}")]);
    }
    // Session ids in any case, and an en dash as well as a hyphen.
    let out = ok(dir, &["move-note", "1fhmn", "2–3", "--to", "1FHMK"]);
    assert!(
        out.starts_with("moved notes 2–3 of \"A Distributed Stateful Dataloader"),
        "{out}"
    );
    assert!(out.ends_with("(now notes 5–6)\n"), "{out}");
    let after = notes(dir, &[]);
    assert_eq!(texts(&after, "1fHmN"), ["n1", "n4", "n5"]);
    assert_eq!(texts(&after, "1fHmk"), ["k1", "k2", "k3", "k4", "n2", "n3"]);
    // Moving every note leaves the session without notes.
    ok(dir, &["move-note", "1fHmN", "1-3", "--to", "1fHmk"]);
    let after = notes(dir, &[]);
    assert!(!after.contains_key("1fHmN"), "{after:?}");
    assert_eq!(texts(&after, "1fHmk").len(), 9);
}

#[test]
fn written_times_and_so_the_minute_into_the_talk_survive_the_move() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    let file = dir.join("schedule.json");
    std::fs::write(
        &file,
        schedule_json(&[
            &session(
                "wrong",
                "Wrong Talk",
                Some("2025-03-01T10:00:00+01:00"),
                Some("2025-03-01T10:30:00+01:00"),
            ),
            &session(
                "right",
                "Right Talk",
                Some("2025-03-01T10:00:00+01:00"),
                Some("2025-03-01T10:30:00+01:00"),
            ),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let schedule = file.to_str().unwrap_or_default();
    let at = |now: &str, args: &[&str]| {
        let out = hallway(dir)
            .env("HALLWAY_NOW", now)
            .args(["--schedule", schedule])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    at(
        "2025-03-01T10:12:00+01:00",
        &["note", "wrong", "belongs elsewhere"],
    );
    at(
        "2025-03-02T09:00:00+01:00",
        &["move-note", "wrong", "1", "--to", "right"],
    );
    let json: Value = serde_json::from_str(&at(
        "2025-03-02T09:00:00+01:00",
        &["export", "notes", "--format", "json"],
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let sessions = json["sessions"].as_array().cloned().unwrap_or_default();
    assert_eq!(sessions.len(), 1, "{json}");
    assert_eq!(sessions[0]["id"], "right");
    assert_eq!(sessions[0]["notes"][0]["text"], "belongs elsewhere");
    assert_eq!(
        sessions[0]["notes"][0]["written"],
        "2025-03-01T10:12:00+01:00"
    );
    // The Markdown export still says it was written 12 minutes into the talk.
    let md = at("2025-03-02T09:00:00+01:00", &["export", "notes"]);
    let line = md
        .lines()
        .find(|l| l.contains("belongs elsewhere"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(line.contains("+12m"), "{line}");
}

#[test]
fn mistakes_exit_2_name_the_problem_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    for text in ["one", "two"] {
        ok(dir, &["note", "1fHmN", text]);
    }
    let state = dir.join("state.json");
    let before = std::fs::read(&state).unwrap_or_else(|e| panic!("{e}"));
    let cases: [(&[&str], &str); 7] = [
        (
            &["move-note", "1fHmN", "3", "--to", "1fHmk"],
            "has 2 notes (1–2), so no note 3",
        ),
        (
            &["move-note", "1fHmN", "2-3", "--to", "1fHmk"],
            "so no notes 2–3",
        ),
        (
            &["move-note", "1fHmk", "1", "--to", "1fHmN"],
            "has no notes, so no note 1",
        ),
        (
            &["move-note", "1fHmN", "1", "--to", "1FHMN"],
            "already on \"A Distributed Stateful Dataloader",
        ),
        (
            &["move-note", "1fHmN", "1", "--to", "nosuch"],
            "unknown session id \"nosuch\"",
        ),
        (
            &["move-note", "1fHmN", "0", "--to", "1fHmk"],
            "\"0\" is not a note number",
        ),
        (
            &["move-note", "1fHmN", "2-1", "--to", "1fHmk"],
            "goes backwards",
        ),
    ];
    for (args, says) in cases {
        let out = run(dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
        assert_eq!(
            std::fs::read(&state).unwrap_or_else(|e| panic!("{e}")),
            before,
            "{args:?} changed state.json"
        );
    }
    // --to is required.
    let out = run(dir, &["move-note", "1fHmN", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--to"), "{}", stderr(&out));
}

#[test]
fn moves_racing_other_writers_on_both_sessions_lose_no_note() {
    const ADDS: usize = 25;
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().to_path_buf();
    for i in 0..4 {
        ok(&dir, &["note", "1fHmN", &format!("seed {i}")]);
    }
    let writers: Vec<_> = ["1fHmN", "1fHmk"]
        .into_iter()
        .map(|id| {
            let dir = dir.clone();
            thread::spawn(move || {
                for i in 0..ADDS {
                    ok(&dir, &["note", id, &format!("{id} added {i}")]);
                }
            })
        })
        .collect();
    // Meanwhile, move the first note back and forth; when a side is empty the move is
    // refused (exit 2) and that is fine too.
    let mut moves = 0;
    for i in 0..20 {
        let (from, to) = if i % 2 == 0 {
            ("1fHmN", "1fHmk")
        } else {
            ("1fHmk", "1fHmN")
        };
        let out = run(&dir, &["move-note", from, "1", "--to", to]);
        match out.status.code() {
            Some(0) => moves += 1,
            Some(2) => {}
            _ => panic!("move-note failed: {}", stderr(&out)),
        }
    }
    for w in writers {
        w.join().unwrap_or_else(|_| panic!("a writer panicked"));
    }
    assert!(moves > 0, "no move went through");
    let after = notes(&dir, &[]);
    let mut all: Vec<String> = after.values().flatten().cloned().collect();
    all.sort();
    let mut expected: Vec<String> = (0..4).map(|i| format!("seed {i}")).collect();
    for id in ["1fHmN", "1fHmk"] {
        expected.extend((0..ADDS).map(|i| format!("{id} added {i}")));
    }
    expected.sort();
    assert_eq!(all, expected, "a note was lost or doubled");
    // No two notes of a session share an id.
    let out = ok(&dir, &["export", "notes", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    for s in doc["sessions"].as_array().into_iter().flatten() {
        let ids: Vec<u64> = s["notes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n["id"].as_u64())
            .collect();
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{}: {ids:?}", s["id"]);
    }
}

#[test]
fn a_read_only_store_exits_1_and_moves_nothing() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    ok(dir, &["note", "1fHmN", "one"]);
    let state = dir.join("state.json");
    let text = std::fs::read_to_string(&state).unwrap_or_else(|e| panic!("{e}"));
    let newer = text.replacen("\"version\": 1", "\"version\": 99", 1);
    assert_ne!(newer, text);
    std::fs::write(&state, &newer).unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir, &["move-note", "1fHmN", "1", "--to", "1fHmk"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was moved"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&state).unwrap_or_else(|e| panic!("{e}")),
        newer
    );
}
