//! Small queries several rules share: package-manager invocations, cache mounts, stage bounds.

use crate::Ctx;
use crate::parser::Instruction;
use crate::shell::Command;

/// Whether a RUN mounts a BuildKit cache (or tmpfs) over a path containing `path_part`;
/// package caches there never reach the image.
pub fn has_cache_mount(ins: &Instruction, path_part: &str) -> bool {
    ins.flags.iter().filter(|f| f.name == "mount").any(|f| {
        let v = f.value.as_deref().unwrap_or("");
        (v.contains("type=cache") || v.contains("type=tmpfs")) && v.contains(path_part)
    })
}

/// `apt-get install …` (also `apt install`).
pub fn is_apt_install(c: &Command) -> bool {
    // `-s` and friends only simulate: nothing is installed.
    (c.name == "apt-get" || c.name == "apt")
        && c.subcommand() == Some("install")
        && !c.has_opt(&['s'], &["simulate", "dry-run", "just-print", "recon", "no-act"])
}

/// Whether the command is `prog sub` with `sub` among `subs`.
pub fn is_sub(c: &Command, prog: &str, subs: &[&str]) -> bool {
    c.name == prog && c.subcommand().is_some_and(|s| subs.contains(&s))
}

/// Whether instruction `idx` is in a stage that ends up in the built image: the final stage or an ancestor of it.
pub fn reaches_final_image(cx: &Ctx, idx: usize) -> bool {
    cx.df.reaches_final_image(idx)
}

/// Package arguments of an install command: positionals after the subcommand.
pub fn packages(c: &Command) -> impl Iterator<Item = &crate::parser::Word> {
    c.positional().skip(1)
}

/// Whether the file name says the image is for development or tests (rules about production images skip it).
pub fn is_dev_dockerfile(cx: &Ctx) -> bool {
    let name = cx.file.display.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    ["dev", "test", "ci", "debug", "local"].iter().any(|k| {
        name.split(['.', '-', '_'])
            .any(|part| part == *k || part == format!("{k}s") || (*k == "dev" && part == "development"))
    })
}

/// `prog install` without a non-interactive switch (`-y`/`--assumeyes`, or zypper's `-n`): report with an optional fix.
pub fn report_missing_yes(
    cx: &Ctx,
    progs: &[&str],
    subs: &[&str],
    yes: (&[char], &[&str]),
    insert: &str,
    meta: &'static shipshape_core::RuleMeta,
    out: &mut Vec<shipshape_core::Diagnostic>,
) {
    use shipshape_core::{Diagnostic, Edit, Fix};
    for (_, c) in cx.commands() {
        if !progs.contains(&c.name.as_str()) || !c.subcommand().is_some_and(|s| subs.contains(&s)) || c.has_opt(yes.0, yes.1) {
            continue;
        }
        let sub = c.positional().next().map_or(c.name_span, |w| w.span);
        let at = if c.name == "zypper" { c.name_span.end } else { sub.end };
        out.push(
            Diagnostic::new(
                meta,
                c.span,
                format!(
                    "`{} {}` waits for a confirmation that never comes",
                    c.name,
                    c.subcommand().unwrap_or("")
                ),
            )
            .fix(Fix::safe(format!("add `{}`", insert.trim()), vec![Edit::insert(at, insert)])),
        );
    }
}

/// `prog install` in a stage of the final image, with no `prog clean all` (or cache removal) in the same RUN.
pub fn report_clean_missing(
    cx: &Ctx,
    progs: &[&str],
    cache_dir: &str,
    clean_hint: &str,
    meta: &'static shipshape_core::RuleMeta,
    out: &mut Vec<shipshape_core::Diagnostic>,
) {
    for (i, ins, script) in cx.runs() {
        if !reaches_final_image(cx, i) || has_cache_mount(ins, cache_dir) {
            continue;
        }
        let Some(install) = script
            .commands
            .iter()
            .find(|c| progs.contains(&c.name.as_str()) && matches!(c.subcommand(), Some("install" | "in" | "groupinstall")))
        else {
            continue;
        };
        let cleaned = script.commands.iter().any(|c| {
            (progs.contains(&c.name.as_str()) && c.subcommand() == Some("clean"))
                || (c.name == "rm" && c.args.iter().any(|a| a.text.starts_with(cache_dir)))
        });
        if !cleaned {
            out.push(
                shipshape_core::Diagnostic::new(meta, install.span, format!("`{}` caches are left in the layer", install.name))
                    .help(format!("end the RUN with `&& {clean_hint}`")),
            );
        }
    }
}

/// Packages of `prog install` without a version.
pub fn report_unpinned(
    cx: &Ctx,
    progs: &[&str],
    is_pinned: fn(&str) -> bool,
    meta: &'static shipshape_core::RuleMeta,
    out: &mut Vec<shipshape_core::Diagnostic>,
) {
    for (_, c) in cx.commands() {
        if !progs.contains(&c.name.as_str()) || !matches!(c.subcommand(), Some("install" | "in")) {
            continue;
        }
        for p in packages(c) {
            if !is_pinned(&p.text) && !p.text.contains(['$', '/']) && !p.text.ends_with(".rpm") {
                out.push(
                    shipshape_core::Diagnostic::new(meta, p.span, format!("`{}` is not pinned", p.text)).help("pin the package version"),
                );
            }
        }
    }
}
