use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S021", name: "secret-in-env", severity: Error, category: Security, default: true, fix: None,
    peers: ["kube-linter:env-var-secret"], options: [],
    summary: "A password, token or key is written as a plain `env` value",
    what: "Flags container `env` entries whose name says secret (`PASSWORD`, `TOKEN`, `SECRET`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`…) with a literal `value:` instead of `valueFrom.secretKeyRef`. Fill-in and demo placeholders are skipped: `<Client Secret>`, templates, values containing words such as `changeme`, `replace`, `fake`, `dummy`, `example`, `sample`, `placeholder`, `xxx` or `your-` (`fake_password`), and a bare upper-case word without digits (`SECRET`, `CLIENT_SECRET`). Names ending in `_NAME` or `_REF` hold the name of a Secret, not its value. An error when the value looks generated (16 characters or more of mixed letters and digits, high entropy): a real credential; a chosen value (`pgpass2024`, a CI database's throwaway password) is a warning.",
    why: "The manifest is committed and readable by everyone with the repository or `get` on the workload; a Secret (ideally from a secret manager) keeps the value out of both.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          env:\n            - name: DB_PASSWORD\n              value: hunter2hunter2",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: db\n                  key: password",
    fix_safety: "No automatic fix: rotate the value and move it into a Secret.",
    refs: "- https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
    spans: ["hunter2hunter2"],
}

const WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "TOKEN",
    "SECRET",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIALS",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        for e in c.node.get("env").map(|e| e.items()).unwrap_or_default() {
            let (Some(name), Some(v)) = (e.get("name").and_then(|n| n.as_str()), e.get("value")) else {
                continue;
            };
            let upper = name.to_ascii_uppercase();
            let value = v.as_text().unwrap_or_default();
            if WORDS.iter().any(|w| upper.contains(w))
                && !upper.ends_with("_FILE")
                // The name of a Secret or a reference to one (`PULL_SECRET_NAME: cnpg-pull-secret`).
                && !upper.ends_with("_NAME")
                && !upper.ends_with("_REF")
                && !upper.contains("PATH")
                && !value.is_empty()
                && !value.starts_with('$')
                && !value.starts_with('/')
                && !placeholder(value, &upper)
                && !shipshape_core::secret_value::names_a_setting(name, value)
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        v.span(),
                        format!("`{name}` of container `{}` ({} `{}`) is a literal", c.name(), o.kind, o.name()),
                    )
                    .severity(shipshape_core::secret_value::severity_by_value(value))
                    .help("use `valueFrom.secretKeyRef`")
                    .secret(),
                );
            }
        }
    }
}

/// A fill-in or demo value, not a credential: `<Client Secret>`, a template, a word such as
/// `changeme` or `fake` (`fake_password`), or a bare upper-case word (`SECRET`, `PASSWORD`) with no digit, often the variable's own name.
pub(crate) fn placeholder(value: &str, name: &str) -> bool {
    let v = value.trim();
    shipshape_core::secret_value::not_a_secret(v)
        // A lower-case word without digits names something (tailscale's `OPERATOR_SECRET: operator`,
        // the Secret the operator keeps its state in).
        || (!v.is_empty() && v.len() <= 32 && v.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_' || b == b'.'))
        || (v.starts_with('<') && v.ends_with('>'))
        || ["{{", "${", "$("].iter().any(|t| v.contains(t))
        || shipshape_core::secret_value::has_stand_in_word(v)
        || (v.bytes().all(|b| b.is_ascii_uppercase() || b == b'_' || b == b'-') && (v.len() <= 12 || name.contains(v)))
        // `changeUser`, `changePassword`: a tutorial's value to edit
        || v.strip_prefix("change").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}
