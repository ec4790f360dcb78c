use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL014", name: "script-curl-pipe-shell", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A script downloaded in the job is piped straight into a shell",
    what: "Flags `curl … | sh`, `wget -qO- … | bash` and the like in `script`, `before_script` and `after_script`.",
    why: "Whatever the server returns runs with the job's CI variables and token, unreviewed and unpinned.",
    example: "setup:\n  script:\n    - curl -fsSL https://example.com/install.sh | bash",
    instead: "setup:\n  script:\n    - curl -fsSLo install.sh https://example.com/v1.2.3/install.sh\n    - echo \"3f1e0c...  install.sh\" | sha256sum -c\n    - bash install.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/pipeline_security/",
    spans: ["curl -fsSL https://example.com/install.sh | bash"],
}

const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ksh", "python", "python3", "perl", "ruby", "node"];

fn pipes_download(line: &str) -> bool {
    let mut parts = line.split('|').map(str::trim);
    let Some(mut prev) = parts.next() else { return false };
    for next in parts {
        let fetch = prev.split_whitespace().any(|w| matches!(w, "curl" | "wget"));
        let first = next.split_whitespace().find(|w| !matches!(*w, "sudo" | "-E" | "env"));
        if fetch && first.is_some_and(|w| SHELLS.contains(&w.trim_start_matches("/bin/").trim_start_matches("/usr/bin/"))) {
            return true;
        }
        prev = next;
    }
    false
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
        let Some(text) = node.as_str() else { continue };
        for line in text.lines() {
            if pipes_download(line) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        cx.span_in(node, line.trim(), 0),
                        "a downloaded script is piped straight into a shell",
                    )
                    .help("download a pinned version, verify its checksum, then run it"),
                );
            }
        }
    }
}
