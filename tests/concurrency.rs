//! Several hallways writing the same config folder at once.
//!
//! - Four writers, each running 100 `hallway note` processes one after another plus stars and
//!   unstars, all at the same time on one folder: no note lost, each writer's notes in its
//!   order, no two notes of a session with the same number (the numbers the processes printed
//!   are distinct and are the notes' final places), stars as each writer last left them.
//! - The TUI open in tmux while the CLI writes: the TUI's next save keeps the CLI's note (and
//!   shows it), and a focus-in event makes it show a change it has not saved over.
#![cfg(unix)]

mod common;
mod tmux_shell;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use hallway::schedule::bundled;
use hallway::store::Store;
use serde_json::Value;
use tmux_shell::Tmux;

const NOW: &str = "2024-09-18T10:00:00-07:00";
const CONFERENCE: &str = "pytorch-conference-2024";
const WRITERS: usize = 4;
const NOTES_EACH: usize = 100;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap_or_else(|e| panic!("{e}"))
}

fn hallway(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hallway"))
        .args(args)
        .env_remove("HALLWAY_CONFERENCE")
        .env("HALLWAY_CONFIG_DIR", dir)
        .env("HALLWAY_NOW", NOW)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("hallway {args:?}: {e}"))
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = hallway(dir, args);
    assert!(
        out.status.success(),
        "hallway {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What one writer did: its notes (session, text, printed number) in order, and the last
/// star or unstar it made of each session it owns.
#[derive(Default)]
struct Written {
    notes: Vec<(String, String, usize)>,
    stars: BTreeMap<String, bool>,
    star_commands: usize,
}

#[test]
fn four_writers_at_once_lose_nothing_and_never_share_a_number() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("config");
    let ids: Vec<String> = bundled::load()
        .unwrap_or_else(|e| panic!("{e}"))
        .sessions()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    // Three sessions every writer notes on; each writer stars and unstars its own four, and
    // all of them a shared one.
    let noted: Vec<String> = ids[..3].to_vec();
    let shared_star = ids[3].clone();
    let started = Instant::now();
    let handles: Vec<_> = (0..WRITERS)
        .map(|w| {
            let dir = dir.clone();
            let noted = noted.clone();
            let own: Vec<String> = ids[4 + 4 * w..8 + 4 * w].to_vec();
            let shared_star = shared_star.clone();
            thread::spawn(move || {
                let mut written = Written::default();
                for i in 0..NOTES_EACH {
                    let session = &noted[(i + w) % noted.len()];
                    let text = format!("writer {w} note {i}");
                    let out = ok(&dir, &["note", session, &text]);
                    let number: usize = out
                        .split('\t')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or_else(|| panic!("note printed {out:?}"));
                    written.notes.push((session.clone(), text, number));
                    // Every fifth note, a star or an unstar: of the writer's own sessions,
                    // or of the one they all share.
                    if i % 10 == 0 {
                        let session = &own[(i / 10) % own.len()];
                        let on = (i / 10) % 3 != 2;
                        ok(&dir, &[if on { "star" } else { "unstar" }, session]);
                        written.stars.insert(session.clone(), on);
                        written.star_commands += 1;
                    } else if i % 10 == 5 {
                        let shared = if (i / 10) % 2 == 0 { "star" } else { "unstar" };
                        ok(&dir, &[shared, &shared_star]);
                        written.star_commands += 1;
                    }
                }
                written
            })
        })
        .collect();
    let written: Vec<Written> = handles
        .into_iter()
        .map(|h| h.join().unwrap_or_else(|_| panic!("a writer panicked")))
        .collect();
    let elapsed = started.elapsed();

    let (store, notices) = Store::open(&dir, now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(notices.is_empty(), "{notices:?}");
    let mut total = 0;
    for session in &noted {
        let notes = store.notes(CONFERENCE, session);
        let ids: BTreeSet<u64> = notes.iter().map(|n| n.id).collect();
        assert_eq!(ids.len(), notes.len(), "{session}: two notes share an id");
        let expected: usize = written
            .iter()
            .map(|w| w.notes.iter().filter(|(s, ..)| s == session).count())
            .sum();
        assert_eq!(notes.len(), expected, "{session}: notes lost or doubled");
        // The numbers the processes printed: all distinct, each the note's final place.
        let mut printed = BTreeSet::new();
        for w in &written {
            for (s, text, number) in w.notes.iter().filter(|(s, ..)| s == session) {
                assert!(printed.insert(*number), "{s}: number {number} given twice");
                assert_eq!(
                    notes.get(number - 1).map(|n| n.text.as_str()),
                    Some(text.as_str()),
                    "{s}: note {number} should be {text:?}"
                );
            }
        }
        total += notes.len();
    }
    assert_eq!(total, WRITERS * NOTES_EACH);
    for (w, mine) in written.iter().enumerate() {
        // Each writer's notes appear in the order it wrote them.
        for session in &noted {
            let on_disk: Vec<&str> = store
                .notes(CONFERENCE, session)
                .iter()
                .map(|n| n.text.as_str())
                .filter(|t| t.starts_with(&format!("writer {w} ")))
                .collect();
            let sent: Vec<&str> = mine
                .notes
                .iter()
                .filter(|(s, ..)| s == session)
                .map(|(_, t, _)| t.as_str())
                .collect();
            assert_eq!(on_disk, sent, "writer {w} on {session}");
        }
        for (session, on) in &mine.stars {
            assert_eq!(
                store.is_starred(CONFERENCE, session),
                *on,
                "writer {w}'s last word on {session}"
            );
        }
    }
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["state.json", "state.lock"]);
    let star_commands: usize = written.iter().map(|w| w.star_commands).sum();
    eprintln!(
        "concurrency: {WRITERS} writers at once, {total} notes ({} processes with the star and \
         unstar commands) in {elapsed:?}; none lost, numbers distinct per session",
        total + star_commands
    );
}

// --- the TUI and the CLI at once --------------------------------------------------------------

const PROMPT_MARK: &str = "conc-test$";
const HEADER: &str = "PyTorch Conference 2024";
const TARGET: &str = "conc";
const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

fn state(config: &Path) -> Value {
    let path = config.join("state.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()))
}

/// The texts of the notes of `session`, in order, with their ids.
fn notes(state: &Value, session: &str) -> Vec<(u64, String)> {
    state
        .pointer(&format!("/conferences/{CONFERENCE}/notes/{session}"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|n| {
            (
                n["id"].as_u64().unwrap_or_default(),
                n["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn browsing(screen: &str) -> bool {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains("q quit"))
}

#[test]
fn the_tui_keeps_and_shows_what_the_cli_wrote_meanwhile() {
    let Some(t) = Tmux::start(TARGET) else {
        return;
    };
    let config = t.config_dir();
    t.wait_until("the prompt", |s| s.contains(PROMPT_MARK));
    t.shell(r#""$HALLWAY_BIN""#);
    t.wait_until("hallway's first frame", |s| {
        s.contains(HEADER) && browsing(s)
    });

    // The TUI saves a note; the state file tells which session it is on.
    t.type_text("n");
    t.type_text("from the TUI, first");
    t.keys(&["Enter"]);
    // Saved, not merely typed: the note line shows `1. from the TUI, first` while typing too.
    t.wait_until("the TUI's first note", |s| {
        s.contains("1. from the TUI, first") && s.contains("note 1 saved")
    });
    let first = state(&config);
    let session = first
        .pointer(&format!("/conferences/{CONFERENCE}/notes"))
        .and_then(Value::as_object)
        .and_then(|n| n.keys().next().cloned())
        .unwrap_or_else(|| panic!("no note in state.json: {first:#}"));

    // Meanwhile, the CLI: a note on the same session and a star.
    let cli = |args: &[&str]| {
        let out = common::hallway(&config)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{}", common::stderr(&out));
        common::stdout(&out)
    };
    assert!(cli(&["note", &session, "from the CLI"]).starts_with("2\t"));
    cli(&["star", &session]);

    // The TUI's next save merges instead of overwriting, and it then shows the CLI's note.
    t.type_text("from the TUI, second");
    t.keys(&["Enter"]);
    t.wait_until("the CLI's note and the TUI's second", |s| {
        s.contains("2. from the CLI") && s.contains("3. from the TUI, second")
    });
    let after = state(&config);
    assert_eq!(
        notes(&after, &session),
        [
            (1, "from the TUI, first".to_owned()),
            (2, "from the CLI".to_owned()),
            (3, "from the TUI, second".to_owned()),
        ]
    );
    assert!(
        after
            .pointer(&format!("/conferences/{CONFERENCE}/stars/{session}"))
            .is_some(),
        "the CLI's star survived the TUI's save: {after:#}"
    );

    // The CLI writes again while the TUI only looks; a focus-in (the terminal's ESC [ I, as
    // a terminal sends when its window is focused) makes the TUI re-read the file.
    t.keys(&["Escape"]);
    t.wait_until("the note line to close", browsing);
    assert!(cli(&["note", &session, "from the CLI, seen on focus"]).starts_with("4\t"));
    thread::sleep(Duration::from_millis(200));
    assert!(
        !t.screen().contains("seen on focus"),
        "shown before any focus event or save"
    );
    t.run(&["send-keys", "-t", TARGET, "-H", "1b", "5b", "49"]);
    t.wait_until("the CLI's later note, after focus", |s| {
        s.contains("4. from the CLI, seen on focus")
    });

    // Quitting writes nothing over it.
    t.type_text("q");
    let start = Instant::now();
    while t.format("#{alternate_on}") != "0" {
        assert!(start.elapsed() < TIMEOUT, "hallway did not quit");
        thread::sleep(POLL);
    }
    let last = state(&config);
    assert_eq!(notes(&last, &session).len(), 4, "{last:#}");
    assert!(
        last.pointer(&format!("/conferences/{CONFERENCE}/stars/{session}"))
            .is_some()
    );
}
