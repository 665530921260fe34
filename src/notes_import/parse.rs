//! Splitting a notes file into [`Block`]s: a heading (a talk's title, or its pasted abstract)
//! followed by the numbered notes taken during that talk.
//!
//! Lines are of four sorts: blank; numbered (`1.text`, `2. text`, `12) text`); URL-only (a
//! lone `https://...`); and text. The rules, in the order they apply:
//!
//! - **Numbered line.** One to three ASCII digits, then `.` or `)`, at the start of the line
//!   (after spaces). After a `.` the next character must not be a digit, so `3.5x faster` is
//!   text, not note 3. The note's text is what follows, with the marker, the spaces after it
//!   and trailing whitespace removed; nothing else is touched. The numbers themselves are only
//!   markers: the store numbers notes by position, so gaps (`12.` then `21.`) and repeats do
//!   not matter.
//! - **Heading.** A paragraph of text lines (consecutive, non-blank) that is followed, maybe
//!   after blank lines, by a numbered line. Its lines are trimmed and joined with `\n`. Only the
//!   last paragraph before the notes counts: earlier ones (a welcome intro, a page title) and
//!   paragraphs followed by no notes at all belong to no block and are ignored.
//! - **Continuation.** A text line right below a note (no blank line between) continues it,
//!   on a new line of the same note (`\n`), kept as written except for trailing whitespace.
//!   Exception: when the next numbered line *restarts* the numbering (its number is not more
//!   than the previous one's) the last such line is taken to be the next talk's heading,
//!   written without a blank line before it. A misfiled heading would otherwise put a whole
//!   talk's notes silently under the previous session; this way the worst case is a block the
//!   matcher reports as unmatched.
//! - **URL-only line.** Inside a block's notes it is appended to the previous note on a new
//!   line (`\n`), even after a blank line: a link jotted under a note is about that note. So
//!   `2.text` followed by `https://x` makes one note `"text\nhttps://x"`. A numbered URL
//!   (`23. https://...`) is a note of its own like any numbered line. Before the notes of a
//!   block, a URL line is part of the heading paragraph.
//! - **Empty notes** (`3.` with nothing after it, and nothing below) are dropped, and so are
//!   blocks left with no notes.
//!
//! Numbered lines before any heading make a block with an empty heading (which matches no
//! session, but `--session` can still import it). A byte-order mark at the start is ignored;
//! `\r\n` line ends are accepted.

/// A talk's notes as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The heading paragraph (a title, `Title - Speaker, Org`, or a pasted abstract), its lines
    /// trimmed and joined with `\n`. Empty when the notes had no heading.
    pub heading: String,
    /// 1-based line of the heading's first line (of the first note when there is no heading).
    pub line: usize,
    /// The notes in file order, without their numbers; never empty, no note is blank.
    pub notes: Vec<String>,
}

impl Block {
    /// The heading's first line: the title as the attendee wrote it, for messages.
    #[must_use]
    pub fn title_line(&self) -> &str {
        self.heading.lines().next().unwrap_or_default()
    }
}

/// A note being read, with what is needed to take its last line back out as a heading.
#[derive(Debug)]
struct NoteBuf {
    text: String,
    /// The line number and byte offset (in `text`, at the `\n`) of its last line when that
    /// line is a text continuation.
    tail: Option<(usize, usize)>,
}

/// The reader's state between lines.
#[derive(Debug, Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The block being filled: heading, line, notes.
    current: Option<(String, usize, Vec<NoteBuf>)>,
    /// The last paragraph of text seen since the last note, with line numbers.
    heading: Vec<(usize, String)>,
    /// The heading paragraph is still being read (no blank line since its last line).
    heading_open: bool,
    /// The previous line was a note or its continuation.
    in_note: bool,
    /// The number of the last numbered line.
    last_number: Option<u32>,
}

/// Splits a notes file into blocks (see the module documentation for the rules).
#[must_use]
pub fn parse(text: &str) -> Vec<Block> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::default();
    for (i, raw) in text.lines().enumerate() {
        reader.line(i + 1, raw.trim_end());
    }
    reader.finish_block();
    reader.blocks
}

impl Reader {
    fn line(&mut self, number: usize, line: &str) {
        if line.trim_start().is_empty() {
            self.heading_open = false;
            self.in_note = false;
        } else if let Some((n, text)) = numbered(line) {
            self.note(number, n, text);
        } else if is_url(line) {
            self.url(number, line);
        } else {
            self.text(number, line);
        }
    }

    fn note(&mut self, number: usize, n: u32, text: &str) {
        let restart = self.last_number.is_some_and(|last| n <= last);
        if !self.heading.is_empty() {
            let heading = std::mem::take(&mut self.heading);
            self.start_block(heading);
        } else if self.current.is_none() {
            self.start_block(Vec::new());
            if let Some((_, line, _)) = &mut self.current {
                *line = number;
            }
        } else if restart && let Some(peeled) = self.peel_tail() {
            self.start_block(vec![peeled]);
        }
        if let Some((_, _, notes)) = &mut self.current {
            notes.push(NoteBuf {
                text: text.to_owned(),
                tail: None,
            });
        }
        self.heading_open = false;
        self.in_note = true;
        self.last_number = Some(n);
    }

    fn url(&mut self, number: usize, line: &str) {
        if self.heading_open || !self.heading.is_empty() {
            self.heading.push((number, line.trim().to_owned()));
            self.heading_open = true;
        } else if let Some(note) = self.last_note() {
            append(&mut note.text, line);
            note.tail = None;
            self.in_note = true;
        } else {
            self.heading.push((number, line.trim().to_owned()));
            self.heading_open = true;
        }
    }

    fn text(&mut self, number: usize, line: &str) {
        if self.heading_open {
            self.heading.push((number, line.trim().to_owned()));
            return;
        }
        if self.in_note
            && let Some(note) = self.last_note()
        {
            let at = note.text.len();
            append(&mut note.text, line);
            note.tail = Some((number, at));
            return;
        }
        self.heading = vec![(number, line.trim().to_owned())];
        self.heading_open = true;
    }

    fn last_note(&mut self) -> Option<&mut NoteBuf> {
        self.current
            .as_mut()
            .and_then(|(_, _, notes)| notes.last_mut())
    }

    /// Takes the last line of the last note back out when it is a text continuation.
    fn peel_tail(&mut self) -> Option<(usize, String)> {
        let note = self.last_note()?;
        let (number, at) = note.tail.take()?;
        let line = note.text.split_off(at);
        // `at` is the position of the `\n` joining the line, or 0 when the note was empty.
        let line = line.strip_prefix('\n').unwrap_or(&line).trim().to_owned();
        Some((number, line))
    }

    fn start_block(&mut self, heading: Vec<(usize, String)>) {
        self.finish_block();
        let line = heading.first().map_or(0, |(n, _)| *n);
        let text = heading
            .into_iter()
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n");
        self.current = Some((text, line, Vec::new()));
    }

    fn finish_block(&mut self) {
        let Some((heading, line, notes)) = self.current.take() else {
            return;
        };
        let notes: Vec<String> = notes
            .into_iter()
            .map(|n| n.text)
            .filter(|t| !t.trim().is_empty())
            .collect();
        if !notes.is_empty() {
            self.blocks.push(Block {
                heading,
                line,
                notes,
            });
        }
    }
}

/// Appends a line to a note on a new line; an empty note (`3.` alone) takes it as its text.
fn append(note: &mut String, line: &str) {
    if note.is_empty() {
        note.push_str(line.trim_start());
    } else {
        note.push('\n');
        note.push_str(line);
    }
}

/// `(number, text)` when the line starts with a note number: `1.text`, `2. text`, `12) text`.
fn numbered(line: &str) -> Option<(u32, &str)> {
    let line = line.trim_start();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let (number, rest) = line.split_at(digits);
    let (dot, rest) = if let Some(rest) = rest.strip_prefix('.') {
        (true, rest)
    } else {
        (false, rest.strip_prefix(')')?)
    };
    if dot && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let n = number.parse().ok()?;
    Some((n, rest.trim_start_matches([' ', '\t'])))
}

/// Whether the line is a lone URL.
fn is_url(line: &str) -> bool {
    let line = line.trim();
    let lower = line
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !line.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(numbered("1.text"), Some((1, "text")));
        assert_eq!(numbered("  12) text"), Some((12, "text")));
        assert_eq!(numbered("3."), Some((3, "")));
        assert_eq!(numbered("3.5x faster"), None);
        assert_eq!(numbered("3)5 pages"), Some((3, "5 pages")));
        assert_eq!(numbered("2024. A year"), None);
        assert_eq!(numbered("torch 2.0"), None);
        assert!(is_url("https://github.com/pytorch/xla"));
        assert!(is_url("HTTPS://x.y"));
        assert!(!is_url("see https://x.y"));
        assert!(!is_url("http"));
    }
}
