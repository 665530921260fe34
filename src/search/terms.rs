//! The vocabulary of a program — every distinct lowercase word of every key, and every
//! non-ASCII symbol (emoji and the like) — with, for each, the (session, field) pairs it occurs
//! in.
//!
//! A query word is compared once with each distinct word, not once with each occurrence: a
//! program of 50,000 sessions with long abstracts repeats the same few hundred thousand words
//! millions of times. The sessions then come from the matching words' postings.

use super::Field;
use super::intern::{Interner, word_at};
use super::keys::key;
use super::postings::{self, Decode};
use crate::schedule::Session;

/// The vocabulary and its postings, column by column: a query reads every word's mask and
/// length, and the rest only for the few words that pass those.
#[derive(Debug, Clone, Default)]
pub(super) struct Terms {
    /// The set of characters of each word, hashed into 64 bits (see [`char_mask`]).
    pub masks: Vec<u64>,
    /// Length in characters, saturated at `u16::MAX` (only ever compared with a query word's).
    pub chars: Vec<u16>,
    /// The word occurs in some field other than the summary and the id: only those fields take
    /// subsequence matches, so only such words are worth the fuzzy matcher's time.
    pub short: Vec<bool>,
    /// The words back to back, and where each ends.
    arena: String,
    ends: Vec<u32>,
    /// `postings[offsets[t]..offsets[t + 1]]` are word `t`'s [`entry`]s, in session order,
    /// without repeats, compressed (see [`postings`]).
    offsets: Vec<u32>,
    postings: Vec<u8>,
}

/// A posting: session and field in one `u32` (the low three bits are the field).
pub(super) fn entry(session: usize, field: Field) -> u32 {
    // Truncates only past 2^29 sessions.
    ((session << 3) | field as usize) as u32
}

/// The session and field of a posting.
pub(super) fn split_entry(entry: u32) -> (usize, Field) {
    ((entry >> 3) as usize, Field::ALL[(entry & 7) as usize])
}

/// No posting yet (as a posting, the id of session 2^29 - 1: beyond any program).
const NONE: u32 = u32::MAX;

/// The gap from posting `last` (or from 0, the first time) to the next, `posting`.
fn gap(last: u32, posting: u32) -> u32 {
    posting.wrapping_sub(if last == NONE { 0 } else { last })
}

/// Saturating length in characters.
pub(super) fn char_len(word: &str) -> u16 {
    u16::try_from(word.chars().count()).unwrap_or(u16::MAX)
}

impl Terms {
    /// Splits every key of `sessions` into words and indexes them. Their text must be at most
    /// `shard::MAX_TEXT` bytes, so that byte offsets fit in a `u32`.
    ///
    /// Two passes over the text: the first finds the vocabulary and how many bytes each word's
    /// postings take, the second writes them straight into place. Tokenising twice costs less
    /// than holding every (word, posting) pair to sort at the end, which at 50,000 sessions is
    /// tens of megabytes more at the peak.
    pub(super) fn build(sessions: &[Session]) -> Self {
        let mut interner = Interner::default();
        let mut terms = Terms::default();
        // Per word: its latest posting (to skip repeats and take gaps from; `NONE` before the
        // first) and how many bytes its postings take (then, in the second pass, where its
        // next posting goes).
        let mut seen: Vec<(u32, u32)> = Vec::new();
        let mut lowered = String::new();
        each_word(sessions, &mut lowered, |word, posting, short| {
            let (id, new) = interner.intern(word);
            if new {
                terms.push(word);
                seen.push((NONE, 0));
            }
            let (last, bytes) = &mut seen[id as usize];
            if *last != posting {
                let gap = gap(*last, posting);
                *last = posting;
                *bytes = bytes.saturating_add(postings::encoded_len(gap));
                if short {
                    terms.short[id as usize] = true;
                }
            }
        });
        terms.offsets = Vec::with_capacity(seen.len() + 1);
        terms.offsets.push(0);
        let mut total = 0u32;
        for (last, bytes) in &mut seen {
            let at = total;
            total = total.saturating_add(*bytes);
            *bytes = at;
            *last = NONE;
            terms.offsets.push(total);
        }
        terms.postings = vec![0; total as usize];
        each_word(sessions, &mut lowered, |word, posting, _| {
            let (id, _) = interner.intern(word);
            let (last, at) = &mut seen[id as usize];
            if *last != posting {
                let gap = gap(*last, posting);
                *last = posting;
                let end = postings::write(&mut terms.postings, *at as usize, gap);
                *at = u32::try_from(end).unwrap_or(u32::MAX);
            }
        });
        (terms.arena, terms.ends) = interner.into_words();
        terms.shrink_to_fit();
        terms
    }

    /// Gives back the spare room the columns grew into.
    fn shrink_to_fit(&mut self) {
        self.masks.shrink_to_fit();
        self.chars.shrink_to_fit();
        self.short.shrink_to_fit();
        self.arena.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    fn push(&mut self, word: &str) {
        self.masks.push(char_mask(word));
        self.chars.push(char_len(word));
        self.short.push(false);
    }

    /// The bytes these columns reserve on the heap.
    pub(super) fn heap_bytes(&self) -> usize {
        self.masks.capacity() * size_of::<u64>()
            + self.chars.capacity() * size_of::<u16>()
            + self.short.capacity()
            + self.arena.capacity()
            + self.ends.capacity() * size_of::<u32>()
            + self.offsets.capacity() * size_of::<u32>()
            + self.postings.capacity()
    }

    /// How many distinct words.
    pub(super) fn len(&self) -> usize {
        self.masks.len()
    }

    /// Word `id`.
    pub(super) fn word(&self, id: usize) -> &str {
        word_at(&self.arena, &self.ends, id)
    }

    /// The postings of word `id`, decoded as they are read.
    pub(super) fn postings(&self, id: usize) -> Decode<'_> {
        let bytes = match (self.offsets.get(id), self.offsets.get(id + 1)) {
            (Some(&start), Some(&end)) => self
                .postings
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        };
        Decode::new(bytes)
    }
}

/// What a character is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharKind {
    /// A letter or digit: part of a word.
    Word,
    /// A non-ASCII symbol (emoji, ™, CJK punctuation): a word of its own when indexing, so
    /// that queries for one need not search every key.
    Symbol,
    /// Whitespace and ASCII punctuation.
    Separator,
}

/// Calls `f` with each word of every key of `sessions`, its posting, and whether the field
/// is a short one (not the summary nor the id), in posting order.
fn each_word(sessions: &[Session], lowered: &mut String, mut f: impl FnMut(&str, u32, bool)) {
    for (session, whole) in sessions.iter().enumerate() {
        for field in Field::ALL {
            let text = key(whole, field, lowered);
            let posting = entry(session, field);
            let short = !matches!(field, Field::Summary | Field::Id);
            for_each_word::<true>(text, |word| f(word, posting, short));
        }
    }
}

/// Calls `f` with each word of a key: maximal runs of alphanumeric characters, and, when
/// `SYMBOLS`, each non-ASCII symbol on its own. ASCII is classified byte by byte; other
/// characters are decoded.
pub(super) fn for_each_word<'a, const SYMBOLS: bool>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let kind = |i: usize| -> (CharKind, usize) {
        match bytes[i] {
            b if b.is_ascii_alphanumeric() => (CharKind::Word, 1),
            b if b.is_ascii() => (CharKind::Separator, 1),
            _ => match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) if c.is_alphanumeric() => (CharKind::Word, c.len_utf8()),
                Some(c) if c.is_whitespace() => (CharKind::Separator, c.len_utf8()),
                Some(c) => (CharKind::Symbol, c.len_utf8()),
                None => (CharKind::Separator, 1),
            },
        }
    };
    let mut i = 0;
    while i < n {
        let start = i;
        let (first, width) = kind(i);
        i += width;
        match first {
            CharKind::Separator => continue,
            CharKind::Symbol if !SYMBOLS => continue,
            CharKind::Symbol => {}
            CharKind::Word => {
                while i < n {
                    if bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                        continue;
                    }
                    let (next, width) = kind(i);
                    if next != CharKind::Word {
                        break;
                    }
                    i += width;
                }
            }
        }
        // One call site, so that `f` is inlined into this loop.
        f(text.get(start..i).unwrap_or_default());
    }
}

/// The characters of `word` as a 64-bit set: `a`–`z` and `0`–`9` get a bit each, anything else
/// shares the remaining 28. One edit changes at most two bits of the set, so two words whose
/// masks differ in more than `2k` bits are more than `k` edits apart; and a word can contain
/// (as substring or subsequence) only words whose mask is a subset of its own.
pub(super) fn char_mask(word: &str) -> u64 {
    word.chars().fold(0, |mask, c| mask | 1 << char_bit(c))
}

fn char_bit(c: char) -> u32 {
    match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + (c as u32 - '0' as u32),
        _ => 36 + c as u32 % 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_non_alphanumerics() {
        let text = "pytorch-native, torch.compile  über 深度学习 🔥x…";
        let mut words = Vec::new();
        for_each_word::<false>(text, |w| words.push(w));
        let expected = [
            "pytorch",
            "native",
            "torch",
            "compile",
            "über",
            "深度学习",
            "x",
        ];
        assert_eq!(words, expected);
        let mut tokens = Vec::new();
        for_each_word::<true>(text, |w| tokens.push(w));
        let expected = [
            "pytorch",
            "native",
            "torch",
            "compile",
            "über",
            "深度学习",
            "🔥",
            "x",
            "…",
        ];
        assert_eq!(tokens, expected);
    }

    #[test]
    fn masks_bound_edits() {
        let (a, b) = (char_mask("pytorch"), char_mask("pytroch"));
        assert_eq!(a, b);
        assert!((char_mask("meta") ^ char_mask("beta")).count_ones() <= 2);
        assert_eq!(char_mask("induct") & !char_mask("torchinductor"), 0);
    }
}
