//! A spanned YAML tree built from one pass of `saphyr-parser` events.
//!
//! Every node keeps its exact byte span, so findings point at the key or value they are about and fixes
//! are plain byte edits that leave comments and formatting alone. Aliases are not expanded: an alias
//! node points at its anchor and is followed on access, so an alias bomb costs nothing to build. What
//! reading through aliases can cost is bounded all the same: a stream whose aliases would add more
//! than [`MAX_ALIAS_EXPANSION`] nodes (plus one a byte) when expanded is an error where that happens
//! (as `go-yaml`, which kubectl and Compose use, rejects "excessive aliasing"), and every walk through
//! aliases has a budget. Merge keys (`<<`) are honoured by [`NodeRef::get`] and [`NodeRef::entries`].

use saphyr_parser::{Event, Parser, ScalarStyle};
use shipshape_core::Span;
use std::collections::{HashMap, HashSet};

/// Collections nested deeper than this are an error (no real config comes close).
pub const MAX_DEPTH: usize = 200;
/// Alias hops followed when resolving one node.
const MAX_ALIAS_HOPS: usize = 64;
/// Merge-key levels followed when looking up a key.
const MAX_MERGE_DEPTH: usize = 16;
/// Merged entries read by one lookup ([`NodeRef::get`], [`NodeRef::entries`]).
pub const MAX_MERGED_ENTRIES: usize = 10_000;
/// Nodes visited by one [`NodeRef::walk`], aliases included.
pub const WALK_BUDGET: usize = 200_000;
/// Nodes the aliases of a stream may add when expanded, besides one a byte of the stream: every
/// reader of the tree does work in proportion to the expanded size, whether it follows aliases one
/// by one (a list of 50,000 aliases of a 20,000-key mapping is a 1 MB file and 10^9 nodes) or nests
/// them (a billion laughs).
pub const MAX_ALIAS_EXPANSION: u64 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
    /// A block (indented) mapping or sequence.
    Block,
    /// A `{…}` or `[…]` collection.
    Flow,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Scalar(String),
    Seq(Vec<NodeId>),
    Map(Vec<Entry>),
    /// `*name`: the anchored node, or `None` for an unknown anchor.
    Alias(Option<NodeId>),
}

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
}

#[derive(Clone, Debug)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
    pub style: Style,
    /// The tag as written (`!reference`, `!!str`), if any.
    pub tag: Option<String>,
}

/// One YAML document of a stream.
#[derive(Debug, Default)]
pub struct Document {
    nodes: Vec<Node>,
    root: Option<NodeId>,
    /// From the first to the last byte of the document's content.
    pub span: Span,
    /// Each `&name` written, with the node it anchors.
    anchors: Vec<(Span, NodeId)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub span: Span,
    pub message: String,
}

/// A key written twice in one mapping (YAML forbids it; parsers silently keep one or the other).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

/// A parsed YAML stream: the documents that parsed completely, the first syntax error (parsing stops
/// there, as every YAML parser does), and duplicate keys.
#[derive(Debug, Default)]
pub struct Yaml {
    pub docs: Vec<Document>,
    pub errors: Vec<YamlError>,
    pub duplicates: Vec<DuplicateKey>,
}

enum Frame {
    Seq {
        id: NodeId,
        items: Vec<NodeId>,
    },
    Map {
        id: NodeId,
        entries: Vec<Entry>,
        key: Option<NodeId>,
    },
}

/// Char index → byte offset (the parser counts characters).
struct Offsets(Option<Vec<u32>>, usize);

impl Offsets {
    fn new(src: &str) -> Self {
        if src.is_ascii() {
            return Offsets(None, src.len());
        }
        let mut v: Vec<u32> = src.char_indices().map(|(b, _)| b as u32).collect();
        v.push(src.len() as u32);
        Offsets(Some(v), src.len())
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.0 {
            None => char_index.min(self.1),
            Some(v) => v.get(char_index).map_or(self.1, |b| *b as usize),
        }
    }
}

/// How many flow lines [`Yaml::parse`] re-flows before it reports the indentation error.
const MAX_REFLOWS: usize = 32;

/// The text with the line break before `at` turned into a space (same length, so every span
/// stays), when `at` starts a line inside a flow collection that the strict parser finds
/// under-indented (`command: [` … `]` with the `]` at the key's column). `None` when that would
/// change the meaning: the previous line may end in a comment, or `at` is not at a line's start.
fn reflow_at(text: &str, at: usize) -> Option<String> {
    let at = text.floor_char_boundary(at.min(text.len()));
    let line_start = text[..at].rfind('\n')? + 1;
    if !text[line_start..at].bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    // Lines of only a comment (or blanks) between the last item and `at` are whitespace inside a
    // flow collection (`[ "3.46", #"3.45" … ]`: datasette's matrix, a wrong parse error, the
    // twenty-sixth sample): they become spaces too. A comment after content on a line would
    // swallow what is joined to it: `None`.
    let mut join_from = line_start - 1;
    loop {
        let prev_start = text[..join_from].rfind('\n').map_or(0, |i| i + 1);
        let prev = text[prev_start..join_from].trim();
        if prev.is_empty() || prev.starts_with('#') {
            if prev_start == 0 {
                return None;
            }
            join_from = prev_start - 1;
            continue;
        }
        if prev.contains('#') {
            return None;
        }
        break;
    }
    let mut bytes = text.as_bytes().to_vec();
    let from = if join_from >= 1 && bytes[join_from - 1] == b'\r' {
        join_from - 1
    } else {
        join_from
    };
    for b in &mut bytes[from..line_start] {
        *b = b' ';
    }
    String::from_utf8(bytes).ok()
}

/// The text with the line breaks of the quoted scalar that opens at `at` turned into spaces (offsets
/// stay), when the strict parser finds one of its continuation lines under-indented. PyYAML and
/// go-yaml (and so kubectl) do not check that indentation; a line break in a quoted scalar folds to
/// a space, so the value keeps its words (only runs of spaces differ).
fn reflow_quoted(text: &str, at: usize) -> Option<String> {
    let at = text.floor_char_boundary(at.min(text.len()));
    let mut out = text.as_bytes().to_vec();
    quoted_end(&out, at).map(|end| join_lines(&mut out[at..end]))?;
    String::from_utf8(out).ok()
}

/// [`reflow_quoted`] for the scalar at `at` and every later scalar of the same shape: a value that
/// opens a quote after `key: ` or `- ` and whose next line is indented no more than the key (a
/// generated CRD has a hundred such descriptions; one re-parse each would be quadratic). Block
/// scalars' content and correctly indented quoted scalars are skipped whole. The caller falls back
/// to [`reflow_quoted`] alone when this reads a line wrongly.
fn reflow_quoted_all(text: &str, at: usize) -> Option<String> {
    let at = text.floor_char_boundary(at.min(text.len()));
    let mut out = text.as_bytes().to_vec();
    let first_end = quoted_end(&out, at)?;
    join_lines(&mut out[at..first_end]);
    let bytes = text.as_bytes();
    let mut pos = text[first_end..].find('\n').map_or(text.len(), |i| first_end + i + 1);
    // The key column below which a block scalar's content ends.
    let mut block: Option<usize> = None;
    while pos < bytes.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim();
        if let Some(col) = block {
            if body.is_empty() || indent > col {
                pos = line_end + 1;
                continue;
            }
            block = None;
        }
        let mut key_col = indent;
        let mut rest = &line[indent..];
        while let Some(r) = rest.strip_prefix("- ") {
            let r2 = r.trim_start_matches(' ');
            key_col += rest.len() - r2.len();
            rest = r2;
        }
        let value = if rest.starts_with(['\'', '"']) {
            Some(rest)
        } else if rest.starts_with(['#', '{', '[']) {
            None
        } else {
            rest.find(": ")
                .filter(|&i| !rest[..i].contains(['\'', '"', '#']))
                .map(|i| rest[i + 1..].trim_start_matches(' '))
        };
        let Some(value) = value else {
            pos = line_end + 1;
            continue;
        };
        if value.starts_with(['|', '>']) {
            block = Some(key_col);
            pos = line_end + 1;
            continue;
        }
        if !value.starts_with(['\'', '"']) {
            pos = line_end + 1;
            continue;
        }
        let open = line_end - value.len();
        let Some(end) = quoted_end(bytes, open) else { break };
        if end > line_end {
            let next = &text[line_end + 1..];
            let next_indent = next.len() - next.trim_start_matches(' ').len();
            if next_indent <= key_col {
                join_lines(&mut out[open..end]);
            }
        }
        pos = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    }
    String::from_utf8(out).ok()
}

/// The offset of the quote that closes the quoted scalar opening at `at`.
fn quoted_end(bytes: &[u8], at: usize) -> Option<usize> {
    let quote = *bytes.get(at)?;
    if quote != b'\'' && quote != b'"' {
        return None;
    }
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
}

fn join_lines(bytes: &mut [u8]) {
    for b in bytes {
        if *b == b'\n' || *b == b'\r' {
            *b = b' ';
        }
    }
}

/// Whether the line at `at` continues a flow collection: it starts with a closing bracket or a
/// comma, or the line before ends in an opening bracket or a comma.
fn in_flow_line(text: &str, at: usize) -> bool {
    let at = text.floor_char_boundary(at.min(text.len()));
    if text[at..].starts_with([']', '}', ',']) {
        return true;
    }
    let Some(line_start) = text[..at].rfind('\n') else { return false };
    text[..line_start].trim_end().ends_with(['[', '{', ','])
}

impl Yaml {
    /// Parse a YAML stream. Total: any input gives a value, never a panic.
    ///
    /// What the reference parsers (PyYAML, go-yaml, js-yaml, and so Docker Compose and kubectl)
    /// accept is accepted: a flow collection whose later lines are indented less than the strict
    /// YAML 1.2 grammar asks is re-read with those line breaks as spaces, which keeps every offset.
    pub fn parse(src: &str) -> Yaml {
        let mut yaml = Self::parse_strict(src);
        let mut reflowed: Option<String> = None;
        for _ in 0..MAX_REFLOWS {
            let Some(err) = yaml.errors.first() else { break };
            let text = reflowed.as_deref().unwrap_or(src);
            let flow = err.message == "invalid indentation in flow construct"
                || (err.message == "invalid indentation" && in_flow_line(text, err.span.start));
            let fixed = if flow {
                reflow_at(text, err.span.start)
            } else if err.message == "invalid indentation in quoted scalar" {
                // Every scalar of the shape at once; the one at the error alone if that misreads.
                let all = reflow_quoted_all(text, err.span.start).map(|t| {
                    let again = Self::parse_strict(&t);
                    (t, again)
                });
                match all {
                    Some((t, again)) if again.errors.first().is_none_or(|e| e.span.start > err.span.start) => {
                        yaml = again;
                        reflowed = Some(t);
                        continue;
                    }
                    _ => reflow_quoted(text, err.span.start),
                }
            } else {
                None
            };
            let Some(text) = fixed else { break };
            let again = Self::parse_strict(&text);
            // Keep the first error when re-flowing does not move past it.
            if again.errors.first().is_some_and(|e| e.span.start <= err.span.start) {
                break;
            }
            yaml = again;
            reflowed = Some(text);
        }
        yaml
    }

    fn parse_strict(src: &str) -> Yaml {
        let offsets = Offsets::new(src);
        let mut out = Yaml::default();
        let mut doc = Document::default();
        let mut anchors: HashMap<usize, NodeId> = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        // The expanded size of each open collection, and of each finished anchored node.
        let mut sizes: Vec<u64> = Vec::new();
        let mut anchored_sizes: HashMap<NodeId, u64> = HashMap::new();
        let mut open_anchored: HashSet<NodeId> = HashSet::new();
        // Nodes the aliases read so far add when expanded, and how many they may add.
        let mut expansion: u64 = 0;
        let budget = MAX_ALIAS_EXPANSION.saturating_add(src.len() as u64);
        for ev in Parser::new_from_str(src) {
            let (ev, sp) = match ev {
                Ok(x) => x,
                Err(e) => {
                    let at = offsets.byte(e.marker().index());
                    let (span, message) = match missing_space_after_colon(src, at) {
                        Some((colon, key)) if e.info().contains("simple key") => (
                            Span::new(colon, colon + 1),
                            format!(
                                "`{key}:` has no space after the colon, so it is not read as a key (the parser stops on the line after it: {})",
                                e.info()
                            ),
                        ),
                        _ => (Span::new(at, (at + 1).min(src.len()).max(at)), e.info().to_owned()),
                    };
                    out.errors.push(YamlError { span, message });
                    return out;
                }
            };
            let start = offsets.byte(sp.start.index());
            let end = offsets.byte(sp.end.index()).max(start);
            match ev {
                Event::DocumentStart(_) => {
                    doc = Document {
                        span: Span::empty(start),
                        ..Document::default()
                    };
                    anchors.clear();
                    anchored_sizes.clear();
                }
                Event::DocumentEnd => {
                    let mut finished = std::mem::take(&mut doc);
                    if let Some(root) = finished.root {
                        finished.span = Span::new(finished.nodes[root.0 as usize].span.start, finished.end_of(root));
                    }
                    out.docs.push(finished);
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted => Style::SingleQuoted,
                        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                        ScalarStyle::Literal => Style::Literal,
                        ScalarStyle::Folded => Style::Folded,
                    };
                    let end = trim_end(src, start, end);
                    let id = doc.push(Node {
                        kind: Kind::Scalar(value.into_owned()),
                        span: Span::new(start, end),
                        style,
                        tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    });
                    if anchor > 0 {
                        anchors.insert(anchor, id);
                        anchored_sizes.insert(id, 1);
                        doc.note_anchor(src, start, id);
                    }
                    add(&mut stack, &mut doc, id);
                    grow(&mut sizes, 1);
                }
                Event::Alias(anchor) => {
                    let target = anchors.get(&anchor).copied();
                    let span = Span::new(start, trim_end(src, start, end));
                    // An alias of a collection still open (a cycle) is read as itself: walks stop at their depth limit.
                    let size = target.and_then(|t| anchored_sizes.get(&t)).copied().unwrap_or(1);
                    expansion = expansion.saturating_add(size - 1);
                    if expansion > budget {
                        out.errors.push(YamlError {
                            span,
                            message: format!("aliases expand the document by more than {budget} nodes (an alias bomb?)"),
                        });
                        return out;
                    }
                    let id = doc.push(Node {
                        kind: Kind::Alias(target),
                        span,
                        style: Style::Plain,
                        tag: None,
                    });
                    add(&mut stack, &mut doc, id);
                    grow(&mut sizes, size);
                }
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    if stack.len() >= MAX_DEPTH {
                        out.errors.push(YamlError {
                            span: Span::new(start, end),
                            message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        });
                        return out;
                    }
                    let s = skip_properties(src, start);
                    let flow = matches!(src.as_bytes().get(s), Some(b'{' | b'['));
                    let is_map = matches!(ev, Event::MappingStart(..));
                    let id = doc.push(Node {
                        kind: if is_map { Kind::Map(Vec::new()) } else { Kind::Seq(Vec::new()) },
                        span: Span::new(s, if flow { s + 1 } else { s }),
                        style: if flow { Style::Flow } else { Style::Block },
                        tag: tag.as_ref().map(|t| format!("{}{}", t.handle, t.suffix)),
                    });
                    if anchor > 0 {
                        anchors.insert(anchor, id);
                        open_anchored.insert(id);
                        doc.note_anchor(src, start, id);
                    }
                    sizes.push(1);
                    stack.push(if is_map {
                        Frame::Map {
                            id,
                            entries: Vec::new(),
                            key: None,
                        }
                    } else {
                        Frame::Seq { id, items: Vec::new() }
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = stack.pop() else { continue };
                    let (id, kind, last) = match frame {
                        Frame::Seq { id, items } => {
                            let last = items.last().copied();
                            (id, Kind::Seq(items), last)
                        }
                        Frame::Map { id, entries, .. } => {
                            if let Some(d) = find_duplicate(&doc, &entries) {
                                out.duplicates.push(d);
                            }
                            let last = entries.last().map(|e| e.value);
                            (id, Kind::Map(entries), last)
                        }
                    };
                    let node_end = if doc.nodes[id.0 as usize].style == Style::Flow {
                        end
                    } else {
                        last.map_or(doc.nodes[id.0 as usize].span.end, |l| doc.nodes[l.0 as usize].span.end)
                    };
                    let node = &mut doc.nodes[id.0 as usize];
                    node.kind = kind;
                    node.span.end = node_end.max(node.span.start);
                    add(&mut stack, &mut doc, id);
                    let size = sizes.pop().unwrap_or(1);
                    if open_anchored.remove(&id) {
                        anchored_sizes.insert(id, size);
                    }
                    grow(&mut sizes, size);
                }
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            }
        }
        out
    }
}

/// Count a finished node of expanded size `size` in the open collection.
fn grow(sizes: &mut [u64], size: u64) {
    if let Some(open) = sizes.last_mut() {
        *open = open.saturating_add(size);
    }
}

/// Attach a finished node to the open collection (or make it the document root).
fn add(stack: &mut [Frame], doc: &mut Document, id: NodeId) {
    match stack.last_mut() {
        None => doc.root = Some(id),
        Some(Frame::Seq { items, .. }) => items.push(id),
        Some(Frame::Map { entries, key, .. }) => match key.take() {
            None => *key = Some(id),
            Some(k) => entries.push(Entry { key: k, value: id }),
        },
    }
}

fn find_duplicate(doc: &Document, entries: &[Entry]) -> Option<DuplicateKey> {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for e in entries {
        let node = &doc.nodes[e.key.0 as usize];
        let Kind::Scalar(k) = &node.kind else { continue };
        if k == "<<" && node.style == Style::Plain {
            continue;
        }
        if let Some(first) = seen.insert(k.as_str(), node.span) {
            return Some(DuplicateKey {
                key: k.clone(),
                first,
                second: node.span,
            });
        }
    }
    None
}

/// Skip `&anchor` and `!tag` properties (and the space after them) at `at`.
fn skip_properties(src: &str, mut at: usize) -> usize {
    let b = src.as_bytes();
    while matches!(b.get(at), Some(b'&' | b'!')) {
        while at < b.len() && !b[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
    }
    at.min(src.len())
}

fn trim_end(src: &str, start: usize, end: usize) -> usize {
    let t = src.get(start..end).map_or(0, |s| s.trim_end().len());
    start + t
}

impl Document {
    /// Records the `&name` written at `at` (an event's start, before its properties).
    fn note_anchor(&mut self, src: &str, at: usize, id: NodeId) {
        let b = src.as_bytes();
        let mut i = at;
        // Past a tag written first (`!!map &a`).
        while i < b.len() && b[i] == b'!' {
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
        }
        if b.get(i) != Some(&b'&') {
            return;
        }
        let end = (i..b.len())
            .find(|&j| b[j].is_ascii_whitespace() || matches!(b[j], b',' | b']' | b'}'))
            .unwrap_or(b.len());
        self.anchors.push((Span::new(i, end), id));
    }

    /// The `&name`s no alias of the document reads (GitHub and Compose accept them; they say
    /// nothing).
    pub fn unused_anchors(&self) -> Vec<Span> {
        let used: HashSet<NodeId> = self
            .nodes
            .iter()
            .filter_map(|n| match n.kind {
                Kind::Alias(Some(t)) => Some(t),
                _ => None,
            })
            .collect();
        self.anchors.iter().filter(|(_, id)| !used.contains(id)).map(|(s, _)| *s).collect()
    }

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        NodeId((self.nodes.len() - 1) as u32)
    }

    fn end_of(&self, id: NodeId) -> usize {
        self.nodes[id.0 as usize].span.end
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    pub fn root(&self) -> Option<NodeRef<'_>> {
        self.root.map(|id| NodeRef { doc: self, id }.resolve())
    }
}

/// A node of a document, with navigation that follows aliases and merge keys.
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    pub doc: &'a Document,
    pub id: NodeId,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NodeRef({:?} at {:?})", self.id, self.span())
    }
}

impl<'a> NodeRef<'a> {
    pub fn node(self) -> &'a Node {
        self.doc.node(self.id)
    }

    pub fn span(self) -> Span {
        self.node().span
    }

    pub fn style(self) -> Style {
        self.node().style
    }

    pub fn tag(self) -> Option<&'a str> {
        self.node().tag.as_deref()
    }

    /// Follow aliases to the anchored node (an unknown or circular alias stays as it is).
    pub fn resolve(self) -> NodeRef<'a> {
        let mut cur = self;
        for _ in 0..MAX_ALIAS_HOPS {
            match cur.node().kind {
                Kind::Alias(Some(target)) => cur = NodeRef { doc: self.doc, id: target },
                _ => return cur,
            }
        }
        cur
    }

    pub fn is_alias(self) -> bool {
        matches!(self.node().kind, Kind::Alias(_))
    }

    /// The scalar's value (any style).
    pub fn as_str(self) -> Option<&'a str> {
        match &self.resolve().node().kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A plain or quoted scalar that is not null.
    pub fn as_text(self) -> Option<&'a str> {
        if self.is_null() { None } else { self.as_str() }
    }

    pub fn is_scalar(self) -> bool {
        matches!(self.resolve().node().kind, Kind::Scalar(_))
    }

    pub fn is_map(self) -> bool {
        matches!(self.resolve().node().kind, Kind::Map(_))
    }

    pub fn is_seq(self) -> bool {
        matches!(self.resolve().node().kind, Kind::Seq(_))
    }

    /// `~`, `null`, or nothing at all, unquoted (YAML 1.2 core schema).
    pub fn is_null(self) -> bool {
        let n = self.resolve().node();
        matches!(&n.kind, Kind::Scalar(s) if n.style == Style::Plain && matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// An unquoted `true`/`false` (YAML 1.2 core schema).
    pub fn as_bool(self) -> Option<bool> {
        let n = self.resolve().node();
        match (&n.kind, n.style) {
            (Kind::Scalar(s), Style::Plain) => match s.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// An unquoted integer or float.
    pub fn as_f64(self) -> Option<f64> {
        let n = self.resolve().node();
        match (&n.kind, n.style) {
            (Kind::Scalar(s), Style::Plain) => s.parse().ok(),
            _ => None,
        }
    }

    /// The mapping's own entries, then those merged in by `<<` (own keys win, then earlier merges),
    /// aliases resolved. Each merged mapping is read once, within [`MAX_MERGED_ENTRIES`].
    pub fn entries(self) -> Vec<(NodeRef<'a>, NodeRef<'a>)> {
        let mut out = Vec::new();
        let Kind::Map(entries) = &self.resolve().node().kind else {
            return out;
        };
        let mk = |id| NodeRef { doc: self.doc, id };
        let mut sources = Vec::new();
        for e in entries {
            let key = mk(e.key);
            if key.is_merge_key() {
                sources.push(mk(e.value));
            } else {
                out.push((key.resolve(), mk(e.value).resolve()));
            }
        }
        if sources.is_empty() {
            return out;
        }
        let mut names: HashSet<Option<&'a str>> = out.iter().map(|(k, _)| k.as_str()).collect();
        let mut merge = Merge::new(self);
        for m in sources {
            merge.visit(m, 1, &mut |k, v| {
                if names.insert(k.as_str()) {
                    out.push((k, v));
                }
                true
            });
        }
        out
    }

    /// A plain `<<` key.
    fn is_merge_key(self) -> bool {
        self.style() == Style::Plain && self.as_str() == Some("<<")
    }

    /// The value under `key` (own entries first, then merged ones).
    pub fn get(self, key: &str) -> Option<NodeRef<'a>> {
        self.get_entry(key).map(|(_, v)| v)
    }

    /// The key node and value under `key`.
    pub fn get_entry(self, key: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
        let Kind::Map(entries) = &self.resolve().node().kind else {
            return None;
        };
        let mk = |id| NodeRef { doc: self.doc, id };
        let mut merges = false;
        for e in entries {
            if mk(e.key).is_merge_key() {
                merges = true;
            } else if mk(e.key).as_str() == Some(key) {
                return Some((mk(e.key), mk(e.value).resolve()));
            }
        }
        if !merges {
            return None;
        }
        let mut found = None;
        let mut merge = Merge::new(self);
        for e in entries.iter().filter(|e| mk(e.key).is_merge_key()) {
            merge.visit(mk(e.value), 1, &mut |k, v| {
                if k.as_str() == Some(key) {
                    found = Some((k, v));
                }
                found.is_none()
            });
            if found.is_some() {
                break;
            }
        }
        found
    }

    /// The span of `key` in this mapping, or this node's span when absent.
    pub fn key_span(self, key: &str) -> Span {
        self.get_entry(key).map_or(self.span(), |(k, _)| k.span())
    }

    /// The sequence's items, aliases resolved.
    pub fn items(self) -> Vec<NodeRef<'a>> {
        match &self.resolve().node().kind {
            Kind::Seq(items) => items.iter().map(|&id| NodeRef { doc: self.doc, id }.resolve()).collect(),
            _ => Vec::new(),
        }
    }

    /// A scalar as a one-item list, a sequence as its items (GitHub's `on: push` vs `on: [push]`).
    pub fn scalar_or_items(self) -> Vec<NodeRef<'a>> {
        if self.is_seq() { self.items() } else { vec![self.resolve()] }
    }

    /// The merge keys (`<<`) written in this node and everything under it.
    pub fn merge_keys(self) -> Vec<NodeRef<'a>> {
        let mut out = Vec::new();
        self.walk(&mut |n| {
            if let Kind::Map(entries) = &n.node().kind {
                let mk = |id| NodeRef { doc: n.doc, id };
                out.extend(entries.iter().map(|e| mk(e.key)).filter(|k| k.is_merge_key()));
            }
        });
        out.sort_by_key(|k| k.span().start);
        out.dedup_by_key(|k| k.span().start);
        out
    }

    /// Visit this node and everything under it (keys too), aliases followed, within [`WALK_BUDGET`].
    pub fn walk(self, f: &mut dyn FnMut(NodeRef<'a>)) {
        let mut budget = WALK_BUDGET;
        self.walk_inner(f, &mut budget, 0);
    }

    fn walk_inner(self, f: &mut dyn FnMut(NodeRef<'a>), budget: &mut usize, depth: usize) {
        if *budget == 0 || depth > MAX_DEPTH {
            return;
        }
        *budget -= 1;
        let n = self.resolve();
        f(n);
        let mk = |id| NodeRef { doc: self.doc, id };
        match &n.node().kind {
            Kind::Seq(items) => items.iter().for_each(|&i| mk(i).walk_inner(f, budget, depth + 1)),
            Kind::Map(entries) => entries.iter().for_each(|e| {
                mk(e.key).walk_inner(f, budget, depth + 1);
                mk(e.value).walk_inner(f, budget, depth + 1);
            }),
            _ => {}
        }
    }

    /// Where `needle` is written inside this scalar's source text (the `nth` occurrence), for
    /// pointing at part of a value such as one `${{ }}` expression. `None` when escapes or folding
    /// make the written text differ.
    pub fn find_in_source(self, src: &str, needle: &str, nth: usize) -> Option<Span> {
        let span = self.span();
        let text = src.get(span.start..span.end)?;
        let (i, _) = text.match_indices(needle).nth(nth)?;
        Some(Span::new(span.start + i, span.start + i + needle.len()))
    }
}

/// One lookup through merge keys: every mapping merged in is read once (a mapping merged twice, or
/// by two of the mappings merged, adds nothing the first time did not), within
/// [`MAX_MERGE_DEPTH`] levels and [`MAX_MERGED_ENTRIES`] entries, so merge bombs stay linear.
struct Merge<'a> {
    doc: &'a Document,
    seen: HashSet<NodeId>,
    budget: usize,
}

impl<'a> Merge<'a> {
    fn new(from: NodeRef<'a>) -> Self {
        Merge {
            doc: from.doc,
            seen: HashSet::from([from.resolve().id]),
            budget: MAX_MERGED_ENTRIES,
        }
    }

    /// Call `f` on the entries `value` merges in (a mapping, or a sequence of them), in merge
    /// order, until it returns `false`. Returns `false` when stopped.
    fn visit(&mut self, value: NodeRef<'a>, depth: usize, f: &mut dyn FnMut(NodeRef<'a>, NodeRef<'a>) -> bool) -> bool {
        let mk = |id| NodeRef { doc: self.doc, id };
        let value = value.resolve();
        let sources: Vec<NodeRef<'a>> = match &value.node().kind {
            Kind::Seq(items) => items.iter().map(|&i| mk(i).resolve()).collect(),
            _ => vec![value],
        };
        for src in sources {
            let Kind::Map(entries) = &src.node().kind else { continue };
            if !self.seen.insert(src.id) {
                continue;
            }
            let mut nested = Vec::new();
            for e in entries {
                let key = mk(e.key);
                if key.is_merge_key() {
                    nested.push(mk(e.value));
                    continue;
                }
                if self.budget == 0 {
                    return false;
                }
                self.budget -= 1;
                if !f(key.resolve(), mk(e.value).resolve()) {
                    return false;
                }
            }
            if depth < MAX_MERGE_DEPTH {
                for n in nested {
                    if !self.visit(n, depth + 1, f) {
                        return false;
                    }
                }
            }
        }
        true
    }
}

/// Where a block key lost the space after its colon (`command:["sleep", "1"]`, `name:web`) on one of
/// the three non-blank lines before byte `at`: the colon's byte and the key. YAML then reads the line
/// as a plain scalar that the next line continues, and reports the error there.
fn missing_space_after_colon(src: &str, at: usize) -> Option<(usize, String)> {
    let at = at.min(src.len());
    let before = src.get(..at)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut end = line_start;
    let mut seen = 0;
    while end > 0 && seen < 3 {
        let prev_start = src[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &src[prev_start..end - 1];
        end = prev_start;
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        seen += 1;
        let body = body.strip_prefix("- ").unwrap_or(body);
        let key_len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            .count();
        if key_len > 0
            && body.as_bytes().get(key_len) == Some(&b':')
            && body
                .as_bytes()
                .get(key_len + 1)
                .is_some_and(|b| !b.is_ascii_whitespace() && *b != b':')
        {
            let colon = prev_start + (line.len() - body.len()) + key_len;
            return Some((colon, body[..key_len].to_owned()));
        }
    }
    None
}
