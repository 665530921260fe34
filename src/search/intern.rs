//! Word → id interning for building the vocabulary: the build's hot loop, run once per word
//! occurrence (millions of times on a large program), so it is a small open-addressing table
//! rather than a `HashMap<String, u32>`.
//!
//! It is mostly about memory: slots are 4 bytes, and the words live back to back in one arena
//! (which the vocabulary keeps afterwards) in first-seen order, so the common words — seen
//! first and most — sit together in a few cache lines rather than scattered over the text.

/// Distinct words with dense ids in first-seen order.
#[derive(Debug, Clone)]
pub(super) struct Interner {
    /// `id + 1` of the word in each slot, 0 for empty; length a power of two.
    slots: Vec<u32>,
    /// Per id: its hash (to compare before the bytes, and to grow without rehashing words).
    hashes: Vec<u64>,
    /// Per id: the end of its word in `arena` (it starts where the previous one ends).
    ends: Vec<u32>,
    arena: String,
}

impl Default for Interner {
    fn default() -> Self {
        Self {
            slots: vec![0; 1024],
            hashes: Vec::new(),
            ends: Vec::new(),
            arena: String::new(),
        }
    }
}

impl Interner {
    /// The id of `word`, and whether it was new.
    pub(super) fn intern(&mut self, word: &str) -> (u32, bool) {
        let hash = hash(word.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            match self.slots[i].checked_sub(1) {
                None => break,
                Some(id) if self.hashes[id as usize] == hash && self.word(id as usize) == word => {
                    return (id, false);
                }
                Some(_) => i = (i + 1) & mask,
            }
        }
        // Four billion distinct words would not fit in memory anyway.
        let id = self.hashes.len() as u32;
        self.slots[i] = id + 1;
        self.hashes.push(hash);
        self.arena.push_str(word);
        // A shard's text is at most `shard::MAX_TEXT`, its vocabulary no more than 1.5 times that.
        self.ends
            .push(u32::try_from(self.arena.len()).unwrap_or(u32::MAX));
        if self.hashes.len() * 2 > self.slots.len() {
            self.grow();
        }
        (id, true)
    }

    fn grow(&mut self) {
        let mut slots = vec![0u32; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for (id, &hash) in (1u32..).zip(&self.hashes) {
            let mut i = hash as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = id;
        }
        self.slots = slots;
    }

    /// Word `id`.
    pub(super) fn word(&self, id: usize) -> &str {
        word_at(&self.arena, &self.ends, id)
    }

    /// Gives up the table, keeping the words: the arena and each word's end.
    pub(super) fn into_words(self) -> (String, Vec<u32>) {
        (self.arena, self.ends)
    }
}

/// Word `id` of an arena.
pub(super) fn word_at<'a>(arena: &'a str, ends: &[u32], id: usize) -> &'a str {
    let start = id.checked_sub(1).map_or(0, |previous| ends[previous]);
    arena
        .get(start as usize..ends[id] as usize)
        .unwrap_or_default()
}

/// rustc's Fx hash over 8-byte chunks, with the well-mixed high bits rotated down to where the
/// table takes its slot index.
fn hash(bytes: &[u8]) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut hash: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        hash = (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
    let tail = chunks
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |tail, &b| tail << 8 | u64::from(b));
    hash = (hash.rotate_left(5) ^ tail).wrapping_mul(SEED);
    hash.rotate_left(26)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_densely_and_survives_growth() {
        let mut interner = Interner::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(interner.intern(w), (i as u32, true));
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(interner.intern(w), (i as u32, false));
            assert_eq!(interner.word(i), w);
        }
        assert_eq!(interner.intern("深度"), (5000, true));
        assert_eq!(interner.word(5000), "深度");
    }
}
