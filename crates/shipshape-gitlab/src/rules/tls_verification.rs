use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL026", name: "tls-verification-disabled", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "TLS certificate checks are turned off",
    what: "Flags `variables:` that disable certificate verification (`GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED: \"0\"`, `PYTHONHTTPSVERIFY: \"0\"`, `CURL_INSECURE`) and `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`, `npm config set strict-ssl false` in scripts.",
    why: "Without verification anyone on the path between the runner and the server can swap what the job downloads or read what it sends, credentials included.",
    example: "fetch:\n  script:\n    - curl -k -o tool.tgz https://downloads.example.com/tool.tgz",
    instead: "fetch:\n  script:\n    - curl -o tool.tgz https://downloads.example.com/tool.tgz",
    fix_safety: "No automatic fix: install the CA the server uses instead.",
    refs: "- https://docs.gitlab.com/ci/variables/predefined_variables/",
    spans: ["curl -k -o tool.tgz https://downloads.example.com/tool.tgz"],
}

fn vars(node: NodeRef<'_>) -> Vec<(NodeRef<'_>, NodeRef<'_>)> {
    node.get("variables").map(|v| v.entries()).unwrap_or_default()
}

fn insecure_command(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let has = |w: &str| words.contains(&w);
    (has("curl")
        && (has("-k")
            || has("--insecure")
            || words.iter().any(|w| {
                w.starts_with('-')
                    && !w.starts_with("--")
                    && w.contains('k')
                    && w.len() <= 6
                    && w[1..].chars().all(|c| c.is_ascii_alphabetic())
            })))
        || (has("wget") && has("--no-check-certificate"))
        || ((has("pip") || has("pip3")) && has("--trusted-host"))
        || (line.contains("strict-ssl") && line.contains("false"))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut all = vars(cx.root);
    for (_, _, job) in cx.jobs() {
        all.extend(vars(job));
    }
    for (k, v) in all {
        let value = if v.is_map() { v.get("value") } else { Some(v) };
        let text = value.and_then(|v| v.as_text()).unwrap_or_default().to_ascii_lowercase();
        let off = match k.as_str() {
            Some("GIT_SSL_NO_VERIFY" | "CURL_INSECURE") => matches!(text.as_str(), "true" | "1" | "yes"),
            Some("NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY") => text == "0",
            _ => false,
        };
        if off {
            out.push(
                Diagnostic::new(
                    meta(),
                    k.span(),
                    format!("`{}` turns certificate checks off", k.as_str().unwrap_or("?")),
                )
                .help("remove it and trust the server's CA instead"),
            );
        }
    }
    for (_, _, job) in cx.jobs() {
        for node in model::script_lines(job) {
            let Some(text) = node.as_str() else { continue };
            for line in text.lines() {
                if insecure_command(line) {
                    out.push(
                        Diagnostic::new(meta(), cx.span_in(node, line.trim(), 0), "this command skips certificate checks")
                            .help("drop the insecure flag; add the server's CA to the image if it is private"),
                    );
                }
            }
        }
    }
}
