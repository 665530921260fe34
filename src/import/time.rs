//! Dates, times, durations and time-zone names as schedule files write them, read leniently:
//! offsets with or without a colon, durations as `H:MM`, `HH:MM` or `HH:MM:SS`, zone names from
//! the IANA database, Windows, or mangled by calendar programs.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;

/// A time zone as far as a file tells it: a named zone (daylight saving known) or only an
/// offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Named(Tz),
    Fixed(FixedOffset),
}

impl Zone {
    /// UTC.
    pub fn utc() -> Self {
        Zone::Fixed(Utc.fix())
    }

    /// The zone's name when it has one.
    pub fn tz(self) -> Option<Tz> {
        match self {
            Zone::Named(tz) => Some(tz),
            Zone::Fixed(_) => None,
        }
    }

    /// A wall-clock time in this zone. A time that does not exist (skipped by a daylight-saving
    /// change) is moved forward by an hour; an ambiguous one takes the earlier instant.
    pub fn localize(self, naive: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(offset) => fixed_local(offset, naive),
            Zone::Named(tz) => match tz.from_local_datetime(&naive) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.fixed_offset(),
                LocalResult::None => match naive
                    .checked_add_signed(Duration::hours(1))
                    .map(|later| tz.from_local_datetime(&later))
                {
                    Some(LocalResult::Single(t) | LocalResult::Ambiguous(t, _)) => t.fixed_offset(),
                    _ => fixed_local(Utc.fix(), naive),
                },
            },
        }
    }

    /// The same instant as `t`, with this zone's offset.
    pub fn convert(self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(offset) => t.with_timezone(&offset),
            Zone::Named(tz) => t.with_timezone(&tz).fixed_offset(),
        }
    }

    /// The offset in force at the instant `t`.
    pub fn offset_at(self, t: DateTime<FixedOffset>) -> FixedOffset {
        *self.convert(t).offset()
    }

    /// The offset in force at noon on `day`.
    pub fn offset_on(self, day: NaiveDate) -> FixedOffset {
        let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
        *self.localize(noon).offset()
    }
}

fn fixed_local(offset: FixedOffset, naive: NaiveDateTime) -> DateTime<FixedOffset> {
    match offset.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
        // A fixed offset maps every wall time; this arm only exists for the type.
        LocalResult::None => Utc.from_utc_datetime(&naive).fixed_offset(),
    }
}

/// A date-time as written: with its offset, or a wall-clock time to place in some zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    Fixed(DateTime<FixedOffset>),
    Floating(NaiveDateTime),
}

impl Stamp {
    /// The instant, placing a floating time in `zone`.
    pub fn resolve(self, zone: Zone) -> DateTime<FixedOffset> {
        match self {
            Stamp::Fixed(t) => t,
            Stamp::Floating(naive) => zone.localize(naive),
        }
    }
}

/// An ISO 8601 / RFC 3339 date-time: `2016-12-27T11:00:00+01:00`, also `+0100`, `Z`, a space
/// instead of `T`, no seconds, fractions of a second, or no offset at all.
pub fn parse_datetime(text: &str) -> Option<Stamp> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(Stamp::Fixed(t));
    }
    let mut s = text.replacen(' ', "T", 1);
    if s.ends_with(['Z', 'z']) {
        s.pop();
        s.push_str("+00:00");
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(t) = DateTime::parse_from_str(&s, format) {
            return Some(Stamp::Fixed(t));
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&s, format) {
            return Some(Stamp::Floating(t));
        }
    }
    None
}

/// The `YYYY-MM-DD` at the start of `text` (a date, or a date-time whose date part is wanted).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// A wall-clock time: `HH:MM`, `H:MM` or `HH:MM:SS`.
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    let (h, m, s) = clock_parts(text)?;
    NaiveTime::from_hms_opt(h, m, s)
}

fn clock_parts(text: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let num = |p: &str| -> Option<u32> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    match parts.as_slice() {
        [h, m] => Some((num(h)?, num(m)?, 0)),
        [h, m, s] => Some((num(h)?, num(m)?, num(s)?)),
        _ => None,
    }
}

/// A duration as frab and Pentabarf write it: `HH:MM`, `H:MM`, `HH:MM:SS`, or `HHMMSS`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (h, m, s) = if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| text.get(r).and_then(|p| p.parse::<u32>().ok());
        (n(0..2)?, n(2..4)?, n(4..6)?)
    } else {
        clock_parts(text)?
    };
    if m > 59 || s > 59 || h > 24 * 14 {
        return None;
    }
    Duration::try_seconds(i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))
}

/// The zone for wall-clock times in a file that writes most of its times with an offset: the
/// named zone when it agrees with the offset most times carry (on `day`), else that offset,
/// else the named zone. A misleading zone name thus never moves a time.
pub fn floating_zone(
    named: Option<Tz>,
    common: Option<FixedOffset>,
    day: Option<NaiveDate>,
) -> Option<Zone> {
    match (named, common) {
        (Some(tz), Some(offset)) => {
            let agrees = day.is_none_or(|d| Zone::Named(tz).offset_on(d) == offset);
            Some(if agrees {
                Zone::Named(tz)
            } else {
                Zone::Fixed(offset)
            })
        }
        (Some(tz), None) => Some(Zone::Named(tz)),
        (None, Some(offset)) => Some(Zone::Fixed(offset)),
        (None, None) => None,
    }
}

/// `day` at `clock`, or the next date when `clock` is before the day's start.
pub fn on_day(day: NaiveDate, clock: NaiveTime, day_start: Option<NaiveTime>) -> NaiveDateTime {
    let date = match day_start {
        Some(first) if clock < first => day.succ_opt().unwrap_or(day),
        _ => day,
    };
    date.and_time(clock)
}

/// A time-zone name resolved to the IANA database: exact names, names in another case,
/// common Windows names (`W. Europe Standard Time`), and names mangled by calendar programs
/// (`/freeassociation.sourceforge.net/Tzfile/Europe/Berlin`, `"Europe/Berlin"`).
pub fn resolve_zone(name: &str) -> Option<Tz> {
    let name = name.trim().trim_matches('"').trim();
    if name.is_empty() {
        return None;
    }
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(name))
    {
        return Some(*tz);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(name))
    {
        return iana.parse().ok();
    }
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
    for take in [3, 2] {
        if parts.len() > take {
            let tail = parts[parts.len() - take..].join("/");
            if let Ok(tz) = tail.parse::<Tz>() {
                return Some(tz);
            }
        }
    }
    None
}

/// The zone named after `city` (`Brussels` → `Europe/Brussels`), when the database has one.
/// Used only when a file gives no offset or zone at all.
pub fn zone_for_city(city: &str) -> Option<Tz> {
    let city = city.split([',', '(']).next()?.trim().replace(' ', "_");
    if city.is_empty() {
        return None;
    }
    chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| {
        let name = tz.name();
        name.contains('/')
            && !name.starts_with("Etc/")
            && name
                .rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(&city))
    })
}

/// Common Windows zone names (as Outlook and Exchange write them in `TZID`) and the IANA zone
/// of their main city (CLDR's windowsZones "001" territory).
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("UTC", "UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Romance Standard Time", "Europe/Paris"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("India Standard Time", "Asia/Kolkata"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Mountain Standard Time", "America/Denver"),
    ("Central Standard Time", "America/Chicago"),
    ("Eastern Standard Time", "America/New_York"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> DateTime<FixedOffset> {
        match parse_datetime(text) {
            Some(Stamp::Fixed(t)) => t,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn datetimes_with_every_offset_spelling() {
        let want = fixed("2016-12-27T11:00:00+01:00");
        assert_eq!(fixed("2016-12-27T11:00:00+0100"), want);
        assert_eq!(fixed("2016-12-27 11:00+01:00"), want);
        assert_eq!(fixed("2016-12-27T10:00:00Z"), want);
        assert_eq!(fixed("2016-12-27T11:00:00.000+01:00"), want);
        assert!(matches!(
            parse_datetime("2016-12-27T11:00"),
            Some(Stamp::Floating(_))
        ));
        assert_eq!(parse_datetime("27.12.2016 11:00"), None);
        assert_eq!(parse_datetime(""), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("00:30"), Some(Duration::minutes(30)));
        assert_eq!(parse_duration("1:05"), Some(Duration::minutes(65)));
        assert_eq!(parse_duration("01:00:30"), Some(Duration::seconds(3630)));
        assert_eq!(parse_duration("003000"), Some(Duration::minutes(30)));
        assert_eq!(parse_duration("0:75"), None);
        assert_eq!(parse_duration("-1:00"), None);
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration(":"), None);
    }

    #[test]
    fn zone_names() {
        assert_eq!(resolve_zone("Europe/Berlin"), Some(Tz::Europe__Berlin));
        assert_eq!(resolve_zone("\"europe/berlin\""), Some(Tz::Europe__Berlin));
        assert_eq!(
            resolve_zone("W. Europe Standard Time"),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(
            resolve_zone("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(
            resolve_zone("/mozilla.org/20050126_1/America/Argentina/Buenos_Aires"),
            Some(Tz::America__Argentina__Buenos_Aires)
        );
        assert_eq!(resolve_zone("Mars/Olympus_Mons"), None);
        assert_eq!(zone_for_city("Brussels"), Some(Tz::Europe__Brussels));
        assert_eq!(zone_for_city("San Francisco, California"), None);
        assert_eq!(zone_for_city(""), None);
    }

    #[test]
    fn localizing_across_daylight_saving() {
        let berlin = Zone::Named(Tz::Europe__Berlin);
        let naive = |s: &str| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap_or_else(|e| panic!("{e}"))
        };
        // 02:30 does not exist on 2024-03-31 in Berlin: moved to 03:30 CEST.
        assert_eq!(
            berlin.localize(naive("2024-03-31T02:30")).to_rfc3339(),
            "2024-03-31T03:30:00+02:00"
        );
        // 02:30 happens twice on 2024-10-27: the first one.
        assert_eq!(
            berlin.localize(naive("2024-10-27T02:30")).to_rfc3339(),
            "2024-10-27T02:30:00+02:00"
        );
    }
}
