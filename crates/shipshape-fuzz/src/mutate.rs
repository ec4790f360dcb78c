//! The mutator: 1–4 seeded edits of a seed, aimed at what the grammars care about (YAML anchors and
//! flow collections, `${{ }}` expressions, heredocs, continuations, quotes, line endings, byte-order
//! marks, multi-byte characters next to token boundaries) and at planting synthetic secrets.
//!
//! Everything is drawn from [`Rng::for_input`], so an input is a pure function of (seed list, run
//! seed, index).

use crate::rng::Rng;
use crate::seeds::{MAX_INPUT, Seeds};
use shipshape_core::classify::FileKind;

/// One input to run, and how it was made.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file name the engine sees.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Synthetic secrets planted in it that are still there verbatim.
    pub planted: Vec<String>,
    /// The seed it was made from.
    pub origin: String,
    /// What was done to the seed, in order.
    pub mutations: Vec<String>,
    /// `(run seed, index)`, when generated (not read from a file).
    pub id: Option<(u64, u64)>,
    /// The seed's bytes before mutation (empty when read as is): the diff between the two is
    /// checked too.
    pub before: Vec<u8>,
}

impl Input {
    /// An input read as is.
    pub fn plain(name: String, bytes: Vec<u8>, origin: String, planted: Vec<String>) -> Self {
        Self {
            name,
            bytes,
            planted,
            origin,
            mutations: Vec::new(),
            id: None,
            before: Vec::new(),
        }
    }
}

/// Tokens inserted at chosen offsets: each is special to at least one grammar.
pub const TOKENS: &[&str] = &[
    "{{",
    "}}",
    "${{",
    "${{ ",
    " }}",
    "<<",
    "<<EOF",
    "<<-EOF",
    "<<'EOF'",
    "EOF",
    "\nEOF\n",
    "*a",
    "&a",
    "&a ",
    "<<: *a",
    "\\",
    "\\\n",
    "\\\r\n",
    "\"",
    "'",
    "`",
    "#",
    " #",
    "- ",
    ": ",
    ":",
    "[",
    "]",
    "{",
    "}",
    "\u{FEFF}",
    "\r",
    "\r\n",
    "\n",
    "\0",
    "\x1b",
    "\t",
    "é",
    "😀",
    "…",
    "${",
    "$(",
    "%{",
    "${var.",
    "|",
    "|-",
    ">",
    "---\n",
    "...\n",
    "? ",
    "!!binary ",
    "!",
    "%YAML 1.2\n",
    ",",
    "=",
    "\"\"\"",
    "//",
    "/*",
    "*/",
    "@sha256:",
    "--mount=",
    "&&",
    "||",
    ";",
    " ",
    "\\u",
    "-",
];

/// Characters of 2, 3 and 4 bytes (and ones YAML or Unicode treat as line breaks or invisible).
pub const MULTIBYTE: &[&str] = &[
    "é",
    "😀",
    "…",
    "ß",
    "中",
    "\u{301}",
    "e\u{301}",
    "\u{200B}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{A0}",
    "\u{FFFD}",
    "\u{FEFF}",
    "\u{1F1FA}\u{1F1F8}",
    "\u{10FFFF}",
];

/// Tokens the offset chooser aims next to.
const ANCHORS: &[&str] = &[
    "{{", "}}", "${{", "<<", ": ", ":", "- ", "#", "\"", "'", "\\", "=", "[", "]", "{", "}", "$", "\n", "\r\n", " ", "EOF", "&", "*", "|",
    "(", ")", ",", ".", "/", "@",
];

/// Whole lines worth inserting at a line boundary.
const LINES: &[&str] = &[
    "<<: *a\n",
    "a: &a {x: 1}\n",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
    "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    "---\n",
    "EOF\n",
    "RUN <<EOF\n",
    "COPY <<EOF /x\n",
    "RUN <<EOF cat <<EOT\n",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "FROM scratch AS a\n",
    "FROM a\n",
    "ONBUILD RUN x\n",
    "HEALTHCHECK CMD [\"x\"\n",
    "- \n",
    "-\n",
    "  - run: echo ${{ github.event.issue.title }}\n",
    "    uses: actions/checkout@v4\n",
    "  script:\n",
    "  <<: *a\n",
    "include:\n",
    "on: push\n",
    "jobs:\n",
    "steps:\n",
    "services:\n",
    "  web:\n",
    "    image: nginx\n",
    "spec:\n",
    "containers:\n",
    "apiVersion: v1\n",
    "kind: Pod\n",
    "kind: List\n",
    "items:\n",
    "resource \"aws_s3_bucket\" \"b\" {\n",
    "}\n",
    "variable \"v\" {\n",
    "locals { x = \"${\"\n",
    "# shipshape: ignore[ALL]\n",
    "# shipshape: ignore-file[ALL]\n",
    "# shipshape: ignore[DF, GHA001, not-a-rule]\n",
    "# hadolint ignore=DL3008\n",
    "#checkov:skip=CKV_AWS_1\n",
    "{\n",
    "[\n",
    "\"\n",
    "'\n",
    "\\\n",
    "\n",
    "\r\n",
];

const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

const PEM_BEGIN: &str = "-----BEGIN RSA PRIVATE KEY-----";
const PEM_END: &str = "-----END RSA PRIVATE KEY-----";

/// The input `index` of the run seeded `seed`.
pub fn generate(seeds: &Seeds, seed: u64, index: u64) -> Input {
    let mut rng = Rng::for_input(seed, index);
    let kinds: Vec<&Vec<usize>> = seeds.by_kind.values().collect();
    let group = rng.pick(&kinds);
    let base = &seeds.all[*rng.pick(group)];
    let mut m = Mutation {
        bytes: base.bytes.clone(),
        kind: base.kind,
        planted: Vec::new(),
        log: Vec::new(),
    };
    for _ in 0..rng.range(1, 4) {
        m.apply_one(&mut rng, seeds);
        m.bytes.truncate(MAX_INPUT);
    }
    let planted = m
        .planted
        .into_iter()
        .filter(|v| contains(&m.bytes, v.as_bytes()))
        .fold(Vec::new(), |mut acc, v| {
            if !acc.contains(&v) {
                acc.push(v);
            }
            acc
        });
    Input {
        name: base.name.clone(),
        bytes: m.bytes,
        planted,
        origin: base.origin.clone(),
        mutations: m.log,
        id: Some((seed, index)),
        before: base.bytes.clone(),
    }
}

struct Mutation {
    bytes: Vec<u8>,
    kind: FileKind,
    planted: Vec<String>,
    log: Vec<String>,
}

#[derive(Clone, Copy)]
enum Op {
    FlipByte,
    DeleteLines,
    DuplicateLine,
    DuplicateBlock,
    Splice,
    InsertToken,
    InsertMultibyte,
    InsertLine,
    Truncate,
    PlantSecret,
    Indent,
    SwapLines,
}

const OPS: &[(Op, usize)] = &[
    (Op::FlipByte, 6),
    (Op::DeleteLines, 8),
    (Op::DuplicateLine, 6),
    (Op::DuplicateBlock, 3),
    (Op::Splice, 8),
    (Op::InsertToken, 22),
    (Op::InsertMultibyte, 12),
    (Op::InsertLine, 8),
    (Op::Truncate, 3),
    (Op::PlantSecret, 12),
    (Op::Indent, 6),
    (Op::SwapLines, 4),
];

impl Mutation {
    fn apply_one(&mut self, rng: &mut Rng, seeds: &Seeds) {
        let weights: Vec<usize> = OPS.iter().map(|(_, w)| *w).collect();
        let op = OPS[rng.weighted(&weights)].0;
        let len = self.bytes.len();
        match op {
            Op::FlipByte if len > 0 => {
                let at = rng.below(len);
                let old = self.bytes[at];
                self.bytes[at] = if rng.chance(1, 2) {
                    old ^ (1 << rng.below(8))
                } else {
                    rng.next_u64() as u8
                };
                self.log.push(format!("flip byte {at}: {old:#04x} -> {:#04x}", self.bytes[at]));
            }
            Op::DeleteLines => {
                let lines = line_starts(&self.bytes);
                let first = rng.below(lines.len());
                let n = rng.range(1, 8).min(lines.len() - first);
                let (a, b) = (lines[first], line_end(&lines, first + n - 1, len));
                self.bytes.drain(a..b);
                self.log.push(format!("delete {n} line(s) from line {}", first + 1));
            }
            Op::DuplicateLine => {
                let lines = line_starts(&self.bytes);
                let i = rng.below(lines.len());
                let (a, b) = (lines[i], line_end(&lines, i, len));
                let line = self.bytes[a..b].to_vec();
                let times = rng.range(1, 3);
                for _ in 0..times {
                    self.bytes.splice(b..b, line.iter().copied());
                }
                self.log.push(format!("duplicate line {} x{times}", i + 1));
            }
            Op::DuplicateBlock => {
                let lines = line_starts(&self.bytes);
                let first = rng.below(lines.len());
                let n = rng.range(1, 64).min(lines.len() - first);
                let (a, b) = (lines[first], line_end(&lines, first + n - 1, len));
                let block = self.bytes[a..b].to_vec();
                let wanted = *rng.pick(&[2usize, 10, 100, 1_000, 10_000, 100_000]);
                let room = MAX_INPUT.saturating_sub(len) / block.len().max(1);
                let times = wanted.min(room).max(1);
                let mut repeated = Vec::with_capacity(block.len() * times);
                for _ in 0..times {
                    repeated.extend_from_slice(&block);
                }
                self.bytes.splice(b..b, repeated);
                self.log.push(format!("duplicate lines {}..{} x{times}", first + 1, first + n));
            }
            Op::Splice => {
                let Some(group) = seeds.by_kind.get(&self.kind) else { return };
                let partner = &seeds.all[*rng.pick(group)];
                let theirs = line_starts(&partner.bytes);
                let first = rng.below(theirs.len());
                let n = rng.range(1, 40).min(theirs.len() - first);
                let chunk = partner.bytes[theirs[first]..line_end(&theirs, first + n - 1, partner.bytes.len())].to_vec();
                let ours = line_starts(&self.bytes);
                let at = rng.below(ours.len() + 1);
                let start = ours.get(at).copied().unwrap_or(len);
                let replace = if at < ours.len() && rng.chance(1, 2) {
                    rng.range(1, n).min(ours.len() - at)
                } else {
                    0
                };
                let end = if replace == 0 {
                    start
                } else {
                    line_end(&ours, at + replace - 1, len)
                };
                self.bytes.splice(start..end, chunk);
                self.log.push(format!(
                    "splice lines {}..{} of {} at line {} (replacing {replace})",
                    first + 1,
                    first + n,
                    partner.origin,
                    at + 1
                ));
            }
            Op::InsertToken => {
                let token = if rng.chance(1, 12) {
                    // The opening line of a key, cut anywhere, with or without a newline after.
                    let cut = rng.range(1, PEM_BEGIN.len());
                    format!("{}{}", &PEM_BEGIN[..cut], if rng.chance(1, 2) { "\n" } else { "" })
                } else {
                    (*rng.pick(TOKENS)).to_owned()
                };
                let at = pick_offset(rng, &self.bytes);
                self.bytes.splice(at..at, token.bytes());
                self.log.push(format!("insert {token:?} at byte {at}"));
            }
            Op::InsertMultibyte => {
                let ch = *rng.pick(MULTIBYTE);
                let at = pick_offset(rng, &self.bytes);
                self.bytes.splice(at..at, ch.bytes());
                self.log.push(format!("insert {ch:?} at byte {at}"));
            }
            Op::InsertLine => {
                let line = *rng.pick(LINES);
                let lines = line_starts(&self.bytes);
                let i = rng.below(lines.len() + 1);
                let at = lines.get(i).copied().unwrap_or(len);
                let indent = if rng.chance(1, 2) {
                    indent_of(&self.bytes, &lines, i)
                } else {
                    Vec::new()
                };
                let text: Vec<u8> = indent.into_iter().chain(line.bytes()).collect();
                self.bytes.splice(at..at, text);
                self.log.push(format!("insert line {line:?} before line {}", i + 1));
            }
            Op::Truncate if len > 0 => {
                let at = if rng.chance(9, 10) {
                    char_boundary(&self.bytes, rng.below(len))
                } else {
                    rng.below(len)
                };
                self.bytes.truncate(at);
                self.log.push(format!("truncate at byte {at}"));
            }
            Op::PlantSecret => self.plant(rng),
            Op::Indent => {
                let lines = line_starts(&self.bytes);
                let i = rng.below(lines.len());
                let a = lines[i];
                let spaces = self.bytes[a..].iter().take_while(|b| **b == b' ' || **b == b'\t').count();
                match rng.below(3) {
                    0 => {
                        let n = rng.range(1, 4);
                        self.bytes.splice(a..a, std::iter::repeat_n(b' ', n));
                        self.log.push(format!("indent line {} by {n}", i + 1));
                    }
                    1 => {
                        let n = rng.range(1, 4).min(spaces);
                        self.bytes.drain(a..a + n);
                        self.log.push(format!("dedent line {} by {n}", i + 1));
                    }
                    _ => {
                        self.bytes.splice(a..a + spaces, [b'\t']);
                        self.log.push(format!("indent line {} with a tab", i + 1));
                    }
                }
            }
            Op::SwapLines => {
                let lines = line_starts(&self.bytes);
                if lines.len() < 2 {
                    return;
                }
                let i = rng.below(lines.len() - 1);
                let j = if rng.chance(1, 2) {
                    i + 1
                } else {
                    rng.range(i + 1, lines.len() - 1)
                };
                let (a0, a1) = (lines[i], line_end(&lines, i, len));
                let (b0, b1) = (lines[j], line_end(&lines, j, len));
                let mut out = Vec::with_capacity(len + 1);
                out.extend_from_slice(&self.bytes[..a0]);
                out.extend_from_slice(&with_newline(&self.bytes[b0..b1]));
                out.extend_from_slice(&self.bytes[a1..b0]);
                out.extend_from_slice(&self.bytes[a0..a1]);
                out.extend_from_slice(&self.bytes[b1..]);
                self.bytes = out;
                self.log.push(format!("swap lines {} and {}", i + 1, j + 1));
            }
            Op::FlipByte | Op::Truncate => {
                // Nothing to flip or cut in an empty file: grow it instead.
                let token = *rng.pick(TOKENS);
                self.bytes.extend_from_slice(token.as_bytes());
                self.log.push(format!("append {token:?}"));
            }
        }
    }

    /// Plant one synthetic secret, written the way the file's kind would carry it.
    fn plant(&mut self, rng: &mut Rng) {
        let lines = line_starts(&self.bytes);
        let i = rng.below(lines.len() + 1);
        let at = lines.get(i).copied().unwrap_or(self.bytes.len());
        let ind = String::from_utf8_lossy(&indent_of(&self.bytes, &lines, i)).into_owned();
        let yaml = matches!(
            self.kind,
            FileKind::Compose
                | FileKind::GithubWorkflow
                | FileKind::GithubAction
                | FileKind::Dependabot
                | FileKind::GitlabCi
                | FileKind::Kubernetes
                | FileKind::HelmTemplate
                | FileKind::Yaml
        );
        let (what, text, values) = match rng.below(4) {
            0 => {
                let id = format!("AKIA{}", rng.string(UPPER_DIGITS, 16));
                let key = rng.string(BASE64, 40);
                let text = match self.kind {
                    FileKind::Dockerfile => match rng.below(2) {
                        0 => format!("ENV AWS_ACCESS_KEY_ID={id} AWS_SECRET_ACCESS_KEY={key}\n"),
                        _ => format!("ARG aws_access_key_id={id}\nARG aws_secret_access_key=\"{key}\"\n"),
                    },
                    FileKind::Terraform | FileKind::TerraformVars => {
                        format!("{ind}access_key = \"{id}\"\n{ind}aws_secret_access_key = \"{key}\"\n")
                    }
                    _ if yaml => format!("{ind}aws_access_key_id: {id}\n{ind}aws_secret_access_key: \"{key}\"\n"),
                    _ => format!("aws_access_key_id = {id}\naws_secret_access_key = \"{key}\"\n"),
                };
                ("aws key pair", text, vec![id, key])
            }
            1 => {
                // With its checksum: a GitHub token whose checksum fails is made up and not reported.
                let token = shipshape_secrets::detect::github_token("ghp_", &rng.string(ALNUM, 30));
                let text = if rng.chance(1, 5) {
                    // Bare, anywhere: the value alone, at a chosen offset.
                    let at = pick_offset(rng, &self.bytes);
                    self.bytes.splice(at..at, token.bytes());
                    self.log.push(format!("plant github token {token:?} at byte {at}"));
                    self.planted.push(token);
                    return;
                } else {
                    match self.kind {
                        FileKind::Dockerfile => match rng.below(3) {
                            0 => format!("ENV GITHUB_TOKEN={token}\n"),
                            1 => format!("RUN git clone https://x-access-token:{token}@github.com/o/r.git\n"),
                            _ => format!("RUN curl -H \"Authorization: token {token}\" https://api.github.com/user\n"),
                        },
                        FileKind::Terraform | FileKind::TerraformVars => format!("{ind}token = \"{token}\"\n"),
                        _ if yaml => match rng.below(2) {
                            0 => format!("{ind}GITHUB_TOKEN: {token}\n"),
                            _ => format!("{ind}token: \"{token}\"\n"),
                        },
                        _ => format!("GITHUB_TOKEN={token}\n"),
                    }
                };
                ("github token", text, vec![token])
            }
            2 => {
                let body: Vec<String> = (0..rng.range(4, 12)).map(|_| rng.string(BASE64, 64)).collect();
                let text = match self.kind {
                    FileKind::Dockerfile => format!("COPY <<EOF /root/.ssh/id_rsa\n{PEM_BEGIN}\n{}\n{PEM_END}\nEOF\n", body.join("\n")),
                    FileKind::Terraform | FileKind::TerraformVars => {
                        format!("{ind}private_key = <<EOT\n{PEM_BEGIN}\n{}\n{PEM_END}\nEOT\n", body.join("\n"))
                    }
                    _ if yaml => {
                        let pad = format!("{ind}  ");
                        let lines: Vec<String> = std::iter::once(PEM_BEGIN.to_owned())
                            .chain(body.iter().cloned())
                            .chain(std::iter::once(PEM_END.to_owned()))
                            .map(|l| format!("{pad}{l}\n"))
                            .collect();
                        format!("{ind}private_key: |\n{}", lines.concat())
                    }
                    _ => format!("{PEM_BEGIN}\n{}\n{PEM_END}\n", body.join("\n")),
                };
                ("rsa private key", text, body)
            }
            _ => {
                let password = rng.string(ALNUM, 20);
                let text = match self.kind {
                    FileKind::Dockerfile => format!("ENV DB_PASSWORD={password}\n"),
                    FileKind::Terraform | FileKind::TerraformVars => format!("{ind}password = \"{password}\"\n"),
                    _ if yaml => format!("{ind}password: {password}\n"),
                    _ => format!("password: {password}\n"),
                };
                ("password", text, vec![password])
            }
        };
        self.bytes.splice(at..at, text.bytes());
        self.log.push(format!("plant {what} before line {}: {text:?}", i + 1));
        self.planted.extend(values);
    }
}

/// Byte offsets where lines start (always at least `[0]`); a final line without newline counts.
pub fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' && i + 1 < bytes.len() {
            starts.push(i + 1);
        }
    }
    starts
}

/// The end (after its newline) of line `i`.
fn line_end(starts: &[usize], i: usize, len: usize) -> usize {
    starts.get(i + 1).copied().unwrap_or(len)
}

fn with_newline(line: &[u8]) -> Vec<u8> {
    let mut v = line.to_vec();
    if !v.ends_with(b"\n") {
        v.push(b'\n');
    }
    v
}

/// The leading whitespace of line `i` (or of the line above it when `i` is past the end or blank).
fn indent_of(bytes: &[u8], starts: &[usize], i: usize) -> Vec<u8> {
    let pick = |j: usize| -> Vec<u8> {
        let a = starts[j];
        bytes[a..].iter().take_while(|b| **b == b' ' || **b == b'\t').copied().collect()
    };
    if i < starts.len() {
        let own = pick(i);
        let blank = bytes.get(starts[i] + own.len()).is_none_or(|b| *b == b'\n' || *b == b'\r');
        if !blank {
            return own;
        }
    }
    if i > 0 && i - 1 < starts.len() { pick(i - 1) } else { Vec::new() }
}

/// `at`, moved forward to the start of a UTF-8 character.
fn char_boundary(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
        at += 1;
    }
    at
}

/// Where to insert: anywhere, at a line's start or end, right before/after/inside a token the
/// grammars care about, or (rarely) inside a multi-byte character.
fn pick_offset(rng: &mut Rng, bytes: &[u8]) -> usize {
    let len = bytes.len();
    if len == 0 {
        return 0;
    }
    match rng.weighted(&[30, 20, 40, 10]) {
        0 => char_boundary(bytes, rng.below(len + 1)),
        1 => {
            let lines = line_starts(bytes);
            let i = rng.below(lines.len());
            if rng.chance(1, 2) {
                lines[i]
            } else {
                let mut end = line_end(&lines, i, len);
                if end > lines[i] && bytes[end - 1] == b'\n' {
                    end -= 1;
                    if end > lines[i] && bytes[end - 1] == b'\r' && rng.chance(1, 2) {
                        end -= 1;
                    }
                }
                end
            }
        }
        2 => {
            let anchor = rng.pick(ANCHORS).as_bytes();
            let from = rng.below(len);
            let found = find(&bytes[from..], anchor).map(|p| p + from).or_else(|| find(bytes, anchor));
            match found {
                Some(p) => match rng.below(4) {
                    0 => p,
                    1 => p + anchor.len(),
                    2 if anchor.len() > 1 => p + 1,
                    _ => char_boundary(bytes, (p + anchor.len() + 1).min(len)),
                },
                None => char_boundary(bytes, rng.below(len + 1)),
            }
        }
        _ => rng.below(len + 1),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds::Seed;

    fn seeds() -> Seeds {
        let mut s = Seeds::default();
        s.push(Seed::new(
            "Dockerfile".into(),
            b"FROM alpine\nRUN echo a \\\n  b\n".to_vec(),
            "t".into(),
        ));
        s.push(Seed::new(
            ".github/workflows/ci.yml".into(),
            b"on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.sha }}\n".to_vec(),
            "t".into(),
        ));
        s.push(Seed::new(
            "main.tf".into(),
            b"resource \"a\" \"b\" {\n  x = 1\n}\n".to_vec(),
            "t".into(),
        ));
        s.push(Seed::new("empty.yaml".into(), Vec::new(), "t".into()));
        s
    }

    #[test]
    fn same_seed_same_inputs() {
        let s = seeds();
        for i in 0..500 {
            let (a, b) = (generate(&s, 42, i), generate(&s, 42, i));
            assert_eq!(a.bytes, b.bytes);
            assert_eq!(a.name, b.name);
            assert_eq!(a.planted, b.planted);
            assert_eq!(a.mutations, b.mutations);
            assert!(!a.mutations.is_empty() && a.mutations.len() <= 4);
            assert!(a.bytes.len() <= MAX_INPUT);
        }
        let differ = (0..50).filter(|i| generate(&s, 1, *i).bytes != generate(&s, 2, *i).bytes).count();
        assert!(differ > 25, "seeds 1 and 2 give mostly different inputs ({differ}/50)");
    }

    #[test]
    fn planted_secrets_are_in_the_input() {
        let s = seeds();
        let mut planted = 0;
        for i in 0..2000 {
            let input = generate(&s, 3, i);
            for v in &input.planted {
                assert!(contains(&input.bytes, v.as_bytes()));
                planted += 1;
            }
        }
        assert!(planted > 100);
    }

    #[test]
    fn lines() {
        assert_eq!(line_starts(b""), vec![0]);
        assert_eq!(line_starts(b"a\nb"), vec![0, 2]);
        assert_eq!(line_starts(b"a\nb\n"), vec![0, 2]);
    }
}
