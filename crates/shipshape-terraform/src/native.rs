//! Native syntax as Terraform reads it, where `hcl-edit` is stricter: a leading byte order mark is
//! skipped, an empty heredoc (`<<EOT` with its closing line right after) is read as `""` (hcl-edit
//! runs it on to a later `EOT`: kube-hetzner's `locals.tf`, a wrong parse error), and a key written twice in one object constructor (`{ a = 1, a = 2 }`, valid HCL: the
//! last value wins) no longer makes the whole file a parse error, and a line break inside an object
//! `for` expression's value is read as Terraform reads it (ignored). The text the rules see keeps every
//! offset of the file.

use hcl_edit::expr::Object;
use hcl_edit::structure::Body;
use hcl_edit::visit::{Visit, visit_object};
use shipshape_core::Span;

/// A key written again in the same object: the value at `second` replaces the one at `first`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatedKey {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

/// A native file parsed: the text the spans of `body` are in (the file's, with any BOM and any
/// replaced object items turned into spaces), and the keys whose earlier items were replaced.
pub struct Parsed {
    pub text: String,
    pub body: Body,
    pub repeated: Vec<RepeatedKey>,
}

/// Parses spent finding repeated keys in one file, at most (each repeated key costs one or more):
/// past it, the file is the parse error `hcl-edit` gives.
const MAX_PARSES: usize = 24;
/// Line breaks inside object `for` values re-read, at most (one parse each; the Azure landing
/// zone's 130 KB `locals.tf` has 69).
const MAX_FOR_BREAKS: usize = 128;
/// The largest file whose repeated keys are looked for.
const MAX_BYTES: usize = 1 << 20;

/// Parse native syntax. `Err` is `hcl-edit`'s error on the file (without its BOM).
pub fn parse(src: &str) -> Result<Parsed, hcl_edit::parser::Error> {
    let mut text = without_bom(src);
    blank_empty_heredocs(&mut text);
    guard_marker_lookalikes(&mut text);
    let mut parsed = hcl_edit::parser::parse_body(&text);
    // Within a `for` expression Terraform ignores line breaks, and `hcl-edit` does so everywhere
    // but in an object `for`'s key and value: `k =>` on one line, `cond` on the next and `? a : b`
    // on the ones after (cloud-foundation-fabric's `cloudsql-instance`, a wrong parse error). Such a
    // line break becomes a space, as Terraform reads it, and the file is parsed again; the result
    // stands when every break turned lies inside an object `for`.
    if parsed.is_err() && text.len() <= MAX_BYTES {
        let mut joined = text.clone();
        let mut breaks = Vec::new();
        let mut again = hcl_edit::parser::parse_body(&joined);
        for _ in 0..MAX_FOR_BREAKS {
            let Err(e) = &again else { break };
            let Some(at) = for_value_break(&joined, e) else { break };
            joined.replace_range(at.range(), &" ".repeat(at.end - at.start));
            breaks.push(at.start);
            again = hcl_edit::parser::parse_body(&joined);
        }
        let inside_fors = |body: &Body| {
            let mut fors = ObjectFors::default();
            fors.visit_body(body);
            breaks.iter().all(|b| fors.0.iter().any(|r| r.contains(b)))
        };
        match &again {
            Ok(body) => {
                if inside_fors(body) {
                    text = joined;
                    parsed = again;
                }
            }
            // The joined text may still repeat a key (the Azure landing zone's `locals.tf` does):
            // the two readings compose.
            Err(e) if !breaks.is_empty() && is_repeated_key(e) => {
                if let Some(p) = drop_replaced_items(&joined)
                    && inside_fors(&p.body)
                {
                    return Ok(p);
                }
            }
            Err(_) => {}
        }
    }
    let first = match parsed {
        Ok(body) => {
            return Ok(Parsed {
                text,
                body,
                repeated: Vec::new(),
            });
        }
        Err(e) => e,
    };
    if !is_repeated_key(&first) || text.len() > MAX_BYTES {
        return Err(first);
    }
    drop_replaced_items(&text).ok_or(first)
}

/// Inside a heredoc, a line that starts with the closing marker and goes on (`EOF"` closing a
/// shell heredoc inside a `<<EOF` user-data script) is content to Terraform, which ends a heredoc
/// only at a line holding the marker alone; `hcl-edit` ends it there (the Ministry of Justice's
/// apex `locals.tf`, a wrong parse error, the fifty-third sample). The character after the marker
/// becomes `_` for the parse: the same length, so every offset holds.
fn guard_marker_lookalikes(text: &mut String) {
    let mut edits: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<<").map(|i| from + i) {
        from = i + 2;
        let Some((j, id_end)) = heredoc_marker(text, i) else { continue };
        let id = text[j..id_end].to_owned();
        if !text[id_end..].starts_with(['\n', '\r']) {
            continue;
        }
        let mut at = text[id_end..].find('\n').map_or(text.len(), |k| id_end + k + 1);
        while at < text.len() {
            let end = text[at..].find('\n').map_or(text.len(), |k| at + k);
            let line = text[at..end].trim_end_matches('\r');
            let body = line.trim_start_matches([' ', '\t']);
            if body.trim_end() == id {
                break;
            }
            if let Some(rest) = body.strip_prefix(id.as_str())
                && let Some(c) = rest.chars().next()
                && c.is_ascii()
                && !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' ' || c == '\t')
            {
                edits.push(at + (line.len() - body.len()) + id.len());
            }
            at = end + 1;
        }
        from = at.min(text.len());
    }
    for at in edits {
        text.replace_range(at..at + 1, "_");
    }
}

/// The marker of a heredoc that opens at `i` (the `<<` of `= <<EOT` or `? <<-EOT`, where an
/// expression may start): its start and end in `text`.
fn heredoc_marker(text: &str, i: usize) -> Option<(usize, usize)> {
    let before = text[..i].trim_end_matches([' ', '\t']);
    if !before.ends_with(['=', '?', ':', '(', ',', '[', '{']) {
        return None;
    }
    let j = if text[i + 2..].starts_with('-') { i + 3 } else { i + 2 };
    let id_end = j + text[j..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .unwrap_or(text.len() - j);
    text[j..id_end]
        .starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some((j, id_end))
}

/// Turn each empty heredoc in an expression (`= <<EOT` or `? <<-EOT` ending its line, the next line
/// its closing marker, indented or not) into `""` and spaces, byte for byte: Terraform reads an empty
/// string, and every offset stays that of the file.
fn blank_empty_heredocs(text: &mut String) {
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<<").map(|i| from + i) {
        from = i + 2;
        let Some((j, id_end)) = heredoc_marker(text, i) else { continue };
        let id = &text[j..id_end];
        let line_end = if text[id_end..].starts_with("\r\n") {
            id_end + 2
        } else if text[id_end..].starts_with('\n') {
            id_end + 1
        } else {
            continue;
        };
        let next_end = text[line_end..].find('\n').map_or(text.len(), |k| line_end + k);
        let next = text[line_end..next_end].trim_end_matches('\r');
        if next.trim_start_matches([' ', '\t']) != id {
            continue;
        }
        let marker = line_end + next.len() - id.len();
        edits.push((i, id_end, marker, marker + id.len()));
        from = next_end;
    }
    for (open, open_end, close, close_end) in edits.into_iter().rev() {
        text.replace_range(close..close_end, &" ".repeat(close_end - close));
        text.replace_range(open..open_end, &format!("\"\"{}", " ".repeat(open_end - open - 2)));
    }
}

/// The text with a leading byte order mark (which Terraform skips and `hcl-edit` does not) turned
/// into as many spaces: every offset stays that of the file.
pub fn without_bom(src: &str) -> String {
    match src.strip_prefix('\u{feff}') {
        Some(rest) => format!("{}{rest}", " ".repeat('\u{feff}'.len_utf8())),
        None => src.to_owned(),
    }
}

/// The line break at which `hcl-edit` stopped inside an object `for` expression's value, when the
/// value goes on after it with an operator (`? a`, `: b`, `&& c`, `+ 1`) at the start of the next
/// line (it expected the `}` at that operator, or a conditional's `:` at the end of the line
/// before), or with the operand of an operator that ends the line (`a &&` / `b`).
/// `None` when a comment on the line before would end at the break.
fn for_value_break(text: &str, e: &hcl_edit::parser::Error) -> Option<Span> {
    let at = crate::line_offset(text, e.location().line(), e.location().column());
    let line_start = |i: usize| text[..i].rfind('\n').map_or(0, |n| n + 1);
    // The offset of the `\n` that ends the line before the operator, and the operator.
    let (newline, token) = match e.message() {
        "expected `}`" if text[line_start(at)..at].trim().is_empty() && line_start(at) > 0 => (line_start(at) - 1, at),
        "expected `:`" => {
            let newline = at + text[at..].find('\n')?;
            if !text[at..newline].trim().is_empty() {
                return None;
            }
            let next = &text[newline + 1..];
            (newline, newline + 1 + (next.len() - next.trim_start_matches([' ', '\t']).len()))
        }
        // `local.enabled &&` at the end of a line, the operand on the next (the Azure landing
        // zone's `locals.tf`, the thirtieth sample): the parser wanted the operand at the break.
        m if m.starts_with("invalid expression") => {
            let newline = at + text[at..].find('\n')?;
            let before = text[line_start(at)..at].trim_end();
            let dangling = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "?", ":"]
                .iter()
                .any(|op| before.ends_with(op));
            if !text[at..newline].trim().is_empty() || !dangling || before.contains('#') || before.contains("//") {
                return None;
            }
            let start = if text[..newline].ends_with('\r') { newline - 1 } else { newline };
            return Some(Span::new(start, newline + 1));
        }
        _ => return None,
    };
    let rest = &text[token..];
    let continues = ["?", ":", "&&", "||", "==", "!=", "<", ">", "+", "-", "*", "/", "%", "."]
        .iter()
        .any(|op| rest.starts_with(op))
        && !rest.starts_with("//")
        && !rest.starts_with("/*");
    let start = if text[..newline].ends_with('\r') { newline - 1 } else { newline };
    let previous = &text[line_start(newline)..start];
    let comment = previous.contains('#') || previous.contains("//") || previous.contains("*/");
    (continues && !comment).then(|| Span::new(start, newline + 1))
}

/// The byte ranges of the object `for` expressions (`{ for k, v in m : k => v }`) of a body.
#[derive(Default)]
struct ObjectFors(Vec<std::ops::Range<usize>>);

impl Visit for ObjectFors {
    fn visit_for_expr(&mut self, node: &hcl_edit::expr::ForExpr) {
        if node.key_expr.is_some()
            && let Some(range) = hcl_edit::Span::span(node)
        {
            self.0.push(range);
        }
        hcl_edit::visit::visit_for_expr(self, node);
    }
}

fn is_repeated_key(e: &hcl_edit::parser::Error) -> bool {
    e.message().contains("redefined object key")
}

/// `text` with every object item that a later item of the same key replaces turned into spaces,
/// parsed. `hcl-edit` stops at the first repeated key; renaming each one it stops at (to a name of
/// the same length) until the file parses shows which items repeat which. `None` when that does
/// not work out (a key that is an expression, too many repeats).
fn drop_replaced_items(text: &str) -> Option<Parsed> {
    let mut probe = text.to_owned();
    // Where each renamed key starts, and its text.
    let mut renamed: Vec<(usize, String)> = Vec::new();
    let mut parses = 0;
    let mut e = hcl_edit::parser::parse_body(&probe);
    let body = loop {
        let at = match e {
            Ok(body) => break body,
            Err(e) if is_repeated_key(&e) => crate::line_offset(&probe, e.location().line(), e.location().column()),
            Err(_) => return None,
        };
        let len = key_len(&probe[at..])?;
        renamed.push((at, text[at..at + len].to_owned()));
        e = rename(&mut probe, text, at, len, &mut parses)?;
    };
    // Each object's items of one key, in order: all but the last are replaced.
    let mut objects = Objects::default();
    objects.visit_body(&body);
    let mut blank: Vec<Span> = Vec::new();
    let mut repeated = Vec::new();
    for (at, key) in &renamed {
        let items = objects.0.iter().find(|o| o.iter().any(|i| i.key.start == *at))?;
        let same: Vec<&Item> = items.iter().filter(|i| text.get(i.key.range()) == Some(key.as_str())).collect();
        let pos = same.iter().position(|i| i.key.start == *at)?;
        let previous = same[pos.checked_sub(1)?];
        repeated.push(RepeatedKey {
            key: key.clone(),
            first: previous.key,
            second: Span::new(*at, *at + key.len()),
        });
        // The item and the comma after it, if any.
        let rest = &text[previous.item.end..];
        let after = rest.trim_start_matches([' ', '\t']);
        let comma = if after.starts_with(',') { rest.len() - after.len() + 1 } else { 0 };
        let span = Span::new(previous.item.start, previous.item.end + comma);
        if !blank.contains(&span) {
            blank.push(span);
        }
    }
    let mut out = text.to_owned().into_bytes();
    for span in &blank {
        for b in &mut out[span.range()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    let text = String::from_utf8(out).ok()?;
    let body = hcl_edit::parser::parse_body(&text).ok()?;
    repeated.sort_by_key(|r| r.second.start);
    Some(Parsed { text, body, repeated })
}

/// The length of the object key at the start of `s`: an identifier or a quoted string without
/// template sequences.
fn key_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    match b.first()? {
        c if c.is_ascii_alphabetic() || *c == b'_' => Some(
            b.iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
                .count(),
        ),
        b'"' => {
            let mut i = 1;
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 2,
                    b'"' => return Some(i + 1),
                    b'\n' => return None,
                    b'$' | b'%' if b.get(i + 1) == Some(&b'{') => return None,
                    _ => i += 1,
                }
            }
            None
        }
        _ => None,
    }
}

/// Rename the key at `at` in `probe` to a same-length name that parses past it: the first of a few
/// fillers that neither repeats an earlier key nor is repeated by a later one. Returns the parse
/// with it.
fn rename(probe: &mut String, text: &str, at: usize, len: usize, parses: &mut usize) -> Option<Result<Body, hcl_edit::parser::Error>> {
    let quoted = text.as_bytes()[at] == b'"';
    let inner = if quoted { len.checked_sub(2).filter(|n| *n > 0)? } else { len };
    for filler in ['_', 'z', 'q', 'x', 'j', 'k', 'v', 'w', 'y', 'Q', 'Z', 'X', 'J', 'K', 'V', 'W', 'Y'] {
        let name = if quoted {
            format!("\"{}\"", filler.to_string().repeat(inner))
        } else {
            filler.to_string().repeat(inner)
        };
        if *parses >= MAX_PARSES {
            return None;
        }
        *parses += 1;
        probe.replace_range(at..at + len, &name);
        let parsed = hcl_edit::parser::parse_body(probe);
        if let Err(e) = &parsed
            && is_repeated_key(e)
        {
            let next = crate::line_offset(probe, e.location().line(), e.location().column());
            // The filler is taken, by a key before it (the parser stops at it) or after it.
            if next == at || (key_len(&probe[next..]) == Some(name.len()) && probe[next..].starts_with(&name)) {
                continue;
            }
        }
        return Some(parsed);
    }
    None
}

/// One object item: its key's span, and its own (key to value).
struct Item {
    key: Span,
    item: Span,
}

/// The items of every object constructor of a body.
#[derive(Default)]
struct Objects(Vec<Vec<Item>>);

impl Visit for Objects {
    fn visit_object(&mut self, node: &Object) {
        let items = node
            .iter()
            .filter_map(|(k, v)| {
                let key = hcl_edit::Span::span(k)?;
                let value = hcl_edit::Span::span(v.expr())?;
                Some(Item {
                    key: Span::new(key.start, key.end),
                    item: Span::new(key.start, value.end),
                })
            })
            .collect();
        self.0.push(items);
        visit_object(self, node);
    }
}
