//! Commands that bring programs and notes in and take them home: `import`, `conferences`,
//! `import-notes`, `export agenda`, `export notes --format json`, `backup`, `restore`.

use std::path::Path;

use serde::Serialize;

use super::Global;
use super::commands::{print, write_out};
use super::context::{self, Context, Failure, library_failure};
use crate::export;
use crate::import::ImportOptions;
use crate::library::Library;
use crate::notes_import::{self, Match};
use crate::store::Note;
use crate::timefmt;

fn read(file: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(file).map_err(|e| Failure::input(format!("{}: cannot read: {e}", file.display())))
}

pub fn import(
    global: &Global,
    file: &Path,
    name: Option<&str>,
    zone: Option<&str>,
) -> Result<(), Failure> {
    let time_zone = zone
        .map(|z| {
            z.parse::<chrono_tz::Tz>().map_err(|_| {
                Failure::input(format!(
                    "--time-zone \"{z}\" is not an IANA time zone such as Europe/Brussels"
                ))
            })
        })
        .transpose()?;
    let library = Library::new(&context::config_dir(global)?);
    let saved = library
        .import(file, name, &ImportOptions { time_zone })
        .map_err(library_failure)?;
    for note in &saved.imported.notes {
        eprintln!("hallway: note: {note}");
    }
    let s = &saved.imported.schedule;
    let mut text = format!(
        "imported {} as \"{}\": {} sessions ({}), {} to {}\n",
        s.conference.name,
        saved.name,
        s.sessions().len(),
        saved.imported.format.describe(),
        s.conference.start_date,
        s.conference.end_date,
    );
    if let Some(previous) = &saved.previous {
        text.push_str(&format!(
            "replaced the earlier copy ({} sessions); your stars and notes are kept\n",
            previous.sessions().len()
        ));
    }
    text.push_str(&format!(
        "open it with: hallway --conference {}\n",
        saved.name
    ));
    print(&text)
}

pub fn conferences(global: &Global) -> Result<(), Failure> {
    let library = Library::new(&context::config_dir(global)?);
    let entries = library.list();
    let w = entries
        .iter()
        .map(|e| e.as_ref().map_or_else(|(n, _)| n.len(), |e| e.name.len()))
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for entry in entries {
        match entry {
            Ok(e) => text.push_str(&format!(
                "{:<w$}  {}  {:>5} sessions  {}{}\n",
                e.name,
                if e.start == e.end {
                    e.start.to_string()
                } else {
                    format!("{}…{}", e.start, e.end.format("%m-%d"))
                },
                e.sessions,
                e.title,
                if e.bundled { "  (bundled)" } else { "" }
            )),
            Err((name, e)) => text.push_str(&format!("{name:<w$}  cannot be opened: {e}\n")),
        }
    }
    print(&text)
}

pub fn agenda(global: &Global, output: Option<&Path>) -> Result<(), Failure> {
    let ctx = Context::open(global)?;
    let agenda = export::ical::agenda(&ctx.schedule, &ctx.store, ctx.now);
    if !agenda.skipped.is_empty() {
        eprintln!(
            "hallway: {} starred session{} without a published date left out: {}",
            agenda.skipped.len(),
            if agenda.skipped.len() == 1 { "" } else { "s" },
            agenda.skipped.join(", ")
        );
    }
    if output.is_some() {
        eprintln!("hallway: {} events", agenda.events);
    }
    write_out(output, &agenda.text)
}

#[derive(Serialize)]
struct NotesJson<'a> {
    conference: &'a crate::schedule::Conference,
    sessions: Vec<SessionNotes<'a>>,
}

#[derive(Serialize)]
struct SessionNotes<'a> {
    id: &'a str,
    title: Option<&'a str>,
    when: Option<String>,
    room: Option<&'a str>,
    in_program: bool,
    starred: bool,
    notes: Vec<NumberedNote<'a>>,
}

#[derive(Serialize)]
struct NumberedNote<'a> {
    number: usize,
    #[serde(flatten)]
    note: &'a Note,
}

pub fn notes_json(ctx: &Context) -> Result<String, Failure> {
    let conf = ctx.conference_id();
    let mut ids: Vec<&str> = ctx.store.sessions_with_notes(conf).collect();
    ids.sort_by_key(|id| ctx.schedule.index().position(id).unwrap_or(usize::MAX));
    let sessions = ids
        .into_iter()
        .map(|id| {
            let s = ctx.schedule.get(id);
            SessionNotes {
                id,
                title: s.map(|s| s.title.as_str()),
                when: s.map(|s| timefmt::when_line(&ctx.schedule.conference, s)),
                room: s.and_then(|s| s.room.as_deref()),
                in_program: s.is_some(),
                starred: ctx.store.is_starred(conf, id),
                notes: ctx
                    .store
                    .notes(conf, id)
                    .iter()
                    .enumerate()
                    .map(|(i, note)| NumberedNote {
                        number: i + 1,
                        note,
                    })
                    .collect(),
            }
        })
        .collect();
    let doc = NotesJson {
        conference: &ctx.schedule.conference,
        sessions,
    };
    serde_json::to_string_pretty(&doc)
        .map(|t| t + "\n")
        .map_err(|e| Failure::environment(format!("cannot encode JSON: {e}")))
}

pub fn import_notes(global: &Global, file: &Path, session: Option<&str>) -> Result<(), Failure> {
    let bytes = read(file)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("{}: not UTF-8 text", file.display())))?;
    let mut ctx = Context::open(global)?;
    let forced = session
        .map(|id| ctx.session(id).map(|s| s.id.clone()))
        .transpose()?;
    let report = notes_import::import(
        &ctx.schedule,
        &mut ctx.store,
        &text,
        forced.as_deref(),
        ctx.now,
    )
    .map_err(|e| match e {
        notes_import::ImportError::UnknownSession { id, .. } => {
            Failure::input(format!("unknown session id \"{id}\""))
        }
        notes_import::ImportError::Store { partial, source } => Failure::environment(format!(
            "{source}; the import stopped after {} notes",
            partial.notes_added()
        )),
    })?;
    let mut out = String::new();
    for (id, n) in &report.added {
        let title = ctx
            .schedule
            .get(id)
            .map_or(id.as_str(), |s| s.title.as_str());
        out.push_str(&format!("{n:>3} notes → {title}  [{id}]\n"));
    }
    for (block, why) in &report.skipped {
        let heading: String = block.title_line().chars().take(60).collect();
        let reason = match why {
            Match::Ambiguous(ids) => format!("could be any of {}", ids.join(", ")),
            Match::NoMatch => "matches no session".to_owned(),
            Match::Session(_) => "skipped".to_owned(),
        };
        eprintln!(
            "hallway: {}:{}: \"{heading}\" {reason}; {} notes not imported (use --session ID)",
            file.display(),
            block.line,
            block.notes.len()
        );
    }
    out.push_str(&format!("{} notes imported\n", report.notes_added()));
    print(&out)
}

pub fn backup(global: &Global, file: &Path) -> Result<(), Failure> {
    let store = context::open_store(global)?;
    let bytes = store
        .backup()
        .map_err(|e| Failure::environment(e.to_string()))?;
    crate::store::replace_file(file, &bytes)
        .map_err(|e| Failure::environment(format!("{}: cannot write: {e}", file.display())))?;
    print(&format!(
        "backed up {} to {}\n",
        store.path().display(),
        file.display()
    ))
}

pub fn restore(global: &Global, file: &Path) -> Result<(), Failure> {
    let bytes = read(file)?;
    let mut store = context::open_store(global)?;
    let now = context::now(global);
    let done = store
        .restore(&bytes, &file.display().to_string(), now)
        .map_err(|e| match e {
            crate::store::RestoreError::Store(e) => Failure::environment(e.to_string()),
            other => Failure::input(other.to_string()),
        })?;
    print(&format!(
        "restored {} stars and {} notes from {}; nothing already here was changed\n",
        done.stars,
        done.notes,
        file.display()
    ))
}
