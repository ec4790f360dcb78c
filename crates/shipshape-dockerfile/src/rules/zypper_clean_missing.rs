use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF033", name: "zypper-clean-missing", severity: Warning, category: Performance, default: false, fix: None,
    peers: ["hadolint:DL3036"], options: [],
    summary: "Run zypper clean after zypper install",
    what: "Flags `zypper install` in a stage of the final image without `zypper clean` in the same RUN.",
    why: "The zypper cache stays in the layer.",
    example: "RUN zypper -n install curl",
    instead: "RUN zypper -n install curl && zypper clean --all",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3036",
    spans: ["zypper -n install curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_clean_missing(cx, &["zypper"], "/var/cache/zypp", "zypper clean --all", meta(), out);
}
