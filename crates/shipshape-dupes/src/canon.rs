//! Canonical forms. A YAML subtree is hashed twice, Merkle style: `exact` (keys sorted, values as
//! parsed: quoting, flow or block style, indentation and comments do not count) and `fuzzy`, where
//! each value a copy may change (a version, an image, a path: one word) is a hole, so copies that
//! differ only there share a fuzzy hash and the values become the parameters. Of a several-word
//! value (a script, a command) the fuzzy form keeps the command of each line. An action's identity (`uses:`
//! before the `@`) stays too: steps identical except the action used are not copies. Labels (a
//! step's or job's `name:`) count for neither. An alias is kept as a reference to its anchor's
//! content, not expanded: what an anchor already shares is not a duplicate.

use crate::hash::Hasher;
use shipshape_yaml::{Kind, NodeRef};

/// A value a copy may change: the path to it inside the region, and the value as parsed.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Leaf {
    pub path: String,
    pub value: String,
}

const MAP: u64 = 1;
const SEQ: u64 = 2;
const SCALAR: u64 = 3;
const ALIAS: u64 = 4;
const HOLE: u64 = 5;
const LABEL: u64 = 6;
const TEXT: u64 = 7;
const ACTION: u64 = 8;
/// Nodes one region may visit (aliases included): beyond it the rest hashes as one constant.
const BUDGET: usize = 50_000;

pub struct Canon<'a> {
    /// Keys whose values are labels (ignored).
    pub labels: &'a [&'a str],
    budget: usize,
    /// Nesting (aliases followed) of the node being hashed: deeper ones hash as one constant.
    depth: usize,
}

/// Deepest nesting hashed (the YAML layer allows 200 levels; aliases can stack more).
const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hashes {
    pub exact: u64,
    pub fuzzy: u64,
}

impl<'a> Canon<'a> {
    pub fn new(labels: &'a [&'a str]) -> Self {
        Canon {
            labels,
            budget: BUDGET,
            depth: 0,
        }
    }

    /// Hash `node` (reached under `key`), appending its parameterisable values to `leaves`.
    pub fn node(&mut self, node: NodeRef<'_>, key: &str, path: &str, leaves: &mut Vec<Leaf>) -> Hashes {
        if self.budget == 0 || self.depth >= MAX_DEPTH {
            return Hashes { exact: 0, fuzzy: 0 };
        }
        self.budget -= 1;
        self.depth += 1;
        let h = self.node_inner(node, key, path, leaves);
        self.depth -= 1;
        h
    }

    fn node_inner(&mut self, node: NodeRef<'_>, key: &str, path: &str, leaves: &mut Vec<Leaf>) -> Hashes {
        let tag = node.tag().unwrap_or("");
        match &node.node().kind {
            Kind::Alias(target) => {
                // The anchor's content, without its values becoming parameters.
                let inner = match target {
                    Some(id) => self.node(NodeRef { doc: node.doc, id: *id }, key, path, &mut Vec::new()),
                    None => Hashes::default(),
                };
                let h = Hasher::new(ALIAS).word(inner.exact).finish();
                Hashes { exact: h, fuzzy: h }
            }
            Kind::Map(entries) => {
                let mut kv: Vec<(String, NodeRef<'_>)> = entries
                    .iter()
                    .map(|e| {
                        let k = NodeRef { doc: node.doc, id: e.key };
                        (
                            k.as_str().unwrap_or("?").to_owned(),
                            NodeRef {
                                doc: node.doc,
                                id: e.value,
                            },
                        )
                    })
                    .collect();
                kv.sort_by(|a, b| a.0.cmp(&b.0));
                let (mut e, mut f) = (Hasher::new(MAP).str(tag), Hasher::new(MAP).str(tag));
                for (k, v) in kv {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    let h = self.node(v, &k, &p, leaves);
                    e = e.str(&k).word(h.exact);
                    f = f.str(&k).word(h.fuzzy);
                }
                Hashes {
                    exact: e.finish(),
                    fuzzy: f.finish(),
                }
            }
            Kind::Seq(items) => {
                let (mut e, mut f) = (Hasher::new(SEQ).str(tag), Hasher::new(SEQ).str(tag));
                for (i, &id) in items.iter().enumerate() {
                    let h = self.node(NodeRef { doc: node.doc, id }, key, &format!("{path}[{i}]"), leaves);
                    e = e.word(h.exact);
                    f = f.word(h.fuzzy);
                }
                Hashes {
                    exact: e.finish(),
                    fuzzy: f.finish(),
                }
            }
            Kind::Scalar(raw) => {
                if self.labels.contains(&key) {
                    let h = Hasher::new(LABEL).finish();
                    return Hashes { exact: h, fuzzy: h };
                }
                let value = normalise(raw);
                let exact = Hasher::new(SCALAR).str(tag).str(&value).finish();
                let fuzzy = fuzzy_scalar(key, &value);
                leaves.push(Leaf {
                    path: path.to_owned(),
                    value,
                });
                Hashes { exact, fuzzy }
            }
        }
    }
}

/// The fuzzy hash of one value under `key`.
pub fn fuzzy_scalar(key: &str, value: &str) -> u64 {
    if key == "uses" {
        let identity = value.split('@').next().unwrap_or(value);
        return Hasher::new(ACTION).str(identity).finish();
    }
    if is_word(value) {
        return Hasher::new(HOLE).finish();
    }
    // A script or command: its shape is the command each line runs, so that two copies differing
    // in an argument (a queue, a path, a version) agree and two different scripts do not.
    let mut h = Hasher::new(TEXT);
    for line in value.lines() {
        h = h.str(line.split_whitespace().next().unwrap_or(""));
    }
    h.finish()
}

/// One word, counting a `${{ … }}` expression (blanks inside it) as part of the word it is in.
pub fn is_word(value: &str) -> bool {
    if value.len() > 200 {
        return false;
    }
    let (b, mut depth, mut i) = (value.as_bytes(), 0, 0);
    while i < b.len() {
        if b[i..].starts_with(b"${{") {
            depth += 1;
            i += 3;
        } else if depth > 0 && b[i..].starts_with(b"}}") {
            depth -= 1;
            i += 2;
        } else if depth == 0 && b[i].is_ascii_whitespace() {
            return false;
        } else {
            i += 1;
        }
    }
    !value.is_empty()
}

/// Trailing blanks and blank last lines removed.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.trim_end().lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.pop();
    out
}

/// Every run of digits (and the dots between them) as `#`: `node:20.11` and `node:22.1` agree.
pub fn mask_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_num = false;
    for c in s.chars() {
        if c.is_ascii_digit() || (in_num && c == '.') {
            if !in_num {
                out.push('#');
                in_num = true;
            }
        } else {
            in_num = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_yaml::Yaml;

    fn hashes(src: &str) -> (Hashes, Vec<Leaf>) {
        let y = Yaml::parse(src);
        let mut leaves = Vec::new();
        let h = Canon::new(&["name"]).node(y.docs[0].root().unwrap(), "", "", &mut leaves);
        (h, leaves)
    }

    #[test]
    fn formatting_order_and_comments_do_not_count() {
        let a = hashes("name: Build\nuses: actions/setup-node@v4\nwith:\n  node-version: 20\n  cache: npm\n").0;
        let b = hashes("# set up\nwith: {cache: 'npm', \"node-version\": 20}\nuses: \"actions/setup-node@v4\"\nname: Set up Node\n").0;
        assert_eq!(a, b);
    }

    #[test]
    fn a_changed_word_is_a_hole_a_changed_action_is_not() {
        let (a, leaves) = hashes("uses: actions/setup-node@v4\nwith:\n  node-version: 20\n");
        let b = hashes("uses: actions/setup-node@v5\nwith:\n  node-version: 22\n").0;
        let c = hashes("uses: actions/setup-python@v5\nwith:\n  node-version: 22\n").0;
        assert_ne!(a.exact, b.exact);
        assert_eq!(a.fuzzy, b.fuzzy);
        assert_ne!(a.fuzzy, c.fuzzy);
        assert_eq!(leaves.len(), 2);
        assert_eq!((leaves[1].path.as_str(), leaves[1].value.as_str()), ("with.node-version", "20"));
        // A script's shape is the commands its lines run; its arguments are holes.
        let s1 = hashes("run: |\n  pip install ruff==0.6.1\n  ruff check .\n").0;
        let s2 = hashes("run: |\n  pip install ruff==0.7.0\n  ruff check src\n").0;
        let s3 = hashes("run: |\n  pip install black==0.7.0\n  black --check .\n").0;
        let s4 = hashes("run: |\n  pip install ruff==0.7.0\n").0;
        assert_eq!(s1.fuzzy, s2.fuzzy);
        assert_ne!(s1.fuzzy, s3.fuzzy);
        assert_ne!(s1.fuzzy, s4.fuzzy);
    }

    #[test]
    fn an_expression_is_part_of_its_word() {
        assert!(is_word("storefront-${{ inputs.environment }}"));
        assert!(is_word("${{ matrix.os }}"));
        assert!(!is_word("echo ${{ matrix.os }}"));
        assert!(!is_word("a b"));
    }

    #[test]
    fn deep_nesting_stays_bounded() {
        let mut src = String::new();
        for i in 0..150 {
            src.push_str(&" ".repeat(i * 2));
            src.push_str("k:\n");
        }
        let y = Yaml::parse(&src);
        let _ = Canon::new(&[]).node(y.docs[0].root().unwrap(), "", "", &mut Vec::new());
    }

    #[test]
    fn alias_bombs_stay_bounded() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        // 10^5 nodes expanded: the parser accepts it, the hashing stops at its budget.
        for i in 0..4 {
            src.push_str(&format!(
                "b{i}: &b{i} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                p = if i == 0 { "a".to_owned() } else { format!("b{}", i - 1) }
            ));
        }
        let y = Yaml::parse(&src);
        let mut c = Canon::new(&[]);
        let _ = c.node(y.docs[0].root().unwrap(), "", "", &mut Vec::new());
        assert_eq!(c.budget, 0);
    }
}
