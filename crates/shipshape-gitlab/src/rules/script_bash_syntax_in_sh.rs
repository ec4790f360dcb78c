use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::image::ImageRef;
use shipshape_knowledge::shell;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL029", name: "script-bash-syntax-in-sh", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "Bash-only syntax in a script that the image's `sh` runs",
    what: "Flags brace expansion (`{a,b}`, `{1..3}`) and arrays in `script`, `before_script` and `after_script` of a job whose image has no bash (`alpine`, `busybox`, `node:*-alpine`, `python:*-alpine`, `golang:*-alpine`), set on the job or by `default:`/the top-level `image:` (a job that `extends:` another and sets no image is left alone). GitLab Runner uses bash when the image has it and falls back to `sh`, here busybox ash, which accepts the rest of bash's syntax.",
    why: "In busybox ash `cp config/{app,db}.yml dist/` copies a file literally named `{app,db}.yml`, which does not exist, and an array assignment is a syntax error: the job does something else than it says, or fails.",
    example: "build:\n  image: alpine:3.22\n  script:\n    - mkdir -p dist/{bin,lib}",
    instead: "build:\n  image: alpine:3.22\n  script:\n    - mkdir -p dist/bin dist/lib",
    fix_safety: "No automatic fix: rewrite in POSIX sh, or use an image with bash.",
    refs: "- https://docs.gitlab.com/runner/shells/#sh-and-bash\n- https://wiki.ubuntu.com/DashAsBinSh",
    spans: ["dist/{bin,lib}"],
}

/// The image name of a job, a `default:` or the pipeline (`image: x` or `image: {name: x}`).
fn image_of<'a>(node: NodeRef<'a>) -> Option<&'a str> {
    let i = node.get("image")?;
    let name = if i.is_map() { i.get("name")? } else { i };
    name.as_str()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let inherited = cx.root.get("default").and_then(image_of).or_else(|| image_of(cx.root));
    for (name, _, job) in cx.jobs() {
        if model::is_hidden(name) {
            continue;
        }
        let image = match image_of(job) {
            Some(i) => i,
            None if job.get("extends").is_some() => continue,
            None => match inherited {
                Some(i) => i,
                None => continue,
            },
        };
        if image.contains('$') || !ImageRef::parse(image).lacks_bash() {
            continue;
        }
        for line in model::script_lines(job) {
            let Some(script) = line.as_str() else { continue };
            if !script.contains(['{', '(', '[']) {
                continue;
            }
            let Some(parsed) = shell::analyse(&shell::map_scalar(cx.src, line.span(), script)) else {
                continue;
            };
            if parsed.has_error {
                continue;
            }
            for (span, b) in parsed.bashisms.iter().filter(|(_, b)| b.missing_in_ash()) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        *span,
                        format!("{} (in `{image}` the job's shell is busybox ash)", b.describe()),
                    )
                    .help("write it in POSIX sh, or use an image with bash"),
                );
            }
        }
    }
}
