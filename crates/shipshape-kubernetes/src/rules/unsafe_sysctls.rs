use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S050", name: "unsafe-sysctls", severity: Warning, category: Security, default: true, fix: None,
    peers: ["polaris:sysctlsNotAllowed"], options: [],
    summary: "A pod sets kernel parameters outside the safe set",
    what: "Flags pod `securityContext.sysctls` outside the Pod Security baseline's safe set (`kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`, `net.ipv4.tcp_keepalive_*`, `net.ipv4.tcp_fin_timeout`), and `procMount: Unmasked`.",
    why: "Unsafe sysctls change the node's kernel for every pod on it, and an unmasked /proc exposes the node's kernel interfaces.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      securityContext:\n        sysctls:\n          - name: kernel.msgmax\n            value: \"65536\"\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      securityContext:\n        sysctls:\n          - name: net.ipv4.ip_local_port_range\n            value: \"1024 65535\"\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",
    spans: ["kernel.msgmax"],
}

const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        for s in pod
            .get("securityContext")
            .and_then(|s| s.get("sysctls"))
            .map(|s| s.items())
            .unwrap_or_default()
        {
            let Some(n) = s.get("name") else { continue };
            if let Some(name) = n.as_str()
                && !SAFE.contains(&name)
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        n.span(),
                        format!("{} `{}` sets the unsafe sysctl `{name}`", o.kind, o.name()),
                    )
                    .help("set it on the node, or use a safe sysctl"),
                );
            }
        }
        for c in crate::model::containers(pod) {
            if let Some(p) = c.node.get("securityContext").and_then(|s| s.get("procMount"))
                && p.as_str() == Some("Unmasked")
            {
                out.push(Diagnostic::new(
                    meta(),
                    p.span(),
                    format!("container `{}` of {} `{}` unmasks /proc", c.name(), o.kind, o.name()),
                ));
            }
        }
    }
}
