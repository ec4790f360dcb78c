use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::shell;

rule! {
    code: "GL014", name: "script-curl-pipe-shell", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A script downloaded in the job is piped straight into an interpreter",
    what: "Flags `curl … | sh`, `wget -qO- … | bash` and the like (also `sh -c \"$(curl …)\"`) in `script`, `before_script` and `after_script`, read by the shell model the Dockerfile rules use.",
    why: "Whatever the server returns runs with the job's CI variables and token, unreviewed and unpinned.",
    example: "setup:\n  script:\n    - curl -fsSL https://example.com/install.sh | bash",
    instead: "setup:\n  script:\n    - curl -fsSLo install.sh https://example.com/v1.2.3/install.sh\n    - echo \"3f1e0c...  install.sh\" | sha256sum -c\n    - bash install.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/pipeline_security/",
    spans: ["curl -fsSL https://example.com/install.sh | bash"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut lines = Vec::new();
    for key in ["before_script", "after_script"] {
        lines.extend(cx.root.get(key).map(|s| s.scalar_or_items()).unwrap_or_default());
    }
    for (_, _, job) in cx.jobs() {
        lines.extend(model::script_lines(job));
    }
    for node in lines {
        let Some(script) = node.as_str() else { continue };
        // Only a script that downloads is parsed (the parse costs more than every other rule of the
        // file together).
        if !script.contains("curl") && !script.contains("wget") {
            continue;
        }
        // The shell model shared with the Dockerfile's `RUN` and Actions' `run:`.
        let Some(parsed) = shell::analyse(&shell::map_scalar(cx.src, node.span(), script)) else {
            continue;
        };
        for d in parsed.downloads_run() {
            out.push(Diagnostic::new(meta(), d.span, d.message()).help("download a pinned version, verify its checksum, then run it"));
        }
    }
}
