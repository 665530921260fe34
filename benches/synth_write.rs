//! Writes synthetic programs as hallway schedule JSON, for scripts/bench.sh's whole-process
//! timings: `HALLWAY_SYNTH_DIR=DIR cargo bench --bench synth_write` writes
//! `DIR/synth-10000.json` and `DIR/synth-50000.json` (`HALLWAY_SYNTH_SIZES=1000,2000` for other
//! sizes). Not a benchmark: without HALLWAY_SYNTH_DIR (as under `cargo test --benches`) it only
//! says how to use it.

use std::path::PathBuf;

use hallway::schedule::save;
use hallway::synth;

/// The seed of every synthetic program the benchmarks use.
const SEED: u64 = 2025;

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
        let path = dir.join(format!("synth-{size}.json"));
        let text = save::to_json(&synth::program(size, SEED));
        std::fs::write(&path, &text)?;
        println!("{}: {size} sessions, {} bytes", path.display(), text.len());
    }
    Ok(())
}
