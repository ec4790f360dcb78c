use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL022", name: "secret-echo", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A script prints a secret variable",
    what: "Flags `echo`/`printf`/`cat <<` lines in scripts that expand `$CI_JOB_TOKEN`, `$CI_REGISTRY_PASSWORD`, `$CI_DEPLOY_PASSWORD` or a variable whose name says secret (`…TOKEN`, `…PASSWORD`, `…SECRET`, `…API_KEY`), unless the output is piped or redirected into another command or file.",
    why: "Masking only works for variables marked masked and for their exact value; anything else ends up in the job log.",
    example: "deploy:\n  script:\n    - echo \"token is $DEPLOY_TOKEN\"\n    - ./deploy.sh",
    instead: "deploy:\n  script:\n    - ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable",
    spans: ["echo \"token is $DEPLOY_TOKEN\""],
}

fn secret_var(line: &str) -> Option<String> {
    let mut rest = line;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let name: String = rest
            .trim_start_matches('{')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let upper = name.to_ascii_uppercase();
        if ["TOKEN", "PASSWORD", "SECRET", "API_KEY", "PRIVATE_KEY"]
            .iter()
            .any(|w| upper.ends_with(w))
        {
            return Some(name);
        }
    }
    None
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, job) in cx.jobs() {
        for node in model::script_lines(job) {
            let Some(text) = node.as_str() else { continue };
            for line in text.lines() {
                let t = line.trim_start();
                if !(t.starts_with("echo ") || t.starts_with("printf ")) || t.contains('|') || t.contains('>') {
                    continue;
                }
                if let Some(var) = secret_var(t) {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            cx.span_in(node, line.trim(), 0),
                            format!("`${var}` is printed to the job log"),
                        )
                        .help("do not print secrets; pass them to the command that needs them"),
                    );
                }
            }
        }
    }
}
