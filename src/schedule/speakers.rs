//! The program's speakers, deduplicated by name (case and spacing ignored) and sorted by
//! name, each with their sessions. Built once per program, the first time they are asked for
//! ([`super::Schedule::speakers`]), so the TUI's Speakers list and `hallway list --speaker`
//! never scan every session per frame, and an open that never lists them never builds them.

use std::collections::HashMap;

use super::Session;

/// One speaker and their sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerEntry {
    /// The name as first written in the program.
    pub name: String,
    /// The first affiliation given for them, if any.
    pub affiliation: Option<String>,
    /// Positions of their sessions, in program order.
    pub sessions: Vec<usize>,
}

/// The name a speaker is matched by: lower case, runs of white space made one space, trimmed.
#[must_use]
pub fn key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            let start = key.len();
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        } else {
            // Word by word, as `str::to_lowercase` treats a final sigma by its word.
            key.push_str(&word.to_lowercase());
        }
    }
    key
}

/// Every speaker of `sessions`, sorted by [`key`] (then by name as written).
#[must_use]
pub fn build(sessions: &[Session]) -> Vec<SpeakerEntry> {
    // Found by key in a hash map and sorted once at the end: a 50,000-session program has
    // as many speakers, and a sorted map compared names at every step.
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<(String, SpeakerEntry)> = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        for sp in &s.speakers {
            let k = key(&sp.name);
            if k.is_empty() {
                continue;
            }
            let n = *at.entry(k).or_insert_with_key(|k| {
                entries.push((
                    k.clone(),
                    SpeakerEntry {
                        name: sp.name.split_whitespace().collect::<Vec<_>>().join(" "),
                        affiliation: None,
                        sessions: Vec::new(),
                    },
                ));
                entries.len() - 1
            });
            let entry = &mut entries[n].1;
            if entry.affiliation.is_none() {
                entry.affiliation = sp
                    .affiliation
                    .as_ref()
                    .filter(|a| !a.trim().is_empty())
                    .cloned();
            }
            // A speaker named twice on one session counts once.
            if entry.sessions.last() != Some(&i) {
                entry.sessions.push(i);
            }
        }
    }
    // Keys are distinct, so this is the order the sorted map gave.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().map(|(_, entry)| entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_lowers_each_word_and_joins_them_with_one_space() {
        for name in [
            "  Ada   LOVELACE ",
            "ΟΔΥΣΣΕΥΣ Σ  Παπαδόπουλος",
            "İlker\tÇELİK",
            "José\u{a0}María Núñez",
            "",
            "   ",
        ] {
            let old = name
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(key(name), old, "{name:?}");
        }
        assert_eq!(key("  Ada   LOVELACE "), "ada lovelace");
    }

    #[test]
    fn speakers_are_sorted_by_key_and_merged_across_spellings() {
        let program = crate::schedule::bundled::load().unwrap_or_else(|e| panic!("{e}"));
        let entries = build(program.sessions());
        let keys: Vec<String> = entries.iter().map(|e| key(&e.name)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        let mut sessions = program.sessions().to_vec();
        let first = sessions[0].speakers[0].name.clone();
        sessions[1].speakers = vec![crate::schedule::Speaker::named(format!(
            "  {}  ",
            first.to_uppercase().replace(' ', "   ")
        ))];
        let merged = build(&sessions);
        let entry = merged
            .iter()
            .find(|e| e.name == first)
            .unwrap_or_else(|| panic!("{first} not listed"));
        assert!(entry.sessions.contains(&0) && entry.sessions.contains(&1));
    }
}
