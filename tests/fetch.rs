//! The download layer and the library's URL side without the binary, against a real HTTP
//! server on 127.0.0.1: conditional requests, gzip, redirects (followed to http, refused to
//! anything else, loops), status errors, the size cap, a stalled body, progress for large
//! downloads only; `Library::import_url`, `refresh`, `last_changes` and `source` as the TUI
//! will use them.

mod common;
mod http_server;

use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use hallway::fetch::{FetchError, FetchOptions, Fetched, Fetcher, Progress, Validators};
use hallway::import::ImportOptions;
use hallway::library::{Library, LibraryError, RefreshOutcome};
use http_server::{Reply, Server, Site};

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    })
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2016-12-27T10:00:00+01:00").unwrap_or_else(|e| panic!("{e}"))
}

fn body(fetched: Result<Fetched, FetchError>) -> hallway::fetch::Download {
    match fetched {
        Ok(Fetched::Body(d)) => d,
        other => panic!("expected a body, got {other:?}"),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    enc.finish().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn conditional_requests_send_the_validators_and_understand_304() {
    let site = Site::new(
        b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_vec(),
        "text/calendar",
    );
    let server = site.serve("/all.ics");
    let first = body(fetcher().get(&server.url("/all.ics"), &Validators::default()));
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    assert!(first.last_modified.is_some());
    assert_eq!(first.content_type.as_deref(), Some("text/calendar"));
    let validators = Validators {
        etag: first.etag.clone(),
        last_modified: first.last_modified.clone(),
    };
    let again = fetcher().get(&server.url("/all.ics"), &validators);
    assert!(matches!(again, Ok(Fetched::NotModified)), "{again:?}");
    let asked = &server.requests()[1];
    assert_eq!(asked.header("If-None-Match"), Some("\"v1\""));
    assert_eq!(
        asked.header("If-Modified-Since"),
        first.last_modified.as_deref()
    );
    site.publish(b"BEGIN:VCALENDAR\r\nX:2\r\nEND:VCALENDAR\r\n".to_vec());
    let newer = body(fetcher().get(&server.url("/all.ics"), &validators));
    assert_eq!(newer.etag.as_deref(), Some("\"v2\""));
}

#[test]
fn gzip_is_accepted_and_the_user_agent_is_hallway() {
    let plain = b"{\"schedule\": {}}".repeat(1000);
    let packed = gzip(&plain);
    let server = Server::start(move |req| {
        if req
            .header("Accept-Encoding")
            .is_some_and(|e| e.contains("gzip"))
        {
            Reply::ok(packed.clone(), "application/json").header("Content-Encoding", "gzip")
        } else {
            Reply::status(406)
        }
    });
    let got = body(fetcher().get(&server.url("/s.json"), &Validators::default()));
    assert_eq!(got.bytes, plain, "decompressed");
    let agent = server.requests()[0]
        .header("User-Agent")
        .unwrap_or_default()
        .to_owned();
    assert_eq!(agent, format!("hallway/{}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn redirects_go_to_http_only_and_not_round_in_circles() {
    let server = Server::start(|req| match req.path.as_str() {
        "/a/old.json" => Reply::redirect("new.json"),
        "/a/new.json" => Reply::status(301).header("Location", "/final.json"),
        "/final.json" => Reply::ok("{}", "application/json"),
        "/loop" => Reply::redirect("/loop"),
        "/nowhere" => Reply::status(302),
        "/data" => Reply::redirect("data:text/plain,hello"),
        _ => Reply::status(404),
    });
    let got = body(fetcher().get(&server.url("/a/old.json"), &Validators::default()));
    assert_eq!(got.final_url, server.url("/final.json"));
    assert_eq!(got.url, server.url("/a/old.json"));
    let e = fetcher().get(&server.url("/loop"), &Validators::default());
    assert!(
        matches!(e, Err(FetchError::TooManyRedirects { .. })),
        "{e:?}"
    );
    let e = fetcher().get(&server.url("/nowhere"), &Validators::default());
    assert!(
        matches!(e, Err(FetchError::RedirectNowhere { status: 302, .. })),
        "{e:?}"
    );
    let e = fetcher()
        .get(&server.url("/data"), &Validators::default())
        .map(|_| ())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("redirected to data:text/plain,hello, which is not an http or https address"),
        "{e}"
    );
    let e = fetcher().get(&server.url("/gone"), &Validators::default());
    assert!(
        matches!(e, Err(FetchError::Status { status: 404, .. })),
        "{e:?}"
    );
}

#[test]
fn the_size_cap_holds_with_and_without_content_length() {
    let big = vec![b' '; 300_000];
    let server = Server::start(move |req| {
        let mut r = Reply::ok(big.clone(), "application/json");
        r.close_delimited = req.path == "/streamed";
        r
    });
    let small = Fetcher::new(FetchOptions {
        max_bytes: 100_000,
        timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    });
    for path in ["/announced", "/streamed"] {
        let e = small.get(&server.url(path), &Validators::default());
        assert!(
            matches!(e, Err(FetchError::TooLarge { limit: 100_000, .. })),
            "{path}: {e:?}"
        );
    }
    let got = body(fetcher().get(&server.url("/streamed"), &Validators::default()));
    assert_eq!(got.bytes.len(), 300_000);
}

#[test]
fn a_stalled_body_times_out() {
    let server = Server::start(|_| {
        let mut r = Reply::ok(vec![b'x'; 10_000], "application/json");
        r.stall_body = Some((100, Duration::from_secs(8)));
        r
    });
    let quick = Fetcher::new(FetchOptions {
        timeout: Duration::from_secs(1),
        ..FetchOptions::default()
    });
    let started = Instant::now();
    let e = quick.get(&server.url("/s.json"), &Validators::default());
    assert!(matches!(e, Err(FetchError::Timeout { .. })), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn progress_is_reported_for_large_downloads_only() {
    let server = Server::start(|req| {
        let size = if req.path == "/large" {
            3_000_000
        } else {
            50_000
        };
        Reply::ok(vec![b' '; size], "application/json")
    });
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let log = Arc::clone(&seen);
    let f = fetcher().with_progress(move |p| {
        if let Ok(mut l) = log.lock() {
            l.push(p);
        }
    });
    body(f.get(&server.url("/small"), &Validators::default()));
    assert!(seen.lock().map(|l| l.is_empty()).unwrap_or(false));
    body(f.get(&server.url("/large"), &Validators::default()));
    let seen = seen.lock().map(|l| l.clone()).unwrap_or_default();
    assert!(seen.len() >= 2, "{seen:?}");
    let last = seen[seen.len() - 1];
    assert!(last.done && last.received == 3_000_000, "{last:?}");
    assert!(seen.iter().all(|p| p.total == Some(3_000_000)));
}

#[test]
fn the_library_imports_refreshes_and_remembers_what_changed() {
    let Some(json) = common::shared("fixtures/33c3-frab-schedule.json") else {
        return;
    };
    let original = std::fs::read(&json).unwrap_or_else(|e| panic!("{e}"));
    let site = Site::new(original.clone(), "application/json");
    let server = site.serve("/schedule.json");
    let url = server.url("/schedule.json");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let library = Library::new(dir.path());
    let saved = library
        .import_url(&url, None, &ImportOptions::default(), &fetcher(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.name, "33c3");
    assert!(saved.changes.is_none() && saved.previous.is_none());
    let source = library
        .source("33c3")
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no source record"));
    assert_eq!(source.url.as_deref(), Some(url.as_str()));
    assert_eq!(source.etag.as_deref(), Some("\"v1\""));
    assert_eq!(source.format, "frab-json");
    assert_eq!(source.fetched_at, now());
    assert_eq!(library.refreshable(), ["33c3"]);
    assert_eq!(library.names(), ["pytorch-conference-2024", "33c3"]);
    assert!(library.last_changes("33c3").is_none());

    let outcome = library.refresh("33c3", &fetcher(), now());
    assert!(
        matches!(outcome, Ok(RefreshOutcome::NotModified { .. })),
        "{outcome:?}"
    );

    // A newer version with one talk retitled.
    let text = String::from_utf8(original).unwrap_or_default();
    site.publish(
        text.replacen("\"33C3 Opening Ceremony\"", "\"33C3 Opening\"", 1)
            .into_bytes(),
    );
    let Ok(RefreshOutcome::Updated(saved)) = library.refresh("33c3", &fetcher(), now()) else {
        panic!("not updated");
    };
    let changes = saved.changes.unwrap_or_default();
    assert_eq!(changes.changed.len(), 1);
    assert_eq!(changes.changed[0].before.title, "33C3 Opening Ceremony");
    assert_eq!(changes.changed[0].after.title, "33C3 Opening");
    assert_eq!(library.last_changes("33c3"), Some(changes.clone()));

    // A page that is not a schedule: an error, and nothing about the copy changes.
    site.fail_with(Reply::ok("<html></html>", "text/html"));
    let before = std::fs::read(dir.path().join("conferences/33c3.json")).unwrap_or_default();
    let e = library.refresh("33c3", &fetcher(), now());
    assert!(matches!(e, Err(LibraryError::WebPage { .. })), "{e:?}");
    assert_eq!(
        std::fs::read(dir.path().join("conferences/33c3.json")).unwrap_or_default(),
        before
    );
    assert_eq!(library.last_changes("33c3"), Some(changes));
}

#[test]
fn reimporting_a_file_returns_the_diff() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let library = Library::new(dir.path());
    let v1 = dir.path().join("v1.json");
    let v2 = dir.path().join("v2.json");
    std::fs::write(
        &v1,
        common::schedule_json(&[
            &common::session("a", "Alpha", Some("2025-03-01T10:00:00+01:00"), None),
            &common::session("b", "Beta", Some("2025-03-01T11:00:00+01:00"), None),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &v2,
        common::schedule_json(&[
            &common::session("a", "Alpha", Some("2025-03-01T12:00:00+01:00"), None),
            &common::session("c", "Gamma", None, None),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let first = library
        .import_file(&v1, Some("conf"), &ImportOptions::default(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(first.changes.is_none());
    let second = library
        .import_file(&v2, Some("conf"), &ImportOptions::default(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    let changes = second.changes.unwrap_or_default();
    assert_eq!(changes.changed.len(), 1);
    assert_eq!(changes.removed[0].id, "b");
    assert_eq!(changes.added[0].id, "c");
    assert_eq!(library.last_changes("conf"), Some(changes));
    assert!(library.refreshable().is_empty());
    let e = library.refresh("conf", &fetcher(), now());
    assert!(matches!(e, Err(LibraryError::NotFromUrl { .. })), "{e:?}");
}
