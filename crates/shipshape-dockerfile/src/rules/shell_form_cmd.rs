use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF024", name: "shell-form-cmd", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: ["hadolint:DL3025", "buildkit:JSONArgsRecommended"], options: [],
    summary: "Use JSON (exec) form for CMD and ENTRYPOINT",
    what: "Flags shell-form `CMD` and `ENTRYPOINT`. With several commands (`a && b`, a pipe) the shell stays PID 1 and the process gets no signals: a warning. A single command is exec'd by dash, BusyBox ash and bash, and so is the last command of an `a && b` or `a; b` list under BusyBox ash (Alpine's `/bin/sh`), so signals reach it: info (shown when the rule is named).",
    why: "Shell form runs the process under `/bin/sh -c`: with more than one command the shell is PID 1, the process never receives SIGTERM, and `docker stop` waits out its timeout and kills it.",
    example: "CMD uvicorn app.main:app --host 0.0.0.0",
    instead: "CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]",
    fix_safety: "Unsafe: the exec form does no variable expansion or shell parsing; offered only when the command is plain words.",
    refs: "- https://docs.docker.com/reference/dockerfile/#shell-and-exec-form",
    spans: ["CMD uvicorn app.main:app --host 0.0.0.0"],
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins) in cx.instructions().iter().enumerate() {
        if !matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) || ins.exec.is_some() || ins.args.value.trim().is_empty() {
            continue;
        }
        if cx.df.shell_of[i] != crate::model::ShellKind::Posix {
            continue;
        }
        let mut d = Diagnostic::new(
            meta(),
            ins.span.cover(ins.keyword_span),
            format!("shell-form {}: the process does not receive signals", ins.keyword.as_str()),
        )
        .help("use the JSON form, e.g. `CMD [\"executable\", \"arg\"]`");
        d.span = ins.keyword_span.cover(ins.args_span());
        // A `# comment` would become arguments of the exec form.
        let plain = cx
            .df
            .script(i)
            .is_some_and(|s| s.commands.len() == 1 && s.pipelines.is_empty() && !s.has_comment)
            && !ins
                .args
                .value
                .contains(['$', '`', '|', '&', ';', '>', '<', '*', '(', ')', '\\', '~']);
        // dash, BusyBox ash and bash exec a `-c` string's single simple command: that process is
        // PID 1 and gets SIGTERM (hatchet's load-test image, judged wrong 2026-12-05). What is
        // left is the JSON form's explicitness: info.
        // Characters inside quotes are arguments (`php -r 'sleep(PHP_INT_MAX);'`: engelsystem's dev
        // workspace, judged wrong, the sixty-eighth sample).
        let single = cx.df.script(i).is_some_and(|s| s.commands.len() == 1 && s.pipelines.is_empty())
            && !outside_quotes(&ins.args.value).contains(['|', '&', ';', '`', '(', ')']);
        // A script whose last statement is `exec program …` hands PID 1 to that program, which gets
        // the signals (jauderho's tftpd image, judged wrong, the twenty-ninth sample).
        let ends_in_exec = cx
            .df
            .script(i)
            .is_some_and(|s| s.statements.last().is_some_and(|(_, name)| name.as_deref() == Some("exec")));
        if ends_in_exec || (ins.keyword == Keyword::Cmd && init_entrypoint(cx, i)) {
            continue;
        }
        // BusyBox ash (Alpine's `/bin/sh`) also execs the last command of an `a && b` or `a; b`
        // list run by `-c`, so that command gets the signals (DFE's Rails image on
        // ruby:…-alpine, judged wrong, the fifty-fourth sample); dash forks it, and keeps PID 1.
        let ash_execs_last = !single
            && crate::rules::bash_syntax_in_sh::shell_in_effect(cx, i).is_none()
            && crate::rules::bash_syntax_in_sh::bin_sh(cx, i) == Some(crate::rules::bash_syntax_in_sh::BinSh::Ash)
            && cx.df.script(i).is_some_and(|s| s.pipelines.is_empty())
            && last_of_list_is_simple(&ins.args.value);
        if ash_execs_last {
            d.message = format!(
                "shell-form {}: BusyBox ash (Alpine's `/bin/sh`) replaces itself with the list's last command, which gets the signals; the JSON form (with `exec` in a script) does not depend on the base image's shell",
                ins.keyword.as_str()
            );
            d = d.severity(shipshape_core::Severity::Info);
        } else if single {
            d.message = format!(
                "shell-form {}: it runs as `/bin/sh -c`, which common shells replace with the one command; the JSON form says so",
                ins.keyword.as_str()
            );
            d = d.severity(shipshape_core::Severity::Info);
        }
        if plain {
            let words: Vec<String> = ins.words().into_iter().map(|w| json_str(&w.text)).collect();
            d = d.fix(Fix::unsafe_(
                "convert to exec form",
                vec![Edit::replace(ins.args_span(), format!("[{}]", words.join(", ")))],
            ));
        }
        out.push(d);
    }
}

/// `text` without what single or double quotes hold (a backslash escapes the next character).
fn outside_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => {
                chars.next();
            }
            (None, c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether the stage's exec-form `ENTRYPOINT` before instruction `at` starts a signal-forwarding
/// init (`dumb-init`, `tini`, `catatonit`, `s6`'s `/init`): it is PID 1 and hands signals to a
/// shell-form `CMD`'s whole process group (langfuse's web image, judged wrong, the thirty-first
/// sample).
fn init_entrypoint(cx: &Ctx, at: usize) -> bool {
    let instructions = cx.instructions();
    let stage_start = instructions[..at].iter().rposition(|i| i.keyword == Keyword::From).unwrap_or(0);
    instructions[stage_start..at]
        .iter()
        .rev()
        .find(|i| i.keyword == Keyword::Entrypoint)
        .and_then(|i| i.exec.as_ref().and_then(|words| words.first()))
        .is_some_and(|w| {
            let program = w.text.rsplit('/').next().unwrap_or("");
            matches!(program, "dumb-init" | "tini" | "tini-static" | "catatonit" | "init" | "s6-svscan")
        })
}

/// Whether a `-c` string is a plain list (`a && b`, `a || b`, `a; b`) whose last element is a simple
/// command: no pipe, background job, subshell, group, substitution or compound command.
fn last_of_list_is_simple(script: &str) -> bool {
    let bare = script.replace("&&", ";").replace("||", ";");
    if bare.contains(['|', '&', '`', '(', ')', '{', '}']) || bare.contains("$(") {
        return false;
    }
    let last = bare.split([';', '\n']).map(str::trim).rfind(|s| !s.is_empty()).unwrap_or("");
    let first = last.split_whitespace().next().unwrap_or("");
    !first.is_empty()
        && !matches!(
            first,
            "if" | "then" | "else" | "elif" | "fi" | "do" | "done" | "while" | "until" | "for" | "case" | "esac" | "!"
        )
}
