//! Desktop notifications through the terminal, for reminders: the escape sequence a terminal
//! turns into a notification (OSC 9, OSC 777, kitty's OSC 99), wrapped for tmux when hallway
//! runs inside it. They are just bytes to the terminal, so they work over SSH too.
//!
//! Which sequence is chosen once, at start-up, from `[reminders] notify` in the config and —
//! for `"auto"` — from the environment the terminal sets ([`Notifier::choose`]); an unknown
//! terminal gets nothing. The bytes are built by [`Notifier::bytes`], a pure function, and
//! written by the effect host of the event loop (`tui::effects`): update never writes them.
//! Session titles and rooms come from outside, so both texts are cleaned of every control
//! character ([`crate::sanitize::line`]) and cut short before they are framed.

use crate::config::{Notify, RemindersConfig};
use crate::width;

/// The longest title, in columns (terminals show a line or two).
pub const TITLE_COLUMNS: usize = 40;
/// The longest body, in columns.
pub const BODY_COLUMNS: usize = 100;

/// The escape sequence a notification is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `ESC ] 9 ; text BEL`: iTerm2, WezTerm, Windows Terminal, ConEmu.
    Osc9,
    /// `ESC ] 777 ; notify ; title ; body BEL`: urxvt, foot, Ghostty.
    Osc777,
    /// kitty's `ESC ] 99 ; i=…:d=0 ; title ESC \` then the body (`p=body`).
    Osc99,
}

/// How reminders reach the user beyond the status line, decided once at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Notifier {
    /// The escape sequence, or `None` for no terminal notification.
    pub protocol: Option<Protocol>,
    /// Inside tmux: wrap the sequence in tmux's DCS passthrough (`ESC P tmux; … ESC \`).
    pub tmux: bool,
    /// Also run `notify-send`.
    pub notify_send: bool,
}

impl Notifier {
    /// The notifier `config` asks for, reading the environment through `env` (for `"auto"`,
    /// and `TMUX` for the wrapping).
    pub fn choose(config: &RemindersConfig, env: &dyn Fn(&str) -> Option<String>) -> Self {
        let protocol = match config.notify {
            Notify::Off => None,
            Notify::Osc9 => Some(Protocol::Osc9),
            Notify::Osc777 => Some(Protocol::Osc777),
            Notify::Osc99 => Some(Protocol::Osc99),
            Notify::Auto => detect(env),
        };
        Self {
            protocol,
            tmux: env("TMUX").is_some_and(|v| !v.is_empty()),
            notify_send: config.notify_send,
        }
    }

    /// The bytes to write to the terminal for a notification, empty when none is sent. Both
    /// texts are cleaned and cut first.
    pub fn bytes(&self, title: &str, body: &str) -> Vec<u8> {
        let Some(protocol) = self.protocol else {
            return Vec::new();
        };
        let (title, body) = (short(title, TITLE_COLUMNS), short(body, BODY_COLUMNS));
        let seq = match protocol {
            Protocol::Osc9 => format!("\x1b]9;{title}: {body}\x07"),
            // The title ends at the first `;`.
            Protocol::Osc777 => format!("\x1b]777;notify;{};{body}\x07", title.replace(';', ",")),
            Protocol::Osc99 => format!(
                "\x1b]99;i=hallway:d=0;{title}\x1b\\\x1b]99;i=hallway:d=1:p=body;{body}\x1b\\"
            ),
        };
        if self.tmux {
            tmux_passthrough(&seq).into_bytes()
        } else {
            seq.into_bytes()
        }
    }
}

/// The terminal's notification sequence, from what it sets in the environment; `None` when the
/// terminal is not known to show them. Inside tmux `TERM`/`TERM_PROGRAM` name tmux, so the
/// outer terminal's own variables (inherited by tmux) are looked at too.
fn detect(env: &dyn Fn(&str) -> Option<String>) -> Option<Protocol> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    let term = var("TERM").unwrap_or_default();
    let program = var("TERM_PROGRAM").unwrap_or_default();
    if var("KITTY_WINDOW_ID").is_some() || term == "xterm-kitty" {
        return Some(Protocol::Osc99);
    }
    if program == "ghostty" || term == "xterm-ghostty" || var("GHOSTTY_RESOURCES_DIR").is_some() {
        return Some(Protocol::Osc777);
    }
    if term.starts_with("foot") || term.starts_with("rxvt-unicode") {
        return Some(Protocol::Osc777);
    }
    let iterm = program == "iTerm.app" || var("LC_TERMINAL").is_some_and(|t| t == "iTerm2");
    let wezterm = program == "WezTerm" || var("WEZTERM_PANE").is_some();
    if iterm || wezterm || var("WT_SESSION").is_some() || var("ConEmuPID").is_some() {
        return Some(Protocol::Osc9);
    }
    None
}

/// `text` as one short line with no control character at all (the sanitiser's rule, then
/// any control left, in case), cut to `columns`.
fn short(text: &str, columns: usize) -> String {
    let clean: String = crate::sanitize::line(text)
        .chars()
        .filter(|c| !crate::sanitize::is_unsafe(*c))
        .collect();
    width::fit(clean.trim(), columns)
}

/// `seq` inside tmux's DCS passthrough: `ESC P tmux;`, the sequence with every ESC doubled,
/// `ESC \`. tmux passes it to the outer terminal when `allow-passthrough` is on.
fn tmux_passthrough(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Env = &'static [(&'static str, &'static str)];

    fn env_of(pairs: Env) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn auto_knows_the_common_terminals_and_nothing_else() {
        let cases: [(Env, Option<Protocol>); 8] = [
            (&[("TERM_PROGRAM", "iTerm.app")], Some(Protocol::Osc9)),
            (&[("TERM_PROGRAM", "WezTerm")], Some(Protocol::Osc9)),
            (&[("WT_SESSION", "abc")], Some(Protocol::Osc9)),
            (&[("TERM", "xterm-kitty")], Some(Protocol::Osc99)),
            (
                &[("TERM", "tmux-256color"), ("KITTY_WINDOW_ID", "1")],
                Some(Protocol::Osc99),
            ),
            (&[("TERM", "foot")], Some(Protocol::Osc777)),
            (&[("TERM", "xterm-256color")], None),
            (&[], None),
        ];
        let config = RemindersConfig::default();
        for (env, want) in cases {
            assert_eq!(
                Notifier::choose(&config, &env_of(env)).protocol,
                want,
                "{env:?}"
            );
        }
    }

    #[test]
    fn each_protocol_frames_title_and_body() {
        let n = |protocol| Notifier {
            protocol: Some(protocol),
            ..Notifier::default()
        };
        assert_eq!(n(Protocol::Osc9).bytes("T", "B"), b"\x1b]9;T: B\x07");
        assert_eq!(
            n(Protocol::Osc777).bytes("a;b", "B;C"),
            b"\x1b]777;notify;a,b;B;C\x07"
        );
        assert_eq!(
            n(Protocol::Osc99).bytes("T", "B"),
            b"\x1b]99;i=hallway:d=0;T\x1b\\\x1b]99;i=hallway:d=1:p=body;B\x1b\\".as_slice()
        );
        assert!(Notifier::default().bytes("T", "B").is_empty());
    }
}
