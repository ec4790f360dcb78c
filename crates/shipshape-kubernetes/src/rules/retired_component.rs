use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::image::ImageRef;

rule! {
    code: "K8S068", name: "retired-component", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_33", "checkov:CKV_K8S_34", "checkov:CKV_K8S_44"], options: [],
    summary: "Tiller (Helm 2) or the retired Kubernetes Dashboard is deployed",
    what: "Flags containers running the Tiller or Kubernetes Dashboard images, and Services named or selecting `tiller`.",
    why: "Tiller ran with cluster-admin and an unauthenticated gRPC port: anyone who could reach it owned the cluster; Helm 3 removed it in 2019. The Kubernetes Dashboard is archived and unmaintained, and an exposed one is a classic cluster takeover. Neither gets security fixes.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tiller-deploy\n  namespace: kube-system\nspec:\n  selector:\n    matchLabels:\n      app: helm\n  template:\n    metadata:\n      labels:\n        app: helm\n    spec:\n      containers:\n        - name: tiller\n          image: ghcr.io/helm/tiller:v2.17.0\n        - name: dashboard\n          image: kubernetesui/dashboard:v2.7.0\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: tiller-deploy\n  namespace: kube-system\nspec:\n  selector:\n    app: helm\n  ports:\n    - port: 44134",
    instead: "# Helm 3 installs charts with the user's own credentials: there is nothing to deploy.\n# For a UI, use Headlamp or a read-only, SSO-protected tool.\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps",
    fix_safety: "No automatic fix: delete the objects.",
    refs: "- https://helm.sh/docs/topics/v2_v3_migration/\n- https://github.com/kubernetes/dashboard",
    spans: ["ghcr.io/helm/tiller:v2.17.0", "kubernetesui/dashboard:v2.7.0", "tiller-deploy"],
}

fn retired(image: &str) -> Option<&'static str> {
    let r = ImageRef::parse(image);
    let (repo, last) = (r.repo.as_str(), r.basename());
    if last == "tiller" {
        Some("Tiller (Helm 2)")
    } else if repo.contains("kubernetesui/dashboard") || last.starts_with("kubernetes-dashboard") {
        Some("the Kubernetes Dashboard")
    } else {
        None
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let Some(img) = c.node.get("image") else { continue };
        if let Some(what) = img.as_str().and_then(retired) {
            out.push(
                Diagnostic::new(
                    meta(),
                    img.span(),
                    format!("{} `{}` deploys {what}, which gets no security fixes", o.kind, o.name()),
                )
                .help("remove it"),
            );
        }
    }
    for o in cx.of_kind(&["Service"]) {
        let by_name = o.name().contains("tiller");
        let sel = o.node.get("spec").and_then(|s| s.get("selector"));
        let by_selector = sel
            .map(|s| s.entries())
            .unwrap_or_default()
            .iter()
            .any(|(_, v)| v.as_str() == Some("tiller"));
        if by_name || by_selector {
            let span = o
                .node
                .get("metadata")
                .and_then(|m| m.get("name"))
                .map_or(o.kind_span(), |n| n.span());
            out.push(Diagnostic::new(meta(), span, format!("Service `{}` exposes Tiller (Helm 2)", o.name())).help("remove it"));
        }
    }
}
