//! `import-notes` and `restore` of 10 to 10,000 notes into a fresh store: each is one batch, so
//! the cost should grow with the number of notes, not with its square (issue 12, point 8).
//!
//! `cargo bench --bench notes_batch`. Each sample starts from an empty config folder in a
//! temporary folder (creating it and opening the store are not timed) and includes the whole
//! work of the command after loading the program: parsing the text and matching its headings
//! (import) or decoding the backup (restore), the merge, and the one locked, fsynced save.
//! The notes are spread as attendees take them: a heading per session (the bundled program's
//! titles), up to 200 notes under each (so 10,000 notes have 50 headings to match), about 60
//! characters a note. Matching a heading against the bundled program's 90 sessions costs
//! about a millisecond, per heading; `import_notes_one_session` leaves it out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};
use divan::Bencher;
use hallway::notes_import::{self, Block, Match};
use hallway::schedule::{Schedule, bundled};
use hallway::store::Store;

const SIZES: &[usize] = &[10, 100, 1_000, 10_000];
/// The most notes under one heading.
const PER_SESSION: usize = 200;

fn main() {
    divan::Divan::default()
        .max_time(std::time::Duration::from_secs(10))
        .config_with_args()
        .main();
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-09-18T10:00:00-07:00").unwrap()
}

fn program() -> &'static Schedule {
    static PROGRAM: OnceLock<Schedule> = OnceLock::new();
    PROGRAM.get_or_init(|| bundled::load().unwrap())
}

/// The titles that name their own session unambiguously, so every note of the text imports.
fn headings() -> &'static [String] {
    static HEADINGS: OnceLock<Vec<String>> = OnceLock::new();
    HEADINGS.get_or_init(|| {
        let p = program();
        p.sessions()
            .iter()
            .filter(|s| {
                let block = Block {
                    heading: s.title.clone(),
                    line: 1,
                    notes: vec![],
                };
                notes_import::match_block(p, &block) == Match::Session(s.id.clone())
            })
            .map(|s| s.title.clone())
            .collect()
    })
}

/// A notes file of `n` notes.
fn notes_text(n: usize) -> String {
    let headings = headings();
    let mut text = String::new();
    let mut written = 0;
    for (block, heading) in headings.iter().cycle().enumerate() {
        if written == n {
            break;
        }
        text.push_str(heading);
        text.push('\n');
        let here = PER_SESSION.min(n - written);
        for i in 1..=here {
            text.push_str(&format!(
                "{i}. block {block} note {i}: what the speaker said, more or less.\n"
            ));
        }
        text.push('\n');
        written += here;
    }
    text
}

/// An empty store in a fresh temporary folder (kept alive with it).
fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path(), now()).unwrap();
    (dir, store)
}

#[divan::bench(args = SIZES, sample_size = 1, sample_count = 30)]
fn import_notes(bencher: Bencher, n: usize) {
    let text = notes_text(n);
    bencher
        .with_inputs(fresh)
        .bench_local_values(|(dir, mut store)| {
            let report = notes_import::import(program(), &mut store, &text, None, now()).unwrap();
            assert_eq!(report.notes_added(), n);
            (dir, store)
        });
}

/// The same files with every block put on one session (`import-notes --session ID`): no
/// heading is matched, so this is the parse and the store's batch alone.
#[divan::bench(args = SIZES, sample_size = 1, sample_count = 30)]
fn import_notes_one_session(bencher: Bencher, n: usize) {
    let text = notes_text(n);
    let session = program().sessions()[0].id.clone();
    bencher
        .with_inputs(fresh)
        .bench_local_values(|(dir, mut store)| {
            let report =
                notes_import::import(program(), &mut store, &text, Some(&session), now()).unwrap();
            assert_eq!(report.notes_added(), n);
            (dir, store)
        });
}

#[divan::bench(args = SIZES, sample_size = 1, sample_count = 30)]
fn restore(bencher: Bencher, n: usize) {
    let (_source, mut from) = fresh();
    notes_import::import(program(), &mut from, &notes_text(n), None, now()).unwrap();
    let backup = from.backup().unwrap();
    bencher
        .with_inputs(fresh)
        .bench_local_values(|(dir, mut store)| {
            let done = store.restore(&backup, "backup.json", now()).unwrap();
            assert_eq!(done.notes, n);
            (dir, store)
        });
}
