use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF057", name: "curl-insecure", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_2"], options: [],
    summary: "curl with TLS verification turned off",
    what: "Flags `curl -k`/`--insecure`. A warning when the same RUN verifies the download (`sha256sum -c`, `gpg --verify`); silent when every URL is on the loopback interface.",
    why: "Without certificate checks anyone on the path can replace what you download, and it ends up in your image.",
    example: "RUN curl -kfsSL https://example.com/install.sh -o /tmp/install.sh",
    instead: "RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh",
    fix_safety: "No automatic fix: the certificate problem must be solved (install the CA instead).",
    refs: "- https://curl.se/docs/manpage.html#-k",
    spans: ["-kfsSL"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let verified = cx.verifying_runs();
    for (i, c) in cx.commands() {
        if c.name == "curl"
            && let Some(a) = c.find_opt(&['k'], &["insecure", "proxy-insecure"])
            && !c.only_loopback_urls()
        {
            let d = Diagnostic::new(meta(), a.span, "`curl` does not verify TLS certificates here")
                .help("remove the flag; add the CA certificate to the image if needed");
            // A download the same RUN checks against a checksum or signature cannot be swapped,
            // only broken (the error audit, 2026-12-05).
            out.push(if verified.contains(&i) {
                d.severity(shipshape_core::Severity::Warning)
            } else {
                d
            });
        }
    }
}
