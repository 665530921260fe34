//! Text clean-up shared by the importers: HTML entities, HTML tags in abstracts, control
//! characters, and whitespace.
//!
//! Schedules carry their texts in many states: plain, HTML escaped once (FOSDEM's
//! `&lt;p&gt;`), HTML with entities (`&nbsp;`), Markdown (pretalx). The rules here are
//! conservative: only known HTML tag names are treated as tags (so `a<b` and
//! `<insert name here>` survive), and only entities closed by `;` are decoded.

use std::borrow::Cow;
/// HTML element names treated as markup when they appear as `<name ...>` or `</name>`.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Tags after which the text starts on a new line.
const LINE_TAGS: &[&str] = &["br", "li", "tr", "dt", "dd"];

/// Tags that separate paragraphs.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "details",
];

/// Whether `c` is a control character that has no business in a schedule's text (everything
/// below U+0020 except tab, line feed and carriage return, plus DEL and the C1 range).
pub fn is_junk_control(c: char) -> bool {
    crate::sanitize::is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r')
}

/// Decodes `&name;`, `&#123;` and `&#x7B;` references. Unknown names, references without
/// the closing `;`, and numeric references to characters that are not allowed in text (NUL,
/// control characters, surrogates) are left out or kept as they are, never panicking.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        match decode_one(after) {
            Some((decoded, used)) => {
                out.push_str(&decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The expansion of the reference at the start of `s` (which starts with `&`) and its length.
fn decode_one(s: &str) -> Option<(String, usize)> {
    let limit = s.len().min(htmlize::ENTITY_MAX_LENGTH + 8);
    // `;` is ASCII, so its byte position is a character boundary.
    let semi = s.as_bytes()[..limit].iter().position(|&b| b == b';')?;
    let name = &s[1..semi];
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let decoded = match char::from_u32(code) {
            Some(c) if !is_junk_control(c) => c.to_string(),
            // A reference to a control character (often how "strict XML breakers" sneak in):
            // drop it.
            _ => String::new(),
        };
        return Some((decoded, semi + 1));
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let key = &s[..=semi];
    let expansion = htmlize::ENTITIES.get(key.as_bytes())?;
    let text = String::from_utf8_lossy(expansion).into_owned();
    Some((text, semi + 1))
}

/// A one-line field (title, room, name): entities decoded, control characters dropped, runs
/// of whitespace (newlines included) folded into one space, trimmed.
pub fn clean_line(text: &str) -> String {
    let decoded = decode_entities(text);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.chars() {
        if c.is_whitespace() {
            space = true;
        } else if !is_junk_control(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A multi-line text (abstract, description) from any of HTML, escaped HTML, Markdown or
/// plain text: known tags turned into line breaks or dropped (a link keeps its text, and its
/// address when the text does not show it), entities decoded, control characters dropped,
/// line ends normalised, blank lines collapsed, trimmed.
pub fn clean_block(text: &str) -> String {
    // Most abstracts have neither tags nor entities: no copy for those steps then.
    let stripped = if text.contains('<') {
        Cow::Owned(strip_tags(text))
    } else {
        Cow::Borrowed(text)
    };
    let decoded = if stripped.contains('&') {
        Cow::Owned(decode_entities(&stripped))
    } else {
        stripped
    };
    tidy_lines(&decoded)
}

/// Line ends normalised to `\n`, non-breaking spaces to spaces, trailing spaces cut, at most
/// one blank line in a row, no blank lines at the ends, junk control characters dropped.
fn tidy_lines(text: &str) -> String {
    let text = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    // A line is copied only when it has something to drop or replace (rarely).
    let mut fixed = String::new();
    for line in text.split('\n') {
        // The same test as `is_junk_control` on each character, on bytes (see `find_unsafe`).
        let junk = crate::sanitize::find_unsafe(line, b"\t\n\r", false);
        let line = if junk || line.contains('\u{a0}') {
            fixed.clear();
            fixed.extend(
                line.chars()
                    .filter(|c| !is_junk_control(*c))
                    .map(|c| if c == '\u{a0}' { ' ' } else { c }),
            );
            fixed.as_str()
        } else {
            line
        };
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Removes known HTML tags, turning block and line tags into line breaks and list items into
/// `- ` lines; drops the content of `<script>` and `<style>`, and comments.
fn strip_tags(text: &str) -> String {
    if !text.contains('<') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // The address of the link being read, and where its text starts in `out`.
    let mut link: Option<(String, usize)> = None;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(tag) = parse_tag(after) else {
            out.push('<');
            rest = &after[1..];
            continue;
        };
        rest = &after[tag.len..];
        match (tag.name.as_str(), tag.closing) {
            ("script" | "style", false) => {
                let close = format!("</{}", tag.name);
                rest = find_ascii_ci(rest, &close)
                    .and_then(|at| rest[at..].find('>').map(|gt| &rest[at + gt + 1..]))
                    .unwrap_or("");
            }
            ("a", false) => link = tag.href.map(|h| (h, out.len())),
            ("a", true) => {
                if let Some((href, from)) = link.take() {
                    let shown = out.get(from..).unwrap_or_default();
                    if (href.starts_with("http://") || href.starts_with("https://"))
                        && !shown.contains(href.trim_end_matches('/'))
                    {
                        out.push_str(&format!(" ({href})"));
                    }
                }
            }
            ("li", false) => out.push_str("\n- "),
            ("li", true) => {}
            (name, _) if LINE_TAGS.contains(&name) => out.push('\n'),
            (name, _) if BLOCK_TAGS.contains(&name) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

/// A known HTML tag at the start of `s` (which starts with `<`).
fn parse_tag(s: &str) -> Option<Tag> {
    let body = &s[1..];
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = body[..name_len].to_ascii_lowercase();
    if !TAGS.contains(&name.as_str()) {
        return None;
    }
    let after_name = &body[name_len..];
    if !after_name.starts_with(['>', '/', ' ', '\t', '\n', '\r']) {
        return None;
    }
    let gt = after_name.find('>')?;
    let attrs = &after_name[..gt];
    // `a<b and c>d` is prose: real attributes carry values (`href="..."`).
    let bare = attrs.trim().trim_end_matches('/').trim().is_empty();
    if attrs.contains('<') || (!bare && !attrs.contains('=')) {
        return None;
    }
    let href = if name == "a" {
        attr(attrs, "href")
    } else {
        None
    };
    let len = 1 + usize::from(closing) + name_len + gt + 1;
    Some(Tag {
        name,
        closing,
        href,
        len,
    })
}

/// The value of attribute `name` in a tag's attribute text.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let at = find_ascii_ci(attrs, &format!("{name}="))?;
    let value = &attrs[at + name.len() + 1..];
    let value = match value.chars().next()? {
        q @ ('"' | '\'') => {
            let inner = &value[1..];
            &inner[..inner.find(q).unwrap_or(inner.len())]
        }
        _ => &value[..value.find(char::is_whitespace).unwrap_or(value.len())],
    };
    let value = decode_entities(value.trim());
    (!value.is_empty()).then_some(value)
}

/// Byte position of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    if n == 0 || hay.len() < n {
        return None;
    }
    (0..=hay.len() - n).find(|&i| {
        hay.is_char_boundary(i)
            && hay
                .as_bytes()
                .get(i..i + n)
                .is_some_and(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_need_their_semicolon() {
        assert_eq!(decode_entities("a &amp; b"), "a & b");
        assert_eq!(decode_entities("&eacute;t&eacute;"), "été");
        assert_eq!(decode_entities("Q&A &amp"), "Q&A &amp");
        assert_eq!(decode_entities("&#39;x&#x27;"), "'x'");
        assert_eq!(
            decode_entities("&nosuch; &#xZZ; &#1114112;"),
            "&nosuch; &#xZZ; "
        );
        assert_eq!(decode_entities("bell&#7;"), "bell");
        assert_eq!(decode_entities("&"), "&");
        assert_eq!(decode_entities("trailing &#"), "trailing &#");
    }

    #[test]
    fn lines_fold_whitespace_and_drop_controls() {
        assert_eq!(clean_line("  A\n  B\u{1}\tC  "), "A B C");
        assert_eq!(clean_line("Q&amp;A"), "Q&A");
    }

    #[test]
    fn blocks_lose_known_tags_only() {
        assert_eq!(
            clean_block("<p>One &amp; two</p>\n<p>Three<br/>four</p>"),
            "One & two\n\nThree\nfour"
        );
        assert_eq!(clean_block("if a<b and c>d"), "if a<b and c>d");
        assert_eq!(
            clean_block("<insert name here> stays"),
            "<insert name here> stays"
        );
        assert_eq!(clean_block("<ul><li>x</li><li>y</li></ul>"), "- x\n- y");
        assert_eq!(
            clean_block(r#"See <a href="https://x.org/a">the page</a>."#),
            "See the page (https://x.org/a)."
        );
        assert_eq!(
            clean_block(r#"<a href="https://x.org/">https://x.org</a>"#),
            "https://x.org"
        );
        assert_eq!(clean_block("a<script>alert(1)</script>b<!-- c -->d"), "abd");
        assert_eq!(clean_block("x\r\n\r\n\r\n\r\ny\u{0}"), "x\n\ny");
        assert_eq!(clean_block("<p>unclosed <a href='x"), "unclosed <a href='x");
    }
}
