//! The default key bindings, in one table: `(context, keys, action)`. The keymap lookup, the
//! help screen and the hint bar are all generated from it, so they cannot drift apart; a test
//! checks that no key is bound twice where both bindings could apply.

use super::action::Action;
use super::key::{Key, KeyCode, Mods};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Browsing, whatever pane has focus (unless the pane binds the key itself).
    Browse,
    /// Browsing with the Session pane focused: its notes.
    Notes,
    /// Typing a search.
    Search,
    /// Typing a note.
    NoteInput,
    /// The help screen.
    Help,
    /// The conference switcher.
    Conferences,
    /// The timetable grid, focused.
    Grid,
    /// The list of changes from the last update.
    Changes,
    /// Choosing a talk: for a quick note, or to move notes to (type to filter).
    Pick,
}

impl Context {
    /// The help screen's heading for the context.
    pub fn title(self) -> &'static str {
        match self {
            Context::Browse => "Browsing",
            Context::Notes => "Session pane: notes",
            Context::Search => "Search (type to search)",
            Context::NoteInput => "Note line (type your note)",
            Context::Help => "Help screen",
            Context::Conferences => "Conference switcher",
            Context::Grid => "Timetable grid (t)",
            Context::Changes => "Changes from the last update (C)",
            Context::Pick => "Which talk? (N: several on; m: move notes; type to filter)",
        }
    }

    /// Contexts in the order the help screen lists them.
    pub const ALL: [Context; 9] = [
        Context::Browse,
        Context::Grid,
        Context::Notes,
        Context::NoteInput,
        Context::Search,
        Context::Conferences,
        Context::Changes,
        Context::Pick,
        Context::Help,
    ];
}

const fn k(code: KeyCode) -> Key {
    Key::plain(code)
}
const fn c(ch: char) -> Key {
    Key::char(ch)
}

/// One row of the table.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
}

const fn bind(context: Context, keys: &'static [Key], action: Action) -> Binding {
    Binding {
        context,
        keys,
        action,
    }
}

use Context::{Browse, Changes, Conferences, Grid, Help, NoteInput, Notes, Pick, Search};
use KeyCode as K;

/// Every default binding. Order is the order of the help screen.
pub const BINDINGS: &[Binding] = &[
    bind(Browse, &[c('j'), k(K::Down)], Action::Down),
    bind(Browse, &[c('k'), k(K::Up)], Action::Up),
    bind(Browse, &[c('g'), k(K::Home)], Action::Top),
    bind(Browse, &[c('G'), k(K::End)], Action::Bottom),
    bind(Browse, &[k(K::PageDown), Key::ctrl('d')], Action::PageDown),
    bind(Browse, &[k(K::PageUp), Key::ctrl('u')], Action::PageUp),
    bind(Browse, &[k(K::Tab)], Action::NextPane),
    bind(Browse, &[k(K::BackTab)], Action::PrevPane),
    bind(Browse, &[c('h'), k(K::Left)], Action::PaneLeft),
    bind(Browse, &[c('l'), k(K::Right)], Action::PaneRight),
    bind(Browse, &[c(']')], Action::NextDay),
    bind(Browse, &[c('[')], Action::PrevDay),
    bind(Browse, &[k(K::Enter)], Action::Open),
    bind(Browse, &[k(K::Esc)], Action::Back),
    bind(Browse, &[c('b')], Action::NextSection),
    bind(Browse, &[c('s'), c(' ')], Action::ToggleStar),
    bind(Browse, &[c('n')], Action::NewNote),
    bind(Browse, &[c('N')], Action::QuickNote),
    bind(Browse, &[c('.')], Action::JumpToNow),
    bind(Browse, &[c('/')], Action::StartSearch),
    bind(Browse, &[c('`')], Action::GoBack),
    bind(Browse, &[c('o')], Action::OpenLink),
    bind(Browse, &[c('v')], Action::OpenVideo),
    bind(Browse, &[c('y')], Action::CopyLink),
    bind(Browse, &[c('c')], Action::Conferences),
    bind(Browse, &[c('z')], Action::ToggleZone),
    bind(Browse, &[c('t')], Action::ToggleGrid),
    bind(Browse, &[c('R')], Action::Refresh),
    bind(Browse, &[c('C')], Action::ShowChanges),
    bind(Changes, &[c('j'), k(K::Down)], Action::Down),
    bind(Changes, &[c('k'), k(K::Up)], Action::Up),
    bind(Changes, &[k(K::Enter)], Action::Open),
    bind(Changes, &[k(K::Esc), c('C')], Action::Back),
    bind(Changes, &[c('q'), Key::ctrl('c')], Action::Quit),
    bind(Grid, &[c('h'), k(K::Left)], Action::RoomLeft),
    bind(Grid, &[c('l'), k(K::Right)], Action::RoomRight),
    bind(Browse, &[c('?')], Action::Help),
    bind(Browse, &[c('q'), Key::ctrl('c')], Action::Quit),
    bind(Notes, &[c('e')], Action::EditNote),
    bind(Notes, &[c('d')], Action::DeleteNote),
    bind(Notes, &[c('u')], Action::UndoDelete),
    bind(Notes, &[c('V')], Action::MarkNotes),
    bind(Notes, &[c('m')], Action::MoveNotes),
    bind(Notes, &[c('E')], Action::EditNotesInEditor),
    bind(NoteInput, &[k(K::Enter)], Action::SaveNote),
    bind(NoteInput, &[k(K::Esc)], Action::Back),
    bind(NoteInput, &[Key::ctrl('c')], Action::Quit),
    bind(Search, &[k(K::Enter)], Action::AcceptSearch),
    bind(Search, &[k(K::Esc)], Action::Back),
    bind(Search, &[k(K::Down), Key::ctrl('n')], Action::Down),
    bind(Search, &[k(K::Up), Key::ctrl('p')], Action::Up),
    bind(Search, &[k(K::PageDown)], Action::PageDown),
    bind(Search, &[k(K::PageUp)], Action::PageUp),
    bind(Search, &[Key::ctrl('c')], Action::Quit),
    bind(Conferences, &[c('j'), k(K::Down)], Action::Down),
    bind(Conferences, &[c('k'), k(K::Up)], Action::Up),
    bind(Conferences, &[k(K::Enter)], Action::Open),
    bind(Conferences, &[k(K::Esc), c('c')], Action::Back),
    bind(Conferences, &[c('q'), Key::ctrl('c')], Action::Quit),
    bind(Pick, &[k(K::Enter)], Action::Open),
    bind(Pick, &[k(K::Esc)], Action::Back),
    bind(Pick, &[k(K::Down), Key::ctrl('n')], Action::Down),
    bind(Pick, &[k(K::Up), Key::ctrl('p')], Action::Up),
    bind(Pick, &[Key::ctrl('c')], Action::Quit),
    bind(Help, &[k(K::Esc), c('?')], Action::Back),
    bind(Help, &[c('j'), k(K::Down)], Action::Down),
    bind(Help, &[c('k'), k(K::Up)], Action::Up),
    bind(Help, &[k(K::PageDown), c(' ')], Action::PageDown),
    bind(Help, &[k(K::PageUp)], Action::PageUp),
    bind(Help, &[c('q'), Key::ctrl('c')], Action::Quit),
];

/// The contexts consulted, most specific first, for a mode and focused pane.
pub fn chain(context: Context) -> &'static [Context] {
    match context {
        Browse => &[Browse],
        Notes => &[Notes, Browse],
        Search => &[Search],
        NoteInput => &[NoteInput],
        Help => &[Help],
        Conferences => &[Conferences],
        Grid => &[Grid, Browse],
        Changes => &[Changes],
        Pick => &[Pick],
    }
}

/// The action bound to `key` in `context` (falling back along [`chain`]).
pub fn lookup(context: Context, key: Key) -> Option<Action> {
    chain(context).iter().find_map(|ctx| {
        BINDINGS
            .iter()
            .find(|b| b.context == *ctx && b.keys.contains(&key))
            .map(|b| b.action)
    })
}

/// The keys bound to `action` in `context`, for hints: `j/↓`.
pub fn keys_for(context: Context, action: Action) -> String {
    BINDINGS
        .iter()
        .filter(|b| b.context == context && b.action == action)
        .flat_map(|b| b.keys.iter().map(ToString::to_string))
        .collect::<Vec<_>>()
        .join("/")
}

/// The help screen: per context, `(keys, description)` rows.
pub fn help() -> Vec<(Context, Vec<(String, &'static str)>)> {
    Context::ALL
        .iter()
        .map(|ctx| {
            let rows = BINDINGS
                .iter()
                .filter(|b| b.context == *ctx)
                .map(|b| {
                    let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
                    (keys.join(" "), b.action.describe())
                })
                .collect();
            (*ctx, rows)
        })
        .collect()
}

/// Keys that are not characters a text field would take: these stay bound while typing.
pub fn is_text(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && key.mods == Mods::NONE
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_key_is_bound_twice_where_both_could_apply() {
        for ctx in Context::ALL {
            let mut seen: HashMap<Key, (Context, Action)> = HashMap::new();
            for layer in chain(ctx) {
                for b in BINDINGS.iter().filter(|b| b.context == *layer) {
                    for key in b.keys {
                        if let Some((other_ctx, other)) = seen.get(key) {
                            // A more specific layer may override a general one on purpose,
                            // but never within the same layer.
                            assert_ne!(
                                *other_ctx, *layer,
                                "{key} bound to {other:?} and {:?} in {layer:?}",
                                b.action
                            );
                        } else {
                            seen.insert(*key, (*layer, b.action));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn text_contexts_bind_no_plain_characters() {
        for b in BINDINGS {
            if matches!(b.context, Context::Search | Context::NoteInput) {
                for key in b.keys {
                    assert!(!is_text(*key), "{key} would steal a typed character");
                }
            }
        }
    }

    #[test]
    fn every_action_has_a_key_and_the_help_lists_it() {
        let help = help();
        let described: Vec<&str> = help
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|(_, d)| *d))
            .collect();
        for b in BINDINGS {
            assert!(!b.keys.is_empty());
            assert!(described.contains(&b.action.describe()));
        }
        assert_eq!(lookup(Context::Notes, Key::char('j')), Some(Action::Down));
        assert_eq!(
            lookup(Context::Notes, Key::char('d')),
            Some(Action::DeleteNote)
        );
        assert_eq!(lookup(Context::Browse, Key::char('d')), None);
        assert_eq!(lookup(Context::Search, Key::char('q')), None);
    }
}
