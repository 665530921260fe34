//! How dates and times are written for people: `Wed 18 Sep`, `14:55–15:20`, with the zone's
//! abbreviation from the time-zone database (`PDT`), and "time not published" where that is the
//! truth. Shared by the CLI, the exports and the TUI.
//!
//! **Conference day and calendar date.** Programs file the talks after midnight under the
//! previous conference day (frab's `day_change`): a talk starting Sat 28 Dec 00:50 belongs to
//! the conference day Fri 27 Dec. Sessions stay on their conference day (`Session::day`: the
//! day tab, `list --day`, the agenda's day headings), but every date *printed* next to a time is
//! the real calendar date of the start in the conference's zone: `Sat 28 Dec 00:50–02:50`.
//! [`session_when`] is the one place that decides it; under a heading for another date a row
//! names its own date ([`on_day`]).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::schedule::{Conference, Session, When};

/// `Wed 18 Sep`.
pub fn day_short(day: NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// `Wednesday 18 September 2024`.
pub fn day_long(day: NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// `14:55`, in the time's own offset.
pub fn clock(t: DateTime<FixedOffset>) -> String {
    t.format("%H:%M").to_string()
}

/// `14:55–15:20`, or `14:55` when the end is unknown.
pub fn time_range(start: DateTime<FixedOffset>, end: Option<DateTime<FixedOffset>>) -> String {
    match end {
        Some(end) => format!("{}–{}", clock(start), clock(end)),
        None => clock(start),
    }
}

/// A zone times are shown in: a time-zone database zone (daylight saving handled), or a fixed
/// offset when the conference names no zone the database knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

impl Zone {
    /// The conference's zone: its IANA name when known, else its UTC offset.
    pub fn of(conference: &Conference) -> Self {
        conference
            .time_zone
            .as_deref()
            .and_then(|name| name.parse::<chrono_tz::Tz>().ok())
            .map_or(Zone::Fixed(conference.utc_offset), Zone::Named)
    }

    /// The user's zone: `TZ` when it names a zone, else the system's, else UTC.
    pub fn local() -> Self {
        let named = std::env::var("TZ")
            .ok()
            .map(|tz| tz.trim_start_matches(':').to_owned())
            .and_then(|tz| tz.parse::<chrono_tz::Tz>().ok())
            .or_else(|| {
                iana_time_zone::get_timezone()
                    .ok()
                    .and_then(|tz| tz.parse::<chrono_tz::Tz>().ok())
            });
        named.map_or(Zone::Named(chrono_tz::UTC), Zone::Named)
    }

    /// The instant the wall-clock time `local` names in this zone. In the hour a daylight-saving
    /// change repeats, the first of the two; in the hour it skips, the time an hour later (what
    /// a clock set forward reads).
    pub fn from_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => tz
                .from_local_datetime(&local)
                .earliest()
                .or_else(|| {
                    tz.from_local_datetime(&(local + chrono::Duration::hours(1)))
                        .earliest()
                })
                .map_or_else(
                    || tz.from_utc_datetime(&local).fixed_offset(),
                    |t| t.fixed_offset(),
                ),
            Zone::Fixed(offset) => offset
                .from_local_datetime(&local)
                .single()
                .unwrap_or_else(|| offset.from_utc_datetime(&local)),
        }
    }

    /// The zone's name: `America/Los_Angeles`, or `UTC-07:00`.
    pub fn name(&self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_owned(),
            Zone::Fixed(offset) => format!("UTC{offset}"),
        }
    }

    /// `t` as a wall-clock time in this zone.
    pub fn at(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => t.with_timezone(tz).fixed_offset(),
            Zone::Fixed(offset) => t.with_timezone(offset),
        }
    }

    /// The zone's abbreviation at `t` (`PDT`, `CET`), or `UTC-07:00`.
    pub fn abbrev(&self, t: DateTime<FixedOffset>) -> String {
        match self {
            Zone::Named(tz) => tz
                .from_utc_datetime(&t.naive_utc())
                .format("%Z")
                .to_string(),
            Zone::Fixed(offset) => format!("UTC{offset}"),
        }
    }
}

/// The conference zone's abbreviation at `t` (`PDT`), or its UTC offset when the conference
/// names no zone the database knows.
pub fn zone_label(conference: &Conference, t: DateTime<FixedOffset>) -> String {
    Zone::of(conference).abbrev(t)
}

/// The app's clock for the header: `Wed 18 Sep 10:02 PDT`.
pub fn now_in(zone: &Zone, now: DateTime<FixedOffset>) -> String {
    format!(
        "{} {}",
        zone.at(now).format("%a %-d %b %H:%M"),
        zone.abbrev(now)
    )
}

/// The app's clock in the conference's zone.
pub fn now_line(conference: &Conference, now: DateTime<FixedOffset>) -> String {
    now_in(&Zone::of(conference), now)
}

/// When a session is, as rows print it: the real calendar date (see the module docs) and the
/// time range, both in the zone they were computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionWhen {
    /// The calendar date of the start in the zone; the conference day when only that is
    /// published; `None` when neither is.
    pub date: Option<NaiveDate>,
    /// `14:55–15:20` (or `14:55` without an end); `None` when no time is published.
    pub range: Option<String>,
}

impl SessionWhen {
    /// `Sat 28 Dec`, or `—` when no date is published.
    pub fn date_text(&self) -> String {
        self.date.map_or_else(|| "—".to_owned(), day_short)
    }

    /// `Sat 28 Dec 00:50–02:50`, `Thu 19 Sep` (no time published) or `—`.
    pub fn short(&self) -> String {
        match (&self.range, self.date) {
            (Some(range), Some(date)) => format!("{} {range}", day_short(date)),
            (Some(range), None) => range.clone(),
            (None, _) => self.date_text(),
        }
    }

    /// The text of a row under a heading for `heading`: the range alone when the session is on
    /// that calendar date, else with its own date (`Sat 28 Dec 00:50–02:50` under Fri 27 Dec).
    pub fn under(&self, heading: NaiveDate) -> String {
        match &self.range {
            Some(range) if self.date == Some(heading) => range.clone(),
            _ => self.short(),
        }
    }
}

/// When `session` is in `zone`: its real calendar date and its time range. The one rule every
/// printed session time follows (the CLI, the exports, the TUI).
pub fn session_when(zone: &Zone, session: &Session) -> SessionWhen {
    match session.when() {
        When::Timed { start, .. } => SessionWhen {
            date: Some(zone.at(start).date_naive()),
            range: range_in(zone, session),
        },
        When::Day(day) => SessionWhen {
            date: Some(day),
            range: None,
        },
        When::Unknown => SessionWhen {
            date: None,
            range: None,
        },
    }
}

/// `text` (a time of `start`'s) as a row under a heading for `heading` prints it: prefixed with
/// the start's real date in `zone` when that is another date (`Sat 28 Dec 00:50–~01:50`).
pub fn on_day(zone: &Zone, start: DateTime<FixedOffset>, heading: NaiveDate, text: &str) -> String {
    let date = zone.at(start).date_naive();
    if date == heading {
        text.to_owned()
    } else {
        format!("{} {text}", day_short(date))
    }
}

/// The session's time in `zone`, as a range.
pub fn range_in(zone: &Zone, session: &Session) -> Option<String> {
    let start = zone.at(session.start?);
    let end = session.end.map(|e| zone.at(e));
    Some(time_range(start, end))
}

/// The session's time in the conference's zone, as a range.
pub fn session_range(conference: &Conference, session: &Session) -> Option<String> {
    range_in(&Zone::of(conference), session)
}

/// One line saying when a session is, in `zone`, as far as the program says:
/// `Wednesday 18 September 2024, 14:55–15:20 PDT`, `Thursday 19 September 2024, time not
/// published`, or `Date and time not published`.
pub fn when_in(zone: &Zone, session: &Session) -> String {
    let when = session_when(zone, session);
    match (session.start, when.date, when.range) {
        (Some(start), Some(date), Some(range)) => {
            format!("{}, {range} {}", day_long(date), zone.abbrev(start))
        }
        (_, Some(day), _) => format!("{}, time not published", day_long(day)),
        _ => "Date and time not published".to_owned(),
    }
}

/// [`when_in`] the conference's zone.
pub fn when_line(conference: &Conference, session: &Session) -> String {
    when_in(&Zone::of(conference), session)
}

/// A time typed by the user (`--now`, `HALLWAY_NOW`), before the zone it is read in is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedTime {
    /// RFC 3339, with its offset: `2024-09-18T14:56:00-07:00`.
    Exact(DateTime<FixedOffset>),
    /// A date and wall-clock time without offset: `2024-09-18T14:56`, `2024-09-18T14:56:30`.
    Local(NaiveDateTime),
    /// A wall-clock time only, meaning today: `14:56`, `14:56:30`.
    Clock(NaiveTime),
}

/// A `--now` value that is none of the forms [`TypedTime`] reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--now \"{text}\": expected 2024-09-18T14:56, 14:56 or an RFC 3339 time")]
pub struct BadTime {
    pub text: String,
}

impl TypedTime {
    /// Reads `2024-09-18T14:56:00-07:00` (RFC 3339, seconds optional), `2024-09-18T14:56` (or
    /// with seconds, or a space for the `T`) and `14:56` (or with seconds).
    ///
    /// # Errors
    /// [`BadTime`] when the text is none of these.
    pub fn parse(text: &str) -> Result<Self, BadTime> {
        let t = text.trim();
        if let Ok(exact) = DateTime::parse_from_rfc3339(t) {
            return Ok(TypedTime::Exact(exact));
        }
        for format in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"] {
            if let Ok(exact) = DateTime::parse_from_str(t, format) {
                return Ok(TypedTime::Exact(exact));
            }
        }
        for format in [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(t, format) {
                return Ok(TypedTime::Local(local));
            }
        }
        for format in ["%H:%M", "%H:%M:%S"] {
            if let Ok(clock) = NaiveTime::parse_from_str(t, format) {
                return Ok(TypedTime::Clock(clock));
            }
        }
        Err(BadTime {
            text: text.to_owned(),
        })
    }

    /// The instant meant, reading times without an offset in `zone`; a bare clock time is on
    /// today's date in `zone`, today being the date of `real_now` there.
    pub fn resolve(&self, zone: &Zone, real_now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match *self {
            TypedTime::Exact(t) => t,
            TypedTime::Local(local) => zone.from_local(local),
            TypedTime::Clock(clock) => {
                zone.from_local(zone.at(real_now).date_naive().and_time(clock))
            }
        }
    }
}

/// `45 min`, `2 h 10 min`, `3 h`, `1 day 2 h`.
pub fn duration(minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (1, 0, _) => "1 day".to_owned(),
        (1, h, _) => format!("1 day {h} h"),
        (d, 0, _) => format!("{d} days"),
        (d, h, _) => format!("{d} days {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::bundled;

    #[test]
    fn bundled_times_read_in_pacific_daylight_time() {
        let s = bundled::load()
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let conf = &s.conference;
        let timed = s.get("1fHmN").unwrap_or_else(|| panic!("1fHmN missing"));
        assert_eq!(
            when_line(conf, timed),
            "Wednesday 18 September 2024, 14:55–15:20 PDT"
        );
        let day_only = s.get("1fHmx").unwrap_or_else(|| panic!("1fHmx missing"));
        assert_eq!(
            when_line(conf, day_only),
            "Thursday 19 September 2024, time not published"
        );
        let unknown = s.get("1hZiR").unwrap_or_else(|| panic!("1hZiR missing"));
        assert_eq!(when_line(conf, unknown), "Date and time not published");
    }

    #[test]
    fn named_zones_follow_daylight_saving() {
        let zone = Zone::Named(chrono_tz::Europe::Berlin);
        let summer = DateTime::parse_from_rfc3339("2025-10-25T10:00:00Z").unwrap_or_default();
        let winter = DateTime::parse_from_rfc3339("2025-10-26T10:00:00Z").unwrap_or_default();
        assert_eq!(now_in(&zone, summer), "Sat 25 Oct 12:00 CEST");
        assert_eq!(now_in(&zone, winter), "Sun 26 Oct 11:00 CET");
        let fixed = Zone::Fixed(FixedOffset::east_opt(3600).unwrap_or_else(|| unreachable!()));
        assert_eq!(now_in(&fixed, winter), "Sun 26 Oct 11:00 UTC+01:00");
    }

    #[test]
    fn typed_times_read_in_the_zone_given() {
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        let real = DateTime::parse_from_rfc3339("2024-09-19T03:00:00Z").unwrap_or_default();
        let at = |text: &str| {
            TypedTime::parse(text)
                .map(|t| t.resolve(&la, real).to_rfc3339())
                .unwrap_or_else(|e| e.to_string())
        };
        assert_eq!(at("2024-09-18T14:56"), "2024-09-18T14:56:00-07:00");
        assert_eq!(at("2024-09-18 14:56:30"), "2024-09-18T14:56:30-07:00");
        // 03:00 UTC on the 19th is still the 18th in Los Angeles.
        assert_eq!(at("14:56"), "2024-09-18T14:56:00-07:00");
        assert_eq!(at("2024-09-18T10:00:00+02:00"), "2024-09-18T10:00:00+02:00");
        assert_eq!(at("2024-09-18T10:00+02:00"), "2024-09-18T10:00:00+02:00");
        assert_eq!(at("2024-12-18T10:00"), "2024-12-18T10:00:00-08:00");
        // Skipped by the spring change: read as the clock set forward reads it.
        assert_eq!(at("2024-03-10T02:30"), "2024-03-10T03:30:00-07:00");
        // Repeated by the autumn change: the first of the two.
        assert_eq!(at("2024-11-03T01:30"), "2024-11-03T01:30:00-07:00");
        for bad in [
            "",
            "tomorrow",
            "25:00",
            "2024-09-18",
            "2024-13-01T10:00",
            "14h56",
        ] {
            assert_eq!(
                at(bad),
                format!("--now \"{bad}\": expected 2024-09-18T14:56, 14:56 or an RFC 3339 time")
            );
        }
        let fixed = Zone::Fixed(FixedOffset::east_opt(3600).unwrap_or_else(|| unreachable!()));
        let t = TypedTime::parse("2019-12-28T00:55").map(|t| t.resolve(&fixed, real));
        assert_eq!(
            t.map(|t| t.to_rfc3339()),
            Ok("2019-12-28T00:55:00+01:00".to_owned())
        );
    }

    #[test]
    fn a_talk_after_midnight_names_its_calendar_date() {
        let fixed = Zone::Fixed(FixedOffset::east_opt(3600).unwrap_or_else(|| unreachable!()));
        let fri = NaiveDate::from_ymd_opt(2019, 12, 27).unwrap_or_default();
        let start = DateTime::parse_from_rfc3339("2019-12-27T23:50:00Z").unwrap_or_default();
        let when = SessionWhen {
            date: Some(fixed.at(start).date_naive()),
            range: Some("00:50–02:50".to_owned()),
        };
        assert_eq!(when.date_text(), "Sat 28 Dec");
        assert_eq!(when.short(), "Sat 28 Dec 00:50–02:50");
        assert_eq!(when.under(fri), "Sat 28 Dec 00:50–02:50");
        assert_eq!(
            when.under(fri.succ_opt().unwrap_or_default()),
            "00:50–02:50"
        );
        assert_eq!(on_day(&fixed, start, fri, "00:50"), "Sat 28 Dec 00:50");
        let untimed = SessionWhen {
            date: Some(fri),
            range: None,
        };
        assert_eq!(untimed.under(fri), "Fri 27 Dec");
        let unknown = SessionWhen {
            date: None,
            range: None,
        };
        assert_eq!(unknown.short(), "—");
    }

    #[test]
    fn short_forms() {
        let d = NaiveDate::from_ymd_opt(2024, 9, 18).unwrap_or_default();
        assert_eq!(day_short(d), "Wed 18 Sep");
    }
}
