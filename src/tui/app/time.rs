//! The app knows what time it is: Now & Next rows, the starred agenda as a timeline with
//! clashes and free time, reminders each minute, and the quick note on the talk in progress.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::App;
use crate::agenda::{self, AgendaItem, NowNext, Phase};
use crate::timefmt::{self, Zone};
use crate::tui::view::{DayTab, Row};

type Tagged = (Vec<Row>, HashMap<usize, String>);

impl App {
    /// Rows of the Now & Next view: sessions in progress (`12/25 min`), then what starts by
    /// the horizon (the next slot's start, at most `[now] horizon_minutes` ahead) in time order
    /// (`16:10 in 5 min`); when nothing is on and nothing starts by then, the next thing and
    /// how long until it. Starred sessions are marked by the row, never moved.
    pub(super) fn now_next_rows(&self, nn: &NowNext) -> Tagged {
        let zone = self.zone();
        let mut rows = Vec::new();
        let mut tags = HashMap::new();
        let clock = timefmt::now_in(&zone, self.now);
        match nn.phase {
            Phase::NoTimes => rows.push(Row::Heading("No session has a published time".into())),
            Phase::Over => rows.push(Row::Heading(format!("The program is over · {clock}"))),
            Phase::Before | Phase::During => {
                if nn.in_progress.is_empty() {
                    rows.push(Row::Heading(format!("Nothing on now · {clock}")));
                    if let Some(u) = &nn.next_overall {
                        self.push_upcoming(&mut rows, &mut tags, u.position, u.starts_in_min);
                    }
                } else {
                    rows.push(Row::Heading(format!("Now · {clock}")));
                    for p in &nn.in_progress {
                        let total = if p.end_inferred {
                            format!("~{}", p.total_min)
                        } else {
                            p.total_min.to_string()
                        };
                        tags.insert(p.position, format!("{}/{total} min", p.elapsed_min));
                        rows.push(Row::Session(p.position));
                    }
                }
                if !nn.next.is_empty() {
                    rows.push(Row::Heading("Next".into()));
                }
                for u in &nn.next {
                    self.push_upcoming(&mut rows, &mut tags, u.position, u.starts_in_min);
                }
            }
        }
        (rows, tags)
    }

    /// One Next row, tagged `16:10 in 5 min` (`Sun 29 Dec 11:00 in 19 h` on another day):
    /// the start first, so a narrow pane cuts the countdown, never the time.
    fn push_upcoming(
        &self,
        rows: &mut Vec<Row>,
        tags: &mut HashMap<usize, String>,
        position: usize,
        starts_in: i64,
    ) {
        let zone = self.zone();
        let start = self.schedule.sessions()[position].start;
        let day = |t| {
            let local = zone.at(t);
            if local.date_naive() == zone.at(self.now).date_naive() {
                timefmt::clock(local)
            } else {
                format!(
                    "{} {}",
                    timefmt::day_short(local.date_naive()),
                    timefmt::clock(local)
                )
            }
        };
        let at = start.map(day).unwrap_or_default();
        tags.insert(
            position,
            format!("{at} in {}", timefmt::duration(starts_in)),
        );
        rows.push(Row::Session(position));
    }

    /// Rows of the starred agenda under `day`: each day's sessions in time order with their
    /// times, free time between them as headings, untimed ones, then those with no date.
    pub(super) fn agenda_rows(&self, day: &DayTab) -> Tagged {
        let zone = self.zone();
        let plan = agenda::agenda(&self.schedule, &self.store);
        let mut rows = Vec::new();
        let mut tags = HashMap::new();
        for d in &plan.days {
            if !matches!(day, DayTab::All) && *day != DayTab::On(d.day) {
                continue;
            }
            rows.push(Row::Heading(timefmt::day_long(d.day)));
            for item in &d.items {
                match item {
                    AgendaItem::Session { position, .. } => {
                        let s = &self.schedule.sessions()[*position];
                        // After midnight: under its conference day, with its own date.
                        let when = timefmt::session_when(&zone, s).under(d.day);
                        tags.insert(*position, when);
                        rows.push(Row::Session(*position));
                    }
                    AgendaItem::Gap { from, to } => rows.push(Row::Heading(gap(&zone, *from, *to))),
                    AgendaItem::Untimed { position } => {
                        tags.insert(*position, "time n/p".into());
                        rows.push(Row::Session(*position));
                    }
                }
            }
        }
        if matches!(day, DayTab::All | DayTab::Undated) && !plan.undated.is_empty() {
            rows.push(Row::Heading("No date".into()));
            rows.extend(plan.undated.iter().map(|p| Row::Session(*p)));
        }
        if matches!(day, DayTab::All) && !plan.missing.is_empty() {
            rows.push(Row::Heading(format!(
                "No longer in the program: {}",
                plan.missing.join(", ")
            )));
        }
        (rows, tags)
    }

    /// The clock moved (a minute passed, or a key was pressed): refresh what depends on it and
    /// the reminder. Returns whether to ring the bell (a new reminder, bell on in the config).
    pub fn tick(&mut self, now: DateTime<FixedOffset>) -> bool {
        self.now = now;
        let due = agenda::reminders(
            &self.schedule,
            &self.store,
            now,
            self.config.reminder_minutes,
        );
        self.reminder = due.first().map(|r| {
            let s = &self.schedule.sessions()[r.position];
            let room = s
                .room
                .as_deref()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default();
            format!("in {} min: {}{room}", r.starts_in_min, s.title)
        });
        let fresh = due.iter().any(|r| !self.reminded.contains(&r.position));
        self.reminded.extend(due.iter().map(|r| r.position));
        if self
            .tracks
            .get(self.tracks_list.selected().unwrap_or(0))
            .is_some_and(|t| t.filter == crate::tui::view::TrackFilter::NowNext)
        {
            self.refresh();
        }
        fresh && self.config.bell
    }
}

fn gap(zone: &Zone, from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> String {
    let minutes = (to - from).num_minutes();
    format!(
        "free {}–{} ({})",
        timefmt::clock(zone.at(from)),
        timefmt::clock(zone.at(to)),
        timefmt::duration(minutes)
    )
}
