//! Acceptance tests for `hallway::notes_import`: a real attendee's notes from the PyTorch
//! Conference 2024 (../shared/examples) parsed, matched and imported into a temporary store;
//! the numbering forms, URL and continuation lines, Unicode, no-match and ambiguous headings,
//! `--session`, a read-only store, and a property test that no text panics.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use std::fs;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};
use hallway::notes_import::{
    ACCEPT, Block, ImportError, MARGIN, Match, Matcher, import, match_block, parse, rank,
};
use hallway::schedule::{Schedule, bundled, load};
use hallway::store::{Store, StoreError};
use proptest::prelude::*;
use serde_json::{Value, json};

const NOTES: &str = "examples/attendee-notes-pytorch-2024.txt";
const LLAMA: &str = "Meta Llama 3 and the Future of Responsible AI Development";
const NPU: &str = "Running State-of-Art Gen AI Models on-Device with NPU Acceleration";
const INDUCTOR: &str =
    "TorchInductor CPU Backend Advancements: New Features and Performance Improvements";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-09-18T17:30:00-07:00").unwrap()
}

fn program() -> Schedule {
    bundled::load().unwrap()
}

/// The id of the session with this exact title.
fn id_of(schedule: &Schedule, title: &str) -> String {
    let found: Vec<&str> = schedule
        .sessions()
        .iter()
        .filter(|s| s.title == title)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(found.len(), 1, "sessions titled {title:?}: {found:?}");
    found[0].to_owned()
}

/// A schedule of `sessions` (hallway's JSON format; only `title` is required per session).
fn schedule(sessions: Value) -> Schedule {
    let file = json!({
        "format": "hallway-schedule",
        "version": 1,
        "conference": {
            "id": "testconf",
            "name": "Test Conf",
            "start_date": "2025-03-01",
            "end_date": "2025-03-02",
            "utc_offset": "+01:00"
        },
        "sessions": sessions
    });
    load::from_str(&file.to_string(), "test.json").unwrap()
}

fn two_parts() -> Schedule {
    schedule(json!([
        { "id": "part1", "title": "Scaling Training with FSDP2 (Part 1)" },
        { "id": "part2", "title": "Scaling Training with FSDP2 (Part 2)" },
        { "id": "other", "title": "Welcome & Opening Remarks" }
    ]))
}

fn block(heading: &str) -> Block {
    Block {
        heading: heading.to_owned(),
        line: 1,
        notes: vec!["a note".to_owned()],
    }
}

fn open_store(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path(), now()).unwrap().0
}

/// The texts of a session's notes, in their displayed order.
fn texts(store: &Store, conference: &str, session: &str) -> Vec<String> {
    store
        .notes(conference, session)
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

// ---- the real file ------------------------------------------------------------------------

#[test]
fn real_notes_parse_into_three_blocks() {
    let Some(path) = common::shared(NOTES) else {
        return;
    };
    let blocks = parse(&fs::read_to_string(path).unwrap());
    assert_eq!(blocks.len(), 3, "{blocks:#?}");
    let counts: Vec<usize> = blocks.iter().map(|b| b.notes.len()).collect();
    // Llama: 1–12 then 21–24; Qualcomm: 1–3 (the URL joins note 2); Inductor: 1–2 (the
    // trailing empty `3.` is dropped).
    assert_eq!(counts, [16, 3, 2]);
    assert_eq!(
        blocks.iter().map(|b| b.line).collect::<Vec<_>>(),
        [5, 27, 33]
    );

    let llama = &blocks[0];
    assert_eq!(
        llama.title_line(),
        "Meta Llama 3 and the Future of Responsible AI Development - Spencer Whitman & Vincent \
         Gonguet, Meta"
    );
    assert!(
        llama
            .heading
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("As AI models become")
    );
    assert_eq!(llama.notes[0], "Open Source is the Path Forward");
    assert_eq!(
        llama.notes[1],
        "Enable safety research&transparency, release safety-tested foundation models, reduce \
         barriers to safe deployment"
    );
    assert_eq!(
        llama.notes[8],
        "GPU vs memory and communications . weights .Torch.compile with FSDP."
    );
    assert_eq!(
        llama.notes[11],
        "Activation Checkpointing plays an important role to trades computation and memory."
    );
    assert_eq!(llama.notes[12], "FSDP sharded data including weights");
    assert_eq!(llama.notes[14], "https://github.com/pytorch/xla");

    let npu = &blocks[1];
    assert!(npu.heading.starts_with("Since the boom of generative AI"));
    assert!(npu.heading.ends_with("Qualcomm Hexagon NPU."));
    assert_eq!(
        npu.notes[1],
        "ExecuTorch,quanizaion schema is only way to run small modules .utilize model sharding \
         algorithm .node fusion/expansion .\nhttps://pytorch.org/executorch-overview"
    );

    let inductor = &blocks[2];
    assert_eq!(inductor.heading, "TorchInductor CPU Backedn Advancement");
    assert_eq!(
        inductor.notes,
        [
            "OpemMP, Halide CPU Codegen, Triton CPU Codegen.",
            "ATen Vectorzied abstraction."
        ]
    );
}

#[test]
fn real_notes_match_their_sessions_by_a_wide_margin() {
    let Some(path) = common::shared(NOTES) else {
        return;
    };
    let program = program();
    let blocks = parse(&fs::read_to_string(path).unwrap());
    for (block, title) in blocks.iter().zip([LLAMA, NPU, INDUCTOR]) {
        let id = id_of(&program, title);
        assert_eq!(match_block(&program, block), Match::Session(id.clone()));
        let ranked = rank(&program, block);
        assert_eq!(ranked[0].id, id);
        assert!(ranked[0].score >= 0.9, "{title}: {ranked:?}");
        assert!(
            ranked[1].score <= ranked[0].score - 0.4 && ranked[1].score < ACCEPT - 0.25,
            "{title}: runner-up too close: {:?}",
            &ranked[..2]
        );
    }
}

#[test]
fn real_notes_import_onto_the_right_sessions_in_order() {
    let Some(path) = common::shared(NOTES) else {
        return;
    };
    let text = fs::read_to_string(path).unwrap();
    let program = program();
    let conference = program.conference.id.clone();
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);

    let report = import(&program, &mut store, &text, None, now()).unwrap();

    let (llama, npu, inductor) = (
        id_of(&program, LLAMA),
        id_of(&program, NPU),
        id_of(&program, INDUCTOR),
    );
    assert_eq!(
        report.added,
        [(llama.clone(), 16), (npu.clone(), 3), (inductor.clone(), 2)]
    );
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.notes_added(), 21);

    let blocks = parse(&text);
    assert_eq!(texts(&store, &conference, &llama), blocks[0].notes);
    assert_eq!(texts(&store, &conference, &npu), blocks[1].notes);
    assert_eq!(texts(&store, &conference, &inductor), blocks[2].notes);
    // Displayed numbers are positions: note 1 is the first line of the block, and so on.
    let notes = store.notes(&conference, &llama);
    assert_eq!(notes[0].text, "Open Source is the Path Forward");
    assert_eq!(
        notes[15].text,
        "Increase GPU utilization will create another dileman is to increase power consumption."
    );
    assert!(notes.iter().all(|n| n.written == now()));

    // Saved, not just in memory.
    assert_eq!(store.pending(), 0);
    let reopened = open_store(&dir);
    assert_eq!(texts(&reopened, &conference, &inductor), blocks[2].notes);
}

#[test]
fn importing_appends_after_existing_notes() {
    let program = two_parts();
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let text = "Welcome and Opening Remarks\n1.first\n";
    import(&program, &mut store, text, None, now()).unwrap();
    import(
        &program,
        &mut store,
        "Welcome & opening remarks\n1.second\n2.third",
        None,
        now(),
    )
    .unwrap();
    assert_eq!(
        texts(&store, "testconf", "other"),
        ["first", "second", "third"]
    );
}

// ---- matching -----------------------------------------------------------------------------

#[test]
fn unrelated_headings_match_nothing() {
    let program = program();
    for heading in [
        "Lunch with friends",
        "Random thoughts",
        "Coffee break",
        "",
        "Keynote",
        "PyTorch",
    ] {
        assert_eq!(
            match_block(&program, &block(heading)),
            Match::NoMatch,
            "{heading:?}: {:?}",
            rank(&program, &block(heading)).first()
        );
    }
    let best = |h: &str| rank(&program, &block(h)).first().map_or(0.0, |c| c.score);
    assert!(best("Lunch with friends") < 0.3);
    assert!(best("Random thoughts") < 0.3);
}

#[test]
fn unmatched_blocks_are_skipped_and_reported() {
    let program = program();
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let text = "Lunch with friends\n1.great tacos\n\nSlaying OOMs\n1.use memory snapshots\n";
    let report = import(&program, &mut store, text, None, now()).unwrap();
    assert_eq!(report.added, [(id_of(&program, "Slaying OOMs"), 1)]);
    assert_eq!(report.skipped.len(), 1);
    let (skipped, why) = &report.skipped[0];
    assert_eq!(skipped.heading, "Lunch with friends");
    assert_eq!(skipped.notes, ["great tacos"]);
    assert_eq!(*why, Match::NoMatch);
    let conference = &program.conference.id;
    assert_eq!(store.sessions_with_notes(conference).count(), 1);
}

#[test]
fn a_heading_equally_close_to_two_sessions_is_ambiguous() {
    let program = two_parts();
    let heading = block("Scaling Training with FSDP2");
    let ranked = rank(&program, &heading);
    assert!(
        (ranked[0].score - ranked[1].score).abs() < MARGIN,
        "{ranked:?}"
    );
    match match_block(&program, &heading) {
        Match::Ambiguous(ids) => {
            let mut ids = ids;
            ids.sort();
            assert_eq!(ids, ["part1", "part2"]);
        }
        other => panic!("expected ambiguous, got {other:?}"),
    }
    // Naming the part settles it.
    assert_eq!(
        match_block(&program, &block("Scaling Training with FSDP2 - part 2")),
        Match::Session("part2".into())
    );

    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let report = import(
        &program,
        &mut store,
        "Scaling training with FSDP2\n1. shard everything",
        None,
        now(),
    )
    .unwrap();
    assert!(report.added.is_empty());
    assert!(matches!(report.skipped[0].1, Match::Ambiguous(_)));
    assert_eq!(store.sessions_with_notes("testconf").count(), 0);
}

#[test]
fn titles_are_found_despite_typos_speakers_and_shortening() {
    let program = program();
    let cases = [
        ("Slaying OOM", "Slaying OOMs"),
        (
            "Low Precision Dtypes in PyTorch",
            "Lightning Talk: Low Precision Dtypes in PyTorch",
        ),
        ("Meta Llama 3 and the Future", LLAMA),
        ("# TorchInductor CPU Backend Advancements", INDUCTOR),
        (
            "vLLM: Easy, Fast and Cheap LLM Serving - Woosuk Kwon",
            "vLLM: Easy, Fast, and Cheap LLM Serving for Everyone",
        ),
    ];
    for (heading, title) in cases {
        assert_eq!(
            match_block(&program, &block(heading)),
            Match::Session(id_of(&program, title)),
            "{heading:?}: {:?}",
            &rank(&program, &block(heading))[..2]
        );
    }
}

// ---- --session ----------------------------------------------------------------------------

#[test]
fn force_session_takes_every_block() {
    let program = two_parts();
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let text = "1.no heading at all\n\nLunch with friends\n1.tacos\n2.more tacos\n\n\
                Welcome & Opening Remarks\n1.hello";
    let report = import(&program, &mut store, text, Some("part1"), now()).unwrap();
    assert_eq!(
        report.added,
        [
            ("part1".to_owned(), 1),
            ("part1".to_owned(), 2),
            ("part1".to_owned(), 1)
        ]
    );
    assert!(report.skipped.is_empty());
    assert_eq!(
        texts(&store, "testconf", "part1"),
        ["no heading at all", "tacos", "more tacos", "hello"]
    );
    assert_eq!(store.sessions_with_notes("testconf").count(), 1);
}

#[test]
fn force_session_must_exist() {
    let program = two_parts();
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let err = import(&program, &mut store, "T\n1.x", Some("part3"), now()).unwrap_err();
    match err {
        ImportError::UnknownSession { id, closest } => {
            assert_eq!(id, "part3");
            assert!(closest.contains(&"part1".to_owned()), "{closest:?}");
        }
        other => panic!("expected UnknownSession, got {other:?}"),
    }
    assert_eq!(store.sessions_with_notes("testconf").count(), 0);
}

#[test]
fn a_read_only_store_stops_the_import() {
    let program = two_parts();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("state.json"),
        r#"{"format":"hallway-state","version":99,"conferences":{}}"#,
    )
    .unwrap();
    let mut store = open_store(&dir);
    let err = import(&program, &mut store, "Welcome\n1.x", Some("other"), now()).unwrap_err();
    match &err {
        ImportError::Store { partial, source } => {
            assert!(partial.added.is_empty());
            assert!(matches!(source, StoreError::ReadOnly { .. }), "{source}");
        }
        other => panic!("expected a store error, got {other:?}"),
    }
    assert_eq!(err.to_string(), "the import stopped after 0 notes");
}

// ---- parsing ------------------------------------------------------------------------------

#[test]
fn numbering_forms() {
    let text = "Talk\n1.tight\n2. spaced\n3.   wide\n12) paren\n  13.indented\n14.\t\ttab\n\
                3.5x faster than before\n99)\n";
    let blocks = parse(text);
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        blocks[0].notes,
        [
            "tight",
            "spaced",
            "wide",
            "paren",
            "indented",
            // `3.5x` is a decimal, not note 3: it continues the note above.
            "tab\n3.5x faster than before",
        ]
    );
}

#[test]
fn notes_are_kept_byte_for_byte_but_trailing_whitespace() {
    let text = "Café talk — naïve 🚀\n1.é (e + U+0301: e\u{301}) 日本語 · 🇫🇷  \n\
                2.  a  b\t c\r\n   indented continuation  \n";
    let blocks = parse(text);
    assert_eq!(blocks[0].heading, "Café talk — naïve 🚀");
    assert_eq!(
        blocks[0].notes,
        [
            "é (e + U+0301: e\u{301}) 日本語 · 🇫🇷",
            "a  b\t c\n   indented continuation"
        ]
    );

    let program = schedule(json!([
        { "id": "cafe", "title": "Café Talk — Naïve 🚀 Approaches" },
        { "id": "other", "title": "Something Else Entirely" }
    ]));
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let report = import(&program, &mut store, text, None, now()).unwrap();
    assert_eq!(report.added, [("cafe".to_owned(), 2)]);
    let reopened = open_store(&dir);
    // The store keeps what `sanitize::block` leaves (issue 12): here only the tab becomes a
    // space.
    assert_eq!(
        texts(&reopened, "testconf", "cafe"),
        [
            "é (e + U+0301: e\u{301}) 日本語 · 🇫🇷",
            "a  b  c\n   indented continuation"
        ]
    );
}

#[test]
fn urls_join_the_note_above_unless_numbered() {
    let text = "Talk\nhttps://example.org/talk\n1.first\nhttps://a.example/1\n\n\
                https://a.example/2\n2. https://b.example\n";
    let blocks = parse(text);
    assert_eq!(blocks[0].heading, "Talk\nhttps://example.org/talk");
    assert_eq!(
        blocks[0].notes,
        [
            "first\nhttps://a.example/1\nhttps://a.example/2",
            "https://b.example"
        ]
    );
}

#[test]
fn paragraphs_without_notes_make_no_block() {
    let text = "# My notes\n\nIntro paragraph,\non two lines.\n\nFirst talk\n\n1.a\n\n\
                A closing remark, with no notes after it.\n";
    let blocks = parse(text);
    assert_eq!(blocks.len(), 1);
    // The paragraph right before the notes is the heading, even after a blank line.
    assert_eq!(blocks[0].heading, "First talk");
    assert_eq!(blocks[0].line, 6);
    assert_eq!(blocks[0].notes, ["a"]);
}

#[test]
fn a_heading_right_below_notes_is_found_when_numbering_restarts() {
    let text = "First talk\n1.a\n2.b\ncontinued b\nSecond talk\n1.c\n2.d\nmore d\n3.e\n";
    let blocks = parse(text);
    assert_eq!(blocks.len(), 2, "{blocks:#?}");
    assert_eq!(blocks[0].notes, ["a", "b\ncontinued b"]);
    assert_eq!(blocks[1].heading, "Second talk");
    assert_eq!(blocks[1].line, 5);
    assert_eq!(blocks[1].notes, ["c", "d\nmore d", "e"]);
}

#[test]
fn empty_notes_and_empty_input() {
    assert!(parse("").is_empty());
    assert!(parse("\n\n  \n").is_empty());
    assert!(parse("Just a paragraph.\nNo notes.").is_empty());
    assert!(parse("Talk\n1.\n2.   \n").is_empty());
    // An empty `3.` takes the line below as its text.
    assert_eq!(parse("Talk\n1.\nlate text")[0].notes, ["late text"]);
    // A byte-order mark and CRLF line ends.
    let blocks = parse("\u{feff}Talk\r\n1.a\r\n");
    assert_eq!(
        (blocks[0].heading.as_str(), blocks[0].notes.as_slice()),
        ("Talk", &["a".to_owned()][..])
    );

    let program = program();
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir);
    let report = import(&program, &mut store, "", None, now()).unwrap();
    assert!(report.added.is_empty() && report.skipped.is_empty());
    assert!(!dir.path().join("state.json").exists());
}

// ---- properties ---------------------------------------------------------------------------

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,4}[.)] ?[a-zé🚀 .:-]{0,12}",
        "https?://[a-z./]{0,10}",
        "[A-Za-z0-9 ,.:&'’—-]{0,30}",
        any::<String>(),
    ]
}

static PROGRAM: LazyLock<Schedule> = LazyLock::new(program);
static MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(&PROGRAM));

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

    #[test]
    fn any_text_parses_and_matches_without_panicking(
        lines in prop::collection::vec(line(), 0..30),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let count = text.lines().count();
        for b in parse(&text) {
            prop_assert!(!b.notes.is_empty());
            prop_assert!(b.notes.iter().all(|n| !n.trim().is_empty() && n == n.trim_end()));
            prop_assert!(b.line >= 1 && b.line <= count);
            let ranked = MATCHER.rank(&b.heading);
            prop_assert!(ranked.iter().all(|c| c.score > 0.0 && c.score <= 1.0 + 1e-9));
        }
    }
}
