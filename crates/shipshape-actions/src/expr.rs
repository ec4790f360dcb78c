//! GitHub Actions expressions: finding `${{ … }}` in a string and parsing what is inside.
//!
//! The grammar (docs.github.com "Evaluate expressions"): literals (`null`, booleans, numbers,
//! `'strings'` with `''` escapes), context paths (`github.event.issue.title`, `steps.x.outputs['y']`,
//! `needs.*.result`), function calls, `!`, comparisons, `&&`, `||` and parentheses. Spans are byte
//! offsets into the expression text.

/// One `${{ … }}` in a string: offsets of the whole `${{ … }}` and of its inner text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedded<'a> {
    pub start: usize,
    pub end: usize,
    pub inner: &'a str,
    pub inner_start: usize,
}

/// Every `${{ … }}` in `s`; an unterminated one is returned with `end == s.len()` and `closed == false`
/// reported through [`unterminated`].
pub fn embedded(s: &str) -> Vec<Embedded<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = s[at..].find("${{") {
        let open = at + i;
        let inner_start = open + 3;
        let Some(close) = find_close(&s[inner_start..]) else { break };
        let inner_end = inner_start + close;
        out.push(Embedded {
            start: open,
            end: inner_end + 2,
            inner: &s[inner_start..inner_end],
            inner_start,
        });
        at = inner_end + 2;
    }
    out
}

/// The offset of an unterminated `${{`, if any.
pub fn unterminated(s: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = s[at..].find("${{") {
        let open = at + i;
        match find_close(&s[open + 3..]) {
            Some(c) => at = open + 3 + c + 2,
            None => return Some(open),
        }
    }
    None
}

/// `}}` outside a single-quoted string.
fn find_close(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while i < b.len() {
        match b[i] {
            b'\'' => quoted = !quoted,
            b'}' if !quoted && b.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// A context access: `github.event.issue.title` → ["github", "event", "issue", "title"];
    /// `*` and `[expr]` (non-literal) segments are kept as `*` and `[]`.
    Path(Vec<String>),
    Call {
        name: String,
        args: Vec<Spanned>,
    },
    Not(Box<Spanned>),
    Binary {
        op: Op,
        lhs: Box<Spanned>,
        rhs: Box<Spanned>,
    },
    /// A path applied to a call result: `fromJSON(x).a.b`.
    Access {
        base: Box<Spanned>,
        path: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Spanned {
    pub expr: Expr,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    pub at: usize,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Num(f64),
    Str(String),
    Dot,
    Star,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Not,
    Op(Op),
}

/// Operators and punctuation: the token and its length in bytes.
fn punct(c: u8, next: Option<u8>) -> Option<(Tok, usize)> {
    Some(match (c, next) {
        (b'!', Some(b'=')) => (Tok::Op(Op::Ne), 2),
        (b'=', Some(b'=')) => (Tok::Op(Op::Eq), 2),
        (b'<', Some(b'=')) => (Tok::Op(Op::Le), 2),
        (b'>', Some(b'=')) => (Tok::Op(Op::Ge), 2),
        (b'&', Some(b'&')) => (Tok::Op(Op::And), 2),
        (b'|', Some(b'|')) => (Tok::Op(Op::Or), 2),
        (b'!', _) => (Tok::Not, 1),
        (b'<', _) => (Tok::Op(Op::Lt), 1),
        (b'>', _) => (Tok::Op(Op::Gt), 1),
        (b'*', _) => (Tok::Star, 1),
        (b'[', _) => (Tok::LBracket, 1),
        (b']', _) => (Tok::RBracket, 1),
        (b'(', _) => (Tok::LParen, 1),
        (b')', _) => (Tok::RParen, 1),
        (b',', _) => (Tok::Comma, 1),
        (b'.', n) if !n.is_some_and(|d| d.is_ascii_digit()) => (Tok::Dot, 1),
        _ => return None,
    })
}

fn lex(s: &str) -> Result<Vec<(Tok, usize, usize)>, ExprError> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if let Some((tok, len)) = punct(c, b.get(i + 1).copied()) {
            i += len;
            out.push((tok, start, i));
            continue;
        }
        let tok = match c {
            b'\'' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            return Err(ExprError {
                                at: start,
                                message: "unterminated string literal".into(),
                            });
                        }
                        Some(b'\'') if b.get(i + 1) == Some(&b'\'') => {
                            v.push('\'');
                            i += 2;
                        }
                        Some(b'\'') => {
                            i += 1;
                            break;
                        }
                        Some(_) => {
                            let ch = s[i..].chars().next().unwrap_or('\0');
                            v.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                }
                Tok::Str(v)
            }
            b'0'..=b'9' | b'-' | b'.' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'-' | b'+')) {
                    if b[i] == b'-' && i > start && !matches!(b[i - 1], b'e' | b'E') {
                        break;
                    }
                    i += 1;
                }
                let text = &s[start..i];
                let n = if let Some(h) = text.strip_prefix("0x") {
                    i64::from_str_radix(h, 16).ok().map(|v| v as f64)
                } else {
                    text.parse::<f64>().ok()
                };
                match n {
                    Some(n) => Tok::Num(n),
                    None => {
                        return Err(ExprError {
                            at: start,
                            message: format!("invalid number `{text}`"),
                        });
                    }
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                    i += 1;
                }
                Tok::Ident(s[start..i].to_owned())
            }
            _ => {
                let ch = s[i..].chars().next().unwrap_or('?');
                return Err(ExprError {
                    at: start,
                    message: format!("unexpected character `{ch}`"),
                });
            }
        };
        out.push((tok, start, i));
    }
    Ok(out)
}

struct P {
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
    len: usize,
    depth: usize,
}

const MAX_EXPR_DEPTH: usize = 64;

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |t| t.1)
    }
    fn last_end(&self) -> usize {
        self.pos.checked_sub(1).and_then(|p| self.toks.get(p)).map_or(0, |t| t.2)
    }
    fn err<T>(&self, message: impl Into<String>) -> Result<T, ExprError> {
        Err(ExprError {
            at: self.at(),
            message: message.into(),
        })
    }
    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn binary(&mut self, level: u8) -> Result<Spanned, ExprError> {
        if level == 3 {
            return self.unary();
        }
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return self.err("expression nested too deeply");
        }
        let mut lhs = self.binary(level + 1)?;
        loop {
            let op = match (level, self.peek()) {
                (0, Some(Tok::Op(Op::Or))) => Op::Or,
                (1, Some(Tok::Op(Op::And))) => Op::And,
                (2, Some(Tok::Op(op @ (Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge)))) => *op,
                _ => break,
            };
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            let (start, end) = (lhs.start, rhs.end);
            lhs = Spanned {
                expr: Expr::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                start,
                end,
            };
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Spanned, ExprError> {
        let start = self.at();
        if self.eat(&Tok::Not) {
            self.depth += 1;
            if self.depth > MAX_EXPR_DEPTH {
                return self.err("expression nested too deeply");
            }
            let inner = self.unary()?;
            self.depth -= 1;
            let end = inner.end;
            return Ok(Spanned {
                expr: Expr::Not(Box::new(inner)),
                start,
                end,
            });
        }
        let base = self.primary()?;
        // Property access on a call or parenthesised value.
        let mut path = Vec::new();
        self.segments(&mut path)?;
        if path.is_empty() {
            return Ok(base);
        }
        let end = self.last_end();
        Ok(Spanned {
            start: base.start,
            expr: Expr::Access {
                base: Box::new(base),
                path,
            },
            end,
        })
    }

    fn segments(&mut self, path: &mut Vec<String>) -> Result<(), ExprError> {
        loop {
            if self.eat(&Tok::Dot) {
                match self.peek().cloned() {
                    Some(Tok::Ident(n)) => {
                        self.pos += 1;
                        path.push(n);
                    }
                    Some(Tok::Star) => {
                        self.pos += 1;
                        path.push("*".into());
                    }
                    _ => return self.err("expected a property name after `.`"),
                }
            } else if self.eat(&Tok::LBracket) {
                let idx = self.binary(0)?;
                if !self.eat(&Tok::RBracket) {
                    return self.err("expected `]`");
                }
                path.push(match idx.expr {
                    Expr::String(s) => s,
                    Expr::Number(n) => n.to_string(),
                    _ => "[]".into(),
                });
            } else if self.peek() == Some(&Tok::LBracket) {
                continue;
            } else {
                return Ok(());
            }
        }
    }

    fn primary(&mut self) -> Result<Spanned, ExprError> {
        let start = self.at();
        let Some(tok) = self.peek().cloned() else {
            return self.err("expected a value");
        };
        self.pos += 1;
        let expr = match tok {
            Tok::Num(n) => Expr::Number(n),
            Tok::Str(s) => Expr::String(s),
            Tok::LParen => {
                self.depth += 1;
                if self.depth > MAX_EXPR_DEPTH {
                    return self.err("expression nested too deeply");
                }
                let inner = self.binary(0)?;
                self.depth -= 1;
                if !self.eat(&Tok::RParen) {
                    return self.err("expected `)`");
                }
                return Ok(Spanned {
                    expr: inner.expr,
                    start,
                    end: self.last_end(),
                });
            }
            Tok::Ident(name) => match name.as_str() {
                "null" => Expr::Null,
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                _ if self.peek() == Some(&Tok::LParen) => {
                    self.pos += 1;
                    let mut args = Vec::new();
                    if !self.eat(&Tok::RParen) {
                        loop {
                            args.push(self.binary(0)?);
                            if self.eat(&Tok::Comma) {
                                continue;
                            }
                            if self.eat(&Tok::RParen) {
                                break;
                            }
                            return self.err("expected `,` or `)` in the argument list");
                        }
                    }
                    Expr::Call { name, args }
                }
                _ => {
                    let mut path = vec![name];
                    self.segments(&mut path)?;
                    Expr::Path(path)
                }
            },
            _ => {
                self.pos -= 1;
                return self.err("expected a value");
            }
        };
        Ok(Spanned {
            expr,
            start,
            end: self.last_end(),
        })
    }
}

/// Parse the text inside `${{ }}` (or a bare `if:` condition).
pub fn parse(s: &str) -> Result<Spanned, ExprError> {
    let toks = lex(s)?;
    if toks.is_empty() {
        return Err(ExprError {
            at: 0,
            message: "empty expression".into(),
        });
    }
    let mut p = P {
        toks,
        pos: 0,
        len: s.len(),
        depth: 0,
    };
    let e = p.binary(0)?;
    if p.pos < p.toks.len() {
        return p.err("unexpected text after the expression");
    }
    Ok(e)
}

impl Spanned {
    /// Visit this expression and every sub-expression.
    pub fn visit<'s>(&'s self, f: &mut dyn FnMut(&'s Spanned)) {
        f(self);
        match &self.expr {
            Expr::Call { args, .. } => args.iter().for_each(|a| a.visit(f)),
            Expr::Not(e) => e.visit(f),
            Expr::Binary { lhs, rhs, .. } => {
                lhs.visit(f);
                rhs.visit(f);
            }
            Expr::Access { base, .. } => base.visit(f),
            _ => {}
        }
    }

    /// Context paths read by this expression, with their spans.
    pub fn paths(&self) -> Vec<(&[String], usize, usize)> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Path(p) = &e.expr {
                out.push((p.as_slice(), e.start, e.end));
            }
        });
        out
    }
}

impl Spanned {
    /// Context paths whose text can reach the value the expression expands to, with their spans.
    /// Comparisons, `!`, `contains`/`startsWith`/`endsWith`, the status functions and `hashFiles`
    /// yield booleans or a hash, never the text they read; `a && b` yields `b` or a falsy `a`
    /// (`false`, `0`, `''`, `null`); `case` yields one of its values, not its conditions. Every
    /// other function (`format`, `join`, `toJSON`, `fromJSON`, unknown ones) passes its arguments on.
    pub fn expanded_paths(&self) -> Vec<(&[String], usize, usize)> {
        let mut out = Vec::new();
        self.expanded_into(&mut out);
        out
    }

    fn expanded_into<'s>(&'s self, out: &mut Vec<(&'s [String], usize, usize)>) {
        match &self.expr {
            Expr::Path(p) => out.push((p.as_slice(), self.start, self.end)),
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) | Expr::Not(_) => {}
            Expr::Binary { op, lhs, rhs } => match op {
                Op::Or => {
                    lhs.expanded_into(out);
                    rhs.expanded_into(out);
                }
                Op::And => rhs.expanded_into(out),
                Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => {}
            },
            Expr::Call { name, args } => match name.to_ascii_lowercase().as_str() {
                "contains" | "startswith" | "endswith" | "success" | "always" | "cancelled" | "failure" | "hashfiles" => {}
                // case(pred1, value1, pred2, value2, ..., default)
                "case" => {
                    let last = args.len().saturating_sub(1);
                    for (i, a) in args.iter().enumerate() {
                        if i % 2 == 1 || i == last {
                            a.expanded_into(out);
                        }
                    }
                }
                _ => args.iter().for_each(|a| a.expanded_into(out)),
            },
            Expr::Access { base, .. } => base.expanded_into(out),
        }
    }
}

/// The built-in functions and their argument counts (min, max).
pub const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("contains", 2, 2),
    ("startswith", 2, 2),
    ("endswith", 2, 2),
    ("format", 1, usize::MAX),
    ("join", 1, 2),
    ("tojson", 1, 1),
    ("fromjson", 1, 1),
    ("hashfiles", 1, usize::MAX),
    ("success", 0, 0),
    ("always", 0, 0),
    ("cancelled", 0, 0),
    ("failure", 0, 0),
    ("case", 3, usize::MAX),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_embedded_expressions() {
        let s = "echo ${{ github.event.issue.title }} and ${{ format('{0}}', x) }}";
        let e = embedded(s);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].inner.trim(), "github.event.issue.title");
        assert_eq!(&s[e[0].start..e[0].end], "${{ github.event.issue.title }}");
        assert_eq!(e[1].inner.trim(), "format('{0}}', x)");
        assert_eq!(unterminated("a ${{ b"), Some(2));
    }

    #[test]
    fn parses_the_grammar() {
        let e = parse("github.event_name == 'push' && !contains(github.ref, 'refs/tags/') || steps.x.outputs['y-z'] != 1.5").unwrap();
        let paths: Vec<String> = e.paths().iter().map(|(p, _, _)| p.join(".")).collect();
        assert_eq!(paths, ["github.event_name", "github.ref", "steps.x.outputs.y-z"]);
        assert!(parse("needs.*.result").is_ok());
        assert!(matches!(parse("fromJSON(x).a.b").unwrap().expr, Expr::Access { .. }));
        assert!(parse("a ==").is_err());
        assert!(parse("'open").is_err());
        assert!(parse("a b").is_err());
        assert!(parse(&"(".repeat(10_000)).is_err());
        assert!(parse(&"!".repeat(10_000)).is_err());
    }
}
