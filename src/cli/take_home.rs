//! Commands that bring programs and notes in and take them home: `import` (a file or a URL),
//! `refresh`, `conferences`, `import-notes`, `export agenda`, `export notes --format json`,
//! `backup`, `restore`; and `--schedule URL`.

use std::path::Path;

use serde::Serialize;

use super::Global;
use super::context::{self, Context};
use super::download::{failure, fetcher};
use super::failure::Failure;
use super::write::{print, write_out};
use crate::changes::{self, Changes};
use crate::export;
use crate::fetch;
use crate::import::ImportOptions;
use crate::library::{Library, RefreshOutcome};
use crate::notes_import::{self, Match};
use crate::schedule::Schedule;
use crate::store::Note;
use crate::timefmt;

fn read(file: &Path) -> Result<Vec<u8>, Failure> {
    fetch::local::read(file)
        .map_err(|e| Failure::input(format!("{}: cannot read: {e}", file.display())))
}

pub fn import(
    global: &Global,
    source: &str,
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
    let options = ImportOptions { time_zone };
    let library = Library::new(&context::config_dir(global)?);
    let now = context::now(global)?;
    let saved = if fetch::is_url(source) {
        library.import_url(source, name, &options, &fetcher()?, now)
    } else {
        library.import_file(Path::new(source), name, &options, now)
    }
    .map_err(failure)?;
    for note in &saved.imported.notes {
        crate::cli::emit::say!("hallway: note: {note}");
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
    if let Some(changes) = &saved.changes {
        text.push_str(&change_report(global, s, changes)?);
    }
    if let Some(url) = &saved.source.url {
        text.push_str(&format!(
            "downloaded from {url}; `hallway refresh {}` asks for a newer version\n",
            saved.name
        ));
    }
    text.push_str(&format!(
        "open it with: hallway --conference {}\n",
        saved.name
    ));
    // The process ends here: the programs (new and previous) are left for the OS to reclaim
    // rather than freed one allocation at a time.
    std::mem::forget(saved);
    print(&text)
}

/// `hallway refresh [NAME]`: every conference downloaded from a URL, or one. Each failure is
/// reported and the others go on; the exit code is the worst (2 for "not a schedule" or a bad
/// name, 1 for the network or the server).
pub fn refresh(global: &Global, name: Option<&str>) -> Result<(), Failure> {
    let library = Library::new(&context::config_dir(global)?);
    let names = match name {
        Some(n) => vec![Library::name_for(n)],
        None => library.refreshable(),
    };
    if names.is_empty() {
        return print(
            "nothing to refresh: no conference was imported from a URL (hallway import URL)\n",
        );
    }
    let fetcher = fetcher()?;
    let now = context::now(global)?;
    let mut code = 0;
    for name in &names {
        match library.refresh(name, &fetcher, now) {
            Ok(RefreshOutcome::NotModified { name, url }) => {
                print(&format!("{name}: not modified ({url}); nothing changed\n"))?;
            }
            Ok(RefreshOutcome::Updated(saved)) => {
                let s = &saved.imported.schedule;
                let mut text = format!(
                    "{}: updated from {}: {} sessions{}\n",
                    saved.name,
                    saved.source.url.as_deref().unwrap_or_default(),
                    s.sessions().len(),
                    saved
                        .previous
                        .as_ref()
                        .map(|p| format!(" (was {})", p.sessions().len()))
                        .unwrap_or_default(),
                );
                for note in &saved.imported.notes {
                    crate::cli::emit::say!("hallway: {name}: note: {note}");
                }
                if let Some(changes) = &saved.changes {
                    text.push_str(&change_report(global, s, changes)?);
                }
                print(&text)?;
            }
            Err(e) => {
                let f = failure(e);
                let kept = if library.open(name).is_ok() {
                    "; the saved copy is kept as it was"
                } else {
                    ""
                };
                for line in &f.lines {
                    crate::cli::emit::say!("hallway: {name}: not refreshed{kept}: {line}");
                }
                code = code.max(f.code);
            }
        }
    }
    match code {
        0 => Ok(()),
        // The lines were printed above, one per failed conference.
        code => Err(Failure {
            lines: Vec::new(),
            code,
        }),
    }
}

/// What changed, the attendee's sessions first; added sessions counted, the rest capped so a
/// rewritten program does not flood the terminal.
fn change_report(
    global: &Global,
    schedule: &Schedule,
    changes: &Changes,
) -> Result<String, Failure> {
    const OTHERS_SHOWN: usize = 30;
    if changes.is_empty() {
        return Ok("no change to the program\n".to_owned());
    }
    let store = context::open_store(global)?;
    let lines = changes::report(changes, &schedule.conference, &store);
    let mine: Vec<&str> = lines
        .iter()
        .filter(|l| l.mine)
        .map(|l| l.text.as_str())
        .collect();
    let others: Vec<&str> = lines
        .iter()
        .filter(|l| !l.mine)
        .map(|l| l.text.as_str())
        .collect();
    let mut text = String::new();
    if !mine.is_empty() {
        let n = mine.len();
        text.push_str(&format!(
            "{n} change{} to your sessions (★ starred, ✎ with notes):\n",
            if n == 1 { "" } else { "s" }
        ));
        for line in &mine {
            text.push_str(&format!("  {line}\n"));
        }
    }
    if !others.is_empty() {
        text.push_str(if mine.is_empty() {
            "changes:\n"
        } else {
            "other changes:\n"
        });
        for line in others.iter().take(OTHERS_SHOWN) {
            text.push_str(&format!("  {line}\n"));
        }
        if others.len() > OTHERS_SHOWN {
            text.push_str(&format!("  … and {} more\n", others.len() - OTHERS_SHOWN));
        }
    }
    Ok(text)
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

/// `hallway export agenda`: the starred sessions as iCalendar. Sessions left out are named by
/// title on stderr; when nothing at all can go in a calendar, no file is written and the
/// command fails (exit 1) saying why.
pub fn agenda(global: &Global, output: Option<&Path>) -> Result<(), Failure> {
    let ctx = Context::open(global)?;
    let agenda = export::ical::agenda(&ctx.schedule, &ctx.store, ctx.now);
    let named = |id: &String| {
        ctx.schedule
            .get(id)
            .map_or_else(|| format!("[{id}]"), |s| format!("\"{}\" [{id}]", s.title))
    };
    let undated = |n: usize| {
        format!(
            "{n} starred session{} without a published date or time",
            plural(n)
        )
    };
    let gone = |n: usize| format!("{n} starred session{} no longer in the program", plural(n));
    if agenda.events == 0 {
        let mut lines = vec![if agenda.skipped.is_empty() && agenda.missing.is_empty() {
            "nothing to export: no session of this program is starred (star one with `hallway \
             star ID`, or s in the app); no file written"
                .to_owned()
        } else {
            "nothing to export: a calendar needs at least a date, and none of your starred \
             sessions has one; no file written"
                .to_owned()
        }];
        if !agenda.skipped.is_empty() {
            lines.push(format!("{}:", undated(agenda.skipped.len())));
            lines.extend(agenda.skipped.iter().map(|id| format!("  {}", named(id))));
        }
        if !agenda.missing.is_empty() {
            lines.push(format!("{}:", gone(agenda.missing.len())));
            lines.extend(agenda.missing.iter().map(|id| format!("  {}", named(id))));
        }
        return Err(Failure { lines, code: 1 });
    }
    if !agenda.skipped.is_empty() {
        let names: Vec<String> = agenda.skipped.iter().map(named).collect();
        crate::cli::emit::say!(
            "hallway: {} left out (a calendar needs at least a date): {}",
            undated(agenda.skipped.len()),
            names.join(", ")
        );
    }
    if !agenda.missing.is_empty() {
        crate::cli::emit::say!(
            "hallway: {} left out: {}",
            gone(agenda.missing.len()),
            agenda.missing.join(", ")
        );
    }
    if output.is_some() {
        let events = agenda.events;
        crate::cli::emit::say!(
            "hallway: {events} event{}",
            if events == 1 { "" } else { "s" }
        );
    }
    write_out(output, &agenda.text)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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

/// `hallway import-notes FILE [--session ID] [--review]`: imports, reports, then points out
/// runs of notes that look like another talk than their heading's — moving them only when the
/// user answers yes to `--review`.
pub fn import_notes(
    global: &Global,
    file: &Path,
    session: Option<&str>,
    review: bool,
) -> Result<(), Failure> {
    let bytes = read(file)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("{}: not UTF-8 text", file.display())))?;
    let mut ctx = Context::open(global)?;
    let forced = session
        .map(|id| ctx.session(id).map(|s| s.id.clone()))
        .transpose()?;
    let imported = notes_import::import(
        &ctx.schedule,
        &mut ctx.store,
        &text,
        forced.as_deref(),
        ctx.now,
    );
    for notice in ctx.store.take_notices() {
        eprintln!("hallway: {notice}");
    }
    let report = imported.map_err(|e| match e {
        notes_import::ImportError::UnknownSession { id, .. } => {
            Failure::input(format!("unknown session id \"{id}\""))
        }
        // The import is one save: all of it, or nothing unless the store says otherwise.
        notes_import::ImportError::Store { partial, source } => match partial.notes_added() {
            0 => Failure::environment(format!("{source}; no note was imported")),
            _ => Failure::environment(format!("{source}; the other notes were imported")),
        },
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
        crate::cli::emit::say!(
            "hallway: {}:{}: \"{heading}\" {reason}; {} notes not imported (use --session ID)",
            file.display(),
            block.line,
            block.notes.len()
        );
    }
    out.push_str(&format!("{} notes imported\n", report.notes_added()));
    print(&out)?;
    let proposals = notes_import::suggest::review(&ctx.schedule, &report.filed);
    if proposals.is_empty() {
        return Ok(());
    }
    if review {
        review_moves(&mut ctx, proposals)
    } else {
        print(&suggestions(&ctx.schedule, &proposals))
    }
}

/// A title cut to `max` characters, with `…` when cut.
fn short(title: &str, max: usize) -> String {
    if title.chars().count() <= max {
        title.to_owned()
    } else {
        let cut: String = title.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn title_of<'a>(schedule: &'a Schedule, id: &'a str) -> &'a str {
    schedule.get(id).map_or(id, |s| s.title.as_str())
}

/// `notes 6–8 look like "…"` (or `note 6 looks like`).
fn looks_like(schedule: &Schedule, p: &notes_import::Proposal) -> String {
    let notes = if p.count() == 1 {
        format!("note {} looks", p.first)
    } else {
        format!("notes {}–{} look", p.first, p.last)
    };
    format!("{notes} like \"{}\"", short(title_of(schedule, &p.to), 60))
}

fn move_command(p: &notes_import::Proposal) -> String {
    let numbers = if p.count() == 1 {
        p.first.to_string()
    } else {
        format!("{}-{}", p.first, p.last)
    };
    format!("hallway move-note {} {numbers} --to {}", p.from, p.to)
}

/// The suggestions, grouped by the session the notes were filed under; nothing is moved.
fn suggestions(schedule: &Schedule, proposals: &[notes_import::Proposal]) -> String {
    let mut text = String::from(
        "\nsome notes look like another talk than their heading's (nothing was moved):\n",
    );
    let mut from = "";
    for p in proposals {
        if p.from != from {
            from = &p.from;
            text.push_str(&format!(
                "under \"{}\":\n",
                short(title_of(schedule, from), 60)
            ));
        }
        text.push_str(&format!(
            "  {} — {}\n",
            looks_like(schedule, p),
            move_command(p)
        ));
    }
    if proposals.len() > 1 {
        text.push_str(
            "to move several, run the commands from the last up (a move renumbers the notes \
             after it), or import with --review to answer for each\n",
        );
    } else {
        text.push_str("or import with --review to answer here\n");
    }
    text
}

/// `--review`: one question per proposal on stdout, one answer per line on stdin (a terminal
/// or a pipe); `y` or `yes` moves the notes, anything else leaves them, and the end of input
/// leaves the rest.
fn review_moves(ctx: &mut Context, proposals: Vec<notes_import::Proposal>) -> Result<(), Failure> {
    let total = proposals.len();
    let mut pending: Vec<notes_import::Proposal> = proposals.into_iter().rev().collect();
    let mut moved = 0;
    let mut asked = 0;
    let stdin = std::io::stdin();
    while let Some(p) = pending.pop() {
        asked += 1;
        print(&format!(
            "\n[{asked}/{total}] under \"{}\": {}\n{}\n",
            short(title_of(&ctx.schedule, &p.from), 60),
            looks_like(&ctx.schedule, &p),
            preview(ctx, &p)
        ))?;
        print(&format!(
            "move them to \"{}\"? [y/N] ",
            short(title_of(&ctx.schedule, &p.to), 60)
        ))?;
        let mut answer = String::new();
        let read = stdin
            .read_line(&mut answer)
            .map_err(|e| Failure::environment(format!("cannot read standard input: {e}")))?;
        if read == 0 {
            print("\n")?;
            let left = pending.len() + 1;
            print(&format!(
                "no more answers: {left} suggestion{} left as {} ({moved} moved)\n",
                if left == 1 { "" } else { "s" },
                if left == 1 { "it was" } else { "they were" }
            ))?;
            return Ok(());
        }
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            print("left as it was\n")?;
            continue;
        }
        let numbers = format!("{}-{}", p.first, p.last);
        super::move_note::run(ctx, &p.from, &numbers, &p.to)?;
        moved += 1;
        pending = pending.iter().filter_map(|q| q.after(&p)).collect();
    }
    print(&format!("{moved} of {total} suggested moves made\n"))
}

/// The notes a proposal would move, one line each, cut at 72 characters.
fn preview(ctx: &Context, p: &notes_import::Proposal) -> String {
    let notes = ctx.store.notes(ctx.conference_id(), &p.from);
    (p.first..=p.last)
        .filter_map(|n| notes.get(n - 1).map(|note| (n, note)))
        .map(|(n, note)| {
            let line = note.text.lines().next().unwrap_or_default();
            format!("  {n:>3}. {}", short(line, 72))
        })
        .collect::<Vec<_>>()
        .join("\n")
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
    let now = context::now(global)?;
    let restored = store.restore(&bytes, &file.display().to_string(), now);
    for notice in store.take_notices() {
        eprintln!("hallway: {notice}");
    }
    let done = restored.map_err(|e| match e {
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
