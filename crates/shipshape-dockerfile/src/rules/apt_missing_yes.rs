use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF014", name: "apt-missing-yes", severity: Warning, category: Correctness, default: true, fix: Safe,
    peers: ["hadolint:DL3014"], options: [],
    summary: "Use the -y switch with apt-get install",
    what: "Flags `apt-get install` without `-y`, `--yes`, `--assume-yes` or `-qq`.",
    why: "Without it apt asks for confirmation, and the build aborts because there is no terminal to answer.",
    example: "RUN apt-get update && apt-get install curl",
    instead: "RUN apt-get update && apt-get install -y curl",
    fix_safety: "Safe: inserts `-y` after `install`.",
    refs: "- https://docs.docker.com/build/building/best-practices/#apt-get",
    spans: ["apt-get install curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if !super::support::is_apt_install(c)
            || c.has_opt(&['y'], &["yes", "assume-yes", "force-yes"])
            || c.args.iter().any(|a| a.text == "-qq" || a.text.starts_with("-qqy"))
        {
            continue;
        }
        let install = c.positional().next().map_or(c.name_span, |w| w.span);
        out.push(
            Diagnostic::new(
                meta(),
                c.span,
                "`apt-get install` without `-y` waits for a confirmation that never comes",
            )
            .fix(Fix::safe("add `-y`", vec![Edit::insert(install.end, " -y")])),
        );
    }
}
