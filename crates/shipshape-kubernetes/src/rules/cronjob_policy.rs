use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};
use shipshape_yaml::patch;

rule! {
    code: "K8S045", name: "cronjob-policy", severity: Info, category: Reliability, default: false, fix: Unsafe,
    peers: ["kube-score:cronjob-has-deadline"], options: [],
    summary: "A CronJob may pile up runs or miss them silently",
    what: "Flags CronJobs without `concurrencyPolicy` (the default `Allow` runs overlapping jobs) or without `startingDeadlineSeconds`.",
    why: "A slow run overlapping the next doubles the load (and the damage, for jobs that are not idempotent); without a deadline, a controller outage of over 100 missed schedules stops the CronJob for good.",
    example: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: acme/report:1.2",
    instead: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 3 * * *\"\n  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 600\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: acme/report:1.2",
    fix_safety: "Unsafe: adds `concurrencyPolicy: Forbid` and `startingDeadlineSeconds: 600` where missing; a job that must overlap, or run late after a long outage, needs other values.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy",
    spans: ["CronJob"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The file's line break, looked for once (it scans the whole text).
    let nl = patch::newline(cx.src);
    for o in cx.of_kind(&["CronJob"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let missing: Vec<&str> = ["concurrencyPolicy", "startingDeadlineSeconds"]
            .into_iter()
            .filter(|k| spec.get(k).is_none())
            .collect();
        if !missing.is_empty() {
            // Both lines go right before `jobTemplate:`, at its indentation.
            let fix = spec
                .get_entry("jobTemplate")
                .filter(|(k, _)| patch::line_start(cx.src, k.span().start) + patch::column(cx.src, k.span().start) == k.span().start)
                .map(|(k, _)| {
                    let pad = " ".repeat(patch::column(cx.src, k.span().start));
                    let text: String = missing
                        .iter()
                        .map(|m| format!("{pad}{m}: {}{nl}", if *m == "concurrencyPolicy" { "Forbid" } else { "600" }))
                        .collect();
                    Fix::unsafe_(
                        "add `concurrencyPolicy: Forbid` and `startingDeadlineSeconds: 600`",
                        vec![Edit::insert(patch::line_start(cx.src, k.span().start), text)],
                    )
                });
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("CronJob `{}` sets no {}", o.name(), missing.join(" or ")),
                )
                .help("set `concurrencyPolicy: Forbid` (or Replace) and `startingDeadlineSeconds`")
                .maybe_fix(fix),
            );
        }
    }
}
