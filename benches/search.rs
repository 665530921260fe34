//! Search as you type: `SearchIndex::search` for each prefix of "torch" as it is typed, and a
//! typo ("pytroch", found by the fuzzy match). Before the benchmarks it prints how many
//! sessions each query finds on each program, and how much memory each program's index keeps
//! (`SearchIndex::heap_bytes`).
//!
//! `cargo bench --bench search`; the programs are described in benches/support/mod.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use divan::Bencher;
use hallway::search::SearchIndex;
use support::{program, programs};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

/// What a user types, one character at a time, then a typo.
const QUERIES: &[&str] = &["t", "to", "tor", "torc", "torch", "pytroch"];

fn main() {
    hits();
    support::run();
}

fn hits() {
    println!("hits per query, and the index's heap:");
    print!("{:<12}", "program");
    for q in QUERIES {
        print!(" {q:>8}");
    }
    println!(" {:>10}", "index");
    for name in programs() {
        let mut index = SearchIndex::new(&program(name).schedule);
        print!("{name:<12}");
        for q in QUERIES {
            print!(" {:>8}", index.search(&program(name).schedule, q).len());
        }
        #[allow(clippy::cast_precision_loss, reason = "a figure to read")]
        let megabytes = index.heap_bytes() as f64 / 1e6;
        println!(" {megabytes:>7.2} MB");
    }
    println!();
}

/// Every (program, query) pair, as `program "query"`.
fn cases() -> Vec<String> {
    programs()
        .into_iter()
        .flat_map(|p| QUERIES.iter().map(move |q| format!("{p} {q:?}")))
        .collect()
}

/// (e) One search, as run after each typed character (the index already built).
#[divan::bench(args = cases())]
fn search(bencher: Bencher, case: &str) {
    let (name, query) = case.split_once(' ').unwrap();
    let query = query.trim_matches('"');
    let schedule = &program(name).schedule;
    let mut index = SearchIndex::new(schedule);
    bencher.bench_local(|| index.search(schedule, query));
}
