//! The README stays true: its Quick start holds exactly the two commands, and it documents every
//! key binding the keymap has.

use hallway::tui::keymap::BINDINGS;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap_or_default()
}

#[test]
fn quick_start_has_exactly_the_two_commands() {
    let text = readme();
    let start = text
        .find("## Quick start")
        .unwrap_or_else(|| panic!("no Quick start"));
    let block = text[start..].split("```").nth(1).unwrap_or_default();
    let commands: Vec<&str> = block
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(commands, ["cargo run --release", "cargo test"]);
}

#[test]
fn every_key_binding_is_documented() {
    let text = readme();
    for b in BINDINGS {
        for key in b.keys {
            let shown = format!("`{key}`");
            let within = text.contains(&shown)
                || text.contains(&format!(" {key} "))
                || text.contains(&format!("`{key} "));
            assert!(within, "README does not document {key} ({:?})", b.action);
        }
    }
}
