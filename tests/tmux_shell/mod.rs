//! A real terminal for the end-to-end tests that kill, race or crash hallway: one tmux server
//! per test with an interactive bash in it, the config folder and clock set, killed on drop.
//! Shared by tests/kill.rs, tests/concurrency.rs and tests/panic_restore.rs.
#![allow(dead_code)]

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The clock every tmux test runs at: Wednesday morning of the bundled conference.
pub const NOW: &str = "2024-09-18T10:00:00-07:00";
/// How long a wait for the screen may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

/// One tmux server running an interactive bash, killed on drop (the approach of
/// tests/tui_tmux.rs, cut down to what these tests need).
pub struct Tmux {
    dir: TempDir,
    socket: PathBuf,
    conf: PathBuf,
    /// The session name, also the prompt's stem (`NAME-test$`).
    target: String,
}

impl Tmux {
    /// A tmux server with a bash in a 120×40 window, its prompt `NAME-test$`; `None` (after
    /// saying so) when tmux is missing outside CI.
    pub fn start(name: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(!ci, "tmux is not installed, and CI needs it");
            eprintln!("skipping: tmux is not installed (not under CI)");
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!("hallway-{name}-"))
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
            target: name.to_owned(),
        };
        let env = [
            format!("HALLWAY_CONFIG_DIR={}", t.config_dir().display()),
            format!("HALLWAY_NOW={NOW}"),
            format!("HALLWAY_BIN={}", env!("CARGO_BIN_EXE_hallway")),
            "TERM=xterm-256color".to_owned(),
            "LANG=C.UTF-8".to_owned(),
            format!("PS1={name}-test$ "),
            // Keep a panic report to its message: no backtrace to scroll it away.
            "RUST_BACKTRACE=0".to_owned(),
            "HISTFILE=".to_owned(),
        ];
        let cwd = t.dir.path().to_string_lossy().into_owned();
        let mut args = vec![
            "new-session",
            "-d",
            "-s",
            name,
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

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn run(&self, args: &[&str]) -> Output {
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

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend(keys);
        self.run(&args);
    }

    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.target, "-l", text]);
    }

    pub fn shell(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", &self.target]).stdout)
            .into_owned()
    }

    pub fn format(&self, format: &str) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["display-message", "-p", "-t", &self.target, format])
                .stdout,
        )
        .trim()
        .to_owned()
    }

    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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

    /// The pid of the shell's `hallway` child, if one runs.
    pub fn hallway_pid(&self) -> Option<u32> {
        let shell: u32 = self.format("#{pane_pid}").parse().ok()?;
        fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = fs::read_to_string(entry.path().join("stat")).ok()?;
            let (head, tail) = stat.rsplit_once(')')?;
            let comm = head.split_once('(')?.1;
            let mut fields = tail.split_whitespace();
            let state = fields.next()?;
            let ppid: u32 = fields.next()?.parse().ok()?;
            (ppid == shell && comm == "hallway" && state != "Z").then_some(pid)
        })
    }
    /// Waits until a tmux format (`#{pane_dead}`...) reads `expected`.
    pub fn wait_format(&self, format: &str, expected: &str) {
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

    /// The pane's terminal modes: alternate screen, mouse reporting, cursor visibility.
    pub fn modes(&self) -> String {
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
