use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA064", name: "run-curl-pipe-shell", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A script downloaded in the job is piped straight into a shell",
    what: "Flags `curl … | sh`, `wget -O- … | bash` and the like (also `sudo`, `python`, `bash -s`) in `run:`.",
    why: "Whatever the server returns that minute runs with the job's token and secrets, unreviewed and unpinned; a compromised or truncated download runs too.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://example.com/install.sh | sh",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          curl -fsSLo install.sh https://example.com/v1.2.3/install.sh\n          echo \"3f1e0c...  install.sh\" | sha256sum -c\n          sh install.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",
    spans: ["curl -fsSL https://example.com/install.sh | sh"],
}

const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "ksh", "python", "python3", "perl", "ruby", "node", "pwsh", "iex",
];

/// Whether a shell line pipes a download into an interpreter.
pub fn pipes_download(line: &str) -> bool {
    let mut parts = line.split('|').map(str::trim);
    let Some(mut prev) = parts.next() else { return false };
    for next in parts {
        // `curl "file://$(pwd)/install/install.sh" | sh` reads the checked-out script: nothing is
        // downloaded (starship's install test, judged wrong).
        let fetch = prev
            .split_whitespace()
            .any(|w| matches!(w, "curl" | "wget" | "iwr" | "Invoke-WebRequest" | "irm"))
            && !prev.split_whitespace().any(|w| w.trim_matches(['"', '\'']).starts_with("file://"));
        let words: Vec<&str> = next.split_whitespace().filter(|w| !matches!(*w, "sudo" | "-E" | "env")).collect();
        if fetch
            && words
                .first()
                .is_some_and(|w| SHELLS.contains(&w.trim_start_matches("/bin/").trim_start_matches("/usr/bin/")))
        {
            return true;
        }
        prev = next;
    }
    false
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        for line in script.lines() {
            if pipes_download(line) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        cx.span_in(run, line.trim(), 0),
                        "a downloaded script is piped straight into a shell",
                    )
                    .help("download a pinned version, verify its checksum, then run it"),
                );
            }
        }
    }
}
