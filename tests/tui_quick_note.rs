//! `N` never writes on a finished talk silently: the talk in progress (or the one chosen among
//! several in a picker), named in full on the note line at any width.

mod common;
mod tui_support;

use chrono::{DateTime, FixedOffset};
use hallway::import::{self, ImportOptions};
use hallway::tui::app::{App, Mode};
use serde_json::Value;
use tui_support::{app_on, keys, screen};

/// The screen's words in order, borders removed: text wrapped over lines reads as one.
fn joined(screen: &str) -> String {
    screen
        .replace(['│', '┃'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The case, through the real binary: 19 Sep 14:38, nothing starred, the 11:55 talk
/// selected; `N`, text, Enter saves the note on the one talk in progress, 1fHn2.
#[test]
fn n_at_14_38_writes_on_the_talk_in_progress_not_the_selected_finished_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = common::hallway(dir.path())
        .env("HALLWAY_NOW", "2024-09-19T14:38:00-07:00")
        .args([
            "render",
            "--size",
            "80x24",
            "--keys",
            "/Training MoEs at Scale<Enter>NFSDP2 shards per parameter<Enter>",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let screen = common::stdout(&out);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        joined(&screen)
            .contains("Torch.Compile for Autograd, DDP and FSDP — the only talk in progress"),
        "the note line does not name the talk in full:\n{screen}"
    );
    for (id, expected) in [("1fHn2", 1), ("1fHmk", 0)] {
        let out = common::hallway(dir.path())
            .args(["show", id, "--json"])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let v: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("show --json: {e}"));
        let notes = v["notes"].as_array().map_or(0, Vec::len);
        assert_eq!(notes, expected, "{id}");
    }
}

fn app_36c3(now: DateTime<FixedOffset>, size: (u16, u16)) -> Option<(tempfile::TempDir, App)> {
    let path = common::shared("fixtures/36c3-everything-merged-schedule-LARGE.json")?;
    let schedule = import::import_path(&path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .schedule;
    Some(app_on(schedule, now, size))
}

#[test]
fn several_talks_on_and_none_in_the_selected_room_opens_a_picker_with_a_filter() {
    let now = at("2019-12-28T16:05:00+01:00");
    let Some((_d, mut a)) = app_36c3(now, (80, 24)) else {
        return;
    };
    // A session in a room where nothing is on, selected by searching its title.
    let timeline = hallway::agenda::Timeline::new(&a.schedule);
    let busy: Vec<Option<String>> = timeline
        .timed()
        .filter(|(_, s)| s.contains(now))
        .map(|(p, _)| a.schedule.sessions()[p].room.clone())
        .collect();
    let quiet = a
        .schedule
        .sessions()
        .iter()
        .find(|s| s.room.is_some() && !busy.contains(&s.room) && s.title.len() > 12)
        .map(|s| s.title.clone())
        .unwrap_or_else(|| panic!("no quiet room"));
    keys(&mut a, &format!("/{quiet}<Enter>"));
    keys(&mut a, "N");
    assert_eq!(a.mode, Mode::PickTalk, "{:?}", a.status);
    let offered = a.pick.offered.len();
    assert!(offered > 8, "only {offered} offered");
    let shown = screen(&mut a);
    assert!(shown.contains("Which talk?"), "{shown}");
    assert!(shown.contains("filter:"), "{shown}");
    // Every talk offered is in progress.
    assert!(
        a.pick
            .offered
            .iter()
            .all(|p| timeline.span(*p).is_some_and(|s| s.contains(now)))
    );
    // Filter down to one by its title, choose it, write.
    let target = a.pick.offered[offered / 2];
    let title = a.schedule.sessions()[target].title.clone();
    let words: String = title
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    a.paste(&words);
    assert!(a.pick.shown.contains(&target), "{words}");
    while a.selected_pick() != Some(target) {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode, Mode::NoteInput);
    keys(&mut a, "chosen from the picker<Enter>");
    let id = a.schedule.sessions()[target].id.clone();
    let notes = a.store.notes(&a.schedule.conference.id, &id);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "chosen from the picker");
    // Esc leaves the picker without writing.
    keys(&mut a, "<Esc>N<Esc>");
    assert_eq!(a.mode, Mode::Browse);
}

#[test]
fn nothing_on_and_nothing_near_says_so_and_writes_nothing() {
    // 19 Sep 13:00 at the bundled program: 11:55-12:20 is long over, 14:30 far off.
    let (_d, mut a) = tui_support::app(at("2024-09-19T13:00:00-07:00"), (80, 24));
    keys(&mut a, "N");
    assert_eq!(a.mode, Mode::Browse);
    let status = a.status.clone().unwrap_or_else(|| panic!("no status"));
    assert!(status.text.contains("nothing is on now"), "{}", status.text);
    // Five minutes before 14:30 the talk about to start is named.
    let (_d, mut b) = tui_support::app(at("2024-09-19T14:25:00-07:00"), (60, 24));
    keys(&mut b, "N");
    assert_eq!(b.mode, Mode::NoteInput);
    let shown = screen(&mut b);
    assert!(
        joined(&shown).contains(
            "Torch.Compile for Autograd, DDP and FSDP — nothing is on; it starts in a few minutes"
        ),
        "{shown}"
    );
}

/// What the attendee sees when `N` cannot choose alone, at 80×24 and 120×40.
#[test]
fn the_picker_as_drawn() {
    for size in [(80, 24), (120, 40)] {
        let Some((_d, mut a)) = app_36c3(at("2019-12-28T16:05:00+01:00"), size) else {
            return;
        };
        // Select nothing in a busy room: the Tracks pane's ★ Starred view is empty.
        keys(&mut a, "hjj<Enter>N");
        assert_eq!(a.mode, Mode::PickTalk);
        insta::assert_snapshot!(format!("picker_36c3_{}x{}", size.0, size.1), screen(&mut a));
    }
}
