//! The interactive program: terminal set-up and restore (on quit, on error and on panic), the
//! event loop, and the one place where effects happen — saving to the store, opening links,
//! running `$EDITOR`, sending a reminder's desktop notification. `hallway render` drives the same app without a terminal ([`headless`]).

pub mod action;
pub mod app;
pub mod clipboard;
pub mod editor;
pub mod effects;
pub mod grid;
pub mod headless;
pub mod input;
pub mod key;
pub mod keymap;
pub mod notify;
pub mod ui;
pub mod view;

use std::io::{self, Write as _};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local, Timelike};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    EnableFocusChange, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;

use app::{App, Mouse};
use effects::Host;
use key::Key;
use ui::Theme;

use crate::schedule::Schedule;
use crate::search::SearchIndex;

/// The app's clock: the real time, or `--now` advancing with real time.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Instant,
    base: Option<DateTime<FixedOffset>>,
}

impl Clock {
    /// A clock starting at `base` (or the real time when `None`).
    pub fn new(base: Option<DateTime<FixedOffset>>) -> Self {
        Self {
            start: Instant::now(),
            base,
        }
    }

    /// The current time, to the second.
    pub fn now(&self) -> DateTime<FixedOffset> {
        let now = match self.base {
            Some(base) => {
                let elapsed = chrono::Duration::from_std(self.start.elapsed()).unwrap_or_default();
                base + elapsed
            }
            None => Local::now().fixed_offset(),
        };
        now.with_nanosecond(0).unwrap_or(now)
    }

    /// How long until the clock's minute changes (when the header must redraw).
    fn until_next_minute(&self) -> Duration {
        let now = self.now();
        let into = u64::from(now.second()) * 1000 + u64::from(now.nanosecond() / 1_000_000);
        Duration::from_millis(60_000u64.saturating_sub(into).max(50))
    }
}

fn restore_extras() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        DisableFocusChange
    );
}

/// Runs the interactive program until the user quits.
///
/// # Errors
/// A terminal I/O error; the terminal is restored first.
pub fn run(mut app: App, clock: Clock, theme: Theme) -> io::Result<()> {
    // Our hook runs inside ratatui's, which restores raw mode and the screen first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_extras();
        previous(info);
    }));
    let mut terminal = ratatui::init();
    let _ = execute!(
        io::stdout(),
        EnableMouseCapture,
        EnableBracketedPaste,
        EnableFocusChange
    );
    // Read the environment once: which notification the terminal understands.
    let notifier = notify::Notifier::choose(&app.config.reminders, &|k| std::env::var(k).ok());
    let result = event_loop(&mut terminal, &mut app, clock, theme, notifier);
    restore_extras();
    ratatui::restore();
    let _ = io::stdout().flush();
    app.finish();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    clock: Clock,
    theme: Theme,
    notifier: notify::Notifier,
) -> io::Result<()> {
    let mut dirty = true;
    let mut minute = clock.now().minute();
    // Refreshes run on their own thread; their outcomes come back here.
    let (done, outcomes) = mpsc::channel::<effects::Refreshed>();
    // The search index is built on its own thread once the first frame is up.
    let mut indexing: Option<Indexing> = None;
    while !app.quit {
        if dirty {
            terminal.draw(|frame| ui::render(app, frame, theme))?;
            dirty = false;
        }
        if let Some(schedule) = app.index_wanted() {
            indexing = Indexing::start(schedule);
        }
        // Searching needs the index: wait for it then (only the first seconds of a huge
        // program); otherwise take it whenever it is done.
        if let Some(job) =
            indexing.take_if(|j| j.handle.is_finished() || app.index_pending_for_search())
        {
            dirty |= job.deliver(app);
            if dirty {
                continue;
            }
        }
        let wait = if app.refreshing {
            clock.until_next_minute().min(Duration::from_millis(200))
        } else {
            clock.until_next_minute()
        };
        if let Ok(result) = outcomes.try_recv() {
            effects::refreshed(app, result);
            dirty = true;
        } else if event::poll(wait)? {
            let ev = event::read()?;
            app.now = clock.now();
            dirty = handle_event(terminal, app, ev, &done, notifier);
        } else if clock.now().minute() != minute {
            let now = clock.now();
            minute = now.minute();
            let notices = app.reminders_due(now);
            if app.tick(now) {
                // The reminder bell, when the config asks for it.
                let _ = io::stdout().write_all(b"\x07");
                let _ = io::stdout().flush();
            }
            let mut host = Terminal {
                terminal,
                done: &done,
                notifier,
            };
            for notice in notices {
                effects::perform(app, notice, &mut host);
            }
            dirty = true;
        }
    }
    Ok(())
}

/// A search index being built on another thread.
struct Indexing {
    schedule: Arc<Schedule>,
    handle: std::thread::JoinHandle<SearchIndex>,
}

impl Indexing {
    /// `None` when no thread can be had: the app then builds the index on the first `/`.
    fn start(schedule: Arc<Schedule>) -> Option<Self> {
        let shared = Arc::clone(&schedule);
        let handle = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || SearchIndex::new(&shared))
            .ok()?;
        Some(Indexing { schedule, handle })
    }

    /// Waits for the index and hands it to the app; whether the screen changed.
    fn deliver(self, app: &mut App) -> bool {
        match self.handle.join() {
            Ok(index) => app.index_ready(&self.schedule, index),
            // The app builds it itself when it needs it.
            Err(_) => false,
        }
    }
}

/// Applies one terminal event; returns whether the screen must redraw.
fn handle_event(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    ev: Event,
    done: &mpsc::Sender<effects::Refreshed>,
    notifier: notify::Notifier,
) -> bool {
    let mut host = Terminal {
        terminal,
        done,
        notifier,
    };
    match ev {
        Event::Key(k) => match Key::from_crossterm(&k) {
            Some(key) => {
                // Test-only (tests/panic_restore.rs): a panic mid-session, to check the terminal
                // is restored. Compiled out of release builds.
                #[cfg(debug_assertions)]
                if key == Key::char('!') && std::env::var_os("HALLWAY_TEST_PANIC").is_some() {
                    panic!("test panic (HALLWAY_TEST_PANIC)");
                }
                if let Some(effect) = app.key(key) {
                    effects::perform(app, effect, &mut host);
                }
                true
            }
            None => false,
        },
        Event::Paste(text) => {
            app.paste(&text);
            true
        }
        Event::Mouse(m) => {
            let (x, y) = (m.column, m.row);
            let mouse = match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Mouse::Click { x, y },
                MouseEventKind::ScrollDown => Mouse::ScrollDown { x, y },
                MouseEventKind::ScrollUp => Mouse::ScrollUp { x, y },
                _ => return false,
            };
            app.mouse(mouse);
            true
        }
        Event::Resize(w, h) => {
            app.size = (w, h);
            true
        }
        Event::FocusGained => {
            effects::reload(app);
            true
        }
        Event::FocusLost => false,
    }
}

/// The real terminal as effect host: opens links with the system opener, suspends itself
/// around `$EDITOR`, and writes notifications to itself.
struct Terminal<'a> {
    terminal: &'a mut DefaultTerminal,
    done: &'a mpsc::Sender<effects::Refreshed>,
    notifier: notify::Notifier,
}

impl Host for Terminal<'_> {
    fn refresh(
        &mut self,
        library: crate::library::Library,
        name: String,
        now: DateTime<FixedOffset>,
    ) -> Option<effects::Refreshed> {
        let done = self.done.clone();
        std::thread::spawn(move || {
            let _ = done.send(effects::run_refresh(&library, &name, now));
        });
        None
    }
    fn open(&mut self, url: &str) -> Result<String, String> {
        let env = |k: &str| std::env::var(k).ok();
        if clipboard::over_ssh(&env) {
            // A browser started here would open on the server, not in front of the attendee.
            return self
                .copy(url)
                .map(|_| format!("over SSH: copied the link to your clipboard instead: {url}"));
        }
        effects::open_with_system(url).or_else(|why| {
            self.copy(url)
                .map(|_| format!("{why}; copied the link to your clipboard instead"))
                .map_err(|_| why)
        })
    }

    fn copy(&mut self, text: &str) -> Result<String, String> {
        let tmux = std::env::var("TMUX").is_ok_and(|v| !v.is_empty());
        let mut out = io::stdout();
        out.write_all(&clipboard::osc52(text, tmux))
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write to the terminal: {e}"))?;
        Ok(format!(
            "copied to your clipboard (through the terminal): {text}"
        ))
    }

    fn notify(&mut self, title: &str, body: &str) {
        // A terminal that cannot be written to will say so at the next draw.
        let _ = effects::send_notification(&mut io::stdout(), &self.notifier, title, body);
    }

    fn edit(&mut self, text: &str) -> Result<Option<String>, String> {
        restore_extras();
        ratatui::restore();
        let result = editor::run_editor(text);
        *self.terminal = ratatui::init();
        let _ = execute!(
            io::stdout(),
            EnableMouseCapture,
            EnableBracketedPaste,
            EnableFocusChange
        );
        let _ = self.terminal.clear();
        result
    }
}
