//! Reminders as desktop notifications through the terminal: the bytes a reminder makes for a
//! given config and terminal, captured through the effect host's writer seam (the same
//! `effects::send_notification` the real terminal host writes with) — exactly OSC 9, the tmux
//! passthrough form, nothing for an unknown terminal under "auto", and no way for a hostile
//! title to smuggle in its own escape sequence. And once end to end: the real binary in tmux,
//! its output piped to a file, sends the tmux-wrapped OSC 9 when the reminder comes up.

mod common;
mod tmux_shell;
mod tui_support;

use chrono::{DateTime, FixedOffset};
use hallway::config::{self, Config};
use hallway::tui::app::{App, Effect};
use hallway::tui::effects::{self, Host};
use hallway::tui::notify::{Notifier, Protocol};

fn at(t: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}"))
}

/// A program with one talk at 10:00 in Hall A, titled `title` (JSON-escaped by the caller).
fn program(title: &str) -> hallway::schedule::Schedule {
    let session = common::session("talk", title, Some("2025-03-01T10:00:00+01:00"), None)
        .replace(r#""room": null"#, r#""room": "Hall A""#);
    let text = common::schedule_json(&[&session]);
    hallway::schedule::load::from_str(&text, "one-talk.json").unwrap_or_else(|e| panic!("{e:?}"))
}

/// The config `text` says, read the way hallway reads it.
fn config(text: &str) -> Config {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join(config::CONFIG_FILE), text).unwrap_or_else(|e| panic!("{e}"));
    let (config, warning) = config::load(dir.path());
    assert_eq!(warning, None);
    config
}

/// An app at 09:50 on `title`'s program with the talk starred and `config` in force.
fn app(title: &str, config: Config) -> (tempfile::TempDir, App) {
    let (dir, mut a) =
        tui_support::app_on(program(title), at("2025-03-01T09:50:00+01:00"), (80, 24));
    a.config = config;
    let change = hallway::store::Change::Star {
        conference: "testconf".into(),
        session: "talk".into(),
    };
    a.store
        .apply(change, a.now)
        .unwrap_or_else(|e| panic!("{e}"));
    (dir, a)
}

/// The effect host of the event loop, writing to a buffer instead of the terminal.
struct Capture {
    notifier: Notifier,
    out: Vec<u8>,
}

impl Host for Capture {
    fn open(&mut self, url: &str) -> Result<String, String> {
        Err(url.to_owned())
    }
    fn edit(&mut self, _text: &str) -> Result<Option<String>, String> {
        Err("no editor".to_owned())
    }
    fn notify(&mut self, title: &str, body: &str) {
        effects::send_notification(&mut self.out, &self.notifier, title, body)
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// What the event loop does when the minute changes to 09:55: the reminders not yet announced
/// become effects, the tick announces them, the host carries the effects out. Returns the bytes.
fn minute_at_0955(a: &mut App, env: &[(&str, &str)]) -> Vec<u8> {
    let lookup = |k: &str| {
        env.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| (*v).to_owned())
    };
    let mut host = Capture {
        notifier: Notifier::choose(&a.config.reminders, &lookup),
        out: Vec::new(),
    };
    let now = at("2025-03-01T09:55:00+01:00");
    let notices = a.reminders_due(now);
    a.tick(now);
    for notice in notices {
        effects::perform(a, notice, &mut host);
    }
    host.out
}

#[test]
fn a_reminder_is_exactly_one_osc_9_and_only_once() {
    let (_d, mut a) = app("Keynote", config("[reminders]\nnotify = \"osc9\"\n"));
    // Ten minutes before: nothing yet (the window is 5 minutes).
    assert!(a.reminders_due(a.now).is_empty());
    let bytes = minute_at_0955(&mut a, &[("TERM", "xterm-256color")]);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        "\x1b]9;hallway · in 5 min: Keynote — Hall A\x07"
    );
    assert_eq!(a.reminder.as_deref(), Some("in 5 min: Keynote — Hall A"));
    // The next minute it is still due but announced already: no second notification.
    let now = at("2025-03-01T09:56:00+01:00");
    assert!(a.reminders_due(now).is_empty());
}

#[test]
fn inside_tmux_the_sequence_is_wrapped_in_the_dcs_passthrough() {
    let (_d, mut a) = app("Keynote", config("[reminders]\nnotify = \"osc9\"\n"));
    let bytes = minute_at_0955(&mut a, &[("TMUX", "/tmp/tmux-1000/default,1,0")]);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        "\x1bPtmux;\x1b\x1b]9;hallway · in 5 min: Keynote — Hall A\x07\x1b\\"
    );
}

#[test]
fn auto_picks_the_terminals_protocol_and_sends_nothing_to_an_unknown_one() {
    for text in ["", "[reminders]\nnotify = \"auto\"\n"] {
        let (_d, mut a) = app("Keynote", config(text));
        let bytes = minute_at_0955(&mut a, &[("TERM", "xterm-256color")]);
        assert!(bytes.is_empty(), "{text:?}: {bytes:?}");
        // The status line still says it.
        assert!(a.reminder.is_some());
    }
    let (_d, mut a) = app("Keynote", config(""));
    let bytes = minute_at_0955(&mut a, &[("TERM_PROGRAM", "WezTerm")]);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        "\x1b]9;hallway · in 5 min: Keynote — Hall A\x07"
    );
    let (_d, mut a) = app("Keynote", config(""));
    let bytes = minute_at_0955(&mut a, &[("TERM", "foot")]);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        "\x1b]777;notify;hallway · in 5 min;Keynote — Hall A\x07"
    );
    // "off" wins over a terminal that could.
    let (_d, mut a) = app("Keynote", config("[reminders]\nnotify = \"off\"\n"));
    assert!(minute_at_0955(&mut a, &[("TERM_PROGRAM", "WezTerm")]).is_empty());
}

/// Control bytes in `bytes` other than the framing ones at `allowed` positions.
fn stray_controls(bytes: &[u8], allowed: &[usize]) -> Vec<(usize, u8)> {
    bytes
        .iter()
        .enumerate()
        .filter(|(i, b)| (**b < 0x20 || **b == 0x7f) && !allowed.contains(i))
        .map(|(i, b)| (i, *b))
        .collect()
}

#[test]
fn a_hostile_title_cannot_inject_a_sequence() {
    // Through the program: the loader's rule has cleaned it already; the sequence is whole.
    let hostile = r"Talk\u001b]52;c;ZXZpbA==\u0007\u001b\\\u009d0;pwned\u009c\n\rEnd";
    let (_d, mut a) = app(hostile, config("[reminders]\nnotify = \"osc9\"\n"));
    let bytes = minute_at_0955(&mut a, &[]);
    assert_eq!(stray_controls(&bytes, &[0, bytes.len() - 1]), []);
    assert_eq!(bytes.first(), Some(&0x1b));
    assert_eq!(bytes.last(), Some(&0x07));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains('\u{9c}') && !text.contains('\u{9d}'),
        "{text:?}"
    );

    // Straight into the notifier, bypassing the loader: still nothing but the framing.
    let raw = "Talk\x1b]52;c;ZXZpbA==\x07\x1b\\\u{9d}0;pwned\u{9c}\u{202e}\n\rEnd";
    for protocol in [Protocol::Osc9, Protocol::Osc777, Protocol::Osc99] {
        let n = Notifier {
            protocol: Some(protocol),
            tmux: false,
            notify_send: false,
        };
        let bytes = n.bytes(raw, raw);
        let framing: Vec<usize> = match protocol {
            Protocol::Osc99 => {
                // ESC ] ... ESC \ twice: the four ESCs and nothing else.
                let escs: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == 0x1b).collect();
                assert_eq!(escs.len(), 4, "{protocol:?}: {bytes:?}");
                escs
            }
            _ => vec![0, bytes.len() - 1],
        };
        assert_eq!(stray_controls(&bytes, &framing), [], "{protocol:?}");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{9c}'),
            "{text:?}"
        );
    }
}

#[test]
fn long_texts_are_cut_short() {
    let n = Notifier {
        protocol: Some(Protocol::Osc9),
        tmux: false,
        notify_send: false,
    };
    let bytes = n.bytes(&"T".repeat(500), &"B".repeat(5000));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.chars().count() < 160, "{}", text.chars().count());
    assert!(text.ends_with("…\x07"), "{text:?}");
}

#[test]
fn reminders_off_means_no_notification() {
    let (_d, mut a) = app(
        "Keynote",
        config("reminder_minutes = 0\n[reminders]\nnotify = \"osc9\"\n"),
    );
    assert!(minute_at_0955(&mut a, &[]).is_empty());
    assert_eq!(a.reminders_due(a.now), Vec::<Effect>::new());
}

/// Polls `path` until it holds `needle` (or the harness's timeout passes).
fn wait_for_bytes(path: &std::path::Path, needle: &[u8], t: &tmux_shell::Tmux) -> Vec<u8> {
    let start = std::time::Instant::now();
    loop {
        let bytes = std::fs::read(path).unwrap_or_default();
        if bytes.windows(needle.len()).any(|w| w == needle) {
            return bytes;
        }
        assert!(
            start.elapsed() < tmux_shell::TIMEOUT,
            "no notification in the pane's output; screen:\n{}",
            t.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn the_real_binary_in_tmux_writes_the_wrapped_osc_9_when_the_reminder_comes() {
    let Some(t) = tmux_shell::Tmux::start("notify") else {
        return;
    };
    let config = t.config_dir();
    let home = config
        .parent()
        .unwrap_or_else(|| panic!("no parent"))
        .to_path_buf();
    let schedule = home.join("one-talk.json");
    let session = common::session("talk", "Keynote", Some("2025-03-01T10:00:00+01:00"), None)
        .replace(r#""room": null"#, r#""room": "Hall A""#);
    std::fs::write(&schedule, common::schedule_json(&[&session])).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        config.join("config.toml"),
        "[reminders]\nnotify = \"osc9\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = home.join("pane-output.bin");
    t.shell(&format!(
        "\"$HALLWAY_BIN\" --schedule {} star talk",
        schedule.display()
    ));
    t.run(&[
        "pipe-pane",
        "-t",
        "notify",
        "-o",
        &format!("cat >> {}", out.display()),
    ]);
    // Five seconds before the reminder window opens: the minute turns while it runs.
    t.shell(&format!(
        "HALLWAY_NOW=2025-03-01T09:54:55+01:00 \"$HALLWAY_BIN\" --schedule {}",
        schedule.display()
    ));
    t.wait_until("the reminder in the status line", |s| {
        s.contains("⏰ in 5 min: Keynote — Hall A")
    });
    let wrapped = "\x1bPtmux;\x1b\x1b]9;hallway · in 5 min: Keynote — Hall A\x07\x1b\\";
    let bytes = wait_for_bytes(&out, wrapped.as_bytes(), &t);
    // Once, and no unwrapped copy.
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(wrapped.as_bytes()), 1);
    // The one `ESC ] 9 ;` there is is the one inside the wrapper.
    assert_eq!(count(b"\x1b]9;"), 1, "only the wrapped form");
    t.keys(&["q"]);
}
