use crate::runner::{container_image, posix_sh};
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::image::BinSh;

rule! {
    code: "GHA077", name: "run-bash-syntax-in-sh", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "Bash-only syntax in a `run:` script that `sh` runs",
    what: "Flags brace expansion (`{a,b}`), `[[ … ]]`, `source`, the `function` keyword, arrays, `<<<` and `&>` in a `run:` script whose shell is a POSIX `sh` known not to be bash: `shell: sh` on a GitHub-hosted Ubuntu runner (dash), `shell: sh` in a container of a Debian-family or Alpine image, and a step with no `shell:` in a container that has no bash (`alpine`, `busybox`, `node:*-alpine`…), where GitHub falls back to `sh`. busybox ash accepts most bash syntax: there only brace expansion and arrays are flagged.",
    why: "In dash `mkdir -p out/{bin,lib}` makes one directory named `{bin,lib}`, `cmd &> log` runs `cmd` in the background, and `[[`/`source` fail: the step does something else than it says, or fails.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: alpine:3.22\n    steps:\n      - run: mkdir -p dist/{bin,lib}",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: alpine:3.22\n    steps:\n      - run: mkdir -p dist/bin dist/lib",
    fix_safety: "No automatic fix: rewrite in POSIX sh, or install bash in the image and name `shell: bash`.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#defaultsrunshell\n- https://wiki.ubuntu.com/DashAsBinSh",
    spans: ["dist/{bin,lib}"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (job, step, run) in cx.workflow_runs() {
        let Some(sh) = posix_sh(cx.root, job, step) else { continue };
        let Some(parsed) = cx.run_script(run, true) else { continue };
        let (shell, on) = match (sh, container_image(job)) {
            (BinSh::Dash, Some(image)) => ("dash", format!("in `{image}`")),
            (BinSh::Dash, None) => ("dash", "on the Ubuntu runner".to_owned()),
            (BinSh::Ash, image) => ("busybox ash", format!("in `{}`", image.unwrap_or("the container"))),
        };
        for (span, b) in &parsed.bashisms {
            if sh == BinSh::Ash && !b.missing_in_ash() {
                continue;
            }
            out.push(
                Diagnostic::new(meta(), *span, format!("{} (this step's `sh` is {shell} {on})", b.describe()))
                    .help("write it in POSIX sh, or run the step with bash (`shell: bash`) where the image has it"),
            );
        }
    }
}
