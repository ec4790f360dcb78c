use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF057", name: "curl-insecure", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_2"], options: [],
    summary: "curl with TLS verification turned off",
    what: "Flags `curl -k`/`--insecure`.",
    why: "Without certificate checks anyone on the path can replace what you download, and it ends up in your image.",
    example: "RUN curl -kfsSL https://example.com/install.sh -o /tmp/install.sh",
    instead: "RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh",
    fix_safety: "No automatic fix: the certificate problem must be solved (install the CA instead).",
    refs: "- https://curl.se/docs/manpage.html#-k",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name == "curl"
            && let Some(a) = c.find_opt(&['k'], &["insecure", "proxy-insecure"])
        {
            out.push(
                Diagnostic::new(meta(), a.span, "`curl` does not verify TLS certificates here")
                    .help("remove the flag; add the CA certificate to the image if needed"),
            );
        }
    }
}
