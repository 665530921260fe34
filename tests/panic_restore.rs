//! The terminal after a panic: the real binary in tmux, made to panic mid-session by its
//! test-only trigger (debug builds only: with `HALLWAY_TEST_PANIC` set, the key `!` panics;
//! release builds compile the trigger out). The terminal must have left raw mode, the
//! alternate screen and mouse reporting, show the cursor, and the panic
//! message must be printed where the user can read it.
#![cfg(unix)]

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

const NOW: &str = "2024-09-18T10:00:00-07:00";
const PROMPT_MARK: &str = "panic-test$";
const HEADER: &str = "PyTorch Conference 2024";
const MESSAGE: &str = "test panic (HALLWAY_TEST_PANIC)";
const TARGET: &str = "panic";
const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

/// One tmux server running an interactive bash, killed on drop (the approach of
/// tests/tui_tmux.rs, cut down to what this test needs).
struct Tmux {
    dir: TempDir,
    socket: PathBuf,
    conf: PathBuf,
}

impl Tmux {
    fn start() -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(!ci, "tmux is not installed, and CI needs it");
            eprintln!("skipping: tmux is not installed (not under CI)");
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("hallway-panic-")
            .tempdir()
            .unwrap_or_else(|e| panic!("{e}"));
        let conf = dir.path().join("tmux.conf");
        fs::write(
            &conf,
            "set -g remain-on-exit on\nset -g default-terminal xterm-256color\nset -g status off\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir(dir.path().join("config")).unwrap_or_else(|e| panic!("{e}"));
        let t = Tmux {
            socket: dir.path().join("tmux.sock"),
            conf,
            dir,
        };
        let env = [
            format!(
                "HALLWAY_CONFIG_DIR={}",
                t.dir.path().join("config").display()
            ),
            format!("HALLWAY_NOW={NOW}"),
            format!("HALLWAY_BIN={}", env!("CARGO_BIN_EXE_hallway")),
            "TERM=xterm-256color".to_owned(),
            "LANG=C.UTF-8".to_owned(),
            format!("PS1={PROMPT_MARK} "),
            "HISTFILE=".to_owned(),
            // Keep the panic report to its message: no backtrace to scroll it away.
            "RUST_BACKTRACE=0".to_owned(),
        ];
        let cwd = t.dir.path().to_string_lossy().into_owned();
        let mut args = vec![
            "new-session",
            "-d",
            "-s",
            TARGET,
            "-x",
            "120",
            "-y",
            "40",
            "-c",
            &cwd,
        ];
        for var in &env {
            args.extend(["-e", var]);
        }
        args.extend(["bash", "--norc", "--noprofile"]);
        t.run(&args);
        Some(t)
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("-f")
            .arg(&self.conf)
            .args(args)
            .env_remove("TMUX")
            .output()
            .unwrap_or_else(|e| panic!("tmux {args:?}: {e}"));
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", TARGET];
        args.extend(keys);
        self.run(&args);
    }

    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", TARGET, "-l", text]);
    }

    fn shell(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", TARGET]).stdout)
            .into_owned()
    }

    fn format(&self, format: &str) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["display-message", "-p", "-t", TARGET, format])
                .stdout,
        )
        .trim()
        .to_owned()
    }

    fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; last screen:\n{screen}"
            );
            thread::sleep(POLL);
        }
    }

    fn wait_format(&self, format: &str, expected: &str) {
        let start = Instant::now();
        loop {
            let value = self.format(format);
            if value == expected {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {format} to be {expected:?} (it is {value:?}); screen:\n{}",
                self.screen()
            );
            thread::sleep(POLL);
        }
    }

    fn modes(&self) -> String {
        self.format(
            "alternate=#{alternate_on} mouse=#{mouse_any_flag}#{mouse_button_flag}\
             #{mouse_standard_flag}#{mouse_sgr_flag} cursor=#{cursor_flag}",
        )
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn browsing(screen: &str) -> bool {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains("q quit"))
}

#[test]
fn a_panic_mid_session_restores_the_terminal_and_prints_the_message() {
    if !cfg!(debug_assertions) {
        eprintln!("skipping: the panic trigger exists only in debug builds");
        return;
    }
    let Some(t) = Tmux::start() else {
        return;
    };
    t.wait_until("the prompt", |s| s.contains(PROMPT_MARK));
    let before = t.modes();

    // Mid-session: the note line open with text typed, in the middle of the screen.
    t.shell(r#"HALLWAY_TEST_PANIC=1 "$HALLWAY_BIN"; echo "exit-status-$?""#);
    t.wait_until("hallway's first frame", |s| {
        s.contains(HEADER) && browsing(s)
    });
    assert_eq!(t.format("#{alternate_on}"), "1", "on the alternate screen");
    t.type_text("j");
    t.type_text("n");
    t.type_text("typing when it breaks");
    t.wait_until("the typed note", |s| s.contains("typing when it breaks"));
    t.type_text("!");

    // The panic message is printed on the normal screen, and the shell gets control back.
    t.wait_format("#{alternate_on}", "0");
    let screen = t.wait_until("the panic message and the exit status", |s| {
        s.contains(MESSAGE) && s.lines().any(|l| l.starts_with("exit-status-101"))
    });
    assert!(
        !screen.contains(HEADER),
        "the app's screen is gone:\n{screen}"
    );
    assert!(screen.contains("panicked"), "{screen}");
    assert_eq!(
        t.modes(),
        before,
        "alternate screen, mouse reporting and cursor back as they were"
    );

    // Raw mode is off: `stty` reports the line discipline as the shell handed it over, and
    // typed text echoes and runs as a line.
    t.shell("stty -a; echo end-$((1+2))");
    let screen = t.wait_until("stty's report", |s| s.lines().any(|l| l == "end-3"));
    let words: Vec<&str> = screen.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            words.contains(&mode),
            "{mode} should be on after the panic (raw mode left on?):\n{screen}"
        );
    }
}
