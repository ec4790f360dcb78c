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
    // One repeated character (`aaaaaaaa`, `00000000`) or a sequence is a placeholder.
    let first = v.chars().next().unwrap_or(' ');
    v.chars().all(|c| c == first) || "0123456789abcdefghijklmnopqrstuvwxyz".contains(&lower)
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
            if is_placeholder(value) || entropy(value) < d.min_entropy {
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
