use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF023", name: "duplicate-stage-name", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL3024", "checkov:CKV_DOCKER_11", "buildkit:DuplicateStageName"], options: [],
    summary: "Stage names must be unique",
    what: "Flags a `FROM … AS name` whose name an earlier stage already uses.",
    why: "BuildKit only warns (its `DuplicateStageName` build check) and builds with one of them: a `--target` or `COPY --from` naming the stage then means something the reader cannot tell. With `# check=error=true` the build fails.",
    example: "FROM node:22 AS build\nFROM golang:1.23 AS build",
    instead: "FROM node:22 AS web\nFROM golang:1.23 AS api",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#from",
    spans: ["build"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (n, s) in cx.df.stages.iter().enumerate() {
        let (Some(name), Some(span)) = (&s.name, s.name_span) else {
            continue;
        };
        if let Some(first) = cx.df.first_stage_named(name).filter(|f| f.index < n) {
            let mut d = Diagnostic::new(meta(), span, format!("stage name `{name}` is already used"));
            if let Some(fs) = first.name_span {
                d = d.label(fs, "first defined here");
            }
            out.push(d);
        }
    }
}
