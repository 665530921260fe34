//! Synthetic programs for benchmarks: [`program`] makes a deterministic, realistic-looking
//! conference of any size — several days, 5 to 40 rooms, talks of 20 to 60 minutes packed into
//! each room from 09:00 with breaks and lunch, titles and abstracts from a tech vocabulary (with a
//! long tail of made-up project names, as real abstracts have), one to three speakers with
//! affiliations, tracks and kinds, links, and some Unicode (accents, CJK, emoji).
//!
//! When the talk rooms are full (tens of thousands of sessions), the rest are posters: many
//! at once in the poster halls, in two-hour blocks, as at the largest research conferences.
//! About 5% of sessions have no time (half of those still have a day) and about 2% no room.
//!
//! The result passes hallway's loader: `load::from_str(&save::to_json(&program(n, seed)), ..)`
//! gives back the same sessions, in the same order. The generator has its own small PRNG
//! (splitmix64), so the same size and seed always give the same program on every platform.
//! [`frab_json`], [`pentabarf_xml`] and [`ical`] write a program in the publishers' formats.
//!
//! Nothing here is used by the app itself: the module is built only with the `synth` feature,
//! which the tests and benchmarks turn on (Cargo.toml's dev-dependency of the crate on itself),
//! so it is not in the shipped library or binary.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::schedule::{Conference, Link, LinkKind, Schedule, Session, Speaker};

use self::words::{
    ADJECTIVES, CJK_NAMES, CJK_TITLES, COMPANIES, DOMAINS, EMOJI, FIRST_NAMES, KINDS, LAST_NAMES,
    NOUNS, ROLES, ROOM_NAMES, SYLLABLES, TECH, TRACKS, WORDS,
};

mod formats;
mod words;

pub use formats::{frab_json, ical, pentabarf_xml};

/// splitmix64: tiny, fast, and good enough to make test data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // The modulo bias is irrelevant for test data.
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `percent` / 100.
    fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }
}

/// A made-up project name such as `Korelex`.
fn coined(rng: &mut Rng) -> String {
    let mut word = String::new();
    for _ in 0..rng.between(2, 3) {
        word.push_str(rng.pick(SYLLABLES));
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => word,
    }
}

fn title(rng: &mut Rng) -> String {
    let adj = rng.pick(ADJECTIVES);
    let noun = rng.pick(NOUNS);
    let tech = rng.pick(TECH);
    let domain = rng.pick(DOMAINS);
    let mut t = match rng.below(10) {
        0 => format!("{adj} {noun} with {tech}"),
        1 => format!(
            "{tech} at {}: Lessons from {} Years of {noun}",
            rng.pick(COMPANIES),
            rng.between(2, 12)
        ),
        2 => format!("Towards {adj} {noun} for {domain}"),
        3 => format!("How We Made {tech} {noun} {}× Faster", rng.between(2, 40)),
        4 => format!("{}: {adj} {noun} in {tech}", coined(rng)),
        5 => format!("Debugging {noun} in {tech}, the Hard Way"),
        6 => format!("What's New in {tech}"),
        7 => format!("{noun} Meets {domain}: A {tech} Story"),
        8 => format!("Building {adj} {noun} on {tech} and {}", rng.pick(TECH)),
        _ => format!("From Zero to {adj} {noun}"),
    };
    if rng.percent(3) {
        t = format!("{t} {}", rng.pick(EMOJI));
    }
    if rng.percent(2) {
        t = format!("{} ({t})", rng.pick(CJK_TITLES));
    }
    if rng.percent(4) {
        t.push_str(" (Part 2)");
    }
    t
}

fn speaker(rng: &mut Rng) -> Speaker {
    let name = if rng.percent(6) {
        rng.pick(CJK_NAMES).to_owned()
    } else {
        format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
    };
    Speaker {
        name,
        affiliation: (!rng.percent(10)).then(|| rng.pick(COMPANIES).to_owned()),
        role: rng.percent(5).then(|| rng.pick(ROLES).to_owned()),
    }
}

/// An abstract of 80 to 250 words in sentences of 8 to 20 words.
fn summary(rng: &mut Rng, tech: &str) -> String {
    let target = rng.between(80, 250);
    let mut out = String::with_capacity(target * 8);
    let mut words = 0;
    while words < target {
        let len = rng.between(8, 20).min(target - words).max(1);
        for i in 0..len {
            let word = match rng.below(40) {
                0 => coined(rng),
                1 => tech.to_owned(),
                _ => rng.pick(WORDS).to_owned(),
            };
            if i == 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(&word);
            }
        }
        out.push(if rng.percent(10) { '?' } else { '.' });
        words += len;
    }
    out
}

/// A unique, random-looking six-character id for the `n`th session (a bijection on
/// `0..36^6`: the multiplier shares no factor with 36).
fn session_id(n: usize) -> String {
    const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    const SPACE: u64 = 36u64.pow(6);
    let mut x = (n as u64).wrapping_mul(0x5DEE_CE6D) % SPACE;
    let mut id = [b'0'; 6];
    for c in id.iter_mut().rev() {
        *c = ALPHABET[usize::try_from(x % 36).unwrap_or(0)];
        x /= 36;
    }
    // Bytes of ALPHABET: always ASCII.
    String::from_utf8_lossy(&id).into_owned()
}

/// Where and when one timed session takes place.
#[derive(Debug, Clone, Copy)]
struct Slot {
    day: usize,
    room: usize,
    start_min: i64,
    minutes: i64,
    poster: bool,
}

const DAY_START_MIN: i64 = 9 * 60;
const DAY_END_MIN: i64 = 18 * 60 + 30;
const LUNCH: (i64, i64) = (12 * 60 + 30, 13 * 60 + 30);
/// Poster blocks: (start, minutes).
const POSTER_BLOCKS: &[(i64, i64)] = &[(10 * 60 + 30, 120), (14 * 60, 120), (16 * 60 + 30, 90)];

/// Talk slots packed into each room and day: 20 to 60 minutes, 5 to 15 minutes apart, none
/// across lunch.
fn talk_slots(rng: &mut Rng, days: usize, rooms: usize) -> Vec<Slot> {
    let mut slots = Vec::new();
    for day in 0..days {
        for room in 0..rooms {
            let mut t = DAY_START_MIN;
            loop {
                let minutes = [20, 25, 30, 40, 45, 50, 60][rng.below(7)];
                if t < LUNCH.1 && t + minutes > LUNCH.0 {
                    t = LUNCH.1;
                    continue;
                }
                if t + minutes > DAY_END_MIN {
                    break;
                }
                slots.push(Slot {
                    day,
                    room,
                    start_min: t,
                    minutes,
                    poster: false,
                });
                t += minutes + [5, 5, 10, 15][rng.below(4)];
            }
        }
    }
    slots
}

/// The conference's days and rooms for a program of `sessions`.
fn shape(sessions: usize) -> (usize, usize) {
    let days = (3 + sessions / 5_000).min(5);
    let rooms = (sessions / 30).clamp(5, 40);
    (days, rooms)
}

const START_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2025, 6, 2) {
    Some(d) => d,
    None => panic!("bad date"),
};

const OFFSET: FixedOffset = match FixedOffset::east_opt(2 * 3600) {
    Some(o) => o,
    // Evaluated at compile time: a wrong constant fails the build, never a run.
    None => panic!("bad offset"),
};

fn at(date: NaiveDate, minutes: i64) -> DateTime<FixedOffset> {
    let local: NaiveDateTime = date.and_time(NaiveTime::MIN) + Duration::minutes(minutes);
    let utc = local - Duration::seconds(i64::from(OFFSET.local_minus_utc()));
    DateTime::from_naive_utc_and_offset(utc, OFFSET)
}

/// A synthetic program of exactly `sessions` sessions, the same for the same `seed`.
pub fn program(sessions: usize, seed: u64) -> Schedule {
    let mut rng = Rng(seed ^ 0x6861_6c6c_7761_7921);
    let (days, rooms) = shape(sessions);
    let halls = 1 + rooms / 10;
    let talk_rooms = rooms - halls;
    let room_name = |r: usize| -> String {
        if r < talk_rooms {
            let base = ROOM_NAMES[r % ROOM_NAMES.len()];
            format!("{base} {}", r / ROOM_NAMES.len() + 1)
        } else {
            format!(
                "Poster Hall {}",
                char::from(b'A' + u8::try_from(r - talk_rooms).unwrap_or(0))
            )
        }
    };
    let tracks = &TRACKS[..(3 + sessions / 200).min(TRACKS.len())];

    // ~5% without a time; the rest timed, in talk slots first, then posters.
    let untimed = sessions / 20;
    let timed = sessions - untimed;
    let mut slots = talk_slots(&mut rng, days, talk_rooms);
    for i in (1..slots.len()).rev() {
        let j = rng.below(i + 1);
        slots.swap(i, j);
    }
    slots.truncate(timed);
    let posters = timed - slots.len();
    for p in 0..posters {
        let block = p % (days * POSTER_BLOCKS.len());
        let (start_min, minutes) = POSTER_BLOCKS[block % POSTER_BLOCKS.len()];
        slots.push(Slot {
            day: block / POSTER_BLOCKS.len(),
            room: talk_rooms + (p / (days * POSTER_BLOCKS.len())) % halls,
            start_min,
            minutes,
            poster: true,
        });
    }

    let conference = Conference {
        id: format!("synthcon-{sessions}"),
        name: format!("SynthCon {sessions} — Synthetic Conference"),
        start_date: START_DATE,
        end_date: START_DATE + Duration::days(i64::try_from(days).unwrap_or(3) - 1),
        time_zone: Some("Europe/Brussels".to_owned()),
        utc_offset: OFFSET,
        venue: Some("Université Libre de Bruxelles".to_owned()),
        city: Some("Brussels".to_owned()),
        url: Some("https://synthcon.example.org/".to_owned()),
    };

    let mut out = Vec::with_capacity(sessions);
    for n in 0..sessions {
        let id = session_id(n);
        let slot = slots.get(n).copied();
        let poster = slot.is_some_and(|s| s.poster);
        let title = title(&mut rng);
        let tech = rng.pick(TECH);
        let speakers = (0..if poster { 1 } else { rng.between(1, 3) })
            .map(|_| speaker(&mut rng))
            .collect();
        let (start, end, day, mut room) = match slot {
            Some(s) => {
                let date = START_DATE + Duration::days(i64::try_from(s.day).unwrap_or(0));
                (
                    Some(at(date, s.start_min)),
                    Some(at(date, s.start_min + s.minutes)),
                    Some(date),
                    Some(room_name(s.room)),
                )
            }
            // Half of the untimed sessions still have a day (and maybe a room).
            None if n.is_multiple_of(2) => {
                let date = START_DATE + Duration::days(i64::try_from(rng.below(days)).unwrap_or(0));
                (
                    None,
                    None,
                    Some(date),
                    Some(room_name(rng.below(talk_rooms))),
                )
            }
            None => (None, None, None, None),
        };
        if rng.percent(2) {
            room = None;
        }
        let mut links = vec![Link {
            kind: LinkKind::Session,
            url: format!("https://synthcon.example.org/2025/talk/{id}/"),
            title: None,
        }];
        if rng.percent(30) {
            links.push(Link {
                kind: LinkKind::Video,
                url: format!("https://video.example.org/synthcon2025/{id}.mp4"),
                title: None,
            });
        }
        if rng.percent(20) {
            links.push(Link {
                kind: LinkKind::Slides,
                url: format!("https://synthcon.example.org/2025/slides/{id}.pdf"),
                title: Some("Slides (PDF)".to_owned()),
            });
        }
        out.push(Session {
            id,
            title,
            kind: Some(if poster { "Poster" } else { rng.pick(KINDS) }.to_owned()),
            track: (!rng.percent(5)).then(|| rng.pick(tracks).to_owned()),
            start,
            end,
            day,
            room,
            speakers,
            summary: Some(summary(&mut rng, tech).into()),
            summary_verbatim: rng.percent(50),
            links,
            sources: vec![format!(
                "synthetic: hallway::synth::program({sessions}, {seed})"
            )],
        });
    }
    crate::schedule::load::sort_program_order(&mut out);
    Schedule::new(conference, out)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::schedule::{load, save};

    #[test]
    fn the_same_seed_gives_the_same_program() {
        let a = save::to_json(&program(300, 7));
        assert_eq!(a, save::to_json(&program(300, 7)));
        assert_ne!(a, save::to_json(&program(300, 8)));
    }

    #[test]
    fn counts_and_shape() {
        for n in [0, 1, 50, 1_000, 6_000] {
            let p = program(n, 1);
            let sessions = p.sessions();
            assert_eq!(sessions.len(), n);
            let ids: HashSet<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(ids.len(), n, "ids are unique");
            if n < 1_000 {
                continue;
            }
            let untimed = sessions.iter().filter(|s| s.start.is_none()).count();
            let roomless = sessions.iter().filter(|s| s.room.is_none()).count();
            assert!((n * 4 / 100..=n * 6 / 100).contains(&untimed), "{untimed}");
            assert!((n / 100..=n * 6 / 100).contains(&roomless), "{roomless}");
            let rooms: HashSet<&str> = sessions.iter().filter_map(|s| s.room.as_deref()).collect();
            assert!((5..=40).contains(&rooms.len()), "{} rooms", rooms.len());
            let days = (p.conference.end_date - p.conference.start_date).num_days() + 1;
            assert!((3..=5).contains(&days));
            for s in sessions {
                let words = s
                    .summary_text()
                    .as_deref()
                    .map_or(0, |t| t.split_whitespace().count());
                assert!((80..=250).contains(&words), "{words} words");
                assert!((1..=3).contains(&s.speakers.len()));
                if let (Some(start), Some(end)) = (s.start, s.end) {
                    let minutes = (end - start).num_minutes();
                    assert!((20..=120).contains(&minutes), "{minutes} min");
                }
            }
            assert!(sessions.iter().any(|s| !s.title.is_ascii()), "some Unicode");
        }
    }

    #[test]
    fn it_passes_the_loader_and_round_trips() {
        let p = program(2_000, 3);
        let text = save::to_json(&p);
        let again = load::from_str(&text, "synth.json").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.conference, p.conference);
        assert_eq!(again.sessions(), p.sessions());
    }

    #[test]
    fn ids_are_a_bijection() {
        let ids: HashSet<String> = (0..100_000).map(session_id).collect();
        assert_eq!(ids.len(), 100_000);
    }
}
