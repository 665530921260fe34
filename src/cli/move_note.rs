//! `hallway move-note SESSION NUMBER[-NUMBER] --to SESSION`: moves one note, or a run of them,
//! to the talk they belong to, with one save (see [`Store::move_notes`]).
//!
//! [`Store::move_notes`]: crate::store::Store::move_notes

use std::ops::RangeInclusive;

use super::context::Context;
use super::failure::Failure;
use crate::store::{BadNumbers, Outcome, StoreError};

/// Runs `move-note`.
///
/// # Errors
/// Bad input (an unknown session, numbers that name no notes, the same session twice): exit 2,
/// nothing changed. A save that failed: exit 1, nothing changed on disk.
pub fn run(ctx: &mut Context, from: &str, numbers: &str, to: &str) -> Result<(), Failure> {
    let range = parse_numbers(numbers)?;
    let source = ctx.session(from)?;
    let (from_id, from_title) = (source.id.clone(), source.title.clone());
    let target = ctx.session(to)?;
    let (to_id, to_title) = (target.id.clone(), target.title.clone());
    if from_id == to_id {
        return Err(Failure::input(format!(
            "the notes are already on \"{from_title}\"; name another session after --to"
        )));
    }
    let conference = ctx.conference_id().to_owned();
    let result = ctx
        .store
        .move_notes(&conference, &from_id, range.clone(), &to_id, ctx.now);
    for notice in ctx.store.take_notices() {
        crate::cli::emit::say!("hallway: {notice}");
    }
    let outcome = result.map_err(|e| match e {
        StoreError::NoteNumbers { problem, .. } => {
            Failure::input(bad_numbers(&from_id, &from_title, &range, problem))
        }
        StoreError::NoteNotFound { .. } | StoreError::SameSession { .. } => {
            Failure::input(format!("{e}; nothing was moved"))
        }
        // A one-shot command cannot keep a failed change for later: say it was not saved.
        _ => Failure::environment(format!("{e}; nothing was moved")),
    })?;
    match outcome {
        Outcome::NotesMoved {
            count,
            from_number,
            to_number,
            ..
        } => super::write::print(&format!(
            "moved {} of \"{from_title}\" to \"{to_title}\" (now {})\n",
            numbered(from_number, count),
            numbered(to_number, count),
        )),
        other => Err(Failure::environment(format!(
            "unexpected outcome {other:?}"
        ))),
    }
}

/// `2` or `2-3` (with a hyphen or an en dash) as a range of displayed note numbers.
fn parse_numbers(text: &str) -> Result<RangeInclusive<usize>, Failure> {
    let bad = || {
        Failure::input(format!(
            "\"{text}\" is not a note number: give one (2) or a range (2-3), as `hallway notes` \
             numbers them"
        ))
    };
    let number = |part: &str| part.trim().parse::<usize>().ok().filter(|&n| n > 0);
    let (first, last) = match text.split_once(['-', '–']) {
        Some((a, b)) => (number(a).ok_or_else(bad)?, number(b).ok_or_else(bad)?),
        None => {
            let n = number(text).ok_or_else(bad)?;
            (n, n)
        }
    };
    if first > last {
        return Err(Failure::input(format!(
            "\"{text}\" goes backwards: write the range low to high ({last}-{first})"
        )));
    }
    Ok(first..=last)
}

/// `note 2` or `notes 2–3`.
fn numbered(first: usize, count: usize) -> String {
    if count <= 1 {
        format!("note {first}")
    } else {
        format!("notes {first}–{}", first + count - 1)
    }
}

fn bad_numbers(
    id: &str,
    title: &str,
    range: &RangeInclusive<usize>,
    problem: BadNumbers,
) -> String {
    let asked = numbered(*range.start(), range.end() - range.start() + 1);
    match problem {
        BadNumbers::NoNotes => format!("\"{title}\" [{id}] has no notes, so no {asked}"),
        BadNumbers::PastTheEnd { count: 1 } => {
            format!("\"{title}\" [{id}] has 1 note, so no {asked}; nothing was moved")
        }
        BadNumbers::PastTheEnd { count } => format!(
            "\"{title}\" [{id}] has {count} notes (1–{count}), so no {asked}; nothing was moved"
        ),
        BadNumbers::Backwards => {
            format!("{asked} is not a range of note numbers; nothing was moved")
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ranges_parse_and_nonsense_is_refused() {
        assert_eq!(parse_numbers("2").unwrap(), 2..=2);
        assert_eq!(parse_numbers("6-8").unwrap(), 6..=8);
        assert_eq!(parse_numbers("6–8").unwrap(), 6..=8);
        for bad in [
            "0",
            "",
            "-",
            "2-",
            "-3",
            "x",
            "1-0",
            "2-3-4",
            "9999999999999999999999",
        ] {
            assert!(parse_numbers(bad).is_err(), "{bad}");
        }
        let backwards = parse_numbers("8-6").unwrap_err();
        assert_eq!(backwards.code, 2);
        assert!(
            backwards.lines[0].contains("(6-8)"),
            "{:?}",
            backwards.lines
        );
    }

    #[test]
    fn one_note_is_singular() {
        assert_eq!(numbered(2, 1), "note 2");
        assert_eq!(numbered(5, 2), "notes 5–6");
    }
}
