//! Acceptance tests for `hallway::search`: ranking on the bundled PyTorch Conference 2024
//! program and on tiny hand-written schedules, typo tolerance, multi-word AND, Unicode, and a
//! property test that no query panics.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::cell::RefCell;
use std::cmp::Reverse;

use hallway::schedule::{Schedule, bundled, load};
use hallway::search::{Field, Hit, SearchIndex};
use proptest::prelude::*;
use serde_json::{Value, json};

fn program() -> Schedule {
    bundled::load().unwrap()
}

/// A schedule of `sessions` (hallway's JSON format; only `title` is required per session).
fn schedule(sessions: Value) -> Schedule {
    let file = json!({
        "format": "hallway-schedule",
        "version": 1,
        "conference": {
            "name": "Test Conf",
            "start_date": "2024-09-18",
            "end_date": "2024-09-19",
            "utc_offset": "-07:00"
        },
        "sessions": sessions
    });
    load::from_str(&file.to_string(), "test.json").unwrap()
}

/// The titles of the hits, best first.
fn titles(schedule: &Schedule, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| schedule.sessions()[h.position].title.clone())
        .collect()
}

fn search(schedule: &Schedule, query: &str) -> Vec<String> {
    titles(
        schedule,
        &SearchIndex::new(schedule).search(schedule, query),
    )
}

#[test]
fn llama_finds_llama_talks_first_and_not_everything() {
    let program = program();
    let mut index = SearchIndex::new(&program);
    let hits = index.search(&program, "llama");
    let titles = titles(&program, &hits);
    assert!(titles.len() < 15, "{titles:#?}");
    for title in &titles[..2] {
        assert!(title.to_lowercase().contains("llama"), "{titles:#?}");
    }
    assert!(hits[..2].iter().all(|h| h.field == Field::Title));
    // Every hit mentions Llama somewhere: no fuzzy noise.
    for hit in &hits {
        let s = &program.sessions()[hit.position];
        let text = format!(
            "{} {} {} {}",
            s.title,
            s.speaker_line(),
            s.summary_text().as_deref().unwrap_or_default(),
            s.kind.as_deref().unwrap_or_default()
        );
        assert!(text.to_lowercase().contains("llama"), "{}", s.title);
    }
}

#[test]
fn subsequence_typo_finds_torchinductor() {
    let program = program();
    let titles = search(&program, "inductr");
    let wanted =
        "TorchInductor CPU Backend Advancements: New Features and Performance Improvements";
    let at = titles.iter().position(|t| t == wanted);
    assert!(at.is_some_and(|at| at < 2), "{titles:#?}");
    assert!(titles[..2].iter().all(|t| t.contains("TorchInductor")));
}

#[test]
fn one_edit_typos_find_torchtune_and_pytorch() {
    let program = program();
    let torchtune = search(&program, "tochtune");
    assert_eq!(
        torchtune.first().map(String::as_str),
        Some("torchtune: Easy and Accessible Finetuning in Native PyTorch")
    );
    let typo = search(&program, "pytroch");
    let exact = search(&program, "pytorch");
    assert!(exact.len() > 30);
    for title in exact.iter().filter(|t| t.contains("PyTorch")) {
        assert!(typo.contains(title), "{title}");
    }
    assert!(typo[0].contains("PyTorch"));
}

#[test]
fn acronyms_and_names() {
    let program = program();
    let fsdp = search(&program, "fsdp");
    assert!(fsdp[0].contains("FSDP"), "{fsdp:#?}");
    let executorch = search(&program, "ExecuTorch");
    assert!(executorch[..2].iter().all(|t| t.contains("ExecuTorch")));
    // Case does not matter.
    assert_eq!(search(&program, "FSDP"), fsdp);
}

#[test]
fn empty_and_blank_queries_match_nothing() {
    let program = program();
    let mut index = SearchIndex::new(&program);
    assert_eq!(index.len(), program.sessions().len());
    for query in ["", " ", "\t\n", "\u{3000}"] {
        assert!(index.search(&program, query).is_empty(), "{query:?}");
    }
}

#[test]
fn title_beats_speaker_beats_facts_beats_summary() {
    let s = schedule(json!([
        { "title": "Cooking with tensors", "summary": "All about gradients." },
        { "title": "Another talk", "summary": "We discuss gradients at length." },
        { "title": "Third talk", "speakers": [{ "name": "Gradient Descent" }] },
        { "title": "Fourth talk", "track": "Gradients Mini-Summit" },
        { "title": "Gradients for everyone" },
    ]));
    assert_eq!(
        search(&s, "gradients"),
        [
            "Gradients for everyone",
            "Fourth talk",
            "Cooking with tensors",
            "Another talk",
        ]
    );
    let mut index = SearchIndex::new(&s);
    let fields: Vec<Field> = index
        .search(&s, "gradient")
        .iter()
        .map(|h| h.field)
        .collect();
    assert_eq!(
        fields,
        [
            Field::Title,
            Field::Speaker,
            Field::Track,
            Field::Summary,
            Field::Summary
        ]
    );
}

#[test]
fn whole_words_beat_word_starts_beat_insides() {
    let s = schedule(json!([
        { "title": "Subtensor tricks" },
        { "title": "Tensors everywhere" },
        { "title": "Tensor basics" },
    ]));
    assert_eq!(
        search(&s, "tensor"),
        ["Tensor basics", "Tensors everywhere", "Subtensor tricks"]
    );
}

#[test]
fn literal_matches_beat_fuzzy_ones() {
    let s = schedule(json!([
        { "title": "Qauntize typo talk" },
        { "title": "Dequantize everything" },
        { "title": "Unrelated", "summary": "We quantized models." },
        { "title": "Quantizers explained" },
    ]));
    assert_eq!(
        search(&s, "quantize"),
        [
            "Quantizers explained",
            "Dequantize everything",
            // A literal match in a summary beats a typo in a title.
            "Unrelated",
            "Qauntize typo talk",
        ]
    );
}

#[test]
fn no_typos_for_words_of_the_program() {
    let s = schedule(json!([
        { "title": "Beta features" },
        { "title": "Talk", "speakers": [{ "name": "Ada", "affiliation": "Meta" }] },
        { "title": "Fortran forever", "summary": "Not for everyone." },
    ]));
    // "meta" is a word of the program: it is meant, not "beta".
    assert_eq!(search(&s, "meta"), ["Talk"]);
    // "neta" is not: typos count (and a title outranks an affiliation).
    assert_eq!(search(&s, "neta"), ["Beta features", "Talk"]);
    // Short words neither make nor match typos: "fort" is not "for".
    assert_eq!(search(&s, "fort"), ["Fortran forever"]);
}

#[test]
fn ties_keep_program_order() {
    let s = schedule(json!([
        { "title": "Talk about vLLM", "start": "2024-09-18T10:00:00-07:00" },
        { "title": "Another about vLLM", "start": "2024-09-18T11:00:00-07:00" },
        { "title": "vLLM again", "start": "2024-09-18T12:00:00-07:00" },
    ]));
    let mut index = SearchIndex::new(&s);
    let hits = index.search(&s, "vllm");
    assert_eq!(hits.len(), 3);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let tied: Vec<usize> = hits
        .iter()
        .filter(|h| h.score == hits[0].score)
        .map(|h| h.position)
        .collect();
    assert!(tied.windows(2).all(|w| w[0] < w[1]), "{hits:?}");
    assert_eq!(index.search(&s, "vllm"), hits);
}

#[test]
fn every_word_must_match_somewhere() {
    let s = schedule(json!([
        { "title": "Distributed training", "speakers": [{ "name": "Ada Lovelace", "affiliation": "Analytical Engines" }] },
        { "title": "Distributed inference", "summary": "Serving at scale." },
        { "title": "Training at scale" },
    ]));
    assert_eq!(search(&s, "distributed training"), ["Distributed training"]);
    assert_eq!(search(&s, "training distributed"), ["Distributed training"]);
    assert_eq!(search(&s, "distributed scale"), ["Distributed inference"]);
    // Words may match in different fields.
    assert_eq!(search(&s, "lovelace distributed"), ["Distributed training"]);
    assert!(search(&s, "distributed quantum").is_empty());
}

#[test]
fn speakers_and_affiliations() {
    let s = schedule(json!([
        { "title": "One", "speakers": [{ "name": "Soumith Chintala", "affiliation": "Meta" }] },
        { "title": "Two", "speakers": [{ "name": "Ada Lovelace", "affiliation": "Metamorphic Labs" }] },
        { "title": "Three", "speakers": [
            { "name": "Grace Hopper", "affiliation": "Navy" },
            { "name": "Alan Turing", "affiliation": "Bletchley Park" }
        ] },
    ]));
    let mut index = SearchIndex::new(&s);
    let hits = index.search(&s, "chintala");
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].position, hits[0].field), (0, Field::Speaker));
    let meta = index.search(&s, "meta");
    assert_eq!(meta.iter().map(|h| h.position).collect::<Vec<_>>(), [0, 1]);
    assert!(meta.iter().all(|h| h.field == Field::Affiliation));
    assert_eq!(search(&s, "turing"), ["Three"]);
    assert_eq!(search(&s, "bletchley"), ["Three"]);
    assert_eq!(search(&s, "hopper turing"), ["Three"]);
    // First names prefix-match.
    assert_eq!(search(&s, "gra"), ["Three"]);
}

#[test]
fn typo_budget_depends_on_length() {
    let s = schedule(json!([
        { "title": "Ship it" },
        { "title": "Compiler internals" },
        { "title": "Writing kernels" },
        { "title": "Benchmarking methodology" },
    ]));
    // Under four characters: no typos.
    assert!(search(&s, "shp").is_empty());
    assert_eq!(search(&s, "sjip"), ["Ship it"]);
    // Four to seven: one edit, and a transposition is one edit.
    assert_eq!(search(&s, "compilr"), ["Compiler internals"]);
    assert_eq!(search(&s, "kenrels"), ["Writing kernels"]);
    assert!(search(&s, "kenrles").is_empty());
    // Eight characters and more: two edits.
    assert_eq!(search(&s, "benchmrakng"), ["Benchmarking methodology"]);
    assert!(search(&s, "bnechmrakng").is_empty());
    // Dropped letters are a tight subsequence, which short fields accept.
    assert_eq!(search(&s, "cmpilr"), ["Compiler internals"]);
}

#[test]
fn no_scattered_subsequences() {
    let s = schedule(json!([
        { "title": "Large language models are magic", "summary": "Let us look at a map of the land." },
        { "title": "Llama recipes" },
    ]));
    // l-l-a-m-a is a subsequence of the first title and of its summary, but a scattered one.
    assert_eq!(search(&s, "llama"), ["Llama recipes"]);
    // A tight subsequence in a summary does not count either, only in short fields.
    let s = schedule(json!([
        { "title": "Compilers", "summary": "All about TorchInductor." },
        { "title": "TorchInductor internals" },
    ]));
    assert_eq!(search(&s, "inductr"), ["TorchInductor internals"]);
}

#[test]
fn punctuation_in_a_query_matches_literally() {
    let program = program();
    let compile = search(&program, "torch.compile");
    assert!(compile.len() >= 3);
    assert!(compile[..3].iter().all(|t| t.contains("Torch.Compile")));
    let cpp = search(&program, "c++");
    assert!(cpp[0].contains("C++"), "{cpp:#?}");
}

#[test]
fn punctuation_finds_words_only_a_summary_holds() {
    // Summaries are not kept lowercased in the index: they are lowered again for such words.
    let s = schedule(json!([
        { "title": "Deploying models", "summary": "We ship with TORCH.EXPORT and C++ runtimes." },
        { "title": "Other talk", "summary": "Nothing to see." },
    ]));
    let mut index = SearchIndex::new(&s);
    for query in ["torch.export", "c++", "export and c++"] {
        let hits = index.search(&s, query);
        assert_eq!(hits.len(), 1, "{query}");
        assert_eq!(
            (hits[0].position, hits[0].field),
            (0, Field::Summary),
            "{query}"
        );
    }
    // An index answers only for the program it was built from.
    let other = program();
    assert!(index.search(&other, "torch").is_empty());
}

#[test]
fn unicode_queries_and_fields() {
    let s = schedule(json!([
        { "title": "深度学习框架的未来", "speakers": [{ "name": "李雷", "affiliation": "清华大学" }] },
        { "title": "Ship it 🚀 fast", "summary": "Release engineering at Zürich." },
        { "title": "ΟΔΥΣΣΕΥΣ and the Straße" },
    ]));
    assert_eq!(search(&s, "学习"), ["深度学习框架的未来"]);
    assert_eq!(search(&s, "清华"), ["深度学习框架的未来"]);
    assert_eq!(search(&s, "🚀"), ["Ship it 🚀 fast"]);
    assert_eq!(search(&s, "ZÜRICH"), ["Ship it 🚀 fast"]);
    assert_eq!(search(&s, "zurich"), ["Ship it 🚀 fast"]);
    assert_eq!(search(&s, "straße"), ["ΟΔΥΣΣΕΥΣ and the Straße"]);
    assert_eq!(search(&s, "ΟΔΥΣΣΕΥΣ"), ["ΟΔΥΣΣΕΥΣ and the Straße"]);
    let mut index = SearchIndex::new(&s);
    for query in [
        "🔥",
        "👩‍💻",
        "é",
        "\u{301}",
        "İ",
        "ǅ",
        "💩💩💩💩💩",
        "学",
        "a\u{0}b",
    ] {
        for hit in index.search(&s, query) {
            assert!(hit.position < 3);
        }
    }
}

#[test]
fn an_empty_schedule_finds_nothing() {
    let s = schedule(json!([]));
    let mut index = SearchIndex::new(&s);
    assert!(index.is_empty());
    assert!(index.search(&s, "anything at all").is_empty());
}

thread_local! {
    /// The bundled program's index, built once per test thread: the property tests only read it.
    static INDEX: RefCell<(Schedule, SearchIndex)> = RefCell::new({
        let program = program();
        let index = SearchIndex::new(&program);
        (program, index)
    });
}

/// Hits are in range, strictly ordered (score down, then position up), repeatable, and none
/// for a blank query.
fn check(query: &str) -> Result<(), TestCaseError> {
    INDEX.with_borrow_mut(|(program, index)| {
        let hits = index.search(program, query);
        prop_assert!(hits.iter().all(|h| h.position < program.sessions().len()));
        let key = |h: &Hit| (h.score, Reverse(h.position));
        let ordered = hits.windows(2).all(|w| key(&w[0]) > key(&w[1]));
        prop_assert!(ordered, "not strictly ordered: {:?}", hits);
        if query.trim().is_empty() {
            prop_assert!(hits.is_empty());
        }
        prop_assert_eq!(index.search(program, query), hits);
        Ok(())
    })
}

proptest! {
    #[test]
    fn any_query_is_safe_and_in_range(query in any::<String>()) {
        check(&query)?;
    }

    #[test]
    fn mangled_words_are_safe(
        words in prop::collection::vec("[a-zA-Z0-9.+#-]{0,12}|\\PC{0,4}", 0..5)
    ) {
        check(&words.join(" "))?;
    }
}

#[test]
fn title_matches_rank_above_summary_only_matches() {
    // The summary says it whole and often, with the track too; the title only inside a word.
    let s = schedule(json!([
        { "title": "Talk one", "summary": "Compilers, compilers, compilers.", "track": "Compilers" },
        { "title": "Metacompilers at work" },
    ]));
    assert_eq!(
        search(&s, "compilers"),
        ["Metacompilers at work", "Talk one"]
    );
}

#[test]
fn a_title_starting_with_the_query_ranks_above_one_naming_it_later() {
    let s = schedule(json!([
        { "title": "Why we love Rust" },
        { "title": "Rust in the kernel" },
        { "title": "Lessons from Rusty code" },
        { "title": "Rusty bindings" },
    ]));
    assert_eq!(
        search(&s, "rust"),
        [
            "Rust in the kernel",
            "Why we love Rust",
            "Rusty bindings",
            "Lessons from Rusty code"
        ]
    );
}
