use crate::model::{nested, span_of};
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF014", name: "public-cluster-endpoint", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_39", "checkov:CKV_AWS_38", "checkov:CKV_GCP_20"], options: [],
    summary: "A Kubernetes control plane is reachable from the whole internet",
    what: "Flags `aws_eks_cluster` whose `vpc_config` leaves `endpoint_public_access` on (the default) without narrowing `public_access_cidrs`, and `google_container_cluster` without `master_authorized_networks_config`.",
    why: "The API server is then exposed to every scanner; a leaked kubeconfig or a control-plane vulnerability is exploitable from anywhere instead of only from your network.",
    example: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = aws_iam_role.eks.arn\n\n  vpc_config {\n    subnet_ids = var.private_subnets\n  }\n}",
    instead: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = aws_iam_role.eks.arn\n\n  vpc_config {\n    subnet_ids              = var.private_subnets\n    endpoint_private_access = true\n    endpoint_public_access  = false\n  }\n}",
    fix_safety: "No automatic fix: CI and people outside the VPC lose access unless they come through a VPN or bastion.",
    refs: "- https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html\n- https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks",
    spans: ["\"aws_eks_cluster\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_eks_cluster"]) {
        for vpc in nested(r.body(), "vpc_config") {
            if cx.value(vpc, "endpoint_public_access").and_then(|v| v.as_bool()) == Some(false) {
                continue;
            }
            let open = match cx.value(vpc, "public_access_cidrs") {
                None => true,
                Some(v) => v.strings().is_some_and(|c| c.contains(&"0.0.0.0/0")),
            };
            if open {
                let span = vpc
                    .get_attribute("endpoint_public_access")
                    .map_or_else(|| r.label_span(), |a| span_of(&a.value));
                out.push(
                    Diagnostic::new(meta(), span, format!("`{}` exposes its API server to the internet", r.address()))
                        .help("set `endpoint_public_access = false`, or narrow `public_access_cidrs`"),
                );
            }
        }
    }
    for r in cx.resources(&["google_container_cluster"]) {
        if nested(r.body(), "master_authorized_networks_config").is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` exposes its API server to the internet", r.address()),
                )
                .help("add `master_authorized_networks_config` or a private endpoint"),
            );
        }
    }
}
