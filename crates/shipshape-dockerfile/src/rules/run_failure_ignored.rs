use super::heredoc_without_errexit::shell_stops_or_is_foreign;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF091", name: "run-failure-ignored", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "A RUN's commands are joined with `;`: only the last one's failure fails the build",
    what: "Flags a shell-form RUN of two or more top-level commands (joined with `;`) when one before the last can fail and neither the script (`set -e`, `set -eux`, `set -o errexit`) nor the `SHELL` in effect (`-e`, `-eo pipefail`) stops at the first failure. `echo`, `printf`, `set`, `export`, assignments, `mkdir -p`, `rm -f`, tests, lists ending in `|| …`, background jobs and a package index update (`apt-get update`) are not counted as commands that can fail, and a RUN ending in `true` ignores failures on purpose. RUN heredocs are DF090's.",
    why: "Docker runs the RUN as `/bin/sh -c \"a; b\"`, whose status is `b`'s alone. When `a` fails (a `cd` into a missing directory, a failed download or install) the build goes on and ships a broken image; `&&` or `set -e` stops it at the first failure.",
    example: "FROM debian:bookworm-slim\nRUN apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*",
    instead: "FROM debian:bookworm-slim\nRUN set -e; apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*",
    fix_safety: "Unsafe: starts the script with `set -e; `; a RUN that relied on a failing command being ignored now stops there.",
    refs: "- https://docs.docker.com/reference/dockerfile/#shell-form\n- https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#set",
    spans: ["apt-get install -y --no-install-recommends curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        if ins.exec.is_some() || !ins.heredocs.is_empty() || shell_stops_or_is_foreign(cx, i) {
            continue;
        }
        let Some(ignored) = script.swallowed_failure() else { continue };
        let Some(&(first, _)) = script.statements.first() else { continue };
        out.push(
            Diagnostic::new(
                meta(),
                ignored,
                "this command's failure is ignored: only the last command of the RUN decides whether the build fails",
            )
            .help("join the commands with `&&`, or start the RUN with `set -e;`")
            .fix(Fix::unsafe_(
                "start the RUN with `set -e; `",
                vec![Edit::insert(first.start, "set -e; ")],
            )),
        );
    }
}
