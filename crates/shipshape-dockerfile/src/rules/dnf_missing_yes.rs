use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF035", name: "dnf-missing-yes", severity: Warning, category: Correctness, default: true, fix: Safe,
    peers: ["hadolint:DL3038"], options: [],
    summary: "Use the -y switch with dnf install",
    what: "Flags `dnf`/`microdnf install` without `-y`.",
    why: "Without it dnf asks for confirmation and the build aborts.",
    example: "RUN dnf install httpd",
    instead: "RUN dnf install -y httpd",
    fix_safety: "Safe: inserts `-y` after the subcommand.",
    refs: "- hadolint DL3038",
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
