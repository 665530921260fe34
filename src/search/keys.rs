//! The lowercase search keys of a session, one per [`Field`], made on demand from the program's
//! own strings.
//!
//! The index keeps no copy of them: it shares the program's text. Building the vocabulary reads
//! each key twice, and a query reads keys only for words with punctuation or symbols
//! (`torch.compile`, `c++`), and then only those of the sessions whose vocabulary says they may
//! hold the word; lowering a title or a list of speakers again costs less than keeping 8 MB of
//! lowercase copies at 50,000 sessions. A key that is already lowercase (most ids, many rooms)
//! is the program's string itself.

use std::borrow::Cow;

use crate::schedule::{Session, Summary};

use super::Field;

/// The key of `session` for `field`: its text lowercased, borrowed from the session when it is
/// lowercase already, otherwise lowered into `scratch`. Several speakers (or affiliations) are
/// joined by a newline, which no query word can span.
pub(super) fn key<'a>(session: &'a Session, field: Field, scratch: &'a mut String) -> &'a str {
    if field == Field::Summary {
        return match summary(session) {
            None => "",
            Some(Cow::Borrowed(text)) if is_lower_ascii(text) => text,
            Some(text) => {
                scratch.clear();
                push_lower(scratch, &text);
                scratch
            }
        };
    }
    let single = match field {
        Field::Title => Some(session.title.as_str()),
        Field::Kind => Some(session.kind.as_deref().unwrap_or_default()),
        Field::Track => Some(session.track.as_deref().unwrap_or_default()),
        Field::Room => Some(session.room.as_deref().unwrap_or_default()),
        Field::Id => Some(session.id.as_str()),
        // The summary was answered above.
        Field::Speaker | Field::Affiliation | Field::Summary => None,
    };
    if let Some(text) = single
        && is_lower_ascii(text)
    {
        return text;
    }
    scratch.clear();
    match single {
        Some(text) => push_lower(scratch, text),
        None if field == Field::Speaker => {
            push_joined(scratch, session.speakers.iter().map(|p| p.name.as_str()));
        }
        None => push_joined(
            scratch,
            session
                .speakers
                .iter()
                .filter_map(|p| p.affiliation.as_deref()),
        ),
    }
    scratch
}

/// A session's summary: the one place the index reads it. A program opened from its cache
/// reads it from the file here (`schedule::summary`).
fn summary(session: &Session) -> Option<Cow<'_, str>> {
    session.summary_text()
}

/// ASCII without capitals: its own lowercase.
fn is_lower_ascii(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// How many bytes of text `session` gives the index, before lowering.
pub(super) fn text_len(session: &Session) -> usize {
    let opt = |o: &Option<String>| o.as_ref().map_or(0, String::len);
    session.title.len()
        + session.id.len()
        + opt(&session.kind)
        + opt(&session.track)
        + opt(&session.room)
        + session.summary.as_ref().map_or(0, Summary::len)
        + session
            .speakers
            .iter()
            .map(|p| p.name.len() + opt(&p.affiliation) + 2)
            .sum::<usize>()
}

fn push_joined<'a>(text: &mut String, parts: impl Iterator<Item = &'a str>) {
    for (i, part) in parts.enumerate() {
        if i > 0 {
            text.push('\n');
        }
        push_lower(text, part);
    }
}

/// Appends `s.to_lowercase()`. Abstracts are mostly ASCII with the odd curly quote, so ASCII
/// runs are copied and lowered in bulk and only the other characters go one by one — the same
/// result as `str::to_lowercase` (which also goes char by char), except for a word-final capital
/// sigma, so text with one takes the standard path.
fn push_lower(text: &mut String, s: &str) {
    if s.is_ascii() {
        push_ascii_lower(text, s);
        return;
    }
    if s.contains('Σ') {
        text.push_str(&s.to_lowercase());
        return;
    }
    let mut rest = s;
    while !rest.is_empty() {
        let (head, tail) = rest.split_at(ascii_prefix(rest.as_bytes()));
        push_ascii_lower(text, head);
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            text.extend(c.to_lowercase());
        }
        rest = chars.as_str();
    }
}

fn push_ascii_lower(text: &mut String, s: &str) {
    let start = text.len();
    text.push_str(s);
    if let Some(pushed) = text.get_mut(start..) {
        pushed.make_ascii_lowercase();
    }
}

/// The length of the ASCII prefix of `bytes`, eight bytes at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0xff; 8]));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;
    use crate::schedule::load;

    #[test]
    fn keys_are_the_fields_lowercased_and_borrowed_when_already_lowercase() {
        let file = r#"{
            "format": "hallway-schedule", "version": 1,
            "conference": { "name": "C", "start_date": "2025-03-01", "end_date": "2025-03-01",
                            "utc_offset": "+01:00" },
            "sessions": [{
                "id": "talk-42", "title": "PyTorch’s Inductor", "track": "llm",
                "room": "Hall Ä", "summary": "On TORCH.compile",
                "speakers": [{ "name": "Ada L", "affiliation": "Meta" }, { "name": "Grace H" }]
            }]
        }"#;
        let schedule = load::from_str(file, "test.json").unwrap();
        let session = &schedule.sessions()[0];
        let expected = [
            (Field::Title, "pytorch’s inductor"),
            (Field::Speaker, "ada l\ngrace h"),
            (Field::Affiliation, "meta"),
            (Field::Kind, ""),
            (Field::Track, "llm"),
            (Field::Room, "hall ä"),
            (Field::Summary, "on torch.compile"),
            (Field::Id, "talk-42"),
        ];
        let mut scratch = String::new();
        for (field, lowered) in expected {
            assert_eq!(key(session, field, &mut scratch), lowered, "{field:?}");
        }
        let id = key(session, Field::Id, &mut scratch);
        assert!(
            std::ptr::eq(id, session.id.as_str()),
            "the id is not copied"
        );
        let track = key(session, Field::Track, &mut scratch);
        assert!(std::ptr::eq(track, session.track.as_deref().unwrap()));
        assert_eq!(text_len(session), 7 + 20 + 3 + 7 + 16 + 5 + 4 + 2 + 7 + 2);
    }

    #[test]
    fn push_lower_is_to_lowercase() {
        for s in [
            "PyTorch’s “TorchInductor” À LA CARTE",
            "ΟΔΥΣΣΕΥΣ and Σ",
            "İstanbul ǅ ẞ",
            "深度学习 🔥 MiXeD",
            "",
        ] {
            let mut text = String::from("x");
            push_lower(&mut text, s);
            assert_eq!(text, format!("x{}", s.to_lowercase()), "{s}");
        }
    }
}
