use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF010", name: "copy-then-extract", severity: Info, category: Performance, default: false, fix: None,
    peers: ["hadolint:DL3010"], options: [],
    summary: "Use ADD to extract a local archive instead of COPY plus tar",
    what: "Flags a `COPY` of a local `.tar*` archive that a later RUN of the same stage extracts with `tar`.",
    why: "`ADD` extracts local archives itself; COPY plus tar keeps the archive in an extra layer.",
    example: "COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt",
    instead: "ADD app.tar.gz /opt/",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#add",
    spans: ["app.tar.gz"],
}

const EXTS: &[&str] = &[".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins) in cx.each(Keyword::Copy) {
        if ins.flag("from").is_some() {
            continue;
        }
        let words = ins.words();
        let Some((_, sources)) = words.split_last() else { continue };
        for src in sources {
            let name = src.text.rsplit('/').next().unwrap_or("");
            if !EXTS.iter().any(|e| name.ends_with(e)) {
                continue;
            }
            let stage = cx.df.stage_of[i];
            let extracted = cx
                .commands()
                .filter(|(j, _)| *j > i && cx.df.stage_of[*j] == stage)
                .any(|(_, c)| c.name == "tar" && c.args.iter().any(|a| a.text.ends_with(name)));
            if extracted {
                out.push(
                    Diagnostic::new(meta(), src.span, format!("`{name}` is copied and then extracted"))
                        .help("`ADD` extracts local archives in one step"),
                );
            }
        }
    }
}
