//! How dates and times are written for people: `Wed 18 Sep`, `14:55–15:20`, with the zone's
//! abbreviation from the time-zone database (`PDT`), and "time not published" where that is the
//! truth. Shared by the CLI, the exports and the TUI.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

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

/// The conference zone's abbreviation at `t` (`PDT`), or its UTC offset when the conference
/// names no zone the database knows.
pub fn zone_label(conference: &Conference, t: DateTime<FixedOffset>) -> String {
    match conference
        .time_zone
        .as_deref()
        .and_then(|name| name.parse::<chrono_tz::Tz>().ok())
    {
        Some(tz) => tz
            .from_utc_datetime(&t.naive_utc())
            .format("%Z")
            .to_string(),
        None => format!("UTC{}", t.offset()),
    }
}

/// The app's clock for the header, in the conference's time zone: `Wed 18 Sep 10:02 PDT`.
pub fn now_line(conference: &Conference, now: DateTime<FixedOffset>) -> String {
    match conference
        .time_zone
        .as_deref()
        .and_then(|name| name.parse::<chrono_tz::Tz>().ok())
    {
        Some(tz) => now
            .with_timezone(&tz)
            .format("%a %-d %b %H:%M %Z")
            .to_string(),
        None => {
            let local = now.with_timezone(&conference.utc_offset);
            format!(
                "{} UTC{}",
                local.format("%a %-d %b %H:%M"),
                conference.utc_offset
            )
        }
    }
}

/// The session's time in the conference's offset, as a range.
pub fn session_range(conference: &Conference, session: &Session) -> Option<String> {
    let start = session.start?.with_timezone(&conference.utc_offset);
    let end = session.end.map(|e| e.with_timezone(&conference.utc_offset));
    Some(time_range(start, end))
}

/// One line saying when a session is, as far as the program says:
/// `Wednesday 18 September 2024, 14:55–15:20 PDT`, `Thursday 19 September 2024, time not
/// published`, or `Date and time not published`.
pub fn when_line(conference: &Conference, session: &Session) -> String {
    match session.when() {
        When::Timed { start, .. } => {
            let day = session.day.unwrap_or_else(|| start.date_naive());
            format!(
                "{}, {} {}",
                day_long(day),
                session_range(conference, session).unwrap_or_default(),
                zone_label(conference, start)
            )
        }
        When::Day(day) => format!("{}, time not published", day_long(day)),
        When::Unknown => "Date and time not published".to_owned(),
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
    fn short_forms() {
        let d = NaiveDate::from_ymd_opt(2024, 9, 18).unwrap_or_default();
        assert_eq!(day_short(d), "Wed 18 Sep");
    }
}
