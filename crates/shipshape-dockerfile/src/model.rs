//! The Dockerfile document: parsed instructions plus stages, variables, shells and shell scripts.

use crate::expand::{expand, key_values};
use crate::parser::{Instruction, Keyword, Parsed, parse};
use crate::shell::{Script, analyse};
use crate::text::MappedText;
use shipshape_core::Span;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellKind {
    Posix,
    PowerShell,
    Cmd,
    Unknown,
}

pub use shipshape_knowledge::image::ImageRef;

#[derive(Clone, Debug)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM instruction.
    pub from: usize,
    /// One past the last instruction of the stage.
    pub end: usize,
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// The `AS` keyword, when present.
    pub as_span: Option<Span>,
    /// The image as written.
    pub image: String,
    pub image_span: Span,
    /// The image with build args expanded (`None` when a variable has no default).
    pub resolved: Option<String>,
    /// When the FROM names an earlier stage, its index.
    pub parent_stage: Option<usize>,
}

impl Stage {
    pub fn image_ref(&self) -> Option<ImageRef> {
        self.resolved.as_deref().map(ImageRef::parse)
    }

    pub fn is_scratch(&self) -> bool {
        self.resolved.as_deref() == Some("scratch")
    }
}

pub struct Dockerfile<'a> {
    pub src: &'a str,
    pub parsed: Parsed,
    pub stages: Vec<Stage>,
    /// Per instruction: the stage it belongs to (`None` before the first FROM).
    pub stage_of: Vec<Option<usize>>,
    pub shell_of: Vec<ShellKind>,
    /// Per instruction: the analysed shell script of RUN (and shell-form CMD/ENTRYPOINT/HEALTHCHECK).
    pub scripts: Vec<Option<Script>>,
    /// The JSON strings of the exec-form RUNs whose `sh -c` script is analysed: no fix may edit inside them.
    pub exec_scripts: Vec<Span>,
    /// `ARG`s declared before the first FROM, with defaults.
    pub global_args: HashMap<String, String>,
    /// Lowercase stage name → the stages with that name, in order.
    stage_index: HashMap<String, Vec<usize>>,
    /// Per stage: whether a later `FROM`, `COPY --from` or `RUN --mount=from=` uses it.
    referenced: Vec<bool>,
    /// Per stage: whether it is the final stage or one it is built `FROM`.
    in_final_image: Vec<bool>,
}

fn windows_image(image: &str) -> bool {
    let l = image.to_ascii_lowercase();
    l.contains("windows") || l.contains("nanoserver") || l.contains("servercore")
}

fn shell_kind(exec: &[crate::parser::Word]) -> ShellKind {
    let Some(first) = exec.first() else { return ShellKind::Unknown };
    let prog = first.text.rsplit(['/', '\\']).next().unwrap_or("").to_ascii_lowercase();
    let prog = prog.strip_suffix(".exe").unwrap_or(&prog);
    match prog {
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox" => ShellKind::Posix,
        "powershell" | "pwsh" => ShellKind::PowerShell,
        "cmd" => ShellKind::Cmd,
        _ => ShellKind::Unknown,
    }
}

/// The script of an exec form that runs a POSIX shell with `-c` (`["/bin/sh", "-c", "script"]`, `["bash", "-ec",
/// "script"]`): the span of the script's JSON string and its text mapped to the file. None when the string holds an
/// escape (the text would not map character for character).
fn exec_shell_script(src: &str, exec: &[crate::parser::Word]) -> Option<(Span, MappedText)> {
    let [prog, flag, script, ..] = exec else { return None };
    if !matches!(shell_kind(std::slice::from_ref(prog)), ShellKind::Posix) {
        return None;
    }
    // `-c` alone or in a cluster of flags without an argument (`-ec`, `-xc`); not `-o` (it takes one).
    let flags = flag.text.strip_prefix('-')?;
    if !flags.contains('c') || !flags.chars().all(|c| c.is_ascii_alphabetic() && c != 'o' && c != 'O') {
        return None;
    }
    if script.span.text(src) != format!("\"{}\"", script.text) {
        return None;
    }
    let mut t = MappedText::default();
    t.push(&script.text, script.span.start + 1);
    Some((script.span, t))
}

/// The script text of a shell-form instruction: its arguments, plus heredoc bodies when present.
/// A `RUN <<EOF` whose whole command is one heredoc is its body.
pub fn script_text(src: &str, ins: &Instruction) -> MappedText {
    let args = &ins.args;
    if let [h] = ins.heredocs.as_slice()
        && args.value.trim() == h.marker.text(src).trim()
    {
        let mut t = MappedText::default();
        t.push(h.body_span.text(src), h.body_span.start);
        return t;
    }
    let mut t = args.clone();
    if let Some(last) = ins.heredocs.last() {
        let tail_start = ins.args_span().end;
        let tail_end = last.body_span.end.max(tail_start).min(ins.span.end.max(tail_start));
        // Re-add the bodies and terminators as written, so the shell parser sees complete heredocs.
        let end = src[tail_end..].find('\n').map_or(src.len(), |n| tail_end + n);
        if let Some(tail) = src.get(tail_start..end.max(tail_start)) {
            t.push(tail, tail_start);
            t.push("\n", end.max(tail_start));
        }
    }
    t
}

impl<'a> Dockerfile<'a> {
    pub fn new(src: &'a str) -> Self {
        let parsed = parse(src);
        let n = parsed.instructions.len();
        let mut df = Dockerfile {
            src,
            parsed,
            stages: Vec::new(),
            stage_of: vec![None; n],
            shell_of: vec![ShellKind::Posix; n],
            scripts: vec![None; n],
            exec_scripts: Vec::new(),
            global_args: HashMap::new(),
            stage_index: HashMap::new(),
            referenced: Vec::new(),
            in_final_image: Vec::new(),
        };
        df.build_stages();
        df.index_stages();
        df.analyse_shells();
        df
    }

    /// The per-stage facts rules ask for instruction by instruction, computed once.
    fn index_stages(&mut self) {
        for s in &self.stages {
            if let Some(name) = &s.name {
                self.stage_index.entry(name.clone()).or_default().push(s.index);
            }
        }
        let mut referenced = vec![false; self.stages.len()];
        for s in &self.stages {
            if let Some(p) = s.parent_stage {
                referenced[p] = true;
            }
        }
        for ins in self.instructions() {
            let mounts = ins.flags.iter().filter(|f| f.name == "mount").filter_map(|f| f.value.as_deref());
            let froms = mounts.flat_map(|v| v.split(',').filter_map(|kv| kv.strip_prefix("from=")));
            for from in ins.flag_value("from").into_iter().chain(froms) {
                for s in self.stages_named(from) {
                    referenced[s] = true;
                }
            }
        }
        self.referenced = referenced;
        let mut in_final = vec![false; self.stages.len()];
        let mut cur = self.stages.len().checked_sub(1);
        while let Some(c) = cur.filter(|c| !in_final[*c]) {
            in_final[c] = true;
            cur = self.stages[c].parent_stage;
        }
        self.in_final_image = in_final;
    }

    /// The stages `reference` (a name, any case, or an index) names: every stage of that name and
    /// the stage of that index.
    fn stages_named(&self, reference: &str) -> Vec<usize> {
        let lower = reference.to_ascii_lowercase();
        let mut out = self.stage_index.get(&lower).cloned().unwrap_or_default();
        out.extend(
            lower
                .parse::<usize>()
                .ok()
                .filter(|i| *i < self.stages.len() && i.to_string() == lower),
        );
        out
    }

    fn build_stages(&mut self) {
        let mut current: Option<usize> = None;
        let mut stage_names: HashMap<String, usize> = HashMap::new();
        for (i, ins) in self.parsed.instructions.iter().enumerate() {
            if ins.keyword == Keyword::From {
                if let Some(c) = current {
                    self.stages[c].end = i;
                }
                let words = ins.words();
                let (image, image_span) = words.first().map_or((String::new(), ins.args_span()), |w| (w.text.clone(), w.span));
                let (name, name_span, as_span) = match words.as_slice() {
                    [_, as_kw, name] if as_kw.text.eq_ignore_ascii_case("as") => {
                        (Some(name.text.to_ascii_lowercase()), Some(name.span), Some(as_kw.span))
                    }
                    _ => (None, None, None),
                };
                let resolved = expand(&image, &self.global_args);
                let parent_stage = resolved.as_ref().and_then(|r| stage_names.get(&r.to_ascii_lowercase()).copied());
                let index = self.stages.len();
                if let Some(n) = &name {
                    stage_names.insert(n.clone(), index);
                }
                self.stages.push(Stage {
                    index,
                    from: i,
                    end: i + 1,
                    name,
                    name_span,
                    as_span,
                    image,
                    image_span,
                    resolved,
                    parent_stage,
                });
                current = Some(index);
            } else if current.is_none() && ins.keyword == Keyword::Arg {
                for (k, v, _) in key_values(&ins.words(), false) {
                    let v = v.and_then(|v| expand(&v, &self.global_args)).unwrap_or_default();
                    self.global_args.insert(k, v);
                }
            }
            self.stage_of[i] = current;
        }
        if let Some(c) = current {
            self.stages[c].end = self.parsed.instructions.len();
        }
    }

    fn analyse_shells(&mut self) {
        for stage in &self.stages {
            let inherited = stage.parent_stage.map(|p| self.shell_of[self.stages[p].end.saturating_sub(1)]);
            let mut shell = inherited.unwrap_or(if windows_image(stage.resolved.as_deref().unwrap_or(&stage.image)) {
                ShellKind::Cmd
            } else {
                ShellKind::Posix
            });
            for i in stage.from..stage.end {
                let ins = &self.parsed.instructions[i];
                if ins.keyword == Keyword::Shell
                    && let Some(exec) = &ins.exec
                {
                    shell = shell_kind(exec);
                }
                self.shell_of[i] = shell;
            }
        }
        for (i, ins) in self.parsed.instructions.iter().enumerate() {
            // An exec-form RUN that runs a POSIX shell with `-c` (`RUN ["/bin/sh", "-c", "apt-get install …"]`) is
            // what Docker runs for the shell form: its script is analysed, mapped to the JSON string (only when the
            // string has no escapes, so every character maps to the file). Its fixes are dropped (`exec_scripts`):
            // an inserted quote, backslash or newline would break the JSON. SHELL does not apply to it; the rules
            // that reason about SHELL or the base's `/bin/sh` (DF054, DF089) skip exec forms.
            // The string of a shell-form `sh -c "…"`/`bash -c '…'` is not analysed as a script (see `shell::command`),
            // on purpose: `set -e`, `cd` and exported variables do not cross into it, and fixes inside a quoted
            // string break its quoting. Until rules are reviewed for inner commands, the inner script is silent
            // rather than misjudged. Other exec forms are not shell scripts.
            if let Some(exec) = &ins.exec {
                if ins.keyword == Keyword::Run
                    && let Some((word, text)) = exec_shell_script(self.src, exec)
                {
                    self.exec_scripts.push(word);
                    self.scripts[i] = analyse(&text);
                }
                continue;
            }
            if self.shell_of[i] != ShellKind::Posix {
                continue;
            }
            let text = match ins.keyword {
                Keyword::Run | Keyword::Cmd | Keyword::Entrypoint => script_text(self.src, ins),
                Keyword::Healthcheck => {
                    let v = &ins.args.value;
                    let lead = v.len() - v.trim_start().len();
                    if !v[lead..].get(..3).is_some_and(|k| k.eq_ignore_ascii_case("CMD")) {
                        continue;
                    }
                    let inner = ins.args.slice(lead + 3, v.len());
                    if inner.value.trim_start().starts_with('[') {
                        continue;
                    }
                    inner
                }
                _ => continue,
            };
            self.scripts[i] = analyse(&text);
        }
    }

    pub fn instructions(&self) -> &[Instruction] {
        &self.parsed.instructions
    }

    /// The analysed script of instruction `i`, unless the shell parser found errors.
    pub fn script(&self, i: usize) -> Option<&Script> {
        self.scripts.get(i)?.as_ref().filter(|s| !s.has_error)
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn stage_instructions(&self, stage: &Stage) -> impl Iterator<Item = (usize, &Instruction)> {
        (stage.from..stage.end).map(move |i| (i, &self.parsed.instructions[i]))
    }

    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        let lower = name.to_ascii_lowercase();
        self.first_stage_named(&lower)
            .or_else(|| lower.parse::<usize>().ok().and_then(|i| self.stages.get(i)))
    }

    /// The first stage named `name` (lowercase), if any.
    pub fn first_stage_named(&self, name: &str) -> Option<&Stage> {
        self.stage_index.get(name).and_then(|v| v.first()).map(|&i| &self.stages[i])
    }

    /// Whether instruction `idx` is in a stage that ends up in the built image: the final stage or
    /// one it is built `FROM`.
    pub fn reaches_final_image(&self, idx: usize) -> bool {
        self.stage_of.get(idx).copied().flatten().is_some_and(|s| self.in_final_image[s])
    }

    /// Variables (global ARGs re-declared in the stage, stage ARGs and ENVs) visible at instruction
    /// `idx`. For many instructions in order, use [`Dockerfile::var_cursor`]: this walks the stage.
    pub fn vars_at(&self, idx: usize) -> HashMap<String, String> {
        let mut cursor = self.var_cursor();
        cursor.at(idx);
        cursor.vars
    }

    /// A cursor giving the variables visible at instructions asked for in increasing order, each
    /// instruction applied once: a rule's pass over a stage is linear, not quadratic.
    pub fn var_cursor(&self) -> VarCursor<'_, 'a> {
        VarCursor {
            df: self,
            stage: None,
            next: 0,
            vars: HashMap::new(),
            changes: 0,
        }
    }
    /// A stage followed by the stages it is built `FROM`, nearest first.
    pub fn stage_chain<'s>(&'s self, stage: &'s Stage) -> Vec<&'s Stage> {
        let mut chain = vec![stage];
        while let Some(p) = chain.last().and_then(|s| s.parent_stage) {
            if chain.len() > self.stages.len() {
                break;
            }
            chain.push(&self.stages[p]);
        }
        chain
    }

    /// The last `USER` in effect at the end of a stage (following parent stages).
    pub fn stage_user(&self, stage: &Stage) -> Option<(usize, String)> {
        let own = self
            .stage_instructions(stage)
            .filter(|(_, i)| i.keyword == Keyword::User)
            .last()
            .map(|(i, ins)| (i, ins.args.value.trim().to_owned()));
        own.or_else(|| stage.parent_stage.and_then(|p| self.stage_user(&self.stages[p])))
    }

    /// Whether a stage is used by a later stage: `FROM <name>`, `COPY --from=<name|index>` or `RUN --mount=from=<name>`.
    pub fn is_stage_referenced(&self, stage: &Stage) -> bool {
        self.referenced.get(stage.index).copied().unwrap_or(false)
    }
}

/// Variables in scope, walking forward through the instructions (see [`Dockerfile::var_cursor`]).
pub struct VarCursor<'d, 'a> {
    df: &'d Dockerfile<'a>,
    /// The stage `vars` belongs to.
    stage: Option<usize>,
    /// The next instruction to apply.
    next: usize,
    vars: HashMap<String, String>,
    changes: usize,
}

impl VarCursor<'_, '_> {
    /// The variables visible at instruction `idx` (set by the instructions before it in its stage).
    /// Asking for an earlier instruction, or another stage, starts over from that stage's start.
    pub fn at(&mut self, idx: usize) -> &HashMap<String, String> {
        let df = self.df;
        let stage = df.stage_of.get(idx).copied().flatten();
        if stage != self.stage || idx < self.next || self.next == 0 {
            self.stage = stage;
            self.changes += 1;
            match stage.map(|s| &df.stages[s]) {
                None => {
                    self.vars = df.global_args.clone();
                    self.next = usize::MAX;
                    return &self.vars;
                }
                Some(s) => {
                    self.vars = HashMap::new();
                    self.next = s.from + 1;
                }
            }
        }
        let end = stage.map_or(idx, |s| idx.min(df.stages[s].end));
        while self.next < end {
            self.apply(&df.parsed.instructions[self.next]);
            self.next += 1;
        }
        &self.vars
    }

    /// A number that changes whenever the variables may have: callers can cache what they derive.
    pub fn version(&self) -> usize {
        self.changes
    }

    fn apply(&mut self, ins: &Instruction) {
        let env = match ins.keyword {
            Keyword::Arg => false,
            Keyword::Env => true,
            _ => return,
        };
        for (k, v, _) in key_values(&ins.words(), env) {
            let val = if env {
                v
            } else {
                v.or_else(|| self.df.global_args.get(&k).cloned())
            };
            if let Some(val) = val.and_then(|v| expand(&v, &self.vars)) {
                self.vars.insert(k, val);
                self.changes += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_args() {
        let src = "ARG BASE=python:3.12\nFROM ${BASE} AS build\nRUN echo\nFROM build\nUSER app\n";
        let df = Dockerfile::new(src);
        assert_eq!(df.stages.len(), 2);
        assert_eq!(df.stages[0].resolved.as_deref(), Some("python:3.12"));
        assert_eq!(df.stages[1].parent_stage, Some(0));
        assert!(df.is_stage_referenced(&df.stages[0]));
        assert_eq!(df.stage_user(&df.stages[1]).map(|u| u.1).as_deref(), Some("app"));
    }

    #[test]
    fn heredoc_script_is_analysed() {
        let src = "FROM alpine\nRUN <<EOF\napk add curl\nEOF\n";
        let df = Dockerfile::new(src);
        let s = df.script(1).unwrap();
        assert_eq!(s.commands[0].name, "apk");
        assert_eq!(s.commands[0].name_span.text(src), "apk");
    }

    #[test]
    fn powershell_is_not_analysed() {
        let src = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Invoke-WebRequest x | Out-Null\n";
        let df = Dockerfile::new(src);
        assert_eq!(df.shell_of[2], ShellKind::PowerShell);
        assert!(df.script(2).is_none());
    }

    #[test]
    fn var_cursor_matches_a_fresh_walk_in_any_order() {
        let src = "ARG V=1\nARG G=g\nFROM a AS one\nARG G\nENV A=$G-x\nRUN x\nENV B=${A}y A=z\nRUN y\nFROM b\nENV C=c\nRUN z\n";
        let df = Dockerfile::new(src);
        let fresh = |idx: usize| -> Vec<(String, String)> {
            let mut v: Vec<_> = df.vars_at(idx).into_iter().collect();
            v.sort();
            v
        };
        let pairs = |kv: &[(&str, &str)]| -> Vec<(String, String)> { kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
        assert_eq!(fresh(0), pairs(&[("G", "g"), ("V", "1")]), "before FROM: the global ARGs");
        assert_eq!(fresh(5), pairs(&[("A", "g-x"), ("G", "g")]));
        assert_eq!(fresh(7), pairs(&[("A", "z"), ("B", "g-xy"), ("G", "g")]));
        assert_eq!(fresh(10), pairs(&[("C", "c")]), "a new stage starts empty");
        let mut cursor = df.var_cursor();
        for order in [vec![0, 3, 4, 5, 6, 7, 8, 9, 10], vec![10, 7, 5, 0, 7, 7, 4]] {
            for idx in order {
                let mut got: Vec<_> = cursor.at(idx).clone().into_iter().collect();
                got.sort();
                assert_eq!(got, fresh(idx), "at {idx}");
            }
        }
    }

    #[test]
    fn stage_facts_are_indexed_once() {
        let src = "FROM a AS base\nFROM base AS build\nFROM a AS tool\nFROM a AS Tool\nFROM a AS cache\nFROM a AS unused\nFROM a\nCOPY --from=TOOL /x /x\nCOPY --from=1 /y /y\nRUN --mount=type=cache,from=cache,target=/c true\n";
        let df = Dockerfile::new(src);
        let referenced: Vec<bool> = df.stages.iter().map(|s| df.is_stage_referenced(s)).collect();
        // base (FROM base), build (index 1), both `tool`s (by name, any case), cache (mount); not `unused` nor the last.
        assert_eq!(referenced, [true, true, true, true, true, false, false]);
        assert_eq!(df.stage_by_name("tool").map(|s| s.index), Some(2), "the first of a name");
        assert_eq!(df.stage_by_name("4").map(|s| s.index), Some(4));
        assert!(df.stage_by_name("nope").is_none());
        let chained = Dockerfile::new("FROM a AS one\nRUN x\nFROM one AS two\nRUN y\nFROM b AS other\nRUN z\nFROM two\nRUN w\n");
        let reaches: Vec<bool> = (0..chained.instructions().len()).map(|i| chained.reaches_final_image(i)).collect();
        assert_eq!(reaches, [true, true, true, true, false, false, true, true]);
    }
}
