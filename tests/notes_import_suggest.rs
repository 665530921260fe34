//! `import-notes` notices notes filed under the wrong heading: on the real attendee notes of
//! ../shared/examples the DeepChem notes point to "Building Scientific Computing…" and the FSDP
//! notes to an FSDP / torch.compile session, nothing else is flagged, nothing moves by itself,
//! and `--review` moves what the user accepts — answers piped on stdin.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use hallway::notes_import::{Filed, Proposal, import, suggest};
use hallway::schedule::{Schedule, bundled};
use hallway::store::{Change, Store};

const NOTES: &str = "examples/attendee-notes-pytorch-2024.txt";
const LLAMA: &str = "meta-llama-3-and-the-future-of";
const SCIENCE: &str = "building-scientific-computing";
const SCIENCE_TITLE: &str =
    "Building Scientific Computing Infrastructure Software with the PyTorch Ecosystem";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-09-18T17:30:00-07:00").unwrap()
}

fn seed() -> Option<String> {
    common::shared(NOTES).map(|p| std::fs::read_to_string(p).unwrap())
}

fn is_fsdp_or_compile(program: &Schedule, id: &str) -> bool {
    let title = program.get(id).unwrap().title.to_lowercase();
    title.contains("fsdp") || title.contains("torch.compile")
}

/// Imports `text` into a fresh store (after `before` notes on the Llama session) and returns
/// the proposals.
fn proposals(program: &Schedule, text: &str, before: usize) -> (Vec<Proposal>, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), now()).unwrap().0;
    for i in 0..before {
        let change = Change::AddNote {
            conference: program.conference.id.clone(),
            session: LLAMA.to_owned(),
            text: format!("earlier note {i}"),
        };
        store.apply(change, now()).unwrap();
    }
    let report = import(program, &mut store, text, None, now()).unwrap();
    (suggest::review(program, &report.filed), store)
}

#[test]
fn the_seed_file_points_deepchem_and_fsdp_notes_to_their_talks_and_nothing_else() {
    let Some(text) = seed() else {
        return;
    };
    let program = bundled::load().unwrap();
    let (found, _) = proposals(&program, &text, 0);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0],
        Proposal {
            from: LLAMA.to_owned(),
            first: 6,
            last: 8,
            to: SCIENCE.to_owned(),
        }
    );
    // Notes 9–12 and 21–24 of the file are notes 9–16 of the session.
    assert_eq!(
        (found[1].from.as_str(), found[1].first, found[1].last),
        (LLAMA, 9, 16)
    );
    assert!(is_fsdp_or_compile(&program, &found[1].to), "{found:?}");
}

#[test]
fn numbers_count_the_notes_already_there() {
    let Some(text) = seed() else {
        return;
    };
    let program = bundled::load().unwrap();
    let (found, store) = proposals(&program, &text, 2);
    let ranges: Vec<(usize, usize)> = found.iter().map(|p| (p.first, p.last)).collect();
    assert_eq!(ranges, [(8, 10), (11, 18)]);
    let notes = store.notes(&program.conference.id, LLAMA);
    assert!(notes[7].text.starts_with("DeepChem"), "{notes:?}");
    assert!(notes[10].text.starts_with("GPU vs memory"), "{notes:?}");
}

#[test]
fn single_generic_notes_suggest_nothing() {
    let program = bundled::load().unwrap();
    let mut advisor = suggest::Advisor::new(&program);
    let generic = [
        "Porting from di.",
        "GPU",
        "memory",
        "Great talk, ask about the slides",
        "torchao",
        "Increase GPU utilization will create another dileman is to increase power consumption.",
        "https://github.com/pytorch/xla",
    ];
    for note in generic {
        let notes = vec![
            "Open Source is the Path Forward".to_owned(),
            note.to_owned(),
            "LLama Guard".to_owned(),
        ];
        assert_eq!(advisor.suggest(LLAMA, &notes), [], "{note}");
    }
    // Notes that are the heading's own talk stay put, however many.
    let own: Vec<String> = [
        "Enable safety research&transparency, release safety-tested foundation models",
        "LLama Guard",
        "trust and safety models and tools",
    ]
    .map(str::to_owned)
    .to_vec();
    assert_eq!(advisor.suggest(LLAMA, &own), []);
    // An unknown heading session suggests nothing rather than guessing.
    assert_eq!(advisor.suggest("no-such-session", &own), []);
}

#[test]
fn each_filed_block_is_judged_on_its_own() {
    let program = bundled::load().unwrap();
    let filed = [Filed {
        session: SCIENCE.to_owned(),
        first: 1,
        notes: vec![
            "DeepChem ,graph convolutions ,scikit learn .Deep forest science.".to_owned(),
            "Porting from di.".to_owned(),
        ],
    }];
    // The DeepChem note under its own talk is not flagged.
    assert_eq!(suggest::review(&program, &filed), []);
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = common::hallway(dir)
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        common::stdout(&out),
        common::stderr(&out),
    )
}

/// The notes of a session, from `show --json`.
fn notes_of(dir: &Path, id: &str) -> Vec<String> {
    let (code, out, err) = run(dir, &["show", id, "--json"], "");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn import_notes_says_where_notes_belong_and_changes_nothing_by_itself() {
    let Some(path) = common::shared(NOTES) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import-notes", path.to_str().unwrap()],
        "y\ny\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("21 notes imported"), "{out}");
    assert!(
        out.contains(&format!(
            "notes 6–8 look like \"Building Scientific Computing Infrastructure Software with…\" \
             — hallway move-note {LLAMA} 6-8 --to {SCIENCE}\n"
        )),
        "{out}"
    );
    let fsdp = out
        .lines()
        .find(|l| l.contains("notes 9–16 look like"))
        .unwrap_or_else(|| panic!("{out}"));
    let to = fsdp.rsplit("--to ").next().unwrap();
    assert!(is_fsdp_or_compile(&bundled::load().unwrap(), to), "{fsdp}");
    assert!(fsdp.ends_with(&format!("hallway move-note {LLAMA} 9-16 --to {to}")));
    assert!(out.contains("nothing was moved"), "{out}");
    // Exactly two suggestions: nothing on the other blocks.
    assert_eq!(out.matches("hallway move-note").count(), 2, "{out}");
    // Nothing moved, though stdin said yes: only --review asks.
    assert_eq!(notes_of(dir.path(), LLAMA).len(), 16);
    assert!(notes_of(dir.path(), SCIENCE).is_empty());

    // The printed command does what it says.
    let (code, _, err) = run(
        dir.path(),
        &["move-note", LLAMA, "6-8", "--to", SCIENCE],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(notes_of(dir.path(), SCIENCE)[0].starts_with("DeepChem"));
}

#[test]
fn review_moves_what_the_user_accepts_from_piped_answers() {
    let Some(path) = common::shared(NOTES) else {
        return;
    };
    let path = path.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Skip the first, accept the second.
    let (code, out, err) = run(dir.path(), &["import-notes", "--review", path], "n\ny\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!(
            "move them to \"{}…\"? [y/N]",
            &SCIENCE_TITLE[..58]
        )),
        "{out}"
    );
    assert!(out.contains("    6. DeepChem ,graph convolutions"), "{out}");
    assert!(out.contains("left as it was"), "{out}");
    assert!(out.contains("1 of 2 suggested moves made"), "{out}");
    let llama = notes_of(dir.path(), LLAMA);
    assert_eq!(llama.len(), 8);
    assert!(llama[5].starts_with("DeepChem"));
    assert!(notes_of(dir.path(), SCIENCE).is_empty());

    // Accept both: the second is renumbered after the first (9–16 became 6–13).
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["import-notes", "--review", path], "y\nYes\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("notes 6–13 look like"), "{out}");
    assert!(out.contains("2 of 2 suggested moves made"), "{out}");
    let llama = notes_of(dir.path(), LLAMA);
    assert_eq!(llama.len(), 5, "{llama:?}");
    assert_eq!(llama[4], "LLama Guard");
    let science = notes_of(dir.path(), SCIENCE);
    assert_eq!(science.len(), 3);
    assert!(science[2].starts_with("Equation solving"));

    // No answers at all (stdin closed): nothing moves, and it says so.
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["import-notes", "--review", path], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("no more answers: 2 suggestions left as they were (0 moved)"),
        "{out}"
    );
    assert_eq!(notes_of(dir.path(), LLAMA).len(), 16);
}
