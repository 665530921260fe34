//! What every command needs: the schedule, the personal store and the clock, resolved from the
//! global options.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local};

use super::Global;
use super::failure::{Failure, library_failure};
use crate::import;
use crate::library::Library;
use crate::schedule::{self, Schedule, Session};
use crate::store::{Change, Outcome, Store, StoreError};
use crate::timefmt::{TypedTime, Zone};

/// `--now`/`HALLWAY_NOW` when given, read in `zone` when it has no offset (see
/// [`TypedTime`]); `None` when not given.
///
/// # Errors
/// A value that is no time hallway reads (exit 2).
pub fn given_now(global: &Global, zone: &Zone) -> Result<Option<DateTime<FixedOffset>>, Failure> {
    global
        .now
        .as_deref()
        .map(|text| {
            TypedTime::parse(text)
                .map(|t| t.resolve(zone, Local::now().fixed_offset()))
                .map_err(|e| Failure::input(e.to_string()))
        })
        .transpose()
}

/// The clock: `--now`/`HALLWAY_NOW` when given (read in `zone` when it has no offset), else
/// the real time.
///
/// # Errors
/// A `--now` value that is no time hallway reads (exit 2).
pub fn now_in(global: &Global, zone: &Zone) -> Result<DateTime<FixedOffset>, Failure> {
    Ok(given_now(global, zone)?.unwrap_or_else(|| Local::now().fixed_offset()))
}

/// [`now_in`] for commands with no conference at hand: `--now` without an offset is read in
/// the user's own zone.
///
/// # Errors
/// A `--now` value that is no time hallway reads (exit 2).
pub fn now(global: &Global) -> Result<DateTime<FixedOffset>, Failure> {
    now_in(global, &Zone::local())
}

/// The schedule named by `--schedule` (any format) or `--conference`, or the bundled program.
///
/// # Errors
/// A [`Failure`] with one located line per problem.
pub fn load_schedule(global: &Global) -> Result<Schedule, Failure> {
    match (&global.schedule, &global.conference) {
        (Some(path), _) => match path.to_str().filter(|p| crate::fetch::is_url(p)) {
            Some(url) => super::download::schedule_from_url(url),
            None => import::load_path(path).map_err(|e| Failure::inputs(e.lines())),
        },
        (None, Some(name)) => Library::new(&config_dir(global)?)
            .open(name)
            .map_err(library_failure),
        (None, None) => Ok(schedule::bundled::load()?),
    }
}

/// The folder holding personal state: `--config-dir`, `HALLWAY_CONFIG_DIR`, or the platform's
/// config folder for hallway.
///
/// # Errors
/// When no home folder can be found and none was given.
pub fn config_dir(global: &Global) -> Result<PathBuf, Failure> {
    global
        .config_dir
        .clone()
        .or_else(Store::default_dir)
        .ok_or_else(|| {
            Failure::environment(
                "cannot find a config folder for hallway; give one with --config-dir DIR",
            )
        })
}

/// Opens the store, printing its notices (a corrupt file moved aside...) on stderr.
///
/// # Errors
/// When the state file cannot be read at all.
pub fn open_store(global: &Global) -> Result<Store, Failure> {
    open_store_at(global, now(global)?)
}

/// [`open_store`] at a clock already resolved.
///
/// # Errors
/// When the state file cannot be read at all.
pub fn open_store_at(global: &Global, now: DateTime<FixedOffset>) -> Result<Store, Failure> {
    let dir = config_dir(global)?;
    let (store, notices) =
        Store::open(&dir, now).map_err(|e| Failure::environment(e.to_string()))?;
    for notice in notices {
        crate::cli::emit::say!("hallway: {notice}");
    }
    Ok(store)
}

/// Everything a command that reads or writes personal state works on.
pub struct Context {
    pub schedule: Schedule,
    pub store: Store,
    pub now: DateTime<FixedOffset>,
}

impl Context {
    /// Loads the schedule and opens the store.
    ///
    /// # Errors
    /// A malformed schedule or an unreadable store.
    pub fn open(global: &Global) -> Result<Self, Failure> {
        let schedule = load_schedule(global)?;
        let now = now_in(global, &Zone::of(&schedule.conference))?;
        Ok(Self {
            store: open_store_at(global, now)?,
            schedule,
            now,
        })
    }

    /// The conference id under which stars and notes are kept.
    pub fn conference_id(&self) -> &str {
        &self.schedule.conference.id
    }

    /// The session with this id: exact, or the only one matching without regard to case.
    ///
    /// # Errors
    /// An unknown id, with the closest ids as suggestions.
    pub fn session(&self, id: &str) -> Result<&Session, Failure> {
        if let Some(s) = self.schedule.get(id) {
            return Ok(s);
        }
        let mut folded = self
            .schedule
            .sessions()
            .iter()
            .filter(|s| s.id.eq_ignore_ascii_case(id));
        if let (Some(s), None) = (folded.next(), folded.next()) {
            return Ok(s);
        }
        let close = self.schedule.closest_ids(id, 3);
        let hint = if close.is_empty() {
            "; `hallway list` shows every id, `hallway search WORDS` finds one".to_owned()
        } else {
            format!("; did you mean {}?", close.join(", "))
        };
        Err(Failure::input(format!(
            "unknown session id \"{id}\" in {}{hint}",
            self.schedule.conference.name
        )))
    }

    /// Applies one change to the store, saved at once.
    ///
    /// # Errors
    /// When the change cannot be saved (it is then lost with this process: say so).
    pub fn apply(&mut self, change: Change) -> Result<Outcome, Failure> {
        let result = self.store.apply(change, self.now);
        for notice in self.store.take_notices() {
            crate::cli::emit::say!("hallway: {notice}");
        }
        result.map_err(|e| match e {
            StoreError::NoteNotFound { .. } => Failure::input(e.to_string()),
            // A one-shot command cannot keep a failed change for later: say it was not saved.
            _ => Failure::environment(format!("{e}; nothing was saved")),
        })
    }
}
