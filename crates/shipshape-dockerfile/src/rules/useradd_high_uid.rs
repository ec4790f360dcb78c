use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF041", name: "useradd-high-uid", severity: Warning, category: Performance, default: true, fix: Safe,
    peers: ["hadolint:DL3046"], options: [],
    summary: "useradd with a high UID needs -l",
    what: "Flags `useradd -u <uid>` with a UID above 65535 and without `-l`/`--no-log-init`.",
    why: "useradd writes a sparse `/var/log/faillog` and `lastlog` sized by the UID; Docker stores them as real bytes, adding gigabytes.",
    example: "RUN useradd -u 1000000 app",
    instead: "RUN useradd -l -u 1000000 app",
    fix_safety: "Safe: inserts `-l` after `useradd`.",
    refs: "- https://github.com/moby/moby/issues/5419",
    spans: ["useradd -u 1000000 app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name != "useradd" || c.has_opt(&['l'], &["no-log-init"]) {
            continue;
        }
        let uid = c
            .args
            .windows(2)
            .find(|w| w[0].text == "-u" || w[0].text == "--uid")
            .map(|w| w[1].text.clone())
            .or_else(|| c.args.iter().find_map(|a| a.text.strip_prefix("--uid=").map(str::to_owned)));
        if uid.and_then(|u| u.parse::<u64>().ok()).is_some_and(|u| u > 65535) {
            out.push(
                Diagnostic::new(meta(), c.span, "`useradd` with a high UID and no `-l` bloats the image")
                    .fix(Fix::safe("add `-l`", vec![Edit::insert(c.name_span.end, " -l")])),
            );
        }
    }
}
