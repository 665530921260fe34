//! Fitting text into cells: display width (CJK and emoji count double), truncation with an
//! ellipsis, padding.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of `s`.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to at most `max` columns, ending in `…` when cut. Never splits a wide character.
pub fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` fitted to exactly `w` columns: cut with an ellipsis, or padded with spaces.
pub fn pad(s: &str, w: usize) -> String {
    let f = fit(s, w);
    let fw = f.width();
    format!("{f}{}", " ".repeat(w.saturating_sub(fw)))
}

/// Which characters of `text` a query matches, for highlighting: each query word's
/// case-insensitive occurrences, or, failing that, its letters in order.
pub fn matches(text: &str, query: &str) -> Vec<bool> {
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
    fn fit_cuts_with_an_ellipsis_by_display_width() {
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("東京東京", 5), "東京…");
        assert_eq!(fit("東京", 1), "…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(pad("ab", 4), "ab  ");
    }

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
}
