//! Now & Next: what is on at 10:30 on the first day and what starts next in each room
//! (`hallway::agenda::now_next`, as `hallway now` and the TUI compute it), with an empty store.
//!
//! `cargo bench --bench agenda`; the programs are described in benches/support/mod.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use divan::Bencher;
use hallway::agenda::{Timeline, now_next};
use hallway::store::Store;
use support::{during, program, programs};

fn main() {
    support::run();
}

/// (f) The Now & Next computation.
#[divan::bench(args = programs())]
fn now_and_next(bencher: Bencher, name: &str) {
    let s = &program(name).schedule;
    let now = during(s);
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path(), now).unwrap();
    bencher.bench_local(|| now_next(s, &store, now));
}

/// Split of Now & Next: the timeline of effective spans it builds on every call.
#[divan::bench(args = programs())]
fn timeline(bencher: Bencher, name: &str) {
    let s = &program(name).schedule;
    bencher.bench(|| Timeline::new(s));
}
