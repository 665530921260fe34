//! Speakers hidden in iCalendar texts, where calendars have no field for them.
//!
//! - `SUMMARY:Title - Speaker` (frab: `Title - Ada\, Grace`; Sched: `Title - Ada Lovelace,
//!   Analytical Engines & Grace Hopper, Navy`). The split is at the *last* ` - `, and only when
//!   the part after it looks like names: short pieces of a few words, no sentence punctuation.
//!   Whether a file writes its summaries this way at all is decided by the caller.
//! - A first line of DESCRIPTION such as `Speaker: Joel Addison` or `von: Jakob Semere`.

use crate::schedule::Speaker;

/// A name or name group longer than this many words is not a name.
const MAX_NAME_WORDS: usize = 6;
/// An organisation longer than this many words is not one.
const MAX_ORG_WORDS: usize = 10;

/// How the part after ` - ` lists people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `Ada, Grace & Linus`: every comma separates two people (frab).
    Names,
    /// `Ada Lovelace, Engines Ltd & Grace Hopper, Navy; Linus, Foundation`: a comma separates a
    /// person from their organisation; people sharing one are joined by `&` (Sched).
    NamesWithOrgs,
}

/// `(title, speakers)` when `summary` ends in ` - ` and a list of names.
pub fn split_summary(summary: &str, style: Style) -> Option<(String, Vec<Speaker>)> {
    // frab writes `Title - ` for a session without speakers.
    if let Some(title) = summary.trim_end().strip_suffix(" -")
        && !title.trim().is_empty()
    {
        return Some((title.trim().to_owned(), Vec::new()));
    }
    let at = summary.rfind(" - ")?;
    let title = summary[..at].trim();
    let tail = summary[at + 3..].trim();
    if title.is_empty() || tail.is_empty() || tail.chars().count() > 300 {
        return None;
    }
    let speakers = match style {
        Style::Names => plain_names(tail)?,
        Style::NamesWithOrgs => names_with_orgs(tail)?,
    };
    Some((title.to_owned(), speakers))
}

/// Whether `text` reads like a person's name (or handle): a few words, no sentence marks.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_NAME_WORDS || text.chars().count() > 60 {
        return false;
    }
    // Quotes are allowed: nicknames are often written `Felix „tmbinc“ Domke`.
    if text.contains(['?', '!', ':', ';']) {
        return false;
    }
    // A sentence ends in a full stop; a name only in an abbreviation ("Jr.", "Inc.").
    !text.ends_with('.') || words.last().is_some_and(|w| w.chars().count() <= 4)
}

fn speaker(name: &str, affiliation: Option<&str>) -> Speaker {
    Speaker {
        name: name.trim().to_owned(),
        affiliation: affiliation
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned),
        role: None,
    }
}

/// `Ada, Grace & Linus` → three speakers; `None` unless every piece is a name.
fn plain_names(tail: &str) -> Option<Vec<Speaker>> {
    let pieces: Vec<&str> = tail
        .split(", ")
        .flat_map(|p| p.split(" & "))
        .map(str::trim)
        .collect();
    if pieces.iter().all(|p| is_name(p)) {
        Some(pieces.into_iter().map(|p| speaker(p, None)).collect())
    } else {
        None
    }
}

/// Sched's `Name, Org & Name, Org; Name & Name, Org`: groups split at `; ` and ` & `; within
/// one, `Name, Org` (the organisation is everything after the first comma). A name without an
/// organisation shares the next one's (`Ada & Grace, Navy`).
fn names_with_orgs(tail: &str) -> Option<Vec<Speaker>> {
    let people: Vec<(&str, Option<&str>)> = tail
        .split("; ")
        .flat_map(|g| g.split(" & "))
        .map(|p| match p.split_once(", ") {
            Some((name, org)) => (name.trim(), Some(org.trim())),
            None => (p.trim(), None),
        })
        .collect();
    let ok = people.iter().all(|(name, org)| {
        is_name(name)
            && org.is_none_or(|o| {
                let words = o.split_whitespace().count();
                (1..=MAX_ORG_WORDS).contains(&words) && !o.contains(['?', '!'])
            })
    });
    if !ok {
        return None;
    }
    let mut speakers: Vec<Speaker> = Vec::with_capacity(people.len());
    let mut pending = 0;
    for (name, org) in people {
        speakers.push(speaker(name, org));
        if let Some(org) = org {
            let n = speakers.len();
            for s in &mut speakers[n - 1 - pending..n - 1] {
                s.affiliation = Some(org.to_owned());
            }
            pending = 0;
        } else {
            pending += 1;
        }
    }
    Some(speakers)
}

/// Labels that introduce the speakers on the first line of a description.
const LABELS: &[&str] = &[
    "speaker",
    "speakers",
    "presenter",
    "presenters",
    "presented by",
    "by",
    "von",
    "referent",
    "referentin",
    "referenten",
    "sprecher",
    "sprecherin",
];

/// Speakers named on the description's first line (`Speaker: Ada Lovelace`), with the rest
/// of the description.
pub fn from_description(description: &str) -> Option<(Vec<Speaker>, String)> {
    let (first, rest) = description.split_once('\n').unwrap_or((description, ""));
    let (label, names) = first.split_once(':')?;
    if !LABELS.contains(&label.trim().to_lowercase().as_str()) {
        return None;
    }
    let names: Vec<Speaker> = names
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" und "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| speaker(p, None))
        .collect();
    if names.is_empty() || names.iter().any(|s| !is_name(&s.name)) {
        return None;
    }
    Some((names, rest.trim_start_matches('\n').to_owned()))
}

/// Whether `tail` (the part of a summary after ` - `) lists exactly `speakers`.
pub fn tail_names(summary: &str, speakers: &[Speaker]) -> Option<String> {
    let at = summary.rfind(" - ")?;
    let tail = &summary[at + 3..];
    let mut listed: Vec<String> = tail
        .split([',', '&', ';'])
        .map(|p| p.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    let mut known: Vec<String> = speakers.iter().map(|s| s.name.to_lowercase()).collect();
    listed.sort();
    known.sort();
    (!known.is_empty() && listed == known).then(|| summary[..at].trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(speakers: &[Speaker]) -> Vec<(String, Option<String>)> {
        speakers
            .iter()
            .map(|s| (s.name.clone(), s.affiliation.clone()))
            .collect()
    }

    #[test]
    fn frab_summaries() {
        let (title, speakers) = split_summary(
            "Bonsai Kitten waren mir lieber - Rechte Falschmeldungen - anna, Andre Meister",
            Style::Names,
        )
        .unwrap_or_else(|| panic!("no split"));
        assert_eq!(
            title,
            "Bonsai Kitten waren mir lieber - Rechte Falschmeldungen"
        );
        assert_eq!(
            names(&speakers),
            [("anna".into(), None), ("Andre Meister".into(), None)]
        );
        assert!(split_summary("Xen - ist das nicht tot?", Style::Names).is_none());
        assert!(split_summary("No separator", Style::Names).is_none());
        assert_eq!(
            split_summary("Fnord-Jahresrückblick: Stream -", Style::Names),
            Some(("Fnord-Jahresrückblick: Stream".to_owned(), vec![]))
        );
        assert!(split_summary(" - Nobody", Style::Names).is_none());
        assert!(
            split_summary(
                "Keynote - how we can fight for digital rights in the modern world today",
                Style::Names
            )
            .is_none()
        );
    }

    #[test]
    fn sched_summaries() {
        let (title, speakers) = split_summary(
            "Function to Container - Building a FaaS Experience - Evan Anderson, VMware",
            Style::NamesWithOrgs,
        )
        .unwrap_or_else(|| panic!("no split"));
        assert_eq!(title, "Function to Container - Building a FaaS Experience");
        assert_eq!(
            names(&speakers),
            [("Evan Anderson".into(), Some("VMware".into()))]
        );
        let (_, speakers) = split_summary(
            "Debugging Envoy Tunnels - Carlos Sanchez & Alexandra Stoica, Adobe",
            Style::NamesWithOrgs,
        )
        .unwrap_or_else(|| panic!("no split"));
        assert_eq!(
            names(&speakers),
            [
                ("Carlos Sanchez".into(), Some("Adobe".into())),
                ("Alexandra Stoica".into(), Some("Adobe".into()))
            ]
        );
        let (_, speakers) = split_summary(
            "Panel - Ada Lovelace, Engines, Inc.; Grace Hopper, US Navy & Linus, Foundation",
            Style::NamesWithOrgs,
        )
        .unwrap_or_else(|| panic!("no split"));
        assert_eq!(
            names(&speakers),
            [
                ("Ada Lovelace".into(), Some("Engines, Inc.".into())),
                ("Grace Hopper".into(), Some("US Navy".into())),
                ("Linus".into(), Some("Foundation".into()))
            ]
        );
    }

    #[test]
    fn description_labels() {
        let (speakers, rest) = from_description("Speaker: Joel Addison\nOpening Remarks")
            .unwrap_or_else(|| panic!("no speakers"));
        assert_eq!(names(&speakers), [("Joel Addison".into(), None)]);
        assert_eq!(rest, "Opening Remarks");
        let (speakers, _) = from_description("von: Jürgen Groß und Ada\n\nText")
            .unwrap_or_else(|| panic!("no speakers"));
        assert_eq!(speakers.len(), 2);
        assert!(from_description("Note: this talk is full").is_none());
        assert!(from_description("Registration Open").is_none());
    }

    #[test]
    fn tails_matching_known_speakers() {
        let ada = [speaker("Ada", None)];
        assert_eq!(
            tail_names("Engines - Ada", &ada).as_deref(),
            Some("Engines")
        );
        assert_eq!(tail_names("Xen - ist das nicht tot?", &ada), None);
    }
}
