use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF028", name: "aks-public-api", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AZURE_115"], options: [],
    summary: "An AKS API server is reachable from the whole internet",
    what: "Flags `azurerm_kubernetes_cluster` that is neither private (`private_cluster_enabled = true`) nor limited to `api_server_access_profile.authorized_ip_ranges`.",
    why: "The control plane is then exposed to every scanner; a leaked kubeconfig works from anywhere.",
    example: "resource \"azurerm_kubernetes_cluster\" \"main\" {\n  name                = \"main\"\n  location            = \"westeurope\"\n  resource_group_name = azurerm_resource_group.main.name\n  dns_prefix          = \"main\"\n}",
    instead: "resource \"azurerm_kubernetes_cluster\" \"main\" {\n  name                    = \"main\"\n  location                = \"westeurope\"\n  resource_group_name     = azurerm_resource_group.main.name\n  dns_prefix              = \"main\"\n  private_cluster_enabled = true\n}",
    fix_safety: "No automatic fix: making a cluster private replaces it.",
    refs: "- https://learn.microsoft.com/azure/aks/private-clusters\n- https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
    spans: ["\"azurerm_kubernetes_cluster\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_kubernetes_cluster"]) {
        let b = r.body();
        let private = cx.value(b, "private_cluster_enabled").and_then(|v| v.as_bool());
        if private == Some(true) || (b.has_attribute("private_cluster_enabled") && private.is_none()) {
            continue;
        }
        let limited = crate::model::nested(b, "api_server_access_profile")
            .iter()
            .any(|p| p.has_attribute("authorized_ip_ranges"))
            || b.has_attribute("api_server_authorized_ip_ranges");
        if !limited {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` exposes its API server to the internet", r.address()),
                )
                .help("set `private_cluster_enabled = true`, or list `authorized_ip_ranges`"),
            );
        }
    }
}
