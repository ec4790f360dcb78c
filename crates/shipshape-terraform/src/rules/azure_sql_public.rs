use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF027", name: "azure-sql-public", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AZURE_113"], options: [],
    summary: "An Azure SQL server is reachable over the public network",
    what: "Flags `azurerm_mssql_server` without `public_network_access_enabled = false` (public access is the default).",
    why: "The server's public endpoint is then guarded by firewall rules alone, which are easy to widen by mistake (the `0.0.0.0` \"allow Azure services\" rule admits every Azure tenant).",
    example: "resource \"azurerm_mssql_server\" \"main\" {\n  name                = \"acme-sql\"\n  resource_group_name = azurerm_resource_group.main.name\n  location            = \"westeurope\"\n  version             = \"12.0\"\n}",
    instead: "resource \"azurerm_mssql_server\" \"main\" {\n  name                          = \"acme-sql\"\n  resource_group_name           = azurerm_resource_group.main.name\n  location                      = \"westeurope\"\n  version                       = \"12.0\"\n  public_network_access_enabled = false\n}",
    fix_safety: "No automatic fix: clients need a private endpoint first.",
    refs: "- https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#deny-public-network-access",
    spans: ["\"azurerm_mssql_server\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_mssql_server"]) {
        if cx.value(r.body(), "public_network_access_enabled").and_then(|v| v.as_bool()) != Some(false) {
            if r.body().has_attribute("public_network_access_enabled")
                && cx
                    .value(r.body(), "public_network_access_enabled")
                    .and_then(|v| v.as_bool())
                    .is_none()
            {
                continue; // written through an unknown value
            }
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` is reachable over the public network", r.address()),
                )
                .help("set `public_network_access_enabled = false` and use a private endpoint"),
            );
        }
    }
}
