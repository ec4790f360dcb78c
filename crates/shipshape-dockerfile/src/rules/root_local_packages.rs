use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF083", name: "root-local-packages", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "Packages under /root are run by a non-root user",
    what: "Flags a final stage that copies or installs into `/root/.local` (e.g. `pip install --user` as root, `COPY --from=builder /root/.local /root/.local`) and then switches to a non-root USER.",
    why: "`/root` is mode 700: the non-root user cannot read the packages, so imports fail at run time.",
    example: "COPY --from=builder /root/.local /root/.local\nUSER appuser\nCMD [\"python\", \"app.py\"]",
    instead: "COPY --from=builder --chown=appuser:appuser /root/.local /home/appuser/.local\nUSER appuser\nENV PATH=/home/appuser/.local/bin:$PATH",
    fix_safety: "No automatic fix.",
    refs: "- https://pip.pypa.io/en/stable/user_guide/#user-installs",
    spans: ["/root/.local"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(stage) = cx.df.final_stage() else { return };
    let Some((user_idx, user)) = cx.df.stage_user(stage) else { return };
    if super::last_user_root::is_root(&user) {
        return;
    }
    for (i, ins) in cx.df.stage_instructions(stage) {
        if i > user_idx {
            break;
        }
        let hit = match ins.keyword {
            Keyword::Copy | Keyword::Add => ins.words().last().filter(|d| d.text.starts_with("/root")).map(|d| d.span),
            Keyword::Run => cx.df.script(i).and_then(|s| {
                s.commands
                    .iter()
                    .find(|c| super::pip_pin_versions::is_pip_install(c) && c.has_arg("--user"))
                    .map(|c| c.span)
            }),
            _ => None,
        };
        if let Some(span) = hit {
            out.push(
                Diagnostic::new(meta(), span, format!("files under /root are not readable by `{user}`"))
                    .label(cx.instructions()[user_idx].args_span(), "the image runs as this user")
                    .help("install into the user's home or a virtualenv owned by that user"),
            );
        }
    }
}
