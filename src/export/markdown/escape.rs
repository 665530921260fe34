//! CommonMark escaping for the notes export: text goes in as written and comes out so that a
//! CommonMark (or GitHub, Obsidian, Logseq) renderer shows exactly that text — no emphasis,
//! link, list, heading, table, code, HTML or entity appears that the attendee did not type, and
//! no character is lost — while plain prose stays as it was, readable in a text editor.
//!
//! What is escaped, and why:
//! - always, with a backslash (every ASCII punctuation character may be escaped in
//!   CommonMark): `*` and `` ` `` (emphasis, code), `[` `]` (links, images, footnotes, task
//!   boxes, `[[wikilinks]]`), `<` (raw HTML, autolinks), `~` (strikethrough, fences), `|` (GFM
//!   tables), `$` (math in Obsidian and Logseq);
//! - `_` unless it sits between two letters or digits (`snake_case` cannot open emphasis);
//! - `\` before ASCII punctuation or at the end of the text, where it would escape or break;
//! - `&` when it starts something entity-shaped (`&amp;`, `&#32;`); `research&transparency`
//!   stays;
//! - doubled `=` and `%` (Obsidian's `==highlight==` and `%%comments%%`);
//! - at the start of a line, what would start a block: `#` headings, `>` quotes, `-` `+` `=`
//!   list items, rules and heading underlines, and `21.` / `21)` list numbers followed by a space
//!   (`21.FSDP` is not a list item and is left alone);
//! - whitespace Markdown would drop: the first of a line's leading spaces (which would also
//!   make an indented code block) and the last of its trailing spaces (which, doubled, make a
//!   hard line break) are written `&#32;`.

/// The entity for a space Markdown would otherwise drop.
const SPACE: &str = "&#32;";

/// One line of text at the start of a Markdown line (a paragraph or list item line): block
/// starts, inline markup and the line's outer spaces escaped.
#[must_use]
pub fn line(text: &str) -> String {
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let mut out = String::with_capacity(text.len() + 8);
    if body.is_empty() {
        // Spaces only: the first and the last as entities, the ones between as they are.
        if lead > 0 {
            out.push_str(SPACE);
        }
        if lead > 1 {
            out.push_str(&" ".repeat(lead - 2));
            out.push_str(SPACE);
        }
        return out;
    }
    let core = body.trim_end_matches(' ');
    let trail = body.len() - core.len();
    let forced = if lead > 0 {
        // Starting with an entity, the line is a paragraph line whatever follows.
        out.push_str(SPACE);
        out.push_str(&" ".repeat(lead - 1));
        None
    } else {
        block_start(core)
    };
    push_inline(&mut out, core, forced, |_| false);
    if trail > 0 {
        out.push_str(&" ".repeat(trail - 1));
        out.push_str(SPACE);
    }
    out
}

/// Text in the middle of a line (between emphasis markers, after a label): inline markup
/// escaped, outer spaces trimmed.
#[must_use]
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_inline(&mut out, text.trim_matches(' '), None, |_| false);
    out
}

/// A heading's text (after `## `): inline markup escaped, and every `#`, so a title ending in
/// ` #` keeps it rather than losing it as a closing sequence.
#[must_use]
pub fn heading(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_inline(&mut out, text.trim_matches(' '), None, |c| c == '#');
    out
}

/// `text` as a code span, with a fence longer than any run of backticks inside it.
#[must_use]
pub fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A space inside the fence when the text starts or ends with a backtick (or a space, which
    // a renderer strips in pairs).
    let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `<url>` when `url` can be an autolink (a scheme, then no space, `<`, `>` or control
/// character); otherwise the URL as escaped text, which reads the same.
#[must_use]
pub fn autolink(url: &str) -> String {
    let scheme = url.split_once(':').map_or("", |(s, _)| s);
    let scheme_ok = (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let body_ok = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'));
    if scheme_ok && body_ok {
        format!("<{url}>")
    } else {
        inline(url)
    }
}

/// Where (a char index into `line`, which has no leading space) a backslash stops a block
/// from starting, if one would.
fn block_start(line: &str) -> Option<usize> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let second = chars.next();
    let space_or_end = |c: Option<char>| c.is_none_or(|c| c == ' ');
    let only = |set: &[char]| line.chars().all(|c| set.contains(&c));
    match first {
        '>' => Some(0),
        '#' => {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            (hashes <= 6 && space_or_end(line.chars().nth(hashes))).then_some(0)
        }
        '-' => (space_or_end(second) || only(&['-', ' '])).then_some(0),
        '+' => space_or_end(second).then_some(0),
        '=' => only(&['=', ' ']).then_some(0),
        '0'..='9' => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let mut rest = line.chars().skip(digits);
            let marker = rest.next();
            (digits <= 9 && matches!(marker, Some('.' | ')')) && space_or_end(rest.next()))
                .then_some(digits)
        }
        _ => None,
    }
}

/// Appends `text` with its inline markup escaped; `forced` is a char index that gets a
/// backslash whatever it holds, `extra` more characters to escape everywhere.
fn push_inline(out: &mut String, text: &str, forced: Option<usize>, extra: impl Fn(char) -> bool) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j).copied());
        let next = chars.get(i + 1).copied();
        let escape = forced == Some(i)
            || extra(c)
            || match c {
                '*' | '`' | '[' | ']' | '<' | '~' | '|' | '$' => true,
                '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
                '_' => {
                    !(prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric))
                }
                '&' => starts_entity(chars.get(i + 1..).unwrap_or_default()),
                '=' | '%' => prev == Some(c) || next == Some(c),
                _ => false,
            };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Whether the text after a `&` looks like an entity's name or number and its `;`.
fn starts_entity(after: &[char]) -> bool {
    let name = after
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && after.get(name) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_starts_are_escaped_only_where_they_start_a_block() {
        assert_eq!(line("# not a heading"), "\\# not a heading");
        assert_eq!(line("#hashtag"), "#hashtag");
        assert_eq!(line("21.FSDP sharded"), "21.FSDP sharded");
        assert_eq!(line("21. FSDP"), "21\\. FSDP");
        assert_eq!(line("3) three"), "3\\) three");
        assert_eq!(line("plain 1. text"), "plain 1. text");
        assert_eq!(line("- item"), "\\- item");
        assert_eq!(line("-> arrow"), "-> arrow");
        assert_eq!(line("---"), "\\---");
        assert_eq!(line("=="), "\\=\\=");
        assert_eq!(line("> quote"), "\\> quote");
    }

    #[test]
    fn outer_spaces_survive_as_entities() {
        assert_eq!(line("  - item"), "&#32; - item");
        assert_eq!(line("end  "), "end &#32;");
        assert_eq!(line("   "), "&#32; &#32;");
        assert_eq!(line(" "), "&#32;");
    }

    #[test]
    fn inline_markup_is_escaped() {
        assert_eq!(inline("[MLIR] a*b"), "\\[MLIR\\] a\\*b");
        assert_eq!(inline("snake_case _x_"), "snake_case \\_x\\_");
        assert_eq!(inline("a&b &amp; &#35;"), "a&b \\&amp; \\&#35;");
        assert_eq!(inline("\\2 \\* end\\"), "\\2 \\\\\\* end\\\\");
        assert_eq!(heading("C# and #"), "C\\# and \\#");
    }

    #[test]
    fn code_spans_and_links() {
        assert_eq!(code_span("abc"), "`abc`");
        assert_eq!(code_span("a``b"), "```a``b```");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(autolink("https://x.org/a_b"), "<https://x.org/a_b>");
        assert_eq!(autolink("https://x.org/a b"), "https://x.org/a b");
        assert_eq!(autolink("https://x.org/>"), "https://x.org/>");
    }
}
