//! The subcommands. Each loads what it needs through [`Context`], prints plain text (or JSON)
//! on stdout, and returns a [`Failure`] for main to print as one line per problem.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::context::{self, Context};
use super::failure::Failure;
use super::output::{self, Columns};
use super::take_home;
use super::write::{print, print_json, write_out};
use super::{Command, Export, Global, ListArgs, NotesFormat};
use crate::export;
use crate::schedule::{self, Schedule, Session, speakers};
use crate::search::SearchIndex;
use crate::store::{Change, Note, Outcome, Store};
use crate::tui;

/// Runs one subcommand.
///
/// # Errors
/// A [`Failure`] naming what went wrong.
pub fn run(global: &Global, command: Command) -> Result<(), Failure> {
    match command {
        Command::Validate { file } => validate(&file),
        Command::List(args) => list(&Context::open(global)?, &args),
        Command::Show { id, json } => show(&Context::open(global)?, &id, json),
        Command::Search { query, json } => search(&Context::open(global)?, &query.join(" "), json),
        Command::Star { ids } => star(&mut Context::open(global)?, &ids, true),
        Command::Unstar { ids } => star(&mut Context::open(global)?, &ids, false),
        Command::Note { id, text } => note(&mut Context::open(global)?, &id, &text.join(" ")),
        Command::MoveNote { id, numbers, to } => {
            super::move_note::run(&mut Context::open(global)?, &id, &numbers, &to)
        }
        Command::Notes { id } => notes(&Context::open(global)?, id.as_deref()),
        Command::Render { size, keys } => render(global, size, &keys),
        Command::Export(Export::Notes { output, format }) => {
            let ctx = Context::open(global)?;
            let text = match format {
                NotesFormat::Md => export::markdown::notes(&ctx.schedule, &ctx.store),
                NotesFormat::Json => take_home::notes_json(&ctx)?,
            };
            write_out(output.as_deref(), &text)
        }
        Command::Export(Export::Agenda { output }) => take_home::agenda(global, output.as_deref()),
        Command::Import {
            source,
            name,
            time_zone,
        } => take_home::import(global, &source, name.as_deref(), time_zone.as_deref()),
        Command::Refresh { name } => take_home::refresh(global, name.as_deref()),
        Command::Conferences => take_home::conferences(global),
        Command::ImportNotes {
            file,
            session,
            review,
        } => take_home::import_notes(global, &file, session.as_deref(), review),
        Command::Backup { file } => take_home::backup(global, &file),
        Command::Restore { file } => take_home::restore(global, &file),
        Command::Now { json } => super::time_cmds::now(global, json),
        Command::Agenda { json } => super::time_cmds::agenda(global, json),
    }
}

fn render(global: &Global, size: (u16, u16), keys: &str) -> Result<(), Failure> {
    let keys = tui::key::parse_keys(keys).map_err(|e| Failure::input(e.to_string()))?;
    let ctx = Context::open(global)?;
    let (config, warning) = crate::config::load(ctx.store.dir());
    let mut app = tui::app::App::new(ctx.schedule, ctx.store, ctx.now, size);
    app.config = config;
    app.tick(ctx.now);
    tui::effects::load_changes(&mut app);
    if let Some(warning) = warning {
        app.complain(warning);
    }
    tui::headless::replay(&mut app, &keys);
    let buffer = tui::headless::draw(&mut app, tui::ui::Theme::new(true));
    app.finish();
    print(&tui::headless::to_text(&buffer))
}

/// Starts the interactive program.
///
/// # Errors
/// A malformed schedule, an unreadable store, or a terminal failure.
pub fn interactive(global: &Global) -> Result<(), Failure> {
    let schedule = context::load_schedule(global)?;
    let dir = context::config_dir(global)?;
    let given = context::given_now(global, &crate::timefmt::Zone::of(&schedule.conference))?;
    let clock = tui::Clock::new(given);
    let now = clock.now();
    let (store, notices) =
        Store::open(&dir, now).map_err(|e| Failure::environment(e.to_string()))?;
    let size = ratatui::crossterm::terminal::size().unwrap_or((120, 40));
    let mut app = tui::app::App::new(schedule, store, now, size);
    if let Some(notice) = notices.last() {
        app.complain(notice.to_string());
    }
    let (config, warning) = crate::config::load(&dir);
    app.config = config;
    app.tick(now);
    tui::effects::load_changes(&mut app);
    if let Some(warning) = warning {
        app.complain(warning);
    }
    tui::run(app, clock, tui::ui::Theme::from_env())
        .map_err(|e| Failure::environment(format!("terminal error: {e}")))
}

fn validate(file: &Path) -> Result<(), Failure> {
    let schedule = schedule::load::from_path(file)?;
    let timed = schedule
        .sessions()
        .iter()
        .filter(|s| s.start.is_some())
        .count();
    print(&format!(
        "{}: valid: {} ({} sessions, {timed} with a published time)\n",
        file.display(),
        schedule.conference.name,
        schedule.sessions().len()
    ))
}

/// A session as `list --json`, `search --json` and `show --json` print it.
#[derive(Serialize)]
struct SessionJson<'a> {
    #[serde(flatten)]
    session: &'a Session,
    starred: bool,
    notes: &'a [Note],
}

fn session_json<'a>(ctx: &'a Context, s: &'a Session) -> SessionJson<'a> {
    SessionJson {
        session: s,
        starred: ctx.store.is_starred(ctx.conference_id(), &s.id),
        notes: ctx.store.notes(ctx.conference_id(), &s.id),
    }
}

fn print_sessions(ctx: &Context, sessions: &[&Session], json: bool) -> Result<(), Failure> {
    if json {
        let items: Vec<SessionJson<'_>> = sessions.iter().map(|s| session_json(ctx, s)).collect();
        return print_json(&items);
    }
    let cols = Columns::fit(sessions.iter().copied());
    let mut text = String::new();
    for s in sessions {
        let starred = ctx.store.is_starred(ctx.conference_id(), &s.id);
        text.push_str(&output::session_line(
            &ctx.schedule.conference,
            s,
            &cols,
            starred,
        ));
        text.push('\n');
    }
    print(&text)
}

/// Which day `--day` means: a date, a weekday name, or `none`.
enum DayFilter {
    On(NaiveDate),
    Undated,
}

fn parse_day(schedule: &Schedule, text: &str) -> Result<DayFilter, Failure> {
    let t = text.trim().to_lowercase();
    if matches!(t.as_str(), "none" | "undated" | "no-date" | "n/p") {
        return Ok(DayFilter::Undated);
    }
    if let Ok(date) = NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
        return Ok(DayFilter::On(date));
    }
    let conf = &schedule.conference;
    let days = conf
        .start_date
        .iter_days()
        .take_while(|d| *d <= conf.end_date);
    let matching: Vec<NaiveDate> = days
        .filter(|d| {
            let long = d.format("%A").to_string().to_lowercase();
            t.len() >= 2 && long.starts_with(&t) || d.day().to_string() == t
        })
        .collect();
    match matching.as_slice() {
        [day] => Ok(DayFilter::On(*day)),
        _ => Err(Failure::input(format!(
            "--day \"{text}\": give a date such as {}, a weekday of the conference, or none",
            conf.start_date
        ))),
    }
}

fn contains(haystack: Option<&str>, needle: &str) -> bool {
    haystack.is_some_and(|h| h.to_lowercase().contains(&needle.to_lowercase()))
}

fn list(ctx: &Context, args: &ListArgs) -> Result<(), Failure> {
    let day = args
        .day
        .as_deref()
        .map(|d| parse_day(&ctx.schedule, d))
        .transpose()?;
    let sessions: Vec<&Session> = ctx
        .schedule
        .sessions()
        .iter()
        .filter(|s| match &day {
            None => true,
            Some(DayFilter::On(d)) => s.day == Some(*d),
            Some(DayFilter::Undated) => s.day.is_none(),
        })
        .filter(|s| {
            args.track
                .as_deref()
                .is_none_or(|t| contains(s.track.as_deref(), t) || contains(s.kind.as_deref(), t))
        })
        .filter(|s| match args.room.as_deref() {
            None => true,
            Some(r) if r.eq_ignore_ascii_case("none") => s.room.is_none(),
            Some(r) => contains(s.room.as_deref(), r),
        })
        .filter(|s| {
            args.speaker.as_deref().is_none_or(|want| {
                let want = speakers::key(want);
                s.speakers
                    .iter()
                    .any(|sp| speakers::key(&sp.name).contains(&want))
            })
        })
        .filter(|s| !args.starred || ctx.store.is_starred(ctx.conference_id(), &s.id))
        .collect();
    if sessions.is_empty() {
        suggest_names(&ctx.schedule, args);
    }
    print_sessions(ctx, &sessions, args.json)
}

/// When a `--track`, `--room` or `--speaker` filter names nothing in the program, says so on
/// standard error with the closest names (typos allowed), as `search` does for no match.
fn suggest_names(schedule: &Schedule, args: &ListArgs) {
    let ix = schedule.index();
    let tracks = || {
        ix.tracks()
            .keys()
            .chain(ix.kinds().keys())
            .map(String::as_str)
    };
    let rooms = || ix.rooms().keys().map(String::as_str);
    let people = || schedule.speakers().iter().map(|sp| sp.name.as_str());
    if let Some(t) = args.track.as_deref() {
        report_unknown("track", t, &closest_names(tracks(), t));
    }
    if let Some(r) = args
        .room
        .as_deref()
        .filter(|r| !r.eq_ignore_ascii_case("none"))
    {
        report_unknown("room", r, &closest_names(rooms(), r));
    }
    if let Some(p) = args.speaker.as_deref() {
        report_unknown("speaker", p, &closest_names(people(), p));
    }
}

/// Says that no `what` is named `wanted`, unless a name contains it (`found` is `None`).
fn report_unknown(what: &str, wanted: &str, found: &Option<Vec<&str>>) {
    match found {
        None => {}
        Some(close) if close.is_empty() => {
            crate::cli::emit::say!("hallway: no {what} matches \"{wanted}\"");
        }
        Some(close) => crate::cli::emit::say!(
            "hallway: no {what} matches \"{wanted}\"; did you mean {}?",
            close
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `None` when one of `names` contains `wanted` (any case, any spacing): the filter is fine.
/// Otherwise the (at most three) names closest to it, best first.
fn closest_names<'a>(names: impl Iterator<Item = &'a str>, wanted: &str) -> Option<Vec<&'a str>> {
    let want = speakers::key(wanted);
    let mut scored: Vec<(f64, &str)> = Vec::new();
    for name in names {
        let key = speakers::key(name);
        if key.contains(&want) {
            return None;
        }
        // The best of the whole name and each of its words, so `Romo` finds `Room A`.
        let score = std::iter::once(key.as_str())
            .chain(key.split(' '))
            .map(|part| strsim::jaro_winkler(&want, part))
            .fold(strsim::jaro_winkler(&want, &key), f64::max);
        if score > 0.8 {
            scored.push((score, name));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    Some(scored.into_iter().take(3).map(|(_, n)| n).collect())
}

fn show(ctx: &Context, id: &str, json: bool) -> Result<(), Failure> {
    let s = ctx.session(id)?;
    if json {
        return print_json(&session_json(ctx, s));
    }
    let conf = ctx.conference_id();
    print(&output::show(
        &ctx.schedule.conference,
        s,
        ctx.store.is_starred(conf, &s.id),
        ctx.store.notes(conf, &s.id),
    ))
}

fn search(ctx: &Context, query: &str, json: bool) -> Result<(), Failure> {
    let mut index = SearchIndex::new(&ctx.schedule);
    let sessions: Vec<&Session> = index
        .search(&ctx.schedule, query)
        .iter()
        .filter_map(|h| ctx.schedule.sessions().get(h.position))
        .collect();
    if sessions.is_empty() && !json {
        crate::cli::emit::say!("hallway: nothing matches \"{query}\"");
        return Ok(());
    }
    print_sessions(ctx, &sessions, json)
}

fn star(ctx: &mut Context, ids: &[String], on: bool) -> Result<(), Failure> {
    // Check every id before changing anything, so a typo changes nothing.
    let mut sessions = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match ctx.session(id) {
            Ok(s) => sessions.push((s.id.clone(), s.title.clone())),
            Err(f) => unknown.extend(f.lines),
        }
    }
    if !unknown.is_empty() {
        return Err(Failure::inputs(unknown));
    }
    let conference = ctx.conference_id().to_owned();
    let mut text = String::new();
    for (session, title) in sessions {
        let change = if on {
            Change::Star {
                conference: conference.clone(),
                session: session.clone(),
            }
        } else {
            Change::Unstar {
                conference: conference.clone(),
                session: session.clone(),
            }
        };
        let line = match ctx.apply(change)? {
            Outcome::Starred { already: false } => format!("★ starred {session}  {title}"),
            Outcome::Starred { already: true } => format!("★ already starred {session}  {title}"),
            Outcome::Unstarred { was: true } => format!("☆ unstarred {session}  {title}"),
            _ => format!("☆ was not starred {session}  {title}"),
        };
        text.push_str(&line);
        text.push('\n');
    }
    print(&text)
}

fn note(ctx: &mut Context, id: &str, text: &str) -> Result<(), Failure> {
    if text.trim().is_empty() {
        return Err(Failure::input(
            "the note is empty; write it after the session id",
        ));
    }
    let s = ctx.session(id)?;
    let (session, title) = (s.id.clone(), s.title.clone());
    let change = Change::AddNote {
        conference: ctx.conference_id().to_owned(),
        session: session.clone(),
        text: text.to_owned(),
    };
    match ctx.apply(change)? {
        Outcome::NoteAdded { number, .. } => print(&format!("{number}\t{session}  {title}\n")),
        other => Err(Failure::environment(format!(
            "unexpected outcome {other:?}"
        ))),
    }
}

fn notes(ctx: &Context, id: Option<&str>) -> Result<(), Failure> {
    let conf = ctx.conference_id();
    let ids: Vec<String> = match id {
        Some(id) => vec![ctx.session(id)?.id.clone()],
        None => {
            let mut ids: Vec<&str> = ctx.store.sessions_with_notes(conf).collect();
            // Program order first; sessions the program no longer has go last.
            ids.sort_by_key(|id| ctx.schedule.index().position(id).unwrap_or(usize::MAX));
            ids.into_iter().map(str::to_owned).collect()
        }
    };
    let mut text = String::new();
    for id in &ids {
        let notes = ctx.store.notes(conf, id);
        if notes.is_empty() {
            continue;
        }
        match ctx.schedule.get(id) {
            Some(s) => text.push_str(&format!("{}  [{id}]\n", s.title)),
            None => text.push_str(&format!("[{id}]  (no longer in the program)\n")),
        }
        text.push_str(&output::numbered(notes, "  "));
        text.push('\n');
    }
    if text.is_empty() {
        crate::cli::emit::say!("hallway: no notes yet; add one with: hallway note ID TEXT");
        return Ok(());
    }
    print(&text)
}
