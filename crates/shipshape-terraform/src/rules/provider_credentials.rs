use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF006", name: "provider-credentials", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_41", "detect-secrets:AWSKeyDetector", "detect-secrets:KeywordDetector", "checkov:CKV_SECRET_2"], options: [],
    summary: "Cloud credentials are written in a provider block",
    what: "Flags literal strings in credential arguments of provider blocks: AWS `access_key`, `secret_key`, `token`; Azure `client_secret`, `client_certificate_password`; Google `credentials` and `access_token`; and `password`/`token` of any provider. The value is never printed.",
    why: "The key lands in git history, in every clone and CI log, and usually grants far more than the module needs; leaked AWS keys are exploited within minutes.",
    example: "provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"AKIAIOSFODNN7EXAMPLE\"\n  secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}",
    instead: "provider \"aws\" {\n  region = \"eu-west-1\"\n  # credentials come from the environment, an SSO profile or the CI's OIDC role\n}",
    fix_safety: "No automatic fix: revoke the key, then use environment credentials or OIDC.",
    refs: "- https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration",
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
        for key in KEYS {
            let Some(a) = p.body().get_attribute(key) else { continue };
            if let hcl_edit::expr::Expression::String(s) = &a.value
                && !s.value().is_empty()
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        span_of(&a.value),
                        format!("provider `{}` has a literal `{key}`", p.labels[0]),
                    )
                    .help("remove it and revoke it; use environment variables, a profile or OIDC")
                    .secret(),
                );
            }
        }
    }
}
