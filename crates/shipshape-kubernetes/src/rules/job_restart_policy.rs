use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S046", name: "job-restart-policy", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A Job's pods have `restartPolicy: Always`",
    what: "Flags Jobs and CronJobs whose pod template sets `restartPolicy: Always` (or leaves it out, which defaults to Always).",
    why: "The API server rejects the Job: its pods must be `OnFailure` or `Never`.",
    example: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers:\n        - name: migrate\n          image: acme/migrate:1.2",
    instead: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n        - name: migrate\n          image: acme/migrate:1.2",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template",
    spans: ["Always"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A kustomize patch's missing fields are its base's (intel's SGX overlay, whose base Job sets
    // `restartPolicy: Never`: judged wrong as an error, precision sample 43).
    if cx.is_patch_file() {
        return;
    }
    for o in cx.of_kind(&["Job", "CronJob"]) {
        let Some(pod) = o.pod_spec() else { continue };
        // A Job whose containers name no image is a patch fragment (a kustomize overlay changing
        // one field): the base sets the policy (the error audit, 2026-12-05).
        let fragment = pod
            .get("containers")
            .map(|c| c.items())
            .unwrap_or_default()
            .iter()
            .any(|c| c.get("image").is_none());
        match pod.get("restartPolicy") {
            Some(r) if r.as_str() == Some("Always") => out.push(
                Diagnostic::new(
                    meta(),
                    r.span(),
                    format!("{} `{}` cannot use `restartPolicy: Always`", o.kind, o.name()),
                )
                .help("use `OnFailure` or `Never`"),
            ),
            None if !fragment => out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!(
                        "{} `{}` has no `restartPolicy` (the default, Always, is rejected for Jobs)",
                        o.kind,
                        o.name()
                    ),
                )
                .help("set `restartPolicy: OnFailure` or `Never`"),
            ),
            _ => {}
        }
    }
}
