use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF034", name: "zypper-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3037"], options: [],
    summary: "Pin versions in zypper install (opt-in)",
    what: "Flags packages of `zypper install` without `=version`.",
    why: "Unpinned packages change between builds.",
    example: "RUN zypper -n install curl",
    instead: "RUN zypper -n install curl=8.6.0",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3037",
    spans: ["curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_unpinned(cx, &["zypper"], |p| p.contains(['=', '<', '>']), meta(), out);
}
