//! The one display width. Every layout — the TUI's panes, grid and header, the CLI's aligned
//! columns — measures text with [`of`] and cuts it with [`fit`], so a width computed in one place
//! always agrees with a width computed in another.
//!
//! Text is measured grapheme by grapheme exactly as ratatui draws it (`CellWidth` of each
//! grapheme: `❤️` with its variation selector is 2 columns, a ZWJ family 2, a flag 2, a combining
//! mark 0, CJK 2), and a grapheme holding a control character counts 0, because ratatui does not
//! draw it. Summing per character instead (`❤` 1 + VS16 0) disagrees with what reaches the screen;
//! that mismatch once crashed the header.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Columns one grapheme takes on screen (0 for one ratatui would not draw).
pub fn grapheme(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// Columns `s` takes on screen.
pub fn of(s: &str) -> usize {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_control()) {
        return s.len();
    }
    s.graphemes(true).map(grapheme).sum()
}

/// `s` cut to at most `max` columns, ending in `…` when cut. Never splits a grapheme; the result
/// is never wider than `max`.
pub fn fit(s: &str, max: usize) -> String {
    if of(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let budget = max - 1;
    let mut out = String::new();
    let mut used = 0usize;
    for g in s.graphemes(true) {
        let w = grapheme(g);
        if used.saturating_add(w) > budget {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// `s` cut to at most `max` columns from the left, `…` first when cut: keeps the end.
pub fn fit_end(s: &str, max: usize) -> String {
    if of(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let budget = max - 1;
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0usize;
    for g in s.graphemes(true).rev() {
        let w = grapheme(g);
        if used.saturating_add(w) > budget {
            break;
        }
        used += w;
        kept.push(g);
    }
    let mut out = String::from("…");
    out.extend(kept.into_iter().rev());
    out
}

/// `s` fitted to exactly `w` columns: cut with an ellipsis, or padded with spaces.
pub fn pad(s: &str, w: usize) -> String {
    let f = fit(s, w);
    let fw = of(&f);
    format!("{f}{}", " ".repeat(w.saturating_sub(fw)))
}

/// `s` broken into lines of at most `max` columns, at spaces where it can be: the byte ranges of
/// the lines, in order, covering all of `s` (the spaces a line breaks at stay at its end, so a
/// cursor can sit on them). A word wider than `max` is broken between graphemes. A line's width
/// not counting its trailing spaces is never more than `max` (at least one grapheme per line,
/// so a 0-wide `max` still makes progress). Empty `s` gives one empty line.
pub fn wrap(s: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    // Width since `start`, and the last break opportunity: the end of a run of spaces.
    let mut used = 0usize;
    let mut last_break: Option<usize> = None;
    let mut width_at_break = 0usize;
    let mut prev_space = false;
    for (i, g) in s.grapheme_indices(true) {
        let space = g == " ";
        if !space && prev_space {
            last_break = Some(i);
            width_at_break = used;
        }
        prev_space = space;
        let w = grapheme(g);
        if space || used + w <= max || i == start {
            used += w;
            continue;
        }
        // `g` does not fit: break at the last space, else right here.
        match last_break.filter(|&b| b > start) {
            Some(b) => {
                lines.push(start..b);
                start = b;
                used -= width_at_break;
                // The word since the space may itself be too wide: break it here too.
                if used + w > max && i > start {
                    lines.push(start..i);
                    start = i;
                    used = 0;
                }
            }
            None => {
                lines.push(start..i);
                start = i;
                used = 0;
            }
        }
        last_break = None;
        used += w;
    }
    lines.push(start..s.len());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_sequences_are_measured_as_drawn() {
        assert_eq!(of("❤️"), 2);
        assert_eq!(of("👨‍👩‍👧"), 2);
        assert_eq!(of("🇩🇪"), 2);
        assert_eq!(of("e\u{301}"), 1);
        assert_eq!(of("日本"), 4);
        assert_eq!(of("a\u{1b}b"), 2);
        assert_eq!(of("plain"), 5);
    }

    #[test]
    fn fit_cuts_by_grapheme_never_wider_than_asked() {
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("東京東京", 5), "東京…");
        assert_eq!(fit("東京", 1), "…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("❤️❤️❤️ x", 4), "❤️…");
        assert_eq!(fit_end("UA2.114 (Baudoux)", 8), "…audoux)");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("❤️❤️❤️", 5), "❤️❤️…");
        assert_eq!(pad("❤️❤️❤️", 4), "❤️… ");
    }

    #[test]
    fn wrap_breaks_at_spaces_then_inside_long_words() {
        let lines = |s: &str, w| -> Vec<String> {
            wrap(s, w).into_iter().map(|r| s[r].to_owned()).collect()
        };
        assert_eq!(lines("", 10), [""]);
        assert_eq!(lines("one two three", 7), ["one two ", "three"]);
        assert_eq!(lines("one two three", 80), ["one two three"]);
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(lines("a verylongword", 5), ["a ", "veryl", "ongwo", "rd"]);
        assert_eq!(lines("東京東京", 5), ["東京", "東京"]);
        assert_eq!(lines("x", 0), ["x"]);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn fitted_text_never_exceeds_its_width(s in "\\PC{0,40}", max in 0usize..50) {
                prop_assert!(of(&fit(&s, max)) <= max);
                prop_assert!(of(&fit_end(&s, max)) <= max);
                prop_assert_eq!(of(&pad(&s, max)), max);
            }

            #[test]
            fn wrapped_lines_cover_the_text_and_fit(s in "[a-z ❤️東]{0,60}", max in 1usize..20) {
                let ranges = wrap(&s, max);
                let joined: String = ranges.iter().map(|r| &s[r.clone()]).collect();
                prop_assert_eq!(&joined, &s);
                for r in ranges {
                    let line = s[r].trim_end_matches(' ');
                    prop_assert!(of(line) <= max.max(2), "{line:?} wider than {max}");
                }
            }
        }
    }
}
