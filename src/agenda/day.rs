//! Which conference day is in progress at a given moment. Programs file the talks after
//! midnight under the previous conference day (frab's `day_change`), so at 00:55 on 28 December
//! the day in progress is the 27th, whose night it is, not the calendar date.
//!
//! The rule, in order:
//! 1. when sessions are in progress at `now`, the latest conference day among theirs;
//! 2. else, when the next session to start is filed under a day no later than today's calendar
//!    date, that day (between two night talks, or before the first talk of the morning);
//! 3. else today's calendar date in the conference's zone (which may be no conference day at
//!    all, before or after the conference).

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::Timeline;
use crate::schedule::Schedule;
use crate::timefmt::Zone;

/// The conference day in progress at `now` (see the module docs for the rule). `timeline` is the
/// schedule's [`Timeline`], for the spans of sessions without a published end.
#[must_use]
pub fn conference_day_at(
    schedule: &Schedule,
    timeline: &Timeline,
    now: DateTime<FixedOffset>,
) -> NaiveDate {
    let sessions = schedule.sessions();
    let today = Zone::of(&schedule.conference).at(now).date_naive();
    let mut in_progress: Option<NaiveDate> = None;
    let mut next: Option<(DateTime<FixedOffset>, NaiveDate)> = None;
    for (pos, span) in timeline.timed() {
        let Some(day) = sessions.get(pos).and_then(|s| s.day) else {
            continue;
        };
        if span.contains(now) {
            in_progress = in_progress.max(Some(day));
        } else if span.start > now && next.is_none_or(|(t, _)| span.start < t) {
            next = Some((span.start, day));
        }
    }
    in_progress
        .or_else(|| next.map(|(_, day)| day).filter(|day| *day <= today))
        .unwrap_or(today)
}
