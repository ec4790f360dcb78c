//! A small stable 64-bit hash: the same input gives the same value on every machine and in every
//! release, so fingerprints can be stored in an index and compared later.

#[derive(Clone, Copy)]
pub struct Hasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher {
    pub fn new(tag: u64) -> Self {
        Hasher(tag.wrapping_mul(K) ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn word(mut self, x: u64) -> Self {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(K);
        self
    }

    pub fn str(mut self, s: &str) -> Self {
        for chunk in s.as_bytes().chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self = self.word(u64::from_le_bytes(b));
        }
        self.word(s.len() as u64)
    }

    /// The value, finalised (murmur3's fmix64) so that near inputs spread.
    pub fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

pub fn of_str(tag: u64, s: &str) -> u64 {
    Hasher::new(tag).str(s).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_discriminating() {
        // A stored index depends on these values never changing.
        assert_eq!(of_str(1, "actions/checkout"), of_str(1, "actions/checkout"));
        assert_ne!(of_str(1, "a"), of_str(2, "a"));
        assert_ne!(of_str(1, "ab"), of_str(1, "ba"));
        assert_ne!(of_str(1, ""), of_str(1, "\0"));
    }
}
