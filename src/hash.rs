//! One stable hash for the whole build: FNV-1a, 64 bit. The standard library's hasher may change
//! between Rust releases; cache keys, asset versions, the search index's folder name and block ids
//! must not.

/// FNV-1a, 64 bit: a stable hash (the standard library's may change between releases).
#[derive(Clone, Copy)]
pub(crate) struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

/// FNV as the hasher of maps keyed by short strings (search terms), where SipHash's
/// resistance to chosen keys buys nothing and costs time.
impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        Fnv::write(self, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FnvBuildHasher = std::hash::BuildHasherDefault<Fnv>;

/// Hashing a serialization as it is written, without keeping it.
impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Fnv::write(self, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Fnv {
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// FNV-1a over byte strings, each followed by a 0 byte so that `["ab", "c"]` and `["a", "bc"]`
/// differ.
pub(crate) fn parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut hash = Fnv::default();
    for part in parts {
        hash.write(part);
        hash.write(&[0]);
    }
    hash.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_and_part_separators() {
        // The FNV-1a test vectors of the reference implementation.
        let mut h = Fnv::default();
        assert_eq!(h.0, 0xcbf2_9ce4_8422_2325);
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
        assert_ne!(parts([b"ab".as_slice(), b"c"]), parts([b"a".as_slice(), b"bc"]));
    }
}
