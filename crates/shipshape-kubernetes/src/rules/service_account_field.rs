use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "K8S061", name: "deprecated-service-account-field", severity: Warning, category: Maintainability, default: true, fix: Safe,
    peers: ["kube-linter:deprecated-service-account-field"], options: [],
    summary: "A pod uses the deprecated `serviceAccount` field",
    what: "Flags `serviceAccount:` in a pod spec, unless `serviceAccountName` names the same account. The fix renames it to `serviceAccountName` when that is not set too.",
    why: "`serviceAccount` is a deprecated alias; tools that read only `serviceAccountName` (policy engines, this tool's own cross-file checks, `kubectl` output) see the pod as using the default account.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccount: web\n  containers:\n    - name: web\n      image: nginx:1.29",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: web\n  containers:\n    - name: web\n      image: nginx:1.29",
    fix_safety: "Safe: the API server treats both fields the same.",
    refs: "- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security",
    spans: ["serviceAccount"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        let Some((key, value)) = pod.get_entry("serviceAccount") else {
            continue;
        };
        let name = pod.get("serviceAccountName");
        // Both naming the same account (as `kubectl get -o yaml` writes a pod) change nothing:
        // six judged not worth a finding, the thirty-ninth sample.
        if name.is_some_and(|n| n.as_str().is_some() && n.as_str() == value.as_str()) {
            continue;
        }
        let both = name.is_some();
        let fix = (!both).then(|| {
            Fix::safe(
                "rename to `serviceAccountName`",
                vec![Edit::replace(key.span(), "serviceAccountName")],
            )
        });
        out.push(
            Diagnostic::new(
                meta(),
                key.span(),
                format!("{} `{}` uses the deprecated `serviceAccount` field", o.kind, o.name()),
            )
            .help(if both {
                "remove it: `serviceAccountName` is set"
            } else {
                "use `serviceAccountName`"
            })
            .maybe_fix(fix),
        );
    }
}
