use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF030", name: "vm-password-login", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AZURE_149"], options: [],
    summary: "A Linux VM accepts password logins",
    what: "Flags `azurerm_linux_virtual_machine` and `azurerm_linux_virtual_machine_scale_set` with `disable_password_authentication = false`.",
    why: "Password logins over SSH are brute-forced constantly; keys (or Entra ID login) cannot be guessed.",
    example: "resource \"azurerm_linux_virtual_machine\" \"web\" {\n  name                            = \"web\"\n  size                            = \"Standard_B2s\"\n  admin_username                  = \"azureuser\"\n  disable_password_authentication = false\n}",
    instead: "resource \"azurerm_linux_virtual_machine\" \"web\" {\n  name                            = \"web\"\n  size                            = \"Standard_B2s\"\n  admin_username                  = \"azureuser\"\n  disable_password_authentication = true\n\n  admin_ssh_key {\n    username   = \"azureuser\"\n    public_key = file(\"~/.ssh/id_ed25519.pub\")\n  }\n}",
    fix_safety: "No automatic fix: an SSH key must be provided.",
    refs: "- https://learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed",
    spans: ["false"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"]) {
        if let Some(a) = r.body().get_attribute("disable_password_authentication")
            && cx.value(r.body(), "disable_password_authentication").and_then(|v| v.as_bool()) == Some(false)
        {
            out.push(
                Diagnostic::new(meta(), span_of(&a.value), format!("`{}` accepts password logins", r.address()))
                    .help("use `admin_ssh_key` and `disable_password_authentication = true`"),
            );
        }
    }
}
