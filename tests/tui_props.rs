//! Random key sequences (bound keys, typed text, paste bursts, control characters, wide and
//! combining Unicode) at random sizes from 1×1 to 400×120: no panic, and the invariants hold
//! after every step.

mod tui_support;

use hallway::tui::app::{App, Mode};
use hallway::tui::headless;
use hallway::tui::key::{Key, KeyCode, Mods};
use hallway::tui::ui::Theme;
use hallway::tui::view::Row;
use proptest::prelude::*;
use tui_support::{app, later, wednesday};

#[derive(Debug, Clone)]
enum Step {
    Key(Key),
    Paste(String),
    Resize(u16, u16),
}

fn key() -> impl Strategy<Value = Key> {
    let named = prop_oneof![
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
    ];
    let chars = prop_oneof![
        proptest::sample::select(vec![
            'j', 'k', 'g', 'G', 'h', 'l', '[', ']', 's', ' ', 'n', '/', 'e', 'd', 'u', '?', 'o',
            'v'
        ]),
        any::<char>(),
        proptest::sample::select(vec!['東', '🎉', '\u{301}', '\u{200d}', '\t', '\u{7}', 'é']),
    ];
    let mods = prop_oneof![
        4 => Just(Mods::NONE),
        1 => Just(Mods::CTRL),
        1 => Just(Mods::ALT),
    ];
    prop_oneof![
        named.prop_map(Key::plain),
        (chars, mods).prop_map(|(c, m)| Key::new(KeyCode::Char(c), m))
    ]
    // Quitting ends the session; keep it running to exercise more.
    .prop_filter("not quit", |k| *k != Key::char('q') && *k != Key::ctrl('c'))
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        20 => key().prop_map(Step::Key),
        1 => "(\\PC|\n|\t|東京|🎉){0,3000}".prop_map(Step::Paste),
        1 => (1u16..=400, 1u16..=120).prop_map(|(w, h)| Step::Resize(w, h)),
    ]
}

fn check(app: &mut App) {
    if let Some(i) = app.rows_list.selected() {
        assert!(i < app.rows.len(), "row selection outside the list");
        assert!(
            matches!(app.rows[i], Row::Session(_)),
            "selection on a heading"
        );
    }
    let t = app.tracks_list.selected().unwrap_or(0);
    assert!(t < app.tracks.len());
    assert!(app.day < app.days.len());
    if app.mode == Mode::Search
        && let Some(i) = app.search.list.selected()
    {
        assert!(i < app.search.hits.len());
    }
    assert!(app.input.cursor() <= app.input.text().len());
    assert!(app.input.text().is_char_boundary(app.input.cursor()));
    let (w, h) = app.size;
    let buf = headless::draw(app, Theme::new(false));
    assert_eq!((buf.area.width, buf.area.height), (w, h));
    if let Some(a) = app.areas.slots {
        assert!(
            a.right() <= w && a.bottom() <= h,
            "slots pane outside the frame"
        );
    }
    let text = headless::to_text(&buf);
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= usize::from(w));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_at_random_sizes_never_panic(
        size in (1u16..=400, 1u16..=120),
        during in any::<bool>(),
        steps in proptest::collection::vec(step(), 1..60),
    ) {
        let (_d, mut a) = app(if during { wednesday() } else { later() }, size);
        check(&mut a);
        for s in steps {
            match s {
                Step::Key(k) => headless::replay(&mut a, &[k]),
                Step::Paste(p) => a.paste(&p),
                Step::Resize(w, h) => a.size = (w, h),
            }
            check(&mut a);
        }
    }
}

#[test]
fn extreme_sizes_with_every_mode() {
    for size in [(1, 1), (300, 100), (400, 120), (1, 120), (400, 1)] {
        for keys in ["", "/ll", "nabc", "?", "l", "hh", "]]]"] {
            let (_d, mut a) = app(later(), size);
            tui_support::keys(&mut a, keys);
            check(&mut a);
        }
    }
}
