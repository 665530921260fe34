//! `hallway now` and `hallway agenda` through the real binary, on the hand-written two-day
//! program (tests/fixtures/time) and on a real frab program from ../shared (33C3, times in
//! +01:00), with a temporary config folder and the clock fixed by `HALLWAY_NOW`.

mod common;

use std::path::{Path, PathBuf};

use common::{hallway, schedule_json, session, stderr, stdout};
use serde_json::Value;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/time/two-days.json")
        .display()
        .to_string()
}

/// The 33C3 frab schedule; `None` (test skipped) only outside CI.
fn congress() -> Option<String> {
    common::shared("fixtures/33c3-frab-schedule.json").map(|p: PathBuf| p.display().to_string())
}

/// Runs hallway at `now` on `schedule` with `args`; returns (exit code, stdout, stderr).
fn run(dir: &Path, schedule: &str, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = hallway(dir)
        .env("HALLWAY_NOW", now)
        .arg("--schedule")
        .arg(schedule)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(dir: &Path, schedule: &str, now: &str, args: &[&str]) -> String {
    let (code, out, err) = run(dir, schedule, now, args);
    assert_eq!(code, 0, "hallway {args:?} failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
    out
}

fn json(dir: &Path, schedule: &str, now: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, schedule, now, args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn star(dir: &Path, schedule: &str, ids: &[&str]) {
    let mut args = vec!["star"];
    args.extend_from_slice(ids);
    ok(dir, schedule, "2025-03-01T10:00:00+01:00", &args);
}

// ---- the hand-written program ----

#[test]
fn now_before_the_program_names_the_first_session() {
    let dir = tmp();
    let out = ok(
        dir.path(),
        &fixture(),
        "2025-03-13T08:00:00+01:00",
        &["now"],
    );
    assert_eq!(
        out,
        "\
Time Test Conf 2025 — Thu 13 Mar 08:00 CET
Not started yet.
Next
  in 1 h  09:00  Hall A  Opening
"
    );
    // With a horizon of 30 minutes the first session is too far: named once, with its time.
    std::fs::write(
        dir.path().join("config.toml"),
        "[now]\nhorizon_minutes = 30\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = ok(
        dir.path(),
        &fixture(),
        "2025-03-13T08:00:00+01:00",
        &["now"],
    );
    assert_eq!(
        out,
        "\
Time Test Conf 2025 — Thu 13 Mar 08:00 CET
Not started yet. First: Opening — Hall A, in 1 h (Thu 13 Mar 09:00)
"
    );
}

#[test]
fn now_during_a_day_shows_progress_and_the_next_slot_starred_marked_not_moved() {
    let dir = tmp();
    let f = fixture();
    star(dir.path(), &f, &["tui", "wrap-up"]);
    let out = ok(dir.path(), &f, "2025-03-13T10:05:00+01:00", &["now"]);
    assert_eq!(
        out,
        "\
Time Test Conf 2025 — Thu 13 Mar 10:05 CET
Now
  35/60 min  Hall A  Rust in Production
  20/30 min  Hall B  Async Deep Dive
  5/45 min   Room C  Terminal UIs ★
Next
  in 55 min  11:00  Hall B  Open Space
"
    );
}

#[test]
fn now_marks_an_inferred_end() {
    let dir = tmp();
    let out = ok(
        dir.path(),
        &fixture(),
        "2025-03-13T11:30:00+01:00",
        &["now"],
    );
    assert!(
        out.contains("\nNow\n  30/~40 min  Hall B  Open Space\n"),
        "{out}"
    );
}

#[test]
fn now_between_sessions_says_what_is_next_and_when() {
    let dir = tmp();
    let out = ok(
        dir.path(),
        &fixture(),
        "2025-03-13T12:30:00+01:00",
        &["now"],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[1..],
        [
            "Nothing on now.",
            "Next",
            "  in 1 h 30 min  14:00  Room C  Hacking Hour"
        ]
    );
    // Overnight, given in UTC: 19:00Z is 20:00 in Berlin.
    let out = ok(dir.path(), &fixture(), "2025-03-13T19:00:00Z", &["now"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Time Test Conf 2025 — Thu 13 Mar 20:00 CET");
    assert_eq!(
        lines[1],
        "Nothing on now. Next: Keynote — Hall A, in 13 h (Fri 14 Mar 09:00)"
    );
}

#[test]
fn now_after_the_program_says_it_is_over() {
    let dir = tmp();
    let out = ok(
        dir.path(),
        &fixture(),
        "2025-03-14T16:30:00+01:00",
        &["now"],
    );
    assert_eq!(
        out,
        "Time Test Conf 2025 — Fri 14 Mar 16:30 CET\nThe program is over.\n"
    );
    let v = json(
        dir.path(),
        &fixture(),
        "2025-03-14T16:30:00+01:00",
        &["now", "--json"],
    );
    assert_eq!(v["phase"], "over");
    assert_eq!(v["now"], serde_json::json!([]));
    assert_eq!(v["next"], serde_json::json!([]));
    assert_eq!(v["next_overall"], Value::Null);
}

#[test]
fn now_without_published_times_says_so() {
    let dir = tmp();
    let file = dir.path().join("untimed.json");
    std::fs::write(&file, schedule_json(&[&session("a", "A talk", None, None)]))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = ok(
        dir.path(),
        &file.display().to_string(),
        "2025-03-01T10:00:00+01:00",
        &["now"],
    );
    assert_eq!(
        out.lines().nth(1),
        Some(
            "No session times are published for this program; `hallway list` shows what is known."
        )
    );
}

#[test]
fn now_json_carries_ids_times_and_minutes() {
    let dir = tmp();
    let f = fixture();
    star(dir.path(), &f, &["open-space"]);
    let v = json(
        dir.path(),
        &f,
        "2025-03-13T11:30:00+01:00",
        &["now", "--json"],
    );
    assert_eq!(v["conference"], "timetest-2025");
    assert_eq!(v["at"], "2025-03-13T11:30:00+01:00");
    assert_eq!(v["phase"], "during");
    assert_eq!(v["horizon_minutes"], 180);
    assert_eq!(v["horizon_end"], "2025-03-13T11:40:00+01:00");
    let on = &v["now"][0];
    assert_eq!(on["id"], "open-space");
    assert_eq!(on["room"], "Hall B");
    assert_eq!(on["start"], "2025-03-13T11:00:00+01:00");
    assert_eq!(on["end"], "2025-03-13T11:40:00+01:00");
    assert_eq!(on["end_inferred"], true);
    assert_eq!(
        (on["elapsed_min"].as_i64(), on["total_min"].as_i64()),
        (Some(30), Some(40))
    );
    assert_eq!(on["starred"], true);
    assert_eq!(v["next"][0]["id"], "lightning");
    assert_eq!(v["next"][0]["starts_in_min"], 10);
    assert_eq!(v["next_overall"], Value::Null);
}

#[test]
fn agenda_lists_days_with_clashes_gaps_untimed_undated_and_missing() {
    let dir = tmp();
    let f = fixture();
    star(
        dir.path(),
        &f,
        &[
            "opening",
            "rust",
            "async",
            "open-space",
            "lightning",
            "hack",
            "wrap-up",
            "bof",
            "keynote",
            "workshop",
            "closing",
            "hallway-track",
            "posters",
        ],
    );
    // A star on a session the program no longer has.
    let state = dir.path().join("state.json");
    let text = std::fs::read_to_string(&state).unwrap_or_else(|e| panic!("{e}"));
    let mut v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    v["conferences"]["timetest-2025"]["stars"]["gone-talk"] =
        serde_json::json!({ "at": "2025-03-01T10:00:00+01:00" });
    std::fs::write(&state, v.to_string()).unwrap_or_else(|e| panic!("{e}"));

    let out = ok(dir.path(), &f, "2025-03-13T08:00:00+01:00", &["agenda"]);
    assert_eq!(
        out,
        "\
Thursday 13 March 2025
09:00–09:30   Hall A  Opening
09:30–10:30   Hall A  Rust in Production
  ⚠ clashes with: Async Deep Dive
09:45–10:15   Hall B  Async Deep Dive
  ⚠ clashes with: Rust in Production
  free 10:30–11:00 (30 min)
11:00–~11:40  Hall B  Open Space
11:40–12:10   Hall B  Lightning Talks
  free 12:10–14:00 (1 h 50 min)
14:00–~15:00  Room C  Hacking Hour
  ⚠ clashes with: Wrap-up Day 1
14:30–15:00   Hall A  Wrap-up Day 1
  ⚠ clashes with: Hacking Hour
time not published  Hall A  Birds of a Feather

Friday 14 March 2025
09:00–10:00  Hall A  Keynote
10:00–12:00  Hall B  Workshop: Testing
  free 12:00–16:00 (4 h)
16:00–16:30  Hall A  Closing
time not published  —       Hallway Track

No date
Room C  Poster Session

No longer in the program
gone-talk
"
    );

    let v = json(
        dir.path(),
        &f,
        "2025-03-13T08:00:00+01:00",
        &["agenda", "--json"],
    );
    assert_eq!(v["days"][0]["day"], "2025-03-13");
    let items = &v["days"][0]["items"];
    assert_eq!(items[1]["id"], "rust");
    assert_eq!(items[1]["clashes"], serde_json::json!(["async"]));
    assert_eq!(items[3]["type"], "gap");
    assert_eq!(items[3]["from"], "2025-03-13T10:30:00+01:00");
    assert_eq!(items[3]["minutes"], 30);
    assert_eq!(items[4]["end_inferred"], true);
    // Closing is written in UTC in the file; it is shown in the conference's zone.
    assert_eq!(
        v["days"][1]["items"][3]["start"],
        "2025-03-14T16:00:00+01:00"
    );
    assert_eq!(v["days"][1]["items"][4]["type"], "untimed");
    assert_eq!(v["undated"][0]["id"], "posters");
    assert_eq!(v["missing"], serde_json::json!(["gone-talk"]));
}

#[test]
fn agenda_with_nothing_starred_says_how_to_star() {
    let dir = tmp();
    let (code, out, err) = run(
        dir.path(),
        &fixture(),
        "2025-03-13T08:00:00+01:00",
        &["agenda"],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "");
    assert!(err.contains("nothing starred yet"), "{err}");
}

// ---- a real program: 33C3 (frab JSON, +01:00) ----

const GRID: &str = "87092ad2-d3fd-4a37-bb58-1fe71217a06b"; // Saal 1 11:30–12:30
const OUTERNET: &str = "f75d0531-ac47-4edd-99bd-9eadd836982a"; // Saal 2 11:30–12:30
const DROWN: &str = "61f9d4c6-a3de-4958-a57c-efcf941668fa"; // Saal 2 14:00–15:00
const CONSOLE: &str = "700a07e7-a9c4-437b-a4c5-4491b23a9b4a"; // Saal 1 23:00–00:00
const NICHT: &str = "2689ebfe-0d84-4c88-9ea6-5cadad9d4fa4"; // Saal 1 00:15–01:15, day 1
const GONE60: &str = "1a6657a2-b6c2-4acc-b8fc-5ec081c0877f"; // Saal 1, 28 Dec 13:45–14:15

#[test]
fn congress_now_before_during_overnight_and_after() {
    let Some(c) = congress() else { return };
    let dir = tmp();
    star(dir.path(), &c, &[OUTERNET, NICHT]);

    let before = ok(dir.path(), &c, "2016-12-27T09:00:00+01:00", &["now"]);
    let lines: Vec<&str> = before.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "33. Chaos Communication Congress — Tue 27 Dec 09:00 UTC+01:00",
            "Not started yet.",
            "Next",
        ]
    );
    // The first slot only: the starred 11:30 talk is not pulled forward.
    assert_eq!(
        lines[3..],
        ["  in 2 h  11:00  Saal 1  33C3 Opening Ceremony"]
    );

    // 10:40 UTC is 11:40 at the congress. Rooms in the program's order (Saal G before Saal 6).
    let during = ok(dir.path(), &c, "2016-12-27T10:40:00Z", &["now"]);
    assert_eq!(
        during,
        "\
33. Chaos Communication Congress — Tue 27 Dec 11:40 UTC+01:00
Now
  10/60 min  Saal 1  The Global Assassination Grid
  10/60 min  Saal 2  Reverse engineering Outernet ★
  10/60 min  Saal G  What could possibly go wrong with <insert x86 instruction here>?
  10/60 min  Saal 6  Everything you always wanted to know about Certificate Transparency
Next
  in 1 h 5 min  12:45  Saal 1  The Fight for Encryption in 2016
  in 1 h 5 min  12:45  Saal 2  How Do I Crack Satellite and Cable Pay TV?
  in 1 h 5 min  12:45  Saal G  Building a high throughput low-latency PCIe based SDR
  in 1 h 5 min  12:45  Saal 6  Exploiting PHP7 unserialize
"
    );

    // After midnight the first day's last talk is still on.
    let late = ok(dir.path(), &c, "2016-12-28T00:30:00+01:00", &["now"]);
    assert!(
        // Nothing starts within three hours: no Next at all (it was every room's morning talk).
        late.ends_with("\nNow\n  15/60 min  Saal 1  Nicht öffentlich. ★\n"),
        "{late}"
    );

    let night = ok(dir.path(), &c, "2016-12-28T03:00:00+01:00", &["now"]);
    assert_eq!(
        night.lines().nth(1),
        Some(
            "Nothing on now. Next: Es sind die kleinen Dinge im Leben — Saal 1, in 8 h 30 min (Wed 28 Dec 11:30)"
        )
    );

    let after = ok(dir.path(), &c, "2016-12-30T19:00:00+01:00", &["now"]);
    assert_eq!(
        after,
        "33. Chaos Communication Congress — Fri 30 Dec 19:00 UTC+01:00\nThe program is over.\n"
    );
}

#[test]
fn congress_agenda_with_a_clash_and_gaps_across_midnight() {
    let Some(c) = congress() else { return };
    let dir = tmp();
    star(
        dir.path(),
        &c,
        &[GRID, OUTERNET, DROWN, CONSOLE, NICHT, GONE60],
    );
    let out = ok(dir.path(), &c, "2016-12-27T09:00:00+01:00", &["agenda"]);
    assert_eq!(
        out,
        "\
Tuesday 27 December 2016
11:30–12:30             Saal 1  The Global Assassination Grid
  ⚠ clashes with: Reverse engineering Outernet
11:30–12:30             Saal 2  Reverse engineering Outernet
  ⚠ clashes with: The Global Assassination Grid
  free 12:30–14:00 (1 h 30 min)
14:00–15:00             Saal 2  The DROWN Attack
  free 15:00–23:00 (8 h)
23:00–00:00             Saal 1  Console Hacking 2016
  free 00:00–00:15 (15 min)
Wed 28 Dec 00:15–01:15  Saal 1  Nicht öffentlich.

Wednesday 28 December 2016
13:45–14:15  Saal 1  Gone in 60 Milliseconds
"
    );
}

#[test]
fn congress_imported_by_name_answers_now() {
    let Some(c) = congress() else { return };
    let dir = tmp();
    let out = hallway(dir.path())
        .args(["import", &c])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = hallway(dir.path())
        .env("HALLWAY_NOW", "2016-12-30T18:00:00+01:00")
        .args(["--conference", "33c3", "now"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        stdout(&out),
        "\
33. Chaos Communication Congress — Fri 30 Dec 18:00 UTC+01:00
Now
  45/60 min  Saal 1  Security Nightmares 0x11
  45/60 min  Saal 2  Surveilling the surveillers
Next
  in 30 min  18:30  Saal 1  33C3 Closing Ceremony
"
    );
}
