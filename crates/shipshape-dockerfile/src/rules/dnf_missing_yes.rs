use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF035", name: "dnf-missing-yes", severity: Warning, category: Correctness, default: true, fix: Safe,
    peers: ["hadolint:DL3038"], options: [],
    summary: "Use the -y switch with dnf install",
    what: "Flags `dnf install` (and `dnf5 install`) without `-y`. `microdnf` is left alone: microdnf 3 (the UBI and Oracle Linux minimal images) assumes yes unless `assumeyes=0` is configured (rpm-software-management/microdnf#94).",
    why: "Without it dnf asks for confirmation and the build aborts.",
    example: "RUN dnf install httpd",
    instead: "RUN dnf install -y httpd",
    fix_safety: "Safe: inserts `-y` after the subcommand.",
    refs: "- hadolint DL3038",
    spans: ["dnf install httpd"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_missing_yes(
        cx,
        &["dnf", "dnf5"],
        &["install", "groupinstall", "localinstall"],
        (&['y'], &["assumeyes"]),
        " -y",
        meta(),
        out,
    );
}
