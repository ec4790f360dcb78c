use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF078", name: "npm-deprecated-production-flag", severity: Warning, category: Maintainability, default: true, fix: Safe,
    peers: [], options: [],
    summary: "npm's --production and --only=production are deprecated",
    what: "Flags `--production`, `--only=production` and `--only=prod` on `npm ci`, `npm install` and `npm prune`.",
    why: "npm 7+ prints a deprecation warning and future versions drop them; `--omit=dev` is the supported spelling.",
    example: "RUN npm ci --only=production",
    instead: "RUN npm ci --omit=dev",
    fix_safety: "Safe: the flag is replaced by `--omit=dev`, which means the same.",
    refs: "- https://docs.npmjs.com/cli/commands/npm-ci#omit",
    spans: ["--only=production"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if !super::support::is_sub(c, "npm", &["ci", "install", "i", "prune"]) {
            continue;
        }
        for a in &c.args {
            if matches!(
                a.text.as_str(),
                "--production" | "--only=production" | "--only=prod" | "--production=true"
            ) {
                out.push(
                    Diagnostic::new(meta(), a.span, format!("`{}` is deprecated", a.text))
                        .fix(Fix::safe("use `--omit=dev`", vec![Edit::replace(a.span, "--omit=dev")])),
                );
            }
        }
    }
}
