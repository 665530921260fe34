//! `y` copies the selected session's link through the terminal (OSC 52), and over SSH `o`
//! copies instead of starting a browser on the server. Checked in a real tmux with
//! `set-clipboard on`, which takes OSC 52 into its paste buffer as a terminal would into the
//! clipboard.

mod common;
mod tmux_shell;

use tmux_shell::Tmux;

const MARK: &str = "clip-test$";

fn buffer(t: &Tmux) -> String {
    String::from_utf8_lossy(&t.run(&["show-buffer"]).stdout).into_owned()
}

/// The URL the status line names after "…: ".
fn url_in(screen: &str, what: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no {what:?} on screen:\n{screen}"));
    let start = line
        .find("https://")
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    line[start..].trim().to_owned()
}

#[test]
fn y_copies_the_link_through_the_terminal() {
    let Some(t) = Tmux::start("clip") else {
        return;
    };
    t.run(&["set", "-g", "set-clipboard", "on"]);
    t.wait_until("the prompt", |s| s.contains(MARK));
    t.shell(r#""$HALLWAY_BIN""#);
    t.wait_until("the first frame", |s| s.contains("PyTorch Conference 2024"));
    t.keys(&["y"]);
    let screen = t.wait_until("the copy", |s| s.contains("copied to your clipboard"));
    let url = url_in(&screen, "copied to your clipboard");
    assert!(
        url.starts_with("https://pytorch2024.sched.com/event/"),
        "{url}"
    );
    assert_eq!(buffer(&t), url);
    t.keys(&["q"]);
}

#[test]
fn over_ssh_o_copies_the_link_instead_of_opening_a_browser_on_the_server() {
    let Some(t) = Tmux::start("clip") else {
        return;
    };
    t.run(&["set", "-g", "set-clipboard", "on"]);
    t.wait_until("the prompt", |s| s.contains(MARK));
    t.shell(r#"SSH_CONNECTION="10.0.0.2 52000 10.0.0.1 22" "$HALLWAY_BIN""#);
    t.wait_until("the first frame", |s| s.contains("PyTorch Conference 2024"));
    t.keys(&["o"]);
    let screen = t.wait_until("the copy", |s| s.contains("over SSH: copied"));
    let url = url_in(&screen, "over SSH: copied");
    assert_eq!(buffer(&t), url);
    t.keys(&["q"]);
}
