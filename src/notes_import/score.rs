//! How well a block's heading names a session: a score in `0.0..=1.0` per session.
//!
//! Text is folded to lowercase words (every run of letters and digits; everything else
//! separates), so `State-of-Art`, `state of art` and `State of-Art` are the same three words.
//! Two ways of naming a session are scored, and the better one counts:
//!
//! - **By title.** Words of the heading are matched to words of the title, each with a typo
//!   allowance (optimal string alignment distance: one edit for words of 4–7 letters, two from
//!   8, none below 4 except a plural `s`, so `OOM` ≈ `OOMs`; a match is worth
//!   `1 - edits / length`, so `Backedn` ≈ `Backend` is worth 0.86). *Precision* is how much of
//!   the heading the title and the speakers' names and affiliations explain (so
//!   `Title - Speaker & Speaker, Org` loses nothing); *recall* is how much of the title the
//!   heading covers. The score is their harmonic mean. Short function words (`and`, `the`,
//!   `of`...) weigh a quarter. Attendees shorten titles, so recall is also taken over parts
//!   of the title: any run of its `:`- or ` - `-separated segments with two content words or
//!   more (`TorchInductor CPU Backend Advancements` for `...: New Features and Performance
//!   Improvements`, or a title without its `Lightning Talk:`), at ×0.97; and any leading run
//!   of three content words or more, at ×(0.85 + 0.15 × the share of the title kept).
//! - **By abstract**, for headings of eight words or more (a pasted abstract): the share of
//!   the heading's word pairs (bigrams) found in the session's summary, × (0.8 + 0.2 × the
//!   share of the summary's pairs covered). Pairs, not single words, so a paragraph that
//!   merely shares vocabulary with an abstract scores low.
//!
//! A multi-line heading (a title line, then the abstract pasted below it) is scored as a whole
//! and line by line (its first [`MAX_LINES`] lines), keeping the best.

use std::collections::HashMap;

use crate::schedule::{Schedule, Session};

/// Lines of a multi-line heading scored on their own.
pub const MAX_LINES: usize = 8;

/// Headings longer than this (in words) are not titles; only the abstract score applies.
const MAX_TITLE_WORDS: usize = 64;

/// Words the abstract score needs before it applies.
const MIN_ABSTRACT_WORDS: usize = 8;

/// Weight of a function word.
const LIGHT: f64 = 0.25;

pub(super) const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "how", "in", "into", "is", "it",
    "of", "on", "or", "our", "the", "to", "using", "via", "vs", "we", "what", "with", "you",
    "your",
];

/// A session's score against a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The session's id.
    pub id: String,
    /// `0.0..=1.0`, higher is closer.
    pub score: f64,
}

/// A word with its character count and weight.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    chars: usize,
    weight: f64,
}

impl Word {
    fn new(text: String) -> Self {
        let weight = if FUNCTION_WORDS.contains(&text.as_str()) {
            LIGHT
        } else {
            1.0
        };
        Self {
            chars: text.chars().count(),
            text,
            weight,
        }
    }

    fn is_content(&self) -> bool {
        self.weight >= 1.0
    }
}

/// A session ready for scoring.
#[derive(Debug, Clone)]
struct Prepared {
    id: String,
    title: Vec<Word>,
    /// Word ranges of the title's segments (split at `:` and spaced dashes).
    segments: Vec<(usize, usize)>,
    /// Speakers' names and affiliations.
    people: Vec<Word>,
    summary: Pairs,
}

/// A multiset of word pairs.
#[derive(Debug, Clone, Default)]
struct Pairs {
    counts: HashMap<String, u32>,
    total: u32,
}

impl Pairs {
    fn new(words: &[String]) -> Self {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut total = 0;
        for pair in words.windows(2) {
            if let [a, b] = pair {
                *counts.entry(format!("{a} {b}")).or_default() += 1;
                total += 1;
            }
        }
        Self { counts, total }
    }

    /// How many pairs the two multisets share.
    fn shared(&self, other: &Self) -> u32 {
        self.counts
            .iter()
            .map(|(k, n)| other.counts.get(k).map_or(0, |m| (*n).min(*m)))
            .sum()
    }
}

/// The sessions of a schedule, prepared once for scoring many headings.
#[derive(Debug, Clone)]
pub struct Matcher {
    sessions: Vec<Prepared>,
}

impl Matcher {
    /// Prepares every session of `schedule`.
    #[must_use]
    pub fn new(schedule: &Schedule) -> Self {
        Self {
            sessions: schedule.sessions().iter().map(prepare).collect(),
        }
    }

    /// Every session with a score above zero against `heading`, best first (ties in program
    /// order).
    #[must_use]
    pub fn rank(&self, heading: &str) -> Vec<Candidate> {
        let candidates = heading_candidates(heading);
        let mut ranked: Vec<Candidate> = self
            .sessions
            .iter()
            .map(|s| Candidate {
                id: s.id.clone(),
                score: candidates.iter().map(|c| score(c, s)).fold(0.0, f64::max),
            })
            .filter(|c| c.score > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        ranked
    }
}

/// A heading's words, with its word pairs when it is long enough for the abstract score.
struct Heading {
    words: Vec<Word>,
    pairs: Option<Pairs>,
}

fn heading_candidates(heading: &str) -> Vec<Heading> {
    let mut texts = vec![heading];
    if heading.lines().nth(1).is_some() {
        texts.extend(heading.lines().take(MAX_LINES));
    }
    texts
        .into_iter()
        .map(|t| {
            let words = words(t);
            let pairs = (words.len() >= MIN_ABSTRACT_WORDS).then(|| Pairs::new(&words));
            Heading {
                words: words.into_iter().map(Word::new).collect(),
                pairs,
            }
        })
        .collect()
}

fn prepare(session: &Session) -> Prepared {
    let mut title = Vec::new();
    let mut segments = Vec::new();
    for segment in title_segments(&session.title) {
        let start = title.len();
        title.extend(words(segment).into_iter().map(Word::new));
        if title.len() > start {
            segments.push((start, title.len()));
        }
    }
    let people = session
        .speakers
        .iter()
        .flat_map(|s| {
            words(&s.name)
                .into_iter()
                .chain(s.affiliation.as_deref().map(words).unwrap_or_default())
        })
        .map(Word::new)
        .collect();
    let summary = session
        .summary_text()
        .as_deref()
        .map(|s| Pairs::new(&words(s)))
        .unwrap_or_default();
    Prepared {
        id: session.id.clone(),
        title,
        segments,
        people,
        summary,
    }
}

/// A title cut at `:` and at dashes with spaces around them.
fn title_segments(title: &str) -> Vec<&str> {
    let mut parts = vec![title];
    for sep in [":", " - ", " – ", " — "] {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

/// Lowercase runs of letters and digits.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn score(heading: &Heading, session: &Prepared) -> f64 {
    let by_title = title_score(&heading.words, session);
    let by_abstract = match &heading.pairs {
        Some(pairs) if pairs.total > 0 && session.summary.total > 0 => {
            let shared = f64::from(pairs.shared(&session.summary));
            let precision = shared / f64::from(pairs.total);
            let recall = shared / f64::from(session.summary.total);
            precision * (0.8 + 0.2 * recall)
        }
        _ => 0.0,
    };
    by_title.max(by_abstract)
}

fn title_score(heading: &[Word], session: &Prepared) -> f64 {
    let title = &session.title;
    if heading.is_empty() || heading.len() > MAX_TITLE_WORDS || title.is_empty() {
        return 0.0;
    }
    let explained: f64 = heading
        .iter()
        .map(|h| h.weight * best(h, title.iter().chain(&session.people)))
        .sum();
    let precision = explained / heading.iter().map(|h| h.weight).sum::<f64>();
    if precision <= 0.0 {
        return 0.0;
    }
    let covered: Vec<f64> = title
        .iter()
        .map(|t| t.weight * best(t, heading.iter()))
        .collect();
    let f = |start: usize, end: usize| {
        let weight: f64 = title[start..end].iter().map(|t| t.weight).sum();
        let recall = covered[start..end].iter().sum::<f64>() / weight;
        2.0 * precision * recall / (precision + recall)
    };
    let content = |start: usize, end: usize| title[start..end].iter().filter(|t| t.is_content());
    let n = title.len();
    let mut best_score = f(0, n);
    for (i, &(start, _)) in session.segments.iter().enumerate() {
        for &(_, end) in &session.segments[i..] {
            if (start, end) != (0, n) && content(start, end).count() >= 2 {
                best_score = best_score.max(0.97 * f(start, end));
            }
        }
    }
    for end in 1..n {
        if content(0, end).count() >= 3 {
            #[allow(clippy::cast_precision_loss, reason = "titles are short")]
            let kept = end as f64 / n as f64;
            best_score = best_score.max((0.85 + 0.15 * kept) * f(0, end));
        }
    }
    best_score
}

/// The best match of `word` among `others`.
fn best<'a>(word: &Word, others: impl Iterator<Item = &'a Word>) -> f64 {
    others.map(|o| similarity(word, o)).fold(0.0, f64::max)
}

/// 1 for the same word; `1 - edits / length` within the typo allowance; else 0.
fn similarity(a: &Word, b: &Word) -> f64 {
    if a.text == b.text {
        return 1.0;
    }
    let short = a.chars.min(b.chars);
    let (longer, shorter) = if a.chars > b.chars { (a, b) } else { (b, a) };
    if short >= 3 && longer.text.strip_suffix('s') == Some(shorter.text.as_str()) {
        // A plural: `OOM` for `OOMs`, too short for the typo allowance.
        #[allow(clippy::cast_precision_loss, reason = "words are short")]
        return 1.0 - 1.0 / longer.chars as f64;
    }
    let allowed = match short {
        0..4 => return 0.0,
        4..8 => 1,
        _ => 2,
    };
    if a.chars.abs_diff(b.chars) > allowed || bag_distance(&a.text, &b.text) > allowed {
        return 0.0;
    }
    let edits = strsim::osa_distance(&a.text, &b.text);
    if edits > allowed {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss, reason = "words are short")]
    let sim = 1.0 - edits as f64 / a.chars.max(b.chars) as f64;
    sim
}

/// A cheap lower bound of the edit distance between two ASCII words: how many letters
/// one has that the other lacks (counted with repeats), the larger of the two counts. An edit
/// or a swap changes each count by one at most, so a pair whose bound exceeds the allowance is
/// rejected without aligning it — most pairs of a heading and a title. Non-ASCII words get 0
/// (no bound) and are aligned.
fn bag_distance(a: &str, b: &str) -> usize {
    if !a.is_ascii() || !b.is_ascii() {
        return 0;
    }
    let mut counts = [0i32; 128];
    for (byte, step) in a.bytes().map(|x| (x, 1)).chain(b.bytes().map(|x| (x, -1))) {
        if let Some(n) = counts.get_mut(usize::from(byte)) {
            *n += step;
        }
    }
    let (more, fewer) = counts.iter().fold(
        (0, 0),
        |(p, n), &c| {
            if c > 0 { (p + c, n) } else { (p, n - c) }
        },
    );
    usize::try_from(more.max(fewer)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn bag_distance_never_exceeds_the_edit_distance(a in "[a-e0-2]{0,10}", b in "[a-e0-2]{0,10}", u in "[a-eé]{0,6}") {
                prop_assert!(bag_distance(&a, &b) <= strsim::osa_distance(&a, &b));
                prop_assert!(bag_distance(&a, &u) <= strsim::osa_distance(&a, &u));
            }
        }
    }

    fn w(s: &str) -> Word {
        Word::new(s.to_owned())
    }

    #[test]
    fn typo_allowance() {
        assert!((similarity(&w("backedn"), &w("backend")) - 6.0 / 7.0).abs() < 1e-9);
        assert!(similarity(&w("advancement"), &w("advancements")) > 0.9);
        assert!(similarity(&w("cat"), &w("car")).abs() < f64::EPSILON);
        assert!(similarity(&w("torch"), &w("touch")) > 0.0);
        assert!(similarity(&w("lunch"), &w("launch")) > 0.0);
        assert!(similarity(&w("random"), &w("ransom")) > 0.0);
        assert!((similarity(&w("oom"), &w("ooms")) - 0.75).abs() < 1e-9);
        assert!(similarity(&w("oom"), &w("room")).abs() < f64::EPSILON);
    }

    #[test]
    fn segments_and_words() {
        assert_eq!(
            title_segments("Keynote: Ray: A Framework - Part 1"),
            vec!["Keynote", " Ray", " A Framework", "Part 1"]
        );
        assert_eq!(
            words("State-of-Art Gen AI"),
            ["state", "of", "art", "gen", "ai"]
        );
        assert_eq!(words("Éclair ÜBER"), ["éclair", "über"]);
    }
}
