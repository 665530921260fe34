//! The time-aware domain (`hallway::agenda`) on the hand-written two-day program in
//! tests/fixtures/time: inferred ends, now & next before/during/after, clashes, the agenda with
//! its gaps, reminders, the quick-note target and the minute into a talk. `now` is always given.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use hallway::agenda::{
    self, AgendaItem, InProgress, MAX_INFERRED_MINUTES, Phase, QuickNote, Reminder, Timeline,
    Upcoming, Why,
};
use hallway::schedule::{Conference, Schedule, Session, load};
use hallway::store::Store;

fn fixture() -> Schedule {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/time/two-days.json");
    load::from_path(&path).unwrap_or_else(|e| panic!("{}", e.lines().join("\n")))
}

fn t(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Thursday 13 March 2025 at `hh:mm[:ss]`, Berlin time.
fn thu(clock: &str) -> DateTime<FixedOffset> {
    t(&format!("2025-03-13T{}+01:00", with_seconds(clock)))
}

/// Friday 14 March 2025 at `hh:mm[:ss]`, Berlin time.
fn fri(clock: &str) -> DateTime<FixedOffset> {
    t(&format!("2025-03-14T{}+01:00", with_seconds(clock)))
}

fn with_seconds(clock: &str) -> String {
    if clock.len() == 5 {
        format!("{clock}:00")
    } else {
        clock.to_owned()
    }
}

/// A store in a temporary folder whose `state.json` stars `ids` in `conference`.
fn store_for(conference: &str, ids: &[&str]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let stars: serde_json::Map<String, serde_json::Value> = ids
        .iter()
        .map(|id| {
            (
                (*id).to_owned(),
                serde_json::json!({ "at": "2025-03-01T10:00:00+01:00" }),
            )
        })
        .collect();
    let state = serde_json::json!({
        "format": "hallway-state",
        "version": 1,
        "conferences": { conference: { "stars": stars } }
    });
    std::fs::write(dir.path().join("state.json"), state.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let (store, notices) = Store::open(dir.path(), thu("08:00")).unwrap_or_else(|e| panic!("{e}"));
    assert!(notices.is_empty(), "{notices:?}");
    (dir, store)
}

fn stars(ids: &[&str]) -> (tempfile::TempDir, Store) {
    store_for("timetest-2025", ids)
}

fn pos(s: &Schedule, id: &str) -> usize {
    s.index()
        .position(id)
        .unwrap_or_else(|| panic!("no session {id}"))
}

fn ids(s: &Schedule, positions: &[usize]) -> Vec<String> {
    positions
        .iter()
        .map(|&p| s.sessions()[p].id.clone())
        .collect()
}

// ---- inferred ends ----

#[test]
fn a_published_end_is_kept() {
    let s = fixture();
    assert_eq!(
        agenda::effective_end(&s, pos(&s, "rust")),
        Some(thu("10:30"))
    );
    let span = agenda::span(&s, pos(&s, "rust")).unwrap_or_else(|| panic!("timed"));
    assert!(!span.end_inferred);
}

#[test]
fn an_open_end_lasts_until_the_rooms_next_session() {
    let s = fixture();
    // Open Space (Hall B, 11:00) has no end; Lightning Talks start in Hall B at 11:40.
    let span = agenda::span(&s, pos(&s, "open-space")).unwrap_or_else(|| panic!("timed"));
    assert_eq!(span.end, thu("11:40"));
    assert!(span.end_inferred);
}

#[test]
fn an_open_end_is_capped_at_an_hour() {
    let s = fixture();
    // Hacking Hour (Room C, 14:00): Room C's next session is the next morning.
    assert_eq!(
        agenda::effective_end(&s, pos(&s, "hack")),
        Some(thu("14:00") + Duration::minutes(MAX_INFERRED_MINUTES))
    );
}

#[test]
fn sessions_without_a_room_count_as_one_room_for_the_open_end() {
    let s = fixture();
    // Coffee (no room, 11:30) is followed by Lunch (no room, 12:00).
    assert_eq!(
        agenda::effective_end(&s, pos(&s, "coffee")),
        Some(fri("12:00"))
    );
}

#[test]
fn untimed_sessions_have_no_end() {
    let s = fixture();
    assert_eq!(agenda::effective_end(&s, pos(&s, "bof")), None);
    assert_eq!(agenda::effective_end(&s, pos(&s, "posters")), None);
    assert_eq!(agenda::effective_end(&s, 10_000), None);
}

#[test]
fn the_timeline_agrees_with_effective_end_whatever_the_session_order() {
    let s = fixture();
    let timeline = Timeline::new(&s);
    for p in 0..s.sessions().len() {
        assert_eq!(
            timeline.span(p),
            agenda::span(&s, p),
            "{}",
            s.sessions()[p].id
        );
    }
    // The same program with its sessions in reverse: ends are found by time, not by order.
    let mut reversed: Vec<Session> = s.sessions().to_vec();
    reversed.reverse();
    let r = Schedule::new(s.conference.clone(), reversed);
    let timeline = Timeline::new(&r);
    for session in s.sessions() {
        let (a, b) = (pos(&s, &session.id), pos(&r, &session.id));
        assert_eq!(timeline.span(b), agenda::span(&s, a), "{}", session.id);
        assert_eq!(agenda::span(&r, b), agenda::span(&s, a), "{}", session.id);
    }
}

// ---- now & next ----

fn upcoming(s: &Schedule, list: &[Upcoming]) -> Vec<(String, i64, bool)> {
    list.iter()
        .map(|u| {
            (
                s.sessions()[u.position].id.clone(),
                u.starts_in_min,
                u.starred,
            )
        })
        .collect()
}

fn on_now(s: &Schedule, list: &[InProgress]) -> Vec<(String, i64, i64, bool)> {
    list.iter()
        .map(|p| {
            (
                s.sessions()[p.position].id.clone(),
                p.elapsed_min,
                p.total_min,
                p.starred,
            )
        })
        .collect()
}

fn owned<const N: usize>(items: [(&str, i64, bool); N]) -> Vec<(String, i64, bool)> {
    items
        .into_iter()
        .map(|(id, m, st)| (id.to_owned(), m, st))
        .collect()
}

#[test]
fn before_the_day_next_looks_as_far_as_the_first_slot() {
    let s = fixture();
    let (_d, store) = stars(&["tui"]);
    let nn = agenda::now_next(&s, &store, thu("08:00"));
    assert_eq!(nn.phase, Phase::Before);
    assert!(nn.in_progress.is_empty());
    // The first slot (09:00) is within the three hours: Next is that slot, nothing later (the
    // starred 10:00 talk is not pulled forward).
    assert_eq!(nn.horizon, Some(thu("09:00")));
    assert_eq!(nn.max_minutes, agenda::DEFAULT_HORIZON_MINUTES);
    assert_eq!(upcoming(&s, &nn.next), owned([("opening", 60, false)]));
    assert_eq!(nn.next_overall, None);
    // A horizon of 30 minutes does not reach it: the single next session, and when.
    let nn = agenda::now_next_within(&Timeline::new(&s), &s, &store, thu("08:00"), 30);
    assert!(nn.next.is_empty());
    assert_eq!(nn.horizon, Some(thu("08:30")));
    assert_eq!(
        nn.next_overall
            .map(|u| (s.sessions()[u.position].id.clone(), u.starts_in_min)),
        Some(("opening".to_owned(), 60))
    );
}

#[test]
fn during_the_day_sessions_in_progress_by_room_starred_marked_not_moved() {
    let s = fixture();
    let (_d, store) = stars(&["tui"]);
    let nn = agenda::now_next(&s, &store, thu("10:05"));
    assert_eq!(nn.phase, Phase::During);
    assert_eq!(
        on_now(&s, &nn.in_progress),
        vec![
            ("rust".to_owned(), 35, 60, false),
            ("async".to_owned(), 20, 30, false),
            ("tui".to_owned(), 5, 45, true),
        ]
    );
    assert_eq!(nn.next_overall, None, "something is on");
    let timeline = Timeline::new(&s);
    assert_eq!(agenda::now_next_on(&timeline, &s, &store, thu("10:05")), nn);
    // Only the next slot (11:00): later starts in other rooms wait for their turn.
    assert_eq!(upcoming(&s, &nn.next), owned([("open-space", 55, false)]));
    assert_eq!(nn.horizon, Some(thu("11:00")));
}

#[test]
fn a_session_starting_now_is_in_progress_not_next() {
    let s = fixture();
    let (_d, store) = stars(&[]);
    let nn = agenda::now_next(&s, &store, thu("09:00"));
    assert_eq!(
        on_now(&s, &nn.in_progress),
        vec![("opening".to_owned(), 0, 30, false)]
    );
    assert!(nn.next.iter().all(|u| u.position != pos(&s, "opening")));
    // ...and ending now means over: at 09:30 Rust has started and Opening is gone.
    let nn = agenda::now_next(&s, &store, thu("09:30"));
    assert_eq!(
        on_now(&s, &nn.in_progress),
        vec![("rust".to_owned(), 0, 60, false)]
    );
}

#[test]
fn a_session_with_an_inferred_end_is_in_progress_until_then() {
    let s = fixture();
    let (_d, store) = stars(&[]);
    let nn = agenda::now_next(&s, &store, thu("11:30"));
    assert_eq!(
        on_now(&s, &nn.in_progress),
        vec![("open-space".to_owned(), 30, 40, false)]
    );
    assert!(nn.in_progress[0].end_inferred);
    assert_eq!(nn.in_progress[0].end, thu("11:40"));
}

#[test]
fn between_sessions_the_next_thing_and_how_long_until_it() {
    let s = fixture();
    let (_d, store) = stars(&[]);
    let nn = agenda::now_next(&s, &store, thu("12:30"));
    assert_eq!(nn.phase, Phase::During);
    assert!(nn.in_progress.is_empty());
    // Within the horizon: listed as Next, not as "the next thing".
    assert_eq!(upcoming(&s, &nn.next), owned([("hack", 90, false)]));
    assert_eq!(nn.next_overall, None);
    // Overnight, nothing within three hours: the next morning's first session.
    let nn = agenda::now_next(&s, &store, thu("20:00"));
    assert_eq!(nn.phase, Phase::During);
    assert!(nn.next.is_empty());
    assert_eq!(
        upcoming(&s, nn.next_overall.as_slice()),
        owned([("keynote", 13 * 60, false)])
    );
}

#[test]
fn the_minutes_until_a_start_are_rounded_up() {
    let s = fixture();
    let (_d, store) = stars(&[]);
    let nn = agenda::now_next(&s, &store, thu("08:55:30"));
    assert_eq!(upcoming(&s, &nn.next), owned([("opening", 5, false)]));
    assert_eq!(agenda::minutes_until(thu("08:59:59"), thu("09:00")), 1);
    assert_eq!(agenda::minutes_until(thu("09:00"), thu("09:00")), 0);
}

#[test]
fn after_the_last_session_the_program_is_over() {
    let s = fixture();
    let (_d, store) = stars(&["closing"]);
    // Closing is written in UTC (15:00Z–15:30Z = 16:00–16:30 in Berlin).
    let nn = agenda::now_next(&s, &store, fri("16:29"));
    assert_eq!(nn.phase, Phase::During);
    assert_eq!(
        on_now(&s, &nn.in_progress),
        vec![("closing".to_owned(), 29, 30, true)]
    );
    for now in [fri("16:30"), t("2025-03-15T09:00:00+01:00")] {
        let nn = agenda::now_next(&s, &store, now);
        assert_eq!(nn.phase, Phase::Over);
        assert!(nn.in_progress.is_empty() && nn.next.is_empty());
        assert_eq!(nn.next_overall, None);
    }
}

#[test]
fn a_program_without_times_says_so() {
    let text = common::schedule_json(&[&common::session("a", "A", None, None)]);
    let s = load::from_str(&text, "untimed.json").unwrap_or_else(|e| panic!("{e:?}"));
    let (_d, store) = store_for("testconf", &["a"]);
    let nn = agenda::now_next(&s, &store, thu("10:00"));
    assert_eq!(nn.phase, Phase::NoTimes);
    assert!(nn.in_progress.is_empty() && nn.next.is_empty() && nn.next_overall.is_none());
}

#[test]
fn simultaneous_starts_keep_their_order_and_the_next_thing_prefers_the_starred() {
    let text = common::schedule_json(&[
        &common::session("a", "A", Some("2025-03-01T10:00:00+01:00"), None),
        &common::session("b", "B", Some("2025-03-01T10:00:00+01:00"), None),
    ]);
    let s = load::from_str(&text, "same-start.json").unwrap_or_else(|e| panic!("{e:?}"));
    let (_d, store) = store_for("testconf", &["b"]);
    let nn = agenda::now_next(&s, &store, t("2025-03-01T09:00:00+01:00"));
    // Both start next in the same (roomless) room, so both are listed; the star is a mark.
    assert_eq!(
        upcoming(&s, &nn.next),
        owned([("a", 60, false), ("b", 60, true)])
    );
    // Beyond the horizon, the single next thing is the starred one of the two.
    let nn = agenda::now_next_within(
        &Timeline::new(&s),
        &s,
        &store,
        t("2025-03-01T09:00:00+01:00"),
        30,
    );
    assert_eq!(
        upcoming(&s, nn.next_overall.as_slice()),
        owned([("b", 60, true)])
    );
}

// ---- clashes ----

fn clash_ids(s: &Schedule, map: &HashMap<usize, Vec<usize>>) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = map
        .iter()
        .map(|(&k, v)| (s.sessions()[k].id.clone(), ids(s, v)))
        .collect();
    out.sort();
    out
}

fn pairs(items: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
        .collect();
    out.sort();
    out
}

#[test]
fn three_sessions_overlapping_each_clash_with_the_other_two() {
    let s = fixture();
    let (_d, store) = stars(&["rust", "async", "tui"]);
    assert_eq!(
        clash_ids(&s, &agenda::clashes(&s, &store)),
        pairs(&[
            ("async", &["rust", "tui"]),
            ("rust", &["async", "tui"]),
            ("tui", &["rust", "async"]),
        ])
    );
}

#[test]
fn back_to_back_sessions_do_not_clash() {
    let s = fixture();
    // Opening ends at 09:30 when Rust starts; Keynote ends at 10:00 when the Workshop starts;
    // Open Space's inferred end is Lightning's start.
    let (_d, store) = stars(&[
        "opening",
        "rust",
        "keynote",
        "workshop",
        "open-space",
        "lightning",
    ]);
    assert!(agenda::clashes(&s, &store).is_empty());
}

#[test]
fn an_inferred_end_can_clash() {
    let s = fixture();
    // Hacking Hour 14:00–~15:00 overlaps Wrap-up 14:30–15:00.
    let (_d, store) = stars(&["hack", "wrap-up"]);
    assert_eq!(
        clash_ids(&s, &agenda::clashes(&s, &store)),
        pairs(&[("hack", &["wrap-up"]), ("wrap-up", &["hack"])])
    );
}

#[test]
fn only_starred_timed_sessions_clash() {
    let s = fixture();
    // Async and Terminal UIs overlap Rust but are not starred; the posters have no time.
    let (_d, store) = stars(&["rust", "posters", "bof", "no-such-talk"]);
    assert!(agenda::clashes(&s, &store).is_empty());
}

/// A synthetic program of `n` sessions over `rooms` rooms and 4 days, some without an end.
fn big_program(n: usize, rooms: usize) -> Schedule {
    let conference = Conference {
        id: "big".to_owned(),
        name: "Big".to_owned(),
        start_date: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap_or_default(),
        end_date: NaiveDate::from_ymd_opt(2025, 3, 16).unwrap_or_default(),
        time_zone: None,
        utc_offset: FixedOffset::east_opt(3600).unwrap_or_else(|| panic!("offset")),
        venue: None,
        city: None,
        url: None,
    };
    let base = thu("08:00");
    // A small deterministic generator (no crate needed).
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let sessions = (0..n)
        .map(|i| {
            let start =
                base + Duration::minutes(i64::try_from(next() % (4 * 24 * 60)).unwrap_or(0));
            let len = i64::try_from(5 + next() % 120).unwrap_or(30);
            let end = (next() % 5 != 0).then(|| start + Duration::minutes(len));
            Session {
                id: format!("s{i}"),
                title: format!("Session {i}"),
                kind: None,
                track: None,
                start: Some(start),
                end,
                day: Some(start.date_naive()),
                room: (next() % 50 != 0).then(|| format!("Room {}", next() % rooms as u64)),
                speakers: Vec::new(),
                summary: None,
                summary_verbatim: false,
                links: Vec::new(),
                sources: Vec::new(),
            }
        })
        .collect();
    Schedule::new(conference, sessions)
}

/// Clashes by comparing every pair: the slow reference.
fn clashes_by_pairs(s: &Schedule, starred: &[usize]) -> HashMap<usize, Vec<usize>> {
    let timeline = Timeline::new(s);
    let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
    for &a in starred {
        for &b in starred {
            if a == b {
                continue;
            }
            if let (Some(x), Some(y)) = (timeline.span(a), timeline.span(b))
                && x.overlaps(&y)
            {
                out.entry(a).or_default().push(b);
            }
        }
    }
    out
}

#[test]
fn clashes_match_a_pairwise_check_on_a_random_program() {
    let s = big_program(3_000, 20);
    let chosen: Vec<String> = (0..3_000).step_by(7).map(|i| format!("s{i}")).collect();
    let refs: Vec<&str> = chosen.iter().map(String::as_str).collect();
    let (_d, store) = store_for("big", &refs);
    let starred: Vec<usize> = refs.iter().map(|id| pos(&s, id)).collect();
    let mut fast = agenda::clashes(&s, &store);
    let mut slow = clashes_by_pairs(&s, &starred);
    assert!(!slow.is_empty());
    for v in fast.values_mut().chain(slow.values_mut()) {
        v.sort_unstable();
    }
    assert_eq!(fast, slow);
}

#[test]
fn clashes_are_fast_on_fifty_thousand_sessions_with_a_thousand_stars() {
    let s = big_program(50_000, 40);
    let chosen: Vec<String> = (0..50_000).step_by(50).map(|i| format!("s{i}")).collect();
    let refs: Vec<&str> = chosen.iter().map(String::as_str).collect();
    assert_eq!(refs.len(), 1_000);
    let (_d, store) = store_for("big", &refs);
    let started = Instant::now();
    let map = agenda::clashes(&s, &store);
    let plan = agenda::agenda(&s, &store);
    let elapsed = started.elapsed();
    assert!(!map.is_empty());
    assert_eq!(plan.days.len(), 5, "Thursday 08:00 to Monday 08:00");
    // A quadratic pass over 50,000 sessions takes far longer, even in a debug build.
    eprintln!("clashes and agenda: {elapsed:?}");
    assert!(elapsed.as_secs_f64() < 2.0, "took {elapsed:?}");
}

// ---- the agenda ----

fn describe(s: &Schedule, item: &AgendaItem) -> String {
    match item {
        AgendaItem::Session { position, clashes } if clashes.is_empty() => {
            s.sessions()[*position].id.clone()
        }
        AgendaItem::Session { position, clashes } => format!(
            "{} ⚠ {}",
            s.sessions()[*position].id,
            ids(s, clashes).join(",")
        ),
        AgendaItem::Gap { from, to } => format!(
            "gap {}–{}",
            from.with_timezone(&s.conference.utc_offset).format("%H:%M"),
            to.with_timezone(&s.conference.utc_offset).format("%H:%M")
        ),
        AgendaItem::Untimed { position } => format!("untimed {}", s.sessions()[*position].id),
    }
}

#[test]
fn the_agenda_lists_each_day_in_time_order_with_gaps_and_clashes() {
    let s = fixture();
    let all = [
        "opening",
        "rust",
        "async",
        "open-space",
        "lightning",
        "hack",
        "wrap-up",
        "bof",
        "closing",
        "keynote",
        "workshop",
        "hallway-track",
        "posters",
        "gone-talk",
    ];
    let (_d, store) = stars(&all);
    let plan = agenda::agenda(&s, &store);
    let days: Vec<(NaiveDate, Vec<String>)> = plan
        .days
        .iter()
        .map(|d| (d.day, d.items.iter().map(|i| describe(&s, i)).collect()))
        .collect();
    let thursday = [
        "opening",
        "rust ⚠ async",
        "async ⚠ rust",
        // Async ends at 10:15, but Rust runs to 10:30: the free time starts then.
        "gap 10:30–11:00",
        "open-space",
        "lightning",
        "gap 12:10–14:00",
        "hack ⚠ wrap-up",
        "wrap-up ⚠ hack",
        "untimed bof",
    ];
    let friday = [
        "keynote",
        "workshop",
        "gap 12:00–16:00",
        "closing",
        "untimed hallway-track",
    ];
    let want = vec![
        (
            NaiveDate::from_ymd_opt(2025, 3, 13).unwrap_or_default(),
            thursday.map(str::to_owned).to_vec(),
        ),
        (
            NaiveDate::from_ymd_opt(2025, 3, 14).unwrap_or_default(),
            friday.map(str::to_owned).to_vec(),
        ),
    ];
    assert_eq!(days, want);
    assert_eq!(ids(&s, &plan.undated), ["posters"]);
    assert_eq!(plan.missing, ["gone-talk"]);
}

#[test]
fn back_to_back_sessions_leave_no_gap() {
    let s = fixture();
    let (_d, store) = stars(&["opening", "rust", "open-space", "lightning"]);
    let plan = agenda::agenda(&s, &store);
    let items: Vec<String> = plan.days[0].items.iter().map(|i| describe(&s, i)).collect();
    assert_eq!(
        items,
        [
            "opening",
            "rust",
            "gap 10:30–11:00",
            "open-space",
            "lightning"
        ]
    );
}

#[test]
fn nothing_starred_is_an_empty_agenda() {
    let s = fixture();
    let (_d, store) = stars(&[]);
    assert_eq!(agenda::agenda(&s, &store), agenda::Agenda::default());
    // Stars of another conference do not count.
    let (_d, other) = store_for("another-conf", &["rust"]);
    assert_eq!(agenda::agenda(&s, &other), agenda::Agenda::default());
}

// ---- reminders ----

fn reminded(s: &Schedule, list: &[Reminder]) -> Vec<(String, i64)> {
    list.iter()
        .map(|r| (s.sessions()[r.position].id.clone(), r.starts_in_min))
        .collect()
}

#[test]
fn a_reminder_appears_five_minutes_before_and_goes_once_the_session_starts() {
    let s = fixture();
    let (_d, store) = stars(&["opening", "async"]);
    let at = |clock: &str| reminded(&s, &agenda::reminders(&s, &store, thu(clock), 5));
    assert_eq!(at("08:54"), [] as [(String, i64); 0], "6 minutes before");
    assert_eq!(at("08:55"), [("opening".to_owned(), 5)]);
    assert_eq!(
        at("08:55:30"),
        [("opening".to_owned(), 5)],
        "4 min 30 s rounds up"
    );
    assert_eq!(at("08:59"), [("opening".to_owned(), 1)]);
    assert_eq!(at("08:59:59"), [("opening".to_owned(), 1)]);
    assert_eq!(at("09:00"), [] as [(String, i64); 0], "it has started");
    assert_eq!(at("09:10"), [] as [(String, i64); 0]);
    assert_eq!(at("09:41"), [("async".to_owned(), 4)]);
}

#[test]
fn reminders_are_for_starred_sessions_only_sorted_by_start_and_off_at_zero() {
    let s = fixture();
    let (_d, store) = stars(&["tui", "async", "posters"]);
    let list = agenda::reminders(&s, &store, thu("09:40"), 30);
    assert_eq!(
        reminded(&s, &list),
        [("async".to_owned(), 5), ("tui".to_owned(), 20)]
    );
    assert!(agenda::reminders(&s, &store, thu("09:44"), 0).is_empty());
}

// ---- quick note ----

fn one(s: &Schedule, id: &str, why: Why) -> Option<QuickNote> {
    Some(QuickNote::One(pos(s, id), why))
}

#[test]
fn quick_note_goes_to_the_only_starred_session_in_progress() {
    let s = fixture();
    let (_d, store) = stars(&["async", "hack"]);
    assert_eq!(
        agenda::quick_note_target(&s, &store, thu("10:05"), Some(pos(&s, "tui"))),
        one(&s, "async", Why::StarredInProgress)
    );
    assert_eq!(
        agenda::quick_note_target(&s, &store, thu("10:05"), None),
        one(&s, "async", Why::StarredInProgress)
    );
}

#[test]
fn quick_note_falls_back_to_the_session_in_progress_in_the_selected_room() {
    let s = fixture();
    // Two starred sessions are on at 10:05, so neither is obvious.
    let (_d, store) = stars(&["async", "rust"]);
    // Lightning Talks (Hall B, later today) is selected: Async is on in Hall B.
    assert_eq!(
        agenda::quick_note_target(&s, &store, thu("10:05"), Some(pos(&s, "lightning"))),
        one(&s, "async", Why::InProgressInRoom)
    );
    // The selected session itself is on.
    assert_eq!(
        agenda::quick_note_target(&s, &store, thu("10:05"), Some(pos(&s, "tui"))),
        one(&s, "tui", Why::InProgressInRoom)
    );
    // No starred session is on; Open Space (inferred end 11:40) is on in Hall B.
    let (_d, none) = stars(&[]);
    assert_eq!(
        agenda::quick_note_target(&s, &none, thu("11:30"), Some(pos(&s, "async"))),
        one(&s, "open-space", Why::InProgressInRoom)
    );
}

#[test]
fn quick_note_takes_the_only_talk_in_progress_never_the_finished_selection() {
    let s = fixture();
    let (_d, none) = stars(&[]);
    // Friday 12:30: only Lunch is on; the selected session (no room, no time) is not taken.
    assert_eq!(
        agenda::quick_note_target(&s, &none, fri("12:30"), Some(pos(&s, "hallway-track"))),
        one(&s, "lunch", Why::OnlyInProgress)
    );
    // Thursday 11:30: the selected Rust talk ended an hour ago; Open Space is the only one on.
    assert_eq!(
        agenda::quick_note_target(&s, &none, thu("11:30"), Some(pos(&s, "rust"))),
        one(&s, "open-space", Why::OnlyInProgress)
    );
}

#[test]
fn quick_note_offers_a_choice_when_several_talks_are_on_starred_first() {
    let s = fixture();
    // 10:05: Rust (09:30), Async (09:45) and TUI (10:00) are on, none starred: the latest first.
    let (_d, none) = stars(&[]);
    assert_eq!(
        agenda::quick_note_target(&s, &none, thu("10:05"), None),
        Some(QuickNote::Choose(vec![
            pos(&s, "tui"),
            pos(&s, "async"),
            pos(&s, "rust")
        ]))
    );
    // Two starred ones are on: both first, then the rest.
    let (_d, two) = stars(&["async", "rust"]);
    assert_eq!(
        agenda::quick_note_target(&s, &two, thu("10:05"), Some(pos(&s, "hallway-track"))),
        Some(QuickNote::Choose(vec![
            pos(&s, "async"),
            pos(&s, "rust"),
            pos(&s, "tui")
        ]))
    );
}

#[test]
fn with_nothing_on_quick_note_takes_a_talk_just_ended_or_about_to_start_else_nothing() {
    let s = fixture();
    let (_d, none) = stars(&[]);
    // Lightning Talks ended at 12:10.
    assert_eq!(
        agenda::quick_note_target(&s, &none, thu("12:15"), None),
        one(&s, "lightning", Why::JustEnded)
    );
    // Hack starts at 14:00.
    assert_eq!(
        agenda::quick_note_target(&s, &none, thu("13:55"), Some(pos(&s, "wrap-up"))),
        one(&s, "hack", Why::StartsSoon)
    );
    // 12:30: nothing on, nothing within 10 minutes: no talk, even with one selected.
    assert_eq!(
        agenda::quick_note_target(&s, &none, thu("12:30"), Some(pos(&s, "wrap-up"))),
        None
    );
    assert_eq!(
        agenda::quick_note_target(&s, &none, thu("12:30"), None),
        None
    );
}

// ---- minute into the talk ----

#[test]
fn the_minute_into_a_talk_counts_whole_minutes_from_its_start() {
    let s = fixture();
    let rust = &s.sessions()[pos(&s, "rust")];
    assert_eq!(agenda::minute_into(rust, thu("09:30")), Some(0));
    assert_eq!(agenda::minute_into(rust, thu("09:42:40")), Some(12));
    assert_eq!(agenda::minute_into(rust, thu("09:29:30")), Some(-1));
    assert_eq!(agenda::minute_into(rust, thu("09:20")), Some(-10));
    // Offsets do not matter: 08:45 UTC is 09:45 in Berlin.
    assert_eq!(
        agenda::minute_into(rust, t("2025-03-13T08:45:00Z")),
        Some(15)
    );
    let bof = &s.sessions()[pos(&s, "bof")];
    assert_eq!(agenda::minute_into(bof, thu("10:00")), None);
}
