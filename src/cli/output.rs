//! Text the CLI prints: session lines for `list` and `search`, the full record for `show`, and
//! numbered notes. Plain text, no colours, so it pipes well.

use std::fmt::Write as _;

use crate::schedule::{Conference, LinkKind, Session};
use crate::store::Note;
use crate::timefmt;
use crate::width;

/// Pads `text` with spaces to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    let w = width::of(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// Column widths for a block of session lines, so ids and rooms line up.
pub struct Columns {
    id: usize,
    room: usize,
}

impl Columns {
    /// Widths fitting every session in `sessions`.
    pub fn fit<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Self {
        let mut c = Columns { id: 2, room: 1 };
        for s in sessions {
            c.id = c.id.max(width::of(&s.id));
            c.room = c.room.max(s.room.as_deref().map_or(1, width::of));
        }
        c
    }
}

/// `1fHmN  Wed 18 Sep  14:55–15:20  —  A Distributed Stateful Dataloader… ★`. The date is the
/// start's calendar date (`Sat 28 Dec 00:50` for a talk filed under Fri 27 Dec's night).
pub fn session_line(conf: &Conference, s: &Session, cols: &Columns, starred: bool) -> String {
    let when = timefmt::session_when(&timefmt::Zone::of(conf), s);
    let day = when.date_text();
    let time = when.range.unwrap_or_else(|| "time n/p".to_owned());
    let room = s.room.as_deref().unwrap_or("—");
    let star = if starred { " ★" } else { "" };
    format!(
        "{}  {}  {}  {}  {}{star}",
        pad(&s.id, cols.id),
        pad(&day, 10),
        pad(&time, 11),
        pad(room, cols.room),
        s.title
    )
}

/// Every field of a session, then its notes, for `hallway show`.
pub fn show(conf: &Conference, s: &Session, starred: bool, notes: &[Note]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}{}", s.title, if starred { "  ★" } else { "" });
    let mut field = |name: &str, value: &str| {
        let label = if name.is_empty() {
            String::new()
        } else {
            format!("{name}:")
        };
        let _ = writeln!(out, "  {label:<9} {value}");
    };
    field("id", &s.id);
    field("when", &timefmt::when_line(conf, s));
    field("room", s.room.as_deref().unwrap_or("not published"));
    field("kind", s.kind.as_deref().unwrap_or("—"));
    field("track", s.track.as_deref().unwrap_or("—"));
    field("starred", if starred { "yes" } else { "no" });
    if s.speakers.is_empty() {
        field("speakers", "—");
    }
    for (i, sp) in s.speakers.iter().enumerate() {
        let mut line = sp.name.clone();
        if let Some(a) = &sp.affiliation {
            let _ = write!(line, ", {a}");
        }
        if let Some(r) = &sp.role {
            let _ = write!(line, " — {r}");
        }
        field(if i == 0 { "speakers" } else { "" }, &line);
    }
    for (i, l) in s.links.iter().enumerate() {
        let kind = match l.kind {
            LinkKind::Session => "session",
            LinkKind::Video => "video",
            LinkKind::Slides => "slides",
            LinkKind::Other => "page",
        };
        field(
            if i == 0 { "links" } else { "" },
            &format!("{kind:<8} {}", l.url),
        );
    }
    if let Some(summary) = s.summary_text() {
        let _ = writeln!(out, "\n{summary}");
    }
    if !s.sources.is_empty() {
        let _ = writeln!(out, "\nSources:");
        for src in &s.sources {
            let _ = writeln!(out, "  - {src}");
        }
    }
    let _ = writeln!(out);
    if notes.is_empty() {
        let _ = writeln!(out, "No notes yet: hallway note {} TEXT", s.id);
    } else {
        let _ = writeln!(out, "Notes:");
        out.push_str(&numbered(notes, "  "));
    }
    out
}

/// Notes as `1. text`, continuation lines indented under the text.
pub fn numbered(notes: &[Note], indent: &str) -> String {
    let mut out = String::new();
    for (i, n) in notes.iter().enumerate() {
        let label = format!("{}. ", i + 1);
        let hang = " ".repeat(label.len());
        for (j, line) in n.text.split('\n').enumerate() {
            let lead = if j == 0 {
                label.as_str()
            } else {
                hang.as_str()
            };
            let _ = writeln!(out, "{indent}{lead}{line}");
        }
    }
    out
}
