//! The postings of the vocabulary, compressed: each word's postings ascend, so they are kept as
//! the gaps between them, each in as few bytes as it needs (LEB128: seven bits a byte, the high
//! bit set on all but the last). A common word has a posting every few sessions, a gap of a
//! byte; at 50,000 sessions this is a quarter of the plain `u32`s, and a query decodes only
//! the postings of the words it matches.

/// How many bytes `value` takes: one per started seven bits.
pub(super) fn encoded_len(value: u32) -> u32 {
    (38 - (value | 1).leading_zeros()) / 7
}

/// Writes `value` at `out[at..]`, returning where the next value goes. Past the end of `out`
/// nothing is written (the caller sized it with [`encoded_len`]).
pub(super) fn write(out: &mut [u8], at: usize, mut value: u32) -> usize {
    let mut at = at;
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        let byte = if value == 0 { low } else { low | 0x80 };
        if let Some(slot) = out.get_mut(at) {
            *slot = byte;
        }
        at += 1;
        if value == 0 {
            return at;
        }
    }
}

/// The postings encoded in `bytes`: gaps from 0, the first being the first posting. A value cut
/// short at the end is dropped.
#[derive(Debug, Clone)]
pub(super) struct Decode<'a> {
    bytes: std::slice::Iter<'a, u8>,
    last: u32,
}

impl<'a> Decode<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes: bytes.iter(),
            last: 0,
        }
    }
}

impl Iterator for Decode<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        let mut value = 0u32;
        let mut shift = 0;
        loop {
            let byte = *self.bytes.next()?;
            value |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        self.last = self.last.wrapping_add(value);
        Some(self.last)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let bytes = self.bytes.len();
        (bytes.div_ceil(5), Some(bytes))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn encode(postings: &[u32]) -> Vec<u8> {
        let mut last = 0;
        let gaps: Vec<u32> = postings
            .iter()
            .map(|&p| {
                let gap = p - last;
                last = p;
                gap
            })
            .collect();
        let len = gaps.iter().map(|&g| encoded_len(g) as usize).sum();
        let mut out = vec![0; len];
        let end = gaps.iter().fold(0, |at, &g| write(&mut out, at, g));
        assert_eq!(end, len, "encoded_len agrees with write");
        out
    }

    #[test]
    fn round_trips_edges() {
        let postings = [
            0,
            1,
            0x7f,
            0x80,
            0x3fff,
            0x4000,
            0x1f_ffff,
            0x20_0000,
            0xfff_ffff,
            0x1000_0000,
            u32::MAX,
        ];
        let bytes = encode(&postings);
        assert_eq!(Decode::new(&bytes).collect::<Vec<_>>(), postings);
        assert_eq!(encode(&[0x7f]), [0x7f]);
        assert_eq!(encode(&[0x80]), [0x80, 0x01]);
        assert_eq!(encode(&[u32::MAX]).len(), 5);
    }

    #[test]
    fn a_truncated_value_is_dropped() {
        let bytes = encode(&[5, 300]);
        assert_eq!(bytes.len(), 3);
        assert_eq!(Decode::new(&bytes[..2]).collect::<Vec<_>>(), [5]);
        assert_eq!(Decode::new(&[]).count(), 0);
    }

    proptest! {
        #[test]
        fn round_trips(mut postings in proptest::collection::vec(any::<u32>(), 0..200)) {
            postings.sort_unstable();
            postings.dedup();
            let bytes = encode(&postings);
            prop_assert_eq!(Decode::new(&bytes).collect::<Vec<_>>(), postings);
        }

        #[test]
        fn never_panics_on_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert!(Decode::new(&bytes).count() <= bytes.len());
        }
    }
}
