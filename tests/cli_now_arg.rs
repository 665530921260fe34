//! `--now` / `HALLWAY_NOW` without an offset: a local date-time read in the conference's zone
//! (daylight saving included), a bare clock time meaning that time today there, RFC 3339 as
//! before, and hallway's own one-line error for anything else.

mod common;

use std::path::Path;

use chrono::{Duration, Utc};
use common::{hallway, schedule_json, session, stderr, stdout};
use serde_json::Value;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs hallway on the bundled program with `--now NOW` (and no HALLWAY_NOW); returns (exit
/// code, stdout, stderr).
fn run(dir: &Path, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = hallway(dir)
        .env_remove("HALLWAY_NOW")
        .args(["--now", now])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(dir: &Path, now: &str, args: &[&str]) -> String {
    let (code, out, err) = run(dir, now, args);
    assert_eq!(code, 0, "--now {now} {args:?}: {err}");
    out
}

fn now_field(out: &str) -> String {
    let v: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
    v["at"].as_str().unwrap_or_default().to_owned()
}

const DATALOADER: &str = "A Distributed Stateful Dataloader for Large-Scale Pretraining";

#[test]
fn a_local_date_time_is_read_in_the_conference_zone() {
    let dir = tmp();
    let out = ok(dir.path(), "2024-09-18T14:56", &["now"]);
    assert!(
        out.starts_with("PyTorch Conference 2024 — Wed 18 Sep 14:56 PDT\nNow\n"),
        "{out}"
    );
    let on = out
        .lines()
        .take_while(|l| *l != "Next")
        .find(|l| l.contains(DATALOADER));
    assert_eq!(
        on.map(str::trim),
        Some(format!("1/25 min  —  {DATALOADER}").as_str())
    );
    let json = ok(dir.path(), "2024-09-18T14:56", &["now", "--json"]);
    assert_eq!(now_field(&json), "2024-09-18T14:56:00-07:00");
    let v: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = v["now"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids, ["1fHmN"]);
    // With seconds; and through HALLWAY_NOW.
    let json = ok(dir.path(), "2024-09-18T14:56:30", &["now", "--json"]);
    assert_eq!(now_field(&json), "2024-09-18T14:56:30-07:00");
    let out = hallway(dir.path())
        .env("HALLWAY_NOW", "2024-09-18T14:56")
        .args(["now", "--json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(now_field(&stdout(&out)), "2024-09-18T14:56:00-07:00");
    // Winter time in the same zone: PST.
    let json = ok(dir.path(), "2024-12-18T10:00", &["now", "--json"]);
    assert_eq!(now_field(&json), "2024-12-18T10:00:00-08:00");
    // An offset given is kept.
    let json = ok(dir.path(), "2024-09-18T23:56:00+02:00", &["now", "--json"]);
    assert_eq!(now_field(&json), "2024-09-18T14:56:00-07:00");
}

#[test]
fn a_bare_clock_time_is_today_in_the_conference_zone() {
    let dir = tmp();
    // Today in the bundled program's zone, before and after the run (midnight may pass).
    let la = |t: chrono::DateTime<Utc>| {
        t.with_timezone(&chrono_tz::America::Los_Angeles)
            .date_naive()
    };
    let before = la(Utc::now());
    let json = ok(dir.path(), "14:56", &["now", "--json"]);
    let after = la(Utc::now());
    let now = chrono::DateTime::parse_from_rfc3339(&now_field(&json))
        .unwrap_or_else(|e| panic!("{e}: {json}"));
    assert!([before, after].contains(&now.date_naive()), "{now}");
    assert_eq!(now.format("%H:%M:%S").to_string(), "14:56:00");

    // A program running today in Berlin: at 14:56 there, its 14:50 talk is on.
    let berlin = |t: chrono::DateTime<Utc>| t.with_timezone(&chrono_tz::Europe::Berlin);
    let today = berlin(Utc::now()).date_naive();
    let at = |h: u32, m: u32| {
        let local = today.and_hms_opt(h, m, 0).unwrap_or_default();
        let t = chrono::TimeZone::from_local_datetime(&chrono_tz::Europe::Berlin, &local)
            .earliest()
            .unwrap_or_else(|| panic!("{local}"));
        t.fixed_offset().to_rfc3339()
    };
    let file = dir.path().join("today.json");
    let program = schedule_json(&[&session(
        "today",
        "The Talk of Today",
        Some(&at(14, 50)),
        Some(&at(15, 10)),
    )]);
    // The program's dates are today's, so the talk is within them.
    let program = program
        .replace("2025-03-01", &today.to_string())
        .replace("2025-03-02", &(today + Duration::days(1)).to_string());
    std::fs::write(&file, program).unwrap_or_else(|e| panic!("{e}"));
    let schedule = file.display().to_string();
    let out = ok(dir.path(), "14:56", &["--schedule", &schedule, "now"]);
    let still_today = berlin(Utc::now()).date_naive() == today;
    if still_today {
        assert!(
            out.contains("6/20 min") && out.contains("The Talk of Today"),
            "{out}"
        );
    }
}

#[test]
fn a_bad_time_is_one_line_in_hallways_words_and_exit_2() {
    let dir = tmp();
    for bad in [
        "yesterday",
        "2024-09-18",
        "25:00",
        "2024-09-18T14:56+25:00",
        "",
    ] {
        let (code, out, err) = run(dir.path(), bad, &["now"]);
        assert_eq!(code, 2, "{bad:?}");
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!(
                "hallway: --now \"{bad}\": expected 2024-09-18T14:56, 14:56 or an RFC 3339 time\n"
            )
        );
    }
    let out = hallway(dir.path())
        .env("HALLWAY_NOW", "soon")
        .arg("list")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "hallway: --now \"soon\": expected 2024-09-18T14:56, 14:56 or an RFC 3339 time\n"
    );
}

#[test]
fn the_interactive_program_honours_it() {
    let dir = tmp();
    let screen = ok(
        dir.path(),
        "2024-09-18T14:56",
        &["render", "--size", "120x30"],
    );
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("Wed 18 Sep 14:56 PDT"), "{header}");
    assert!(screen.contains("Wed 18 Sep · All"), "{screen}");
}

#[test]
fn help_names_the_forms() {
    let dir = tmp();
    let out = hallway(dir.path())
        .arg("--help")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    // clap wraps the text: compare with the whitespace folded.
    let help = stdout(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("2024-09-18T14:56 (or with seconds) in the conference's time zone"),
        "{help}"
    );
    assert!(help.contains("14:56 for that time today"), "{help}");
}
