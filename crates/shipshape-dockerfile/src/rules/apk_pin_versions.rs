use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF017", name: "apk-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3018"], options: [],
    summary: "Pin versions in apk add (opt-in)",
    what: "Flags packages in `apk add` without `=version` (or `~version`).",
    why: "Unpinned packages change between builds. Opt-in: Alpine removes old versions from its mirrors, so pins break builds.",
    example: "RUN apk add --no-cache curl",
    instead: "RUN apk add --no-cache curl=8.11.1-r0",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3018",
    spans: ["curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if !super::support::is_sub(c, "apk", &["add"]) {
            continue;
        }
        let mut skip = false;
        for a in &c.args {
            if skip {
                skip = false;
                continue;
            }
            if matches!(a.text.as_str(), "-t" | "--virtual" | "-X" | "--repository" | "--root" | "-p") {
                skip = true;
                continue;
            }
            if a.text.starts_with('-') || a.text == "add" {
                continue;
            }
            if !a.text.contains(['=', '~', '$', '<', '>']) && !a.text.ends_with(".apk") {
                out.push(Diagnostic::new(meta(), a.span, format!("`{}` is not pinned", a.text)).help("use `package=version`"));
            }
        }
    }
}
