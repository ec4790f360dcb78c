use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF027", name: "gem-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3028"], options: [],
    summary: "Pin versions in gem install (opt-in)",
    what: "Flags `gem install <name>` without `-v`/`--version` or `name:version`.",
    why: "Unpinned gems change between builds.",
    example: "RUN gem install bundler",
    instead: "RUN gem install bundler -v 2.5.22",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3028",
    spans: ["bundler"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if !super::support::is_sub(c, "gem", &["install", "i"]) || c.has_opt(&['v'], &["version"]) {
            continue;
        }
        for p in super::support::packages(c) {
            if !p.text.contains([':', '$', '/']) && !p.text.ends_with(".gem") {
                out.push(
                    Diagnostic::new(meta(), p.span, format!("`{}` is not pinned", p.text)).help("use `-v <version>` or `name:version`"),
                );
            }
        }
    }
}
