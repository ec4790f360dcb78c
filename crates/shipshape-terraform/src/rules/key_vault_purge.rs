use crate::model::insert_attr;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};

rule! {
    code: "TF029", name: "key-vault-purge-protection", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: ["checkov:CKV_AZURE_110"], options: [],
    summary: "A Key Vault and its keys can be purged for good",
    what: "Flags `azurerm_key_vault` without `purge_protection_enabled = true`. The fix sets it.",
    why: "Without purge protection a deleted vault (or an attacker with delete rights) destroys keys immediately, and everything encrypted with them is lost.",
    example: "resource \"azurerm_key_vault\" \"main\" {\n  name                = \"acme-kv\"\n  location            = \"westeurope\"\n  resource_group_name = azurerm_resource_group.main.name\n  tenant_id           = data.azurerm_client_config.current.tenant_id\n  sku_name            = \"standard\"\n}",
    instead: "resource \"azurerm_key_vault\" \"main\" {\n  name                = \"acme-kv\"\n  location            = \"westeurope\"\n  resource_group_name = azurerm_resource_group.main.name\n  tenant_id           = data.azurerm_client_config.current.tenant_id\n  sku_name            = \"standard\"\n  purge_protection_enabled = true\n}",
    fix_safety: "Unsafe: purge protection cannot be turned off again, and a deleted vault's name stays taken for the retention period.",
    refs: "- https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview#purge-protection",
    spans: ["\"azurerm_key_vault\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_key_vault"]) {
        let b = r.body();
        let fix = match b.get_attribute("purge_protection_enabled") {
            Some(_) if cx.value(b, "purge_protection_enabled").and_then(|v| v.as_bool()) != Some(false) => continue,
            Some(_) => None,
            None => insert_attr(cx.src, r.block, "purge_protection_enabled", "true"),
        };
        out.push(
            Diagnostic::new(meta(), r.label_span(), format!("`{}` can be purged at once", r.address()))
                .help("set `purge_protection_enabled = true`")
                .maybe_fix(fix.map(|e| Fix::unsafe_("enable purge protection", vec![e]))),
        );
    }
}
