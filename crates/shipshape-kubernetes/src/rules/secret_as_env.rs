use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S057", name: "secret-as-env", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_K8S_35"], options: [],
    summary: "Secrets are passed as environment variables",
    what: "Flags `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef` (off by default).",
    why: "Environment variables leak: crash dumps, debug endpoints, child processes and `kubectl describe` of some tools show them. Mounted files can be read-protected and rotate without a restart.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          envFrom:\n            - secretRef:\n                name: db",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          volumeMounts:\n            - name: db\n              mountPath: /run/secrets/db\n              readOnly: true\n      volumes:\n        - name: db\n          secret:\n            secretName: db",
    fix_safety: "No automatic fix: the application must read the file.",
    refs: "- https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod",
    spans: ["secretRef"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        for e in c.node.get("env").map(|e| e.items()).unwrap_or_default() {
            if let Some(r) = e.get("valueFrom").and_then(|v| v.get("secretKeyRef")) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        r.span(),
                        format!("container `{}` of {} `{}` gets a Secret as an env var", c.name(), o.kind, o.name()),
                    )
                    .help("mount the Secret as a file"),
                );
            }
        }
        for e in c.node.get("envFrom").map(|e| e.items()).unwrap_or_default() {
            if let Some((k, _)) = e.get_entry("secretRef") {
                out.push(
                    Diagnostic::new(
                        meta(),
                        k.span(),
                        format!(
                            "container `{}` of {} `{}` gets a whole Secret as env vars",
                            c.name(),
                            o.kind,
                            o.name()
                        ),
                    )
                    .help("mount the Secret as files"),
                );
            }
        }
    }
}
