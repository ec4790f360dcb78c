use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF046", name: "aks-rbac-disabled", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AZURE_5"], options: [],
    summary: "Kubernetes RBAC is turned off on an AKS cluster",
    what: "Flags `azurerm_kubernetes_cluster` with `role_based_access_control_enabled = false`.",
    why: "Without RBAC every authenticated user and service account can do anything in the cluster.",
    example: "resource \"azurerm_kubernetes_cluster\" \"main\" {\n  name                              = \"main\"\n  location                          = \"westeurope\"\n  resource_group_name               = azurerm_resource_group.main.name\n  dns_prefix                        = \"main\"\n  role_based_access_control_enabled = false\n}",
    instead: "resource \"azurerm_kubernetes_cluster\" \"main\" {\n  name                              = \"main\"\n  location                          = \"westeurope\"\n  resource_group_name               = azurerm_resource_group.main.name\n  dns_prefix                        = \"main\"\n  role_based_access_control_enabled = true\n}",
    fix_safety: "No automatic fix: the change recreates the cluster.",
    refs: "- https://learn.microsoft.com/azure/aks/manage-azure-rbac",
    spans: ["false"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_kubernetes_cluster"]) {
        if let Some(span) = cx.bool_not(r.body(), "role_based_access_control_enabled", true, true, r.label_span()) {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` has RBAC turned off", r.address()))
                    .help("remove the setting (RBAC is on by default)"),
            );
        }
    }
}
