//! The terminal after a panic: the real binary in tmux, made to panic mid-session by its
//! test-only trigger (debug builds only: with `HALLWAY_TEST_PANIC` set, the key `!` panics;
//! release builds compile the trigger out). The terminal must have left raw mode, the
//! alternate screen and mouse reporting, show the cursor, and the panic
//! message must be printed where the user can read it.
#![cfg(unix)]

mod tmux_shell;

use tmux_shell::Tmux;

const PROMPT_MARK: &str = "panic-test$";
const HEADER: &str = "PyTorch Conference 2024";
const MESSAGE: &str = "test panic (HALLWAY_TEST_PANIC)";
const TARGET: &str = "panic";

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
    let Some(t) = Tmux::start(TARGET) else {
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
