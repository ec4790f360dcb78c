use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF031", name: "yum-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3033"], options: [],
    summary: "Pin versions in yum install (opt-in)",
    what: "Flags packages of `yum install` without `-version`.",
    why: "Unpinned packages change between builds.",
    example: "RUN yum install -y httpd",
    instead: "RUN yum install -y httpd-2.4.62",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3033",
    spans: ["httpd"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_unpinned(
        cx,
        &["yum"],
        |p| p.contains(['-', '=']) && p.chars().any(|c| c.is_ascii_digit()),
        meta(),
        out,
    );
}
