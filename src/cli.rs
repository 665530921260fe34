//! The command line: global options and subcommands (clap derive). Never enters raw mode.
//!
//! The modules depend on each other one way (tests/architecture.rs checks it): [`commands`]
//! dispatches to the commands it holds and to [`take_home`] and [`time_cmds`]; those use
//! [`context`] (schedule, store, clock), [`download`] (`--schedule URL`, the HTTP client),
//! [`output`] (text layout of sessions and notes) and [`write`] (stdout, JSON, `--output`
//! files); at the bottom, [`failure`] (the error and its exit code) and [`emit`] (every byte
//! to the terminal, escaped).

pub mod commands;
pub mod context;
pub mod download;
pub mod emit;
pub mod failure;
pub mod move_note;
pub mod output;
pub mod take_home;
pub mod time_cmds;
pub mod write;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// hallway — a terminal conference companion: browse the program offline, star sessions, jot
/// numbered notes during talks, and take them home.
#[derive(Debug, Parser)]
#[command(name = "hallway", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Open this schedule file, or download it from this http(s) URL, instead of the bundled
    /// PyTorch Conference 2024: hallway's format, frab/pretalx JSON, Pentabarf/frab XML or
    /// iCalendar (told apart by content).
    #[arg(
        long,
        global = true,
        value_name = "FILE|URL",
        conflicts_with = "conference"
    )]
    pub schedule: Option<PathBuf>,
    /// Open a conference imported earlier with `hallway import` (see `hallway conferences`).
    #[arg(long, global = true, value_name = "NAME", env = "HALLWAY_CONFERENCE")]
    pub conference: Option<String>,
    /// Keep stars and notes in DIR instead of the user's config folder.
    #[arg(long, global = true, value_name = "DIR", env = "HALLWAY_CONFIG_DIR")]
    pub config_dir: Option<PathBuf>,
    /// Pretend it is TIME, the clock for everything time-aware: 2024-09-18T14:56 (or with
    /// seconds) in the conference's time zone, 14:56 for that time today there, or RFC 3339
    /// with an offset (2024-09-18T14:56:00-07:00).
    // Kept as text: times without an offset are read in the conference's zone, known only once
    // the schedule is loaded (`context::now_in`).
    #[arg(long, global = true, value_name = "TIME", env = "HALLWAY_NOW")]
    pub now: Option<String>,
}

fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("\"{text}\" is not a size such as 120x40"))?;
    let parse = |v: &str| {
        v.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| format!("\"{text}\": each side must be 1 to 1000 cells"))
    };
    Ok((parse(w)?, parse(h)?))
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List sessions, one a line: id, day, time, room, title, ★ when starred.
    List(ListArgs),
    /// Show every field of one session, and its numbered notes.
    Show {
        /// The session's id (as `hallway list` shows it).
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Search titles, speakers, affiliations, summaries, kinds, tracks and rooms; typos allowed.
    Search {
        /// Words to look for.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Star sessions you mean to attend.
    Star {
        /// Session ids.
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
    },
    /// Remove stars.
    Unstar {
        /// Session ids.
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
    },
    /// Add the next numbered note to a session; prints its number.
    Note {
        /// The session's id.
        id: String,
        /// The note (several words are joined with spaces).
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// Move a note, or a range of notes, to the session they belong to (one save); both
    /// sessions are renumbered.
    MoveNote {
        /// The session the notes are on now.
        id: String,
        /// The note's number, or a range (6-8), as `hallway notes` numbers them.
        #[arg(value_name = "NUMBER[-NUMBER]")]
        numbers: String,
        /// The session to move them to.
        #[arg(long, value_name = "ID")]
        to: String,
    },
    /// Print your notes, grouped by session and numbered.
    Notes {
        /// Only this session's notes.
        id: Option<String>,
    },
    /// Write your notes or your agenda out to take home.
    #[command(subcommand)]
    Export(Export),
    /// Import a program (frab/pretalx JSON, Pentabarf XML, iCalendar) from a file or an
    /// http(s) URL, to open offline by name.
    Import {
        /// The schedule file, or its http(s) URL (e.g. https://EVENT.sched.com/all.ics).
        #[arg(value_name = "FILE|URL")]
        source: String,
        /// The name to open it by (default: derived from the conference).
        #[arg(long)]
        name: Option<String>,
        /// The conference's time zone (IANA name such as Europe/Brussels), for files that only
        /// carry UTC or floating times (Sched's all.ics is in UTC).
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
    },
    /// Download a newer version of conferences imported from a URL (all of them without NAME)
    /// and say what changed; "not modified" changes nothing, a failure keeps the saved copy.
    Refresh {
        /// The conference to refresh (see `hallway conferences`).
        name: Option<String>,
    },
    /// List the conferences hallway can open: the bundled one and those imported.
    Conferences,
    /// Read notes written elsewhere (a talk's title, then numbered lines) into your notes.
    ImportNotes {
        /// The text file.
        file: PathBuf,
        /// Put every block's notes on this session instead of matching headings.
        #[arg(long, value_name = "ID")]
        session: Option<String>,
        /// Then go through the notes that look like another talk, one question each (y to
        /// move them, anything else to leave them).
        #[arg(long)]
        review: bool,
    },
    /// Copy all your stars and notes (every conference) to FILE.
    Backup {
        /// Where to write the backup.
        file: PathBuf,
    },
    /// Merge a backup into your stars and notes; nothing already here is removed.
    Restore {
        /// A file written by `hallway backup` (or a copy of state.json).
        file: PathBuf,
    },
    /// Replay KEYS in the interactive program without a terminal and print the final screen.
    Render {
        /// Screen size, COLSxROWS.
        #[arg(long, default_value = "120x40", value_parser = parse_size)]
        size: (u16, u16),
        /// Keys to replay: characters, and <Enter> <Esc> <Tab> <S-Tab> <Up> <Down> <Left>
        /// <Right> <PageUp> <PageDown> <Home> <End> <Space> <BS> <Del> <C-x> <A-x>.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        keys: String,
    },
    /// What is on now, and what starts next (at the next start time, within the horizon of
    /// config.toml's [now] horizon_minutes); uses --now / HALLWAY_NOW.
    Now {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Your starred sessions per day in time order, with clashes and free time.
    Agenda {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check a schedule file; prints every problem and exits 2 when there are any.
    Validate {
        /// The schedule file.
        file: PathBuf,
    },
}

/// `hallway list` filters.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this day: 2024-09-18, a weekday (wed), or `none` for sessions without a date.
    #[arg(long, value_name = "DATE")]
    pub day: Option<String>,
    /// Only sessions whose track, mini-summit or kind contains NAME (any case).
    #[arg(long, value_name = "NAME")]
    pub track: Option<String>,
    /// Only sessions whose room contains NAME (any case), or `none` for no published room.
    #[arg(long, value_name = "NAME")]
    pub room: Option<String>,
    /// Only sessions with a speaker whose name contains NAME (any case, any spacing).
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only starred sessions.
    #[arg(long)]
    pub starred: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `hallway export` targets.
#[derive(Debug, Subcommand)]
pub enum Export {
    /// Your notes: Markdown (the conference, then each session with notes) or JSON.
    Notes {
        /// Write to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// md or json.
        #[arg(long, value_enum, default_value = "md")]
        format: NotesFormat,
    },
    /// Your starred sessions as an iCalendar file for your phone's calendar.
    Agenda {
        /// Write to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The formats of `hallway export notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NotesFormat {
    Md,
    Json,
}
