use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF049", name: "maintainer-deprecated", severity: Warning, category: Maintainability, default: false, fix: Safe,
    peers: ["hadolint:DL4000", "checkov:CKV_DOCKER_6", "buildkit:MaintainerDeprecated"], options: [],
    summary: "MAINTAINER is deprecated",
    what: "Flags the `MAINTAINER` instruction.",
    why: "It was deprecated in Docker 1.13; a label carries the same information and tools read it.",
    example: "MAINTAINER Jane <jane@example.com>",
    instead: "LABEL org.opencontainers.image.authors=\"Jane <jane@example.com>\"",
    fix_safety: "Safe: rewrites it as `LABEL org.opencontainers.image.authors=\"…\"`.",
    refs: "- https://docs.docker.com/reference/dockerfile/#maintainer-deprecated",
    spans: ["MAINTAINER"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, ins) in cx.each(Keyword::Maintainer) {
        let who = ins.args.value.trim().replace('\\', "\\\\").replace('"', "\\\"");
        let fix = Fix::safe(
            "use a LABEL",
            vec![Edit::replace(
                ins.keyword_span.cover(ins.args_span()),
                format!("LABEL org.opencontainers.image.authors=\"{who}\""),
            )],
        );
        out.push(Diagnostic::new(meta(), ins.keyword_span, "MAINTAINER is deprecated").fix(fix));
    }
}
