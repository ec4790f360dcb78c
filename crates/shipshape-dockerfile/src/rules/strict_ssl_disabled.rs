use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF062", name: "strict-ssl-disabled", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_12", "checkov:CKV2_DOCKER_13"], options: [],
    summary: "npm, yarn or git configured to skip TLS verification",
    what: "Flags `npm config set strict-ssl false`, `yarn config set strict-ssl false`, `npm … --strict-ssl=false`, and `git config … http.sslVerify false`.",
    why: "Packages and sources fetched without certificate checks can be replaced in transit.",
    example: "RUN npm config set strict-ssl false && npm ci",
    instead: "RUN npm ci",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.npmjs.com/cli/using-npm/config#strict-ssl",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        let texts: Vec<String> = c.args.iter().map(|a| a.text.to_ascii_lowercase()).collect();
        let flagged = match c.name.as_str() {
            "npm" | "yarn" | "pnpm" => {
                texts.windows(2).any(|w| w[0] == "strict-ssl" && (w[1] == "false" || w[1] == "0"))
                    || texts.iter().any(|t| t == "--strict-ssl=false" || t == "strict-ssl=false")
            }
            "git" => {
                texts
                    .windows(2)
                    .any(|w| w[0] == "http.sslverify" && (w[1] == "false" || w[1] == "0"))
                    || texts.iter().any(|t| t == "http.sslverify=false")
            }
            _ => false,
        };
        if flagged {
            out.push(Diagnostic::new(
                meta(),
                c.span,
                format!("`{}` is told not to verify TLS certificates", c.name),
            ));
        }
    }
}
