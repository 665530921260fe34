//! Building an App on the bundled program (or a small schedule) with a temporary store and a
//! fixed clock, feeding it keys, and drawing it to text.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use hallway::schedule::{Schedule, bundled};
use hallway::store::Store;
use hallway::tui::app::App;
use hallway::tui::headless;
use hallway::tui::key::parse_keys;
use hallway::tui::ui::Theme;

/// A clock during the conference (Wednesday morning, Pacific time).
pub fn wednesday() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-09-18T10:00:00-07:00").unwrap_or_else(|e| panic!("{e}"))
}

/// A clock long after the conference.
pub fn later() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").unwrap_or_else(|e| panic!("{e}"))
}

/// An app on `schedule` with an empty store in a fresh temporary folder.
pub fn app_on(
    schedule: Schedule,
    now: DateTime<FixedOffset>,
    size: (u16, u16),
) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (store, _) = Store::open(dir.path(), now).unwrap_or_else(|e| panic!("{e}"));
    (dir, App::new(schedule, store, now, size))
}

/// An app on the bundled program.
pub fn app(now: DateTime<FixedOffset>, size: (u16, u16)) -> (tempfile::TempDir, App) {
    app_on(bundled::load().unwrap_or_else(|e| panic!("{e}")), now, size)
}

/// Replays keys in `render --keys` notation.
pub fn keys(app: &mut App, notation: &str) {
    let keys = parse_keys(notation).unwrap_or_else(|e| panic!("{e}"));
    headless::replay(app, &keys);
}

/// The screen as text, without colour.
pub fn screen(app: &mut App) -> String {
    headless::to_text(&headless::draw(app, Theme::new(true)))
}
