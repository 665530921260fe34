//! The schedule model: a conference and its sessions, with indices by day, track, room and
//! timeslot. Sessions without a published time (or day, or room) are first-class: every index
//! keeps them in a group of their own rather than dropping them.
//!
//! Loading and validation live in [`load`]; the bundled PyTorch Conference 2024 program in
//! [`bundled`]. Nothing here knows about the terminal.

pub mod bundled;
mod compact;
mod index;
pub mod load;
pub mod save;
pub mod slug;
pub mod speakers;
pub mod summary;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::sanitize;

pub use index::{Index, Slot};
pub use load::{LoadError, Problem};
pub use summary::Summary;

/// A conference: what it is, when and where.
// Deserialize is for the binary cache of a saved program (`library::cache`), which holds what
// was loaded and validated before; files are read through `load`, never this way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conference {
    /// Stable id, the key of the attendee's stars and notes for this conference.
    pub id: String,
    pub name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// IANA time zone name, e.g. `America/Los_Angeles`.
    pub time_zone: Option<String>,
    /// The UTC offset in force during the conference.
    #[serde(serialize_with = "offset_text", deserialize_with = "offset_from_text")]
    pub utc_offset: FixedOffset,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub url: Option<String>,
}

fn offset_text<S: serde::Serializer>(offset: &FixedOffset, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&offset.to_string())
}

fn offset_from_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<FixedOffset, D::Error> {
    let text = String::deserialize(d)?;
    load::parse_offset(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a UTC offset")))
}

/// A person on stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: String,
    pub affiliation: Option<String>,
    /// Their title or part in the session ("Moderator", "CTO").
    pub role: Option<String>,
}

impl Speaker {
    /// A speaker known only by name (no affiliation or role published).
    #[must_use]
    pub fn named(name: String) -> Self {
        Self {
            name,
            affiliation: None,
            role: None,
        }
    }
}

/// What a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// The session's own page on the conference site.
    Session,
    /// A recording.
    Video,
    /// Slides.
    Slides,
    /// Anything else.
    Other,
}

/// A link attached to a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub url: String,
    pub title: Option<String>,
}

/// One session of the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Stable id: the source's id, or a slug of the title when the source has none.
    pub id: String,
    pub title: String,
    /// Keynote, Lightning Talk, Panel...
    pub kind: Option<String>,
    /// Track or mini-summit.
    pub track: Option<String>,
    #[serde(with = "compact::time")]
    pub start: Option<DateTime<FixedOffset>>,
    #[serde(with = "compact::time")]
    pub end: Option<DateTime<FixedOffset>>,
    /// The conference day, when known. Always set for timed sessions (it may be the day before
    /// the start's calendar date for talks after midnight).
    #[serde(with = "compact::date")]
    pub day: Option<NaiveDate>,
    pub room: Option<String>,
    pub speakers: Vec<Speaker>,
    /// Read it with [`Session::summary_text`]: it may be left in the program's cache file.
    pub summary: Option<Summary>,
    /// The summary is the published abstract word for word (otherwise a short description).
    pub summary_verbatim: bool,
    pub links: Vec<Link>,
    /// Where the session's facts come from.
    pub sources: Vec<String>,
}

/// How much of a session's timing is known.
/// One-line text made safe by [`sanitize::line`] and trimmed; `None` when nothing is left.
fn safe_opt(field: &mut Option<String>) {
    if let Some(text) = field {
        safe_line(text);
        if text.is_empty() {
            *field = None;
        }
    }
}

/// A room name as [`Session::sanitize`] keeps it, for room orders read beside the sessions.
#[must_use]
pub fn clean_room(name: &str) -> Option<String> {
    let mut room = Some(name.to_owned());
    safe_opt(&mut room);
    room
}

/// One-line text made safe by [`sanitize::line`] and trimmed, in place.
fn safe_line(text: &mut String) {
    sanitize::line_in_place(text);
    if text.trim().len() != text.len() {
        *text = text.trim().to_owned();
    }
}

impl Conference {
    /// Applies the one rule for outside text ([`sanitize`]) to every text field. Every loader
    /// calls it before a conference is kept.
    pub fn sanitize(&mut self) {
        safe_line(&mut self.id);
        safe_line(&mut self.name);
        safe_opt(&mut self.time_zone);
        safe_opt(&mut self.venue);
        safe_opt(&mut self.city);
        safe_opt(&mut self.url);
    }
}

impl Session {
    /// Applies the one rule for outside text ([`sanitize`]) to every text field: one-line fields
    /// with [`sanitize::line`], the summary with [`sanitize::block`] (its lines kept). Every
    /// loader calls it before a session is kept, and before ids are checked for duplicates.
    pub fn sanitize(&mut self) {
        safe_line(&mut self.id);
        safe_line(&mut self.title);
        safe_opt(&mut self.kind);
        safe_opt(&mut self.track);
        safe_opt(&mut self.room);
        for sp in &mut self.speakers {
            safe_line(&mut sp.name);
            safe_opt(&mut sp.affiliation);
            safe_opt(&mut sp.role);
        }
        if let Some(summary) = self.summary.as_mut().and_then(Summary::held_mut) {
            sanitize::block_in_place(summary);
            if summary.trim().is_empty() {
                self.summary = None;
            }
        }
        for link in &mut self.links {
            safe_line(&mut link.url);
            safe_opt(&mut link.title);
        }
        self.links.retain(|l| !l.url.is_empty());
        for source in &mut self.sources {
            safe_line(source);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Start (and maybe end) published.
    Timed {
        start: DateTime<FixedOffset>,
        end: Option<DateTime<FixedOffset>>,
    },
    /// Only the day is known.
    Day(NaiveDate),
    /// Neither time nor day published.
    Unknown,
}

impl Session {
    /// The session's timing, as far as it is known.
    pub fn when(&self) -> When {
        match (self.start, self.day) {
            (Some(start), _) => When::Timed {
                start,
                end: self.end,
            },
            (None, Some(day)) => When::Day(day),
            (None, None) => When::Unknown,
        }
    }

    /// The summary's text: `None` when there is none, or when it was left in the program's
    /// cache file and that no longer reads (see [`summary`]).
    #[must_use]
    pub fn summary_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.summary.as_ref().and_then(Summary::text)
    }

    /// The first link of the given kind.
    pub fn link(&self, kind: LinkKind) -> Option<&str> {
        self.links
            .iter()
            .find(|l| l.kind == kind)
            .map(|l| l.url.as_str())
    }

    /// Speakers as one line: `Ada Lovelace (Analytical Engines), Charles Babbage`.
    pub fn speaker_line(&self) -> String {
        self.speakers
            .iter()
            .map(|s| match &s.affiliation {
                Some(a) => format!("{} ({a})", s.name),
                None => s.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A loaded, validated and indexed program.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub conference: Conference,
    sessions: Vec<Session>,
    index: Index,
    /// Built the first time it is asked for: most opens (a render, a search, the CLI) never
    /// list the speakers, and gathering them was a fifth of reopening a 50,000-session program.
    speakers: std::sync::OnceLock<Vec<speakers::SpeakerEntry>>,
}

impl Schedule {
    /// Builds a schedule from sessions already validated; computes the indices. Rooms are
    /// ranked by first appearance in `sessions`; see [`Self::with_room_order`].
    pub fn new(conference: Conference, sessions: Vec<Session>) -> Self {
        Self::with_room_order(conference, sessions, &[])
    }

    /// [`Self::new`] with the rooms in the order the source lists them (names as sessions
    /// give them; rooms left out follow, in order of first appearance).
    pub fn with_room_order(
        conference: Conference,
        sessions: Vec<Session>,
        room_order: &[String],
    ) -> Self {
        let index = Index::build(&sessions, room_order);
        Self {
            conference,
            sessions,
            index,
            speakers: std::sync::OnceLock::new(),
        }
    }

    /// All sessions in program order (timed ones by start, then day-only, then the rest).
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }

    /// The indices over [`Self::sessions`].
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The program's speakers, deduplicated and sorted by name, each with their sessions
    /// ([`speakers::build`]).
    pub fn speakers(&self) -> &[speakers::SpeakerEntry] {
        self.speakers
            .get_or_init(|| speakers::build(&self.sessions))
    }

    /// A session by id.
    pub fn get(&self, id: &str) -> Option<&Session> {
        self.index.position(id).map(|i| &self.sessions[i])
    }

    /// Session ids closest to an unknown `id`, best first (for "did you mean").
    pub fn closest_ids(&self, id: &str, n: usize) -> Vec<&str> {
        let wanted = id.to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .sessions
            .iter()
            .map(|s| {
                let lower = s.id.to_lowercase();
                let mut score = strsim::jaro_winkler(&wanted, &lower);
                if lower.contains(&wanted) {
                    score += 0.5;
                }
                (score, s.id.as_str())
            })
            .filter(|(score, _)| *score > 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().take(n).map(|(_, id)| id).collect()
    }
}
