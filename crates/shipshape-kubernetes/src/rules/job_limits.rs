use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S058", name: "job-without-deadline", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A Job can run or retry without bound",
    what: "Flags Jobs without `activeDeadlineSeconds`, and without `ttlSecondsAfterFinished` (finished Jobs and their pods pile up).",
    why: "A hung migration holds its lock and its node resources forever; finished Jobs kept around clutter the namespace and the API server.",
    example: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: acme/migrate:1.2",
    instead: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  activeDeadlineSeconds: 1800\n  ttlSecondsAfterFinished: 86400\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: acme/migrate:1.2",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup",
    spans: ["Job"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Job"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let missing: Vec<&str> = ["activeDeadlineSeconds", "ttlSecondsAfterFinished"]
            .into_iter()
            .filter(|k| spec.get(k).is_none())
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("Job `{}` sets no {}", o.name(), missing.join(" or ")),
                )
                .help("bound its run time and clean it up after it finishes"),
            );
        }
    }
}
