use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF061", name: "package-signature-bypass", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_7", "checkov:CKV2_DOCKER_8", "checkov:CKV2_DOCKER_9", "checkov:CKV2_DOCKER_10", "checkov:CKV2_DOCKER_11"], options: [],
    summary: "A package manager is told to skip signature checks",
    what: "Flags `apk --allow-untrusted`, `apt-get --allow-unauthenticated`/`--force-yes`/`--allow-insecure-repositories`, `yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck`, `rpm --nosignature`/`--nodigest`/`--nofiledigest`.",
    why: "Signatures are what stops a tampered mirror or a man in the middle from installing arbitrary code.",
    example: "RUN apk add --allow-untrusted /tmp/pkg.apk",
    instead: "COPY keys/acme.rsa.pub /etc/apk/keys/\nRUN apk add /tmp/pkg.apk",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.bridgecrew.io/docs/ensure-that-apt-get-dont-use-allow-unauthenticated",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        let longs: &[&str] = match c.name.as_str() {
            "apk" => &["allow-untrusted"],
            "apt-get" | "apt" | "aptitude" => &[
                "allow-unauthenticated",
                "force-yes",
                "allow-insecure-repositories",
                "allow-downgrades",
            ],
            "yum" | "dnf" | "dnf5" | "tdnf" | "microdnf" => &["nogpgcheck"],
            "rpm" => &["nosignature", "nodigest", "nofiledigest"],
            _ => continue,
        };
        let longs = if c.name.starts_with("apt") { &longs[..3] } else { longs };
        if let Some(a) = c.find_opt(&[], longs) {
            out.push(
                Diagnostic::new(meta(), a.span, format!("`{}` skips package signature checks", a.text))
                    .help("install the repository's signing key instead"),
            );
        }
        if c.name.starts_with("apt")
            && c.args
                .iter()
                .any(|a| a.text.contains("AllowUnauthenticated=true") || a.text.contains("AllowInsecureRepositories=true"))
        {
            out.push(Diagnostic::new(meta(), c.span, "apt is configured to accept unsigned packages"));
        }
    }
}
