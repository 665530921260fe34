//! The 50,000-session synthetic program as publishers write it — frab/pretalx JSON,
//! Pentabarf/frab XML, iCalendar (`hallway::synth::{frab_json, pentabarf_xml, ical}`) — read
//! into a `Schedule` in process: `import::import_bytes`, what `--schedule FILE` and
//! `hallway import` do once the file is read (detection, parse, repairs, validation, indices).
//! scripts/bench.sh times the same files as whole processes against Python reading them.
//!
//! `cargo bench --bench publishers`; under `cargo test --benches` the program has 500 sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::OnceLock;

use divan::Bencher;
use hallway::import::{self, ImportOptions};
use hallway::schedule::Schedule;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    // Written (and their sizes printed) before divan prints its table.
    for format in FORMATS {
        file(format);
    }
    support::run();
}

const FORMATS: &[&str] = &["frab-json", "pentabarf-xml", "ical"];

/// The program in each format, written once.
fn file(format: &str) -> &'static [u8] {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let n = support::synth_sizes()[1];
        let program = hallway::synth::program(n, support::SEED);
        let writers: [fn(&Schedule) -> String; 3] = [
            hallway::synth::frab_json,
            hallway::synth::pentabarf_xml,
            hallway::synth::ical,
        ];
        writers
            .iter()
            .zip(FORMATS)
            .map(|(write, format)| {
                let text = write(&program);
                eprintln!("{format}: {n} sessions, {} bytes", text.len());
                text.into_bytes()
            })
            .collect()
    });
    let i = FORMATS.iter().position(|f| *f == format).unwrap();
    &files[i]
}

#[divan::bench(args = FORMATS, sample_count = 10, sample_size = 1)]
fn import_synth_50k(bencher: Bencher, format: &str) {
    let bytes = file(format);
    bencher.bench(|| {
        import::import_bytes(bytes, format, &ImportOptions::default())
            .unwrap()
            .schedule
    });
}
