use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF015", name: "apt-no-install-recommends", severity: Warning, category: Performance, default: false, fix: Safe,
    peers: ["hadolint:DL3015"], options: [],
    summary: "Avoid additional packages with --no-install-recommends",
    what: "Flags `apt-get install` without `--no-install-recommends` in a stage that reaches the final image.",
    why: "Recommended packages often double the size of what you install and widen the attack surface.",
    example: "RUN apt-get install -y curl",
    instead: "RUN apt-get install -y --no-install-recommends curl",
    fix_safety: "Safe: inserts `--no-install-recommends` after `install`. (A package that relied on a recommended one may need it listed.)",
    refs: "- https://docs.docker.com/build/building/best-practices/#apt-get",
    spans: ["apt-get install -y curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // An apt configuration written anywhere in the file (say a RUN writing apt.conf.d) counts.
    if cx.src.contains("APT::Install-Recommends") {
        return;
    }
    let mut vars = cx.df.var_cursor();
    // Whether a variable sets Install-Recommends, by the cursor's version (recomputed only when variables change).
    let mut env_set: Option<(usize, bool)> = None;
    for (i, c) in cx.commands() {
        if !super::support::is_apt_install(c) || !super::support::reaches_final_image(cx, i) {
            continue;
        }
        if c.has_arg("--no-install-recommends")
            || c.args
                .iter()
                .any(|a| a.text.contains("Install-Recommends=false") || a.text.contains("Install-Recommends=0"))
        {
            continue;
        }
        vars.at(i);
        let version = vars.version();
        let set = match env_set {
            Some((v, set)) if v == version => set,
            _ => {
                let set = vars.at(i).values().any(|v| v.contains("Install-Recommends"));
                env_set = Some((version, set));
                set
            }
        };
        if set {
            continue;
        }
        let install = c.positional().next().map_or(c.name_span, |w| w.span);
        out.push(
            Diagnostic::new(meta(), c.span, "`apt-get install` pulls in recommended packages").fix(Fix::safe(
                "add `--no-install-recommends`",
                vec![Edit::insert(install.end, " --no-install-recommends")],
            )),
        );
    }
}
