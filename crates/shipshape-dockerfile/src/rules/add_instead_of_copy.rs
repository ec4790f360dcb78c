use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF019", name: "add-instead-of-copy", severity: Warning, category: Security, default: false, fix: Safe,
    peers: ["hadolint:DL3020", "checkov:CKV_DOCKER_4", "trivy:DS005"], options: [],
    summary: "Use COPY instead of ADD for files and folders",
    what: "Flags `ADD` of local files that are not archives (URLs are DF088's; git sources are left alone). Opt-in: ADD of local files behaves like COPY, so this is style (on real repositories 0 of 13 such findings were judged worth acting on).",
    why: "`ADD` also fetches URLs and unpacks archives; for plain files `COPY` says exactly what happens.",
    example: "ADD app.py /app/",
    instead: "COPY app.py /app/",
    fix_safety: "Safe: `ADD` becomes `COPY` when every source is a local non-archive path.",
    refs: "- https://docs.docker.com/build/building/best-practices/#add-or-copy",
    spans: ["ADD"],
}

const ARCHIVES: &[&str] = &[
    ".tar", ".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz", ".zst", ".tbz", ".lz", ".lzma", ".z", ".zip",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, ins) in cx.each(Keyword::Add) {
        if !ins.heredocs.is_empty() || ins.flag("checksum").is_some() || ins.flag("keep-git-dir").is_some() || ins.flag("unpack").is_some()
        {
            continue;
        }
        let words: Vec<String> = ins.operands().into_iter().map(|w| w.text).collect();
        let Some((_, sources)) = words.split_last() else { continue };
        if sources.is_empty() {
            continue;
        }
        let plain = sources.iter().all(|s| {
            let l = s.to_ascii_lowercase();
            !l.contains("://")
                && !l.starts_with("git@")
                && !l.contains('$')
                && !ARCHIVES.iter().any(|e| l.ends_with(e))
                && !l.ends_with('*')
        });
        if plain {
            let fix = Fix::safe(
                "replace ADD with COPY",
                vec![Edit::replace(
                    ins.keyword_span,
                    if ins.keyword_span.text(cx.src).chars().all(|c| c.is_ascii_lowercase()) {
                        "copy"
                    } else {
                        "COPY"
                    },
                )],
            );
            out.push(Diagnostic::new(meta(), ins.keyword_span, "ADD of plain files: COPY says what it does").fix(fix));
        }
    }
}
