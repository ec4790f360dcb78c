//! The detector machinery: keywords found in one Aho-Corasick pass, patterns compiled once, and the
//! gates (placeholders, entropy) that keep weak patterns quiet.

use aho_corasick::AhoCorasick;
use regex::Regex;
use shipshape_core::Span;
use std::sync::OnceLock;

/// A pattern for one kind of secret.
pub struct Detector {
    /// What it finds, for messages: "GitHub personal access token".
    pub what: &'static str,
    /// Literal substrings one of which must occur (matched ignoring ASCII case).
    pub keywords: &'static [&'static str],
    /// The pattern; the secret is capture group 1 when there is one, else the whole match.
    pub pattern: &'static str,
    /// Minimum Shannon entropy (bits per character) of the secret, for patterns that alone are weak.
    pub min_entropy: f64,
}

/// Every keyword of every detector, in one automaton.
pub static KEYWORDS: &[&str] = &[
    "private key",
    "akia",
    "asia",
    "aws_secret_access_key",
    "aiza",
    "accountkey=",
    "q~",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "glrt-",
    "gr1348941",
    "glptt-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "hooks.slack.com",
    "sk_live_",
    "rk_live_",
    "sk_test_",
    "sg.",
    "key-",
    "npm_",
    "pypi-",
    "dckr_pat_",
    "t3blbkfj",
    "sk-ant-",
    "shpat_",
    "discord.com/api/webhooks",
    ":aa",
    "dapi",
    "hvs.",
    "atlasv1",
    "nrak-",
    "lin_api_",
    "glsa_",
    "sntrys_",
    "pmak-",
    "dop_v1_",
    "age-secret-key-",
    "eyj",
    "://",
    "password",
    "passwd",
    "pass",
    "api.key",
    "access.key",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "private_key",
    "credential",
    "hf_",
    "ops_",
    "sq0atp-",
    "sq0csp-",
    "twilio",
    "rubygems_",
    "pul-",
    "figd_",
    "ntn_",
    "secret_",
    "heroku",
    "-us",
    "algolia",
    "datadog",
    "dd_api_key",
    "dd_app_key",
    "atatt3",
    "cloudflare",
    "akcp",
    "okta",
    "atbb",
    "xapp-",
    "nfp_",
    "sbp_",
    "pscale_",
    "bkua_",
    "dp.pt.",
    "dp.st.",
    "cfpat-",
    "sig=",
    "private_key_id",
    "gldt-",
];

fn automaton() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(KEYWORDS)
            .unwrap_or_else(|_| AhoCorasick::new(["\u{0}"]).unwrap_or_else(|e| panic!("{e}")))
    })
}

/// Which of `KEYWORDS` occur in `text`.
pub fn keywords_present(text: &str) -> Vec<bool> {
    let mut present = vec![false; KEYWORDS.len()];
    let mut left = KEYWORDS.len();
    for m in automaton().find_overlapping_iter(text) {
        let i = m.pattern().as_usize();
        if !present[i] {
            present[i] = true;
            left -= 1;
            if left == 0 {
                break;
            }
        }
    }
    present
}

/// The index of a keyword in `KEYWORDS`.
pub fn keyword_index(k: &str) -> Option<usize> {
    static INDEX: OnceLock<std::collections::HashMap<String, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| KEYWORDS.iter().enumerate().map(|(i, k)| (k.to_ascii_lowercase(), i)).collect());
    if k.bytes().any(|b| b.is_ascii_uppercase()) {
        index.get(&k.to_ascii_lowercase()).copied()
    } else {
        index.get(k).copied()
    }
}

pub use shipshape_core::diagnostic::entropy;

/// Values that are not secrets: references, templates, placeholders and demo words.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim_matches(['"', '\'', '`']).trim();
    let lower = v.to_ascii_lowercase();
    if v.len() < 6
        || v.contains("${")
        || v.contains("{{")
        || v.contains("$(")
        || v.starts_with('$')
        || v.starts_with('<')
        || v.starts_with('%')
        || v.starts_with("env.")
        || lower.starts_with("secrets.")
        || lower.starts_with("vault:")
        || lower.starts_with("process.env")
        || lower.starts_with("os.environ")
        || lower.starts_with("getenv")
        || lower.starts_with("var.")
        || lower.starts_with("local.")
        || lower.starts_with("data.")
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "changeme",
        "change_me",
        "change-me",
        "example",
        "dummy",
        "placeholder",
        "your_",
        "your-",
        "yourpass",
        "xxxx",
        "****",
        "redacted",
        "sample",
        "fake",
        "notreal",
        "not-a-real",
        "insert",
        "replace",
        "todo",
        "secret123",
        "password123",
        "foobar",
        "lorem",
        "mysecret",
        "supersecret",
    ];
    if WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // `changeUser`, `changePassword`, `changeEncryptionKey`: a tutorial's value to edit
    if v.strip_prefix("change")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    {
        return true;
    }
    // Words and a short number joined by `-`, `_` or `.`, one of them saying what it is for
    // (`test-token-123`, `dev_secret_1`, `local.password`): a name made up for a test, not generated.
    let parts: Vec<&str> = lower.split(['-', '_', '.']).collect();
    if parts.len() >= 2
        && parts
            .iter()
            .any(|p| matches!(*p, "test" | "testing" | "demo" | "dev" | "local" | "mock" | "e2e" | "ci"))
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_lowercase()) || (p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())))
    {
        return true;
    }
    // One repeated character (`aaaaaaaa`, `00000000`) or a sequence is a placeholder, also in parts:
    // kubeadm's documented bootstrap token `abcdef.0123456789abcdef`.
    let first = v.chars().next().unwrap_or(' ');
    const RUN: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    v.chars().all(|c| c == first) || RUN.contains(&lower) || lower.split(['.', '-', '_']).all(|p| p.len() >= 4 && RUN.contains(p))
}

/// The secrets `detectors` find in `text` (when their keywords occur): `(span, detector)`,
/// placeholders and low-entropy values excluded, each span reported once.
/// `compiled` caches the patterns of `detectors` (one cell per rule).
pub fn scan(
    text: &str,
    present: &[bool],
    detectors: &'static [Detector],
    compiled: &'static OnceLock<Vec<Option<Regex>>>,
) -> Vec<(Span, &'static Detector)> {
    // Word boundaries are ASCII ones: a Unicode `\b` makes the regex engine leave its fast DFA
    // on any non-ASCII text (a translation file took 100 times longer), and secrets are ASCII.
    let patterns = compiled.get_or_init(|| {
        detectors
            .iter()
            .map(|d| Regex::new(&d.pattern.replace(r"\b", r"(?-u:\b)")).ok())
            .collect()
    });
    let mut out: Vec<(Span, &'static Detector)> = Vec::new();
    // Spans taken so far, by start: a new span overlaps one only if it overlaps its neighbour
    // below or above (spans never overlap each other), so each check is a lookup, not a scan.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (d, re) in detectors.iter().zip(patterns) {
        if !d.keywords.iter().any(|k| keyword_index(k).is_some_and(|i| present[i])) {
            continue;
        }
        let Some(re) = re else { continue };
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(1).or_else(|| caps.get(0)) else { continue };
            let value = m.as_str();
            if is_placeholder(value)
                || entropy(value) < d.min_entropy
                || !github_checksum_ok(value)
                || shipshape_core::secret_value::documented_example(value)
                || filler_secret(value)
            {
                continue;
            }
            let span = Span::new(m.start(), m.end());
            let below = taken.range(..=span.start).next_back().is_some_and(|(_, &end)| end > span.start);
            let above = taken
                .range(span.start..)
                .next()
                .is_some_and(|(&start, _)| start < span.end.max(span.start + 1));
            if !below && !above {
                taken.insert(span.start, span.end);
                out.push((span, d));
            }
        }
    }
    out
}

/// Whether a `gh?_` token of the 40-character form carries a valid checksum: its last six characters are
/// the base62 CRC32 of the 30 random ones before them (GitHub's token format of 2021). Other lengths are
/// not checked. Both base62 alphabets in use (digits, then upper or lower case first) are accepted.
fn github_checksum_ok(token: &str) -> bool {
    let b = token.as_bytes();
    if !(b.len() == 40 && b.starts_with(b"gh") && b[3] == b'_') {
        return true;
    }
    let Some(body) = token.get(4..) else { return true };
    if body.len() != 36 || !body.is_ascii() {
        return true;
    }
    let (random, sum) = body.split_at(30);
    let crc = crc32(random.as_bytes());
    let decode = |upper_first: bool| {
        sum.bytes().try_fold(0u64, |n, c| {
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'A'..=b'Z' => c - b'A' + if upper_first { 10 } else { 36 },
                b'a'..=b'z' => c - b'a' + if upper_first { 36 } else { 10 },
                _ => return None,
            };
            Some(n * 62 + u64::from(v))
        })
    };
    decode(true) == Some(u64::from(crc)) || decode(false) == Some(u64::from(crc))
}

/// The 40-character GitHub token of `prefix` (`ghp_` …) and 30 `random` characters: with its checksum,
/// as GitHub issues it. For documentation examples and tests, which need tokens that pass
/// [`scan`]'s checksum test.
pub fn github_token(prefix: &str, random: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut n = crc32(random.as_bytes());
    let mut sum = [b'0'; 6];
    for c in sum.iter_mut().rev() {
        *c = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    format!("{prefix}{random}{}", String::from_utf8_lossy(&sum))
}

/// CRC-32 (IEEE 802.3, as zlib), bitwise: the inputs are 30 bytes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Whether a token's longest part (the secret of `https://hooks.slack.com/services/T…/B…/<secret>`)
/// is filler (`abcdefghijklmnopqrstuvwx`: biome's rule-test snapshot, judged wrong).
fn filler_secret(value: &str) -> bool {
    value
        .split(['/', ':', '-', '_', '.', '@', '='])
        .max_by_key(|p| p.len())
        .is_some_and(|p| p.len() >= 8 && shipshape_core::secret_value::is_filler(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_zlibs() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn github_checksum() {
        assert!(github_checksum_ok("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"));
        // the same random part under the other base62 alphabet
        assert!(github_checksum_ok("ghp_8kQ2vN4xR7tL1mZ9cW3bH6yJ0pF5sD1ukyL2"));
        // flux2's test token: the checksum does not match, so it was made up
        assert!(!github_checksum_ok("ghp_baR2qnFF0O41WlucePL3udt2N9vVZS4R0hAS"));
        assert!(!github_checksum_ok("ghp_8kQ2vN4xR7tL1mZ9cW3bH6yJ0pF5sD2gA4eU"));
        assert_eq!(
            github_token("ghp_", "8kQ2vN4xR7tL1mZ9cW3bH6yJ0pF5sD"),
            "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"
        );
        // other lengths are not checked
        assert!(github_checksum_ok(
            "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498"
        ));
    }
}
