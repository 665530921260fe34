//! Hostile Unicode in every text field of a program — emoji with variation selectors, ZWJ
//! families, flags, combining marks, CJK, right-to-left scripts, bidi overrides, raw controls —
//! drawn in every view at every size from 1×1 to 200×60: no panic, and no drawn line wider than
//! the screen. (A conference title `33C3 ❤️❤️❤️ …` once crashed the header at every even width
//! from 54 to 96: two width functions disagreed.)
//!
//! `cargo test` runs 48 programs; `PROPTEST_CASES=N` runs more (scripts/fuzz.sh does).

mod common;
mod tui_support;

use chrono::{Duration, TimeZone};
use hallway::schedule::{Link, LinkKind, Schedule, Session, Speaker, bundled};
use hallway::tui::app::App;
use hallway::tui::headless;
use hallway::tui::ui::Theme;
use proptest::prelude::*;
use tui_support::{app_on, keys, wednesday};

const PIECES: &[&str] = &[
    "❤️",
    "❤️❤️❤️",
    "👨‍👩‍👧",
    "👩‍👩‍👧‍👦",
    "🇩🇪",
    "🇯🇵🇺🇸",
    "👍🏽",
    "e\u{301}",
    "a\u{301}\u{302}\u{303}\u{304}",
    "\u{301}",
    "\u{20dd}",
    "日本語",
    "東京",
    "שלום עולם",
    "مرحبا",
    "\u{202e}evil\u{202c}",
    "\u{2066}iso\u{2069}",
    "\u{200b}",
    "\u{200d}",
    "\u{fe0f}",
    "\u{feff}",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]52;c;Y3VybCB4fHNo\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{85}",
    "\t",
    "\r\n",
    "\n",
    "\u{0}",
    "Ａ",
    "ﷺ",
    "\u{10ffff}",
    " ",
    "Works for me",
    "PyTorch",
    "a-very-long-unbroken-word-without-any-spaces-at-all-whatsoever",
];

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    // The halfwidth voiced sound marks are left out: ratatui's wrapping and cell widths
    // disagree on them; hallway's input rule turns them into their combining forms.
    .prop_map(|p| p.concat().replace(['\u{ff9e}', '\u{ff9f}'], ""))
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(0.8, text())
}

/// Every text field of a session.
#[derive(Debug, Clone)]
struct Fields {
    id: String,
    title: String,
    kind: Option<String>,
    track: Option<String>,
    room: Option<String>,
    speaker: String,
    affiliation: Option<String>,
    summary: Option<String>,
    url: String,
    minutes: i64,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        (text(), text(), opt_text(), opt_text(), opt_text()),
        (text(), opt_text(), opt_text(), text(), 5i64..240),
    )
        .prop_map(
            |((id, title, kind, track, room), (speaker, affiliation, summary, url, minutes))| {
                Fields {
                    id,
                    title,
                    kind,
                    track,
                    room,
                    speaker,
                    affiliation,
                    summary,
                    url,
                    minutes,
                }
            },
        )
}

/// The bundled program's frame (conference and dates) with its first sessions' texts replaced,
/// half of them timed on the first day, so every view (grid, Now & Next, agenda) has something.
fn hostile_program(conf: [String; 3], sessions: &[Fields]) -> Schedule {
    let bundled = bundled::load().unwrap_or_else(|e| panic!("{e}"));
    let mut conference = bundled.conference.clone();
    let [name, venue, city] = conf;
    conference.name = name;
    conference.venue = Some(venue);
    conference.city = Some(city);
    let offset = conference.utc_offset;
    let day = conference.start_date;
    let nine = offset
        .from_local_datetime(&day.and_hms_opt(9, 0, 0).unwrap_or_default())
        .single()
        .unwrap_or_else(|| panic!("no 09:00"));
    let mut out = Vec::new();
    for (i, (f, base)) in sessions.iter().zip(bundled.sessions()).enumerate() {
        let mut s: Session = base.clone();
        // Ids must stay distinct for the store; the hostile part comes first.
        s.id = format!("{}{i}", f.id);
        s.title.clone_from(&f.title);
        s.kind.clone_from(&f.kind);
        s.track.clone_from(&f.track);
        s.room.clone_from(&f.room);
        s.summary = f.summary.clone().map(Into::into);
        s.speakers = vec![Speaker {
            name: f.speaker.clone(),
            affiliation: f.affiliation.clone(),
            role: None,
        }];
        s.links = vec![Link {
            kind: LinkKind::Session,
            url: f.url.clone(),
            title: None,
        }];
        if i % 2 == 0 {
            let start = nine + Duration::minutes(i64::try_from(i).unwrap_or(0) * 20);
            s.start = Some(start);
            s.end = Some(start + Duration::minutes(f.minutes));
            s.day = Some(day);
        }
        out.push(s);
    }
    Schedule::new(conference, out)
}

/// Key sequences reaching every view: the list, the grid, search, help, Now & Next, ★ Starred,
/// the Session pane with notes, the conference switcher, and a narrow drill-in.
const VIEWS: &[&str] = &[
    "",
    "t",
    "tllljjj",
    "/a",
    "/❤",
    "?",
    "jj<Enter>",
    "j<Enter>",
    "jjj<Enter>",
    "s<Tab>ssjs<Tab><Tab>j<Enter>",
    "l<Enter>",
    "ln❤️❤️ note 👨‍👩‍👧 日本語<Enter>ضد<Enter><Esc>",
    "c",
    "]",
    "[",
    "C",
];

fn check_screen(app: &mut App, case: &str) {
    let (w, h) = app.size;
    let text = headless::to_text(&headless::draw(app, Theme::new(false)));
    assert_eq!(text.lines().count(), usize::from(h), "{case}");
    for line in text.lines() {
        assert!(
            hallway::width::of(line) <= usize::from(w),
            "{case}: a line {} columns wide on a {w}×{h} screen: {line:?}",
            hallway::width::of(line)
        );
        assert!(
            !line.chars().any(|c| c.is_control()),
            "{case}: a control character drawn: {line:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::cases(48), ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_in_every_field_never_breaks_a_view(
        conf in (text(), text(), text()),
        sessions in proptest::collection::vec(fields(), 1..10),
        sizes in proptest::collection::vec((1u16..=200, 1u16..=60), 1..4),
    ) {
        let program = hostile_program([conf.0, conf.1, conf.2], &sessions);
        for view in VIEWS {
            for &size in &sizes {
                let (_dir, mut app) = app_on(program.clone(), wednesday(), size);
                keys(&mut app, view);
                check_screen(&mut app, &format!("{view:?} at {}×{}", size.0, size.1));
            }
        }
    }
}

/// The reported crash, at every width from 40 to 120: the conference title of 33C3 with hearts.
#[test]
fn a_title_with_emoji_and_variation_selectors_draws_at_every_width() {
    let title = "33C3 ❤️❤️❤️ Works for me: a conference with a very long title indeed".to_owned();
    let program = hostile_program(
        [title, "Congress Center Hamburg".into(), "Hamburg".into()],
        &[],
    );
    for w in 1..=200 {
        for view in ["", "t", "?"] {
            let (_dir, mut app) = app_on(program.clone(), wednesday(), (w, 24));
            keys(&mut app, view);
            check_screen(&mut app, &format!("{view:?} at {w}×24"));
        }
    }
}

/// CI found this: a title opening with a lone combining mark, a zero-width space and a
/// noncharacter drew a Now & Next row one column wider than a 105-column screen.
#[test]
fn a_title_opening_with_a_combining_mark_fits_its_row() {
    let title =
        "\u{301}\u{200b}\u{3fffe}e\u{301}\u{1b}[2J❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}¡PyTorch🇯🇵🇺🇸日本語";
    let session = Fields {
        id: String::new(),
        title: title.to_owned(),
        kind: None,
        track: None,
        room: None,
        speaker: String::new(),
        affiliation: None,
        summary: Some("\u{301}".into()),
        url: String::new(),
        minutes: 102,
    };
    let program = hostile_program([String::new(), String::new(), String::new()], &[session]);
    for w in 1..=200 {
        for h in [19, 24] {
            let (_dir, mut app) = app_on(program.clone(), wednesday(), (w, h));
            check_screen(&mut app, &format!("\"\" at {w}×{h}"));
        }
    }
}
