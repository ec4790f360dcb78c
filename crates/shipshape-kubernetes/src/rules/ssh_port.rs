use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S062", name: "ssh-port", severity: Warning, category: Security, default: true, fix: None,
    peers: ["kube-linter:ssh-port"], options: [],
    summary: "A container exposes SSH (port 22)",
    what: "Flags container ports numbered 22 or named `ssh`, except on a base operating system image (`ubuntu`, `alpine`…) run with no command, where nothing listens.",
    why: "An SSH daemon in a container is a second way in that bypasses the audit trail of `kubectl exec` and RBAC, and usually comes with long-lived keys baked into the image.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      ports:\n        - containerPort: 22",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      ports:\n        - containerPort: 8080",
    fix_safety: "No automatic fix: use `kubectl exec` or an ephemeral debug container.",
    refs: "- https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container",
    spans: ["22"],
}

/// Base operating system images: run with no command, they start a shell that exits, so nothing
/// listens on a port they declare (eks-workshop's privileged-pod example, judged wrong, the
/// forty-seventh sample).
const BARE_OS: &[&str] = &[
    "ubuntu",
    "debian",
    "alpine",
    "busybox",
    "centos",
    "fedora",
    "amazonlinux",
    "rockylinux",
    "almalinux",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let image = c.node.get("image").and_then(|i| i.as_str()).unwrap_or("");
        let base = shipshape_knowledge::image::ImageRef::parse(image);
        if BARE_OS.contains(&base.basename()) && c.node.get("command").is_none() && c.node.get("args").is_none() {
            continue;
        }
        for p in c.node.get("ports").map(|p| p.items()).unwrap_or_default() {
            let number = p.get("containerPort").filter(|n| n.as_f64() == Some(22.0));
            let name = p.get("name").filter(|n| n.as_str().is_some_and(|s| s.eq_ignore_ascii_case("ssh")));
            if let Some(n) = number.or(name) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        n.span(),
                        format!("container `{}` of {} `{}` declares the SSH port", c.name(), o.kind, o.name()),
                    )
                    .help("an SSH server in a container is a way in around `kubectl exec` and its audit trail: remove it and debug with `kubectl exec` or `kubectl debug`; if nothing listens on port 22, drop the port"),
                );
            }
        }
    }
}
