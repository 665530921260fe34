//! The note line: a long note wraps inside the Session pane while it is typed (no sideways
//! scrolling), saved notes wrap with their lines indented under their text, and the hint bar
//! says what Enter and Esc do in the mode at hand.

mod tui_support;

use hallway::tui::app::Mode;
use tui_support::{app, keys, screen, wednesday};

const LONG: &str = "FSDP shards parameters gradients and optimizer states across ranks while \
                    activation checkpointing trades compute for memory on long sequences";

/// The Session pane's rows of the screen: the text between its side borders.
fn pane_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| {
            let start = l.find('┃')?;
            let rest = &l[start + '┃'.len_utf8()..];
            let end = rest.rfind('┃')?;
            Some(rest[..end].to_owned())
        })
        .collect()
}

/// The words of the pane rows from the one starting with `first` on, joined.
fn words_from(rows: &[String], first: &str) -> String {
    let at = rows
        .iter()
        .position(|r| r.trim_start().starts_with(first))
        .unwrap_or_else(|| panic!("no row starting {first:?} in {rows:#?}"));
    rows[at..]
        .iter()
        .flat_map(|r| r.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_note_wraps_while_typed_and_every_word_shows_at_80_by_24() {
    let (_dir, mut a) = app(wednesday(), (80, 24));
    keys(&mut a, &format!("ln{LONG}"));
    assert_eq!(a.mode, Mode::NoteInput);
    let s = screen(&mut a);
    let rows = pane_rows(&s);
    assert_eq!(words_from(&rows, "1. FSDP"), format!("1. {LONG}"), "{s}");
    // The lines after the first sit under the text, not under the number.
    let at = rows
        .iter()
        .position(|r| r.trim_start().starts_with("1. FSDP"))
        .unwrap_or_else(|| panic!("{s}"));
    let col = rows[at].find("FSDP").unwrap_or_else(|| panic!("{s}"));
    assert!(
        rows.len() > at + 2,
        "the note should take three rows or more:\n{s}"
    );
    for row in &rows[at + 1..] {
        let lead = row.len() - row.trim_start().len();
        assert_eq!(
            lead, col,
            "continuation row {row:?} not under the text:\n{s}"
        );
    }
    assert!(s.contains("Enter save & next"), "{s}");
}

#[test]
fn saved_notes_wrap_under_their_text_and_editing_says_save_and_cancel() {
    let (_dir, mut a) = app(wednesday(), (80, 24));
    // k selects the last note, which scrolls it into view.
    keys(&mut a, &format!("lnshort one<Enter>{LONG}<Enter><Esc>k"));
    assert_eq!(a.mode, Mode::Browse);
    let s = screen(&mut a);
    let rows = pane_rows(&s);
    assert_eq!(words_from(&rows, "2. FSDP"), format!("2. {LONG}"), "{s}");
    let at = rows
        .iter()
        .position(|r| r.trim_start().starts_with("2. FSDP"))
        .unwrap_or_else(|| panic!("{s}"));
    let col = rows[at].find("FSDP").unwrap_or_else(|| panic!("{s}"));
    let next = &rows[at + 1];
    assert_eq!(next.len() - next.trim_start().len(), col, "{s}");

    keys(&mut a, "e");
    assert_eq!(a.mode, Mode::NoteInput);
    let s = screen(&mut a);
    assert!(s.contains("Enter save  Esc cancel"), "{s}");
    assert!(!s.contains("save & next"), "{s}");
}

#[test]
fn the_cursor_stays_in_view_when_the_note_outgrows_half_the_pane() {
    let (_dir, mut a) = app(wednesday(), (80, 24));
    let huge = [LONG; 4].join(" ");
    keys(&mut a, &format!("ln{huge}"));
    let s = screen(&mut a);
    // The end of the text (where the cursor is) shows; the status and hint rows stay.
    assert!(
        pane_rows(&s)
            .iter()
            .any(|r| r.trim_end().ends_with("sequences")),
        "{s}"
    );
    assert!(s.contains("Enter save & next"), "{s}");
    insta::assert_snapshot!("long_note_line_80x24", s);
}

#[test]
fn undo_says_restored_and_selects_the_note_scrolled_into_view() {
    let (_dir, mut a) = app(wednesday(), (80, 24));
    let notes: String = (1..=25)
        .map(|k| format!("note number {k}<Enter>"))
        .collect();
    keys(&mut a, &format!("ln{notes}"));
    keys(&mut a, "<Esc>");
    // Select the first note (k from none selects the last), delete it, go down to the last
    // one (the first scrolls away), undo.
    keys(&mut a, &"k".repeat(25));
    assert_eq!(a.note, Some(0));
    keys(&mut a, "d");
    keys(&mut a, &"j".repeat(25));
    assert_eq!(a.note, Some(23));
    let before = screen(&mut a);
    assert!(!before.contains("1. note number 1 "), "{before}");
    keys(&mut a, "u");
    let status = a
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert_eq!(status, "↶ note 1 restored");
    assert_eq!(a.note, Some(0));
    let s = screen(&mut a);
    assert!(
        pane_rows(&s)
            .iter()
            .any(|r| r.trim_start().starts_with("1. note number 1")),
        "{s}"
    );
    assert!(!s.contains("saved"), "{s}");
}
