//! Pentabarf, frab and pretalx `schedule.xml` (FOSDEM's included), read with quick-xml's
//! streaming reader: `schedule/conference`, then `schedule/day[@date]`, each holding
//! `room[@name]/event` or, in old Pentabarf files, `event` directly (the room is then the
//! event's own `<room>`).
//!
//! - Start: `<date>` with its offset when present; else the day's date plus `<start>` (`HH:MM`)
//!   in the conference's zone (`time_zone_name`, the offset of `<day start=...>`, or the zone of
//!   the conference's `<city>`), on the next date when earlier than the day's start or the
//!   conference's `day_change` (after midnight).
//! - End: start plus `<duration>` (`HH:MM`, `H:MM`, `HH:MM:SS`).
//! - Id: `guid`, else `id`.
//! - Texts: entities decoded; abstracts and descriptions, which often hold escaped HTML, lose
//!   their tags.
//!
//! Control characters that strict XML parsers refuse are turned into spaces before reading.
//! Broken XML (unclosed or mismatched tags, markup that does not parse, text outside the
//! root) is reported with its line and column.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::build::{Draft, DraftConference, describe, link, session_link, summary};
use super::text::{clean_line, decode_entities};
use super::time::{
    Stamp, Zone, floating_zone, on_day, parse_clock, parse_date, parse_datetime, parse_duration,
    resolve_zone, zone_for_city,
};
use super::{Format, ImportError, ImportOptions, source_note};
use crate::schedule::{Link, Session, Speaker, Summary};

/// An event's fields as written, resolved once the whole file (and so the zone) is known.
#[derive(Debug, Default)]
struct RawEvent {
    guid: Option<String>,
    id: Option<String>,
    day: Option<NaiveDate>,
    day_start: Option<String>,
    wrapper_room: Option<String>,
    date: Option<String>,
    start: Option<String>,
    duration: Option<String>,
    room: Option<String>,
    title: Option<String>,
    track: Option<String>,
    kind: Option<String>,
    abstract_: Option<String>,
    description: Option<String>,
    url: Option<String>,
    persons: Vec<String>,
    links: Vec<Link>,
}

#[derive(Debug, Default)]
struct RawConference {
    title: Option<String>,
    acronym: Option<String>,
    start: Option<String>,
    end: Option<String>,
    time_zone_name: Option<String>,
    day_change: Option<String>,
    venue: Option<String>,
    city: Option<String>,
    url: Option<String>,
    base_url: Option<String>,
}

/// One open element: its name, where it starts, and the text read inside it so far.
struct Open {
    name: String,
    at: usize,
    text: String,
}

/// Reading state besides the element stack.
#[derive(Default)]
struct State {
    conference: RawConference,
    day: Option<NaiveDate>,
    day_start: Option<String>,
    room: Option<String>,
    event: Option<RawEvent>,
    events: Vec<RawEvent>,
    /// `href` and `type` of the `<link>` or `<attachment>` being read.
    pending_link: Option<(String, Option<String>)>,
    seen_root: bool,
}

/// Reads a Pentabarf/frab schedule.xml.
///
/// # Errors
/// [`ImportError::Syntax`] with line and column for text that is not UTF-8 (or the declared
/// Latin-1) and for broken XML.
pub fn read(bytes: &[u8], file: &str, options: &ImportOptions) -> Result<Draft, ImportError> {
    let text = decode(bytes, file)?;
    let state = walk(&text, file)?;
    Ok(resolve(state, file, options))
}

/// The document as text: UTF-8, or Latin-1/Windows-1252 when the declaration says so, with
/// control characters that XML forbids replaced by spaces (so positions stay put).
fn decode(bytes: &[u8], file: &str) -> Result<String, ImportError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(e) if declares_latin1(bytes) => {
            let _ = e;
            bytes.iter().map(|&b| cp1252(b)).collect()
        }
        Err(e) => {
            return Err(ImportError::at(
                file,
                bytes,
                e.valid_up_to(),
                "the file is not valid UTF-8 (and its XML declaration names no other encoding hallway reads)",
            ));
        }
    };
    // Fast path: junk controls are bytes below 0x20, DEL, or start with 0xC2 (C1 controls).
    let suspicious = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2);
    // Only what the XML parser would choke on; bidi controls and the rest of the outside-text
    // rule are applied to each field later (`crate::sanitize`).
    let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if suspicious && text.chars().any(forbidden) {
        Ok(text
            .chars()
            .map(|c| if forbidden(c) { ' ' } else { c })
            .collect())
    } else {
        Ok(text)
    }
}

fn declares_latin1(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_lowercase();
    head.starts_with("<?xml")
        && [
            "iso-8859-1",
            "iso-8859-15",
            "latin1",
            "windows-1252",
            "cp1252",
        ]
        .iter()
        .any(|enc| head.contains(enc))
}

/// A Windows-1252 byte (a superset of Latin-1's printable range) as a character.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn walk(text: &str, file: &str) -> Result<State, ImportError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;
    let err_at = |at: usize, message: String| ImportError::at(file, text.as_bytes(), at, message);
    let mut stack: Vec<Open> = Vec::new();
    let mut st = State::default();
    // Elements open inside an abstract or description (XHTML written as elements): they are
    // kept as tags in its text, for `clean_block` to handle like escaped HTML.
    let mut rich_depth = 0usize;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let pos = usize::try_from(reader.error_position()).unwrap_or(at);
            err_at(pos, format!("broken XML: {e}"))
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if stack.is_empty() && st.seen_root => {
                let _ = e;
                return Err(err_at(at, "content after the </schedule> element".into()));
            }
            Event::Start(e) | Event::Empty(e) if !is_xml_name(e.name().as_ref()) => {
                return Err(err_at(
                    at,
                    format!("<{}> is not a valid element name", e.name().as_ref()),
                ));
            }
            Event::Start(e) if in_rich_text(&stack) => {
                keep_tag(&mut stack, &e);
                rich_depth += 1;
            }
            Event::Empty(e) if in_rich_text(&stack) => keep_tag(&mut stack, &e),
            Event::End(e) if rich_depth > 0 => {
                rich_depth -= 1;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str("</");
                    top.text.push_str(e.name().as_ref());
                    top.text.push('>');
                }
            }
            Event::Start(e) => {
                let name = open(&mut st, &stack, &e);
                stack.push(Open {
                    name,
                    at,
                    text: String::new(),
                });
            }
            Event::Empty(e) => {
                let name = open(&mut st, &stack, &e);
                stack.push(Open {
                    name,
                    at,
                    text: String::new(),
                });
                close(&mut st, &mut stack);
            }
            Event::End(_) => close(&mut st, &mut stack),
            Event::Text(t) => match stack.last_mut() {
                Some(top) => top.text.push_str(&t.xml10_content()),
                None if t.trim().is_empty() => {}
                None => {
                    let lead = t.len() - t.trim_start().len();
                    return Err(err_at(
                        at + lead,
                        "text outside the <schedule> element".into(),
                    ));
                }
            },
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let reference = format!("&{};", &*r.xml10_content());
                    top.text.push_str(&decode_entities(&reference));
                } else {
                    return Err(err_at(at, "text outside the <schedule> element".into()));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(err_at(
            open.at,
            format!("<{}> is never closed (the file ends first)", open.name),
        ));
    }
    Ok(st)
}

/// Writes a start tag met inside rich text into that text.
fn keep_tag(stack: &mut [Open], e: &BytesStart<'_>) {
    if let Some(top) = stack.last_mut() {
        top.text.push('<');
        top.text.push_str(e);
        top.text.push('>');
    }
}

/// Whether the innermost open element holds text that may be HTML.
fn in_rich_text(stack: &[Open]) -> bool {
    stack
        .last()
        .is_some_and(|o| o.name == "abstract" || o.name == "description")
}

/// Whether `name` is an XML name (letters, digits and `_-.:`, not starting with a digit or
/// punctuation other than `_` and `:`).
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '\u{b7}'))
}

/// The value of an attribute, entities decoded.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| clean_line(&a.value))
        .filter(|v| !v.is_empty())
}

/// Handles a start tag; returns the element's local name.
fn open(st: &mut State, stack: &[Open], e: &BytesStart<'_>) -> String {
    let name = e.local_name().as_ref().to_owned();
    let parent = stack.last().map(|o| o.name.as_str());
    match (parent, name.as_str()) {
        (None, _) => st.seen_root = true,
        (Some("schedule"), "day") => {
            st.day = attr(e, "date").and_then(|d| parse_date(&d));
            st.day_start = attr(e, "start");
            st.room = None;
        }
        (Some("day"), "room") => st.room = attr(e, "name"),
        (Some("day" | "room"), "event") => {
            st.event = Some(RawEvent {
                guid: attr(e, "guid"),
                id: attr(e, "id"),
                day: st.day,
                day_start: st.day_start.clone(),
                wrapper_room: st.room.clone(),
                ..RawEvent::default()
            });
        }
        (Some("links"), "link") => {
            st.pending_link = attr(e, "href").map(|h| (h, None));
        }
        (Some("attachments"), "attachment") => {
            st.pending_link = attr(e, "href").map(|h| (h, attr(e, "type")));
        }
        _ => {}
    }
    name
}

/// Handles the end of the innermost element.
fn close(st: &mut State, stack: &mut Vec<Open>) {
    let Some(done) = stack.pop() else { return };
    let parent = stack.last().map(|o| o.name.as_str());
    let Open { name, text, .. } = done;
    let value = |text: String| Some(text).filter(|t| !t.trim().is_empty());
    match (parent, name.as_str()) {
        (Some("conference"), field) => {
            let c = &mut st.conference;
            let slot = match field {
                "title" => &mut c.title,
                "acronym" => &mut c.acronym,
                "start" => &mut c.start,
                "end" => &mut c.end,
                "time_zone_name" => &mut c.time_zone_name,
                "day_change" => &mut c.day_change,
                "venue" => &mut c.venue,
                "city" => &mut c.city,
                "url" => &mut c.url,
                "base_url" => &mut c.base_url,
                _ => return,
            };
            *slot = value(text);
        }
        (Some("day" | "room"), "event") => {
            if let Some(event) = st.event.take() {
                st.events.push(event);
            }
        }
        (Some("day"), "room") => st.room = None,
        (Some("event"), field) => {
            let Some(ev) = st.event.as_mut() else { return };
            let slot = match field {
                "date" => &mut ev.date,
                "start" => &mut ev.start,
                "duration" => &mut ev.duration,
                "room" => &mut ev.room,
                "title" => &mut ev.title,
                "track" => &mut ev.track,
                "type" => &mut ev.kind,
                "abstract" => &mut ev.abstract_,
                "description" => &mut ev.description,
                "url" => &mut ev.url,
                _ => return,
            };
            *slot = value(text);
        }
        (Some("persons"), "person") => {
            if let Some(ev) = st.event.as_mut() {
                ev.persons.push(clean_line(&text));
            }
        }
        (Some("links" | "attachments"), "link" | "attachment") => {
            if let (Some(ev), Some((href, hint))) = (st.event.as_mut(), st.pending_link.take()) {
                let title = clean_line(&text);
                let title = (!title.is_empty()).then_some(title);
                ev.links.push(link(
                    &href,
                    title.as_deref(),
                    hint.as_deref()
                        .or(Some("attachment").filter(|_| name == "attachment")),
                ));
            }
        }
        _ => {}
    }
}

/// Turns the raw events into sessions once the conference's zone is known.
fn resolve(st: State, file: &str, options: &ImportOptions) -> Draft {
    let c = st.conference;
    let named = options
        .time_zone
        .or_else(|| c.time_zone_name.as_deref().and_then(resolve_zone));
    let city_zone = c.city.as_deref().and_then(zone_for_city);
    let mut draft = Draft {
        conference: DraftConference {
            name: line(&c.title),
            acronym: line(&c.acronym),
            start_date: c.start.as_deref().and_then(parse_date),
            end_date: c.end.as_deref().and_then(parse_date),
            zone: named.or(city_zone).map(Zone::Named),
            venue: line(&c.venue),
            city: line(&c.city),
            url: line(&c.url).or_else(|| line(&c.base_url)),
        },
        ..Draft::default()
    };
    if named.is_none()
        && let (Some(tz), Some(city)) = (city_zone, &c.city)
    {
        draft.notes.push(format!(
            "conference: the file names no time zone; {} is taken from its city, {}",
            tz.name(),
            clean_line(city)
        ));
    }
    let clock = Clock {
        named,
        common: common_offset(&st.events),
        city: city_zone,
        day_change: c.day_change.as_deref().and_then(parse_clock),
    };
    let source = source_note(file, Format::PentabarfXml);
    let mut guessed_utc = false;
    for ev in st.events {
        let (start, utc) = clock.start(&ev);
        guessed_utc |= utc;
        let session = session(ev, start, &source, &mut draft.notes);
        draft.sessions.push(session);
    }
    if guessed_utc {
        draft.notes.push(
            "conference: the file gives no time zone or offset; times are taken as UTC".into(),
        );
    }
    draft
}

fn line(v: &Option<String>) -> Option<String> {
    v.as_deref().map(clean_line).filter(|s| !s.is_empty())
}

/// What placing an event's time needs to know about the file.
struct Clock {
    named: Option<chrono_tz::Tz>,
    /// The offset most `<date>`s are written with.
    common: Option<FixedOffset>,
    /// The zone named after the conference's city.
    city: Option<chrono_tz::Tz>,
    day_change: Option<NaiveTime>,
}

impl Clock {
    /// The event's start, and whether it had to be read as UTC for want of any zone.
    fn start(&self, ev: &RawEvent) -> (Option<DateTime<FixedOffset>>, bool) {
        let day_start = ev.day_start.as_deref().and_then(parse_datetime);
        // The zone for a wall-clock `<start>`: the file's zone, else the day's offset, else
        // the offset the other events are written with, else the city's zone, else UTC.
        let day_offset = match day_start {
            Some(Stamp::Fixed(t)) => Some(*t.offset()),
            _ => None,
        };
        let zone = floating_zone(self.named, day_offset.or(self.common), ev.day)
            .or(self.city.map(Zone::Named));
        if let Some(stamp) = ev.date.as_deref().and_then(parse_datetime) {
            return (Some(stamp.resolve(zone.unwrap_or_else(Zone::utc))), false);
        }
        let first = day_start
            .map(|s| match s {
                Stamp::Fixed(t) => t.time(),
                Stamp::Floating(t) => t.time(),
            })
            .or(self.day_change);
        match (ev.day, ev.start.as_deref().and_then(parse_clock)) {
            (Some(day), Some(clock)) => (
                Some(
                    zone.unwrap_or_else(Zone::utc)
                        .localize(on_day(day, clock, first)),
                ),
                zone.is_none(),
            ),
            _ => (None, false),
        }
    }
}

fn session(
    ev: RawEvent,
    start: Option<DateTime<FixedOffset>>,
    source: &str,
    notes: &mut Vec<String>,
) -> Session {
    let end = start.and_then(|s| {
        ev.duration
            .as_deref()
            .and_then(parse_duration)
            .and_then(|d| s.checked_add_signed(d))
    });
    let mut links: Vec<Link> = line(&ev.url)
        .map(|u| session_link(&u))
        .into_iter()
        .collect();
    links.extend(ev.links);
    let summary = summary(ev.abstract_.as_deref(), ev.description.as_deref());
    let session = Session {
        id: ev.guid.or(ev.id).unwrap_or_default(),
        title: line(&ev.title).unwrap_or_default(),
        kind: line(&ev.kind),
        track: line(&ev.track),
        start,
        end,
        day: ev.day,
        room: line(&ev.room).or(ev.wrapper_room),
        speakers: ev
            .persons
            .into_iter()
            .filter(|n| !n.is_empty())
            .map(Speaker::named)
            .collect(),
        summary_verbatim: summary.is_some(),
        summary: summary.map(Summary::from),
        links,
        sources: vec![source.to_owned()],
    };
    if let (Some(_), None, Some(duration)) = (session.start, session.end, &ev.duration) {
        notes.push(format!(
            "{}: duration {duration:?} is not HH:MM; no end is given",
            describe(&session)
        ));
    }
    session
}

/// The offset most `<date>`s are written with.
fn common_offset(events: &[RawEvent]) -> Option<FixedOffset> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for ev in events {
        if let Some(Stamp::Fixed(t)) = ev.date.as_deref().and_then(parse_datetime) {
            *counts.entry(t.offset().local_minus_utc()).or_default() += 1;
        }
    }
    let (secs, _) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    FixedOffset::east_opt(secs)
}
