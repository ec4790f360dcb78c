use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF026", name: "azure-storage-exposure", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AZURE_3", "checkov:CKV_AZURE_44", "checkov:CKV_AZURE_190"], options: [],
    summary: "A storage account accepts plain HTTP, old TLS or public blobs",
    what: "Flags `azurerm_storage_account` that turns HTTPS-only off (`https_traffic_only_enabled` / `enable_https_traffic_only = false`), allows TLS below 1.2, or leaves `allow_nested_items_to_be_public` unset (where azurerm 3 or later may be used: before 3.0 the default was private) or `true` (a value it cannot resolve, such as a module input passed through `try()`, is the caller's choice).",
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
        // Before 3.0 (`allow_blob_public_access`) the default was private: unset is fine where
        // the configuration pins azurerm 1.x or 2.x (clean-air-infrastructure's `~>2.31.0`,
        // judged wrong, precision sample 42).
        let mut old_provider = None;
        let public = ["allow_nested_items_to_be_public", "allow_blob_public_access"]
            .iter()
            .all(|k| match cx.value(b, k) {
                Some(v) => v.as_bool() == Some(true),
                None => !*old_provider.get_or_insert_with(|| cx.provider_major("azurerm").is_some_and(|m| m <= 2)),
            });
        if public {
            out.push(
                Diagnostic::new(meta(), r.label_span(), format!("`{}` lets containers be made public", r.address()))
                    .help("set `allow_nested_items_to_be_public = false`"),
            );
        }
    }
}
