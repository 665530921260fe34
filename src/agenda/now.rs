//! Now & Next: the sessions in progress, what starts next in each room, and — when nothing is
//! on — the next thing on the program.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::{Timeline, minutes_until, room_order};
use crate::schedule::Schedule;
use crate::store::Store;

/// Where `now` falls relative to the whole program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// No session has a published start: nothing to say about now.
    NoTimes,
    /// Before the first session starts.
    Before,
    /// From the first start to the last end (breaks and nights included).
    During,
    /// Every timed session has ended.
    Over,
}

/// A session in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InProgress {
    /// Position in the schedule's sessions.
    pub position: usize,
    /// Whole minutes since it started (rounded down).
    pub elapsed_min: i64,
    /// Its length in whole minutes, with an inferred end where none is published.
    pub total_min: i64,
    /// Its end, published or inferred.
    pub end: DateTime<FixedOffset>,
    /// The end is inferred (see [`super::effective_end`]).
    pub end_inferred: bool,
    pub starred: bool,
}

/// A session about to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upcoming {
    /// Position in the schedule's sessions.
    pub position: usize,
    /// Whole minutes until it starts, rounded up ([`super::minutes_until`]).
    pub starts_in_min: i64,
    pub starred: bool,
}

/// How far Now & Next looks ahead when the config does not say: three hours at most.
pub const DEFAULT_HORIZON_MINUTES: u32 = 180;

/// The answer to "what is on now, what is next".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NowNext {
    pub phase: Phase,
    /// Sessions whose `[start, end)` contains now: by room (sessions without a room last), then
    /// by start. Starred sessions are marked, not moved.
    pub in_progress: Vec<InProgress>,
    /// Per room, the session(s) starting next after now (several when they start at the same
    /// moment in that room), kept only when they start by [`NowNext::horizon`]: by start, then
    /// by room. Starred sessions are marked, not moved. Sessions without a room count as one
    /// room.
    pub next: Vec<Upcoming>,
    /// How far Next looks: the next distinct start time after now (the start of the next slot),
    /// but at most `max_minutes` after now. `None` when nothing starts after now.
    pub horizon: Option<DateTime<FixedOffset>>,
    /// The most Next looks ahead, in minutes (the config's `[now] horizon_minutes`).
    pub max_minutes: u32,
    /// When nothing is in progress and nothing starts within the horizon (and the program is
    /// not over): the earliest start after now, a starred session first when several start
    /// then.
    pub next_overall: Option<Upcoming>,
}

/// What is on at `now` and what comes next, looking at most [`DEFAULT_HORIZON_MINUTES`] ahead.
/// Starts exactly at `now` count as in progress, not as next.
#[must_use]
pub fn now_next(schedule: &Schedule, store: &Store, now: DateTime<FixedOffset>) -> NowNext {
    now_next_within(
        &Timeline::new(schedule),
        schedule,
        store,
        now,
        DEFAULT_HORIZON_MINUTES,
    )
}

/// [`now_next`] with the schedule's [`Timeline`] already built (it is the O(n log n) part), for
/// callers that ask every tick. `timeline` must be `Timeline::new(schedule)`.
#[must_use]
pub fn now_next_on(
    timeline: &Timeline,
    schedule: &Schedule,
    store: &Store,
    now: DateTime<FixedOffset>,
) -> NowNext {
    now_next_within(timeline, schedule, store, now, DEFAULT_HORIZON_MINUTES)
}

/// [`now_next_on`] looking at most `max_minutes` ahead for Next (0: no Next rows, only the
/// single next session when nothing is on).
#[must_use]
pub fn now_next_within(
    timeline: &Timeline,
    schedule: &Schedule,
    store: &Store,
    now: DateTime<FixedOffset>,
    max_minutes: u32,
) -> NowNext {
    let sessions = schedule.sessions();
    let mut first = None::<DateTime<FixedOffset>>;
    let mut last = None::<DateTime<FixedOffset>>;
    let mut in_progress = Vec::new();
    // Per room (by rank): the earliest start after now, and the sessions starting then.
    let mut next_by_room: HashMap<u32, (DateTime<FixedOffset>, Vec<usize>)> = HashMap::new();
    // The starred sessions, looked up by position rather than by hashing every id.
    let mut starred = vec![false; sessions.len()];
    for pos in super::starred_positions(schedule, store) {
        starred[pos] = true;
    }
    // A timeline of another (larger) schedule must not index out of this one.
    for (pos, span) in timeline.timed().filter(|(pos, _)| *pos < sessions.len()) {
        first = Some(first.map_or(span.start, |f| f.min(span.start)));
        last = Some(last.map_or(span.end, |l| l.max(span.end)));
        if span.contains(now) {
            in_progress.push(InProgress {
                position: pos,
                elapsed_min: (now - span.start).num_minutes(),
                total_min: span.minutes(),
                end: span.end,
                end_inferred: span.end_inferred,
                starred: starred[pos],
            });
        } else if span.start > now {
            let room = schedule.index().room_rank(pos);
            match next_by_room.get_mut(&room) {
                Some((start, list)) if *start == span.start => list.push(pos),
                Some((start, _)) if *start < span.start => {}
                _ => {
                    next_by_room.insert(room, (span.start, vec![pos]));
                }
            }
        }
    }
    let phase = match (first, last) {
        (Some(f), _) if now < f => Phase::Before,
        (_, Some(l)) if now >= l => Phase::Over,
        (Some(_), Some(_)) => Phase::During,
        _ => Phase::NoTimes,
    };
    in_progress.sort_by(|a, b| {
        room_order(schedule, a.position, b.position)
            .then_with(|| sessions[a.position].start.cmp(&sessions[b.position].start))
            .then(a.position.cmp(&b.position))
    });
    let mut next: Vec<(DateTime<FixedOffset>, Upcoming)> = next_by_room
        .into_values()
        .flat_map(|(start, list)| list.into_iter().map(move |pos| (start, pos)))
        .map(|(start, pos)| {
            let upcoming = Upcoming {
                position: pos,
                starts_in_min: minutes_until(now, start),
                starred: starred[pos],
            };
            (start, upcoming)
        })
        .collect();
    next.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| room_order(schedule, a.1.position, b.1.position))
            .then(a.1.position.cmp(&b.1.position))
    });
    // The start of the next slot (every room's next start is at or after it), capped.
    let limit = now + chrono::Duration::minutes(i64::from(max_minutes));
    let horizon = next.first().map(|n| n.0.min(limit));
    let mut first_slot = next
        .iter()
        .take_while(|n| Some(n.0) == next.first().map(|f| f.0));
    let first_after = first_slot
        .clone()
        .find(|n| n.1.starred)
        .or_else(|| first_slot.next())
        .map(|n| n.1);
    next.retain(|n| horizon.is_some_and(|h| n.0 <= h) && max_minutes > 0);
    let next_overall = if in_progress.is_empty() && next.is_empty() {
        first_after
    } else {
        None
    };
    NowNext {
        phase,
        in_progress,
        next: next.into_iter().map(|n| n.1).collect(),
        horizon,
        max_minutes,
        next_overall,
    }
}
