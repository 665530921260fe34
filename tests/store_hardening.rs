//! Issue 12 ("Hostile input"), the store's part: a `state.json` that is a symbolic link is
//! written through (points 5), imports and restores are one save however many notes (8), every
//! note that enters is cleaned by `sanitize::block` (8), duplicate and exhausted note ids
//! (9), and an edit whose note another hallway deleted meanwhile (10).
//!
//! The CLI cases run the real binary on a temporary config folder (notes are edited and
//! deleted through `hallway render --keys`, the TUI's own keymap, update and store); the TUI
//! conflict runs the app's update and effects; the counts of saves use the store's `Disk`
//! seam. Nothing here is timed: the 10 vs 10,000 notes figures come from
//! `benches/notes_batch.rs`.
#![cfg(unix)]
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;
mod tui_support;

use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, FixedOffset};
use hallway::notes_import;
use hallway::sanitize;
use hallway::schedule::bundled;
use hallway::store::{Change, Disk, RealDisk, Store, StoreError};
use hallway::tui::app::App;
use hallway::tui::effects;
use serde_json::Value;
use tui_support::{keys, wednesday};

const CONFERENCE: &str = "pytorch-conference-2024";
const SESSION: &str = "1fHn2";
/// Keys that open the session pane of [`SESSION`] ("Torch.Compile for Autograd, DDP and FSDP").
const TO_SESSION: &str = "/Torch.Compile for Au<Enter>l";
const MAX: u64 = u64::MAX;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-09-18T10:00:00-07:00").unwrap()
}

/// Runs hallway; returns exit code, stdout, stderr. Fails on a panic.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::hallway(dir).args(args).output().unwrap();
    let (stdout, stderr) = (common::stdout(&out), common::stderr(&out));
    assert!(!stderr.contains("panicked"), "hallway {args:?}: {stderr}");
    (out.status.code().unwrap(), stdout, stderr)
}

/// Runs hallway and expects success.
fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(dir, args);
    assert_eq!(code, 0, "hallway {args:?}: {stderr}");
    stdout
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// (id, text) of every note of [`SESSION`] in a state file.
fn notes_in(path: &Path) -> Vec<(u64, String)> {
    json(path)["conferences"][CONFERENCE]["notes"][SESSION]
        .as_array()
        .map(|notes| {
            notes
                .iter()
                .map(|n| {
                    (
                        n["id"].as_u64().unwrap(),
                        n["text"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn texts_in(path: &Path) -> Vec<String> {
    notes_in(path).into_iter().map(|(_, t)| t).collect()
}

/// A state file with these (id, text) notes on [`SESSION`].
fn state_with(notes: &[(u64, &str)]) -> String {
    let notes: Vec<Value> = notes
        .iter()
        .map(|(id, text)| {
            serde_json::json!({"id": id, "text": text, "written": "2024-09-18T09:00:00-07:00"})
        })
        .collect();
    serde_json::json!({
        "format": "hallway-state",
        "version": 1,
        "conferences": {CONFERENCE: {"notes": {SESSION: notes}}}
    })
    .to_string()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_link(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
}

/// A config folder and a "synced" folder beside it, in one temporary folder.
struct Linked {
    _tmp: tempfile::TempDir,
    config: PathBuf,
    sync: PathBuf,
}

impl Linked {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("config");
        let sync = tmp.path().join("sync");
        fs::create_dir(&config).unwrap();
        fs::create_dir(&sync).unwrap();
        Self {
            _tmp: tmp,
            config,
            sync,
        }
    }

    fn link(&self) -> PathBuf {
        self.config.join("state.json")
    }
}

// ---- 5. A symlinked state.json is written through ----

#[test]
fn note_and_star_write_through_a_symlinked_state_file_and_keep_the_link() {
    let l = Linked::new();
    let target = l.sync.join("hallway.json");
    fs::write(&target, state_with(&[(1, "from the other machine")])).unwrap();
    symlink(&target, l.link()).unwrap();

    assert_eq!(
        ok(&l.config, &["note", SESSION, "first"])
            .split('\t')
            .next(),
        Some("2")
    );
    ok(&l.config, &["star", SESSION]);
    ok(
        &l.config,
        &[
            "render",
            "--keys",
            &format!("{TO_SESSION}ntyped in the TUI<Enter>"),
        ],
    );

    assert!(is_link(&l.link()), "state.json is still a link");
    assert_eq!(fs::read_link(l.link()).unwrap(), target);
    assert_eq!(
        texts_in(&target),
        ["from the other machine", "first", "typed in the TUI"]
    );
    assert!(json(&target)["conferences"][CONFERENCE]["stars"][SESSION].is_object());
    // The temp files and the lock are beside the target; nothing was left beside the link.
    assert_eq!(names(&l.sync), ["hallway.json", "hallway.lock"]);
    assert_eq!(names(&l.config), ["state.json"]);
    let listed = ok(&l.config, &["notes"]);
    assert!(listed.contains("3. typed in the TUI"), "{listed}");
}

#[test]
fn chains_of_relative_links_are_followed_from_each_link_folder() {
    let l = Linked::new();
    // config/state.json -> ../sync/current.json -> data/hallway.json (relative to sync/).
    fs::create_dir(l.sync.join("data")).unwrap();
    symlink("../sync/current.json", l.link()).unwrap();
    symlink("data/hallway.json", l.sync.join("current.json")).unwrap();

    // The target does not exist yet: the first save creates it through both links.
    ok(&l.config, &["note", SESSION, "one"]);
    ok(&l.config, &["note", SESSION, "two"]);
    assert!(is_link(&l.link()) && is_link(&l.sync.join("current.json")));
    let target = l.sync.join("data/hallway.json");
    assert_eq!(texts_in(&target), ["one", "two"]);
    assert_eq!(
        names(&l.sync.join("data")),
        ["hallway.json", "hallway.lock"]
    );
}

#[test]
fn a_corrupt_target_is_moved_aside_beside_it_and_the_next_save_writes_through_the_link() {
    let l = Linked::new();
    let target = l.sync.join("state.json");
    let garbage = b"{\"format\": \"hallway-state\", \"vers".to_vec();
    fs::write(&target, &garbage).unwrap();
    symlink(&target, l.link()).unwrap();

    // Reading only: the target is moved aside; the link now points to nothing.
    let (code, _, stderr) = run(&l.config, &["notes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("moved aside"), "{stderr}");
    let aside: Vec<String> = names(&l.sync)
        .into_iter()
        .filter(|n| n.starts_with("state.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", names(&l.sync));
    assert_eq!(fs::read(l.sync.join(&aside[0])).unwrap(), garbage);
    assert!(is_link(&l.link()) && !target.exists());
    assert_eq!(
        names(&l.config),
        ["state.json"],
        "nothing moved beside the link"
    );

    // The next save writes through the link again, recreating the target.
    ok(&l.config, &["note", SESSION, "after"]);
    assert!(is_link(&l.link()));
    assert_eq!(texts_in(&target), ["after"]);

    // Corrupt again, then saving at once: moved aside and written through in the same save.
    fs::write(&target, b"\xff\xfe garbage").unwrap();
    let (code, _, stderr) = run(&l.config, &["note", SESSION, "again"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(is_link(&l.link()));
    assert_eq!(texts_in(&target), ["again"]);
    let aside = names(&l.sync)
        .into_iter()
        .filter(|n| n.starts_with("state.json.corrupt-"))
        .count();
    assert_eq!(aside, 2);
}

#[test]
fn a_link_into_a_missing_folder_or_a_loop_fails_clearly_and_keeps_the_link() {
    let l = Linked::new();
    let unmounted = l.sync.join("not-mounted/state.json");
    symlink(&unmounted, l.link()).unwrap();
    let (code, _, stderr) = run(&l.config, &["note", SESSION, "x"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("not-mounted"), "names the folder: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(is_link(&l.link()), "the link is not replaced by a file");
    assert!(!l.sync.join("not-mounted").exists());

    fs::remove_file(l.link()).unwrap();
    symlink("state.json", l.link()).unwrap();
    let (code, _, stderr) = run(&l.config, &["note", SESSION, "x"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("state.json"), "{stderr}");
    assert!(is_link(&l.link()));
}

#[test]
fn two_config_folders_linking_to_one_file_share_its_lock_and_lose_nothing() {
    let l = Linked::new();
    let other = l.sync.parent().unwrap().join("other-config");
    fs::create_dir(&other).unwrap();
    let target = l.sync.join("state.json");
    symlink(&target, l.link()).unwrap();
    symlink(&target, other.join("state.json")).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|w| {
            let dir = if w % 2 == 0 {
                l.config.clone()
            } else {
                other.clone()
            };
            std::thread::spawn(move || {
                for i in 0..25 {
                    // A fresh store per note, as separate processes would be.
                    let (mut store, _) = Store::open(&dir, now()).unwrap();
                    let add = Change::AddNote {
                        conference: CONFERENCE.into(),
                        session: SESSION.into(),
                        text: format!("w{w} n{i}"),
                    };
                    store.apply(add, now()).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let notes = notes_in(&target);
    assert_eq!(notes.len(), 100);
    let mut ids: Vec<u64> = notes.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100, "no two notes share an id");
    for w in 0..4 {
        let mine: Vec<&str> = notes
            .iter()
            .map(|(_, t)| t.as_str())
            .filter(|t| t.starts_with(&format!("w{w} ")))
            .collect();
        let want: Vec<String> = (0..25).map(|i| format!("w{w} n{i}")).collect();
        assert_eq!(mine, want, "writer {w}'s notes, in order");
    }
    assert!(is_link(&l.link()) && is_link(&other.join("state.json")));
}

// ---- 8. Batches: one save, and every note cleaned ----

/// The real disk, counting the files written (each save writes one temp file).
#[derive(Clone, Default)]
struct Counting {
    writes: Arc<AtomicUsize>,
    full: Arc<AtomicBool>,
}

impl Disk for Counting {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        RealDisk.read(path)
    }
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        RealDisk.create_dir_all(dir)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.writes.fetch_add(1, Ordering::SeqCst);
        if self.full.load(Ordering::SeqCst) {
            return Err(io::Error::from(io::ErrorKind::StorageFull));
        }
        RealDisk.write_new_synced(path, bytes)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealDisk.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        RealDisk.sync_dir(dir)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        RealDisk.remove_file(path)
    }
    fn exists(&self, path: &Path) -> bool {
        RealDisk.exists(path)
    }
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<std::ffi::OsString>> {
        RealDisk.list_dir(dir)
    }
}

fn open_counting(dir: &Path) -> (Store, Counting) {
    let disk = Counting::default();
    let (store, _) = Store::open_with_disk(dir, now(), Box::new(disk.clone())).unwrap();
    (store, disk)
}

/// Notes in the form `import-notes` reads: a heading per session, then numbered lines.
fn notes_file(sessions: &[&str], per_session: usize) -> String {
    let program = bundled::load().unwrap();
    let mut text = String::new();
    for id in sessions {
        text.push_str(&program.get(id).unwrap().title);
        text.push('\n');
        for i in 1..=per_session {
            text.push_str(&format!("{i}. note {i} on {id}\n"));
        }
        text.push('\n');
    }
    text
}

#[test]
fn an_import_of_a_thousand_notes_is_one_save() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, disk) = open_counting(tmp.path());
    store
        .apply(
            Change::AddNote {
                conference: CONFERENCE.into(),
                session: SESSION.into(),
                text: "already here".into(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(disk.writes.swap(0, Ordering::SeqCst), 1);
    let program = bundled::load().unwrap();
    let text = notes_file(&[SESSION, "1fHmk"], 500);
    let report = notes_import::import(&program, &mut store, &text, None, now()).unwrap();
    assert_eq!(report.notes_added(), 1000);
    assert_eq!(
        disk.writes.load(Ordering::SeqCst),
        1,
        "one save for the batch"
    );
    let (store, _) = Store::open(tmp.path(), now()).unwrap();
    let notes = store.notes(CONFERENCE, SESSION);
    assert_eq!(notes.len(), 501);
    assert_eq!((notes[0].id, notes[0].text.as_str()), (1, "already here"));
    assert_eq!(
        (notes[500].id, notes[500].text.as_str()),
        (501, "note 500 on 1fHn2")
    );
    assert_eq!(store.notes(CONFERENCE, "1fHmk").len(), 500);
}

#[test]
fn a_failed_batch_save_keeps_every_note_pending_and_the_next_flush_saves_them() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, disk) = open_counting(tmp.path());
    disk.full.store(true, Ordering::SeqCst);
    let program = bundled::load().unwrap();
    let text = notes_file(&[SESSION], 300);
    let err = notes_import::import(&program, &mut store, &text, None, now()).unwrap_err();
    let notes_import::ImportError::Store { partial, source } = err else {
        panic!("expected a store error");
    };
    assert_eq!(partial.notes_added(), 0, "nothing was saved");
    assert!(matches!(source, StoreError::Write { .. }), "{source}");
    assert_eq!(store.pending(), 300);
    assert!(!tmp.path().join("state.json").exists());
    disk.full.store(false, Ordering::SeqCst);
    store.flush(now()).unwrap();
    assert_eq!(texts_in(&tmp.path().join("state.json")).len(), 300);
}

#[test]
fn a_batch_refused_for_one_note_adds_none() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state.json");
    // 1fHn2's ids are exhausted; 1fHmk's are not, yet nothing of the import is added.
    fs::write(&state, state_with(&[(MAX, "at the top")])).unwrap();
    let before = fs::read(&state).unwrap();
    let (mut store, disk) = open_counting(tmp.path());
    let program = bundled::load().unwrap();
    let text = notes_file(&["1fHmk", SESSION], 3);
    let err = notes_import::import(&program, &mut store, &text, None, now()).unwrap_err();
    assert!(err.to_string().contains("0 notes"), "{err}");
    assert_eq!(disk.writes.load(Ordering::SeqCst), 0);
    assert_eq!(store.pending(), 0);
    assert!(
        store.notes(CONFERENCE, "1fHmk").is_empty(),
        "the view is as before"
    );
    assert_eq!(fs::read(&state).unwrap(), before);
}

#[test]
fn a_restore_of_a_thousand_notes_is_one_save_and_restoring_again_adds_nothing() {
    let source = tempfile::tempdir().unwrap();
    let (mut from, _) = Store::open(source.path(), now()).unwrap();
    let program = bundled::load().unwrap();
    let text = notes_file(&[SESSION, "1fHmk"], 500);
    notes_import::import(&program, &mut from, &text, None, now()).unwrap();
    let backup = from.backup().unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let (mut store, disk) = open_counting(tmp.path());
    let done = store.restore(&backup, "backup.json", now()).unwrap();
    assert_eq!((done.stars, done.notes), (0, 1000));
    assert_eq!(
        disk.writes.load(Ordering::SeqCst),
        1,
        "one save for the batch"
    );
    let again = store.restore(&backup, "backup.json", now()).unwrap();
    assert_eq!((again.stars, again.notes), (0, 0));
    assert_eq!(disk.writes.load(Ordering::SeqCst), 1, "nothing to save");
    let notes = store.notes(CONFERENCE, SESSION);
    assert_eq!(notes.len(), 500);
    assert_eq!(notes[499].text, "note 500 on 1fHn2");
}

/// Outside text with everything a terminal acts on, and line breaks of every kind.
const HOSTILE: &str = "title \u{1b}]0;pwned\u{7}ok\u{1b}[2J \u{9b}31m red \u{202e}txt\u{feff}";
const HOSTILE_CLEAN: &str = "title ]0;pwnedok[2J 31m red txt";

fn assert_clean(text: &str) {
    assert!(
        !text.chars().any(|c| c != '\n' && sanitize::is_unsafe(c)),
        "{text:?}"
    );
    assert_eq!(sanitize::block(text), text, "already clean");
}

#[test]
fn typed_imported_and_restored_notes_are_cleaned_and_keep_their_line_feeds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["note", SESSION, HOSTILE]);

    let file = dir.join("phone.txt");
    fs::write(
        &file,
        "Torch.Compile for Autograd, DDP and FSDP\r\n1. imported \u{1b}[31mred\u{1b}[0m\r\n   \
         continued\u{202e} line\r\n2. tabbed\there \u{9b}c\r\n",
    )
    .unwrap();
    ok(dir, &["import-notes", file.to_str().unwrap()]);

    let backup = dir.join("backup.json");
    let hostile_note = serde_json::json!({
        "id": 9, "text": format!("restored {HOSTILE}\r\nsecond line\rthird"),
        "written": "2024-09-17T08:00:00-07:00"
    });
    let doc = serde_json::json!({
        "format": "hallway-state", "version": 1,
        "conferences": {CONFERENCE: {"notes": {SESSION: [hostile_note]}}}
    });
    fs::write(&backup, doc.to_string()).unwrap();
    let out = ok(dir, &["restore", backup.to_str().unwrap()]);
    assert!(out.contains("and 1 notes"), "{out}");
    let out = ok(dir, &["restore", backup.to_str().unwrap()]);
    assert!(
        out.contains("0 stars and 0 notes"),
        "restoring twice adds nothing: {out}"
    );

    let texts = texts_in(&dir.join("state.json"));
    assert_eq!(
        texts,
        [
            HOSTILE_CLEAN.to_owned(),
            // The escape character goes; the printable rest of a sequence is plain text.
            "imported [31mred[0m\n   continued line".to_owned(),
            "tabbed here c".to_owned(),
            format!("restored {HOSTILE_CLEAN}\nsecond line\nthird"),
        ]
    );
    for text in &texts {
        assert_clean(text);
    }
}

#[test]
fn a_restore_does_not_duplicate_a_note_kept_uncleaned_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    let raw = "hand\u{1b}[1mwritten\u{7}";
    fs::write(tmp.path().join("state.json"), state_with(&[(1, raw)])).unwrap();
    let backup = tmp.path().join("b.json");
    fs::write(&backup, state_with(&[(1, raw)])).unwrap();
    let out = ok(tmp.path(), &["restore", backup.to_str().unwrap()]);
    assert!(out.contains("0 notes"), "{out}");
    assert_eq!(texts_in(&tmp.path().join("state.json")), [raw]);
}

// ---- 9. Note ids: duplicates repaired, never issued twice ----

#[test]
fn edits_and_deletes_hit_the_intended_note_when_the_file_repeats_an_id() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let state = dir.join("state.json");
    fs::write(
        &state,
        state_with(&[(1, "first"), (1, "second"), (2, "third")]),
    )
    .unwrap();

    // Note 2 ("second") shares id 1 with note 1: the edit must reach it, not "first".
    ok(
        dir,
        &[
            "render",
            "--keys",
            &format!("{TO_SESSION}jje<End> (edited)<Enter>"),
        ],
    );
    assert_eq!(
        notes_in(&state),
        [
            (1, "first".to_owned()),
            (3, "second (edited)".to_owned()),
            (2, "third".to_owned())
        ]
    );
    ok(dir, &["render", "--keys", &format!("{TO_SESSION}jjjd")]);
    assert_eq!(texts_in(&state), ["first", "second (edited)"]);
    ok(dir, &["render", "--keys", &format!("{TO_SESSION}jd")]);
    assert_eq!(texts_in(&state), ["second (edited)"]);
    // Ids deleted or repaired are never issued again.
    ok(dir, &["note", SESSION, "new"]);
    assert_eq!(
        notes_in(&state),
        [(3, "second (edited)".to_owned()), (4, "new".to_owned())]
    );
}

#[test]
fn every_duplicate_is_kept_with_its_own_id_once_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state.json");
    fs::write(
        &state,
        state_with(&[(5, "a"), (5, "b"), (2, "c"), (5, "d"), (2, "e")]),
    )
    .unwrap();
    let (store, notices) = Store::open(tmp.path(), now()).unwrap();
    assert_eq!(notices, []);
    let ids: Vec<u64> = store
        .notes(CONFERENCE, SESSION)
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(ids, [5, 6, 2, 7, 8]);
    ok(tmp.path(), &["star", SESSION]);
    let doc = json(&state);
    assert_eq!(
        notes_in(&state),
        [
            (5, "a".to_owned()),
            (6, "b".to_owned()),
            (2, "c".to_owned()),
            (7, "d".to_owned()),
            (8, "e".to_owned())
        ]
    );
    assert_eq!(doc["conferences"][CONFERENCE]["last_note_id"][SESSION], 8);
}

#[test]
fn at_the_top_of_the_id_range_a_new_note_fails_clearly_and_nothing_is_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let state = dir.join("state.json");
    fs::write(&state, state_with(&[(3, "low"), (MAX, "top")])).unwrap();
    let before = fs::read(&state).unwrap();
    let (code, _, stderr) = run(dir, &["note", SESSION, "one more"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&MAX.to_string()), "{stderr}");
    assert!(stderr.contains("nothing was saved"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(fs::read(&state).unwrap(), before, "the file is untouched");
    // Other sessions have ids of their own; edits still work here.
    ok(dir, &["note", "1fHmk", "elsewhere"]);
    ok(
        dir,
        &["render", "--keys", &format!("{TO_SESSION}jje<End>!<Enter>")],
    );
    assert_eq!(
        notes_in(&state),
        [(3, "low".to_owned()), (MAX, "top!".to_owned())]
    );
}

#[test]
fn duplicates_at_the_top_of_the_range_are_still_told_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state.json");
    fs::write(&state, state_with(&[(MAX, "a"), (MAX, "b")])).unwrap();
    ok(
        tmp.path(),
        &["render", "--keys", &format!("{TO_SESSION}jje<End>2<Enter>")],
    );
    assert_eq!(
        notes_in(&state),
        [(MAX, "a".to_owned()), (1, "b2".to_owned())]
    );
}

// ---- 10. An edit whose note was deleted elsewhere ----

fn delete_elsewhere(dir: &Path, note_id: u64) {
    let (mut other, _) = Store::open(dir, now()).unwrap();
    let delete = Change::DeleteNote {
        conference: CONFERENCE.into(),
        session: SESSION.into(),
        note_id,
    };
    other.apply(delete, now()).unwrap();
}

fn texts(app: &App) -> Vec<String> {
    app.store
        .notes(CONFERENCE, SESSION)
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

fn status(app: &App) -> (String, bool) {
    let s = app.status.as_ref().unwrap();
    (s.text.clone(), s.error)
}

#[test]
fn an_edit_of_a_note_deleted_elsewhere_is_saved_as_a_new_note_and_said_so() {
    let (dir, mut app) = tui_support::app(wednesday(), (120, 40));
    keys(
        &mut app,
        &format!("{TO_SESSION}nkept<Enter>doomed<Enter><Esc>jj"),
    );
    assert_eq!(texts(&app), ["kept", "doomed"]);
    keys(&mut app, "e<End>, then edited");
    // Another hallway deletes the note while its edit is being typed.
    delete_elsewhere(dir.path(), 2);
    keys(&mut app, "<Enter>");
    assert_eq!(
        status(&app),
        (
            "note was deleted elsewhere — your edit was saved as note 2".to_owned(),
            false
        )
    );
    assert_eq!(texts(&app), ["kept", "doomed, then edited"]);
    assert_eq!(app.note, Some(1), "the new note is selected");
    let saved = notes_in(&dir.path().join("state.json"));
    assert_eq!(
        saved,
        [
            (1, "kept".to_owned()),
            (3, "doomed, then edited".to_owned())
        ],
        "a new id: the deleted note's id 2 is not reused"
    );
}

/// The real disk with saves that fail while `full` is set.
fn open_app_failing(dir: &Path) -> (App, Counting) {
    let disk = Counting::default();
    let (store, _) = Store::open_with_disk(dir, wednesday(), Box::new(disk.clone())).unwrap();
    let app = App::new(bundled::load().unwrap(), store, wednesday(), (120, 40));
    (app, disk)
}

#[test]
fn an_unsaved_edit_of_a_note_deleted_elsewhere_is_kept_as_a_new_note_by_the_next_save() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut app, disk) = open_app_failing(tmp.path());
    keys(&mut app, &format!("{TO_SESSION}ndoomed<Enter><Esc>j"));
    disk.full.store(true, Ordering::SeqCst);
    keys(&mut app, "e<End> but edited<Enter>");
    assert!(status(&app).1, "the failed save is an error");
    assert_eq!(app.store.pending(), 1);
    delete_elsewhere(tmp.path(), 1);
    disk.full.store(false, Ordering::SeqCst);
    // The terminal got the focus back: hallway re-reads the file, the edit no longer applies.
    effects::reload(&mut app);
    let (text, error) = status(&app);
    assert!(
        text.contains("deleted elsewhere — your edit was saved as note 1"),
        "{text}"
    );
    assert!(!error, "{text}");
    assert_eq!(app.store.pending(), 0);
    assert_eq!(
        notes_in(&tmp.path().join("state.json")),
        [(2, "doomed but edited".to_owned())]
    );
}

#[test]
fn the_same_holds_when_the_next_save_is_another_change() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut app, disk) = open_app_failing(tmp.path());
    keys(&mut app, &format!("{TO_SESSION}ndoomed<Enter><Esc>j"));
    disk.full.store(true, Ordering::SeqCst);
    keys(&mut app, "e<End> but edited<Enter>");
    delete_elsewhere(tmp.path(), 1);
    disk.full.store(false, Ordering::SeqCst);
    keys(&mut app, "s");
    let (text, _) = status(&app);
    assert!(text.contains("saved as note 1"), "{text}");
    let state = tmp.path().join("state.json");
    assert_eq!(texts_in(&state), ["doomed but edited"]);
    assert!(json(&state)["conferences"][CONFERENCE]["stars"][SESSION].is_object());
}

/// A `state.json` that is a FIFO (nobody writes to it) is refused at once, never opened: a
/// reader that opened it would block forever. Every command says so and exits 1; nothing
/// replaces it.
#[test]
fn a_state_file_that_is_a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("state.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    for args in [&["notes"][..], &["note", SESSION, "x"], &["star", SESSION]] {
        let mut cmd = common::hallway(dir.path());
        cmd.args(args).timeout(std::time::Duration::from_secs(60));
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("not a regular file but a FIFO"),
            "{args:?}: {err}"
        );
        assert!(
            fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
            "{args:?} replaced the FIFO"
        );
    }
}
