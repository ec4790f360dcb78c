use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix, Span};

rule! {
    code: "DF018", name: "apk-no-cache", severity: Warning, category: Performance, default: false, fix: Safe,
    peers: ["hadolint:DL3019"], options: [],
    summary: "Use --no-cache with apk add",
    what: "Flags `apk add` and `apk upgrade` without `--no-cache`, and `apk update` before them in the same RUN (it stores the index whatever flags follow), in a stage that reaches the final image, unless the RUN mounts a cache on `/var/cache/apk` or removes it.",
    why: "The package index stays in the layer otherwise. `apk add --no-cache` fetches a fresh index without storing it, so `apk update` is not needed.",
    example: "RUN apk update && apk add curl",
    instead: "RUN apk add --no-cache curl",
    fix_safety: "Safe: inserts `--no-cache` after `add`/`upgrade`, and drops an `apk update &&` directly before it when only `apk add`/`apk upgrade` follow.",
    refs: "- https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md",
    spans: ["apk add curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        if !super::support::reaches_final_image(cx, i)
            || super::support::has_cache_mount(ins, "/var/cache/apk")
            || super::support::has_cache_mount(ins, "/etc/apk/cache")
        {
            continue;
        }
        let removes_cache = script
            .commands
            .iter()
            .any(|c| c.name == "rm" && c.args.iter().any(|a| a.text.starts_with("/var/cache/apk")));
        if removes_cache {
            continue;
        }
        // `apk update` is what writes the index to /var/cache/apk; `--no-cache` on a later command does not remove it.
        let update = script.commands.iter().find(|c| super::support::is_sub(c, "apk", &["update"]));
        for c in script
            .commands
            .iter()
            .filter(|c| super::support::is_sub(c, "apk", &["add", "upgrade"]))
        {
            let sub = c.subcommand().unwrap_or("");
            let no_cache = c.has_arg("--no-cache") || c.has_arg("--no-network");
            let add = c.positional().next().map_or(c.name_span, |w| w.span);
            let insert = (!no_cache).then(|| Edit::insert(add.end, " --no-cache"));
            match update.filter(|u| u.span.end <= c.span.start) {
                Some(u) => {
                    let message = if no_cache {
                        format!("`apk update` stores the package index in the layer: `apk {sub} --no-cache` fetches its own")
                    } else {
                        format!("`apk update` stores the package index in the layer, and `apk {sub}` without `--no-cache` keeps it")
                    };
                    let mut d = Diagnostic::new(meta(), c.span, message)
                        .label(u.span, "writes the index to /var/cache/apk")
                        .help(format!(
                            "drop `apk update` and run `apk {sub} --no-cache`: it fetches a fresh index without storing it"
                        ));
                    if let Some(remove) = removable_update(cx.src, script, u) {
                        d = d.fix(Fix::safe(
                            "drop `apk update` and use `--no-cache`",
                            std::iter::once(Edit::delete(remove)).chain(insert).collect(),
                        ));
                    }
                    out.push(d);
                }
                None if !no_cache => {
                    let updates = c.find_opt(&['U'], &["update-cache", "update"]);
                    let message = match updates {
                        Some(flag) => format!("`apk {sub} {}` stores the package index in the layer", flag.text),
                        None => format!("`apk {sub}` leaves the package index in the layer"),
                    };
                    out.push(Diagnostic::new(meta(), c.span, message).fix(Fix::safe("add `--no-cache`", insert.into_iter().collect())));
                }
                None => {}
            }
        }
    }
}

/// The text to delete to drop `apk update`: the command and the `&&` joining it to the next one, when that
/// next command is `apk add`/`apk upgrade` and every apk command after the update is one of those.
fn removable_update(src: &str, script: &crate::shell::Script, update: &crate::shell::Command) -> Option<Span> {
    let later: Vec<_> = script.commands.iter().filter(|c| c.span.start >= update.span.end).collect();
    let next = later.first()?;
    if !super::support::is_sub(next, "apk", &["add", "upgrade"])
        || later
            .iter()
            .any(|c| c.name == "apk" && !super::support::is_sub(c, "apk", &["add", "upgrade"]))
    {
        return None;
    }
    let between = src.get(update.span.end..next.span.start)?;
    let joined = between.replace("\\\r\n", " ").replace("\\\n", " ").replace("`\n", " ");
    (joined.trim() == "&&").then(|| Span::new(update.span.start, next.span.start))
}
