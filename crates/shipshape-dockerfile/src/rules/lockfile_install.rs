use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF077", name: "lockfile-install", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "Install dependencies from the lock file",
    what: "Flags `npm install` with no package arguments (use `npm ci`), `uv sync` without `--frozen`/`--locked`, `pnpm install` without `--frozen-lockfile`, and `yarn install` without `--frozen-lockfile`/`--immutable`. An explicit opt-out (`--no-frozen-lockfile`, `--no-immutable`) is the author's choice and is left alone.",
    why: "Non-frozen installs may resolve different versions than the lock file and silently rewrite it: builds stop being reproducible.",
    example: "RUN npm install",
    instead: "RUN npm ci",
    fix_safety: "Unsafe: `npm install` becomes `npm ci`, `uv sync` gets `--locked`, pnpm/yarn get `--frozen-lockfile`; the build then fails when the lock file is missing or stale.",
    refs: "- https://docs.npmjs.com/cli/commands/npm-ci",
    spans: ["npm install"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // pnpm freezes the lock file by itself when `CI` is set (Dozzle's `ENV CI=true`).
    let ci = cx
        .env_and_args()
        .into_iter()
        .any(|(_, k, v, _)| k == "CI" && v.is_some_and(|v| matches!(v.trim_matches('"'), "true" | "1")));
    for (_, c) in cx.commands() {
        let sub = c.subcommand();
        let sub_word = c.positional().next();
        let (msg, edit) = match (c.name.as_str(), sub) {
            ("npm", Some("install" | "i")) if super::support::packages(c).next().is_none() && !c.has_opt(&['g'], &["global"]) => (
                "`npm install` can change the lock file: use `npm ci`",
                sub_word.map(|w| Edit::replace(w.span, "ci")),
            ),
            ("uv", Some("sync")) if !c.args.iter().any(|a| a.text == "--frozen" || a.text == "--locked") => (
                "`uv sync` without `--locked` may re-resolve dependencies",
                sub_word.map(|w| Edit::insert(w.span.end, " --locked")),
            ),
            ("pnpm", Some("install" | "i"))
                if !ci
                    && !c.args.iter().any(|a| a.text.starts_with("--frozen-lockfile") || opts_out(&a.text))
                    && super::support::packages(c).next().is_none() =>
            {
                (
                    "`pnpm install` without `--frozen-lockfile` may update the lock file",
                    sub_word.map(|w| Edit::insert(w.span.end, " --frozen-lockfile")),
                )
            }
            ("yarn", Some("install"))
                if !c
                    .args
                    .iter()
                    .any(|a| a.text.starts_with("--frozen-lockfile") || a.text.starts_with("--immutable") || opts_out(&a.text)) =>
            {
                (
                    "`yarn install` without `--frozen-lockfile` may update the lock file",
                    sub_word.map(|w| Edit::insert(w.span.end, " --frozen-lockfile")),
                )
            }
            _ => continue,
        };
        out.push(Diagnostic::new(meta(), c.span, msg).maybe_fix(edit.map(|e| Fix::unsafe_("install from the lock file", vec![e]))));
    }
}

/// `--no-frozen-lockfile`, `--no-immutable`: the author chose to let the install update the lock
/// file (trigger.dev's turbo-pruned lock file, judged not worth a finding, the twenty-fourth sample).
fn opts_out(arg: &str) -> bool {
    matches!(
        arg,
        "--no-frozen-lockfile" | "--no-immutable" | "--frozen-lockfile=false" | "--immutable=false"
    )
}
