//! The user's settings: `config.toml` in the config folder (beside `state.json`), described in
//! `docs/config.md`. hallway only reads this file, never writes it. A missing file means the
//! defaults; a file that cannot be read or parsed means the defaults plus one warning line
//! naming the file (and line and column) so the user can fix it.

use std::path::Path;

use serde::{Deserialize, Deserializer};

/// Name of the settings file inside the config folder.
pub const CONFIG_FILE: &str = "config.toml";

/// The largest reminder window accepted, in minutes (one day).
pub const MAX_REMINDER_MINUTES: u32 = 24 * 60;

/// The most Now & Next may look ahead, in minutes (one day).
pub const MAX_HORIZON_MINUTES: u32 = 24 * 60;

/// The user's settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Remind this many minutes before a starred session starts; 0 turns reminders off.
    #[serde(deserialize_with = "reminder_minutes")]
    pub reminder_minutes: u32,
    /// Ring the terminal bell with a reminder.
    pub bell: bool,
    /// `[now]`: how Now & Next looks ahead.
    pub now: NowConfig,
    /// `[reminders]`: how a reminder reaches the user beyond the status line.
    pub reminders: RemindersConfig,
    /// `[grid."CONF_ID"]`: rooms pinned first or hidden in a conference's timetable grid.
    pub grid: std::collections::BTreeMap<String, GridRooms>,
}

/// A `[grid."CONF_ID"]` table: room names as the program gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GridRooms {
    /// Rooms shown first, in this order.
    pub pinned: Vec<String>,
    /// Rooms left out of the grid.
    pub hidden: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            reminder_minutes: 5,
            bell: false,
            now: NowConfig::default(),
            reminders: RemindersConfig::default(),
            grid: std::collections::BTreeMap::new(),
        }
    }
}

/// The `[now]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NowConfig {
    /// The most Next looks ahead, in minutes (it stops earlier, at the next slot's start).
    #[serde(deserialize_with = "reminder_minutes")]
    pub horizon_minutes: u32,
}

impl Default for NowConfig {
    fn default() -> Self {
        Self {
            horizon_minutes: crate::agenda::DEFAULT_HORIZON_MINUTES,
        }
    }
}

/// The `[reminders]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindersConfig {
    /// How to send a desktop notification through the terminal.
    pub notify: Notify,
    /// Also run `notify-send` (Linux desktops) with each reminder.
    pub notify_send: bool,
}

/// The terminal escape sequence a reminder is sent with, as `[reminders] notify` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Notify {
    /// Chosen from the terminal (`TERM_PROGRAM`, `TERM`, `KITTY_WINDOW_ID`, ...); nothing
    /// when the terminal is not known to show them.
    #[default]
    Auto,
    /// `OSC 9` (iTerm2, WezTerm, Windows Terminal, foot, ...).
    Osc9,
    /// `OSC 777 ; notify` (urxvt, foot, Ghostty, ...).
    Osc777,
    /// kitty's `OSC 99`.
    Osc99,
    /// No notification.
    Off,
}

fn reminder_minutes<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    d.deserialize_any(Minutes)
}

/// Reads `reminder_minutes`, saying in words what is expected when it is something else.
struct Minutes;

impl serde::de::Visitor<'_> for Minutes {
    type Value = u32;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a whole number of minutes from 0 to {MAX_REMINDER_MINUTES}"
        )
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<u32, E> {
        u32::try_from(n)
            .ok()
            .filter(|n| *n <= MAX_REMINDER_MINUTES)
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Signed(n), &self))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<u32, E> {
        u32::try_from(n)
            .ok()
            .filter(|n| *n <= MAX_REMINDER_MINUTES)
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
    }
}

/// Reads `<dir>/config.toml`. Returns the settings, and a warning when the file exists but
/// cannot be used (the defaults are returned then). A missing file is the defaults, silently.
#[must_use]
pub fn load(dir: &Path) -> (Config, Option<String>) {
    let path = dir.join(CONFIG_FILE);
    // A settings file is a few lines; 1 MB is plenty, and a FIFO or device is refused.
    let text = match crate::fetch::local::read_capped(&path, 1_000_000) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(e) => {
            let warning = format!("{}: cannot read: {e}; using the defaults", path.display());
            return (Config::default(), Some(warning));
        }
    };
    let text = match String::from_utf8(text) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..valid]), valid);
            let warning = format!(
                "{}:{line}:{col}: not UTF-8 text; using the defaults",
                path.display()
            );
            return (Config::default(), Some(warning));
        }
    };
    match toml::from_str::<Config>(&text) {
        Ok(config) => (config, None),
        Err(e) => {
            let at = e.span().map_or_else(String::new, |span| {
                let (line, col) = line_col(&text, span.start);
                format!(":{line}:{col}")
            });
            let message = e.message().trim_end();
            let warning = format!("{}{at}: {message}; using the defaults", path.display());
            (Config::default(), Some(warning))
        }
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &[u8]) -> (tempfile::TempDir, Config, Option<String>) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap_or_else(|e| panic!("{e}"));
        let (config, warning) = load(dir.path());
        (dir, config, warning)
    }

    #[test]
    fn a_missing_file_is_the_defaults_without_a_word() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (config, warning) = load(dir.path());
        assert_eq!(config, Config::default());
        assert_eq!(config.reminder_minutes, 5);
        assert!(!config.bell);
        assert_eq!(warning, None);
        // Nothing is written.
        assert!(!dir.path().join(CONFIG_FILE).exists());
    }

    #[test]
    fn both_settings_are_read_and_either_may_be_left_out() {
        let (_d, config, warning) = load_text(b"# mine\nreminder_minutes = 10\nbell = true\n");
        assert_eq!(warning, None);
        assert_eq!(
            config,
            Config {
                reminder_minutes: 10,
                bell: true,
                ..Config::default()
            }
        );
        let (_d, config, _) = load_text(b"bell = true\n");
        assert_eq!(config.reminder_minutes, 5);
        let (_d, config, _) = load_text(b"reminder_minutes = 0\n");
        assert_eq!((config.reminder_minutes, config.bell), (0, false));
        let (_d, config, warning) = load_text(b"");
        assert_eq!((config, warning), (Config::default(), None));
    }

    #[test]
    fn the_now_and_reminders_tables_are_read() {
        let (_d, config, warning) = load_text(
            b"[now]\nhorizon_minutes = 60\n[reminders]\nnotify = \"osc777\"\nnotify_send = true\n",
        );
        assert_eq!(warning, None);
        assert_eq!(config.now.horizon_minutes, 60);
        assert_eq!(config.reminders.notify, Notify::Osc777);
        assert!(config.reminders.notify_send);
        assert_eq!(config.reminder_minutes, 5);
        // Left out: three hours, auto, no notify-send.
        let (_d, config, _) = load_text(b"bell = true\n");
        assert_eq!(config.now.horizon_minutes, 180);
        assert_eq!(config.reminders, RemindersConfig::default());
        assert_eq!(config.reminders.notify, Notify::Auto);
        for (text, want) in [
            ("osc9", Notify::Osc9),
            ("osc99", Notify::Osc99),
            ("off", Notify::Off),
            ("auto", Notify::Auto),
        ] {
            let toml = format!("[reminders]\nnotify = \"{text}\"\n");
            let (_d, config, warning) = load_text(toml.as_bytes());
            assert_eq!((config.reminders.notify, warning), (want, None));
        }
    }

    #[test]
    fn a_bad_table_value_is_located() {
        let cases: [(&[u8], &str); 3] = [
            (b"[now]\nhorizon_minutes = 5000\n", ":2:19: "),
            (b"[reminders]\nnotify = \"osc8\"\n", ":2:10: "),
            (b"[now]\nhorizon = 60\n", ":2:1: "),
        ];
        for (text, at) in cases {
            let (dir, config, warning) = load_text(text);
            assert_eq!(config, Config::default(), "{text:?}");
            let warning = warning.unwrap_or_default();
            let file = dir.path().join(CONFIG_FILE).display().to_string();
            assert!(warning.starts_with(&format!("{file}{at}")), "{warning}");
        }
    }

    #[test]
    fn a_bad_file_is_the_defaults_and_a_warning_naming_line_and_column() {
        let cases: [(&[u8], &str); 5] = [
            (
                b"bell = true\nreminder_minutes = \"ten\"\n",
                ":2:20: invalid type: string \"ten\", expected a whole number of minutes from 0 to 1440",
            ),
            (b"reminder_minutes = -1\n", ":1:20: "),
            (
                b"reminder_minutes = 5000\n",
                ":1:20: invalid value: integer `5000`, expected a whole number",
            ),
            (b"bell = true\nreminder_minute = 3\n", ":2:1: "),
            (b"bell = \n", ":1:8: "),
        ];
        for (text, at) in cases {
            let (dir, config, warning) = load_text(text);
            assert_eq!(config, Config::default(), "{text:?}");
            let warning = warning.unwrap_or_else(|| panic!("no warning for {text:?}"));
            let file = dir.path().join(CONFIG_FILE).display().to_string();
            assert!(
                warning.starts_with(&format!("{file}{at}")),
                "{text:?}: {warning}"
            );
            assert!(warning.ends_with("; using the defaults"), "{warning}");
            assert!(!warning.contains('\n'), "one line: {warning}");
        }
    }

    #[test]
    fn an_unreadable_file_is_the_defaults_and_a_warning() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(dir.path().join(CONFIG_FILE)).unwrap_or_else(|e| panic!("{e}"));
        let (config, warning) = load(dir.path());
        assert_eq!(config, Config::default());
        let warning = warning.unwrap_or_default();
        assert!(warning.contains("config.toml: cannot read: "), "{warning}");
    }

    #[test]
    fn text_that_is_not_utf8_is_located_too() {
        let (_d, config, warning) = load_text(b"bell = true\nreminder_minutes = \xff\n");
        assert_eq!(config, Config::default());
        let warning = warning.unwrap_or_default();
        assert!(warning.contains(":2:20: not UTF-8"), "{warning}");
    }
}
