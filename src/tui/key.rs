//! The app's own key type, so only this module knows about crossterm's key events.
//!
//! The event loop converts each crossterm event once with [`Key::from_crossterm`]; keymaps, the
//! text input and tests speak [`Key`] from then on. Shift is folded away: a shifted letter is
//! its uppercase [`KeyCode::Char`] and Shift+Tab is [`KeyCode::BackTab`], so a binding never has
//! to say both `J` and `S-j`.
//!
//! Keys also have a textual notation, used by `hallway render --keys` and by the help screen:
//! [`parse_keys`] reads it, [`Key::notation`] writes it back, and [`Key`]'s `Display` gives the
//! shorter, friendlier form the help screen shows (`C-←` rather than `<C-Left>`).

use std::fmt;

use ratatui::crossterm::event::{
    KeyCode as CtKeyCode, KeyEvent, KeyEventKind, KeyModifiers as CtMods,
};

/// One key press: a key and the modifiers held with it.
///
/// Normalised keys (all that [`Key::from_crossterm`] and [`parse_keys`] produce) have no Shift
/// (it is folded into the character or into [`KeyCode::BackTab`]) and, with Ctrl held, a
/// lowercase letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Which key.
    pub code: KeyCode,
    /// Ctrl and Alt.
    pub mods: Mods,
}

/// The keys hallway distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character, already shifted (`J`, `?`) — a space is `Char(' ')`.
    Char(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift+Tab.
    BackTab,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Backspace.
    Backspace,
    /// Delete (forward).
    Delete,
    /// Function key `F1`..`F12`.
    F(u8),
}

/// Modifiers kept on a [`Key`]; Shift is folded into the key itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mods {
    /// Control held.
    pub ctrl: bool,
    /// Alt (Meta, Option) held.
    pub alt: bool,
}

impl Mods {
    /// No modifier.
    pub const NONE: Mods = Mods {
        ctrl: false,
        alt: false,
    };
    /// Control only.
    pub const CTRL: Mods = Mods {
        ctrl: true,
        alt: false,
    };
    /// Alt only.
    pub const ALT: Mods = Mods {
        ctrl: false,
        alt: true,
    };
}

/// The highest function key hallway knows (`F12`).
const MAX_F: u8 = 12;

impl Key {
    /// A key with the given modifiers.
    #[must_use]
    pub const fn new(code: KeyCode, mods: Mods) -> Key {
        Key { code, mods }
    }

    /// A key without modifiers.
    #[must_use]
    pub const fn plain(code: KeyCode) -> Key {
        Key::new(code, Mods::NONE)
    }

    /// A character without modifiers.
    #[must_use]
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// Ctrl plus a character; pass a lowercase letter to get a normalised key.
    #[must_use]
    pub const fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), Mods::CTRL)
    }

    /// Alt plus a character.
    #[must_use]
    pub const fn alt(c: char) -> Key {
        Key::new(KeyCode::Char(c), Mods::ALT)
    }

    /// Converts a crossterm key event, or `None` for a release or a key hallway does not use
    /// (Insert, Caps Lock, media keys, F13 and up...).
    ///
    /// Shift+Tab becomes [`KeyCode::BackTab`], a shifted letter its uppercase character, and
    /// Ctrl+letter (with or without Shift) the lowercase letter with `ctrl`; Alt is kept.
    #[must_use]
    pub fn from_crossterm(ev: &KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let m = ev.modifiers;
        let mods = Mods {
            ctrl: m.contains(CtMods::CONTROL),
            alt: m.contains(CtMods::ALT),
        };
        let shift = m.contains(CtMods::SHIFT);
        let code = match ev.code {
            CtKeyCode::Char(c) if mods.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            CtKeyCode::Char(c) if shift => KeyCode::Char(shifted(c)),
            CtKeyCode::Char(c) => KeyCode::Char(c),
            CtKeyCode::Tab if shift => KeyCode::BackTab,
            CtKeyCode::BackTab => KeyCode::BackTab,
            CtKeyCode::Tab => KeyCode::Tab,
            CtKeyCode::Enter => KeyCode::Enter,
            CtKeyCode::Esc => KeyCode::Esc,
            CtKeyCode::Up => KeyCode::Up,
            CtKeyCode::Down => KeyCode::Down,
            CtKeyCode::Left => KeyCode::Left,
            CtKeyCode::Right => KeyCode::Right,
            CtKeyCode::PageUp => KeyCode::PageUp,
            CtKeyCode::PageDown => KeyCode::PageDown,
            CtKeyCode::Home => KeyCode::Home,
            CtKeyCode::End => KeyCode::End,
            CtKeyCode::Backspace => KeyCode::Backspace,
            CtKeyCode::Delete => KeyCode::Delete,
            CtKeyCode::F(n) if (1..=MAX_F).contains(&n) => KeyCode::F(n),
            _ => return None,
        };
        Some(Key { code, mods })
    }

    /// The `<...>` notation of this key, which [`parse_keys`] reads back to the same key.
    ///
    /// A plain character is itself (`j`, `?`), except space (`<Space>`) and `<` (`<lt>`);
    /// everything else is a bracketed token: `<Enter>`, `<S-Tab>`, `<C-x>`, `<A-b>`, `<C-Left>`.
    #[must_use]
    pub fn notation(&self) -> String {
        if self.mods == Mods::NONE {
            match self.code {
                KeyCode::Char(' ') => return "<Space>".to_owned(),
                KeyCode::Char('<') => return "<lt>".to_owned(),
                KeyCode::Char(c) => return c.to_string(),
                _ => {}
            }
        }
        let mut s = String::from("<");
        s.push_str(self.prefix());
        let name = match self.code {
            KeyCode::Char(c) => return format!("{s}{}>", char_token(self.lowered(c))),
            KeyCode::Enter => "Enter",
            KeyCode::Esc => "Esc",
            KeyCode::Tab => "Tab",
            KeyCode::BackTab => "S-Tab",
            KeyCode::Up => "Up",
            KeyCode::Down => "Down",
            KeyCode::Left => "Left",
            KeyCode::Right => "Right",
            KeyCode::PageUp => "PageUp",
            KeyCode::PageDown => "PageDown",
            KeyCode::Home => "Home",
            KeyCode::End => "End",
            KeyCode::Backspace => "BS",
            KeyCode::Delete => "Del",
            KeyCode::F(n) => return format!("{s}F{n}>"),
        };
        s.push_str(name);
        s.push('>');
        s
    }

    /// `C-`, `A-`, `C-A-` or nothing.
    fn prefix(&self) -> &'static str {
        match (self.mods.ctrl, self.mods.alt) {
            (false, false) => "",
            (true, false) => "C-",
            (false, true) => "A-",
            (true, true) => "C-A-",
        }
    }

    /// With Ctrl the letter is written lowercase, as [`Key::from_crossterm`] normalises it.
    fn lowered(&self, c: char) -> char {
        if self.mods.ctrl {
            c.to_ascii_lowercase()
        } else {
            c
        }
    }
}

/// What Shift does to a character the terminal reported unshifted (only letters need it).
fn shifted(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        // "ß" uppercases to "SS"; keep the character the terminal sent.
        _ => c,
    }
}

/// A character inside a bracketed token: names for the ones the notation itself uses.
fn char_token(c: char) -> String {
    match c {
        ' ' => "Space".to_owned(),
        '<' => "lt".to_owned(),
        '>' => "gt".to_owned(),
        c => c.to_string(),
    }
}

impl fmt::Display for Key {
    /// The readable form for the help screen: `j`, `Enter`, `S-Tab`, `↑`, `PgDn`, `C-c`, `C-←`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())?;
        let name = match self.code {
            KeyCode::Char(' ') => "Space",
            KeyCode::Char(c) => return write!(f, "{}", self.lowered(c)),
            KeyCode::Enter => "Enter",
            KeyCode::Esc => "Esc",
            KeyCode::Tab => "Tab",
            KeyCode::BackTab => "S-Tab",
            KeyCode::Up => "↑",
            KeyCode::Down => "↓",
            KeyCode::Left => "←",
            KeyCode::Right => "→",
            KeyCode::PageUp => "PgUp",
            KeyCode::PageDown => "PgDn",
            KeyCode::Home => "Home",
            KeyCode::End => "End",
            KeyCode::Backspace => "Backspace",
            KeyCode::Delete => "Del",
            KeyCode::F(n) => return write!(f, "F{n}"),
        };
        f.write_str(name)
    }
}

/// A key notation that could not be read: the offending token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--keys: unknown key \"{token}\" at column {column}")]
pub struct KeyParseError {
    /// The text of the bad token, from its `<` up to its `>` (or as far as it got).
    pub token: String,
    /// 1-based column, in characters, of the token's `<`.
    pub column: usize,
}

/// Reads a key notation: each literal character is a key (`jjs` is three keys, a space is
/// `Char(' ')`), and `<...>` tokens name the others — `<Enter> <Esc> <Tab> <S-Tab> <Up> <Down>
/// <Left> <Right> <PageUp> <PageDown> <Home> <End> <Space> <BS> <Del> <F1>`..`<F12>`, `<lt>`
/// and `<gt>` for `<` and `>`, with `C-` (Ctrl) and `A-` (Alt) prefixes: `<C-x>`, `<A-b>`,
/// `<C-Left>`. Token names and prefixes are case-insensitive; `<S-x>` is `X`.
///
/// # Errors
/// A `<` that does not start a valid token, naming the token and its column.
pub fn parse_keys(s: &str) -> Result<Vec<Key>, KeyParseError> {
    let mut keys = Vec::new();
    let mut chars = s.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            keys.push(Key::char(c));
            continue;
        }
        // A token runs to its `>`; whitespace or another `<` means it was never closed.
        let mut body = String::new();
        let mut closed = false;
        while let Some(&(_, next)) = chars.peek() {
            if next == '<' || next.is_whitespace() {
                break;
            }
            chars.next();
            if next == '>' {
                closed = true;
                break;
            }
            body.push(next);
        }
        let key = if closed { parse_token(&body) } else { None };
        match key {
            Some(key) => keys.push(key),
            None => {
                return Err(KeyParseError {
                    token: format!("<{body}{}", if closed { ">" } else { "" }),
                    column: i + 1,
                });
            }
        }
    }
    Ok(keys)
}

/// The key named by the inside of a `<...>` token, or `None`.
fn parse_token(body: &str) -> Option<Key> {
    let mut mods = Mods::NONE;
    let mut shift = false;
    let mut rest = body;
    // A prefix needs something after it, so `<C-->` is Ctrl+minus.
    while rest.len() > 2 && rest.as_bytes()[1] == b'-' {
        match rest.as_bytes()[0].to_ascii_lowercase() {
            b'c' => mods.ctrl = true,
            b'a' | b'm' => mods.alt = true,
            b's' => shift = true,
            _ => break,
        }
        rest = &rest[2..];
    }
    let code = named_code(rest)?;
    let code = match (shift, code) {
        (false, code) => code,
        (true, KeyCode::Tab | KeyCode::BackTab) => KeyCode::BackTab,
        (true, KeyCode::Char(c)) if c.is_alphabetic() && !mods.ctrl => KeyCode::Char(shifted(c)),
        (true, KeyCode::Char(c)) if c.is_alphabetic() => KeyCode::Char(c),
        // There is no Shift to keep on other keys; refuse rather than silently drop it.
        (true, _) => return None,
    };
    let code = match code {
        KeyCode::Char(c) if mods.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
        code => code,
    };
    Some(Key { code, mods })
}

/// A key name (case-insensitive) or a single character.
fn named_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let code = match name.to_ascii_lowercase().as_str() {
        "enter" | "return" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "space" => KeyCode::Char(' '),
        "bs" | "backspace" => KeyCode::Backspace,
        "del" | "delete" => KeyCode::Delete,
        "lt" => KeyCode::Char('<'),
        "gt" => KeyCode::Char('>'),
        f if f.starts_with('f') => {
            let digits = &f[1..];
            // Reject `F01` and `F+1` so each key has exactly one spelling to round-trip.
            if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u8 = digits.parse().ok()?;
            if !(1..=MAX_F).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
        _ => return None,
    };
    Some(code)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEventState, KeyModifiers};

    fn ev(code: CtKeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn conv(code: CtKeyCode, mods: KeyModifiers) -> Option<Key> {
        Key::from_crossterm(&ev(code, mods))
    }

    fn key(code: KeyCode) -> Key {
        Key::plain(code)
    }

    /// Every key kind, with and without modifiers, in its normalised form.
    fn all_keys() -> Vec<Key> {
        let mut codes = vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::Delete,
        ];
        codes.extend((1..=12).map(KeyCode::F));
        codes.extend("ajzAZ09 <>-?!/\\é€😀中".chars().map(KeyCode::Char));
        let mut keys = Vec::new();
        for code in codes {
            for mods in [
                Mods::NONE,
                Mods::CTRL,
                Mods::ALT,
                Mods {
                    ctrl: true,
                    alt: true,
                },
            ] {
                let code = match code {
                    KeyCode::Char(c) if mods.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                    code => code,
                };
                keys.push(Key::new(code, mods));
            }
        }
        keys
    }

    #[test]
    fn every_notation_round_trips() {
        for k in all_keys() {
            let n = k.notation();
            assert_eq!(parse_keys(&n), Ok(vec![k]), "notation {n:?}");
        }
    }

    #[test]
    fn all_notations_concatenated_round_trip() {
        let keys = all_keys();
        let joined: String = keys.iter().map(Key::notation).collect();
        assert_eq!(parse_keys(&joined), Ok(keys));
    }

    #[test]
    fn notation_examples() {
        assert_eq!(Key::char('j').notation(), "j");
        assert_eq!(Key::char(' ').notation(), "<Space>");
        assert_eq!(Key::char('<').notation(), "<lt>");
        assert_eq!(Key::char('>').notation(), ">");
        assert_eq!(key(KeyCode::BackTab).notation(), "<S-Tab>");
        assert_eq!(key(KeyCode::Backspace).notation(), "<BS>");
        assert_eq!(key(KeyCode::F(12)).notation(), "<F12>");
        assert_eq!(Key::ctrl('c').notation(), "<C-c>");
        assert_eq!(Key::ctrl('>').notation(), "<C-gt>");
        assert_eq!(Key::alt(' ').notation(), "<A-Space>");
        assert_eq!(Key::new(KeyCode::Left, Mods::CTRL).notation(), "<C-Left>");
        let both = Mods {
            ctrl: true,
            alt: true,
        };
        assert_eq!(Key::new(KeyCode::Char('x'), both).notation(), "<C-A-x>");
        assert_eq!(
            Key::new(KeyCode::BackTab, Mods::CTRL).notation(),
            "<C-S-Tab>"
        );
    }

    #[test]
    fn display_is_readable() {
        let cases = [
            (Key::char('j'), "j"),
            (Key::char('J'), "J"),
            (key(KeyCode::Enter), "Enter"),
            (key(KeyCode::Esc), "Esc"),
            (key(KeyCode::Tab), "Tab"),
            (key(KeyCode::BackTab), "S-Tab"),
            (key(KeyCode::Up), "↑"),
            (key(KeyCode::Down), "↓"),
            (key(KeyCode::Left), "←"),
            (key(KeyCode::Right), "→"),
            (key(KeyCode::PageUp), "PgUp"),
            (key(KeyCode::PageDown), "PgDn"),
            (key(KeyCode::Home), "Home"),
            (key(KeyCode::End), "End"),
            (Key::char(' '), "Space"),
            (key(KeyCode::Backspace), "Backspace"),
            (key(KeyCode::Delete), "Del"),
            (key(KeyCode::F(5)), "F5"),
            (Key::ctrl('c'), "C-c"),
            (Key::alt('b'), "A-b"),
            (Key::new(KeyCode::Left, Mods::CTRL), "C-←"),
            (Key::char('<'), "<"),
        ];
        for (k, want) in cases {
            assert_eq!(k.to_string(), want, "{k:?}");
        }
    }

    #[test]
    fn literal_characters_are_keys() {
        assert_eq!(
            parse_keys("jjs"),
            Ok(vec![Key::char('j'), Key::char('j'), Key::char('s')])
        );
        assert_eq!(
            parse_keys("a b>"),
            Ok(vec![
                Key::char('a'),
                Key::char(' '),
                Key::char('b'),
                Key::char('>')
            ])
        );
        assert_eq!(parse_keys(""), Ok(vec![]));
        assert_eq!(parse_keys("é中"), Ok(vec![Key::char('é'), Key::char('中')]));
    }

    #[test]
    fn tokens_parse() {
        let got =
            parse_keys("/rust<Enter>j<C-x><A-b><C-Left><lt><Space><S-Tab><F1><Del><BS>").unwrap();
        let want = vec![
            Key::char('/'),
            Key::char('r'),
            Key::char('u'),
            Key::char('s'),
            Key::char('t'),
            key(KeyCode::Enter),
            Key::char('j'),
            Key::ctrl('x'),
            Key::alt('b'),
            Key::new(KeyCode::Left, Mods::CTRL),
            Key::char('<'),
            Key::char(' '),
            key(KeyCode::BackTab),
            key(KeyCode::F(1)),
            key(KeyCode::Delete),
            key(KeyCode::Backspace),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn token_names_are_case_insensitive() {
        assert_eq!(
            parse_keys("<enter><ENTER><Enter>").unwrap(),
            vec![key(KeyCode::Enter); 3]
        );
        assert_eq!(parse_keys("<c-x><C-X>").unwrap(), vec![Key::ctrl('x'); 2]);
        assert_eq!(
            parse_keys("<s-tab><pageup><f12>").unwrap(),
            vec![
                key(KeyCode::BackTab),
                key(KeyCode::PageUp),
                key(KeyCode::F(12)),
            ]
        );
        // Alt keeps the case: A-X is Alt+Shift+x.
        assert_eq!(parse_keys("<a-X>").unwrap(), vec![Key::alt('X')]);
        assert_eq!(parse_keys("<S-j>").unwrap(), vec![Key::char('J')]);
        assert_eq!(parse_keys("<C-->").unwrap(), vec![Key::ctrl('-')]);
    }

    #[test]
    fn errors_name_token_and_column() {
        let err = parse_keys("jjs<CR><Foo>").unwrap_err();
        assert_eq!(
            err,
            KeyParseError {
                token: "<Foo>".into(),
                column: 8
            }
        );
        assert_eq!(err.to_string(), "--keys: unknown key \"<Foo>\" at column 8");
        assert_eq!(
            parse_keys("abcdef<Foo>").unwrap_err().to_string(),
            "--keys: unknown key \"<Foo>\" at column 7"
        );
        // Unclosed, empty, or a bare `<`.
        assert_eq!(parse_keys("a<Enter").unwrap_err().token, "<Enter");
        assert_eq!(parse_keys("<>").unwrap_err().token, "<>");
        assert_eq!(parse_keys("x < y").unwrap_err().column, 3);
        assert_eq!(parse_keys("<Up<Down>").unwrap_err().token, "<Up");
        // Columns count characters, not bytes.
        assert_eq!(parse_keys("éé<F13>").unwrap_err().column, 3);
        for bad in [
            "<F0>", "<F13>", "<F01>", "<C-Foo>", "<S-Up>", "<X-a>", "<C->>",
        ] {
            assert!(parse_keys(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn shifted_letter_is_uppercase_without_shift() {
        assert_eq!(
            conv(CtKeyCode::Char('J'), KeyModifiers::SHIFT),
            Some(Key::char('J'))
        );
        // Some terminals report the unshifted letter plus Shift.
        assert_eq!(
            conv(CtKeyCode::Char('j'), KeyModifiers::SHIFT),
            Some(Key::char('J'))
        );
        assert_eq!(
            conv(CtKeyCode::Char('?'), KeyModifiers::SHIFT),
            Some(Key::char('?'))
        );
        assert_eq!(
            conv(CtKeyCode::Char('j'), KeyModifiers::NONE),
            Some(Key::char('j'))
        );
    }

    #[test]
    fn ctrl_letter_is_lowercase_with_ctrl() {
        assert_eq!(
            conv(CtKeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Key::ctrl('c'))
        );
        assert_eq!(
            conv(
                CtKeyCode::Char('C'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            ),
            Some(Key::ctrl('c'))
        );
    }

    #[test]
    fn alt_is_kept() {
        assert_eq!(
            conv(CtKeyCode::Char('b'), KeyModifiers::ALT),
            Some(Key::alt('b'))
        );
        assert_eq!(
            conv(
                CtKeyCode::Char('B'),
                KeyModifiers::ALT | KeyModifiers::SHIFT
            ),
            Some(Key::alt('B'))
        );
        assert_eq!(
            conv(CtKeyCode::Left, KeyModifiers::CONTROL),
            Some(Key::new(KeyCode::Left, Mods::CTRL))
        );
    }

    #[test]
    fn shift_tab_is_backtab() {
        let backtab = Some(key(KeyCode::BackTab));
        assert_eq!(conv(CtKeyCode::BackTab, KeyModifiers::SHIFT), backtab);
        assert_eq!(conv(CtKeyCode::BackTab, KeyModifiers::NONE), backtab);
        assert_eq!(conv(CtKeyCode::Tab, KeyModifiers::SHIFT), backtab);
        assert_eq!(
            conv(CtKeyCode::Tab, KeyModifiers::NONE),
            Some(key(KeyCode::Tab))
        );
    }

    #[test]
    fn release_is_ignored_press_and_repeat_kept() {
        let mk = |kind| {
            KeyEvent::new_with_kind_and_state(
                CtKeyCode::Char('j'),
                KeyModifiers::NONE,
                kind,
                KeyEventState::NONE,
            )
        };
        assert_eq!(Key::from_crossterm(&mk(KeyEventKind::Release)), None);
        assert_eq!(
            Key::from_crossterm(&mk(KeyEventKind::Press)),
            Some(Key::char('j'))
        );
        assert_eq!(
            Key::from_crossterm(&mk(KeyEventKind::Repeat)),
            Some(Key::char('j'))
        );
    }

    #[test]
    fn unused_keys_are_dropped() {
        assert_eq!(conv(CtKeyCode::Insert, KeyModifiers::NONE), None);
        assert_eq!(conv(CtKeyCode::F(13), KeyModifiers::NONE), None);
        assert_eq!(conv(CtKeyCode::CapsLock, KeyModifiers::NONE), None);
        assert_eq!(
            conv(CtKeyCode::F(12), KeyModifiers::NONE),
            Some(key(KeyCode::F(12)))
        );
    }

    #[test]
    fn converted_keys_round_trip_through_notation() {
        let events = [
            ev(CtKeyCode::Char('J'), KeyModifiers::SHIFT),
            ev(CtKeyCode::Char('c'), KeyModifiers::CONTROL),
            ev(CtKeyCode::Tab, KeyModifiers::SHIFT),
            ev(CtKeyCode::Char('<'), KeyModifiers::SHIFT),
            ev(CtKeyCode::Char(' '), KeyModifiers::CONTROL),
            ev(CtKeyCode::Right, KeyModifiers::ALT),
        ];
        for e in &events {
            let k = Key::from_crossterm(e).unwrap();
            assert_eq!(parse_keys(&k.notation()), Ok(vec![k]));
        }
    }
}
