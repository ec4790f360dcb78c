use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S060", name: "added-capabilities", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_K8S_25"], options: [],
    summary: "A container adds Linux capabilities",
    what: "Flags `securityContext.capabilities.add` entries other than `NET_BIND_SERVICE` (the one the restricted Pod Security Standard allows). Capabilities that amount to root are `K8S008`.",
    why: "Each added capability widens what a compromised process can do to the node; most need none once ports above 1024 are used. Names outside the baseline list (`CHOWN`, `KILL`, `SETUID` …) also make the pod fail the baseline Pod Security Standard.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      securityContext:\n        capabilities:\n          add: [CHOWN]\n          drop: [ALL]",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      securityContext:\n        capabilities:\n          drop: [ALL]",
    fix_safety: "No automatic fix: the process may need the capability; prepare files at build time instead.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    spans: ["CHOWN"],
}

/// What the baseline Pod Security Standard allows to be added.
const BASELINE: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let adds = c.capabilities("add");
        for a in adds {
            let Some(v) = a.as_str() else { continue };
            let cap = v.trim_start_matches("CAP_").to_ascii_uppercase();
            if cap == "NET_BIND_SERVICE" || super::dangerous_capabilities::DANGEROUS.contains(&cap.as_str()) {
                continue;
            }
            let level = if BASELINE.contains(&cap.as_str()) {
                "the restricted Pod Security Standard"
            } else {
                "even the baseline Pod Security Standard"
            };
            out.push(
                Diagnostic::new(
                    meta(),
                    a.span(),
                    format!(
                        "container `{}` of {} `{}` adds `{v}`, which {level} forbids",
                        c.name(),
                        o.kind,
                        o.name()
                    ),
                )
                .help("remove it; do at build time what needs it (e.g. `chown` in the Dockerfile)"),
            );
        }
    }
}
