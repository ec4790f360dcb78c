use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF071", name: "chmod-after-user", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "chmod/chown after switching to a non-root USER",
    what: "Flags `chmod`/`chown` in a RUN that follows a `USER` other than root in the same stage.",
    why: "Either it fails (the user does not own the files) or it is not a privilege drop: the owner can change the mode back. It also copies the files into a new layer.",
    example: "USER nodejs\nRUN chmod -R 500 /app",
    instead: "COPY --chown=root:root --chmod=555 . /app\nUSER nodejs",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#copy---chmod",
    spans: ["chmod -R 500 /app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let mut user: Option<String> = None;
        for (i, ins) in cx.df.stage_instructions(stage) {
            if ins.keyword == crate::parser::Keyword::User {
                user = Some(ins.args.value.trim().to_owned());
                continue;
            }
            let Some(u) = &user else { continue };
            if super::last_user_root::is_root(u) || ins.keyword != crate::parser::Keyword::Run {
                continue;
            }
            if let Some(script) = cx.df.script(i) {
                for c in script
                    .commands
                    .iter()
                    .filter(|c| (c.name == "chmod" || c.name == "chown") && !c.sudo)
                {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            c.span,
                            format!("`{}` runs as `{u}`, after the switch away from root", c.name),
                        )
                        .help("set ownership and modes with `COPY --chown/--chmod` before `USER`"),
                    );
                }
            }
        }
    }
}
