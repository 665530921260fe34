//! Now & Next at a busy moment of 36C3 (../shared/fixtures, 1351 sessions in ~100 rooms):
//! `hallway now --json` looks no further than its horizon, lists Next in time order with stars
//! marked but not moved, honours `[now] horizon_minutes`; the TUI view opens on a session in
//! progress; render snapshots at 80×24 and 120×40.

mod common;
mod tui_support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset};
use hallway::schedule::Schedule;
use hallway::tui::app::App;
use hallway::tui::view::{Row, TrackFilter};
use serde_json::Value;

/// Saturday afternoon at 36C3: dozens of sessions in progress.
const BUSY: &str = "2019-12-28T16:05:00+01:00";

fn congress() -> Option<PathBuf> {
    common::shared("fixtures/36c3-everything-merged-schedule-LARGE.json")
}

fn at(t: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}"))
}

fn now_json(dir: &Path, file: &Path) -> Value {
    let out = common::hallway(dir)
        .env("HALLWAY_NOW", BUSY)
        .arg("--schedule")
        .arg(file)
        .args(["now", "--json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", common::stderr(&out));
    serde_json::from_str(&common::stdout(&out)).unwrap_or_else(|e| panic!("{e}"))
}

fn starts(list: &Value) -> Vec<DateTime<FixedOffset>> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|s| {
            at(s["start"]
                .as_str()
                .unwrap_or_else(|| panic!("no start: {s}")))
        })
        .collect()
}

/// The first `n` ids of `next`.
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|s| s["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn now_json_at_a_busy_moment_looks_no_further_than_its_horizon() {
    let Some(file) = congress() else { return };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let v = now_json(dir.path(), &file);
    let now = at(BUSY);
    // It is busy: many sessions in progress, each with its progress.
    let on = v["now"].as_array().cloned().unwrap_or_default();
    assert!(on.len() >= 20, "only {} in progress", on.len());
    for s in &on {
        assert!(at(s["start"].as_str().unwrap_or_default()) <= now, "{s}");
        assert!(at(s["end"].as_str().unwrap_or_default()) > now, "{s}");
        assert!(s["elapsed_min"].as_i64() < s["total_min"].as_i64(), "{s}");
    }
    // Next: nothing beyond the horizon (the next slot, at most 3 h), in time order.
    assert_eq!(v["horizon_minutes"], 180);
    let horizon = at(v["horizon_end"].as_str().unwrap_or_default());
    assert!(horizon <= now + Duration::minutes(180));
    let next = starts(&v["next"]);
    assert!(!next.is_empty(), "something starts soon at 36C3");
    assert!(next.iter().all(|t| *t > now && *t <= horizon), "{next:?}");
    assert!(next.is_sorted(), "{next:?}");
    // The next slot is 16:10: every session starting then, and nothing from 16:15 on.
    assert_eq!(horizon, at("2019-12-28T16:10:00+01:00"));
    assert_eq!(next.len(), 6, "{}", v["next"]);
    assert!(v["next"][0]["starts_in_min"] == 5, "{}", v["next"][0]);
    assert_eq!(v["next_overall"], Value::Null);

    // Starring the last of them marks it where it is.
    let last = ids(&v["next"]).pop().unwrap_or_default();
    let before = ids(&v["next"]);
    let out = common::hallway(dir.path())
        .arg("--schedule")
        .arg(&file)
        .args(["star", &last])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", common::stderr(&out));
    let v = now_json(dir.path(), &file);
    assert_eq!(ids(&v["next"]), before, "the starred one is not moved");
    let starred: Vec<bool> = v["next"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s["starred"] == true)
        .collect();
    assert_eq!(starred, [false, false, false, false, false, true]);
}

#[test]
fn the_config_horizon_is_honoured() {
    let Some(file) = congress() else { return };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Three minutes do not reach the 16:10 slot: no Next (and something is on, so no "next
    // thing" either).
    std::fs::write(
        dir.path().join("config.toml"),
        "[now]\nhorizon_minutes = 3\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let v = now_json(dir.path(), &file);
    assert_eq!(v["horizon_minutes"], 3);
    assert_eq!(v["horizon_end"], "2019-12-28T16:08:00+01:00");
    assert_eq!(v["next"], serde_json::json!([]));
    assert!(!v["now"].as_array().is_none_or(Vec::is_empty));
    // The text says the same.
    let out = common::hallway(dir.path())
        .env("HALLWAY_NOW", BUSY)
        .arg("--schedule")
        .arg(&file)
        .arg("now")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = common::stdout(&out);
    assert!(
        text.contains("\nNow\n") && !text.contains("\nNext\n"),
        "{text}"
    );
}

fn app_at_busy(size: (u16, u16)) -> Option<(tempfile::TempDir, App)> {
    let file = congress()?;
    let schedule: Schedule =
        hallway::import::load_path(&file).unwrap_or_else(|e| panic!("{:?}", e.lines()));
    let (dir, mut a) = tui_support::app_on(schedule, at(BUSY), size);
    let i = a
        .tracks
        .iter()
        .position(|t| t.filter == TrackFilter::NowNext)
        .unwrap_or_else(|| panic!("no Now & Next"));
    a.tracks_list.select(Some(i));
    a.refresh();
    Some((dir, a))
}

#[test]
fn the_tui_view_opens_on_a_session_in_progress_and_stays_where_moved() {
    let Some((_d, mut a)) = app_at_busy((120, 40)) else {
        return;
    };
    let now = at(BUSY);
    let selected = |a: &App| match a.rows.get(a.rows_list.selected().unwrap_or(usize::MAX)) {
        Some(Row::Session(p)) => *p,
        other => panic!("not a session: {other:?}"),
    };
    let first = selected(&a);
    let span = hallway::agenda::span(&a.schedule, first).unwrap_or_else(|| panic!("no span"));
    assert!(
        span.contains(now),
        "{:?}",
        a.schedule.sessions()[first].title
    );
    // It is the first session row.
    assert_eq!(a.rows_list.selected(), Some(1));
    // Moving down then a minute passing keeps the cursor where the user put it.
    tui_support::keys(&mut a, "j");
    let moved = selected(&a);
    assert_ne!(moved, first);
    a.tick(now + Duration::seconds(30));
    assert_eq!(selected(&a), moved);
}

#[test]
fn the_tui_honours_the_config_horizon() {
    let Some((_d, mut a)) = app_at_busy((120, 40)) else {
        return;
    };
    let next = |a: &App| a.rows.contains(&Row::Heading("Next".into()));
    assert!(next(&a));
    a.config.now.horizon_minutes = 3;
    a.refresh();
    assert!(!next(&a), "16:10 is beyond three minutes");
    assert!(matches!(a.rows.first(), Some(Row::Heading(h)) if h.starts_with("Now · ")));
}

#[test]
fn now_and_next_at_80_by_24() {
    let Some((_d, mut a)) = app_at_busy((80, 24)) else {
        return;
    };
    insta::assert_snapshot!(tui_support::screen(&mut a));
}

#[test]
fn now_and_next_at_120_by_40_with_the_next_rows() {
    let Some((_d, mut a)) = app_at_busy((120, 40)) else {
        return;
    };
    tui_support::keys(&mut a, "G");
    let screen = tui_support::screen(&mut a);
    // Start times are whole on every Next row.
    assert_eq!(screen.matches("16:10 in 5 min").count(), 6, "{screen}");
    insta::assert_snapshot!(screen);
}
