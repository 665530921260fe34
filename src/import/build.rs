//! The step every importer ends with: a draft conference and its sessions made into a
//! [`Schedule`] that passes the same rules as hallway's own loader (`schedule::load`).
//!
//! Real files break those rules now and then; rather than refusing them, this step repairs
//! what can be repaired without inventing anything, and says so in a note:
//! - an end not after its start is dropped (the session keeps its start);
//! - an empty title becomes `(untitled)`; speakers without a name and links without an
//!   address are left out;
//! - a day that its start does not fall on (nor the day before) is replaced by the start's date;
//! - the conference's dates are widened to cover every session's day;
//! - ids used twice are made unique: the first session in order of start time, then room, keeps
//!   the id, the next get `-2`, `-3`... (in linear time, with one note however many there are);
//! - a time-zone name that disagrees with the sessions' own offsets is dropped.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, Utc};

use super::ImportError;
use super::text::clean_block;
use super::time::Zone;
use crate::schedule::slug::slug;
use crate::schedule::{Conference, Link, LinkKind, Schedule, Session, Summary, clean_room};

/// The title given to a session whose file has none.
pub const UNTITLED: &str = "(untitled)";

/// What an importer knows about the conference.
#[derive(Debug, Clone, Default)]
pub struct DraftConference {
    pub name: Option<String>,
    /// Short name (`33c3`); the conference id is its slug when present.
    pub acronym: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// The zone the file names (or the caller asked for), checked here against the sessions.
    pub zone: Option<Zone>,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub url: Option<String>,
}

/// A conference and sessions as read from a file, plus notes on what was repaired or left out.
#[derive(Debug, Default)]
pub struct Draft {
    pub conference: DraftConference,
    /// Sessions with the source's id (or an empty id when it has none).
    pub sessions: Vec<Session>,
    /// Rooms in the order the file lists them, when it lists them apart from the sessions
    /// (frab's `conference.rooms`). Rooms it leaves out are ranked by first appearance in
    /// `sessions`, which importers keep in file order.
    pub rooms: Vec<String>,
    pub notes: Vec<String>,
}

/// Repairs, validates and indexes a draft.
///
/// # Errors
/// [`ImportError::Invalid`] when the file gives neither sessions nor dates.
pub fn finish(mut draft: Draft, file: &str) -> Result<(Schedule, Vec<String>), ImportError> {
    let notes = &mut draft.notes;
    // The one rule for outside text first (see `crate::sanitize`), so the notes below quote
    // clean text and ids are compared as they will be kept.
    for s in &mut draft.sessions {
        s.sanitize();
        tidy(s, notes);
    }
    let (utc_offset, time_zone) = conference_zone(&draft.conference, &draft.sessions, notes);
    for s in &mut draft.sessions {
        fix_times(s, utc_offset, notes);
    }
    let (start_date, end_date) =
        dates(&draft.conference, &draft.sessions, notes).ok_or_else(|| ImportError::Invalid {
            file: file.to_owned(),
            message: "the file has no sessions and no conference dates".into(),
        })?;
    unique_ids(&mut draft.sessions, notes);
    // The file's room order, taken before the sessions are sorted by time.
    let mut room_order: Vec<String> = draft.rooms.iter().filter_map(|r| clean_room(r)).collect();
    room_order.extend(draft.sessions.iter().filter_map(|s| s.room.clone()));
    sort_program_order(&mut draft.sessions);

    let c = draft.conference;
    let name = non_empty(c.name.clone())
        .or_else(|| non_empty(c.acronym.clone()))
        .or_else(|| non_empty(Some(file_stem(file))))
        .unwrap_or_else(|| "Imported schedule".to_owned());
    let id = match non_empty(c.acronym) {
        Some(acronym) => slug(&acronym),
        None => slug(&name),
    };
    let mut conference = Conference {
        id,
        name,
        start_date,
        end_date,
        time_zone: time_zone.map(|tz| tz.name().to_owned()),
        utc_offset,
        venue: non_empty(c.venue),
        city: non_empty(c.city),
        url: non_empty(c.url),
    };
    conference.sanitize();
    let schedule = Schedule::with_room_order(conference, draft.sessions, &room_order);
    Ok((schedule, draft.notes))
}

/// The file name without folders and extension.
pub fn file_stem(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// How a session is named in notes.
pub fn describe(s: &Session) -> String {
    match (s.id.trim(), s.title.trim()) {
        ("", t) => format!("session \"{t}\""),
        (id, "") => format!("session \"{id}\""),
        (id, t) => format!("session \"{id}\" (\"{t}\")"),
    }
}

/// Trims every text, turns empty ones into `None`, fills an empty title, drops nameless
/// speakers and addressless or repeated links.
fn tidy(s: &mut Session, notes: &mut Vec<String>) {
    s.id = s.id.trim().to_owned();
    s.title = s.title.trim().to_owned();
    if s.title.is_empty() {
        notes.push(format!("{}: no title; shown as {UNTITLED}", describe(s)));
        s.title = UNTITLED.to_owned();
    }
    for field in [&mut s.kind, &mut s.track, &mut s.room] {
        *field = non_empty(field.take());
    }
    if let Some(summary) = s.summary.as_mut().and_then(Summary::held_mut) {
        if summary.trim().len() != summary.len() {
            *summary = summary.trim().to_owned();
        }
        if summary.is_empty() {
            s.summary = None;
        }
    }
    s.speakers.retain(|sp| !sp.name.trim().is_empty());
    for sp in &mut s.speakers {
        sp.name = sp.name.trim().to_owned();
        sp.affiliation = non_empty(sp.affiliation.take());
        sp.role = non_empty(sp.role.take());
    }
    let mut seen = HashSet::new();
    s.links.retain(|l| {
        let url = l.url.trim();
        !url.is_empty() && seen.insert(url.to_owned())
    });
    for l in &mut s.links {
        l.url = l.url.trim().to_owned();
        l.title = non_empty(l.title.take());
    }
}

/// The conference's UTC offset (the one most sessions start with, else the zone's, else UTC)
/// and its zone name, kept only when it agrees with the sessions.
fn conference_zone(
    c: &DraftConference,
    sessions: &[Session],
    notes: &mut Vec<String>,
) -> (FixedOffset, Option<chrono_tz::Tz>) {
    let starts: Vec<DateTime<FixedOffset>> = sessions.iter().filter_map(|s| s.start).collect();
    let mut counts: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for (i, t) in starts.iter().enumerate() {
        let entry = counts.entry(t.offset().local_minus_utc()).or_insert((0, i));
        entry.0 += 1;
    }
    let common = counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .and_then(|(secs, _)| FixedOffset::east_opt(*secs));
    let tz = match c.zone {
        Some(Zone::Named(tz)) => {
            let agree = starts
                .iter()
                .filter(|t| Zone::Named(tz).offset_at(**t) == *t.offset())
                .count();
            if starts.is_empty() || agree * 2 >= starts.len() {
                Some(tz)
            } else {
                notes.push(format!(
                    "conference: the time zone {} does not match the offsets the sessions are \
                     written with; it is left out",
                    tz.name()
                ));
                None
            }
        }
        _ => None,
    };
    let fallback = match (tz, c.zone) {
        (Some(tz), _) => c
            .start_date
            .map_or_else(|| Utc.fix(), |d| Zone::Named(tz).offset_on(d)),
        (None, Some(Zone::Fixed(offset))) => offset,
        _ => Utc.fix(),
    };
    (whole_minutes(common.unwrap_or(fallback)), tz)
}

/// hallway writes offsets as `+HH:MM`; historical offsets with seconds are rounded.
fn whole_minutes(offset: FixedOffset) -> FixedOffset {
    let secs = offset.local_minus_utc();
    let rounded = (f64::from(secs) / 60.0).round() as i32 * 60;
    FixedOffset::east_opt(rounded).unwrap_or(offset)
}

/// An end not after the start is dropped; the day is set from the start when missing or
/// inconsistent (a start may fall on its day or, after midnight, on the next date).
fn fix_times(s: &mut Session, offset: FixedOffset, notes: &mut Vec<String>) {
    // hallway's format writes times in RFC 3339, whose years have four digits: a time past
    // 9999 (a far-future date plus a duration) could be imported but never loaded again.
    for what in ["start", "end"] {
        let time = if what == "start" { s.start } else { s.end };
        if let Some(t) = time
            && !(0..=9999).contains(&t.naive_local().year())
        {
            notes.push(format!(
                "{}: its {what} {} is outside the years 0000-9999; it is left out",
                describe(s),
                t.to_rfc3339()
            ));
            if what == "start" {
                s.start = None;
            } else {
                s.end = None;
            }
        }
    }
    let Some(start) = s.start else {
        s.end = None;
        return;
    };
    if let Some(end) = s.end
        && end <= start
    {
        let what = if end == start {
            "ends when it starts"
        } else {
            "ends before it starts"
        };
        notes.push(format!(
            "{}: {what} ({}); the end is left out",
            describe(s),
            start.to_rfc3339()
        ));
        s.end = None;
    }
    let local = start.with_timezone(&offset).date_naive();
    match s.day {
        Some(day) if local == day || Some(local) == day.succ_opt() => {}
        Some(day) => {
            notes.push(format!(
                "{}: starts {} but is filed under {day}; its day is taken from the start",
                describe(s),
                start.to_rfc3339()
            ));
            s.day = Some(local);
        }
        None => s.day = Some(local),
    }
}

/// The conference's first and last day: the file's, widened to cover every session's day.
fn dates(
    c: &DraftConference,
    sessions: &[Session],
    notes: &mut Vec<String>,
) -> Option<(NaiveDate, NaiveDate)> {
    let days = sessions.iter().filter_map(|s| s.day);
    let (min, max) = days.fold((None::<NaiveDate>, None::<NaiveDate>), |(lo, hi), d| {
        (
            Some(lo.map_or(d, |lo| lo.min(d))),
            Some(hi.map_or(d, |hi| hi.max(d))),
        )
    });
    let mut start = c.start_date.or(min).or(c.end_date)?;
    let mut end = c.end_date.or(max).unwrap_or(start);
    if end < start {
        notes.push(format!(
            "conference: its end {end} is before its start {start}; the dates are swapped"
        ));
        std::mem::swap(&mut start, &mut end);
    }
    if let Some(min) = min
        && min < start
    {
        if c.start_date.is_some() {
            notes.push(format!(
                "conference: a session on {min} is before the first day {start}; the dates are widened"
            ));
        }
        start = min;
    }
    if let Some(max) = max
        && max > end
    {
        if c.end_date.is_some() {
            notes.push(format!(
                "conference: a session on {max} is after the last day {end}; the dates are widened"
            ));
        }
        end = max;
    }
    Some((start, end))
}

/// Every session gets a distinct id: its own (or a slug of its title when it has none); where
/// several share one, the first in order of start, then room, then file order keeps it and the
/// others get `-2`, `-3`... (skipping any id already in use).
///
/// Linear in the number of sessions, however many share an id: each shared id remembers the
/// next number to try, since every number below it is in use already (by the file or by an
/// earlier renaming) and stays so. One note says how many ids were shared and names a few
/// renamings, so a file with 20,000 copies of one id gives one short line.
fn unique_ids(sessions: &mut [Session], notes: &mut Vec<String>) {
    for s in sessions.iter_mut() {
        if s.id.is_empty() {
            s.id = slug(&s.title);
        }
    }
    let taken: HashSet<String> = sessions.iter().map(|s| s.id.clone()).collect();
    let mut order: Vec<usize> = (0..sessions.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&sessions[a], &sessions[b]);
        (x.start.is_none(), x.start, &x.room)
            .cmp(&(y.start.is_none(), y.start, &y.room))
            .then(a.cmp(&b))
    });
    let mut used: HashSet<String> = HashSet::with_capacity(sessions.len());
    let mut next: HashMap<String, u64> = HashMap::new();
    let mut renamed: Vec<(String, String)> = Vec::new();
    for i in order {
        if used.insert(sessions[i].id.clone()) {
            continue;
        }
        let base = std::mem::take(&mut sessions[i].id);
        let n = next.entry(base.clone()).or_insert(2);
        let id = loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if !taken.contains(&candidate) && !used.contains(&candidate) {
                break candidate;
            }
        };
        used.insert(id.clone());
        sessions[i].id.clone_from(&id);
        renamed.push((base, id));
    }
    if !renamed.is_empty() {
        notes.push(duplicates_note(next.len(), renamed));
    }
}

/// How many renamings a note on shared ids names.
const RENAMES_SHOWN: usize = 3;

/// `3 ids were used by more than one session: 19,999 renamed ("a" → "a-2", "a" → "a-3", "a" →
/// "a-4", …)`: the renamings named are the first, by id, then in the order they were made.
fn duplicates_note(shared: usize, mut renamed: Vec<(String, String)>) -> String {
    let count = renamed.len();
    // Stable: each id's renamings stay in the order they were made (-2, -3...).
    renamed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut shown: Vec<String> = renamed
        .iter()
        .take(RENAMES_SHOWN)
        .map(|(from, to)| format!("\"{from}\" → \"{to}\""))
        .collect();
    if count > RENAMES_SHOWN {
        shown.push("…".to_owned());
    }
    format!(
        "{} {} used by more than one session: {} renamed ({})",
        grouped(shared),
        if shared == 1 { "id was" } else { "ids were" },
        grouped(count),
        shown.join(", ")
    )
}

/// `19,999`: digits in groups of three.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

pub use crate::schedule::load::sort_program_order;

/// A link's kind from its title, its type (an attachment's `type`) and its address:
/// recordings and slides are recognised, everything else is [`LinkKind::Other`].
pub fn link(url: &str, title: Option<&str>, hint: Option<&str>) -> Link {
    let words = format!(
        "{} {}",
        title.unwrap_or_default().to_lowercase(),
        hint.unwrap_or_default().to_lowercase()
    );
    let lower = url.to_lowercase();
    let kind = if words.contains("video")
        || words.contains("recording")
        || [".webm", ".mp4", ".mkv", ".ogv"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        || lower.contains("youtube.com/watch")
        || lower.contains("youtu.be/")
        || lower.contains("media.ccc.de/v/")
    {
        LinkKind::Video
    } else if words.contains("slide") || words.contains("folien") {
        LinkKind::Slides
    } else {
        LinkKind::Other
    };
    Link {
        kind,
        url: url.trim().to_owned(),
        title: title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
    }
}

/// The session's page.
pub fn session_link(url: &str) -> Link {
    Link {
        kind: LinkKind::Session,
        url: url.trim().to_owned(),
        title: None,
    }
}

/// A summary from an abstract and a description (each cleaned of HTML): both, a blank line
/// apart, unless one already contains the other.
pub fn summary(abstract_: Option<&str>, description: Option<&str>) -> Option<String> {
    let a = abstract_.map(clean_block).filter(|s| !s.is_empty());
    let d = description.map(clean_block).filter(|s| !s.is_empty());
    match (a, d) {
        (Some(a), Some(d)) if a.contains(&d) => Some(a),
        (Some(a), Some(d)) if d.contains(&a) => Some(d),
        (Some(a), Some(d)) => Some(format!("{a}\n\n{d}")),
        (a, d) => a.or(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn session(id: &str, title: &str, start: Option<&str>, room: Option<&str>) -> Session {
        Session {
            id: id.into(),
            title: title.into(),
            kind: None,
            track: None,
            start: start.map(|s| DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{e}"))),
            end: None,
            day: None,
            room: room.map(Into::into),
            speakers: vec![],
            summary: None,
            summary_verbatim: false,
            links: vec![],
            sources: vec![],
        }
    }

    #[test]
    fn duplicate_ids_are_numbered_by_start_then_room() {
        let mut sessions = vec![
            session("x", "late", Some("2024-01-01T12:00:00+00:00"), Some("A")),
            session("x", "early B", Some("2024-01-01T10:00:00+00:00"), Some("B")),
            session("x-2", "taken", Some("2024-01-01T09:00:00+00:00"), None),
            session("x", "early A", Some("2024-01-01T10:00:00+00:00"), Some("A")),
        ];
        let mut notes = vec![];
        unique_ids(&mut sessions, &mut notes);
        let ids: Vec<_> = sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["x-4", "x-3", "x-2", "x"]);
        assert_eq!(
            notes,
            [r#"1 id was used by more than one session: 2 renamed ("x" → "x-3", "x" → "x-4")"#]
        );
    }

    #[test]
    fn many_copies_of_many_ids_give_one_short_note() {
        let start = Some("2024-01-01T10:00:00+00:00");
        let mut sessions: Vec<Session> = (0..3000)
            .map(|i| session(["b", "a", "c", "a-5"][i % 4], "t", start, None))
            .collect();
        let mut notes = vec![];
        unique_ids(&mut sessions, &mut notes);
        let ids: HashSet<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 3000);
        // File order decides among equal starts and rooms; "a-5" is the file's own.
        assert_eq!(sessions[1].id, "a");
        assert_eq!(sessions[5].id, "a-2");
        assert_eq!(sessions[13].id, "a-4");
        assert_eq!(sessions[17].id, "a-6");
        assert_eq!(sessions[3].id, "a-5");
        assert_eq!(sessions[7].id, "a-5-2");
        assert!(ids.contains("b-750") && !ids.contains("b-751"));
        assert_eq!(
            notes,
            [
                r#"4 ids were used by more than one session: 2,996 renamed ("a" → "a-2", "a" → "a-3", "a" → "a-4", …)"#
            ]
        );
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(19_999), "19,999");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn zero_length_sessions_lose_their_end_only() {
        let mut s = session("a", "t", Some("2024-01-01T10:00:00+00:00"), None);
        s.end = s.start;
        let mut notes = vec![];
        fix_times(&mut s, Utc.fix(), &mut notes);
        assert_eq!(s.end, None);
        assert!(s.start.is_some());
        assert_eq!(s.day, NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn offsets_are_whole_minutes() {
        let odd = FixedOffset::east_opt(3600 + 29).unwrap_or_else(|| panic!("offset"));
        assert_eq!(whole_minutes(odd).local_minus_utc(), 3600);
    }
}
