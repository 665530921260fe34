//! Notes as Markdown, reading like a cleaned-up version of what attendees write by hand: the
//! conference as the heading, then each session with notes — title, speakers, when and where,
//! the summary — and the numbered notes. Notes on sessions that are no longer in the program are
//! kept, in a section of their own at the end.

use std::fmt::Write as _;

use crate::schedule::{LinkKind, Schedule, Session};
use crate::store::{Note, Store};
use crate::timefmt;

/// The whole export for the schedule's conference.
pub fn notes(schedule: &Schedule, store: &Store) -> String {
    let conf = &schedule.conference;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape_inline(&conf.name));
    let mut about = vec![date_range(schedule)];
    let place: Vec<&str> = [conf.venue.as_deref(), conf.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        about.push(place.join(", "));
    }
    if let Some(url) = &conf.url {
        about.push(format!("<{url}>"));
    }
    let _ = writeln!(out, "{}\n", about.join(" · "));

    let with_notes: Vec<&str> = store.sessions_with_notes(&conf.id).collect();
    let mut known: Vec<&Session> = with_notes
        .iter()
        .filter_map(|id| schedule.get(id))
        .collect();
    known.sort_by_key(|s| schedule.index().position(&s.id));
    let orphans: Vec<&str> = with_notes
        .iter()
        .copied()
        .filter(|id| schedule.get(id).is_none())
        .collect();

    if known.is_empty() && orphans.is_empty() {
        let _ = writeln!(out, "No notes yet.");
        return out;
    }
    for s in known {
        session(&mut out, schedule, s, store.notes(&conf.id, &s.id));
    }
    if !orphans.is_empty() {
        let _ = writeln!(out, "## Sessions no longer in the program\n");
        for id in orphans {
            let _ = writeln!(out, "### `{id}`\n");
            numbered(&mut out, store.notes(&conf.id, id), |_| None);
        }
    }
    out
}

fn date_range(schedule: &Schedule) -> String {
    let (a, b) = (schedule.conference.start_date, schedule.conference.end_date);
    if a == b {
        a.format("%-d %B %Y").to_string()
    } else if a.format("%Y-%m").to_string() == b.format("%Y-%m").to_string() {
        format!("{}–{}", a.format("%-d"), b.format("%-d %B %Y"))
    } else {
        format!("{} – {}", a.format("%-d %B %Y"), b.format("%-d %B %Y"))
    }
}

fn session(out: &mut String, schedule: &Schedule, s: &Session, notes: &[Note]) {
    let _ = writeln!(out, "## {}\n", escape_inline(&s.title));
    if !s.speakers.is_empty() {
        let _ = writeln!(out, "*{}*  ", escape_inline(&s.speaker_line()));
    }
    let mut facts = vec![timefmt::when_line(&schedule.conference, s)];
    if let Some(room) = &s.room {
        facts.push(room.clone());
    }
    facts.extend(s.kind.iter().cloned());
    facts.extend(s.track.iter().cloned());
    let _ = writeln!(out, "{}\n", escape_inline(&facts.join(" · ")));
    if let Some(summary) = &s.summary {
        for line in summary.lines() {
            let _ = writeln!(out, "> {line}");
        }
        let _ = writeln!(out);
    }
    let links: Vec<String> = s
        .links
        .iter()
        .map(|l| {
            let label = match l.kind {
                LinkKind::Session => "Session page",
                LinkKind::Video => "Video",
                LinkKind::Slides => "Slides",
                LinkKind::Other => "Page",
            };
            format!("{label}: <{}>", l.url)
        })
        .collect();
    if !links.is_empty() {
        let _ = writeln!(out, "{}\n", links.join(" · "));
    }
    let position = schedule.index().position(&s.id);
    numbered(out, notes, |n| {
        position.and_then(|p| crate::agenda::minute_in_talk(schedule, p, n.written))
    });
}

/// `1. text`, with continuation lines indented so they stay inside the item, and `*(+12m)*`
/// after a note written during its talk (`minute` says how far in).
fn numbered(out: &mut String, notes: &[Note], minute: impl Fn(&Note) -> Option<i64>) {
    for (i, note) in notes.iter().enumerate() {
        let label = format!("{}. ", i + 1);
        let hang = " ".repeat(label.len());
        let lines: Vec<&str> = note.text.split('\n').collect();
        let last = lines.len() - 1;
        for (j, line) in lines.into_iter().enumerate() {
            let line = line.trim_end_matches('\r');
            let lead = if j == 0 {
                label.as_str()
            } else {
                hang.as_str()
            };
            let tail = match minute(note) {
                Some(m) if j == last => format!(" *(+{m}m)*"),
                _ => String::new(),
            };
            if j > 0 && line.trim().is_empty() && tail.is_empty() {
                let _ = writeln!(out);
            } else {
                let _ = writeln!(out, "{lead}{}{tail}", escape_block_start(line));
            }
        }
    }
    let _ = writeln!(out);
}

/// A line that would start a heading, quote, list or rule in Markdown gets a backslash, so the
/// note reads as the attendee wrote it.
fn escape_block_start(line: &str) -> String {
    let trimmed = line.trim_start();
    let starts_block = trimmed.starts_with(['#', '>', '-', '+', '*', '=', '|'])
        || trimmed.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit())
        });
    if starts_block {
        let indent = &line[..line.len() - trimmed.len()];
        format!("{indent}\\{trimmed}")
    } else {
        line.to_owned()
    }
}

/// Escapes the characters that would turn a title or name into emphasis or a link.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '<' | '>' | '`' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_starts_are_escaped() {
        assert_eq!(escape_block_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_block_start("21.FSDP sharded"), "\\21.FSDP sharded");
        assert_eq!(escape_block_start("plain 1. text"), "plain 1. text");
        assert_eq!(escape_block_start("  - item"), "  \\- item");
    }

    #[test]
    fn inline_markup_is_escaped() {
        assert_eq!(escape_inline("[MLIR] a*b"), "\\[MLIR\\] a\\*b");
    }
}
