//! What the user means: the vocabulary shared by the keymap, the help screen, `hallway render`
//! and the tests. Keys map to actions; [`super::app::App::update`] carries them out.

/// One thing the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Move the selection down one row.
    Down,
    /// Move the selection up one row.
    Up,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Move down a page.
    PageDown,
    /// Move up a page.
    PageUp,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Focus the pane to the left.
    PaneLeft,
    /// Focus the pane to the right.
    PaneRight,
    /// Show the next day's sessions.
    NextDay,
    /// Show the previous day's sessions.
    PrevDay,
    /// Open the selected entry: choose a track, or open the session.
    Open,
    /// List tracks, rooms or speakers in the Tracks pane (cycles).
    NextSection,
    /// Go back one level (narrow screens), close a prompt or overlay.
    Back,
    /// Star or unstar the selected session, saved at once.
    ToggleStar,
    /// Start a new numbered note on the selected session.
    NewNote,
    /// Start a note on the talk happening now (the starred one in progress, else the one in
    /// the selected session's room, else the selected session).
    QuickNote,
    /// Back to now: the session in progress (or next) selected, its day shown.
    JumpToNow,
    /// Save the note being typed and start the next one.
    SaveNote,
    /// Edit the selected note in place.
    EditNote,
    /// Delete the selected note.
    DeleteNote,
    /// Undo the last delete (the note comes back in its place) or move (the notes go back).
    UndoDelete,
    /// Mark a run of notes from the selected one (j/k extend it), or clear the mark.
    MarkNotes,
    /// Move the marked notes, or the selected one, to another talk chosen in a picker.
    MoveNotes,
    /// Edit all of the session's notes in $EDITOR.
    EditNotesInEditor,
    /// Search all days as you type.
    StartSearch,
    /// Jump to the selected search result.
    AcceptSearch,
    /// Back to the view before the last jump to a search result.
    GoBack,
    /// Open the session's page in the browser.
    OpenLink,
    /// Open the session's video in the browser.
    OpenVideo,
    /// Copy the session's link to the clipboard through the terminal (OSC 52).
    CopyLink,
    /// Show times in your own zone, or back in the conference's.
    ToggleZone,
    /// Show the timetable grid (rooms across, time down) instead of the list, or back.
    ToggleGrid,
    /// In the grid: the room to the left.
    RoomLeft,
    /// In the grid: the room to the right.
    RoomRight,
    /// Download the conference's program again (imported by URL) and report what changed.
    Refresh,
    /// Show what changed in the last update of the program.
    ShowChanges,
    /// Switch to another conference (bundled or imported).
    Conferences,
    /// Show or hide the help screen.
    Help,
    /// Quit hallway (everything is already saved).
    Quit,
}

impl Action {
    /// The help screen's words for the action.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Down => "move down",
            Action::Up => "move up",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::PaneLeft => "pane to the left",
            Action::PaneRight => "pane to the right",
            Action::NextDay => "next day",
            Action::PrevDay => "previous day",
            Action::Open => "open / choose",
            Action::NextSection => "browse by track / room / speaker",
            Action::Back => "back / close",
            Action::ToggleStar => "star / unstar, saved at once",
            Action::NewNote => "new numbered note",
            Action::QuickNote => "note on the talk happening now",
            Action::JumpToNow => "jump to now: the talk in progress, or next",
            Action::SaveNote => "save note, start the next",
            Action::EditNote => "edit the selected note",
            Action::DeleteNote => "delete the selected note",
            Action::UndoDelete => "undo the last delete or move",
            Action::MarkNotes => "mark notes (j/k extend, Esc clears)",
            Action::MoveNotes => "move the note(s) to another talk",
            Action::EditNotesInEditor => "edit all notes in $EDITOR",
            Action::StartSearch => "search all days",
            Action::AcceptSearch => "jump to the result",
            Action::GoBack => "back to the view before the jump",
            Action::OpenLink => "open the session page (http(s) links only)",
            Action::OpenVideo => "open the video (http(s) links only)",
            Action::CopyLink => "copy the link (OSC 52; over SSH too)",
            Action::ToggleZone => "times in your zone / the conference's",
            Action::ToggleGrid => "timetable grid / list",
            Action::RoomLeft => "room to the left",
            Action::RoomRight => "room to the right",
            Action::Refresh => "refresh the program from its URL",
            Action::ShowChanges => "what changed in the last update",
            Action::Conferences => "switch conference",
            Action::Help => "help",
            Action::Quit => "quit",
        }
    }
}
