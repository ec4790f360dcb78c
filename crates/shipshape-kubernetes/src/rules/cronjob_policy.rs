use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S045", name: "cronjob-policy", severity: Info, category: Reliability, default: true, fix: None,
    peers: ["kube-score:cronjob-has-deadline"], options: [],
    summary: "A CronJob may pile up runs or miss them silently",
    what: "Flags CronJobs without `concurrencyPolicy` (the default `Allow` runs overlapping jobs) or without `startingDeadlineSeconds`.",
    why: "A slow run overlapping the next doubles the load (and the damage, for jobs that are not idempotent); without a deadline, a controller outage of over 100 missed schedules stops the CronJob for good.",
    example: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: acme/report:1.2",
    instead: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 3 * * *\"\n  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 600\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: acme/report:1.2",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["CronJob"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let missing: Vec<&str> = ["concurrencyPolicy", "startingDeadlineSeconds"]
            .into_iter()
            .filter(|k| spec.get(k).is_none())
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("CronJob `{}` sets no {}", o.name(), missing.join(" or ")),
                )
                .help("set `concurrencyPolicy: Forbid` (or Replace) and `startingDeadlineSeconds`"),
            );
        }
    }
}
