//! The bundled PyTorch Conference 2024 program: it loads, and it carries every session and
//! every fact of the public record in ../shared/data, with nothing added.

mod common;

use hallway::schedule::{LinkKind, bundled, slug::slug};
use serde_json::Value;

fn shared_program() -> Option<Value> {
    let path = common::shared("data/pytorch-conference-2024.json")?;
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}")))
}

fn load() -> hallway::schedule::Schedule {
    bundled::load().unwrap_or_else(|e| panic!("bundled program: {e}"))
}

#[test]
fn bundled_program_loads_with_as_many_sessions_as_the_shared_file() {
    let schedule = load();
    assert_eq!(schedule.conference.name, "PyTorch Conference 2024");
    assert_eq!(
        schedule.conference.time_zone.as_deref(),
        Some("America/Los_Angeles")
    );
    assert_eq!(schedule.conference.utc_offset.to_string(), "-07:00");
    assert_eq!(schedule.sessions().len(), 90);
    if let Some(shared) = shared_program() {
        let n = shared["sessions"].as_array().map_or(0, Vec::len);
        assert_eq!(schedule.sessions().len(), n);
    }
}

fn opt(v: &Value) -> Option<&str> {
    v.as_str()
}

#[test]
fn every_fact_of_the_public_record_is_kept_and_nothing_is_invented() {
    let Some(shared) = shared_program() else {
        return;
    };
    let schedule = load();
    let sessions = shared["sessions"]
        .as_array()
        .unwrap_or_else(|| panic!("no sessions"));
    let mut matched = std::collections::HashSet::new();
    for src in sessions {
        let title = src["title"].as_str().unwrap_or_default();
        let s = match opt(&src["id"]) {
            Some(id) => schedule.get(id).unwrap_or_else(|| panic!("id {id} lost")),
            None => {
                let s = schedule
                    .sessions()
                    .iter()
                    .find(|s| s.title == title)
                    .unwrap_or_else(|| panic!("{title} lost"));
                assert!(
                    s.id.starts_with(&slug(title)),
                    "{} is not derived from the title",
                    s.id
                );
                s
            }
        };
        assert!(matched.insert(s.id.clone()), "two records map to {}", s.id);
        assert_eq!(s.title, title);
        assert_eq!(s.kind.as_deref(), opt(&src["kind"]), "{title}");
        assert_eq!(
            s.track.as_deref(),
            opt(&src["part_of"]).or(opt(&src["track"])),
            "{title}"
        );
        assert_eq!(s.room.as_deref(), opt(&src["room"]), "{title}");
        assert_eq!(
            s.start.map(|t| t.to_rfc3339()),
            opt(&src["start"]).map(str::to_owned)
        );
        assert_eq!(
            s.end.map(|t| t.to_rfc3339()),
            opt(&src["end"]).map(str::to_owned)
        );
        assert_eq!(
            s.day.map(|d| d.to_string()).as_deref(),
            opt(&src["date"]),
            "{title}"
        );
        assert_eq!(s.summary_text().as_deref(), opt(&src["summary"]), "{title}");
        assert_eq!(s.summary_verbatim, src["seed"].as_bool().unwrap_or(false));
        let speakers = src["speakers"].as_array().map_or(&[][..], Vec::as_slice);
        assert_eq!(s.speakers.len(), speakers.len(), "{title}");
        for (got, want) in s.speakers.iter().zip(speakers) {
            assert_eq!(Some(got.name.as_str()), opt(&want["name"]));
            assert_eq!(got.affiliation.as_deref(), opt(&want["affiliation"]));
            assert_eq!(got.role.as_deref(), opt(&want["role"]));
        }
        assert_eq!(s.link(LinkKind::Video), opt(&src["video_url"]), "{title}");
        let url = opt(&src["url"]);
        assert!(
            url.is_none_or(|u| s.links.iter().any(|l| l.url == u)),
            "{title}: url lost"
        );
        assert!(s.links.len() <= 2, "{title}: a link was invented");
        let sources: Vec<&str> = src["sources"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(s.sources, sources);
    }
    assert_eq!(matched.len(), schedule.sessions().len());
}

#[test]
fn derived_ids_follow_the_documented_rule() {
    let schedule = load();
    for s in schedule.sessions() {
        let is_sched_code = s.id.len() == 5 && s.id.starts_with('1');
        if !is_sched_code {
            assert_eq!(s.id, slug(&s.title), "derived id of {}", s.title);
        }
    }
    assert!(schedule.get("keynote-welcome-opening-remarks").is_some());
}

#[test]
fn indices_keep_sessions_without_time_day_or_room() {
    let schedule = load();
    let ix = schedule.index();
    let dated: usize = ix.days().values().map(Vec::len).sum();
    assert_eq!(dated + ix.undated().len(), 90);
    let days: Vec<(String, usize)> = ix
        .days()
        .iter()
        .map(|(d, v)| (d.to_string(), v.len()))
        .collect();
    assert_eq!(
        days,
        [("2024-09-18".to_owned(), 3), ("2024-09-19".to_owned(), 3)]
    );
    let slotted: usize = ix.slots().iter().map(|s| s.sessions.len()).sum();
    assert_eq!(slotted, 3);
    assert_eq!(ix.unscheduled().len(), 87);
    let roomed: usize = ix.rooms().values().map(Vec::len).sum();
    assert_eq!((roomed, ix.roomless().len()), (1, 89));
    let tracks: Vec<(&str, usize)> = ix
        .tracks()
        .iter()
        .map(|(t, v)| (t.as_str(), v.len()))
        .collect();
    assert_eq!(
        tracks,
        [
            ("DL Compiler Mini-Summit", 7),
            ("Fine-Tuning Mini-Summit", 6)
        ]
    );
    assert_eq!(ix.untracked().len(), 77);
    assert_eq!(ix.kinds().get("Lightning Talk").map(Vec::len), Some(28));
    // Program order: the timed sessions first, by start.
    let first: Vec<&str> = schedule.sessions()[..3]
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(first, ["1fHmN", "1fHmk", "1fHn2"]);
}
