//! `o`/`v` open only http(s) links with a host, and every opener started is reaped (no zombie
//! left until quit). The opener is a stand-in script that records the link it was given.

mod tui_support;

use std::path::Path;
use std::time::{Duration, Instant};

use hallway::schedule::{Link, LinkKind, Schedule, bundled};
use hallway::tui::effects::open_with;
use tui_support::{app_on, keys, later, screen};

/// The bundled program with every session's page and video at `url`.
fn with_links(url: &str) -> Schedule {
    let program = bundled::load().unwrap_or_else(|e| panic!("{e}"));
    let mut sessions = program.sessions().to_vec();
    for s in &mut sessions {
        s.links = vec![
            Link {
                kind: LinkKind::Session,
                url: url.to_owned(),
                title: None,
            },
            Link {
                kind: LinkKind::Video,
                url: url.to_owned(),
                title: None,
            },
        ];
    }
    Schedule::new(program.conference.clone(), sessions)
}

#[test]
fn only_http_links_reach_the_opener_and_the_status_says_why_not() {
    let hostile = [
        "file:///etc/passwd",
        "javascript:alert(document.cookie)",
        "/etc/passwd",
        "vscode://file/etc/passwd",
        "https://",
    ];
    for url in hostile {
        for key in ["o", "v"] {
            let (_d, mut app) = app_on(with_links(url), later(), (120, 30));
            keys(&mut app, key);
            let status = app
                .status
                .clone()
                .unwrap_or_else(|| panic!("{url}: no status after {key}"));
            assert!(status.error, "{url}: {key} not refused: {}", status.text);
            assert!(
                status.text.starts_with("not opened:"),
                "{url}: {key}: {}",
                status.text
            );
            assert!(screen(&mut app).contains("not opened"), "{url}: not shown");
        }
    }
}

/// Zombie children of this process (state `Z` in /proc/PID/stat with our pid as parent).
fn zombies() -> usize {
    let me = std::process::id().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| {
            // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
            let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            let mut fields = after.split_whitespace();
            let state = fields.next();
            let ppid = fields.next();
            state == Some("Z") && ppid == Some(me.as_str())
        })
        .count()
}

#[test]
fn the_opener_gets_http_links_only_and_is_always_reaped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = dir.path().join("opened.log");
    let script = dir.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    make_executable(&script);

    for i in 0..8 {
        let url = format!("https://example.org/{i}");
        let said = open_with(&script, &url).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(said, format!("opened {url}"));
    }
    for bad in ["file:///etc/passwd", "javascript:x", "/etc/passwd"] {
        let err = open_with(&script, bad)
            .err()
            .unwrap_or_else(|| panic!("{bad} opened"));
        assert!(err.starts_with("not opened:"), "{err}");
    }
    // Each opener exits at once; its reaper thread waits for it.
    let deadline = Instant::now() + Duration::from_secs(20);
    let opened = || std::fs::read_to_string(&log).unwrap_or_default();
    while (opened().lines().count() < 8 || zombies() > 0) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let lines: Vec<String> = opened().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 8, "{lines:?}");
    assert!(lines.iter().all(|l| l.starts_with("https://example.org/")));
    assert_eq!(zombies(), 0, "openers left as zombies");
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(path, perms).unwrap_or_else(|e| panic!("{e}"));
}
