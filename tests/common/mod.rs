//! Helpers shared by the integration tests: the real binary with a temporary config folder,
//! files from ../shared, and small schedules written on the fly.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A path under ../shared. When the file is missing: under CI (`CI=true`) the test fails; on a
/// developer's machine without ../shared it returns None so the caller can skip.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!ci, "{} is missing, and CI needs it", path.display());
    eprintln!("skipping: {} is missing (not under CI)", path.display());
    None
}

/// The hallway binary with its config folder pointed at `dir`, a fixed clock, and no
/// inherited HALLWAY_* settings.
pub fn hallway(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hallway").unwrap_or_else(|e| panic!("binary: {e}"));
    cmd.env_remove("HALLWAY_NOW")
        .env_remove("HALLWAY_CONFIG_DIR")
        .env("HALLWAY_CONFIG_DIR", dir)
        .env("HALLWAY_NOW", "2024-09-18T10:00:00-07:00")
        .env("NO_COLOR", "1");
    cmd
}

/// stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap_or_else(|e| panic!("stdout not UTF-8: {e}"))
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap_or_else(|e| panic!("stderr not UTF-8: {e}"))
}

/// A small valid schedule in hallway's format with the given sessions (JSON objects).
pub fn schedule_json(sessions: &[&str]) -> String {
    format!(
        r#"{{
  "format": "hallway-schedule",
  "version": 1,
  "conference": {{
    "id": "testconf",
    "name": "Test Conf",
    "start_date": "2025-03-01",
    "end_date": "2025-03-02",
    "time_zone": "Europe/Berlin",
    "utc_offset": "+01:00",
    "venue": null, "city": null, "url": null
  }},
  "sessions": [
{}
  ]
}}
"#,
        sessions.join(",\n")
    )
}

/// A session object with a title and id, optional start/end.
pub fn session(id: &str, title: &str, start: Option<&str>, end: Option<&str>) -> String {
    let q = |v: Option<&str>| v.map_or("null".to_owned(), |v| format!("\"{v}\""));
    format!(
        r#"    {{ "id": "{id}", "title": "{title}", "kind": null, "track": null, "start": {}, "end": {}, "day": null, "room": null, "speakers": [], "summary": null, "links": [] }}"#,
        q(start),
        q(end)
    )
}

/// How many cases a property test runs: `PROPTEST_CASES` when set (scripts/fuzz.sh and long
/// runs raise it), else the suite's own count for `cargo test`. An explicit `cases:` in a
/// `ProptestConfig` would otherwise ignore the variable.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
