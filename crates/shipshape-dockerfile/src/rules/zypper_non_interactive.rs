use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF032", name: "zypper-non-interactive", severity: Warning, category: Correctness, default: true, fix: Safe,
    peers: ["hadolint:DL3034"], options: [],
    summary: "Use -n (non-interactive) with zypper",
    what: "Flags `zypper install` (`in`), `remove`, `update`, `patch` without `-n`/`--non-interactive` or `-y`.",
    why: "Without it zypper asks for confirmation and the build aborts.",
    example: "RUN zypper install curl",
    instead: "RUN zypper -n install curl",
    fix_safety: "Safe: inserts `-n` after `zypper`.",
    refs: "- hadolint DL3034",
    spans: ["zypper install curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_missing_yes(
        cx,
        &["zypper"],
        &["install", "in", "remove", "rm", "update", "up", "patch", "dist-upgrade", "dup"],
        (&['n', 'y'], &["non-interactive", "no-confirm"]),
        " -n",
        meta(),
        out,
    );
}
