//! The commands that know what time it is: `hallway now` (what is on, what is next) and
//! `hallway agenda` (the starred sessions as a timeline). The answers come from
//! [`crate::agenda`]; this module only lays them out, in the conference's time zone.
//!
//! A time marked `~` is inferred: the program gives the session a start but no end, so it is
//! taken to last until the room's next session, at most an hour ([`agenda::effective_end`]).

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::Global;
use super::context::Context;
use super::failure::Failure;
use super::write::{print, print_json};
use crate::agenda::{self, AgendaItem, Phase, Span, Upcoming};
use crate::schedule::{Conference, Session};
use crate::timefmt;

/// `hallway now`.
///
/// # Errors
/// A schedule or store that cannot be opened, or stdout closed.
pub fn now(global: &Global, json: bool) -> Result<(), Failure> {
    let ctx = Context::open(global)?;
    let (config, warning) = crate::config::load(ctx.store.dir());
    if let Some(warning) = warning {
        crate::cli::emit::say!("hallway: {warning}");
    }
    let nn = agenda::now_next_within(
        &agenda::Timeline::new(&ctx.schedule),
        &ctx.schedule,
        &ctx.store,
        ctx.now,
        config.now.horizon_minutes,
    );
    if json {
        return print_json(&now_json(&ctx, &nn));
    }
    print(&now_text(&ctx, &nn))
}

/// `hallway agenda`.
///
/// # Errors
/// A schedule or store that cannot be opened, or stdout closed.
pub fn agenda(global: &Global, json: bool) -> Result<(), Failure> {
    let ctx = Context::open(global)?;
    let plan = agenda::agenda(&ctx.schedule, &ctx.store);
    if json {
        return print_json(&agenda_json(&ctx, &plan));
    }
    if plan.days.is_empty() && plan.undated.is_empty() && plan.missing.is_empty() {
        crate::cli::emit::say!("hallway: nothing starred yet; star sessions with: hallway star ID");
        return Ok(());
    }
    print(&agenda_text(&ctx, &plan))
}

/// `t` as wall-clock time in the conference's zone (daylight saving included when the
/// conference names an IANA zone), else in its fixed UTC offset.
fn local(conf: &Conference, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    timefmt::Zone::of(conf).at(t)
}

/// `14:55–15:20`, `14:55–~15:55` for an inferred end, in the conference's zone.
fn span_text(conf: &Conference, span: &Span) -> String {
    let mark = if span.end_inferred { "~" } else { "" };
    format!(
        "{}–{mark}{}",
        timefmt::clock(local(conf, span.start)),
        timefmt::clock(local(conf, span.end))
    )
}

fn room(s: &Session) -> &str {
    s.room.as_deref().unwrap_or("—")
}

/// Pads `text` with spaces to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    format!(
        "{text}{}",
        " ".repeat(width.saturating_sub(crate::width::of(text)))
    )
}

/// Lines of cells, each column padded to its widest cell; the last cell is not padded.
fn table(rows: &[Vec<String>], indent: &str) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| crate::width::of(cell))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = indent.to_owned();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&pad(cell, widths[c]));
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn star(starred: bool) -> &'static str {
    if starred { " ★" } else { "" }
}

fn now_text(ctx: &Context, nn: &agenda::NowNext) -> String {
    let conf = &ctx.schedule.conference;
    let sessions = ctx.schedule.sessions();
    let mut out = format!("{} — {}\n", conf.name, timefmt::now_line(conf, ctx.now));
    match nn.phase {
        Phase::NoTimes => {
            out.push_str("No session times are published for this program; `hallway list` shows what is known.\n");
            return out;
        }
        Phase::Over => {
            out.push_str("The program is over.\n");
            return out;
        }
        Phase::Before | Phase::During => {}
    }
    if !nn.in_progress.is_empty() {
        out.push_str("Now\n");
        let rows: Vec<Vec<String>> = nn
            .in_progress
            .iter()
            .map(|p| {
                let s = &sessions[p.position];
                let mark = if p.end_inferred { "~" } else { "" };
                vec![
                    format!("{}/{mark}{} min", p.elapsed_min, p.total_min),
                    room(s).to_owned(),
                    format!("{}{}", s.title, star(p.starred)),
                ]
            })
            .collect();
        out.push_str(&table(&rows, "  "));
    }
    if let Some(first) = &nn.next_overall {
        let lead = if nn.phase == Phase::Before {
            "Not started yet. First"
        } else {
            "Nothing on now. Next"
        };
        let _ = writeln!(out, "{lead}: {}", overall_text(ctx, first));
    }
    if nn.in_progress.is_empty() && nn.next_overall.is_none() && !nn.next.is_empty() {
        out.push_str(if nn.phase == Phase::Before {
            "Not started yet.\n"
        } else {
            "Nothing on now.\n"
        });
    }
    if !nn.next.is_empty() {
        out.push_str("Next\n");
        let today = local(conf, ctx.now).date_naive();
        let zone = timefmt::Zone::of(conf);
        let rows: Vec<Vec<String>> = nn
            .next
            .iter()
            .map(|u| {
                let s = &sessions[u.position];
                let when = s.start.map_or_else(String::new, |t| {
                    timefmt::on_day(&zone, t, today, &timefmt::clock(zone.at(t)))
                });
                vec![
                    format!("in {}", timefmt::duration(u.starts_in_min)),
                    when,
                    room(s).to_owned(),
                    format!("{}{}", s.title, star(u.starred)),
                ]
            })
            .collect();
        out.push_str(&table(&rows, "  "));
    }
    out
}

/// `Title — Room, in 2 h 10 min (Thu 19 Sep 09:00)`.
fn overall_text(ctx: &Context, u: &Upcoming) -> String {
    let conf = &ctx.schedule.conference;
    let s = &ctx.schedule.sessions()[u.position];
    let room = s
        .room
        .as_deref()
        .map_or_else(String::new, |r| format!(" — {r}"));
    let at = s.start.map_or_else(String::new, |t| {
        let when = timefmt::session_when(&timefmt::Zone::of(conf), s);
        format!(" ({} {})", when.date_text(), timefmt::clock(local(conf, t)))
    });
    format!(
        "{}{}{room}, in {}{at}",
        s.title,
        star(u.starred),
        timefmt::duration(u.starts_in_min)
    )
}

fn agenda_text(ctx: &Context, plan: &agenda::Agenda) -> String {
    let conf = &ctx.schedule.conference;
    let sessions = ctx.schedule.sessions();
    let mut blocks: Vec<String> = Vec::new();
    for day in &plan.days {
        let mut out = format!("{}\n", timefmt::day_long(day.day));
        let room_w = day
            .items
            .iter()
            .filter_map(|item| match item {
                AgendaItem::Session { position, .. } | AgendaItem::Untimed { position } => {
                    Some(crate::width::of(room(&sessions[*position])))
                }
                AgendaItem::Gap { .. } => None,
            })
            .max()
            .unwrap_or(0);
        let spans: Vec<Option<String>> =
            day.items
                .iter()
                .map(|item| match item {
                    // A talk after midnight sits under its conference day but names its own date.
                    AgendaItem::Session { position, .. } => agenda::span(&ctx.schedule, *position)
                        .map(|sp| {
                            let zone = timefmt::Zone::of(conf);
                            timefmt::on_day(&zone, sp.start, day.day, &span_text(conf, &sp))
                        }),
                    _ => None,
                })
                .collect();
        let time_w = spans
            .iter()
            .flatten()
            .map(|t| crate::width::of(t))
            .max()
            .unwrap_or(0);
        for (item, span) in day.items.iter().zip(&spans) {
            match item {
                AgendaItem::Session { position, clashes } => {
                    let s = &sessions[*position];
                    let time = span.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{}  {}  {}",
                        pad(time, time_w),
                        pad(room(s), room_w),
                        s.title
                    );
                    for other in clashes {
                        let _ = writeln!(out, "  ⚠ clashes with: {}", sessions[*other].title);
                    }
                }
                AgendaItem::Gap { from, to } => {
                    let _ = writeln!(
                        out,
                        "  free {}–{} ({})",
                        timefmt::clock(local(conf, *from)),
                        timefmt::clock(local(conf, *to)),
                        timefmt::duration((*to - *from).num_minutes())
                    );
                }
                AgendaItem::Untimed { position } => {
                    let s = &sessions[*position];
                    let _ = writeln!(
                        out,
                        "time not published  {}  {}",
                        pad(room(s), room_w),
                        s.title
                    );
                }
            }
        }
        blocks.push(out);
    }
    if !plan.undated.is_empty() {
        let rows: Vec<Vec<String>> = plan
            .undated
            .iter()
            .map(|&p| vec![room(&sessions[p]).to_owned(), sessions[p].title.clone()])
            .collect();
        blocks.push(format!("No date\n{}", table(&rows, "")));
    }
    if !plan.missing.is_empty() {
        let mut out = "No longer in the program\n".to_owned();
        for id in &plan.missing {
            let _ = writeln!(out, "{id}");
        }
        blocks.push(out);
    }
    blocks.join("\n")
}

/// A session as the JSON of `now` and `agenda` names it.
#[derive(Serialize)]
struct SessionRef<'a> {
    id: &'a str,
    title: &'a str,
    room: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<DateTime<FixedOffset>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<DateTime<FixedOffset>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    end_inferred: bool,
}

fn session_ref(ctx: &Context, pos: usize) -> SessionRef<'_> {
    let conf = &ctx.schedule.conference;
    let s = &ctx.schedule.sessions()[pos];
    let span = agenda::span(&ctx.schedule, pos);
    SessionRef {
        id: &s.id,
        title: &s.title,
        room: s.room.as_deref(),
        start: span.map(|sp| local(conf, sp.start)),
        end: span.map(|sp| local(conf, sp.end)),
        end_inferred: span.is_some_and(|sp| sp.end_inferred),
    }
}

#[derive(Serialize)]
struct NowJson<'a> {
    conference: &'a str,
    /// The moment asked about.
    at: DateTime<FixedOffset>,
    /// `no-times`, `before`, `during` or `over`.
    phase: &'static str,
    /// The sessions in progress.
    now: Vec<InProgressJson<'a>>,
    /// What starts within the horizon, in time order.
    next: Vec<UpcomingJson<'a>>,
    /// The most Next looks ahead (`[now] horizon_minutes`).
    horizon_minutes: u32,
    /// Where Next stops: the next slot's start, at most `horizon_minutes` ahead.
    horizon_end: Option<DateTime<FixedOffset>>,
    /// When nothing is on and nothing starts within the horizon: the next session.
    next_overall: Option<UpcomingJson<'a>>,
}

#[derive(Serialize)]
struct InProgressJson<'a> {
    #[serde(flatten)]
    session: SessionRef<'a>,
    elapsed_min: i64,
    total_min: i64,
    starred: bool,
}

#[derive(Serialize)]
struct UpcomingJson<'a> {
    #[serde(flatten)]
    session: SessionRef<'a>,
    starts_in_min: i64,
    starred: bool,
}

fn upcoming_json<'a>(ctx: &'a Context, u: &Upcoming) -> UpcomingJson<'a> {
    UpcomingJson {
        session: session_ref(ctx, u.position),
        starts_in_min: u.starts_in_min,
        starred: u.starred,
    }
}

fn now_json<'a>(ctx: &'a Context, nn: &agenda::NowNext) -> NowJson<'a> {
    NowJson {
        conference: &ctx.schedule.conference.id,
        at: local(&ctx.schedule.conference, ctx.now),
        phase: match nn.phase {
            Phase::NoTimes => "no-times",
            Phase::Before => "before",
            Phase::During => "during",
            Phase::Over => "over",
        },
        now: nn
            .in_progress
            .iter()
            .map(|p| InProgressJson {
                session: session_ref(ctx, p.position),
                elapsed_min: p.elapsed_min,
                total_min: p.total_min,
                starred: p.starred,
            })
            .collect(),
        next: nn.next.iter().map(|u| upcoming_json(ctx, u)).collect(),
        horizon_minutes: nn.max_minutes,
        horizon_end: nn.horizon.map(|t| local(&ctx.schedule.conference, t)),
        next_overall: nn.next_overall.as_ref().map(|u| upcoming_json(ctx, u)),
    }
}

#[derive(Serialize)]
struct AgendaJson<'a> {
    conference: &'a str,
    days: Vec<DayJson<'a>>,
    undated: Vec<SessionRef<'a>>,
    missing: &'a [String],
}

#[derive(Serialize)]
struct DayJson<'a> {
    day: chrono::NaiveDate,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ItemJson<'a> {
    Session {
        #[serde(flatten)]
        session: SessionRef<'a>,
        clashes: Vec<&'a str>,
    },
    Gap {
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
        minutes: i64,
    },
    Untimed {
        #[serde(flatten)]
        session: SessionRef<'a>,
    },
}

fn agenda_json<'a>(ctx: &'a Context, plan: &'a agenda::Agenda) -> AgendaJson<'a> {
    let conf = &ctx.schedule.conference;
    let sessions = ctx.schedule.sessions();
    let days = plan
        .days
        .iter()
        .map(|d| DayJson {
            day: d.day,
            items: d
                .items
                .iter()
                .map(|item| match item {
                    AgendaItem::Session { position, clashes } => ItemJson::Session {
                        session: session_ref(ctx, *position),
                        clashes: clashes.iter().map(|&c| sessions[c].id.as_str()).collect(),
                    },
                    AgendaItem::Gap { from, to } => ItemJson::Gap {
                        from: local(conf, *from),
                        to: local(conf, *to),
                        minutes: (*to - *from).num_minutes(),
                    },
                    AgendaItem::Untimed { position } => ItemJson::Untimed {
                        session: session_ref(ctx, *position),
                    },
                })
                .collect(),
        })
        .collect();
    AgendaJson {
        conference: &conf.id,
        days,
        undated: plan.undated.iter().map(|&p| session_ref(ctx, p)).collect(),
        missing: &plan.missing,
    }
}
