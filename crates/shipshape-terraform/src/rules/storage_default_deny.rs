use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF048", name: "storage-network-default-allow", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AZURE_35"], options: [],
    summary: "A storage account accepts connections from any network",
    what: "Flags `network_rules` of `azurerm_storage_account` (and `azurerm_storage_account_network_rules`) with `default_action = \"Allow\"`. Accounts without inline rules are left alone: the rules may be a separate resource.",
    why: "Account keys and SAS tokens then work from anywhere; denying by default limits a leaked credential to your networks.",
    example: "resource \"azurerm_storage_account\" \"data\" {\n  name                            = \"acmedata\"\n  resource_group_name             = azurerm_resource_group.main.name\n  location                        = \"westeurope\"\n  account_tier                    = \"Standard\"\n  account_replication_type        = \"GRS\"\n  allow_nested_items_to_be_public = false\n\n  network_rules {\n    default_action = \"Allow\"\n  }\n}",
    instead: "resource \"azurerm_storage_account\" \"data\" {\n  name                            = \"acmedata\"\n  resource_group_name             = azurerm_resource_group.main.name\n  location                        = \"westeurope\"\n  account_tier                    = \"Standard\"\n  account_replication_type        = \"GRS\"\n  allow_nested_items_to_be_public = false\n\n  network_rules {\n    default_action = \"Deny\"\n    bypass         = [\"AzureServices\"]\n  }\n}",
    fix_safety: "No automatic fix: list the networks that need access first.",
    refs: "- https://learn.microsoft.com/azure/storage/common/storage-network-security",
    spans: ["\"Allow\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_storage_account", "azurerm_storage_account_network_rules"]) {
        let mut bodies = crate::model::nested(r.body(), "network_rules");
        if r.labels[0] == "azurerm_storage_account_network_rules" {
            bodies.push(r.body());
        }
        for b in bodies {
            let allow = match cx.value(b, "default_action").and_then(|v| v.as_str().map(str::to_owned)) {
                Some(a) if a.eq_ignore_ascii_case("allow") => b.get_attribute("default_action").map(|a| crate::model::span_of(&a.value)),
                _ => None,
            };
            let Some(span) = allow else { continue };
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` accepts connections from any network", r.address()))
                    .help("set `default_action = \"Deny\"` and list the networks that need access"),
            );
        }
    }
}
