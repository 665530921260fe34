//! Indices over a program's sessions, built once at load so browsing never re-sorts.
//! Every index keeps the sessions that lack the indexed fact in a group of their own.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::Session;

/// Sessions that start at the same moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub start: DateTime<FixedOffset>,
    /// The latest end among the slot's sessions, when any is known.
    pub end: Option<DateTime<FixedOffset>>,
    /// Positions into the schedule's sessions.
    pub sessions: Vec<usize>,
}

/// [`Index::room_rank`] of a session without a room: after every named room.
pub const NO_ROOM: u32 = u32::MAX;

/// Positions of sessions grouped by day, track, kind, room and timeslot.
#[derive(Debug, Clone, Default)]
pub struct Index {
    by_id: HashMap<String, usize>,
    /// Each session's day, by position: compact, for counting and filtering without touching
    /// the sessions themselves.
    day_of: Vec<Option<NaiveDate>>,
    /// Each session's room as its rank in [`Index::room_order`], [`NO_ROOM`] for none.
    room_of: Vec<u32>,
    /// The rooms having sessions, in the program's own order (see [`Index::build`]).
    room_order: Vec<String>,
    by_day: BTreeMap<NaiveDate, Vec<usize>>,
    undated: Vec<usize>,
    by_track: BTreeMap<String, Vec<usize>>,
    untracked: Vec<usize>,
    by_kind: BTreeMap<String, Vec<usize>>,
    /// Speakers by name, with their sessions.
    by_room: BTreeMap<String, Vec<usize>>,
    roomless: Vec<usize>,
    slots: Vec<Slot>,
    unscheduled: Vec<usize>,
}

fn push(
    map: &mut BTreeMap<String, Vec<usize>>,
    key: Option<&String>,
    rest: &mut Vec<usize>,
    i: usize,
) {
    match key {
        Some(k) => add(map, k, i),
        None => rest.push(i),
    }
}

/// Adds `i` to `key`'s group, copying the key only when it is new (the rare case).
fn add(map: &mut BTreeMap<String, Vec<usize>>, key: &str, i: usize) {
    match map.get_mut(key) {
        Some(v) => v.push(i),
        None => {
            map.insert(key.to_owned(), vec![i]);
        }
    }
}

impl Index {
    /// Builds every index; `sessions` is expected in program order. `room_order` is the order
    /// the source lists its rooms in: rooms ranks follow it, names without sessions are
    /// skipped, and rooms it leaves out come after, in order of first appearance.
    pub fn build(sessions: &[Session], room_order: &[String]) -> Self {
        let mut ix = Index::default();
        let mut slots: BTreeMap<DateTime<FixedOffset>, Slot> = BTreeMap::new();
        for (i, s) in sessions.iter().enumerate() {
            ix.by_id.insert(s.id.clone(), i);
            ix.day_of.push(s.day);
            match s.day {
                Some(d) => ix.by_day.entry(d).or_default().push(i),
                None => ix.undated.push(i),
            }
            push(&mut ix.by_track, s.track.as_ref(), &mut ix.untracked, i);
            if let Some(kind) = &s.kind {
                add(&mut ix.by_kind, kind, i);
            }
            push(&mut ix.by_room, s.room.as_ref(), &mut ix.roomless, i);
            match s.start {
                Some(start) => {
                    let slot = slots.entry(start).or_insert_with(|| Slot {
                        start,
                        end: None,
                        sessions: Vec::new(),
                    });
                    slot.end = slot.end.max(s.end);
                    slot.sessions.push(i);
                }
                None => ix.unscheduled.push(i),
            }
        }
        ix.slots = slots.into_values().collect();
        ix.room_of = vec![NO_ROOM; sessions.len()];
        // The rooms listed, then the others by their first session (each room's members are
        // in program order), without looking at every session again.
        let mut seen = std::collections::HashSet::new();
        let mut order: Vec<String> = room_order
            .iter()
            .filter(|room| ix.by_room.contains_key(*room) && seen.insert(room.as_str()))
            .cloned()
            .collect();
        let mut others: Vec<(usize, &String)> = ix
            .by_room
            .iter()
            .filter(|(room, _)| !seen.contains(room.as_str()))
            .filter_map(|(room, members)| Some((*members.first()?, room)))
            .collect();
        others.sort_unstable();
        order.extend(others.into_iter().map(|(_, room)| room.clone()));
        for (rank, room) in order.iter().enumerate() {
            let rank = u32::try_from(rank).unwrap_or(NO_ROOM);
            for &i in ix.by_room.get(room).map_or(&[][..], Vec::as_slice) {
                ix.room_of[i] = rank;
            }
        }
        ix.room_order = order;
        ix
    }

    /// The room of the session at `position` as its rank in [`Index::room_order`] (so rooms can
    /// be told apart, and ordered as the program lists them, without comparing names);
    /// [`NO_ROOM`] for none.
    #[must_use]
    pub fn room_rank(&self, position: usize) -> u32 {
        self.room_of.get(position).copied().unwrap_or(NO_ROOM)
    }

    /// Position of the session with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The day of the session at `position` (`None` for an undated one, or past the end).
    #[must_use]
    pub fn day_of(&self, position: usize) -> Option<NaiveDate> {
        self.day_of.get(position).copied().flatten()
    }

    /// Conference days that have sessions, in order, with their sessions.
    pub fn days(&self) -> &BTreeMap<NaiveDate, Vec<usize>> {
        &self.by_day
    }

    /// Sessions with neither a time nor a day.
    pub fn undated(&self) -> &[usize] {
        &self.undated
    }

    /// Tracks (and mini-summits), alphabetically, with their sessions.
    pub fn tracks(&self) -> &BTreeMap<String, Vec<usize>> {
        &self.by_track
    }

    /// Sessions in no track.
    pub fn untracked(&self) -> &[usize] {
        &self.untracked
    }

    /// Kinds of session (Keynote, Panel...) with their sessions.
    pub fn kinds(&self) -> &BTreeMap<String, Vec<usize>> {
        &self.by_kind
    }

    /// Rooms, alphabetically, with their sessions.
    pub fn rooms(&self) -> &BTreeMap<String, Vec<usize>> {
        &self.by_room
    }

    /// The rooms having sessions in the program's own order: as the source file lists them.
    pub fn room_order(&self) -> &[String] {
        &self.room_order
    }

    /// Sessions with no published room.
    pub fn roomless(&self) -> &[usize] {
        &self.roomless
    }

    /// Timeslots in time order: sessions that start at the same moment.
    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// Sessions with no published start time (day-only and undated ones), in program order.
    pub fn unscheduled(&self) -> &[usize] {
        &self.unscheduled
    }
}
