//! Fitting text into cells: display width (CJK and emoji count double), truncation with an
//! ellipsis, padding.

pub use crate::width::{fit, of as width, pad};
use ratatui::text::Line;
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;

/// `s` without the graphemes that take no column (a lone combining mark, a zero-width space, a
/// control character), measured as [`crate::width`] measures them.
/// ratatui draws none of them, and its word wrapper miscounts a line holding one: a title opening
/// with a combining mark then U+200B once drew a wide character past the pane's edge.
pub fn drawable(s: &str) -> Cow<'_, str> {
    let plain = s.is_ascii() && !s.bytes().any(|b| b.is_ascii_control());
    if plain || s.graphemes(true).all(|g| crate::width::grapheme(g) > 0) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.graphemes(true)
            .filter(|g| crate::width::grapheme(g) > 0)
            .collect(),
    )
}

/// A line for a wrapped paragraph: each span [`drawable`].
pub fn drawable_line(mut line: Line<'_>) -> Line<'_> {
    for span in &mut line.spans {
        if let Cow::Owned(kept) = drawable(&span.content) {
            span.content = Cow::Owned(kept);
        }
    }
    line
}

/// Which graphemes of `text` a query matches, for highlighting (one flag per grapheme, so a
/// highlight never splits an emoji from its variation selector): each query word's
/// case-insensitive occurrences, or, failing that, its letters in order.
pub fn matches(text: &str, query: &str) -> Vec<bool> {
    let by_char = char_matches(text, query);
    let mut flags = by_char.into_iter();
    text.graphemes(true)
        .map(|g| {
            flags
                .by_ref()
                .take(g.chars().count())
                .fold(false, |a, b| a | b)
        })
        .collect()
}

fn char_matches(text: &str, query: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut hit = vec![false; chars.len()];
    for word in query.split_whitespace() {
        let w: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        if w.is_empty() || w.len() > lower.len() {
            continue;
        }
        let mut found = false;
        for start in 0..=lower.len() - w.len() {
            if lower[start..start + w.len()] == w[..] {
                hit[start..start + w.len()]
                    .iter_mut()
                    .for_each(|h| *h = true);
                found = true;
            }
        }
        if !found {
            let mut at = 0;
            let mut picks = Vec::new();
            for c in &w {
                match lower[at..].iter().position(|l| l == c) {
                    Some(p) => {
                        picks.push(at + p);
                        at += p + 1;
                    }
                    None => {
                        picks.clear();
                        break;
                    }
                }
            }
            picks.into_iter().for_each(|p| hit[p] = true);
        }
    }
    hit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_marks_words_then_subsequences() {
        let m = matches("TorchInductor CPU", "inductr");
        let marked: String = "TorchInductor CPU"
            .chars()
            .zip(&m)
            .filter(|(_, h)| **h)
            .map(|(c, _)| c)
            .collect();
        assert_eq!(marked, "Inductr");
        let m = matches("vLLM serving", "llm");
        assert_eq!(m.iter().filter(|h| **h).count(), 3);
    }

    #[test]
    fn drawable_drops_only_what_takes_no_column() {
        assert_eq!(
            drawable("\u{301}\u{200b}e\u{301}❤\u{fe0f}日"),
            "e\u{301}❤\u{fe0f}日"
        );
        assert!(matches!(drawable("plain ascii"), Cow::Borrowed(_)));
        assert!(matches!(drawable("e\u{301} 日本"), Cow::Borrowed(_)));
        let line = drawable_line(Line::from(vec!["\u{200b}a".into(), "b".into()]));
        assert_eq!(line.to_string(), "ab");
    }
}
