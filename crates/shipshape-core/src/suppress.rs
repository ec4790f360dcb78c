//! Inline suppression comments: `# shipshape: ignore[CODE, name] reason` and `# shipshape: ignore-file[...]`.
//!
//! Domains find the comments (they know their comment syntax and what line a comment covers);
//! this module parses a comment's text and matches suppressions against findings.

use crate::diagnostic::Diagnostic;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Findings whose primary span starts inside this byte range.
    Range(Span),
    File,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Shipshape,
    /// A peer tool's pragma (e.g. `# hadolint ignore=DL3008`); selectors are `tool:CODE` peers, or `all`.
    Peer(&'static str),
}

#[derive(Clone, Debug)]
pub struct Suppression {
    /// Where the comment is (for reporting an unused one).
    pub comment: Span,
    pub scope: Scope,
    pub selectors: Vec<(String, Span)>,
    pub origin: Origin,
}

impl Suppression {
    pub fn covers(&self, d: &Diagnostic) -> bool {
        let in_scope = match self.scope {
            Scope::File => true,
            Scope::Range(r) => r.start <= d.span.start && d.span.start < r.end.max(r.start + 1),
        };
        in_scope && self.names(d.rule)
    }

    /// Whether one of the selectors names `rule` (for a peer's pragma: through the rule's peers).
    pub fn names(&self, rule: &crate::RuleMeta) -> bool {
        self.selectors.iter().any(|(sel, _)| match &self.origin {
            Origin::Shipshape => rule.matches(sel),
            Origin::Peer(tool) => rule.peers.iter().any(|p| {
                p.strip_prefix(tool)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .is_some_and(|code| code == sel || sel == "all")
            }),
        })
    }
}

/// A parsed `shipshape:` directive.
#[derive(Debug, PartialEq, Eq)]
pub struct Directive {
    pub file_wide: bool,
    /// Selectors with their byte offsets relative to the start of the comment body.
    pub selectors: Vec<(String, usize, usize)>,
}

impl Directive {
    /// The suppression this directive makes: the whole file, or `covers`. `comment` is the comment's
    /// span and `body_offset` where the text after `#` starts, so selector spans land in the file.
    pub fn into_suppression(self, comment: Span, body_offset: usize, covers: Span) -> Suppression {
        Suppression {
            comment,
            scope: if self.file_wide { Scope::File } else { Scope::Range(covers) },
            selectors: self
                .selectors
                .into_iter()
                .map(|(s, a, b)| (s, Span::new(body_offset + a, body_offset + b)))
                .collect(),
            origin: Origin::Shipshape,
        }
    }
}

/// Parse the body of a comment (the text after `#`, at `body_offset` in the file) into a directive.
pub fn parse_directive(body: &str) -> Option<Directive> {
    let trimmed = body.trim_start();
    let lead = body.len() - trimmed.len();
    let rest = trimmed.strip_prefix("shipshape:")?;
    let after_colon = lead + "shipshape:".len();
    let rest_trim = rest.trim_start();
    let mut pos = after_colon + (rest.len() - rest_trim.len());
    let (file_wide, rest) = if let Some(r) = rest_trim.strip_prefix("ignore-file") {
        pos += "ignore-file".len();
        (true, r)
    } else if let Some(r) = rest_trim.strip_prefix("ignore") {
        pos += "ignore".len();
        (false, r)
    } else {
        return None;
    };
    let inner = rest.strip_prefix('[')?;
    pos += 1;
    let close = inner.find(']')?;
    let list = &inner[..close];
    let mut selectors = Vec::new();
    let mut offset = pos;
    for part in list.split(',') {
        let t = part.trim();
        if !t.is_empty() {
            let start = offset + (part.len() - part.trim_start().len());
            selectors.push((t.to_owned(), start, start + t.len()));
        }
        offset += part.len() + 1;
    }
    Some(Directive { file_wide, selectors })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_selectors_with_offsets() {
        let body = " shipshape: ignore[DF012, apt-pin] because";
        let d = parse_directive(body).unwrap();
        assert!(!d.file_wide);
        assert_eq!(d.selectors.len(), 2);
        let (s, a, b) = &d.selectors[1];
        assert_eq!(s, "apt-pin");
        assert_eq!(&body[*a..*b], "apt-pin");
        assert!(parse_directive(" shipshape: ignore-file[DF]").unwrap().file_wide);
        assert!(parse_directive(" just a comment").is_none());
        assert!(parse_directive(" shipshape: ignore DF001").is_none());
    }
}
