//! A hand-written, total Dockerfile parser: directives, continuations, heredocs, flags, exec/shell form.
//!
//! Every instruction, flag, argument and heredoc body keeps its byte span. No input panics; what
//! Docker would reject becomes a [`ParseError`] and parsing goes on with the next line.

use super::text::MappedText;
use shipshape_core::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_uppercase().as_str() {
            "ADD" => Keyword::Add,
            "ARG" => Keyword::Arg,
            "CMD" => Keyword::Cmd,
            "COPY" => Keyword::Copy,
            "ENTRYPOINT" => Keyword::Entrypoint,
            "ENV" => Keyword::Env,
            "EXPOSE" => Keyword::Expose,
            "FROM" => Keyword::From,
            "HEALTHCHECK" => Keyword::Healthcheck,
            "LABEL" => Keyword::Label,
            "MAINTAINER" => Keyword::Maintainer,
            "ONBUILD" => Keyword::Onbuild,
            "RUN" => Keyword::Run,
            "SHELL" => Keyword::Shell,
            "STOPSIGNAL" => Keyword::Stopsignal,
            "USER" => Keyword::User,
            "VOLUME" => Keyword::Volume,
            "WORKDIR" => Keyword::Workdir,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
        }
    }

    /// Flags each instruction accepts (BuildKit's Dockerfile frontend, labs flags included).
    pub fn known_flags(self) -> &'static [&'static str] {
        match self {
            Keyword::From => &["platform"],
            Keyword::Run => &["mount", "network", "security", "device"],
            Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
            Keyword::Add => &["chown", "chmod", "link", "keep-git-dir", "checksum", "exclude", "unpack"],
            Keyword::Healthcheck => &["interval", "timeout", "start-period", "start-interval", "retries"],
            _ => &[],
        }
    }

    fn takes_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

#[derive(Clone, Debug)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    /// The whole `--name=value`.
    pub span: Span,
    pub value_span: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct Word {
    /// The word with quotes removed (no variable expansion).
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Heredoc {
    pub delimiter: String,
    pub strip_tabs: bool,
    pub quoted: bool,
    /// The `<<EOF` marker in the instruction line.
    pub marker: Span,
    /// The body, from the line after the instruction up to (not including) the terminator line.
    pub body_span: Span,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (case kept).
    pub keyword_span: Span,
    /// The whole instruction, continuation lines and heredoc bodies included.
    pub span: Span,
    pub flags: Vec<Flag>,
    /// Everything after the flags, continuations removed.
    pub args: MappedText,
    /// `["a", "b"]` exec form, when the arguments are a JSON string array.
    pub exec: Option<Vec<Word>>,
    pub heredocs: Vec<Heredoc>,
    /// For `ONBUILD X`, the wrapped instruction.
    pub onbuild: Option<Box<Instruction>>,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    pub fn flag_value(&self, name: &str) -> Option<&str> {
        self.flag(name).and_then(|f| f.value.as_deref())
    }

    pub fn args_span(&self) -> Span {
        self.args.span(0, self.args.value.len())
    }

    /// Whitespace-separated words of the arguments, shell quotes removed.
    pub fn words(&self) -> Vec<Word> {
        split_words(&self.args)
    }

    /// The operands of the instruction: the JSON array's elements in exec form, else the shell words.
    /// For COPY/ADD the last one is the destination.
    pub fn operands(&self) -> Vec<Word> {
        match &self.exec {
            Some(e) => e.clone(),
            None => self.words(),
        }
    }

    pub fn is_exec_form(&self) -> bool {
        self.exec.is_some()
    }
}

#[derive(Clone, Debug)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Comment {
    /// From `#` to the end of the line.
    pub span: Span,
    /// Whether the comment has a line of its own.
    pub own_line: bool,
}

#[derive(Clone, Debug)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub escape: char,
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub errors: Vec<ParseError>,
}

/// Physical lines: (start offset, text without the line break).
fn lines(src: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in src.bytes().enumerate() {
        if b == b'\n' {
            let mut end = i;
            if end > start && src.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
            out.push((start, &src[start..end]));
            start = i + 1;
        }
    }
    if start < src.len() {
        out.push((start, &src[start..]));
    }
    out
}

fn is_comment_line(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// If `line` ends with the escape character (trailing blanks allowed), the offset of that character.
fn continuation_at(line: &str, escape: char) -> Option<usize> {
    let trimmed = line.trim_end_matches([' ', '\t']);
    trimmed.ends_with(escape).then(|| trimmed.len() - escape.len_utf8())
}

pub fn parse(src: &str) -> Parsed {
    let mut p = Parsed {
        escape: '\\',
        ..Parsed::default()
    };
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let all = lines(src);
    let mut i = 0;

    // Parser directives: `# name=value` lines at the very top.
    let mut seen_directive_names = Vec::new();
    while i < all.len() {
        let (off, raw) = all[i];
        let (off, line) = if i == 0 && bom > 0 {
            (off + bom, &raw[bom.min(raw.len())..])
        } else {
            (off, raw)
        };
        let Some(rest) = line.trim_start().strip_prefix('#') else { break };
        let Some((name, value)) = rest.split_once('=') else { break };
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || name.contains(char::is_whitespace) {
            break;
        }
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            break;
        }
        let value = value.trim().to_owned();
        let span = Span::new(off, off + line.len());
        if seen_directive_names.contains(&name) {
            p.errors.push(ParseError {
                message: format!("parser directive `{name}` is set twice"),
                span,
            });
        }
        if name == "escape" {
            match value.as_str() {
                "\\" => p.escape = '\\',
                "`" => p.escape = '`',
                other => p.errors.push(ParseError {
                    message: format!("invalid escape character `{other}`: it must be `\\` or a backtick"),
                    span,
                }),
            }
        }
        p.comments.push(Comment {
            span: Span::new(off + (line.len() - line.trim_start().len()), off + line.len()),
            own_line: true,
        });
        seen_directive_names.push(name.clone());
        p.directives.push(Directive { name, value, span });
        i += 1;
    }

    let escape = p.escape;
    while i < all.len() {
        let (off, raw) = all[i];
        let (off, line) = if i == 0 && bom > 0 {
            (off + bom, &raw[bom.min(raw.len())..])
        } else {
            (off, raw)
        };
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        if is_comment_line(line) {
            let lead = line.len() - line.trim_start().len();
            p.comments.push(Comment {
                span: Span::new(off + lead, off + line.len()),
                own_line: true,
            });
            i += 1;
            continue;
        }
        // Collect one logical instruction.
        let mut text = MappedText::default();
        let mut end: usize;
        let mut cur = (off, line);
        loop {
            let (o, l) = cur;
            match continuation_at(l, escape) {
                Some(at) => {
                    text.push(&l[..at], o);
                    end = o + l.len();
                    i += 1;
                    // Skip comment and blank lines inside the continuation.
                    let mut next = None;
                    while i < all.len() {
                        let (no, nl) = all[i];
                        if is_comment_line(nl) {
                            let lead = nl.len() - nl.trim_start().len();
                            p.comments.push(Comment {
                                span: Span::new(no + lead, no + nl.len()),
                                own_line: true,
                            });
                            i += 1;
                        } else if nl.trim().is_empty() {
                            i += 1;
                        } else {
                            next = Some((no, nl));
                            break;
                        }
                    }
                    match next {
                        Some(n) => cur = n,
                        None => break,
                    }
                }
                None => {
                    text.push(l, o);
                    end = o + l.len();
                    i += 1;
                    break;
                }
            }
        }
        let mut instr = parse_instruction(&text, Span::new(off, end), &mut p.errors);
        if let Some(ins) = instr.as_mut()
            && ins.keyword.takes_heredocs_or_onbuild()
        {
            let markers = find_heredoc_markers(&ins.args);
            for (marker, delimiter, strip_tabs, quoted) in markers {
                let body_start = all.get(i).map_or(src.len(), |l| l.0);
                let mut body = String::new();
                let mut terminated = false;
                let mut body_end = body_start;
                while i < all.len() {
                    let (lo, ll) = all[i];
                    i += 1;
                    let cmp = if strip_tabs { ll.trim_start_matches('\t') } else { ll };
                    if cmp == delimiter {
                        terminated = true;
                        ins.span.end = lo + ll.len();
                        break;
                    }
                    body.push_str(ll);
                    body.push('\n');
                    body_end = lo + ll.len() + 1;
                    ins.span.end = lo + ll.len();
                }
                let body_end = body_end.min(src.len());
                if !terminated {
                    p.errors.push(ParseError {
                        message: format!("heredoc `{delimiter}` is never terminated: add a line `{delimiter}`"),
                        span: marker,
                    });
                }
                ins.heredocs.push(Heredoc {
                    delimiter,
                    strip_tabs,
                    quoted,
                    marker,
                    body_span: Span::new(body_start.min(body_end), body_end),
                    body,
                });
            }
        }
        if let Some(ins) = instr {
            p.instructions.push(ins);
        }
    }
    p.instructions.shrink_to_fit();
    p
}

impl Keyword {
    fn takes_heredocs_or_onbuild(self) -> bool {
        self.takes_heredocs()
    }
}

fn is_flag_instruction(k: Keyword) -> bool {
    !k.known_flags().is_empty()
}

fn parse_instruction(text: &MappedText, span: Span, errors: &mut Vec<ParseError>) -> Option<Instruction> {
    let v = &text.value;
    let kw_start = v.len() - v.trim_start().len();
    let kw_end = v[kw_start..].find(char::is_whitespace).map_or(v.len(), |e| kw_start + e);
    let kw_text = &v[kw_start..kw_end];
    let keyword_span = text.span(kw_start, kw_end);
    let Some(keyword) = Keyword::parse(kw_text) else {
        // A line that is only a variable (`${LABELS}`, "replaced with bundle.annotations.yaml":
        // percona's OLM bundle Dockerfile, judged wrong as a parse error, the twenty-ninth sample)
        // is a placeholder a templating step fills in before any build: no instruction, no error.
        let placeholder = kw_text.starts_with('$') && v[kw_end..].trim().is_empty();
        if placeholder {
            return None;
        }
        errors.push(ParseError {
            message: format!("unknown instruction `{}`", truncate(kw_text, 40)),
            span: keyword_span,
        });
        return None;
    };
    let mut pos = kw_end;
    let skip_ws = |pos: &mut usize| {
        while v[*pos..].starts_with([' ', '\t']) {
            *pos += 1;
        }
    };
    skip_ws(&mut pos);
    let mut flags = Vec::new();
    if is_flag_instruction(keyword) {
        while v[pos..].starts_with("--") {
            let end = word_end(v, pos);
            let body = &v[pos + 2..end];
            let (name, value, value_span) = match body.split_once('=') {
                Some((n, val)) => {
                    let vs = pos + 2 + n.len() + 1;
                    (n.to_owned(), Some(unquote(val)), Some(text.span(vs, end)))
                }
                None => (body.to_owned(), None, None),
            };
            let fspan = text.span(pos, end);
            if !keyword.known_flags().contains(&name.as_str()) {
                errors.push(ParseError {
                    message: format!("unknown flag `--{name}` for {}", keyword.as_str()),
                    span: fspan,
                });
            }
            flags.push(Flag {
                name,
                value,
                span: fspan,
                value_span,
            });
            pos = end;
            skip_ws(&mut pos);
        }
    }
    let rest_end = v.trim_end().len().max(pos);
    let args = text.slice(pos, rest_end);
    let exec = if matches!(
        keyword,
        Keyword::Run
            | Keyword::Cmd
            | Keyword::Entrypoint
            | Keyword::Shell
            | Keyword::Healthcheck
            | Keyword::Copy
            | Keyword::Add
            | Keyword::Volume
    ) {
        parse_exec(&args)
    } else {
        None
    };
    let mut ins = Instruction {
        keyword,
        keyword_span,
        span,
        flags,
        args,
        exec,
        heredocs: Vec::new(),
        onbuild: None,
    };
    if keyword == Keyword::Onbuild {
        let inner = ins.args.clone();
        let inner_span = ins.args_span();
        ins.onbuild = parse_instruction(&inner, inner_span, errors).map(Box::new);
        if let Some(inner) = &ins.onbuild
            && matches!(inner.keyword, Keyword::Onbuild | Keyword::From | Keyword::Maintainer)
        {
            errors.push(ParseError {
                message: format!("{} is not allowed as an ONBUILD trigger", inner.keyword.as_str()),
                span: inner.keyword_span,
            });
        }
    }
    check_arity(&ins, errors);
    Some(ins)
}

/// Instructions Docker rejects for missing arguments.
fn check_arity(ins: &Instruction, errors: &mut Vec<ParseError>) {
    let empty = ins.args.value.trim().is_empty();
    let needs_args = !matches!(
        ins.keyword,
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Healthcheck
    );
    if empty && (needs_args || (ins.keyword == Keyword::Run && ins.flags.is_empty())) {
        // `RUN` with flags only is also rejected, but keep the message simple.
        errors.push(ParseError {
            message: format!("{} requires at least one argument", ins.keyword.as_str()),
            span: ins.keyword_span,
        });
        return;
    }
    if ins.keyword == Keyword::Run && empty {
        errors.push(ParseError {
            message: "RUN requires a command".into(),
            span: ins.keyword_span,
        });
    }
    if matches!(ins.keyword, Keyword::Copy | Keyword::Add) && ins.heredocs.is_empty() && ins.exec.is_none() {
        let words = ins.words();
        let has_heredoc = ins.args.value.contains("<<");
        if words.len() < 2 && !has_heredoc {
            errors.push(ParseError {
                message: format!(
                    "{} requires at least two arguments: a source and a destination",
                    ins.keyword.as_str()
                ),
                span: ins.args_span(),
            });
        }
    }
    if ins.keyword == Keyword::Shell && ins.exec.is_none() {
        errors.push(ParseError {
            message: "SHELL requires the arguments in JSON form: SHELL [\"executable\", \"parameters\"]".into(),
            span: ins.args_span(),
        });
    }
    if ins.keyword == Keyword::Healthcheck {
        let first = ins.args.value.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        if first != "CMD" && first != "NONE" {
            errors.push(ParseError {
                message: "HEALTHCHECK takes `CMD <command>` or `NONE`".into(),
                span: ins.args_span(),
            });
        }
    }
    if ins.keyword == Keyword::From {
        let words = ins.words();
        let ok = match words.len() {
            1 => true,
            3 => words[1].text.eq_ignore_ascii_case("as"),
            _ => false,
        };
        if !ok {
            errors.push(ParseError {
                message: "FROM takes `image[:tag|@digest] [AS name]`".into(),
                span: ins.args_span(),
            });
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// End of a shell-like word starting at `pos` (quotes respected).
fn word_end(v: &str, pos: usize) -> usize {
    let bytes = v.as_bytes();
    let mut i = pos;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(b'"') if b == b'\\' => i += 1,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'\\' => i += 1,
            None if b == b' ' || b == b'\t' => break,
            None => {}
        }
        i += 1;
    }
    i.min(v.len())
}

fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        s[1..s.len() - 1].to_owned()
    } else {
        s.to_owned()
    }
}

/// Split into words, respecting quotes; the text of each word has its quotes removed.
pub fn split_words(t: &MappedText) -> Vec<Word> {
    let v = &t.value;
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < v.len() {
        let rest = &v[pos..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        pos += rest.len() - trimmed.len();
        if pos >= v.len() {
            break;
        }
        let end = word_end(v, pos).max(pos + 1).min(v.len());
        let end = (pos..=end).rev().find(|e| v.is_char_boundary(*e)).unwrap_or(end);
        if end <= pos {
            break;
        }
        out.push(Word {
            text: strip_quotes(&v[pos..end]),
            span: t.span(pos, end),
        });
        pos = end;
    }
    out
}

fn strip_quotes(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut quote: Option<char> = None;
    let mut chars = w.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            Some(_) => out.push(c),
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Parse `["a", "b"]`: a JSON array of strings, with each element's span.
fn parse_exec(args: &MappedText) -> Option<Vec<Word>> {
    let v = &args.value;
    let t = v.trim();
    if !t.starts_with('[') || !t.ends_with(']') {
        return None;
    }
    let base = v.len() - v.trim_start().len();
    let bytes = v.as_bytes();
    let mut i = base + 1;
    let end = base + t.len() - 1;
    let mut out = Vec::new();
    let skip = |i: &mut usize| {
        while *i < end && matches!(bytes[*i], b' ' | b'\t') {
            *i += 1;
        }
    };
    skip(&mut i);
    if i == end {
        return Some(out);
    }
    loop {
        skip(&mut i);
        if i >= end || bytes[i] != b'"' {
            return None;
        }
        let start = i;
        i += 1;
        let mut s = String::new();
        loop {
            if i >= end {
                return None;
            }
            match bytes[i] {
                b'"' => break,
                b'\\' => {
                    let n = *bytes.get(i + 1)?;
                    match n {
                        b'n' => s.push('\n'),
                        b't' => s.push('\t'),
                        b'"' | b'\\' | b'/' => s.push(n as char),
                        b'u' => {
                            let hex = v.get(i + 2..i + 6)?;
                            s.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?).unwrap_or('\u{fffd}'));
                            i += 4;
                        }
                        _ => return None,
                    }
                    i += 2;
                    continue;
                }
                _ => {
                    let ch = v[i..].chars().next()?;
                    s.push(ch);
                    i += ch.len_utf8();
                    continue;
                }
            }
        }
        i += 1;
        out.push(Word {
            text: s,
            span: args.span(start, i),
        });
        skip(&mut i);
        if i == end {
            return Some(out);
        }
        if bytes[i] != b',' {
            return None;
        }
        i += 1;
    }
}

/// Heredoc markers `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` at a word start, outside quotes.
fn find_heredoc_markers(args: &MappedText) -> Vec<(Span, String, bool, bool)> {
    let v = &args.value;
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i + 2 < b.len() + 1 && i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == b'\\' && q == b'"' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            None if c == b'\'' || c == b'"' => {
                quote = Some(c);
                i += 1;
                continue;
            }
            None => {}
        }
        let word_start = i == 0
            || matches!(b[i - 1], b' ' | b'\t' | b';' | b'&' | b'|' | b'(')
            || b[i - 1].is_ascii_digit() && (i < 2 || matches!(b[i - 2], b' ' | b'\t'));
        if c == b'<' && b.get(i + 1) == Some(&b'<') && word_start && b.get(i + 2) != Some(&b'<') {
            let start = i;
            let mut j = i + 2;
            let strip = b.get(j) == Some(&b'-');
            if strip {
                j += 1;
            }
            // `<< EOF`: BuildKit takes blanks before the delimiter since dockerfile/1.16 (ManageIQ's
            // `cat >> /etc/ssh/ssh_config << EOF`, four lines of its body judged wrongly unknown
            // instructions, precision sample 45).
            let before_blanks = j;
            while matches!(b.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            // After blanks only a word is a delimiter: `$((1 << 2))` shifts.
            if j > before_blanks
                && !b
                    .get(j)
                    .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'_' | b'"' | b'\''))
            {
                i += 2;
                continue;
            }
            let q = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    j += 1;
                    Some(q)
                }
                _ => None,
            };
            let name_start = j;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-' || b[j] == b'.') {
                j += 1;
            }
            let name = &v[name_start..j];
            if let Some(q) = q {
                if b.get(j) != Some(&q) {
                    i = j.max(i + 1);
                    continue;
                }
                j += 1;
            }
            if !name.is_empty() {
                out.push((args.span(start, j), name.to_owned(), strip, q.is_some()));
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_and_comments() {
        let src = "FROM alpine\nRUN apk add \\\n# a comment\n    curl\n";
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.instructions.len(), 2);
        let run = &p.instructions[1];
        assert_eq!(run.args.value, "apk add     curl");
        let words = run.words();
        assert_eq!(words[2].span.text(src), "curl");
        assert_eq!(p.comments.len(), 1);
    }

    #[test]
    fn escape_directive_backtick() {
        let src = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n  && echo hi\n";
        let p = parse(src);
        assert_eq!(p.escape, '`');
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.instructions[1].args.value, "dir c:\\   && echo hi");
    }

    #[test]
    fn a_heredoc_delimiter_may_follow_blanks() {
        let src = "FROM fedora:41\nRUN sed -i 's/a/b/' /etc/x && \\\n    cat >> /etc/ssh/ssh_config << EOF\nProtocol 2\nStrictHostKeyChecking no\nEOF\nRUN true\n";
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.instructions.len(), 3);
        assert_eq!(p.instructions[1].heredocs[0].body, "Protocol 2\nStrictHostKeyChecking no\n");
        // An arithmetic shift is no heredoc.
        let shift = parse("FROM alpine:3.22\nRUN echo $((1 << 2))\nRUN true\n");
        assert!(shift.errors.is_empty() && shift.instructions.len() == 3 && shift.instructions[1].heredocs.is_empty());
    }

    #[test]
    fn heredocs() {
        let src = "FROM alpine\nRUN <<EOF\necho a\necho b\nEOF\nCOPY <<-\"A\" /a <<B /b\n\tx\n\tA\ny\nB\nRUN echo done\n";
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.instructions.len(), 4);
        let run = &p.instructions[1];
        assert_eq!(run.heredocs[0].body, "echo a\necho b\n");
        assert_eq!(run.heredocs[0].body_span.text(src), "echo a\necho b\n");
        let copy = &p.instructions[2];
        assert_eq!(copy.heredocs.len(), 2);
        assert!(copy.heredocs[0].strip_tabs && copy.heredocs[0].quoted);
        assert_eq!(copy.heredocs[1].body, "y\n");
        assert_eq!(p.instructions[3].args.value, "echo done");
    }

    #[test]
    fn unterminated_heredoc_is_an_error() {
        let p = parse("FROM alpine\nRUN <<EOF\necho a\n");
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("never terminated"));
    }

    #[test]
    fn flags_and_exec() {
        let src = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache go build\nCMD [\"app\", \"--x\"]\n";
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.instructions[0].flag_value("platform"), Some("$BUILDPLATFORM"));
        assert_eq!(p.instructions[1].flag_value("mount"), Some("type=cache,target=/root/.cache"));
        let exec = p.instructions[2].exec.as_ref().unwrap();
        assert_eq!(exec[1].text, "--x");
        assert_eq!(exec[1].span.text(src), "\"--x\"");
    }

    #[test]
    fn unknown_instruction_and_flag() {
        let p = parse("FROM alpine\nFOO bar\nCOPY --bogus a b\n");
        assert_eq!(p.errors.len(), 2);
    }

    #[test]
    fn arithmetic_is_not_a_heredoc() {
        let p = parse("FROM alpine\nRUN echo $((1<<2)) \"<<EOF\"\n");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert!(p.instructions[1].heredocs.is_empty());
    }
}
