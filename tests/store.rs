//! Acceptance tests for `hallway::store`: atomic saves, merging between stores, corrupt and
//! newer files, unwritable folders, and exact round trips of notes.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use std::fs;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, FixedOffset};
use hallway::store::{Change, Disk, Notice, Outcome, ReadOnlyReason, RealDisk, Store, StoreError};
use proptest::prelude::*;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn now() -> DateTime<FixedOffset> {
    t("2024-09-18T10:15:00-07:00")
}

fn star(conference: &str, session: &str) -> Change {
    Change::Star {
        conference: conference.into(),
        session: session.into(),
    }
}

fn unstar(conference: &str, session: &str) -> Change {
    Change::Unstar {
        conference: conference.into(),
        session: session.into(),
    }
}

fn add(conference: &str, session: &str, text: &str) -> Change {
    Change::AddNote {
        conference: conference.into(),
        session: session.into(),
        text: text.into(),
    }
}

fn edit(conference: &str, session: &str, note_id: u64, text: &str) -> Change {
    Change::EditNote {
        conference: conference.into(),
        session: session.into(),
        note_id,
        text: text.into(),
    }
}

fn delete(conference: &str, session: &str, note_id: u64) -> Change {
    Change::DeleteNote {
        conference: conference.into(),
        session: session.into(),
        note_id,
    }
}

fn open(dir: &Path) -> Store {
    let (store, notices) = Store::open(dir, now()).unwrap();
    assert_eq!(notices, vec![]);
    store
}

fn texts(store: &Store, conference: &str, session: &str) -> Vec<String> {
    store
        .notes(conference, session)
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A real disk that can be told to fail: on writing (a full disk, after writing half the temp
/// file) or on renaming over `state.json` (a crash between writing and renaming).
#[derive(Clone, Default)]
struct Faults {
    full: Arc<AtomicBool>,
    crash_before_rename: Arc<AtomicBool>,
    no_renames: Arc<AtomicBool>,
    writes: Arc<AtomicUsize>,
}

struct FaultyDisk(Faults);

impl Disk for FaultyDisk {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        RealDisk.read(path)
    }
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        RealDisk.create_dir_all(dir)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.0.writes.fetch_add(1, Ordering::SeqCst);
        if self.0.full.load(Ordering::SeqCst) {
            RealDisk.write_new_synced(path, &bytes[..bytes.len() / 2])?;
            return Err(io::Error::from(ErrorKind::StorageFull));
        }
        RealDisk.write_new_synced(path, bytes)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        if self.0.no_renames.load(Ordering::SeqCst) {
            return Err(io::Error::from(ErrorKind::PermissionDenied));
        }
        if self.0.crash_before_rename.load(Ordering::SeqCst) && to.ends_with("state.json") {
            return Err(io::Error::other("simulated crash before the rename"));
        }
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

fn open_faulty(dir: &Path) -> (Store, Faults) {
    let faults = Faults::default();
    let (store, notices) =
        Store::open_with_disk(dir, now(), Box::new(FaultyDisk(faults.clone()))).unwrap();
    assert_eq!(notices, vec![]);
    (store, faults)
}

// --- opening and the file format -------------------------------------------------------------

#[test]
fn opening_a_missing_folder_is_empty_and_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("config").join("hallway");
    let store = open(&dir);
    assert_eq!(store.conferences().count(), 0);
    assert_eq!(store.path(), dir.join("state.json"));
    assert!(!dir.exists());
}

#[test]
fn first_change_creates_the_folder_and_a_pretty_documented_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("config").join("hallway");
    let mut store = open(&dir);
    store
        .apply(star("pytorch-2024", "s-42"), t("2024-09-18T10:00:00-07:00"))
        .unwrap();
    store
        .apply(
            add("pytorch-2024", "s-42", "free text"),
            t("2024-09-18T10:05:00-07:00"),
        )
        .unwrap();
    store
        .apply(
            edit("pytorch-2024", "s-42", 1, "better text"),
            t("2024-09-18T10:06:30-07:00"),
        )
        .unwrap();
    let expected = r#"{
  "format": "hallway-state",
  "version": 1,
  "conferences": {
    "pytorch-2024": {
      "stars": {
        "s-42": {
          "at": "2024-09-18T10:00:00-07:00"
        }
      },
      "notes": {
        "s-42": [
          {
            "id": 1,
            "text": "better text",
            "written": "2024-09-18T10:05:00-07:00",
            "edited": "2024-09-18T10:06:30-07:00"
          }
        ]
      },
      "last_note_id": {
        "s-42": 1
      }
    }
  }
}
"#;
    assert_eq!(
        fs::read_to_string(dir.join("state.json")).unwrap(),
        expected
    );
    assert_eq!(names_in(&dir), ["state.json", "state.lock"]);
}

#[test]
fn default_dir_is_named_after_the_app() {
    if let Some(dir) = Store::default_dir() {
        assert!(
            dir.to_string_lossy().contains("hallway"),
            "{}",
            dir.display()
        );
    }
}

// --- stars and notes -------------------------------------------------------------------------

#[test]
fn stars_report_what_they_did_and_persist() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path());
    assert_eq!(
        store.apply(star("c", "b"), now()).unwrap(),
        Outcome::Starred { already: false }
    );
    assert_eq!(
        store.apply(star("c", "b"), now()).unwrap(),
        Outcome::Starred { already: true }
    );
    store.apply(star("c", "a"), now()).unwrap();
    assert_eq!(
        store.apply(unstar("c", "zz"), now()).unwrap(),
        Outcome::Unstarred { was: false }
    );
    let store = open(tmp.path());
    assert!(store.is_starred("c", "a"));
    assert!(!store.is_starred("c", "zz"));
    assert!(!store.is_starred("other", "a"));
    assert_eq!(store.stars("c").collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(store.star("c", "a").unwrap().at, now());
    let mut store = store;
    assert_eq!(
        store.apply(unstar("c", "a"), now()).unwrap(),
        Outcome::Unstarred { was: true }
    );
    assert_eq!(open(tmp.path()).stars("c").collect::<Vec<_>>(), ["b"]);
}

#[test]
fn notes_are_numbered_by_position_and_ids_are_never_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path());
    for (i, text) in ["one", "two", "three"].into_iter().enumerate() {
        let n = i + 1;
        assert_eq!(
            store.apply(add("c", "s", text), now()).unwrap(),
            Outcome::NoteAdded {
                number: n,
                id: n as u64
            }
        );
    }
    assert_eq!(
        store.apply(delete("c", "s", 1), now()).unwrap(),
        Outcome::NoteDeleted { number: 1, id: 1 }
    );
    assert_eq!(
        store.apply(edit("c", "s", 3, "THREE"), now()).unwrap(),
        Outcome::NoteEdited { number: 2, id: 3 }
    );
    store.apply(delete("c", "s", 3), now()).unwrap();
    // The newest id (3) was deleted; a new note still gets a fresh id.
    assert_eq!(
        store.apply(add("c", "s", "four"), now()).unwrap(),
        Outcome::NoteAdded { number: 2, id: 4 }
    );
    let store = open(tmp.path());
    assert_eq!(texts(&store, "c", "s"), ["two", "four"]);
    let ids: Vec<u64> = store.notes("c", "s").iter().map(|n| n.id).collect();
    assert_eq!(ids, [2, 4]);
}

#[test]
fn note_times_keep_their_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path());
    let written = t("2024-09-18T10:00:00+05:30");
    let edited = t("2024-09-19T08:00:00-07:00");
    store.apply(add("c", "s", "x"), written).unwrap();
    store.apply(edit("c", "s", 1, "y"), edited).unwrap();
    let store = open(tmp.path());
    let note = &store.notes("c", "s")[0];
    assert_eq!(note.written.to_rfc3339(), "2024-09-18T10:00:00+05:30");
    assert_eq!(
        note.edited.unwrap().to_rfc3339(),
        "2024-09-19T08:00:00-07:00"
    );
}

#[test]
fn missing_notes_are_an_error_and_nothing_is_queued() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path());
    let err = store.apply(edit("c", "s", 7, "x"), now()).unwrap_err();
    assert!(matches!(err, StoreError::NoteNotFound { note_id: 7, .. }));
    assert!(err.to_string().contains("state.json"), "{err}");
    let err = store.apply(delete("c", "s", 7), now()).unwrap_err();
    assert!(matches!(err, StoreError::NoteNotFound { note_id: 7, .. }));
    assert_eq!(store.pending(), 0);
    assert!(!tmp.path().join("state.json").exists());
}

const TRICKY: &[&str] = &[
    "emoji 🎉👩‍💻🇯🇵",
    "中文笔记 日本語のメモ 한국어",
    "e\u{301}\u{301} cafe\u{301} a\u{20dd}",
    "עברית مرحبا \u{202e}reversed\u{202c}",
    "line one\nline two\r\n\ttabbed\n",
    "\"quotes\" and \\backslashes\\ and 'apostrophes'",
    "trailing spaces   ",
    "   ",
    "",
    "nul \u{0} and bell \u{7} and del \u{7f}",
];

/// Notes round-trip byte for byte once cleaned by `sanitize::block` as they enter the store
/// (issue 12): controls and bidi overrides removed, CR LF made a line feed, tabs spaces; and
/// trimmed as every written note is (issue 15): no spaces at a line's end, no whitespace
/// around the text.
#[test]
fn unicode_notes_round_trip_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path());
    for text in TRICKY {
        store.apply(add("c", "s", text), now()).unwrap();
    }
    store.apply(edit("c", "s", 1, TRICKY[3]), now()).unwrap();
    let store = open(tmp.path());
    let expected = [
        "עברית مرحبا reversed",
        "中文笔记 日本語のメモ 한국어",
        "e\u{301}\u{301} cafe\u{301} a\u{20dd}",
        "עברית مرحبا reversed",
        "line one\nline two\n tabbed",
        "\"quotes\" and \\backslashes\\ and 'apostrophes'",
        "trailing spaces",
        "",
        "",
        "nul  and bell  and del",
    ];
    assert_eq!(texts(&store, "c", "s"), expected);
    for k in [1, 2, 5, 8] {
        assert_eq!(expected[k], TRICKY[k], "clean text is kept as typed");
    }
    // Non-ASCII is written as itself, not as \u escapes, so the file stays readable.
    let raw = fs::read_to_string(tmp.path().join("state.json")).unwrap();
    assert!(raw.contains("中文笔记"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(48)))]
    #[test]
    fn any_text_and_ids_round_trip(text in prop_oneof![any::<String>(), "[ a\n\t\u{3000}]{0,12}"], conference in ".{0,12}", session in ".{0,12}") {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = open(tmp.path());
        store.apply(add(&conference, &session, &text), now()).unwrap();
        store.apply(star(&conference, &session), now()).unwrap();
        let store = open(tmp.path());
        // Cleaned, then trimmed: whitespace around the text and spaces at line ends go.
        let clean = hallway::sanitize::block(&text);
        let expected: Vec<&str> = clean.trim().split('\n').map(|l| l.trim_end_matches([' ', '\t'])).collect();
        prop_assert_eq!(texts(&store, &conference, &session), vec![expected.join("\n")]);
        prop_assert!(store.is_starred(&conference, &session));
    }
}

#[test]
fn sessions_and_conferences_no_schedule_knows_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("state.json"),
        r#"{"format":"hallway-state","version":1,"conferences":{
            "gone-2019":{"stars":{"old-1":{"at":"2019-05-01T09:00:00Z"}},
                         "notes":{"old-2":[{"id":5,"text":"keep me","written":"2019-05-01T09:00:00Z"}]}},
            "pytorch-2024":{"notes":{"renamed-session":[{"id":1,"text":"still here","written":"2024-09-18T10:00:00-07:00"}],
                                     "empty":[]}}}}"#,
    )
    .unwrap();
    let mut store = open(tmp.path());
    assert_eq!(
        store
            .sessions_with_notes("pytorch-2024")
            .collect::<Vec<_>>(),
        ["renamed-session"]
    );
    store
        .apply(add("pytorch-2024", "s-1", "new"), now())
        .unwrap();
    store.apply(star("pytorch-2024", "s-1"), now()).unwrap();
    let store = open(tmp.path());
    assert_eq!(
        store.conferences().collect::<Vec<_>>(),
        ["gone-2019", "pytorch-2024"]
    );
    assert!(store.is_starred("gone-2019", "old-1"));
    assert_eq!(texts(&store, "gone-2019", "old-2"), ["keep me"]);
    assert_eq!(
        store
            .sessions_with_notes("pytorch-2024")
            .collect::<Vec<_>>(),
        ["renamed-session", "s-1"]
    );
    assert_eq!(
        texts(&store, "pytorch-2024", "renamed-session"),
        ["still here"]
    );
}

#[test]
fn unknown_fields_survive_a_save() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    fs::write(
        &path,
        r#"{"format":"hallway-state","version":1,"sync":{"peer":"laptop"},
            "conferences":{"c":{"colour":"teal",
              "stars":{"s":{"at":"2024-09-18T10:00:00-07:00","priority":2}},
              "notes":{"s":[{"id":1,"text":"t","written":"2024-09-18T10:00:00-07:00","tags":["a"]}]}}}}"#,
    )
    .unwrap();
    let mut store = open(tmp.path());
    store.apply(add("c", "s", "second"), now()).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(value["sync"]["peer"], "laptop");
    assert_eq!(value["conferences"]["c"]["colour"], "teal");
    assert_eq!(value["conferences"]["c"]["stars"]["s"]["priority"], 2);
    assert_eq!(value["conferences"]["c"]["notes"]["s"][0]["tags"][0], "a");
}

// --- corrupt and newer files -----------------------------------------------------------------

const VALID: &str = r#"{"format":"hallway-state","version":1,"conferences":{"c":{"stars":{"s":{"at":"2024-09-18T10:00:00-07:00"}}}}}"#;

fn corrupt_cases() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("invalid JSON", b"{ this is not json".to_vec()),
        (
            "wrong types",
            br#"{"format":"hallway-state","version":1,"conferences":{"c":{"stars":["s"]}}}"#
                .to_vec(),
        ),
        (
            "invalid UTF-8",
            b"{\"format\":\"hallway-state\",\"version\":1,\"conferences\":{\"\xff\xfe\":{}}}"
                .to_vec(),
        ),
        ("empty", Vec::new()),
        ("truncated", VALID.as_bytes()[..VALID.len() / 2].to_vec()),
        (
            "not ours",
            br#"{"format":"something-else","version":1}"#.to_vec(),
        ),
    ]
}

#[test]
fn corrupt_files_are_moved_aside_byte_for_byte_and_never_overwritten() {
    for (case, bytes) in corrupt_cases() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.json");
        fs::write(&path, &bytes).unwrap();
        let (mut store, notices) = Store::open(tmp.path(), now()).unwrap();
        let aside = tmp.path().join("state.json.corrupt-20240918T101500");
        match notices.as_slice() {
            [notice @ Notice::MovedAside { to, .. }] => {
                assert_eq!(to, &aside, "{case}");
                let text = notice.to_string();
                assert!(text.contains(&*aside.to_string_lossy()), "{case}: {text}");
                assert!(text.contains("could not be parsed"), "{case}: {text}");
            }
            other => panic!("{case}: unexpected notices {other:?}"),
        }
        assert_eq!(fs::read(&aside).unwrap(), bytes, "{case}");
        assert!(!path.exists(), "{case}");
        assert_eq!(store.conferences().count(), 0, "{case}");
        store.apply(star("c", "new"), now()).unwrap();
        assert_eq!(fs::read(&aside).unwrap(), bytes, "{case}");
        assert!(open(tmp.path()).is_starred("c", "new"), "{case}");
    }
}

#[test]
fn corrupt_file_names_get_a_counter_when_taken() {
    let tmp = tempfile::tempdir().unwrap();
    let taken = tmp.path().join("state.json.corrupt-20240918T101500");
    fs::write(&taken, b"earlier").unwrap();
    fs::write(
        tmp.path().join("state.json.corrupt-20240918T101500-2"),
        b"e2",
    )
    .unwrap();
    fs::write(tmp.path().join("state.json"), b"garbage").unwrap();
    let (_, notices) = Store::open(tmp.path(), now()).unwrap();
    let aside = tmp.path().join("state.json.corrupt-20240918T101500-3");
    assert!(matches!(&notices[..], [Notice::MovedAside { to, .. }] if *to == aside));
    assert_eq!(fs::read(&aside).unwrap(), b"garbage");
    assert_eq!(fs::read(&taken).unwrap(), b"earlier");
}

#[test]
fn a_file_corrupted_while_open_is_moved_aside_at_the_next_save() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    let mut store = open(tmp.path());
    store.apply(star("c", "kept"), now()).unwrap();
    fs::write(&path, b"{\"half\": ").unwrap();
    store.apply(star("c", "new"), now()).unwrap();
    let notices = store.take_notices();
    assert!(
        matches!(&notices[..], [Notice::MovedAside { .. }]),
        "{notices:?}"
    );
    assert_eq!(
        fs::read(tmp.path().join("state.json.corrupt-20240918T101500")).unwrap(),
        b"{\"half\": "
    );
    // The last good state is the base for the new file.
    let store = open(tmp.path());
    assert_eq!(store.stars("c").collect::<Vec<_>>(), ["kept", "new"]);
}

#[test]
fn a_corrupt_file_that_cannot_be_moved_aside_makes_the_store_read_only() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    fs::write(&path, b"garbage").unwrap();
    let faults = Faults::default();
    faults.no_renames.store(true, Ordering::SeqCst);
    let disk = Box::new(FaultyDisk(faults.clone()));
    let (mut store, notices) = Store::open_with_disk(tmp.path(), now(), disk).unwrap();
    assert!(
        matches!(&notices[..], [Notice::CouldNotMoveAside { .. }]),
        "{notices:?}"
    );
    assert!(
        notices[0].to_string().contains("read-only"),
        "{}",
        notices[0]
    );
    assert!(matches!(
        store.read_only(),
        Some(ReadOnlyReason::Unparsable { .. })
    ));
    let err = store.apply(star("c", "s"), now()).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"garbage");

    // Once renaming works again, a reload moves the file aside and the store is writable.
    faults.no_renames.store(false, Ordering::SeqCst);
    let notices = store.reload(now()).unwrap();
    assert!(
        matches!(&notices[..], [Notice::MovedAside { .. }]),
        "{notices:?}"
    );
    assert_eq!(store.read_only(), None);
    store.apply(star("c", "s"), now()).unwrap();
}

#[test]
fn an_unreadable_state_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    fs::create_dir(&path).unwrap();
    let err = Store::open(tmp.path(), now()).unwrap_err();
    assert!(matches!(err, StoreError::Read { .. }), "{err}");
    assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
}

#[test]
fn a_newer_file_opens_read_only_and_is_never_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    let newer = r#"{"format":"hallway-state","version":7,"conferences":{"c":{"stars":{"s":{"at":"2024-09-18T10:00:00-07:00"}}}},"v7":true}"#;
    fs::write(&path, newer).unwrap();
    let (mut store, notices) = Store::open(tmp.path(), now()).unwrap();
    assert_eq!(notices.len(), 1);
    let text = notices[0].to_string();
    assert!(
        text.contains("version 7") && text.contains("(1)") && text.contains("read-only"),
        "{text}"
    );
    assert_eq!(
        store.read_only(),
        Some(&ReadOnlyReason::NewerVersion {
            found: 7,
            supported: 1
        })
    );
    // What could be read is shown.
    assert!(store.is_starred("c", "s"));
    let err = store.apply(star("c", "t"), now()).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("state.json"), "{err}");
    assert_eq!(store.pending(), 0);
    store.flush(now()).unwrap();
    store.reload(now()).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
    assert_eq!(names_in(tmp.path()), ["state.json"]);
}

#[test]
fn a_newer_file_written_by_another_hallway_stops_saves() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    let mut store = open(tmp.path());
    store.apply(star("c", "s"), now()).unwrap();
    let newer = r#"{"format":"hallway-state","version":2,"conferences":{}}"#;
    fs::write(&path, newer).unwrap();
    let err = store.apply(star("c", "t"), now()).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
    assert!(matches!(
        &store.take_notices()[..],
        [Notice::NewerVersion { found: 2, .. }]
    ));
    assert!(store.apply(star("c", "u"), now()).is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
}

// --- failed saves ----------------------------------------------------------------------------

#[test]
fn an_interrupted_save_leaves_the_old_file_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    let (mut store, faults) = open_faulty(tmp.path());
    store.apply(add("c", "s", "first"), now()).unwrap();
    let before = fs::read(&path).unwrap();

    faults.crash_before_rename.store(true, Ordering::SeqCst);
    let err = store.apply(add("c", "s", "second"), now()).unwrap_err();
    assert!(matches!(err, StoreError::Write { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(names_in(tmp.path()), ["state.json", "state.lock"]);
    assert_eq!(store.pending(), 1);
    assert_eq!(texts(&store, "c", "s"), ["first", "second"]);

    faults.crash_before_rename.store(false, Ordering::SeqCst);
    store.flush(now()).unwrap();
    assert_eq!(store.pending(), 0);
    assert_eq!(texts(&open(tmp.path()), "c", "s"), ["first", "second"]);
}

#[test]
fn a_full_disk_keeps_changes_pending_until_a_flush_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.json");
    let (mut store, faults) = open_faulty(tmp.path());
    store.apply(star("c", "a"), now()).unwrap();
    let before = fs::read(&path).unwrap();

    faults.full.store(true, Ordering::SeqCst);
    let err = store.apply(star("c", "b"), now()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Write { source, .. } if source.kind() == ErrorKind::StorageFull)
    );
    let message = err.to_string();
    assert!(message.contains(&*path.to_string_lossy()), "{message}");
    assert!(message.contains("cannot save"), "{message}");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(store.pending(), 1);
    assert!(store.is_starred("c", "b"));
    // The half-written temp file was cleaned up.
    assert_eq!(names_in(tmp.path()), ["state.json", "state.lock"]);

    assert!(store.apply(add("c", "b", "note"), now()).is_err());
    assert_eq!(store.pending(), 2);
    assert!(store.flush(now()).is_err());
    assert_eq!(store.pending(), 2);

    faults.full.store(false, Ordering::SeqCst);
    store.flush(now()).unwrap();
    assert_eq!(store.pending(), 0);
    let reopened = open(tmp.path());
    assert_eq!(reopened.stars("c").collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(texts(&reopened, "c", "b"), ["note"]);
}

#[test]
fn a_config_dir_that_is_a_file_gives_a_clear_error_and_keeps_the_change() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hallway");
    fs::write(&dir, b"not a folder").unwrap();
    let mut store = open(&dir);
    let err = store.apply(add("c", "s", "hello"), now()).unwrap_err();
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains(&*dir.to_string_lossy()), "{message}");
    assert!(message.contains("not a folder"), "{message}");
    assert_eq!(store.pending(), 1);
    assert_eq!(texts(&store, "c", "s"), ["hello"]);
    assert_eq!(fs::read(&dir).unwrap(), b"not a folder");

    // Once the way is clear, the kept change is saved.
    fs::remove_file(&dir).unwrap();
    store.flush(now()).unwrap();
    assert_eq!(texts(&open(&dir), "c", "s"), ["hello"]);
}

#[test]
fn a_config_dir_under_a_file_gives_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    fs::write(&file, b"").unwrap();
    let dir = file.join("hallway");
    let mut store = open(&dir);
    let err = store.apply(star("c", "s"), now()).unwrap_err();
    assert!(err.to_string().contains(&*dir.to_string_lossy()), "{err}");
    assert_eq!(store.pending(), 1);
}

#[test]
fn temp_files_left_by_a_crash_are_swept_by_the_next_save() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path());
    fs::write(tmp.path().join(".state.json.tmp-99999-0"), b"{ half").unwrap();
    store.apply(star("c", "s"), now()).unwrap();
    assert_eq!(names_in(tmp.path()), ["state.json", "state.lock"]);
}

#[test]
fn a_change_that_changes_nothing_does_not_rewrite_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, faults) = open_faulty(tmp.path());
    store.apply(star("c", "s"), now()).unwrap();
    store.apply(star("c", "s"), now()).unwrap();
    store.apply(unstar("c", "other"), now()).unwrap();
    assert_eq!(faults.writes.load(Ordering::SeqCst), 1);
}

// --- several hallways at once ----------------------------------------------------------------

#[test]
fn two_stores_merge_their_changes_instead_of_overwriting() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = open(tmp.path());
    let mut b = open(tmp.path());
    assert_eq!(
        a.apply(add("c", "s", "from a"), now()).unwrap(),
        Outcome::NoteAdded { number: 1, id: 1 }
    );
    // b never saw a's note, yet numbers after it.
    assert_eq!(
        b.apply(add("c", "s", "from b"), now()).unwrap(),
        Outcome::NoteAdded { number: 2, id: 2 }
    );
    a.apply(star("c", "s"), now()).unwrap();
    b.apply(star("c", "t"), now()).unwrap();
    assert_eq!(texts(&b, "c", "s"), ["from a", "from b"]);
    assert_eq!(b.stars("c").collect::<Vec<_>>(), ["s", "t"]);
    assert!(a.reload(now()).unwrap().is_empty());
    assert_eq!(texts(&a, "c", "s"), ["from a", "from b"]);
    assert_eq!(a.stars("c").collect::<Vec<_>>(), ["s", "t"]);
}

#[test]
fn editing_a_note_deleted_by_another_hallway_is_reported_not_resurrected() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = open(tmp.path());
    a.apply(add("c", "s", "doomed"), now()).unwrap();
    let mut b = open(tmp.path());
    a.apply(delete("c", "s", 1), now()).unwrap();
    let err = b.apply(edit("c", "s", 1, "edited"), now()).unwrap_err();
    assert!(
        matches!(err, StoreError::NoteNotFound { note_id: 1, .. }),
        "{err}"
    );
    assert_eq!(b.pending(), 0);
    assert!(b.notes("c", "s").is_empty());
    assert!(open(tmp.path()).notes("c", "s").is_empty());
}

#[test]
fn a_pending_edit_of_a_note_deleted_elsewhere_is_dropped_with_a_notice() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut b, faults) = open_faulty(tmp.path());
    b.apply(add("c", "s", "note"), now()).unwrap();
    faults.full.store(true, Ordering::SeqCst);
    assert!(b.apply(edit("c", "s", 1, "edited"), now()).is_err());
    assert!(b.apply(star("c", "s"), now()).is_err());
    let mut a = open(tmp.path());
    a.apply(delete("c", "s", 1), now()).unwrap();
    faults.full.store(false, Ordering::SeqCst);
    b.flush(now()).unwrap();
    assert!(matches!(
        &b.take_notices()[..],
        [Notice::ChangeDropped { note_id: 1, .. }]
    ));
    let store = open(tmp.path());
    assert!(store.notes("c", "s").is_empty());
    assert!(store.is_starred("c", "s"));
}

#[test]
fn an_unsaved_note_renumbered_by_a_merge_keeps_its_later_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut b, faults) = open_faulty(tmp.path());
    faults.full.store(true, Ordering::SeqCst);
    assert!(b.apply(add("c", "s", "b's note"), now()).is_err());
    assert_eq!(b.notes("c", "s")[0].id, 1);
    let mut a = open(tmp.path());
    a.apply(add("c", "s", "a's note"), now()).unwrap();
    // b edits the note it sees as id 1: its own, not a's. The failed save merged a's note in
    // and moved b's note to id 2, which b now shows.
    let edited = b.apply(edit("c", "s", 1, "b's note, edited"), now());
    assert!(edited.is_err());
    let ids: Vec<u64> = b.notes("c", "s").iter().map(|n| n.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(texts(&b, "c", "s"), ["a's note", "b's note, edited"]);
    // More unsaved work on b, and a saves again: b's notes move once more on the flush.
    assert!(b.apply(add("c", "s", "b's second"), now()).is_err());
    assert!(b.apply(delete("c", "s", 3), now()).is_err());
    a.apply(add("c", "s", "a's second"), now()).unwrap();
    faults.full.store(false, Ordering::SeqCst);
    b.flush(now()).unwrap();
    assert_eq!(b.take_notices(), vec![]);
    let store = open(tmp.path());
    let expected = ["a's note", "a's second", "b's note, edited"];
    assert_eq!(texts(&store, "c", "s"), expected);
    let ids: Vec<u64> = store.notes("c", "s").iter().map(|n| n.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(texts(&b, "c", "s"), expected);
}

#[test]
fn four_stores_adding_fifty_notes_each_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir: PathBuf = tmp.path().join("shared");
    let handles: Vec<_> = (0..4)
        .map(|worker| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let (mut store, _) = Store::open(&dir, now()).unwrap();
                for i in 0..50 {
                    store
                        .apply(add("c", "s", &format!("w{worker} n{i}")), now())
                        .unwrap();
                    if i % 10 == 0 {
                        store
                            .apply(star("c", &format!("w{worker}")), now())
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let store = open(&dir);
    let notes = store.notes("c", "s");
    assert_eq!(notes.len(), 200);
    let mut ids: Vec<u64> = notes.iter().map(|n| n.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=200).collect::<Vec<u64>>());
    for worker in 0..4 {
        let mine: Vec<&str> = notes
            .iter()
            .map(|n| n.text.as_str())
            .filter(|t| t.starts_with(&format!("w{worker} ")))
            .collect();
        let expected: Vec<String> = (0..50).map(|i| format!("w{worker} n{i}")).collect();
        assert_eq!(mine, expected, "worker {worker}'s notes out of order");
    }
    assert_eq!(store.stars("c").count(), 4);
    assert_eq!(names_in(&dir), ["state.json", "state.lock"]);
}
