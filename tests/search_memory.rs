//! The search index at scale: on a synthetic program of 17,000 sessions (two shards on a
//! machine of two cores or more) it keeps a few hundred bytes per session — it shares the
//! program's strings rather than copying them, and compresses its postings — and it answers
//! exactly as a brute-force search over every session's lowercase fields does.
//!
//! The reference covers literal matches, which is what a query gets when each of its words is
//! a whole word of the program (typos and subsequences then do not count) or has punctuation or
//! symbols; the queries are drawn from the program's own titles so that this holds.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::collections::BTreeSet;

use hallway::schedule::{Schedule, Session};
use hallway::search::{Field, Hit, SearchIndex};

const SESSIONS: usize = 17_000;

fn program() -> Schedule {
    hallway::synth::program(SESSIONS, 2025)
}

/// A session's lowercase key for `field`, as the index defines it.
fn key(s: &Session, field: Field) -> String {
    let joined = |parts: Vec<&str>| parts.join("\n");
    let text = match field {
        Field::Title => s.title.clone(),
        Field::Speaker => joined(s.speakers.iter().map(|p| p.name.as_str()).collect()),
        Field::Affiliation => joined(
            s.speakers
                .iter()
                .filter_map(|p| p.affiliation.as_deref())
                .collect(),
        ),
        Field::Kind => s.kind.clone().unwrap_or_default(),
        Field::Track => s.track.clone().unwrap_or_default(),
        Field::Room => s.room.clone().unwrap_or_default(),
        Field::Summary => s.summary_text().unwrap_or_default().into_owned(),
        Field::Id => s.id.clone(),
    };
    text.to_lowercase()
}

/// The bonus of `word`'s best literal occurrence in `key`: whole word 300, start of a word 200,
/// inside one 0 (only when `inner`).
fn literal(key: &str, word: &str, inner: bool) -> Option<u32> {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    key.match_indices(word)
        .filter_map(|(at, _)| {
            let before = boundary(key[..at].chars().next_back());
            let after = boundary(key[at + word.len()..].chars().next());
            match (before, after) {
                (true, true) => Some(300),
                (true, false) => Some(200),
                (false, _) if inner => Some(0),
                (false, _) => None,
            }
        })
        .max()
}

fn rank(field: Field) -> u32 {
    match field {
        Field::Title => 3,
        Field::Speaker => 2,
        Field::Summary => 0,
        _ => 1,
    }
}

/// Every session's keys, field by field.
fn keys(schedule: &Schedule) -> Vec<Vec<String>> {
    schedule
        .sessions()
        .iter()
        .map(|s| Field::ALL.iter().map(|&f| key(s, f)).collect())
        .collect()
}

/// The hits for `query`, by brute force over `keys`.
fn reference(schedule: &Schedule, keys: &[Vec<String>], query: &str) -> Vec<Hit> {
    let lowered = query.to_lowercase();
    let words: BTreeSet<&str> = lowered.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    for word in &words {
        if word.chars().all(char::is_alphanumeric) {
            let whole = keys
                .iter()
                .flatten()
                .any(|k| literal(k, word, false) == Some(300));
            assert!(whole, "{word:?} is not a whole word of the program");
        }
    }
    let mut hits = Vec::new();
    'sessions: for (position, fields) in keys.iter().enumerate() {
        let mut total = 0;
        let mut top = (0, Field::Title);
        for word in &words {
            let inner = word.chars().count() >= 3 || !word.is_ascii();
            let mut best = (0, Field::Title);
            let mut literals = 0u32;
            for (&field, key) in Field::ALL.iter().zip(fields) {
                let Some(bonus) = literal(key, word, inner) else {
                    continue;
                };
                let score = 10_000 + rank(field) * 1_000 + bonus;
                if field != Field::Id {
                    literals += 1;
                }
                if score > best.0 || (score == best.0 && field < best.1) {
                    best = (score, field);
                }
            }
            if best.0 == 0 {
                continue 'sessions;
            }
            let score = best.0 + 20 * literals.saturating_sub(1).min(4);
            total += score;
            if score > top.0 || (score == top.0 && best.1 < top.1) {
                top = (score, best.1);
            }
        }
        let title = schedule.sessions()[position]
            .title
            .trim_start()
            .to_lowercase();
        if words.iter().any(|w| title.starts_with(w)) {
            total += 50;
        }
        hits.push(Hit {
            position,
            score: total,
            field: top.1,
        });
    }
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.position.cmp(&b.position)));
    hits
}

/// Queries from the program itself: single title words and pairs of them (short and long,
/// ASCII or not), and words with punctuation or symbols.
fn queries(schedule: &Schedule) -> Vec<String> {
    let mut queries: Vec<String> = [
        "what's",
        "what's new",
        "(part",
        "2)",
        "×",
        "✨",
        "in",
        "of",
        "a",
        "ai",
    ]
    .map(String::from)
    .to_vec();
    for session in schedule.sessions().iter().step_by(1_700) {
        let title = session.title.to_lowercase();
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        queries.extend(words.iter().take(2).map(|w| (*w).to_owned()));
        if let [a, .., b] = words.as_slice() {
            queries.push(format!("{a} {b}"));
        }
    }
    queries
}

#[test]
fn the_index_answers_as_brute_force_does() {
    let schedule = program();
    let keys = keys(&schedule);
    let mut index = SearchIndex::new(&schedule);
    let mut found = 0;
    for query in queries(&schedule) {
        let expected = reference(&schedule, &keys, &query);
        found += usize::from(!expected.is_empty());
        assert_eq!(index.search(&schedule, &query), expected, "{query:?}");
    }
    assert!(found >= 20, "only {found} queries found anything");
}

#[test]
fn the_index_is_a_few_hundred_bytes_a_session() {
    let schedule = program();
    let index = SearchIndex::new(&schedule);
    let per_session = index.heap_bytes() / SESSIONS;
    // Lowercase copies of the short fields and plain u32 postings took 700 bytes a session.
    assert!(per_session < 300, "{per_session} bytes a session");
}
