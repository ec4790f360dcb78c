use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF047", name: "key-vault-public-network", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AZURE_189"], options: [],
    summary: "A Key Vault is reachable over the public network",
    what: "Flags `azurerm_key_vault` without `public_network_access_enabled = false`.",
    why: "Secrets and keys are then one stolen token away from anyone on the internet; a private endpoint keeps the vault inside your network.",
    example: "resource \"azurerm_key_vault\" \"main\" {\n  name                     = \"acme-kv\"\n  location                 = \"westeurope\"\n  resource_group_name      = azurerm_resource_group.main.name\n  tenant_id                = data.azurerm_client_config.current.tenant_id\n  sku_name                 = \"standard\"\n  purge_protection_enabled = true\n}",
    instead: "resource \"azurerm_key_vault\" \"main\" {\n  name                          = \"acme-kv\"\n  location                      = \"westeurope\"\n  resource_group_name           = azurerm_resource_group.main.name\n  tenant_id                     = data.azurerm_client_config.current.tenant_id\n  sku_name                      = \"standard\"\n  purge_protection_enabled      = true\n  public_network_access_enabled = false\n}",
    fix_safety: "No automatic fix: clients need a private endpoint first.",
    refs: "- https://learn.microsoft.com/azure/key-vault/general/private-link-service",
    spans: ["\"azurerm_key_vault\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_key_vault"]) {
        if let Some(span) = cx.bool_not(r.body(), "public_network_access_enabled", false, true, r.label_span()) {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` is reachable over the public network", r.address()))
                    .help("set `public_network_access_enabled = false` and use a private endpoint"),
            );
        }
    }
}
