use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF042", name: "wget-without-progress", severity: Info, category: Style, default: false, fix: None,
    peers: ["hadolint:DL3047"], options: [],
    summary: "wget without --progress bloats build logs (opt-in)",
    what: "Flags `wget` without `-q`, `-nv`, `--progress` or `-o`/`--output-file`.",
    why: "The default progress bar writes thousands of lines into CI logs.",
    example: "RUN wget https://example.com/app.tar.gz",
    instead: "RUN wget --progress=dot:giga https://example.com/app.tar.gz",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3047",
    spans: ["wget https://example.com/app.tar.gz"],
}

/// wget's short options that take a value: in a cluster such as `-qO-` the rest of the word after one of
/// them is its value (`-O -`), not more options.
const TAKES_VALUE: &str = "aeOiBtwTPQUlARDIXY";

/// A short-option cluster that quiets wget or sends its log to a file before any option that takes a
/// value: `-qO-`, `-qO /tmp/x`, `-nvO-`, `-cq`.
fn quiet_cluster(word: &str) -> bool {
    let Some(cluster) = word.strip_prefix('-').filter(|c| !c.starts_with('-')) else {
        return false;
    };
    let mut chars = cluster.chars();
    while let Some(c) = chars.next() {
        match c {
            'q' | 'o' => return true,
            // `-n` takes the next letter: `-nv` (no verbose), `-nc`, `-nd`, `-nH`, `-np` (the guard consumes it).
            'n' if chars.next() == Some('v') => return true,
            c if TAKES_VALUE.contains(c) || !c.is_ascii_alphanumeric() => return false,
            _ => {}
        }
    }
    false
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name == "wget"
            && !c.has_opt(&[], &["quiet", "progress", "output-file", "no-verbose", "append-output"])
            && !c.args.iter().any(|a| quiet_cluster(&a.text))
        {
            out.push(
                Diagnostic::new(meta(), c.span, "`wget` prints a progress bar into the build log")
                    .help("add `--progress=dot:giga` or `-q`"),
            );
        }
    }
}
