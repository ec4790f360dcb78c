use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF009", name: "apt-lists-not-cleaned", severity: Warning, category: Performance, default: false, fix: Safe,
    peers: ["hadolint:DL3009"], options: [],
    summary: "Delete the apt lists after installing",
    what: "Flags `apt-get update` (or `apt update`) in a RUN, in a stage that reaches the final image, when that RUN does not remove `/var/lib/apt/lists/*` (or run `apt-get dist-clean`) (a cache mount on `/var/lib/apt` is fine). `update` is what writes the lists: a RUN that installs without updating wrote none to its layer, and an `apt-get update` alone in its RUN leaves them there (DF068 also reports it, for the stale cache).",
    why: "The package lists add tens of megabytes to the layer; removing them in a later RUN does not shrink the image.",
    example: "RUN apt-get update && apt-get install -y --no-install-recommends curl",
    instead: "RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*",
    fix_safety: "Safe: appends `&& rm -rf /var/lib/apt/lists/*` after the last command of the RUN (before a trailing `# comment`); no fix for heredocs, when the RUN ends in `&`, or when it only updates.",
    refs: "- https://docs.docker.com/build/building/best-practices/#apt-get",
    spans: ["apt-get update"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        if !super::support::reaches_final_image(cx, i) || super::support::has_cache_mount(ins, "/var/lib/apt") {
            continue;
        }
        // `apt-get update` writes the lists. A RUN that installs from lists an earlier layer fetched adds none
        // to its own layer, and removing them there would not shrink the image.
        let Some(update) = script
            .commands
            .iter()
            .find(|c| super::support::is_sub(c, "apt-get", &["update"]) || super::support::is_sub(c, "apt", &["update"]))
        else {
            continue;
        };
        let installs = script.commands.iter().any(super::support::is_apt_install);
        let cleaned = script
            .commands
            .iter()
            .any(|c| c.name == "rm" && c.args.iter().any(|a| removes_lists(&a.text)))
            || script
                .commands
                .iter()
                .any(|c| c.name == "apt-get" && c.subcommand() == Some("clean") && ins.args.value.contains("/var/lib/apt/lists"))
            // apt 3 (Debian trixie): `apt-get dist-clean` also removes the lists.
            || script.commands.iter().any(|c| (c.name == "apt-get" || c.name == "apt") && c.subcommand() == Some("dist-clean"));
        if cleaned {
            continue;
        }
        let mut d = Diagnostic::new(meta(), update.span, "apt lists are left in the layer").help(if installs {
            "end the RUN with `&& rm -rf /var/lib/apt/lists/*`"
        } else {
            "install in the same RUN as `apt-get update`, and end it with `&& rm -rf /var/lib/apt/lists/*`"
        });
        // Append after the last statement, not after a trailing `# comment` (Docker joins the
        // continuation into the comment and the `rm` would never run); no fix when unsure, nor for an
        // update alone (removing the lists it just fetched would leave a RUN that does nothing).
        if installs
            && ins.heredocs.is_empty()
            && ins.exec.is_none()
            && let Some(end) = script.append_at
        {
            d = d.fix(Fix::safe(
                "remove the apt lists in the same RUN",
                vec![Edit::insert(end, " \\\n    && rm -rf /var/lib/apt/lists/*")],
            ));
        }
        out.push(d);
    }
}

/// Whether an `rm` operand removes `/var/lib/apt/lists`: the lists themselves, or `/var/lib/apt` whole.
fn removes_lists(path: &str) -> bool {
    path.starts_with("/var/lib/apt/lists") || matches!(path.trim_end_matches('*').trim_end_matches('/'), "/var/lib/apt")
}
