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
    (c.name == "apt-get" || c.name == "apt") && c.subcommand() == Some("install")
}

/// Whether the command is `prog sub` with `sub` among `subs`.
pub fn is_sub(c: &Command, prog: &str, subs: &[&str]) -> bool {
    c.name == prog && c.subcommand().is_some_and(|s| subs.contains(&s))
}

/// Whether instruction `idx` is in a stage that ends up in the built image: the final stage or an ancestor of it.
pub fn reaches_final_image(cx: &Ctx, idx: usize) -> bool {
    let Some(stage) = cx.df.stage_of.get(idx).copied().flatten() else { return false };
    let mut cur = cx.df.stages.len().checked_sub(1);
    while let Some(c) = cur {
        if c == stage {
            return true;
        }
        cur = cx.df.stages[c].parent_stage;
    }
    false
}

/// Package arguments of an install command: positionals after the subcommand.
pub fn packages(c: &Command) -> impl Iterator<Item = &crate::parser::Word> {
    c.positional().skip(1)
}

/// Whether the file name says the image is for development or tests (rules about production images skip it).
pub fn is_dev_dockerfile(cx: &Ctx) -> bool {
    let name = cx.file.display.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    ["dev", "test", "ci", "debug", "local"].iter().any(|k| {
        name.split(['.', '-', '_']).any(|part| part == *k || part == format!("{k}s") || (*k == "dev" && part == "development"))
    })
}
