//! The one rule for outside text.
//!
//! Everything that enters hallway from outside — every importer and hallway's own format, URLs
//! and ids, notes typed, imported from a file or restored from a backup — passes through
//! [`line`] (one-line fields) or [`block`] (multi-line fields) before it is kept:
//!
//! - C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F) are removed;
//!   a block keeps its line feeds (a CR LF or a lone CR becomes one line feed), and a tab becomes
//!   a space in both;
//! - the byte-order mark (U+FEFF) is removed;
//! - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can
//!   make text read in a different order from how it is stored ("Trojan Source"), are removed.
//!   The plain marks U+200E/U+200F, which cannot reorder anything but their neighbours, stay.
//!
//! Text cleaned this way holds nothing a terminal acts on. As a second line of defence every
//! byte the CLI prints goes through [`escape_for_terminal`] (see `cli::emit`), which shows any
//! control character still left as a visible `\u001b`-style escape; the TUI draws no control
//! character either (its cells are filled by width-checked graphemes).

use std::borrow::Cow;

/// Whether `c` is removed from outside text by [`line`] and [`block`] (line feed and tab
/// aside, which they turn into something else).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || c == '\u{feff}' || is_bidi_control(c)
}

/// Bidirectional embeddings, overrides and isolates: LRE RLE PDF LRO RLO, LRI RLI FSI PDI.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The halfwidth voiced sound marks (U+FF9E, U+FF9F) as their combining forms (U+3099,
/// U+309A), as NFKC does: ratatui's line wrapping and its cell widths disagree on the
/// halfwidth ones (1 column or 2), which can push a line past the screen's edge.
fn halfwidth_mark(c: char) -> char {
    match c {
        '\u{ff9e}' => '\u{3099}',
        '\u{ff9f}' => '\u{309a}',
        c => c,
    }
}

/// Whether any character of `s` would be changed by [`block`] (line feeds are fine).
fn needs_block_cleaning(s: &str) -> bool {
    find_unsafe(s, b"\n", true)
}

/// Whether `s` holds a character that [`is_unsafe`] (other than the ASCII controls in `keep`),
/// or with `halfwidth`, a halfwidth mark that [`block`] replaces.
///
/// It reads bytes, not characters: every such character is one byte below 0x20 or DEL, or a
/// sequence starting 0xC2 (C1 controls), 0xE2 (bidi controls) or 0xEF (U+FEFF and the marks),
/// so text without them — nearly all of it, curly quotes and dashes (0xE2) included — is
/// passed over at the speed of a byte loop. An abstract is read this way two or three times on
/// import, which made the character-by-character test a tenth of importing a large program.
#[must_use]
pub fn find_unsafe(s: &str, keep: &[u8], halfwidth: bool) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let hit = |i: usize| match bytes[i] {
        b @ 0x00..=0x1f => !keep.contains(&b),
        0x7f => true,
        // C1: U+0080–U+009F.
        0xc2 => matches!(at(i + 1), 0x80..=0x9f),
        // U+202A–U+202E and U+2066–U+2069.
        0xe2 => matches!(
            (at(i + 1), at(i + 2)),
            (0x80, 0xaa..=0xae) | (0x81, 0xa6..=0xa9)
        ),
        // U+FEFF; U+FF9E and U+FF9F.
        0xef => match (at(i + 1), at(i + 2)) {
            (0xbb, 0xbf) => true,
            (0xbe, 0x9e | 0x9f) => halfwidth,
            _ => false,
        },
        _ => false,
    };
    // Eight bytes at a time: a word of printable ASCII (no byte below 0x20, none of DEL or
    // above) is passed over whole; the others are looked at byte by byte.
    let mut i = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let control = word.wrapping_sub(0x20 * LOW) & !word & HIGH;
        let del = (word ^ (0x7f * LOW)).wrapping_sub(LOW) & !(word ^ (0x7f * LOW)) & HIGH;
        if (control | del | (word & HIGH)) != 0 && (i..i + 8).any(hit) {
            return true;
        }
        i += 8;
    }
    (i..bytes.len()).any(hit)
}

/// A one-line field (title, room, name, id, URL) made safe: line breaks and tabs become spaces,
/// every other unsafe character (see the module doc) is removed. Nothing else changes, so
/// clean text comes back borrowed.
pub fn line(s: &str) -> Cow<'_, str> {
    if !needs_block_cleaning(s) && !s.contains('\n') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(clean(s, ' '))
}

/// A multi-line field (summary, note) made safe: CR LF and lone CRs become line feeds, tabs
/// become spaces, every other unsafe character is removed, line feeds stay.
pub fn block(s: &str) -> Cow<'_, str> {
    if !needs_block_cleaning(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(clean(s, '\n'))
}

/// `s` with each line end (LF, CR LF or a lone CR) written as `line_end`, tabs as spaces, and
/// every other unsafe character left out.
fn clean(s: &str, line_end: char) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push(line_end),
            '\t' => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(halfwidth_mark(c)),
        }
    }
    out
}

/// Cleans a `String` in place with [`line`], allocating only when something changes.
pub fn line_in_place(s: &mut String) {
    if let Cow::Owned(clean) = line(s) {
        *s = clean;
    }
}

/// Cleans a `String` in place with [`block`], allocating only when something changes.
pub fn block_in_place(s: &mut String) {
    if let Cow::Owned(clean) = block(s) {
        *s = clean;
    }
}

/// Text about to be written to a terminal (or a pipe that may end in one): every control
/// character but line feed, tab and the CR of a CR LF (iCalendar's line end), and every bidi
/// control, is shown as a visible escape `\u001b` instead of being written. A lone CR, which
/// would let a line overwrite what came before it, is escaped too. The escape is also valid
/// inside a JSON string, so JSON output stays valid JSON (serde_json already escapes C0, but
/// writes C1 and bidi controls raw).
pub fn escape_for_terminal(s: &str) -> Cow<'_, str> {
    let dangerous =
        |c: char| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c);
    let lone_cr = |s: &str| {
        s.match_indices('\r')
            .any(|(i, _)| !s[i + 1..].starts_with('\n'))
    };
    if !s.chars().any(dangerous) && !lone_cr(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if dangerous(c) || (c == '\r' && chars.peek() != Some(&'\n')) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_characters_block_changes() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let changed = (c != '\n' && is_unsafe(c)) || halfwidth_mark(c) != c;
            let mut texts = vec![format!("{c}"), format!("ab{c}cd"), format!("é{c}’")];
            // At every place in an eight-byte word, with whole words on either side.
            if u32::from(c) < 0x3000 || u32::from(c) >= 0xfe00 || u32::from(c) % 97 == 0 {
                texts.extend(
                    (0..8).map(|pad| format!("{}{c}{}", &"abcdefgh"[..pad], "the rest, ok?")),
                );
            }
            for text in texts {
                assert_eq!(needs_block_cleaning(&text), changed, "{:#x}", u32::from(c));
                assert_eq!(
                    find_unsafe(&text, b"\t\n\r", false),
                    is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r'),
                    "{:#x}",
                    u32::from(c)
                );
            }
        }
    }

    const HOSTILE: &str = "a\u{1b}]0;pwned\u{7}b\u{1b}]52;c;Y3VybA==\u{7}c\u{1b}[2Jd\u{9b}31me\u{202e}f\u{2066}g\u{feff}h\u{7f}i\u{0}j";

    #[test]
    fn line_removes_every_control_and_bidi_override() {
        let clean = line(HOSTILE);
        assert_eq!(clean, "a]0;pwnedb]52;c;Y3VybA==c[2Jd31mefghij");
        assert!(!clean.chars().any(is_unsafe));
    }

    #[test]
    fn line_turns_breaks_and_tabs_into_spaces() {
        assert_eq!(
            line("one\r\ntwo\rthree\nfour\tfive"),
            "one two three four five"
        );
    }

    #[test]
    fn block_keeps_line_feeds_and_normalises_carriage_returns() {
        assert_eq!(
            block("one\r\ntwo\rthree\n\u{1b}[1mfour\tfive"),
            "one\ntwo\nthree\n[1mfour five"
        );
    }

    #[test]
    fn clean_text_is_borrowed_untouched() {
        for s in ["plain", "émoji ❤️ 日本語 \u{200f}rtl", "two\nlines"] {
            assert!(matches!(block(s), Cow::Borrowed(_)), "{s:?}");
        }
        assert!(matches!(line("plain ❤️"), Cow::Borrowed(_)));
        assert!(matches!(line("two\nlines"), Cow::Owned(_)));
    }

    #[test]
    fn terminal_escape_shows_controls_visibly_and_keeps_json_valid() {
        let escaped = escape_for_terminal("t\u{1b}]52;c;x\u{7}\u{9b}\u{202e}\nok\t\rover\r\n");
        assert_eq!(
            escaped,
            "t\\u001b]52;c;x\\u0007\\u009b\\u202e\nok\t\\u000dover\r\n"
        );
        assert!(matches!(
            escape_for_terminal("BEGIN:VCALENDAR\r\nEND\r\n"),
            Cow::Borrowed(_)
        ));
        let json = serde_json::to_string("\u{9b}\u{202e}x").unwrap_or_else(|e| panic!("{e}"));
        let safe = escape_for_terminal(&json);
        let back: String =
            serde_json::from_str(&safe).unwrap_or_else(|e| panic!("still JSON: {e}"));
        assert_eq!(back, "\u{9b}\u{202e}x");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn cleaned_text_holds_nothing_unsafe(s in any::<String>()) {
                prop_assert!(!line(&s).chars().any(is_unsafe));
                prop_assert!(!block(&s).chars().any(|c| c != '\n' && is_unsafe(c)));
                let escaped = escape_for_terminal(&s);
                prop_assert!(!escaped.chars().any(|c| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c)));
                prop_assert!(escaped.match_indices('\r').all(|(i, _)| escaped[i + 1..].starts_with('\n')));
                // Cleaning is idempotent.
                prop_assert_eq!(line(&line(&s)).into_owned(), line(&s).into_owned());
                prop_assert_eq!(block(&block(&s)).into_owned(), block(&s).into_owned());
            }
        }
    }
}
