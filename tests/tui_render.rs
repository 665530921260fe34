//! What a person sees: render snapshots (insta, as plain text) of the layouts, search, help and
//! the note line, plus checks of emphasis that text snapshots cannot show.

mod tui_support;

use hallway::tui::headless;
use hallway::tui::ui::Theme;
use ratatui::style::Modifier;
use tui_support::{app, keys, later, screen, wednesday};

#[test]
fn three_panes_at_120_by_40() {
    let (_d, mut a) = app(later(), (120, 40));
    insta::assert_snapshot!(screen(&mut a));
}

#[test]
fn three_panes_on_a_conference_day_with_stars_and_notes() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    keys(
        &mut a,
        "sjsnFSDP sharded data, including weights<Enter>torch.compile → graph breaks<Enter>",
    );
    insta::assert_snapshot!(screen(&mut a));
}

#[test]
fn two_panes_below_100_columns() {
    let (_d, mut a) = app(later(), (80, 24));
    insta::assert_snapshot!(screen(&mut a));
}

#[test]
fn one_pane_below_60_columns_drilling_in() {
    let (_d, mut a) = app(later(), (50, 20));
    let list = screen(&mut a);
    keys(&mut a, "<Enter>");
    let detail = screen(&mut a);
    insta::assert_snapshot!(format!("{list}\n---- after Enter ----\n{detail}"));
}

#[test]
fn search_results_as_you_type() {
    let (_d, mut a) = app(later(), (120, 30));
    keys(&mut a, "/llama");
    insta::assert_snapshot!(screen(&mut a));
}

#[test]
fn help_lists_every_binding() {
    let (_d, mut a) = app(later(), (120, 80));
    keys(&mut a, "?");
    let text = screen(&mut a);
    for b in hallway::tui::keymap::BINDINGS {
        assert!(
            text.contains(b.action.describe()),
            "help misses {:?}",
            b.action
        );
    }
    insta::assert_snapshot!(text);
}

#[test]
fn the_note_line_shows_its_number_and_wide_text() {
    let (_d, mut a) = app(wednesday(), (100, 24));
    keys(&mut a, "nfirst<Enter>東京で会いましょう 🎉 and more");
    insta::assert_snapshot!(screen(&mut a));
}

#[test]
fn tiny_sizes_render_without_overflow() {
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 5),
        (5, 2),
        (10, 3),
        (20, 6),
        (59, 10),
        (60, 8),
        (99, 9),
    ] {
        let (_d, mut a) = app(later(), (w, h));
        keys(&mut a, "jn東京🎉<Enter>");
        let text = screen(&mut a);
        assert_eq!(text.lines().count(), usize::from(h), "{w}x{h}");
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= usize::from(w),
                "{w}x{h}: {line:?}"
            );
        }
    }
}

#[test]
fn focus_and_selection_show_without_colour() {
    let (_d, mut a) = app(later(), (120, 40));
    let buf = headless::draw(&mut a, Theme::new(true));
    // The middle pane has focus: its border is thick and bold; the selected row is reversed.
    let area = a.areas.slots.unwrap_or_default();
    let corner = &buf[(area.x, area.y)];
    assert_eq!(corner.symbol(), "┏");
    assert!(corner.modifier.contains(Modifier::BOLD));
    let row = a.rows_list.selected().unwrap_or(0) - a.rows_list.offset();
    let y = area.y + 1 + u16::try_from(row).unwrap_or(0);
    assert!(buf[(area.x + 4, y)].modifier.contains(Modifier::REVERSED));
    let tracks = a.areas.tracks.unwrap_or_default();
    assert_eq!(buf[(tracks.x, tracks.y)].symbol(), "╭");
}

#[test]
fn colours_are_used_when_allowed() {
    let (_d, mut a) = app(wednesday(), (120, 40));
    keys(&mut a, "s");
    let buf = headless::draw(&mut a, Theme::new(false));
    let star = buf
        .content()
        .iter()
        .find(|c| c.symbol() == "★")
        .map(|c| c.fg);
    assert_eq!(star, Some(ratatui::style::Color::Yellow));
}

#[test]
fn a_shorter_list_is_not_left_scrolled_past_its_end() {
    // At the bottom of All days (90 sessions, scrolled far down), then to a day of 3 sessions:
    // the whole day shows from its first heading, not just the row kept selected.
    let (_d, mut a) = app(later(), (120, 40));
    keys(&mut a, "G");
    let bottom = screen(&mut a);
    assert!(a.rows_list.offset() > 20, "scrolled down: {bottom}");
    keys(&mut a, "]");
    let day = screen(&mut a);
    assert_eq!(a.days[a.day].label(), "Wed 18 Sep");
    assert_eq!(a.rows_list.offset(), 0);
    // The slot's start heads the list; each row shows its own end.
    assert!(day.contains("14:55"), "{day}");
    assert!(day.contains("–15:20"), "{day}");
    assert!(
        a.selected().is_some_and(|s| day.contains(&s.title[..20])),
        "{day}"
    );
}

/// At 80×24 the hint bar keeps search and the pane key (the Tracks pane, hidden at this width,
/// holds ★ Starred and ◷ Now & Next) before the less used keys.
#[test]
fn the_hint_bar_at_80_by_24_keeps_search_and_the_way_to_the_tracks_pane() {
    let (_d, mut a) = app(later(), (80, 24));
    let text = screen(&mut a);
    let hints = text.lines().last().unwrap_or_default();
    for wanted in ["/ search", "h/l pane", ". now", "? help", "q quit"] {
        assert!(hints.contains(wanted), "{wanted:?} missing from {hints:?}");
    }
    // One key reaches ★ Starred from the first screen: h, then it is two rows down.
    keys(&mut a, "h");
    assert!(screen(&mut a).contains("★ Starred"));
}
