//! When each timed session starts and ends, with the end inferred where the program gives none.
//!
//! The rule, used everywhere (the CLI, the TUI's progress bars and grid, clashes, gaps): a
//! session with a start but no end lasts until the next session *in the same room* starts (the
//! first start strictly after its own), and never more than [`MAX_INFERRED_MINUTES`]. Sessions
//! without a room are treated as one room. A published end is always kept as it is, even when
//! the next session in the room starts before it.

use chrono::{DateTime, Duration, FixedOffset};

use crate::schedule::Schedule;

/// The longest a session without a published end is assumed to last.
pub const MAX_INFERRED_MINUTES: i64 = 60;

/// A timed session's interval, half-open: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// The end is not published but inferred (see the module docs).
    pub end_inferred: bool,
}

impl Span {
    /// Whether `t` falls in `[start, end)`.
    #[must_use]
    pub fn contains(&self, t: DateTime<FixedOffset>) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether two spans share a moment (touching, `end == start`, is not overlapping).
    #[must_use]
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Length in whole minutes (rounded down).
    #[must_use]
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// The end inferred for a session starting at `start` whose room's next session starts at
/// `next` (if any).
fn inferred_end(
    start: DateTime<FixedOffset>,
    next: Option<DateTime<FixedOffset>>,
) -> DateTime<FixedOffset> {
    let cap = start + Duration::minutes(MAX_INFERRED_MINUTES);
    next.map_or(cap, |n| n.min(cap))
}

/// The positions of the sessions in `room` (`None`: the sessions without a room).
fn members<'a>(schedule: &'a Schedule, room: Option<&str>) -> &'a [usize] {
    let index = schedule.index();
    match room {
        Some(r) => index.rooms().get(r).map_or(&[], Vec::as_slice),
        None => index.roomless(),
    }
}

/// The session's interval: its published end, or the inferred one. `None` without a start (or
/// for a position out of range). Costs one pass over the session's room; build a [`Timeline`]
/// to ask about many sessions.
#[must_use]
pub fn span(schedule: &Schedule, pos: usize) -> Option<Span> {
    let session = schedule.sessions().get(pos)?;
    let start = session.start?;
    if let Some(end) = session.end {
        return Some(Span {
            start,
            end,
            end_inferred: false,
        });
    }
    let next = members(schedule, session.room.as_deref())
        .iter()
        .filter_map(|&p| schedule.sessions()[p].start)
        .filter(|&s| s > start)
        .min();
    Some(Span {
        start,
        end: inferred_end(start, next),
        end_inferred: true,
    })
}

/// The session's end, published or inferred (see the module docs); `None` without a start.
#[must_use]
pub fn effective_end(schedule: &Schedule, pos: usize) -> Option<DateTime<FixedOffset>> {
    span(schedule, pos).map(|s| s.end)
}

/// The timed sessions of one room with their spans, by start (then position).
pub(super) fn room_spans(schedule: &Schedule, room: Option<&str>) -> Vec<(usize, Span)> {
    let mut timed: Vec<(DateTime<FixedOffset>, usize)> = members(schedule, room)
        .iter()
        .filter_map(|&p| schedule.sessions()[p].start.map(|s| (s, p)))
        .collect();
    timed.sort_unstable();
    let starts: Vec<DateTime<FixedOffset>> = timed.iter().map(|t| t.0).collect();
    timed
        .iter()
        .map(|&(start, pos)| {
            let span = match schedule.sessions()[pos].end {
                Some(end) => Span {
                    start,
                    end,
                    end_inferred: false,
                },
                None => {
                    let after = starts.partition_point(|&s| s <= start);
                    Span {
                        start,
                        end: inferred_end(start, starts.get(after).copied()),
                        end_inferred: true,
                    }
                }
            };
            (pos, span)
        })
        .collect()
}

/// Every session's [`Span`], computed once in O(n log n): for callers that ask about many
/// sessions (clashes, the grid, now and next).
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    spans: Vec<Option<Span>>,
}

impl Timeline {
    /// The spans of every session of `schedule`.
    #[must_use]
    pub fn new(schedule: &Schedule) -> Self {
        let mut spans = vec![None; schedule.sessions().len()];
        let rooms = schedule.index().rooms().keys().map(|r| Some(r.as_str()));
        for room in rooms.chain([None]) {
            for (pos, span) in room_spans(schedule, room) {
                spans[pos] = Some(span);
            }
        }
        Self { spans }
    }

    /// The span of the session at `pos`; `None` without a start.
    #[must_use]
    pub fn span(&self, pos: usize) -> Option<Span> {
        self.spans.get(pos).copied().flatten()
    }

    /// How many sessions are in progress at `now` (as [`super::now_next_on`] counts them).
    #[must_use]
    pub fn in_progress(&self, now: DateTime<FixedOffset>) -> usize {
        self.spans
            .iter()
            .filter(|s| s.is_some_and(|s| s.contains(now)))
            .count()
    }

    /// Every timed session with its span, in position order.
    pub fn timed(&self) -> impl Iterator<Item = (usize, Span)> + '_ {
        self.spans
            .iter()
            .enumerate()
            .filter_map(|(pos, s)| s.map(|s| (pos, s)))
    }
}
