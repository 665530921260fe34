//! The lowercase search keys of every session, one per [`Field`], packed into a single string so
//! that building them costs one growing buffer rather than eight allocations per session.
//!
//! Summaries are the exception: they are most of a program's text (60 MB of abstracts at
//! 50,000 sessions), and a query only reads them word by word through the vocabulary, so their
//! keys are not kept but lowered again when needed ([`Keys::key`]).

use crate::schedule::Session;

use super::Field;

/// Every session's lowercase keys, field by field, back to back.
#[derive(Debug, Clone, Default)]
pub(super) struct Keys {
    text: String,
    /// `bounds[s * Field::COUNT + f]..bounds[s * Field::COUNT + f + 1]` is session `s`'s field `f`.
    bounds: Vec<usize>,
}

impl Keys {
    /// Lowercases every searchable field of every session. Several speakers (or affiliations)
    /// are joined by a newline, which no query word can span.
    pub(super) fn build(sessions: &[Session]) -> Self {
        let capacity = sessions.iter().map(raw_len).sum();
        let mut text = String::with_capacity(capacity);
        let mut bounds = Vec::with_capacity(sessions.len() * Field::COUNT + 1);
        bounds.push(0);
        for session in sessions {
            for field in Field::ALL {
                if field != Field::Summary {
                    push_field(&mut text, session, field);
                }
                bounds.push(text.len());
            }
        }
        Self { text, bounds }
    }

    /// The key of `session` (at `local` in these keys) for `field`: the kept one, or for the
    /// summary, lowered into `scratch`.
    pub(super) fn key<'a>(
        &'a self,
        local: usize,
        session: &Session,
        field: Field,
        scratch: &'a mut String,
    ) -> &'a str {
        if field == Field::Summary {
            scratch.clear();
            push_field(scratch, session, Field::Summary);
            scratch
        } else {
            self.field(local, field)
        }
    }

    /// Session `session`'s kept key for `field`; empty for the summary (see [`Keys::key`]).
    fn field(&self, session: usize, field: Field) -> &str {
        let i = session * Field::COUNT + field as usize;
        self.text
            .get(self.bounds[i]..self.bounds[i + 1])
            .unwrap_or_default()
    }
}

fn raw_len(s: &Session) -> usize {
    let opt = |o: &Option<String>| o.as_ref().map_or(0, String::len);
    s.title.len()
        + s.id.len()
        + opt(&s.kind)
        + opt(&s.track)
        + opt(&s.room)
        + s.speakers
            .iter()
            .map(|p| p.name.len() + opt(&p.affiliation) + 2)
            .sum::<usize>()
}

fn push_field(text: &mut String, s: &Session, field: Field) {
    match field {
        Field::Title => push_lower(text, &s.title),
        Field::Speaker => push_joined(text, s.speakers.iter().map(|p| p.name.as_str())),
        Field::Affiliation => {
            push_joined(
                text,
                s.speakers.iter().filter_map(|p| p.affiliation.as_deref()),
            );
        }
        Field::Kind => push_lower(text, s.kind.as_deref().unwrap_or_default()),
        Field::Track => push_lower(text, s.track.as_deref().unwrap_or_default()),
        Field::Room => push_lower(text, s.room.as_deref().unwrap_or_default()),
        Field::Summary => push_lower(text, s.summary_text().as_deref().unwrap_or_default()),
        Field::Id => push_lower(text, &s.id),
    }
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
mod tests {
    use super::*;

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
