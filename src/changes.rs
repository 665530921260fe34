//! What changed between two versions of a conference's program, compared by session id: added,
//! removed (cancelled) and changed sessions — time, room, title, speakers, each from → to.
//!
//! The library computes a [`Changes`] whenever a saved conference is replaced (a refresh, or a
//! re-import of a file) and keeps the last non-empty one beside the copy, so the CLI can print
//! it at once and the TUI can show it later. [`Changes::affecting`] narrows it to the sessions
//! the attendee starred or wrote notes on; [`report`] words it, one line per change. Stars and
//! notes are never touched: the store keeps them for sessions that left the program.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::schedule::{Conference, Schedule, Session};
use crate::store::Store;
use crate::timefmt::{self, Zone};

/// What the attendee needs of one version of a session to see what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: String,
    pub title: String,
    pub start: Option<DateTime<FixedOffset>>,
    pub end: Option<DateTime<FixedOffset>>,
    pub day: Option<NaiveDate>,
    pub room: Option<String>,
    /// Speaker names, in the program's order.
    pub speakers: Vec<String>,
}

impl Snapshot {
    /// The parts of `session` a change report looks at.
    pub fn of(session: &Session) -> Self {
        Self {
            id: session.id.clone(),
            title: session.title.clone(),
            start: session.start,
            end: session.end,
            day: session.day,
            room: session.room.clone(),
            speakers: session.speakers.iter().map(|s| s.name.clone()).collect(),
        }
    }

    fn speaker_set(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.speakers.iter().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

/// One aspect of a session that can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Start, end or day.
    Time,
    Room,
    Title,
    /// The set of speaker names (their order does not count).
    Speakers,
}

/// A session in both versions, with at least one [`Field`] different.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    pub before: Snapshot,
    pub after: Snapshot,
}

impl Changed {
    /// The session's id (the same in both versions).
    pub fn id(&self) -> &str {
        &self.after.id
    }

    /// What differs, in the order time, room, title, speakers.
    pub fn fields(&self) -> Vec<Field> {
        let (a, b) = (&self.before, &self.after);
        let mut fields = Vec::new();
        // DateTime equality compares instants: the same time written with another offset is
        // not a move.
        if a.start != b.start || a.end != b.end || a.day != b.day {
            fields.push(Field::Time);
        }
        if a.room != b.room {
            fields.push(Field::Room);
        }
        if a.title != b.title {
            fields.push(Field::Title);
        }
        if a.speaker_set() != b.speaker_set() {
            fields.push(Field::Speakers);
        }
        fields
    }

    /// The time or the room changed.
    pub fn moved(&self) -> bool {
        self.fields()
            .iter()
            .any(|f| matches!(f, Field::Time | Field::Room))
    }
}

/// The differences between two versions of a program.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Sessions only in the new version, in its program order.
    pub added: Vec<Snapshot>,
    /// Sessions only in the old version (cancelled, or given a new id), in its program order.
    pub removed: Vec<Snapshot>,
    /// Sessions in both whose time, room, title or speakers differ, in the old program order.
    pub changed: Vec<Changed>,
}

impl Changes {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// How many sessions changed in any way.
    pub fn len(&self) -> usize {
        self.added.len() + self.removed.len() + self.changed.len()
    }

    /// The subset about sessions the attendee starred or wrote notes on in `conference`.
    #[must_use]
    pub fn affecting(&self, store: &Store, conference: &str) -> Changes {
        let mine = |id: &str| is_mine(store, conference, id);
        Changes {
            added: self.added.iter().filter(|s| mine(&s.id)).cloned().collect(),
            removed: self
                .removed
                .iter()
                .filter(|s| mine(&s.id))
                .cloned()
                .collect(),
            changed: self
                .changed
                .iter()
                .filter(|c| mine(c.id()))
                .cloned()
                .collect(),
        }
    }
}

fn is_mine(store: &Store, conference: &str, id: &str) -> bool {
    store.is_starred(conference, id) || !store.notes(conference, id).is_empty()
}

/// Compares two versions of a program by session id.
pub fn diff(old: &Schedule, new: &Schedule) -> Changes {
    let mut changes = Changes::default();
    for before in old.sessions() {
        match new.get(&before.id) {
            None => changes.removed.push(Snapshot::of(before)),
            Some(after) => {
                let changed = Changed {
                    before: Snapshot::of(before),
                    after: Snapshot::of(after),
                };
                if !changed.fields().is_empty() {
                    changes.changed.push(changed);
                }
            }
        }
    }
    changes.added = new
        .sessions()
        .iter()
        .filter(|s| old.get(&s.id).is_none())
        .map(Snapshot::of)
        .collect();
    changes
}

/// One line of a change report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    /// The session the line is about (none for the count of added sessions).
    pub session: Option<String>,
    /// `moved: <title>: Tue 27 Dec 11:00 Saal 1 → 14:00 Saal 2 ★`,
    /// `retitled: <old> → <new>`, `speakers: <title>: A, B → A, C`,
    /// `cancelled: <title> (★, 2 notes — kept)`, `added: 3 sessions`.
    pub text: String,
    /// About a session the attendee starred or wrote notes on.
    pub mine: bool,
}

/// The changes in words, the attendee's sessions first (★ starred, ✎ with notes), times in the
/// conference's zone. Added sessions the attendee has no stars or notes on are one line with
/// their count, last.
pub fn report(changes: &Changes, conference: &Conference, store: &Store) -> Vec<ReportLine> {
    let zone = Zone::of(conference);
    let conf = conference.id.as_str();
    let marks = |id: &str| {
        let star = if store.is_starred(conf, id) {
            "★"
        } else {
            ""
        };
        let note = if store.notes(conf, id).is_empty() {
            ""
        } else {
            "✎"
        };
        let both = format!("{star}{note}");
        if both.is_empty() {
            both
        } else {
            format!(" {both}")
        }
    };
    let mut lines = Vec::new();
    for c in &changes.changed {
        let id = c.id();
        let mut push = |text: String| {
            lines.push(ReportLine {
                session: Some(id.to_owned()),
                text: format!("{text}{}", marks(id)),
                mine: is_mine(store, conf, id),
            });
        };
        let (a, b) = (&c.before, &c.after);
        let fields = c.fields();
        if c.moved() {
            let with_end = a.start == b.start && a.day == b.day && a.end != b.end;
            let from = place(&zone, a, None, with_end);
            let to = place(&zone, b, Some(a), with_end);
            push(format!("moved: {}: {from} → {to}", b.title));
        }
        if fields.contains(&Field::Title) {
            push(format!("retitled: {} → {}", a.title, b.title));
        }
        if fields.contains(&Field::Speakers) {
            push(format!(
                "speakers: {}: {} → {}",
                b.title,
                names(&a.speakers),
                names(&b.speakers)
            ));
        }
    }
    for s in &changes.removed {
        let starred = store.is_starred(conf, &s.id);
        let notes = store.notes(conf, &s.id).len();
        let mut kept = Vec::new();
        if starred {
            kept.push("★".to_owned());
        }
        if notes > 0 {
            kept.push(format!("{notes} note{}", if notes == 1 { "" } else { "s" }));
        }
        let text = if kept.is_empty() {
            format!("cancelled: {}", s.title)
        } else {
            format!("cancelled: {} ({} — kept)", s.title, kept.join(", "))
        };
        lines.push(ReportLine {
            session: Some(s.id.clone()),
            text,
            mine: !kept.is_empty(),
        });
    }
    let mut others = 0;
    for s in &changes.added {
        if is_mine(store, conf, &s.id) {
            lines.push(ReportLine {
                session: Some(s.id.clone()),
                text: format!("back in the program: {}{}", s.title, marks(&s.id)),
                mine: true,
            });
        } else {
            others += 1;
        }
    }
    // Stable: the attendee's lines first, each group in the order above.
    lines.sort_by_key(|l| !l.mine);
    if others > 0 {
        lines.push(ReportLine {
            session: None,
            text: format!(
                "added: {others} session{}",
                if others == 1 { "" } else { "s" }
            ),
            mine: false,
        });
    }
    lines
}

/// `Tue 27 Dec 11:00 Saal 1`; the day left out when `from` is on the same day, the end shown
/// when only the end changed.
fn place(zone: &Zone, s: &Snapshot, from: Option<&Snapshot>, with_end: bool) -> String {
    let day_of = |s: &Snapshot| s.start.map(|t| zone.at(t).date_naive()).or(s.day);
    let mut parts = Vec::new();
    let day = day_of(s);
    if day != from.and_then(day_of) || from.is_none() {
        parts.push(day.map_or_else(|| "date not published".to_owned(), timefmt::day_short));
    }
    match s.start {
        Some(start) => {
            let end = s.end.filter(|_| with_end).map(|e| zone.at(e));
            parts.push(timefmt::time_range(zone.at(start), end));
        }
        None if day.is_some() => parts.push("time not published".to_owned()),
        None => {}
    }
    parts.push(s.room.clone().unwrap_or_else(|| "no room".to_owned()));
    parts.join(" ")
}

fn names(speakers: &[String]) -> String {
    if speakers.is_empty() {
        "nobody listed".to_owned()
    } else {
        speakers.join(", ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;
    use crate::schedule::Speaker;
    use crate::store::Change;

    fn t(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn session(id: &str, title: &str, start: &str, room: &str, speakers: &[&str]) -> Session {
        let start = t(start);
        Session {
            id: id.to_owned(),
            title: title.to_owned(),
            kind: None,
            track: None,
            start: Some(start),
            end: Some(start + chrono::Duration::minutes(30)),
            day: Some(start.date_naive()),
            room: Some(room.to_owned()),
            speakers: speakers
                .iter()
                .map(|n| Speaker {
                    name: (*n).to_owned(),
                    affiliation: None,
                    role: None,
                })
                .collect(),
            summary: None,
            summary_verbatim: false,
            links: Vec::new(),
            sources: Vec::new(),
        }
    }

    fn schedule(sessions: Vec<Session>) -> Schedule {
        let conference = Conference {
            id: "congress".to_owned(),
            name: "Congress".to_owned(),
            start_date: NaiveDate::from_ymd_opt(2016, 12, 27).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2016, 12, 30).unwrap(),
            time_zone: Some("Europe/Berlin".to_owned()),
            utc_offset: FixedOffset::east_opt(3600).unwrap(),
            venue: None,
            city: None,
            url: None,
        };
        Schedule::new(conference, sessions)
    }

    fn old() -> Schedule {
        schedule(vec![
            session(
                "a",
                "Opening",
                "2016-12-27T11:00:00+01:00",
                "Saal 1",
                &["anna"],
            ),
            session(
                "b",
                "Grid",
                "2016-12-27T11:30:00+01:00",
                "Saal 1",
                &["x", "y"],
            ),
            session("c", "Outernet", "2016-12-27T11:30:00+01:00", "Saal 2", &[]),
            session("d", "Same", "2016-12-27T12:00:00+01:00", "Saal G", &["z"]),
        ])
    }

    fn new() -> Schedule {
        schedule(vec![
            // Moved to another hour and room.
            session(
                "a",
                "Opening",
                "2016-12-27T14:00:00+01:00",
                "Saal 2",
                &["anna"],
            ),
            // Retitled, speakers reordered (not a change) and one added.
            session(
                "b",
                "The Grid",
                "2016-12-27T11:30:00+01:00",
                "Saal 1",
                &["y", "x", "w"],
            ),
            // The same instant written in UTC: not moved.
            session("d", "Same", "2016-12-27T11:00:00Z", "Saal G", &["z"]),
            session("e", "Newcomer", "2016-12-28T11:00:00+01:00", "Saal 6", &[]),
        ])
    }

    #[test]
    fn diff_by_id_finds_added_removed_and_changed_fields() {
        let changes = diff(&old(), &new());
        let ids = |v: &[Snapshot]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&changes.added), ["e"]);
        assert_eq!(ids(&changes.removed), ["c"]);
        let changed: Vec<(&str, Vec<Field>)> = changes
            .changed
            .iter()
            .map(|c| (c.id(), c.fields()))
            .collect();
        assert_eq!(
            changed,
            [
                ("a", vec![Field::Time, Field::Room]),
                ("b", vec![Field::Title, Field::Speakers]),
            ]
        );
        assert_eq!(changes.len(), 4);
        assert!(diff(&old(), &old()).is_empty());
    }

    #[test]
    fn changes_survive_a_round_trip_through_json() {
        let changes = diff(&old(), &new());
        let text = serde_json::to_string(&changes).unwrap();
        let back: Changes = serde_json::from_str(&text).unwrap();
        assert_eq!(back, changes);
    }

    #[test]
    fn the_report_puts_the_attendees_sessions_first_and_keeps_their_notes() {
        let dir = tempfile::tempdir().unwrap();
        let now = t("2016-12-27T10:00:00+01:00");
        let (mut store, _) = Store::open(dir.path(), now).unwrap();
        let conference = "congress".to_owned();
        store
            .apply(
                Change::Star {
                    conference: conference.clone(),
                    session: "a".to_owned(),
                },
                now,
            )
            .unwrap();
        for text in ["one", "two"] {
            store
                .apply(
                    Change::AddNote {
                        conference: conference.clone(),
                        session: "c".to_owned(),
                        text: text.to_owned(),
                    },
                    now,
                )
                .unwrap();
        }
        let changes = diff(&old(), &new());
        let mine = changes.affecting(&store, &conference);
        assert_eq!(mine.len(), 2);
        assert!(mine.added.is_empty());
        let lines = report(&changes, &new().conference, &store);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "moved: Opening: Tue 27 Dec 11:00 Saal 1 → 14:00 Saal 2 ★",
                "cancelled: Outernet (2 notes — kept)",
                "retitled: Grid → The Grid",
                "speakers: The Grid: x, y → y, x, w",
                "added: 1 session",
            ]
        );
        assert_eq!(
            lines.iter().map(|l| l.mine).collect::<Vec<_>>(),
            [true, true, false, false, false]
        );
    }

    #[test]
    fn a_longer_talk_shows_its_end_and_another_day_shows_the_day() {
        let before = old();
        let mut sessions = before.sessions().to_vec();
        sessions[0].end = Some(t("2016-12-27T12:00:00+01:00"));
        sessions[1].start = Some(t("2016-12-28T11:30:00+01:00"));
        sessions[1].day = NaiveDate::from_ymd_opt(2016, 12, 28);
        sessions[2].start = None;
        sessions[2].end = None;
        let after = schedule(sessions);
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path(), t("2016-12-27T10:00:00+01:00")).unwrap();
        let texts: Vec<String> = report(&diff(&before, &after), &after.conference, &store)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            texts,
            [
                "moved: Opening: Tue 27 Dec 11:00–11:30 Saal 1 → 11:00–12:00 Saal 1",
                "moved: Grid: Tue 27 Dec 11:30 Saal 1 → Wed 28 Dec 11:30 Saal 1",
                "moved: Outernet: Tue 27 Dec 11:30 Saal 2 → time not published Saal 2",
            ]
        );
    }
}
