//! `#` comments as suppressions, for every domain whose files use them (YAML, HCL).

use crate::Span;
use crate::suppress::{Origin, Scope, Suppression, parse_directive};

/// A peer tool's own ignore comment: its prefix (`zizmor: ignore[`) and name.
pub struct PeerIgnore {
    pub prefix: &'static str,
    pub tool: &'static str,
}

/// `# shipshape: ignore[…]` at the end of a line covers that line; alone on a line, the next line.
/// Each peer's `# <prefix>a,b]` comment is honoured for the rules that declare that peer.
pub fn suppressions(src: &str, peers: &[PeerIgnore]) -> Vec<Suppression> {
    let mut out = Vec::new();
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    let mut offset = 0;
    for l in &lines {
        starts.push(offset);
        offset += l.len();
    }
    for (i, line) in lines.iter().enumerate() {
        let Some(hash) = comment_start(line) else { continue };
        let body = &line[hash + 1..];
        let alone = line[..hash].trim().is_empty();
        let target = if alone { i + 1 } else { i };
        let scope_span = match lines.get(target) {
            Some(l) => Span::new(starts[target], starts[target] + l.trim_end_matches(['\n', '\r']).len()),
            None => Span::empty(src.len()),
        };
        let comment = Span::new(starts[i] + hash, starts[i] + line.trim_end_matches(['\n', '\r']).len());
        if let Some(d) = parse_directive(body) {
            out.push(d.into_suppression(comment, starts[i] + hash + 1, scope_span));
            continue;
        }
        for peer in peers {
            if let Some(rest) = body.trim_start().strip_prefix(peer.prefix)
                && let Some(list) = rest.split(']').next()
            {
                out.push(Suppression {
                    comment,
                    scope: Scope::Range(scope_span),
                    selectors: list.split(',').map(|s| (s.trim().to_owned(), comment)).collect(),
                    origin: Origin::Peer(peer.tool),
                });
            }
        }
    }
    out
}

/// Where a `#` comment starts on a line (outside quotes), if any.
pub fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let (mut single, mut double) = (false, false);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'#' if !single && !double && (i == 0 || b[i - 1].is_ascii_whitespace()) => return Some(i),
            _ => {}
        }
    }
    None
}
