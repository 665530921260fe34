//! Editing a session's notes in `$EDITOR`: the notes go out as a numbered list and come back
//! as changes. Item `k.` is note `k` as it was: a changed text edits it, a missing number
//! deletes it, and items with new numbers (or none) are added at the end.

use std::io::Write as _;
use std::process::Command;

use crate::store::{Change, Note};

/// The numbered list written to the editor's file.
pub fn to_text(notes: &[Note]) -> String {
    let mut out = String::from(
        "# Your notes, one numbered item each. Edit, delete or add items; lines starting\n\
         # with # are ignored. Save and quit to apply; quit without saving to cancel.\n",
    );
    for (i, n) in notes.iter().enumerate() {
        let mut lines = n.text.split('\n');
        out.push_str(&format!(
            "{}. {}\n",
            i + 1,
            lines.next().unwrap_or_default()
        ));
        for l in lines {
            out.push_str(&format!("   {l}\n"));
        }
    }
    out
}

/// Items read back: `(number, text)`; a number is `None` for an item without one.
fn parse(text: &str) -> Vec<(Option<usize>, String)> {
    let mut items: Vec<(Option<usize>, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let trimmed = line.trim_start();
        let numbered = trimmed
            .split_once(". ")
            .or_else(|| trimmed.split_once('.').filter(|(_, rest)| rest.is_empty()))
            .and_then(|(n, rest)| n.parse::<usize>().ok().map(|n| (n, rest)));
        match numbered {
            Some((n, rest)) => items.push((Some(n), rest.to_owned())),
            None if line.starts_with(' ') && !items.is_empty() => {
                if let Some(last) = items.last_mut() {
                    last.1.push('\n');
                    last.1.push_str(trimmed);
                }
            }
            None if trimmed.is_empty() => {}
            None => items.push((None, trimmed.to_owned())),
        }
    }
    items.retain(|(_, t)| !t.trim().is_empty());
    items
}

/// The changes that turn `notes` into what the editor returned.
pub fn changes(conference: &str, session: &str, notes: &[Note], edited: &str) -> Vec<Change> {
    let items = parse(edited);
    let mut out = Vec::new();
    let mut kept = vec![false; notes.len()];
    for (number, text) in &items {
        match number
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < notes.len() && !kept[i])
        {
            Some(i) => {
                kept[i] = true;
                if notes[i].text != *text {
                    out.push(Change::EditNote {
                        conference: conference.to_owned(),
                        session: session.to_owned(),
                        note_id: notes[i].id,
                        text: text.clone(),
                    });
                }
            }
            None => out.push(Change::AddNote {
                conference: conference.to_owned(),
                session: session.to_owned(),
                text: text.clone(),
            }),
        }
    }
    for (i, n) in notes.iter().enumerate() {
        if !kept[i] {
            out.push(Change::DeleteNote {
                conference: conference.to_owned(),
                session: session.to_owned(),
                note_id: n.id,
            });
        }
    }
    out
}

/// Writes `text` to a temporary file, runs `$VISUAL`/`$EDITOR` (else `vi`) on it, and reads it
/// back. `None` when the file came back unchanged.
///
/// # Errors
/// When the file cannot be written or read, or the editor cannot start or fails.
pub fn run_editor(text: &str) -> Result<Option<String>, String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_owned());
    let mut file = tempfile::Builder::new()
        .prefix("hallway-notes-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| format!("cannot create a file for the editor: {e}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| format!("cannot write the file for the editor: {e}"))?;
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = Command::new(program)
        .args(parts)
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot run the editor \"{editor}\": {e}"))?;
    if !status.success() {
        return Err(format!(
            "the editor \"{editor}\" failed ({status}); notes unchanged"
        ));
    }
    // Bounded like every read: 64 MB of notes is far beyond anything typed.
    let bytes = crate::fetch::local::read_capped(file.path(), 64_000_000)
        .map_err(|e| format!("cannot read back the edited notes: {e}; notes unchanged"))?;
    let back = String::from_utf8(bytes)
        .map_err(|_| "the edited notes are not UTF-8 text; notes unchanged".to_owned())?;
    Ok((back != text).then_some(back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn note(id: u64, text: &str) -> Note {
        let at = DateTime::parse_from_rfc3339("2024-09-18T10:00:00-07:00").unwrap_or_default();
        Note {
            id,
            text: text.to_owned(),
            written: at,
            edited: None,
            extra: Default::default(),
        }
    }

    #[test]
    fn round_trip_changes_nothing() {
        let notes = vec![note(1, "one"), note(4, "two\nlines")];
        assert_eq!(changes("c", "s", &notes, &to_text(&notes)), vec![]);
    }

    #[test]
    fn edits_deletes_and_additions_are_read_back() {
        let notes = vec![note(1, "one"), note(2, "two"), note(3, "three")];
        let edited = "1. one, edited\n3. three\nnew thought\n4. numbered new\n";
        let got = changes("c", "s", &notes, edited);
        let edit = |id, t: &str| Change::EditNote {
            conference: "c".into(),
            session: "s".into(),
            note_id: id,
            text: t.into(),
        };
        let add = |t: &str| Change::AddNote {
            conference: "c".into(),
            session: "s".into(),
            text: t.into(),
        };
        let del = |id| Change::DeleteNote {
            conference: "c".into(),
            session: "s".into(),
            note_id: id,
        };
        assert_eq!(
            got,
            vec![
                edit(1, "one, edited"),
                add("new thought"),
                add("numbered new"),
                del(2)
            ]
        );
    }
}
