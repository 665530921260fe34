//! Writing a [`Schedule`] in hallway's own format (docs/schedule-format.md), so an imported
//! program can be kept and read back by [`super::load`]: `load::from_str(&to_json(&s), ..)`
//! gives the same conference and sessions.
//!
//! Every field is written, nulls included, in the order the format page lists them; times as
//! RFC 3339 with their own offset; the day always (it may differ from the start's date for a
//! talk after midnight).

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::load::{FORMAT, VERSION};
use super::{Conference, Link, LinkKind, Schedule, Session, Speaker};

#[derive(Serialize)]
struct File<'a> {
    format: &'static str,
    version: u32,
    conference: ConferenceOut<'a>,
    sessions: Vec<SessionOut<'a>>,
}

#[derive(Serialize)]
struct ConferenceOut<'a> {
    id: &'a str,
    name: &'a str,
    start_date: NaiveDate,
    end_date: NaiveDate,
    time_zone: Option<&'a str>,
    utc_offset: String,
    venue: Option<&'a str>,
    city: Option<&'a str>,
    url: Option<&'a str>,
    /// The program's room order, written only where first appearance would not give it.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    rooms: &'a [String],
}

#[derive(Serialize)]
struct SessionOut<'a> {
    id: &'a str,
    title: &'a str,
    kind: Option<&'a str>,
    track: Option<&'a str>,
    start: Option<String>,
    end: Option<String>,
    day: Option<NaiveDate>,
    room: Option<&'a str>,
    speakers: Vec<SpeakerOut<'a>>,
    summary: Option<Cow<'a, str>>,
    summary_verbatim: bool,
    links: Vec<LinkOut<'a>>,
    sources: &'a [String],
}

#[derive(Serialize)]
struct SpeakerOut<'a> {
    name: &'a str,
    affiliation: Option<&'a str>,
    role: Option<&'a str>,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    kind: &'static str,
    url: &'a str,
    title: Option<&'a str>,
}

fn time(t: Option<DateTime<FixedOffset>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

fn conference(c: &Conference) -> ConferenceOut<'_> {
    ConferenceOut {
        id: &c.id,
        name: &c.name,
        start_date: c.start_date,
        end_date: c.end_date,
        time_zone: c.time_zone.as_deref(),
        utc_offset: c.utc_offset.to_string(),
        venue: c.venue.as_deref(),
        city: c.city.as_deref(),
        url: c.url.as_deref(),
        rooms: &[],
    }
}

fn speaker(s: &Speaker) -> SpeakerOut<'_> {
    SpeakerOut {
        name: &s.name,
        affiliation: s.affiliation.as_deref(),
        role: s.role.as_deref(),
    }
}

fn link(l: &Link) -> LinkOut<'_> {
    LinkOut {
        kind: match l.kind {
            LinkKind::Session => "session",
            LinkKind::Video => "video",
            LinkKind::Slides => "slides",
            LinkKind::Other => "other",
        },
        url: &l.url,
        title: l.title.as_deref(),
    }
}

fn session(s: &Session) -> SessionOut<'_> {
    SessionOut {
        id: &s.id,
        title: &s.title,
        kind: s.kind.as_deref(),
        track: s.track.as_deref(),
        start: time(s.start),
        end: time(s.end),
        day: s.day,
        room: s.room.as_deref(),
        speakers: s.speakers.iter().map(speaker).collect(),
        // A summary left in a cache that no longer reads is left out rather than fail the
        // file; a program saved is one just imported, whose summaries are in memory.
        summary: s.summary_text(),
        summary_verbatim: s.summary_verbatim,
        links: s.links.iter().map(link).collect(),
        sources: &s.sources,
    }
}

/// The schedule as hallway schedule JSON (pretty-printed, ending in a newline).
pub fn to_json(schedule: &Schedule) -> String {
    let mut conference = conference(&schedule.conference);
    let order = schedule.index().room_order();
    let mut seen = std::collections::HashSet::new();
    let appearing = schedule
        .sessions()
        .iter()
        .filter_map(|s| s.room.as_ref())
        .filter(|r| seen.insert(r.as_str()));
    if !order.iter().eq(appearing) {
        conference.rooms = order;
    }
    let file = File {
        format: FORMAT,
        version: VERSION,
        conference,
        sessions: schedule.sessions().iter().map(session).collect(),
    };
    // Strings, numbers, booleans and nulls only: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{bundled, load};

    #[test]
    fn the_bundled_program_round_trips() {
        let original = bundled::load().unwrap_or_else(|e| panic!("{e}"));
        let text = to_json(&original);
        let again = load::from_str(&text, "saved.json").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again.conference, original.conference);
        assert_eq!(again.sessions(), original.sessions());
        assert_eq!(to_json(&again), text);
    }
}
