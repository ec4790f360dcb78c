//! Shell analysis of RUN (and shell-form CMD/ENTRYPOINT/HEALTHCHECK) with tree-sitter-bash.
//!
//! The parser sees the logical text (continuations removed); every span is mapped back to the
//! file. Where the tree has an ERROR node, `has_error` is set and rules stay silent.

use crate::dockerfile::parser::Word;
use crate::dockerfile::text::MappedText;
use shipshape_core::Span;
use std::cell::RefCell;
use tree_sitter::{Node, Parser};

/// Scripts larger than this are not analysed (rules stay silent).
const MAX_SCRIPT_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug)]
pub struct Command {
    /// The program, quotes removed (`apt-get`), with any leading `sudo`/`env` wrapper skipped.
    pub name: String,
    pub name_span: Span,
    pub args: Vec<Word>,
    /// The whole command, arguments included.
    pub span: Span,
    /// Index into [`Script::pipelines`] when the command is part of a `|` pipeline.
    pub pipeline: Option<usize>,
    /// Whether the command was wrapped in `sudo`.
    pub sudo: bool,
    /// Whether that `sudo` runs it as another user (`sudo -u app`): a drop of privileges from root.
    pub sudo_user: bool,
}

impl Command {
    /// Whether any short option (`-y`, also inside `-qy`) or long option (`--yes`, `--yes=…`) is present.
    pub fn has_opt(&self, shorts: &[char], longs: &[&str]) -> bool {
        self.find_opt(shorts, longs).is_some()
    }

    pub fn find_opt(&self, shorts: &[char], longs: &[&str]) -> Option<&Word> {
        self.args.iter().find(|a| {
            let t = a.text.as_str();
            if let Some(long) = t.strip_prefix("--") {
                let name = long.split('=').next().unwrap_or("");
                longs.contains(&name)
            } else if let Some(short) = t.strip_prefix('-') {
                !short.is_empty() && short.chars().all(|c| c.is_ascii_alphanumeric()) && short.chars().any(|c| shorts.contains(&c))
            } else {
                false
            }
        })
    }

    /// Arguments that are not options.
    pub fn positional(&self) -> impl Iterator<Item = &Word> {
        self.args.iter().filter(|a| !a.text.starts_with('-'))
    }

    /// The first positional argument (a subcommand such as `install`).
    pub fn subcommand(&self) -> Option<&str> {
        self.positional().next().map(|w| w.text.as_str())
    }

    pub fn has_arg(&self, text: &str) -> bool {
        self.args.iter().any(|a| a.text == text)
    }
}

#[derive(Clone, Debug)]
pub struct Pipeline {
    pub span: Span,
    pub commands: Vec<usize>,
    /// Whether the script discards the pipeline's status on purpose: it is on the left of
    /// `|| true` (or `|| :`, `|| exit 0`), so no failure in it could fail the RUN anyway.
    pub masked: bool,
    /// Inside a command substitution that is an argument (`curl -L $(curl … | jq …)`): the shell
    /// discards a substitution's status there, pipefail or not.
    pub in_argument: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Script {
    pub commands: Vec<Command>,
    pub pipelines: Vec<Pipeline>,
    pub has_error: bool,
    /// Whether the script holds a shell comment. The logical text of an instruction is one line,
    /// so a comment runs to its end: text appended after it is commented out.
    pub has_comment: bool,
    /// The file offset just after the last top-level statement when only blanks, `;` and a
    /// comment follow it: where `&& more` can be appended and still run. `None` when anything
    /// else ends the script (a trailing `&`, an empty script).
    pub append_at: Option<usize>,
    /// Syntax that bash accepts and POSIX sh (dash) does not: (span, what it is).
    pub bashisms: Vec<(Span, Bashism)>,
    /// Top-level statements (comments excluded): their span and, for a simple command, its name
    /// (`=` for a bare assignment, `||` for a list whose last operator is `||`, `&` for a job
    /// started in the background).
    pub statements: Vec<(Span, Option<String>)>,
    /// Scripts handed to a shell inside a command (`docker run … /bin/bash -c '…'`), parsed with
    /// their own map to the file (one level deep).
    pub nested: Vec<Script>,
    /// POSIX shell that PowerShell cannot run: (span, what it is), in document order.
    pub posix_only: Vec<(Span, PosixOnly)>,
    /// Where the quoting changes: strings, here-document bodies, and the substitutions inside
    /// them that start unquoted text again. [`Script::quote_at`] reads it.
    pub quotes: Vec<(Span, Quote)>,
}

/// How the shell reads text at a place in a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    /// Outside any quotes: `$X` is expanded, split into words and globbed.
    Unquoted,
    /// Inside `'…'` or `$'…'`: nothing is expanded.
    Single,
    /// Inside `"…"`: `$X` is expanded, not split.
    Double,
    /// Inside `$(( … ))`: an arithmetic expression.
    Arithmetic,
    /// A here-document's body: `literal` when its delimiter is quoted (`<<'EOF'`), so nothing in
    /// it is expanded; otherwise `$X` is expanded, not split.
    Heredoc { literal: bool },
}

/// POSIX shell syntax that PowerShell rejects or runs as something else, so a script holding it
/// certainly breaks there (`pwsh` stops at the first error a GitHub step gives it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PosixOnly {
    /// `if …; then … fi`, `for … do … done`, `while`/`until`, `case … esac`.
    Compound(&'static str),
    /// `export NAME=…` (also `readonly`, `declare`, `local`, `typeset`).
    Declaration(&'static str),
    /// `NAME=value` on its own or before a command.
    Assignment,
    /// `<<EOF`: PowerShell reserves `<`.
    Heredoc,
    /// `>> $GITHUB_OUTPUT`: in PowerShell `$GITHUB_OUTPUT` is an unset variable, not the environment's.
    RunnerFileVariable,
    /// A `\` ending a line: PowerShell passes the backslash as an argument and runs the next
    /// line as a command of its own.
    LineContinuation,
}

impl PosixOnly {
    pub fn describe(self) -> String {
        match self {
            PosixOnly::Compound(k) => format!("`{k}` is POSIX shell syntax: a parse error in PowerShell"),
            PosixOnly::Declaration(k) => format!("`{k}` is a POSIX shell builtin: PowerShell has no such command"),
            PosixOnly::Assignment => {
                "`NAME=value` is a POSIX shell assignment: PowerShell runs it as a command that does not exist".to_owned()
            }
            PosixOnly::Heredoc => "a here-document is POSIX shell syntax: PowerShell reserves `<`".to_owned(),
            PosixOnly::RunnerFileVariable => {
                "in PowerShell this is an unset variable, not the environment's (`$env:NAME`): the redirection writes nowhere".to_owned()
            }
            PosixOnly::LineContinuation => {
                "a `\\` line continuation is POSIX shell: PowerShell passes the backslash as an argument and runs the next line on its own"
                    .to_owned()
            }
        }
    }
}

/// A bash-only construct, and what dash does with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bashism {
    /// `{a,b}` / `{1..3}`: dash keeps the braces literally.
    BraceExpansion,
    /// `[[ … ]]`: dash has no such command.
    DoubleBracket,
    /// `source file`: dash only knows `.`.
    Source,
    /// `function f`: a syntax error in dash.
    FunctionKeyword,
    /// `a=(…)`, `${a[0]}`: a syntax error (or a wrong expansion) in dash.
    Array,
    /// `<<<`: a syntax error in dash.
    HereString,
    /// `&>`: dash runs the command in the background and truncates the file.
    AmpersandRedirect,
}

impl Bashism {
    pub fn describe(self) -> &'static str {
        match self {
            Bashism::BraceExpansion => "brace expansion is bash-only: sh keeps the braces as written",
            Bashism::DoubleBracket => "`[[ … ]]` is bash-only: sh fails with `[[: not found`",
            Bashism::Source => "`source` is bash-only: sh fails with `source: not found` (use `.`)",
            Bashism::FunctionKeyword => "the `function` keyword is bash-only: a syntax error in sh (write `f() { … }`)",
            Bashism::Array => "arrays are bash-only: a syntax error in sh",
            Bashism::HereString => "`<<<` is bash-only: a syntax error in sh",
            Bashism::AmpersandRedirect => {
                "`&>` is bash-only: sh runs the command in the background and truncates the file (write `> file 2>&1`)"
            }
        }
    }

    /// Whether busybox ash (Alpine) lacks it too; its bash compatibility covers the others.
    pub fn missing_in_ash(self) -> bool {
        matches!(self, Bashism::BraceExpansion | Bashism::Array)
    }
}

/// Commands that do not fail in practice: a script that runs one before its last command loses
/// nothing by ignoring its status. `||` is a list whose failure is handled (`a || b`), `&` a job
/// started in the background.
const CANNOT_FAIL: &[&str] = &[
    "=", "||", "&", "sleep", "echo", "printf", "set", "export", "true", ":", "unset", "umask", "shopt", "trap", "local", "readonly",
    "declare", "typeset",
];

/// Whether a shell option argument turns on errexit: `-e`, `-eux`, `-el` (not `+e`, not `--e…`).
pub fn errexit_flag(arg: &str) -> bool {
    arg.starts_with('-') && !arg.starts_with("--") && arg[1..].contains('e')
}

impl Script {
    /// How the shell reads the text at file offset `at`: the innermost string, here-document or
    /// substitution holding it.
    pub fn quote_at(&self, at: usize) -> Quote {
        self.quotes
            .iter()
            .filter(|(span, _)| span.start <= at && at < span.end)
            .min_by_key(|(span, _)| span.end - span.start)
            .map_or(Quote::Unquoted, |&(_, q)| q)
    }

    /// Whether the script turns errexit on itself: `set -e`, `set -eux`, `set -o errexit`.
    pub fn sets_errexit(&self) -> bool {
        self.commands
            .iter()
            .any(|c| c.name == "set" && c.args.iter().any(|a| errexit_flag(&a.text) || a.text == "errexit"))
    }

    /// Without errexit only the last top-level command's status is the script's: the first
    /// statement before it that can fail (not `echo`, `export`, an assignment, an `a || b`…) has its
    /// failure ignored. `None` when the script sets errexit, has one statement, none can fail, or
    /// it ends in `true` (every failure ignored on purpose).
    pub fn swallowed_failure(&self) -> Option<Span> {
        if self.has_error || self.sets_errexit() {
            return None;
        }
        let ((_, last), before_last) = self.statements.split_last()?;
        // `a; b; true`: the script ignores every failure on purpose.
        if matches!(last.as_deref(), Some("true" | ":")) {
            return None;
        }
        // `mkdir -p` and `rm -f` succeed on what would make the plain commands fail; a package
        // index update that fails leaves the install after it to fail (mispdocker's
        // `apt-get update` before an `apt-get install`, judged not worth it, the thirty-sixth
        // sample).
        let forced = |span: &Span, name: &str| {
            let Some(c) = self.commands.iter().find(|c| c.span.start == span.start && c.name == name) else {
                return false;
            };
            match name {
                "mkdir" => c.has_opt(&['p'], &["parents"]),
                "rm" => c.has_opt(&['f'], &["force"]),
                "apt-get" | "apt" | "apk" => c.subcommand() == Some("update"),
                _ => false,
            }
        };
        // A compound statement (`[ -n "$X" ] && Y=1`, `if …; then make; fi`) can fail when a
        // command in it can; tests are how it branches.
        let inner_can_fail = |span: &Span| {
            self.commands
                .iter()
                .filter(|c| span.start <= c.span.start && c.span.end <= span.end)
                .any(|c| !matches!(c.name.as_str(), "[" | "test") && !CANNOT_FAIL.contains(&c.name.as_str()) && !forced(&c.span, &c.name))
        };
        before_last
            .iter()
            .find(|(span, name)| match name.as_deref() {
                Some(n) => !CANNOT_FAIL.contains(&n) && !forced(span, n),
                None => inner_can_fail(span),
            })
            .map(|(span, _)| *span)
    }

    pub fn find<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Command> + 'a {
        self.commands.iter().filter(move |c| c.name == name)
    }
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parse a POSIX shell script. Returns `None` when it is too large or tree-sitter gives up.
pub fn analyse(text: &MappedText) -> Option<Script> {
    analyse_at(text, 0)
}

fn analyse_at(text: &MappedText, depth: usize) -> Option<Script> {
    if text.value.len() > MAX_SCRIPT_BYTES {
        return None;
    }
    let tree = PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_bash::LANGUAGE.into()).ok()?;
            *slot = Some(p);
        }
        slot.as_mut()?.parse(&text.value, None)
    })?;
    let root = tree.root_node();
    let mut script = Script {
        has_error: root.has_error(),
        ..Script::default()
    };
    if script.has_error {
        return Some(script);
    }
    let src = text.value.as_bytes();
    script.append_at = append_point(root, text);
    {
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor).filter(|c| c.kind() != "comment") {
            let name = match child.kind() {
                // `cmd &`: a background job's status is always 0.
                _ if child.next_sibling().is_some_and(|n| n.kind() == "&") => Some("&".to_owned()),
                "command" if child.child_by_field_name("name").is_none() => Some("=".to_owned()),
                "command" => child.child_by_field_name("name").map(|n| word_value(n.child(0).unwrap_or(n), src)),
                "variable_assignment" | "variable_assignments" => Some("=".to_owned()),
                // `export A=1`, `readonly`, `local`, `declare`: the keyword.
                "declaration_command" | "unset_command" => child.child(0).map(|k| node_text(k, src).to_owned()),
                // `a || b`: the list's failure is handled.
                "list" if last_operator(child) == Some("||") => Some("||".to_owned()),
                _ => None,
            };
            script.statements.push((text.span(child.start_byte(), child.end_byte()), name));
        }
    }
    // The parent's kind travels with each node: `Node::parent` walks down from the root, which is
    // quadratic in a long `a && b && …` chain (tree-sitter nests it one level per `&&`).
    let mut stack = vec![(root, None::<usize>, None::<&'static str>, false)];
    // Pipelines (by node id) on the left of `|| true`, found at their list before they are visited.
    let mut masked: Vec<usize> = Vec::new();
    while let Some((node, pipeline, parent, in_argument)) = stack.pop() {
        let mut pipe = pipeline;
        // A substitution anywhere but an assignment's value is an argument whose status is lost.
        let in_argument = in_argument || (node.kind() == "command_substitution" && parent != Some("variable_assignment"));
        if let Some(b) = bashism(node, parent, src) {
            script.bashisms.push((text.span(node.start_byte(), node.end_byte()), b));
        }
        posix_only(node, parent, src, text, &mut script.posix_only);
        let quote = match node.kind() {
            "raw_string" | "ansi_c_string" => Some(Quote::Single),
            "string" => Some(Quote::Double),
            "command_substitution" | "process_substitution" => Some(Quote::Unquoted),
            "arithmetic_expansion" => Some(Quote::Arithmetic),
            "heredoc_body" => {
                // `cat <<'EOF' > out`: the redirect sits between the delimiter and the body.
                let start = std::iter::successors(node.prev_sibling(), |p| p.prev_sibling()).find(|p| p.kind() == "heredoc_start");
                let literal = start.is_some_and(|p| node_text(p, src).contains(['\'', '"', '\\']));
                Some(Quote::Heredoc { literal })
            }
            _ => None,
        };
        if let Some(q) = quote {
            script.quotes.push((text.span(node.start_byte(), node.end_byte()), q));
        }
        match node.kind() {
            "comment" => script.has_comment = true,
            "list" => masked_pipelines(node, src, &mut masked),
            "pipeline" => {
                script.pipelines.push(Pipeline {
                    span: text.span(node.start_byte(), node.end_byte()),
                    commands: Vec::new(),
                    masked: masked.contains(&node.id()),
                    in_argument,
                });
                pipe = Some(script.pipelines.len() - 1);
            }
            "command" => {
                if let Some(cmd) = command(node, src, text, pipe) {
                    if let Some(p) = pipe {
                        script.pipelines[p].commands.push(script.commands.len());
                    }
                    script.commands.push(cmd);
                }
            }
            // Commands in a subshell or substitution inside a pipeline are not themselves piped.
            "subshell" | "command_substitution" | "compound_statement" if pipeline.is_some() => pipe = None,
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        // tree-sitter-bash makes a whole `a && b < f` list the left side of `| c` when a redirect ends it;
        // the shell reads `a && (b < f | c)`: only the list's last part is piped.
        let last_named = children.iter().rposition(|c| c.is_named());
        for (n, child) in children.into_iter().enumerate().rev() {
            let piped = if node.kind() == "list" && Some(n) != last_named {
                None
            } else {
                pipe
            };
            stack.push((child, piped, Some(node.kind()), in_argument));
        }
    }
    script.posix_only.sort_by_key(|(span, _)| span.start);
    // Most scripts hold a command or two: do not keep a growth buffer per RUN.
    script.commands.shrink_to_fit();
    script.pipelines.shrink_to_fit();
    // The stack visits in document order for siblings; sort to be sure.
    let mut order: Vec<usize> = (0..script.commands.len()).collect();
    order.sort_by_key(|&i| script.commands[i].span.start);
    if order.windows(2).any(|w| w[0] > w[1]) {
        let remap: Vec<usize> = {
            let mut r = vec![0; order.len()];
            for (new, &old) in order.iter().enumerate() {
                r[old] = new;
            }
            r
        };
        let old = std::mem::take(&mut script.commands);
        let mut slots: Vec<Option<Command>> = old.into_iter().map(Some).collect();
        script.commands = order.iter().filter_map(|&i| slots[i].take()).collect();
        for p in &mut script.pipelines {
            for c in &mut p.commands {
                *c = remap[*c];
            }
        }
    }
    // A script handed to a shell inside another command (`docker run … /bin/bash -c '…'`:
    // playwright's Docker test job), read with its own map, one level deep.
    if depth == 0 {
        for c in &script.commands {
            for w in c.args.windows(3) {
                let shell = w[0].text.rsplit('/').next().unwrap_or("");
                if !(INTERPRETERS[..6].contains(&shell) && w[1].text == "-c") {
                    continue;
                }
                let (Some(start), Some(last)) = (text.to_logical(w[2].span.start), text.to_logical(w[2].span.end.saturating_sub(1))) else {
                    continue;
                };
                let end = last + 1;
                let quoted = text.value[start..end].starts_with(['\'', '"']);
                let (from, to) = if quoted && end - start >= 2 {
                    (start + 1, end - 1)
                } else {
                    (start, end)
                };
                if let Some(inner) = analyse_at(&text.slice(from, to), 1) {
                    script.nested.push(inner);
                }
            }
        }
    }
    Some(script)
}

/// Records the pipelines whose status a `list` node discards: `left || true` (or `|| :`,
/// `|| exit 0`, `|| return 0`) makes any failure on its left harmless, so every pipeline chained
/// there with `&&`/`||` is masked. Bounded: only the left operand's own chain is walked.
fn masked_pipelines(list: Node, src: &[u8], out: &mut Vec<usize>) {
    if !ends_in_discard(list, src) {
        return;
    }
    let Some(left) = list.child(0) else { return };
    let mut todo = vec![left];
    while let Some(n) = todo.pop() {
        match n.kind() {
            "pipeline" => out.push(n.id()),
            // A nested `a && b | c` chain: its operands. One that ends in `|| true` itself marks
            // its own left side when it is visited (walking it here too would be quadratic in a
            // long `a || true || true …` chain).
            "list" if !ends_in_discard(n, src) => {
                let mut c = n.walk();
                todo.extend(n.named_children(&mut c));
            }
            _ => {}
        }
    }
}

/// Whether a `list` node is `left || true` (or another command that discards the status).
fn ends_in_discard(list: Node, src: &[u8]) -> bool {
    let mut cursor = list.walk();
    let children: Vec<Node> = list.children(&mut cursor).collect();
    matches!(children.as_slice(), [_, op, right] if op.kind() == "||" && discards_status(*right, src))
}

/// Whether a command always succeeds whatever came before it: `true`, `:`, `exit 0`, `return 0`.
fn discards_status(node: Node, src: &[u8]) -> bool {
    if node.kind() != "command" {
        return false;
    }
    let words: Vec<&str> = {
        let mut c = node.walk();
        node.named_children(&mut c).map(|n| node_text(n, src).trim()).collect()
    };
    matches!(words.as_slice(), ["true" | ":"] | ["exit" | "return", "0"])
}

/// The bash-only construct a node is, if any.
fn bashism(node: Node, parent: Option<&str>, src: &[u8]) -> Option<Bashism> {
    let first_token = || node.child(0).map(|c| c.kind());
    match node.kind() {
        "brace_expression" => Some(Bashism::BraceExpansion),
        "test_command" if first_token() == Some("[[") => Some(Bashism::DoubleBracket),
        "function_definition" if first_token() == Some("function") => Some(Bashism::FunctionKeyword),
        "array" | "subscript" => Some(Bashism::Array),
        "herestring_redirect" => Some(Bashism::HereString),
        "file_redirect" => {
            let mut cursor = node.walk();
            let amp = node
                .children(&mut cursor)
                .any(|c| !c.is_named() && matches!(c.kind(), "&>" | "&>>"));
            amp.then_some(Bashism::AmpersandRedirect)
        }
        "command" => {
            let name = node.child_by_field_name("name")?;
            (node_text(name, src) == "source").then_some(Bashism::Source)
        }
        // Unquoted `{a,b}`: tree-sitter-bash splits it into plain words of a word or a concatenation.
        // (No brace expansion in an assignment's value: `X={a,b}` is literal in bash too.)
        "word" | "concatenation" if parent.is_none_or(|p| !matches!(p, "concatenation" | "variable_assignment")) => {
            let mut cursor = node.walk();
            let plain = node.kind() == "word" || node.children(&mut cursor).all(|c| c.kind() == "word");
            let t = node_text(node, src);
            (plain && !t.contains(['\\', '$', '\'', '"']) && brace_list(t)).then_some(Bashism::BraceExpansion)
        }
        _ => None,
    }
}

/// The POSIX-only syntax a node is, if any (see [`PosixOnly`]); a keyword's span is the keyword.
fn posix_only(node: Node, parent: Option<&str>, src: &[u8], text: &MappedText, out: &mut Vec<(Span, PosixOnly)>) {
    let span = |n: Node| text.span(n.start_byte(), n.end_byte());
    let keyword = |n: Node, what| (span(n.child(0).unwrap_or(n)), what);
    match node.kind() {
        "if_statement" => out.push(keyword(node, PosixOnly::Compound("if … then … fi"))),
        "for_statement" | "c_style_for_statement" => out.push(keyword(node, PosixOnly::Compound("for … do … done"))),
        "while_statement" if node.child(0).is_some_and(|k| k.kind() == "until") => {
            out.push(keyword(node, PosixOnly::Compound("until … do … done")))
        }
        "while_statement" => out.push(keyword(node, PosixOnly::Compound("while … do … done"))),
        "case_statement" => out.push(keyword(node, PosixOnly::Compound("case … esac"))),
        "declaration_command" => {
            let what = match node.child(0).map(|k| k.kind()) {
                Some("export") => "export",
                Some("readonly") => "readonly",
                Some("declare") => "declare",
                Some("local") => "local",
                Some("typeset") => "typeset",
                _ => return,
            };
            out.push(keyword(node, PosixOnly::Declaration(what)));
        }
        "heredoc_redirect" => out.push((span(node), PosixOnly::Heredoc)),
        "file_redirect" => {
            if let Some(dest) = node.child_by_field_name("destination")
                && runner_file_variable(dest, src)
            {
                out.push((span(dest), PosixOnly::RunnerFileVariable));
            }
        }
        // `A=1` alone (not inside a command or a declaration).
        "variable_assignment" if parent == Some("program") => out.push((span(node), PosixOnly::Assignment)),
        "command" => {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            // `A=1 cmd`: the assignment before the name.
            if let Some(a) = children.iter().find(|c| c.kind() == "variable_assignment") {
                out.push((span(*a), PosixOnly::Assignment));
            }
            // A `\` ending a line between two words of the command.
            for w in children.windows(2) {
                let gap = &src[w[0].end_byte()..w[1].start_byte()];
                if let Some(i) = gap
                    .windows(2)
                    .position(|p| p == b"\\\n")
                    .or_else(|| gap.windows(3).position(|p| p == b"\\\r\n"))
                {
                    let at = w[0].end_byte() + i;
                    out.push((text.span(at, at + 1), PosixOnly::LineContinuation));
                    break;
                }
            }
        }
        _ => {}
    }
}

/// `$GITHUB_OUTPUT`, `"${GITHUB_ENV}"`: a GitHub runner file named by its environment variable.
fn runner_file_variable(dest: Node, src: &[u8]) -> bool {
    let t = node_text(dest, src).trim_matches('"');
    let name = t
        .strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .or_else(|| t.strip_prefix('$'));
    name.is_some_and(|n| {
        matches!(
            n,
            "GITHUB_OUTPUT" | "GITHUB_ENV" | "GITHUB_PATH" | "GITHUB_STEP_SUMMARY" | "GITHUB_STATE"
        )
    })
}

/// `{x,y}` with a comma between an opening and its closing brace, nothing nested.
fn brace_list(t: &str) -> bool {
    let mut open = None;
    for (i, c) in t.char_indices() {
        match c {
            '{' => open = Some(i),
            '}' => {
                if let Some(o) = open.take()
                    && t[o + 1..i].contains(',')
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Where text appended to the script still runs: after the last top-level statement, provided
/// only `;` separators and comments follow it (a trailing `&` or anything unknown: `None`).
fn append_point(root: Node, text: &MappedText) -> Option<usize> {
    let mut cursor = root.walk();
    let children: Vec<Node> = root.children(&mut cursor).collect();
    let last = children.iter().rposition(|c| c.is_named() && c.kind() != "comment")?;
    if !children[last + 1..].iter().all(|c| c.kind() == "comment" || c.kind() == ";") {
        return None;
    }
    let node = children[last];
    Some(text.span(node.start_byte(), node.end_byte()).end)
}

/// The last operator of a `list` (`&&` or `||`).
fn last_operator(list: Node) -> Option<&'static str> {
    let mut cursor = list.walk();
    list.children(&mut cursor)
        .filter(|c| !c.is_named())
        .map(|c| c.kind())
        .filter(|k| matches!(*k, "&&" | "||"))
        .last()
}

fn node_text<'a>(node: Node, src: &'a [u8]) -> &'a str {
    std::str::from_utf8(&src[node.start_byte()..node.end_byte()]).unwrap_or("")
}

/// The literal value of a word-like node (quotes removed; expansions kept as written).
fn word_value(node: Node, src: &[u8]) -> String {
    match node.kind() {
        "raw_string" => {
            let t = node_text(node, src);
            t.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).unwrap_or(t).to_owned()
        }
        "string" => {
            let t = node_text(node, src);
            t.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(t).to_owned()
        }
        "concatenation" => {
            let mut cursor = node.walk();
            node.children(&mut cursor).map(|c| word_value(c, src)).collect()
        }
        "word" => {
            let t = node_text(node, src);
            unescape(t)
        }
        _ => node_text(node, src).to_owned(),
    }
}

/// One simple command. The string of `sh -c "…"` stays an argument: it is not analysed as a script (why: see
/// `Dockerfile::analyse_shells`).
fn command(node: Node, src: &[u8], text: &MappedText, pipeline: Option<usize>) -> Option<Command> {
    let name_node = node.child_by_field_name("name")?;
    let mut words: Vec<Word> = vec![Word {
        text: word_value(name_node.child(0).unwrap_or(name_node), src),
        span: text.span(name_node.start_byte(), name_node.end_byte()),
    }];
    let mut cursor = node.walk();
    for arg in node.children_by_field_name("argument", &mut cursor) {
        words.push(Word {
            text: word_value(arg, src),
            span: text.span(arg.start_byte(), arg.end_byte()),
        });
    }
    // Skip wrappers: `sudo [-u user] cmd`, `env [VAR=x] cmd`, `nohup cmd`, `exec cmd`.
    let mut sudo = false;
    let mut sudo_user = false;
    let mut start = 0;
    while start < words.len() {
        match words[start].text.as_str() {
            "sudo" => {
                sudo = true;
                start += 1;
                while start < words.len() && words[start].text.starts_with('-') {
                    let flag = words[start].text.as_str();
                    // `-u app`, `-Eu app`, `-iu app`, `--user=app`
                    sudo_user |= flag.starts_with("--user") || (!flag.starts_with("--") && flag.ends_with('u'));
                    let takes_value =
                        matches!(flag, "-u" | "-g" | "-U") || (!flag.starts_with("--") && flag.len() > 2 && flag.ends_with('u'));
                    start += if takes_value { 2 } else { 1 };
                }
            }
            "env" => {
                start += 1;
                while start < words.len() && (words[start].text.contains('=') || words[start].text.starts_with('-')) {
                    start += 1;
                }
            }
            "nohup" | "exec" | "time" | "command" => start += 1,
            _ => break,
        }
    }
    if start >= words.len() {
        // `sudo` alone: keep it as the command.
        start = 0;
    }
    let mut rest = words.split_off(start);
    let name = rest.remove(0);
    Some(Command {
        name: name.text.rsplit('/').next().unwrap_or(&name.text).to_owned(),
        name_span: name.span,
        args: rest,
        span: text.span(node.start_byte(), node.end_byte()),
        pipeline,
        sudo,
        sudo_user,
    })
}

impl Command {
    /// Whether every URL the command names is on the loopback interface (`curl -k
    /// https://localhost:8443/health` probing a service the same RUN started): no network between.
    pub fn only_loopback_urls(&self) -> bool {
        let hosts: Vec<&str> = self
            .args
            .iter()
            .filter_map(|a| a.text.split_once("://").map(|(_, rest)| rest))
            .map(|rest| {
                let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
                let host = authority.rsplit('@').next().unwrap_or(authority);
                match host.strip_prefix('[') {
                    Some(v6) => v6.split(']').next().unwrap_or(v6),
                    None => host.split(':').next().unwrap_or(host),
                }
            })
            .collect();
        !hosts.is_empty()
            && hosts
                .iter()
                .all(|h| matches!(*h, "localhost" | "::1" | "0.0.0.0") || h.starts_with("127."))
    }
}

/// Programs that run a script read from their standard input or given with `-c`.
pub const INTERPRETERS: &[&str] = &[
    "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node", "pwsh",
];

/// A download run as a script, as [`Script::downloads_run`] finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadRun {
    /// The pipeline (`curl … | sh`) or the command (`sh -c "$(curl …)"`).
    pub span: Span,
    /// The interpreter that runs it.
    pub interpreter: String,
    /// `true` for a pipe, `false` for `-c "$(curl …)"`.
    pub piped: bool,
}

impl DownloadRun {
    /// What the finding says: the interpreter named (a `python3` is no shell: the thirty-eighth
    /// sample).
    pub fn message(&self) -> String {
        if self.piped {
            format!("a download is piped straight into `{}`", self.interpreter)
        } else {
            format!("a downloaded script is run directly by `{}`", self.interpreter)
        }
    }
}

impl Script {
    /// Every download the script runs unverified: a pipeline that feeds `curl`/`wget` output to an
    /// interpreter (`curl -fsSL … | sudo bash -s --`), or an interpreter given `-c "$(curl …)"`.
    /// A `file://` URL reads a local file (starship's install test), and an interpreter given a
    /// script file, a module (`-m`) or its own `-c` program reads the pipe as data.
    /// Scripts nested in a command's `sh -c '…'` are read too.
    pub fn downloads_run(&self) -> Vec<DownloadRun> {
        let mut out = Vec::new();
        for p in &self.pipelines {
            let commands: Vec<&Command> = p.commands.iter().map(|&i| &self.commands[i]).collect();
            let fetch = commands.iter().position(|c| {
                matches!(c.name.as_str(), "curl" | "wget")
                    && !c.args.iter().any(|a| a.text.trim_matches(['"', '\'']).starts_with("file://"))
            });
            let Some(fetch) = fetch else { continue };
            let sink = commands[fetch + 1..].iter().find(|c| {
                INTERPRETERS.contains(&c.name.as_str())
                    && !c
                        .args
                        .iter()
                        .any(|a| a.text == "-m" || a.text == "-c" || a.text.ends_with(".py") || a.text.ends_with(".sh"))
            });
            if let Some(sink) = sink {
                out.push(DownloadRun {
                    span: p.span,
                    interpreter: sink.name.clone(),
                    piped: true,
                });
            }
        }
        for c in &self.commands {
            if INTERPRETERS[..7].contains(&c.name.as_str())
                && c.args
                    .windows(2)
                    .any(|w| w[0].text == "-c" && (w[1].text.contains("$(curl") || w[1].text.contains("$(wget")))
            {
                out.push(DownloadRun {
                    span: c.span,
                    interpreter: c.name.clone(),
                    piped: false,
                });
            }
        }
        for inner in &self.nested {
            out.extend(inner.downloads_run());
        }
        out
    }
}

/// A YAML scalar's decoded text (a `run:` or `script:` line or block) mapped back to the file:
/// each line of `decoded` is found, in order, in `src[region]` (a block scalar's lines are its
/// source lines less their indentation). A line not found where expected (an escape in a quoted
/// scalar) maps to where the search stands, so every offset stays inside the region.
pub fn map_scalar(src: &str, region: Span, decoded: &str) -> MappedText {
    let mut text = MappedText::default();
    let area = src.get(region.start..region.end.min(src.len())).unwrap_or("");
    let mut at = 0;
    for line in decoded.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let found = if body.is_empty() { None } else { area[at..].find(body) };
        let start = match found {
            Some(i) => at + i,
            None => at,
        };
        text.push(line, region.start + start);
        at = (start + body.len()).min(area.len());
    }
    text
}

/// `${{ … }}` (GitHub's expressions) turned into as many `_`, which the shell reads as a word, so
/// a `run:` script parses with every offset kept.
pub fn blank_expressions(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(i) = rest.find("${{") {
        let Some(end) = rest[i..].find("}}") else { break };
        out.push_str(&rest[..i]);
        out.extend(std::iter::repeat_n('_', end + 2));
        rest = &rest[i + end + 2..];
    }
    out.push_str(rest);
    out
}

/// `t` with every backslash escape replaced by the character it escapes (a trailing lone `\\` is
/// dropped): a shell word's value, and a GitHub filter pattern's characters.
pub fn unescape(t: &str) -> String {
    if !t.contains('\\') {
        return t.to_owned();
    }
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn expressions_blanked_and_scalars_mapped() {
        let s = "echo ${{ inputs.größe }} && ok";
        let b = super::blank_expressions(s);
        assert_eq!(b.len(), s.len());
        assert!(b.starts_with("echo ___") && b.ends_with(" && ok"), "{b}");
        let src = "run: |\n  one\n  two\n";
        let m = super::map_scalar(src, shipshape_core::Span::new(5, src.len()), "one\ntwo\n");
        assert_eq!(&src[m.to_file(4)..m.to_file(4) + 3], "two");
    }

    use super::*;

    fn mapped(s: &str) -> MappedText {
        let mut t = MappedText::default();
        t.push(s, 0);
        t
    }

    #[test]
    fn quoting_at_each_place() {
        let src = "echo A 'B' \"C $(echo D) $((E + 1))\"\ncat <<'EOF' > out\nP\nEOF\ncat <<EOF\nQ\nEOF\n";
        let s = analyse(&mapped(src)).unwrap();
        let at = |c: &str| s.quote_at(src.find(c).unwrap());
        assert_eq!(at("A"), Quote::Unquoted);
        assert_eq!(at("B"), Quote::Single);
        assert_eq!(at("C"), Quote::Double);
        assert_eq!(at("D"), Quote::Unquoted);
        assert_eq!(at("E"), Quote::Arithmetic);
        assert_eq!(at("P"), Quote::Heredoc { literal: true });
        assert_eq!(at("Q"), Quote::Heredoc { literal: false });
    }

    #[test]
    fn commands_and_pipelines() {
        let src = "apt-get update && sudo apt-get install -qy 'curl' && curl -fsSL https://x | sh -";
        let s = analyse(&mapped(src)).unwrap();
        assert!(!s.has_error);
        let names: Vec<_> = s.commands.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["apt-get", "apt-get", "curl", "sh"]);
        assert!(s.commands[1].sudo);
        assert!(s.commands[1].has_opt(&['y'], &["yes"]));
        assert_eq!(s.commands[1].args[2].text, "curl");
        assert_eq!(s.pipelines.len(), 1);
        assert_eq!(s.commands[2].pipeline, Some(0));
        assert_eq!(s.commands[0].pipeline, None);
        assert_eq!(s.commands[3].name_span.text(src), "sh");
    }

    /// oss-fuzz's groovy: with a redirect before the pipe, tree-sitter-bash makes the whole `a && b < f`
    /// list the pipeline's left side; the shell pipes only `b` (`a && (b < f | c)`).
    #[test]
    fn a_list_on_the_left_of_a_pipe_pipes_only_its_last_command() {
        for src in [
            "cd groovy && tr -d x < f | git apply",
            "cd groovy && cat f | git apply",
            "a && b && c < f | d",
        ] {
            let s = analyse(&mapped(src)).unwrap();
            let piped: Vec<_> = s.commands.iter().map(|c| (c.name.as_str(), c.pipeline.is_some())).collect();
            let n = piped.len();
            assert!(piped[..n - 2].iter().all(|(_, p)| !p), "{src}: {piped:?}");
            assert!(piped[n - 2..].iter().all(|(_, p)| *p), "{src}: {piped:?}");
        }
    }

    #[test]
    fn pipelines_in_an_argument_substitution_are_marked() {
        let marked = |src: &str| -> Vec<bool> { analyse(&mapped(src)).unwrap().pipelines.iter().map(|p| p.in_argument).collect() };
        assert_eq!(marked("curl -L $(curl -s https://x | jq -r .url) -o core.snap"), [true]);
        assert_eq!(marked("url=$(curl -s https://x | jq -r .url)"), [false]);
        assert_eq!(marked("curl -s https://x | sh"), [false]);
        assert_eq!(marked("echo \"$(a | b)\""), [true]);
    }

    #[test]
    fn pipelines_before_or_true_are_masked() {
        let masked = |src: &str| -> Vec<bool> {
            let s = analyse(&mapped(src)).unwrap();
            assert!(!s.has_error, "{src}");
            s.pipelines.iter().map(|p| p.masked).collect()
        };
        assert_eq!(masked("tar -cf /tmp/x.tar /etc 2>&1 | grep -v \"Cannot stat\" || true"), [true]);
        assert_eq!(masked("a | b || :"), [true]);
        assert_eq!(masked("a | b || exit 0"), [true]);
        assert_eq!(masked("x && a | b && c || true; d | e"), [true, false]);
        assert_eq!(masked("if [ -s f ]; then a | b || true; fi"), [true]);
        // The status is still acted on: not masked.
        assert_eq!(masked("a | b || exit 1"), [false]);
        assert_eq!(masked("a | b || echo failed"), [false]);
        assert_eq!(masked("a | b && true"), [false]);
        assert_eq!(masked("a | b || true && c | d"), [true, false]);
        // A long `|| true` chain stays linear.
        let long = format!("a | b{}", " || true".repeat(5000));
        assert_eq!(masked(&long), [true]);
    }

    #[test]
    fn bashisms_are_found_in_the_tree() {
        let found = |src: &str| -> Vec<Bashism> { analyse(&mapped(src)).unwrap().bashisms.iter().map(|b| b.1).collect() };
        assert_eq!(found("mkdir -p /a/{b,c}"), [Bashism::BraceExpansion]);
        assert_eq!(found("echo {1..3}"), [Bashism::BraceExpansion]);
        assert_eq!(found("[[ -f x ]] && y"), [Bashism::DoubleBracket]);
        assert_eq!(found("source /x"), [Bashism::Source]);
        assert_eq!(found("function f() { a; }"), [Bashism::FunctionKeyword]);
        assert_eq!(found("a=(1 2)"), [Bashism::Array]);
        assert_eq!(found("cat <<< hi"), [Bashism::HereString]);
        assert_eq!(found("make &> log"), [Bashism::AmpersandRedirect]);
        for posix in [
            "echo '{a,b}' \"{a,b}\"",
            "find . -exec rm {} \\;",
            "[ -f x ] && . /x",
            "f() { a; }",
            "make > log 2>&1",
            "awk '{print $1}' f",
            "echo ${a:-x}",
            "X={a,b} make",
        ] {
            assert!(found(posix).is_empty(), "{posix}: {:?}", found(posix));
        }
    }

    #[test]
    fn errors_are_flagged() {
        let s = analyse(&mapped("if then fi (((")).unwrap();
        assert!(s.has_error);
    }

    #[test]
    fn append_point_is_before_a_trailing_comment() {
        fn at(src: &str) -> Option<&str> {
            analyse(&mapped(src)).unwrap().append_at.map(|a| &src[..a])
        }
        assert_eq!(at("apt-get install x"), Some("apt-get install x"));
        assert_eq!(at("apt-get install x # note"), Some("apt-get install x"));
        assert_eq!(at("a && b; # note"), Some("a && b"));
        assert_eq!(at("a;"), Some("a"));
        assert_eq!(at("a &"), None);
        assert_eq!(at("a & # note"), None);
        assert_eq!(at("# only a comment"), None);
        assert!(analyse(&mapped("a # note")).unwrap().has_comment);
        assert!(!analyse(&mapped("a '#' b")).unwrap().has_comment);
    }
}
