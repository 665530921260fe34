//! The program's speakers, deduplicated by name (case and spacing ignored) and sorted by
//! name, each with their sessions. Built once per program with the other indices, so the
//! TUI's Speakers list and `hallway list --speaker` never scan every session per frame.

use std::collections::BTreeMap;

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
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every speaker of `sessions`, sorted by [`key`] (then by name as written).
#[must_use]
pub fn build(sessions: &[Session]) -> Vec<SpeakerEntry> {
    let mut by_key: BTreeMap<String, SpeakerEntry> = BTreeMap::new();
    for (i, s) in sessions.iter().enumerate() {
        for sp in &s.speakers {
            let k = key(&sp.name);
            if k.is_empty() {
                continue;
            }
            let entry = by_key.entry(k).or_insert_with(|| SpeakerEntry {
                name: sp.name.split_whitespace().collect::<Vec<_>>().join(" "),
                affiliation: None,
                sessions: Vec::new(),
            });
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
    by_key.into_values().collect()
}
