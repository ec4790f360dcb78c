use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF001", name: "workdir-relative", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL3000", "checkov:CKV_DOCKER_10", "buildkit:WorkdirRelativePath"], options: [],
    summary: "WORKDIR should be an absolute path",
    what: "Flags a `WORKDIR` whose path is relative.",
    why: "A relative WORKDIR depends on the previous WORKDIR, which may come from a base image you do not control.",
    example: "WORKDIR app",
    instead: "WORKDIR /app",
    fix_safety: "No automatic fix: the intended absolute path is unknown.",
    refs: "- https://docs.docker.com/reference/dockerfile/#workdir",
    spans: ["app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins) in cx.each(Keyword::Workdir) {
        let path = ins.args.value.trim();
        let unquoted = path.trim_matches(['"', '\'']);
        let absolute = unquoted.starts_with('/')
            || unquoted.starts_with('$')
            || unquoted.as_bytes().get(1) == Some(&b':')
            || unquoted.starts_with('\\');
        if !absolute && !unquoted.is_empty() && cx.df.shell_of[i] != crate::model::ShellKind::Cmd {
            out.push(
                Diagnostic::new(meta(), ins.args_span(), format!("WORKDIR `{unquoted}` is relative"))
                    .help("use an absolute path such as `/app`"),
            );
        }
    }
}
