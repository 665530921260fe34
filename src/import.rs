//! Importers for the formats conferences publish their programs in: frab/pretalx
//! `schedule.json` ([`frab_json`]), Pentabarf/frab `schedule.xml` ([`pentabarf_xml`]) and
//! iCalendar ([`ical`]), besides hallway's own JSON (`schedule::load`).
//!
//! [`detect`] tells the format from the content, never the file name; [`load_path`] and
//! [`load_bytes`] detect, read and hand back a [`Schedule`] that passes the same rules as
//! hallway's own loader — where a real file breaks them, the importer repairs what it can
//! without inventing anything (see `build`) and records a note ([`import_bytes`] returns
//! them). docs/import.md describes each format's mapping.
//!
//! Every error names the file, and syntax errors the line and column: `FILE:LINE:COL: message`.

pub mod build;
pub mod frab_json;
pub mod ical;
pub mod pentabarf_xml;
pub mod text;
pub mod time;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono_tz::Tz;

use crate::schedule::load::{self, LoadError};
use crate::schedule::{Problem, Schedule};

/// The formats hallway can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// hallway's own JSON (docs/schedule-format.md).
    Hallway,
    /// frab, pretalx or C3VOC `schedule.json`.
    FrabJson,
    /// Pentabarf, frab or pretalx `schedule.xml` (FOSDEM's too).
    PentabarfXml,
    /// iCalendar (RFC 5545), e.g. Sched's `all.ics`.
    ICalendar,
}

impl Format {
    /// How the format is named in messages and in each session's `sources`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Hallway => "hallway schedule JSON",
            Format::FrabJson => "frab/pretalx schedule.json",
            Format::PentabarfXml => "Pentabarf/frab schedule.xml",
            Format::ICalendar => "iCalendar",
        }
    }
}

/// Choices the file itself cannot make.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The conference's time zone, for files that do not say (iCalendar with only UTC or
    /// floating times, such as Sched's exports; old Pentabarf XML). It places floating times,
    /// decides which day a UTC time falls on, and names the conference's zone. Times written
    /// with an offset or a zone of their own keep it.
    pub time_zone: Option<Tz>,
}

/// Why a file could not be imported. Every message is one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// Broken syntax: where, and what.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The content is none of the formats hallway reads.
    #[error(
        "{file}: not a schedule hallway can read (expected hallway JSON, frab/pretalx schedule.json, Pentabarf/frab schedule.xml or iCalendar)"
    )]
    UnknownFormat { file: String },
    /// Well-formed, but with nothing hallway can make a program of.
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    /// A hallway schedule file with semantic problems (all of them are in `problems`).
    #[error("{}", first_problem(file, problems))]
    Hallway {
        file: String,
        problems: Vec<Problem>,
    },
}

fn first_problem(file: &str, problems: &[Problem]) -> String {
    match problems {
        [] => format!("{file}: invalid schedule"),
        [one] => format!("{file}: {one}"),
        [first, rest @ ..] => format!(
            "{file}: {first} (and {} more problem{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

impl ImportError {
    /// Every problem, one line each (several only for a hallway file with many problems).
    pub fn lines(&self) -> Vec<String> {
        match self {
            ImportError::Hallway { file, problems } => {
                problems.iter().map(|p| format!("{file}: {p}")).collect()
            }
            other => vec![other.to_string()],
        }
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            ImportError::Io { file, .. }
            | ImportError::Syntax { file, .. }
            | ImportError::UnknownFormat { file }
            | ImportError::Invalid { file, .. }
            | ImportError::Hallway { file, .. } => file,
        }
    }

    /// A syntax error at byte `offset` of `text`.
    pub(crate) fn at(file: &str, text: &[u8], offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        ImportError::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: one_line(&message.into()),
        }
    }

    /// The same problem from the loader of hallway's own format.
    pub fn from_load(e: LoadError) -> Self {
        match e {
            LoadError::Io { file, source } => ImportError::Io { file, source },
            LoadError::Syntax {
                file,
                line,
                column,
                message,
            } => ImportError::Syntax {
                file,
                line,
                column,
                message,
            },
            LoadError::Invalid { file, problems } => ImportError::Hallway { file, problems },
        }
    }
}

/// A message folded onto one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line and column of byte `offset` in `text`; columns count characters, and a lone
/// CR ends a line as LF and CRLF do.
pub(crate) fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let prefix = &text[..offset.min(text.len())];
    let mut line = 1;
    let mut line_start = 0;
    let mut i = 0;
    while i < prefix.len() {
        match prefix[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if prefix.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let column = String::from_utf8_lossy(&prefix[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// A successful import: the schedule, its format, and what had to be repaired or left out.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: Format,
    pub schedule: Schedule,
    /// One line per repair ("ends when it starts; the end is left out") or skipped item.
    pub notes: Vec<String>,
}

/// The content after a UTF-8 byte-order mark and leading whitespace.
fn content_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let skip = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[skip..]
}

/// What the first bytes promise, before the JSON is looked into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Json,
    Xml,
    ICalendar,
    Other,
}

fn shape(bytes: &[u8]) -> Shape {
    let start = content_start(bytes);
    match start.first() {
        Some(b'{' | b'[') => Shape::Json,
        Some(b'<') => {
            if xml_root_is_schedule(start) {
                Shape::Xml
            } else {
                Shape::Other
            }
        }
        _ if start.len() >= 15 && start[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR") => {
            Shape::ICalendar
        }
        _ => Shape::Other,
    }
}

/// Whether the first element (after the declaration, comments, processing instructions and
/// doctype) is `<schedule`.
fn xml_root_is_schedule(mut s: &[u8]) -> bool {
    loop {
        s = &s[s
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(s.len())..];
        let skip_to = |s: &[u8], end: &[u8]| -> Option<usize> {
            s.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
        };
        let next = if s.starts_with(b"<?") {
            skip_to(s, b"?>")
        } else if s.starts_with(b"<!--") {
            skip_to(s, b"-->")
        } else if s.starts_with(b"<!") {
            skip_to(s, b">")
        } else {
            return s.starts_with(b"<schedule")
                && s.get(9)
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
        };
        match next {
            Some(n) => s = &s[n..],
            None => return false,
        }
    }
}

/// What a JSON document's top level holds, for telling hallway's format from frab's.
#[derive(serde::Deserialize)]
struct JsonProbe {
    format: Option<serde_json::Value>,
    schedule: Option<serde::de::IgnoredAny>,
}

/// The JSON format of a document, or the JSON syntax error.
fn json_format(bytes: &[u8]) -> Result<Option<Format>, serde_json::Error> {
    let probe: JsonProbe = serde_json::from_slice(bytes)?;
    if probe.format.as_ref().and_then(|f| f.as_str()) == Some(load::FORMAT) {
        Ok(Some(Format::Hallway))
    } else if probe.schedule.is_some() {
        Ok(Some(Format::FrabJson))
    } else {
        Ok(None)
    }
}

/// The format of a schedule, from its content: hallway JSON (`"format": "hallway-schedule"`),
/// frab/pretalx JSON (a top-level `schedule`), Pentabarf/frab XML (a `<schedule>` root) or
/// iCalendar (`BEGIN:VCALENDAR`). A UTF-8 byte-order mark and leading whitespace are skipped.
/// `None` for anything else, including JSON that does not parse.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    match shape(bytes) {
        Shape::Json if starts_as_hallway(bytes) => Some(Format::Hallway),
        Shape::Json => json_format(&sanitize_json(content_start(bytes)))
            .ok()
            .flatten(),
        Shape::Xml => Some(Format::PentabarfXml),
        Shape::ICalendar => Some(Format::ICalendar),
        Shape::Other => None,
    }
}

/// Control characters are not allowed raw in JSON strings, but some exporters write them:
/// they become spaces (same length, so error positions stay right). Tabs and line breaks
/// inside strings become spaces too; between tokens they are left alone.
fn sanitize_json(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut blank = Blank::default();
    for (i, &b) in bytes.iter().enumerate() {
        if blank.is_bad(b) {
            out.get_or_insert_with(|| bytes.to_vec())[i] = b' ';
        }
    }
    match out {
        Some(clean) => std::borrow::Cow::Owned(clean),
        None => std::borrow::Cow::Borrowed(bytes),
    }
}

/// The rule of [`sanitize_json`], a byte at a time: where the JSON is (in a string, just
/// after a backslash in one) is carried from byte to byte, so the rule holds across the
/// chunks of a stream ([`Blanked`]).
#[derive(Debug, Default, Clone, Copy)]
struct Blank {
    in_string: bool,
    escaped: bool,
}

impl Blank {
    /// Whether `b`, the next byte, is a control character to blank.
    fn is_bad(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            b < 0x20
        } else {
            self.in_string = b == b'"';
            b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')
        }
    }
}

/// A reader giving what [`sanitize_json`] makes of its bytes, as they stream.
struct Blanked<R> {
    inner: R,
    blank: Blank,
    /// Whether a byte was blanked so far.
    blanked: bool,
}

impl<R: Read> Read for Blanked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for b in &mut buf[..n] {
            if self.blank.is_bad(*b) {
                *b = b' ';
                self.blanked = true;
            }
        }
        Ok(n)
    }
}

/// Reads, detects and imports a schedule file. Only a regular file is read, within the size
/// cap of downloads (`fetch::local`).
///
/// # Errors
/// [`ImportError`] naming the file (and line and column for syntax errors).
pub fn load_path(path: &Path) -> Result<Schedule, ImportError> {
    import_path(path, &ImportOptions::default()).map(|i| i.schedule)
}

/// Detects and imports a schedule from its bytes; `file` names it in errors.
///
/// # Errors
/// [`ImportError`] naming `file` (and line and column for syntax errors).
pub fn load_bytes(bytes: &[u8], file: &str) -> Result<Schedule, ImportError> {
    import_bytes(bytes, file, &ImportOptions::default()).map(|i| i.schedule)
}

/// [`load_path`] with options, returning the notes on repairs as well.
///
/// frab/pretalx JSON is parsed as it streams from the file, so a big program never sits in
/// memory twice (as the file and as sessions); the other formats are read whole first. What
/// comes out, errors included, is what [`import_bytes`] gives for the file's bytes.
///
/// # Errors
/// As [`load_path`].
pub fn import_path(path: &Path, options: &ImportOptions) -> Result<Imported, ImportError> {
    let file = path.display().to_string();
    let io = |source| ImportError::Io {
        file: file.clone(),
        source,
    };
    let capped = crate::fetch::local::open(path).map_err(io)?;
    let expected = usize::try_from(capped.expected_len()).unwrap_or_default();
    let mut reader = BufReader::with_capacity(STREAM_CHUNK, capped);
    // The first chunk tells frab JSON from the rest; when it cannot (a hallway file whose
    // marker is not in it), the streaming reader finds out and the file is read whole.
    let head = reader.fill_buf().map_err(io)?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &head[3..] } else { head };
    if shape(body) != Shape::Json || starts_as_hallway(body) {
        let mut bytes = Vec::with_capacity(expected);
        reader.read_to_end(&mut bytes).map_err(io)?;
        return import_bytes(&bytes, &file, options);
    }
    if bom {
        reader.consume(3);
    }
    match stream_json(path, reader, bom, &file, options)? {
        frab_json::Document::Frab(draft) => finish(Format::FrabJson, *draft, &file),
        frab_json::Document::Other => Err(ImportError::UnknownFormat { file }),
        frab_json::Document::Hallway => {
            let bytes = crate::fetch::local::read(path).map_err(io)?;
            import_bytes(&bytes, &file, options)
        }
    }
}

/// Reads the JSON document at `path` from `reader` (opened on it, past its byte-order mark
/// when it has one). As in [`import_bytes`], raw control characters are only looked for when
/// the document does not read as it is; when there are some, it is read again from the
/// start, blanked as it streams, which gives what blanking the whole file would have given.
fn stream_json(
    path: &Path,
    reader: impl Read,
    bom: bool,
    file: &str,
    options: &ImportOptions,
) -> Result<frab_json::Document, ImportError> {
    let first = frab_json::read_stream(reader, file, options);
    if !matches!(first, Err(ImportError::Syntax { .. })) {
        return first;
    }
    let io = |source| ImportError::Io {
        file: file.to_owned(),
        source,
    };
    let reopen = || {
        let mut again = BufReader::with_capacity(
            STREAM_CHUNK,
            Blanked {
                inner: crate::fetch::local::open(path)?,
                blank: Blank::default(),
                blanked: false,
            },
        );
        if bom {
            again.read_exact(&mut [0; 3])?;
        }
        Ok(again)
    };
    // Nothing to blank: the error stands (as `sanitize_json` borrowing).
    let mut scan = reopen().map_err(io)?;
    std::io::copy(&mut scan, &mut std::io::sink()).map_err(io)?;
    if !scan.get_ref().blanked {
        return first;
    }
    frab_json::read_stream(reopen().map_err(io)?, file, options)
}

/// How much of a file the streaming reader holds at a time.
const STREAM_CHUNK: usize = 64 * 1024;

/// [`load_bytes`] with options, returning the notes on repairs as well.
///
/// # Errors
/// As [`load_bytes`].
pub fn import_bytes(
    bytes: &[u8],
    file: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let unknown = || ImportError::UnknownFormat {
        file: file.to_owned(),
    };
    let (format, draft) = match shape(body) {
        Shape::Json if starts_as_hallway(body) => return load_hallway(body, file),
        Shape::Json => {
            // Raw control characters (which serde_json refuses in strings) are only looked
            // for when the file does not read as it is, as for hallway's own files: the
            // blanking pass costs a tenth of the import at 50,000 sessions. It keeps every
            // byte's position, so the error of a file broken otherwise is the same either way.
            let document = match frab_json::read(body, file, options) {
                Err(e @ ImportError::Syntax { .. }) => match sanitize_json(body) {
                    std::borrow::Cow::Owned(clean) => frab_json::read(&clean, file, options)?,
                    std::borrow::Cow::Borrowed(_) => return Err(e),
                },
                other => other?,
            };
            match document {
                frab_json::Document::Hallway => return load_hallway(body, file),
                frab_json::Document::Other => return Err(unknown()),
                frab_json::Document::Frab(draft) => (Format::FrabJson, *draft),
            }
        }
        Shape::Xml => (
            Format::PentabarfXml,
            pentabarf_xml::read(body, file, options)?,
        ),
        Shape::ICalendar => (Format::ICalendar, ical::read(body, file, options)?),
        Shape::Other => return Err(unknown()),
    };
    finish(format, draft, file)
}

/// The schedule made of a draft, with the notes on its repairs.
fn finish(format: Format, draft: build::Draft, file: &str) -> Result<Imported, ImportError> {
    let (schedule, notes) = build::finish(draft, file)?;
    Ok(Imported {
        format,
        schedule,
        notes,
    })
}

/// Whether a JSON document opens with `"format": "hallway-schedule"` as its first member, as
/// every file hallway writes does: then it goes straight to the typed loader, without first
/// parsing the whole document to find out what it is.
fn starts_as_hallway(body: &[u8]) -> bool {
    let mut rest = content_start(body);
    for token in [&b"{"[..], b"\"format\"", b":"] {
        match rest.strip_prefix(token) {
            Some(r) => rest = content_start(r),
            None => return false,
        }
    }
    rest.strip_prefix(b"\"")
        .and_then(|r| r.strip_prefix(load::FORMAT.as_bytes()))
        .is_some_and(|r| r.starts_with(b"\""))
}

/// Hallway's own format, through its typed loader. Raw control characters (which no file
/// hallway writes contains) are only looked for when the file does not load as it is, so a
/// saved copy is read once.
fn load_hallway(body: &[u8], file: &str) -> Result<Imported, ImportError> {
    let parse = |bytes: &[u8]| {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ImportError::at(file, bytes, e.valid_up_to(), "the file is not valid UTF-8")
        })?;
        load::from_str(text, file).map_err(ImportError::from_load)
    };
    let schedule = match parse(body) {
        Ok(schedule) => schedule,
        Err(e) => match sanitize_json(body) {
            std::borrow::Cow::Owned(clean) => parse(&clean)?,
            std::borrow::Cow::Borrowed(_) => return Err(e),
        },
    };
    Ok(Imported {
        format: Format::Hallway,
        schedule,
        notes: Vec::new(),
    })
}

/// A serde_json error as a located syntax error.
fn json_error(file: &str, e: &serde_json::Error) -> ImportError {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(pos) => &msg[..pos],
        None => &msg,
    };
    ImportError::Syntax {
        file: file.to_owned(),
        line: e.line().max(1),
        column: e.column().max(1),
        message: one_line(msg),
    }
}

/// The name a session's `sources` gives for an imported file: its file name and format.
pub(crate) fn source_note(file: &str, format: Format) -> String {
    let name = Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    format!("imported from {name} ({})", format.describe())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    #[test]
    fn detection_looks_at_content() {
        assert_eq!(
            detect(b"\xEF\xBB\xBF \n{\"format\":\"hallway-schedule\"}"),
            Some(Format::Hallway)
        );
        assert_eq!(detect(b"{\"schedule\":{}}"), Some(Format::FrabJson));
        assert_eq!(detect(b"{\"sessions\":[]}"), None);
        assert_eq!(detect(b"{\"schedule\":"), None);
        assert_eq!(
            detect(b"<?xml version='1.0'?>\n<!-- x -->\n<!DOCTYPE schedule>\n<schedule>"),
            Some(Format::PentabarfXml)
        );
        assert_eq!(detect(b"<schedules>"), None);
        assert_eq!(detect(b"<iCalendar>"), None);
        assert_eq!(detect(b"\r\nbegin:vcalendar\r\n"), Some(Format::ICalendar));
        assert_eq!(detect(b""), None);
        assert_eq!(detect(b"BEGIN:VCAL"), None);
    }

    #[test]
    fn hallway_files_are_told_from_their_first_member() {
        assert!(starts_as_hallway(
            b"\xEF\xBB\xBF {\n  \"format\" :\t\"hallway-schedule\",\n"
        ));
        assert!(!starts_as_hallway(b"{\"format\": \"hallway-schedules\""));
        assert!(!starts_as_hallway(
            b"{\"version\": 1, \"format\": \"hallway-schedule\"}"
        ));
        assert!(!starts_as_hallway(b"{\"format\": \"hallway-"));
        // Not first: the whole document is looked into instead.
        assert_eq!(
            detect(b"{\"version\": 1, \"format\": \"hallway-schedule\"}"),
            Some(Format::Hallway)
        );
    }

    #[test]
    fn a_hallway_file_with_raw_control_characters_still_loads() {
        let text = "{\"format\": \"hallway-schedule\", \"version\": 1, \"conference\": {\"name\": \"C\", \"start_date\": \"2025-01-01\", \"end_date\": \"2025-01-01\", \"utc_offset\": \"+00:00\"}, \"sessions\": [{\"title\": \"A\tB\u{1}C\"}]}";
        let schedule = load_bytes(text.as_bytes(), "x.json").unwrap();
        assert_eq!(schedule.sessions()[0].title, "A B C");
        let broken = text.replace("\"sessions\"", "\"sessions\" x");
        let err = load_bytes(broken.as_bytes(), "x.json")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.json:1:"), "{err}");
    }

    #[test]
    fn positions_count_characters_and_all_line_ends() {
        assert_eq!(line_column(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_column(b"a\r\nb\rc", 5), (3, 1));
        assert_eq!(line_column("é".as_bytes(), 2), (1, 2));
        assert_eq!(line_column(b"abc", 99), (1, 4));
    }

    /// A reader that hands out one byte at a time, so every byte ends a chunk.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn blanking_a_stream_chunk_by_chunk_is_blanking_the_whole() {
        for raw in [
            &b"{\"a\": \"x\x01y\tz\"}\n"[..],
            b"{\"a\\\"\x02\": \"\\\\\x03\"\t, \"b\": \"\\\"\n\\\\\"\x04}",
            b"\x01\"\x1f\\",
            b"{\"clean\":\t\"\\\"\"}\r\n",
        ] {
            let mut streamed = Vec::new();
            let mut blanked = Blanked {
                inner: Trickle(raw),
                blank: Blank::default(),
                blanked: false,
            };
            blanked.read_to_end(&mut streamed).unwrap();
            assert_eq!(streamed, &sanitize_json(raw)[..], "{raw:?}");
            // It tells whether it changed anything, as `sanitize_json` does.
            let changed = matches!(sanitize_json(raw), std::borrow::Cow::Owned(_));
            assert_eq!(blanked.blanked, changed, "{raw:?}");
            assert_eq!(changed, !raw.starts_with(b"{\"clean"), "{raw:?}");
        }
    }

    #[test]
    fn raw_control_characters_in_json_become_spaces() {
        let raw = b"{\"a\": \"x\x01y\tz\"}\n";
        let clean = sanitize_json(raw);
        assert_eq!(&clean[..], b"{\"a\": \"x y z\"}\n");
        assert!(matches!(
            sanitize_json(b"{\"a\":\n1}"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
