use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF006", name: "provider-credentials", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_41", "detect-secrets:AWSKeyDetector", "detect-secrets:KeywordDetector", "checkov:CKV_SECRET_2"], options: [],
    summary: "Cloud credentials are written in a provider block",
    what: "Flags literal strings in credential arguments of provider blocks: AWS `access_key`, `secret_key`, `token`; Azure `client_secret`, `client_certificate_password`; Google `credentials` and `access_token`; and `password`/`token` of any provider. The value is never printed. Providers aimed at this machine (LocalStack, a dev-mode Vault) or with `skip_credentials_validation`, and stand-in values (`test`, `root`), are left alone; an error when the value looks generated, else a warning.",
    why: "The key lands in git history, in every clone and CI log, and usually grants far more than the module needs; leaked AWS keys are exploited within minutes.",
    example: "provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"AKIA2E3X7QW9KD4RZT5M\"\n  secret_key = \"9fQx2Lm7Tz4Kp8Vw1Rb6Ny3Hc5Jd0Gs2Ea7Uo4I\"\n}",
    instead: "provider \"aws\" {\n  region = \"eu-west-1\"\n  # credentials come from the environment, an SSO profile or the CI's OIDC role\n}",
    fix_safety: "No automatic fix: revoke the key, then use environment credentials or OIDC.",
    refs: "- https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration",
    spans: ["\"AKIA2E3X7QW9KD4RZT5M\"", "\"9fQx2Lm7Tz4Kp8Vw1Rb6Ny3Hc5Jd0Gs2Ea7Uo4I\""],
}

const KEYS: &[&str] = &[
    "access_key",
    "secret_key",
    "token",
    "client_secret",
    "client_certificate_password",
    "credentials",
    "access_token",
    "password",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for p in cx.blocks("provider") {
        // LocalStack and a dev-mode Vault: a provider aimed at this machine, or told not to check
        // its credentials, holds stand-ins (`access_key = "test"`, `token = "root"`; the error
        // audit, 2026-12-05).
        let body_text = p.body().to_string();
        let local = ["localhost", "127.0.0.1", "skip_credentials_validation"]
            .iter()
            .any(|w| body_text.contains(w));
        for key in KEYS {
            let Some(a) = p.body().get_attribute(key) else { continue };
            if let hcl_edit::expr::Expression::String(s) = &a.value
                && !s.value().is_empty()
                && !local
                && !STAND_INS.contains(&s.value().to_ascii_lowercase().as_str())
                && !shipshape_core::secret_value::has_stand_in_word(s.value())
                && !shipshape_core::secret_value::not_a_secret(s.value())
                && !keyless_json(s.value())
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        span_of(&a.value),
                        format!("provider `{}` has a literal `{key}`", p.labels[0]),
                    )
                    .severity(shipshape_core::secret_value::severity_by_value(s.value()))
                    .help("remove it and revoke it; use environment variables, a profile or OIDC")
                    .secret(),
                );
            }
        }
    }
}

/// Google's `credentials` given as JSON that holds no key (`{"type":"service_account"}`, a stub
/// for `terraform providers schema`: infracost's, judged wrong, the sixty-ninth sample).
fn keyless_json(v: &str) -> bool {
    v.trim_start().starts_with('{') && !["private_key", "client_secret", "refresh_token"].iter().any(|k| v.contains(k))
}

/// Whole values that stand in for a credential in local set-ups (LocalStack's `test`, a dev-mode
/// Vault's `root`); stand-in words (`changeme`, `dummy`, `example`…) are the shared vocabulary's.
const STAND_INS: &[&str] = &["test", "mock", "root", "localstack"];
