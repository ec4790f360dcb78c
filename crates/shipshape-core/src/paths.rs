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
    "spec",
    "mock",
    "mocks",
    ".devcontainer",
    ".dev",
    "testresources",
    "testutil",
    "testutils",
    // Laravel's model factories: test data (its seeders are not: a production seeder ships).
    "factories",
];

/// Whether `path` (with `/` or `\` separators) is a test, example, fixture or documentation file.
pub fn is_demo_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.split(['/', '\\']).any(|part| {
        DEMO_PARTS.contains(&part)
            || part.contains(".dev.")
            || part.contains(".local.")
            || part.contains(".example")
            || part.contains(".sample")
            || part.contains("_test.")
            || part.contains(".test.")
            // Jest/Jasmine `*.spec.ts` and RSpec `*_spec.rb` (not an `api.spec.yaml`, a document).
            || [".spec.ts", ".spec.tsx", ".spec.js", ".spec.jsx", ".spec.mjs", ".spec.cjs"].iter().any(|e| part.ends_with(e))
            || part.contains("_spec.")
            // `.env.test`, `.env.development`: the test and development defaults
            || [".test", ".dev", ".development"].iter().any(|e| part.ends_with(e))
            || part.ends_with(".md")
    })
}

#[cfg(test)]
mod tests {
    use super::is_demo_path;

    #[test]
    fn demo_paths() {
        for p in [
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
        ] {
            assert!(is_demo_path(p), "{p}");
        }
        for p in [
            "Dockerfile",
            "deploy/k8s/app.yaml",
            ".github/workflows/test-matrix.yml",
            "contest/Dockerfile",
            "api/openapi.spec.yaml",
            "deploy/dev/app.yaml",
            ".env.production",
            "devops/Dockerfile",
            "database/seeders/ProductionSeeder.php",
        ] {
            assert!(!is_demo_path(p), "{p}");
        }
    }
}
