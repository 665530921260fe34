//! frab/pretalx JSON read as it streams from a file (`import::import_path`) against the same
//! bytes read in memory (`import::import_bytes`): for every real file in ../shared/fixtures and
//! the hand-written ones, for mutations of a real file, for a malformed file well past the
//! reader's first chunk, for raw control characters (the second, blanking pass) and for the
//! size cap — the same sessions, notes and errors (`FILE:LINE:COL`), whichever path is taken.

mod common;

use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};

use common::{hallway, shared, stderr, stdout};
use hallway::fetch::local::Capped;
use hallway::import::{self, Format, ImportError, ImportOptions, Imported, frab_json};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// What an import came to, comparable: the format, the conference, every session and note,
/// or the error's lines.
#[derive(Debug, PartialEq)]
enum Outcome {
    Imported(Format, String, Vec<hallway::schedule::Session>, Vec<String>),
    Failed(Vec<String>),
}

fn outcome(result: Result<Imported, ImportError>) -> Outcome {
    match result {
        Ok(i) => Outcome::Imported(
            i.format,
            format!("{:?}", i.schedule.conference),
            i.schedule.sessions().to_vec(),
            i.notes,
        ),
        Err(e) => Outcome::Failed(e.lines()),
    }
}

/// The file read from disk, and its bytes read in memory under the same name.
fn both(path: &Path) -> (Outcome, Outcome) {
    let options = ImportOptions::default();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
    let file = path.display().to_string();
    (
        outcome(import::import_path(path, &options)),
        outcome(import::import_bytes(&bytes, &file, &options)),
    )
}

fn assert_same(path: &Path) -> Outcome {
    let (streamed, in_memory) = both(path);
    assert_eq!(streamed, in_memory, "{}", path.display());
    streamed
}

/// A frab document of `sessions` made-up talks (about 1 KB each), one event a line, with
/// escapes and non-ASCII text as real files have.
fn synthetic(sessions: usize) -> String {
    let mut events = Vec::with_capacity(sessions);
    for n in 0..sessions {
        let (hour, minute) = (9 + (n / 12) % 10, (n % 12) * 5);
        events.push(format!(
            r#"{{"id": {n}, "guid": "talk-{n}", "logo": null, "date": "2025-06-02T{hour:02}:{minute:02}:00+02:00", "start": "{hour:02}:{minute:02}", "duration": "00:25", "room": "Hall {r}", "title": "Talk {n} \u00fcber caf\u00e9s", "subtitle": "", "track": "Track {t}", "type": "Talk", "language": "en", "abstract": "{text}", "description": "", "do_not_record": false, "persons": [{{"id": {n}, "public_name": "Speaker {n}", "biography": null}}], "links": [{{"url": "https://example.org/{n}", "title": null}}], "attachments": []}}"#,
            r = n % 4,
            t = n % 7,
            text = r#"Words about the talk, naïve and \"quoted\". "#.repeat(20),
        ));
    }
    format!(
        "{{\"schedule\": {{\"version\": \"1\", \"conference\": {{\"acronym\": \"streamcon\", \"title\": \"StreamCon\", \"start\": \"2025-06-02\", \"end\": \"2025-06-02\", \"time_zone_name\": \"Europe/Brussels\", \"days\": [{{\"index\": 1, \"date\": \"2025-06-02\", \"day_start\": \"2025-06-02T09:00:00+02:00\", \"rooms\": {{\"Hall\": [\n{}\n]}}}}]}}}}}}\n",
        events.join(",\n")
    )
}

#[test]
fn every_real_file_imports_the_same_from_disk_as_from_its_bytes() {
    let Some(dir) = shared("fixtures") else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .chain(
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import"))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut frab = 0;
    for path in &files {
        if let Outcome::Imported(Format::FrabJson, _, sessions, _) = assert_same(path) {
            assert!(!sessions.is_empty(), "{}", path.display());
            frab += 1;
        }
    }
    // The four real frab/pretalx/C3VOC files at least went through the streaming reader.
    assert!(frab >= 4, "only {frab} frab files among {files:?}");
}

#[test]
fn a_malformed_file_is_located_the_same_far_past_the_first_chunk() {
    let dir = tmp();
    let good = synthetic(400);
    assert!(good.len() > 300_000, "{}", good.len());
    // Breakages in the last third, several 64 KB chunks into the file.
    let at = good[good.len() * 2 / 3..]
        .find("\"title\": ")
        .map(|p| p + good.len() * 2 / 3)
        .unwrap_or_else(|| panic!("no title"));
    let mut broken: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut stray = good.as_bytes().to_vec();
    stray.insert(at, b'x');
    broken.push(("a stray letter", stray));
    broken.push(("cut short", good.as_bytes()[..good.len() - 1000].to_vec()));
    let mut utf8 = good.as_bytes().to_vec();
    utf8[at + 10] = 0xFF;
    broken.push(("invalid UTF-8 in a string", utf8));
    let mut escape = good.as_bytes().to_vec();
    escape.splice(at + 10..at + 10, b"\\q".iter().copied());
    broken.push(("a bad escape", escape));
    let mut trailing = good.as_bytes().to_vec();
    trailing.extend_from_slice(b"\n{}");
    broken.push(("something after the document", trailing));
    for (what, bytes) in broken {
        let path = write(dir.path(), "big.json", &bytes);
        let Outcome::Failed(lines) = assert_same(&path) else {
            panic!("{what}: imported");
        };
        let prefix = format!("{}:", path.display());
        assert_eq!(lines.len(), 1, "{what}: {lines:?}");
        let located = lines[0]
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{what}: {lines:?}"));
        let mut parts = located.splitn(3, ':');
        let line: usize = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
        let column: usize = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        assert!(line >= 1, "{what}: {lines:?}");
        // On one line: the column says how far in, beyond the first chunk.
        if line == 1 {
            assert!(column > 200_000, "{what}: {lines:?}");
        }
    }
    // The binary says it the same way, one line and exit 2, for `import` and `--schedule`.
    let mut stray = good.into_bytes();
    stray.insert(at, b'x');
    let path = write(dir.path(), "big.json", &stray);
    let expected = import::import_bytes(
        &stray,
        &path.display().to_string(),
        &ImportOptions::default(),
    )
    .err()
    .unwrap_or_else(|| panic!("imported"))
    .to_string();
    let config = tmp();
    for args in [
        vec!["import", path.to_str().unwrap_or_default()],
        vec!["--schedule", path.to_str().unwrap_or_default(), "list"],
    ] {
        let out = hallway(config.path())
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out).trim_end(), format!("hallway: {expected}"));
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
}

/// A small deterministic generator (the same mutations on every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % n as u64).unwrap_or(0)
    }
}

#[test]
fn mutations_of_a_real_file_import_or_fail_the_same_from_disk() {
    let Some(path) = shared("fixtures/33c3-frab-schedule.json") else {
        return;
    };
    let original = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp();
    let mut rng = Lcg(16);
    let tokens: [&[u8]; 9] = [b"{", b"}", b"[", b"\"", b",", b":", b"\\", b"\x01", b"\xC3"];
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..40 {
        let mut bytes = original.clone();
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes.truncate(at),
            1 => {
                let token = tokens[rng.below(tokens.len())];
                bytes.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(200)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => bytes[at] = tokens[rng.below(tokens.len())][0],
        }
        let file = write(dir.path(), "mutant.json", &bytes);
        match assert_same(&file) {
            Outcome::Imported(..) => ok += 1,
            Outcome::Failed(_) => failed += 1,
        }
    }
    // Both kinds of outcome were compared.
    assert!(ok > 0 && failed > 0, "{ok} imported, {failed} failed");
}

#[test]
fn raw_control_characters_are_blanked_on_the_streaming_path_too() {
    let dir = tmp();
    let good = synthetic(300);
    let title = good[good.len() * 2 / 3..]
        .find("\"title\": \"")
        .map(|p| p + good.len() * 2 / 3 + "\"title\": \"".len())
        .unwrap_or_else(|| panic!("no title"));
    let mut raw = b"\xEF\xBB\xBF".to_vec();
    raw.extend_from_slice(&good.as_bytes()[..title]);
    raw.extend_from_slice(b"Raw\x01tab\there\nnew\\\"line ");
    raw.extend_from_slice(&good.as_bytes()[title..]);
    let path = write(dir.path(), "raw.json", &raw);
    let Outcome::Imported(Format::FrabJson, _, sessions, _) = assert_same(&path) else {
        panic!("not imported");
    };
    assert_eq!(sessions.len(), 300);
    assert!(
        sessions
            .iter()
            .any(|s| s.title.starts_with("Raw tab here new\"line ")),
        "no blanked title"
    );
    // Broken otherwise too, after the control characters: the same error either way.
    let mut broken = raw.clone();
    let cut = broken.len() - 500;
    broken.insert(cut, b'#');
    let path = write(dir.path(), "raw-broken.json", &broken);
    assert!(matches!(assert_same(&path), Outcome::Failed(_)));
}

#[test]
fn the_size_cap_holds_on_the_streaming_path() {
    let dir = tmp();
    let text = synthetic(60);
    let len = text.len();
    let path = write(dir.path(), "capped.json", text.as_bytes());
    let file = path.to_str().unwrap_or_default();
    let config = tmp();
    let run = |cap: usize, args: &[&str]| {
        hallway(config.path())
            .env("HALLWAY_HTTP_MAX_BYTES", cap.to_string())
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    for args in [vec!["--schedule", file, "list"], vec!["import", file]] {
        let out = run(len - 1, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&out).trim_end(),
            format!(
                "hallway: {file}: cannot read: larger than the size cap of {} (HALLWAY_HTTP_MAX_BYTES changes it)",
                hallway::fetch::size((len - 1) as u64)
            ),
            "{args:?}"
        );
        let out = run(len, &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    // A file that claimed no size (or grew while it was read) is stopped one byte past the
    // cap, with the same error, however far the parse had got.
    let limit = (len / 2) as u64;
    let stream = BufReader::with_capacity(4096, Capped::new(Cursor::new(text), limit, 0));
    let e = frab_json::read_stream(stream, "grown.json", &ImportOptions::default())
        .err()
        .unwrap_or_else(|| panic!("read past the cap"));
    assert!(matches!(e, ImportError::Io { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "grown.json: cannot read: larger than the size cap of {} (HALLWAY_HTTP_MAX_BYTES changes it)",
            hallway::fetch::size(limit)
        )
    );
}

#[test]
fn hallway_files_the_first_chunk_cannot_tell_are_still_read_whole() {
    let dir = tmp();
    let sessions = [common::session(
        "a",
        "A talk",
        Some("2025-03-01T10:00:00+01:00"),
        Some("2025-03-01T11:00:00+01:00"),
    )];
    let own = common::schedule_json(&sessions.iter().map(String::as_str).collect::<Vec<_>>());
    // The marker not first: the streaming reader finds out what it is.
    let later = own.replacen(
        "\"format\": \"hallway-schedule\",\n  \"version\": 1,",
        "\"version\": 1, \"format\": \"hallway-schedule\",",
        1,
    );
    assert_ne!(later, own);
    // Nothing but blanks in the first chunk.
    let padded = format!("{}{own}", " \n".repeat(40_000));
    for (name, text) in [("later.json", later), ("padded.json", padded)] {
        let path = write(dir.path(), name, text.as_bytes());
        let outcome = assert_same(&path);
        let Outcome::Imported(format, _, sessions, _) = outcome else {
            panic!("{name}: not imported: {outcome:?}");
        };
        assert_eq!(format, Format::Hallway, "{name}");
        assert_eq!(sessions.len(), 1, "{name}");
    }
}
