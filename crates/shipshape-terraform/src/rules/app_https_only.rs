use crate::model::insert_attr;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};

rule! {
    code: "TF031", name: "app-service-http", severity: Warning, category: Security, default: true, fix: Unsafe,
    peers: ["checkov:CKV_AZURE_14"], options: [],
    summary: "A web app serves plain HTTP",
    what: "Flags `azurerm_app_service`, `azurerm_linux_web_app` and `azurerm_windows_web_app` without `https_only = true`. The fix sets it.",
    why: "Without it the app answers on HTTP too: sessions and credentials cross the network in clear text.",
    example: "resource \"azurerm_linux_web_app\" \"web\" {\n  name                = \"acme-web\"\n  location            = \"westeurope\"\n  resource_group_name = azurerm_resource_group.main.name\n  service_plan_id     = azurerm_service_plan.main.id\n}",
    instead: "resource \"azurerm_linux_web_app\" \"web\" {\n  name                = \"acme-web\"\n  location            = \"westeurope\"\n  resource_group_name = azurerm_resource_group.main.name\n  service_plan_id     = azurerm_service_plan.main.id\n  https_only = true\n}",
    fix_safety: "Unsafe: HTTP clients get redirected, and ones that cannot follow break.",
    refs: "- https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https",
    spans: ["\"azurerm_linux_web_app\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"]) {
        let b = r.body();
        let fix = match b.get_attribute("https_only") {
            Some(_) if cx.value(b, "https_only").and_then(|v| v.as_bool()) != Some(false) => continue,
            Some(_) => None,
            None => insert_attr(cx.src, r.block, "https_only", "true"),
        };
        out.push(
            Diagnostic::new(meta(), r.label_span(), format!("`{}` serves plain HTTP", r.address()))
                .help("set `https_only = true`")
                .maybe_fix(fix.map(|e| Fix::unsafe_("serve HTTPS only", vec![e]))),
        );
    }
}
