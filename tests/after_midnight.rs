//! Talks after midnight on a real frab program (36C3, from ../shared): frab files them under
//! the previous conference day, each event carrying its real start in its own `date` field.
//! Every session whose start's calendar date differs from its conference day must print that
//! calendar date in `list`, `search`, `show`, `agenda`, `now --json` and `list --json`, while
//! staying on its conference day (`list --day`, the JSON `day`, the day tab). The expectations
//! come from the fixture file itself, parsed here, not from hallway.

mod common;
mod tui_support;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use common::{hallway, stderr, stdout};
use hallway::tui::view::{DayTab, Row};
use serde_json::Value;

const FIXTURE: &str = "fixtures/36c3-everything-merged-schedule-LARGE.json";

/// A session the file files under one day but which starts on the next calendar date.
#[derive(Debug)]
struct Night {
    guid: String,
    /// The conference day the file files it under.
    day: NaiveDate,
    /// The event's own `date` field: its real start.
    start: DateTime<FixedOffset>,
}

impl Night {
    /// `Sat 28 Dec`, the start's calendar date as rows print it.
    fn date_short(&self) -> String {
        self.start.format("%a %-d %b").to_string()
    }

    /// `00:50`.
    fn clock(&self) -> String {
        self.start.format("%H:%M").to_string()
    }
}

/// Every event of the file whose `date` is not on its day's `date`.
fn nights(path: &Path) -> Vec<Night> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let days = file["schedule"]["conference"]["days"]
        .as_array()
        .unwrap_or_else(|| panic!("no days"));
    for day in days {
        let date = day["date"].as_str().unwrap_or_else(|| panic!("day date"));
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"));
        let rooms = day["rooms"].as_object().unwrap_or_else(|| panic!("rooms"));
        for event in rooms
            .values()
            .flat_map(|r| r.as_array().into_iter().flatten())
        {
            let start = event["date"]
                .as_str()
                .unwrap_or_else(|| panic!("event date"));
            let start = DateTime::parse_from_rfc3339(start).unwrap_or_else(|e| panic!("{e}"));
            if start.date_naive() != date {
                out.push(Night {
                    guid: event["guid"].as_str().unwrap_or_default().to_owned(),
                    day: date,
                    start,
                });
            }
        }
    }
    out
}

/// Imports the program into `dir`'s library once, so each run opens it from the cache.
fn import(dir: &Path, schedule: &Path) {
    let out = hallway(dir)
        .arg("import")
        .arg(schedule)
        .args(["--name", "c36"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "import: {}", stderr(&out));
}

/// Runs hallway at `now` on the imported program (see [`import`]).
fn run(dir: &Path, now: &str, args: &[&str]) -> String {
    let out = hallway(dir)
        .env("HALLWAY_NOW", now)
        .args(["--conference", "c36"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "hallway {args:?}: {}", stderr(&out));
    stdout(&out)
}

fn json(dir: &Path, now: &str, args: &[&str]) -> Value {
    serde_json::from_str(&run(dir, now, args)).unwrap_or_else(|e| panic!("{e}"))
}

/// The date part of an RFC 3339 text from hallway's JSON.
fn json_date(v: &Value) -> NaiveDate {
    let text = v.as_str().unwrap_or_else(|| panic!("not a time: {v}"));
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .date_naive()
}

/// The line of a `list`/`search` listing for `guid`.
fn line_of<'a>(listing: &'a str, guid: &str) -> &'a str {
    listing
        .lines()
        .find(|l| l.starts_with(guid))
        .unwrap_or_else(|| panic!("{guid} not listed"))
}

#[test]
fn every_talk_after_midnight_prints_its_calendar_date_everywhere() {
    let Some(path) = common::shared(FIXTURE) else {
        return;
    };
    let nights = nights(&path);
    assert!(
        nights.len() >= 20,
        "only {} talks after midnight",
        nights.len()
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = dir.path();
    let noon = "2019-12-27T12:00:00+01:00";
    import(dir, &path);

    // list --json: the real start, and the conference day it is filed under.
    let all = json(dir, noon, &["list", "--json"]);
    let by_id: BTreeMap<&str, &Value> = all
        .as_array()
        .unwrap_or_else(|| panic!("list --json"))
        .iter()
        .map(|s| (s["id"].as_str().unwrap_or_default(), s))
        .collect();
    let mut titles = BTreeMap::new();
    for n in &nights {
        let s = by_id
            .get(n.guid.as_str())
            .unwrap_or_else(|| panic!("{} missing", n.guid));
        assert_eq!(json_date(&s["start"]), n.start.date_naive(), "{}", n.guid);
        assert_eq!(s["day"].as_str(), Some(n.day.to_string().as_str()));
        titles.insert(n.guid.as_str(), s["title"].as_str().unwrap_or_default());
    }

    // list: the calendar date and the clock; list --day keeps it on its conference day.
    let list = run(dir, noon, &["list"]);
    let mut by_day: BTreeMap<NaiveDate, String> = BTreeMap::new();
    for n in &nights {
        let line = line_of(&list, &n.guid);
        let want = format!("  {}  {}", n.date_short(), n.clock());
        assert!(line.contains(&want), "list: {line:?} lacks {want:?}");
        let on_day = by_day
            .entry(n.day)
            .or_insert_with(|| run(dir, noon, &["list", "--day", &n.day.to_string()]));
        assert!(on_day.contains(&n.guid), "{} not under {}", n.guid, n.day);
    }

    // search by title, and show.
    for n in &nights {
        let title = titles[n.guid.as_str()];
        let found = run(dir, noon, &["search", title]);
        let line = line_of(&found, &n.guid);
        let want = format!("  {}  {}", n.date_short(), n.clock());
        assert!(
            line.contains(&want),
            "search {title:?}: {line:?} lacks {want:?}"
        );

        let shown = run(dir, noon, &["show", &n.guid]);
        let when = shown
            .lines()
            .find(|l| l.trim_start().starts_with("when:"))
            .unwrap_or_else(|| panic!("show {}: no when", n.guid));
        let want = format!("{}, {}", n.start.format("%A %-d %B %Y"), n.clock());
        assert!(when.contains(&want), "show: {when:?} lacks {want:?}");
    }

    // agenda, after starring them all: under their conference day, with their own date.
    let mut star = vec!["star"];
    star.extend(nights.iter().map(|n| n.guid.as_str()));
    run(dir, noon, &star);
    let agenda = run(dir, noon, &["agenda"]);
    for n in &nights {
        let title = titles[n.guid.as_str()];
        let lead = format!("{} {}–", n.date_short(), n.clock());
        assert!(
            agenda
                .lines()
                .any(|l| l.starts_with(&lead) && l.trim_end().ends_with(title.trim_end())),
            "agenda has no line {lead}… {title}:\n{agenda}"
        );
    }
    let agenda = json(dir, noon, &["agenda", "--json"]);
    let mut seen = 0;
    for day in agenda["days"].as_array().into_iter().flatten() {
        for item in day["items"].as_array().into_iter().flatten() {
            let Some(n) = nights.iter().find(|n| item["id"].as_str() == Some(&n.guid)) else {
                continue;
            };
            assert_eq!(day["day"].as_str(), Some(n.day.to_string().as_str()));
            assert_eq!(json_date(&item["start"]), n.start.date_naive());
            seen += 1;
        }
    }
    assert_eq!(seen, nights.len(), "agenda --json lists them all");

    // now --json at each start: in progress, with the calendar date.
    let mut starts: BTreeMap<DateTime<FixedOffset>, Vec<&Night>> = BTreeMap::new();
    for n in &nights {
        starts.entry(n.start).or_default().push(n);
    }
    for (start, group) in starts {
        let now = json(dir, &start.to_rfc3339(), &["now", "--json"]);
        assert_eq!(json_date(&now["at"]), start.date_naive());
        for n in group {
            let on = now["now"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|s| s["id"].as_str() == Some(&n.guid));
            let Some(on) = on else {
                panic!("now at {start}: {} not in progress", n.guid)
            };
            assert_eq!(json_date(&on["start"]), n.start.date_naive());
        }
    }
}

#[test]
fn the_app_opens_at_night_on_the_conference_day_whose_night_it_is() {
    let Some(path) = common::shared(FIXTURE) else {
        return;
    };
    let schedule = hallway::import::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap_or_else(|e| panic!("{e}"));
    let day = |d: u32| NaiveDate::from_ymd_opt(2019, 12, d).unwrap_or_else(|| panic!("date"));
    for (now, tab) in [
        ("2019-12-28T00:55:00+01:00", DayTab::On(day(27))),
        ("2019-12-27T23:30:00+01:00", DayTab::On(day(27))),
        ("2019-12-28T11:00:00+01:00", DayTab::On(day(28))),
        ("2019-12-29T03:00:00+01:00", DayTab::On(day(28))),
        // Before and after the conference: no day is in progress.
        ("2019-12-20T12:00:00+01:00", DayTab::All),
        ("2020-01-05T12:00:00+01:00", DayTab::All),
    ] {
        let (_dir, mut app) = tui_support::app_on(schedule.clone(), at(now), (120, 40));
        assert_eq!(app.days[app.day], tab, "at {now}");
        if now == "2019-12-28T00:55:00+01:00" {
            let screen = tui_support::screen(&mut app);
            assert!(screen.contains("Fri 27 Dec · All"), "{screen}");
            // Under the 27th, the slots after midnight name their own date.
            let headings: Vec<&str> = app
                .rows
                .iter()
                .filter_map(|r| match r {
                    Row::Heading(h) => Some(h.as_str()),
                    Row::Session(_) | Row::Now => None,
                })
                .collect();
            assert!(headings.contains(&"Sat 28 Dec 00:50"), "{headings:?}");
            assert!(headings.contains(&"09:30"), "{headings:?}");
            assert!(!headings.iter().any(|h| h.contains("Fri 27 Dec")));
        }
    }
}

#[test]
fn render_opens_at_night_on_the_day_whose_night_it_is() {
    let Some(path) = common::shared(FIXTURE) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // No offset: read in the conference's zone (+01:00).
    import(dir.path(), &path);
    let screen = run(
        dir.path(),
        "2019-12-28T00:55",
        &["render", "--size", "120x30"],
    );
    assert!(screen.contains("Sat 28 Dec 00:55"), "{screen}");
    assert!(screen.contains("Fri 27 Dec · All"), "{screen}");
}

/// Hacker Jeopardy: filed under Fri 27 Dec, starts Sat 28 Dec 00:50 (+01:00), two hours.
const JEOPARDY: &str = "d1b8ed3f-2c22-47d2-9aca-0f9d3cf48eb8";

#[test]
fn the_apps_agenda_search_and_session_pane_name_the_calendar_date() {
    let Some(path) = common::shared(FIXTURE) else {
        return;
    };
    let schedule = hallway::import::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let noon =
        DateTime::parse_from_rfc3339("2019-12-27T12:00:00+01:00").unwrap_or_else(|e| panic!("{e}"));
    let (_dir, mut app) = tui_support::app_on(schedule, noon, (200, 50));
    let star = hallway::store::Change::Star {
        conference: app.conference_id().to_owned(),
        session: JEOPARDY.to_owned(),
    };
    app.store
        .apply(star, noon)
        .unwrap_or_else(|e| panic!("{e}"));
    let starred = app
        .tracks
        .iter()
        .position(|t| t.filter == hallway::tui::view::TrackFilter::Starred)
        .unwrap_or_else(|| panic!("no Starred entry"));
    app.tracks_list.select(Some(starred));
    app.refresh();
    let listing: Vec<String> = app
        .rows
        .iter()
        .map(|r| match r {
            Row::Heading(h) => format!("# {h}"),
            Row::Now => "# now".to_owned(),
            Row::Session(p) => format!(
                "{} {}",
                app.tags.get(p).map_or("", String::as_str),
                app.schedule.sessions()[*p].title
            ),
        })
        .collect();
    assert_eq!(
        listing,
        [
            "# Friday 27 December 2019",
            "Sat 28 Dec 00:50–02:50 Hacker Jeopardy"
        ]
    );
    app.rows_list.select(Some(1));
    let screen = tui_support::screen(&mut app);
    assert!(
        screen.contains("Saturday 28 December 2019, 00:50–02:50"),
        "{screen}"
    );
    assert!(
        !screen.contains("Friday 27 December 2019, 00:50"),
        "{screen}"
    );

    // Search all days: the result names its calendar date.
    tui_support::keys(&mut app, "/Hacker Jeopardy");
    let screen = tui_support::screen(&mut app);
    assert!(
        screen.contains("Sat 28 Dec 00:50 Hacker Jeopardy"),
        "{screen}"
    );
}

#[test]
fn exports_name_the_calendar_date() {
    let Some(path) = common::shared(FIXTURE) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = dir.path();
    import(dir, &path);
    let noon = "2019-12-27T12:00:00+01:00";
    run(dir, noon, &["star", JEOPARDY]);
    run(dir, noon, &["note", JEOPARDY, "first", "answer"]);
    let md = run(dir, noon, &["export", "notes"]);
    assert!(
        md.contains("Saturday 28 December 2019, 00:50–02:50 UTC+01:00"),
        "{md}"
    );
    let notes = json(dir, noon, &["export", "notes", "--format", "json"]);
    assert!(
        notes
            .to_string()
            .contains("Saturday 28 December 2019, 00:50–02:50"),
        "{notes}"
    );
    let ics = run(dir, noon, &["export", "agenda"]);
    assert!(ics.contains("DTSTART:20191227T235000Z"), "{ics}");
    assert!(ics.contains("DTEND:20191228T015000Z"), "{ics}");
}
