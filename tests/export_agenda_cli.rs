//! `hallway export agenda` through the real binary: sessions left out are named by title, and
//! an agenda with nothing a calendar can hold writes no file and exits 1 saying why.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use std::path::Path;

const LLAMA: &str = "meta-llama-3-and-the-future-of";
const LLAMA_TITLE: &str = "Meta Llama 3 and the Future of Responsible AI Development";

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::hallway(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        common::stdout(&out),
        common::stderr(&out),
    )
}

/// The title of a session of the bundled program, as `show --json` gives it.
fn title(dir: &Path, id: &str) -> String {
    let (code, out, err) = run(dir, &["show", id, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["title"].as_str().unwrap().to_owned()
}

#[test]
fn two_undated_stars_export_nothing_and_name_both_titles() {
    let dir = tempfile::tempdir().unwrap();
    let other = title(dir.path(), "1hZiR");
    assert_eq!(title(dir.path(), LLAMA), LLAMA_TITLE);
    let (code, _, err) = run(dir.path(), &["star", LLAMA, "1hZiR"]);
    assert_eq!(code, 0, "{err}");

    let file = dir.path().join("agenda.ics");
    let (code, out, err) = run(
        dir.path(),
        &["export", "agenda", "--output", file.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(!file.exists(), "no file is written");
    assert_eq!(out, "");
    assert!(err.contains(&format!("\"{LLAMA_TITLE}\"")), "{err}");
    assert!(err.contains(&format!("\"{other}\"")), "{err}");
    assert!(
        err.contains("none of your starred sessions has one"),
        "{err}"
    );
    assert!(err.contains("no file written"), "{err}");

    // To standard output: nothing either.
    let (code, out, err) = run(dir.path(), &["export", "agenda"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "", "no empty calendar on stdout");
}

#[test]
fn no_stars_at_all_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["export", "agenda"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("no session of this program is starred"),
        "{err}"
    );
}

#[test]
fn left_out_sessions_are_named_by_title_beside_a_real_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["star", "1fHmN", LLAMA]);
    assert_eq!(code, 0, "{err}");
    let (code, ics, err) = run(dir.path(), &["export", "agenda"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    assert!(
        err.contains(&format!(
            "1 starred session without a published date or time left out (a calendar needs at \
             least a date): \"{LLAMA_TITLE}\" [{LLAMA}]"
        )),
        "{err}"
    );
    // To a file, the count is said too, in good English.
    let file = dir.path().join("agenda.ics");
    let (code, _, err) = run(
        dir.path(),
        &["export", "agenda", "--output", file.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("hallway: 1 event\n"), "{err}");
    assert!(file.exists());
}

#[test]
fn stars_on_sessions_gone_from_the_program_are_named_too() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.json");
    let v2 = dir.path().join("v2.json");
    let timed = common::session(
        "talk",
        "A timed talk",
        Some("2025-03-01T10:00:00+01:00"),
        Some("2025-03-01T10:30:00+01:00"),
    );
    let gone = common::session("gone", "Cancelled talk", None, None);
    std::fs::write(&v1, common::schedule_json(&[&timed, &gone])).unwrap();
    std::fs::write(&v2, common::schedule_json(&[&timed])).unwrap();
    let with = |file: &Path, args: &[&str]| {
        let mut all = vec!["--schedule", file.to_str().unwrap()];
        all.extend_from_slice(args);
        run(dir.path(), &all)
    };
    let (code, _, err) = with(&v1, &["star", "gone"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = with(&v2, &["export", "agenda"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("1 starred session no longer in the program:"),
        "{err}"
    );
    assert!(err.contains("[gone]"), "{err}");

    let (code, _, err) = with(&v2, &["star", "talk"]);
    assert_eq!(code, 0, "{err}");
    let (code, ics, err) = with(&v2, &["export", "agenda"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    assert!(
        err.contains("1 starred session no longer in the program left out: gone"),
        "{err}"
    );
}
