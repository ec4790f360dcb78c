use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF067", name: "curl-pipe-shell", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A downloaded script is piped straight into an interpreter",
    what: "Flags `curl …| sh`, `wget -O- … | bash` and the like (also `sh -c \"$(curl …)\"`).",
    why: "Whatever the server returns runs as root in your build, unverified; a truncated download runs half a script.",
    example: "RUN curl -fsSL https://example.com/install.sh | sh",
    instead: "ADD --checksum=sha256:<sum> https://example.com/install.sh /tmp/install.sh\nRUN sh /tmp/install.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#add---checksum",
    spans: ["curl -fsSL https://example.com/install.sh | sh"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, script) in cx.runs() {
        for d in script.downloads_run() {
            out.push(Diagnostic::new(meta(), d.span, d.message()).help("download to a file, verify its checksum, then run it"));
        }
    }
}
