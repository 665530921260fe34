//! The timetable grid pane: the model in [`crate::tui::grid`] drawn like a printed program.
//!
//! ```text
//! ┏ Timetable · Sat 1 Feb ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
//! ┃ ◀ 3    H.1302 (Dep…  H.1308 (Rol…  H.1309 (Van…  H.2213        H.2214   21 ▶ ┃
//! ┃ 10:30 ┌SatNOGS-COMM ┌★ What's new ┌RISC-V       ┌Announcemen… ┌Finding an    ┃
//! ┃       │S: An Open-… │in Nextclou… │Hardware -…  ┌ODF and its  │AOSP develo…  ┃
//! ┃       │Manolis Sur… │Jos Poortvl… │Emil Renner… │Toolkit      └Chris Simmo…  ┃
//! ```
//! A time gutter on the left, a header of room names with how many rooms are off-screen on
//! each side, and each session as a block down its span: a bar (`┌` `│` `└`) and its title,
//! wrapped (★ first when starred), then speakers and time as rows allow. When a block's top is
//! scrolled away its title stays on the first row shown. The selected session (or the empty
//! cell under the cursor) is drawn in the selection style, which reverses video even without
//! colour. Columns are at least [`MIN_COL`] cells wide; as many rooms show as fit.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::text::{fit, width};
use super::{Theme, inner, pane_block};
use crate::timefmt;
use crate::tui::grid::{Block, Grid, GridState};
use crate::width::fit_end;
use unicode_segmentation::UnicodeSegmentation;

/// The narrowest a room's column gets (unless the pane itself is narrower).
pub const MIN_COL: usize = 14;
/// The time gutter: `10:00` and a space.
const GUTTER: usize = 6;

/// How the grid is drawn besides its content.
pub struct Look<'a> {
    /// Whether the session at a position in the schedule is starred.
    pub starred: &'a dyn Fn(usize) -> bool,
    /// Whether the pane has the focus.
    pub focused: bool,
    /// The time now: its row's gutter shows the clock as the now mark.
    pub now: chrono::DateTime<chrono::FixedOffset>,
}

/// Draws the grid in `area`, scrolling `state` so the cursor shows.
pub fn render(
    grid: &Grid,
    state: &mut GridState,
    look: &Look<'_>,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let (starred, focused) = (look.starred, look.focused);
    let area = area.intersection(frame.area());
    let title = match grid.day() {
        Some(day) => format!("Timetable · {}", timefmt::day_short(day)),
        None => "Timetable".to_owned(),
    };
    frame.render_widget(pane_block(&title, focused, theme), area);
    let body = inner(area);
    let buf = frame.buffer_mut();
    let mut pen = Pen { buf, area: body };
    if body.width == 0 || body.height == 0 {
        state.ensure_visible(grid, 0, 0);
        return;
    }
    if grid.is_empty() {
        state.ensure_visible(grid, 0, 0);
        pen.put(
            0,
            0,
            "No timed sessions on this day",
            usize::MAX,
            theme.dim(),
        );
        return;
    }
    let view = View::new(grid, body);
    state.ensure_visible(grid, view.cols.len(), view.rows);
    let ctx = Ctx {
        grid,
        state,
        starred,
        theme,
        focused,
        view: &view,
        now_row: grid.row_at(look.now).map(|row| (row, look.now)),
    };
    ctx.header(&mut pen);
    ctx.gutter(&mut pen);
    ctx.cells(&mut pen);
}

/// Where things go inside the pane's border.
struct View {
    /// Width of the time gutter (0 when the pane is too narrow for it).
    gutter: usize,
    /// Rows used by the header (0 or 1).
    header: usize,
    /// Time rows shown.
    rows: usize,
    /// Offset and width of each column shown, relative to the pane's inside.
    cols: Vec<(usize, usize)>,
    /// The pane's inside width.
    width: usize,
}

impl View {
    fn new(grid: &Grid, body: Rect) -> Self {
        let width = usize::from(body.width);
        let height = usize::from(body.height);
        let gutter = if width >= GUTTER + 8 { GUTTER } else { 0 };
        let header = usize::from(height >= 2);
        let avail = width - gutter;
        let n = (avail / MIN_COL).clamp(1, grid.columns().len().max(1));
        let (base, extra) = (avail / n, avail % n);
        let mut x = gutter;
        let cols = (0..n)
            .map(|i| {
                let w = base + usize::from(i < extra);
                let at = x;
                x += w;
                (at, w)
            })
            .collect();
        Self {
            gutter,
            header,
            rows: height - header,
            cols,
            width,
        }
    }
}

/// Writes text into one rectangle, never outside it.
struct Pen<'a> {
    buf: &'a mut Buffer,
    area: Rect,
}

impl Pen<'_> {
    /// Writes `s` at (`x`, `y`) inside the area, at most `max` columns; returns the columns used.
    fn put(&mut self, x: usize, y: usize, s: &str, max: usize, style: Style) -> usize {
        let (w, h) = (usize::from(self.area.width), usize::from(self.area.height));
        if x >= w || y >= h {
            return 0;
        }
        let room = max.min(w - x);
        let text = cut(s, room);
        let (Ok(cx), Ok(cy)) = (u16::try_from(x), u16::try_from(y)) else {
            return 0;
        };
        let (end, _) = self
            .buf
            .set_stringn(self.area.x + cx, self.area.y + cy, &text, room, style);
        usize::from(end.saturating_sub(self.area.x + cx))
    }

    /// Applies `style` over a rectangle given inside the area (clipped to it).
    fn paint(&mut self, x: usize, y: usize, w: usize, h: usize, style: Style) {
        let clip = |v: usize| u16::try_from(v).unwrap_or(u16::MAX);
        let rect = Rect::new(
            self.area.x.saturating_add(clip(x)),
            self.area.y.saturating_add(clip(y)),
            clip(w),
            clip(h),
        )
        .intersection(self.area);
        self.buf.set_style(rect, style);
    }
}

struct Ctx<'a> {
    grid: &'a Grid,
    state: &'a GridState,
    starred: &'a dyn Fn(usize) -> bool,
    theme: Theme,
    focused: bool,
    view: &'a View,
    /// The row now falls in, and now (in the grid's zone once drawn).
    now_row: Option<(usize, chrono::DateTime<chrono::FixedOffset>)>,
}

impl Ctx<'_> {
    /// Room names, and `◀ n` / `n ▶` for the rooms off-screen on each side.
    fn header(&self, pen: &mut Pen) {
        if self.view.header == 0 {
            return;
        }
        let total = self.grid.columns().len();
        let first = self.state.scroll_col;
        let shown = self.view.cols.len().min(total.saturating_sub(first));
        let hidden_left = first;
        let hidden_right = total - first - shown;
        let left = (hidden_left > 0).then(|| format!("◀ {hidden_left}"));
        let right = (hidden_right > 0).then(|| format!("{hidden_right} ▶"));
        let left_end = left.as_ref().map_or(0, |s| width(s) + 1);
        let right_start = self
            .view
            .width
            .saturating_sub(right.as_ref().map_or(0, |s| width(s) + 1));
        // Each shown column's place and label; labels cut alike are told apart below.
        let mut heads: Vec<(usize, usize, usize, String)> = Vec::new();
        for (i, &(x, w)) in self.view.cols.iter().enumerate().take(shown) {
            let col = first + i;
            let Some(column) = self.grid.columns().get(col) else {
                continue;
            };
            let from = (x + 1).max(left_end);
            let to = (x + w).saturating_sub(1).min(right_start);
            if to > from {
                heads.push((col, from, to - from, column.label()));
            }
        }
        for (col, from, max, text) in distinct_heads(heads) {
            let mut style = self.theme.heading();
            if col == self.state.col {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
            pen.put(from, 0, &text, max, style);
        }
        if let Some(s) = left {
            pen.put(0, 0, &s, self.view.width, self.theme.key());
        }
        if let Some(s) = right {
            let x = self.view.width.saturating_sub(width(&s));
            pen.put(x, 0, &s, self.view.width, self.theme.key());
        }
    }

    /// `10:00` on the rows [`Grid::labels`] picks — evenly spaced, whatever is scrolled or
    /// selected, so equal distances on screen are equal times (the cursor's row is not
    /// labelled out of turn; its label stands out when it has one). The now mark is the
    /// exception, and says so with its `▸`.
    fn gutter(&self, pen: &mut Pen) {
        if self.view.gutter == 0 {
            return;
        }
        for r in 0..self.view.rows {
            let row = self.state.scroll_row + r;
            if row >= self.grid.rows() {
                break;
            }
            let Some(t) = self.grid.row_time(row) else {
                continue;
            };
            let style = if row == self.state.row {
                self.theme.title()
            } else if chrono::Timelike::minute(&t) == 0 {
                self.theme.text()
            } else {
                self.theme.dim()
            };
            if let Some((_, now)) = self.now_row.filter(|(now_row, _)| *now_row == row) {
                // The now mark: the clock itself, and a pointer into the row.
                let now = self.grid.zone().at(now);
                pen.put(
                    0,
                    self.view.header + r,
                    &timefmt::clock(now),
                    GUTTER - 1,
                    self.theme.now(),
                );
                pen.put(GUTTER - 1, self.view.header + r, "▸", 1, self.theme.now());
            } else if self.grid.is_labelled(row) {
                pen.put(
                    0,
                    self.view.header + r,
                    &timefmt::clock(t),
                    GUTTER - 1,
                    style,
                );
            }
        }
    }

    /// The sessions of the columns shown, then the cursor on an empty cell.
    fn cells(&self, pen: &mut Pen) {
        let first = self.state.scroll_col;
        let top = self.state.scroll_row;
        let bottom = top + self.view.rows;
        let selected = self.state.selected(self.grid);
        let select_style = if self.focused {
            self.theme.selected()
        } else {
            self.theme.selected_unfocused()
        };
        for (i, &(x, w)) in self.view.cols.iter().enumerate() {
            let col = first + i;
            for b in self.grid.column_blocks(col) {
                if b.end_row <= top || b.start_row >= bottom {
                    continue;
                }
                let from = b.start_row.max(top);
                let to = b.end_row.min(bottom);
                let y = self.view.header + (from - top);
                self.block(pen, b, x, y, w, from..to);
                if selected == Some(b.position) && col == self.state.col {
                    pen.paint(x, y, w.saturating_sub(gap(w)), to - from, select_style);
                }
            }
            if col == self.state.col
                && selected.is_none()
                && (top..bottom).contains(&self.state.row)
            {
                let y = self.view.header + (self.state.row - top);
                pen.paint(x, y, w.saturating_sub(gap(w)), 1, select_style);
            }
        }
    }

    /// One session's visible rows: the bar, then title, speakers and time.
    fn block(
        &self,
        pen: &mut Pen,
        b: &Block,
        x: usize,
        y: usize,
        w: usize,
        rows: std::ops::Range<usize>,
    ) {
        let star = (self.starred)(b.position);
        let bar_style = if star {
            self.theme.star()
        } else {
            self.theme.border()
        };
        let bar_w = usize::from(w >= 2);
        for (k, row) in rows.clone().enumerate() {
            let bar = if row == b.start_row {
                "┌"
            } else if row + 1 == b.end_row {
                "└"
            } else {
                "│"
            };
            if bar_w > 0 {
                pen.put(x, y + k, bar, 1, bar_style);
            }
        }
        let text_w = w.saturating_sub(bar_w + gap(w));
        let lines = rows.len();
        if text_w == 0 || lines == 0 {
            return;
        }
        let has_more = !b.speakers.is_empty();
        let title_max = if lines >= 3 && has_more {
            lines - 1
        } else {
            lines
        };
        let star_mark = if star { "★ " } else { "" };
        let title_lines = wrap(
            &b.title,
            text_w.saturating_sub(width(star_mark)),
            text_w,
            title_max,
        );
        let tx = x + bar_w;
        let mut k = 0;
        for (n, line) in title_lines.iter().enumerate() {
            let mut at = tx;
            if n == 0 && star {
                at += pen.put(at, y + k, star_mark, text_w, self.theme.star());
            }
            pen.put(
                at,
                y + k,
                line,
                text_w.saturating_sub(at - tx),
                self.theme.title(),
            );
            k += 1;
        }
        for extra in [&b.speakers, &b.time] {
            if k < lines && !extra.is_empty() {
                pen.put(tx, y + k, extra, text_w, self.theme.dim());
                k += 1;
            }
        }
    }
}

/// [`fit`], without a space before the ellipsis (`to know about…`, not `to know about …`).
fn cut(s: &str, max: usize) -> String {
    let f = fit(s, max);
    match f.strip_suffix('…') {
        Some(stem) if f != s && stem.ends_with(char::is_whitespace) => {
            format!("{}…", stem.trim_end())
        }
        _ => f,
    }
}

/// Header labels `(column, x, max, label)` cut to their width, where two cut to the same text
/// (`Assembly:Har…` twice, or a room and its extra lane) keeping their ends instead
/// (`…ardware Area`, `…ling Area (2)`): the part that tells them apart.
fn distinct_heads(heads: Vec<(usize, usize, usize, String)>) -> Vec<(usize, usize, usize, String)> {
    let cuts: Vec<String> = heads.iter().map(|(_, _, max, l)| cut(l, *max)).collect();
    heads
        .into_iter()
        .enumerate()
        .map(|(i, (col, x, max, label))| {
            let shared = cuts
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && *other == cuts[i]);
            let text = if shared && cuts[i] != label {
                fit_end(&label, max)
            } else {
                cuts[i].clone()
            };
            (col, x, max, text)
        })
        .collect()
}

/// The blank column that keeps a block from touching its right neighbour.
fn gap(w: usize) -> usize {
    usize::from(w >= 4)
}

/// `text` in lines by display width — the first `first` columns wide, the others `rest` — at
/// most `max` lines, the last ending in `…` when the text does not fit. Lines break between
/// words; a word longer than a line breaks after a hyphen of its own or with a `-` added.
pub(super) fn wrap(text: &str, first: usize, rest: usize, max: usize) -> Vec<String> {
    let limit = |n: usize| if n == 0 { first } else { rest };
    let mut lines: Vec<String> = Vec::new();
    // Where each line starts in `text`, to refill the last line when the text is cut.
    let mut starts: Vec<usize> = Vec::new();
    let mut line = String::new();
    for (at, word) in words(text) {
        if lines.len() > max {
            break;
        }
        let sep = usize::from(!line.is_empty());
        if width(&line) + sep + width(word) <= limit(lines.len()) {
            if line.is_empty() {
                starts.push(at);
            } else {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word starts a line; when even a whole line is too short it is broken, after a
        // hyphen of its own where it has one, else with a `-` added.
        let mut rest_of_word = word;
        let mut at = at;
        while width(rest_of_word) > limit(lines.len()) && limit(lines.len()) > 1 {
            let (head, tail, hyphen) = break_word(rest_of_word, limit(lines.len()));
            starts.push(at);
            at += head.len();
            let mut piece = head.to_owned();
            if hyphen {
                piece.push('-');
            }
            lines.push(piece);
            rest_of_word = tail;
            if lines.len() > max {
                break;
            }
        }
        if lines.len() > max {
            break;
        }
        // Lines of one column or none: no room for a `-`, so cut anywhere.
        for (i, c) in rest_of_word.char_indices() {
            let cw = width(c.encode_utf8(&mut [0; 4]));
            if width(&line) + cw > limit(lines.len()) && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if line.is_empty() {
                starts.push(at + i);
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let (Some(last), Some(&from)) = (lines.last_mut(), starts.get(max.saturating_sub(1))) {
            let tail = text.get(from..).unwrap_or_default();
            let tail = tail.split_whitespace().collect::<Vec<_>>().join(" ");
            *last = cut(&tail, limit(max - 1));
        }
    }
    lines
}

/// A word too long for a line of `max` columns (`max` ≥ 2) split in two, and whether the head
/// needs a `-` added: the head ends after the word's last hyphen that fits; between wide (CJK)
/// characters, where lines may break without one, it fills the line; else it is as long as fits
/// with room for the `-`. Never splits a grapheme; the head is never empty.
fn break_word(word: &str, max: usize) -> (&str, &str, bool) {
    let (mut fits, mut full, mut after_hyphen) = (0, 0, None);
    let mut used = 0;
    let mut last_wide = false;
    let mut next_wide = false;
    for (i, g) in word.grapheme_indices(true) {
        let w = width(g);
        if used + w > max {
            next_wide = w > 1;
            break;
        }
        used += w;
        last_wide = w > 1;
        full = i + g.len();
        if g == "-" && i > 0 {
            after_hyphen = Some(full);
        }
        if used < max {
            fits = full;
        }
    }
    let (cut, hyphen) = match after_hyphen {
        Some(at) => (at, false),
        None if last_wide && next_wide => (full, false),
        None => (fits, true),
    };
    if cut == 0 {
        let one = word
            .grapheme_indices(true)
            .nth(1)
            .map_or(word.len(), |(i, _)| i);
        return (&word[..one], &word[one..], false);
    }
    (&word[..cut], &word[cut..], hyphen)
}

/// The words of `text` with the byte offsets where they start.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_fills_lines_cuts_long_words_and_marks_the_cut() {
        let t = "The Global Assassination Grid";
        assert_eq!(
            wrap(t, 12, 12, 3),
            ["The Global", "Assassinati-", "on Grid"]
        );
        assert_eq!(wrap(t, 12, 12, 2), ["The Global", "Assassinati…"]);
        assert_eq!(
            wrap("a low-latency SDR", 8, 8, 4),
            ["a", "low-", "latency", "SDR"],
            "a word's own hyphen is the break"
        );
        assert_eq!(
            wrap("Technikbegeisterung und", 8, 8, 4),
            ["Technik-", "begeist-", "erung", "und"]
        );
        assert_eq!(wrap(t, 8, 14, 2), ["The", "Global Assass…"]);
        assert_eq!(
            wrap(t, 12, 12, 1),
            ["The Global…"],
            "no space before the ellipsis"
        );
        assert_eq!(wrap("The  Nibbletronic", 15, 15, 1), ["The Nibbletron…"]);
        assert_eq!(wrap("東京で会いましょう", 6, 6, 2), ["東京で", "会い…"]);
        assert_eq!(wrap("Talk", 0, 6, 1), [""]);
        assert_eq!(wrap("", 6, 6, 2), Vec::<String>::new());
    }
}
