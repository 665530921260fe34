//! frab, pretalx and C3VOC `schedule.json`: `schedule.conference.days[].rooms{room: [event]}`.
//!
//! The files differ in every field hallway does not need (`logo` null or "" or a path,
//! `do_not_record` true/false/null, `answers`...), so the document is read with serde
//! visitors that look only at the fields used here and skip the rest unread (`IgnoredAny`),
//! each field read leniently (a number where a string is expected is taken as its text;
//! anything else as absent: see [`lenient`]). There is no `serde_json::Value` tree: strings
//! are borrowed from the file where they have no escapes, and each event becomes a
//! [`Session`] as soon as it is read, so at no point is more than one event held as parsed
//! JSON. Objects are read in the file's order — a day's `rooms` keys give the rooms' order.
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

mod lenient;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use chrono::{Duration, FixedOffset, NaiveDate, NaiveTime};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use self::lenient::{KeyIn, Name, Text, other_kinds, skip, skip_map};
use super::build::{Draft, DraftConference, describe, link, session_link, summary};
use super::text::clean_line;
use super::time::{
    Stamp, Zone, floating_zone, on_day, parse_clock, parse_date, parse_datetime, parse_duration,
    resolve_zone,
};
use super::{Format, ImportError, ImportOptions, json_error, source_note};
use crate::schedule::{Link, Session, Speaker, load};

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

/// Reads a JSON document: hallway's own, a frab/pretalx/C3VOC schedule, or something else.
///
/// # Errors
/// [`ImportError::Syntax`] (with line and column) when the JSON is malformed;
/// [`ImportError::Invalid`] when `schedule` is not an object or has no `conference` object.
pub fn read(body: &[u8], file: &str, options: &ImportOptions) -> Result<Document, ImportError> {
    let source = source_note(file, Format::FrabJson);
    let mut de = serde_json::Deserializer::from_slice(body);
    let top = TopSeed { source: &source }
        .deserialize(&mut de)
        .and_then(|top| de.end().map(|()| top))
        .map_err(|e| json_error(file, &e))?;
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

/// Every day's sessions, as read: each with its [`Timing`], resolved at the end.
#[derive(Default)]
struct Days<'de> {
    /// Per day, in order: its `date` and its `day_start`.
    dates: Vec<Option<NaiveDate>>,
    day_starts: Vec<Option<Stamp>>,
    batch: Batch<'de>,
}

/// Sessions read, with their timing and the notes on them.
#[derive(Default)]
struct Batch<'de> {
    sessions: Vec<Session>,
    timings: Vec<Timing<'de>>,
    notes: Vec<Note>,
    /// How many events' `date` is written with each UTC offset (seconds).
    offsets: BTreeMap<i32, usize>,
}

impl<'de> Batch<'de> {
    fn append(&mut self, other: Batch<'de>) {
        let base = self.sessions.len();
        self.sessions.extend(other.sessions);
        self.timings.extend(other.timings);
        self.notes
            .extend(other.notes.into_iter().map(|note| match note {
                Note::Timing(i) => Note::Timing(base + i),
                text @ Note::Text(_) => text,
            }));
        for (offset, n) in other.offsets {
            *self.offsets.entry(offset).or_default() += n;
        }
    }
}

/// A note, in the order of the file: written already, or about the timing of a session
/// (written once its time is resolved).
enum Note {
    Text(String),
    Timing(usize),
}

/// What an event says about its time, as written.
struct Timing<'de> {
    /// The day (position in `days`) it is filed under.
    day: usize,
    date: Option<Cow<'de, str>>,
    stamp: Option<Stamp>,
    clock: Option<NaiveTime>,
    duration: Option<Cow<'de, str>>,
    length: Option<Duration>,
}

struct DaysSeed<'a> {
    source: &'a str,
}

impl<'de> DeserializeSeed<'de> for DaysSeed<'_> {
    type Value = Days<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Days<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> DaysSeed<'_> {
    /// Reads one day (its sessions are built and its JSON dropped here).
    fn day(days: &mut Days<'de>, day: Option<DayObject<'de>>) {
        let day = day.unwrap_or_default();
        days.dates.push(day.date.as_deref().and_then(parse_date));
        days.day_starts
            .push(day.day_start.as_deref().and_then(parse_datetime));
        days.batch.append(day.rooms);
    }
}

impl<'de> Visitor<'de> for DaysSeed<'_> {
    type Value = Days<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of days")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Days<'de>, A::Error> {
        let mut days = Days::default();
        loop {
            let seed = DaySeed {
                n: days.dates.len(),
                source: self.source,
            };
            match seq.next_element_seed(seed)? {
                Some(day) => Self::day(&mut days, day),
                None => return Ok(days),
            }
        }
    }

    /// Days keyed by anything (their keys are not used).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Days<'de>, A::Error> {
        let mut days = Days::default();
        while map.next_key::<IgnoredAny>()?.is_some() {
            let day = map.next_value_seed(DaySeed {
                n: days.dates.len(),
                source: self.source,
            })?;
            Self::day(&mut days, day);
        }
        Ok(days)
    }

    other_kinds!('de, Days<'de>, Days::default(), str);
}

/// One day: its date, its start and its rooms' events.
#[derive(Default)]
struct DayObject<'de> {
    date: Text<'de>,
    day_start: Text<'de>,
    rooms: Batch<'de>,
}

struct DaySeed<'a> {
    /// Its position in `days`, from 0.
    n: usize,
    source: &'a str,
}

impl<'de> DeserializeSeed<'de> for DaySeed<'_> {
    type Value = Option<DayObject<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DaySeed<'_> {
    type Value = Option<DayObject<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a day")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut day = DayObject::default();
        while let Some(key) = map.next_key_seed(KeyIn(&["date", "day_start", "rooms"]))? {
            match key {
                Some(0) => day.date = map.next_value()?,
                Some(1) => day.day_start = map.next_value()?,
                Some(_) => {
                    day.rooms = map.next_value_seed(RoomsSeed {
                        day: self.n,
                        source: self.source,
                    })?;
                }
                None => skip(&mut map)?,
            }
        }
        Ok(Some(day))
    }

    other_kinds!('de, Self::Value, None, str, seq);
}

/// A day's `rooms`: `{room: [event]}`, or a plain list of events.
struct RoomsSeed<'a> {
    day: usize,
    source: &'a str,
}

impl<'de> DeserializeSeed<'de> for RoomsSeed<'_> {
    type Value = Batch<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Batch<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RoomsSeed<'_> {
    type Value = Batch<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the rooms of a day")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Batch<'de>, A::Error> {
        let mut batch = Batch::default();
        while let Some(Name(room)) = map.next_key::<Name>()? {
            map.next_value_seed(EventsSeed {
                room: Some(&room),
                day: self.day,
                source: self.source,
                batch: &mut batch,
            })?;
        }
        Ok(batch)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Batch<'de>, A::Error> {
        let mut batch = Batch::default();
        EventsSeed {
            room: None,
            day: self.day,
            source: self.source,
            batch: &mut batch,
        }
        .visit_seq(seq)?;
        Ok(batch)
    }

    other_kinds!('de, Batch<'de>, Batch::default(), str);
}

/// The events of one room (or of a day without rooms), each made a session into `batch`.
struct EventsSeed<'a, 'de> {
    room: Option<&'a str>,
    day: usize,
    source: &'a str,
    batch: &'a mut Batch<'de>,
}

impl EventsSeed<'_, '_> {
    fn place(&self) -> String {
        format!("day {} room {}", self.day + 1, self.room.unwrap_or("?"))
    }

    fn not_a_list(self) {
        let note = format!("{}: the events are not a list; skipped", self.place());
        self.batch.notes.push(Note::Text(note));
    }
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut e = 0;
        while let Some(event) = seq.next_element_seed(EventSeed)? {
            e += 1;
            match event {
                Some(event) => add_event(event, self.room, self.day, self.source, self.batch),
                None => {
                    let note = format!("{} event {e}: not an object; skipped", self.place());
                    self.batch.notes.push(Note::Text(note));
                }
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(map)?;
        self.not_a_list();
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.not_a_list();
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.not_a_list();
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.not_a_list();
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.not_a_list();
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.not_a_list();
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.not_a_list();
        Ok(())
    }
}

/// The fields of an event hallway reads.
#[derive(Default)]
struct EventObject<'de> {
    guid: Text<'de>,
    id: Text<'de>,
    code: Text<'de>,
    date: Text<'de>,
    start: Text<'de>,
    duration: Text<'de>,
    title: Text<'de>,
    kind: Text<'de>,
    track: Text<'de>,
    room: Text<'de>,
    abstract_: Text<'de>,
    description: Text<'de>,
    url: Text<'de>,
    persons: Vec<String>,
    links: Vec<Link>,
    attachments: Vec<Link>,
}

const EVENT_KEYS: &[&str] = &[
    "guid",
    "id",
    "code",
    "date",
    "start",
    "duration",
    "title",
    "type",
    "track",
    "room",
    "abstract",
    "description",
    "url",
    "persons",
    "links",
    "attachments",
];

struct EventSeed;

impl<'de> DeserializeSeed<'de> for EventSeed {
    type Value = Option<EventObject<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EventSeed {
    type Value = Option<EventObject<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut e = EventObject::default();
        while let Some(key) = map.next_key_seed(KeyIn(EVENT_KEYS))? {
            let Some(key) = key else {
                skip(&mut map)?;
                continue;
            };
            match EVENT_KEYS[key] {
                "guid" => e.guid = map.next_value()?,
                "id" => e.id = map.next_value()?,
                "code" => e.code = map.next_value()?,
                "date" => e.date = map.next_value()?,
                "start" => e.start = map.next_value()?,
                "duration" => e.duration = map.next_value()?,
                "title" => e.title = map.next_value()?,
                "type" => e.kind = map.next_value()?,
                "track" => e.track = map.next_value()?,
                "room" => e.room = map.next_value()?,
                "abstract" => e.abstract_ = map.next_value()?,
                "description" => e.description = map.next_value()?,
                "url" => e.url = map.next_value()?,
                "persons" => e.persons = map.next_value_seed(Persons)?,
                "links" => e.links = map.next_value_seed(Links { attachments: false })?,
                _ => e.attachments = map.next_value_seed(Links { attachments: true })?,
            }
        }
        Ok(Some(e))
    }

    other_kinds!('de, Self::Value, None, str, seq);
}

/// `persons`: objects with `public_name` (frab, pretalx), `name` or `full_public_name`, or
/// plain strings; the names, cleaned, empty ones left out.
struct Persons;

impl<'de> DeserializeSeed<'de> for Persons {
    type Value = Vec<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Persons {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of persons")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element_seed(Person)? {
            names.extend(name.filter(|n| !n.is_empty()));
        }
        Ok(names)
    }

    other_kinds!('de, Vec<String>, Vec::new(), str, map);
}

struct Person;

const PERSON_KEYS: &[&str] = &["public_name", "name", "full_public_name"];

impl<'de> DeserializeSeed<'de> for Person {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Person {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a person")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<String>, E> {
        Ok(Some(clean_line(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut names: [Text; 3] = Default::default();
        while let Some(key) = map.next_key_seed(KeyIn(PERSON_KEYS))? {
            match key {
                Some(k) => names[k] = map.next_value()?,
                None => skip(&mut map)?,
            }
        }
        Ok(names.iter().find_map(line))
    }

    other_kinds!('de, Option<String>, None, seq);
}

/// `links` or `attachments`: addresses, or objects with `url` (or `href`), `title`, `type`.
struct Links {
    attachments: bool,
}

impl<'de> DeserializeSeed<'de> for Links {
    type Value = Vec<Link>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Link>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Links {
    type Value = Vec<Link>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of links")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Link>, A::Error> {
        let mut links = Vec::new();
        while let Some(item) = seq.next_element_seed(LinkItem {
            attachment: self.attachments,
        })? {
            links.extend(item);
        }
        Ok(links)
    }

    other_kinds!('de, Vec<Link>, Vec::new(), str, map);
}

struct LinkItem {
    attachment: bool,
}

const LINK_KEYS: &[&str] = &["url", "href", "title", "type"];

impl<'de> DeserializeSeed<'de> for LinkItem {
    type Value = Option<Link>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Link>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LinkItem {
    type Value = Option<Link>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a link")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<Link>, E> {
        Ok(Some(link(v, None, None)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Link>, A::Error> {
        let mut fields: [Text; 4] = Default::default();
        while let Some(key) = map.next_key_seed(KeyIn(LINK_KEYS))? {
            match key {
                Some(k) => fields[k] = map.next_value()?,
                None => skip(&mut map)?,
            }
        }
        let [url, href, title, kind] = fields;
        let Some(url) = url.0.or(href.0) else {
            return Ok(None);
        };
        let hint = kind
            .as_deref()
            .or_else(|| self.attachment.then_some("attachment"));
        Ok(Some(link(&url, line(&title).as_deref(), hint)))
    }

    other_kinds!('de, Option<Link>, None, seq);
}

/// Makes an event a session (its times left for [`finish`]) and adds it to `batch`.
fn add_event<'de>(
    e: EventObject<'de>,
    room_key: Option<&str>,
    day: usize,
    source: &str,
    batch: &mut Batch<'de>,
) {
    let stamp = e.date.as_deref().and_then(parse_datetime);
    if let Some(Stamp::Fixed(t)) = stamp {
        *batch
            .offsets
            .entry(t.offset().local_minus_utc())
            .or_default() += 1;
    }
    let timing = Timing {
        day,
        stamp,
        clock: e.start.as_deref().and_then(parse_clock),
        length: e.duration.as_deref().and_then(parse_duration),
        date: e.date.0,
        duration: e.duration.0,
    };
    if (timing.stamp.is_none() && timing.date.is_some()) || timing.duration.is_some() {
        batch.notes.push(Note::Timing(batch.sessions.len()));
    }
    let mut links = Vec::new();
    if let Some(url) = e.url.as_deref() {
        links.push(session_link(url));
    }
    links.extend(e.links);
    links.extend(e.attachments);
    let summary = summary(e.abstract_.as_deref(), e.description.as_deref());
    let id = [&e.guid, &e.id, &e.code]
        .into_iter()
        .find_map(Text::as_deref)
        .unwrap_or_default();
    batch.sessions.push(Session {
        id: id.trim().to_owned(),
        title: line(&e.title).unwrap_or_default(),
        kind: line(&e.kind),
        track: line(&e.track),
        start: None,
        end: None,
        day: None,
        room: line(&e.room).or_else(|| room_key.map(clean_line)),
        speakers: e
            .persons
            .into_iter()
            .map(|name| Speaker {
                name,
                affiliation: None,
                role: None,
            })
            .collect(),
        summary_verbatim: summary.is_some(),
        summary,
        links,
        sources: vec![source.to_owned()],
    });
    batch.timings.push(timing);
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
