//! The days of a frab document: `days` (a list, or an object of days), each day's date, start
//! and `rooms`, and each room's list of events, made sessions one by one into a [`Batch`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::event::{EventSeed, add_event};
use super::lenient::{KeyIn, Name, Text, other_kinds, skip, skip_map};
use crate::import::time::{Stamp, parse_date, parse_datetime};
use crate::schedule::Session;

/// Every day's sessions, as read: each with its [`Timing`], resolved at the end.
#[derive(Default)]
pub(super) struct Days<'de> {
    /// Per day, in order: its `date` and its `day_start`.
    pub(super) dates: Vec<Option<NaiveDate>>,
    pub(super) day_starts: Vec<Option<Stamp>>,
    pub(super) batch: Batch<'de>,
}

/// Sessions read, with their timing and the notes on them.
#[derive(Default)]
pub(super) struct Batch<'de> {
    pub(super) sessions: Vec<Session>,
    pub(super) timings: Vec<Timing<'de>>,
    pub(super) notes: Vec<Note>,
    /// How many events' `date` is written with each UTC offset (seconds).
    pub(super) offsets: BTreeMap<i32, usize>,
}

/// How far a [`Batch`] had got: its sessions and notes.
#[derive(Debug, Clone, Copy)]
struct Mark {
    sessions: usize,
    notes: usize,
}

impl Batch<'_> {
    fn mark(&self) -> Mark {
        Mark {
            sessions: self.sessions.len(),
            notes: self.notes.len(),
        }
    }

    /// Drops what was read since `mark`: a day's earlier `rooms`, when the day names `rooms`
    /// again (the last one counts, as for any key).
    fn back_to(&mut self, mark: Mark) {
        for timing in self.timings.drain(mark.sessions..) {
            if let Some(Stamp::Fixed(t)) = timing.stamp {
                let offset = t.offset().local_minus_utc();
                if let Some(n) = self.offsets.get_mut(&offset) {
                    *n -= 1;
                    if *n == 0 {
                        self.offsets.remove(&offset);
                    }
                }
            }
        }
        self.sessions.truncate(mark.sessions);
        self.notes.truncate(mark.notes);
    }
}

/// A note, in the order of the file: written already, or about the timing of a session
/// (written once its time is resolved).
pub(super) enum Note {
    Text(String),
    Timing(usize),
}

/// What an event says about its time, as written.
pub(super) struct Timing<'de> {
    /// The day (position in `days`) it is filed under.
    pub(super) day: usize,
    pub(super) date: Option<Cow<'de, str>>,
    pub(super) stamp: Option<Stamp>,
    pub(super) clock: Option<NaiveTime>,
    pub(super) duration: Option<Cow<'de, str>>,
    pub(super) length: Option<Duration>,
}

pub(super) struct DaysSeed<'a> {
    pub(super) source: &'a str,
}

impl<'de> DeserializeSeed<'de> for DaysSeed<'_> {
    type Value = Days<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Days<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> DaysSeed<'_> {
    /// Notes one day's date and start (its sessions went into the batch as they were read).
    fn day(days: &mut Days<'de>, day: Option<DayObject<'de>>) {
        let day = day.unwrap_or_default();
        days.dates.push(day.date.as_deref().and_then(parse_date));
        days.day_starts
            .push(day.day_start.as_deref().and_then(parse_datetime));
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
                batch: &mut days.batch,
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
                batch: &mut days.batch,
            })?;
            Self::day(&mut days, day);
        }
        Ok(days)
    }

    other_kinds!('de, Days<'de>, Days::default(), str);
}

/// One day: its date and its start (its rooms' events go straight into the batch).
#[derive(Default)]
struct DayObject<'de> {
    date: Text<'de>,
    day_start: Text<'de>,
}

struct DaySeed<'a, 'de> {
    /// Its position in `days`, from 0.
    n: usize,
    source: &'a str,
    batch: &'a mut Batch<'de>,
}

impl<'de> DeserializeSeed<'de> for DaySeed<'_, 'de> {
    type Value = Option<DayObject<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DaySeed<'_, 'de> {
    type Value = Option<DayObject<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a day")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut day = DayObject::default();
        let mut rooms_from = None;
        while let Some(key) = map.next_key_seed(KeyIn(&["date", "day_start", "rooms"]))? {
            match key {
                Some(0) => day.date = map.next_value()?,
                Some(1) => day.day_start = map.next_value()?,
                Some(_) => {
                    let from = *rooms_from.get_or_insert(self.batch.mark());
                    self.batch.back_to(from);
                    map.next_value_seed(RoomsSeed {
                        day: self.n,
                        source: self.source,
                        batch: &mut *self.batch,
                    })?;
                }
                None => skip(&mut map)?,
            }
        }
        Ok(Some(day))
    }

    other_kinds!('de, Self::Value, None, str, seq);
}

/// A day's `rooms`: `{room: [event]}`, or a plain list of events, made sessions into `batch`.
struct RoomsSeed<'a, 'de> {
    day: usize,
    source: &'a str,
    batch: &'a mut Batch<'de>,
}

impl<'de> DeserializeSeed<'de> for RoomsSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RoomsSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the rooms of a day")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Name(room)) = map.next_key::<Name>()? {
            map.next_value_seed(EventsSeed {
                room: Some(&room),
                day: self.day,
                source: self.source,
                batch: &mut *self.batch,
            })?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        EventsSeed {
            room: None,
            day: self.day,
            source: self.source,
            batch: self.batch,
        }
        .visit_seq(seq)
    }

    other_kinds!('de, (), (), str);
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
