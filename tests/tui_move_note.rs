//! Moving notes in the Session pane: `V` marks a run, `m` opens the talk picker (talks in
//! progress and starred ones first, typing searches), Enter moves with one save, `u` moves
//! them back with one save; the picker as drawn at 80×24.

mod common;
mod tui_support;

use chrono::{DateTime, FixedOffset};
use hallway::store::{Change, Store};
use hallway::tui::action::Action;
use hallway::tui::app::{App, Effect, Mode};
use hallway::tui::effects;
use tui_support::{app, keys, screen, wednesday};

const CONF: &str = "pytorch-conference-2024";
/// "A Distributed Stateful Dataloader for Large-Scale Pretraining", Wed 14:55–15:20.
const FROM: &str = "1fHmN";
/// "Building Scientific Computing Infrastructure Software with the PyTorch Ecosystem".
const DEEPCHEM: &str = "building-scientific-computing";

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn texts(a: &App, session: &str) -> Vec<String> {
    a.store
        .notes(CONF, session)
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

fn status(a: &App) -> String {
    a.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// An app with notes one..four on 1fHmN, its Session pane focused, no note selected.
fn with_notes(now: DateTime<FixedOffset>, size: (u16, u16)) -> (tempfile::TempDir, App) {
    let (dir, mut a) = app(now, size);
    keys(
        &mut a,
        "/Distributed Stateful<Enter><Enter>none<Enter>two<Enter>three<Enter>four<Enter><Esc>",
    );
    assert_eq!(a.selected().map(|s| s.id.as_str()), Some(FROM));
    assert_eq!(texts(&a, FROM), ["one", "two", "three", "four"]);
    assert_eq!(a.mode, Mode::Browse);
    (dir, a)
}

/// Feeds one action; the effect it asks for, carried out as the event loop does.
fn act(a: &mut App, action: Action) -> Option<Effect> {
    let effect = a.update(action);
    if let Some(Effect::Save(change)) = effect.clone() {
        effects::save(a, change);
    }
    effect
}

#[test]
fn a_marked_range_moves_to_the_talk_found_by_search_and_u_brings_it_back() {
    let (dir, mut a) = with_notes(wednesday(), (120, 40));
    // j selects note 1, j note 2; V marks from there, j extends to note 3.
    keys(&mut a, "jjVj");
    assert_eq!(a.marked_notes(), Some(1..=2));
    assert!(a.is_marked(1) && a.is_marked(2) && !a.is_marked(0));
    keys(&mut a, "m");
    assert_eq!(a.mode, Mode::PickTalk);
    let moving = a.pick.moving.clone().unwrap_or_else(|| panic!("no move"));
    assert_eq!((moving.session.as_str(), moving.numbers), (FROM, 2..=3));
    assert!(
        a.pick
            .offered
            .iter()
            .all(|&p| a.schedule.sessions()[p].id != FROM),
        "the notes' own session is offered"
    );
    // The summary mentions DeepChem, the title does not: the search finds it, typo and all.
    keys(&mut a, "deepchm");
    let first = a
        .selected_pick()
        .map(|p| a.schedule.sessions()[p].id.clone());
    assert_eq!(first.as_deref(), Some(DEEPCHEM));

    // Enter asks for one save: one MoveNotes of both notes.
    let effect = act(&mut a, Action::Open);
    let Some(Effect::Save(Change::MoveNotes { note_ids, to, .. })) = effect else {
        panic!("Enter should save one move, got {effect:?}");
    };
    assert_eq!((note_ids.len(), to.as_str()), (2, DEEPCHEM));
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(texts(&a, FROM), ["one", "four"]);
    assert_eq!(texts(&a, DEEPCHEM), ["two", "three"]);
    assert_eq!(a.marked_notes(), None);
    let said = status(&a);
    assert!(
        said.starts_with("moved notes 2–3 to \"Building Scientific"),
        "{said}"
    );
    assert!(said.ends_with("(now notes 1–2) — u undoes"), "{said}");
    // Saved: another process reads it.
    let (disk, _) = Store::open(dir.path(), wednesday()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(disk.notes(CONF, DEEPCHEM).len(), 2);

    // u: one save moves them back, in their place, and selects them.
    let effect = act(&mut a, Action::UndoDelete);
    assert!(
        matches!(effect, Some(Effect::Save(Change::MoveNotes { .. }))),
        "{effect:?}"
    );
    assert_eq!(texts(&a, FROM), ["one", "two", "three", "four"]);
    assert!(texts(&a, DEEPCHEM).is_empty());
    assert_eq!(a.note, Some(1));
    assert!(
        status(&a).starts_with("move undone: notes 2–3 back on \"A Distributed"),
        "{}",
        status(&a)
    );
    let (disk, _) = Store::open(dir.path(), wednesday()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(disk.notes(CONF, FROM).len(), 4);
    // Once: a second u has nothing left to undo.
    assert_eq!(act(&mut a, Action::UndoDelete), None);
    assert_eq!(status(&a), "nothing to undo");
}

#[test]
fn m_without_a_mark_moves_the_selected_note_and_keeps_its_written_time() {
    let (_d, mut a) = with_notes(wednesday(), (120, 40));
    let written = a.store.notes(CONF, FROM)[2].written;
    keys(&mut a, "jjjmdeepchem<Enter>");
    assert_eq!(texts(&a, FROM), ["one", "two", "four"]);
    assert_eq!(texts(&a, DEEPCHEM), ["three"]);
    assert_eq!(a.store.notes(CONF, DEEPCHEM)[0].written, written);
    assert!(status(&a).starts_with("moved note 3 to"), "{}", status(&a));
    assert!(status(&a).contains("(now note 1)"), "{}", status(&a));
    // The selection stays on a note of the session.
    assert_eq!(a.note, Some(2));
}

#[test]
fn talks_in_progress_come_first_then_starred_ones() {
    // Thursday 14:38: 1fHn2 (14:30–14:55) is the one talk in progress.
    let (_d, mut a) = with_notes(at("2024-09-19T14:38:00-07:00"), (120, 40));
    a.store
        .apply(
            Change::Star {
                conference: CONF.into(),
                session: DEEPCHEM.into(),
            },
            a.now,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    keys(&mut a, "jm");
    let ids: Vec<&str> = a
        .pick
        .offered
        .iter()
        .map(|&p| a.schedule.sessions()[p].id.as_str())
        .collect();
    assert_eq!(&ids[..2], ["1fHn2", DEEPCHEM]);
    assert_eq!(ids.len(), a.schedule.sessions().len() - 1);
    // Esc cancels: nothing moved, the note still selected.
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(texts(&a, FROM).len(), 4);
    assert_eq!(a.note, Some(0));
}

#[test]
fn a_filter_that_finds_nothing_moves_nothing() {
    let (_d, mut a) = with_notes(wednesday(), (120, 40));
    keys(&mut a, "jmzzqqxxwwvv<Enter>");
    assert_eq!(a.mode, Mode::PickTalk, "the picker stays open");
    assert!(status(&a).contains("no talk matches"), "{}", status(&a));
    keys(&mut a, "<Esc>");
    assert_eq!(texts(&a, FROM).len(), 4);
}

#[test]
fn the_mark_is_cleared_by_esc_and_by_leaving_the_session() {
    let (_d, mut a) = with_notes(wednesday(), (120, 40));
    keys(&mut a, "jVj");
    assert_eq!(a.marked_notes(), Some(0..=1));
    // Esc clears the mark only: the Session pane keeps focus and the note.
    keys(&mut a, "<Esc>");
    assert_eq!(a.marked_notes(), None);
    assert_eq!(a.note, Some(1));
    assert_eq!(status(&a), "mark cleared");
    // V twice clears it too.
    keys(&mut a, "VV");
    assert_eq!(a.marked_notes(), None);
    // Leaving the pane drops it for good.
    keys(&mut a, "Vj<S-Tab><Tab><Tab>");
    assert_eq!(a.marked_notes(), None);
    // Without a selected note there is nothing to mark or move.
    let (_d2, mut b) = with_notes(wednesday(), (120, 40));
    keys(&mut b, "V");
    assert!(status(&b).starts_with("no note selected"), "{}", status(&b));
    keys(&mut b, "m");
    assert_eq!(b.mode, Mode::Browse);
    assert!(status(&b).starts_with("no note selected"), "{}", status(&b));
}

#[test]
fn u_undoes_whichever_came_last_of_a_delete_and_a_move() {
    let (_d, mut a) = with_notes(wednesday(), (120, 40));
    // Delete note 1, then move note 1 (was two): u moves "two" back, and the delete stays.
    keys(&mut a, "jd");
    assert_eq!(texts(&a, FROM), ["two", "three", "four"]);
    keys(&mut a, "jmdeepchem<Enter>");
    assert_eq!(texts(&a, FROM), ["two", "four"]);
    keys(&mut a, "u");
    assert_eq!(texts(&a, FROM), ["two", "three", "four"]);
    assert!(texts(&a, DEEPCHEM).is_empty());
    keys(&mut a, "u");
    assert_eq!(status(&a), "nothing to undo");
    // Move, then delete: u brings the deleted note back, the move stays.
    keys(&mut a, "gmdeepchem<Enter>");
    assert_eq!(texts(&a, DEEPCHEM), ["two"]);
    keys(&mut a, "gd");
    assert_eq!(texts(&a, FROM), ["four"]);
    keys(&mut a, "u");
    assert_eq!(texts(&a, FROM), ["three", "four"]);
    assert_eq!(texts(&a, DEEPCHEM), ["two"]);
    keys(&mut a, "u");
    assert_eq!(status(&a), "nothing to undo");
}

#[test]
fn notes_another_hallway_adds_meanwhile_are_kept_and_undo_moves_only_the_moved_ones() {
    let (dir, mut a) = with_notes(wednesday(), (120, 40));
    keys(&mut a, "jjVjmdeepchem");
    // While the picker is open, another process writes on both sessions.
    let (mut other, _) = Store::open(dir.path(), wednesday()).unwrap_or_else(|e| panic!("{e}"));
    for (session, text) in [(FROM, "five elsewhere"), (DEEPCHEM, "deepchem elsewhere")] {
        let add = Change::AddNote {
            conference: CONF.into(),
            session: session.into(),
            text: text.into(),
        };
        other
            .apply(add, wednesday())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    keys(&mut a, "<Enter>");
    assert_eq!(texts(&a, FROM), ["one", "four", "five elsewhere"]);
    assert_eq!(texts(&a, DEEPCHEM), ["deepchem elsewhere", "two", "three"]);
    assert!(status(&a).contains("(now notes 2–3)"), "{}", status(&a));
    keys(&mut a, "u");
    assert_eq!(
        texts(&a, FROM),
        ["one", "two", "three", "four", "five elsewhere"]
    );
    assert_eq!(texts(&a, DEEPCHEM), ["deepchem elsewhere"]);
    let (disk, _) = Store::open(dir.path(), wednesday()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(disk.notes(CONF, FROM).len(), 5);
    assert_eq!(disk.notes(CONF, DEEPCHEM).len(), 1);
}

#[test]
fn undo_after_the_moved_notes_were_deleted_elsewhere_says_so_and_loses_nothing() {
    let (dir, mut a) = with_notes(wednesday(), (120, 40));
    keys(&mut a, "jjmdeepchem<Enter>");
    assert_eq!(texts(&a, DEEPCHEM), ["two"]);
    let (mut other, _) = Store::open(dir.path(), wednesday()).unwrap_or_else(|e| panic!("{e}"));
    let id = other.notes(CONF, DEEPCHEM)[0].id;
    other
        .apply(
            Change::DeleteNote {
                conference: CONF.into(),
                session: DEEPCHEM.into(),
                note_id: id,
            },
            wednesday(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    keys(&mut a, "u");
    assert!(a.status.as_ref().is_some_and(|s| s.error), "{}", status(&a));
    assert_eq!(texts(&a, FROM), ["one", "three", "four"]);
    assert!(texts(&a, DEEPCHEM).is_empty());
}

#[test]
fn the_move_picker_as_drawn_at_80x24() {
    let (_d, mut a) = with_notes(at("2024-09-19T14:38:00-07:00"), (80, 24));
    a.store
        .apply(
            Change::Star {
                conference: CONF.into(),
                session: DEEPCHEM.into(),
            },
            a.now,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    keys(&mut a, "jjVjm");
    let picker = screen(&mut a);
    keys(&mut a, "fsdp");
    let searched = screen(&mut a);
    keys(&mut a, "<Esc>");
    let marked = screen(&mut a);
    insta::assert_snapshot!(format!(
        "{picker}\n---- fsdp ----\n{searched}\n---- Esc: the marked notes ----\n{marked}"
    ));
}

#[test]
fn the_marked_notes_show_as_selected_without_colour() {
    use hallway::tui::headless;
    use hallway::tui::ui::Theme;
    use ratatui::style::Modifier;

    let (_d, mut a) = with_notes(wednesday(), (120, 40));
    keys(&mut a, "jjVj");
    let buf = headless::draw(&mut a, Theme::new(true));
    let area = a.areas.detail.unwrap_or_default();
    // The row that starts a note: "N. text".
    let row_of = |label: &str| {
        (area.y..area.y + area.height).find(|&y| {
            let line: String = (area.x..area.x + area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect();
            line.trim_start_matches(['┃', ' ']).starts_with(label)
        })
    };
    let reversed = |label: &str| {
        let y = row_of(label).unwrap_or_else(|| panic!("{label} not drawn"));
        buf[(area.x + 2, y)].modifier.contains(Modifier::REVERSED)
    };
    assert!(!reversed("1. one"));
    assert!(reversed("2. two"));
    assert!(reversed("3. three"));
    assert!(!reversed("4. four"));
}

#[test]
fn while_notes_are_marked_the_status_line_says_which_and_what_the_keys_do() {
    let (_d, mut a) = with_notes(wednesday(), (120, 40));
    keys(&mut a, "jjV");
    assert_eq!(
        status(&a),
        "note 2 marked: j/k extend, m moves them, V or Esc clears"
    );
    keys(&mut a, "jj");
    assert_eq!(
        status(&a),
        "notes 2–4 marked: j/k extend, m moves them, V or Esc clears"
    );
    keys(&mut a, "kkk");
    assert_eq!(a.marked_notes(), Some(0..=1));
    assert!(status(&a).starts_with("notes 1–2 marked"), "{}", status(&a));
}
