//! The timetable grid, like the printed program: rooms as columns, time as rows. This module is
//! the model and the cursor, with no drawing ([`crate::tui::ui::grid`] draws them).
//!
//! A [`Grid`] is built once per day from the schedule:
//! - **Sessions**: the day's timed sessions (sessions with only a day, or nothing, have no place
//!   on a timetable).
//! - **Columns**: the rooms having sessions that day, in the program's own order (as its file
//!   lists them, `Index::room_order`), then one column `—` for sessions without a room. Where
//!   sessions of one room overlap, the room gets extra columns (lanes), so no session is ever
//!   hidden under another.
//! - **Rows**: a fixed step from the day's earliest start to its latest end. The step is 15
//!   minutes, or the greatest common divisor of the starts (counted from the earliest) when that
//!   is smaller — 5 or 10 minutes — but never under 5. When the divisor is above 15 (20, 40...),
//!   its largest divisor between 5 and 15 is used, so starts stay on row boundaries. Time is
//!   linear down the grid: a session's row is its start's distance from the first over the
//!   step, and the time gutter labels evenly spaced rows only ([`Grid::labels`]), never a row
//!   out of turn because it is scrolled to the top or holds the cursor.
//! - **Open ends**: a session without a published end lasts until the next session in its room
//!   starts, at most 60 minutes ([`OPEN_END_CAP`]); 60 minutes when nothing follows, and always
//!   for sessions without a room (they share no room, so "the next one" means nothing).
//!
//! A session covers the rows from the one holding its start to the one holding its end, and at
//! least one. [`GridState`] is the cursor (a column and a time row) and the scroll offsets; its
//! moves are pure functions of the grid.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Timelike};

use crate::config::GridRooms;
use crate::schedule::Schedule;
use crate::timefmt::{self, Zone};

/// The row step when the starts allow it, in minutes.
pub const DEFAULT_STEP: i64 = 15;
/// The finest row step, in minutes.
pub const MIN_STEP: i64 = 5;
/// How long a session without a published end lasts at most, in minutes.
pub const OPEN_END_CAP: i64 = 60;
/// How far page moves go before the grid has been drawn once.
const DEFAULT_PAGE: usize = 10;

/// One column of the grid: a room (or the sessions without one), or an extra lane of a room whose
/// sessions overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The room; `None` for the column of sessions without a room.
    pub room: Option<String>,
    /// 0 for the room's first column, 1 and up for its extra lanes.
    pub lane: usize,
}

impl Column {
    /// The header text: the room, `—` without one, with ` (2)`, ` (3)`… on extra lanes.
    pub fn label(&self) -> String {
        let room = self.room.as_deref().unwrap_or("—");
        if self.lane == 0 {
            room.to_owned()
        } else {
            format!("{room} ({})", self.lane + 1)
        }
    }
}

/// A session placed on the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Position in [`Schedule::sessions`].
    pub position: usize,
    /// Its column.
    pub col: usize,
    /// The first row it covers.
    pub start_row: usize,
    /// The row after the last one it covers (always above `start_row`).
    pub end_row: usize,
    /// The session's title.
    pub title: String,
    /// Its speakers on one line (empty when none are published).
    pub speakers: String,
    /// `11:30–12:30` in the grid's zone; `11:30–` when the end is not published.
    pub time: String,
}

impl Block {
    /// How many rows it covers.
    pub fn span(&self) -> usize {
        self.end_row - self.start_row
    }

    /// Whether it covers `row`.
    pub fn covers(&self, row: usize) -> bool {
        (self.start_row..self.end_row).contains(&row)
    }
}

/// One day of the program laid out as a timetable.
#[derive(Debug, Clone)]
pub struct Grid {
    day: Option<NaiveDate>,
    zone: Zone,
    origin: Option<DateTime<FixedOffset>>,
    step: i64,
    rows: usize,
    columns: Vec<Column>,
    blocks: Vec<Block>,
    /// Per column, indices into `blocks` by start row; blocks of a column never share a row.
    by_col: Vec<Vec<usize>>,
    /// Rows where some session starts or ends (the timeslots), in order.
    slot_rows: Vec<usize>,
}

/// Days that have timed sessions, in order (the days a grid can show).
pub fn timed_days(schedule: &Schedule) -> Vec<NaiveDate> {
    schedule
        .index()
        .days()
        .iter()
        .filter(|(_, ps)| ps.iter().any(|&p| schedule.sessions()[p].start.is_some()))
        .map(|(d, _)| *d)
        .collect()
}

/// A timed session of the day, with its end decided.
struct Placed {
    position: usize,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
}

/// Time to rows: the day's first start and the step.
#[derive(Clone, Copy)]
struct Rows {
    origin: DateTime<FixedOffset>,
    step: i64,
}

impl Rows {
    /// The row holding `t`; with `up`, the first row boundary at or after it (for ends).
    fn of(self, t: DateTime<FixedOffset>, up: bool) -> usize {
        let secs = (t - self.origin).num_seconds().max(0);
        let per = self.step * 60;
        let r = if up {
            (secs + per - 1) / per
        } else {
            secs / per
        };
        usize::try_from(r).unwrap_or(0)
    }

    /// The rows a session covers: at least one.
    fn span(self, p: &Placed) -> (usize, usize) {
        let start = self.of(p.start, false);
        (start, self.of(p.end, true).max(start + 1))
    }
}

impl Grid {
    /// Lays out `day` (or, when `None`, the first day with timed sessions), with times shown in
    /// `zone`. A day without timed sessions gives an empty grid (no columns, no rows).
    pub fn new(schedule: &Schedule, day: Option<NaiveDate>, zone: FixedOffset) -> Self {
        Self::with_zone(schedule, day, Zone::Fixed(zone))
    }

    /// [`Grid::new`] with times in a time-zone database zone (daylight saving right), e.g. the
    /// app's `zone()` after `z`. Rows stay evenly spaced in real time; their labels are wall-clock
    /// times in `zone`.
    pub fn with_zone(schedule: &Schedule, day: Option<NaiveDate>, zone: Zone) -> Self {
        Self::with_rooms(schedule, day, zone, &GridRooms::default())
    }

    /// [`Grid::with_zone`] with the user's `[grid."CONF_ID"]` settings: `pinned` rooms first, in
    /// their order, `hidden` rooms (and their sessions) left out.
    pub fn with_rooms(
        schedule: &Schedule,
        day: Option<NaiveDate>,
        zone: Zone,
        settings: &GridRooms,
    ) -> Self {
        let day = day.or_else(|| timed_days(schedule).first().copied());
        let mut grid = Self {
            day,
            zone,
            origin: None,
            step: DEFAULT_STEP,
            rows: 0,
            columns: Vec::new(),
            blocks: Vec::new(),
            by_col: Vec::new(),
            slot_rows: Vec::new(),
        };
        let placed = day.map(|d| place(schedule, d)).unwrap_or_default();
        let Some(origin) = placed.iter().map(|p| p.start).min() else {
            return grid;
        };
        let rows = Rows {
            origin,
            step: step_for(placed.iter().map(|p| p.start - origin)),
        };
        grid.origin = Some(origin);
        grid.step = rows.step;
        grid.rows = placed.iter().map(|p| rows.span(p).1).max().unwrap_or(1);
        // Rooms in the program's own order (pinned ones first, hidden ones left out), then
        // the sessions without a room.
        let sessions = schedule.sessions();
        let order = schedule.index().room_order();
        let pinned = settings.pinned.iter().filter(|r| order.contains(r));
        let rest = order.iter().filter(|r| !settings.pinned.contains(r));
        let rooms = pinned
            .chain(rest)
            .filter(|r| !settings.hidden.contains(r))
            .map(Some)
            .chain([None]);
        for room in rooms {
            let members: Vec<&Placed> = placed
                .iter()
                .filter(|p| sessions[p.position].room.as_ref() == room)
                .collect();
            grid.add_room(schedule, room, members, rows);
        }
        let mut slots: Vec<usize> = grid
            .blocks
            .iter()
            .flat_map(|b| [b.start_row, b.end_row])
            .filter(|&r| r < grid.rows)
            .collect();
        slots.sort_unstable();
        slots.dedup();
        grid.slot_rows = slots;
        grid
    }

    /// Adds a room's columns: one lane, or more where its sessions overlap. Greedy: each
    /// session goes into the first lane free at its start row.
    fn add_room(
        &mut self,
        schedule: &Schedule,
        room: Option<&String>,
        mut members: Vec<&Placed>,
        rows: Rows,
    ) {
        members.sort_by_key(|p| (p.start, p.position));
        let first_col = self.columns.len();
        let mut lane_ends: Vec<usize> = Vec::new();
        for p in members {
            let (start_row, end_row) = rows.span(p);
            let lane = lane_ends
                .iter()
                .position(|&e| e <= start_row)
                .unwrap_or_else(|| {
                    lane_ends.push(0);
                    self.columns.push(Column {
                        room: room.cloned(),
                        lane: lane_ends.len() - 1,
                    });
                    self.by_col.push(Vec::new());
                    lane_ends.len() - 1
                });
            lane_ends[lane] = end_row;
            let col = first_col + lane;
            self.by_col[col].push(self.blocks.len());
            let s = &schedule.sessions()[p.position];
            let local = |t: DateTime<FixedOffset>| timefmt::clock(self.zone.at(t));
            let time = match s.end {
                Some(_) => format!("{}–{}", local(p.start), local(p.end)),
                None => format!("{}–", local(p.start)),
            };
            let speakers: Vec<&str> = s.speakers.iter().map(|sp| sp.name.as_str()).collect();
            self.blocks.push(Block {
                position: p.position,
                col,
                start_row,
                end_row,
                title: s.title.clone(),
                speakers: speakers.join(", "),
                time,
            });
        }
    }

    /// The day shown, if the schedule has any timed session.
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    /// The zone times are shown in.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The row step in minutes.
    pub fn step_minutes(&self) -> i64 {
        self.step
    }

    /// How many time rows there are (0 for an empty day).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, left to right.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Every placed session, grouped by column and in time order within a column.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The blocks of one column, in time order.
    pub fn column_blocks(&self, col: usize) -> impl Iterator<Item = &Block> {
        self.by_col
            .get(col)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.blocks.get(i))
    }

    /// When `row` begins, in the grid's zone.
    pub fn row_time(&self, row: usize) -> Option<DateTime<FixedOffset>> {
        let origin = self.origin?;
        let minutes = i64::try_from(row).ok()?.checked_mul(self.step)?;
        let t = origin.checked_add_signed(TimeDelta::try_minutes(minutes)?)?;
        Some(self.zone.at(t))
    }

    /// Which rows the time gutter labels, as `(every, first)`: rows `first`, `first + every`,
    /// `first + 2 × every`… — evenly spaced, so the axis reads as linear as it is. A label
    /// every quarter hour where the step allows it (every row at 15 minutes, every third at
    /// 5), else every half hour (10 minutes: `10:00 10:30`), else every hour (12 minutes),
    /// else every few rows; `first` puts the labels on round times where the rows fall on them.
    pub fn labels(&self) -> (usize, usize) {
        let step = self.step.max(1);
        let (every, span) = [15, 30, 60]
            .into_iter()
            .find(|span| span % step == 0)
            .map_or(((15 + step - 1) / step, 0), |span| (span / step, span));
        let every = usize::try_from(every).unwrap_or(1).max(1);
        let first = (0..every)
            .find(|&r| {
                span > 0
                    && self.row_time(r).is_some_and(|t| {
                        let minutes = i64::from(t.hour()) * 60 + i64::from(t.minute());
                        minutes % span == 0
                    })
            })
            .unwrap_or(0);
        (every, first)
    }

    /// Whether the time gutter labels `row` (see [`Grid::labels`]).
    pub fn is_labelled(&self, row: usize) -> bool {
        let (every, first) = self.labels();
        row >= first && (row - first).is_multiple_of(every)
    }

    /// The row holding the moment `t`, if it falls within the day's rows (for a "now" marker).
    pub fn row_at(&self, t: DateTime<FixedOffset>) -> Option<usize> {
        let origin = self.origin?;
        let secs = (t - origin).num_seconds();
        if secs < 0 {
            return None;
        }
        let row = usize::try_from(secs / (self.step * 60)).ok()?;
        (row < self.rows).then_some(row)
    }

    /// The block covering a cell.
    pub fn block_at(&self, col: usize, row: usize) -> Option<&Block> {
        let ids = self.by_col.get(col)?;
        let after = ids.partition_point(|&i| self.blocks[i].start_row <= row);
        let b = &self.blocks[*ids.get(after.checked_sub(1)?)?];
        b.covers(row).then_some(b)
    }

    /// The session covering a cell, as a position in [`Schedule::sessions`].
    pub fn session_at(&self, col: usize, row: usize) -> Option<usize> {
        self.block_at(col, row).map(|b| b.position)
    }

    /// Rows where some session starts or ends — the day's timeslots — in order.
    pub fn slot_rows(&self) -> &[usize] {
        &self.slot_rows
    }

    /// The block of a session, when it is on this grid.
    pub fn block_of(&self, position: usize) -> Option<&Block> {
        self.blocks.iter().find(|b| b.position == position)
    }
}

/// The day's timed sessions with their ends decided (see the module doc for open ends).
fn place(schedule: &Schedule, day: NaiveDate) -> Vec<Placed> {
    let sessions = schedule.sessions();
    let Some(positions) = schedule.index().days().get(&day) else {
        return Vec::new();
    };
    let timed: Vec<(usize, DateTime<FixedOffset>)> = positions
        .iter()
        .filter_map(|&p| sessions[p].start.map(|s| (p, s)))
        .collect();
    let cap = TimeDelta::minutes(OPEN_END_CAP);
    timed
        .iter()
        .map(|&(position, start)| {
            let s = &sessions[position];
            let end = match s.end {
                Some(end) if end > start => end,
                Some(_) => start,
                None => {
                    let next = s.room.as_ref().and_then(|room| {
                        timed
                            .iter()
                            .filter(|(q, t)| *t > start && sessions[*q].room.as_ref() == Some(room))
                            .map(|(_, t)| *t)
                            .min()
                    });
                    next.map_or(start + cap, |n| n.min(start + cap))
                }
            };
            Placed {
                position,
                start,
                end,
            }
        })
        .collect()
}

/// The row step for starts at these distances from the earliest one.
fn step_for(offsets: impl Iterator<Item = TimeDelta>) -> i64 {
    let g = offsets.fold(0, |g, d| gcd(g, d.num_minutes().abs()));
    if g == 0 {
        DEFAULT_STEP
    } else if g < MIN_STEP {
        MIN_STEP
    } else {
        (MIN_STEP..=DEFAULT_STEP)
            .rev()
            .find(|d| g % d == 0)
            .unwrap_or(DEFAULT_STEP)
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The cursor on a [`Grid`] and the scroll offsets.
///
/// Moves, chosen to feel like reading a printed program:
/// - **left/right** change room (column) and keep the time row when a session there covers it,
///   else go to the session there nearest in time: a room move never leaves nothing selected.
/// - **up/down** on a session jump to the start of the previous/next session in the same
///   column, skipping the breaks between talks; with no session before/after, they step onto the
///   empty row just outside the session. On an empty cell they move to the previous/next
///   timeslot — a row where some session of the day starts or ends — or one row when there is
///   none, so empty stretches at 5-minute steps take one key, not a dozen.
/// - **page up/down** move the cursor and the view by the rows last shown.
/// - **home/end** go to the column's first/last session (the first/last row in an empty column).
///
/// Every move keeps the cursor inside the grid and, once the grid has been drawn, in view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GridState {
    /// The cursor's column.
    pub col: usize,
    /// The cursor's time row.
    pub row: usize,
    /// The first column shown.
    pub scroll_col: usize,
    /// The first time row shown.
    pub scroll_row: usize,
    /// Columns and rows shown by the last [`GridState::ensure_visible`] (0 before a draw).
    pub visible: (usize, usize),
}

impl GridState {
    /// The session under the cursor, as a position in [`Schedule::sessions`].
    pub fn selected(&self, grid: &Grid) -> Option<usize> {
        grid.session_at(self.col, self.row)
    }

    /// Puts the cursor on the start of a session; returns false (and changes nothing) when the
    /// session is not on this grid.
    pub fn select_session(&mut self, grid: &Grid, position: usize) -> bool {
        match grid.block_of(position) {
            Some(b) => {
                self.col = b.col;
                self.row = b.start_row;
                self.follow(grid);
                true
            }
            None => false,
        }
    }

    /// Puts the cursor on a session at the row of `t` when the session covers it (else at its
    /// start, as [`Self::select_session`]): "now" inside a long session shows now, not its start.
    pub fn select_session_at(
        &mut self,
        grid: &Grid,
        position: usize,
        t: chrono::DateTime<chrono::FixedOffset>,
    ) -> bool {
        if !self.select_session(grid, position) {
            return false;
        }
        if let (Some(row), Some(b)) = (grid.row_at(t), grid.block_of(position))
            && b.covers(row)
        {
            self.row = row;
            self.follow(grid);
        }
        true
    }

    /// One room to the left, onto the session there nearest the cursor's time.
    pub fn move_left(&mut self, grid: &Grid) {
        self.col = self.col.saturating_sub(1);
        self.keep_selection(grid);
    }

    /// One room to the right, onto the session there nearest the cursor's time.
    pub fn move_right(&mut self, grid: &Grid) {
        self.col = self.col.saturating_add(1);
        self.keep_selection(grid);
    }

    /// Puts the cursor on a session when it is on none: the one in its column nearest the
    /// cursor's row (the later one on a tie), else the nearest in any column. Changes nothing
    /// on a session, or on a grid without sessions.
    pub fn keep_selection(&mut self, grid: &Grid) {
        self.clamp(grid);
        if self.selected(grid).is_none() {
            let row = self.row;
            // Rows between the cursor and the block (0 when it covers the row).
            let distance = |b: &&Block| {
                if row < b.start_row {
                    b.start_row - row
                } else {
                    (row + 1).saturating_sub(b.end_row)
                }
            };
            let nearest = grid
                .column_blocks(self.col)
                .min_by_key(|b| (distance(b), std::cmp::Reverse(b.start_row)))
                .or_else(|| {
                    grid.blocks().iter().min_by_key(|b| {
                        (
                            distance(b),
                            b.col.abs_diff(self.col),
                            std::cmp::Reverse(b.start_row),
                        )
                    })
                });
            if let Some(b) = nearest {
                self.col = b.col;
                self.row = b.start_row;
            }
        }
        self.follow(grid);
    }

    /// To the previous session in the column, or one row up (see the type's doc).
    pub fn move_up(&mut self, grid: &Grid) {
        self.clamp(grid);
        self.row = match grid.block_at(self.col, self.row) {
            Some(here) => grid
                .column_blocks(self.col)
                .filter(|b| b.end_row <= here.start_row)
                .last()
                .map_or(here.start_row.saturating_sub(1), |b| b.start_row),
            None => grid
                .slot_rows()
                .iter()
                .rev()
                .find(|&&r| r < self.row)
                .copied()
                .unwrap_or(self.row.saturating_sub(1)),
        };
        self.follow(grid);
    }

    /// To the next session in the column, or one row down (see the type's doc).
    pub fn move_down(&mut self, grid: &Grid) {
        self.clamp(grid);
        self.row = match grid.block_at(self.col, self.row) {
            Some(here) => grid
                .column_blocks(self.col)
                .find(|b| b.start_row >= here.end_row)
                .map_or(here.end_row, |b| b.start_row),
            None => grid
                .slot_rows()
                .iter()
                .find(|&&r| r > self.row)
                .copied()
                .unwrap_or(self.row.saturating_add(1)),
        };
        self.follow(grid);
    }

    /// A page of rows up, moving the view with the cursor.
    pub fn page_up(&mut self, grid: &Grid) {
        let page = self.page();
        self.row = self.row.saturating_sub(page);
        self.scroll_row = self.scroll_row.saturating_sub(page);
        self.follow(grid);
    }

    /// A page of rows down, moving the view with the cursor.
    pub fn page_down(&mut self, grid: &Grid) {
        let page = self.page();
        self.row = self.row.saturating_add(page);
        self.scroll_row = self.scroll_row.saturating_add(page);
        self.follow(grid);
    }

    /// The column's first session (row 0 in an empty column).
    pub fn home(&mut self, grid: &Grid) {
        self.clamp(grid);
        self.row = grid
            .column_blocks(self.col)
            .next()
            .map_or(0, |b| b.start_row);
        self.follow(grid);
    }

    /// The column's last session (the last row in an empty column).
    pub fn end(&mut self, grid: &Grid) {
        self.clamp(grid);
        self.row = grid
            .column_blocks(self.col)
            .last()
            .map_or(grid.rows().saturating_sub(1), |b| b.start_row);
        self.follow(grid);
    }

    /// Keeps the cursor inside the grid (after the grid changed, e.g. another day).
    pub fn clamp(&mut self, grid: &Grid) {
        self.col = self.col.min(grid.columns().len().saturating_sub(1));
        self.row = self.row.min(grid.rows().saturating_sub(1));
        self.scroll_col = self.scroll_col.min(self.col);
        self.scroll_row = self.scroll_row.min(self.row);
    }

    /// Scrolls so the cursor's cell — and its whole session when it fits — is among
    /// `visible_cols` columns and `visible_rows` rows; remembers the sizes for page moves and
    /// for keeping later moves in view.
    pub fn ensure_visible(&mut self, grid: &Grid, visible_cols: usize, visible_rows: usize) {
        self.visible = (visible_cols, visible_rows);
        self.clamp(grid);
        if visible_cols > 0 {
            if self.col >= self.scroll_col + visible_cols {
                self.scroll_col = self.col + 1 - visible_cols;
            }
            self.scroll_col = self
                .scroll_col
                .min(self.col)
                .min(grid.columns().len().saturating_sub(visible_cols));
        }
        if visible_rows > 0 {
            let (top, bottom) = match grid.block_at(self.col, self.row) {
                Some(b) if b.span() <= visible_rows => (b.start_row, b.end_row - 1),
                _ => (self.row, self.row),
            };
            if bottom >= self.scroll_row + visible_rows {
                self.scroll_row = bottom + 1 - visible_rows;
            }
            self.scroll_row = self
                .scroll_row
                .min(top)
                .min(grid.rows().saturating_sub(visible_rows));
        }
    }

    fn page(&self) -> usize {
        match self.visible.1 {
            0 => DEFAULT_PAGE,
            rows => rows,
        }
    }

    /// After a move: inside the grid, and in view once the view's size is known.
    fn follow(&mut self, grid: &Grid) {
        let (cols, rows) = self.visible;
        self.ensure_visible(grid, cols, rows);
    }
}
