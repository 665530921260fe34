//! The interactive program's costs at 200×60: one full frame, one keystroke as the event loop
//! handles it (update, effect, render, and writing the changed cells to a terminal), typing in
//! the search box and in a note, and opening a program up to its first frame. Before the
//! benchmarks, it prints the bytes each keystroke writes to the terminal.
//!
//! The app runs on each program with an empty store in a temporary folder and a clock at 10:30
//! on the first day (so it opens on that day's tab). Keystroke benchmarks time one key per
//! sample; what puts the app back between samples (back to the top after the last row, the
//! first day after the last, deleting the typed character) is not timed.
//!
//! `cargo bench --bench tui`; the programs are described in benches/support/mod.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::cell::RefCell;

use divan::Bencher;
use hallway::import;
use hallway::store::Store;
use hallway::tui::app::App;
use hallway::tui::key::{Key, parse_keys};
use hallway::tui::ui::{self, Theme};
use support::{Tui, during, on_disk, program, programs, terminal};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

const SIZE: (u16, u16) = (200, 60);

fn main() {
    traffic();
    support::run();
}

fn key(notation: &str) -> Key {
    parse_keys(notation).unwrap()[0]
}

/// Prints the bytes written to the terminal for one frame after each kind of keystroke, on
/// every program.
fn traffic() {
    println!("terminal traffic at 200x60 (bytes written for the frame after the key):");
    println!(
        "{:<12} {:>8} {:>6} {:>6} {:>6} {:>6} {:>10} {:>12} {:>10}",
        "program", "first", "j", "]", "s", "none", "note char", "search char", "All days j"
    );
    for name in programs() {
        let mut t = Tui::new(name, SIZE);
        // A fresh terminal: the first frame writes every cell.
        (t.terminal, t.count) = terminal(SIZE);
        let first = t.draw();
        t.press('j');
        let j = t.draw();
        t.press(']');
        let day = t.draw();
        t.press('s');
        let star = t.draw();
        let none = t.draw();
        t.press('n');
        t.draw();
        t.press('x');
        let note = t.draw();
        t.keys("<Esc>/torc");
        t.draw();
        t.press('h');
        let search = t.draw();
        t.keys("<Esc><Esc>");
        t.app.day = 0;
        t.app.refresh();
        t.draw();
        t.press('j');
        let all_j = t.draw();
        println!(
            "{name:<12} {first:>8} {j:>6} {day:>6} {star:>6} {none:>6} {note:>10} {search:>12} {all_j:>10}"
        );
    }
    println!();
}

/// (c) One full frame at 200×60 written to a fresh terminal (every cell), as at start-up.
#[divan::bench(args = programs())]
fn frame_full(bencher: Bencher, name: &str) {
    let mut t = Tui::new(name, SIZE);
    let app = &mut t.app;
    bencher
        .with_inputs(|| terminal(SIZE).0)
        .bench_local_values(|mut term| {
            term.draw(|f| ui::render(app, f, Theme::new(false)))
                .unwrap();
            term
        });
}

/// Split of (c): rendering the frame into a buffer only (no diff, no terminal output).
#[divan::bench(args = programs())]
fn frame_render_only(bencher: Bencher, name: &str) {
    let mut t = Tui::new(name, SIZE);
    let app = &mut t.app;
    let area = ratatui::layout::Rect::new(0, 0, SIZE.0, SIZE.1);
    bencher
        .with_inputs(|| ratatui::backend::TestBackend::new(SIZE.0, SIZE.1))
        .bench_local_values(|backend| {
            let mut term = ratatui::Terminal::with_options(
                backend,
                ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(area),
                },
            )
            .unwrap();
            let mut frame = term.get_frame();
            ui::render(app, &mut frame, Theme::new(false));
            term
        });
}

/// Times `timed` and the frame after it once per sample, after `reset` (not timed) puts the app
/// back when needed.
fn keystroke(
    bencher: Bencher,
    name: &str,
    setup: impl FnOnce(&mut Tui),
    reset: impl Fn(&mut Tui),
    timed: impl Fn(&mut Tui),
) {
    keystroke_with(bencher, name, setup, reset, timed, true);
}

/// [`keystroke`], with or without the frame in the timed part.
fn keystroke_with(
    bencher: Bencher,
    name: &str,
    setup: impl FnOnce(&mut Tui),
    reset: impl Fn(&mut Tui),
    timed: impl Fn(&mut Tui),
    draw: bool,
) {
    let mut t = Tui::new(name, SIZE);
    setup(&mut t);
    t.draw();
    let t = RefCell::new(t);
    bencher
        .with_inputs(|| {
            let mut t = t.borrow_mut();
            reset(&mut t);
            t.draw();
        })
        .bench_local_values(|()| {
            let mut t = t.borrow_mut();
            timed(&mut t);
            if draw {
                t.draw();
            }
        });
}

/// (d) `j`: the next row of the Timeslots pane, on today's tab.
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_j(bencher: Bencher, name: &str) {
    keystroke(
        bencher,
        name,
        |_| {},
        |t| {
            if t.at_last_row() {
                t.press('g');
            }
        },
        |t| t.press('j'),
    );
}

/// Split of `j`: the update alone, without the frame.
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_j_update_only(bencher: Bencher, name: &str) {
    keystroke_with(
        bencher,
        name,
        |_| {},
        |t| {
            if t.at_last_row() {
                t.press('g');
            }
        },
        |t| t.press('j'),
        false,
    );
}

/// (d) `j` on the All days tab (every session of the program listed).
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_j_all_days(bencher: Bencher, name: &str) {
    keystroke(
        bencher,
        name,
        |t| {
            t.app.day = 0;
            t.app.refresh();
        },
        |t| {
            if t.at_last_row() {
                t.press('g');
            }
        },
        |t| t.press('j'),
    );
}

/// (d) `]`: the next day's tab (cycling over the days and "No date", not All days).
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_next_day(bencher: Bencher, name: &str) {
    keystroke(
        bencher,
        name,
        |_| {},
        |t| {
            if t.app.day + 1 >= t.app.days.len() {
                t.app.day = 1.min(t.app.days.len() - 1);
                t.app.refresh();
            }
        },
        |t| t.press(']'),
    );
}

/// Split of `]`: the update alone (rebuilding the tracks and rows of the day), without the
/// frame.
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_next_day_update_only(bencher: Bencher, name: &str) {
    keystroke_with(
        bencher,
        name,
        |_| {},
        |t| {
            if t.app.day + 1 >= t.app.days.len() {
                t.app.day = 1.min(t.app.days.len() - 1);
                t.app.refresh();
            }
        },
        |t| t.press(']'),
        false,
    );
}

/// (d) `s`: star (then unstar) the selected session, saved to disk at once as in the app.
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_star(bencher: Bencher, name: &str) {
    keystroke(bencher, name, |_| {}, |_| {}, |t| t.press('s'));
}

/// Split of `s`: the update and render only — the save effect is dropped, so nothing changes.
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_star_without_save(bencher: Bencher, name: &str) {
    keystroke(
        bencher,
        name,
        |_| {},
        |_| {},
        |t| {
            let _ = t.app.key(Key::char('s'));
        },
    );
}

/// One character typed into a new note (`n`, then `x`).
#[divan::bench(args = programs(), sample_size = 1, sample_count = 300)]
fn key_note_char(bencher: Bencher, name: &str) {
    keystroke(
        bencher,
        name,
        |t| t.press('n'),
        |t| t.key(key("<BS>")),
        |t| t.press('x'),
    );
}

/// One character typed into the search box: `torc` → `torch` (search + render).
#[divan::bench(args = programs(), sample_size = 1, sample_count = 100)]
fn key_search_char(bencher: Bencher, name: &str) {
    keystroke(
        bencher,
        name,
        |t| t.keys("/torc"),
        |t| t.key(key("<BS>")),
        |t| t.press('h'),
    );
}

/// Split of a search keystroke: the update alone (the search and what the app does with the
/// hits), without the frame.
#[divan::bench(args = programs(), sample_size = 1, sample_count = 100)]
fn key_search_char_update_only(bencher: Bencher, name: &str) {
    keystroke_with(
        bencher,
        name,
        |t| t.keys("/torc"),
        |t| t.key(key("<BS>")),
        |t| t.press('h'),
        false,
    );
}

/// Opening the saved copy up to the first frame, as `hallway --conference NAME` does without
/// the process: read its cache (from the page cache), open the store, `App::new`, one 120×40
/// frame.
#[divan::bench(args = programs())]
fn open_to_first_frame(bencher: Bencher, name: &str) {
    let disk = on_disk(name);
    first_frame(bencher, name, || {
        hallway::library::cache::read(&disk.cache, &disk.meta).unwrap()
    });
}

/// The same from the saved JSON (the first open of a saved copy, and `--schedule FILE`).
#[divan::bench(args = programs())]
fn open_to_first_frame_json(bencher: Bencher, name: &str) {
    let saved = &program(name).saved;
    first_frame(bencher, name, || {
        import::load_bytes(saved.as_bytes(), "saved.json").unwrap()
    });
}

/// Times `load`, opening the store, `App::new` and one 120×40 frame.
fn first_frame(bencher: Bencher, name: &str, load: impl Fn() -> hallway::schedule::Schedule) {
    let now = during(&program(name).schedule);
    let dir = tempfile::tempdir().unwrap();
    bencher
        .with_inputs(|| terminal((120, 40)).0)
        .bench_local_values(|mut term| {
            let (store, _) = Store::open(dir.path(), now).unwrap();
            let mut app = App::new(load(), store, now, (120, 40));
            term.draw(|f| ui::render(&mut app, f, Theme::new(false)))
                .unwrap();
            (term, app)
        });
}
