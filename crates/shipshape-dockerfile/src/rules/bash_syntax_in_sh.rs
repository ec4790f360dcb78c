use crate::parser::{Instruction, Keyword};
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
pub(crate) use shipshape_knowledge::image::BinSh;

rule! {
    code: "DF089", name: "bash-syntax-in-sh", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "Bash-only syntax in a RUN that /bin/sh runs",
    what: "Flags brace expansion (`{a,b}`, `{1..3}`), `[[ … ]]`, `source`, the `function` keyword, arrays, `<<<` and `&>` in a RUN (or a RUN heredoc) that `/bin/sh` runs: no `SHELL` selects bash and no heredoc shebang does. Only on bases whose `/bin/sh` is known: dash (Debian, Ubuntu and the official images built on them) gets every check; busybox ash (Alpine), which accepts most bash syntax, only brace expansion and arrays. Fedora, RHEL-family and unknown bases are left alone (their `/bin/sh` may be bash).",
    why: "Docker runs shell-form RUN with `/bin/sh -c`. In dash `mkdir -p /app/{logs,data}` makes one directory literally named `{logs,data}`, `cmd &> log` runs `cmd` in the background, and `[[`/`source` fail: the build does something else than it says.",
    example: "FROM debian:bookworm-slim\nRUN mkdir -p /srv/{logs,data}",
    instead: "FROM debian:bookworm-slim\nRUN mkdir -p /srv/logs /srv/data",
    fix_safety: "No automatic fix: rewrite in POSIX sh, or set `SHELL [\"/bin/bash\", \"-c\"]` when bash is installed.",
    refs: "- https://docs.docker.com/reference/dockerfile/#shell-form\n- https://wiki.ubuntu.com/DashAsBinSh",
    spans: ["/srv/{logs,data}"],
}

/// Which shell `/bin/sh` is on the stage's base image, when known.
pub(crate) fn bin_sh(cx: &Ctx, idx: usize) -> Option<BinSh> {
    let stage = cx.df.stage_of.get(idx).copied().flatten()?;
    let root = cx.df.stage_chain(&cx.df.stages[stage]).last().copied()?;
    root.image_ref()?.bin_sh()
}

/// The SHELL instruction in effect at `idx` (following parent stages), if any.
pub(crate) fn shell_in_effect<'a>(cx: &Ctx<'a>, idx: usize) -> Option<&'a Instruction> {
    let stage = cx.df.stage_of.get(idx).copied().flatten()?;
    let mut upto = idx;
    for st in cx.df.stage_chain(&cx.df.stages[stage]) {
        if let Some(i) = (st.from..upto.min(st.end))
            .rev()
            .find(|&i| cx.instructions()[i].keyword == Keyword::Shell)
        {
            return Some(&cx.instructions()[i]);
        }
        upto = usize::MAX;
    }
    None
}

/// Whether an earlier RUN of the stage chain points /bin/sh at bash (`ln -sf /bin/bash /bin/sh`).
fn sh_replaced_by_bash(cx: &Ctx, idx: usize) -> bool {
    cx.commands().take_while(|(i, _)| *i < idx).any(|(i, c)| {
        c.name == "ln"
            && c.args.last().is_some_and(|a| a.text == "/bin/sh")
            && c.args.iter().any(|a| a.text.contains("bash"))
            && cx.df.stage_of[i].is_some()
    })
}

/// The shebang of a RUN whose whole script is one heredoc.
pub(crate) fn heredoc_shebang<'a>(cx: &Ctx<'a>, ins: &Instruction) -> Option<&'a str> {
    let [h] = ins.heredocs.as_slice() else { return None };
    if ins.args.value.trim() != h.marker.text(cx.src).trim() {
        return None;
    }
    h.body_span.text(cx.src).lines().next().filter(|l| l.starts_with("#!"))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        if script.bashisms.is_empty() {
            continue;
        }
        // An exec-form RUN (`["/bin/bash", "-c", "…"]`) names its shell; SHELL does not apply to it.
        let prog = match &ins.exec {
            Some(exec) => exec.first(),
            None => shell_in_effect(cx, i).and_then(|s| s.exec.as_ref()).and_then(|e| e.first()),
        };
        let sh = match prog {
            Some(prog) => match prog.text.rsplit('/').next().unwrap_or("") {
                "sh" => bin_sh(cx, i),
                "dash" => Some(BinSh::Dash),
                "ash" => Some(BinSh::Ash),
                _ => None,
            },
            None => bin_sh(cx, i),
        };
        let Some(sh) = sh else { continue };
        if let Some(shebang) = heredoc_shebang(cx, ins)
            && !(shebang.ends_with("/sh") || shebang.ends_with("/sh -e") || shebang.ends_with(" sh"))
        {
            continue;
        }
        if sh_replaced_by_bash(cx, i) {
            continue;
        }
        let shell = if sh == BinSh::Dash { "dash" } else { "busybox ash" };
        for (span, b) in &script.bashisms {
            if sh == BinSh::Ash && !b.missing_in_ash() {
                continue;
            }
            out.push(
                Diagnostic::new(meta(), *span, format!("{} (here /bin/sh is {shell})", b.describe()))
                    .help("write it in POSIX sh, or set `SHELL [\"/bin/bash\", \"-c\"]` before this RUN when the image has bash"),
            );
        }
    }
}
