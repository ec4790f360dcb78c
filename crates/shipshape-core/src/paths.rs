//! What a file's path says about it, beyond its kind: whether it is a test, example, fixture or
//! documentation or local-development file, where only security errors show by default and
//! secrets count for less.

/// Path parts that mark test, example, fixture and documentation files.
const DEMO_PARTS: &[&str] = &[
    "test",
    "tests",
    "testdata",
    "testing",
    "e2e",
    "__tests__",
    "fixtures",
    "fixture",
    "example",
    "examples",
    "sample",
    "samples",
    "docs",
    "doc",
    "demo",
    "demos",
    // Quick starts: a product's try-it-out set-up (Azure's `quickstart/101-…` Terraform samples,
    // argo's `manifests/quick-start`, "not suitable for production"): twenty-three findings judged
    // not worth acting on, the forty-eighth sample.
    "quickstart",
    "quickstarts",
    "quick-start",
    "quick_start",
    // A proof of concept kept beside a design document (velero's `design/CLI/PoC`).
    "poc",
    "spec",
    "mock",
    "mocks",
    // Fakes for unit tests (linkerd's `controller/proxy-injector/fake/data`, read by its
    // `webhook_test.go`: judged not worth findings, the thirty-fourth sample).
    "fake",
    "fakes",
    ".devcontainer",
    ".dev",
    "testresources",
    // Django-style unit test packages (DefectDojo's `unittests/scans/…`: scanners' sample reports,
    // full of the secrets they found; twenty errors of the forty-ninth sample).
    "unittests",
    "unit-tests",
    "unit_tests",
    "testutil",
    "testutils",
    // Laravel's model factories: test data (its seeders are not: a production seeder ships).
    "factories",
    // Vendored third-party code: someone else's to fix, not built by this repository.
    "vendor",
    "third_party",
    "third-party",
    "3rdparty",
    // Vendored dependencies' sources (bunkerweb's `src/deps/src/mbedtls/…`, whose test keys were
    // 87 errors of the twenty-seventh sample).
    "deps",
    // The Go and Kubernetes convention for developer scripts and local set-ups.
    "hack",
    // Archived files kept for reference, not deployed (k8s-gitops's `.archive/`, which its
    // `.sourceignore` keeps from Flux: judged not worth findings, the twenty-fifth sample).
    ".archive",
    "archived",
    // Developer workspaces and browser-test data.
    "devenv",
    // A local playground stack (Rafiki's `localenv/`, whose mock wallets' keys were four errors
    // judged not worth acting on, the seventieth sample).
    "localenv",
    "local-env",
    "local_env",
    "localdev",
    "local-dev",
    "gitpod",
    ".gitpod",
    "playwright",
    "cypress",
    // Integration test suites (authelia's `internal/suites/common/pki`, whose e2e keys for
    // `*.example.com` were six errors judged not worth acting on, the thirty-second sample).
    "suites",
    "testsuite",
    "testsuites",
    // pomerium's `integration/` (its generated test clusters' compose files and TLS keys: eleven
    // findings judged not worth acting on, precision sample 42).
    "integration",
    "integration-tests",
    "integration_tests",
    // Go's `integrationtest/` (tflint's, whose deliberately broken configurations were errors of
    // the fiftieth sample).
    "integrationtest",
    "integrationtests",
];

/// Whether `path` (with `/` or `\` separators) is a test, example, fixture or documentation file.
pub fn is_demo_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    // A Helm chart's `ci/*values.yaml`: the values chart-testing installs it with (k8s-at-home's
    // "dummy keys not used outside test", judged not worth a finding, the thirty-third sample).
    let parts: Vec<&str> = lower.split(['/', '\\']).collect();
    if let [.., "ci", file] = parts.as_slice()
        && (file.ends_with("values.yaml") || file.ends_with("values.yml"))
    {
        return true;
    }
    lower.split(['/', '\\']).any(|part| {
        // A hidden folder of the same name (Wikimedia's `.fixtures/ssl/service.key`).
        DEMO_PARTS.contains(&part) || DEMO_PARTS.contains(&part.trim_start_matches('.'))
            // A cookiecutter or copier project template (`{{ cookiecutter.project_slug }}/`): its
            // files are Jinja that becomes a project (baserow's plugin boilerplate, the twenty-fifth sample).
            || part.contains("{{")
            || part.contains("{%")
            || part.contains(".dev.")
            || part.contains(".local.")
            || part.contains(".example")
            || part.contains(".sample")
            || part.contains("_test.")
            // `compose.tests.yml`: a test stack (supabase realtime's, judged so).
            || part.contains(".tests.")
            || part.contains(".test.")
            // Jest/Jasmine `*.spec.ts` and RSpec `*_spec.rb` (not an `api.spec.yaml`, a document).
            || [".spec.ts", ".spec.tsx", ".spec.js", ".spec.jsx", ".spec.mjs", ".spec.cjs"].iter().any(|e| part.ends_with(e))
            || part.contains("_spec.")
            // `mock.ts`, `mocks.py`, `user.mock.json`: recorded or invented data for tests.
            || part.starts_with("mock.")
            || part.starts_with("mocks.")
            || part.contains(".mock.")
            // `.env.test`, `.env.development`: the test and development defaults
            || [".test", ".dev", ".development"].iter().any(|e| part.ends_with(e))
            // `.env.tests`, `.env.testing-ci`, `.env.unit-tests` (snipe-it's, judged not worth it)
            || part.strip_prefix(".env.").is_some_and(|rest| {
                rest.split(['.', '-', '_'])
                    .any(|t| matches!(t, "test" | "tests" | "testing" | "e2e" | "dev" | "development"))
            })
            || part.ends_with(".md")
            // Gitpod's workspace image (`.gitpod.Dockerfile`), a developer environment like
            // `.devcontainer/` (feast's `sudo apt-get`, as Gitpod documents it: judged not worth
            // acting on, the sixty-ninth sample).
            || part == ".gitpod.dockerfile"
            // A copy kept for reference, not built or applied (`Dockerfile.original`, "the
            // pre-hardening original for reference": three findings judged not worth acting on,
            // the fifty-third sample; bonfire's unreferenced `Dockerfile.old`, the fifty-first).
            || [".orig", ".original", ".old", ".bak", ".backup", ".disabled"].iter().any(|e| part.ends_with(e))
            // `README.yaml` (cloudposse's README generator source), `README.rst`: documentation.
            || part.starts_with("readme.")
            // A .NET test project (`BTCPayServer.Tests/`, `Api.UnitTests/`, `Api.IntegrationTests/`).
            || part.rsplit_once('.').is_some_and(|(_, last)| last.ends_with("tests"))
            // REST client request collections (`remark.rest`, `api.http`): requests for trying a
            // service locally, with its development tokens (remark42, judged not worth a finding).
            || part.ends_with(".rest")
            || part.ends_with(".http")
            // `e2etest_service.go`: compiled only for end-to-end tests (pocket-id, judged so).
            || part.starts_with("e2etest")
            // `test_release.yaml`: pytest's naming, a unit test's input data (tekton's koparse, ten
            // removed-API errors judged not worth it, the fortieth sample). Not a workflow's name.
            || (part.starts_with("test_")
                && [".yaml", ".yml", ".json"].iter().any(|e| part.ends_with(e))
                && !lower.contains(".github/")
                && !lower.contains(".gitlab"))
            || part.starts_with("e2e_test")
            // `dev.Dockerfile`, `Dockerfile.dev`, `bazel_dev.Dockerfile`, `development-arm.Dockerfile`:
            // a local development image.
            || (part.contains("dockerfile") && part.split(['.', '-', '_']).any(|t| matches!(t, "dev" | "development" | "devenv")))
    }) || {
        // A folder whose name says so: `e2e_tests`, `test-environments`, `ssl-example` (a file's
        // own name does not: `.github/workflows/test-matrix.yml` runs in CI).
        let mut dirs: Vec<&str> = lower.split(['/', '\\']).collect();
        dirs.pop();
        dirs.iter().any(|d| {
            ["test-", "test_", "tests-", "tests_", "demo-", "demo_", "example-", "examples-"]
                .iter()
                .any(|p| d.starts_with(p))
                || [
                    "-test",
                    "_test",
                    "-tests",
                    "_tests",
                    "-example",
                    "_example",
                    "-examples",
                    "_examples",
                    "-demo",
                    "_demo",
                    "-demos",
                    "_demos",
                ]
                .iter()
                .any(|e| d.ends_with(e))
        })
    }
}

/// Whether a text says, in a comment among its first lines, that a tool generated it and it is not to
/// be edited (`# Code generated by … DO NOT EDIT.`, `# This file was automatically generated by gh-aw.
/// DO NOT EDIT.`, `@generated`, `# This file was autogenerated by dist`): its findings are the generator's to fix.
pub fn is_generated(text: &str) -> bool {
    text.lines().take(8).any(|l| {
        let t = l.trim_start();
        let lower = t.to_ascii_lowercase();
        (t.starts_with('#') || t.starts_with("//"))
            && (t.contains("DO NOT EDIT")
                || t.contains("@generated")
                // cargo-dist's `release.yml`: "This file was autogenerated by dist" (`dist plan`
                // fails CI when it is edited by hand; judged so, the twenty-fourth sample).
                || ["autogenerated by", "auto-generated by", "automatically generated by"]
                    .iter()
                    .any(|p| lower.contains(p)))
    })
}

/// Whether a text says of itself, in a comment among its first lines, that it is not for
/// production (`## FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION ##`: photoprism's
/// development `compose.yaml`, whose Keycloak client secret was judged wrong as an error): a
/// development file, like one under `dev/`.
pub fn is_dev_only(text: &str) -> bool {
    text.lines().take(8).any(|l| {
        let t = l.trim_start();
        let comment = t.starts_with('#') || t.starts_with("//") || t.starts_with("<!--");
        let lower = t.to_ascii_lowercase();
        comment
            && (lower.contains("not use in production")
                || lower.contains("not for production")
                || lower.contains("development only")
                || lower.contains("testing only")
                || lower.contains("test only")
                || lower.contains("test-only")
                || lower.contains("not real credentials"))
    })
}

#[cfg(test)]
mod tests {
    use super::{is_demo_path, is_dev_only, is_generated};

    #[test]
    fn files_that_say_they_are_for_development() {
        assert!(is_dev_only(
            "## FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION   ##\nservices:\n"
        ));
        assert!(is_dev_only("# Local development only.\nservices: {}\n"));
        assert!(is_dev_only(
            "// ⚠️ TEST-ONLY KEYS — NOT REAL CREDENTIALS ⚠️\nconst K: &str = \"\";\n"
        ));
        assert!(!is_dev_only("services:\n  app:\n    command: echo 'development only'\n"));
        assert!(!is_dev_only("# Production deployment\nservices: {}\n"));
    }

    #[test]
    fn generated_files() {
        assert!(is_generated(
            "#\n# This file was automatically generated by gh-aw. DO NOT EDIT.\nname: x\n"
        ));
        assert!(is_generated("# Code generated by controller-gen. DO NOT EDIT.\napiVersion: v1\n"));
        assert!(!is_generated("name: ci\non: push\n"));
        assert!(is_generated(
            "# This file was autogenerated by dist: https://axodotdev.github.io/cargo-dist\n#\nname: Release\n"
        ));
        assert!(!is_generated(
            "# Release workflow; the changelog is generated by git-cliff\nname: Release\n"
        ));
        assert!(!is_generated("name: ci\nrun: echo 'DO NOT EDIT'\n"), "only a comment says so");
    }

    #[test]
    fn demo_paths() {
        for p in [
            "compose.tests.yml",
            ".gitpod.Dockerfile",
            "BTCPayServer.Tests/docker-compose.yml",
            "src/Api.IntegrationTests/appsettings.json",
            "backend/remark.rest",
            "quickstart/101-dns-private-zone/main.tf",
            "unittests/scans/noseyparker/noseyparker_0_22_0.jsonl",
            "integrationtest/cli/load_errors/main.tf",
            ".fixtures/ssl/service.key",
            "terraform/environments/ppud/Dockerfile.original",
            "Dockerfile.old",
            "manifests/quick-start/base/httpbin/my-httpbin-cred-secret.yaml",
            "README.yaml",
            "backend/internal/service/e2etest_service.go",
            "tekton/images/koparse/koparse/test_release.yaml",
            ".env.tests",
            ".env.testing-ci",
            "app/.env.unit-tests",
            "e2e/Dockerfile",
            "examples/app/compose.yaml",
            "docs/k8s.yaml",
            "a/.env.example",
            "x/api_test.yaml",
            ".devcontainer/Dockerfile",
            "docker-compose.local.yml",
            "apps/server/src/encryption.service.spec.ts",
            "spec_helper/user_spec.rb",
            ".dev/docker-compose.yml",
            "internal/testresources/key.pem",
            "database/factories/ServerFactory.php",
            ".env.test",
            ".env.development",
            "packages/e2e_tests/docker-compose.yml",
            "scripts/test-environments/oidc/compose.yml",
            "integration/tpl/files/trusted-key.pem",
            "integration/clusters/single-stateful/compose.yml",
            "data/assets/ssl-example/key.pem",
            "demo-setups/relay-compose.yaml",
            "design/CLI/PoC/base/CRDs.yaml",
            "apps/web/src/lib/checker/mock.ts",
            "deploy/k8s-demo/app.yaml",
            "vendor/github.com/x/Dockerfile",
            "hack/develop/Dockerfile",
            "modules/api/dev.Dockerfile",
            "docker/bazel_dev.Dockerfile",
            "docker/development-arm.Dockerfile",
            "docker/devenv/files/selfsigned.key",
            "localenv/cloud-nine-wallet/private-key.pem",
            "frontend/playwright/data/token.json",
            "plugin-boilerplate/{{ cookiecutter.project_slug }}/docker-compose.yml",
            ".archive/kubernetes/openfaas/networkpolicy.yaml",
            "src/deps/src/mbedtls/tf-psa-crypto/framework/data_files/server.key",
            "internal/suites/common/pki/private.pem",
            "charts/stable/maddy/ci/ct-values.yaml",
            "controller/proxy-injector/fake/data/pod.yaml",
        ] {
            assert!(is_demo_path(p), "{p}");
        }
        for p in [
            "Dockerfile",
            "deploy/k8s/app.yaml",
            ".github/workflows/test-matrix.yml",
            "contest/Dockerfile",
            "services/archive/Dockerfile",
            "api/openapi.spec.yaml",
            "deploy/dev/app.yaml",
            ".env.production",
            "devops/Dockerfile",
            "database/seeders/ProductionSeeder.php",
            ".github/workflows/test-e2e.yml",
            ".github/workflows/test_release.yml",
            "deploy/test-deployment.yaml",
            "contest-entries/compose.yml",
            "docker/Dockerfile.devtools-free",
            "Dockerfile.production",
        ] {
            assert!(!is_demo_path(p), "{p}");
        }
    }
}
