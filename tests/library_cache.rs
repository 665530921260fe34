//! The binary cache of saved programs (`NAME.cache`): it reads back exactly what the JSON
//! holds, and is never used when it is stale, damaged or from elsewhere; the library writes it
//! on the first open, drops it when the copy is replaced, and works without it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use hallway::import::{self, ImportOptions};
use hallway::library::{Library, cache};
use hallway::schedule::{Schedule, bundled, save};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00+01:00")
        .unwrap_or_else(|e| panic!("{e}"))
}

fn same(a: &Schedule, b: &Schedule) {
    assert_eq!(a.conference, b.conference);
    assert_eq!(a.sessions().len(), b.sessions().len());
    for (x, y) in a.sessions().iter().zip(b.sessions()) {
        assert_eq!(x, y);
    }
    assert_eq!(a.index().days(), b.index().days());
    assert_eq!(a.index().slots(), b.index().slots());
}

/// `schedule` saved as JSON at `dir/p.json`, with its cache at `dir/p.cache`.
fn saved(dir: &Path, schedule: &Schedule) -> (PathBuf, PathBuf) {
    let json = dir.join("p.json");
    fs::write(&json, save::to_json(schedule)).unwrap_or_else(|e| panic!("{e}"));
    let cache = dir.join("p.cache");
    let meta = fs::metadata(&json).unwrap_or_else(|e| panic!("{e}"));
    let loaded = import::load_path(&json).unwrap_or_else(|e| panic!("{e}"));
    cache::write(&cache, &meta, &loaded).unwrap_or_else(|e| panic!("{e}"));
    (json, cache)
}

fn read(json: &Path, cache: &Path) -> Option<Schedule> {
    cache::read(cache, &fs::metadata(json).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn a_cache_reads_back_exactly_what_the_json_holds() {
    let mut programs = vec![
        bundled::load().unwrap_or_else(|e| panic!("{e}")),
        hallway::synth::program(2_000, 7),
    ];
    for fixture in [
        "fosdem-2025-schedule-LARGE.xml",
        "36c3-everything-merged-schedule-LARGE.json",
        "fosdem-2013-schedule.xml",
        "linux-conf-au-2020-schedule.ics",
    ] {
        if let Some(path) = common::shared(&format!("fixtures/{fixture}")) {
            let imported = import::import_path(&path, &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{e}"));
            programs.push(imported.schedule);
        }
    }
    for program in programs {
        let dir = tmp();
        let (json, cache) = saved(dir.path(), &program);
        let from_json = import::load_path(&json).unwrap_or_else(|e| panic!("{e}"));
        let from_cache = read(&json, &cache)
            .unwrap_or_else(|| panic!("{}: the cache is not read", program.conference.name));
        same(&from_cache, &from_json);
    }
}

#[test]
fn a_stale_damaged_or_foreign_cache_is_never_used() {
    let program = hallway::synth::program(300, 3);
    let dir = tmp();
    let (json, cache) = saved(dir.path(), &program);
    let good = fs::read(&cache).unwrap_or_else(|e| panic!("{e}"));
    assert!(read(&json, &cache).is_some());
    let damaged = |bytes: Vec<u8>, why: &str| {
        fs::write(&cache, bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(read(&json, &cache).is_none(), "{why}");
    };
    for at in [0, 14, 16, 40, good.len() / 2, good.len() - 1] {
        let mut bytes = good.clone();
        bytes[at] ^= 0x20;
        damaged(bytes, &format!("byte {at} flipped"));
    }
    damaged(good[..good.len() - 1].to_vec(), "truncated by one byte");
    damaged(good[..good.len() / 3].to_vec(), "truncated to a third");
    damaged([good.as_slice(), b"x"].concat(), "a byte appended");
    damaged(Vec::new(), "empty");
    damaged(
        b"{\"format\": \"hallway-schedule\"}".to_vec(),
        "not a cache",
    );
    // Intact, but of another file: a JSON rewritten since (new inode, new time).
    fs::write(&cache, &good).unwrap_or_else(|e| panic!("{e}"));
    assert!(read(&json, &cache).is_some());
    let other = dir.path().join("other.json");
    fs::copy(&json, &other).unwrap_or_else(|e| panic!("{e}"));
    assert!(read(&other, &cache).is_none(), "made from another file");
    let text = fs::read_to_string(&json).unwrap_or_else(|e| panic!("{e}"));
    fs::write(&json, text.replacen("SynthCon", "SynthKon", 1)).unwrap_or_else(|e| panic!("{e}"));
    assert!(read(&json, &cache).is_none(), "the JSON was edited");
}

#[test]
fn the_library_writes_the_cache_on_first_open_and_drops_it_on_replacement() {
    let dir = tmp();
    let library = Library::new(dir.path());
    let conferences = dir.path().join("conferences");
    let source = dir.path().join("program.json");
    let program = hallway::synth::program(500, 11);
    fs::write(&source, save::to_json(&program)).unwrap_or_else(|e| panic!("{e}"));
    library
        .import_file(&source, Some("big"), &ImportOptions::default(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    let cache = conferences.join("big.cache");
    assert!(!cache.exists(), "written on open, not on import");
    let first = library.open("big").unwrap_or_else(|e| panic!("{e}"));
    assert!(cache.exists(), "the first open writes it");
    let second = library.open("big").unwrap_or_else(|e| panic!("{e}"));
    same(&first, &second);
    assert_eq!(library.names(), ["pytorch-conference-2024", "big"]);

    // Replaced by a new version: the cache goes with the old copy, and the new one shows.
    let renamed = save::to_json(&program).replacen("SynthCon", "Renamed Con", 1);
    fs::write(&source, renamed).unwrap_or_else(|e| panic!("{e}"));
    library
        .import_file(&source, Some("big"), &ImportOptions::default(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!cache.exists(), "dropped with the copy it was made from");
    let third = library.open("big").unwrap_or_else(|e| panic!("{e}"));
    assert!(third.conference.name.starts_with("Renamed Con"));

    // A damaged cache is ignored and replaced by a good one.
    fs::write(&cache, b"HALLWAY-CACHE\ngarbage").unwrap_or_else(|e| panic!("{e}"));
    let fourth = library.open("big").unwrap_or_else(|e| panic!("{e}"));
    same(&third, &fourth);
    let rewritten = fs::read(&cache).unwrap_or_else(|e| panic!("{e}"));
    assert!(rewritten.len() > 1000, "rewritten");
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_written_just_means_no_cache() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let library = Library::new(dir.path());
    let source = dir.path().join("program.json");
    fs::write(&source, save::to_json(&hallway::synth::program(50, 1)))
        .unwrap_or_else(|e| panic!("{e}"));
    library
        .import_file(&source, Some("ro"), &ImportOptions::default(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    let conferences = dir.path().join("conferences");
    fs::set_permissions(&conferences, fs::Permissions::from_mode(0o555))
        .unwrap_or_else(|e| panic!("{e}"));
    let opened = library.open("ro");
    let writable = fs::write(conferences.join("probe"), b"x").is_ok();
    fs::set_permissions(&conferences, fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    let opened = opened.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(opened.sessions().len(), 50);
    if !writable {
        // (Running as root, the folder stays writable and the cache is written.)
        assert!(!conferences.join("ro.cache").exists());
    }
}

/// bincode's varint encoding of an unsigned integer (`bincode::DefaultOptions`), as hallway
/// wrote its caches before layout 4.
fn bincode_varint(out: &mut Vec<u8>, n: u128) {
    if n < 251 {
        out.push(u8::try_from(n).unwrap_or_else(|e| panic!("{e}")));
    } else if let Ok(n) = u16::try_from(n) {
        out.push(251);
        out.extend(n.to_le_bytes());
    } else if let Ok(n) = u32::try_from(n) {
        out.push(252);
        out.extend(n.to_le_bytes());
    } else if let Ok(n) = u64::try_from(n) {
        out.push(253);
        out.extend(n.to_le_bytes());
    } else {
        out.push(254);
        out.extend(n.to_le_bytes());
    }
}

/// A cache as hallway wrote it with bincode (layout 3), keyed to `json` as it is now: the
/// magic line, the CRC-32, the key, then the program (tests/fixtures/bincode-cache/payload.bin,
/// written by the bincode build from program.json beside it).
fn bincode_cache(json: &Path) -> Vec<u8> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = fs::metadata(json).unwrap_or_else(|e| panic!("{e}"));
    let modified = meta
        .modified()
        .unwrap_or_else(|e| panic!("{e}"))
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_else(|e| panic!("{e}"))
        .as_nanos();
    let mut body = Vec::new();
    bincode_varint(&mut body, 3);
    let build = env!("CARGO_PKG_VERSION");
    bincode_varint(&mut body, build.len() as u128);
    body.extend(build.as_bytes());
    bincode_varint(&mut body, u128::from(meta.len()));
    bincode_varint(&mut body, modified);
    bincode_varint(&mut body, u128::from(meta.ino()));
    body.extend(
        fs::read("tests/fixtures/bincode-cache/payload.bin").unwrap_or_else(|e| panic!("{e}")),
    );
    let mut crc = crc32fast::Hasher::new();
    crc.update(&body);
    [
        b"HALLWAY-CACHE\n".as_slice(),
        &crc.finalize().to_le_bytes(),
        &body,
    ]
    .concat()
}

#[cfg(unix)]
#[test]
fn a_cache_written_by_the_bincode_layout_is_ignored_and_rebuilt() {
    let dir = tmp();
    let library = Library::new(dir.path());
    let source = Path::new("tests/fixtures/bincode-cache/program.json");
    library
        .import_file(source, Some("old"), &ImportOptions::default(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    let json = dir.path().join("conferences/old.json");
    let cache = dir.path().join("conferences/old.cache");
    let old = bincode_cache(&json);
    fs::write(&cache, &old).unwrap_or_else(|e| panic!("{e}"));
    assert!(read(&json, &cache).is_none(), "a bincode cache is not read");
    let opened = library.open("old").unwrap_or_else(|e| panic!("{e}"));
    same(
        &opened,
        &import::load_path(&json).unwrap_or_else(|e| panic!("{e}")),
    );
    let rebuilt = fs::read(&cache).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(rebuilt, old, "rebuilt in the new layout");
    assert!(
        read(&json, &cache).is_some(),
        "and the rebuilt cache is read"
    );
}

#[test]
fn summaries_stay_in_the_cache_and_read_from_the_file_opened() {
    let program = hallway::synth::program(300, 5);
    let dir = tmp();
    let (json, cache) = saved(dir.path(), &program);
    let from_json = import::load_path(&json).unwrap_or_else(|e| panic!("{e}"));
    let opened = read(&json, &cache).unwrap_or_else(|| panic!("the cache is not read"));
    let first = &opened.sessions()[0];
    // Left in the file, not read into memory.
    assert!(
        format!("{:?}", first.summary).contains("of the cache"),
        "{:?}",
        first.summary
    );
    same(&opened, &from_json);

    // A cache written from a program read from a cache holds the same texts.
    let again = dir.path().join("again.cache");
    let meta = fs::metadata(&json).unwrap_or_else(|e| panic!("{e}"));
    cache::write(&again, &meta, &opened).unwrap_or_else(|e| panic!("{e}"));
    same(
        &cache::read(&again, &meta).unwrap_or_else(|| panic!("not read")),
        &from_json,
    );

    // The cache replaced meanwhile (as a refresh does: removed, then written anew): the open
    // program still reads its own summaries.
    cache::remove(&cache).unwrap_or_else(|e| panic!("{e}"));
    fs::copy(&again, &cache).unwrap_or_else(|e| panic!("{e}"));
    let reopened = read(&json, &cache).unwrap_or_else(|| panic!("not read"));
    fs::write(&cache, b"gone").unwrap_or_else(|e| panic!("{e}"));
    same(&opened, &from_json);

    // The file itself changed in place under an open program: a damaged summary reads as
    // none — never as other text, never a panic — and the others still read.
    let mut bytes = fs::read(&again).unwrap_or_else(|e| panic!("{e}"));
    let last = reopened.sessions().len() - 1;
    let text = from_json.sessions()[last]
        .summary_text()
        .unwrap_or_else(|| panic!("no summary"))
        .into_owned();
    let at = bytes.len() - 4 - text.len();
    assert_eq!(&bytes[at..at + text.len()], text.as_bytes());
    bytes[at] ^= 0x20;
    fs::write(&cache, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(reopened.sessions()[last].summary_text().is_none());
    assert_eq!(
        reopened.sessions()[0].summary_text(),
        from_json.sessions()[0].summary_text()
    );
    // And that cache is refused as a whole when opened again.
    assert!(read(&json, &cache).is_none());
}
