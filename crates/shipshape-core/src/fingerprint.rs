//! Stable fingerprints: (rule, relative path, normalised primary text, occurrence index).
//! They survive unrelated lines moving, so baselines and SARIF `partialFingerprints` stay valid.

/// FNV-1a, 64 bit: tiny, stable across Rust versions and platforms (std's hasher is not).
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Normalise text for fingerprinting: whitespace runs (including line continuations) become one space.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '\\').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub fn fingerprint(code: &str, rel_path: &str, normalized: &str, occurrence: usize) -> String {
    let mut h = FNV_OFFSET;
    for part in [
        code.as_bytes(),
        rel_path.as_bytes(),
        normalized.as_bytes(),
        occurrence.to_string().as_bytes(),
    ] {
        h = fnv1a(part, h);
        h = fnv1a(&[0], h);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_normalised() {
        assert_eq!(normalize("RUN  apt-get \\\n   install x"), "RUN apt-get install x");
        let a = fingerprint("DF012", "Dockerfile", "RUN x", 0);
        assert_eq!(a, fingerprint("DF012", "Dockerfile", "RUN x", 0));
        assert_ne!(a, fingerprint("DF012", "Dockerfile", "RUN x", 1));
        assert_eq!(a.len(), 16);
    }
}
