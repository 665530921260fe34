//! The one place effects happen: [`perform`] carries out what [`App::update`] asked for —
//! saving to the store, opening a link, editing notes in `$EDITOR` — through a [`Host`] that is
//! the real terminal in the interactive program and a recorder in `hallway render`.

use std::path::Path;
use std::process::{Command, Stdio};

use super::app::{App, Effect};
use super::editor;
use chrono::{DateTime, FixedOffset};

use crate::fetch::{FetchOptions, Fetcher};
use crate::library::{Library, LibraryError, RefreshOutcome};
use crate::store::{Change, Notice, Outcome, StoreError};

/// What the surroundings can do for the app.
pub trait Host {
    /// Opens a URL; returns the message for the status line.
    ///
    /// # Errors
    /// Why it could not be opened.
    fn open(&mut self, url: &str) -> Result<String, String>;

    /// Lets the user edit `text`; returns the edited text, or `None` when nothing changed.
    ///
    /// # Errors
    /// Why the editor could not run.
    fn edit(&mut self, text: &str) -> Result<Option<String>, String>;

    /// Downloads the program `name` again. Returns the outcome when done here and now, or
    /// `None` when it runs in the background and arrives later (see [`refreshed`]).
    fn refresh(
        &mut self,
        library: Library,
        name: String,
        now: DateTime<FixedOffset>,
    ) -> Option<Refreshed> {
        Some(run_refresh(&library, &name, now))
    }

    /// Puts `text` on the attendee's clipboard; returns the message for the status line.
    ///
    /// # Errors
    /// Why it could not be copied.
    fn copy(&mut self, text: &str) -> Result<String, String> {
        Err(format!("not copied (no terminal to copy through): {text}"))
    }

    /// Sends a desktop notification (a reminder). Nothing by default: `hallway render` has no
    /// terminal to send it to.
    fn notify(&mut self, _title: &str, _body: &str) {}
}

/// Writes the notification `notifier` makes of `title` and `body` to `out` (the terminal) and
/// flushes; runs `notify-send` too when the config asks for it. Nothing is written when the
/// notifier has no protocol.
///
/// # Errors
/// Writing to `out` failed.
pub fn send_notification(
    out: &mut dyn std::io::Write,
    notifier: &super::notify::Notifier,
    title: &str,
    body: &str,
) -> std::io::Result<()> {
    let bytes = notifier.bytes(title, body);
    if !bytes.is_empty() {
        out.write_all(&bytes)?;
        out.flush()?;
    }
    if notifier.notify_send {
        notify_send(title, body);
    }
    Ok(())
}

/// Runs `notify-send` in the background (its absence or failure is not worth a word: the
/// status line shows the reminder anyway). Arguments, not a shell, so the text is inert.
fn notify_send(title: &str, body: &str) {
    let title = crate::sanitize::line(title).into_owned();
    let body = crate::sanitize::line(body).into_owned();
    let child = Command::new("notify-send")
        .args(["--app-name=hallway", "--", &title, &body])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        // Reap it off the event loop.
        let _ = std::thread::Builder::new()
            .name("notify-send".into())
            .spawn(move || child.wait());
    }
}

/// What a refresh came back with.
pub type Refreshed = Result<RefreshOutcome, LibraryError>;

/// Downloads the program again, blocking (at most the fetch timeouts).
pub fn run_refresh(library: &Library, name: &str, now: DateTime<FixedOffset>) -> Refreshed {
    // A malformed timeout variable falls back to the defaults here; the CLI reports it.
    let options = FetchOptions::from_env().unwrap_or_default();
    library.refresh(name, &Fetcher::new(options), now)
}

/// Takes in the outcome of a refresh: the new program and what changed, or why not.
pub fn refreshed(app: &mut App, result: Refreshed) {
    app.refreshing = false;
    match result {
        Ok(RefreshOutcome::NotModified { .. }) => app.say("not modified: the program is as it was"),
        Ok(RefreshOutcome::Updated(saved)) => {
            if saved.name == app.conference_id() {
                app.set_schedule(saved.imported.schedule.clone());
            }
            app.set_changes(saved.changes.as_ref());
            let n = saved
                .changes
                .as_ref()
                .map_or(0, crate::changes::Changes::len);
            let text = format!(
                "updated: {n} change{} (C lists them)",
                if n == 1 { "" } else { "s" }
            );
            app.say(text);
        }
        Err(e) => app.complain(format!("not refreshed, the saved copy is kept: {e}")),
    }
}

/// Loads the changes of the last update of the open conference (for the banner and `C`).
pub fn load_changes(app: &mut App) {
    let changes = Library::new(app.store.dir()).last_changes(app.conference_id());
    app.set_changes(changes.as_ref());
}

/// Carries out one effect.
pub fn perform(app: &mut App, effect: Effect, host: &mut dyn Host) {
    match effect {
        Effect::Save(change) => {
            save(app, change);
        }
        Effect::Open { url } => match host.open(&url) {
            Ok(msg) => app.say(msg),
            Err(e) => app.complain(e),
        },
        Effect::Copy { text } => match host.copy(&text) {
            Ok(msg) => app.say(msg),
            Err(e) => app.complain(e),
        },
        Effect::Editor { session } => edit_notes(app, &session, host),
        Effect::ListConferences => {
            let library = Library::new(app.store.dir());
            let entries = library.list().into_iter().filter_map(Result::ok).collect();
            app.show_conferences(entries);
        }
        Effect::OpenConference { name } => match Library::new(app.store.dir()).open(&name) {
            Ok(schedule) => {
                app.set_schedule(schedule);
                load_changes(app);
            }
            Err(e) => app.complain(e.to_string()),
        },
        Effect::Refresh { name } => {
            let library = Library::new(app.store.dir());
            if let Some(result) = host.refresh(library, name, app.now) {
                refreshed(app, result);
            }
        }
        Effect::Notify { title, body } => host.notify(&title, &body),
        Effect::Quit => app.quit = true,
    }
}

/// How [`save`] went; the status line has said so already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// The change was saved.
    Yes,
    /// The change was an edit of a note deleted elsewhere meanwhile: its text was saved as a
    /// new note, with this number.
    AsNewNote(usize),
    /// Nothing was saved.
    No,
}

/// Applies a change to the store (saved at once) and tells the app how it went.
///
/// An edit whose note another hallway deleted meanwhile is not thrown away: its text is saved
/// as a new note on the same session, and the status line says so. The same goes for an edit
/// that was waiting to be saved (after a failed save) when its note vanished.
pub fn save(app: &mut App, change: Change) -> Saved {
    let result = app.store.apply(change.clone(), app.now);
    if let (Err(StoreError::NoteNotFound { .. }), Change::EditNote { .. }) = (&result, &change) {
        return keep_as_new_note(app, change);
    }
    let saved = if result.is_ok() {
        Saved::Yes
    } else {
        Saved::No
    };
    report(app, &change, result);
    saved
}

/// Shows what a save did, then its notices (an edit dropped meanwhile is saved as a new note).
fn report(app: &mut App, change: &Change, result: Result<Outcome, StoreError>) {
    let notices = app.store.take_notices();
    app.saved(change, result);
    show_notices(app, notices);
}

/// Shows the last notice on the status line, after saving the text of every edit dropped
/// because its note was deleted elsewhere as a new note.
fn show_notices(app: &mut App, notices: Vec<Notice>) {
    let mut last = None;
    for notice in notices {
        match notice {
            Notice::ChangeDropped {
                conference,
                session,
                note_id,
                text: Some(text),
                ..
            } => {
                keep_as_new_note(
                    app,
                    Change::EditNote {
                        conference,
                        session,
                        note_id,
                        text,
                    },
                );
                last = None;
            }
            other => last = Some(other.to_string()),
        }
    }
    if let Some(text) = last {
        app.complain(text);
    }
}

/// Saves the text of an edit whose note is gone as a new note on the same session, selects it
/// and says so.
fn keep_as_new_note(app: &mut App, edit: Change) -> Saved {
    let Change::EditNote {
        conference,
        session,
        text,
        ..
    } = edit
    else {
        return Saved::No;
    };
    let add = Change::AddNote {
        conference,
        session,
        text,
    };
    let result = app.store.apply(add.clone(), app.now);
    let number = match result {
        Ok(Outcome::NoteAdded { number, .. }) => Some(number),
        _ => None,
    };
    report(app, &add, result);
    let Some(number) = number else {
        return Saved::No;
    };
    let (conference, session) = add.target();
    if app.conference_id() == conference && app.selected().is_some_and(|s| s.id == session) {
        app.note = Some(number - 1);
    }
    app.say(vanished(number));
    Saved::AsNewNote(number)
}

/// The status line for an edit saved as a new note.
fn vanished(number: usize) -> String {
    format!("note was deleted elsewhere — your edit was saved as note {number}")
}

/// Re-reads the store to pick up changes another hallway made.
pub fn reload(app: &mut App) {
    match app.store.reload(app.now) {
        Ok(notices) => {
            show_notices(app, notices);
            // Retry anything that failed to save earlier.
            if app.store.pending() > 0 {
                if let Err(e) = app.store.flush(app.now) {
                    app.complain(format!("{e}; changes kept in memory"));
                } else {
                    app.say("saved the changes that had failed");
                    let notices = app.store.take_notices();
                    show_notices(app, notices);
                }
            }
        }
        Err(e) => app.complain(e.to_string()),
    }
    app.refresh();
}

fn edit_notes(app: &mut App, session: &str, host: &mut dyn Host) {
    let conference = app.conference_id().to_owned();
    let notes = app.store.notes(&conference, session).to_vec();
    let text = editor::to_text(&notes);
    match host.edit(&text) {
        Err(e) => app.complain(e),
        Ok(None) => app.say("notes unchanged"),
        Ok(Some(edited)) => {
            let changes = editor::changes(&conference, session, &notes, &edited);
            let n = changes.len();
            let mut kept = None;
            for change in changes {
                match save(app, change) {
                    Saved::No => return,
                    Saved::AsNewNote(number) => kept = Some(vanished(number)),
                    Saved::Yes => {}
                }
            }
            let done = format!(
                "notes updated from the editor ({n} change{})",
                if n == 1 { "" } else { "s" }
            );
            app.say(match kept {
                Some(kept) => format!("{done}; {kept}"),
                None => done,
            });
        }
    }
}

/// Opens an http(s) URL with `xdg-open` (Linux) or `open` (macOS), without waiting for it. The
/// child is reaped by a thread that waits for it, so no opener lingers as a zombie. Anything
/// but an http(s) link with a host is refused here too (the update refuses it first).
///
/// # Errors
/// When the link is not openable, or no opener is installed or it fails to start.
pub fn open_with_system(url: &str) -> Result<String, String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    open_with(Path::new(opener), url)
}

/// [`open_with_system`] with a given opener program (tests use a stand-in).
///
/// # Errors
/// When the link is not openable, or the opener fails to start.
pub fn open_with(opener: &Path, url: &str) -> Result<String, String> {
    if let Some(why) = crate::fetch::url::not_openable(url) {
        return Err(format!("not opened: {why}; the link is {url}"));
    }
    let mut child = Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {} ({e}); the link is {url}", opener.display()))?;
    // Should no thread be had, the child is reaped when hallway exits.
    let _ = std::thread::Builder::new()
        .name("opener-reaper".into())
        .spawn(move || child.wait());
    Ok(format!("opened {url}"))
}
