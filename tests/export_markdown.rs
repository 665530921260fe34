//! `export notes` (Markdown) keeps every word: the export is rendered with a CommonMark
//! renderer (pulldown-cmark, plain and with the GFM / Obsidian extensions: tables,
//! strikethrough, task lists, footnotes, math, wikilinks) and the rendered text of every note
//! must equal the note as stored — over the real attendee notes of ../shared/examples imported
//! through the binary, a list of nasty notes, and random punctuation-heavy notes.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use chrono::{DateTime, FixedOffset};
use hallway::export::markdown;
use hallway::schedule::{Schedule, bundled};
use hallway::store::{Change, Store};
use proptest::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

const NOTES: &str = "examples/attendee-notes-pytorch-2024.txt";
/// An untimed session of the bundled program, so no `*(+12m)*` follows its notes.
const SESSION: &str = "meta-llama-3-and-the-future-of";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-09-18T17:30:00-07:00").unwrap()
}

/// The renderers the export must read right in: plain CommonMark, and with the extensions
/// GitHub, Obsidian and Logseq add.
fn flavours() -> [Options; 2] {
    [
        Options::empty(),
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_MATH
            | Options::ENABLE_GFM
            | Options::ENABLE_WIKILINKS,
    ]
}

/// What a reader sees of the export: the text of each `##` heading and of each item of the
/// top-level numbered lists, in order. Line breaks read as `\n`; anything that is not plain
/// text (emphasis, code, a link, HTML, a nested list or quote, math...) shows as a `⟨marker⟩`
/// so it can never equal a note.
#[derive(Debug, Default)]
struct Rendered {
    headings: Vec<String>,
    items: Vec<String>,
}

fn render(md: &str, options: Options) -> Rendered {
    let mut out = Rendered::default();
    let mut lists = 0;
    let mut in_heading = false;
    let mut paragraphs = 0;
    for event in Parser::new_ext(md, options) {
        let sink = if in_heading {
            out.headings.last_mut()
        } else if lists > 0 {
            out.items.last_mut()
        } else {
            None
        };
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_heading = true;
                out.headings.push(String::new());
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_heading = false,
            Event::Start(Tag::List(Some(_))) if lists == 0 => lists = 1,
            Event::End(TagEnd::List(true)) if lists == 1 => lists = 0,
            Event::Start(Tag::Item) if lists == 1 => {
                out.items.push(String::new());
                paragraphs = 0;
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(s) = sink
                    && paragraphs > 0
                {
                    s.push_str("⟨paragraph⟩");
                }
                paragraphs += 1;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {}
            Event::Text(t) => {
                if let Some(s) = sink {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(s) = sink {
                    s.push('\n');
                }
            }
            other => {
                if let Event::Start(Tag::List(_)) = other {
                    lists += 1;
                }
                if let Event::End(TagEnd::List(_)) = other {
                    lists -= 1;
                }
                if let Some(s) = sink {
                    s.push_str(&format!("⟨{other:?}⟩"));
                }
            }
        }
    }
    out
}

/// A note as a reader should see it: as stored, but for line breaks at its very end.
fn as_read(text: &str) -> String {
    text.trim_end_matches('\n').to_owned()
}

/// Stores `notes` on one untimed session of the bundled program, exports them, and checks
/// that each renders as stored in every flavour.
fn assert_round_trip(program: &Schedule, notes: &[String]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), now()).unwrap().0;
    let conference = program.conference.id.clone();
    let changes = notes
        .iter()
        .map(|text| Change::AddNote {
            conference: conference.clone(),
            session: SESSION.to_owned(),
            text: text.clone(),
        })
        .collect();
    store.apply_all(changes, now()).unwrap();
    let stored: Vec<String> = store
        .notes(&conference, SESSION)
        .iter()
        .map(|n| as_read(&n.text))
        .collect();
    prop_assert_eq!(stored.len(), notes.len());
    let md = markdown::notes(program, &store);
    for options in flavours() {
        let rendered = render(&md, options);
        prop_assert_eq!(
            &rendered.items,
            &stored,
            "options {:?}, export:\n{}",
            options,
            md
        );
        prop_assert_eq!(
            &rendered.headings,
            &[program.get(SESSION).unwrap().title.clone()]
        );
    }
    Ok(())
}

fn nasty() -> Vec<String> {
    [
        "21.FSDP sharded data *including* weights",
        "21. FSDP sharded",
        "21) closing paren",
        "1.",
        "*emphasis* and **strong** and _under_ and __double__ and snake_case_name",
        "# heading",
        "###### six",
        "####### seven",
        "#hashtag in Obsidian",
        "> quoted",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "a | b\n-|-\nc | d",
        "`code` and ``double `tick` code``",
        "```\nfenced\n```",
        "~~~\ntilde fence\n~~~",
        "<b>bold</b> and <!-- comment --> and <div>",
        "<https://example.com> and https://github.com/pytorch/xla and www.example.com",
        "mail <me@example.com>",
        "[x](y) and ![img](a.png) and [ref][1] and [^1] footnote",
        "[1]: https://example.com",
        "[ ] not a task\n[x] nor this",
        "[[wikilink]] and [[page|alias]]",
        "\\2 not an escape, \\* is one, and a trailing backslash \\",
        "C:\\Users\\me\\notes.txt",
        "&amp; &lt; &#35; &#x41; &nbsp; and research&transparency",
        "~strike~ and ~~strike~~ and ~50% faster",
        "- dash\n+ plus\n* star",
        "-> arrow and --flag",
        "---",
        "***",
        "___",
        "- - -",
        "= not an underline",
        "title\n===",
        "title\n---",
        "line with two trailing spaces  \nnext line",
        "trailing spaces at the end   ",
        "    four spaces: not code",
        "  two leading spaces",
        "multi\nline\nnote",
        "blank line inside\n\nthe note",
        "two blank lines\n\n\nbetween",
        "   \nspaces-only line first",
        "\nstarts with a line break",
        "$x^2$ and $$display$$ and $5 to $10",
        "==highlight== and %%comment%% and a = b",
        "a\\\nb backslash line break",
        "1. nested\n2. list",
        "line one\n  1. indented number",
        "<",
        "&",
        "\\",
        "![",
        "*",
        "_",
        "`",
        "[^note]: a footnote definition",
        "Term\n: definition-looking line",
        "     five spaces then text",
        "tab\tinside",
        "東京 *強調* 🎉 _ü_",
        "end with hashes ##",
        "<!-->",
        "combined: 12. **bold** `code` <i>x</i> [l](u) | cell | ~s~ $m$ \\ & &amp;",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

#[test]
fn nasty_notes_render_exactly_as_typed() {
    let program = bundled::load().unwrap();
    let notes = nasty();
    assert_round_trip(&program, &notes).unwrap();
}

#[test]
fn the_issue_example_is_readable_and_exact() {
    let program = bundled::load().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), now()).unwrap().0;
    let change = Change::AddNote {
        conference: program.conference.id.clone(),
        session: SESSION.to_owned(),
        text: "21.FSDP sharded data *including* weights".to_owned(),
    };
    store.apply(change, now()).unwrap();
    let md = markdown::notes(&program, &store);
    // No backslash before `21.` (not a list marker without a space), one before each `*`.
    assert!(
        md.contains("\n1. 21.FSDP sharded data \\*including\\* weights\n"),
        "{md}"
    );
}

#[test]
fn seed_notes_imported_through_the_binary_render_as_stored() {
    let Some(path) = common::shared(NOTES) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = common::hallway(dir.path())
        .args(["import-notes", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    let md = common::hallway(dir.path())
        .args(["export", "notes"])
        .output()
        .unwrap();
    assert!(md.status.success(), "{}", common::stderr(&md));
    let md = common::stdout(&md);
    let json = common::hallway(dir.path())
        .args(["export", "notes", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&common::stdout(&json)).unwrap();
    let sessions = json["sessions"].as_array().unwrap();
    let titles: Vec<String> = sessions
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect();
    let stored: Vec<String> = sessions
        .iter()
        .flat_map(|s| s["notes"].as_array().unwrap())
        .map(|n| as_read(n["text"].as_str().unwrap()))
        .collect();
    assert_eq!(stored.len(), 21, "{json}");
    for options in flavours() {
        let rendered = render(&md, options);
        assert_eq!(rendered.items, stored, "{options:?}\n{md}");
        assert_eq!(rendered.headings, titles, "{options:?}\n{md}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    #[test]
    fn random_punctuation_heavy_notes_render_as_typed(
        notes in prop::collection::vec(
            "[a-c1-2 *_`#>|\\[\\]()<>&;!~$=%+.:\\\\\n-]{1,24}",
            1..6,
        ),
    ) {
        let notes: Vec<String> = notes.into_iter().filter(|n| !n.trim().is_empty()).collect();
        prop_assume!(!notes.is_empty());
        let program = bundled::load().unwrap();
        assert_round_trip(&program, &notes)?;
    }
}

#[test]
fn the_reader_sees_markup_that_is_not_escaped() {
    // The check above is only as good as `render`: unescaped markup must not read as text.
    for raw in [
        "*x*",
        "`x`",
        "<b>x</b>",
        "[x](y)",
        "\\*",
        "a  \nb",
        "> q",
        "- x",
        "| a |\n|---|",
        "~s~",
        "$m$",
    ] {
        let md = format!("1. {}\n", raw.replace('\n', "\n   "));
        let rendered = render(&md, flavours()[1]);
        assert_ne!(rendered.items, [raw], "{raw:?} read as text: {md}");
    }
}

#[test]
fn titles_with_markup_read_as_written() {
    let titles = [
        "Keynote: *Why* <b>PyTorch</b> [wins](x) — C# and #",
        "21. Things | you ~should~ know about `torch.compile` & &amp;",
        "_Underscored_ \\ back\\slash $5",
    ];
    let sessions: Vec<serde_json::Value> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({
                "id": format!("s{i}"),
                "title": t,
                "speakers": [{ "name": "*Ann* <Lee>", "affiliation": "[Org]" }],
            })
        })
        .collect();
    let file = serde_json::json!({
        "format": "hallway-schedule",
        "version": 1,
        "conference": {
            "id": "testconf", "name": "Test *Conf*", "start_date": "2025-03-01",
            "end_date": "2025-03-02", "utc_offset": "+01:00"
        },
        "sessions": sessions
    });
    let program = hallway::schedule::load::from_str(&file.to_string(), "t.json").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), now()).unwrap().0;
    let mut changes: Vec<Change> = (0..titles.len())
        .map(|i| Change::AddNote {
            conference: "testconf".to_owned(),
            session: format!("s{i}"),
            text: "note".to_owned(),
        })
        .collect();
    // A session gone from the program, with an id a code span must fence carefully.
    changes.push(Change::AddNote {
        conference: "testconf".to_owned(),
        session: "gone`id".to_owned(),
        text: "*kept*".to_owned(),
    });
    store.apply_all(changes, now()).unwrap();
    let md = markdown::notes(&program, &store);
    for options in flavours() {
        let rendered = render(&md, options);
        let mut headings = titles.map(str::to_owned).to_vec();
        headings.push("Sessions no longer in the program".to_owned());
        assert_eq!(rendered.headings, headings, "{md}");
        assert_eq!(rendered.items, ["note", "note", "note", "*kept*"], "{md}");
    }
    assert!(md.contains("*\\*Ann\\* \\<Lee>"), "{md}");
    assert!(md.contains("### ``gone`id``"), "{md}");
}
