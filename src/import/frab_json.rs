//! frab, pretalx and C3VOC `schedule.json`: `schedule.conference.days[].rooms{room: [event]}`.
//!
//! The files differ in every field hallway does not need (`logo` null or "" or a path,
//! `do_not_record` true/false/null, `answers`...), so the document is walked as a
//! [`serde_json::Value`] and only the fields used here are looked at, each read leniently
//! (a number where a string is expected is taken as its text; anything else as absent).
//!
//! - Start: the event's full `date` with its offset. Only when it is missing, the day's date
//!   plus `start` ("HH:MM") in the conference's zone, on the next date when earlier than the
//!   day's `day_start` (a talk after midnight).
//! - Day: the day the event is filed under, even when it starts after midnight.
//! - End: start plus `duration` (`HH:MM`, `H:MM` or `HH:MM:SS`).
//! - Zone: `time_zone_name` when given and in agreement with the events' offsets; otherwise
//!   only the offset the events are written with.
//! - Id: `guid`, else `id`, else `code`.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde_json::Value;

use super::build::{Draft, DraftConference, describe, link, session_link, summary};
use super::text::clean_line;
use super::time::{
    Stamp, Zone, floating_zone, on_day, parse_clock, parse_date, parse_datetime, parse_duration,
    resolve_zone,
};
use super::{Format, ImportError, ImportOptions, source_note};
use crate::schedule::{Session, Speaker};

/// A field as text: strings as they are, numbers as written; anything else is absent.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

fn line(v: Option<&Value>) -> Option<String> {
    text(v).map(|s| clean_line(&s)).filter(|s| !s.is_empty())
}

/// Reads a frab/pretalx/C3VOC schedule document.
///
/// # Errors
/// [`ImportError::Invalid`] when there is no `schedule.conference` object.
pub fn read(root: &Value, file: &str, options: &ImportOptions) -> Result<Draft, ImportError> {
    let invalid = |message: &str| ImportError::Invalid {
        file: file.to_owned(),
        message: message.to_owned(),
    };
    let schedule = root
        .get("schedule")
        .filter(|s| s.is_object())
        .ok_or_else(|| invalid("\"schedule\" is not an object"))?;
    let conf = schedule
        .get("conference")
        .filter(|c| c.is_object())
        .ok_or_else(|| invalid("\"schedule\" has no \"conference\" object"))?;
    let days: Vec<&Value> = match conf.get("days") {
        Some(Value::Array(days)) => days.iter().collect(),
        Some(Value::Object(days)) => days.values().collect(),
        _ => Vec::new(),
    };
    let named = options
        .time_zone
        .or_else(|| text(conf.get("time_zone_name")).and_then(|n| resolve_zone(&n)));
    let mut draft = Draft {
        conference: conference(schedule, conf, &days, named),
        rooms: listed_rooms(conf),
        ..Draft::default()
    };
    // Where an event has no usable `date`, its `start` is placed in the named zone, else at
    // the offset the other events are written with.
    let floating = floating_zone(named, common_offset(&days), draft.conference.start_date)
        .unwrap_or_else(Zone::utc);
    let source = source_note(file, Format::FrabJson);
    for (d, day) in days.iter().enumerate() {
        read_day(d + 1, day, floating, &source, &mut draft);
    }
    Ok(draft)
}

/// The conference: its dates are the first and last day's (39C3's `start` is a UTC time).
fn conference(
    schedule: &Value,
    conf: &Value,
    days: &[&Value],
    named: Option<chrono_tz::Tz>,
) -> DraftConference {
    let dates: Vec<NaiveDate> = days
        .iter()
        .filter_map(|d| text(d.get("date")).and_then(|t| parse_date(&t)))
        .collect();
    let declared = |key: &str| text(conf.get(key)).and_then(|t| parse_date(&t));
    DraftConference {
        name: line(conf.get("title")),
        acronym: line(conf.get("acronym")),
        start_date: dates.iter().min().copied().or_else(|| declared("start")),
        end_date: dates.iter().max().copied().or_else(|| declared("end")),
        zone: named.map(Zone::Named),
        venue: line(conf.get("venue")),
        city: line(conf.get("city")),
        url: line(conf.get("url")).or_else(|| line(schedule.get("base_url"))),
    }
}

/// The rooms `conference.rooms` lists (C3VOC, newer pretalx), in its order: each a name or
/// an object with a `name`. Without the list, the order of each day's `rooms` keys counts
/// (serde_json keeps it: the `preserve_order` feature).
fn listed_rooms(conf: &Value) -> Vec<String> {
    let Some(Value::Array(rooms)) = conf.get("rooms") else {
        return Vec::new();
    };
    rooms
        .iter()
        .filter_map(|r| match r {
            Value::String(name) => Some(clean_line(name)),
            _ => line(r.get("name")),
        })
        .collect()
}

/// A day's rooms: `{room: [event]}`, or a plain list of events.
fn rooms(day: &Value) -> Vec<(Option<&str>, &Value)> {
    match day.get("rooms") {
        Some(Value::Object(rooms)) => rooms
            .iter()
            .map(|(name, events)| (Some(name.as_str()), events))
            .collect(),
        Some(events @ Value::Array(_)) => vec![(None, events)],
        _ => Vec::new(),
    }
}

/// Adds the sessions of day number `n`.
fn read_day(n: usize, day: &Value, zone: Zone, source: &str, draft: &mut Draft) {
    let ctx = DayContext {
        date: text(day.get("date")).and_then(|t| parse_date(&t)),
        day_start: text(day.get("day_start"))
            .and_then(|t| parse_datetime(&t))
            .map(|s| s.resolve(zone)),
        zone,
    };
    for (room, events) in rooms(day) {
        let where_ = format!("day {n} room {}", room.unwrap_or("?"));
        let Value::Array(events) = events else {
            draft
                .notes
                .push(format!("{where_}: the events are not a list; skipped"));
            continue;
        };
        for (e, event) in events.iter().enumerate() {
            if !event.is_object() {
                draft
                    .notes
                    .push(format!("{where_} event {}: not an object; skipped", e + 1));
                continue;
            }
            let session = session(event, room, &ctx, source);
            if let (None, Some(date)) = (session.start, text(event.get("date"))) {
                draft.notes.push(format!(
                    "{}: its date {date:?} is not a date-time; no time is given",
                    describe(&session)
                ));
            }
            if let (Some(_), None, Some(duration)) =
                (session.start, session.end, text(event.get("duration")))
            {
                draft.notes.push(format!(
                    "{}: duration {duration:?} is not HH:MM; no end is given",
                    describe(&session)
                ));
            }
            draft.sessions.push(session);
        }
    }
}

/// The offset most events' `date` is written with.
fn common_offset(days: &[&Value]) -> Option<FixedOffset> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for day in days {
        for (_, events) in rooms(day) {
            for event in events.as_array().into_iter().flatten() {
                if let Some(Stamp::Fixed(t)) =
                    text(event.get("date")).and_then(|d| parse_datetime(&d))
                {
                    *counts.entry(t.offset().local_minus_utc()).or_default() += 1;
                }
            }
        }
    }
    let (secs, _) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    FixedOffset::east_opt(secs)
}

/// What an event needs from the day it is filed under.
struct DayContext {
    date: Option<NaiveDate>,
    day_start: Option<DateTime<FixedOffset>>,
    zone: Zone,
}

impl DayContext {
    /// The event's start: its `date`, else the day's date and its `start` clock time (on the
    /// next date when the clock is before the day's start, i.e. after midnight).
    fn start(&self, date: Option<&str>, clock: Option<&str>) -> Option<DateTime<FixedOffset>> {
        if let Some(stamp) = date.and_then(parse_datetime) {
            return Some(stamp.resolve(self.zone));
        }
        let day = self.date?;
        let clock = clock.and_then(parse_clock)?;
        Some(
            self.zone
                .localize(on_day(day, clock, self.day_start_clock())),
        )
    }

    fn day_start_clock(&self) -> Option<NaiveTime> {
        self.day_start.map(|t| t.time())
    }
}

fn session(event: &Value, room_key: Option<&str>, ctx: &DayContext, source: &str) -> Session {
    let start = ctx.start(
        text(event.get("date")).as_deref(),
        text(event.get("start")).as_deref(),
    );
    let end = start.and_then(|s| {
        text(event.get("duration"))
            .and_then(|d| parse_duration(&d))
            .and_then(|d| s.checked_add_signed(d))
    });
    let id = ["guid", "id", "code"]
        .iter()
        .find_map(|k| text(event.get(*k)))
        .unwrap_or_default();
    let mut links = Vec::new();
    if let Some(url) = text(event.get("url")) {
        links.push(session_link(&url));
    }
    for key in ["links", "attachments"] {
        let Some(Value::Array(items)) = event.get(key) else {
            continue;
        };
        for item in items {
            match item {
                Value::String(url) => links.push(link(url, None, None)),
                Value::Object(_) => {
                    if let Some(url) = text(item.get("url")).or_else(|| text(item.get("href"))) {
                        let title = line(item.get("title"));
                        let hint = text(item.get("type"))
                            .or_else(|| (key == "attachments").then(|| "attachment".to_owned()));
                        links.push(link(&url, title.as_deref(), hint.as_deref()));
                    }
                }
                _ => {}
            }
        }
    }
    let summary = summary(
        text(event.get("abstract")).as_deref(),
        text(event.get("description")).as_deref(),
    );
    Session {
        id: id.trim().to_owned(),
        title: line(event.get("title")).unwrap_or_default(),
        kind: line(event.get("type")),
        track: line(event.get("track")),
        start,
        end,
        day: ctx.date,
        room: line(event.get("room")).or_else(|| room_key.map(clean_line)),
        speakers: speakers(event.get("persons")),
        summary_verbatim: summary.is_some(),
        summary,
        links,
        sources: vec![source.to_owned()],
    }
}

/// `persons`: objects with `public_name` (frab, pretalx), `name` or `full_public_name`, or
/// plain strings.
fn speakers(persons: Option<&Value>) -> Vec<Speaker> {
    let Some(Value::Array(persons)) = persons else {
        return Vec::new();
    };
    persons
        .iter()
        .filter_map(|p| match p {
            Value::String(name) => Some(clean_line(name)),
            Value::Object(_) => ["public_name", "name", "full_public_name"]
                .iter()
                .find_map(|k| line(p.get(*k))),
            _ => None,
        })
        .filter(|name| !name.is_empty())
        .map(|name| Speaker {
            name,
            affiliation: None,
            role: None,
        })
        .collect()
}
