//! CI vocabularies several crates read: GitHub's token permission scopes (the actions rules, the
//! review of a workflow's permissions) and GitLab CI's top-level keywords that are not jobs (the
//! GitLab rules, `dupes`, the review of a pipeline).

/// GitHub's token scopes as of 2026-11 (`code-quality` and `copilot-requests` arrived in 2026).
pub const GITHUB_TOKEN_SCOPES: &[&str] = &[
    "actions",
    "artifact-metadata",
    "attestations",
    "checks",
    "code-quality",
    "contents",
    "copilot-requests",
    "deployments",
    "discussions",
    "drives",
    "id-token",
    "issues",
    "models",
    "packages",
    "pages",
    "pull-requests",
    "repository-projects",
    "security-events",
    "statuses",
    "vulnerability-alerts",
];

/// GitLab CI's top-level keys that are not jobs.
pub const GITLAB_GLOBAL_KEYWORDS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "spec",
];
