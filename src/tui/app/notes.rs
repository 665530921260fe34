//! Notes in the Session pane: the note line (new or edit), delete and undo.

use super::{Action, App, Deleted, Effect, Mode, Pane};
use crate::store::Change;

impl App {
    /// Opens the note line under the selected session's notes.
    pub(super) fn start_note(&mut self) {
        if self.selected().is_none() {
            self.complain("no session selected: choose one to write notes on");
            return;
        }
        self.mode = Mode::NoteInput;
        self.focus = Pane::Detail;
        self.editing = None;
        self.note_target = None;
        self.note = None;
        self.input.clear();
    }

    /// The number the note line will get (or has, when editing).
    pub fn note_number(&self) -> usize {
        let Some(s) = self.selected() else { return 1 };
        let notes = self.store.notes(self.conference_id(), &s.id);
        match self.editing {
            Some(id) => notes.iter().position(|n| n.id == id).map_or(1, |i| i + 1),
            None => notes.len() + 1,
        }
    }

    pub(super) fn update_note_input(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::SaveNote => self.save_note(),
            Action::Back => {
                if !self.input.is_empty() && self.editing.is_none() {
                    self.say("note line closed; the unsaved text was dropped");
                }
                self.mode = Mode::Browse;
                self.editing = None;
                self.note_target = None;
                self.input.clear();
                None
            }
            Action::Quit => {
                // Quitting mid-note keeps what was typed: save it, then quit.
                let save = self.save_note();
                self.quit = true;
                save.or(Some(super::Effect::Quit))
            }
            _ => None,
        }
    }

    fn save_note(&mut self) -> Option<Effect> {
        let s = self.selected()?;
        let (conference, session) = (self.conference_id().to_owned(), s.id.clone());
        if self.input.text().trim().is_empty() {
            if self.editing.is_some() {
                self.complain("an empty note is not saved; d deletes a note");
            } else {
                self.say("type a note, Enter saves it; Esc closes the note line");
            }
            return None;
        }
        let text = self.input.take();
        match self.editing.take() {
            Some(note_id) => {
                self.mode = Mode::Browse;
                Some(Effect::Save(Change::EditNote {
                    conference,
                    session,
                    note_id,
                    text,
                }))
            }
            // The line stays open for the next note.
            None => Some(Effect::Save(Change::AddNote {
                conference,
                session,
                text,
            })),
        }
    }

    /// Opens the note line on the selected note, to edit it in place.
    pub(super) fn edit_note(&mut self) {
        let Some((id, text)) = self.selected_note().map(|n| (n.id, n.text.clone())) else {
            self.complain("no note selected: j/k choose one");
            return;
        };
        if text.len() > crate::tui::view::FOLD_AT {
            self.complain(format!(
                "this note is {}, too long for the note line: E edits it in $EDITOR",
                crate::fetch::size(text.len() as u64)
            ));
            return;
        }
        self.mode = Mode::NoteInput;
        self.editing = Some(id);
        self.input = crate::tui::input::LineInput::with_text(&text);
    }

    pub(super) fn delete_note(&mut self) -> Option<Effect> {
        let Some(note) = self.selected_note().cloned() else {
            self.complain("no note selected: j/k choose one");
            return None;
        };
        let id = note.id;
        let session = self.selected()?.id.clone();
        self.deleted = Some(Deleted {
            session: session.clone(),
            note,
            position: self.note.unwrap_or(0),
        });
        Some(Effect::Save(Change::DeleteNote {
            conference: self.conference_id().to_owned(),
            session,
            note_id: id,
        }))
    }

    pub(super) fn undo_delete(&mut self) -> Option<Effect> {
        let Some(d) = self.deleted.take() else {
            self.complain("nothing to undo");
            return None;
        };
        Some(Effect::Save(Change::RestoreNote {
            conference: self.conference_id().to_owned(),
            session: d.session,
            text: d.note.text,
            written: d.note.written,
            edited: d.note.edited,
            position: Some(d.position),
        }))
    }

    fn selected_note(&self) -> Option<&crate::store::Note> {
        let s = self.selected()?;
        self.store
            .notes(self.conference_id(), &s.id)
            .get(self.note?)
    }
}
