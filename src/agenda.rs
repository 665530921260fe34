//! What time it is at the conference: the talks on now and next, the attendee's agenda with its
//! clashes and free gaps, reminders, which talk a quick note belongs to, and how far into a talk
//! a note was written. Shared by `hallway now`/`hallway agenda` and the TUI.
//!
//! Everything here is a pure function of the schedule, the store (for stars; the conference id
//! is the schedule's) and an injected `now`: nothing reads the clock. Times are compared as
//! instants (UTC), never as wall-clock text, so sessions written with different offsets order
//! correctly.
//!
//! Two rules apply throughout:
//! - **A session with a start but no end** lasts until the next session in the same room
//!   starts, and at most [`MAX_INFERRED_MINUTES`] minutes ([`effective_end`]). Sessions without
//!   a room count as one room of their own for this rule.
//! - **Minutes until something starts** are rounded *up* to whole minutes: a talk starting in
//!   4 min 30 s is "in 5 min", so a countdown never says "in 0 min" before the start
//!   ([`minutes_until`]).

mod day;
mod now;
mod plan;
mod quick;
mod timeline;

use chrono::{DateTime, FixedOffset};

use crate::schedule::{Schedule, Session};
use crate::store::Store;

pub use day::conference_day_at;
pub use now::{
    DEFAULT_HORIZON_MINUTES, InProgress, NowNext, Phase, Upcoming, now_next, now_next_on,
    now_next_within,
};
pub use plan::{Agenda, AgendaDay, AgendaItem, agenda, clashes, clashes_on};
pub use quick::{NEAR_MINUTES, QuickNote, Why, quick_note_target};
pub use timeline::{MAX_INFERRED_MINUTES, Span, Timeline, effective_end, span};

/// A reminder: a starred session about to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    /// Position in the schedule's sessions.
    pub position: usize,
    /// Whole minutes until it starts, rounded up (1 to the reminder window).
    pub starts_in_min: i64,
}

/// Starred sessions starting within `(0, minutes]` of `now`, by start (then room). A session that
/// has already started (start ≤ now) gets no reminder; `minutes == 0` turns reminders off.
#[must_use]
pub fn reminders(
    schedule: &Schedule,
    store: &Store,
    now: DateTime<FixedOffset>,
    minutes: u32,
) -> Vec<Reminder> {
    let window = i64::from(minutes) * 60;
    let mut due: Vec<(DateTime<FixedOffset>, usize)> = starred_positions(schedule, store)
        .filter_map(|pos| {
            let start = schedule.sessions()[pos].start?;
            let secs = (start - now).num_seconds();
            (secs > 0 && secs <= window).then_some((start, pos))
        })
        .collect();
    due.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| room_order(schedule, a.1, b.1))
            .then(a.1.cmp(&b.1))
    });
    due.into_iter()
        .map(|(start, position)| Reminder {
            position,
            starts_in_min: minutes_until(now, start),
        })
        .collect()
}

/// The minute of the talk a note written at `written` falls in: whole minutes from the session's
/// start, rounded down, so `+0` is the first minute and a note written 30 s before the start is
/// `-1`. `None` when the session has no published start.
#[must_use]
pub fn minute_into(session: &Session, written: DateTime<FixedOffset>) -> Option<i64> {
    let start = session.start?;
    Some((written - start).num_seconds().div_euclid(60))
}

/// Whole minutes from `now` until `t`, rounded up (4 min 30 s is 5); 0 or less once `t` is
/// reached.
#[must_use]
pub fn minutes_until(now: DateTime<FixedOffset>, t: DateTime<FixedOffset>) -> i64 {
    let secs = (t - now).num_seconds();
    if secs > 0 { (secs + 59) / 60 } else { 0 }
}

/// Positions of the starred sessions the schedule knows, in star-id order.
fn starred_positions<'a>(
    schedule: &'a Schedule,
    store: &'a Store,
) -> impl Iterator<Item = usize> + 'a {
    store
        .stars(&schedule.conference.id)
        .filter_map(|id| schedule.index().position(id))
}

/// Orders two sessions by room: named rooms in the program's own order, then the sessions without a room.
fn room_order(schedule: &Schedule, a: usize, b: usize) -> std::cmp::Ordering {
    // Ranks follow the program's own room order, with no room last.
    let ix = schedule.index();
    ix.room_rank(a).cmp(&ix.room_rank(b))
}

/// How many minutes into its talk a note was written, when that reads as "during the talk":
/// from the start to 30 minutes after the end (published or inferred; an hour when unknown).
/// `None` otherwise, and for sessions without a start.
#[must_use]
pub fn minute_in_talk(
    schedule: &Schedule,
    position: usize,
    written: DateTime<FixedOffset>,
) -> Option<i64> {
    let s = schedule.sessions().get(position)?;
    let m = minute_into(s, written)?;
    let length = span(schedule, position).map_or(60, |sp| sp.minutes());
    (0..=length + 30).contains(&m).then_some(m)
}
