//! A contiguous run of sessions with its own keys and vocabulary. Large programs are split into
//! a few shards built on separate threads; a query visits each in turn. Scores do not depend
//! on the split: each session is matched against words, and a word's class does not depend on
//! which shard's vocabulary it sits in.

use std::num::NonZeroUsize;

use crate::schedule::Session;

use super::keys::Keys;
use super::terms::Terms;

/// Below this many sessions per shard, another thread costs more than it saves.
const MIN_SESSIONS: usize = 8_192;

/// Sessions `first..first + len` of the schedule, indexed.
#[derive(Debug, Clone)]
pub(super) struct Shard {
    pub first: usize,
    pub len: usize,
    pub keys: Keys,
    pub terms: Terms,
}

impl Shard {
    fn build(sessions: &[Session], first: usize) -> Self {
        let keys = Keys::build(sessions);
        let terms = Terms::build(&keys, sessions);
        Self {
            first,
            len: sessions.len(),
            keys,
            terms,
        }
    }
}

/// Indexes `sessions` in one shard per available core (at most), each of at least
/// [`MIN_SESSIONS`]; `shards` overrides the count (tests).
pub(super) fn build(sessions: &[Session], shards: Option<usize>) -> Vec<Shard> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let count = shards
        .unwrap_or_else(|| (sessions.len() / MIN_SESSIONS).min(cores))
        .clamp(1, sessions.len().max(1));
    if count == 1 {
        return vec![Shard::build(sessions, 0)];
    }
    let size = sessions.len().div_ceil(count);
    std::thread::scope(|scope| {
        let spawned: Vec<_> = sessions
            .chunks(size)
            .enumerate()
            .map(|(i, part)| {
                let first = i * size;
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
