use super::bash_syntax_in_sh::{heredoc_shebang, shell_in_effect};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF090", name: "heredoc-without-errexit", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "A RUN heredoc of several commands without `set -e`",
    what: "Flags a `RUN <<EOF` script of two or more top-level commands when neither the script (`set -e`, `set -eux`, `set -o errexit`), its shebang (`#!/bin/sh -e`) nor the `SHELL` in effect (`-e`, `-eo pipefail`) stops at the first failure. `echo`, `printf`, `set`, `export` and assignments before the last command are not counted as commands that can fail.",
    why: "The heredoc runs as one script: only the last command's status decides whether the step fails. A failed download or install on an earlier line is ignored and the image is built anyway, broken.",
    example: "RUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl\nEOF",
    instead: "RUN <<EOF\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\nEOF",
    fix_safety: "Unsafe: inserts `set -e` as the first line of the script (after a shebang); a script that relied on a failing line being ignored now stops there.",
    refs: "- https://docs.docker.com/reference/dockerfile/#here-documents\n- https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#set",
    spans: ["<<EOF"],
}

/// Commands that do not fail in practice: their position before the last one does not matter.
const HARMLESS: &[&str] = &[
    "=", "echo", "printf", "set", "export", "true", ":", "unset", "umask", "shopt", "trap",
];

fn errexit_flag(arg: &str) -> bool {
    arg.starts_with('-') && !arg.starts_with("--") && arg[1..].contains('e')
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        let [h] = ins.heredocs.as_slice() else { continue };
        if ins.args.value.trim() != h.marker.text(cx.src).trim() || script.statements.len() < 2 {
            continue;
        }
        let shebang = heredoc_shebang(cx, ins);
        if let Some(sb) = shebang {
            let known = ["sh", "bash", "dash", "ash"]
                .iter()
                .any(|s| sb.split_whitespace().any(|w| w.ends_with(&format!("/{s}")) || w == *s));
            if !known || sb.split_whitespace().skip(1).any(errexit_flag) {
                continue;
            }
        } else if shell_in_effect(cx, i)
            .and_then(|s| s.exec.as_ref())
            .is_some_and(|e| e.iter().skip(1).any(|w| errexit_flag(&w.text) || w.text == "errexit"))
        {
            continue;
        }
        let sets_e = script
            .commands
            .iter()
            .any(|c| c.name == "set" && c.args.iter().any(|a| errexit_flag(&a.text) || a.text == "errexit"));
        if sets_e {
            continue;
        }
        let (_, before_last) = script.statements.split_last().unwrap_or((&script.statements[0], &[]));
        let failable = before_last
            .iter()
            .filter(|(_, name)| !name.as_deref().is_some_and(|n| HARMLESS.contains(&n)))
            .count();
        if failable == 0 {
            continue;
        }
        let body = h.body_span;
        let at = match shebang {
            Some(sb) => body.start + sb.len() + 1,
            None => body.start,
        };
        out.push(
            Diagnostic::new(
                meta(),
                h.marker,
                "only the last command of this heredoc decides whether the step fails",
            )
            .label(script.statements[0].0, "a failure here is ignored")
            .help("start the script with `set -e` (or `set -eux`)")
            .fix(Fix::unsafe_(
                "start the script with `set -e`",
                vec![Edit::insert(at.min(body.end), "set -e\n")],
            )),
        );
    }
}
