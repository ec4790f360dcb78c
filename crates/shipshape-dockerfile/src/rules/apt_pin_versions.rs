use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF008", name: "apt-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3008"], options: [],
    summary: "Pin versions in apt-get install (opt-in)",
    what: "Flags packages in `apt-get install` without `=version`.",
    why: "Unpinned packages change between builds. Opt-in: Debian archives drop old versions, so pins break builds; most teams rebuild on a fresh base instead.",
    example: "RUN apt-get install -y --no-install-recommends curl",
    instead: "RUN apt-get install -y --no-install-recommends curl=8.5.0-2",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3008",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if super::support::is_apt_install(c) {
            for p in super::support::packages(c) {
                if !p.text.contains('=') && !p.text.ends_with(".deb") && !p.text.contains('$') {
                    out.push(Diagnostic::new(meta(), p.span, format!("`{}` is not pinned", p.text)).help("use `package=version`"));
                }
            }
        }
    }
}
