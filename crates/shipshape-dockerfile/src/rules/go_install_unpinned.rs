use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF048", name: "go-install-unpinned", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["hadolint:DL3062"], options: [],
    summary: "Pin versions in go install",
    what: "Flags `go install pkg@latest` (and `@master`, `@main`). `go install pkg` without `@version` is not flagged: inside a module Go takes the version from its `go.mod`, and outside one it refuses.",
    why: "`@latest` resolves to whatever was tagged last; builds stop being reproducible.",
    example: "RUN go install golang.org/x/tools/gopls@latest",
    instead: "RUN go install golang.org/x/tools/gopls@v0.16.2",
    fix_safety: "No automatic fix.",
    refs: "- https://go.dev/ref/mod#go-install",
    spans: ["golang.org/x/tools/gopls@latest"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name != "go" || c.subcommand() != Some("install") {
            continue;
        }
        for p in super::support::packages(c) {
            let t = p.text.as_str();
            if t.contains('$') || t.starts_with('.') {
                continue;
            }
            let (_, version) = t.split_once('@').unwrap_or((t, ""));
            // Without `@version`, Go takes the version from the `go.mod` of the working directory
            // (tailscale warms its cache so after `COPY go.mod go.sum`), and outside a module it
            // refuses: pinned or failing, never floating.
            if version == "latest" || version == "master" || version == "main" {
                out.push(Diagnostic::new(meta(), p.span, format!("`{t}` is not pinned to a version")).help("use `module@vX.Y.Z`"));
            }
        }
    }
}
