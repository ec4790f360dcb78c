use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA066", name: "workflow-hardcoded-secret", severity: Error, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A password, token or key is written literally in `env:` or `with:`",
    what: "Flags literal values of `env:` and `with:` entries whose name says secret (`password`, `token`, `secret`, `api_key`, `private_key`, `access_key`…), when the value is not an expression, a placeholder or obviously not a credential (`true`, a file path, a short word), nor one whose comment on the same line says it is public on purpose (`# push-only, safe to expose`). An error when the value looks generated (16 characters or more of mixed letters and digits, high entropy): a real credential; a chosen value (`pgpass2024`, a CI database's throwaway password) is a warning, and so is any value of the application's own keys (`SECRET_KEY_BASE`, `RAILS_MASTER_KEY`, `APP_KEY`, `JWT_SECRET`, `APP_SECRET`, `NEXTAUTH_SECRET`), which sign and encrypt only what the job's own instance makes.",
    why: "Anything committed is readable by everyone with read access (everyone, for a public repository) and stays in git history after it is removed.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      API_TOKEN: ghp_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e\n    steps:\n      - run: ./deploy.sh",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      API_TOKEN: ${{ secrets.API_TOKEN }}\n    steps:\n      - run: ./deploy.sh",
    fix_safety: "No automatic fix: rotate the credential, then store it as a secret.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions",
    spans: ["ghp_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e"],
}

const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "token",
    "secret",
    "api_key",
    "apikey",
    "api-key",
    "private_key",
    "private-key",
    "access_key",
    "access-key",
    "credentials",
];

/// Whether a literal looks like a credential rather than a flag, path, name or placeholder.
pub fn looks_secret(v: &str) -> bool {
    let v = v.trim();
    let lower = v.to_ascii_lowercase();
    // A value that says it is a test's (`veans-e2e-jwt-secret-do-not-use-in-production`) or a
    // stand-in (the shared vocabulary: `changeme`, `dummy`, `example`, `placeholder`…).
    let test_value = shipshape_core::secret_value::has_stand_in_word(v)
        || ["test", "e2e", "do-not-use", "donotuse", "insecure"]
            .iter()
            .any(|w| lower.contains(w));
    !test_value
        && !shipshape_core::secret_value::not_a_secret(v)
        && v.len() >= 8
        && !v.contains(char::is_whitespace)
        && !v.starts_with(['$', '/', '.', '<', '{', '%'])
        && !v.contains("${")
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "required" | "optional" | "password"
        )
        && !v.ends_with(".txt")
        && !v.ends_with(".json")
        && !v.ends_with(".pem")
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().any(|c| c.is_ascii_alphabetic())
}

/// Whether the comment on the value's line says the value is public on purpose (`# This is a
/// push-only token that is safe to be exposed.`): the maintainer already decided, in words.
fn said_public(src: &str, at: usize) -> bool {
    let end = src[at.min(src.len())..].find('\n').map_or(src.len(), |i| at + i);
    let line = &src[at.min(end)..end];
    let Some(i) = line.find(" #") else { return false };
    let comment = line[i..].to_ascii_lowercase();
    [
        "safe to",
        "public",
        "push-only",
        "push only",
        "not a secret",
        "not secret",
        "intentionally",
        "on purpose",
    ]
    .iter()
    .any(|w| comment.contains(w))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut maps: Vec<_> = cx.root.get("env").into_iter().collect();
    for (_, job) in model::jobs(cx.root) {
        maps.extend(job.get("env"));
        maps.extend(job.get("with"));
    }
    for (_, s) in cx.steps() {
        maps.extend(s.get("env"));
        maps.extend(s.get("with"));
    }
    for m in maps {
        for (k, v) in m.entries() {
            let Some(name) = k.as_str() else { continue };
            let lower = name.to_ascii_lowercase();
            if !SECRET_WORDS.iter().any(|w| lower.contains(w))
                || lower.contains("file")
                || lower.contains("path")
                || lower.ends_with("_name")
                // An identifier of a secret, not the secret (`TF_VAR_gc_temp_token_template_id`:
                // a UUID, judged the twenty-ninth sample).
                || lower.ends_with("_id")
                || lower.ends_with("_ids")
                || lower.ends_with("_url")
                || lower.ends_with("_arn")
            {
                continue;
            }
            if let Some(val) = v.as_text()
                && looks_secret(val)
                && !said_public(cx.src, v.span().end)
            {
                // The application's own keys (`SECRET_KEY_BASE`, `RAILS_MASTER_KEY`, `APP_KEY`,
                // `JWT_SECRET`) set for the run sign and encrypt only what the job's own instance
                // of the application makes: lago-api's CI values were judged not worth an error
                // (the twenty-fourth sample). A credential for something else stays an error when
                // it looks generated.
                let own_key = shipshape_core::secret_value::is_app_own_key(name);
                // The application's own key for a test run (`NODE_ENV: test` beside it or at the
                // top: Outline's CI, whose key is also in its committed `.env.test`) signs only
                // the test instance's data: nothing to rotate.
                if own_key && (test_run(cx.root.get("env")) || test_run(Some(m))) {
                    continue;
                }
                // Upload tokens of test services (Knapsack Pro, Percy, Chromatic, Codecov,
                // Coveralls, Cypress Cloud, Code Climate's reporter id) are committed on purpose so
                // forks' runs report too; they let anyone spend the project's quota, not read its
                // data (openfoodnetwork's Knapsack token, crates.io's Percy and Chromatic tokens:
                // judged wrong as errors, the fifty-first and fifty-third samples): a warning.
                let upper = name.to_ascii_uppercase();
                let upload_token = [
                    "KNAPSACK_PRO_",
                    "PERCY_TOKEN",
                    "CHROMATIC",
                    "PROJECTTOKEN",
                    "CODECOV_TOKEN",
                    "COVERALLS_REPO_TOKEN",
                    "CYPRESS_RECORD_KEY",
                    "CC_TEST_REPORTER_ID",
                    // FOSSA's push-only keys are made to be committed (dapr's, the sixty-first sample).
                    "FOSSA_API_KEY",
                ]
                .iter()
                .any(|t| upper.contains(t));
                let severity = if own_key || upload_token {
                    shipshape_core::Severity::Warning
                } else {
                    shipshape_core::secret_value::severity_by_value(val)
                };
                out.push(
                    Diagnostic::new(meta(), v.span(), format!("`{name}` holds what looks like a literal credential"))
                        .severity(severity)
                        .help(format!(
                            "store it as a secret and write `${{{{ secrets.{} }}}}`; rotate the one committed",
                            name.to_ascii_uppercase().replace('-', "_")
                        ))
                        .secret(),
                );
            }
        }
    }
}

/// Whether an `env:` map says the application runs in its test environment (`NODE_ENV: test`,
/// `RAILS_ENV: test`, `APP_ENV: testing` …).
fn test_run(env: Option<shipshape_yaml::NodeRef>) -> bool {
    const NAMES: &[&str] = &[
        "NODE_ENV",
        "RAILS_ENV",
        "RACK_ENV",
        "APP_ENV",
        "MIX_ENV",
        "FLASK_ENV",
        "DJANGO_ENV",
        "ENVIRONMENT",
        "ENV",
    ];
    env.is_some_and(|e| {
        NAMES.iter().any(|n| {
            e.get(n)
                .and_then(|v| v.as_str())
                .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "test" | "testing"))
        })
    })
}
