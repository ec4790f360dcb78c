use super::bash_syntax_in_sh::{heredoc_shebang, shell_in_effect};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};
use shipshape_knowledge::shell::errexit_flag;

rule! {
    code: "DF090", name: "heredoc-without-errexit", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "A RUN heredoc of several commands without `set -e`",
    what: "Flags a `RUN <<EOF` script of two or more top-level commands when neither the script (`set -e`, `set -eux`, `set -o errexit`), its shebang (`#!/bin/sh -e`) nor the `SHELL` in effect (`-e`, `-eo pipefail`) stops at the first failure. `echo`, `printf`, `set`, `export`, assignments, `mkdir -p`, `rm -f`, tests, lists ending in `|| …`, background jobs and a package index update (`apt-get update`, whose failure the install after it reports) before the last command are not counted as commands that can fail; a script ending in `true` ignores failures on purpose.",
    why: "The heredoc runs as one script: only the last command's status decides whether the step fails. A failed download or install on an earlier line is ignored and the image is built anyway, broken.",
    example: "RUN <<EOF\ncurl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\ntar -xzf /tmp/tool.tgz -C /usr/local/bin\nrm -f /tmp/tool.tgz\nEOF",
    instead: "RUN <<EOF\nset -e\ncurl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\ntar -xzf /tmp/tool.tgz -C /usr/local/bin\nrm -f /tmp/tool.tgz\nEOF",
    fix_safety: "Unsafe: inserts `set -e` as the first line of the script (after a shebang); a script that relied on a failing line being ignored now stops there.",
    refs: "- https://docs.docker.com/reference/dockerfile/#here-documents\n- https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#set",
    spans: ["<<EOF"],
}

/// Whether the `SHELL` in effect at `idx` is a POSIX shell started with errexit (`-e`,
/// `-eo pipefail`, `-o errexit`), or not a POSIX shell at all: either way the `sh` rules of
/// errexit do not apply.
pub(crate) fn shell_stops_or_is_foreign(cx: &Ctx, idx: usize) -> bool {
    let Some(exec) = shell_in_effect(cx, idx).and_then(|s| s.exec.as_ref()) else {
        return false;
    };
    let posix = exec
        .first()
        .is_some_and(|p| matches!(p.text.rsplit('/').next(), Some("sh" | "bash" | "dash" | "ash")));
    !posix || exec.iter().skip(1).any(|w| errexit_flag(&w.text) || w.text == "errexit")
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        let [h] = ins.heredocs.as_slice() else { continue };
        if ins.args.value.trim() != h.marker.text(cx.src).trim() {
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
        } else if shell_stops_or_is_foreign(cx, i) {
            continue;
        }
        let Some(ignored) = script.swallowed_failure() else { continue };
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
            .label(ignored, "a failure here is ignored")
            .help("start the script with `set -e` (or `set -eux`)")
            .fix(Fix::unsafe_(
                "start the script with `set -e`",
                vec![Edit::insert(at.min(body.end), "set -e\n")],
            )),
        );
    }
}
