//! Writes synthetic programs for scripts/bench.sh's whole-process timings:
//! `HALLWAY_SYNTH_DIR=DIR cargo bench --bench synth_write` writes, for 10,000 and 50,000
//! sessions (`HALLWAY_SYNTH_SIZES=1000,2000` for other sizes), `DIR/synth-N.json` (hallway's
//! own JSON) and the same program as the publishers write it: `DIR/synth-N.frab.json` (frab
//! `schedule.json`), `DIR/synth-N.xml` (Pentabarf/frab `schedule.xml`) and `DIR/synth-N.ics`
//! (iCalendar). Not a benchmark: without HALLWAY_SYNTH_DIR (as under `cargo test --benches`) it
//! only says how to use it.

use std::path::PathBuf;

use hallway::schedule::save;
use hallway::synth;

/// The seed of every synthetic program the benchmarks use.
const SEED: u64 = 2025;

/// A writer of a program in some format.
type Writer = fn(&hallway::schedule::Schedule) -> String;

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::var_os("HALLWAY_SYNTH_DIR").map(PathBuf::from) else {
        println!("synth_write: set HALLWAY_SYNTH_DIR to write synthetic programs; nothing done");
        return Ok(());
    };
    let sizes = std::env::var("HALLWAY_SYNTH_SIZES").unwrap_or_else(|_| "10000,50000".into());
    std::fs::create_dir_all(&dir)?;
    for size in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let program = synth::program(size, SEED);
        let files: [(&str, Writer); 4] = [
            ("json", save::to_json),
            ("frab.json", synth::frab_json),
            ("xml", synth::pentabarf_xml),
            ("ics", synth::ical),
        ];
        for (extension, write) in files {
            let path = dir.join(format!("synth-{size}.{extension}"));
            let text = write(&program);
            std::fs::write(&path, &text)?;
            println!("{}: {size} sessions, {} bytes", path.display(), text.len());
        }
    }
    Ok(())
}
