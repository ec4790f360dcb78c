use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S063", name: "windows-host-process", severity: Warning, category: Security, default: true, fix: None,
    peers: ["polaris:hostProcess"], options: [],
    summary: "A Windows container runs as a host process",
    what: "Flags `securityContext.windowsOptions.hostProcess: true` on a pod or container. A warning: whoever controls the container then controls the node, but it takes a compromise of the container first (docs/severity.md).",
    why: "A HostProcess container runs directly on the Windows node with its privileges and filesystem: the Windows equivalent of `privileged: true`.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  hostNetwork: true\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n  containers:\n    - name: agent\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  containers:\n    - name: agent\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        let mut contexts = vec![pod.get("securityContext")];
        contexts.extend(crate::model::containers(pod).iter().map(|c| c.node.get("securityContext")));
        for hp in contexts
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("windowsOptions")?.get("hostProcess"))
        {
            if hp.as_bool() == Some(true) {
                out.push(
                    Diagnostic::new(meta(), hp.span(), format!("{} `{}` runs a HostProcess container", o.kind, o.name()))
                        .help("run it as a normal Windows container; node agents belong in the node image"),
                );
            }
        }
    }
}
