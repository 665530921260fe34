//! A one-line text editor for note entry and search.
//!
//! [`LineInput`] holds the text and a cursor and knows the readline-style edits; the keymap
//! hands it every key it does not bind itself in a text-entry mode ([`LineInput::apply`]), and
//! the renderer asks it which part of the text fits the field ([`LineInput::visible`]).
//!
//! Everything moves by grapheme cluster (so `é` written as `e` + combining acute, a flag or a
//! family emoji moves and deletes as one), and columns are display widths as ratatui measures
//! them: the sum of each grapheme's `unicode-width`. The text never holds control characters:
//! notes are one line each, so newlines, tabs and the like become spaces on the way in.

use unicode_segmentation::UnicodeSegmentation;

use super::key::{Key, KeyCode, Mods};

/// A single line of editable text with a cursor.
///
/// Invariant: `cursor` is a byte index into `text` that sits on a grapheme-cluster boundary,
/// and `text` has no control characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

impl LineInput {
    /// An empty input.
    #[must_use]
    pub fn new() -> LineInput {
        LineInput::default()
    }

    /// An input holding `s` (control characters turned into spaces), cursor at the end.
    #[must_use]
    pub fn with_text(s: &str) -> LineInput {
        let text = sanitize(s);
        let cursor = text.len();
        LineInput { text, cursor }
    }

    /// The current text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether there is no text.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cursor's byte index into [`LineInput::text`].
    #[must_use]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Empties the input.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Returns the text and leaves the input empty.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }

    /// Types one character at the cursor (a control character becomes a space).
    pub fn insert_char(&mut self, c: char) {
        let c = if c.is_control() { ' ' } else { c };
        let mut buf = [0; 4];
        self.insert_clean(c.encode_utf8(&mut buf));
    }

    /// Pastes `s` at the cursor. Notes are one line each, so line breaks (`\r\n` counting as
    /// one), tabs and other control characters become spaces; everything else is kept byte for
    /// byte.
    pub fn insert_str(&mut self, s: &str) {
        self.insert_clean(&sanitize(s));
    }

    fn insert_clean(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
        // What was typed may join the grapheme after it (a combining mark typed before one,
        // half a flag): put the cursor after the whole cluster.
        self.cursor = self.snap(self.cursor, Snap::Forward);
    }

    /// Deletes the grapheme before the cursor.
    pub fn backspace(&mut self) {
        let start = self.prev_boundary(self.cursor);
        self.remove(start, self.cursor);
    }

    /// Deletes the grapheme under (after) the cursor.
    pub fn delete(&mut self) {
        let end = self.next_boundary(self.cursor);
        self.remove(self.cursor, end);
    }

    /// Moves one grapheme left.
    pub fn left(&mut self) {
        self.cursor = self.prev_boundary(self.cursor);
    }

    /// Moves one grapheme right.
    pub fn right(&mut self) {
        self.cursor = self.next_boundary(self.cursor);
    }

    /// Moves to the start of the line.
    pub fn home(&mut self) {
        self.cursor = 0;
    }

    /// Moves to the end of the line.
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// Moves to the start of this or the previous word (readline's Alt-b); a word is a run of
    /// alphanumerics, so punctuation is skipped like space.
    pub fn word_left(&mut self) {
        self.cursor = self.word_start_before(self.cursor, is_word);
    }

    /// Moves to the end of this or the next word (readline's Alt-f).
    pub fn word_right(&mut self) {
        let graphemes = self.graphemes();
        let mut i = graphemes.partition_point(|&(start, _)| start < self.cursor);
        while graphemes.get(i).is_some_and(|&(_, g)| !is_word(g)) {
            i += 1;
        }
        while graphemes.get(i).is_some_and(|&(_, g)| is_word(g)) {
            i += 1;
        }
        self.cursor = graphemes
            .get(i)
            .map_or(self.text.len(), |&(start, _)| start);
    }

    /// Deletes back to the previous whitespace, like Ctrl-W in readline and the shell
    /// (`unix-word-rubout`): `see foo-bar.rs` loses `foo-bar.rs` in one go.
    pub fn delete_word_left(&mut self) {
        let start = self.word_start_before(self.cursor, |g| !is_space(g));
        self.remove(start, self.cursor);
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    pub fn kill_to_start(&mut self) {
        self.remove(0, self.cursor);
    }

    /// Deletes from the cursor to the end of the line (Ctrl-K).
    pub fn kill_to_end(&mut self) {
        self.text.truncate(self.cursor);
    }

    /// Display width of the text before the cursor: the cursor's column in an unscrolled field.
    #[must_use]
    pub fn cursor_col(&self) -> usize {
        width(&self.text[..self.cursor])
    }

    /// Applies an editing key and says whether it was one. Enter, Esc, Tab, Up, Down and any
    /// key not listed here are left for the caller.
    ///
    /// | keys | edit |
    /// |---|---|
    /// | characters (plain or shifted) | insert |
    /// | `←` `→`, `C-b` `C-f` | one grapheme |
    /// | `Home` `End`, `C-a` `C-e` | line start / end |
    /// | `C-←` `C-→`, `A-←` `A-→`, `A-b` `A-f` | word left / right |
    /// | `Backspace`, `C-h` / `Del`, `C-d` | delete before / under the cursor |
    /// | `C-w`, `C-Backspace`, `A-Backspace` | delete word left |
    /// | `C-u` / `C-k` | delete to line start / end |
    pub fn apply(&mut self, key: Key) -> bool {
        match (key.mods, key.code) {
            (Mods::NONE, code) => self.apply_plain(code),
            (Mods::CTRL, KeyCode::Char(c)) => self.apply_ctrl(c),
            (Mods::CTRL | Mods::ALT, KeyCode::Left) | (Mods::ALT, KeyCode::Char('b')) => {
                self.word_left();
                true
            }
            (Mods::CTRL | Mods::ALT, KeyCode::Right) | (Mods::ALT, KeyCode::Char('f')) => {
                self.word_right();
                true
            }
            (Mods::CTRL | Mods::ALT, KeyCode::Backspace) => {
                self.delete_word_left();
                true
            }
            _ => false,
        }
    }

    fn apply_plain(&mut self, code: KeyCode) -> bool {
        match code {
            KeyCode::Char(c) => self.insert_char(c),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Enter
            | KeyCode::Esc
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Up
            | KeyCode::Down
            | KeyCode::PageUp
            | KeyCode::PageDown
            | KeyCode::F(_) => return false,
        }
        true
    }

    fn apply_ctrl(&mut self, c: char) -> bool {
        match c {
            'a' => self.home(),
            'e' => self.end(),
            'b' => self.left(),
            'f' => self.right(),
            'h' => self.backspace(),
            'd' => self.delete(),
            'w' => self.delete_word_left(),
            'u' => self.kill_to_start(),
            'k' => self.kill_to_end(),
            _ => return false,
        }
        true
    }

    /// The part of the text to draw in a field `width` columns wide, and the cursor's column
    /// within it.
    ///
    /// Stateless horizontal scrolling: the text shows from its start while the cursor fits,
    /// otherwise it scrolls just enough to keep the cursor (and the grapheme under it) in the
    /// last column. A wide character is never split — one that does not fit is left out — and
    /// the returned column is always less than `width` (it is 0 when `width` is 0).
    #[must_use]
    pub fn visible(&self, width: usize) -> (String, usize) {
        if width == 0 {
            return (String::new(), 0);
        }
        let cells: Vec<(usize, usize)> = self
            .graphemes()
            .into_iter()
            .map(|(start, g)| (start, grapheme_width(g)))
            .collect();
        let at = cells.partition_point(|&(start, _)| start < self.cursor);
        // The cursor needs one cell, or the whole grapheme under it if that is wider.
        let under = cells.get(at).map_or(1, |&(_, w)| w.max(1));
        let mut first = at;
        let mut before = 0;
        while first > 0 && before + cells[first - 1].1 + under <= width {
            first -= 1;
            before += cells[first].1;
        }
        let mut used = 0;
        let mut last = first;
        while let Some(&(_, w)) = cells.get(last) {
            if used + w > width {
                break;
            }
            used += w;
            last += 1;
        }
        let byte = |i: usize| cells.get(i).map_or(self.text.len(), |&(start, _)| start);
        (self.text[byte(first)..byte(last)].to_owned(), before)
    }

    /// The text wrapped into lines of at most `width` columns (at spaces where it can be, as
    /// [`crate::width::wrap`] does), with the cursor's row and column: the multi-line view of a
    /// long note while it is typed. The cursor's column is always less than `width`: at the end
    /// of a full line it moves to the start of a new, empty row. At least one row.
    #[must_use]
    pub fn wrapped(&self, width: usize) -> (Vec<String>, usize, usize) {
        let width = width.max(1);
        let ranges = crate::width::wrap(&self.text, width);
        let mut rows: Vec<String> = ranges
            .iter()
            .map(|r| {
                // The spaces a line breaks at may run past the edge: they are not drawn.
                let line = &self.text[r.clone()];
                if crate::width::of(line) <= width {
                    line.to_owned()
                } else {
                    crate::width::fit(line.trim_end_matches(' '), width)
                }
            })
            .collect();
        // The row holding the cursor: the last one starting at or before it.
        let row = ranges
            .iter()
            .rposition(|r| r.start <= self.cursor)
            .unwrap_or(0);
        let start = ranges.get(row).map_or(0, |r| r.start);
        let col = crate::width::of(&self.text[start..self.cursor]);
        if col >= width {
            if row + 1 == rows.len() {
                rows.push(String::new());
            }
            return (rows, row + 1, 0);
        }
        (rows, row, col)
    }

    /// Byte offset and text of each grapheme.
    fn graphemes(&self) -> Vec<(usize, &str)> {
        self.text.grapheme_indices(true).collect()
    }

    /// The grapheme boundary before `pos` (0 at the start).
    fn prev_boundary(&self, pos: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(start, _)| start)
            .take_while(|&start| start < pos)
            .last()
            .unwrap_or(0)
    }

    /// The grapheme boundary after `pos` (the length at the end).
    fn next_boundary(&self, pos: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(start, g)| start + g.len())
            .find(|&end| end > pos)
            .unwrap_or(self.text.len())
    }

    /// `pos` if it is a grapheme boundary, else the boundary `dir` of it.
    fn snap(&self, pos: usize, dir: Snap) -> usize {
        match self
            .text
            .grapheme_indices(true)
            .find(|&(start, g)| start < pos && pos < start + g.len())
        {
            Some((start, _)) if dir == Snap::Back => start,
            Some((start, g)) => start + g.len(),
            None => pos.min(self.text.len()),
        }
    }

    /// Start of the run of graphemes matching `in_word` that ends at or before `pos`, after
    /// skipping the non-matching ones just before `pos`.
    fn word_start_before(&self, pos: usize, in_word: impl Fn(&str) -> bool) -> usize {
        let graphemes = self.graphemes();
        let mut i = graphemes.partition_point(|&(start, _)| start < pos);
        while i > 0 && !in_word(graphemes[i - 1].1) {
            i -= 1;
        }
        while i > 0 && in_word(graphemes[i - 1].1) {
            i -= 1;
        }
        graphemes
            .get(i)
            .map_or(self.text.len(), |&(start, _)| start)
    }

    /// Removes `start..end` (both grapheme boundaries, `start <= end`) and leaves the cursor
    /// at `start`, on a boundary even if the text on either side now joins up.
    fn remove(&mut self, start: usize, end: usize) {
        if start < end {
            self.text.replace_range(start..end, "");
        }
        self.cursor = self.snap(start, Snap::Back);
    }
}

/// Which way [`LineInput::snap`] moves a cursor that ended up inside a grapheme.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Snap {
    Forward,
    Back,
}

/// `s` on one line: `\r\n`, and each other control character, becomes one space.
fn sanitize(s: &str) -> String {
    s.replace("\r\n", " ")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A word character for the word motions: the grapheme starts with an alphanumeric.
fn is_word(g: &str) -> bool {
    g.chars().next().is_some_and(char::is_alphanumeric)
}

fn is_space(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

use crate::width::{grapheme as grapheme_width, of as width};

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {

    use super::*;
    use crate::tui::key::parse_keys;
    use proptest::prelude::*;

    const E_ACUTE: &str = "e\u{301}";
    const FAMILY: &str = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
    const FLAG_FR: &str = "🇫🇷";

    /// An input with the cursor at the `|` in `s`.
    fn at(s: &str) -> LineInput {
        let (before, after) = s.split_once('|').unwrap();
        LineInput {
            text: format!("{before}{after}"),
            cursor: before.len(),
        }
    }

    /// The input written back with a `|` at the cursor.
    fn show(input: &LineInput) -> String {
        let (a, b) = input.text.split_at(input.cursor);
        format!("{a}|{b}")
    }

    fn check(start: &str, op: impl Fn(&mut LineInput), want: &str) {
        let mut input = at(start);
        op(&mut input);
        assert_eq!(show(&input), want, "from {start:?}");
    }

    #[test]
    fn wrapped_view_breaks_at_spaces_and_keeps_the_cursor_inside() {
        let input = LineInput::with_text("notes on FSDP sharding");
        let (rows, row, col) = input.wrapped(10);
        assert_eq!(rows, ["notes on ", "FSDP ", "sharding"]);
        assert_eq!((row, col), (2, 8));
        let full = LineInput::with_text("abcdefghij");
        assert_eq!(
            full.wrapped(10),
            (vec!["abcdefghij".into(), String::new()], 1, 0)
        );
        let mut start = LineInput::with_text("one two three four");
        keys(&mut start, "<Home>");
        assert_eq!(start.wrapped(8).1, 0);
        assert_eq!(start.wrapped(8).2, 0);
        assert_eq!(LineInput::new().wrapped(5), (vec![String::new()], 0, 0));
        let spaces = LineInput::with_text("one       two");
        let (rows, _, _) = spaces.wrapped(5);
        assert!(rows.iter().all(|r| crate::width::of(r) <= 5), "{rows:?}");
    }

    fn keys(input: &mut LineInput, notation: &str) {
        for key in parse_keys(notation).unwrap() {
            input.apply(key);
        }
    }

    #[test]
    fn new_with_text_take_clear() {
        let mut input = LineInput::new();
        assert!(input.is_empty());
        assert_eq!(input.cursor_col(), 0);
        input = LineInput::with_text("hello");
        assert_eq!(show(&input), "hello|");
        assert!(!input.is_empty());
        assert_eq!(input.take(), "hello");
        assert_eq!(show(&input), "|");
        input = LineInput::with_text("a\nb");
        assert_eq!(input.text(), "a b");
        input.clear();
        assert_eq!(input, LineInput::new());
    }

    #[test]
    fn insert_char_at_cursor() {
        check("ac|", |i| i.insert_char('d'), "acd|");
        check("a|c", |i| i.insert_char('b'), "ab|c");
        check("|", |i| i.insert_char('中'), "中|");
        check("a|b", |i| i.insert_char('\t'), "a |b");
    }

    #[test]
    fn paste_flattens_line_breaks_and_controls_only() {
        check(
            "x|y",
            |i| i.insert_str("one\ntwo\r\nthree\rfour\tfive"),
            "xone two three four five|y",
        );
        check("|", |i| i.insert_str("a\u{7}b\u{1b}[0m"), "a b [0m|");
        let odd = "naïve 中文 \u{200b}\u{202e}é 🇫🇷 ";
        check("|", |i| i.insert_str(odd), &format!("{odd}|"));
    }

    #[test]
    fn backspace_and_delete() {
        check("ab|c", LineInput::backspace, "a|c");
        check("|abc", LineInput::backspace, "|abc");
        check("a|bc", LineInput::delete, "a|c");
        check("abc|", LineInput::delete, "abc|");
    }

    #[test]
    fn moves() {
        check("ab|c", LineInput::left, "a|bc");
        check("|abc", LineInput::left, "|abc");
        check("a|bc", LineInput::right, "ab|c");
        check("abc|", LineInput::right, "abc|");
        check("ab|c", LineInput::home, "|abc");
        check("a|bc", LineInput::end, "abc|");
    }

    #[test]
    fn kills() {
        check("ab|cd", LineInput::kill_to_start, "|cd");
        check("ab|cd", LineInput::kill_to_end, "ab|");
        check("|", LineInput::kill_to_end, "|");
    }

    #[test]
    fn word_jumps_skip_punctuation() {
        check("see foo-bar.rs|", LineInput::word_left, "see foo-bar.|rs");
        check("see foo-bar.|rs", LineInput::word_left, "see foo-|bar.rs");
        check("see foo|-bar", LineInput::word_left, "see |foo-bar");
        check("  ...|", LineInput::word_left, "|  ...");
        check("|see foo-bar", LineInput::word_right, "see| foo-bar");
        check("see| foo-bar", LineInput::word_right, "see foo|-bar");
        check("see foo|-bar!!", LineInput::word_right, "see foo-bar|!!");
        check("x|...  ", LineInput::word_right, "x...  |");
        check("über|straße", LineInput::word_right, "überstraße|");
        check("a 中文|", LineInput::word_left, "a |中文");
    }

    #[test]
    fn delete_word_left_is_whitespace_delimited() {
        check("see foo-bar.rs|", LineInput::delete_word_left, "see |");
        check("see foo  |", LineInput::delete_word_left, "see |");
        check("see fo|o", LineInput::delete_word_left, "see |o");
        check("|abc", LineInput::delete_word_left, "|abc");
        check("   |", LineInput::delete_word_left, "|");
    }

    #[test]
    fn combining_mark_is_one_grapheme() {
        let mut input = LineInput::with_text(&format!("a{E_ACUTE}b"));
        input.left();
        input.left();
        assert_eq!(show(&input), format!("a|{E_ACUTE}b"));
        input.delete();
        assert_eq!(show(&input), "a|b");
        let mut input = LineInput::with_text(&format!("caf{E_ACUTE}"));
        assert_eq!(input.cursor_col(), 4);
        input.backspace();
        assert_eq!(input.text(), "caf");
    }

    #[test]
    fn typed_combining_mark_joins_its_letter() {
        let mut input = LineInput::new();
        input.insert_char('e');
        input.insert_char('\u{301}');
        assert_eq!(show(&input), format!("{E_ACUTE}|"));
        input.left();
        assert_eq!(input.cursor(), 0);
        // Typing a letter before a lone mark makes them one cluster; the cursor goes after it.
        let mut input = at("|\u{301}x");
        input.insert_char('e');
        assert_eq!(show(&input), format!("{E_ACUTE}|x"));
    }

    #[test]
    fn zwj_family_is_one_grapheme() {
        let mut input = LineInput::with_text(&format!("a{FAMILY}b"));
        input.left();
        input.left();
        assert_eq!(show(&input), format!("a|{FAMILY}b"));
        input.right();
        assert_eq!(show(&input), format!("a{FAMILY}|b"));
        assert_eq!(input.cursor_col(), 3);
        input.backspace();
        assert_eq!(show(&input), "a|b");
    }

    #[test]
    fn flags_are_one_grapheme_each() {
        let two = format!("{FLAG_FR}🇩🇪");
        let mut input = LineInput::with_text(&two);
        input.left();
        assert_eq!(show(&input), format!("{FLAG_FR}|🇩🇪"));
        input.backspace();
        assert_eq!(show(&input), "|🇩🇪");
        assert_eq!(input.cursor_col(), 0);
        // Deleting what sat between two halves of a flag leaves the cursor on a boundary.
        let mut input = at("🇫x|🇷");
        input.backspace();
        assert_eq!(show(&input), format!("|{FLAG_FR}"));
    }

    #[test]
    fn cjk_moves_by_char_and_counts_two_columns() {
        let mut input = LineInput::with_text("日本語");
        assert_eq!(input.cursor_col(), 6);
        input.left();
        assert_eq!(input.cursor_col(), 4);
        input.backspace();
        assert_eq!(show(&input), "日|語");
        assert_eq!(input.cursor_col(), 2);
    }

    #[test]
    fn apply_maps_editing_keys() {
        let mut input = LineInput::new();
        keys(&mut input, "hello world<Left><Left><BS><C-a>X<C-e>!");
        assert_eq!(show(&input), "Xhello wold!|");
        keys(&mut input, "<C-Left><A-b><Del><A-f><C-Right>");
        assert_eq!(show(&input), "hello wold|!");
        keys(&mut input, "<Home><Right><C-k>");
        assert_eq!(show(&input), "h|");
        keys(&mut input, " a b<C-w>");
        assert_eq!(show(&input), "h a |");
        keys(&mut input, "<Left><C-u>");
        assert_eq!(show(&input), "| ");
        keys(&mut input, "<End>A<Space>Z<Home><C-d><C-f><C-b><End><C-h>");
        assert_eq!(show(&input), "A |");
    }

    #[test]
    fn apply_leaves_navigation_keys_alone() {
        let mut input = LineInput::with_text("abc");
        for k in
            parse_keys("<Enter><Esc><Tab><S-Tab><Up><Down><PageUp><PageDown><F1><C-c><C-x><A-x>")
                .unwrap()
        {
            assert!(!input.apply(k), "{k} should not be consumed");
        }
        assert_eq!(show(&input), "abc|");
        for k in parse_keys("<Left><Right><Home><End><BS><Del>xY<C-w><C-a>").unwrap() {
            assert!(input.apply(k), "{k} should be consumed");
        }
    }

    /// The slice and cursor column for `text` with the cursor at `|`.
    fn vis(text: &str, width: usize) -> (String, usize) {
        at(text).visible(width)
    }

    #[test]
    fn visible_fits_short_text() {
        assert_eq!(vis("ab|c", 10), ("abc".into(), 2));
        assert_eq!(vis("|", 10), (String::new(), 0));
        assert_eq!(vis("中文|", 10), ("中文".into(), 4));
    }

    #[test]
    fn visible_scrolls_to_keep_cursor() {
        assert_eq!(vis("abcdefghijkl|", 10), ("defghijkl".into(), 9));
        assert_eq!(vis("abc|defghijkl", 10), ("abcdefghij".into(), 3));
        assert_eq!(vis("abcdefghijk|l", 10), ("cdefghijkl".into(), 9));
        // Wide chars: never split, the cursor lands just after the last whole one.
        assert_eq!(vis("中文字符测试|", 10), ("字符测试".into(), 8));
        assert_eq!(vis("中文字符|测试", 10), ("中文字符测".into(), 8));
        assert_eq!(vis("a中文字符|测试", 10), ("中文字符测".into(), 8));
    }

    #[test]
    fn visible_narrow_widths() {
        for w in [0, 1, 2] {
            for s in ["|", "中|", "|中", "a中|b", "ab|", FAMILY, "中文|字"] {
                let s = if s.contains('|') {
                    s.to_owned()
                } else {
                    format!("{s}|")
                };
                let (slice, col) = vis(&s, w);
                assert!(width(&slice) <= w, "{s:?} at {w}: {slice:?}");
                assert!(col < w.max(1), "{s:?} at {w}: col {col}");
            }
        }
        assert_eq!(vis("中|", 0), (String::new(), 0));
        assert_eq!(vis("中|", 1), (String::new(), 0));
        assert_eq!(vis("|中", 1), (String::new(), 0));
        assert_eq!(vis("a|b", 1), ("b".into(), 0));
        assert_eq!(vis("中|", 2), (String::new(), 0));
        assert_eq!(vis("a中|", 2), (String::new(), 0));
        assert_eq!(vis("ab|", 2), ("b".into(), 1));
        assert_eq!(vis("|中", 2), ("中".into(), 0));
        assert_eq!(vis("中文|字", 2), ("字".into(), 0));
        // The grapheme under the cursor must fit too, so 文 scrolls out.
        assert_eq!(vis("中文|字", 3), ("字".into(), 0));
    }

    fn key_strategy() -> impl Strategy<Value = Key> {
        let chars = prop::sample::select(vec![
            'a', 'Z', '1', ' ', '-', '.', 'é', '\u{301}', '\u{200d}', '👩', '👦', '🇫', '🇷', '中',
            '\n', '\t', '\u{0}',
        ]);
        let code = prop_oneof![
            4 => chars.prop_map(KeyCode::Char),
            1 => prop::sample::select(vec![
                KeyCode::Left,
                KeyCode::Right,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::Backspace,
                KeyCode::Delete,
                KeyCode::Enter,
                KeyCode::Up,
            ]),
        ];
        let mods = prop::sample::select(vec![Mods::NONE, Mods::NONE, Mods::CTRL, Mods::ALT]);
        let letters = prop::sample::select(vec!['a', 'e', 'b', 'f', 'h', 'd', 'w', 'u', 'k']);
        prop_oneof![
            4 => (code, mods).prop_map(|(code, mods)| Key::new(code, mods)),
            1 => letters.prop_map(Key::ctrl),
        ]
    }

    #[derive(Debug, Clone)]
    enum Step {
        Key(Key),
        Paste(String),
    }

    fn step_strategy() -> impl Strategy<Value = Step> {
        prop_oneof![
            5 => key_strategy().prop_map(Step::Key),
            1 => "[a-z\\u{301}\\u{200d}👩🇫🇷中 \\n\\r\\t.-]{0,6}".prop_map(Step::Paste),
        ]
    }

    proptest! {
        #[test]
        fn random_edits_keep_cursor_valid(steps in prop::collection::vec(step_strategy(), 0..60)) {
            let mut input = LineInput::new();
            for step in steps {
                match step {
                    Step::Key(k) => { input.apply(k); }
                    Step::Paste(s) => input.insert_str(&s),
                }
                let text = input.text();
                prop_assert!(input.cursor() <= text.len());
                prop_assert!(text.is_char_boundary(input.cursor()));
                let on_boundary = input.cursor() == text.len()
                    || text.grapheme_indices(true).any(|(i, _)| i == input.cursor());
                prop_assert!(on_boundary, "cursor {} in {:?}", input.cursor(), text);
                prop_assert!(!text.chars().any(char::is_control));
                prop_assert!(input.cursor_col() <= width(text));
                for w in 0..8 {
                    let (slice, col) = input.visible(w);
                    prop_assert!(width(&slice) <= w);
                    prop_assert!(col < w.max(1));
                    prop_assert!(text.contains(slice.as_str()));
                }
            }
        }
    }
}
