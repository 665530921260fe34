//! The footer: the status line (confirmations, errors) above the key hints for the focused
//! pane and mode. The hints come from the keymap, so they name the keys that really work.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{fit, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Pane};
use crate::tui::keymap::{self, Context};

/// The hints of a context: `(action, short label)`, most useful first.
fn hints(context: Context, focus: Pane, editing: bool) -> Vec<(Vec<Action>, &'static str)> {
    use Action as A;
    match context {
        Context::Browse => {
            // Most useful first: when the bar is narrow (80 columns) the last ones drop, but
            // search and the pane key (the Tracks pane holds ★ Starred and ◷ Now & Next) stay.
            // Rooms and speakers come first where they are listed, else after the talk keys.
            let sections = (vec![A::NextSection], "rooms/speakers");
            let mut v = vec![(vec![A::Down, A::Up], "move")];
            if focus == Pane::Tracks {
                v.extend([(vec![A::Open], "choose"), sections.clone()]);
            }
            v.extend([
                (vec![A::PaneLeft, A::PaneRight], "pane"),
                (vec![A::StartSearch], "search"),
                (vec![A::ToggleStar], "star"),
                (vec![A::NewNote], "note"),
                (vec![A::JumpToNow], "now"),
                (vec![A::PrevDay, A::NextDay], "day"),
            ]);
            if focus != Pane::Tracks {
                v.extend([(vec![A::Open], "open"), sections]);
            }
            v.extend([
                (vec![A::OpenLink], "link"),
                (vec![A::CopyLink], "copy link"),
                (vec![A::OpenVideo], "video"),
                (vec![A::ToggleGrid], "grid"),
                (vec![A::Conferences], "conference"),
                (vec![A::Help], "help"),
                (vec![A::Quit], "quit"),
            ]);
            v
        }
        // Moving a misfiled note comes before delete, so it shows at 80 columns.
        Context::Notes => vec![
            (vec![A::Down, A::Up], "select note"),
            (vec![A::NewNote], "new"),
            (vec![A::EditNote], "edit"),
            (vec![A::MoveNotes], "move"),
            (vec![A::DeleteNote], "delete"),
            (vec![A::UndoDelete], "undo"),
            (vec![A::MarkNotes], "mark"),
            (vec![A::EditNotesInEditor], "$EDITOR"),
            (vec![A::ToggleStar], "star"),
            (vec![A::Back], "back"),
            (vec![A::Help], "help"),
            (vec![A::Quit], "quit"),
        ],
        // Editing a note saves it and closes the line; Esc leaves the note as it was. A new note
        // keeps the line open for the next one.
        Context::NoteInput if editing => {
            vec![(vec![A::SaveNote], "save"), (vec![A::Back], "cancel")]
        }
        Context::NoteInput => vec![(vec![A::SaveNote], "save & next"), (vec![A::Back], "close")],
        Context::Search => vec![
            (vec![A::Down, A::Up], "choose"),
            (vec![A::AcceptSearch], "jump"),
            (vec![A::Back], "cancel"),
        ],
        Context::Help => vec![(vec![A::Down, A::Up], "scroll"), (vec![A::Back], "close")],
        Context::Grid => vec![
            (vec![A::Down, A::Up], "slot"),
            (vec![A::RoomLeft, A::RoomRight], "room"),
            (vec![A::PrevDay, A::NextDay], "day"),
            (vec![A::ToggleStar], "star"),
            (vec![A::NewNote], "note"),
            (vec![A::ToggleGrid], "list"),
            (vec![A::NextPane], "pane"),
            (vec![A::Help], "help"),
            (vec![A::Quit], "quit"),
        ],
        Context::Changes => vec![
            (vec![A::Down, A::Up], "choose"),
            (vec![A::Open], "go to"),
            (vec![A::Back], "close"),
        ],
        Context::Conferences => vec![
            (vec![A::Down, A::Up], "choose"),
            (vec![A::Open], "open"),
            (vec![A::Back], "close"),
        ],
        Context::Pick => vec![
            (vec![A::Down, A::Up], "choose"),
            (vec![A::Open], "choose it"),
            (vec![A::Back], "cancel"),
        ],
    }
}

/// The first key bound to `action` in the context chain, as the help screen writes it.
fn first_key(context: Context, action: Action) -> Option<String> {
    keymap::chain(context).iter().find_map(|ctx| {
        keymap::BINDINGS
            .iter()
            .find(|b| b.context == *ctx && b.action == action)
            .and_then(|b| b.keys.first())
            .map(ToString::to_string)
    })
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let w = usize::from(area.width);
    let context = app.context();
    let items: Vec<(String, &str)> = hints(context, app.focus, app.editing.is_some())
        .into_iter()
        .filter_map(|(actions, label)| {
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|a| first_key(context, *a))
                .collect();
            (!keys.is_empty()).then(|| (keys.join("/"), label))
        })
        .collect();
    // When not all fit, keep help and quit (the last two) and the first ones.
    let item_w = |(keys, label): &(String, &str)| width(keys) + 1 + width(label) + 2;
    let mut keep = vec![false; items.len()];
    let mut used = 0;
    let order = (0..items.len())
        .rev()
        .take(2)
        .chain(0..items.len().saturating_sub(2));
    for i in order {
        if used + item_w(&items[i]) <= w {
            used += item_w(&items[i]);
            keep[i] = true;
        }
    }
    let mut spans = Vec::new();
    for (i, (keys, label)) in items.iter().enumerate() {
        if keep[i] {
            spans.push(Span::styled(keys.clone(), theme.key()));
            spans.push(Span::styled(format!(" {label}  "), theme.dim()));
        }
    }
    let hint_line = Line::from(spans);
    let hint_area = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    if area.height >= 2 {
        if let Some(status) = &app.status {
            let style = if status.error {
                theme.error()
            } else {
                theme.ok()
            };
            let line = Line::styled(fit(&status.text, w), style);
            frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        } else if let Some(banner) = &app.banner {
            let line = Line::styled(fit(banner, w), theme.error());
            frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        } else if let Some(reminder) = &app.reminder {
            let line = Line::styled(fit(&format!("⏰ {reminder}"), w), theme.star());
            frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        }
        frame.render_widget(Paragraph::new(hint_line), hint_area);
    } else if let Some(status) = &app.status {
        // One line only: a message matters more than the hints.
        let style = if status.error {
            theme.error()
        } else {
            theme.ok()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&status.text, w), style)),
            hint_area,
        );
    } else {
        frame.render_widget(Paragraph::new(hint_line), hint_area);
    }
}
