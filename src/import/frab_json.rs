//! frab, pretalx and C3VOC `schedule.json`: `schedule.conference.days[].rooms{room: [event]}`.
//!
//! The files differ in every field hallway does not need (`logo` null or "" or a path,
//! `do_not_record` true/false/null, `answers`...), so the document is read with serde
//! visitors that look only at the fields used here and skip the rest unread (`IgnoredAny`),
//! each field read leniently (a number where a string is expected is taken as its text;
//! anything else as absent: see [`lenient`]). There is no `serde_json::Value` tree: strings
//! are borrowed from the bytes where they have no escapes ([`read`], for bytes in memory) or
//! copied out as they stream from a file ([`read_stream`], so a big file is never held whole
//! beside its sessions), and each event becomes a [`Session`] as soon as it is read, so at no
//! point is more than one event held as parsed JSON. Objects are read in the file's order — a
//! day's `rooms` keys give the rooms' order.
//!
//! - Start: the event's full `date` with its offset. Only when it is missing, the day's date
//!   plus `start` ("HH:MM") in the conference's zone, on the next date when earlier than the
//!   day's `day_start` (a talk after midnight).
//! - Day: the day the event is filed under, even when it starts after midnight.
//! - End: start plus `duration` (`HH:MM`, `H:MM` or `HH:MM:SS`).
//! - Zone: `time_zone_name` when given and in agreement with the events' offsets; otherwise
//!   only the offset the events are written with.
//! - Id: `guid`, else `id`, else `code`.
//!
//! The zone is only known at the end (`time_zone_name` may follow `days`, and the offset most
//! events carry needs all of them), so each session keeps the raw timing read from its event
//! ([`Timing`]) and gets its start, end and day once the document is read. A key given twice
//! in an object counts once, the last time, as in any JSON object — except a day's room named
//! twice, whose events are all kept.

mod days;
mod event;
mod lenient;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{FixedOffset, NaiveTime};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use self::days::{Batch, Days, DaysSeed, Note, Timing};
use self::lenient::{KeyIn, Text, other_kinds, skip};
use super::build::{Draft, DraftConference, describe};
use super::text::clean_line;
use super::time::{Zone, floating_zone, on_day, parse_date, resolve_zone};
use super::{Format, ImportError, ImportOptions, json_error, source_note};
use crate::schedule::{Session, load};

fn line(text: &Text) -> Option<String> {
    text.as_deref().map(clean_line).filter(|s| !s.is_empty())
}

/// What a JSON document turned out to be.
#[derive(Debug)]
pub enum Document {
    /// hallway's own format (`"format": "hallway-schedule"`), to read with its loader.
    Hallway,
    /// Neither hallway's nor frab's (no top-level `schedule`).
    Other,
    /// A frab/pretalx/C3VOC schedule, read.
    Frab(Box<Draft>),
}

/// Reads a JSON document in memory: hallway's own, a frab/pretalx/C3VOC schedule, or
/// something else. Strings without escapes are borrowed from `body` while it is read.
///
/// # Errors
/// [`ImportError::Syntax`] (with line and column) when the JSON is malformed;
/// [`ImportError::Invalid`] when `schedule` is not an object or has no `conference` object.
pub fn read(body: &[u8], file: &str, options: &ImportOptions) -> Result<Document, ImportError> {
    read_from(serde_json::Deserializer::from_slice(body), file, options)
}

/// [`read`] from a stream (a file on disk, through a `BufReader`), never holding more of it
/// than the reader's buffer and the event being read: every string is copied out as it
/// comes. Errors are located as [`read`]'s are for the same bytes.
///
/// # Errors
/// As [`read`]; and [`ImportError::Io`] when the reader fails (or passes its size cap).
pub fn read_stream(
    reader: impl std::io::Read,
    file: &str,
    options: &ImportOptions,
) -> Result<Document, ImportError> {
    read_from(serde_json::Deserializer::from_reader(reader), file, options)
}

/// [`read`] over any of `serde_json`'s inputs: a slice (borrowing) or a reader (copying).
fn read_from<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
    file: &str,
    options: &ImportOptions,
) -> Result<Document, ImportError> {
    let source = source_note(file, Format::FrabJson);
    let top = TopSeed { source: &source }
        .deserialize(&mut de)
        .and_then(|top| de.end().map(|()| top))
        .map_err(|e| {
            if e.is_io() {
                ImportError::Io {
                    file: file.to_owned(),
                    source: e.into(),
                }
            } else {
                json_error(file, &e)
            }
        })?;
    if top.format.as_deref() == Some(load::FORMAT) {
        return Ok(Document::Hallway);
    }
    let Some(schedule) = top.schedule else {
        return Ok(Document::Other);
    };
    let invalid = |message: &str| ImportError::Invalid {
        file: file.to_owned(),
        message: message.to_owned(),
    };
    let schedule = schedule.ok_or_else(|| invalid("\"schedule\" is not an object"))?;
    let conference = schedule
        .conference
        .ok_or_else(|| invalid("\"schedule\" has no \"conference\" object"))?;
    Ok(Document::Frab(Box::new(finish(
        conference,
        &schedule.base_url,
        options,
    ))))
}

/// The document's top level: `format` (hallway's marker) and `schedule`.
#[derive(Default)]
struct Top<'de> {
    format: Text<'de>,
    /// `Some(None)`: there is a `schedule`, but not an object.
    schedule: Option<Option<ScheduleObject<'de>>>,
}

struct TopSeed<'a> {
    source: &'a str,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key_seed(KeyIn(&["format", "schedule"]))? {
            match key {
                Some(0) => top.format = map.next_value()?,
                Some(_) => {
                    top.schedule = Some(map.next_value_seed(ScheduleSeed {
                        source: self.source,
                    })?);
                }
                None => skip(&mut map)?,
            }
        }
        Ok(top)
    }

    other_kinds!('de, Top<'de>, Top::default(), str, seq);
}

/// `schedule`: its `conference` and `base_url`.
#[derive(Default)]
struct ScheduleObject<'de> {
    conference: Option<ConferenceObject<'de>>,
    base_url: Text<'de>,
}

struct ScheduleSeed<'a> {
    source: &'a str,
}

impl<'de> DeserializeSeed<'de> for ScheduleSeed<'_> {
    type Value = Option<ScheduleObject<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScheduleSeed<'_> {
    type Value = Option<ScheduleObject<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut schedule = ScheduleObject::default();
        while let Some(key) = map.next_key_seed(KeyIn(&["conference", "base_url"]))? {
            match key {
                Some(0) => {
                    schedule.conference = map.next_value_seed(ConferenceSeed {
                        source: self.source,
                    })?;
                }
                Some(_) => schedule.base_url = map.next_value()?,
                None => skip(&mut map)?,
            }
        }
        Ok(Some(schedule))
    }

    other_kinds!('de, Self::Value, None, str, seq);
}

/// `schedule.conference`: the fields hallway uses, and the days read so far.
#[derive(Default)]
struct ConferenceObject<'de> {
    title: Text<'de>,
    acronym: Text<'de>,
    start: Text<'de>,
    end: Text<'de>,
    time_zone_name: Text<'de>,
    venue: Text<'de>,
    city: Text<'de>,
    url: Text<'de>,
    /// `conference.rooms` (C3VOC, newer pretalx), in its order.
    rooms: Vec<String>,
    days: Days<'de>,
}

const CONFERENCE_KEYS: &[&str] = &[
    "title",
    "acronym",
    "start",
    "end",
    "time_zone_name",
    "venue",
    "city",
    "url",
    "rooms",
    "days",
];

struct ConferenceSeed<'a> {
    source: &'a str,
}

impl<'de> DeserializeSeed<'de> for ConferenceSeed<'_> {
    type Value = Option<ConferenceObject<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ConferenceSeed<'_> {
    type Value = Option<ConferenceObject<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut c = ConferenceObject::default();
        while let Some(key) = map.next_key_seed(KeyIn(CONFERENCE_KEYS))? {
            let Some(key) = key else {
                skip(&mut map)?;
                continue;
            };
            match CONFERENCE_KEYS[key] {
                "title" => c.title = map.next_value()?,
                "acronym" => c.acronym = map.next_value()?,
                "start" => c.start = map.next_value()?,
                "end" => c.end = map.next_value()?,
                "time_zone_name" => c.time_zone_name = map.next_value()?,
                "venue" => c.venue = map.next_value()?,
                "city" => c.city = map.next_value()?,
                "url" => c.url = map.next_value()?,
                "rooms" => c.rooms = map.next_value_seed(ListedRooms)?,
                _ => {
                    c.days = map.next_value_seed(DaysSeed {
                        source: self.source,
                    })?;
                }
            }
        }
        Ok(Some(c))
    }

    other_kinds!('de, Self::Value, None, str, seq);
}

/// `conference.rooms`: each a name or an object with a `name`; anything else is left out.
struct ListedRooms;

impl<'de> DeserializeSeed<'de> for ListedRooms {
    type Value = Vec<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListedRooms {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rooms")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut rooms = Vec::new();
        while let Some(room) = seq.next_element_seed(ListedRoom)? {
            rooms.extend(room);
        }
        Ok(rooms)
    }

    other_kinds!('de, Vec<String>, Vec::new(), str, map);
}

struct ListedRoom;

impl<'de> DeserializeSeed<'de> for ListedRoom {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListedRoom {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a room")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<String>, E> {
        Ok(Some(clean_line(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut name = Text::default();
        while let Some(key) = map.next_key_seed(KeyIn(&["name"]))? {
            match key {
                Some(_) => name = map.next_value()?,
                None => skip(&mut map)?,
            }
        }
        Ok(line(&name))
    }

    other_kinds!('de, Option<String>, None, seq);
}

/// The draft, once the whole document is read: the conference, and each session's start,
/// end and day now that the zone is known.
fn finish(c: ConferenceObject<'_>, base_url: &Text, options: &ImportOptions) -> Draft {
    let named = options
        .time_zone
        .or_else(|| c.time_zone_name.as_deref().and_then(resolve_zone));
    let Days {
        dates,
        day_starts,
        batch,
    } = c.days;
    let declared = |t: &Text| t.as_deref().and_then(parse_date);
    // The conference's dates are the first and last day's (39C3's `start` is a UTC time).
    let conference = DraftConference {
        name: line(&c.title),
        acronym: line(&c.acronym),
        start_date: dates
            .iter()
            .flatten()
            .min()
            .copied()
            .or_else(|| declared(&c.start)),
        end_date: dates
            .iter()
            .flatten()
            .max()
            .copied()
            .or_else(|| declared(&c.end)),
        zone: named.map(Zone::Named),
        venue: line(&c.venue),
        city: line(&c.city),
        url: line(&c.url).or_else(|| line(base_url)),
    };
    // Where an event has no usable `date`, its `start` is placed in the named zone, else at
    // the offset the other events are written with.
    let zone = floating_zone(named, common_offset(&batch.offsets), conference.start_date)
        .unwrap_or_else(Zone::utc);
    let day_starts: Vec<Option<NaiveTime>> = day_starts
        .iter()
        .map(|s| s.map(|s| s.resolve(zone).time()))
        .collect();
    let Batch {
        mut sessions,
        timings,
        notes,
        ..
    } = batch;
    for (s, t) in sessions.iter_mut().zip(&timings) {
        let date = dates.get(t.day).copied().flatten();
        let day_start = day_starts.get(t.day).copied().flatten();
        s.day = date;
        s.start = t.stamp.map(|stamp| stamp.resolve(zone)).or_else(|| {
            let clock = t.clock?;
            Some(zone.localize(on_day(date?, clock, day_start)))
        });
        s.end = s
            .start
            .and_then(|start| t.length.and_then(|d| start.checked_add_signed(d)));
    }
    let mut written = Vec::with_capacity(notes.len());
    for note in notes {
        match note {
            Note::Text(text) => written.push(text),
            Note::Timing(i) => timing_notes(&sessions[i], &timings[i], &mut written),
        }
    }
    Draft {
        conference,
        sessions,
        rooms: c.rooms,
        notes: written,
    }
}

/// What could not be made of a session's `date` and `duration`.
fn timing_notes(s: &Session, t: &Timing, notes: &mut Vec<String>) {
    if let (None, Some(date)) = (s.start, &t.date) {
        notes.push(format!(
            "{}: its date {date:?} is not a date-time; no time is given",
            describe(s)
        ));
    }
    if let (Some(_), None, Some(duration)) = (s.start, s.end, &t.duration) {
        notes.push(format!(
            "{}: duration {duration:?} is not HH:MM; no end is given",
            describe(s)
        ));
    }
}

/// The offset most events' `date` is written with (the greatest of equals).
fn common_offset(counts: &BTreeMap<i32, usize>) -> Option<FixedOffset> {
    let (secs, _) = counts.iter().max_by_key(|(_, n)| **n)?;
    FixedOffset::east_opt(*secs)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    fn draft(json: &str) -> Draft {
        match read(json.as_bytes(), "t.json", &ImportOptions::default()).unwrap() {
            Document::Frab(draft) => *draft,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_day_naming_rooms_twice_keeps_only_the_last_rooms_timings_and_notes_included() {
        let event = |guid: &str, date: &str, duration: &str| {
            format!(
                r#"{{"guid": "{guid}", "title": "{guid}", {date} "start": "10:00", "duration": "{duration}"}}"#
            )
        };
        let first = [
            event("a", r#""date": "2025-06-02T10:00:00+05:00","#, "00:30"),
            event("b", r#""date": "2025-06-02T11:00:00+05:00","#, "00:30"),
            event("c", r#""date": "2025-06-02T12:00:00+05:00","#, "forever"),
        ]
        .join(",");
        let second = [
            event("d", r#""date": "2025-06-02T09:00:00+01:00","#, "00:30"),
            event("e", "", "00:30"),
        ]
        .join(",");
        let day = |rooms: &str| {
            format!(r#"{{"date": "2025-06-02", "rooms": {{"Hall": [{first}]}}, "rooms": {rooms}}}"#)
        };
        let doc = |rooms: &str| {
            format!(
                r#"{{"schedule": {{"conference": {{"title": "C", "days": [{}, {}]}}}}}}"#,
                day(rooms),
                r#"{"date": "2025-06-03", "rooms": {"Hall": []}}"#
            )
        };
        let d = draft(&doc(&format!(r#"{{"Hall": [{second}]}}"#)));
        let ids: Vec<&str> = d.sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["d", "e"]);
        assert!(d.notes.is_empty(), "{:?}", d.notes);
        // The floating event takes the offset of the events kept, not of the dropped ones.
        let e = d.sessions[1].start.unwrap();
        assert_eq!(e.to_rfc3339(), "2025-06-02T10:00:00+01:00");
        // Rooms given last as something else: that day has no events.
        let d = draft(&doc("\"none\""));
        assert!(d.sessions.is_empty(), "{:?}", d.sessions);
        assert!(d.notes.is_empty(), "{:?}", d.notes);
    }
}
