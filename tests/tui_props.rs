//! Random key sequences (bound keys, typed text, paste bursts of thousands of characters,
//! control characters, wide and combining Unicode, mouse clicks and wheel turns anywhere) at
//! random sizes from 1×1 to 400×120: no panic, and the invariants hold after every step — the
//! selection inside its list, the cursor inside the note line (or the search box) and inside
//! the frame, every pane and every drawn line inside the frame.
//!
//! `cargo test` runs 32 sequences; `PROPTEST_CASES=N` runs more (scripts/fuzz.sh does, in
//! release).

mod common;
mod tui_support;

use std::sync::atomic::{AtomicU64, Ordering};

use hallway::tui::app::{App, Mode, Mouse};
use hallway::tui::headless;
use hallway::tui::key::{Key, KeyCode, Mods};
use hallway::tui::ui::{self, Theme};
use hallway::tui::view::Row;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_support::{app, later, wednesday};

#[derive(Debug, Clone)]
enum Step {
    Key(Key),
    Paste(String),
    Resize(u16, u16),
    Mouse(Mouse),
}

/// Characters that break naive text handling: C0 and C1 controls, DEL, combining marks alone
/// and stacked, zero-width joiners and spaces, bidi controls, wide CJK and emoji (with skin
/// tones, flags and ZWJ sequences), a lone BOM, and the replacement character.
const HOSTILE: &[&str] = &[
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\u{1b}",
    "\u{1b}[2J",
    "\u{1b}]0;title\u{7}",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{301}",
    "e\u{301}\u{301}\u{301}",
    "\u{20dd}",
    "\u{200b}",
    "\u{200d}",
    "\u{2028}",
    "\u{202e}",
    "\u{2066}",
    "\u{feff}",
    "\u{fffd}",
    "東",
    "京",
    "😀",
    "👍🏽",
    "🇯🇵",
    "👩‍👩‍👧‍👦",
    "\u{1f3f4}\u{e0067}\u{e0062}\u{e007f}",
    "ﷺ",
    "\u{a0}",
    "\u{3000}",
    "Ａ",
    "ｶ",
    "\u{10ffff}",
    "\u{e000}",
];

/// A paste burst: up to 5,000 pieces, plain or hostile.
fn burst() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => any::<char>().prop_map(String::from),
            2 => proptest::sample::select(HOSTILE).prop_map(str::to_owned),
            1 => "[a-z ]{1,12}",
        ],
        0..5000,
    )
    .prop_map(|pieces| pieces.concat())
}

fn mouse() -> impl Strategy<Value = Mouse> {
    (0u8..3, 0u16..=420, 0u16..=130).prop_map(|(kind, x, y)| match kind {
        0 => Mouse::Click { x, y },
        1 => Mouse::ScrollDown { x, y },
        _ => Mouse::ScrollUp { x, y },
    })
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
        1 => burst().prop_map(Step::Paste),
        2 => proptest::sample::select(HOSTILE)
            .prop_map(|h| Step::Paste(h.to_owned())),
        1 => (1u16..=400, 1u16..=120).prop_map(|(w, h)| Step::Resize(w, h)),
        2 => mouse().prop_map(Step::Mouse),
    ]
}

/// Draws one frame as the terminal would: the buffer, and where the cursor is if shown.
fn draw(app: &mut App) -> (Buffer, Option<Position>) {
    let (w, h) = app.size;
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("test backend: {e}"));
    terminal
        .draw(|frame| ui::render(app, frame, Theme::new(false)))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let backend = terminal.backend();
    let cursor = backend.cursor_visible().then(|| backend.cursor_position());
    (backend.buffer().clone(), cursor)
}

fn inside(outer: Rect, inner: Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.right() <= outer.right()
        && inner.bottom() <= outer.bottom()
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
    assert!(app.search.input.cursor() <= app.search.input.text().len());
    assert!(
        app.search
            .input
            .text()
            .is_char_boundary(app.search.input.cursor())
    );
    let (w, h) = app.size;
    let (buf, cursor) = draw(app);
    let frame = Rect::new(0, 0, w, h);
    assert_eq!(buf.area, frame);
    let panes = [app.areas.tracks, app.areas.slots, app.areas.detail];
    for area in panes
        .iter()
        .flatten()
        .chain(app.areas.tabs.iter().map(|(a, _)| a))
    {
        assert!(inside(frame, *area), "{area:?} outside the {w}×{h} frame");
    }
    // The cursor shows only while typing, inside the frame and inside a pane (the note line
    // sits in the Session or the slots pane, the search box in the slots pane), never on the
    // pane's border.
    if let Some(at) = cursor {
        assert!(
            matches!(app.mode, Mode::NoteInput | Mode::Search),
            "a cursor shown in {:?} mode",
            app.mode
        );
        assert!(
            at.x < w && at.y < h,
            "cursor {at:?} outside the {w}×{h} frame"
        );
        let in_pane = panes.iter().flatten().any(|a| {
            let body = Rect::new(
                a.x + 1,
                a.y + 1,
                a.width.saturating_sub(2),
                a.height.saturating_sub(2),
            );
            body.contains(at)
        });
        assert!(
            in_pane,
            "cursor {at:?} not inside a pane's body ({:?} mode, panes {panes:?})",
            app.mode
        );
    }
    let text = headless::to_text(&buf);
    assert_eq!(text.lines().count(), usize::from(h));
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= usize::from(w));
    }
}

/// Sequences per run: 32, or `PROPTEST_CASES`.
/// What the random sequences did, printed at the end (see it with `--nocapture`).
static SEQUENCES: AtomicU64 = AtomicU64::new(0);
static STEPS: AtomicU64 = AtomicU64::new(0);
static PASTED: AtomicU64 = AtomicU64::new(0);

proptest! {
    #![proptest_config(ProptestConfig { cases: common::cases(32), ..ProptestConfig::default() })]

    #[test]
    fn random_keys_at_random_sizes_never_panic(
        size in (1u16..=400, 1u16..=120),
        during in any::<bool>(),
        steps in proptest::collection::vec(step(), 1..60),
    ) {
        let (_d, mut a) = app(if during { wednesday() } else { later() }, size);
        check(&mut a);
        SEQUENCES.fetch_add(1, Ordering::Relaxed);
        for s in steps {
            STEPS.fetch_add(1, Ordering::Relaxed);
            match s {
                Step::Key(k) => headless::replay(&mut a, &[k]),
                Step::Paste(p) => {
                    PASTED.fetch_add(p.chars().count() as u64, Ordering::Relaxed);
                    a.paste(&p);
                }
                Step::Resize(w, h) => a.size = (w, h),
                Step::Mouse(m) => a.mouse(m),
            }
            check(&mut a);
        }
    }
}

/// Runs after the proptest in the same process when tests run one at a time (as
/// scripts/fuzz.sh's tally reads it); harmless otherwise.
#[test]
fn zz_tally() {
    eprintln!(
        "key sequences: {} sequences, {} steps, {} characters pasted",
        SEQUENCES.load(Ordering::Relaxed),
        STEPS.load(Ordering::Relaxed),
        PASTED.load(Ordering::Relaxed)
    );
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
