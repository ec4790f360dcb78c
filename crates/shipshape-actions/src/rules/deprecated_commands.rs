use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "GHA008", name: "deprecated-workflow-commands", severity: Error, category: Correctness, default: true, fix: Unsafe,
    peers: ["actionlint:deprecated-commands"], options: [],
    summary: "`::set-env` and `::add-path` are disabled; `::set-output` and `::save-state` are deprecated",
    what: "Flags the stdout workflow commands in `run:` scripts: `::set-env` and `::add-path` as errors (GitHub disabled them, the step fails), `::set-output` and `::save-state` as warnings (they still work, with a deprecation warning in the log).",
    why: "`set-env` and `add-path` were disabled for injection risks; `set-output` and `save-state` are deprecated and may stop working at any time.",
    example: "on: push\njobs:\n  v:\n    runs-on: ubuntu-latest\n    steps:\n      - id: v\n        run: echo \"::set-output name=version::1.2.3\"",
    instead: "on: push\njobs:\n  v:\n    runs-on: ubuntu-latest\n    steps:\n      - id: v\n        run: echo \"version=1.2.3\" >> \"$GITHUB_OUTPUT\"",
    fix_safety: "Unsafe: a line that is exactly `echo \"::set-output name=X::V\"` (or `save-state`, `set-env`, `add-path`) becomes `echo \"X=V\" >> \"$GITHUB_OUTPUT\"` (or `GITHUB_STATE`, `GITHUB_ENV`, `GITHUB_PATH`). The old commands decoded `%0A`-style escapes, the files do not: multi-line values need a heredoc delimiter.",
    refs: "- https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/",
    spans: ["::set-output"],
}

/// `echo "::set-output name=X::V"` → `echo "X=V" >> "$GITHUB_OUTPUT"`, for a line that is exactly that.
fn rewrite(line: &str) -> Option<String> {
    let body = line.trim().strip_prefix("echo ")?.trim();
    let (q, inner) = match body.chars().next()? {
        c @ ('"' | '\'') => (c.to_string(), body.strip_prefix(c)?.strip_suffix(c)?),
        _ => (String::new(), body),
    };
    if inner.contains(['"', '\'', '`']) || (q.is_empty() && inner.contains(char::is_whitespace)) {
        return None;
    }
    let (file, text) = if let Some(rest) = inner.strip_prefix("::set-output name=") {
        let (name, value) = rest.split_once("::")?;
        ("GITHUB_OUTPUT", format!("{name}={value}"))
    } else if let Some(rest) = inner.strip_prefix("::save-state name=") {
        let (name, value) = rest.split_once("::")?;
        ("GITHUB_STATE", format!("{name}={value}"))
    } else if let Some(rest) = inner.strip_prefix("::set-env name=") {
        let (name, value) = rest.split_once("::")?;
        ("GITHUB_ENV", format!("{name}={value}"))
    } else {
        ("GITHUB_PATH", inner.strip_prefix("::add-path::")?.to_owned())
    };
    let q = if q.is_empty() { "\"".to_owned() } else { q };
    Some(format!("echo {q}{text}{q} >> \"${file}\""))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(text) = run.as_str() else { continue };
        // `set-env` and `add-path` are disabled (the step fails): an error. `set-output` and
        // `save-state` still work with a deprecation warning in the log: a warning.
        for (cmd, instead, disabled) in [
            ("::set-output", "append `name=value` to \"$GITHUB_OUTPUT\"", false),
            ("::save-state", "append `name=value` to \"$GITHUB_STATE\"", false),
            ("::set-env", "append `NAME=value` to \"$GITHUB_ENV\"", true),
            ("::add-path", "append the directory to \"$GITHUB_PATH\"", true),
        ] {
            for (n, (at, _)) in text.match_indices(cmd).enumerate() {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line = text[line_start..].lines().next().unwrap_or_default();
                // In a shell comment the command is only named (scrutiny's release workflow,
                // judged wrong, the thirty-third sample).
                let before = &text[line_start..at];
                if before.trim_start().starts_with('#') || before.contains(" #") {
                    continue;
                }
                let fix = rewrite(line).and_then(|new| {
                    let span = run.find_in_source(cx.src, line.trim(), 0)?;
                    Some(Fix::unsafe_(format!("write `{new}`"), vec![Edit::replace(span, new)]))
                });
                // `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` turns the disabled commands back on: they
                // run then (the risk stays), so the step does not fail.
                let d = if disabled && cx.src.contains("ACTIONS_ALLOW_UNSECURE_COMMANDS") {
                    Diagnostic::new(
                        meta(),
                        cx.span_in(run, cmd, n),
                        format!("`{cmd}` runs only because `ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables it"),
                    )
                    .severity(shipshape_core::Severity::Warning)
                } else if disabled {
                    Diagnostic::new(meta(), cx.span_in(run, cmd, n), format!("`{cmd}` is disabled: the step fails"))
                } else {
                    Diagnostic::new(
                        meta(),
                        cx.span_in(run, cmd, n),
                        format!("`{cmd}` is deprecated and may stop working at any time"),
                    )
                    .severity(shipshape_core::Severity::Warning)
                };
                out.push(d.help(instead).maybe_fix(fix));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use shipshape_core::Severity;
    use shipshape_core::classify::FileKind;
    use shipshape_core::engine::FixMode;
    use shipshape_core::testkit::{File, check};

    /// excalidraw's `echo ::set-output` (judged wrong as an error, 2026-12-05): it still works, with a
    /// deprecation warning; `set-env` and `add-path` are disabled and fail the step.
    #[test]
    fn set_output_is_deprecated_set_env_is_disabled() {
        let at = |cmd: &str| {
            let src = format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: v\n        run: echo {cmd}\n");
            let file = File::new(FileKind::GithubWorkflow, ".github/workflows/ci.yml");
            let r = check(&crate::ActionsChecker::default(), file, &src, &["GHA008"], FixMode::Off);
            r.findings.iter().map(|f| f.diagnostic.severity).collect::<Vec<_>>()
        };
        assert_eq!(at("::set-output name=body::hello"), [Severity::Warning]);
        assert_eq!(at("::save-state name=a::b"), [Severity::Warning]);
        assert_eq!(at("::set-env name=A::b"), [Severity::Error]);
        assert_eq!(at("::add-path::/opt/bin"), [Severity::Error]);
    }
}
