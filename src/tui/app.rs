//! The interactive program's state and its pure update: [`App::update`] takes an [`Action`]
//! and returns at most one [`Effect`] for the event loop to carry out (save to the store, open
//! a link, run the editor). Nothing here touches the terminal, the disk or the clock.

mod browse;
mod changes;
mod conferences;
mod grid_view;
mod mouse;
mod move_note;
mod notes;
mod now;
mod people;
mod quick;
mod search;
mod time;

use chrono::{DateTime, FixedOffset};
use ratatui::layout::Rect;
use ratatui::widgets::ListState;

use super::action::Action;
use super::grid::{Grid, GridState};
use super::input::LineInput;
use super::key::Key;
use super::keymap::{self, Context};
use super::view::TrackFilter;
use super::view::{self, DayTab, Row, Section, TrackEntry};
use crate::agenda::{Timeline, Why, clashes_on, conference_day_at, now_next_within};
use crate::config::Config;
use crate::schedule::{Schedule, Session};
use crate::search::{Hit, SearchIndex};
use crate::store::{Change, Outcome, Store, StoreError};
use crate::timefmt::Zone;
pub use move_note::MoveFrom;
pub use quick::{PICK_FILTER_FROM, Pick};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub use mouse::Mouse;

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pane {
    Tracks,
    Slots,
    Detail,
}

/// What keys currently do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Search,
    NoteInput,
    Help,
    Conferences,
    Changes,
    /// Choosing the talk a quick note (`N`) goes to.
    PickTalk,
}

/// How many panes fit side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    Three,
    Two,
    One,
}

impl Columns {
    /// Three panes from 100 columns, two from 60, else one.
    pub fn for_width(width: u16) -> Self {
        match width {
            100.. => Columns::Three,
            60.. => Columns::Two,
            _ => Columns::One,
        }
    }
}

/// Something for the event loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Change the store, saved at once.
    Save(Change),
    /// Open a URL with the system opener.
    Open { url: String },
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy { text: String },
    /// Edit this session's notes in $EDITOR.
    Editor { session: String },
    /// List the conferences the library holds (for the switcher).
    ListConferences,
    /// Open a conference of the library by name.
    OpenConference { name: String },
    /// Download the program again (in the background) and report what changed.
    Refresh { name: String },
    /// Send a desktop notification through the terminal (a reminder); both texts are
    /// sanitised single lines.
    Notify { title: String, body: String },
    /// Leave the program.
    Quit,
}

/// A line in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Where the last frame drew things, for the mouse.
#[derive(Debug, Clone, Default)]
pub struct Areas {
    pub tabs: Vec<(Rect, usize)>,
    pub tracks: Option<Rect>,
    pub slots: Option<Rect>,
    pub detail: Option<Rect>,
    /// The Timeslots row drawn on each line inside that pane, top to bottom (a row of two
    /// lines is there twice), for clicks.
    pub slot_lines: Vec<usize>,
    /// The search results the last frame showed (the last may be cut), for paging.
    pub search_rows: std::ops::Range<usize>,
}

/// The note deleted last, for undo.
#[derive(Debug, Clone)]
struct Deleted {
    session: String,
    note: crate::store::Note,
    position: usize,
}

/// Search-as-you-type state, with the view to go back to.
#[derive(Debug, Default)]
pub struct SearchState {
    pub input: LineInput,
    pub hits: Vec<Hit>,
    pub list: ListState,
    saved: Option<ViewMark>,
}

/// A view to come back to: day tab, Tracks entry, Timeslots row (all by index), focused pane.
pub type ViewMark = (usize, usize, Option<usize>, Pane);

/// How many jumps back the view history remembers.
pub const HISTORY_DEPTH: usize = 32;

/// The whole interactive state.
pub struct App {
    /// Shared, so the search index can be built on another thread while the app runs.
    pub schedule: Arc<Schedule>,
    pub store: Store,
    /// Built on first use, or handed in by the event loop ([`App::index_ready`]) once built
    /// in the background: opening a program never waits for it.
    index: Option<SearchIndex>,
    /// Whether [`App::index_wanted`] has handed the schedule out to be indexed.
    index_requested: bool,
    /// The app's clock, set by the event loop; never read from the system here.
    pub now: DateTime<FixedOffset>,
    /// Terminal size in cells.
    pub size: (u16, u16),
    pub days: Vec<DayTab>,
    pub day: usize,
    pub tracks: Vec<TrackEntry>,
    pub tracks_list: ListState,
    /// What the Tracks pane lists: tracks, rooms or speakers (`b`).
    pub section: Section,
    /// The entry last chosen in each section, to come back to.
    section_choice: [usize; 3],
    pub rows: Vec<Row>,
    pub rows_list: ListState,
    pub focus: Pane,
    pub mode: Mode,
    /// First line of the Session pane shown.
    pub detail_scroll: u16,
    /// The selected note in the Session pane, when it has focus.
    pub note: Option<usize>,
    /// The note line (new note or edit).
    pub input: LineInput,
    /// The id of the note being edited, when the note line edits one.
    pub editing: Option<u64>,
    pub search: SearchState,
    pub help_scroll: u16,
    /// The conference switcher's entries, once listed.
    pub conferences: Vec<crate::library::Entry>,
    pub conferences_list: ListState,
    pub status: Option<Status>,
    deleted: Option<Deleted>,
    /// The run of notes marked with `V`.
    note_mark: Option<move_note::Mark>,
    /// The notes moved last, for `u`.
    last_move: Option<move_note::LastMove>,
    pub areas: Areas,
    pub quit: bool,
    /// The user's own zone, for `z`.
    pub local_zone: Zone,
    /// Whether times show in the user's zone rather than the conference's.
    pub local_time: bool,
    /// Every session's span (published or inferred end), for Now & Next.
    timeline: Timeline,
    /// Starred sessions that overlap other starred ones, with those.
    pub clashes: HashMap<usize, Vec<usize>>,
    /// A short note shown before a row's title (`12/25 min`, `in 5 min`, `14:55–15:20`).
    pub tags: HashMap<usize, String>,
    /// The views left by jumping to a search result, latest last (`` ` `` or Esc goes back).
    pub history: Vec<ViewMark>,
    /// The session a quick note (`N`) attaches to, and why that one.
    pub note_target: Option<(usize, Why)>,
    /// What changed in the last update of the program, in words (the `C` view).
    pub changes: Vec<crate::changes::ReportLine>,
    pub changes_list: ListState,
    /// Shown until the changes are looked at: how many of the attendee's sessions changed.
    pub banner: Option<String>,
    /// A refresh is under way in the background.
    pub refreshing: bool,
    /// The timetable grid, when shown instead of the list (`t`).
    pub grid: Option<GridView>,
    /// Reminder settings and the bell.
    pub config: Config,
    /// The current reminder (`in 4 min: Title — Room`), recomputed each minute.
    pub reminder: Option<String>,
    /// Sessions already announced, so the bell rings once per session.
    reminded: HashSet<usize>,
    /// The talk picker of `N`, when several talks are on.
    pub pick: Pick,
    /// The track filter the rows were last built for (the cursor opens Now & Next on what is
    /// in progress, and stays where the user put it after that).
    rows_filter: Option<TrackFilter>,
    /// The day tab the rows were built for.
    rows_day: Option<DayTab>,
}

impl App {
    /// A new app on `schedule` and `store` at time `now`, sized `size`. Opens on the tab of
    /// the conference day in progress (at night, the day whose night it is), otherwise on All
    /// days.
    pub fn new(
        schedule: Schedule,
        store: Store,
        now: DateTime<FixedOffset>,
        size: (u16, u16),
    ) -> Self {
        let days = DayTab::tabs(&schedule);
        let timeline = Timeline::new(&schedule);
        let day = today_tab(&schedule, &timeline, &days, now);
        let mut app = App {
            schedule: Arc::new(schedule),
            store,
            index: None,
            index_requested: false,
            now,
            size,
            days,
            day,
            tracks: Vec::new(),
            tracks_list: ListState::default().with_selected(Some(0)),
            section: Section::Tracks,
            section_choice: [0; 3],
            rows: Vec::new(),
            rows_list: ListState::default(),
            focus: Pane::Slots,
            mode: Mode::Browse,
            detail_scroll: 0,
            note: None,
            input: LineInput::new(),
            editing: None,
            search: SearchState::default(),
            help_scroll: 0,
            conferences: Vec::new(),
            conferences_list: ListState::default(),
            status: None,
            deleted: None,
            note_mark: None,
            last_move: None,
            areas: Areas::default(),
            quit: false,
            local_zone: Zone::local(),
            local_time: false,
            timeline,
            clashes: HashMap::new(),
            tags: HashMap::new(),
            history: Vec::new(),
            note_target: None,
            grid: None,
            changes: Vec::new(),
            changes_list: ListState::default(),
            banner: None,
            refreshing: false,
            config: Config::default(),
            reminder: None,
            reminded: HashSet::new(),
            pick: Pick::default(),
            rows_filter: None,
            rows_day: None,
        };
        app.tick(now);
        app.refresh();
        app.open_on_now();
        app
    }

    /// Ends the app just before the process exits. The program and its search index (hundreds
    /// of megabytes on the largest programs, in millions of allocations) are left for the
    /// operating system to reclaim at exit rather than freed one by one; the rest is dropped
    /// as usual.
    pub fn finish(mut self) {
        std::mem::forget(self.index.take());
        std::mem::forget(Arc::clone(&self.schedule));
    }

    /// The zone times are shown in: the conference's, or the user's after `z`.
    pub fn zone(&self) -> Zone {
        if self.local_time {
            self.local_zone
        } else {
            Zone::of(&self.schedule.conference)
        }
    }

    /// How many panes show at the current width.
    pub fn columns(&self) -> Columns {
        Columns::for_width(self.size.0)
    }

    /// The conference id under which stars and notes are kept.
    pub fn conference_id(&self) -> &str {
        &self.schedule.conference.id
    }

    /// The key context for the current mode and focus.
    pub fn context(&self) -> Context {
        match self.mode {
            Mode::Browse if self.focus == Pane::Detail => Context::Notes,
            Mode::Browse if self.focus == Pane::Slots && self.grid.is_some() => Context::Grid,
            Mode::Browse => Context::Browse,
            Mode::Search => Context::Search,
            Mode::NoteInput => Context::NoteInput,
            Mode::Help => Context::Help,
            Mode::Conferences => Context::Conferences,
            Mode::Changes => Context::Changes,
            Mode::PickTalk => Context::Pick,
        }
    }

    /// Handles one key: a bound action, or text for the note line or the search box.
    pub fn key(&mut self, key: Key) -> Option<Effect> {
        if let Some(action) = keymap::lookup(self.context(), key) {
            return self.update(action);
        }
        match self.mode {
            Mode::NoteInput => {
                self.input.apply(key);
                None
            }
            Mode::Search => {
                if self.search.input.apply(key) {
                    self.run_search();
                }
                None
            }
            Mode::PickTalk => {
                if self.pick.input.apply(key) {
                    self.filter_pick();
                }
                None
            }
            Mode::Browse | Mode::Help | Mode::Conferences | Mode::Changes => None,
        }
    }

    /// Pasted text goes to the field being typed in; elsewhere it is ignored.
    pub fn paste(&mut self, text: &str) {
        match self.mode {
            Mode::NoteInput => self.input.insert_str(text),
            Mode::Search => {
                self.search.input.insert_str(text);
                self.run_search();
            }
            Mode::PickTalk => {
                self.pick.input.insert_str(text);
                self.filter_pick();
            }
            Mode::Browse | Mode::Help | Mode::Conferences | Mode::Changes => {}
        }
    }

    /// Carries out one action; returns what the event loop must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(action, Action::Quit) && self.store.pending() == 0 {
            self.status = None;
        }
        match self.mode {
            Mode::Browse => self.update_browse(action),
            Mode::Search => self.update_search(action),
            Mode::NoteInput => self.update_note_input(action),
            Mode::Help => self.update_help(action),
            Mode::Conferences => self.update_conferences(action),
            Mode::Changes => self.update_changes(action),
            Mode::PickTalk => self.update_pick(action),
        }
    }

    fn update_help(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Down => self.help_scroll = self.help_scroll.saturating_add(1),
            Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::PageDown => self.help_scroll = self.help_scroll.saturating_add(self.page()),
            Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(self.page()),
            Action::Back | Action::Help => self.mode = Mode::Browse,
            Action::Quit => return self.quit(),
            _ => {}
        }
        None
    }

    fn quit(&mut self) -> Option<Effect> {
        self.quit = true;
        Some(Effect::Quit)
    }

    /// Rows in a page of the middle pane.
    pub(super) fn page(&self) -> u16 {
        self.size.1.saturating_sub(7).max(1)
    }

    /// The session under the cursor: the search result while searching, else the selected row.
    pub fn selected(&self) -> Option<&Session> {
        self.selected_position()
            .and_then(|i| self.schedule.sessions().get(i))
    }

    /// The position of [`Self::selected`] in the schedule's sessions.
    pub fn selected_index(&self) -> Option<usize> {
        self.selected_position()
    }

    fn selected_position(&self) -> Option<usize> {
        if let (Mode::NoteInput, Some((target, _))) = (self.mode, self.note_target) {
            return Some(target);
        }
        if let (Some(view), false) = (&self.grid, self.mode == Mode::Search) {
            return view.state.selected(&view.grid);
        }
        if self.mode == Mode::Search {
            let i = self.search.list.selected()?;
            return self.search.hits.get(i).map(|h| h.position);
        }
        match self.rows.get(self.rows_list.selected()?) {
            Some(Row::Session(i)) => Some(*i),
            _ => None,
        }
    }

    /// The reminders due at `now` that have not been announced yet, as notifications for the
    /// event loop to send. Call it before [`App::tick`], which announces them.
    pub fn reminders_due(&self, now: DateTime<FixedOffset>) -> Vec<Effect> {
        crate::agenda::reminders(
            &self.schedule,
            &self.store,
            now,
            self.config.reminder_minutes,
        )
        .into_iter()
        .filter(|r| !self.reminded.contains(&r.position))
        .map(|r| {
            let s = &self.schedule.sessions()[r.position];
            let room = s
                .room
                .as_deref()
                .map(|room| format!(" — {room}"))
                .unwrap_or_default();
            Effect::Notify {
                title: format!("hallway · in {} min", r.starts_in_min),
                body: crate::sanitize::line(&format!("{}{room}", s.title)).into_owned(),
            }
        })
        .collect()
    }

    /// Rebuilds the Tracks entries and the Timeslots rows after a choice or a store change,
    /// keeping the selected session when it is still listed.
    pub fn refresh(&mut self) {
        let keep = self.selected_position();
        let day = self.days[self.day.min(self.days.len() - 1)].clone();
        self.clashes = clashes_on(&self.timeline, &self.schedule, &self.store);
        self.tracks = view::section_entries(
            self.section,
            &self.schedule,
            &self.store,
            &day,
            self.timeline.in_progress(self.now),
        );
        if self.tracks.is_empty() {
            // A program without rooms or speakers: back to its tracks.
            self.section = Section::Tracks;
            self.tracks = view::track_entries(
                &self.schedule,
                &self.store,
                &day,
                self.timeline.in_progress(self.now),
            );
        }
        let track = self
            .tracks_list
            .selected()
            .unwrap_or(0)
            .min(self.tracks.len() - 1);
        self.tracks_list.select(Some(track));
        let filter = self.tracks[track].filter.clone();
        (self.rows, self.tags) = match filter {
            TrackFilter::NowNext => self.now_next_rows(&now_next_within(
                &self.timeline,
                &self.schedule,
                &self.store,
                self.now,
                self.config.now.horizon_minutes,
            )),
            TrackFilter::Starred => self.agenda_rows(&day),
            _ => (
                view::rows(&self.schedule, &self.store, &day, &filter, &self.zone()),
                HashMap::new(),
            ),
        };
        if filter != TrackFilter::NowNext {
            let mut rows = std::mem::take(&mut self.rows);
            self.insert_now_line(&mut rows);
            self.rows = rows;
        }
        let old_row = self.rows_list.selected().unwrap_or(0);
        // Entering Now & Next: the first session in progress (else the first Next row).
        let changed = self.rows_filter.as_ref() != Some(&filter);
        // Another day's list, or another list: scrolled from its top (the selection is
        // scrolled into view), and without the session shown, its selection chosen afresh.
        let other_day = self.rows_day.as_ref() != Some(&day);
        self.rows_day = Some(day.clone());
        if changed || other_day {
            *self.rows_list.offset_mut() = 0;
        }
        let opening = filter == TrackFilter::NowNext && changed;
        let keep = keep.filter(|_| !opening);
        let old_row = if opening { 0 } else { old_row };
        self.rows_filter = Some(filter);
        // Another list without the session shown: what is on now in it (while the conference
        // is on), else its first session — a row number of the old list means nothing here.
        let kept = keep.and_then(|p| self.rows.iter().position(|r| *r == Row::Session(p)));
        let fresh = changed || other_day;
        let now = if kept.is_none() && fresh && !opening {
            self.now_row()
        } else {
            None
        };
        let row = kept
            .or(now)
            .or_else(|| self.nearest_session_row(if fresh { 0 } else { old_row }));
        if let Some(row) = now {
            // A third of the way down, as `.` puts it, so the now line below it shows.
            *self.rows_list.offset_mut() = row.saturating_sub(usize::from(self.page()) / 3);
        }
        self.rows_list.select(row);
        self.clamp_note();
        self.rebuild_grid();
    }

    /// The session row at or after `from`, else the last one before it.
    fn nearest_session_row(&self, from: usize) -> Option<usize> {
        let is_session = |r: &Row| matches!(r, Row::Session(_));
        let from = from.min(self.rows.len());
        self.rows[from..]
            .iter()
            .position(is_session)
            .map(|i| i + from)
            .or_else(|| self.rows[..from].iter().rposition(is_session))
    }

    fn clamp_note(&mut self) {
        let n = self
            .selected()
            .map_or(0, |s| self.store.notes(self.conference_id(), &s.id).len());
        self.note = match self.note {
            _ if n == 0 => None,
            Some(i) => Some(i.min(n - 1)),
            None => None,
        };
    }

    /// Records what a save did: a confirmation, or the failure and that the change is kept.
    pub fn saved(&mut self, change: &Change, result: Result<Outcome, StoreError>) {
        let pending = self.store.pending();
        self.status = Some(match result {
            Ok(outcome @ Outcome::NotesMoved { .. }) => Status {
                text: self.notes_moved(change, outcome),
                error: false,
            },
            Ok(Outcome::NoteAdded { number, .. })
                if matches!(change, Change::RestoreNote { .. }) =>
            {
                Status {
                    text: self.note_restored(change, number),
                    error: false,
                }
            }
            Ok(outcome) => {
                if let Outcome::NoteDeleted { .. } = outcome {
                    self.forget_move();
                }
                Status {
                    text: confirm(outcome),
                    error: false,
                }
            }
            Err(e @ (StoreError::ReadOnly { .. } | StoreError::NoteNotFound { .. })) => Status {
                text: e.to_string(),
                error: true,
            },
            Err(e) => Status {
                text: format!(
                    "{e}; {pending} change{} kept in memory, retried with the next change",
                    if pending == 1 { "" } else { "s" }
                ),
                error: true,
            },
        });
        if let Change::DeleteNote { .. } | Change::MoveNotes { .. } = change {
            self.clamp_note();
        }
        self.refresh();
    }

    /// An undone delete: the restored note is selected (scrolled into view) when its session is
    /// the one shown, else the status names the session it went back to.
    fn note_restored(&mut self, change: &Change, number: usize) -> String {
        let (_, session) = change.target();
        if self.selected().is_some_and(|s| s.id == session) {
            self.focus = Pane::Detail;
            self.note = Some(number.saturating_sub(1));
            format!("↶ note {number} restored")
        } else {
            let title = self
                .schedule
                .sessions()
                .iter()
                .find(|s| s.id == session)
                .map_or(session, |s| s.title.as_str());
            format!("↶ note {number} restored on \"{title}\"")
        }
    }

    /// Sets an informational status line.
    pub fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    /// Sets an error status line.
    pub fn complain(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }
}

/// The timetable grid and its cursor.
#[derive(Debug, Clone)]
pub struct GridView {
    pub grid: Grid,
    pub state: GridState,
}

/// The tab of the conference day in progress at `now` ([`conference_day_at`]: at 00:55 the
/// day whose night it is), else All days.
pub(super) fn today_tab(
    schedule: &Schedule,
    timeline: &Timeline,
    days: &[DayTab],
    now: DateTime<FixedOffset>,
) -> usize {
    let today = conference_day_at(schedule, timeline, now);
    days.iter()
        .position(|d| *d == DayTab::On(today))
        .unwrap_or(0)
}

fn confirm(outcome: Outcome) -> String {
    match outcome {
        Outcome::Starred { already: false } => "★ starred".to_owned(),
        Outcome::Starred { already: true } => "★ already starred".to_owned(),
        Outcome::Unstarred { .. } => "☆ unstarred".to_owned(),
        Outcome::NoteAdded { number, .. } => format!("✎ note {number} saved"),
        Outcome::NoteEdited { number, .. } => format!("✎ note {number} updated"),
        Outcome::NoteDeleted { number, .. } => format!("note {number} deleted — u undoes"),
        Outcome::NotesMoved { count, .. } => {
            format!("moved {count} note{}", if count == 1 { "" } else { "s" })
        }
    }
}
