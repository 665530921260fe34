//! iCalendar (RFC 5545) programs: Sched's `all.ics`, frab's `schedule.ics`, and the exports
//! of conference sites. The content lines are read by [`parse`]; this module maps each
//! `VEVENT` to a session.
//!
//! - Times: `DTSTART`/`DTEND` in UTC (`Z`), with a `TZID` (resolved through the time-zone
//!   database, Windows names and mangled names included; else through the file's own
//!   `VTIMEZONE` when it has a single offset; else the calendar's zone), or floating (placed
//!   in the calendar's zone: the caller's choice, else `X-WR-TIMEZONE`, else the zone most
//!   events name, else UTC). A date without a time (`VALUE=DATE`) gives a day only. No
//!   `DTEND`: `DURATION`, else no end.
//! - The calendar's zone also decides the day a session falls on; UTC times are shown in it.
//! - `SUMMARY` → title; `LOCATION` → room; `CATEGORIES` → track (the first one);
//!   `DESCRIPTION` → summary (HTML removed); `URL` → the session's page; `UID` → id (without
//!   its `@host`).
//! - Speakers: `ATTENDEE;CN=...`; else a first description line such as `Speaker: Ada`; else
//!   the `Title - Speaker` form of `SUMMARY` (see [`speakers`]) when the calendar is Sched's or
//!   most of its summaries are written that way.
//! - Conference: `X-WR-CALNAME`, `NAME`, `X-WR-CALDESC`, Sched's `PRODID`, else the file name;
//!   its dates are those of the first and last session.

pub mod parse;
pub mod speakers;

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use self::parse::{Component, Property, split_list, unescape};
use self::speakers::Style;
use super::build::{Draft, DraftConference, file_stem, session_link, summary};
use super::text::clean_line;
use super::time::{Zone, resolve_zone};
use super::{Format, ImportError, ImportOptions, source_note};
use crate::schedule::{Session, Speaker, Summary};

/// A `DATE` or `DATE-TIME` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

/// `20161227`, `20161227T110000`, `20161227T100000Z` (also without seconds, or with ISO
/// dashes and colons).
fn parse_value(raw: &str) -> Option<Value> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    let (body, utc) = match compact.strip_suffix(['Z', 'z']) {
        Some(b) => (b, true),
        None => (compact.as_str(), false),
    };
    if body.len() == 8 && !utc {
        return NaiveDate::parse_from_str(body, "%Y%m%d")
            .ok()
            .map(Value::Date);
    }
    let t = ["%Y%m%dT%H%M%S", "%Y%m%dT%H%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(body, f).ok())?;
    Some(if utc { Value::Utc(t) } else { Value::Local(t) })
}

/// `PT1H30M`, `P1D`, `P2W`, `-PT15M`.
fn parse_duration(raw: &str) -> Option<Duration> {
    let raw = raw.trim();
    let (sign, rest) = match raw.as_bytes().first()? {
        b'-' => (-1, &raw[1..]),
        b'+' => (1, &raw[1..]),
        _ => (1, raw),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            d if d.is_ascii_digit() => number.push(d),
            'T' if number.is_empty() && !in_time => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let secs = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(secs)?)?;
                any = true;
            }
        }
    }
    if !any || !number.is_empty() {
        return None;
    }
    Duration::try_seconds(sign * total)
}

/// The calendar-wide facts every event needs.
struct Calendar {
    /// The conference's zone (None: UTC, said in a note).
    zone: Option<Zone>,
    /// Offsets of the file's own `VTIMEZONE`s that have a single one.
    vtimezones: HashMap<String, FixedOffset>,
    source: String,
}

impl Calendar {
    /// The zone a `TZID` names.
    fn zone_for(&self, tzid: &str) -> Option<Zone> {
        resolve_zone(tzid).map(Zone::Named).or_else(|| {
            self.vtimezones
                .get(tzid.trim().trim_matches('"'))
                .copied()
                .map(Zone::Fixed)
        })
    }

    /// The instant a `DTSTART`/`DTEND` gives, or its date when it has no time.
    fn time(
        &self,
        p: &Property,
        notes: &mut Vec<String>,
    ) -> Option<Result<DateTime<FixedOffset>, NaiveDate>> {
        let Some(value) = parse_value(&p.value) else {
            notes.push(format!(
                "line {}:{}: {} value {:?} is not a date or date-time (YYYYMMDD or YYYYMMDDTHHMMSS, optionally ending in Z); ignored",
                p.line, p.column, p.name, p.value
            ));
            return None;
        };
        let shown = self.zone.unwrap_or_else(Zone::utc);
        Some(match value {
            Value::Date(d) => Err(d),
            Value::Utc(t) => Ok(shown.convert(Utc.from_utc_datetime(&t).fixed_offset())),
            Value::Local(t) => {
                let zone = match p.param("TZID") {
                    Some(tzid) => self.zone_for(tzid).unwrap_or_else(|| {
                        notes.push(format!(
                            "line {}: time zone {tzid:?} is unknown; the time is read in {}",
                            p.line,
                            zone_name(self.zone)
                        ));
                        shown
                    }),
                    None => shown,
                };
                Ok(zone.localize(t))
            }
        })
    }
}

fn zone_name(zone: Option<Zone>) -> String {
    match zone {
        Some(Zone::Named(tz)) => tz.name().to_owned(),
        Some(Zone::Fixed(offset)) => format!("UTC{offset}"),
        None => "UTC".to_owned(),
    }
}

/// Reads an iCalendar file.
///
/// # Errors
/// [`ImportError::Syntax`] for broken content lines or components; [`ImportError::Invalid`]
/// when there is no `VCALENDAR`.
pub fn read(bytes: &[u8], file: &str, options: &ImportOptions) -> Result<Draft, ImportError> {
    let components = parse::parse(bytes, file)?;
    let calendars: Vec<&Component> = components
        .iter()
        .filter(|c| c.name == "VCALENDAR")
        .collect();
    if calendars.is_empty() {
        return Err(ImportError::Invalid {
            file: file.to_owned(),
            message: "no BEGIN:VCALENDAR ... END:VCALENDAR".into(),
        });
    }
    let text = |name: &str| {
        calendars
            .iter()
            .find_map(|c| c.get(name))
            .map(|p| clean_line(&unescape(&p.value)))
            .filter(|t| !t.is_empty())
    };
    let events: Vec<&Component> = calendars
        .iter()
        .flat_map(|c| c.children.iter())
        .filter(|c| c.name == "VEVENT")
        .collect();
    let mut notes = Vec::new();
    let zone = options
        .time_zone
        .or_else(|| text("X-WR-TIMEZONE").and_then(|z| resolve_zone(&z)))
        .or_else(|| most_named_zone(&events))
        .map(Zone::Named);
    if zone.is_none() && events.iter().any(|e| has_floating_time(e)) {
        notes.push(
            "conference: the calendar names no time zone; times without one are read as UTC".into(),
        );
    }
    let prodid = text("PRODID").unwrap_or_default();
    let sched = prodid.to_lowercase().contains("sched.com")
        || events
            .iter()
            .filter_map(|e| e.get("URL"))
            .any(|u| u.value.to_lowercase().contains(".sched.com/"));
    let cal = Calendar {
        zone,
        vtimezones: vtimezones(&calendars),
        source: source_note(file, Format::ICalendar),
    };
    let mut read: Vec<ReadEvent> = events.iter().map(|e| event(e, &cal, &mut notes)).collect();
    split_summaries(&mut read, sched);

    // Sched's X-WR-CALNAME is the event's slug (`pytorch2024`); its PRODID has the name.
    let name = sched_name(&prodid)
        .or_else(|| text("X-WR-CALNAME"))
        .or_else(|| text("NAME"))
        .or_else(|| text("X-WR-CALDESC").filter(|d| d.chars().count() <= 100))
        .or_else(|| Some(file_stem(file)).filter(|s| !s.is_empty()));
    Ok(Draft {
        conference: DraftConference {
            name,
            zone,
            ..DraftConference::default()
        },
        sessions: read.into_iter().map(|r| r.session).collect(),
        rooms: Vec::new(),
        notes,
    })
}

/// `-//Sched.com PyTorch Conference 2024//EN` → `PyTorch Conference 2024`.
fn sched_name(prodid: &str) -> Option<String> {
    let inner = prodid.split("//").nth(1)?;
    let name = inner.strip_prefix("Sched.com")?.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Sched's event code in a session page's address (`https://x.sched.com/event/1fHmN/...` →
/// `1fHmN`): the id Sched itself uses, and the one hallway's bundled program keeps.
fn sched_code(url: &str) -> Option<&str> {
    let (host, path) = url.split_once("://")?.1.split_once('/')?;
    if !host.to_ascii_lowercase().ends_with(".sched.com") {
        return None;
    }
    let code = path.strip_prefix("event/")?.split(['/', '?', '#']).next()?;
    (!code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric())).then_some(code)
}

/// The zone most events' `DTSTART;TZID=` names, when the database knows it (the first one
/// seen wins a tie).
fn most_named_zone(events: &[&Component]) -> Option<chrono_tz::Tz> {
    let mut counts: Vec<(chrono_tz::Tz, usize)> = Vec::new();
    for tz in events
        .iter()
        .filter_map(|e| e.get("DTSTART").and_then(|p| p.param("TZID")))
        .filter_map(resolve_zone)
    {
        match counts.iter_mut().find(|(z, _)| *z == tz) {
            Some((_, n)) => *n += 1,
            None => counts.push((tz, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(tz, _)| tz)
}

fn has_floating_time(e: &Component) -> bool {
    e.get("DTSTART").is_some_and(|p| {
        p.param("TZID").is_none() && matches!(parse_value(&p.value), Some(Value::Local(_)))
    })
}

/// `VTIMEZONE`s whose observances all have the same `TZOFFSETTO`: that offset, by `TZID`.
fn vtimezones(calendars: &[&Component]) -> HashMap<String, FixedOffset> {
    let mut out = HashMap::new();
    for tz in calendars
        .iter()
        .flat_map(|c| c.children.iter())
        .filter(|c| c.name == "VTIMEZONE")
    {
        let Some(tzid) = tz.get("TZID") else { continue };
        let offsets: Vec<Option<FixedOffset>> = tz
            .children
            .iter()
            .filter_map(|o| o.get("TZOFFSETTO"))
            .map(|p| parse_utc_offset(&p.value))
            .collect();
        if let Some(Some(first)) = offsets.first()
            && offsets.iter().all(|o| *o == Some(*first))
        {
            out.insert(tzid.value.trim().trim_matches('"').to_owned(), *first);
        }
    }
    out
}

/// `+0100`, `-0530`, `+013045`.
fn parse_utc_offset(raw: &str) -> Option<FixedOffset> {
    let raw = raw.trim();
    let sign = match raw.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &raw[1..];
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|d| d.parse::<i32>().ok());
    let secs = n(0..2)? * 3600 + n(2..4)? * 60 + n(4..6).unwrap_or(0);
    FixedOffset::east_opt(sign * secs)
}

/// A session and what is needed to decide about its summary's speakers.
struct ReadEvent {
    session: Session,
    /// Whether the speakers came from ATTENDEE or the description.
    speakers_known: bool,
}

fn event(e: &Component, cal: &Calendar, notes: &mut Vec<String>) -> ReadEvent {
    let text = |name: &str| {
        e.get(name)
            .map(|p| unescape(&p.value))
            .filter(|t| !t.trim().is_empty())
    };
    let (start, end, day) = times(e, cal, notes);
    if e.get("RRULE").is_some() {
        notes.push(format!(
            "line {}: {:?} repeats; only its first occurrence is imported",
            e.line,
            text("SUMMARY").unwrap_or_default()
        ));
    }
    let description = text("DESCRIPTION").and_then(|d| summary(Some(&d), None));
    let (speakers, description) = people(e, description);
    let mut title = text("SUMMARY").map(|s| clean_line(&s)).unwrap_or_default();
    if let Some(stripped) = speakers::tail_names(&title, &speakers) {
        title = stripped;
    }
    let url = text("URL").map(|u| u.trim().to_owned());
    let id = event_id(url.as_deref(), &text("UID").unwrap_or_default());
    let track = e
        .all("CATEGORIES")
        .flat_map(|p| split_list(&p.value))
        .map(|c| clean_line(&c))
        .find(|c| !c.is_empty());
    let summary = description.filter(|d| !d.trim().is_empty());
    ReadEvent {
        speakers_known: !speakers.is_empty(),
        session: Session {
            id,
            title,
            kind: None,
            track,
            start,
            end,
            day,
            room: text("LOCATION").map(|l| clean_line(&l)),
            speakers,
            summary_verbatim: summary.is_some(),
            summary: summary.map(Summary::from),
            links: url.map(|u| vec![session_link(&u)]).unwrap_or_default(),
            sources: vec![cal.source.clone()],
        },
    }
}

type Times = (
    Option<DateTime<FixedOffset>>,
    Option<DateTime<FixedOffset>>,
    Option<NaiveDate>,
);

/// Start, end and day: `DTSTART` and `DTEND` (or `DURATION`); the day in the calendar's zone;
/// a date without a time gives the day alone.
fn times(e: &Component, cal: &Calendar, notes: &mut Vec<String>) -> Times {
    let (start, day) = match e.get("DTSTART").and_then(|p| cal.time(p, notes)) {
        Some(Ok(t)) => (
            Some(t),
            Some(cal.zone.map_or(t, |z| z.convert(t)).date_naive()),
        ),
        Some(Err(date)) => (None, Some(date)),
        None => (None, None),
    };
    let end = start.and_then(|s| match e.get("DTEND") {
        Some(p) => cal.time(p, notes).and_then(Result::ok),
        None => e
            .get("DURATION")
            .and_then(|p| parse_duration(&p.value))
            .and_then(|d| s.checked_add_signed(d)),
    });
    (start, end, day)
}

/// Speakers from `ATTENDEE;CN=`, else from the description's first line (`Speaker: Ada`),
/// which then leaves the description (also when it repeats the attendees).
fn people(e: &Component, description: Option<String>) -> (Vec<Speaker>, Option<String>) {
    let attendees: Vec<Speaker> = e
        .all("ATTENDEE")
        .filter_map(|a| a.param("CN"))
        .map(clean_line)
        .filter(|n| !n.is_empty())
        .map(Speaker::named)
        .collect();
    let Some((named, rest)) = description.as_deref().and_then(speakers::from_description) else {
        return (attendees, description);
    };
    let names = |list: &[Speaker]| {
        let mut names: Vec<String> = list.iter().map(|s| s.name.to_lowercase()).collect();
        names.sort();
        names
    };
    if attendees.is_empty() || names(&attendees) == names(&named) {
        (named, Some(rest))
    } else {
        (attendees, description)
    }
}

/// Sched's event code when the URL is a Sched page; else the UID without its `@host`.
fn event_id(url: Option<&str>, uid: &str) -> String {
    if let Some(code) = url.and_then(sched_code) {
        return code.to_owned();
    }
    let uid = uid.trim();
    match uid.rsplit_once('@') {
        Some((local, _)) if !local.trim().is_empty() => local.trim().to_owned(),
        _ => uid.to_owned(),
    }
}

/// Takes speakers out of `Title - Speaker` summaries: always in Sched's calendars (which write
/// `Name, Organisation`), elsewhere only when at least 60% of the summaries without other
/// speaker information read that way.
fn split_summaries(events: &mut [ReadEvent], sched: bool) {
    let style = if sched {
        Style::NamesWithOrgs
    } else {
        Style::Names
    };
    let candidates: Vec<usize> = (0..events.len())
        .filter(|&i| !events[i].speakers_known && !events[i].session.title.is_empty())
        .collect();
    let splits: Vec<(usize, (String, Vec<Speaker>))> = candidates
        .iter()
        .filter_map(|&i| {
            speakers::split_summary(&events[i].session.title, style).map(|split| (i, split))
        })
        .collect();
    if !sched && splits.len() * 10 < candidates.len() * 6 {
        return;
    }
    for (i, (title, speakers)) in splits {
        events[i].session.title = title;
        events[i].session.speakers = speakers;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"));
        let t = |s| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(parse_value("20161227"), Some(Value::Date(d("2016-12-27"))));
        assert_eq!(
            parse_value("20161227T110000"),
            Some(Value::Local(t("2016-12-27T11:00:00")))
        );
        assert_eq!(
            parse_value("20161227T1100Z"),
            Some(Value::Utc(t("2016-12-27T11:00:00")))
        );
        assert_eq!(
            parse_value("2016-12-27T11:00:00Z"),
            Some(Value::Utc(t("2016-12-27T11:00:00")))
        );
        assert_eq!(parse_value("20161327T110000"), None);
        assert_eq!(parse_value("tomorrow"), None);
        assert_eq!(parse_value(""), None);
    }

    #[test]
    fn durations() {
        // RFC 5545 section 3.3.6 examples.
        assert_eq!(
            parse_duration("P15DT5H0M20S"),
            Some(Duration::seconds(15 * 86_400 + 5 * 3600 + 20))
        );
        assert_eq!(parse_duration("P7W"), Some(Duration::weeks(7)));
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(parse_duration("PT"), None);
        assert_eq!(parse_duration("P1H"), None);
        assert_eq!(parse_duration("PT5"), None);
        assert_eq!(parse_duration("1H"), None);
        assert_eq!(parse_duration("P99999999999999999999D"), None);
    }

    #[test]
    fn utc_offsets() {
        assert_eq!(parse_utc_offset("+0100"), FixedOffset::east_opt(3600));
        assert_eq!(
            parse_utc_offset("-0530"),
            FixedOffset::west_opt(5 * 3600 + 1800)
        );
        assert_eq!(parse_utc_offset("0100"), None);
        assert_eq!(parse_utc_offset("+1"), None);
    }

    #[test]
    fn sched_codes() {
        assert_eq!(
            sched_code("https://pytorch2024.sched.com/event/1fHmN/a-distributed"),
            Some("1fHmN")
        );
        assert_eq!(
            sched_code("https://pytorch2024.sched.com/event/1fHmk"),
            Some("1fHmk")
        );
        assert_eq!(sched_code("https://example.org/event/1fHmk"), None);
        assert_eq!(sched_code("https://x.sched.com/speaker/ada"), None);
    }

    #[test]
    fn sched_product_names() {
        assert_eq!(
            sched_name("-//Sched.com PyTorch Conference 2024//EN").as_deref(),
            Some("PyTorch Conference 2024")
        );
        assert_eq!(sched_name("-//com.denhaven2/NONSGML ri_cal gem//EN"), None);
    }
}
