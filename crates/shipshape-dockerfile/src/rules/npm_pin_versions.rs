use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF016", name: "npm-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3016"], options: [],
    summary: "Pin versions in npm install <package> (opt-in)",
    what: "Flags packages named in `npm install`/`npm i`/`npm add` without `@version` (local paths, tarballs and git URLs are fine).",
    why: "Unpinned global tools change between builds.",
    example: "RUN npm install -g typescript",
    instead: "RUN npm install -g typescript@5.6.3",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3016",
    spans: ["typescript"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if !super::support::is_sub(c, "npm", &["install", "i", "add"]) {
            continue;
        }
        for p in super::support::packages(c) {
            let t = p.text.as_str();
            let versioned = t.trim_start_matches('@').contains('@');
            // `@scope/name` is a registry package; another `/` is a path or a GitHub `user/repo`.
            let scoped = t.starts_with('@') && t.matches('/').count() == 1;
            let elsewhere = if scoped {
                t.contains([':', '$'])
            } else {
                t.contains(['/', ':', '$'])
            };
            if !versioned && !elsewhere && !t.ends_with(".tgz") && t != "." {
                out.push(Diagnostic::new(meta(), p.span, format!("`{t}` is not pinned")).help("use `package@version`"));
            }
        }
    }
}
