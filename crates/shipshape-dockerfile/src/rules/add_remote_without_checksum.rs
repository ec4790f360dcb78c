use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF088", name: "add-remote-without-checksum", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_DOCKER_4"], options: [],
    summary: "Verify what ADD downloads with --checksum",
    what: "Flags `ADD` of an `http://` or `https://` URL without `--checksum=sha256:…`. Git repositories (a URL ending in `.git`, or `.git#ref`) are left alone: a ref pins them, not a file digest.",
    why: "`ADD <url>` puts whatever the server returns into the image, unverified: a compromised or changed download goes unnoticed. `--checksum` (Dockerfile 1.6+) makes the build fail when the content is not the one you reviewed.",
    example: "ADD https://example.com/tool-1.2.tar.gz /opt/",
    instead: "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /opt/",
    fix_safety: "No automatic fix: the digest has to come from the publisher or a download you have verified.",
    refs: "- https://docs.docker.com/reference/dockerfile/#add---checksum",
    spans: ["https://example.com/tool-1.2.tar.gz"],
}

/// Whether a source is an HTTP(S) download (not a Git repository, which `ADD` clones).
fn is_http_download(source: &str) -> bool {
    let l = source.to_ascii_lowercase();
    let Some(rest) = l.strip_prefix("https://").or_else(|| l.strip_prefix("http://")) else {
        return false;
    };
    let path = rest.split('#').next().unwrap_or(rest);
    !(path.ends_with(".git") || l.contains(".git#"))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, ins) in cx.each(Keyword::Add) {
        if ins.flag("checksum").is_some() || !ins.heredocs.is_empty() {
            continue;
        }
        let words = ins.operands();
        let Some((_, sources)) = words.split_last() else { continue };
        for src in sources.iter().filter(|s| is_http_download(&s.text)) {
            out.push(
                Diagnostic::new(meta(), src.span, "ADD downloads this URL without verifying its content")
                    .help("add `--checksum=sha256:<digest>` (Dockerfile 1.6+), or download with curl and check it with `sha256sum -c`"),
            );
        }
    }
}
