//! Every CLI command through the real binary, with a temporary config folder and a fixed clock.

mod common;

use std::path::Path;

use common::{hallway, schedule_json, session, stderr, stdout};
use serde_json::Value;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs hallway with `args` in config folder `dir`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = hallway(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, 0, "hallway {args:?} failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
    out
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn list_shows_every_session_one_a_line() {
    let dir = tmp();
    let out = ok(dir.path(), &["list"]);
    assert_eq!(out.lines().count(), 90);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("1fHmN "), "{first}");
    assert!(first.contains("Wed 18 Sep  14:55–15:20"), "{first}");
    assert!(
        first.ends_with("A Distributed Stateful Dataloader for Large-Scale Pretraining"),
        "{first}"
    );
    assert!(out.contains("time n/p"), "sessions without a time say so");
    assert!(out.contains("Room A"));
}

#[test]
fn list_filters_by_day_track_room_and_star() {
    let dir = tmp();
    assert_eq!(
        ok(dir.path(), &["list", "--day", "2024-09-18"])
            .lines()
            .count(),
        3
    );
    assert_eq!(ok(dir.path(), &["list", "--day", "thu"]).lines().count(), 3);
    assert_eq!(
        ok(dir.path(), &["list", "--day", "none"]).lines().count(),
        84
    );
    assert_eq!(
        ok(dir.path(), &["list", "--track", "dl compiler"])
            .lines()
            .count(),
        7
    );
    assert_eq!(
        ok(dir.path(), &["list", "--track", "Lightning Talk"])
            .lines()
            .count(),
        28
    );
    let room = ok(dir.path(), &["list", "--room", "room a"]);
    assert_eq!(room.lines().count(), 1);
    assert!(room.contains("Torch.Compile for Autograd, DDP and FSDP"));
    assert_eq!(ok(dir.path(), &["list", "--starred"]), "");
    ok(dir.path(), &["star", "1fHmk"]);
    let starred = ok(dir.path(), &["list", "--starred"]);
    assert_eq!(starred.lines().count(), 1);
    assert!(starred.trim_end().ends_with('★'), "{starred}");
    let (code, _, err) = run(dir.path(), &["list", "--day", "someday"]);
    assert_eq!(code, 2);
    assert!(err.contains("--day \"someday\""), "{err}");
}

#[test]
fn list_json_carries_the_fields_and_personal_state() {
    let dir = tmp();
    ok(dir.path(), &["star", "1fHn2"]);
    let v = json(dir.path(), &["list", "--json", "--room", "Room A"]);
    let items = v.as_array().unwrap_or_else(|| panic!("array"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], "1fHn2");
    assert_eq!(items[0]["start"], "2024-09-19T14:30:00-07:00");
    assert_eq!(items[0]["room"], "Room A");
    assert_eq!(items[0]["starred"], true);
    assert_eq!(items[0]["speakers"][0]["name"], "Will Feng");
}

#[test]
fn show_prints_every_field_and_the_numbered_notes() {
    let dir = tmp();
    ok(dir.path(), &["note", "1fHn2", "compiled autograd"]);
    ok(dir.path(), &["note", "1fHn2", "FSDP2 + torch.compile"]);
    let out = ok(dir.path(), &["show", "1fHn2"]);
    for want in [
        "Torch.Compile for Autograd, DDP and FSDP",
        "Thursday 19 September 2024, 14:30–14:55 PDT",
        "Room A",
        "Will Feng, Meta — Software Engineer, PyTorch Compiler",
        "https://pytorch2024.sched.com/event/1fHn2",
        "Notes:\n  1. compiled autograd\n  2. FSDP2 + torch.compile\n",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let no_time = ok(dir.path(), &["show", "keynote-welcome-opening-remarks"]);
    assert!(
        no_time.contains("Wednesday 18 September 2024, time not published"),
        "{no_time}"
    );
    let v = json(dir.path(), &["show", "1fHn2", "--json"]);
    assert_eq!(v["notes"][1]["text"], "FSDP2 + torch.compile");
    assert_eq!(v["notes"][0]["written"], "2024-09-18T10:00:00-07:00");
}

#[test]
fn show_of_an_unknown_id_suggests_the_closest() {
    let dir = tmp();
    let (code, out, err) = run(dir.path(), &["show", "1fHnZ"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown session id \"1fHnZ\""), "{err}");
    assert!(err.contains("did you mean 1fHn"), "{err}");
}

#[test]
fn search_ranks_matches_and_tolerates_typos() {
    let dir = tmp();
    let out = ok(dir.path(), &["search", "inductr"]);
    assert!(
        out.contains("TorchInductor CPU Backend Advancements"),
        "{out}"
    );
    let out = ok(dir.path(), &["search", "Wertheimer"]);
    assert!(
        out.lines().next().unwrap_or_default().starts_with("1fHmN"),
        "{out}"
    );
    let v = json(dir.path(), &["search", "--json", "vllm"]);
    assert_eq!(v[0]["id"], "1fHmx");
}

#[test]
fn star_and_unstar_save_at_once_and_refuse_unknown_ids() {
    let dir = tmp();
    let out = ok(dir.path(), &["star", "1fHmN", "1fHmk"]);
    assert_eq!(out.lines().count(), 2);
    assert!(out.contains("★ starred 1fHmN"), "{out}");
    let state = std::fs::read_to_string(dir.path().join("state.json")).unwrap_or_default();
    assert!(
        state.contains("\"1fHmN\"") && state.contains("\"1fHmk\""),
        "{state}"
    );
    assert!(ok(dir.path(), &["star", "1fHmN"]).contains("already starred"));
    assert!(ok(dir.path(), &["unstar", "1fHmN"]).contains("☆ unstarred 1fHmN"));
    assert_eq!(ok(dir.path(), &["list", "--starred"]).lines().count(), 1);
    // A typo changes nothing, names the bad id and suggests.
    let (code, _, err) = run(dir.path(), &["unstar", "1fHmk", "1fHmZ"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown session id \"1fHmZ\"") && err.contains("did you mean"),
        "{err}"
    );
    assert_eq!(ok(dir.path(), &["list", "--starred"]).lines().count(), 1);
}

#[test]
fn note_prints_its_number_and_notes_groups_them() {
    let dir = tmp();
    assert!(
        ok(
            dir.path(),
            &["note", "1fHmk", "MegaBlocks", "for", "experts"]
        )
        .starts_with("1\t1fHmk")
    );
    assert!(ok(dir.path(), &["note", "1fHmk", "-- HSDP scales"]).starts_with("2\t"));
    assert!(ok(dir.path(), &["note", "1fHmN", "stateful loader"]).starts_with("1\t"));
    let out = ok(dir.path(), &["notes"]);
    let want = "A Distributed Stateful Dataloader for Large-Scale Pretraining  [1fHmN]\n  1. stateful loader\n\n\
                Training MoEs at Scale with PyTorch  [1fHmk]\n  1. MegaBlocks for experts\n  2. -- HSDP scales\n\n";
    assert_eq!(out, want);
    assert_eq!(
        ok(dir.path(), &["notes", "1fHmN"]),
        "A Distributed Stateful Dataloader for Large-Scale Pretraining  [1fHmN]\n  1. stateful loader\n\n"
    );
    let (code, _, err) = run(dir.path(), &["note", "1fHmk", "  "]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn unicode_notes_round_trip_exactly() {
    let dir = tmp();
    let texts = [
        "東京で会いましょう 🎉",
        "e\u{301}te\u{301} — combining marks",
        "שלום RTL mixed with English",
        "line one\nline two\ttabbed",
        "\"quotes\" and \\backslash\\ and trailing spaces   ",
        "👩‍👩‍👧‍👦 ZWJ family, 🇫🇷 flag",
    ];
    for t in texts {
        ok(dir.path(), &["note", "1fHmx", t]);
    }
    let v = json(dir.path(), &["show", "1fHmx", "--json"]);
    let got: Vec<&str> = v["notes"].as_array().map_or(vec![], |a| {
        a.iter().filter_map(|n| n["text"].as_str()).collect()
    });
    // Every text exactly as typed, but the tab: a control character, which the one rule for
    // outside text (src/sanitize.rs) turns into a space; and the spaces at the end, which no
    // written note keeps (the TUI and import-notes trim them alike).
    let expected: Vec<String> = texts
        .iter()
        .map(|t| t.replace('\t', " ").trim_end().to_owned())
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn export_notes_writes_markdown_a_person_would_keep() {
    let dir = tmp();
    ok(
        dir.path(),
        &[
            "note",
            "meta-llama-3-and-the-future-of",
            "Open Source is the Path Forward",
        ],
    );
    ok(
        dir.path(),
        &["note", "meta-llama-3-and-the-future-of", "LLama Guard"],
    );
    ok(dir.path(), &["note", "1fHmN", "# not a heading"]);
    let md = ok(dir.path(), &["export", "notes"]);
    assert!(md.starts_with("# PyTorch Conference 2024\n\n18–19 September 2024 · Fort Mason, San Francisco, California"), "{md}");
    // Program order: the timed session first, then the catalogue.
    let a = md
        .find("## A Distributed Stateful Dataloader")
        .unwrap_or(usize::MAX);
    let b = md
        .find("## Meta Llama 3 and the Future of Responsible AI Development")
        .unwrap_or(usize::MAX);
    assert!(a < b && b < usize::MAX, "{md}");
    assert!(
        md.contains("*Spencer Whitman (Meta), Vincent Gonguet (Meta)*"),
        "{md}"
    );
    assert!(md.contains("*  \nDate and time not published\n"), "{md}");
    assert!(
        md.contains("> As AI models become increasingly powerful"),
        "{md}"
    );
    assert!(
        md.contains("1. Open Source is the Path Forward\n2. LLama Guard\n"),
        "{md}"
    );
    assert!(md.contains("1. \\# not a heading"), "{md}");

    let file = dir.path().join("out").join("notes.md");
    std::fs::create_dir_all(file.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(
        dir.path(),
        &[
            "export",
            "notes",
            "--output",
            file.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), md);
}

#[test]
fn notes_of_a_session_missing_from_the_schedule_survive_and_are_listed_and_exported() {
    let dir = tmp();
    let v1 = dir.path().join("v1.json");
    let v2 = dir.path().join("v2.json");
    std::fs::write(
        &v1,
        schedule_json(&[
            &session("kept", "Kept", None, None),
            &session("gone", "Gone", None, None),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&v2, schedule_json(&[&session("kept", "Kept", None, None)]))
        .unwrap_or_else(|e| panic!("{e}"));
    let v1 = v1.to_str().unwrap_or_default();
    let v2 = v2.to_str().unwrap_or_default();
    ok(
        dir.path(),
        &[
            "--schedule",
            v1,
            "note",
            "gone",
            "a note on a cancelled talk",
        ],
    );
    ok(dir.path(), &["--schedule", v1, "star", "gone"]);
    // The program changes; a save under it keeps the other session's note and star.
    ok(
        dir.path(),
        &["--schedule", v2, "note", "kept", "still here"],
    );
    ok(dir.path(), &["--schedule", v2, "star", "kept"]);
    let state = std::fs::read_to_string(dir.path().join("state.json")).unwrap_or_default();
    assert!(
        state.contains("a note on a cancelled talk") && state.contains("\"gone\""),
        "{state}"
    );
    let notes = ok(dir.path(), &["--schedule", v2, "notes"]);
    assert!(
        notes.contains("[gone]  (no longer in the program)\n  1. a note on a cancelled talk"),
        "{notes}"
    );
    let md = ok(dir.path(), &["--schedule", v2, "export", "notes"]);
    assert!(md.contains("## Sessions no longer in the program"), "{md}");
    assert!(md.contains("1. a note on a cancelled talk"), "{md}");
    // And a different conference's notes do not mix in.
    assert!(!ok(dir.path(), &["notes"]).contains("cancelled"));
}

#[test]
fn a_corrupt_state_file_is_kept_aside_and_the_user_told() {
    let dir = tmp();
    let state = dir.path().join("state.json");
    let garbage = b"{\"format\": \"hallway-state\", \"version\": 1, \"conferences\": {\"x\": tru";
    std::fs::write(&state, garbage).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run(dir.path(), &["star", "1fHmN"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("corrupt"), "{err}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].path()).unwrap_or_default(), garbage);
    assert!(
        err.contains(&aside[0].file_name().to_string_lossy().to_string()),
        "{err}"
    );
    assert_eq!(ok(dir.path(), &["list", "--starred"]).lines().count(), 1);
}

#[test]
fn two_processes_adding_fifty_notes_each_lose_none() {
    let dir = tmp();
    let path = dir.path().to_path_buf();
    let workers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            std::thread::spawn(move || {
                for i in 0..50 {
                    let text = format!("{who}{i}");
                    let out = hallway(&path)
                        .args(["note", "1fHmN", &text])
                        .output()
                        .unwrap_or_else(|e| panic!("{e}"));
                    assert!(out.status.success(), "{}", stderr(&out));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap_or_else(|_| panic!("worker panicked"));
    }
    let v = json(dir.path(), &["show", "1fHmN", "--json"]);
    let notes = v["notes"].as_array().cloned().unwrap_or_default();
    assert_eq!(notes.len(), 100);
    let mut ids: Vec<u64> = notes.iter().filter_map(|n| n["id"].as_u64()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100, "note ids are unique");
    for who in ["a", "b"] {
        let mine: Vec<&str> = notes
            .iter()
            .filter_map(|n| n["text"].as_str())
            .filter(|t| t.starts_with(who))
            .collect();
        let want: Vec<String> = (0..50).map(|i| format!("{who}{i}")).collect();
        assert_eq!(mine, want, "each process's notes are all there, in order");
    }
}

#[test]
fn a_bad_clock_or_unwritable_config_dir_is_a_clear_error() {
    let dir = tmp();
    let (code, _, err) = run(dir.path(), &["--now", "yesterday", "list"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "hallway: --now \"yesterday\": expected 2024-09-18T14:56, 14:56 or an RFC 3339 time\n"
    );
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
    let out = hallway(&file)
        .args(["star", "1fHmN"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("not-a-dir"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), "x");
}

#[test]
fn the_schedule_option_opens_another_program() {
    let dir = tmp();
    let file = dir.path().join("conf.json");
    std::fs::write(
        &file,
        schedule_json(&[&session(
            "t1",
            "Talk One",
            Some("2025-03-01T10:00:00+01:00"),
            Some("2025-03-01T10:30:00+01:00"),
        )]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = ok(
        dir.path(),
        &["--schedule", file.to_str().unwrap_or_default(), "list"],
    );
    assert_eq!(out, "t1  Sat 1 Mar   10:00–10:30  —  Talk One\n");
}

#[test]
fn no_subcommand_and_help_and_version_work() {
    let dir = tmp();
    let out = ok(dir.path(), &["--help"]);
    for cmd in [
        "list", "show", "search", "star", "unstar", "note", "notes", "export", "validate",
    ] {
        assert!(out.contains(cmd), "help lists {cmd}");
    }
    assert!(ok(dir.path(), &["--version"]).starts_with("hallway "));
}
