//! Notes as Markdown, reading like a cleaned-up version of what attendees write by hand: the
//! conference as the heading, then each session with notes — title, speakers, when and where,
//! the summary — and the numbered notes. Notes on sessions that are no longer in the program are
//! kept, in a section of their own at the end.
//!
//! Every piece of text from the program or the attendee is escaped ([`escape`]) so that a
//! CommonMark renderer shows it exactly as written: a note typed as `21. *very* <b>` renders as
//! those characters, not as a list, emphasis and HTML.

use std::fmt::Write as _;

use crate::schedule::{LinkKind, Schedule, Session};
use crate::store::{Note, Store};
use crate::timefmt;

pub mod escape;

/// The whole export for the schedule's conference.
pub fn notes(schedule: &Schedule, store: &Store) -> String {
    let conf = &schedule.conference;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape::heading(&conf.name));
    let mut about = vec![date_range(schedule)];
    let place: Vec<&str> = [conf.venue.as_deref(), conf.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        about.push(escape::inline(&place.join(", ")));
    }
    if let Some(url) = &conf.url {
        about.push(escape::autolink(url));
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
            let _ = writeln!(out, "### {}\n", escape::code_span(id));
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
    let _ = writeln!(out, "## {}\n", escape::heading(&s.title));
    if !s.speakers.is_empty() {
        let _ = writeln!(out, "*{}*  ", escape::inline(&s.speaker_line()));
    }
    let mut facts = vec![timefmt::when_line(&schedule.conference, s)];
    if let Some(room) = &s.room {
        facts.push(room.clone());
    }
    facts.extend(s.kind.iter().cloned());
    facts.extend(s.track.iter().cloned());
    let _ = writeln!(out, "{}\n", escape::line(&facts.join(" · ")));
    if let Some(summary) = s.summary_text() {
        for line in summary.lines() {
            let _ = writeln!(out, "> {}", escape::line(line.trim_end_matches('\r')));
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
            format!("{label}: {}", escape::autolink(&l.url))
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

/// `1. text`, with continuation lines indented so they stay inside the item, each line break of
/// the note a hard break (a `\\` at the end of the line, so the lines stay lines in every
/// renderer), and `*(+12m)*` after a note written during its talk (`minute` says how far in).
/// Line breaks at the very end of a note are not carried: Markdown has no way to show them.
fn numbered(out: &mut String, notes: &[Note], minute: impl Fn(&Note) -> Option<i64>) {
    for (i, note) in notes.iter().enumerate() {
        let label = format!("{}. ", i + 1);
        let hang = " ".repeat(label.len());
        let text = note.text.trim_end_matches(['\n', '\r']);
        let lines: Vec<&str> = text.split('\n').collect();
        let last = lines.len() - 1;
        for (j, line) in lines.into_iter().enumerate() {
            let lead = if j == 0 { &label } else { &hang };
            let mut body = escape::line(line.trim_end_matches('\r'));
            if j < last {
                body.push('\\');
            } else if let Some(m) = minute(note) {
                let _ = write!(body, " *(+{m}m)*");
            }
            let _ = writeln!(out, "{lead}{body}");
        }
    }
    let _ = writeln!(out);
}
