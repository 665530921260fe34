//! How one query word matches one word (or one key), and what that is worth in one field.
//!
//! Scores come in two bands. A literal match (the query word is a substring of the field) scores
//! at least [`LITERAL`]; a fuzzy one (a typo, or a tight subsequence) stays below it whatever the
//! field, so a real match in an abstract still beats a guess in a title. Within a band the field
//! decides ([`FIELD_STEP`] apart: title, speaker, the short facts, summary), then the kind of
//! match (whole word, word start, inside a word; one edit, two edits, subsequence).

use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use super::Field;
use super::terms::{Terms, char_len, char_mask, for_each_word};

/// Words shorter than this neither get nor match typos.
const MIN_TYPO_CHARS: u16 = 4;

/// The floor of literal scores.
pub(super) const LITERAL: u32 = 10_000;
/// The floor of fuzzy scores.
const FUZZY: u32 = 5_000;
/// The gap between two field ranks; larger than any within-field bonus.
const FIELD_STEP: u32 = 1_000;
/// Added per extra field in which a word also matches literally (capped at [`MAX_EXTRA`]).
pub(super) const EXTRA_FIELD: u32 = 20;
/// At most this many extra fields count.
pub(super) const MAX_EXTRA: u32 = 4;

/// Added when the title starts with a query word: "Rust in the kernel" above "Why we love Rust"
/// for `rust`. Below the gap between a whole word and a word start, so it only breaks ties
/// between matches of the same kind.
const TITLE_START: u32 = 50;

/// The bonus a session earns when its title (`title`, any case) starts with one of the
/// (lowercase) query `words`.
pub(super) fn title_start_bonus(title: &str, words: &[&str]) -> u32 {
    let title = title.trim_start().to_lowercase();
    if words.iter().any(|w| title.starts_with(w)) {
        TITLE_START
    } else {
        0
    }
}

/// How a query word matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// A whole word.
    Exact,
    /// The start of a word.
    Prefix,
    /// Inside a word.
    Inner,
    /// A word within this many edits (Damerau–Levenshtein).
    Typo(usize),
    /// A tight subsequence of a word, with nucleo's score.
    Subsequence(u16),
}

impl Class {
    /// A substring match rather than a fuzzy one.
    pub(super) fn is_literal(self) -> bool {
        matches!(self, Class::Exact | Class::Prefix | Class::Inner)
    }

    /// What this match is worth in `field`; `None` where it does not count (fuzzy matches on
    /// ids, subsequences in summaries, where they would match nearly anything).
    pub(super) fn score(self, field: Field) -> Option<u32> {
        let rank = match field {
            Field::Title => 3,
            Field::Speaker => 2,
            Field::Affiliation | Field::Kind | Field::Track | Field::Room | Field::Id => 1,
            Field::Summary => 0,
        };
        let (band, bonus) = match self {
            Class::Exact => (LITERAL, 300),
            Class::Prefix => (LITERAL, 200),
            Class::Inner => (LITERAL, 0),
            Class::Typo(_) | Class::Subsequence(_) if field == Field::Id => return None,
            Class::Typo(edits) => (FUZZY, if edits <= 1 { 300 } else { 200 }),
            Class::Subsequence(_) if field == Field::Summary => return None,
            Class::Subsequence(score) => (FUZZY, u32::from(score).min(300) / 2),
        };
        Some(band + rank * FIELD_STEP + bonus)
    }

    /// The better of two matches of the same word (field aside).
    fn better(self, other: Class) -> Class {
        let worth = |c: Class| c.score(Field::Title).unwrap_or(0);
        if worth(other) > worth(self) {
            other
        } else {
            self
        }
    }
}

/// One lowercase query word, with what it takes to compare it quickly.
#[derive(Debug)]
pub(super) struct Needle<'a> {
    pub text: &'a str,
    chars: u16,
    mask: u64,
    /// Only letters and digits: it can match inside a single word of a key, so the vocabulary
    /// answers it. Otherwise (`torch.compile`, `c++`, an emoji) keys are searched directly.
    pub plain: bool,
    /// When not plain, its longest token — a run of letters and digits, or a non-ASCII symbol
    /// (see [`for_each_word`]) — with its mask and length: any key containing the word has a
    /// vocabulary word containing this, which narrows the keys to search. `None` for words of
    /// ASCII punctuation only (`++`), which search every key.
    piece: Option<(&'a str, u64, u16)>,
    /// Matches inside a word count. Not for ASCII words under three letters, where they are
    /// mostly noise ("ai" in "training"); CJK text has no spaces, so there they always count.
    inner: bool,
    /// Edits allowed for a typo: 0 under four characters, 1 up to seven, 2 from eight.
    typo: usize,
    /// For subsequence matching, when the word is long enough (four characters or more).
    fuzzy: Option<Utf32String>,
}

impl<'a> Needle<'a> {
    /// Prepares a lowercase, non-empty query word.
    pub(super) fn new(text: &'a str) -> Self {
        let chars = char_len(text);
        let plain = text.chars().all(char::is_alphanumeric);
        Self {
            text,
            chars,
            mask: char_mask(text),
            plain,
            inner: chars >= 3 || !text.is_ascii(),
            typo: match chars {
                0..MIN_TYPO_CHARS => 0,
                MIN_TYPO_CHARS..=7 => 1,
                _ => 2,
            },
            fuzzy: (plain && chars >= 4).then(|| Utf32String::from(text)),
            piece: if plain { None } else { longest_piece(text) },
        }
    }

    /// Whether this word (not plain) has a token to narrow the search with, for
    /// [`Self::piece_in`].
    pub(super) fn has_piece(&self) -> bool {
        self.piece.is_some()
    }

    /// Whether vocabulary word `id` contains this word's longest token.
    pub(super) fn piece_in(&self, terms: &Terms, id: usize) -> bool {
        self.piece.is_some_and(|(piece, mask, chars)| {
            terms.chars[id] >= chars
                && terms.masks[id] & mask == mask
                && terms.word(id).contains(piece)
        })
    }

    /// Whether vocabulary word `id` can match this (plain) word at all, judging by its length
    /// and characters only: the cheap test run on every word of the vocabulary.
    pub(super) fn may_match(&self, terms: &Terms, id: usize) -> bool {
        let (mask, chars) = (terms.masks[id], terms.chars[id]);
        let contained = chars >= self.chars && mask & self.mask == self.mask;
        contained || self.typo_possible(mask, chars)
    }

    /// Whether a word of this mask and length may be a typo of this one: both have at least
    /// four characters (so "fort" does not find "for"), their lengths differ by no more than
    /// the typo budget, and so do their character sets.
    fn typo_possible(&self, mask: u64, chars: u16) -> bool {
        self.typo > 0
            && chars >= MIN_TYPO_CHARS
            && usize::from(chars.abs_diff(self.chars)) <= self.typo
            && (mask ^ self.mask).count_ones() as usize <= 2 * self.typo
    }

    /// How this (plain) word matches vocabulary word `id`, whose text is `word`.
    pub(super) fn classify(
        &self,
        terms: &Terms,
        id: usize,
        word: &str,
        fuzzy: &mut Fuzzy,
    ) -> Option<Class> {
        let (mask, chars) = (terms.masks[id], terms.chars[id]);
        let contained = chars >= self.chars && mask & self.mask == self.mask;
        if contained {
            if word.starts_with(self.text) {
                return Some(if word.len() == self.text.len() {
                    Class::Exact
                } else {
                    Class::Prefix
                });
            }
            if self.inner && word.contains(self.text) {
                return Some(Class::Inner);
            }
        }
        if self.typo_possible(mask, chars) {
            let edits = strsim::damerau_levenshtein(self.text, word);
            if edits <= self.typo {
                return Some(Class::Typo(edits));
            }
        }
        match &self.fuzzy {
            Some(needle) if contained && terms.short[id] && chars > self.chars => {
                fuzzy.subsequence(needle, word).map(Class::Subsequence)
            }
            _ => None,
        }
    }

    /// How this word occurs in a whole key, by substring search (for words that are not plain).
    pub(super) fn find_in(&self, key: &str) -> Option<Class> {
        let mut best: Option<Class> = None;
        for (at, _) in key.match_indices(self.text) {
            let before = key.get(..at).and_then(|k| k.chars().next_back());
            let after = key
                .get(at + self.text.len()..)
                .and_then(|k| k.chars().next());
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            let class = match (boundary(before), boundary(after)) {
                (true, true) => return Some(Class::Exact),
                (true, false) => Class::Prefix,
                (false, _) if self.inner => Class::Inner,
                (false, _) => continue,
            };
            best = Some(best.map_or(class, |b| b.better(class)));
        }
        best
    }
}

/// The longest token of `text` (in bytes: a symbol is rarer than a letter), with its mask and
/// length.
fn longest_piece(text: &str) -> Option<(&str, u64, u16)> {
    let mut longest: Option<&str> = None;
    for_each_word::<true>(text, |piece| {
        if longest.is_none_or(|l| piece.len() > l.len()) {
            longest = Some(piece);
        }
    });
    longest.map(|piece| (piece, char_mask(piece), char_len(piece)))
}

/// nucleo's matcher with its scratch buffers.
#[derive(Debug, Clone)]
pub(super) struct Fuzzy {
    matcher: Matcher,
    haystack: Vec<char>,
    indices: Vec<u32>,
}

impl Default for Fuzzy {
    fn default() -> Self {
        // Keys and needles are lowercased already; normalising only one side would break
        // matches on accented letters.
        let mut config = Config::DEFAULT;
        config.ignore_case = false;
        config.normalize = false;
        Self {
            matcher: Matcher::new(config),
            haystack: Vec::new(),
            indices: Vec::new(),
        }
    }
}

impl Fuzzy {
    /// nucleo's score for `needle` as a subsequence of `word`, if the matched characters lie
    /// close together: at most one skipped character per four matched, plus one ("inductr" in
    /// "torchinductor" skips one). A scattered subsequence is not a match.
    fn subsequence(&mut self, needle: &Utf32String, word: &str) -> Option<u16> {
        let haystack = Utf32Str::new(word, &mut self.haystack);
        self.indices.clear();
        let score = self
            .matcher
            .fuzzy_indices(haystack, needle.slice(..), &mut self.indices)?;
        let first = *self.indices.iter().min()?;
        let last = *self.indices.iter().max()?;
        let span = (last - first) as usize + 1;
        let n = needle.len();
        (span <= n + 1 + n / 4).then_some(score)
    }
}
