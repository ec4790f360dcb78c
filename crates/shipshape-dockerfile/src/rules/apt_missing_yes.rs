use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF014", name: "apt-missing-yes", severity: Warning, category: Correctness, default: true, fix: Safe,
    peers: ["hadolint:DL3014"], options: [],
    summary: "Use the -y switch with apt-get install",
    what: "Flags `apt-get install` without `-y`, `--yes`, `--assume-yes` or `-qq`.",
    why: "Without it apt asks for confirmation whenever the install pulls in more than the packages named (a new dependency after a base image update, a removal), and the build aborts because there is no terminal to answer: a build that worked yesterday breaks.",
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
            // apt asks only when the install pulls in more than the packages named, and with no
            // terminal to answer it aborts (FAC's `apt install cf8-cli`: "waits forever" was judged
            // wrong, precision sample 43).
            Diagnostic::new(
                meta(),
                c.span,
                format!(
                    "`{} install` without `-y` aborts the build whenever it needs to confirm (a dependency, a removal)",
                    c.name
                ),
            )
            .fix(Fix::safe("add `-y`", vec![Edit::insert(install.end, " -y")])),
        );
    }
}
