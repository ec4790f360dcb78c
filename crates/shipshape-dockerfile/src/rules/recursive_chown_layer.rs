use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF072", name: "recursive-chown-layer", severity: Info, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "chown -R/chmod -R over copied files duplicates them in a new layer",
    what: "Flags `chown -R`/`chmod -R` on a path that an earlier `COPY`/`ADD` of the same stage wrote.",
    why: "Changing metadata rewrites every file into a new layer, doubling their size in the image.",
    example: "COPY . /app\nRUN chown -R app:app /app",
    instead: "COPY --chown=app:app . /app",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#copy---chown---chmod",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let mut dests: Vec<String> = Vec::new();
        for (i, ins) in cx.df.stage_instructions(stage) {
            if matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                if let Some(d) = ins.words().last() {
                    dests.push(d.text.trim_end_matches('/').to_owned());
                }
                continue;
            }
            if ins.keyword == Keyword::Workdir {
                continue;
            }
            let Some(script) = cx.df.script(i) else { continue };
            for c in script
                .commands
                .iter()
                .filter(|c| (c.name == "chown" || c.name == "chmod") && c.has_opt(&['R'], &["recursive"]))
            {
                let hit = c.positional().skip(1).any(|p| {
                    let p = p.text.trim_end_matches('/');
                    !p.is_empty() && dests.iter().any(|d| d == p || d.starts_with(&format!("{p}/")))
                });
                if hit {
                    out.push(
                        Diagnostic::new(meta(), c.span, format!("`{} -R` rewrites copied files into a new layer", c.name))
                            .help("use `COPY --chown=user:group` (or `--chmod`) instead"),
                    );
                }
            }
        }
    }
}
