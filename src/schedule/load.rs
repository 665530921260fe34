//! Reading hallway's own schedule format (docs/schedule-format.md) into a [`Schedule`], with
//! every problem reported precisely: syntax and type errors with file, line and column; semantic
//! problems (duplicate id, empty title, end not after start, a time outside the conference's
//! dates) naming the session, all of them at once.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use serde::Deserialize;

use super::slug::slug;
use super::{Conference, Link, LinkKind, Schedule, Session, Speaker, Summary, clean_room};

/// The `format` tag of hallway's schedule files.
pub const FORMAT: &str = "hallway-schedule";
/// The newest schedule format version this build reads.
pub const VERSION: u32 = 1;

/// Why a schedule could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// Not JSON, not UTF-8, or a field of the wrong type: one located error.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed but wrong: every problem found.
    #[error("{}", lines(file, problems).join("\n"))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// One line per problem, each naming the file (and line and column, or the session).
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadError::Invalid { file, problems } => lines(file, problems),
            other => vec![other.to_string()],
        }
    }
}

fn lines(file: &str, problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("{file}: {p}")).collect()
}

/// One semantic problem in a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Which session, as `session "id" ("title")` or `session #n`; `None` for the conference.
    pub session: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.session {
            Some(s) => write!(f, "{s}: {}", self.message),
            None => write!(f, "conference: {}", self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: String,
    version: u32,
    conference: RawConference,
    sessions: Vec<RawSession>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConference {
    id: Option<String>,
    name: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    time_zone: Option<String>,
    utc_offset: String,
    venue: Option<String>,
    city: Option<String>,
    url: Option<String>,
    /// The rooms in the program's own order (optional; see docs/schedule-format.md).
    #[serde(default)]
    rooms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    id: Option<String>,
    title: String,
    kind: Option<String>,
    track: Option<String>,
    #[serde(default, deserialize_with = "rfc3339")]
    start: Option<DateTime<FixedOffset>>,
    #[serde(default, deserialize_with = "rfc3339")]
    end: Option<DateTime<FixedOffset>>,
    day: Option<NaiveDate>,
    room: Option<String>,
    #[serde(default)]
    speakers: Vec<RawSpeaker>,
    summary: Option<String>,
    #[serde(default)]
    summary_verbatim: bool,
    #[serde(default)]
    links: Vec<RawLink>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpeaker {
    name: String,
    affiliation: Option<String>,
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    kind: LinkKindRaw,
    url: String,
    title: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum LinkKindRaw {
    Session,
    Video,
    Slides,
    Other,
}

impl From<LinkKindRaw> for LinkKind {
    fn from(k: LinkKindRaw) -> Self {
        match k {
            LinkKindRaw::Session => LinkKind::Session,
            LinkKindRaw::Video => LinkKind::Video,
            LinkKindRaw::Slides => LinkKind::Slides,
            LinkKindRaw::Other => LinkKind::Other,
        }
    }
}

/// A string borrowed from the file when it has no escapes (as times never do), else owned.
struct Text<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// An optional RFC 3339 time with a message that says what was expected.
fn rfc3339<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    let Some(text) = Option::<Text<'de>>::deserialize(d)? else {
        return Ok(None);
    };
    let text: &str = &text.0;
    DateTime::parse_from_rfc3339(text).map(Some).map_err(|e| {
        serde::de::Error::custom(format!(
            "{text:?} is not an RFC 3339 time with its UTC offset, such as 2024-09-18T14:55:00-07:00 ({e})"
        ))
    })
}

/// Reads and validates a schedule file.
///
/// # Errors
/// [`LoadError`] with the file's path, and line and column or the session at fault.
pub fn from_path(path: &Path) -> Result<Schedule, LoadError> {
    let file = path.display().to_string();
    let bytes = crate::fetch::local::read(path).map_err(|source| LoadError::Io {
        file: file.clone(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, column) = line_column(&bytes[..e.valid_up_to()]);
        LoadError::Syntax {
            file: file.clone(),
            line,
            column,
            message: "the file is not valid UTF-8".into(),
        }
    })?;
    from_str(text, &file)
}

/// 1-based line and column just after `prefix` (columns count characters).
fn line_column(prefix: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(prefix);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses and validates schedule JSON; `file` names it in errors.
///
/// # Errors
/// [`LoadError::Syntax`] for JSON and type errors, [`LoadError::Invalid`] listing every
/// semantic problem.
pub fn from_str(text: &str, file: &str) -> Result<Schedule, LoadError> {
    let raw: RawFile = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        file: file.to_owned(),
        // serde_json says column 0 for an error on a line break itself (a raw newline inside
        // a string); columns are 1-based here.
        line: e.line().max(1),
        column: e.column().max(1),
        message: clean_serde_message(&e),
    })?;
    validate(raw).map_err(|problems| LoadError::Invalid {
        file: file.to_owned(),
        problems,
    })
}

/// serde_json appends " at line L column C"; we print those first, so drop the tail.
fn clean_serde_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(pos) => &msg[..pos],
        None => &msg,
    };
    // serde quotes a bad value as written (`unknown variant `a<newline>b``): keep it one line.
    msg.replace(['\n', '\r'], " ")
}

pub(super) fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ if text == "Z" => return FixedOffset::east_opt(0),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(trimmed).filter(|s| !s.is_empty())
}

/// `s` without surrounding whitespace; `s` itself (no copy) when it has none.
fn trimmed(s: String) -> String {
    if s.trim().len() == s.len() {
        s
    } else {
        s.trim().to_owned()
    }
}

fn validate(raw: RawFile) -> Result<Schedule, Vec<Problem>> {
    let mut problems = Vec::new();
    let conf_problem = |problems: &mut Vec<Problem>, message: String| {
        problems.push(Problem {
            session: None,
            message,
        });
    };
    if raw.format != FORMAT {
        conf_problem(
            &mut problems,
            format!("\"format\" is {:?}, expected \"{FORMAT}\"", raw.format),
        );
    }
    if raw.version > VERSION {
        conf_problem(
            &mut problems,
            format!(
                "format version {} is newer than this build of hallway understands ({VERSION}); upgrade hallway",
                raw.version
            ),
        );
    }
    let mut c = raw.conference;
    crate::sanitize::line_in_place(&mut c.name);
    if c.name.trim().is_empty() {
        conf_problem(&mut problems, "the conference name is empty".into());
    }
    if c.end_date < c.start_date {
        conf_problem(
            &mut problems,
            format!(
                "end_date {} is before start_date {}",
                c.end_date, c.start_date
            ),
        );
    }
    let utc_offset = parse_offset(&c.utc_offset).unwrap_or_else(|| {
        conf_problem(
            &mut problems,
            format!("utc_offset {:?} is not of the form +HH:MM", c.utc_offset),
        );
        Utc.fix()
    });
    if let Some(tz) = &c.time_zone
        && tz.parse::<chrono_tz::Tz>().is_err()
    {
        conf_problem(
            &mut problems,
            format!("time_zone {tz:?} is not an IANA time zone name"),
        );
    }
    let room_order: Vec<String> = c.rooms.iter().filter_map(|r| clean_room(r)).collect();
    let mut conference = Conference {
        id: non_empty(c.id).unwrap_or_else(|| slug(&c.name)),
        name: c.name.trim().to_owned(),
        start_date: c.start_date,
        end_date: c.end_date,
        time_zone: non_empty(c.time_zone),
        utc_offset,
        venue: non_empty(c.venue),
        city: non_empty(c.city),
        url: non_empty(c.url),
    };
    conference.sanitize();

    let sessions = sessions(raw.sessions, &conference, &mut problems);
    if problems.is_empty() {
        Ok(Schedule::with_room_order(conference, sessions, &room_order))
    } else {
        Err(problems)
    }
}

/// How a session is named in problems: by id and title when it has them, else by position.
/// Quoted as Rust quotes strings, so a line break in a title cannot split the message.
fn describe(n: usize, id: Option<&str>, title: &str) -> String {
    match (id, title.trim()) {
        (Some(id), "") => format!("session {id:?}"),
        (Some(id), t) => format!("session {id:?} ({t:?})"),
        (None, "") => format!("session #{n}"),
        (None, t) => format!("session #{n} ({t:?})"),
    }
}

fn sessions(raw: Vec<RawSession>, conf: &Conference, problems: &mut Vec<Problem>) -> Vec<Session> {
    // The explicit ids, which derived ones must not take; only needed when some are derived.
    let explicit: HashSet<String> = if raw.iter().all(|s| s.id.is_some()) {
        HashSet::new()
    } else {
        raw.iter().filter_map(|s| non_empty(s.id.clone())).collect()
    };
    let mut seen: HashSet<String> = HashSet::with_capacity(raw.len());
    let mut next_number: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (n, mut r) in raw.into_iter().enumerate() {
        // Ids are made safe before they are compared, so two that differ only in control
        // characters are caught as duplicates.
        let given_id = non_empty(
            r.id.take()
                .map(|id| crate::sanitize::line(&id).into_owned()),
        );
        // The fields checked for emptiness below are made safe first, so a title of control
        // characters alone is reported as empty rather than kept empty.
        crate::sanitize::line_in_place(&mut r.title);
        for sp in &mut r.speakers {
            crate::sanitize::line_in_place(&mut sp.name);
        }
        for l in &mut r.links {
            crate::sanitize::line_in_place(&mut l.url);
        }
        let given = given_id.is_some();
        // This session's problems, named once there are any (most sessions have none).
        let mut found: Vec<String> = Vec::new();
        let mut problem = |message: String| found.push(message);
        let id = match given_id {
            Some(id) => {
                if !seen.insert(id.clone()) {
                    problem(format!("duplicate id {id:?}"));
                }
                id
            }
            None => unique_slug(&r.title, &explicit, &mut seen, &mut next_number),
        };
        if r.title.trim().is_empty() {
            problem("the title is empty".into());
        }
        check_times(&r, conf, &mut problem);
        for (i, sp) in r.speakers.iter().enumerate() {
            if sp.name.trim().is_empty() {
                problem(format!("speaker {} has an empty name", i + 1));
            }
        }
        for (i, l) in r.links.iter().enumerate() {
            if l.url.trim().is_empty() {
                problem(format!("link {} has an empty url", i + 1));
            }
        }
        if !found.is_empty() {
            let who = describe(n + 1, given.then_some(id.as_str()), &r.title);
            problems.extend(found.into_iter().map(|message| Problem {
                session: Some(who.clone()),
                message,
            }));
        }
        let day = r.day.or_else(|| r.start.map(|s| s.date_naive()));
        let mut session = Session {
            id,
            title: trimmed(r.title),
            kind: non_empty(r.kind),
            track: non_empty(r.track),
            start: r.start,
            end: r.end,
            day,
            room: non_empty(r.room),
            speakers: r
                .speakers
                .into_iter()
                .map(|s| Speaker {
                    name: trimmed(s.name),
                    affiliation: non_empty(s.affiliation),
                    role: non_empty(s.role),
                })
                .collect(),
            summary: non_empty(r.summary).map(Summary::from),
            summary_verbatim: r.summary_verbatim,
            links: r
                .links
                .into_iter()
                .map(|l| Link {
                    kind: l.kind.into(),
                    url: trimmed(l.url),
                    title: non_empty(l.title),
                })
                .collect(),
            sources: r.sources,
        };
        session.sanitize();
        out.push(session);
    }
    sort_program_order(&mut out);
    out
}

/// A slug of the title not used by any explicit id nor by an earlier derived one.
/// `next` remembers, per base slug, the number to try next, so n sessions sharing a title cost
/// linear time, not quadratic (a hostile file can hold 20,000 of them).
fn unique_slug(
    title: &str,
    explicit: &HashSet<String>,
    seen: &mut HashSet<String>,
    next: &mut HashMap<String, usize>,
) -> String {
    let base = slug(title);
    let mut candidate = base.clone();
    let n = next.entry(base.clone()).or_insert(2);
    while explicit.contains(&candidate) || seen.contains(&candidate) {
        candidate = format!("{base}-{n}");
        *n += 1;
    }
    seen.insert(candidate.clone());
    candidate
}

fn check_times(r: &RawSession, conf: &Conference, problem: &mut impl FnMut(String)) {
    let in_dates = |d: NaiveDate| d >= conf.start_date && d <= conf.end_date;
    let dates = || format!("{} to {}", conf.start_date, conf.end_date);
    match (r.start, r.end) {
        (None, Some(_)) => problem("has an end but no start".into()),
        (Some(start), Some(end)) if end <= start => {
            problem(format!(
                "end {} is not after start {}",
                end.to_rfc3339(),
                start.to_rfc3339()
            ));
        }
        _ => {}
    }
    if let Some(day) = r.day
        && !in_dates(day)
    {
        problem(format!(
            "day {day} is outside the conference's dates ({})",
            dates()
        ));
    }
    if let Some(start) = r.start {
        let local = start.with_timezone(&conf.utc_offset).date_naive();
        match r.day {
            // A talk after midnight may belong to the previous conference day.
            Some(day) if local != day && Some(local) != day.succ_opt() => problem(format!(
                "start {} does not fall on its day {day}",
                start.to_rfc3339()
            )),
            Some(_) => {}
            None if !in_dates(local) => problem(format!(
                "start {} is outside the conference's dates ({})",
                start.to_rfc3339(),
                dates()
            )),
            None => {}
        }
    }
}

/// Program order: timed sessions by start (then room, then title), then day-only ones by day,
/// then the rest in their source order. Stable, so a saved file reads back in the same order;
/// the importers use it too.
pub fn sort_program_order(sessions: &mut [Session]) {
    sessions.sort_by(|a, b| {
        let key = |s: &Session| match (s.start, s.day) {
            (Some(_), _) => 0,
            (None, Some(_)) => 1,
            (None, None) => 2,
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.start.cmp(&b.start))
            .then_with(|| a.day.cmp(&b.day))
            .then_with(|| match (a.start, b.start) {
                (Some(_), Some(_)) => a.room.cmp(&b.room).then_with(|| a.title.cmp(&b.title)),
                _ => std::cmp::Ordering::Equal,
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("-07:00"), FixedOffset::west_opt(7 * 3600));
        assert_eq!(
            parse_offset("+05:30"),
            FixedOffset::east_opt(5 * 3600 + 1800)
        );
        assert_eq!(parse_offset("Z"), FixedOffset::east_opt(0));
        assert_eq!(parse_offset("0700"), None);
        assert_eq!(parse_offset("+25:00"), None);
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column(b"ab\ncd"), (2, 3));
        assert_eq!(line_column("é".as_bytes()), (1, 2));
    }

    #[test]
    fn many_sessions_sharing_a_title_get_distinct_ids_in_linear_time() {
        let session = r#"{"title": "Lightning talk", "start": null, "end": null, "day": null}"#;
        let mut sessions = vec![session; 20_000];
        sessions.push(r#"{"id": "lightning-talk-3", "title": "Taken", "start": null, "end": null, "day": null}"#);
        let text = format!(
            r#"{{"format": "hallway-schedule", "version": 1, "conference": {{"id": "c", "name": "C", "start_date": "2025-03-01", "end_date": "2025-03-02", "time_zone": null, "utc_offset": "+00:00", "venue": null, "city": null, "url": null}}, "sessions": [{}]}}"#,
            sessions.join(",")
        );
        let schedule = from_str(&text, "many.json").unwrap_or_else(|e| panic!("{e}"));
        let ids: HashSet<&str> = schedule.sessions().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 20_001);
        assert!(ids.contains("lightning-talk"));
        assert!(ids.contains("lightning-talk-2"));
        assert!(ids.contains("lightning-talk-20001"));
    }
}
