//! Terminal traffic: after the first frame, a keystroke writes only the cells that changed.
//! The byte counts are printed (`cargo test --test tui_traffic -- --nocapture`) for the README.

mod tui_support;

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use hallway::tui::app::App;
use hallway::tui::key::parse_keys;
use hallway::tui::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tui_support::{app, later};

/// A terminal that counts the bytes written to it.
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes written to the terminal by one frame after `keys`.
fn bytes_for(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Counter>>,
    count: &Counter,
    keys: &str,
) -> usize {
    let keys = parse_keys(keys).unwrap_or_else(|e| panic!("{e}"));
    hallway::tui::headless::replay(app, &keys);
    count.0.set(0);
    terminal
        .draw(|f| ui::render(app, f, Theme::new(false)))
        .unwrap_or_else(|e| panic!("{e}"));
    count.0.get()
}

#[test]
fn one_keystroke_writes_only_what_changed() {
    let (_d, mut a) = app(later(), (200, 60));
    let count = Counter::default();
    let backend = CrosstermBackend::new(count.clone());
    let mut terminal = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 200, 60)),
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let first = bytes_for(&mut a, &mut terminal, &count, "");
    let j = bytes_for(&mut a, &mut terminal, &count, "j");
    let nothing = bytes_for(&mut a, &mut terminal, &count, "");
    let _ = bytes_for(&mut a, &mut terminal, &count, "n");
    let typed = bytes_for(&mut a, &mut terminal, &count, "x");
    println!(
        "first frame {first} B, j {j} B, redraw without change {nothing} B, one note character {typed} B"
    );
    assert!(
        first > 10_000,
        "the first frame draws the whole screen ({first} B)"
    );
    assert!(
        j < first / 4,
        "j rewrote most of the screen ({j} of {first} B)"
    );
    assert!(j < 2048, "j wrote {j} B");
    assert!(typed < 512, "a typed character wrote {typed} B");
    assert!(nothing < 64, "an unchanged frame wrote {nothing} B");
}
