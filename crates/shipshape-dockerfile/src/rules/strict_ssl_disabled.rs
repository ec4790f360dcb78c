use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF062", name: "strict-ssl-disabled", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_12", "checkov:CKV2_DOCKER_13"], options: [],
    summary: "npm, yarn or git configured to skip TLS verification",
    what: "Flags `npm config set strict-ssl false`, `yarn config set strict-ssl false`, `npm … --strict-ssl=false`, and `git config … http.sslVerify false`.",
    why: "Packages and sources fetched without certificate checks can be replaced in transit. A package manager that installs from a lockfile still checks each package's integrity hash, so there the finding is a warning: only the lockfile's unlisted packages, and the registry's metadata, can be swapped.",
    example: "RUN npm config set strict-ssl false && npm install -g typescript",
    instead: "RUN npm install -g typescript",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.npmjs.com/cli/using-npm/config#strict-ssl",
    spans: ["npm config set strict-ssl false"],
}

/// Lockfiles whose integrity hashes npm, Yarn and pnpm check whatever the transport.
const LOCKFILES: [&str; 4] = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"];

/// Whether the install is pinned by a lockfile: one is copied into the image, or sits in the build
/// context, or `npm ci` (which refuses to run without one) is used.
fn installs_from_lockfile(cx: &Ctx) -> bool {
    let copied = cx.instructions().iter().any(|i| {
        matches!(i.keyword, crate::parser::Keyword::Copy | crate::parser::Keyword::Add)
            && LOCKFILES.iter().any(|l| i.args.value.contains(l))
    });
    copied
        || LOCKFILES.iter().any(|l| cx.context_has(l))
        || cx
            .commands()
            .any(|(_, c)| c.name == "npm" && c.args.first().is_some_and(|a| a.text == "ci"))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        let texts: Vec<String> = c.args.iter().map(|a| a.text.to_ascii_lowercase()).collect();
        let package_manager = matches!(c.name.as_str(), "npm" | "yarn" | "pnpm");
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
        if !flagged {
            continue;
        }
        let d = Diagnostic::new(meta(), c.span, format!("`{}` is told not to verify TLS certificates", c.name));
        out.push(if package_manager && installs_from_lockfile(cx) {
            d.severity(shipshape_core::Severity::Warning)
                .help("the lockfile's integrity hashes still protect the packages it lists; remove the setting, or add the registry's CA with `npm config set cafile`")
        } else {
            d
        });
    }
}
