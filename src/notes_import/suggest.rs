//! Noticing notes filed under the wrong heading: after a block is matched to a session by its
//! heading, each of its notes is compared with the whole program, with the same search the app
//! uses ([`SearchIndex`], over titles, speakers, affiliations, kinds, tracks and summaries), and
//! a **run** of consecutive notes that matches another session clearly better than the
//! heading's becomes a [`Suggestion`]. Nothing is moved here: the caller shows the suggestions
//! (and moves notes only when the user says so).
//!
//! How a note is weighed against a session:
//! - the note's words (runs of letters and digits, three characters or more, without the
//!   function words of [`super::score`]) are searched one by one;
//! - a word found in many sessions says little: it weighs `ln(N / hits) / ln(N)` for a program
//!   of `N` sessions, and nothing when it is found in more than [`MAX_SHARE`] of them (`PyTorch`
//!   in a PyTorch conference);
//! - where it is found counts: title, speakers and the other short facts fully, the summary
//!   at [`SUMMARY`]; a match with a typo at half that.
//!
//! How runs are found, conservatively:
//! - a note is **strong** for a session when that session scores at least [`STRONG`] on it and
//!   at least [`RATIO`] times the heading's session; a note that is neither strong for another
//!   session nor close to the heading's ("Porting from di.") is **weak**;
//! - a run starts at a strong note and goes on while the notes after it are weak, or strong
//!   for the run's session (the best-scoring one over the run so far); it ends at a note that
//!   points elsewhere or back to the heading's session;
//! - a run is suggested when, summed over its notes, its session scores at least [`RUN_MIN`]
//!   and [`RATIO`] times the heading's session, and either two of its notes are strong or one
//!   is strong by [`RUN_MIN`] alone (a note naming DeepChem and Deep Forest Sciences). Weak
//!   notes at the end of a run are kept in it, up to the end of the block or the next strong
//!   note: notes are jotted in order, and a vague note after a topic shift is more likely about
//!   the new talk than the old one. A lone generic note never makes a suggestion.

use std::collections::HashMap;

use crate::schedule::Schedule;
use crate::search::{Field, SearchIndex};

use super::Filed;
use super::score::{FUNCTION_WORDS, words};

/// Words found in more than this share of the program's sessions weigh nothing.
pub const MAX_SHARE: f64 = 0.12;

/// Weight of a match in a summary, against 1 for a title, speaker or other short fact.
pub const SUMMARY: f64 = 0.6;

/// The score a note needs on a session to be strong for it: more than one rare word found in
/// one title.
pub const STRONG: f64 = 1.2;

/// How many times better than the heading's session another must score.
pub const RATIO: f64 = 2.5;

/// A strong note stays in a run when its scores and the run's point this much the same way
/// (cosine).
pub const SAME_TOPIC: f64 = 0.2;

/// The score a run needs on its session, summed over its notes.
pub const RUN_MIN: f64 = 2.0;

/// Scores a match earns below this are typos or subsequences (the search's literal floor).
const LITERAL: u32 = 10_000;

/// Consecutive notes of a block that look like another session than the heading's.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Index of the run's first note in the block's notes (0-based).
    pub first: usize,
    /// Index of the run's last note (inclusive).
    pub last: usize,
    /// The session they look like: its id.
    pub to: String,
    /// How much better than the heading's session it scores over the run (a ratio, `inf` when
    /// the heading's session scores nothing).
    pub strength: f64,
}

/// A move to suggest after an import: notes `first..=last` (numbers as displayed) of session
/// `from` look like session `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The session the notes were filed under.
    pub from: String,
    /// The first note's number on `from`.
    pub first: usize,
    /// The last note's number (inclusive).
    pub last: usize,
    /// The session they look like.
    pub to: String,
}

impl Proposal {
    /// How many notes it would move.
    #[must_use]
    pub fn count(&self) -> usize {
        self.last + 1 - self.first
    }
}

/// The moves to suggest for the blocks of an import, in file order. Each is valid on its own
/// against the store as imported; after one is carried out, the later ones on the same session
/// must be renumbered (see [`Proposal::after`]).
#[must_use]
pub fn review(schedule: &Schedule, filed: &[Filed]) -> Vec<Proposal> {
    if filed.is_empty() {
        return Vec::new();
    }
    let mut advisor = Advisor::new(schedule);
    filed
        .iter()
        .flat_map(|block| {
            advisor
                .suggest(&block.session, &block.notes)
                .into_iter()
                .map(|s| Proposal {
                    from: block.session.clone(),
                    first: block.first + s.first,
                    last: block.first + s.last,
                    to: s.to,
                })
        })
        .collect()
}

impl Proposal {
    /// This proposal's numbers once `done` has been carried out: notes after a range moved
    /// off the same session move up by as many; notes moved onto it go at the end, so they
    /// change nothing before them. `None` when `done` took some of these very notes.
    #[must_use]
    pub fn after(&self, done: &Proposal) -> Option<Proposal> {
        if done.from != self.from || done.first > self.last {
            Some(self.clone())
        } else if done.last < self.first {
            Some(Proposal {
                first: self.first - done.count(),
                last: self.last - done.count(),
                ..self.clone()
            })
        } else {
            None
        }
    }
}

/// The program prepared for weighing notes: its search index, and the weight of each word
/// already searched.
#[derive(Debug)]
pub struct Advisor<'a> {
    schedule: &'a Schedule,
    index: SearchIndex,
    cache: HashMap<String, Vec<(usize, f64)>>,
}

/// How one note scores on the sessions it touches (positions in the program).
type Scores = HashMap<usize, f64>;

impl<'a> Advisor<'a> {
    /// Indexes `schedule` for weighing notes.
    #[must_use]
    pub fn new(schedule: &'a Schedule) -> Self {
        Self {
            schedule,
            index: SearchIndex::new(schedule),
            cache: HashMap::new(),
        }
    }

    /// The runs of `notes` (a block filed under session `heading`) that look like another
    /// session, in order; none when `heading` is not in the program.
    pub fn suggest(&mut self, heading: &str, notes: &[String]) -> Vec<Suggestion> {
        let Some(home) = self.schedule.index().position(heading) else {
            return Vec::new();
        };
        let scores: Vec<Scores> = notes.iter().map(|n| self.note(n)).collect();
        runs(&scores, home)
            .into_iter()
            .filter_map(|run| {
                let to = self.schedule.sessions().get(run.to)?.id.clone();
                Some(Suggestion {
                    first: run.first,
                    last: run.last,
                    to,
                    strength: run.strength,
                })
            })
            .collect()
    }

    /// A note's score on every session it touches.
    fn note(&mut self, text: &str) -> Scores {
        let mut seen: Vec<String> = Vec::new();
        let mut scores = Scores::new();
        for token in tokens(text) {
            // `torch.compile`, `PyTorch/XLA`, `FSDP2` as the search box would take them; their
            // words one by one when the whole is found nowhere.
            let whole =
                token.contains(|c: char| !c.is_alphanumeric()) && !self.word(&token).is_empty();
            let parts = if whole { vec![token] } else { words(&token) };
            for word in parts {
                if word.chars().count() < 3
                    || FUNCTION_WORDS.contains(&word.as_str())
                    || word.chars().all(|c| c.is_ascii_digit())
                    || seen.contains(&word)
                {
                    continue;
                }
                for &(position, weight) in self.word(&word) {
                    *scores.entry(position).or_default() += weight;
                }
                seen.push(word);
            }
        }
        scores
    }

    /// What one word is worth on each session it is found in.
    fn word(&mut self, word: &str) -> &[(usize, f64)] {
        if !self.cache.contains_key(word) {
            let hits = self.index.search(self.schedule, word);
            #[allow(clippy::cast_precision_loss, reason = "session counts are small")]
            let (n, total) = (hits.len() as f64, self.index.len().max(2) as f64);
            let weighed = if hits.is_empty() || n > MAX_SHARE * total {
                Vec::new()
            } else {
                let rarity = (total / n).ln() / total.ln();
                hits.iter()
                    .map(|h| {
                        let place = if h.field == Field::Summary {
                            SUMMARY
                        } else {
                            1.0
                        };
                        let exact = if h.score >= LITERAL { 1.0 } else { 0.5 };
                        (h.position, rarity * place * exact)
                    })
                    .collect()
            };
            self.cache.insert(word.to_owned(), weighed);
        }
        self.cache.get(word).map_or(&[], Vec::as_slice)
    }
}

/// A note cut where the attendee separated things (spaces, commas, semicolons, `->`), each
/// piece lowercased and without punctuation at its ends.
fn tokens(text: &str) -> Vec<String> {
    text.replace("->", " ")
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        .map(|t| {
            t.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// A run found in one block, with the session as a position.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    first: usize,
    last: usize,
    to: usize,
    strength: f64,
}

/// What a note says, given the heading's session.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lean {
    /// Strong for another session (its position).
    Away(usize),
    /// Close to the heading's session.
    Home,
    /// Says little either way.
    Weak,
}

fn lean(scores: &Scores, home: usize) -> Lean {
    let at_home = scores.get(&home).copied().unwrap_or(0.0);
    let best = scores
        .iter()
        .filter(|(p, _)| **p != home)
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)));
    match best {
        Some((&p, &s)) if s >= STRONG && s >= RATIO * at_home => Lean::Away(p),
        _ if at_home >= STRONG / 2.0 => Lean::Home,
        _ => Lean::Weak,
    }
}

/// The runs of a block whose notes score `scores`, filed under the session at `home`.
fn runs(scores: &[Scores], home: usize) -> Vec<Run> {
    let leans: Vec<Lean> = scores.iter().map(|s| lean(s, home)).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < scores.len() {
        let Some(Lean::Away(_)) = leans.get(i) else {
            i += 1;
            continue;
        };
        let mut sum = Scores::new();
        add(&mut sum, &scores[i]);
        let mut last = i;
        let mut strong = 1;
        let mut j = i + 1;
        while let Some(&l) = leans.get(j) {
            let to = leader(&sum, home);
            match l {
                Lean::Weak => {}
                Lean::Away(p) if p == to || cosine(&scores[j], &sum) >= SAME_TOPIC => strong += 1,
                Lean::Away(_) | Lean::Home => break,
            }
            add(&mut sum, &scores[j]);
            last = j;
            j += 1;
        }
        let to = leader(&sum, home);
        let score = sum.get(&to).copied().unwrap_or(0.0);
        let at_home = sum.get(&home).copied().unwrap_or(0.0);
        let lone_strong = strong == 1 && scores[i].get(&to).copied().unwrap_or(0.0) >= RUN_MIN;
        if score >= RUN_MIN && score >= RATIO * at_home && (strong >= 2 || lone_strong) {
            found.push(Run {
                first: i,
                last,
                to,
                strength: if at_home > 0.0 {
                    score / at_home
                } else {
                    f64::INFINITY
                },
            });
        }
        i = j;
    }
    found
}

/// The cosine of two score vectors: how much two notes (or a note and a run) point at the
/// same sessions.
fn cosine(a: &Scores, b: &Scores) -> f64 {
    let dot: f64 = a
        .iter()
        .map(|(p, x)| x * b.get(p).copied().unwrap_or(0.0))
        .sum();
    let norm = |v: &Scores| v.values().map(|x| x * x).sum::<f64>().sqrt();
    let n = norm(a) * norm(b);
    if n > 0.0 { dot / n } else { 0.0 }
}

fn add(sum: &mut Scores, note: &Scores) {
    for (&p, &s) in note {
        *sum.entry(p).or_default() += s;
    }
}

/// The best-scoring session other than `home` (ties to the earlier one in the program).
fn leader(sum: &Scores, home: usize) -> usize {
    sum.iter()
        .filter(|(p, _)| **p != home)
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(home, |(&p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(pairs: &[(usize, f64)]) -> Scores {
        pairs.iter().copied().collect()
    }

    #[test]
    fn later_proposals_follow_a_move() {
        let p = |from: &str, first, last| Proposal {
            from: from.to_owned(),
            first,
            last,
            to: "x".to_owned(),
        };
        let done = p("a", 6, 8);
        assert_eq!(p("a", 9, 16).after(&done), Some(p("a", 6, 13)));
        assert_eq!(p("a", 1, 2).after(&done), Some(p("a", 1, 2)));
        assert_eq!(p("b", 9, 16).after(&done), Some(p("b", 9, 16)));
        assert_eq!(p("a", 8, 9).after(&done), None);
    }

    #[test]
    fn a_lone_generic_note_makes_no_run() {
        let notes = [s(&[(0, 1.0)]), s(&[(5, 1.0)]), s(&[(0, 1.0)])];
        assert!(runs(&notes, 0).is_empty());
    }

    #[test]
    fn a_strong_run_takes_the_weak_notes_after_it() {
        let notes = [
            s(&[(0, 1.0)]),
            s(&[(3, 2.5)]),
            s(&[(7, 0.3)]),
            s(&[]),
            s(&[(4, 1.5), (3, 0.1)]),
            s(&[(4, 1.2)]),
        ];
        let found = runs(&notes, 0);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].first, found[0].last, found[0].to), (1, 3, 3));
        assert_eq!((found[1].first, found[1].last, found[1].to), (4, 5, 4));
    }

    #[test]
    fn the_heading_s_own_notes_end_a_run() {
        let notes = [s(&[(3, 1.5)]), s(&[(3, 1.5)]), s(&[(0, 1.0)]), s(&[])];
        let found = runs(&notes, 0);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].first, found[0].last), (0, 1));
    }
}
