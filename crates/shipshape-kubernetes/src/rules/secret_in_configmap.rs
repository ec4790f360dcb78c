use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S022", name: "secret-in-configmap", severity: Error, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A ConfigMap holds what looks like a secret",
    what: "Flags ConfigMap `data` keys whose name says secret (`password`, `token`, `secret`, `api_key`, `private_key`…) with a non-empty value (a key ending in `_NAME` or `_REF` holds a Secret's name), and values that embed credentials in a URL (`postgres://user:pass@…`). An error when the value looks generated (16 characters or more of mixed letters and digits, high entropy): a real credential; a chosen value (`pgpass2024`, a CI database's throwaway password) is a warning.",
    why: "ConfigMaps are not access-controlled like Secrets (many roles may read them, they are printed in logs and `kubectl describe`), and are committed in clear.",
    example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DATABASE_URL: postgres://app:s3cret@db:5432/app",
    instead: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DATABASE_HOST: db",
    fix_safety: "No automatic fix: move the value to a Secret and rotate it.",
    refs: "- https://kubernetes.io/docs/concepts/configuration/configmap/",
    spans: ["postgres://app:s3cret@db:5432/app"],
}

const WORDS: &[&str] = &[
    "password",
    "passwd",
    "token",
    "secret",
    "api_key",
    "apikey",
    "private_key",
    "access_key",
    "credentials",
];

/// The password of a URL with credentials (`postgres://user:pw@host`), unless it is a placeholder
/// the app fills in (`${PASS}`, Frigate's `{FRIGATE_RTSP_PASSWORD}`, `{{ .pass }}`, `%(pass)s`:
/// billimek's frigate ConfigMap, judged wrong as an error, the thirty-fifth sample) or a stand-in
/// word (`password`: sourcegraph's bundled database, judged wrong as an error, the fortieth sample).
fn url_password(v: &str) -> Option<&str> {
    let (_, rest) = v.split_once("://")?;
    let (auth, _) = rest.split_once('@')?;
    let (user, p) = auth.split_once(':')?;
    let default = p.eq_ignore_ascii_case(user)
        || [
            "password", "passwd", "pass", "secret", "postgres", "root", "admin", "changeme", "example", "test",
        ]
        .iter()
        .any(|w| p.eq_ignore_ascii_case(w));
    (!p.is_empty()
        && !p.contains(['$', '{', '%', '<'])
        && !auth.contains('/')
        && !default
        && !shipshape_core::secret_value::not_a_secret(p))
    .then_some(p)
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["ConfigMap"]) {
        for (k, v) in o.node.get("data").map(|d| d.entries()).unwrap_or_default() {
            let (Some(key), Some(value)) = (k.as_str(), v.as_text()) else {
                continue;
            };
            let lower = key.to_ascii_lowercase();
            // A switch, a list or a name under a secret-like key is configuration about secrets
            // (trivy-operator's `OPERATOR_EXPOSED_SECRET_SCANNER_ENABLED: "true"`, judged wrong).
            let setting = matches!(value.trim(), "true" | "false" | "{}" | "[]" | "yes" | "no" | "on" | "off")
                || value.trim().parse::<f64>().is_ok()
                || shipshape_core::secret_value::not_a_secret(value)
                // A JSON document under a secret-like key is configuration unless a string in it
                // looks generated (python-discord's `SERVICE_TOKENS`, the log levels a bot watches
                // for: judged wrong as an error, the fifty-ninth sample).
                || json_without_generated_strings(value)
                || crate::rules::secret_in_env::placeholder(value, &key.to_ascii_uppercase());
            let named = WORDS.iter().any(|w| lower.contains(w))
                && !lower.contains("file")
                && !lower.contains("path")
                && !lower.ends_with("_enabled")
                && !lower.ends_with("_names")
                // The name of a Secret or a reference to one (Konflux's
                // `PYXIS_SSL_CERT_SECRET_NAME: hacbs-signing-pipeline-staging-certs`, judged wrong,
                // the fifty-first sample), as for container `env` (K8S021).
                && !lower.ends_with("_name")
                && !lower.ends_with("_ref")
                && !lower.ends_with("secretname")
                && !lower.ends_with("secretref")
                // A token's on-chain address or program id is public (Audius' `ethTokenAddress`,
                // `solanaRewardsManagerTokenPDA`: six judged wrong as errors, precision sample 44).
                && !["address", "addr", "pda", "programid", "program_id", "contract", "mint"]
                    .iter()
                    .any(|s| lower.ends_with(s))
                // A key meant to be public: a public or publishable key (kiwix's
                // `STRIPE_PUBLIC_API_KEY: pk_live_…`, which Stripe serves to browsers: judged
                // wrong as an error, the fifty-seventh sample).
                && !lower.contains("public")
                && !lower.contains("publishable")
                && !value.starts_with("pk_live_")
                && !value.starts_with("pk_test_")
                && !value.is_empty()
                && !value.contains('\n')
                && !setting;
            let password = url_password(value);
            // A URL whose password is a stand-in holds no credential, whatever its key says.
            let stand_in_url = password.is_none() && value.contains("://") && value.contains('@');
            if (named && !stand_in_url) || password.is_some() {
                // A URL is judged by its password, not by the length of the whole URL.
                let judged = password.unwrap_or(value);
                out.push(
                    Diagnostic::new(meta(), v.span(), format!("ConfigMap `{}` key `{key}` holds a credential", o.name()))
                        .severity(shipshape_core::secret_value::severity_by_value(judged))
                        .help("move it to a Secret")
                        .secret(),
                );
            }
        }
    }
}

/// Whether `value` is a JSON object or array (read as the YAML it also is) none of whose strings
/// looks generated.
fn json_without_generated_strings(value: &str) -> bool {
    fn generated(n: shipshape_yaml::NodeRef) -> bool {
        if n.is_map() {
            n.entries().into_iter().any(|(_, v)| generated(v))
        } else if n.is_seq() {
            n.items().into_iter().any(generated)
        } else {
            n.as_str().is_some_and(shipshape_core::secret_value::looks_generated)
        }
    }
    let t = value.trim();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let y = shipshape_yaml::Yaml::parse(t);
    y.errors.is_empty()
        && y.docs
            .first()
            .and_then(|d| d.root())
            .is_some_and(|r| (r.is_map() || r.is_seq()) && !generated(r))
}
