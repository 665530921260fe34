//! `Store::move_notes` and `Change::MoveNotes` through real files: one save, nothing changed
//! on a refusal, and merges with what another hallway saved meanwhile (notes added on either
//! side, a moved note deleted elsewhere, a move kept pending by a full disk).
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::fs;
use std::io::{self, ErrorKind};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, FixedOffset};
use hallway::store::{BadNumbers, Change, Disk, Outcome, RealDisk, Store, StoreError};

const C: &str = "conf";

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn now() -> DateTime<FixedOffset> {
    t("2024-09-18T12:00:00-07:00")
}

fn add(session: &str, text: &str) -> Change {
    Change::AddNote {
        conference: C.into(),
        session: session.into(),
        text: text.into(),
    }
}

fn open(dir: &Path) -> Store {
    let (store, notices) = Store::open(dir, now()).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    store
}

fn texts(store: &Store, session: &str) -> Vec<String> {
    store
        .notes(C, session)
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

/// `a` holds a1..a4 written at 10:01..10:04, `b` holds b1.
fn seeded(dir: &Path) -> Store {
    let mut store = open(dir);
    for i in 1..=4 {
        let at = t(&format!("2024-09-18T10:0{i}:00-07:00"));
        store.apply(add("a", &format!("a{i}")), at).unwrap();
    }
    store
        .apply(add("b", "b1"), t("2024-09-18T09:00:00-07:00"))
        .unwrap();
    store
}

#[test]
fn a_range_moves_with_one_save_and_keeps_its_times() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = seeded(tmp.path());
    let written: Vec<_> = store.notes(C, "a")[1..3]
        .iter()
        .map(|n| n.written)
        .collect();
    let outcome = store.move_notes(C, "a", 2..=3, "b", now()).unwrap();
    assert_eq!(
        outcome,
        Outcome::NotesMoved {
            count: 2,
            from_number: 2,
            to_number: 2,
            first_id: 2,
        }
    );
    // What another process reads now.
    let fresh = open(tmp.path());
    assert_eq!(texts(&fresh, "a"), ["a1", "a4"]);
    assert_eq!(texts(&fresh, "b"), ["b1", "a2", "a3"]);
    let moved: Vec<_> = fresh.notes(C, "b")[1..].iter().map(|n| n.written).collect();
    assert_eq!(moved, written);
    assert_eq!(fresh.pending(), 0);
}

#[test]
fn bad_numbers_and_the_same_session_change_nothing_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = seeded(tmp.path());
    let file = tmp.path().join("state.json");
    let before = fs::read(&file).unwrap();
    let past = store.move_notes(C, "a", 4..=5, "b", now()).unwrap_err();
    assert!(
        matches!(
            past,
            StoreError::NoteNumbers {
                problem: BadNumbers::PastTheEnd { count: 4 },
                ..
            }
        ),
        "{past:?}"
    );
    assert_eq!(
        past.to_string(),
        "session a has 4 notes (1-4), so no notes 4-5"
    );
    let backwards = store
        .move_notes(C, "a", std::ops::RangeInclusive::new(3, 2), "b", now())
        .unwrap_err();
    assert!(matches!(
        backwards,
        StoreError::NoteNumbers {
            problem: BadNumbers::Backwards,
            ..
        }
    ));
    let none = store.move_notes(C, "empty", 1..=1, "b", now()).unwrap_err();
    assert_eq!(none.to_string(), "session empty has no notes, so no note 1");
    let same = store.move_notes(C, "a", 1..=1, "a", now()).unwrap_err();
    assert!(matches!(same, StoreError::SameSession { .. }), "{same:?}");
    assert_eq!(fs::read(&file).unwrap(), before);
    assert_eq!(texts(&store, "a"), ["a1", "a2", "a3", "a4"]);
}

#[test]
fn notes_another_hallway_added_to_either_side_meanwhile_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let mut mine = seeded(tmp.path());
    // Another process adds to both sessions after this one last read the file.
    let mut other = open(tmp.path());
    other.apply(add("a", "a5 elsewhere"), now()).unwrap();
    other.apply(add("b", "b2 elsewhere"), now()).unwrap();
    // The numbers are the ones this process shows: a2 and a3.
    let outcome = mine.move_notes(C, "a", 2..=3, "b", now()).unwrap();
    assert_eq!(
        outcome,
        Outcome::NotesMoved {
            count: 2,
            from_number: 2,
            to_number: 3,
            first_id: 3,
        }
    );
    for store in [&mine, &open(tmp.path())] {
        assert_eq!(texts(store, "a"), ["a1", "a4", "a5 elsewhere"]);
        assert_eq!(texts(store, "b"), ["b1", "b2 elsewhere", "a2", "a3"]);
        let ids: Vec<u64> = store.notes(C, "b").iter().map(|n| n.id).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
    }
    // And the other process, adding after the move, gets the next number on each side.
    other.apply(add("b", "b after"), now()).unwrap();
    other.apply(add("a", "a after"), now()).unwrap();
    let fresh = open(tmp.path());
    assert_eq!(
        texts(&fresh, "b"),
        ["b1", "b2 elsewhere", "a2", "a3", "b after"]
    );
    assert_eq!(texts(&fresh, "a"), ["a1", "a4", "a5 elsewhere", "a after"]);
}

#[test]
fn a_move_whose_note_was_deleted_elsewhere_moves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut mine = seeded(tmp.path());
    let mut other = open(tmp.path());
    other
        .apply(
            Change::DeleteNote {
                conference: C.into(),
                session: "a".into(),
                note_id: 3,
            },
            now(),
        )
        .unwrap();
    let err = mine.move_notes(C, "a", 2..=3, "b", now()).unwrap_err();
    assert!(
        matches!(err, StoreError::NoteNotFound { note_id: 3, .. }),
        "{err:?}"
    );
    for store in [&mine, &open(tmp.path())] {
        assert_eq!(texts(store, "a"), ["a1", "a2", "a4"]);
        assert_eq!(texts(store, "b"), ["b1"]);
    }
}

/// A real disk whose writes fail while `full` is set.
#[derive(Clone, Default)]
struct Full(Arc<AtomicBool>, Arc<AtomicUsize>);

impl Disk for Full {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        RealDisk.read(path)
    }
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        RealDisk.create_dir_all(dir)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.1.fetch_add(1, Ordering::SeqCst);
        if self.0.load(Ordering::SeqCst) {
            return Err(io::Error::from(ErrorKind::StorageFull));
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

#[test]
fn a_pending_move_follows_its_note_when_replayed_on_a_fresher_file() {
    let tmp = tempfile::tempdir().unwrap();
    drop(seeded(tmp.path()));
    let disk = Full::default();
    let (mut mine, _) = Store::open_with_disk(tmp.path(), now(), Box::new(disk.clone())).unwrap();
    disk.0.store(true, Ordering::SeqCst);
    // Written while the disk is full: note 5 of a (id 5 here), then moved to b.
    assert!(mine.apply(add("a", "a5 mine"), now()).is_err());
    assert!(mine.move_notes(C, "a", 5..=5, "b", now()).is_err());
    assert_eq!(mine.pending(), 2);
    assert_eq!(texts(&mine, "b"), ["b1", "a5 mine"]);
    // Meanwhile another process takes id 5 on a and id 2 on b.
    let mut other = open(tmp.path());
    other.apply(add("a", "a5 other"), now()).unwrap();
    other.apply(add("b", "b2 other"), now()).unwrap();
    disk.0.store(false, Ordering::SeqCst);
    let writes = disk.1.load(Ordering::SeqCst);
    mine.flush(now()).unwrap();
    assert_eq!(disk.1.load(Ordering::SeqCst), writes + 1, "one save");
    let fresh = open(tmp.path());
    assert_eq!(texts(&fresh, "a"), ["a1", "a2", "a3", "a4", "a5 other"]);
    assert_eq!(texts(&fresh, "b"), ["b1", "b2 other", "a5 mine"]);
}

#[test]
fn moving_back_to_the_old_position_is_one_change_and_restores_the_order() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = seeded(tmp.path());
    let Outcome::NotesMoved {
        count,
        from_number,
        first_id,
        ..
    } = store.move_notes(C, "a", 2..=3, "b", now()).unwrap()
    else {
        panic!("not a move");
    };
    let back = Change::MoveNotes {
        conference: C.into(),
        session: "b".into(),
        note_ids: (first_id..).take(count).collect(),
        to: "a".into(),
        position: Some(from_number - 1),
    };
    store.apply(back, now()).unwrap();
    let fresh = open(tmp.path());
    assert_eq!(texts(&fresh, "a"), ["a1", "a2", "a3", "a4"]);
    assert_eq!(texts(&fresh, "b"), ["b1"]);
    // Ids stay unique and are never issued twice.
    let ids: Vec<u64> = fresh.notes(C, "a").iter().map(|n| n.id).collect();
    assert_eq!(ids, [1, 5, 6, 4]);
}
