use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL003", name: "literal-secret-variable", severity: Error, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A password, token or key is written literally in `variables:`",
    what: "Flags `variables:` (global, `default:` and per job) whose name says secret (`PASSWORD`, `TOKEN`, `SECRET`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`…) and whose value is a literal that looks like a credential, not a `$VARIABLE`, a path or a placeholder. An error when the value looks generated (16 characters or more of mixed letters and digits, high entropy): a real credential; a chosen value (`pgpass2024`, a CI database's throwaway password) is a warning.",
    why: "The file is readable by everyone with access to the repository and stays in history; CI/CD variables are masked, protected and can be rotated without a commit.",
    example: "deploy:\n  variables:\n    DEPLOY_TOKEN: glpat-9xQ2vR7tY1uK4mN8bL3z\n  script: ./deploy.sh",
    instead: "deploy:\n  script: ./deploy.sh",
    fix_safety: "No automatic fix: rotate the credential and store it as a masked CI/CD variable.",
    refs: "- https://docs.gitlab.com/ci/variables/#define-a-cicd-variable-in-the-ui",
    spans: ["glpat-9xQ2vR7tY1uK4mN8bL3z"],
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

/// Whether a literal looks like a credential rather than a flag, path, name or placeholder.
pub fn looks_secret(v: &str) -> bool {
    let v = v.trim();
    !shipshape_core::secret_value::not_a_secret(v)
        && v.len() >= 8
        && !v.contains(char::is_whitespace)
        && !v.starts_with(['$', '/', '.', '<', '{', '%'])
        && !v.contains("${")
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().any(|c| c.is_ascii_alphabetic())
}

fn vars(node: NodeRef<'_>) -> Vec<(NodeRef<'_>, NodeRef<'_>)> {
    node.get("variables").map(|v| v.entries()).unwrap_or_default()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut all = vars(cx.root);
    if let Some(d) = cx.root.get("default") {
        all.extend(vars(d));
    }
    // Variables of a job that only runs a test suite configure the app under test in a throwaway
    // run (psono's `PSONO_SECRET_KEY` for `manage.py test`: six errors judged wrong, the
    // thirty-sixth sample): info. Decided from the job's commands, not its name.
    let mut test_only: Vec<shipshape_core::Span> = Vec::new();
    for (_, _, job) in cx.jobs() {
        let own = vars(job);
        if runs_tests_only(job) {
            test_only.extend(own.iter().map(|(_, v)| v.span()));
        }
        all.extend(own);
    }
    for (k, v) in all {
        let Some(name) = k.as_str() else { continue };
        let lower = name.to_ascii_lowercase();
        if !WORDS.iter().any(|w| lower.contains(w)) || lower.contains("file") || lower.contains("path") || lower.ends_with("_name") {
            continue;
        }
        let value = if v.is_map() { v.get("value") } else { Some(v) };
        if let Some(val) = value
            && let Some(text) = val.as_text()
            && looks_secret(text)
        {
            out.push(
                Diagnostic::new(meta(), val.span(), format!("`{name}` holds what looks like a literal credential"))
                    .severity(if test_only.contains(&v.span()) {
                        shipshape_core::Severity::Info
                    } else {
                        shipshape_core::secret_value::severity_by_value(text)
                    })
                    .help("rotate it, and define it as a masked, protected CI/CD variable in the project settings")
                    .secret(),
            );
        }
    }
}

/// Whether a job's script runs a test suite (`pytest`, `manage.py test`, `go test`, `npm test` …)
/// and publishes or deploys nothing.
fn runs_tests_only(job: NodeRef<'_>) -> bool {
    const TESTS: &[&str] = &[
        "pytest",
        "manage.py test",
        "go test",
        "cargo test",
        "npm test",
        "npm run test",
        "yarn test",
        "pnpm test",
        "mvn test",
        "mvn verify",
        "gradle test",
        "./gradlew test",
        "unittest",
        "tox",
        "coverage run",
        "coverage3 run",
        "rspec",
        "phpunit",
        "bundle exec rake test",
    ];
    const SHIPS: &[&str] = &[
        "docker push",
        "helm upgrade",
        "helm install",
        "kubectl apply",
        "twine upload",
        "npm publish",
        "cargo publish",
        "terraform apply",
        "curl -X POST",
        "release-cli",
    ];
    let script: Vec<String> = ["before_script", "script", "after_script"]
        .iter()
        .filter_map(|k| job.get(k))
        .flat_map(|s| s.scalar_or_items())
        .filter_map(|l| l.as_text().map(str::to_owned))
        .collect();
    let text = script.join("\n");
    TESTS.iter().any(|t| text.contains(t)) && !SHIPS.iter().any(|t| text.contains(t))
}
