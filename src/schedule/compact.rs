//! Times and dates as numbers in binary formats (the program cache, `library::cache`), and as
//! chrono writes them — RFC 3339 text — in human-readable ones (the CLI's JSON output), so
//! reading a cached program does not parse 100,000 timestamps.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional instant with its offset: `(seconds, nanoseconds, offset seconds)` in binary.
pub mod time {
    use super::{DateTime, Deserialize, Deserializer, FixedOffset, Serialize, Serializer};
    use serde::de::Error as _;

    pub fn serialize<S: Serializer>(
        t: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return t.serialize(s);
        }
        t.map(|t| {
            (
                t.timestamp(),
                t.timestamp_subsec_nanos(),
                t.offset().local_minus_utc(),
            )
        })
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        if d.is_human_readable() {
            return Option::<DateTime<FixedOffset>>::deserialize(d);
        }
        let Some((secs, nanos, offset)) = Option::<(i64, u32, i32)>::deserialize(d)? else {
            return Ok(None);
        };
        let offset = FixedOffset::east_opt(offset)
            .ok_or_else(|| D::Error::custom(format!("offset {offset} out of range")))?;
        DateTime::from_timestamp(secs, nanos)
            .map(|t| Some(t.with_timezone(&offset)))
            .ok_or_else(|| D::Error::custom(format!("time {secs} out of range")))
    }
}

/// An optional date: days since 1 January of year 1 in binary.
pub mod date {
    use super::{Datelike, Deserialize, Deserializer, NaiveDate, Serialize, Serializer};
    use serde::de::Error as _;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return d.serialize(s);
        }
        d.map(|d| d.num_days_from_ce()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        if d.is_human_readable() {
            return Option::<NaiveDate>::deserialize(d);
        }
        let Some(days) = Option::<i32>::deserialize(d)? else {
            return Ok(None);
        };
        NaiveDate::from_num_days_from_ce_opt(days)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("day {days} out of range")))
    }
}
