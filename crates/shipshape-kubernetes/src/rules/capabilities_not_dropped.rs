use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "K8S007", name: "capabilities-not-dropped", severity: Warning, category: Security, default: false, fix: Unsafe,
    peers: ["checkov:CKV_K8S_28", "checkov:CKV_K8S_37", "polaris:insecureCapabilities", "kube-score:container-security-context-privileged"], options: [],
    summary: "A container keeps Linux capabilities it does not need",
    what: "Flags containers that do not `drop: [ALL]` capabilities. The fix adds a whole restricted securityContext (`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`, `runAsNonRoot: true`, `capabilities.drop: [ALL]`, `seccompProfile: RuntimeDefault`) to a container that has none.",
    why: "The default set includes NET_RAW (spoofed packets, ARP poisoning on the node network), CHOWN, SETUID and more; most applications need none of them.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            runAsNonRoot: true\n            capabilities:\n              drop:\n                - ALL\n            seccompProfile:\n              type: RuntimeDefault",
    fix_safety: "Unsafe: the restricted context can stop an image that writes to its filesystem, runs as root or needs a capability; test it.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    spans: ["web"],
}

const SAFE: &str = "\nallowPrivilegeEscalation: false\nreadOnlyRootFilesystem: true\nrunAsNonRoot: true\ncapabilities:\n  drop:\n    - ALL\nseccompProfile:\n  type: RuntimeDefault";

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let drops_all = c
            .capabilities("drop")
            .iter()
            .any(|d| d.as_str().is_some_and(|s| s.eq_ignore_ascii_case("ALL")));
        if drops_all {
            continue;
        }
        let fix = match c.node.get("securityContext") {
            None => patch::insert_entry(cx.src, c.node, "securityContext", SAFE, None)
                .map(|e| Fix::unsafe_("add a restricted securityContext", vec![e])),
            Some(_) => None,
        };
        out.push(
            Diagnostic::new(
                meta(),
                c.span(),
                format!(
                    "container `{}` of {} `{}` keeps the default capabilities",
                    c.name(),
                    o.kind,
                    o.name()
                ),
            )
            .help("add `securityContext.capabilities.drop: [ALL]` (and add back only what it needs)")
            .maybe_fix(fix),
        );
    }
}
