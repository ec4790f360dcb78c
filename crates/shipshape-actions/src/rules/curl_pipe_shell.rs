use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA064", name: "run-curl-pipe-shell", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A script downloaded in the job is piped straight into an interpreter",
    what: "Flags `curl … | sh`, `wget -O- … | bash` and the like (also `sudo`, `python`, `bash -s`, `sh -c \"$(curl …)\"`) in `run:`, read by the shell model the Dockerfile rules use (a pipe across a line continuation counts; `||` and a quoted `|` do not).",
    why: "Whatever the server returns that minute runs with the job's token and secrets, unreviewed and unpinned; a compromised or truncated download runs too.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://example.com/install.sh | sh",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          curl -fsSLo install.sh https://example.com/v1.2.3/install.sh\n          echo \"3f1e0c...  install.sh\" | sha256sum -c\n          sh install.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",
    spans: ["curl -fsSL https://example.com/install.sh | sh"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        // Only a script that downloads is parsed (the parse costs more than every other rule of the
        // file together).
        if !script.contains("curl") && !script.contains("wget") {
            continue;
        }
        // The shell model shared with the Dockerfile's `RUN` (`shipshape_knowledge::shell`): pipes
        // across line continuations, `||` and quoted `|` are read as the shell reads them.
        let Some(parsed) = cx.run_script(run, false) else { continue };
        for d in parsed.downloads_run() {
            out.push(Diagnostic::new(meta(), d.span, d.message()).help("download a pinned version, verify its checksum, then run it"));
        }
    }
}
