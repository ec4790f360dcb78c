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

/// `dest` resolved against the working directory, without a trailing slash.
fn absolute(workdir: &str, dest: &str) -> String {
    let joined = if dest.starts_with('/') {
        dest.to_owned()
    } else {
        let d = dest.trim_start_matches("./");
        if d == "." || d.is_empty() {
            workdir.to_owned()
        } else {
            format!("{}/{d}", workdir.trim_end_matches('/'))
        }
    };
    let t = joined.trim_end_matches('/');
    if t.is_empty() { "/".to_owned() } else { t.to_owned() }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let mut dests: Vec<String> = Vec::new();
        let mut workdir = String::from("/");
        for (i, ins) in cx.df.stage_instructions(stage) {
            if matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                if let Some(d) = ins.words().last() {
                    dests.push(absolute(&workdir, &d.text));
                }
                continue;
            }
            if ins.keyword == Keyword::Workdir {
                workdir = absolute(&workdir, ins.args.value.trim());
                continue;
            }
            let Some(script) = cx.df.script(i) else { continue };
            for c in script
                .commands
                .iter()
                .filter(|c| (c.name == "chown" || c.name == "chmod") && c.has_opt(&['R'], &["recursive"]))
            {
                let hit = c.positional().skip(1).any(|p| {
                    let p = absolute(&workdir, &p.text);
                    let p = p.as_str();
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
