//! Opening a program: parsing, validating and indexing it, from the published file (the real
//! programs, as `hallway import` does) or from hallway JSON (bundled and synthetic); opening
//! hallway's saved copy (as `hallway --conference NAME` does: from the JSON the first time,
//! then from its binary cache); and the parts of opening that come after the schedule: the
//! search index and the whole `App::new`.
//!
//! `cargo bench --bench load`; the programs are described in benches/support/mod.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use divan::Bencher;
use hallway::import;
use hallway::schedule::{Schedule, load, save};
use hallway::search::SearchIndex;
use hallway::store::Store;
use hallway::tui::app::App;
use support::{during, on_disk, program, programs};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    support::run();
}

/// (a) Parse + validate + index the program as published: `hallway import`'s work before it
/// saves the copy (the original XML/JSON for the real programs; hallway JSON for the others).
#[divan::bench(args = programs())]
fn parse_validate_index(bencher: Bencher, name: &str) {
    let p = program(name);
    bencher.bench(|| {
        if p.imported {
            import::import_bytes(&p.original, p.name, &import::ImportOptions::default())
                .unwrap()
                .schedule
        } else {
            load::from_str(std::str::from_utf8(&p.original).unwrap(), p.name).unwrap()
        }
    });
}

/// (b) Open the saved copy from its JSON, as the first `hallway --conference NAME` does (and
/// `--schedule FILE` always): `import::load_bytes` without the file read — content detection
/// from the first bytes, then the loader.
#[divan::bench(args = programs())]
fn open_saved(bencher: Bencher, name: &str) {
    let p = program(name);
    bencher.bench(|| import::load_bytes(p.saved.as_bytes(), "saved.json").unwrap());
}

/// The rest of `hallway import`: writing the program as hallway JSON (the saved copy), before
/// the file is written.
#[divan::bench(args = programs())]
fn save_json(bencher: Bencher, name: &str) {
    let s = &program(name).schedule;
    bencher.bench(|| save::to_json(s));
}

/// Split of (b): the loader alone (`load::from_str`: serde into the raw structs, validate,
/// sort, index).
#[divan::bench(args = programs())]
fn open_saved_loader_only(bencher: Bencher, name: &str) {
    let p = program(name);
    bencher.bench(|| load::from_str(&p.saved, "saved.json").unwrap());
}

/// (b) Open the saved copy as `hallway --conference NAME` does once it has been opened
/// before: from its binary cache (`library::cache::read`: the file read through a buffer, the
/// checksum, decoding, then the indices). The file is in the page cache.
#[divan::bench(args = programs())]
fn open_cached(bencher: Bencher, name: &str) {
    let disk = on_disk(name);
    bencher.bench(|| hallway::library::cache::read(&disk.cache, &disk.meta).unwrap());
}

/// Writing the cache (the first open of a saved copy does it after the JSON).
#[divan::bench(args = programs())]
fn write_cache(bencher: Bencher, name: &str) {
    let disk = on_disk(name);
    let s = &program(name).schedule;
    let target = disk.cache.with_extension("cache-bench");
    bencher.bench(|| hallway::library::cache::write(&target, &disk.meta, s).unwrap());
}

/// Split of (b): the indices alone (`Schedule::new` on sessions already validated).
#[divan::bench(args = programs())]
fn schedule_index(bencher: Bencher, name: &str) {
    let s = &program(name).schedule;
    bencher
        .with_inputs(|| (s.conference.clone(), s.sessions().to_vec()))
        .bench_values(|(c, sessions)| Schedule::new(c, sessions));
}

/// (g) Building the search index of a loaded program (part of opening it in the TUI).
#[divan::bench(args = programs())]
fn search_index_new(bencher: Bencher, name: &str) {
    let s = &program(name).schedule;
    bencher.bench(|| SearchIndex::new(s));
}

/// (g) `App::new` on a loaded program and an empty store: day tabs, the timeline, the first
/// day's tracks and rows (schedule clone and store opening excluded; the search index is
/// built later, on another thread).
#[divan::bench(args = programs())]
fn app_new(bencher: Bencher, name: &str) {
    let s = &program(name).schedule;
    let now = during(s);
    let dir = tempfile::tempdir().unwrap();
    bencher
        .with_inputs(|| (s.clone(), Store::open(dir.path(), now).unwrap().0))
        .bench_values(|(schedule, store)| App::new(schedule, store, now, (200, 60)));
}
