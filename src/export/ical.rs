//! The attendee's starred agenda as an iCalendar file (RFC 5545) to import on a phone: one
//! `VEVENT` per starred session of the schedule's conference, in program order, with the
//! attendee's notes in the description.
//!
//! What the calendar says follows what the program knows, and guesses nothing:
//! - a timed session is an event in UTC (`DTSTART:20240918T215500Z`); without a published end
//!   it has no `DTEND`, which RFC 5545 §3.6.1 reads as an event lasting no time, and its
//!   description says the end is not published;
//! - a session with a day only is an all-day event (`DTSTART;VALUE=DATE`, `DTEND` the next
//!   day), transparent so the phone does not show the whole day as busy, and its description
//!   says the time is not published;
//! - a session with neither cannot be placed in a calendar: it is left out and its id listed in
//!   [`Agenda::skipped`].
//!
//! Stars on sessions the schedule does not know are left out too (there is nothing to write),
//! and listed in [`Agenda::missing`]. When no event at all goes in ([`Agenda::events`] is 0),
//! the caller should say why rather than hand out an empty calendar.
//!
//! The text is the same, byte for byte, for the same schedule, store and `now`: UIDs depend on
//! the session and conference ids only, so re-importing an updated agenda replaces events
//! rather than duplicating them. Times are written in UTC, so no `VTIMEZONE` is needed.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::schedule::{Conference, LinkKind, Schedule, Session, When};
use crate::store::{Note, Store};

/// Longest content line, in octets, not counting the CRLF (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// The agenda as calendar text, with what went in and what could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda {
    /// The `VCALENDAR`, with CRLF line endings and lines folded at 75 octets.
    pub text: String,
    /// How many `VEVENT`s it holds.
    pub events: usize,
    /// Ids of starred sessions with neither a time nor a day, in program order: a calendar has
    /// no place for them.
    pub skipped: Vec<String>,
    /// Ids of starred sessions the schedule does not hold (any more), sorted.
    pub missing: Vec<String>,
}

/// The starred sessions of the schedule's conference as a calendar. `now` is the `DTSTAMP` of
/// every event.
#[must_use]
pub fn agenda(schedule: &Schedule, store: &Store, now: DateTime<FixedOffset>) -> Agenda {
    let conf = &schedule.conference;
    let stamp = utc(now);
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    let prodid = format!("-//hallway//hallway {}//EN", env!("CARGO_PKG_VERSION"));
    property(&mut out, "PRODID", &text(&prodid));
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let name = format!("{} — my agenda", conf.name);
    property(&mut out, "X-WR-CALNAME", &text(&name));
    if let Some(zone) = &conf.time_zone {
        // A hint for clients that show the calendar in its own zone; every time is in UTC.
        property(&mut out, "X-WR-TIMEZONE", &text(zone));
    }

    let mut events = 0;
    let mut skipped = Vec::new();
    for s in schedule
        .sessions()
        .iter()
        .filter(|s| store.is_starred(&conf.id, &s.id))
    {
        if s.when() == When::Unknown {
            skipped.push(s.id.clone());
        } else {
            event(&mut out, conf, s, store.notes(&conf.id, &s.id), &stamp);
            events += 1;
        }
    }
    line(&mut out, "END:VCALENDAR");
    let mut missing: Vec<String> = store
        .stars(&conf.id)
        .filter(|id| schedule.get(id).is_none())
        .map(str::to_owned)
        .collect();
    missing.sort();
    Agenda {
        text: out,
        events,
        skipped,
        missing,
    }
}

/// One `VEVENT`. The session must have a time or a day.
fn event(out: &mut String, conf: &Conference, s: &Session, notes: &[Note], stamp: &str) {
    line(out, "BEGIN:VEVENT");
    property(out, "UID", &text(&uid(conf, s)));
    property(out, "DTSTAMP", stamp);
    match s.when() {
        When::Timed { start, end } => {
            property(out, "DTSTART", &utc(start));
            if let Some(end) = end {
                property(out, "DTEND", &utc(end));
            }
        }
        When::Day(day) => {
            property(out, "DTSTART;VALUE=DATE", &date(day));
            // An all-day event without DTEND lasts one day anyway (§3.6.1).
            if let Some(next) = day.succ_opt() {
                property(out, "DTEND;VALUE=DATE", &date(next));
            }
            line(out, "TRANSP:TRANSPARENT");
        }
        When::Unknown => {}
    }
    property(out, "SUMMARY", &text(&s.title));
    if let Some(place) = location(conf, s) {
        property(out, "LOCATION", &text(&place));
    }
    if let Some(url) = s
        .link(LinkKind::Session)
        .or(s.links.first().map(|l| l.url.as_str()))
    {
        property(out, "URL", &uri(url));
    }
    let categories: Vec<String> = [&s.track, &s.kind]
        .into_iter()
        .flatten()
        .map(|c| text(c))
        .collect();
    if !categories.is_empty() {
        property(out, "CATEGORIES", &categories.join(","));
    }
    let about = description(s, notes);
    if !about.is_empty() {
        property(out, "DESCRIPTION", &text(&about));
    }
    line(out, "END:VEVENT");
}

/// `<session id>@<conference id>.hallway`, each id with every byte outside `A-Z a-z 0-9 - . _ ~`
/// written as `%XX`: safe in any client, and two different ids never share a UID.
fn uid(conf: &Conference, s: &Session) -> String {
    format!("{}@{}.hallway", uid_part(&s.id), uid_part(&conf.id))
}

fn uid_part(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The room and the venue, as far as they are known: `Room A, Fort Mason`.
fn location(conf: &Conference, s: &Session) -> Option<String> {
    let parts: Vec<&str> = [s.room.as_deref(), conf.venue.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Paragraphs, as far as they are known: what is missing of the time, the speakers, the
/// summary, the video, then the attendee's numbered notes.
fn description(s: &Session, notes: &[Note]) -> String {
    let mut parts = Vec::new();
    match s.when() {
        When::Day(_) => parts.push("Time not published.".to_owned()),
        When::Timed { end: None, .. } => parts.push("End time not published.".to_owned()),
        When::Timed { .. } | When::Unknown => {}
    }
    if !s.speakers.is_empty() {
        let label = if s.speakers.len() == 1 {
            "Speaker"
        } else {
            "Speakers"
        };
        parts.push(format!("{label}: {}", s.speaker_line()));
    }
    parts.extend(s.summary_text().map(std::borrow::Cow::into_owned));
    if let Some(video) = s.link(LinkKind::Video) {
        parts.push(format!("Video: {video}"));
    }
    if !notes.is_empty() {
        let mut block = String::from("Notes:");
        for (i, note) in notes.iter().enumerate() {
            let _ = write!(block, "\n{}. {}", i + 1, note.text);
        }
        parts.push(block);
    }
    parts.join("\n\n")
}

/// A date-time in UTC: `20240918T215500Z`.
fn utc(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// A date: `20240918`.
fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break
/// (LF, CRLF or CR) written as `\n`. Other control characters are not allowed in TEXT and are
/// dropped; a tab is kept.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: anything but visible ASCII (spaces, control characters, non-ASCII letters) is
/// percent-encoded, byte by byte, so the line stays a valid URI.
fn uri(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_ascii_graphic() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// `NAME:value` (the name may carry parameters), folded.
fn property(out: &mut String, name: &str, value: &str) {
    line(out, &format!("{name}:{value}"));
}

/// Writes one content line folded at 75 octets (RFC 5545 §3.1), each physical line ending in
/// CRLF and each continuation starting with one space. A fold never splits a UTF-8 character,
/// nor a backslash escape from the character it escapes (some readers unescape before they
/// unfold).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    let mut rest = content;
    while !rest.is_empty() {
        let unit = unit_len(rest);
        if width + unit > MAX_LINE {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(&rest[..unit]);
        width += unit;
        rest = &rest[unit..];
    }
    out.push_str("\r\n");
}

/// Length in bytes of the first character of `s`, or of the backslash escape it starts.
fn unit_len(s: &str) -> usize {
    let mut chars = s.chars();
    match chars.next() {
        Some('\\') => 1 + chars.next().map_or(0, char::len_utf8),
        Some(c) => c.len_utf8(),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(text("a\r\nb\rc\u{7}d\te"), "a\\nb\\ncd\te");
        assert_eq!(text("\\n"), "\\\\n");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let content = format!("SUMMARY:{}", "界".repeat(40));
        line(&mut out, &content);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE));
        assert_eq!(lines[0].len(), 8 + 3 * 22);
        assert!(lines[1].starts_with(" 界"));
        assert_eq!(out.replace("\r\n ", ""), content + "\r\n");
    }

    #[test]
    fn escapes_stay_whole() {
        let mut out = String::new();
        let content = format!("X:{}\\n", "a".repeat(72));
        line(&mut out, &content);
        assert_eq!(out, format!("X:{}\r\n \\n\r\n", "a".repeat(72)));
    }

    #[test]
    fn uid_parts_are_percent_encoded() {
        assert_eq!(uid_part("1fHmN"), "1fHmN");
        assert_eq!(uid_part("a b@c/é"), "a%20b%40c%2F%C3%A9");
    }

    #[test]
    fn uris_keep_visible_ascii() {
        assert_eq!(uri("https://x.org/a?b=c d"), "https://x.org/a?b=c%20d");
        assert_eq!(uri("https://x.org/é"), "https://x.org/%C3%A9");
    }
}
