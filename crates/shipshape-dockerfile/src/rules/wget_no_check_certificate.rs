use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF058", name: "wget-no-check-certificate", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_3"], options: [],
    summary: "wget with TLS verification turned off",
    what: "Flags `wget --no-check-certificate`. A warning when the same RUN verifies the download (`sha256sum -c`, `gpg --verify`); silent when every URL is on the loopback interface.",
    why: "Without certificate checks anyone on the path can replace what you download.",
    example: "RUN wget --no-check-certificate https://example.com/app.tgz",
    instead: "RUN wget https://example.com/app.tgz",
    fix_safety: "No automatic fix.",
    refs: "- https://www.gnu.org/software/wget/manual/wget.html#HTTPS-_0028SSL_002fTLS_0029-Options",
    spans: ["--no-check-certificate"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let verified = cx.verifying_runs();
    for (i, c) in cx.commands() {
        if c.name == "wget"
            && let Some(a) = c.find_opt(&[], &["no-check-certificate"])
            && !c.only_loopback_urls()
        {
            let d = Diagnostic::new(meta(), a.span, "`wget` does not verify TLS certificates here");
            // Checked against a checksum or signature in the same RUN: it can only fail, not be swapped.
            out.push(if verified.contains(&i) {
                d.severity(shipshape_core::Severity::Warning)
            } else {
                d
            });
        }
    }
}
