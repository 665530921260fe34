//! The Timeslots pane: the selected day's and track's sessions under their timeslot headings,
//! each row marked ★ when starred and ✎ when it has notes, with its room. While searching, the
//! same pane shows the search box and the ranked results.
//!
//! **Two-line titles.** Where the title column is narrower than [`WRAP_BELOW`] (80×24, or a
//! one-pane screen), a title that does not fit goes on over a second line, indented under the
//! title: the first line is all title, the second ends with the room, which there has up to
//! half the row (`Assembly:Anarchist Village`, where beside a title it would be `…Village`);
//! the rest of the title is cut with `…`. A talk is told apart
//! by the first 40-odd characters of its title (`How Fre…` tells nothing; `How Free Software
//! can save…` does), and the Session pane beside holds the rest. Wider, one line a row: that
//! keeps the density of lazygit's and yazi's lists, and at 120 columns 40+ characters already
//! show. Whether a row takes two lines depends only on the row and the width — never on the
//! selection — so rows never grow or shrink under the cursor as j/k move it (a selected-row
//! expansion would make every row below it jump at each key); the view scrolls by whole rows
//! ([`super::window::visible_lines`]). Search results wrap alike, the matched characters
//! highlighted on either line.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{HighlightSpacing, List, ListItem, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use super::text::{fit, matches, pad, width};
use super::window::visible_lines;
use super::{MARK, Theme, inner, pane_block, row_style};
use crate::schedule::Session;
use crate::timefmt;
use crate::tui::app::{App, Mode, Pane};
use crate::tui::view::Row;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    app.areas.slots = Some(area);
    if app.mode == Mode::Search {
        return render_search(app, frame, area, theme);
    }
    if let Some(view) = app.grid.as_mut() {
        let conf = app.schedule.conference.id.clone();
        let (sessions, store) = (app.schedule.sessions(), &app.store);
        let starred = |p: usize| {
            sessions
                .get(p)
                .is_some_and(|s| store.is_starred(&conf, &s.id))
        };
        let focused = app.focus == Pane::Slots;
        let look = super::grid::Look {
            starred: &starred,
            focused,
            now: app.now,
        };
        super::grid::render(&view.grid, &mut view.state, &look, frame, area, theme);
        return;
    }
    let focused = app.focus == Pane::Slots;
    let w = usize::from(inner(area).width).saturating_sub(2);
    let selected = app.rows_list.selected();
    let conf_id = app.conference_id().to_owned();
    let zone = app.zone();
    let title = format!(
        "{} · {}",
        app.days[app.day].label(),
        app.tracks
            .get(app.tracks_list.selected().unwrap_or(0))
            .map_or_else(String::new, |t| t.filter.label())
    );
    let height = usize::from(inner(area).height);
    let (shown, mut state) = {
        let row_lines = |i: usize| match app.rows.get(i) {
            Some(Row::Session(p)) => {
                let s = &app.schedule.sessions()[*p];
                let tag = row_tag(app, &zone, *p, s);
                RowLayout::new(s, tag.as_deref(), w).lines()
            }
            _ => 1,
        };
        let mut list = app.rows_list;
        let shown = visible_lines(&mut list, app.rows.len(), height, row_lines);
        app.rows_list = list;
        shown
    };
    let mut lines_left = height;
    let mut slot_lines = Vec::with_capacity(height);
    let items: Vec<ListItem> = if app.rows.is_empty() {
        vec![ListItem::new(Line::styled(
            fit("Nothing here: try another day or track", w),
            theme.dim(),
        ))]
    } else {
        app.rows[shown.clone()]
            .iter()
            .zip(shown)
            .map(|(row, i)| match row {
                Row::Heading(h) => {
                    lines_left = lines_left.saturating_sub(1);
                    slot_lines.push(i);
                    ListItem::new(Line::styled(fit(h, w), theme.heading()))
                }
                Row::Now => {
                    lines_left = lines_left.saturating_sub(1);
                    slot_lines.push(i);
                    ListItem::new(Line::styled(now_line(app, w), theme.now()))
                }
                Row::Session(p) => {
                    let s = &app.schedule.sessions()[*p];
                    let marks = Marks {
                        starred: app.store.is_starred(&conf_id, &s.id),
                        noted: !app.store.notes(&conf_id, &s.id).is_empty(),
                        clash: app.clashes.contains_key(p),
                    };
                    let tag = row_tag(app, &zone, *p, s);
                    let mut lines = session_lines(s, marks, tag.as_deref(), w, theme);
                    // The last row shown keeps the lines that fit (its first, at least).
                    lines.truncate(lines_left.max(1));
                    lines_left = lines_left.saturating_sub(lines.len());
                    slot_lines.extend(std::iter::repeat_n(i, lines.len()));
                    ListItem::new(Text::from(lines)).style(row_style(
                        selected == Some(i),
                        focused,
                        theme,
                    ))
                }
            })
            .collect()
    };
    app.areas.slot_lines = slot_lines;
    let list = List::new(items)
        .block(pane_block(&title, focused, theme))
        .highlight_symbol(MARK)
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(list, area, &mut state);
}

/// `── now 14:38 ──────`, as wide as the row.
fn now_line(app: &App, w: usize) -> String {
    let label = format!("── now {} ", timefmt::clock(app.zone().at(app.now)));
    let rule = "─".repeat(w.saturating_sub(width(&label)));
    fit(&format!("{label}{rule}"), w)
}

/// A timed row's own end, `–09:05` (blank but as wide when the end is not published, so the
/// titles under a heading line up); `None` for rows without a time.
fn row_end(zone: &timefmt::Zone, s: &Session) -> Option<String> {
    s.start?;
    Some(s.end.map_or_else(
        || " ".repeat(6),
        |e| format!("–{}", timefmt::clock(zone.at(e))),
    ))
}

/// `room` in `w` columns, never cut ambiguously: `UA2.114 (Baudoux)` drops its parenthesis
/// first (`UA2.114`), then loses its start (`…2.114`), since rooms sharing a building prefix
/// differ at their ends (`UA2.11…` would name two rooms).
fn room_label(room: &str, w: usize) -> String {
    if width(room) <= w {
        return room.to_owned();
    }
    let short = short_room(room);
    crate::width::fit_end(if short.is_empty() { room } else { short }, w)
}

/// `UA2.114 (Baudoux)` without its parenthesis: `UA2.114`.
fn short_room(room: &str) -> &str {
    room.split_once(" (")
        .map_or(room, |(name, _)| name.trim_end())
}

/// What a session's row marks: ★ starred, ✎ has notes, ⚠ clashes with another starred one.
#[derive(Clone, Copy)]
struct Marks {
    starred: bool,
    noted: bool,
    clash: bool,
}

/// The tag a list row shows before its title: tagged lists (Now & Next, Starred) say when
/// themselves; a timeslot's rows each show their own end under the shared start.
fn row_tag(app: &App, zone: &timefmt::Zone, p: usize, s: &Session) -> Option<String> {
    match app.tags.get(&p) {
        Some(t) => Some(t.clone()),
        None => row_end(zone, s),
    }
}

/// Below this many columns for the title, a title that does not fit goes on over a second line
/// (see the module doc).
pub const WRAP_BELOW: usize = 32;

/// Where a session row's parts go in `w` columns: `★✎⚠ tag Title…  Room`.
struct RowLayout {
    /// The tag fitted to its width (empty for none).
    tag: String,
    /// Columns before the title: the marks, and the tag with its space.
    indent: usize,
    /// The room as shown (empty for none, or when the row is too narrow).
    room: String,
    /// Columns for the title on the first line.
    title_w: usize,
    /// Columns for the title on the second line (beside the room), when the row takes two.
    second_w: Option<usize>,
}

impl RowLayout {
    fn new(s: &Session, tag: Option<&str>, w: usize) -> Self {
        let room = s.room.as_deref().unwrap_or("");
        // The tag (a time, a countdown, progress) gets its width before the title: up to half.
        let tag = tag.map(|t| fit(t, w / 2)).unwrap_or_default();
        let tag_w = if tag.is_empty() { 0 } else { width(&tag) + 1 };
        // The room takes up to a quarter, but leaves the title a third of the row (the room
        // keeps five columns, `…2.114`, whatever the title).
        let room_max = (w / 4).min(w.saturating_sub(4 + tag_w + 2 + w / 3)).max(5);
        let title_w_beside = |room: &str| {
            let room_w = width(room);
            w.saturating_sub(4 + tag_w + if room_w > 0 { room_w + 2 } else { 0 })
        };
        // A short title leaves the room all it needs; otherwise the room is cut first.
        let room_max = room_max.max(w.saturating_sub(4 + tag_w + 2 + width(&s.title)));
        let mut room = if room.is_empty() || w < 30 {
            String::new()
        } else {
            room_label(room, room_max)
        };
        // A room's nickname (`H.1301 (Cornil)`) gives way before the title does: `H.1301`
        // alone still names one room.
        if width(&s.title) > title_w_beside(&room) {
            let short = short_room(&room);
            if !short.is_empty() {
                room = short.to_owned();
            }
        }
        let title_w = title_w_beside(&room);
        let indent = 4 + tag_w;
        if title_w >= WRAP_BELOW || title_w == 0 || width(&s.title) <= title_w {
            return Self {
                tag,
                indent,
                room,
                title_w,
                second_w: None,
            };
        }
        // Two lines: the title has the whole first line, the room goes under it at the end of
        // the second, with up to half the row (`Assembly:Anarchist Village`, not `…Village`).
        // It has what the title's second line leaves, and never less than half.
        let line_w = w.saturating_sub(indent);
        let rest_w = super::grid::wrap(&s.title, line_w, usize::MAX / 2, 2)
            .get(1)
            .map_or(0, |rest| width(rest));
        let room_max = (line_w / 2).max(line_w.saturating_sub(rest_w + 2));
        let room = s
            .room
            .as_deref()
            .filter(|_| w >= 30)
            .map(|r| room_label(r, room_max))
            .unwrap_or_default();
        let room_w = if room.is_empty() { 0 } else { width(&room) + 2 };
        Self {
            tag,
            indent,
            room,
            title_w: line_w,
            second_w: Some(line_w.saturating_sub(room_w)),
        }
    }

    /// The title in lines: one, or two where the title column is narrow and the title does
    /// not fit beside the room (the first line as wide as the row after the indent, the second
    /// beside the room), each padded to its width.
    fn title_lines(&self, title: &str) -> Vec<String> {
        let Some(second_w) = self.second_w else {
            return vec![pad(title, self.title_w)];
        };
        let mut lines = super::grid::wrap(title, self.title_w, second_w, 2);
        lines.resize(2, String::new());
        lines[0] = pad(&lines[0], self.title_w);
        lines[1] = pad(&lines[1], second_w);
        lines
    }

    /// How many lines the row takes.
    fn lines(&self) -> usize {
        if self.second_w.is_some() { 2 } else { 1 }
    }

    /// Whether the room goes on line `n` (the last one).
    fn room_on(&self, n: usize) -> bool {
        n + 1 == self.lines()
    }
}

/// A list row: `★✎⚠ tag Title…  Room`, fitted to `w` columns, and the title's second line
/// under it where it needs one: a search result without a query.
fn session_lines(
    s: &Session,
    m: Marks,
    tag: Option<&str>,
    w: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    search_lines(s, m, tag, "", w, theme)
}

/// A search result: a list row (two lines where narrow, as [`session_lines`]) with the title's
/// characters matching `query` highlighted.
fn search_lines(
    s: &Session,
    m: Marks,
    tag: Option<&str>,
    query: &str,
    w: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    if w < 5 {
        return vec![Line::from(fit(&s.title, w))];
    }
    let layout = RowLayout::new(s, tag, w);
    let titles = layout.title_lines(&s.title);
    let marks = matches(&s.title, query);
    let graphemes: Vec<&str> = s.title.graphemes(true).collect();
    let mut at = 0;
    let mut lines = Vec::new();
    for (n, text) in titles.iter().enumerate() {
        let mut spans = if n == 0 {
            marks_and_tag(m, &layout, theme)
        } else {
            vec![Span::raw(" ".repeat(layout.indent))]
        };
        // Each shown grapheme takes the mark of the title's grapheme it is; what the wrap
        // added (a `-`, the `…`, padding) is unmarked.
        while graphemes.get(at).is_some_and(|g| g.trim().is_empty()) {
            at += 1;
        }
        let flags: Vec<bool> = text
            .graphemes(true)
            .map(|g| {
                if graphemes.get(at) == Some(&g) {
                    at += 1;
                    marks.get(at - 1).copied().unwrap_or(false)
                } else {
                    false
                }
            })
            .collect();
        spans.extend(styled_runs(text, &flags, theme));
        if layout.room_on(n) {
            push_room(&mut spans, &layout, theme);
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The marks (★ ✎ ⚠ or blanks, then a space) and the tag with its space.
fn marks_and_tag(m: Marks, layout: &RowLayout, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = vec![
        Span::styled(if m.starred { "★" } else { " " }, theme.star()),
        Span::styled(if m.noted { "✎" } else { " " }, theme.note_mark()),
        Span::styled(if m.clash { "⚠" } else { " " }, theme.error()),
        Span::raw(" "),
    ];
    if !layout.tag.is_empty() {
        spans.push(Span::styled(format!("{} ", layout.tag), theme.accent()));
    }
    spans
}

/// Two spaces and the room, dimmed, when the row shows one.
fn push_room(spans: &mut Vec<Span<'static>>, layout: &RowLayout, theme: Theme) {
    if !layout.room.is_empty() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(layout.room.clone(), theme.dim()));
    }
}

fn render_search(app: &mut App, frame: &mut Frame, area: Rect, theme: Theme) {
    let block = pane_block("Search all days", true, theme);
    let body = inner(area);
    frame.render_widget(block, area);
    if body.height == 0 || body.width == 0 {
        return;
    }
    let w = usize::from(body.width);
    let prompt = "/ ";
    let field_w = w.saturating_sub(width(prompt));
    let (visible, cursor) = app.search.input.visible(field_w);
    let input_line = Line::from(vec![Span::styled(prompt, theme.key()), Span::raw(visible)]);
    frame.render_widget(Paragraph::new(input_line), Rect { height: 1, ..body });
    let cx = body.x + u16::try_from(width(prompt) + cursor).unwrap_or(0);
    if cx < body.x + body.width {
        frame.set_cursor_position(Position { x: cx, y: body.y });
    }
    let list_area = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    };
    let query = app.search.input.text().to_owned();
    let selected = app.search.list.selected();
    let zone = app.zone();
    let w = w.saturating_sub(2);
    let height = usize::from(list_area.height);
    let (shown, mut state) = {
        let hit_lines = |i: usize| {
            app.search.hits.get(i).map_or(1, |hit| {
                let s = &app.schedule.sessions()[hit.position];
                let when = hit_when(&zone, s, w < 60);
                RowLayout::new(s, when.as_deref(), w).lines()
            })
        };
        let mut list = app.search.list;
        let shown = visible_lines(&mut list, app.search.hits.len(), height, hit_lines);
        app.search.list = list;
        shown
    };
    app.areas.search_rows = shown.clone();
    let conf_id = app.conference_id().to_owned();
    let mut lines_left = height;
    let items: Vec<ListItem> = app.search.hits[shown.clone()]
        .iter()
        .zip(shown)
        .map(|(hit, i)| {
            let s = &app.schedule.sessions()[hit.position];
            let marks = Marks {
                starred: app.store.is_starred(&conf_id, &s.id),
                noted: !app.store.notes(&conf_id, &s.id).is_empty(),
                clash: app.clashes.contains_key(&hit.position),
            };
            let when = hit_when(&zone, s, w < 60);
            let mut lines = search_lines(s, marks, when.as_deref(), &query, w, theme);
            lines.truncate(lines_left.max(1));
            lines_left = lines_left.saturating_sub(lines.len());
            ListItem::new(Text::from(lines)).style(row_style(selected == Some(i), true, theme))
        })
        .collect();
    let list = if items.is_empty() && !query.trim().is_empty() {
        List::new(vec![ListItem::new(Line::styled("no match", theme.dim()))])
    } else {
        List::new(items)
    }
    .highlight_symbol(MARK)
    .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(list, list_area, &mut state);
}

/// When a search result is: `Sat 1 Feb 09:00` (its real calendar date and start; `Sat 09:00`
/// when `narrow`), `Sat 1 Feb` when only the day is published, nothing when neither is.
fn hit_when(zone: &timefmt::Zone, s: &Session, narrow: bool) -> Option<String> {
    let when = timefmt::session_when(zone, s);
    match (when.date, s.start) {
        (Some(date), Some(t)) => {
            let day = if narrow {
                date.format("%a").to_string()
            } else {
                timefmt::day_short(date)
            };
            Some(format!("{day} {}", timefmt::clock(zone.at(t))))
        }
        (Some(date), None) => Some(timefmt::day_short(date)),
        (None, _) => None,
    }
}

/// `text` as spans, the graphemes flagged in `flags` highlighted.
fn styled_runs(text: &str, flags: &[bool], theme: Theme) -> Vec<Span<'static>> {
    let style = |hit: bool| if hit { theme.matched() } else { theme.text() };
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (g, hit) in text
        .graphemes(true)
        .zip(flags.iter().copied().chain(std::iter::repeat(false)))
    {
        if hit != run_hit && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), style(run_hit)));
        }
        run_hit = hit;
        run.push_str(g);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, style(run_hit)));
    }
    spans
}
