//! One event of a frab document: the fields hallway reads ([`EventObject`]), its persons and
//! links, and the session made of it ([`add_event`]).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::days::{Batch, Note, Timing};
use super::lenient::{KeyIn, Text, other_kinds, skip};
use super::line;
use crate::import::build::{link, session_link, summary};
use crate::import::text::clean_line;
use crate::import::time::{Stamp, parse_clock, parse_datetime, parse_duration};
use crate::schedule::{Link, Session, Speaker, Summary};

/// The fields of an event hallway reads.
#[derive(Default)]
pub(super) struct EventObject<'de> {
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

pub(super) struct EventSeed;

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
pub(super) fn add_event<'de>(
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
        // Only an unreadable date is quoted in a note; a read one need not be kept.
        date: e.date.0.filter(|_| stamp.is_none()),
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
        speakers: e.persons.into_iter().map(Speaker::named).collect(),
        summary_verbatim: summary.is_some(),
        summary: summary.map(Summary::from),
        links,
        sources: vec![source.to_owned()],
    });
    batch.timings.push(timing);
}
