//! Which talk `N` (a note on the talk happening now) writes on. It never picks a finished talk
//! silently: the order is
//!
//! 1. your starred talk in progress, when exactly one is;
//! 2. else the talk in progress in the selected session's room (the selected one itself when it
//!    is on; otherwise the one that started last);
//! 3. else, when exactly one talk is in progress anywhere, that one;
//! 4. else, when several are, the attendee chooses among them ([`QuickNote::Choose`]: starred
//!    first, then the most recently started);
//! 5. only when nothing is in progress: the talk that ended in the last [`NEAR_MINUTES`]
//!    minutes or starts in the next ones — the selected one if it is such a talk, else the only
//!    such talk (a starred one first); several alike are offered to choose from;
//! 6. else nothing: the caller says so (and `n` still writes on the selected session).

use chrono::{DateTime, Duration, FixedOffset};

use super::timeline::{Span, room_spans};
use super::{Timeline, starred_positions};
use crate::schedule::Schedule;
use crate::store::Store;

/// How close a talk that just ended or is about to start must be to count, when nothing is on.
pub const NEAR_MINUTES: i64 = 10;

/// Why a quick note goes to the session chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// It is the only starred session in progress.
    StarredInProgress,
    /// It is in progress in the room of the selected session.
    InProgressInRoom,
    /// It is the only session in progress.
    OnlyInProgress,
    /// The attendee chose it among the sessions in progress (or near now).
    Chosen,
    /// Nothing is on; it ended a few minutes ago.
    JustEnded,
    /// Nothing is on; it starts in a few minutes.
    StartsSoon,
}

/// Where a quick note goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuickNote {
    /// This session, for this reason.
    One(usize, Why),
    /// One of these, which the attendee chooses (in the order to offer them).
    Choose(Vec<usize>),
}

/// The talk a quick note written at `now` belongs to (see the module doc); `None` when nothing is
/// in progress or near.
#[must_use]
pub fn quick_note_target(
    schedule: &Schedule,
    store: &Store,
    now: DateTime<FixedOffset>,
    selected: Option<usize>,
) -> Option<QuickNote> {
    let timeline = Timeline::new(schedule);
    let starred: Vec<usize> = starred_positions(schedule, store).collect();
    let is_starred = |p: usize| starred.contains(&p);
    let on: Vec<(usize, Span)> = timeline.timed().filter(|(_, s)| s.contains(now)).collect();

    // 1. The one starred talk in progress.
    let mut starred_on = on.iter().filter(|(p, _)| is_starred(*p));
    if let (Some((only, _)), None) = (starred_on.next(), starred_on.next()) {
        return Some(QuickNote::One(*only, Why::StarredInProgress));
    }
    // 2. In progress in the selected session's room.
    let selected = selected.filter(|&pos| pos < schedule.sessions().len());
    if let Some(sel) = selected
        && let Some(room) = schedule.sessions()[sel].room.as_deref()
    {
        let in_room: Vec<(usize, Span)> = room_spans(schedule, Some(room))
            .into_iter()
            .filter(|(_, s)| s.contains(now))
            .collect();
        let pick = in_room.iter().find(|(pos, _)| *pos == sel).or_else(|| {
            in_room
                .iter()
                .max_by(|a, b| a.1.start.cmp(&b.1.start).then(b.0.cmp(&a.0)))
        });
        if let Some((pos, _)) = pick {
            return Some(QuickNote::One(*pos, Why::InProgressInRoom));
        }
    }
    // 3 and 4. The only talk in progress, or a choice among them.
    match on.as_slice() {
        [(only, _)] => return Some(QuickNote::One(*only, Why::OnlyInProgress)),
        [] => {}
        many => {
            let mut offer: Vec<(usize, Span)> = many.to_vec();
            offer.sort_by(|a, b| {
                is_starred(b.0)
                    .cmp(&is_starred(a.0))
                    .then(b.1.start.cmp(&a.1.start))
                    .then(a.0.cmp(&b.0))
            });
            return Some(QuickNote::Choose(
                offer.into_iter().map(|(p, _)| p).collect(),
            ));
        }
    }
    // 5. Nothing is on: a talk that just ended or is about to start.
    let near = Duration::minutes(NEAR_MINUTES);
    let why = |s: &Span| {
        if s.end <= now && now - s.end <= near {
            Some(Why::JustEnded)
        } else if s.start > now && s.start - now <= near {
            Some(Why::StartsSoon)
        } else {
            None
        }
    };
    let mut close: Vec<(usize, Span, Why)> = timeline
        .timed()
        .filter_map(|(p, s)| why(&s).map(|w| (p, s, w)))
        .collect();
    if let Some(sel) = selected
        && let Some((p, _, w)) = close.iter().find(|(p, _, _)| *p == sel)
    {
        return Some(QuickNote::One(*p, *w));
    }
    if close.iter().any(|(p, _, _)| is_starred(*p)) {
        close.retain(|(p, _, _)| is_starred(*p));
    }
    // Nearest to now first.
    let distance = |s: &Span| {
        if s.end <= now {
            now - s.end
        } else {
            s.start - now
        }
    };
    close.sort_by(|a, b| distance(&a.1).cmp(&distance(&b.1)).then(a.0.cmp(&b.0)));
    match close.as_slice() {
        [] => None,
        [(only, _, w)] => Some(QuickNote::One(*only, *w)),
        many => Some(QuickNote::Choose(many.iter().map(|(p, _, _)| *p).collect())),
    }
}
