use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF029", name: "yum-missing-yes", severity: Warning, category: Correctness, default: true, fix: Safe,
    peers: ["hadolint:DL3030"], options: [],
    summary: "Use the -y switch with yum install",
    what: "Flags `yum install`/`groupinstall`/`localinstall` without `-y`.",
    why: "Without it yum asks for confirmation and the build aborts.",
    example: "RUN yum install httpd",
    instead: "RUN yum install -y httpd",
    fix_safety: "Safe: inserts `-y` after the subcommand.",
    refs: "- hadolint DL3030",
    spans: ["yum install httpd"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_missing_yes(
        cx,
        &["yum"],
        &["install", "groupinstall", "localinstall"],
        (&['y'], &["assumeyes"]),
        " -y",
        meta(),
        out,
    );
}
