use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF083", name: "root-local-packages", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "Packages under /root are run by a non-root user",
    what: "Flags a final stage that copies or installs into `/root/.local` or another package folder of root's home (`.cargo`, `go`, `.venv`, `.nvm`…; e.g. `pip install --user` as root, `COPY --from=builder /root/.local /root/.local`), or copies a file under `/root` that an instruction after the switch reads, and then switches to a non-root USER. A setup script root runs before the switch is not flagged.",
    why: "`/root` is mode 700: the non-root user cannot read the packages, so imports fail at run time.",
    example: "COPY --from=builder /root/.local /root/.local\nUSER appuser\nCMD [\"python\", \"app.py\"]",
    instead: "COPY --from=builder --chown=appuser:appuser /root/.local /home/appuser/.local\nUSER appuser\nENV PATH=/home/appuser/.local/bin:$PATH",
    fix_safety: "No automatic fix.",
    refs: "- https://pip.pypa.io/en/stable/user_guide/#user-installs",
    spans: ["/root/.local"],
}

/// Where package managers put what they install for root.
const PACKAGE_DIRS: &[&str] = &[
    "/root/.local",
    "/root/.cargo",
    "/root/.rustup",
    "/root/go",
    "/root/.venv",
    "/root/.npm-global",
    "/root/.nvm",
    "/root/.bun",
    "/root/.pyenv",
];

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
            // Packages under root's home (`/root/.local`, `/root/.cargo`…), or anything under it
            // the user's own instructions read later; a setup script root runs during the build
            // is nobody else's business (RAJA's CI images, judged wrong, the fiftieth sample).
            Keyword::Copy | Keyword::Add => ins
                .words()
                .last()
                .filter(|d| {
                    let dest = d.text.trim_end_matches('/');
                    dest.starts_with("/root")
                        && (PACKAGE_DIRS.iter().any(|p| dest == *p || dest.starts_with(&format!("{p}/")))
                            || cx.instructions()[user_idx + 1..].iter().any(|later| {
                                let text = later.args.value.as_str();
                                dest.len() > "/root".len() && text.contains(dest)
                            }))
                })
                .map(|d| d.span),
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
