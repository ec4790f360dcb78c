//! Delta debugging (ddmin, complements only): the smallest input that still fails the same way,
//! first by whole lines, then by characters.

use crate::mutate::{Input, contains};
use std::time::Instant;

/// Shrink `input` while `still_fails` holds; stops early at `deadline`.
pub fn minimize(input: &Input, still_fails: &mut dyn FnMut(&Input) -> bool, deadline: Instant) -> Input {
    let mut best = input.clone();
    let mut try_bytes = |bytes: &[u8]| -> bool {
        let mut candidate = input.clone();
        candidate.bytes = bytes.to_vec();
        candidate.planted.retain(|v| contains(bytes, v.as_bytes()));
        still_fails(&candidate)
    };
    let lines = split_lines(&best.bytes);
    let kept = ddmin(lines, &mut try_bytes, deadline);
    best.bytes = kept.concat();
    let chars = split_chars(&best.bytes);
    let kept = ddmin(chars, &mut try_bytes, deadline);
    best.bytes = kept.concat();
    best.planted.retain(|v| contains(&best.bytes, v.as_bytes()));
    best.mutations.push("minimized".into());
    best
}

/// The classic ddmin over `units`, trying complements: keep removing chunks while the rest fails.
fn ddmin(mut units: Vec<Vec<u8>>, test: &mut dyn FnMut(&[u8]) -> bool, deadline: Instant) -> Vec<Vec<u8>> {
    let mut n = 2usize;
    while units.len() >= 2 && Instant::now() < deadline {
        let chunk = units.len().div_ceil(n);
        let mut reduced = false;
        let mut start = 0;
        while start < units.len() {
            let end = (start + chunk).min(units.len());
            let candidate: Vec<Vec<u8>> = units[..start].iter().chain(&units[end..]).cloned().collect();
            if test(&candidate.concat()) {
                units = candidate;
                n = n.saturating_sub(1).max(2);
                reduced = true;
                break;
            }
            start = end;
            if Instant::now() >= deadline {
                return units;
            }
        }
        if !reduced {
            if n >= units.len() {
                break;
            }
            n = (n * 2).min(units.len());
        }
    }
    if units.len() == 1 && test(&[]) {
        units.clear();
    }
    units
}

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

/// UTF-8 characters (an invalid byte is a unit of its own).
fn split_chars(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let mut j = i + 1;
        if bytes[i] >= 0xC0 {
            while j < bytes.len() && j < i + 4 && (bytes[j] & 0xC0) == 0x80 {
                j += 1;
            }
        }
        out.push(bytes[i..j].to_vec());
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn finds_the_culprit() {
        let input = Input::plain("f".into(), b"a\nb\nBAD x\nc\nd\n".to_vec(), "t".into(), Vec::new());
        let mut fails = |i: &Input| contains(&i.bytes, b"BAD");
        let min = minimize(&input, &mut fails, Instant::now() + Duration::from_secs(10));
        assert_eq!(min.bytes, b"BAD");
        assert_eq!(split_chars("é😀a".as_bytes()).len(), 3);
    }
}
