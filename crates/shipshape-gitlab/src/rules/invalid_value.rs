use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL019", name: "invalid-value", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A `when`, `retry`, `parallel` or `allow_failure` value GitLab does not accept",
    what: "Checks `when:` (jobs and rules: `on_success`, `on_failure`, `always`, `manual`, `delayed`, `never`; `delayed` needs `start_in`), `retry:` (0 to 2, or `max:` 0 to 2 and known `when:` reasons), `parallel:` (1 to 200, or `matrix:`).",
    why: "GitLab rejects the pipeline when it is created.",
    example: "flaky:\n  script: make e2e\n  retry: 5",
    instead: "flaky:\n  script: make e2e\n  retry: 2",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#when\n- https://docs.gitlab.com/ci/yaml/#retry\n- https://docs.gitlab.com/ci/yaml/#parallel",
    spans: ["5"],
}

const WHEN: &[&str] = &["on_success", "on_failure", "always", "manual", "delayed", "never"];
const RETRY_WHEN: &[&str] = &[
    "always",
    "unknown_failure",
    "script_failure",
    "api_failure",
    "stuck_or_timeout_failure",
    "runner_system_failure",
    "runner_unsupported",
    "stale_schedule",
    "job_execution_timeout",
    "archived_failure",
    "unmet_prerequisites",
    "scheduler_failure",
    "data_integrity_failure",
];

fn check_when(holder: NodeRef, out: &mut Vec<Diagnostic>) {
    let Some(w) = holder.get("when") else { return };
    let Some(v) = w.as_str() else { return };
    if !WHEN.contains(&v) {
        out.push(
            Diagnostic::new(meta(), w.span(), format!("`when: {v}` is not a valid value")).help(format!("use one of: {}", WHEN.join(", "))),
        );
    } else if v == "delayed" && holder.get("start_in").is_none() {
        out.push(Diagnostic::new(meta(), w.span(), "`when: delayed` needs `start_in:`"));
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, job) in cx.jobs() {
        check_when(job, out);
        for r in job.get("rules").map(|r| r.items()).unwrap_or_default() {
            check_when(r, out);
        }
        if let Some(retry) = job.get("retry") {
            let max = if retry.is_map() { retry.get("max") } else { Some(retry) };
            if let Some(m) = max
                && let Some(n) = m.as_f64()
                && !(0.0..=2.0).contains(&n)
            {
                out.push(Diagnostic::new(meta(), m.span(), format!("`retry` is at most 2, not {n}")));
            }
            for w in retry.get("when").map(|w| w.scalar_or_items()).unwrap_or_default() {
                if let Some(v) = w.as_str()
                    && !RETRY_WHEN.contains(&v)
                {
                    out.push(Diagnostic::new(meta(), w.span(), format!("`{v}` is not a retry reason")));
                }
            }
        }
        if let Some(p) = job.get("parallel")
            && let Some(n) = p.as_f64()
            && !(1.0..=200.0).contains(&n)
        {
            out.push(Diagnostic::new(
                meta(),
                p.span(),
                format!("`parallel` must be between 1 and 200, not {n}"),
            ));
        }
    }
}
