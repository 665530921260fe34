//! A huge note must not slow every frame: the frame with the Session pane showing a session
//! with one note of 0 bytes (none), 1 kB, 1 MB and 10 MB, at 200×60 and 80×24, and one `j`/`k`
//! in the Session pane (update and frame). Issue 12 asks for a 1 MB note to leave a frame
//! within 3× of one without.
//!
//! `cargo bench --bench huge_notes`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use divan::Bencher;
use hallway::schedule::bundled;
use hallway::store::{Change, Store};
use hallway::tui::app::App;
use hallway::tui::headless;
use hallway::tui::key::parse_keys;
use hallway::tui::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

const NOTE_SIZES: [usize; 4] = [0, 1_000, 1_000_000, 10_000_000];

/// The bundled app at `size`, focus in the Session pane, its session carrying one note of
/// `bytes` bytes (words and spaces, as typed or pasted) and two short ones.
fn app_with_note(bytes: usize, size: (u16, u16)) -> (tempfile::TempDir, App) {
    let schedule = bundled::load().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2024-09-18T10:00:00-07:00").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), now).unwrap();
    let mut app = App::new(
        schedule.clone(),
        Store::open(dir.path(), now).unwrap().0,
        now,
        size,
    );
    let session = app.selected().map(|s| s.id.clone()).unwrap();
    let conference = app.conference_id().to_owned();
    let word = "activation checkpointing trades compute for memory ";
    let mut big = String::with_capacity(bytes + word.len());
    while big.len() < bytes {
        big.push_str(word);
    }
    big.truncate(bytes);
    for text in ["first note", big.as_str(), "third note"] {
        if text.is_empty() {
            continue;
        }
        store
            .apply(
                Change::AddNote {
                    conference: conference.clone(),
                    session: session.clone(),
                    text: text.to_owned(),
                },
                now,
            )
            .unwrap();
    }
    app.store = store;
    headless::replay(&mut app, &parse_keys("l").unwrap());
    (dir, app)
}

fn frame(bencher: Bencher, bytes: usize, size: (u16, u16)) {
    let (_dir, mut app) = app_with_note(bytes, size);
    let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    bencher.bench_local(|| {
        term.draw(|f| ui::render(&mut app, f, Theme::new(false)))
            .unwrap();
    });
}

/// One frame at 200×60 with the note shown in the Session pane.
#[divan::bench(args = NOTE_SIZES, sample_count = 30)]
fn frame_200x60(bencher: Bencher, bytes: usize) {
    frame(bencher, bytes, (200, 60));
}

/// One frame at 80×24 (the Session pane narrower: more wrapped lines).
#[divan::bench(args = NOTE_SIZES, sample_count = 30)]
fn frame_80x24(bencher: Bencher, bytes: usize) {
    frame(bencher, bytes, (80, 24));
}

/// One `j` or `k` in the Session pane (moving over the notes) and the frame after it.
#[divan::bench(args = NOTE_SIZES, sample_count = 30)]
fn key_in_notes(bencher: Bencher, bytes: usize) {
    let (_dir, mut app) = app_with_note(bytes, (200, 60));
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let j = parse_keys("j").unwrap();
    let k = parse_keys("k").unwrap();
    let mut down = true;
    bencher.bench_local(|| {
        headless::replay(&mut app, if down { &j } else { &k });
        down = !down;
        term.draw(|f| ui::render(&mut app, f, Theme::new(false)))
            .unwrap();
    });
}
