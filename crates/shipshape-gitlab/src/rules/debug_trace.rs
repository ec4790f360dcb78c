use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL021", name: "debug-trace", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "`CI_DEBUG_TRACE` or `CI_DEBUG_SERVICES` is committed on",
    what: "Flags `CI_DEBUG_TRACE: \"true\"` and `CI_DEBUG_SERVICES: \"true\"` in `variables:`.",
    why: "`CI_DEBUG_TRACE` prints every command with its expanded variables, masked secrets included in some cases, into job logs that everyone with access to the project can read; `CI_DEBUG_SERVICES` streams the service containers' own logs into the job log, where a secret a service prints is not masked.",
    example: "variables:\n  CI_DEBUG_TRACE: \"true\"\ntest:\n  script: make test",
    instead: "test:\n  script: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/variables/variables_troubleshooting/#enable-debug-logging",
    spans: ["CI_DEBUG_TRACE"],
}

fn vars(node: NodeRef<'_>) -> Vec<(NodeRef<'_>, NodeRef<'_>)> {
    node.get("variables").map(|v| v.entries()).unwrap_or_default()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut all = vars(cx.root);
    for (_, _, job) in cx.jobs() {
        all.extend(vars(job));
    }
    for (k, v) in all {
        let Some(name) = k.as_str() else { continue };
        if !matches!(name, "CI_DEBUG_TRACE" | "CI_DEBUG_SERVICES") {
            continue;
        }
        let value = if v.is_map() { v.get("value") } else { Some(v) };
        if value
            .and_then(|v| v.as_text())
            .is_some_and(|t| t.eq_ignore_ascii_case("true") || t == "1")
        {
            // `CI_DEBUG_SERVICES` does not trace the script: it adds the services' logs (judged
            // wrong under the trace's message, gitlab-shell, the sixtieth sample).
            let what = if name == "CI_DEBUG_TRACE" {
                "prints every command with its expanded variables into the job log"
            } else {
                "streams the service containers' logs, unmasked, into the job log"
            };
            out.push(
                Diagnostic::new(meta(), k.span(), format!("`{name}` {what}"))
                    .help("remove it; enable it for one run from the UI when debugging"),
            );
        }
    }
}
