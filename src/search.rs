//! Matching and ranking sessions against a typed query: the domain side of the search box.
//!
//! A [`SearchIndex`] is built once per loaded [`Schedule`]. It keeps the program's vocabulary
//! (each distinct lowercase word, with the sessions and fields it occurs in, compressed), so a
//! query costs one pass over the distinct words plus the postings of those that match — not a
//! pass over every abstract. It keeps no copy of the sessions' text: the rare query word with
//! punctuation reads the schedule's own strings, lowered as needed. At 50,000 sessions it takes
//! about 11 MB ([`SearchIndex::heap_bytes`]).
//!
//! A query is split on whitespace into words; a session is a hit when **every** word matches
//! somewhere in it (any field). A word matches a field:
//! - literally, as a substring (whole word, start of a word, or inside one — the last only for
//!   words of three letters or more, or non-ASCII ones);
//! - with a typo: within one edit of a word of the field for words of 4–7 characters, two edits
//!   from 8 (Damerau–Levenshtein, so a swap is one edit: `pytroch` finds `PyTorch`);
//! - as a tight subsequence of a word (nucleo), in every field but the summary and the id:
//!   `inductr` finds `TorchInductor`. A subsequence scattered over a word, or across words,
//!   does not count.
//!
//! The last two, the fuzzy matches, count only for a query word that is not itself a word of
//! the program: "meta" finds Meta and not "beta", "pytroch" finds PyTorch.
//!
//! Literal matches always outrank fuzzy ones; then title beats speakers, which beat the short
//! facts (affiliation, kind, track, room, id), which beat the summary; then whole words beat
//! word starts, which beat the inside of words. A session's score is the sum of its words'
//! best scores (plus a little for each further field a word also matches literally); ties go
//! to program order.
//!
//! Nothing here knows about the terminal.

mod intern;
mod keys;
mod postings;
mod rank;
mod shard;
mod terms;

use crate::schedule::{Schedule, Session};

use rank::{Class, EXTRA_FIELD, Fuzzy, MAX_EXTRA, Needle};
use shard::Shard;
use terms::split_entry;

/// Where in a session a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The session's title.
    Title,
    /// A speaker's name.
    Speaker,
    /// A speaker's affiliation.
    Affiliation,
    /// The kind of session (Keynote, Lightning Talk...).
    Kind,
    /// The track or mini-summit.
    Track,
    /// The room.
    Room,
    /// The abstract or description.
    Summary,
    /// The session's id.
    Id,
}

impl Field {
    /// Every field, in the order used to break ties between equally good matches.
    pub const ALL: [Field; 8] = [
        Field::Title,
        Field::Speaker,
        Field::Affiliation,
        Field::Kind,
        Field::Track,
        Field::Room,
        Field::Summary,
        Field::Id,
    ];

    /// A short lowercase name, for display ("title", "speaker"...).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Speaker => "speaker",
            Field::Affiliation => "affiliation",
            Field::Kind => "kind",
            Field::Track => "track",
            Field::Room => "room",
            Field::Summary => "summary",
            Field::Id => "id",
        }
    }
}

/// One session matching a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Schedule::sessions`].
    pub position: usize,
    /// Higher is better; only meaningful against other hits of the same query.
    pub score: u32,
    /// The field of the best-matching query word.
    pub field: Field,
}

/// A schedule prepared for searching. Build it once per loaded schedule with
/// [`SearchIndex::new`]; it does not borrow the schedule, and its hits index into that
/// schedule's [`Schedule::sessions`].
#[derive(Debug, Clone)]
pub struct SearchIndex {
    sessions: usize,
    shards: Vec<Shard>,
    fuzzy: Fuzzy,
    scratch: Scratch,
}

/// Per-query working memory, kept between queries so a search allocates little.
#[derive(Debug, Clone, Default)]
struct Scratch {
    /// Per session: how many query words have matched so far (a session is alive for word `w`
    /// when this is `w`).
    matched: Vec<u32>,
    /// Per session: the sum of its words' scores.
    total: Vec<u32>,
    /// Per session: its best single word score and that word's field.
    top: Vec<(u32, Field)>,
    /// Per session, for the current word: best score and field, and the fields (as bits) it
    /// matched literally.
    word: Vec<(u32, Field, u8)>,
    /// Sessions the current word has matched.
    touched: Vec<usize>,
    /// Per shard, the vocabulary words the current word matches.
    classes: Vec<Vec<(usize, Class)>>,
}

impl SearchIndex {
    /// Indexes every session of `schedule`. Large programs (tens of thousands of sessions)
    /// are indexed on several threads.
    #[must_use]
    pub fn new(schedule: &Schedule) -> Self {
        Self::with_shards(schedule, None)
    }

    fn with_shards(schedule: &Schedule, shards: Option<usize>) -> Self {
        let sessions = schedule.sessions();
        let n = sessions.len();
        Self {
            sessions: n,
            shards: shard::build(sessions, shards),
            fuzzy: Fuzzy::default(),
            scratch: Scratch {
                matched: vec![0; n],
                total: vec![0; n],
                top: vec![(0, Field::Title); n],
                word: vec![(0, Field::Title, 0); n],
                ..Scratch::default()
            },
        }
    }

    /// How many sessions are indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sessions
    }

    /// The bytes this index keeps on the heap (what its buffers reserve, not only what they
    /// use): the vocabulary, its postings, and the per-query scratch.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        let s = &self.scratch;
        let scratch = size_of_val(s.matched.as_slice())
            + size_of_val(s.total.as_slice())
            + size_of_val(s.top.as_slice())
            + size_of_val(s.word.as_slice())
            + s.touched.capacity() * size_of::<usize>()
            + s.classes
                .iter()
                .map(|c| c.capacity() * size_of::<(usize, Class)>())
                .sum::<usize>();
        let shards: usize = self.shards.iter().map(|s| s.terms.heap_bytes()).sum();
        scratch + shards
    }

    /// Whether the schedule had no sessions.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sessions == 0
    }

    /// The sessions of `schedule` — the one indexed — matching every word of `query`, best
    /// first (ties in program order). A query of only whitespace matches nothing, and so does
    /// any query against another program.
    #[must_use]
    pub fn search(&mut self, schedule: &Schedule, query: &str) -> Vec<Hit> {
        let sessions = schedule.sessions();
        if sessions.len() != self.sessions {
            return Vec::new();
        }
        let lowered = query.to_lowercase();
        // Scores do not depend on the order of words; longest first tends to narrow the live
        // sessions soonest.
        let mut words: Vec<&str> = lowered.split_whitespace().collect();
        words.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        words.dedup();
        if words.is_empty() {
            return Vec::new();
        }
        let s = &mut self.scratch;
        s.matched.fill(0);
        s.total.fill(0);
        s.top.fill((0, Field::Title));
        for (round, word) in (0u32..).zip(&words) {
            self.match_word(sessions, &Needle::new(word), round);
            if !self.scratch.finish_word() {
                return Vec::new();
            }
        }
        let rounds = u32::try_from(words.len()).unwrap_or(u32::MAX);
        let s = &self.scratch;
        let mut hits: Vec<Hit> = (0..self.sessions)
            .filter(|&i| s.matched[i] == rounds)
            .map(|i| Hit {
                position: i,
                score: s.total[i] + rank::title_start_bonus(&sessions[i].title, &words),
                field: s.top[i].1,
            })
            .collect();
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.position.cmp(&b.position)));
        hits
    }

    /// Offers the scratch every live session that the current word matches.
    fn match_word(&mut self, sessions: &[Session], needle: &Needle, round: u32) {
        let Self {
            shards,
            fuzzy,
            scratch,
            ..
        } = self;
        if needle.plain {
            match_terms(shards, needle, round, fuzzy, scratch);
        } else {
            for shard in shards.iter() {
                match_keys(shard, sessions, needle, round, scratch);
            }
        }
    }
}

/// A plain word: compare it with each word of every shard's vocabulary, then walk the
/// matches' postings. Typos and subsequences count only when the word occurs nowhere as a
/// whole word: someone who typed "meta" in a program about Meta does not mean "beta".
fn match_terms(shards: &[Shard], needle: &Needle, round: u32, fuzzy: &mut Fuzzy, s: &mut Scratch) {
    let mut classes = std::mem::take(&mut s.classes);
    classes.resize_with(shards.len(), Vec::new);
    let mut exact = false;
    for (shard, classes) in shards.iter().zip(&mut classes) {
        let terms = &shard.terms;
        classes.clear();
        for id in 0..terms.len() {
            if needle.may_match(terms, id)
                && let Some(class) = needle.classify(terms, id, terms.word(id), fuzzy)
            {
                exact |= class == Class::Exact;
                classes.push((id, class));
            }
        }
    }
    for (shard, classes) in shards.iter().zip(&classes) {
        for &(id, class) in classes {
            if exact && !class.is_literal() {
                continue;
            }
            for posting in shard.terms.postings(id) {
                let (local, field) = split_entry(posting);
                let session = shard.first + local;
                if s.matched[session] == round
                    && let Some(score) = class.score(field)
                {
                    s.offer(session, field, score, class.is_literal());
                }
            }
        }
    }
    s.classes = classes;
}

/// A word with punctuation or symbols: search the keys that may hold it — those with a
/// vocabulary word containing its longest token — or, for a word of ASCII punctuation only,
/// every key of every live session.
fn match_keys(shard: &Shard, sessions: &[Session], needle: &Needle, round: u32, s: &mut Scratch) {
    let mut lowered = String::new();
    let mut check = |s: &mut Scratch, local: usize, field: Field| {
        let session = shard.first + local;
        if s.matched[session] != round {
            return;
        }
        let key = keys::key(&sessions[session], field, &mut lowered);
        if let Some(class) = needle.find_in(key)
            && let Some(score) = class.score(field)
        {
            s.offer(session, field, score, class.is_literal());
        }
    };
    let terms = &shard.terms;
    if !needle.has_piece() {
        for local in 0..shard.len {
            for field in Field::ALL {
                check(s, local, field);
            }
        }
        return;
    }
    let mut postings: Vec<u32> = (0..terms.len())
        .filter(|&id| needle.piece_in(terms, id))
        .flat_map(|id| terms.postings(id))
        .collect();
    postings.sort_unstable();
    postings.dedup();
    for posting in postings {
        let (local, field) = split_entry(posting);
        check(s, local, field);
    }
}

impl Scratch {
    /// Records that the current word matches `session` in `field` for `score`.
    fn offer(&mut self, session: usize, field: Field, score: u32, literal: bool) {
        let (best, best_field, literals) = &mut self.word[session];
        if *best == 0 {
            self.touched.push(session);
        }
        // An id is often a slug of the title: no extra evidence.
        if literal && field != Field::Id {
            *literals |= 1 << field as u8;
        }
        if score > *best || (score == *best && field < *best_field) {
            *best = score;
            *best_field = field;
        }
    }

    /// Folds the current word's matches into the totals; false when no session matched it.
    fn finish_word(&mut self) -> bool {
        for &session in &self.touched {
            let (best, field, literals) = self.word[session];
            let extra = literals.count_ones().saturating_sub(1).min(MAX_EXTRA);
            let score = best + EXTRA_FIELD * extra;
            self.total[session] = self.total[session].saturating_add(score);
            self.matched[session] += 1;
            let top = &mut self.top[session];
            if score > top.0 || (score == top.0 && field < top.1) {
                *top = (score, field);
            }
            self.word[session] = (0, Field::Title, 0);
        }
        let any = !self.touched.is_empty();
        self.touched.clear();
        any
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;
    use crate::schedule::bundled;

    #[test]
    fn shards_do_not_change_results() {
        let schedule = bundled::load().unwrap();
        let mut one = SearchIndex::with_shards(&schedule, Some(1));
        let mut four = SearchIndex::with_shards(&schedule, Some(4));
        assert_eq!(four.shards.len(), 4);
        for query in [
            "llama",
            "inductr",
            "meta",
            "torch.compile",
            "pytroch fsdp",
            "a",
            "🔥",
        ] {
            assert_eq!(
                one.search(&schedule, query),
                four.search(&schedule, query),
                "{query}"
            );
        }
    }
}
