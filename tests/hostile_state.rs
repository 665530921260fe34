//! Hostile state files and hostile disks: truncated, empty, wrong types, invalid UTF-8, 50 MB,
//! a newer format version, a folder where the file should be, a read-only folder, a full disk.
//!
//! For each: no panic, one clear message naming the file, and the original file still there
//! byte for byte afterwards — in place (newer version, folder, failed writes) or moved aside
//! to `state.json.corrupt-<time>` (unparsable files). The CLI cases run the real binary (its
//! notes, stars, listing and the TUI's start through `hallway render`); the disk failures are
//! injected through the store's [`Disk`] seam, at every step of a save.
//!
//! The tests may run as root, for whom `chmod` does not stop writes: the real read-only
//! folder case then only checks that nothing breaks, and the refusal itself is injected
//! through the seam (`PermissionDenied`, `ReadOnlyFilesystem`).
#![cfg(unix)]

mod common;

use std::fs;
use std::io::{self, ErrorKind};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use hallway::store::{Change, Disk, Notice, RealDisk, Store, StoreError};

const NOW: &str = "2024-09-18T10:00:00-07:00";
const CONFERENCE: &str = "pytorch-conference-2024";
const SESSION: &str = "1fHn2";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap_or_else(|e| panic!("{e}"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    common::hallway(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("hallway {args:?}: {e}"))
}

/// Exit code, stdout, stderr; fails on a panic or a crash by signal.
fn no_panic(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = run(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("hallway {args:?} died by a signal: {stderr}"));
    assert!(
        code != 101 && !stderr.contains("panicked"),
        "hallway {args:?} panicked: {stderr}"
    );
    (code, stdout, stderr)
}

/// A valid state file with one note on [`SESSION`].
fn valid() -> Vec<u8> {
    format!(
        r#"{{"format":"hallway-state","version":1,"conferences":{{"{CONFERENCE}":{{"stars":{{"{SESSION}":{{"at":"2024-09-18T09:00:00-07:00"}}}},"notes":{{"{SESSION}":[{{"id":1,"text":"kept","written":"2024-09-18T09:00:00-07:00"}}]}}}}}}}}"#
    )
    .into_bytes()
}

/// The files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The file a corrupt state was moved aside to.
fn moved_aside(dir: &Path) -> PathBuf {
    let aside: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| n.starts_with("state.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "one file moved aside: {:?}", names(dir));
    dir.join(&aside[0])
}

fn unparsable_cases() -> Vec<(&'static str, Vec<u8>)> {
    let valid = valid();
    vec![
        ("truncated", valid[..valid.len() * 2 / 3].to_vec()),
        ("empty", Vec::new()),
        ("only whitespace", b" \n\t\n".to_vec()),
        (
            "wrong types",
            br#"{"format":"hallway-state","version":1,"conferences":{"c":{"notes":{"s":[{"id":"one","text":7,"written":true}]}}}}"#
                .to_vec(),
        ),
        (
            "a note without a time",
            br#"{"format":"hallway-state","version":1,"conferences":{"c":{"notes":{"s":[{"id":1,"text":"x"}]}}}}"#
                .to_vec(),
        ),
        (
            "a version of the wrong type",
            br#"{"format":"hallway-state","version":"1","conferences":{}}"#.to_vec(),
        ),
        ("an array", b"[1, 2, 3]".to_vec()),
        ("someone else's JSON", br#"{"theme": "dark"}"#.to_vec()),
        ("invalid UTF-8", {
            let mut bytes = valid.clone();
            let at = bytes.len() / 2;
            bytes.splice(at..at, [0xff, 0xfe, 0xc3]);
            bytes
        }),
        ("UTF-16", {
            let mut bytes = vec![0xff, 0xfe];
            for unit in String::from_utf8_lossy(&valid).encode_utf16() {
                bytes.extend(unit.to_le_bytes());
            }
            bytes
        }),
        ("NUL bytes", vec![0; 4096]),
        ("deep nesting", {
            let mut bytes = br#"{"format":"hallway-state","version":1,"x":"#.to_vec();
            bytes.extend(b"[".repeat(100_000));
            bytes
        }),
    ]
}

#[test]
fn unparsable_files_are_moved_aside_byte_for_byte_with_a_clear_message() {
    for (case, bytes) in unparsable_cases() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        fs::write(dir.join("state.json"), &bytes).unwrap_or_else(|e| panic!("{e}"));

        // Reading commands say so, and do not touch the file.
        let (code, _, stderr) = no_panic(dir, &["notes"]);
        assert_eq!(code, 0, "{case}: {stderr}");
        assert!(
            stderr.contains("could not be parsed") && stderr.contains("state.json"),
            "{case}: {stderr}"
        );
        let line = stderr
            .lines()
            .find(|l| l.contains("could not be parsed"))
            .unwrap_or_default();
        assert!(
            line.contains("moved aside to") && line.contains("started empty"),
            "{case}: one line says it all: {stderr}"
        );

        // It was moved aside (by the first command to open it), byte for byte.
        let aside = moved_aside(dir);
        assert!(
            stderr.contains(&*aside.to_string_lossy()),
            "{case}: {stderr}"
        );
        assert_eq!(
            fs::read(&aside).unwrap_or_default(),
            bytes,
            "{case}: moved aside byte for byte"
        );

        // hallway carries on with an empty store, and never touches the file moved aside.
        let (code, stdout, stderr) = no_panic(dir, &["note", SESSION, "after"]);
        assert_eq!(code, 0, "{case}: {stderr}");
        assert!(stdout.starts_with("1\t"), "{case}: {stdout}");
        assert_eq!(fs::read(&aside).unwrap_or_default(), bytes, "{case}");
        let (code, _, stderr) = no_panic(dir, &["render", "--keys", "s"]);
        assert_eq!(code, 0, "{case}: {stderr}");
        assert_eq!(fs::read(&aside).unwrap_or_default(), bytes, "{case}");
    }
}

#[test]
fn the_tui_starts_on_an_unparsable_file_and_says_where_it_went() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    fs::write(dir.join("state.json"), b"{ not json").unwrap_or_else(|e| panic!("{e}"));
    let (code, screen, stderr) = no_panic(dir, &["render", "--size", "200x40"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        screen.contains("could not be parsed") || stderr.contains("could not be parsed"),
        "the TUI says it:\n{screen}\n{stderr}"
    );
    assert_eq!(
        fs::read(moved_aside(dir)).unwrap_or_default(),
        b"{ not json"
    );
}

#[test]
fn a_huge_state_file_is_read_and_kept_and_huge_garbage_moved_aside() {
    const SIZE: usize = 50 * 1024 * 1024;
    // 50 MB of valid state: one note of 50 MB, and many small notes.
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    let big_text = "x".repeat(SIZE - 100_000);
    let mut notes: Vec<String> = (1..=1000)
        .map(|i| format!(r#"{{"id":{i},"text":"small {i}","written":"{NOW}"}}"#))
        .collect();
    notes.push(format!(
        r#"{{"id":1001,"text":"{big_text}","written":"{NOW}"}}"#
    ));
    let huge = format!(
        r#"{{"format":"hallway-state","version":1,"conferences":{{"{CONFERENCE}":{{"notes":{{"{SESSION}":[{}]}}}}}}}}"#,
        notes.join(",")
    );
    assert!(huge.len() >= SIZE - 100_000);
    fs::write(dir.join("state.json"), &huge).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, stderr) = no_panic(dir, &["note", SESSION, "one more"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("1002\t"), "{stdout}");
    let (store, notices) = Store::open(dir, now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(notices.is_empty(), "{notices:?}");
    let kept = store.notes(CONFERENCE, SESSION);
    assert_eq!(kept.len(), 1002);
    assert_eq!(kept[1000].text, big_text);
    assert_eq!(kept[1001].text, "one more");
    drop(store);

    // 50 MB of garbage: moved aside whole.
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    let garbage: Vec<u8> = (0..SIZE).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(dir.join("state.json"), &garbage).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = no_panic(dir, &["star", SESSION]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("could not be parsed"), "{stderr}");
    assert!(fs::read(moved_aside(dir)).unwrap_or_default() == garbage);
}

#[test]
fn a_newer_file_is_read_only_says_so_and_is_never_downgraded() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    let newer = String::from_utf8_lossy(&valid())
        .replace("\"version\":1", "\"version\":2")
        .replace("\"conferences\"", "\"v2-field\":{\"x\":1},\"conferences\"")
        .into_bytes();
    fs::write(dir.join("state.json"), &newer).unwrap_or_else(|e| panic!("{e}"));

    // Read: it shows what it can, and says it is read-only.
    let (code, stdout, stderr) = no_panic(dir, &["notes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("kept"), "the notes are shown: {stdout}");
    assert!(
        stderr.contains("version 2") && stderr.contains("read-only"),
        "{stderr}"
    );
    // Every change is refused with a clear message, exit 1.
    let elsewhere = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let backup = elsewhere.path().join("backup.json");
    fs::write(
        &backup,
        String::from_utf8_lossy(&valid()).replace("\"kept\"", "\"from a backup\""),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let backup = backup.to_string_lossy().into_owned();
    for args in [
        &["note", SESSION, "new"][..],
        &["star", "1fHmk"],
        &["unstar", SESSION],
        &["restore", &backup],
    ] {
        let (code, _, stderr) = no_panic(dir, args);
        assert_eq!(code, 1, "{args:?} should fail: {stderr}");
        assert!(
            stderr.contains("state.json")
                && stderr.contains("read-only")
                && stderr.contains("newer"),
            "{args:?}: {stderr}"
        );
    }
    // The TUI opens, shows the note, says read-only, and refuses a star.
    let (code, screen, stderr) = no_panic(dir, &["render", "--size", "200x40", "--keys", "s"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(screen.contains("read-only"), "{screen}");
    assert_eq!(fs::read(dir.join("state.json")).unwrap_or_default(), newer);
    assert_eq!(names(dir), ["state.json"], "no lock, no temp file, no copy");
}

#[test]
fn a_folder_where_the_state_file_should_be_is_an_error_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    let state = dir.join("state.json");
    fs::create_dir(&state).unwrap_or_else(|e| panic!("{e}"));
    fs::write(state.join("inside"), b"mine").unwrap_or_else(|e| panic!("{e}"));
    for args in [
        &["note", SESSION, "x"][..],
        &["star", SESSION],
        &["notes"],
        &["render"],
    ] {
        let (code, _, stderr) = no_panic(dir, args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot read") && stderr.contains(&*state.to_string_lossy()),
            "{args:?}: {stderr}"
        );
    }
    assert!(state.is_dir());
    assert_eq!(names(&state), ["inside"]);
    assert_eq!(fs::read(state.join("inside")).unwrap_or_default(), b"mine");
}

#[test]
fn a_read_only_folder_refuses_the_save_and_keeps_the_file() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("config");
    fs::create_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("state.json"), valid()).unwrap_or_else(|e| panic!("{e}"));
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap_or_else(|e| panic!("{e}"));
    // Root writes anyway: then only "nothing breaks" can be checked here; the refusal is
    // injected through the seam in the tests below.
    let enforced = fs::write(dir.join("probe"), b"").is_err();
    let (code, _, stderr) = no_panic(&dir, &["note", SESSION, "x"]);
    if enforced {
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains(&*dir.to_string_lossy()) && stderr.contains("nothing was saved"),
            "{stderr}"
        );
        assert_eq!(
            fs::read(dir.join("state.json")).unwrap_or_default(),
            valid()
        );
    } else {
        eprintln!("running as root: chmod 555 does not stop writes; see the seam tests");
        assert_eq!(code, 0, "{stderr}");
    }
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
}

// --- failures injected through the Disk seam --------------------------------------------------

/// A step of a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    CreateDir,
    Write,
    /// The write fails after half the bytes reached the temp file.
    WriteHalf,
    Rename,
    SyncDir,
    Read,
}

/// A real disk that fails one step with one error kind.
#[derive(Clone, Default)]
struct Fault(Arc<Mutex<Option<(Step, ErrorKind)>>>);

impl Fault {
    fn set(&self, fault: Option<(Step, ErrorKind)>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fault;
    }

    fn check(&self, step: Step) -> io::Result<()> {
        match *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            Some((s, kind)) if s == step => Err(io::Error::from(kind)),
            _ => Ok(()),
        }
    }
}

struct FaultyDisk(Fault);

impl Disk for FaultyDisk {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.0.check(Step::Read)?;
        RealDisk.read(path)
    }
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        self.0.check(Step::CreateDir)?;
        RealDisk.create_dir_all(dir)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Err(e) = self.0.check(Step::WriteHalf) {
            RealDisk.write_new_synced(path, &bytes[..bytes.len() / 2])?;
            return Err(e);
        }
        self.0.check(Step::Write)?;
        RealDisk.write_new_synced(path, bytes)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.0.check(Step::Rename)?;
        RealDisk.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.0.check(Step::SyncDir)?;
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

const KINDS: [ErrorKind; 6] = [
    ErrorKind::StorageFull,
    ErrorKind::QuotaExceeded,
    ErrorKind::ReadOnlyFilesystem,
    ErrorKind::PermissionDenied,
    ErrorKind::Interrupted,
    ErrorKind::Other,
];

fn add(text: &str) -> Change {
    Change::AddNote {
        conference: CONFERENCE.into(),
        session: SESSION.into(),
        text: text.into(),
    }
}

#[test]
fn every_failed_step_of_a_save_leaves_the_file_byte_for_byte_and_says_why() {
    let mut cases = 0;
    for step in [
        Step::CreateDir,
        Step::Write,
        Step::WriteHalf,
        Step::Rename,
        Step::Read,
    ] {
        for kind in KINDS {
            let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let dir = tmp.path();
            let path = dir.join("state.json");
            fs::write(&path, valid()).unwrap_or_else(|e| panic!("{e}"));
            let fault = Fault::default();
            let (mut store, notices) =
                Store::open_with_disk(dir, now(), Box::new(FaultyDisk(fault.clone())))
                    .unwrap_or_else(|e| panic!("{e}"));
            assert!(notices.is_empty());

            fault.set(Some((step, kind)));
            let Err(err) = store.apply(add("while failing"), now()) else {
                panic!("{step:?}/{kind:?}: the save must fail");
            };
            let message = err.to_string();
            let expected = match step {
                Step::CreateDir => "cannot create the folder",
                Step::Read => "cannot read",
                _ => "cannot save",
            };
            assert!(
                message.starts_with(expected) && message.contains(&*dir.to_string_lossy()),
                "{step:?}/{kind:?}: {message}"
            );
            assert!(
                matches!(
                    err,
                    StoreError::CreateDir { .. }
                        | StoreError::Write { .. }
                        | StoreError::Read { .. }
                ),
                "{step:?}/{kind:?}: {err:?}"
            );
            assert!(!message.contains('\n'), "one line: {message}");
            assert_eq!(
                fs::read(&path).unwrap_or_default(),
                valid(),
                "{step:?}/{kind:?}"
            );
            assert!(
                names(dir).iter().all(|n| !n.contains(".tmp-")),
                "{step:?}/{kind:?}: a temp file left: {:?}",
                names(dir)
            );
            // Kept in memory, saved once the disk works again.
            assert_eq!(store.pending(), 1, "{step:?}/{kind:?}");
            fault.set(None);
            store.flush(now()).unwrap_or_else(|e| panic!("{e}"));
            let (store, _) = Store::open(dir, now()).unwrap_or_else(|e| panic!("{e}"));
            let texts: Vec<&str> = store
                .notes(CONFERENCE, SESSION)
                .iter()
                .map(|n| n.text.as_str())
                .collect();
            assert_eq!(texts, ["kept", "while failing"], "{step:?}/{kind:?}");
            cases += 1;
        }
    }
    eprintln!("{cases} injected save failures: the file intact each time");
}

#[test]
fn a_failed_folder_sync_saves_but_warns_it_may_not_survive_a_power_cut() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    fs::write(dir.join("state.json"), valid()).unwrap_or_else(|e| panic!("{e}"));
    let fault = Fault::default();
    let (mut store, _) = Store::open_with_disk(dir, now(), Box::new(FaultyDisk(fault.clone())))
        .unwrap_or_else(|e| panic!("{e}"));
    fault.set(Some((Step::SyncDir, ErrorKind::Other)));
    store
        .apply(add("synced late"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    let notices = store.take_notices();
    assert!(
        matches!(&notices[..], [Notice::NotDurable { .. }]),
        "{notices:?}"
    );
    assert!(notices[0].to_string().contains("power cut"));
    let (store, _) = Store::open(dir, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.notes(CONFERENCE, SESSION).len(), 2);
}

#[test]
fn a_read_only_disk_on_a_corrupt_file_makes_the_store_read_only_not_destructive() {
    // The file cannot be parsed and cannot be moved aside (a read-only folder, as root or not):
    // the store refuses changes and the file stays as it was.
    for kind in [ErrorKind::ReadOnlyFilesystem, ErrorKind::PermissionDenied] {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        let path = dir.join("state.json");
        fs::write(&path, b"{\"format\": \"hallway-state\", trunc")
            .unwrap_or_else(|e| panic!("{e}"));
        let fault = Fault::default();
        fault.set(Some((Step::Rename, kind)));
        let (mut store, notices) =
            Store::open_with_disk(dir, now(), Box::new(FaultyDisk(fault.clone())))
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(&notices[..], [Notice::CouldNotMoveAside { .. }]),
            "{notices:?}"
        );
        let shown = notices[0].to_string();
        assert!(
            shown.contains("read-only") && shown.contains("could not be parsed"),
            "{shown}"
        );
        let Err(err) = store.apply(add("refused"), now()) else {
            panic!("{kind:?}: a read-only store saved");
        };
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert_eq!(
            fs::read(&path).unwrap_or_default(),
            b"{\"format\": \"hallway-state\", trunc"
        );
    }
}
