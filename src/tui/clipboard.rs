//! Copying a link to the attendee's clipboard through the terminal (OSC 52), which works over
//! SSH, where no browser can be opened: the sequence travels to the terminal on the attendee's
//! own machine, which puts the text on its clipboard (xterm, iTerm2, kitty, WezTerm, foot,
//! Windows Terminal, Alacritty; tmux passes it on with `set-clipboard on`, or through its DCS
//! passthrough with `allow-passthrough on`).

use base64::Engine as _;

/// The bytes that put `text` on the clipboard: `ESC ] 52 ; c ; BASE64 BEL`. Inside tmux, that
/// (which tmux takes with `set-clipboard on`) and the same inside tmux's DCS passthrough (which
/// reaches the outer terminal with `allow-passthrough on`). The text is base64, so nothing in
/// it can act on the terminal.
#[must_use]
pub fn osc52(text: &str, tmux: bool) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let seq = format!("\x1b]52;c;{encoded}\x07");
    if tmux {
        format!("{seq}\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b")).into_bytes()
    } else {
        seq.into_bytes()
    }
}

/// Whether hallway runs over SSH: a browser started here would open on the remote machine,
/// not in front of the attendee, so links are copied instead.
#[must_use]
pub fn over_ssh(env: &dyn Fn(&str) -> Option<String>) -> bool {
    ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"]
        .iter()
        .any(|v| env(v).is_some_and(|s| !s.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_and_wrapped_for_tmux() {
        assert_eq!(
            osc52("https://x.org/a", false),
            b"\x1b]52;c;aHR0cHM6Ly94Lm9yZy9h\x07".to_vec()
        );
        assert_eq!(
            osc52("https://x.org/a", true),
            b"\x1b]52;c;aHR0cHM6Ly94Lm9yZy9h\x07\x1bPtmux;\x1b\x1b]52;c;aHR0cHM6Ly94Lm9yZy9h\x07\x1b\\"
                .to_vec()
        );
        // Hostile text stays inert: only base64 characters between the fences.
        let bytes = osc52("\x1b]0;pwned\x07", false);
        let body = &bytes[7..bytes.len() - 1];
        assert!(
            body.iter()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b))
        );
    }

    #[test]
    fn ssh_is_told_by_its_variables() {
        let env = |k: &str| (k == "SSH_TTY").then(|| "/dev/pts/3".to_owned());
        assert!(over_ssh(&env));
        assert!(!over_ssh(&|_| None));
        assert!(!over_ssh(&|_: &str| Some(String::new())));
    }
}
