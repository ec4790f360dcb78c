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
    spans: ["curl"],
}

fn unpinned(package: &str) -> bool {
    !package.contains('=') && !package.ends_with(".deb") && !package.contains('$')
}

/// The variable a package word consists of: `$PKGS` or `${PKGS}`.
fn variable(word: &str) -> Option<&str> {
    let name = word
        .strip_prefix("${")
        .and_then(|w| w.strip_suffix('}'))
        .or_else(|| word.strip_prefix('$'))?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(name)
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut vars = cx.df.var_cursor();
    for (i, c) in cx.commands() {
        if super::support::is_apt_install(c) {
            for p in super::support::packages(c) {
                if unpinned(&p.text) {
                    out.push(Diagnostic::new(meta(), p.span, format!("`{}` is not pinned", p.text)).help("use `package=version`"));
                    continue;
                }
                // A list of packages in an ARG or ENV (`ARG DEPS="curl wget"`, `apt-get install $DEPS`): the
                // shell splits the value into package names. A value set only at build time is unknown.
                let Some(name) = variable(&p.text) else { continue };
                let Some(value) = vars.at(i).get(name) else { continue };
                let loose: Vec<&str> = value.split_whitespace().filter(|w| unpinned(w) && !w.starts_with('-')).collect();
                if !loose.is_empty() {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            p.span,
                            format!("`{}` installs `{}`, not pinned", p.text, loose.join("`, `")),
                        )
                        .help("use `package=version` in the variable's value"),
                    );
                }
            }
        }
    }
}
