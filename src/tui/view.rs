//! What the panes list, derived from the schedule, the store and the user's choices: the day
//! tabs, the Tracks pane's entries and the Timeslots pane's rows. Computed when a choice or the
//! store changes, never per frame.

use chrono::NaiveDate;

use crate::schedule::{Schedule, Session, speakers};
use crate::store::Store;
use crate::timefmt::{self, Zone};

/// Notes longer than this (in bytes) are shown folded in the Session pane, their first
/// [`FOLD_AT`] bytes and their size, and are edited with `E` (in `$EDITOR`) rather than on the
/// one-line note input: a pasted megabyte must not be wrapped on every frame.
pub const FOLD_AT: usize = 1_000;

/// Summaries longer than this (in bytes) are shown folded too (`hallway show` prints them).
pub const FOLD_SUMMARY_AT: usize = 20_000;

/// The first `limit` bytes of `text` (cut back to a character boundary), or `None` when it
/// is not longer than that.
pub fn fold(text: &str, limit: usize) -> Option<&str> {
    if text.len() <= limit {
        return None;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(&text[..end])
}

/// A day tab in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayTab {
    /// Every session.
    All,
    /// One conference day.
    On(NaiveDate),
    /// Sessions with no published day.
    Undated,
}

impl DayTab {
    /// The tabs of a program: All days, each day with sessions, and No date when some lack one.
    pub fn tabs(schedule: &Schedule) -> Vec<DayTab> {
        let mut tabs = vec![DayTab::All];
        tabs.extend(schedule.index().days().keys().map(|d| DayTab::On(*d)));
        if !schedule.index().undated().is_empty() {
            tabs.push(DayTab::Undated);
        }
        tabs
    }

    /// `All days`, `Wed 18 Sep`, `No date`.
    pub fn label(&self) -> String {
        match self {
            DayTab::All => "All days".to_owned(),
            DayTab::On(d) => timefmt::day_short(*d),
            DayTab::Undated => "No date".to_owned(),
        }
    }

    /// Whether a session belongs under this tab.
    pub fn contains(&self, s: &Session) -> bool {
        self.holds(s.day)
    }

    /// Whether a session on `day` (`None`: undated) belongs under this tab.
    pub fn holds(&self, day: Option<NaiveDate>) -> bool {
        match self {
            DayTab::All => true,
            DayTab::On(d) => day == Some(*d),
            DayTab::Undated => day.is_none(),
        }
    }

    /// How many sessions the tab holds.
    pub fn count(&self, schedule: &Schedule) -> usize {
        let ix = schedule.index();
        match self {
            DayTab::All => schedule.sessions().len(),
            DayTab::On(d) => ix.days().get(d).map_or(0, Vec::len),
            DayTab::Undated => ix.undated().len(),
        }
    }
}

/// What the Tracks pane filters by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrackFilter {
    All,
    /// What is on now and next (rows built from the clock, not by [`rows`]).
    NowNext,
    /// The starred sessions as a timeline with clashes and gaps.
    Starred,
    Track(String),
    Kind(String),
    /// One room's sessions.
    Room(String),
    /// One speaker's sessions, by name as listed (matched ignoring case and spacing).
    Speaker(String),
}

/// What the Tracks pane lists, switched with `b`: tracks and kinds, rooms, or speakers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Section {
    #[default]
    Tracks,
    Rooms,
    Speakers,
}

impl Section {
    /// The sections in the order `b` cycles through them.
    pub const ALL: [Section; 3] = [Section::Tracks, Section::Rooms, Section::Speakers];

    /// The section's name in the pane's tab row.
    pub fn label(self) -> &'static str {
        match self {
            Section::Tracks => "Tracks",
            Section::Rooms => "Rooms",
            Section::Speakers => "Speakers",
        }
    }

    /// The next section, wrapping around.
    #[must_use]
    pub fn next(self) -> Section {
        match self {
            Section::Tracks => Section::Rooms,
            Section::Rooms => Section::Speakers,
            Section::Speakers => Section::Tracks,
        }
    }

    /// Where the section sits in [`Section::ALL`].
    pub fn index(self) -> usize {
        match self {
            Section::Tracks => 0,
            Section::Rooms => 1,
            Section::Speakers => 2,
        }
    }
}

impl TrackFilter {
    /// Whether a session passes the filter.
    pub fn contains(&self, s: &Session, starred: bool) -> bool {
        match self {
            TrackFilter::All => true,
            TrackFilter::NowNext => false,
            TrackFilter::Starred => starred,
            TrackFilter::Track(t) => s.track.as_ref() == Some(t),
            TrackFilter::Kind(k) => s.kind.as_ref() == Some(k),
            TrackFilter::Room(r) => s.room.as_ref() == Some(r),
            TrackFilter::Speaker(name) => {
                let want = speakers::key(name);
                s.speakers.iter().any(|sp| speakers::key(&sp.name) == want)
            }
        }
    }

    /// The entry's label in the Tracks pane.
    pub fn label(&self) -> String {
        match self {
            TrackFilter::All => "All".to_owned(),
            TrackFilter::NowNext => "◷ Now & Next".to_owned(),
            TrackFilter::Starred => "★ Starred".to_owned(),
            TrackFilter::Track(t) | TrackFilter::Room(t) | TrackFilter::Speaker(t) => t.clone(),
            TrackFilter::Kind(k) => k.clone(),
        }
    }
}

/// One entry of the Tracks pane with its session count under the current day tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackEntry {
    pub filter: TrackFilter,
    pub count: usize,
    /// Said after the label, dimmed: a speaker's affiliation.
    pub note: Option<String>,
}

/// The Tracks pane's entries: All, Now & Next (with `on_now` sessions in progress), Starred,
/// each track (mini-summit), each kind.
pub fn track_entries(
    schedule: &Schedule,
    store: &Store,
    day: &DayTab,
    on_now: usize,
) -> Vec<TrackEntry> {
    let conf = &schedule.conference.id;
    let ix = schedule.index();
    let in_day = |positions: &[usize]| match day {
        DayTab::All => positions.len(),
        _ => positions
            .iter()
            .filter(|&&i| day.holds(ix.day_of(i)))
            .count(),
    };
    // From the stars (a few) rather than from every session.
    let starred = store
        .stars(conf)
        .filter_map(|id| ix.position(id))
        .filter(|&i| day.holds(ix.day_of(i)))
        .count();
    let mut out = vec![
        TrackEntry {
            filter: TrackFilter::All,
            count: day.count(schedule),
            note: None,
        },
        TrackEntry {
            filter: TrackFilter::NowNext,
            count: on_now,
            note: None,
        },
        TrackEntry {
            filter: TrackFilter::Starred,
            count: starred,
            note: None,
        },
    ];
    out.extend(ix.tracks().iter().map(|(t, v)| TrackEntry {
        filter: TrackFilter::Track(t.clone()),
        count: in_day(v),
        note: None,
    }));
    out.extend(ix.kinds().iter().map(|(k, v)| TrackEntry {
        filter: TrackFilter::Kind(k.clone()),
        count: in_day(v),
        note: None,
    }));
    out
}

/// How many of `positions` fall under the day tab.
fn count_in(schedule: &Schedule, day: &DayTab, positions: &[usize]) -> usize {
    match day {
        DayTab::All => positions.len(),
        _ => positions
            .iter()
            .filter(|&&i| day.holds(schedule.index().day_of(i)))
            .count(),
    }
}

/// The Rooms section's entries: each room, alphabetically, with its sessions under the day.
pub fn room_entries(schedule: &Schedule, day: &DayTab) -> Vec<TrackEntry> {
    schedule
        .index()
        .rooms()
        .iter()
        .map(|(r, v)| TrackEntry {
            filter: TrackFilter::Room(r.clone()),
            count: count_in(schedule, day, v),
            note: None,
        })
        .collect()
}

/// The Speakers section's entries: each speaker by name (from the index built with the
/// program), their affiliation and their sessions under the day.
pub fn speaker_entries(schedule: &Schedule, day: &DayTab) -> Vec<TrackEntry> {
    schedule
        .speakers()
        .iter()
        .map(|sp| TrackEntry {
            filter: TrackFilter::Speaker(sp.name.clone()),
            count: count_in(schedule, day, &sp.sessions),
            note: sp.affiliation.clone(),
        })
        .collect()
}

/// The entries of the Tracks pane's current section (`on_now`: sessions in progress).
pub fn section_entries(
    section: Section,
    schedule: &Schedule,
    store: &Store,
    day: &DayTab,
    on_now: usize,
) -> Vec<TrackEntry> {
    match section {
        Section::Tracks => track_entries(schedule, store, day, on_now),
        Section::Rooms => room_entries(schedule, day),
        Section::Speakers => speaker_entries(schedule, day),
    }
}

/// A row of the Timeslots pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A timeslot or group heading: `14:55` (the start its rows share), `Wed 18 Sep · time not
    /// published`.
    Heading(String),
    /// A session, by position in the schedule.
    Session(usize),
    /// The now line: where the current time falls among timed rows (drawn with the clock).
    Now,
}

/// The Timeslots pane's rows: timed sessions under their slot's heading (with the day when
/// several days show), then day-only sessions per day, then sessions with no date at all.
pub fn rows(
    schedule: &Schedule,
    store: &Store,
    day: &DayTab,
    filter: &TrackFilter,
    zone: &Zone,
) -> Vec<Row> {
    let conf = &schedule.conference;
    let sessions = schedule.sessions();
    let keep = |i: usize| {
        if !day.holds(schedule.index().day_of(i)) {
            return false;
        }
        let s = &sessions[i];
        // Whether it is starred matters only to the Starred filter.
        let starred = *filter == TrackFilter::Starred && store.is_starred(&conf.id, &s.id);
        *filter == TrackFilter::All || filter.contains(s, starred)
    };
    let mut out = Vec::new();
    let slots = schedule.index().slots();
    // The timeslots to look through: all of them for All days, else only the day's.
    let day_slots: Vec<usize> = match day {
        DayTab::All => (0..slots.len()).collect(),
        DayTab::On(d) => {
            let mut found: Vec<usize> = schedule
                .index()
                .days()
                .get(d)
                .into_iter()
                .flatten()
                .filter_map(|&i| sessions[i].start)
                .filter_map(|start| slots.binary_search_by(|s| s.start.cmp(&start)).ok())
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        }
        DayTab::Undated => Vec::new(),
    };
    for slot in day_slots.into_iter().map(|k| &slots[k]) {
        let members: Vec<usize> = slot.sessions.iter().copied().filter(|&i| keep(i)).collect();
        if members.is_empty() {
            continue;
        }
        let start = zone.at(slot.start);
        // Only the start is true of every row under the heading: each row shows its own end.
        let time = timefmt::clock(start);
        // Under a day tab, the slots after midnight name their own date (`Sat 28 Dec 00:50`
        // under Fri 27 Dec).
        let label = match day {
            DayTab::On(d) => timefmt::on_day(zone, slot.start, *d, &time),
            _ => format!("{} {time}", timefmt::day_short(start.date_naive())),
        };
        out.push(Row::Heading(label));
        out.extend(members.into_iter().map(Row::Session));
    }
    let mut current: Option<Option<NaiveDate>> = None;
    for &i in schedule.index().unscheduled() {
        if !keep(i) {
            continue;
        }
        let d = sessions[i].day;
        if current != Some(d) {
            out.push(Row::Heading(match d {
                Some(d) => format!("{} · time not published", timefmt::day_short(d)),
                None => "Date and time not published".to_owned(),
            }));
            current = Some(d);
        }
        out.push(Row::Session(i));
    }
    out
}
