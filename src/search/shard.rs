//! A contiguous run of sessions with its own vocabulary. Large programs are split into a few
//! shards built on separate threads; a query visits each in turn. Scores do not depend on the
//! split: each session is matched against words, and a word's class does not depend on which
//! shard's vocabulary it sits in.

use std::num::NonZeroUsize;

use crate::schedule::Session;

use super::keys;
use super::terms::Terms;

/// Below this many sessions per shard, another thread costs more than it saves.
const MIN_SESSIONS: usize = 8_192;

/// The most text (in bytes, before lowering) a shard holds. Lowering grows text by at most half
/// and a posting takes at most five bytes for at least one byte of text, so a shard's
/// vocabulary and postings stay under 4 GiB and their offsets fit in a `u32`.
pub(super) const MAX_TEXT: usize = 256 << 20;

/// Sessions `first..first + len` of the schedule, indexed.
#[derive(Debug, Clone)]
pub(super) struct Shard {
    pub first: usize,
    pub len: usize,
    pub terms: Terms,
}

impl Shard {
    fn build(sessions: &[Session], first: usize) -> Self {
        Self {
            first,
            len: sessions.len(),
            terms: Terms::build(sessions),
        }
    }
}

/// Indexes `sessions` in one shard per available core (at most), each of at least
/// [`MIN_SESSIONS`] — or more shards, should one hold more than [`MAX_TEXT`]; `shards`
/// overrides the count (tests).
pub(super) fn build(sessions: &[Session], shards: Option<usize>) -> Vec<Shard> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let count = shards
        .unwrap_or_else(|| (sessions.len() / MIN_SESSIONS).min(cores))
        .clamp(1, sessions.len().max(1));
    let parts = split(sessions, count, MAX_TEXT);
    if let [part] = parts.as_slice() {
        return vec![Shard::build(part, 0)];
    }
    let firsts = parts.iter().scan(0, |first, part| {
        let this = *first;
        *first += part.len();
        Some(this)
    });
    std::thread::scope(|scope| {
        let spawned: Vec<_> = parts
            .iter()
            .zip(firsts)
            .map(|(&part, first)| {
                let thread = std::thread::Builder::new()
                    .spawn_scoped(scope, move || Shard::build(part, first));
                (thread, part, first)
            })
            .collect();
        spawned
            .into_iter()
            .map(|(thread, part, first)| match thread {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: build it here.
                Err(_) => Shard::build(part, first),
            })
            .collect()
    })
}

/// `sessions` in `count` runs of about the same length, each further split while it holds more
/// than `max_text` bytes of text (a single session stays whole, however long).
fn split(sessions: &[Session], count: usize, max_text: usize) -> Vec<&[Session]> {
    let size = sessions.len().div_ceil(count).max(1);
    let mut parts = Vec::with_capacity(count);
    for chunk in sessions.chunks(size) {
        let mut rest = chunk;
        let mut text = 0;
        let mut start = 0;
        for (i, session) in chunk.iter().enumerate() {
            let len = keys::text_len(session);
            if text + len > max_text && i > start {
                let (part, tail) = rest.split_at(i - start);
                parts.push(part);
                rest = tail;
                start = i;
                text = 0;
            }
            text += len;
        }
        parts.push(rest);
    }
    if parts.is_empty() {
        parts.push(sessions);
    }
    parts
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    /// The parts are the sessions in order, each under `max_text` (or a single session) and
    /// as long as it can be (the next session would not fit), within each of `count` runs.
    fn check_split(sessions: &[Session], count: usize, max_text: usize) -> Vec<usize> {
        let parts = split(sessions, count, max_text);
        let text = |part: &[Session]| part.iter().map(keys::text_len).sum::<usize>();
        let run = sessions.len().div_ceil(count).max(1);
        let mut at = 0;
        for (i, part) in parts.iter().enumerate() {
            assert_eq!(
                part.as_ptr(),
                sessions[at..].as_ptr(),
                "part {i} follows on"
            );
            assert!(part.len() == 1 || text(part) <= max_text, "part {i} fits");
            at += part.len();
            let run_end = (at.div_ceil(run) * run).min(sessions.len());
            if at < run_end {
                let grown = &sessions[at - part.len()..=at];
                assert!(text(grown) > max_text, "part {i} could have taken one more");
            }
        }
        assert_eq!(at, sessions.len(), "every session is in a part");
        parts.iter().map(|p| p.len()).collect()
    }

    #[test]
    fn splits_by_count_then_by_text() {
        let program = crate::synth::program(40, 1);
        let sessions = program.sessions();
        assert_eq!(check_split(sessions, 3, usize::MAX), [14, 14, 12]);
        let longest = sessions.iter().map(keys::text_len).max().unwrap();
        let parts = check_split(sessions, 1, longest * 3);
        // Each part but the last holds more than twice the longest session.
        let (_, full) = parts.split_last().unwrap();
        assert!(
            !full.is_empty() && full.iter().all(|&n| n >= 3),
            "{parts:?}"
        );
        check_split(sessions, 2, longest * 5);
        // A session longer than the limit still gets a shard, alone.
        assert_eq!(check_split(sessions, 2, 1), [1; 40]);
        assert_eq!(split(&[], 1, 1).len(), 1);
    }
}
