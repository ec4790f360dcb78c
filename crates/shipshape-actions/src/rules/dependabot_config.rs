use crate::{Ctx, rule};
use shipshape_core::classify::FileKind;
use shipshape_core::{Diagnostic, suggest};

rule! {
    code: "GHA063", name: "dependabot-config", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "`dependabot.yml` is missing required settings or names an unknown ecosystem or option",
    what: "Checks `.github/dependabot.yml`: `version: 2`, an `updates:` list, and in each update a known `package-ecosystem`, a `directory`/`directories` and (unless it belongs to a `multi-ecosystem-group`, which has its own schedule) a `schedule.interval` of `daily`, `weekly`, `monthly`, `quarterly`, `semiannually`, `yearly` or `cron`. An unknown ecosystem is an error when it is a near-miss of a known one, else a warning; with `enable-beta-ecosystems: true` any name is accepted. An update option GitHub does not know makes it reject the whole file: an error for a near-miss of a known option, a warning for any other (shipshape's list is of 2026-11).",
    why: "Dependabot skips a broken configuration with only a notice in the repository's insights: no update pull requests arrive, and nobody notices for months.",
    example: "version: 2\nupdates:\n  - package-ecosystem: github-action\n    directory: /\n    schedule:\n      interval: weekly",
    instead: "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference",
    spans: ["github-action"],
}

const ECOSYSTEMS: &[&str] = &[
    "bazel",
    "bun",
    "bundler",
    "cargo",
    "composer",
    "conda",
    "deno",
    "devcontainers",
    "docker",
    "docker-compose",
    "dotnet-sdk",
    "elm",
    "github-actions",
    "gitsubmodule",
    "gomod",
    "gradle",
    "helm",
    "julia",
    "maven",
    "mix",
    "nix",
    "npm",
    "nuget",
    "opentofu",
    "pip",
    "pre-commit",
    "pub",
    "rust-toolchain",
    "sbt",
    "swift",
    "terraform",
    "uv",
    "vcpkg",
];
/// The options of an `updates:` entry (GitHub's options reference, 2026-11).
const UPDATE_KEYS: &[&str] = &[
    "package-ecosystem",
    "directory",
    "directories",
    "schedule",
    "allow",
    "assignees",
    "commit-message",
    "cooldown",
    "exclude-paths",
    "groups",
    "ignore",
    "insecure-external-code-execution",
    "labels",
    "milestone",
    "multi-ecosystem-group",
    "open-pull-requests-limit",
    "patterns",
    "pull-request-branch-name",
    "rebase-strategy",
    "registries",
    "reviewers",
    "target-branch",
    "vendor",
    "versioning-strategy",
    "enable-beta-ecosystems",
];

const INTERVALS: &[&str] = &["daily", "weekly", "monthly", "quarterly", "semiannually", "yearly", "cron"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.kind != FileKind::Dependabot {
        return;
    }
    let top = cx.root.entries().first().map_or(cx.root.span(), |(k, _)| k.span());
    match cx.root.get("version") {
        None => out.push(Diagnostic::new(meta(), top, "no `version: 2`").help("add `version: 2` at the top")),
        Some(v) if v.as_f64() != Some(2.0) => out.push(Diagnostic::new(meta(), v.span(), "Dependabot only reads `version: 2`")),
        _ => {}
    }
    let Some(updates) = cx.root.get("updates") else {
        out.push(Diagnostic::new(meta(), top, "no `updates:` list"));
        return;
    };
    for u in updates.items() {
        match u.get("package-ecosystem") {
            None => out.push(Diagnostic::new(meta(), u.span(), "this update has no `package-ecosystem`")),
            Some(e) => {
                // `enable-beta-ecosystems: true` lets Dependabot take names beyond its stable list.
                let beta = cx.root.get("enable-beta-ecosystems").and_then(|b| b.as_bool()) == Some(true);
                if let Some(name) = e.as_str()
                    && !ECOSYSTEMS.contains(&name)
                    && !beta
                {
                    let mut d = Diagnostic::new(meta(), e.span(), format!("`{name}` is not a Dependabot ecosystem"));
                    d = match suggest::closest(name, ECOSYSTEMS.iter().copied()) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None => d
                            .severity(shipshape_core::Severity::Warning)
                            .confidence(shipshape_core::Confidence::Medium)
                            .help("not an ecosystem shipshape knows (its list is of 2026-11)"),
                    };
                    out.push(d);
                }
            }
        }
        // GitHub validates the file against its schema and ignores the whole file when an update
        // has a key it does not know (kener's `file-patterns:`, the twenty-third sample): a
        // near-miss of a known key is an error, any other unknown key a warning (the list ages).
        for (k, _) in u.entries() {
            let Some(key) = k.as_str() else { continue };
            if UPDATE_KEYS.contains(&key) {
                continue;
            }
            let d = Diagnostic::new(
                meta(),
                k.span(),
                format!("`{key}` is not a Dependabot update option: GitHub rejects the file"),
            );
            out.push(match suggest::closest(key, UPDATE_KEYS.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d
                    .severity(shipshape_core::Severity::Warning)
                    .confidence(shipshape_core::Confidence::Medium)
                    .help("not an option shipshape knows (its list is of 2026-11)"),
            });
        }
        if u.get("directory").is_none() && u.get("directories").is_none() {
            out.push(Diagnostic::new(meta(), u.span(), "this update has no `directory`").help("add `directory: /`"));
        }
        // An update in a multi-ecosystem group takes its schedule from `multi-ecosystem-groups:`.
        let grouped = u.get("multi-ecosystem-group").is_some();
        match u.get("schedule").and_then(|s| s.get("interval")) {
            None if grouped => {}
            None => out.push(Diagnostic::new(meta(), u.span(), "this update has no `schedule.interval`")),
            Some(i) => {
                if let Some(v) = i.as_str()
                    && !INTERVALS.contains(&v)
                {
                    // GitHub accepts more spellings than it documents (mailpit's `biannually`
                    // opened pull requests for months; judged wrong as an error, the thirtieth
                    // sample): an error for a near-miss of a documented one, else a warning.
                    let synonym = matches!(v, "biannually" | "semi-annually" | "bi-annually" | "annually");
                    let near = suggest::closest(v, INTERVALS.iter().copied()).filter(|_| !synonym);
                    let d = Diagnostic::new(meta(), i.span(), format!("`{v}` is not a documented schedule interval"))
                        .help(format!("intervals: {}", INTERVALS.join(", ")));
                    out.push(if near.is_some() {
                        d
                    } else {
                        d.severity(shipshape_core::Severity::Warning)
                    });
                }
            }
        }
    }
}
