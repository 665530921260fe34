//! Hostile duplicate ids (issue 12, point 3): `hallway import FILE` of a frab `schedule.json`
//! whose 20,000 events all share one guid, against the same file with 20,000 distinct guids.
//! Each iteration is the whole import through the real path — `Library::import_file`: read the
//! file (through the bounded reader), detect, parse, repair (renaming the duplicate ids), save
//! the copy and its record — into a fresh config folder, so no iteration replaces a previous
//! copy.
//!
//! The file is written once per process from `hallway::synth::program` (realistic titles,
//! rooms, speakers, abstracts), translated to frab's layout: days, rooms, events with `guid`,
//! `date`, `start`, `duration`. `cargo bench --bench import_ids`; under `cargo test --benches`
//! the program has 200 sessions, to stay quick.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use hallway::import::ImportOptions;
use hallway::library::Library;
use hallway::schedule::Schedule;
use serde_json::{Value, json};

fn main() {
    divan::Divan::default()
        .max_time(std::time::Duration::from_secs(10))
        .config_with_args()
        .main();
}

/// The seed of every synthetic program (the same as the other benchmarks).
const SEED: u64 = 2025;

/// The guid every event has in the hostile file.
const SHARED_GUID: &str = "3f1c2a9e-0000-4000-8000-000000000000";

fn sessions() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        20_000
    } else {
        200
    }
}

/// A frab `schedule.json` of `schedule`; every event's guid is `guid(i)`.
fn frab_json(schedule: &Schedule, guid: impl Fn(usize) -> String) -> String {
    let c = &schedule.conference;
    let mut days: BTreeMap<chrono::NaiveDate, BTreeMap<String, Vec<Value>>> = BTreeMap::new();
    for (i, s) in schedule.sessions().iter().enumerate() {
        let day = s.day.unwrap_or(c.start_date);
        let room = s.room.clone().unwrap_or_else(|| "Foyer".to_owned());
        let mut event = json!({
            "id": i + 1,
            "guid": guid(i),
            "room": room,
            "title": s.title,
            "type": s.kind,
            "track": s.track,
            "abstract": s.summary,
            "persons": s.speakers.iter().map(|p| json!({"public_name": p.name})).collect::<Vec<_>>(),
        });
        if let Some(start) = s.start {
            event["date"] = json!(start.to_rfc3339());
            event["start"] = json!(start.format("%H:%M").to_string());
            let minutes = s.end.map_or(30, |e| (e - start).num_minutes());
            event["duration"] = json!(format!("{:02}:{:02}", minutes / 60, minutes % 60));
        }
        days.entry(day)
            .or_default()
            .entry(room)
            .or_default()
            .push(event);
    }
    let days: Vec<Value> = days
        .into_iter()
        .enumerate()
        .map(|(i, (date, rooms))| json!({"index": i + 1, "date": date.to_string(), "rooms": rooms}))
        .collect();
    let doc = json!({"schedule": {"version": "synth", "conference": {
        "acronym": "synthcon",
        "title": c.name,
        "start": c.start_date.to_string(),
        "end": c.end_date.to_string(),
        "time_zone_name": c.time_zone,
        "days": days,
    }}});
    serde_json::to_string(&doc).unwrap()
}

/// The two files, written once under the build's temporary folder.
fn file(kind: &str) -> &'static PathBuf {
    static FILES: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    let (distinct, shared) = FILES.get_or_init(|| {
        let n = sessions();
        let program = hallway::synth::program(n, SEED);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-import-ids");
        std::fs::create_dir_all(&dir).unwrap();
        let distinct = dir.join(format!("distinct-{n}.json"));
        let shared = dir.join(format!("shared-{n}.json"));
        std::fs::write(&distinct, frab_json(&program, |i| format!("guid-{i:06}"))).unwrap();
        std::fs::write(&shared, frab_json(&program, |_| SHARED_GUID.to_owned())).unwrap();
        (distinct, shared)
    });
    if kind == "shared" { shared } else { distinct }
}

/// `hallway import FILE --name synth` into an empty config folder.
#[divan::bench(args = ["distinct", "shared"], sample_count = 5, sample_size = 1)]
fn import_file(bencher: Bencher, kind: &str) {
    let path = file(kind);
    let now = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00+01:00").unwrap();
    bencher
        .with_inputs(|| tempfile::tempdir().unwrap())
        .bench_local_values(|dir| {
            let saved = Library::new(dir.path())
                .import_file(path, Some("synth"), &ImportOptions::default(), now)
                .unwrap();
            assert_eq!(saved.imported.schedule.sessions().len(), sessions());
            (saved, dir)
        });
}
