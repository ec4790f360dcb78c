use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF067", name: "curl-pipe-shell", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A downloaded script is piped straight into a shell",
    what: "Flags `curl …| sh`, `wget -O- … | bash` and the like (also `sh -c \"$(curl …)\"`).",
    why: "Whatever the server returns runs as root in your build, unverified; a truncated download runs half a script.",
    example: "RUN curl -fsSL https://example.com/install.sh | sh",
    instead: "ADD --checksum=sha256:<sum> https://example.com/install.sh /tmp/install.sh\nRUN sh /tmp/install.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#add---checksum",
    spans: ["curl -fsSL https://example.com/install.sh | sh"],
}

const SHELLS: &[&str] = &[
    "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, script) in cx.runs() {
        for p in &script.pipelines {
            let fetch = p
                .commands
                .iter()
                .map(|&i| &script.commands[i])
                .position(|c| c.name == "curl" || c.name == "wget");
            let Some(fetch) = fetch else { continue };
            let sink = p.commands.iter().skip(fetch + 1).map(|&i| &script.commands[i]).find(|c| {
                SHELLS.contains(&c.name.as_str()) && !c.args.iter().any(|a| a.text == "-m" || a.text.ends_with(".py") || a.text == "-c")
            });
            if let Some(sink) = sink {
                out.push(
                    Diagnostic::new(meta(), p.span, format!("a download is piped into `{}`", sink.name))
                        .help("download to a file, verify its checksum, then run it"),
                );
            }
        }
        for c in &script.commands {
            if SHELLS[..7].contains(&c.name.as_str())
                && c.args
                    .windows(2)
                    .any(|w| w[0].text == "-c" && (w[1].text.contains("$(curl") || w[1].text.contains("$(wget")))
            {
                out.push(
                    Diagnostic::new(meta(), c.span, "a downloaded script is run directly")
                        .help("download to a file, verify its checksum, then run it"),
                );
            }
        }
    }
}
