//! Stable 64-bit hashing of stems and feature keys.
//!
//! Feature keys are stored in model files, so the hash must never change between versions or
//! platforms: FNV-1a for strings and a fixed mixer for combining, both written out here rather
//! than taken from a hasher whose output may change with a dependency upgrade.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a hash of a string's bytes.
pub const fn hash_str(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// Combines a running key with one more component (order-sensitive).
///
/// One rotate, xor and multiply by an odd constant: each step is a bijection of `part`, so
/// keys built on the same prefix never collide, and the multiply carries every input bit up
/// into the high bits that hash tables read first.
pub fn mix(key: u64, part: u64) -> u64 {
    (key.rotate_left(26) ^ part).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A hasher for keys that are already uniform 64-bit hashes: it passes them through, which
/// saves re-hashing on every lookup of the prediction path.
#[derive(Default, Clone, Copy)]
pub struct PassThroughHasher(u64);

impl std::hash::Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        // Keys come out of a multiply, whose high bits are the well-mixed ones; fold them into
        // the low bits that pick a hash table's bucket.
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are expected; fold anything else in so the hasher stays correct.
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash map keyed by feature or word hashes.
pub type KeyMap<V> =
    std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<PassThroughHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_mix_is_ordered() {
        // Pinned values: a change here silently invalidates every saved model.
        assert_eq!(hash_str(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_str("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(mix(mix(1, 2), 3), mix(mix(1, 3), 2));
    }
}
