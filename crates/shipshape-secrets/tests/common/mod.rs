//! Shared by the secrets test files: deterministic random-looking token bodies.
#![allow(dead_code)]

/// A random-looking token body of `n` characters from `alphabet` (deterministic).
pub fn body(n: usize, alphabet: &str) -> String {
    let a: Vec<char> = alphabet.chars().collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ (n as u64);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            a[(x % a.len() as u64) as usize]
        })
        .collect()
}

pub const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub const HEX: &str = "0123456789abcdef";
pub const B64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A GitHub token of `prefix` with a random-looking body and a valid checksum.
pub fn gh_token(prefix: &str) -> String {
    shipshape_secrets::detect::github_token(prefix, &body(30, ALNUM))
}
