use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF061", name: "package-signature-bypass", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_7", "checkov:CKV2_DOCKER_8", "checkov:CKV2_DOCKER_9", "checkov:CKV2_DOCKER_10", "checkov:CKV2_DOCKER_11"], options: [],
    summary: "A package manager is told to skip signature checks",
    what: "Flags `apk --allow-untrusted`, `apt-get --allow-unauthenticated`/`--force-yes`/`--allow-insecure-repositories`, `yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck`, `rpm --nosignature`/`--nodigest`/`--nofiledigest`. A warning (an error for apt's `--allow-insecure-repositories`, which installs from a repository whose signature failed): packages still come over the repository's transport (usually HTTPS), so skipping the signature weakens a check rather than certainly installing tampered code (CERN CTA's development images, judged wrong as errors, precision sample 43). apt's `--allow-unauthenticated` and `--force-yes` say so: apt already refuses a repository whose signature fails unless told `--allow-insecure-repositories`, so at install they matter only for such repositories. `apk add --allow-untrusted` of local `.apk` files (a vendor's package, which has no repository key to install) names the download nothing verified, and is silent when the same RUN verifies it (`sha256sum -c`, `gpg --verify`).",
    why: "Signatures are what stops a tampered mirror or a man in the middle from installing arbitrary code.",
    example: "RUN apk add --allow-untrusted --repository https://mirror.example.org/alpine/edge/testing acme-tool",
    instead: "COPY keys/acme.rsa.pub /etc/apk/keys/\nRUN apk add --repository https://mirror.example.org/alpine/edge/testing acme-tool",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.bridgecrew.io/docs/ensure-that-apt-get-dont-use-allow-unauthenticated",
    spans: ["--allow-untrusted"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // RUNs (by instruction index) that verify a file with a checksum or signature tool.
    let verified = cx.verifying_runs();
    for (i, c) in cx.commands() {
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
            // `apk add --allow-untrusted ./vendor.apk`: a vendor's package file without an apk
            // signing key to install (how Microsoft documents msodbcsql on Alpine). Nothing is fetched
            // from a mirror here; what matters is whether the download was verified.
            let local_files = c.name == "apk" && {
                let files: Vec<_> = c.args.iter().filter(|w| !w.text.starts_with('-') && w.text != "add").collect();
                !files.is_empty() && files.iter().all(|w| w.text.ends_with(".apk"))
            };
            if local_files {
                if !verified.contains(&i) {
                    out.push(
                        Diagnostic::new(meta(), a.span, "`--allow-untrusted` installs a package file whose download nothing verified")
                            .severity(shipshape_core::Severity::Warning)
                            .help("check the file's sha256 (`echo \"<sha256>  file.apk\" | sha256sum -c`) or the vendor's signature before installing it"),
                    );
                }
                continue;
            }
            // apt refuses a repository whose signature fails at `update` (unless
            // `--allow-insecure-repositories`), so `--allow-unauthenticated`/`--force-yes` at install
            // only matter for packages from such a repository: often a leftover, not a certain bypass.
            let apt_install = c.name.starts_with("apt") && a.text != "--allow-insecure-repositories";
            let d = if apt_install {
                Diagnostic::new(
                    meta(),
                    a.span,
                    format!("`{}` lets apt install packages it cannot authenticate", a.text),
                )
                .severity(shipshape_core::Severity::Warning)
                .help("remove it: packages from signed repositories need no flag, and a third-party repository needs its signing key")
            } else {
                let d = Diagnostic::new(meta(), a.span, format!("`{}` skips package signature checks", a.text))
                    .help("install the repository's signing key instead");
                // apt then installs from a repository whose signature failed: certain.
                if a.text == "--allow-insecure-repositories" {
                    d.severity(shipshape_core::Severity::Error)
                } else {
                    d
                }
            };
            out.push(d);
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
