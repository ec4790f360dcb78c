use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF037", name: "dnf-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3041"], options: [],
    summary: "Pin versions in dnf install (opt-in)",
    what: "Flags packages of `dnf install` without `-version`.",
    why: "Unpinned packages change between builds.",
    example: "RUN dnf install -y httpd",
    instead: "RUN dnf install -y httpd-2.4.62",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3041",
    spans: ["httpd"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_unpinned(
        cx,
        &["dnf", "dnf5", "microdnf"],
        |p| p.contains(['-', '=']) && p.chars().any(|c| c.is_ascii_digit()),
        meta(),
        out,
    );
}
