//! A small word-at-a-time multiply-xor hasher (FNV-style, with a final avalanche) for
//! the validator's in-memory indexes. Keys are short names that come from one document,
//! so the cost of SipHash buys nothing here.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// Builds [`FastHasher`]s; every map of the index uses it.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastBuild;

/// The hasher state: one 64-bit word, mixed with each 8-byte chunk of input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FastHasher(u64);

pub(crate) type FastMap<K, V> = HashMap<K, V, FastBuild>;
pub(crate) type FastSet<K> = HashSet<K, FastBuild>;

impl BuildHasher for FastBuild {
    type Hasher = FastHasher;

    fn build_hasher(&self) -> FastHasher {
        FastHasher(SEED)
    }
}

impl FastHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            let word = tail
                .iter()
                .rev()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            // The length keeps "a" and "a\0" apart.
            self.mix(word ^ ((tail.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

#[cfg(test)]
mod tests {
    use super::FastBuild;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    #[test]
    fn distinct_short_keys_hash_apart() {
        let names: Vec<String> = (0..20_000).map(|i| format!("bd{i}")).collect();
        let hashes: HashSet<u64> = names
            .iter()
            .map(|n| FastBuild.hash_one(n.as_str()))
            .collect();
        assert_eq!(hashes.len(), names.len());
        let pairs = [("a", "a\0"), ("ab", "ba"), ("", "\0")];
        for (x, y) in pairs {
            assert_ne!(FastBuild.hash_one(x), FastBuild.hash_one(y), "{x:?} {y:?}");
        }
        // The top seven bits (the table's tag) vary too.
        let tags: HashSet<u64> = names
            .iter()
            .map(|n| FastBuild.hash_one(n.as_str()) >> 57)
            .collect();
        assert!(tags.len() > 100, "{}", tags.len());
    }
}
