//! Hostile schedules: every importer (frab/pretalx JSON, Pentabarf/frab XML, iCalendar) and the
//! loader of hallway's own format, fed mutations of the real files in ../shared/fixtures (byte
//! flips, truncations, insertions of bytes and of format tokens, deletions, duplicated chunks).
//!
//! What must hold for every input: no panic, and every rejection is a located error — a syntax
//! error `FILE:LINE:COL` whose line lies inside the input, semantic problems each naming the
//! session (or the conference) they are about, or one of the few file-level problems that have
//! no single place ("the file has no sessions and no conference dates"). Inputs that import are
//! checked too: the schedule written in hallway's format loads back.
//!
//! `cargo test` runs a short budget (`PROPTEST_CASES`, default 1,500 per format, mostly on
//! small excerpts of the real files); `scripts/fuzz.sh` runs the long one in release. Targeted
//! cases cover deep nesting and huge numbers in JSON and XML, and XML entity bombs (which must
//! not expand).

mod common;

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use hallway::import::{self, ImportError, ImportOptions};
use hallway::schedule::{load, save};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Inputs per format in `cargo test`, unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 1_500;

/// One format under test and the fixtures it is seeded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    FrabJson,
    PentabarfXml,
    ICalendar,
    Hallway,
}

impl Target {
    fn file_name(self) -> &'static str {
        match self {
            Target::FrabJson => "fuzz-schedule.json",
            Target::PentabarfXml => "fuzz-schedule.xml",
            Target::ICalendar => "fuzz-schedule.ics",
            Target::Hallway => "fuzz-hallway.json",
        }
    }

    fn fixtures(self) -> &'static [&'static str] {
        match self {
            Target::FrabJson => &[
                "33c3-frab-schedule.json",
                "rc3-2020-channels-pretalx-schedule.json",
                "39c3-himmel-c3voc-schedule.json",
                "36c3-everything-merged-schedule-LARGE.json",
            ],
            Target::PentabarfXml => &[
                "33c3-frab-schedule.xml",
                "fosdem-2013-schedule.xml",
                "fosdem-2025-schedule-LARGE.xml",
            ],
            Target::ICalendar => &[
                "33c3-frab-schedule.ics",
                "kielux-2020-schedule.ics",
                "linux-conf-au-2020-schedule.ics",
            ],
            // hallway's format: the importers' output for the real files, written by hallway.
            Target::Hallway => &[
                "33c3-frab-schedule.json",
                "fosdem-2013-schedule.xml",
                "linux-conf-au-2020-schedule.ics",
            ],
        }
    }

    /// Tokens worth inserting: the format's own syntax, and the values that break parsers.
    fn tokens(self) -> &'static [&'static str] {
        const COMMON: &[&str] = &[
            "\u{feff}",
            "é",
            "🎉",
            "\u{0}",
            "\r\n",
            "\r",
            "\n",
            " ",
            "\t",
            "9999999999999999999999999999",
            "-1",
            "0",
            "+262143-12-31",
            "-262144-01-01",
            "2016-02-30",
            "25:61",
            "99:99:99",
            "T",
            "Z",
            "+14:00",
            "-12:59",
            "\u{202e}",
            "\u{fffd}",
        ];
        const JSON: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            "\\",
            "\\u0000",
            "\\ud800",
            "\\uDFFF",
            "null",
            "true",
            "[]",
            "{}",
            "\"\"",
            "1e400",
            "-1e400",
            "1e-400",
            "18446744073709551616",
            "-9223372036854775809",
            "0.0000000000000000000000000001",
            "\"schedule\":",
            "\"conference\":{}",
            "\"days\":[]",
            "\"rooms\":{}",
            "\"duration\":\"9999:59\"",
            "\"start\":\"99:99\"",
            "\"date\":\"+262143-12-31T23:59:59+14:00\"",
            "\"format\":\"hallway-schedule\"",
            "\"version\":4294967296",
            "\"sessions\":[]",
        ];
        const XML: &[&str] = &[
            "<",
            ">",
            "/>",
            "</",
            "&",
            ";",
            "&amp;",
            "&lt;",
            "&#0;",
            "&#x110000;",
            "&#99999999999999999999;",
            "&nosuch;",
            "&lol9;",
            "<![CDATA[",
            "]]>",
            "<!--",
            "-->",
            "<?xml version='1.0' encoding='iso-8859-1'?>",
            "<!DOCTYPE schedule [<!ENTITY a \"&b;&b;\"><!ENTITY b \"x\">]>",
            "<event>",
            "</event>",
            "<room name=\"R\">",
            "</room>",
            "<day date=\"2016-12-27\">",
            "</day>",
            "</schedule>",
            "<duration>9999:59</duration>",
            "<start>99:99</start>",
            "<date>+262143-12-31T23:59:59+14:00</date>",
            "<abstract><p><b>",
            "=\"",
            "xmlns:x=\"y\"",
        ];
        const ICS: &[&str] = &[
            ":",
            ";",
            ",",
            "\"",
            "=",
            "\\",
            "\\n",
            "\r\n ",
            "\r\n\t",
            "BEGIN:VEVENT\r\n",
            "END:VEVENT\r\n",
            "BEGIN:VCALENDAR\r\n",
            "END:VCALENDAR\r\n",
            "BEGIN:VTIMEZONE\r\n",
            "BEGIN:VALARM\r\n",
            "DTSTART:",
            "DTSTART;TZID=Europe/Berlin:",
            "DTSTART;VALUE=DATE:",
            "DTEND:",
            "DURATION:P99999999W",
            "DURATION:-PT1S",
            "DURATION:P1Y",
            "RRULE:FREQ=SECONDLY;COUNT=4294967295",
            "TZID=\"",
            "X-WR-TIMEZONE:",
            "99991231T235959Z",
            "00000101T000000",
            "20161227T250000",
        ];
        static JSON_ALL: OnceLock<Vec<&str>> = OnceLock::new();
        static XML_ALL: OnceLock<Vec<&str>> = OnceLock::new();
        static ICS_ALL: OnceLock<Vec<&str>> = OnceLock::new();
        match self {
            Target::FrabJson | Target::Hallway => JSON_ALL.get_or_init(|| [COMMON, JSON].concat()),
            Target::PentabarfXml => XML_ALL.get_or_init(|| [COMMON, XML].concat()),
            Target::ICalendar => ICS_ALL.get_or_init(|| [COMMON, ICS].concat()),
        }
    }
}

/// Values for [`Mutation::ReplaceValue`]: well-formed in any of the formats (no quotes, no
/// markup), wrong in meaning — times at the edges, impossible dates, durations, zones, ids that
/// clash, blank and odd text.
const VALUES: &[&str] = &[
    "",
    " ",
    "2016-12-27",
    "2016-12-31",
    "2016-02-30",
    "2016-12-27T11:00:00+01:00",
    "2016-12-27T10:59:00+01:00",
    "2016-12-28T03:00:00+01:00",
    "2024-09-18T14:55:00-07:00",
    "2024-09-19T09:00:00-07:00",
    "2025-12-27T10:30:00+01:00",
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59-14:00",
    "0000-01-01T00:00:00-14:00",
    "+262142-12-31",
    "20161227T110000Z",
    "20161227T110000",
    "20161227",
    "99991231T235959Z",
    "00:00",
    "00:30",
    "99:59",
    "24:00",
    "23:59:60",
    "336:00",
    "P1D",
    "PT0S",
    "-PT1H",
    "Z",
    "+14:00",
    "-12:00",
    "+05:45",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Nowhere/Never",
    "W. Europe Standard Time",
    "session",
    "video",
    "lecture",
    "1",
    "0",
    "-1",
    "18446744073709551616",
    "1e400",
    "é",
    "🎉",
    "東京",
    "e\\u0301",
    "\\u0000",
    "\n",
    "&amp;",
    "&#0;",
    "Saal 1",
];

/// A seed: a real file (whole) or a small excerpt of one, still well-formed.
struct Seed {
    name: String,
    bytes: Vec<u8>,
}

/// The seeds of a target: excerpts first (cheap to parse, so most inputs use them), then the
/// whole files. Empty when ../shared is missing outside CI.
fn seeds(target: Target) -> &'static [Seed] {
    static SEEDS: OnceLock<Mutex<BTreeMap<Target, &'static [Seed]>>> = OnceLock::new();
    let map = SEEDS.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut map = map
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(target)
        .or_insert_with(|| Vec::leak(build_seeds(target)))
}

fn build_seeds(target: Target) -> Vec<Seed> {
    let mut excerpts = Vec::new();
    let mut whole = Vec::new();
    for name in target.fixtures() {
        let Some(path) = common::shared(&format!("fixtures/{name}")) else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if target == Target::Hallway {
            let imported = import::load_bytes(&bytes, name)
                .unwrap_or_else(|e| panic!("the real file {name} must import: {e}"));
            let text = save::to_json(&imported).into_bytes();
            excerpts.push(Seed {
                name: format!("{name} as hallway format, excerpt"),
                bytes: excerpt_hallway(&text),
            });
            whole.push(Seed {
                name: format!("{name} as hallway format"),
                bytes: text,
            });
            continue;
        }
        let small = match target {
            Target::FrabJson => excerpt_frab(&bytes),
            Target::PentabarfXml => excerpt_xml(&bytes),
            Target::ICalendar => excerpt_ics(&bytes),
            Target::Hallway => unreachable!("handled above"),
        };
        // An excerpt must still import: it stands for the real file, not for garbage.
        if let Err(e) = import::load_bytes(&small, name) {
            panic!("the excerpt of {name} does not import: {e}");
        }
        excerpts.push(Seed {
            name: format!("{name}, excerpt"),
            bytes: small,
        });
        whole.push(Seed {
            name: (*name).to_owned(),
            bytes,
        });
    }
    if target == Target::Hallway {
        let bundled = hallway::schedule::bundled::JSON.as_bytes().to_vec();
        excerpts.push(Seed {
            name: "bundled program, excerpt".into(),
            bytes: excerpt_hallway(&bundled),
        });
        whole.push(Seed {
            name: "bundled program".into(),
            bytes: bundled,
        });
    }
    excerpts.extend(whole);
    excerpts
}

/// frab JSON cut down to the first day, its first two rooms and their first two events.
fn excerpt_frab(bytes: &[u8]) -> Vec<u8> {
    let mut v: serde_json::Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("fixture JSON: {e}"));
    if let Some(days) = v
        .pointer_mut("/schedule/conference/days")
        .and_then(|d| d.as_array_mut())
    {
        days.truncate(1);
        if let Some(rooms) = days
            .first_mut()
            .and_then(|d| d.get_mut("rooms"))
            .and_then(|r| r.as_object_mut())
        {
            let keep: Vec<String> = rooms.keys().take(2).cloned().collect();
            rooms.retain(|k, _| keep.contains(k));
            for events in rooms.values_mut() {
                if let Some(events) = events.as_array_mut() {
                    events.truncate(2);
                }
            }
        }
    }
    serde_json::to_vec_pretty(&v).unwrap_or_else(|e| panic!("{e}"))
}

/// hallway JSON cut down to its first four sessions.
fn excerpt_hallway(bytes: &[u8]) -> Vec<u8> {
    let mut v: serde_json::Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("hallway JSON: {e}"));
    if let Some(sessions) = v.get_mut("sessions").and_then(|s| s.as_array_mut()) {
        sessions.truncate(4);
    }
    serde_json::to_vec_pretty(&v).unwrap_or_else(|e| panic!("{e}"))
}

/// The real XML up to the end of its third `<event>`, then the closing tags of whatever is
/// still open: the file's own bytes, just fewer of them.
fn excerpt_xml(bytes: &[u8]) -> Vec<u8> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut events = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => stack.push(e.name().as_ref().to_owned()),
            Ok(Event::End(e)) => {
                stack.pop();
                if e.name().as_ref() == "event" {
                    events += 1;
                    if events == 3 {
                        break;
                    }
                }
            }
            Ok(Event::Eof) => return bytes.to_vec(),
            Err(e) => panic!("fixture XML: {e}"),
            Ok(_) => {}
        }
        buf.clear();
    }
    let end = usize::try_from(reader.buffer_position()).unwrap_or(bytes.len());
    let mut out = bytes[..end].to_vec();
    for name in stack.iter().rev() {
        out.extend_from_slice(b"\n</");
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
    }
    out.push(b'\n');
    out
}

/// The real calendar up to the end of its third `VEVENT`, then `END:VCALENDAR`.
fn excerpt_ics(bytes: &[u8]) -> Vec<u8> {
    let mut end = 0;
    for _ in 0..3 {
        match find(&bytes[end..], b"END:VEVENT") {
            Some(at) => end += at + b"END:VEVENT".len(),
            None => return bytes.to_vec(),
        }
    }
    let eol: &[u8] = if bytes.contains(&b'\r') {
        b"\r\n"
    } else {
        b"\n"
    };
    let mut out = bytes[..end].to_vec();
    out.extend_from_slice(eol);
    out.extend_from_slice(b"END:VCALENDAR");
    out.extend_from_slice(eol);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One mutation. Positions and lengths are fractions of the input (in 1/65536ths), so the same
/// mutation means something on a 5 kB excerpt and on a 2 MB file.
#[derive(Debug, Clone)]
enum Mutation {
    /// XOR a byte with a non-zero mask.
    Flip { at: u16, mask: u8 },
    /// Set a byte to one that means something to some parser.
    Set { at: u16, byte: u8 },
    /// Cut the input here.
    Truncate { at: u16 },
    /// Insert random bytes.
    InsertBytes { at: u16, bytes: Vec<u8> },
    /// Insert one of the format's tokens, possibly several times over.
    InsertToken { at: u16, token: usize, times: u8 },
    /// Delete a run of bytes.
    Delete { at: u16, len: u16 },
    /// Copy a chunk somewhere else.
    Duplicate { from: u16, len: u16, to: u16 },
    /// Replace the next value (a JSON string, an XML text, an iCalendar property value) with
    /// one of the format's tokens: the file stays well-formed more often, so the mutation
    /// reaches the importer's handling of dates, durations and ids.
    ReplaceValue { at: u16, token: usize },
}

fn scaled(frac: u16, len: usize) -> usize {
    // `len * frac / 65536`, never past the end.
    usize::try_from((len as u128 * u128::from(frac)) >> 16).unwrap_or(len)
}

impl Mutation {
    fn apply(&self, data: &mut Vec<u8>, target: Target) {
        let tokens = target.tokens();
        let len = data.len();
        match *self {
            Mutation::Flip { at, mask } => {
                if let Some(b) = data.get_mut(scaled(at, len)) {
                    *b ^= mask;
                }
            }
            Mutation::Set { at, byte } => {
                if let Some(b) = data.get_mut(scaled(at, len)) {
                    *b = byte;
                }
            }
            Mutation::Truncate { at } => data.truncate(scaled(at, len)),
            Mutation::InsertBytes { at, ref bytes } => {
                let at = scaled(at, len);
                data.splice(at..at, bytes.iter().copied());
            }
            Mutation::InsertToken { at, token, times } => {
                let at = scaled(at, len);
                let token = tokens[token % tokens.len()].as_bytes();
                let run: Vec<u8> = token.repeat(usize::from(times.max(1)));
                data.splice(at..at, run);
            }
            Mutation::Delete { at, len: n } => {
                let at = scaled(at, len);
                // Deletions are short: up to 1/64 of the input, at most 4 kB.
                let n = (scaled(n, len) / 64).clamp(1, 4096);
                let end = (at + n).min(len);
                data.drain(at..end);
            }
            Mutation::Duplicate { from, len: n, to } => {
                let from = scaled(from, len);
                let n = (scaled(n, len) / 16).clamp(1, 64 * 1024);
                let end = (from + n).min(len);
                let chunk = data[from..end].to_vec();
                let to = scaled(to, len);
                data.splice(to..to, chunk);
            }
            Mutation::ReplaceValue { at, token } => {
                let (open, close): (&[u8], &[u8]) = match target {
                    // A string value (the seeds are pretty-printed), not a key.
                    Target::FrabJson | Target::Hallway => (b"\": \"", b"\""),
                    Target::PentabarfXml => (b">", b"<"),
                    Target::ICalendar => (b":", b"\r\n"),
                };
                let at = scaled(at, len);
                let Some(start) = find(&data[at..], open).map(|p| at + p + open.len()) else {
                    return;
                };
                let Some(end) = find(&data[start..], close).map(|p| start + p) else {
                    return;
                };
                // Mostly a meaningful value, sometimes a syntax token.
                let token = if token % 4 == 0 {
                    tokens[(token / 4) % tokens.len()]
                } else {
                    VALUES[(token / 4) % VALUES.len()]
                };
                data.splice(start..end, token.bytes());
            }
        }
    }
}

const MEANINGFUL: &[u8] = b"\"{}[]:,\\<>/&;=!?- \t\r\n\x00\xff\xc3\xa9\xef\xbb\xbf0123456789TZ+eE.";

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<u16>(), 1u8..=255).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        3 => (any::<u16>(), proptest::sample::select(MEANINGFUL))
            .prop_map(|(at, byte)| Mutation::Set { at, byte }),
        1 => any::<u16>().prop_map(|at| Mutation::Truncate { at }),
        2 => (any::<u16>(), proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        4 => (any::<u16>(), any::<usize>(), prop_oneof![8 => Just(1u8), 1 => 2u8..=255])
            .prop_map(|(at, token, times)| Mutation::InsertToken { at, token, times }),
        2 => (any::<u16>(), any::<u16>()).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<u16>(), any::<u16>(), any::<u16>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
        12 => (any::<u16>(), any::<usize>())
            .prop_map(|(at, token)| Mutation::ReplaceValue { at, token }),
    ]
}

/// An input: which seed, and the mutations applied to it in order.
#[derive(Debug, Clone)]
struct Case {
    /// Picks a seed: excerpts most of the time, the whole files one time in `1 / WHOLE`.
    seed: u32,
    mutations: Vec<Mutation>,
}

/// One input in this many starts from a whole real file rather than an excerpt.
const WHOLE: u32 = 40;

fn case() -> impl Strategy<Value = Case> {
    (any::<u32>(), proptest::collection::vec(mutation(), 1..=8))
        .prop_map(|(seed, mutations)| Case { seed, mutations })
}

impl Case {
    fn build(&self, target: Target) -> Option<(String, Vec<u8>)> {
        let seeds = seeds(target);
        if seeds.is_empty() {
            return None;
        }
        let excerpts = seeds.iter().filter(|s| s.name.contains("excerpt")).count();
        let whole = seeds.len() - excerpts;
        let pick = if whole > 0 && self.seed.is_multiple_of(WHOLE) {
            excerpts + (self.seed / WHOLE) as usize % whole
        } else {
            (self.seed as usize) % excerpts.max(1)
        };
        let seed = &seeds[pick.min(seeds.len() - 1)];
        let mut bytes = seed.bytes.clone();
        for m in &self.mutations {
            m.apply(&mut bytes, target);
        }
        Some((seed.name.clone(), bytes))
    }
}

/// What happened to the inputs of one format, for the figures in docs/robustness.md.
#[derive(Debug, Default)]
struct Tally {
    inputs: u64,
    imported: u64,
    syntax: u64,
    semantic: u64,
    file_level: u64,
    unknown_format: u64,
    slowest: Duration,
    /// The seed and size of the slowest input.
    slowest_input: String,
}

fn tallies() -> &'static Mutex<BTreeMap<Target, Tally>> {
    static TALLIES: OnceLock<Mutex<BTreeMap<Target, Tally>>> = OnceLock::new();
    TALLIES.get_or_init(|| Mutex::new(BTreeMap::new()))
}

fn record(target: Target, f: impl FnOnce(&mut Tally)) {
    let mut map = tallies()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(map.entry(target).or_default());
}

fn report(target: Target) {
    let map = tallies()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(t) = map.get(&target) {
        eprintln!(
            "fuzz {target:?}: {} inputs, {} imported, rejected: {} syntax (located), {} semantic \
             (naming the session or conference), {} file-level, {} unknown format; slowest {:?} \
             ({})",
            t.inputs,
            t.imported,
            t.syntax,
            t.semantic,
            t.file_level,
            t.unknown_format,
            t.slowest,
            t.slowest_input
        );
    }
}

/// The file-level problems an importer may report without a line: each is about the whole
/// document, which has no single place to point at.
const FILE_LEVEL: &[&str] = &[
    "\"schedule\" is not an object",
    "\"schedule\" has no \"conference\" object",
    "the file has no sessions and no conference dates",
    "no BEGIN:VCALENDAR ... END:VCALENDAR",
];

/// Checks one targeted input (not counted in the fuzzer's tallies).
fn check(target: Target, bytes: &[u8]) -> Result<(), TestCaseError> {
    check_seeded(target, None, bytes)
}

/// Imports `bytes` and checks the result (a panic or a bad error fails the case); a fuzzer's
/// input names its `seed` and is counted.
fn check_seeded(target: Target, seed: Option<&str>, bytes: &[u8]) -> Result<(), TestCaseError> {
    let count = seed.is_some();
    let file = target.file_name();
    let started = Instant::now();
    let result = import::import_bytes(bytes, file, &ImportOptions::default());
    // The loader of hallway's format on its own, as `hallway validate` calls it.
    let direct = (target == Target::Hallway)
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten()
        .map(|text| load::from_str(text, file));
    let elapsed = started.elapsed();
    if let Some(seed) = seed {
        record(target, |t| {
            t.inputs += 1;
            if elapsed > t.slowest {
                t.slowest = elapsed;
                t.slowest_input = format!("{seed}, mutated to {} bytes", bytes.len());
            }
        });
    }
    match result {
        Ok(imported) => {
            if count {
                record(target, |t| t.imported += 1);
            }
            // What was imported is a valid schedule: written out in hallway's format, it loads.
            let json = save::to_json(&imported.schedule);
            if let Err(e) = load::from_str(&json, "round-trip.json") {
                return Err(TestCaseError::fail(format!(
                    "imported as {:?}, but hallway's format does not load it back: {}",
                    imported.format,
                    e.lines().join("; ")
                )));
            }
        }
        Err(e) => check_error(target, bytes, &e, count)?,
    }
    if let Some(Err(e)) = direct {
        check_error(target, bytes, &ImportError::from_load(e), false)?;
    }
    Ok(())
}

/// Checks an error; `count` it in the tallies (the loader's own errors on hallway files are
/// checked but not counted twice).
fn check_error(
    target: Target,
    bytes: &[u8],
    e: &ImportError,
    count: bool,
) -> Result<(), TestCaseError> {
    let file = target.file_name();
    let record = |f: fn(&mut Tally)| {
        if count {
            record(target, f);
        }
    };
    let text = e.to_string();
    prop_assert!(
        text.starts_with(file),
        "the error does not start with the file name: {text}"
    );
    for line in e.lines() {
        prop_assert!(
            !line.contains('\n') && line.starts_with(file),
            "not one line naming the file: {line:?}"
        );
    }
    match e {
        ImportError::Syntax {
            line,
            column,
            message,
            ..
        } => {
            record(|t| t.syntax += 1);
            let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
            prop_assert!(*line >= 1 && *column >= 1, "{text}");
            prop_assert!(
                *line <= lines,
                "line {line} of a {lines}-line input: {text}"
            );
            prop_assert!(
                text.starts_with(&format!("{file}:{line}:{column}: ")),
                "{text}"
            );
            prop_assert!(!message.trim().is_empty(), "an empty message: {text}");
        }
        ImportError::Hallway { problems, .. } => {
            record(|t| t.semantic += 1);
            prop_assert!(!problems.is_empty(), "no problems listed: {text}");
            for p in problems {
                let shown = p.to_string();
                let named = match &p.session {
                    Some(s) => s.starts_with("session ") && shown.starts_with(s.as_str()),
                    None => shown.starts_with("conference: "),
                };
                prop_assert!(named, "a problem naming nothing: {shown}");
                prop_assert!(!p.message.trim().is_empty(), "an empty problem: {shown}");
            }
        }
        ImportError::Invalid { message, .. } => {
            record(|t| t.file_level += 1);
            prop_assert!(
                FILE_LEVEL.contains(&message.as_str()),
                "an unlocated problem: {text}"
            );
        }
        ImportError::UnknownFormat { .. } => {
            record(|t| t.unknown_format += 1);
            prop_assert_eq!(
                import::detect(bytes),
                None,
                "said unknown but detected: {}",
                text
            );
        }
        ImportError::Io { .. } => prop_assert!(false, "an I/O error from bytes: {text}"),
    }
    Ok(())
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        // Shrinking a 2 MB input byte by byte would take all day; a few hundred steps find a
        // short enough mutation list.
        max_shrink_iters: 512,
        // A failure prints its minimal input; no regression file is written into the tree.
        failure_persistence: None,
        ..Config::default()
    }
}

fn fuzz(target: Target, case: &Case) -> Result<(), TestCaseError> {
    let Some((seed, bytes)) = case.build(target) else {
        return Ok(());
    };
    check_seeded(target, Some(&seed), &bytes)
}

/// Runs the fuzzer on one format and prints what happened to its inputs (see them with
/// `--nocapture`).
fn run(target: Target) {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&case(), |case| fuzz(target, &case));
    report(target);
    if let Err(e) = result {
        panic!("{target:?}: {e}");
    }
}

#[test]
fn mutated_frab_json_never_panics_and_errors_are_located() {
    run(Target::FrabJson);
}

#[test]
fn mutated_pentabarf_xml_never_panics_and_errors_are_located() {
    run(Target::PentabarfXml);
}

#[test]
fn mutated_icalendar_never_panics_and_errors_are_located() {
    run(Target::ICalendar);
}

#[test]
fn mutated_hallway_schedules_never_panic_and_errors_are_located() {
    run(Target::Hallway);
}

#[test]
fn every_seed_imports_and_the_excerpts_are_small() {
    for target in [
        Target::FrabJson,
        Target::PentabarfXml,
        Target::ICalendar,
        Target::Hallway,
    ] {
        for seed in seeds(target) {
            let imported = import::import_bytes(&seed.bytes, &seed.name, &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", seed.name));
            assert!(
                !imported.schedule.sessions().is_empty(),
                "{}: no sessions",
                seed.name
            );
            if seed.name.contains("excerpt") {
                assert!(
                    seed.bytes.len() < 64 * 1024,
                    "{}: {} bytes",
                    seed.name,
                    seed.bytes.len()
                );
            }
        }
    }
}

// --- targeted hostile inputs ----------------------------------------------------------------

/// Imports and checks like the fuzzer, and also requires it to take under `limit`.
fn hostile(target: Target, bytes: &[u8], limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    let result = check(target, bytes).map_err(|e| e.to_string());
    let elapsed = started.elapsed();
    assert!(
        elapsed < limit,
        "{target:?}: took {elapsed:?} on a {}-byte input",
        bytes.len()
    );
    result
}

fn import_err(bytes: &[u8], file: &str) -> ImportError {
    match import::import_bytes(bytes, file, &ImportOptions::default()) {
        Ok(i) => panic!(
            "{file}: imported ({} sessions)",
            i.schedule.sessions().len()
        ),
        Err(e) => e,
    }
}

fn frab(events: &str) -> String {
    format!(
        r#"{{"schedule":{{"version":"1","conference":{{"acronym":"x","title":"X","start":"2016-12-27","end":"2016-12-27","daysCount":1,"timeslot_duration":"00:15","days":[{{"index":0,"date":"2016-12-27","day_start":"2016-12-27T10:00:00+01:00","day_end":"2016-12-28T03:00:00+01:00","rooms":{{"Saal 1":[{events}]}}}}]}}}}}}"#
    )
}

fn frab_event(fields: &str) -> String {
    format!(
        r#"{{"id":1,"guid":"g-1","date":"2016-12-27T11:00:00+01:00","start":"11:00","duration":"00:30","room":"Saal 1","title":"T","type":"lecture","persons":[]{fields}}}"#
    )
}

#[test]
fn deeply_nested_json_is_a_located_error_not_a_stack_overflow() {
    let limit = Duration::from_secs(5);
    for depth in [200, 10_000, 1_000_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            // As a whole document, and as a value inside a real-looking one.
            let bomb = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            for (target, doc) in [
                (Target::FrabJson, format!("{{\"schedule\":{bomb}}}")),
                (
                    Target::FrabJson,
                    frab(&frab_event(&format!(",\"x\":{bomb}"))),
                ),
                (
                    Target::Hallway,
                    format!("{{\"format\":\"hallway-schedule\",\"version\":1,\"x\":{bomb}}}"),
                ),
            ] {
                hostile(target, doc.as_bytes(), limit)
                    .unwrap_or_else(|e| panic!("depth {depth}: {e}"));
                let e = import_err(doc.as_bytes(), "deep.json");
                assert!(
                    matches!(e, ImportError::Syntax { .. }),
                    "depth {depth}: {e}"
                );
            }
        }
    }
    // Unclosed, too.
    let open = "[".repeat(1_000_000);
    hostile(Target::FrabJson, open.as_bytes(), limit).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn huge_numbers_in_json_are_errors_or_ignored_never_a_panic() {
    let limit = Duration::from_secs(5);
    let digits = "9".repeat(100_000);
    let values = [
        "1e400".to_owned(),
        "-1e400".to_owned(),
        "1e-400".to_owned(),
        "18446744073709551616".to_owned(),
        "-9223372036854775809".to_owned(),
        digits.clone(),
        format!("0.{digits}"),
        format!("1e{digits}"),
        "\"99999999:59\"".to_owned(),
        "\"4294967296:00:00\"".to_owned(),
        "\"+262143-12-31T23:59:59+14:00\"".to_owned(),
        "\"-262144-01-01T00:00:00-14:00\"".to_owned(),
        "\"9999-12-31T23:59:59.999999999+23:59\"".to_owned(),
    ];
    for value in &values {
        for field in ["id", "duration", "date", "start", "title", "room"] {
            let doc = frab(&frab_event(&format!(",\"{field}\":{value}")).replacen(
                &format!("\"{field}\":"),
                "\"_was\":",
                1,
            ));
            hostile(Target::FrabJson, doc.as_bytes(), limit)
                .unwrap_or_else(|e| panic!("{field} = {value:.40}: {e}"));
        }
        for field in ["index", "date", "day_start", "day_end"] {
            let doc = frab(&frab_event("")).replacen(
                &format!("\"{field}\":"),
                &format!("\"{field}\":{value},\"_was\":"),
                1,
            );
            hostile(Target::FrabJson, doc.as_bytes(), limit)
                .unwrap_or_else(|e| panic!("day {field} = {value:.40}: {e}"));
        }
    }
    // hallway's format: dates and versions at the edges of what chrono and u32 hold.
    let bundled = hallway::schedule::bundled::JSON;
    for (from, to) in [
        ("\"version\": 1", "\"version\": 4294967296"),
        ("\"version\": 1", "\"version\": 1e400"),
        ("\"version\": 1", "\"version\": 4294967295"),
        (
            "\"start_date\": \"2024-09-18\"",
            "\"start_date\": \"+262143-12-31\"",
        ),
        (
            "\"end_date\": \"2024-09-19\"",
            "\"end_date\": \"+262143-12-31\"",
        ),
        (
            "\"start_date\": \"2024-09-18\"",
            "\"start_date\": \"-262144-01-01\"",
        ),
        ("\"utc_offset\": \"-07:00\"", "\"utc_offset\": \"+99:99\""),
    ] {
        assert!(bundled.contains(from), "the bundled program has no {from}");
        let doc = bundled.replacen(from, to, 1);
        hostile(Target::Hallway, doc.as_bytes(), limit).unwrap_or_else(|e| panic!("{to}: {e}"));
    }
}

#[test]
fn hallway_days_at_the_end_of_time_are_problems_not_panics() {
    // A session's day at the very last date chrono knows, with a start on another day: the
    // check "does the start fall on its day, or the day after" must not overflow.
    let doc = common::schedule_json(&[&common::session(
        "edge",
        "Edge",
        Some("2025-03-01T10:00:00+01:00"),
        Some("2025-03-01T11:00:00+01:00"),
    )
    .replacen("\"day\": null", "\"day\": \"+262142-12-31\"", 1)]);
    let e = import_err(doc.as_bytes(), "edge.json");
    assert!(
        e.lines().iter().any(|l| l.contains("session \"edge\"")),
        "{e}"
    );
    hostile(Target::Hallway, doc.as_bytes(), Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn deeply_nested_xml_neither_overflows_nor_crawls() {
    let limit = Duration::from_secs(10);
    let head = "<?xml version=\"1.0\"?>\n<schedule><conference><title>X</title></conference>\
                <day date=\"2016-12-27\"><room name=\"R\"><event guid=\"g\"><title>T</title>\
                <date>2016-12-27T11:00:00+01:00</date><duration>00:30</duration>";
    let tail = "</event></room></day></schedule>\n";
    for depth in [1_000, 100_000] {
        // Unknown elements inside an event, inside an abstract (rich text), and at the top.
        for (open, close) in [("<x>", "</x>"), ("<abstract>", "</abstract>")] {
            let doc = format!(
                "{head}{}deep{}{tail}",
                open.repeat(depth),
                close.repeat(depth)
            );
            hostile(Target::PentabarfXml, doc.as_bytes(), limit)
                .unwrap_or_else(|e| panic!("depth {depth}: {e}"));
        }
        let rich = format!(
            "{head}<abstract>{}text{}</abstract>{tail}",
            "<p>".repeat(depth),
            "</p>".repeat(depth)
        );
        hostile(Target::PentabarfXml, rich.as_bytes(), limit)
            .unwrap_or_else(|e| panic!("rich depth {depth}: {e}"));
        // Never closed.
        let open = format!("{head}{}", "<x>".repeat(depth));
        hostile(Target::PentabarfXml, open.as_bytes(), limit)
            .unwrap_or_else(|e| panic!("unclosed depth {depth}: {e}"));
        let e = import_err(open.as_bytes(), "deep.xml");
        assert!(matches!(e, ImportError::Syntax { .. }), "{e}");
    }
}

#[test]
fn huge_numbers_in_xml_are_errors_or_ignored_never_a_panic() {
    let limit = Duration::from_secs(5);
    let digits = "9".repeat(100_000);
    let event = |fields: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<schedule><conference><title>X</title>\
             <start>2016-12-27</start><end>2016-12-27</end><day_change>04:00</day_change>\
             </conference><day date=\"2016-12-27\" index=\"1\"><room name=\"R\">\
             <event guid=\"g\" id=\"1\">{fields}<title>T</title></event>\
             </room></day></schedule>\n"
        )
    };
    let cases = [
        format!("<start>{digits}:00</start><duration>00:30</duration>"),
        format!("<start>11:00</start><duration>{digits}:00</duration>"),
        "<start>11:00</start><duration>99999999:59</duration>".to_owned(),
        "<start>11:00</start><duration>4294967296:00:00</duration>".to_owned(),
        "<start>11:00</start><duration>999999</duration>".to_owned(),
        "<start>25:61</start><duration>00:30</duration>".to_owned(),
        "<date>+262143-12-31T23:59:59+14:00</date><duration>336:00</duration>".to_owned(),
        "<date>-262144-01-01T00:00:00-14:00</date><duration>00:30</duration>".to_owned(),
        "<date>9999-12-31T23:59:59+23:59</date><duration>99:59</duration>".to_owned(),
        format!("<date>2016-12-27T11:00:00+01:00</date><duration>00:30</duration><title>&#{digits};</title>"),
        "<date>2016-12-27T11:00:00+01:00</date><title>&#x110000;&#0;&#xD800;&#99999999999999999999;</title>".to_owned(),
    ];
    for fields in &cases {
        hostile(Target::PentabarfXml, event(fields).as_bytes(), limit)
            .unwrap_or_else(|e| panic!("{fields:.60}: {e}"));
    }
    for (attr, value) in [
        ("date=\"2016-12-27\"", "date=\"+262143-12-31\""),
        ("date=\"2016-12-27\"", "date=\"-262144-01-01\""),
        ("index=\"1\"", "index=\"99999999999999999999999\""),
    ] {
        let doc = event("<start>23:30</start><duration>00:30</duration>").replacen(attr, value, 1);
        hostile(Target::PentabarfXml, doc.as_bytes(), limit)
            .unwrap_or_else(|e| panic!("{value}: {e}"));
    }
}

#[test]
fn xml_entity_bombs_do_not_expand() {
    // Billion laughs: ten levels of ten references each would be 10^9 copies of "lol".
    let mut doctype = String::from("<!DOCTYPE schedule [\n<!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", level - 1)
        };
        let refs = format!("&{previous};").repeat(10);
        doctype.push_str(&format!("<!ENTITY lol{level} \"{refs}\">\n"));
    }
    doctype.push_str("]>\n");
    // Quadratic blow-up: one big entity referenced many times.
    let big = "x".repeat(100_000);
    let quadratic = format!("<!DOCTYPE schedule [<!ENTITY big \"{big}\">]>\n");
    // External entities must not be fetched either.
    let external = "<!DOCTYPE schedule [<!ENTITY ext SYSTEM \"file:///etc/passwd\">]>\n";
    for (doctype, reference, times) in [
        (doctype.as_str(), "&lol9;", 1),
        (doctype.as_str(), "&lol9;", 1_000),
        (quadratic.as_str(), "&big;", 10_000),
        (external, "&ext;", 1),
    ] {
        let refs = reference.repeat(times);
        let doc = format!(
            "<?xml version=\"1.0\"?>\n{doctype}<schedule><conference><title>{refs}</title>\
             </conference><day date=\"2016-12-27\"><room name=\"R\"><event guid=\"g\">\
             <date>2016-12-27T11:00:00+01:00</date><duration>00:30</duration>\
             <title>{refs}</title><abstract>{refs}</abstract><persons><person>{refs}</person>\
             </persons></event></room></day></schedule>\n"
        );
        hostile(
            Target::PentabarfXml,
            doc.as_bytes(),
            Duration::from_secs(10),
        )
        .unwrap_or_else(|e| panic!("{reference}: {e}"));
        if let Ok(imported) =
            import::import_bytes(doc.as_bytes(), "bomb.xml", &ImportOptions::default())
        {
            let s = &imported.schedule.sessions()[0];
            let grown = s.title.len()
                + s.summary_text().as_deref().map_or(0, str::len)
                + s.speakers.iter().map(|p| p.name.len()).sum::<usize>()
                + imported.schedule.conference.name.len();
            // Never more than the references as written (each kept or dropped, not expanded).
            assert!(
                grown <= 4 * refs.len() + 100,
                "{reference}: {grown} bytes of text from {} bytes of references",
                refs.len()
            );
            assert!(!s.title.contains("lollol"), "expanded: {:.80}", s.title);
            assert!(!s.title.contains("root:"), "an external entity was read");
        }
    }
}

#[test]
fn hostile_calendars_neither_overflow_nor_crawl() {
    let limit = Duration::from_secs(10);
    let event = |props: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1\r\n\
             SUMMARY:T\r\n{props}END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let digits = "9".repeat(100_000);
    let cases = [
        "DTSTART:20161227T110000Z\r\nDURATION:P99999999W\r\n".to_owned(),
        "DTSTART:20161227T110000Z\r\nDURATION:PT4294967296H\r\n".to_owned(),
        format!("DTSTART:20161227T110000Z\r\nDURATION:PT{digits}S\r\n"),
        "DTSTART:99991231T235959Z\r\nDURATION:P1W\r\n".to_owned(),
        "DTSTART:00000101T000000\r\nDTEND:99991231T235959\r\n".to_owned(),
        "DTSTART;VALUE=DATE:99991231\r\nDTEND;VALUE=DATE:99991232\r\n".to_owned(),
        "DTSTART;TZID=Nowhere/Never:20161227T110000\r\n".to_owned(),
        format!(
            "DTSTART:20161227T110000Z\r\nSUMMARY:{}\r\n",
            "x\r\n ".repeat(100_000)
        ),
        "DTSTART:20161227T110000Z\r\nBEGIN:VALARM\r\n".to_owned(),
    ];
    for props in &cases {
        hostile(Target::ICalendar, event(props).as_bytes(), limit)
            .unwrap_or_else(|e| panic!("{props:.60}: {e}"));
    }
    // Components nested far too deep, and never closed.
    for depth in [40, 100_000] {
        let nested = format!(
            "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
            "BEGIN:VEVENT\r\n".repeat(depth),
            "END:VEVENT\r\n".repeat(depth)
        );
        hostile(Target::ICalendar, nested.as_bytes(), limit)
            .unwrap_or_else(|e| panic!("depth {depth}: {e}"));
        let open = format!("BEGIN:VCALENDAR\r\n{}", "BEGIN:VEVENT\r\n".repeat(depth));
        hostile(Target::ICalendar, open.as_bytes(), limit)
            .unwrap_or_else(|e| panic!("unclosed depth {depth}: {e}"));
    }
}

#[test]
fn problems_stay_on_one_line_whatever_the_file_holds() {
    // Ids, titles and values with (JSON-escaped) line breaks in them.
    let first = common::session(
        r"a\nb",
        r"two\nlines",
        Some("2025-03-01T10:00:00+01:00"),
        None,
    );
    let bad_time = common::session(r"c\nd", "bad time", Some(r"not\na time"), None);
    let twin = common::session(r"a\nb", "again", None, None);
    let bad_link = first.replacen(
        r#""links": []"#,
        r#""links": [{"kind": "x\ny", "url": "u"}]"#,
        1,
    );
    for sessions in [
        vec![first.as_str(), bad_time.as_str()],
        vec![bad_link.as_str()],
        vec![first.as_str(), twin.as_str()],
    ] {
        let doc = common::schedule_json(&sessions);
        let e = import_err(doc.as_bytes(), "lines.json");
        for line in e.lines() {
            assert!(!line.contains('\n'), "{line:?}");
            assert!(line.starts_with("lines.json:"), "{line:?}");
        }
    }
    let doc = common::schedule_json(&[&first, &twin]);
    let lines = import_err(doc.as_bytes(), "lines.json").lines();
    assert!(
        lines
            .iter()
            // The id's line break is a control character, made a space by the outside-text
            // rule before ids are compared.
            .any(|l| l.contains(r#"session "a b" ("again"): duplicate id "a b""#)),
        "{lines:?}"
    );
}
