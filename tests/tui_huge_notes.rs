//! A huge note (pasted, imported or restored) is shown folded — its first kilobyte, its size and
//! `E` to read it all — so no frame wraps a megabyte; the one-line note input refuses it (it
//! would scroll sideways through a megabyte) and points to `E`. A huge summary folds likewise.

mod tui_support;

use hallway::schedule::{Schedule, bundled};
use hallway::store::Change;
use hallway::tui::app::Mode;
use hallway::tui::view::{FOLD_AT, fold};
use tui_support::{app_on, keys, later, screen};

fn big(bytes: usize) -> String {
    let word = "sharded data parallel ❤️ ";
    let mut s = String::new();
    while s.len() < bytes {
        s.push_str(word);
    }
    s
}

#[test]
fn fold_cuts_at_a_character_boundary_and_leaves_short_text_alone() {
    assert_eq!(fold("short", 10), None);
    let text = "é".repeat(10); // 20 bytes
    assert_eq!(fold(&text, 5), Some("éé"));
    assert_eq!(fold(&text, 20), None);
}

#[test]
fn a_megabyte_note_is_shown_folded_with_its_size_and_cannot_go_on_the_note_line() {
    let (_d, mut app) = app_on(
        bundled::load().unwrap_or_else(|e| panic!("{e}")),
        later(),
        (120, 60),
    );
    let session = app
        .selected()
        .map(|s| s.id.clone())
        .unwrap_or_else(|| panic!("no selection"));
    let conference = app.conference_id().to_owned();
    let huge = big(1_000_000);
    for text in [huge.as_str(), "short one"] {
        app.store
            .apply(
                Change::AddNote {
                    conference: conference.clone(),
                    session: session.clone(),
                    text: text.to_owned(),
                },
                later(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    app.refresh();
    // Into the Session pane, on the first (huge) note, scrolled into view.
    keys(&mut app, "lj");
    let shown = screen(&mut app);
    assert!(
        // The mark may wrap like the rest of the note.
        shown.contains("folded (1 MB):") && shown.contains("E reads it all"),
        "no fold mark:\n{shown}"
    );
    assert!(shown.contains("2. short one"), "{shown}");
    keys(&mut app, "e");
    assert_ne!(
        app.mode,
        Mode::NoteInput,
        "a megabyte went on the note line"
    );
    let status = app.status.clone().unwrap_or_else(|| panic!("no status"));
    assert!(
        status.text.contains("E edits it in $EDITOR"),
        "{}",
        status.text
    );
    // The short note still edits on the line.
    keys(&mut app, "je");
    assert_eq!(app.mode, Mode::NoteInput);
    assert_eq!(app.input.text(), "short one");
    assert!(FOLD_AT < huge.len());
}

#[test]
fn a_huge_summary_is_folded_and_points_to_hallway_show() {
    let program = bundled::load().unwrap_or_else(|e| panic!("{e}"));
    let mut sessions = program.sessions().to_vec();
    for s in &mut sessions {
        s.summary = Some(big(3_000_000).into());
    }
    let (_d, mut app) = app_on(
        Schedule::new(program.conference.clone(), sessions),
        later(),
        (100, 30),
    );
    let id = app.selected().map(|s| s.id.clone()).unwrap_or_default();
    keys(&mut app, "l");
    keys(&mut app, "<PageDown><PageDown><PageDown><End>");
    let shown = screen(&mut app);
    assert!(
        shown.contains("summary folded (3 MB): hallway show"),
        "no fold mark:\n{shown}"
    );
    assert!(shown.contains(&id[..id.len().min(5)]), "{shown}");
}
