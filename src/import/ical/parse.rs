//! RFC 5545 content lines and components, read carefully and tolerantly:
//!
//! - lines end in CRLF, LF or a lone CR; a line starting with a space or tab continues the
//!   previous one (one whitespace character removed). Unfolding happens on bytes, so a UTF-8
//!   character split across a fold comes back whole;
//! - `NAME;PARAM=a,"b;c":value`, names and parameter names in any case, quoted parameter
//!   values holding `;`, `:` and `,`;
//! - `BEGIN:X` ... `END:X` nesting is checked.
//!
//! Errors (a line that is not `NAME:value`, an unterminated quote, an `END` that does not
//! match, a component never closed, text that is not UTF-8) carry the line and column in the
//! original file.

use crate::import::ImportError;

/// Real calendars nest three deep (VCALENDAR, VEVENT, VALARM); anything far deeper is broken.
const MAX_DEPTH: usize = 32;

/// One property: `DTSTART;TZID=Europe/Berlin:20161227T110000`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Upper-cased name.
    pub name: String,
    /// Parameters: upper-cased names, values without their quotes.
    pub params: Vec<(String, Vec<String>)>,
    /// The raw value (escapes not yet undone).
    pub value: String,
    /// Line and column of the value in the file.
    pub line: usize,
    pub column: usize,
}

impl Property {
    /// The first value of parameter `name` (upper case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

/// A component: `VCALENDAR`, `VEVENT`, `VTIMEZONE`, `VALARM`...
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    /// Upper-cased name.
    pub name: String,
    pub properties: Vec<Property>,
    pub children: Vec<Component>,
    /// Line of its `BEGIN`.
    pub line: usize,
}

impl Component {
    /// The first property called `name` (upper case).
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Every property called `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }
}

/// A logical (unfolded) line and where each of its pieces sits in the file.
struct Logical {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
}

/// One physical line's share of a logical line.
#[derive(Clone, Copy)]
struct Piece {
    /// Offset in the logical line.
    logical: usize,
    /// Offset in the file.
    file: usize,
    /// 1-based line and column of its first byte in the file.
    line: usize,
    column: usize,
}

impl Logical {
    /// 1-based line and column (in characters) of `bytes[at]` in the file.
    fn position(&self, file: &[u8], at: usize) -> (usize, usize) {
        let Some(piece) = self.pieces.iter().rev().find(|p| p.logical <= at).copied() else {
            return (1, 1);
        };
        let from = piece.file.min(file.len());
        let to = (piece.file + (at - piece.logical)).min(file.len());
        let chars = String::from_utf8_lossy(&file[from..to]).chars().count();
        (piece.line, piece.column + chars)
    }
}

/// Splits the file into unfolded logical lines.
fn unfold(bytes: &[u8]) -> Vec<Logical> {
    let mut lines: Vec<Logical> = Vec::new();
    let push = |from: usize, to: usize, line: usize, lines: &mut Vec<Logical>| {
        let piece = &bytes[from..to];
        match (piece.first(), lines.last_mut()) {
            (Some(b' ' | b'\t'), Some(last)) => {
                last.pieces.push(Piece {
                    logical: last.bytes.len(),
                    file: from + 1,
                    line,
                    column: 2,
                });
                last.bytes.extend_from_slice(&piece[1..]);
            }
            (None, _) => {}
            // Leading blank space before the first line (after a byte-order mark, say).
            (Some(b' ' | b'\t'), None) => {
                let skip = piece
                    .iter()
                    .position(|b| !matches!(b, b' ' | b'\t'))
                    .unwrap_or(piece.len());
                if skip < piece.len() {
                    lines.push(Logical {
                        bytes: piece[skip..].to_vec(),
                        pieces: vec![Piece {
                            logical: 0,
                            file: from + skip,
                            line,
                            column: 1 + skip,
                        }],
                    });
                }
            }
            _ => lines.push(Logical {
                bytes: piece.to_vec(),
                pieces: vec![Piece {
                    logical: 0,
                    file: from,
                    line,
                    column: 1,
                }],
            }),
        }
    };
    let mut start = 0;
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                push(start, i, line, &mut lines);
                start = i + 1;
                line += 1;
            }
            b'\r' => {
                push(start, i, line, &mut lines);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
                line += 1;
            }
            _ => {}
        }
        i += 1;
    }
    push(start, bytes.len(), line, &mut lines);
    lines
}

/// Parses an iCalendar file into its top-level components.
///
/// # Errors
/// [`ImportError::Syntax`] located in the file.
pub fn parse(bytes: &[u8], file: &str) -> Result<Vec<Component>, ImportError> {
    let syntax = |(line, column): (usize, usize), message: String| ImportError::Syntax {
        file: file.to_owned(),
        line,
        column,
        message,
    };
    let mut top: Vec<Component> = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    for logical in unfold(bytes) {
        let err = |at: usize, message: String| syntax(logical.position(bytes, at), message);
        let text = std::str::from_utf8(&logical.bytes)
            .map_err(|e| err(e.valid_up_to(), "the text is not valid UTF-8".into()))?;
        if text.trim().is_empty() {
            continue;
        }
        let (line, _) = logical.position(bytes, 0);
        let prop = content_line(text).map_err(|(at, message)| err(at, message))?;
        let (value_line, value_column) = logical.position(bytes, text.len() - prop.value.len());
        let prop = Property {
            line: value_line,
            column: value_column,
            ..prop
        };
        match prop.name.as_str() {
            "BEGIN" if stack.len() >= MAX_DEPTH => {
                return Err(err(
                    0,
                    format!("components are nested more than {MAX_DEPTH} deep"),
                ));
            }
            "BEGIN" => stack.push(Component {
                name: prop.value.trim().to_ascii_uppercase(),
                line,
                ..Component::default()
            }),
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                let Some(done) = stack.pop() else {
                    return Err(err(0, format!("END:{name} without a BEGIN:{name}")));
                };
                if done.name != name {
                    return Err(err(
                        0,
                        format!(
                            "END:{name} does not match BEGIN:{} on line {}",
                            done.name, done.line
                        ),
                    ));
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => top.push(done),
                }
            }
            _ => match stack.last_mut() {
                Some(component) => component.properties.push(prop),
                None => {
                    return Err(err(
                        0,
                        format!("{} is outside BEGIN:VCALENDAR ... END:VCALENDAR", prop.name),
                    ));
                }
            },
        }
    }
    if let Some(open) = stack.last() {
        return Err(syntax(
            (open.line, 1),
            format!("BEGIN:{0} has no END:{0} (the file ends first)", open.name),
        ));
    }
    Ok(top)
}

/// Splits `NAME;P=V:value`; errors give the byte offset in the line.
fn content_line(text: &str) -> Result<Property, (usize, String)> {
    let name_end = text.find([';', ':']).ok_or_else(|| {
        (
            text.len(),
            "not a content line: expected NAME:value (is a folded line missing its leading space?)"
                .to_owned(),
        )
    })?;
    let name = &text[..name_end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err((0, format!("\"{name}\" is not a property name")));
    }
    let mut params = Vec::new();
    let mut at = name_end;
    while text.as_bytes().get(at) == Some(&b';') {
        let rest = &text[at + 1..];
        let eq = rest
            .find('=')
            .filter(|&eq| !rest[..eq].contains([':', ';']))
            .ok_or_else(|| (at + 1, "a parameter needs NAME=value".to_owned()))?;
        let pname = rest[..eq].trim().to_ascii_uppercase();
        at += 1 + eq + 1;
        let mut values = Vec::new();
        loop {
            let rest = &text[at..];
            if let Some(quoted) = rest.strip_prefix('"') {
                let close = quoted
                    .find('"')
                    .ok_or_else(|| (at, "a quoted parameter value is never closed".to_owned()))?;
                values.push(quoted[..close].to_owned());
                at += close + 2;
            } else {
                let end = rest.find([',', ';', ':']).unwrap_or(rest.len());
                values.push(rest[..end].to_owned());
                at += end;
            }
            if text.as_bytes().get(at) == Some(&b',') {
                at += 1;
            } else {
                break;
            }
        }
        params.push((pname, values));
    }
    if text.as_bytes().get(at) != Some(&b':') {
        return Err((at, "expected ':' before the value".to_owned()));
    }
    Ok(Property {
        name: name.to_ascii_uppercase(),
        params,
        value: text[at + 1..].to_owned(),
        line: 0,
        column: 0,
    })
}

/// Undoes TEXT escapes: `\\`, `\;`, `\,`, `\n` and `\N`; `\:` (a common mistake) becomes `:`;
/// any other backslash is kept.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ ('\\' | ';' | ',' | ':')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a list value (`CATEGORIES:a,b\,c`) at unescaped commas, then unescapes each.
pub fn split_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            items.push(unescape(&current));
            current.clear();
        } else {
            current.push(c);
        }
    }
    if escaped {
        current.push('\\');
    }
    items.push(unescape(&current));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Property {
        content_line(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn content_lines_with_parameters() {
        let p = one("DTSTART;TZID=Europe/Berlin;VALUE=DATE-TIME:20161227T110000");
        assert_eq!(p.name, "DTSTART");
        assert_eq!(p.param("TZID"), Some("Europe/Berlin"));
        assert_eq!(p.param("VALUE"), Some("DATE-TIME"));
        assert_eq!(p.value, "20161227T110000");
        let p = one(r#"attendee;cn="Doe, Jane: PhD";ROLE=CHAIR:mailto:j@x.org"#);
        assert_eq!(p.name, "ATTENDEE");
        assert_eq!(p.param("CN"), Some("Doe, Jane: PhD"));
        assert_eq!(p.value, "mailto:j@x.org");
        let p = one("X-A;MEMBER=\"a\",\"b\":v");
        assert_eq!(p.params[0].1, ["a", "b"]);
        assert!(content_line("no colon here").is_err());
        assert!(content_line("DTSTART;TZID:x").is_err());
        assert!(content_line("A;B=\"open:x").is_err());
        assert!(content_line(":value").is_err());
    }

    #[test]
    fn unfolding_handles_every_line_end_and_split_characters() {
        // "ü" is C3 BC: folded between its two bytes.
        let bytes = b"A:f\xC3\r\n \xBCr\nB:x\r\tyz\rC:1";
        let lines: Vec<String> = unfold(bytes)
            .iter()
            .map(|l| String::from_utf8(l.bytes.clone()).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        assert_eq!(lines, ["A:für", "B:xyz", "C:1"]);
    }

    #[test]
    fn rfc_5545_folding_example() {
        // RFC 5545 section 3.1.
        let bytes =
            b"DESCRIPTION:This is a lo\r\n ng description\r\n  that exists on a long line.\r\n";
        let lines = unfold(bytes);
        assert_eq!(
            String::from_utf8_lossy(&lines[0].bytes),
            "DESCRIPTION:This is a long description that exists on a long line."
        );
    }

    #[test]
    fn text_escapes() {
        assert_eq!(
            unescape(r"a\, b\; c\\d\ne\Nf\:g\x"),
            "a, b; c\\d\ne\nf:g\\x"
        );
        assert_eq!(split_list(r"a,b\,c,,d\"), ["a", "b,c", "", "d\\"]);
    }

    #[test]
    fn components_nest() {
        let cal = parse(
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nBEGIN:VALARM\nACTION:DISPLAY\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n",
            "t.ics",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cal.len(), 1);
        let event = &cal[0].children[0];
        assert_eq!(event.name, "VEVENT");
        assert_eq!(event.get("SUMMARY").map(|p| p.value.as_str()), Some("x"));
        assert_eq!(event.children[0].name, "VALARM");
        assert_eq!(
            (event.properties[0].line, event.properties[0].column),
            (3, 9)
        );
    }

    #[test]
    fn broken_structure_is_located() {
        let e = parse(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", "t.ics")
            .err()
            .unwrap_or_else(|| panic!("no error"));
        assert_eq!(
            e.to_string(),
            "t.ics:3:1: END:VCALENDAR does not match BEGIN:VEVENT on line 2"
        );
        let e = parse(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n", "t.ics")
            .err()
            .unwrap_or_else(|| panic!("no error"));
        assert_eq!(
            e.to_string(),
            "t.ics:2:1: BEGIN:VEVENT has no END:VEVENT (the file ends first)"
        );
        let e = parse(b"BEGIN:VCALENDAR\nSUMMARY x\n", "t.ics")
            .err()
            .unwrap_or_else(|| panic!("no error"));
        assert!(
            e.to_string().starts_with("t.ics:2:10: not a content line"),
            "{e}"
        );
        let e = parse(b"BEGIN:VCALENDAR\nX:\xFF\n", "t.ics")
            .err()
            .unwrap_or_else(|| panic!("no error"));
        assert_eq!(e.to_string(), "t.ics:2:3: the text is not valid UTF-8");
    }
}
