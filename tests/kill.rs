//! Kill tests, the way trusted stores are tested: the real binary is killed with SIGKILL at
//! random moments, and nothing it had confirmed may be lost.
//!
//! - `hallway note` and `hallway star`, started one after another in a tight loop, each killed
//!   at a random moment of its run (at least 200 kills that landed): after every kill the state
//!   file parses, and every note whose command exited successfully is there, in order, with
//!   the number the command printed; every confirmed star is there.
//! - The TUI in tmux: notes typed with Enter between them, the app killed mid-word; every note
//!   confirmed with Enter is on disk, the half-typed one is not, and hallway starts again in the
//!   same terminal and carries on.
//!
//! The random moments come from a seed printed at the start; `HALLWAY_KILL_SEED=N` replays one,
//! and `HALLWAY_KILLS=N` asks for more than 200 kills.
#![cfg(unix)]

mod common;
mod tmux_shell;

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};
use hallway::schedule::bundled;
use hallway::store::Store;
use serde_json::Value;
use tmux_shell::Tmux;

const NOW: &str = "2024-09-18T10:00:00-07:00";
const CONFERENCE: &str = "pytorch-conference-2024";
/// The session every note of the CLI loop goes to.
const NOTED: &str = "1fHn2";
/// Kills that must land on a running process (not on one that had already finished); more
/// with `HALLWAY_KILLS=N`.
const KILLS: usize = 200;

fn kills() -> usize {
    std::env::var("HALLWAY_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(KILLS, |n: usize| n.max(KILLS))
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap_or_else(|e| panic!("{e}"))
}

/// A small, seedable random number generator (xorshift64*): no crate needed, and a failing run
/// can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn from_env() -> Self {
        let seed = std::env::var("HALLWAY_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            })
            .max(1);
        eprintln!("kill test seed: HALLWAY_KILL_SEED={seed}");
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The real binary, with the config folder `dir` and a fixed clock.
fn hallway(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hallway"));
    cmd.args(args)
        .env_remove("HALLWAY_CONFERENCE")
        .env("HALLWAY_CONFIG_DIR", dir)
        .env("HALLWAY_NOW", NOW)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run_to_end(dir: &Path, args: &[&str]) -> Output {
    let out = hallway(dir, args)
        .output()
        .unwrap_or_else(|e| panic!("hallway {args:?}: {e}"));
    assert!(
        out.status.success(),
        "hallway {args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What the loop asked for, and whether the command said it was done.
enum Asked {
    Note { text: String, number: usize },
    Star { session: String },
}

/// How each run ended.
#[derive(Debug, Default)]
struct Tally {
    runs: usize,
    /// Exited 0 before the kill could land.
    completed: usize,
    /// Killed, and the change had not reached the disk.
    killed_before_save: usize,
    /// Killed after the change had reached the disk (the output never reached us).
    killed_after_save: usize,
    /// Temp files a kill left behind, seen before the next save swept them.
    temp_files_seen: usize,
    notes_checked: usize,
    stars_checked: usize,
}

/// The state file as the next hallway will see it: it parses, it is not moved aside, and the
/// store opens without a notice. `None` while nothing has been saved yet.
fn load_state(dir: &Path) -> Option<Store> {
    let path = dir.join("state.json");
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    if let Err(e) = serde_json::from_slice::<Value>(&bytes) {
        panic!(
            "{} does not parse after a kill: {e}\n{}",
            path.display(),
            String::from_utf8_lossy(&bytes)
        );
    }
    let (store, notices) =
        Store::open(dir, now()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(notices.is_empty(), "opening after a kill: {notices:?}");
    assert!(store.read_only().is_none(), "read-only after a kill");
    Some(store)
}

#[test]
fn sigkill_at_random_moments_never_loses_a_confirmed_note_or_star() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("config");
    let sessions: Vec<String> = bundled::load()
        .unwrap_or_else(|e| panic!("{e}"))
        .sessions()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let mut rng = Rng::from_env();

    // How long a run takes here, so the kills spread over the whole of it.
    let started = Instant::now();
    for i in 0..3 {
        run_to_end(&dir, &["note", NOTED, &format!("warm-up {i}")]);
    }
    let typical = started.elapsed() / 3;
    let window = typical.as_micros().max(1000) as u64 * 5 / 4;
    eprintln!("a run takes about {typical:?}; kills land in the first {window} µs");

    let mut confirmed: Vec<Asked> = (0..3)
        .map(|i| Asked::Note {
            text: format!("warm-up {i}"),
            number: i + 1,
        })
        .collect();
    let mut tally = Tally::default();
    let mut i = 0usize;
    let mut killed = 0usize;
    let kills = kills();
    while killed < kills {
        assert!(tally.runs < kills * 10, "too few kills landed: {tally:?}");
        i += 1;
        // Three notes for every star.
        let (args, star) = if i.is_multiple_of(4) {
            let session = sessions[rng.below(sessions.len() as u64) as usize].clone();
            (vec!["star".to_owned(), session.clone()], Some(session))
        } else {
            let text = format!("kill-test note {i}");
            (vec!["note".to_owned(), NOTED.to_owned(), text], None)
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = hallway(&dir, &args)
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        thread::sleep(Duration::from_micros(rng.below(window)));
        // SIGKILL on Unix; an error only means the child was already reaped, which cannot
        // happen before `wait`.
        let _ = child.kill();
        let out = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("wait: {e}"));
        tally.runs += 1;

        tally.temp_files_seen += fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .starts_with(".state.json.tmp-")
                    })
                    .count()
            })
            .unwrap_or(0);
        let store = load_state(&dir);
        let notes = store
            .as_ref()
            .map(|s| s.notes(CONFERENCE, NOTED).to_vec())
            .unwrap_or_default();

        match (out.status.success(), out.status.signal()) {
            (true, _) => {
                tally.completed += 1;
                let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
                match star {
                    Some(session) => {
                        assert!(stdout.contains("starred"), "star printed {stdout:?}");
                        confirmed.push(Asked::Star { session });
                    }
                    None => {
                        let number: usize = stdout
                            .split('\t')
                            .next()
                            .and_then(|n| n.parse().ok())
                            .unwrap_or_else(|| panic!("note printed {stdout:?}"));
                        confirmed.push(Asked::Note {
                            text: args[2].to_owned(),
                            number,
                        });
                    }
                }
            }
            (false, Some(9)) => {
                killed += 1;
                let on_disk = match (&star, &store) {
                    (Some(session), Some(store)) => store.is_starred(CONFERENCE, session),
                    (None, _) => notes.iter().any(|n| n.text == args[2]),
                    (Some(_), None) => false,
                };
                // A star of a session starred before proves nothing either way.
                let already = star.as_ref().is_some_and(|session| {
                    confirmed
                        .iter()
                        .any(|a| matches!(a, Asked::Star { session: s } if s == session))
                });
                if on_disk && !already {
                    tally.killed_after_save += 1;
                } else if !on_disk {
                    tally.killed_before_save += 1;
                }
            }
            (false, _) => panic!(
                "hallway {args:?} failed without being killed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ),
        }

        // Everything confirmed so far is there: notes in order, with their numbers.
        let mut last_position = None;
        for asked in &confirmed {
            match asked {
                Asked::Note { text, number } => {
                    let position = notes.iter().position(|n| &n.text == text);
                    assert_eq!(
                        position.map(|p| p + 1),
                        Some(*number),
                        "confirmed note {text:?} (number {number}) after run {i}; on disk: {:?}",
                        notes.iter().map(|n| &n.text).collect::<Vec<_>>()
                    );
                    assert!(
                        last_position < position,
                        "confirmed notes out of order at {text:?}"
                    );
                    last_position = position;
                    tally.notes_checked += 1;
                }
                Asked::Star { session } => {
                    assert!(
                        store
                            .as_ref()
                            .is_some_and(|s| s.is_starred(CONFERENCE, session)),
                        "confirmed star of {session} lost after run {i}"
                    );
                    tally.stars_checked += 1;
                }
            }
        }
        // No note twice, and ids unique.
        let mut ids: Vec<u64> = notes.iter().map(|n| n.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), notes.len(), "two notes share an id");
        let mut texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), notes.len(), "a note was written twice");
    }

    // One more save sweeps whatever temp files the kills left.
    run_to_end(&dir, &["note", NOTED, "after the kills"]);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["state.json", "state.lock"]);
    let confirmed_notes = confirmed
        .iter()
        .filter(|a| matches!(a, Asked::Note { .. }))
        .count();
    eprintln!(
        "kill test: {killed} SIGKILLs landed in {} runs ({} completed first; killed before the \
         save {}, after it {}; {} temp files left by kills, all swept); {confirmed_notes} \
         confirmed notes and {} confirmed stars, {} note checks and {} star checks after kills",
        tally.runs,
        tally.completed,
        tally.killed_before_save,
        tally.killed_after_save,
        tally.temp_files_seen,
        confirmed.len() - confirmed_notes,
        tally.notes_checked,
        tally.stars_checked,
    );
    assert!(killed >= kills);
}

// --- the TUI, killed in tmux ------------------------------------------------------------------

/// The shell prompt, unlike anything hallway draws.
const PROMPT_MARK: &str = "kill-test$";
const HEADER: &str = "PyTorch Conference 2024";
const TARGET: &str = "kill";
const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

/// The (id, text) of every note of the bundled conference in `state.json`, by session.
fn notes_on_disk(config: &Path) -> Vec<(String, u64, String)> {
    let path = config.join("state.json");
    let Ok(text) = fs::read_to_string(&path) else {
        return Vec::new();
    };
    let state: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()));
    let mut out = Vec::new();
    if let Some(sessions) = state
        .pointer(&format!("/conferences/{CONFERENCE}/notes"))
        .and_then(Value::as_object)
    {
        for (session, notes) in sessions {
            for n in notes.as_array().into_iter().flatten() {
                out.push((
                    session.clone(),
                    n["id"].as_u64().unwrap_or_default(),
                    n["text"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    out
}

fn browsing(screen: &str) -> bool {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains("q quit"))
}

#[test]
fn the_tui_killed_mid_word_keeps_every_note_confirmed_with_enter() {
    let Some(t) = Tmux::start(TARGET) else {
        return;
    };
    t.wait_until("the prompt", |s| s.contains(PROMPT_MARK));
    let rounds = 4;
    let per_round = 3;
    let mut confirmed: Vec<String> = Vec::new();
    for round in 0..rounds {
        t.shell(r#"clear; "$HALLWAY_BIN""#);
        t.wait_until("hallway's first frame", |s| {
            s.contains(HEADER) && browsing(s)
        });
        // The notes saved before the last kill are shown again: in the Session pane, on the
        // last note (the list has the width until the Session pane is focused).
        if let Some(last) = confirmed.last() {
            t.type_text("lG");
            t.wait_until("the last confirmed note", |s| s.contains(last.as_str()));
        }
        t.type_text("n");
        // Typed as fast as tmux sends them: the app must save each note on its Enter.
        for k in 0..per_round {
            let note = format!("round {round} note {k}");
            t.type_text(&note);
            t.keys(&["Enter"]);
            confirmed.push(note);
        }
        let half = format!("half typed {round}");
        t.type_text(&half);
        // Keys are handled in order: once the half word shows, every Enter before it has been.
        t.wait_until("the half-typed word", |s| s.contains(&half));
        let pid = t
            .hallway_pid()
            .unwrap_or_else(|| panic!("no hallway process in round {round}"));
        let status = Command::new("kill")
            .args(["-s", "KILL", &pid.to_string()])
            .status()
            .unwrap_or_else(|e| panic!("kill: {e}"));
        assert!(status.success(), "kill -s KILL {pid}");
        let start = Instant::now();
        while t.hallway_pid().is_some() {
            assert!(start.elapsed() < TIMEOUT, "hallway survived SIGKILL");
            thread::sleep(POLL);
        }

        let on_disk = notes_on_disk(&t.config_dir());
        let texts: Vec<&str> = on_disk.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(
            texts, confirmed,
            "after the kill in round {round}: every confirmed note, in order, nothing else"
        );
        let ids: Vec<u64> = on_disk.iter().map(|(_, id, _)| *id).collect();
        let expected: Vec<u64> = (1..=confirmed.len() as u64).collect();
        assert_eq!(ids, expected, "numbered 1, 2, 3... without gaps");
        assert!(
            on_disk.iter().all(|(s, _, _)| *s == on_disk[0].0),
            "all on the session shown first"
        );

        // SIGKILL leaves the terminal raw; the user's `stty sane` gets it back.
        // (The arithmetic keeps the typed line from matching: only the output reads back-4N.)
        t.shell(&format!("stty sane; echo back-$((40+{round}))"));
        let back = format!("back-{}", 40 + round);
        t.wait_until("the shell again", |s| {
            s.lines().any(|l| l.starts_with(&back))
        });
    }

    // A last, clean session: it shows every note, saves one more and quits normally.
    t.shell(r#"clear; "$HALLWAY_BIN""#);
    t.wait_until("hallway's first frame", |s| {
        s.contains(HEADER) && browsing(s)
    });
    t.type_text("n");
    t.type_text("after the kills");
    t.keys(&["Enter"]);
    let last = format!("{}. after the kills", confirmed.len() + 1);
    t.wait_until("the note saved after the kills", |s| s.contains(&last));
    t.keys(&["Escape"]);
    t.wait_until("the note line to close", browsing);
    t.type_text("q");
    let start = Instant::now();
    while t.format("#{alternate_on}") != "0" {
        assert!(start.elapsed() < TIMEOUT, "hallway did not quit");
        thread::sleep(POLL);
    }
    confirmed.push("after the kills".to_owned());
    let texts: Vec<String> = notes_on_disk(&t.config_dir())
        .into_iter()
        .map(|(_, _, t)| t)
        .collect();
    assert_eq!(texts, confirmed);
    eprintln!(
        "TUI kill test: {rounds} SIGKILLs mid-word, {} notes confirmed with Enter, all on disk",
        rounds * per_round
    );
}
