//! Drawing the app. One layout, computed per frame from the terminal size:
//!
//! ```text
//! ┌ header: conference · venue ......................... clock ┐
//! │ day tabs: All days 90 │ Wed 18 Sep 3 │ Thu 19 Sep 3 │ No date 84 │
//! ├ Tracks ──────┬ Timeslots ──────────────┬ Session ───────────┤
//! │ All       90 │ 14:55–15:20             │ title, speakers,   │
//! │ ★ Starred  2 │ ★✎ A Distributed …  Rm  │ when, room, links, │
//! │ …            │ …                       │ summary, notes     │
//! ├──────────────┴─────────────────────────┴────────────────────┤
//! │ status line                                                  │
//! │ key hints for the focused pane and mode                      │
//! ```
//! Three panes from 100 columns: Tracks a quarter of the width beyond 40 columns (20 to 40),
//! the list 68% of the rest (45% while the Session pane has the focus, to read and write).
//! Below 100 columns the Tracks and Timeslots panes share the left column (whichever has
//! focus); below 60 only the focused pane shows. Every region is a function of `&App`, except
//! that the list states' scroll offsets and the drawn areas (for the mouse) are written back.

mod changes;
mod conferences;
mod detail;
pub mod grid;
mod header;
mod help;
mod hints;
mod pick;
mod slots;
mod text;
pub mod theme;
mod tracks;
mod window;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders, Padding};

use super::app::{App, Areas, Columns, Mode, Pane};
pub use theme::Theme;

/// Draws the whole screen.
pub fn render(app: &mut App, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    app.size = (area.width, area.height);
    app.areas = Areas::default();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let header_h = if area.height >= 10 { 2 } else { 0 };
    let footer_h = match area.height {
        8.. => 2,
        3..=7 => 1,
        _ => 0,
    };
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Min(0),
        Constraint::Length(footer_h),
    ])
    .areas(area);
    header::render(app, frame, header, theme);
    // The pane being browsed gets the width; the Session pane takes what is left, and more of
    // it once it has the focus (reading a summary, writing notes).
    let reading = app.focus == Pane::Detail;
    match app.columns() {
        Columns::Three if app.grid.is_some() => {
            let grid = if reading { 50 } else { 62 };
            let [s, d] = Layout::horizontal([
                Constraint::Percentage(grid),
                Constraint::Percentage(100 - grid),
            ])
            .areas(body);
            if app.focus == Pane::Tracks && app.mode != Mode::Search {
                tracks::render(app, frame, s, theme);
            } else {
                slots::render(app, frame, s, theme);
            }
            detail::render(app, frame, d, theme);
        }
        Columns::Three => {
            // The Tracks pane: a quarter of the width beyond 40 columns, at least enough for
            // `◷ Now & Next 0` — no more at 120 columns, so the list shows 40+ characters of a
            // title there; at 200, 40 columns for speakers with their affiliation.
            let tracks_w = (body.width.saturating_sub(40) / 4).clamp(20, 40);
            let rest = body.width.saturating_sub(tracks_w);
            let list_w = rest * if reading { 45 } else { 68 } / 100;
            let [t, s, d] = Layout::horizontal([
                Constraint::Length(tracks_w),
                Constraint::Length(list_w),
                Constraint::Min(0),
            ])
            .areas(body);
            tracks::render(app, frame, t, theme);
            slots::render(app, frame, s, theme);
            detail::render(app, frame, d, theme);
        }
        Columns::Two => {
            let left = if reading { 45 } else { 56 };
            let [left, right] = Layout::horizontal([
                Constraint::Percentage(left),
                Constraint::Percentage(100 - left),
            ])
            .areas(body);
            if app.focus == Pane::Tracks && app.mode != Mode::Search {
                tracks::render(app, frame, left, theme);
            } else {
                slots::render(app, frame, left, theme);
            }
            detail::render(app, frame, right, theme);
        }
        Columns::One => match (app.focus, app.mode) {
            (_, Mode::Search) | (Pane::Slots, _) => slots::render(app, frame, body, theme),
            (Pane::Tracks, _) => tracks::render(app, frame, body, theme),
            (Pane::Detail, _) => detail::render(app, frame, body, theme),
        },
    }
    hints::render(app, frame, footer, theme);
    match app.mode {
        Mode::Help => help::render(app, frame, body, theme),
        Mode::Conferences => conferences::render(app, frame, body, theme),
        Mode::Changes => changes::render(app, frame, body, theme),
        Mode::PickTalk => pick::render(app, frame, body, theme),
        _ => {}
    }
}

/// Marks the selected row, so it shows without colour too.
const MARK: &str = "› ";

/// A pane's frame: rounded border, title, highlighted when focused.
fn pane_block(title: &str, focused: bool, theme: Theme) -> Block<'_> {
    let title_style = if focused {
        theme.border_focused()
    } else {
        theme.dim()
    };
    pane_frame(focused, theme).title(ratatui::text::Span::styled(
        format!(" {title} "),
        title_style,
    ))
}

/// A pane's border without its title: rounded, thick and highlighted when focused.
fn pane_frame(focused: bool, theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .padding(Padding::horizontal(1))
}

/// The area inside a pane's border.
fn inner(area: Rect) -> Rect {
    Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .inner(area)
}

/// The style of a list row: selected rows show differently with and without focus.
fn row_style(selected: bool, focused: bool, theme: Theme) -> Style {
    match (selected, focused) {
        (true, true) => theme.selected(),
        (true, false) => theme.selected_unfocused(),
        _ => theme.text(),
    }
}
