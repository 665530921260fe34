//! The attendee's own plan: starred sessions per day in time order, with the free gaps between
//! them and the starred sessions they clash with.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::{Span, Timeline, starred_positions};
use crate::schedule::Schedule;
use crate::store::Store;

/// One line of a day of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaItem {
    /// A starred timed session, with the positions of the starred sessions overlapping it (by
    /// start; empty when it clashes with nothing).
    Session {
        position: usize,
        clashes: Vec<usize>,
    },
    /// Free time between the end of everything starred so far that day and the next starred
    /// start; at least one minute long.
    Gap {
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    },
    /// A starred session with a day but no published time (after the day's timed ones).
    Untimed { position: usize },
}

/// One conference day of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaDay {
    pub day: NaiveDate,
    /// Timed sessions by start, with gaps between them, then the day's untimed sessions.
    pub items: Vec<AgendaItem>,
}

/// The attendee's starred sessions, arranged as a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Agenda {
    /// Days with something starred, in order.
    pub days: Vec<AgendaDay>,
    /// Starred sessions with neither a day nor a time, in program order.
    pub undated: Vec<usize>,
    /// Starred ids the schedule does not know ("no longer in the program"), sorted.
    pub missing: Vec<String>,
}

/// The starred sessions of the schedule's conference per day. A timed session belongs to its
/// conference day (`day`, which may be the day before its start's date for talks after
/// midnight).
#[must_use]
pub fn agenda(schedule: &Schedule, store: &Store) -> Agenda {
    let timeline = Timeline::new(schedule);
    let starred: Vec<usize> = starred_positions(schedule, store).collect();
    let mut clashes = clashes_among(&timeline, &starred);
    let offset = schedule.conference.utc_offset;
    let mut timed: BTreeMap<NaiveDate, Vec<(usize, Span)>> = BTreeMap::new();
    let mut untimed: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    let mut undated = Vec::new();
    for &pos in &starred {
        let session = &schedule.sessions()[pos];
        match (timeline.span(pos), session.day) {
            (Some(span), day) => {
                let day = day.unwrap_or_else(|| span.start.with_timezone(&offset).date_naive());
                timed.entry(day).or_default().push((pos, span));
            }
            (None, Some(day)) => untimed.entry(day).or_default().push(pos),
            (None, None) => undated.push(pos),
        }
    }
    let mut days: BTreeMap<NaiveDate, Vec<AgendaItem>> = BTreeMap::new();
    for (day, mut list) in timed {
        list.sort_by_key(|&(pos, s)| (s.start, s.end, pos));
        let items = days.entry(day).or_default();
        let mut covered: Option<DateTime<FixedOffset>> = None;
        for (pos, span) in list {
            if let Some(from) = covered
                && span.start - from >= Duration::minutes(1)
            {
                items.push(AgendaItem::Gap {
                    from,
                    to: span.start,
                });
            }
            covered = Some(covered.map_or(span.end, |c| c.max(span.end)));
            items.push(AgendaItem::Session {
                position: pos,
                clashes: clashes.remove(&pos).unwrap_or_default(),
            });
        }
    }
    for (day, mut list) in untimed {
        list.sort_unstable();
        let items = days.entry(day).or_default();
        items.extend(
            list.into_iter()
                .map(|position| AgendaItem::Untimed { position }),
        );
    }
    undated.sort_unstable();
    let conf = &schedule.conference.id;
    let missing = store
        .stars(conf)
        .filter(|id| schedule.index().position(id).is_none())
        .map(str::to_owned)
        .collect();
    Agenda {
        days: days
            .into_iter()
            .map(|(day, items)| AgendaDay { day, items })
            .collect(),
        undated,
        missing,
    }
}

/// For every starred timed session that overlaps another starred one, the others it overlaps
/// (by start). Intervals are half-open with inferred ends where none is published, so a talk
/// ending at 10:00 does not clash with one starting at 10:00. Sessions without clashes have no
/// entry. O(n log n) to infer ends, then O(s log s + clashes) for s stars.
#[must_use]
pub fn clashes(schedule: &Schedule, store: &Store) -> HashMap<usize, Vec<usize>> {
    // The timeline is only worth building when two sessions are starred.
    if starred_positions(schedule, store).nth(1).is_none() {
        return HashMap::new();
    }
    clashes_on(&Timeline::new(schedule), schedule, store)
}

/// [`clashes`] with the program's timeline already built (as the app keeps it).
#[must_use]
pub fn clashes_on(
    timeline: &Timeline,
    schedule: &Schedule,
    store: &Store,
) -> HashMap<usize, Vec<usize>> {
    let starred: Vec<usize> = starred_positions(schedule, store).collect();
    if starred.len() < 2 {
        return HashMap::new();
    }
    clashes_among(timeline, &starred)
}

fn clashes_among(timeline: &Timeline, positions: &[usize]) -> HashMap<usize, Vec<usize>> {
    let mut spans: Vec<(usize, Span)> = positions
        .iter()
        .filter_map(|&pos| timeline.span(pos).map(|s| (pos, s)))
        .collect();
    spans.sort_by_key(|&(pos, s)| (s.start, pos));
    let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &(a, span_a)) in spans.iter().enumerate() {
        // Sorted by start, so every later session starting before this one ends overlaps it
        // (spans are never empty); the first that starts at or after its end stops the scan.
        for &(b, _) in spans[i + 1..]
            .iter()
            .take_while(|(_, span_b)| span_b.start < span_a.end)
        {
            out.entry(a).or_default().push(b);
            out.entry(b).or_default().push(a);
        }
    }
    // Each list was filled in start order: earlier sessions while they were scanned, later
    // ones when this session's own scan ran.
    out
}
