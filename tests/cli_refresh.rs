//! Conferences by URL through the real binary, against a real HTTP server on 127.0.0.1 serving
//! copies of ../shared/fixtures (some edited here): first import, opening offline by name, a
//! 304 refresh, a refresh with changes (the report names the moved, retitled and removed
//! sessions; stars and notes survive), and failures that keep the saved copy byte for byte: a
//! stalled server, a body over the size cap, an HTML page, a redirect to file:, a refused
//! connection, a server error. Nothing but loopback is used.

mod common;
mod http_server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::{shared, stderr, stdout};
use http_server::{Reply, Server, Site, refused_url};
use serde_json::Value;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// The binary with a short timeout and no proxy from the environment (loopback only).
fn hallway(dir: &Path) -> Command {
    let mut cmd = common::hallway(dir);
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "HALLWAY_HTTP_MAX_BYTES",
        "HALLWAY_HTTP_CONNECT_TIMEOUT_SECS",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HALLWAY_HTTP_TIMEOUT_SECS", "5");
    cmd
}

fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = hallway(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().unwrap_or_else(|e| panic!("{e}"));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap_or(-1), stdout(&out), err)
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_with(dir, args, &[])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, 0, "hallway {args:?}: {err}");
    out
}

fn fixture(name: &str) -> Option<PathBuf> {
    shared(&format!("fixtures/{name}"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The three files a download leaves, for byte-for-byte comparisons.
fn saved_files(dir: &Path, name: &str) -> Vec<(String, Vec<u8>)> {
    ["json", "source.json", "raw"]
        .iter()
        .map(|ext| {
            let path = dir.join("conferences").join(format!("{name}.{ext}"));
            (path.display().to_string(), read(&path))
        })
        .collect()
}

const GRID: &str = "87092ad2-d3fd-4a37-bb58-1fe71217a06b"; // Tue 11:30 Saal 1
const LAPTOP_TITLE: &str = "Bootstraping a slightly more secure laptop";

/// Saal 1 on the first day of 33C3, as the JSON fixture has it.
fn saal_1(doc: &mut Value) -> &mut Vec<Value> {
    doc["schedule"]["conference"]["days"][0]["rooms"]["Saal 1"]
        .as_array_mut()
        .unwrap_or_else(|| panic!("no Saal 1 on day 1"))
}

fn event_index(events: &[Value], title: &str) -> usize {
    events
        .iter()
        .position(|e| e["title"] == title)
        .unwrap_or_else(|| panic!("no event {title}"))
}

/// 33C3's schedule.json with The Global Assassination Grid moved to 14:00 in Saal 2, The
/// Fight for Encryption in 2016 retitled, and the secure-laptop talk removed.
fn edited_33c3(original: &[u8]) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(original).unwrap_or_else(|e| panic!("{e}"));
    let events = saal_1(&mut doc);
    let laptop = event_index(events, LAPTOP_TITLE);
    events.remove(laptop);
    let fight = event_index(events, "The Fight for Encryption in 2016");
    events[fight]["title"] = Value::from("The Fight for Encryption, revisited");
    let grid = event_index(events, "The Global Assassination Grid");
    let mut moved = events.remove(grid);
    moved["start"] = Value::from("14:00");
    moved["date"] = Value::from("2016-12-27T14:00:00+01:00");
    moved["room"] = Value::from("Saal 2");
    doc["schedule"]["conference"]["days"][0]["rooms"]["Saal 2"]
        .as_array_mut()
        .unwrap_or_else(|| panic!("no Saal 2"))
        .push(moved);
    serde_json::to_vec_pretty(&doc).unwrap_or_else(|e| panic!("{e}"))
}

/// The id `hallway list` shows for the session titled `title`.
fn id_of(dir: &Path, title: &str) -> String {
    let list = ok(dir, &["--conference", "congress", "list"]);
    list.lines()
        .find(|l| l.ends_with(title) || l.contains(&format!("  {title}")))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("{title} not listed:\n{list}"))
        .to_owned()
}

#[test]
fn import_by_url_keeps_raw_copy_and_metadata_and_opens_offline() {
    let dir = tmp();
    let Some(json) = fixture("33c3-frab-schedule.json") else {
        return;
    };
    let original = read(&json);
    let site = Site::new(original.clone(), "application/json");
    let server = site.serve("/congress/schedule.json");
    let url = server.url("/congress/schedule.json");
    let (code, out, err) = run(dir.path(), &["import", &url, "--name", "congress"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("as \"congress\": 150 sessions (frab/pretalx schedule.json)"),
        "{out}"
    );
    assert!(out.contains(&format!("downloaded from {url}")), "{out}");
    assert!(
        !err.contains("downloading"),
        "no progress when stderr is not a terminal: {err}"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let agent = requests[0].header("User-Agent").unwrap_or_default();
    assert!(agent.starts_with("hallway/"), "{agent}");
    assert!(
        requests[0]
            .header("Accept-Encoding")
            .is_some_and(|e| e.contains("gzip")),
        "{requests:?}"
    );
    // Raw bytes, parsed copy and metadata side by side.
    let confs = dir.path().join("conferences");
    assert_eq!(read(&confs.join("congress.raw")), original);
    let source: Value = serde_json::from_slice(&read(&confs.join("congress.source.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(source["url"], url.as_str());
    assert_eq!(source["etag"], "\"v1\"");
    assert_eq!(source["last_modified"], "Tue, 27 Dec 2016 01:00:00 GMT");
    assert_eq!(source["format"], "frab-json");
    assert_eq!(source["fetched_at"], "2024-09-18T10:00:00-07:00");
    // Offline from now on: the server is gone, the conference opens by name.
    drop(server);
    let listed = ok(dir.path(), &["--conference", "congress", "list"]);
    assert_eq!(listed.lines().count(), 150);
    let confs = ok(dir.path(), &["conferences"]);
    assert!(confs.contains("congress"), "{confs}");
    assert!(!confs.contains("congress.source"), "{confs}");
}

#[test]
fn refresh_not_modified_changes_nothing() {
    let dir = tmp();
    let Some(json) = fixture("33c3-frab-schedule.json") else {
        return;
    };
    let site = Site::new(read(&json), "application/json");
    let server = site.serve("/schedule.json");
    let url = server.url("/schedule.json");
    ok(dir.path(), &["import", &url, "--name", "congress"]);
    let before = saved_files(dir.path(), "congress");
    let out = ok(dir.path(), &["refresh", "congress"]);
    assert_eq!(
        out,
        format!("congress: not modified ({url}); nothing changed\n")
    );
    let requests = server.requests();
    let conditional = &requests[1];
    assert_eq!(conditional.header("If-None-Match"), Some("\"v1\""));
    assert_eq!(
        conditional.header("If-Modified-Since"),
        Some("Tue, 27 Dec 2016 01:00:00 GMT")
    );
    assert_eq!(saved_files(dir.path(), "congress"), before);
}

#[test]
fn refresh_with_changes_names_them_and_keeps_stars_and_notes() {
    let dir = tmp();
    let Some(json) = fixture("33c3-frab-schedule.json") else {
        return;
    };
    let original = read(&json);
    let site = Site::new(original.clone(), "application/json");
    let server = site.serve("/schedule.json");
    let url = server.url("/schedule.json");
    ok(dir.path(), &["import", &url, "--name", "congress"]);
    let laptop = id_of(dir.path(), LAPTOP_TITLE);
    let fight = id_of(dir.path(), "The Fight for Encryption in 2016");
    ok(
        dir.path(),
        &["--conference", "congress", "star", GRID, &laptop],
    );
    for note in ["coreboot first", "then heads"] {
        ok(
            dir.path(),
            &["--conference", "congress", "note", &laptop, note],
        );
    }
    site.publish(edited_33c3(&original));
    let out = ok(dir.path(), &["refresh"]);
    println!("{out}");
    let expected = format!(
        "congress: updated from {url}: 149 sessions (was 150)\n\
         2 changes to your sessions (★ starred, ✎ with notes):\n  \
         moved: The Global Assassination Grid: Tue 27 Dec 11:30 Saal 1 → 14:00 Saal 2 ★\n  \
         cancelled: {LAPTOP_TITLE} (★, 2 notes — kept)\n\
         other changes:\n  \
         retitled: The Fight for Encryption in 2016 → The Fight for Encryption, revisited\n"
    );
    assert_eq!(out, expected);
    // Stars and notes survive; the cancelled talk is listed as no longer in the program.
    let starred = ok(
        dir.path(),
        &["--conference", "congress", "list", "--starred"],
    );
    assert!(
        starred.contains("The Global Assassination Grid"),
        "{starred}"
    );
    assert!(starred.contains("14:00"), "{starred}");
    let notes = ok(dir.path(), &["--conference", "congress", "notes"]);
    assert!(
        notes.contains(&format!("[{laptop}]  (no longer in the program)"))
            && notes.contains("1. coreboot first")
            && notes.contains("2. then heads"),
        "{notes}"
    );
    let shown = ok(dir.path(), &["--conference", "congress", "show", &fight]);
    assert!(
        shown.contains("The Fight for Encryption, revisited"),
        "{shown}"
    );
    // The changes are kept beside the copy for the TUI's banner.
    let source: Value =
        serde_json::from_slice(&read(&dir.path().join("conferences/congress.source.json")))
            .unwrap_or_else(|e| panic!("{e}"));
    let last = &source["last_changes"]["changes"];
    assert_eq!(last["removed"][0]["id"], laptop.as_str());
    assert_eq!(last["changed"].as_array().map(Vec::len), Some(2));
    assert_eq!(source["etag"], "\"v2\"");
    // Asked again: 304, and the last changes are still there.
    let again = ok(dir.path(), &["refresh", "congress"]);
    assert!(again.contains("not modified"), "{again}");
    let library = hallway::library::Library::new(dir.path());
    let kept = library
        .last_changes("congress")
        .unwrap_or_else(|| panic!("no last changes"));
    assert_eq!(kept.removed.len(), 1);
}

#[test]
fn an_ics_by_url_refreshes_too() {
    let dir = tmp();
    let Some(ics) = fixture("33c3-frab-schedule.ics") else {
        return;
    };
    let original = String::from_utf8(read(&ics)).unwrap_or_else(|e| panic!("{e}"));
    let site = Site::new(
        original.clone().into_bytes(),
        "text/calendar; charset=utf-8",
    );
    let server = site.serve("/33c3.ics");
    let url = server.url("/33c3.ics");
    let out = ok(
        dir.path(),
        &[
            "import",
            &url,
            "--name",
            "congress",
            "--time-zone",
            "Europe/Berlin",
        ],
    );
    assert!(out.contains("(iCalendar)"), "{out}");
    // The first event moves from Saal 6 to Saal G, an hour later.
    let edited = original
        .replacen("LOCATION:Saal 6", "LOCATION:Saal G", 1)
        .replacen(
            "DTSTART;TZID=Europe/Berlin;VALUE=DATE-TIME:20161229T211500",
            "DTSTART;TZID=Europe/Berlin;VALUE=DATE-TIME:20161229T221500",
            1,
        )
        .replacen(
            "DTEND;TZID=Europe/Berlin;VALUE=DATE-TIME:20161229T214500",
            "DTEND;TZID=Europe/Berlin;VALUE=DATE-TIME:20161229T224500",
            1,
        );
    assert_ne!(edited, original);
    site.publish(edited.into_bytes());
    let out = ok(dir.path(), &["refresh", "congress"]);
    assert!(
        out.contains("moved: From Server Farm to Data Table")
            && out.contains("Thu 29 Dec 21:15 Saal 6 → 22:15 Saal G"),
        "{out}"
    );
    let source: Value =
        serde_json::from_slice(&read(&dir.path().join("conferences/congress.source.json")))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(source["time_zone"], "Europe/Berlin", "kept for refreshes");
}

/// One way for a refresh to fail: what the server answers, the environment, the exit code and
/// what stderr must say.
type Case = (
    &'static str,
    Reply,
    &'static [(&'static str, &'static str)],
    i32,
    String,
);

/// Imports 33C3 from a site, then makes every refresh fail in a different way: each says why,
/// exits 1 (network, server) or 2 (not a schedule), and leaves the three files as they were.
#[test]
fn failed_refreshes_keep_the_previous_copy_byte_for_byte() {
    let dir = tmp();
    let Some(json) = fixture("33c3-frab-schedule.json") else {
        return;
    };
    let original = read(&json);
    let site = Site::new(original.clone(), "application/json");
    let server = site.serve("/schedule.json");
    let url = server.url("/schedule.json");
    ok(dir.path(), &["import", &url, "--name", "congress"]);
    let before = saved_files(dir.path(), "congress");
    // A newer version exists, but every attempt to get it fails.
    site.publish(edited_33c3(&original));
    const FAST: &[(&str, &str)] = &[("HALLWAY_HTTP_TIMEOUT_SECS", "1")];
    let cases: Vec<Case> = vec![
        (
            "stalls before answering",
            {
                let mut r = Reply::ok(original.clone(), "application/json");
                r.stall_before = Duration::from_secs(8);
                r
            },
            FAST,
            1,
            "timed out: no complete answer within 1 s".to_owned(),
        ),
        (
            "stalls in the middle of the body",
            {
                let mut r = Reply::ok(original.clone(), "application/json");
                r.stall_body = Some((1000, Duration::from_secs(8)));
                r
            },
            FAST,
            1,
            "timed out".to_owned(),
        ),
        (
            "over the size cap (announced)",
            Reply::ok(original.clone(), "application/json"),
            &[("HALLWAY_HTTP_MAX_BYTES", "100000")],
            1,
            "larger than the size cap of 100 kB".to_owned(),
        ),
        (
            "over the size cap (no Content-Length)",
            {
                let mut r = Reply::ok(original.clone(), "application/json");
                r.close_delimited = true;
                r
            },
            &[("HALLWAY_HTTP_MAX_BYTES", "100000")],
            1,
            "larger than the size cap of 100 kB".to_owned(),
        ),
        (
            "an HTML page",
            Reply::ok(
                "<!DOCTYPE html>\n<html><body><h1>Fahrplan</h1></body></html>\n",
                "text/html; charset=utf-8",
            ),
            &[],
            2,
            "the server sent a web page (text/html; charset=utf-8), not a schedule".to_owned(),
        ),
        (
            "a redirect to file:",
            Reply::redirect("file:///etc/passwd"),
            &[],
            1,
            "redirected to file:///etc/passwd, which is not an http or https address".to_owned(),
        ),
        (
            "a redirect to ftp:",
            Reply::redirect("ftp://127.0.0.1/schedule.json"),
            &[],
            1,
            "redirected to ftp://127.0.0.1/schedule.json".to_owned(),
        ),
        (
            "a server error",
            Reply::status(503),
            &[],
            1,
            "the server answered 503 Service Unavailable".to_owned(),
        ),
        (
            "a broken schedule",
            Reply::ok("{\"schedule\": {\"conference\": ", "application/json"),
            &[],
            2,
            format!("{url}:1:"),
        ),
    ];
    for (what, reply, env, code, message) in cases {
        site.fail_with(reply);
        let started = Instant::now();
        let (got, out, err) = run_with(dir.path(), &["refresh", "congress"], env);
        assert_eq!(got, code, "{what}: {err}");
        assert_eq!(out, "", "{what}");
        assert!(
            err.starts_with("hallway: congress: not refreshed; the saved copy is kept as it was: "),
            "{what}: {err}"
        );
        assert!(err.contains(&message), "{what}: {err}");
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "{what}: too slow"
        );
        assert_eq!(saved_files(dir.path(), "congress"), before, "{what}");
    }
    // Nobody listening at all: the source record points at a port just freed.
    let source_path = dir.path().join("conferences/congress.source.json");
    let mut source: Value =
        serde_json::from_slice(&read(&source_path)).unwrap_or_else(|e| panic!("{e}"));
    source["url"] = Value::from(refused_url());
    std::fs::write(
        &source_path,
        serde_json::to_vec_pretty(&source).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = saved_files(dir.path(), "congress");
    let (code, _, err) = run(dir.path(), &["refresh", "congress"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("connection refused"), "{err}");
    assert_eq!(saved_files(dir.path(), "congress"), before);
    // The copy still opens.
    assert_eq!(
        ok(dir.path(), &["--conference", "congress", "list"])
            .lines()
            .count(),
        150
    );
    drop(server);
}

#[test]
fn import_by_url_failures_exit_1_or_2_and_save_nothing() {
    let dir = tmp();
    let server = Server::start(|req| match req.path.as_str() {
        "/page" => Reply::ok("<html><body>hi</body></html>", "text/html"),
        "/next" => Reply::redirect("/page"),
        _ => Reply::status(404),
    });
    let (code, _, err) = run(dir.path(), &["import", &server.url("/missing.json")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("answered 404 Not Found"), "{err}");
    // A relative redirect to http is followed; the page is still no schedule.
    let (code, _, err) = run(dir.path(), &["import", &server.url("/next")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("web page (text/html)"), "{err}");
    let (code, _, err) = run(dir.path(), &["import", "ftp://127.0.0.1/schedule.json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("only http:// and https://"), "{err}");
    let (code, _, err) = run(dir.path(), &["import", &refused_url()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("connection refused"), "{err}");
    let (code, _, err) = run_with(
        dir.path(),
        &["import", &server.url("/page")],
        &[("HALLWAY_HTTP_TIMEOUT_SECS", "soon")],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("HALLWAY_HTTP_TIMEOUT_SECS=\"soon\""), "{err}");
    assert!(!dir.path().join("conferences").exists());
}

#[test]
fn schedule_option_takes_a_url() {
    let dir = tmp();
    let Some(xml) = fixture("33c3-frab-schedule.xml") else {
        return;
    };
    let site = Site::new(read(&xml), "application/xml");
    let server = site.serve("/schedule.xml");
    let out = ok(
        dir.path(),
        &[
            "--schedule",
            &server.url("/schedule.xml"),
            "list",
            "--room",
            "Saal 1",
        ],
    );
    assert!(out.lines().count() > 10, "{out}");
    // Nothing is kept: --schedule is for one look.
    assert!(!dir.path().join("conferences").exists());
}

#[test]
fn refresh_without_urls_and_of_file_imports_says_so() {
    let dir = tmp();
    let out = ok(dir.path(), &["refresh"]);
    assert!(out.contains("nothing to refresh"), "{out}");
    let Some(json) = fixture("33c3-frab-schedule.json") else {
        return;
    };
    ok(
        dir.path(),
        &[
            "import",
            json.to_str().unwrap_or_default(),
            "--name",
            "congress",
        ],
    );
    assert!(ok(dir.path(), &["refresh"]).contains("nothing to refresh"));
    let (code, _, err) = run(dir.path(), &["refresh", "congress"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("\"congress\" was imported from the file") && err.contains("import it again"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["refresh", "nope"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no conference named \"nope\""), "{err}");
}

#[test]
fn reimporting_a_file_prints_what_changed() {
    let dir = tmp();
    let Some(json) = fixture("33c3-frab-schedule.json") else {
        return;
    };
    let original = read(&json);
    ok(
        dir.path(),
        &[
            "import",
            json.to_str().unwrap_or_default(),
            "--name",
            "congress",
        ],
    );
    ok(dir.path(), &["--conference", "congress", "star", GRID]);
    let edited = dir.path().join("v2.json");
    std::fs::write(&edited, edited_33c3(&original)).unwrap_or_else(|e| panic!("{e}"));
    let out = ok(
        dir.path(),
        &[
            "import",
            edited.to_str().unwrap_or_default(),
            "--name",
            "congress",
        ],
    );
    assert!(
        out.contains("replaced the earlier copy (150 sessions)"),
        "{out}"
    );
    assert!(
        out.contains(
            "1 change to your sessions (★ starred, ✎ with notes):\n  moved: The Global Assassination Grid: Tue 27 Dec 11:30 Saal 1 → 14:00 Saal 2 ★\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!("cancelled: {LAPTOP_TITLE}\n")),
        "{out}"
    );
    assert!(
        out.contains("retitled: The Fight for Encryption in 2016 →"),
        "{out}"
    );
    // Importing the same version again: nothing changed, and the last changes are kept.
    let again = ok(
        dir.path(),
        &[
            "import",
            edited.to_str().unwrap_or_default(),
            "--name",
            "congress",
        ],
    );
    assert!(again.contains("no change to the program"), "{again}");
    let library = hallway::library::Library::new(dir.path());
    assert_eq!(library.last_changes("congress").map(|c| c.len()), Some(3));
}
