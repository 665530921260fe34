//! `hallway render`: the app without a terminal. Keys are replayed through the same keymap,
//! update and store as the interactive program (stars and notes it makes are saved), then one
//! frame is drawn into an off-screen buffer and returned as plain text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::app::App;
use super::effects::{self, Host};
use super::key::Key;
use super::ui::{self, Theme};

/// Headless surroundings: nothing is opened and no editor runs; the status line says so.
pub struct Recorder;

impl Host for Recorder {
    fn open(&mut self, url: &str) -> Result<String, String> {
        Err(format!("not opened in hallway render: {url}"))
    }

    fn edit(&mut self, _text: &str) -> Result<Option<String>, String> {
        Err("$EDITOR does not run in hallway render".to_owned())
    }
}

/// Feeds `keys` to the app, performing their effects; stops early at a quit.
pub fn replay(app: &mut App, keys: &[Key]) {
    for key in keys {
        if let Some(effect) = app.key(*key) {
            effects::perform(app, effect, &mut Recorder);
        }
        if app.quit {
            break;
        }
    }
}

/// Draws one frame of `app` at its size into a buffer.
pub fn draw(app: &mut App, theme: Theme) -> Buffer {
    let (w, h) = app.size;
    let backend = TestBackend::new(w, h);
    match Terminal::new(backend) {
        Ok(mut terminal) => {
            let _ = terminal.draw(|frame| ui::render(app, frame, theme));
            terminal.backend().buffer().clone()
        }
        Err(_) => Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h)),
    }
}

/// The buffer as text: one line per row, trailing spaces trimmed; wide characters once.
pub fn to_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = crate::width::of(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
