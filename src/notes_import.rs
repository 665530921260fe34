//! Importing notes taken elsewhere (a phone's notes app, a text file) in the form attendees
//! actually write them: a talk's title — or its abstract, pasted — then numbered lines.
//!
//! Three steps, each usable alone:
//! 1. [`fn@parse`] splits the text into [`Block`]s (the rules — numbering forms, continuation
//!    and URL lines, what is ignored — are in [`mod@parse`]);
//! 2. [`match_block`] finds the session a block's heading names, tolerating typos, shortened
//!    titles, `Title - Speaker, Org` and pasted abstracts (the scoring is described in
//!    [`score`]); it says [`Match::Ambiguous`] rather than guess between close candidates;
//! 3. [`import`] appends each matched block's notes to its session in the [`Store`], in order,
//!    with one save for the whole file ([`Store::apply_all`]), and reports what it added and
//!    what it skipped. The store cleans each note with [`crate::sanitize::block`].
//! 4. [`suggest::review`] compares each imported block's notes with the whole program and
//!    proposes moving runs of notes that clearly belong to another session; it moves nothing.
//!
//! The module knows nothing of the terminal; the CLI's `import-notes` (or similar) command
//! prints the [`Report`].

pub mod parse;
pub mod score;
pub mod suggest;

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

use crate::schedule::Schedule;
use crate::store::{Change, Store, StoreError};

pub use parse::{Block, parse};
pub use score::{Candidate, Matcher};
pub use suggest::{Advisor, Proposal, Suggestion};

/// The lowest score that names a session. On the bundled program, the headings of the real
/// attendee notes in the tests score 0.91–1.0 on their session and at most 0.44 on any other;
/// unrelated headings ("Lunch with friends") stay under 0.3, and one-word headings shared by
/// many titles ("Keynote", "PyTorch", "torch.compile") under 0.72.
pub const ACCEPT: f64 = 0.75;

/// Sessions scoring within this of the best one are too close to choose between.
pub const MARGIN: f64 = 0.05;

/// Which session a block's heading names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// Exactly one session is close enough: its id.
    Session(String),
    /// Several sessions are about as close (ids, best first).
    Ambiguous(Vec<String>),
    /// No session is close enough.
    NoMatch,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Per imported block, in file order: the session id and how many notes were added.
    pub added: Vec<(String, usize)>,
    /// Blocks left out because their heading named no single session.
    pub skipped: Vec<(Block, Match)>,
    /// Per imported block, in file order: where its notes went, with the numbers they got
    /// (filled once the save succeeded; the material of [`suggest::review`]).
    pub filed: Vec<Filed>,
}

/// One block's notes as filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    /// The session the notes were added to.
    pub session: String,
    /// The number (1-based, as displayed) of the block's first note on that session, as this
    /// store saw it: notes another hallway adds at the same moment may shift it.
    pub first: usize,
    /// The notes' texts, in order.
    pub notes: Vec<String>,
}

impl Report {
    /// Notes added in all.
    #[must_use]
    pub fn notes_added(&self) -> usize {
        self.added.iter().map(|(_, n)| n).sum()
    }
}

/// Why an import failed.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The session given to force every block onto is not in the schedule.
    #[error("no session with id {id} in this program")]
    UnknownSession {
        /// The id asked for.
        id: String,
        /// The closest ids, best first, for "did you mean".
        closest: Vec<String>,
    },
    /// The store refused or failed to save the notes. The import is one batch: `partial` is
    /// empty when nothing was saved (a refusal, or a save error: the notes are then kept
    /// pending by the store like any unsaved change, see [`StoreError`]); it lists what was
    /// saved when only some notes were refused at the save itself.
    #[error("the import stopped after {} notes", .partial.notes_added())]
    Store {
        /// What was added before the failure (boxed: it is large, and errors should be small).
        partial: Box<Report>,
        /// The store's error.
        source: StoreError,
    },
}

/// The session a block's heading names: the best-scoring session when it scores at least
/// [`ACCEPT`] and no other comes within [`MARGIN`] of it.
#[must_use]
pub fn match_block(schedule: &Schedule, block: &Block) -> Match {
    decide(&Matcher::new(schedule).rank(&block.heading))
}

/// Every session scoring above zero against a block's heading, best first: what
/// [`match_block`] decides from, and "did you mean" material for a skipped block.
#[must_use]
pub fn rank(schedule: &Schedule, block: &Block) -> Vec<Candidate> {
    Matcher::new(schedule).rank(&block.heading)
}

fn decide(ranked: &[Candidate]) -> Match {
    let Some(top) = ranked.first() else {
        return Match::NoMatch;
    };
    if top.score < ACCEPT {
        return Match::NoMatch;
    }
    let close: Vec<String> = ranked
        .iter()
        .take_while(|c| c.score >= ACCEPT && c.score >= top.score - MARGIN)
        .map(|c| c.id.clone())
        .collect();
    match <[String; 1]>::try_from(close) {
        Ok([id]) => Match::Session(id),
        Err(ids) => Match::Ambiguous(ids),
    }
}

/// Parses `text` and appends each block's notes, in order, to the session its heading names
/// (or, with `force_session`, every block's notes to that session), as notes of
/// `schedule`'s conference written at `now`. Blocks naming no single session are skipped and
/// reported; nothing is added for them.
///
/// # Errors
/// - [`ImportError::UnknownSession`] when `force_session` is not a session of `schedule`;
///   nothing is added.
/// - [`ImportError::Store`] when the store refuses the notes (read-only, no note id left) or
///   cannot save them; nothing is added.
pub fn import(
    schedule: &Schedule,
    store: &mut Store,
    text: &str,
    force_session: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<Report, ImportError> {
    if let Some(id) = force_session
        && schedule.get(id).is_none()
    {
        return Err(ImportError::UnknownSession {
            id: id.to_owned(),
            closest: schedule
                .closest_ids(id, 3)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        });
    }
    let matcher = Matcher::new(schedule);
    let mut report = Report::default();
    let mut changes = Vec::new();
    let mut filed = Vec::new();
    let mut next_number: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    for block in parse(text) {
        let session = match force_session {
            Some(id) => id.to_owned(),
            None => match decide(&matcher.rank(&block.heading)) {
                Match::Session(id) => id,
                other => {
                    report.skipped.push((block, other));
                    continue;
                }
            },
        };
        report.added.push((session.clone(), block.notes.len()));
        let next = next_number
            .entry(session.clone())
            .or_insert_with(|| store.notes(&schedule.conference.id, &session).len() + 1);
        filed.push(Filed {
            session: session.clone(),
            first: *next,
            notes: block.notes.clone(),
        });
        *next += block.notes.len();
        changes.extend(block.notes.into_iter().map(|text| Change::AddNote {
            conference: schedule.conference.id.clone(),
            session: session.clone(),
            text,
        }));
    }
    if changes.is_empty() {
        return Ok(report);
    }
    // One locked read-merge-write for the whole file, however many notes it holds.
    let failed = match store.apply_all(changes, now) {
        Ok(results) => results.into_iter().find_map(Result::err),
        Err(source) => {
            return Err(ImportError::Store {
                partial: Box::default(),
                source,
            });
        }
    };
    match failed {
        // Refused at the save itself (ids that reached the largest one meanwhile, in a file
        // edited by hand): the rest was saved.
        Some(source) => Err(ImportError::Store {
            partial: Box::new(report),
            source,
        }),
        None => {
            report.filed = filed;
            Ok(report)
        }
    }
}
