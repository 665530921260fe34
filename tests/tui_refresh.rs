//! Schedules change, seen from the interactive program: `R` refreshes a conference imported by
//! URL (from a real HTTP server on 127.0.0.1), a banner says when your sessions changed, and
//! `C` lists the changes; stars and notes stay.

mod http_server;
mod tui_support;

use hallway::fetch::{FetchOptions, Fetcher};
use hallway::import::ImportOptions;
use hallway::library::Library;
use hallway::store::{Change, Store};
use hallway::tui::app::{App, Mode};
use http_server::Site;
use tui_support::keys;

fn calendar(events: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut text = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:Refresh Conf\r\n",
    );
    for (uid, title, start, room) in events {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\nDTSTART:{start}\r\nDURATION:PT30M\r\nLOCATION:{room}\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text.into_bytes()
}

#[test]
fn r_refreshes_and_c_shows_what_changed_in_your_sessions() {
    let v1 = calendar(&[
        ("a@x", "Talk A", "20250313T090000Z", "Room 1"),
        ("b@x", "Talk B", "20250313T100000Z", "Room 2"),
        ("c@x", "Talk C", "20250313T110000Z", "Room 1"),
    ]);
    let site = Site::new(v1, "text/calendar");
    let server = site.serve("all.ics");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let now = chrono::DateTime::parse_from_rfc3339("2025-03-12T12:00:00Z")
        .unwrap_or_else(|e| panic!("{e}"));
    let library = Library::new(dir.path());
    let fetcher = Fetcher::new(FetchOptions::default());
    let saved = library
        .import_url(
            &server.url("all.ics"),
            Some("refreshconf"),
            &ImportOptions::default(),
            &fetcher,
            now,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut store, _) = Store::open(dir.path(), now).unwrap_or_else(|e| panic!("{e}"));
    let id = |title: &str| {
        saved
            .imported
            .schedule
            .sessions()
            .iter()
            .find(|s| s.title == title)
            .map(|s| s.id.clone())
            .unwrap_or_default()
    };
    let (a, b) = (id("Talk A"), id("Talk B"));
    for change in [
        Change::Star {
            conference: "refreshconf".into(),
            session: a.clone(),
        },
        Change::Star {
            conference: "refreshconf".into(),
            session: b.clone(),
        },
        Change::AddNote {
            conference: "refreshconf".into(),
            session: b.clone(),
            text: "keep me".into(),
        },
    ] {
        store.apply(change, now).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut app = App::new(saved.imported.schedule.clone(), store, now, (120, 30));
    assert!(app.banner.is_none());
    // Version 2: A moves to 14:00 in Room 2, B is cancelled, C is retitled.
    site.publish(calendar(&[
        ("a@x", "Talk A", "20250313T140000Z", "Room 2"),
        ("c@x", "Talk C, revised", "20250313T110000Z", "Room 1"),
    ]));
    keys(&mut app, "R");
    assert!(!app.refreshing);
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.starts_with("updated: 3 changes"), "{status}");
    assert_eq!(app.schedule.sessions().len(), 2);
    let banner = app.banner.clone().unwrap_or_default();
    assert!(banner.contains("2 of your sessions changed"), "{banner}");
    keys(&mut app, "C");
    assert_eq!(app.mode, Mode::Changes);
    let lines: Vec<&str> = app.changes.iter().map(|l| l.text.as_str()).collect();
    assert!(
        lines.iter().any(|l| l.starts_with("moved: Talk A")
            && l.contains("Room 1 → ")
            && l.contains("Room 2")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cancelled: Talk B") && l.contains("1 note")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("retitled: Talk C → Talk C, revised")),
        "{lines:?}"
    );
    let screen = tui_support::screen(&mut app);
    assert!(screen.contains("What changed"), "{screen}");
    // Stars and notes survive, the cancelled session's too.
    assert!(app.store.is_starred("refreshconf", &a));
    assert_eq!(app.store.notes("refreshconf", &b)[0].text, "keep me");
    keys(&mut app, "<Enter>");
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(
        app.selected().map(|s| s.title.as_str()),
        Some("Talk A"),
        "Enter goes to the moved session"
    );
    // Not modified: nothing changes.
    keys(&mut app, "R");
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("not modified"), "{status}");
    // A failing server keeps the saved copy and says why.
    site.fail_with(http_server::Reply::status(503));
    keys(&mut app, "R");
    let status = app.status.clone().unwrap_or_else(|| panic!("no status"));
    assert!(
        status.error && status.text.contains("not refreshed"),
        "{}",
        status.text
    );
    assert_eq!(app.schedule.sessions().len(), 2);
}
