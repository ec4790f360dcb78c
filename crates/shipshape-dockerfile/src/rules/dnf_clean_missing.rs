use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF036", name: "dnf-clean-missing", severity: Warning, category: Performance, default: false, fix: None,
    peers: ["hadolint:DL3040"], options: [],
    summary: "Run dnf clean all after dnf install",
    what: "Flags `dnf`/`microdnf install` in a stage of the final image without `dnf clean all` in the same RUN.",
    why: "The dnf cache stays in the layer.",
    example: "RUN dnf install -y httpd",
    instead: "RUN dnf install -y httpd && dnf clean all",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3040",
    spans: ["dnf install -y httpd"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_clean_missing(cx, &["dnf", "dnf5", "microdnf"], "/var/cache/dnf", "dnf clean all", meta(), out);
}
