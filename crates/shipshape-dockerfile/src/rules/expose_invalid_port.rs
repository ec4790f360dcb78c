use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF011", name: "expose-invalid-port", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL3011"], options: [],
    summary: "EXPOSE a valid port (0-65535)",
    what: "Flags `EXPOSE` ports outside 0-65535 or with an unknown protocol.",
    why: "Docker rejects the image config or the port silently never works.",
    example: "EXPOSE 80000",
    instead: "EXPOSE 8000",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#expose",
    spans: ["80000"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, ins) in cx.each(Keyword::Expose) {
        for w in ins.words() {
            if w.text.contains('$') {
                continue;
            }
            let (ports, proto) = w.text.split_once('/').unwrap_or((&w.text, "tcp"));
            let proto_ok = matches!(proto.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp");
            let ports_ok = ports.split('-').all(|p| p.parse::<u32>().is_ok_and(|n| n <= 65535));
            if !proto_ok || !ports_ok {
                out.push(
                    Diagnostic::new(meta(), w.span, format!("`{}` is not a valid port", w.text))
                        .help("use a number from 0 to 65535, optionally with /tcp, /udp or /sctp"),
                );
            }
        }
    }
}
