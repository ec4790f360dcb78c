//! GitHub Actions workflows: triggers added (above all `pull_request_target` and `workflow_run`),
//! token permissions widened, secrets newly referenced or inherited, actions added unpinned or
//! re-pinned, self-hosted runners, production environments.

use crate::changes::{Category, Change, Pair, Risk};
use crate::value::{N, V, yaml_docs};
use std::collections::BTreeMap;

fn doc(text: Option<&str>) -> Option<N> {
    text.and_then(|t| yaml_docs(t).into_iter().next())
}

/// The events of `on:` (a name, a list or a mapping), with the line each is on.
fn events(wf: &N) -> Vec<(String, usize)> {
    let Some(on) = wf.get("on").or_else(|| wf.get("true")) else {
        return Vec::new();
    };
    match &on.v {
        V::Str(s) => vec![(s.clone(), on.line)],
        V::Seq(items) => items.iter().filter_map(|i| Some((i.str()?.to_owned(), i.line))).collect(),
        V::Map(entries) => entries.iter().map(|(k, v)| (k.clone(), v.line.max(on.line))).collect(),
        V::Null => Vec::new(),
    }
}

/// A token's permissions: not set (the repository's default, which is write to most scopes on
/// repositories created before February 2023), one level for every scope, or per scope.
#[derive(Clone, Debug, PartialEq)]
enum Perms {
    Default,
    All(u8),
    Scopes(BTreeMap<String, u8>),
}

use shipshape_knowledge::ci::GITHUB_TOKEN_SCOPES as SCOPES;

fn level(s: &str) -> u8 {
    match s {
        "write" | "write-all" => 2,
        "read" | "read-all" => 1,
        _ => 0,
    }
}

fn level_name(l: u8) -> &'static str {
    ["none", "read", "write"][l.min(2) as usize]
}

fn perms(n: Option<&N>) -> Perms {
    match n.map(|n| &n.v) {
        None | Some(V::Null) => Perms::Default,
        Some(V::Str(s)) => Perms::All(level(s)),
        Some(V::Map(entries)) => Perms::Scopes(entries.iter().map(|(k, v)| (k.clone(), v.str().map_or(0, level))).collect()),
        Some(V::Seq(_)) => Perms::Default,
    }
}

impl Perms {
    fn of(&self, scope: &str) -> u8 {
        match self {
            // The repository default: write for the classic setting (read-only repositories are
            // the newer default; a review cannot see which, so it assumes the wider).
            Perms::Default => {
                if scope == "id-token" {
                    0
                } else {
                    2
                }
            }
            Perms::All(l) => *l,
            Perms::Scopes(m) => m.get(scope).copied().unwrap_or(0),
        }
    }
}

/// The scopes `after` grants more of than `before`, as `scope before → after`.
fn widened(before: &Perms, after: &Perms) -> Vec<(String, u8, u8)> {
    let mut scopes: Vec<String> = SCOPES.iter().map(|s| s.to_string()).collect();
    if let Perms::Scopes(m) = after {
        scopes.extend(m.keys().filter(|k| !SCOPES.contains(&k.as_str())).cloned());
    }
    scopes
        .into_iter()
        .filter_map(|s| {
            let (b, a) = (before.of(&s), after.of(&s));
            (a > b).then_some((s, b, a))
        })
        .collect()
}

/// Every `uses:` of the workflow: (job, what it uses, the line).
fn uses(wf: &N) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for (job, j) in wf.or_null(&["jobs"]).entries() {
        if let Some(u) = j.get("uses").and_then(|u| u.str().map(|s| (s, u.line))) {
            out.push((job.clone(), u.0.to_owned(), u.1));
        }
        for step in j.or_null(&["steps"]).items() {
            if let Some(u) = step.get("uses")
                && let Some(s) = u.str()
            {
                out.push((job.clone(), s.to_owned(), u.line));
            }
        }
    }
    out
}

fn is_sha(r: &str) -> bool {
    (r.len() == 40 || r.len() == 64) && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `owner/repo/path@ref` → (`owner/repo/path`, `ref`); local actions and Docker images have none.
fn split_ref(u: &str) -> Option<(&str, &str)> {
    if u.starts_with("./") || u.starts_with("docker://") {
        return None;
    }
    u.split_once('@')
}

/// The secrets a node references (`secrets.NAME`, `secrets['NAME']`), `GITHUB_TOKEN` aside.
fn secrets(n: &N) -> Vec<String> {
    let mut out = Vec::new();
    for s in n.scalars() {
        let mut rest = s;
        while let Some(i) = rest.find("secrets.") {
            let name: String = rest[i + 8..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != "GITHUB_TOKEN" && !out.contains(&name) {
                out.push(name);
            }
            rest = &rest[i + 8..];
        }
    }
    out
}

fn runs_on_self_hosted(job: &N) -> bool {
    let r = job.or_null(&["runs-on"]);
    let labels: Vec<&str> = match r.get("labels") {
        Some(l) => l.scalar_or_items().into_iter().filter_map(N::str).collect(),
        None => r.scalar_or_items().into_iter().filter_map(N::str).collect(),
    };
    labels.iter().any(|l| l.eq_ignore_ascii_case("self-hosted"))
}

/// The environments a job deploys to.
pub fn environments(wf: &N) -> Vec<String> {
    wf.or_null(&["jobs"])
        .entries()
        .iter()
        .filter_map(|(_, j)| {
            let e = j.get("environment")?;
            e.str().or_else(|| e.get("name").and_then(N::str)).map(str::to_owned)
        })
        .collect()
}

/// Whether a workflow deploys to production: a job's `environment:` names it.
pub fn deploys_to_production(text: &str) -> bool {
    doc(Some(text)).is_some_and(|wf| {
        environments(&wf)
            .iter()
            .any(|e| crate::changes::environment(e) == crate::changes::Environment::Production)
    })
}

pub fn workflow(pair: &Pair<'_>) -> Vec<Change> {
    let path = pair.path;
    let Some(head) = doc(pair.head) else { return Vec::new() };
    let base = doc(pair.base);
    let empty = N { v: V::Null, line: 0 };
    let base_ref = base.as_ref().unwrap_or(&empty);
    let mut out = Vec::new();

    // Triggers.
    let before: Vec<String> = events(base_ref).into_iter().map(|(e, _)| e).collect();
    let privileged = ["pull_request_target", "workflow_run"];
    for (event, line) in events(&head) {
        if before.contains(&event) {
            continue;
        }
        if privileged.contains(&event.as_str()) {
            out.push(Change::new(
                path,
                line,
                "workflow.privileged-trigger-added",
                Category::Access,
                Risk::High,
                format!("adds the `{event}` trigger: it runs with the repository's secrets and a write token on events that forks' pull requests cause"),
            ));
        } else if pair.base.is_some() {
            out.push(Change::new(
                path,
                line,
                "workflow.trigger-added",
                Category::Ci,
                Risk::Low,
                format!("adds the `{event}` trigger"),
            ));
        }
    }

    // Permissions, per job (a job's own, else the workflow's).
    if base.is_some() {
        let wf_before = perms(base_ref.get("permissions"));
        let wf_after = perms(head.get("permissions"));
        let wf_line = head.get("permissions").map_or(1, |p| p.line);
        for (name, job) in head.or_null(&["jobs"]).entries() {
            let Some(old) = base_ref.at(&["jobs", name]) else { continue };
            if job.get("uses").is_some() {
                continue; // a called workflow's token is its own
            }
            let b = old.get("permissions").map_or_else(|| wf_before.clone(), |p| perms(Some(p)));
            let a = job.get("permissions").map_or_else(|| wf_after.clone(), |p| perms(Some(p)));
            let wide = widened(&b, &a);
            if wide.is_empty() {
                continue;
            }
            let line = job.get("permissions").map_or(wf_line, |p| p.line);
            let writes = wide.iter().any(|(_, _, a)| *a == 2);
            let list: Vec<String> = wide
                .iter()
                .take(6)
                .map(|(s, b, a)| format!("{s} {} → {}", level_name(*b), level_name(*a)))
                .collect();
            let more = if wide.len() > 6 {
                format!(" and {} more", wide.len() - 6)
            } else {
                String::new()
            };
            let how = if a == Perms::Default {
                " (no `permissions:` is left, so the token has the repository's default, write on older repositories)"
            } else {
                ""
            };
            out.push(Change::new(
                path,
                line,
                "workflow.permissions-widened",
                Category::Access,
                if writes { Risk::High } else { Risk::Medium },
                format!("widens the token of job `{name}`: {}{more}{how}", list.join(", ")),
            ));
        }
    }

    // Secrets newly referenced, and `secrets: inherit`.
    let old_secrets = secrets(base_ref);
    let new: Vec<String> = secrets(&head).into_iter().filter(|s| !old_secrets.contains(s)).collect();
    if !new.is_empty() {
        let line = head
            .or_null(&["jobs"])
            .entries()
            .iter()
            .find(|(_, j)| secrets(j).iter().any(|s| new.contains(s)))
            .map_or(1, |(_, j)| j.line);
        let exposed = events(&head).iter().any(|(e, _)| privileged.contains(&e.as_str()));
        out.push(Change::new(
            path,
            line,
            "workflow.secrets-exposed",
            Category::Secrets,
            if exposed { Risk::High } else { Risk::Medium },
            format!(
                "gives the workflow the secret{} {}{}",
                if new.len() == 1 { "" } else { "s" },
                new.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
                if exposed {
                    " in a workflow that forks' pull requests can start"
                } else {
                    ""
                }
            ),
        ));
    }
    for (name, job) in head.or_null(&["jobs"]).entries() {
        let inherits = |j: &N| j.get("secrets").and_then(N::str) == Some("inherit");
        if inherits(job) && !base_ref.at(&["jobs", name]).is_some_and(inherits) {
            out.push(Change::new(
                path,
                job.get("secrets").map_or(job.line, |s| s.line),
                "workflow.secrets-inherited",
                Category::Secrets,
                Risk::Medium,
                format!("job `{name}` passes every secret of the repository to the workflow it calls (`secrets: inherit`)"),
            ));
        }
    }

    // Actions added unpinned, unpinned, re-pinned.
    let old_uses = uses(base_ref);
    let mut seen = Vec::new();
    for (job, u, line) in uses(&head) {
        let Some((action, r)) = split_ref(&u) else { continue };
        if seen.contains(&u) {
            continue;
        }
        seen.push(u.clone());
        let previous: Vec<&str> = old_uses
            .iter()
            .filter_map(|(_, o, _)| split_ref(o))
            .filter(|(a, _)| a.eq_ignore_ascii_case(action))
            .map(|(_, r)| r)
            .collect();
        if previous.contains(&r) {
            continue;
        }
        let own = pair
            .owner
            .is_some_and(|o| action.split('/').next().is_some_and(|a| a.eq_ignore_ascii_case(o)));
        let change = match previous.first() {
            None if !is_sha(r) && own => Change::new(
                path,
                line,
                "workflow.action-added",
                Category::SupplyChain,
                Risk::Low,
                format!("job `{job}` adds `{u}`, the repository owner's own"),
            ),
            None if !is_sha(r) => Change::new(
                path,
                line,
                "workflow.action-added-unpinned",
                Category::SupplyChain,
                Risk::Medium,
                format!("job `{job}` adds `{u}`, pinned to a tag or branch its owner can move to other code"),
            ),
            None => Change::new(
                path,
                line,
                "workflow.action-added",
                Category::SupplyChain,
                Risk::Low,
                format!("job `{job}` adds `{action}` (pinned to a commit)"),
            ),
            Some(old) if is_sha(old) && !is_sha(r) => Change::new(
                path,
                line,
                "workflow.action-unpinned",
                Category::SupplyChain,
                Risk::Medium,
                format!(
                    "unpins `{action}` from commit {} to `{r}`, which its owner can move",
                    &old[..7.min(old.len())]
                ),
            )
            .values(*old, r),
            Some(old) if is_sha(r) => Change::new(
                path,
                line,
                "workflow.action-repinned",
                Category::SupplyChain,
                Risk::Low,
                format!(
                    "re-pins `{action}` from {} to commit {}: review what the new commit runs",
                    if is_sha(old) { &old[..7.min(old.len())] } else { old },
                    &r[..7]
                ),
            )
            .values(*old, r),
            Some(old) => Change::new(
                path,
                line,
                "workflow.action-moved",
                Category::SupplyChain,
                Risk::Low,
                format!("moves `{action}` from `{old}` to `{r}`"),
            )
            .values(*old, r),
        };
        out.push(change);
    }

    // Self-hosted runners.
    for (name, job) in head.or_null(&["jobs"]).entries() {
        if runs_on_self_hosted(job) && !base_ref.at(&["jobs", name]).is_some_and(runs_on_self_hosted) {
            let public = events(&head).iter().any(|(e, _)| e.starts_with("pull_request"));
            out.push(Change::new(
                path,
                job.get("runs-on").map_or(job.line, |r| r.line),
                "workflow.self-hosted-runner",
                Category::Access,
                if public { Risk::High } else { Risk::Medium },
                format!(
                    "job `{name}` runs on a self-hosted runner{}",
                    if public {
                        ": code of pull requests runs on a machine that keeps state between jobs"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::classify::FileKind;

    fn run(base: &str, head: &str) -> Vec<Change> {
        workflow(&Pair {
            path: ".github/workflows/ci.yml",
            kind: FileKind::GithubWorkflow,
            base: Some(base),
            head: Some(head),
            production: false,
            owner: None,
        })
    }

    const BASE: &str = "on: [push]\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - uses: actions/setup-node@v4\n      - run: npm test\n";

    #[test]
    fn nothing_when_equal() {
        assert!(run(BASE, BASE).is_empty());
    }

    #[test]
    fn privileged_trigger_and_secrets() {
        let head = BASE.replace("on: [push]", "on: [push, pull_request_target]").replace(
            "      - run: npm test\n",
            "      - run: npm test\n        env:\n          TOKEN: ${{ secrets.NPM_TOKEN }}\n",
        );
        let c = run(BASE, &head);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert!(kinds.contains(&("workflow.privileged-trigger-added", Risk::High)), "{kinds:?}");
        assert!(kinds.contains(&("workflow.secrets-exposed", Risk::High)), "{kinds:?}");
    }

    #[test]
    fn permissions_widened_and_removed() {
        let head = BASE.replace("  contents: read\n", "  contents: write\n");
        let c = run(BASE, &head);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kind, "workflow.permissions-widened");
        assert!(c[0].message.contains("contents read → write"), "{}", c[0].message);
        let head = BASE.replace("permissions:\n  contents: read\n", "");
        let c = run(BASE, &head);
        assert_eq!(c.len(), 1);
        assert!(c[0].message.contains("repository's default"), "{}", c[0].message);
        // Narrowing is no change to weigh.
        assert!(run(&head, BASE).is_empty());
    }

    #[test]
    fn actions_pins() {
        let head = BASE
            .replace("checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "checkout@v4")
            .replace("setup-node@v4", "setup-node@v5")
            .replace("      - run: npm test\n", "      - uses: some/deploy@main\n      - run: npm test\n");
        let c = run(BASE, &head);
        let kinds: Vec<_> = c.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                "workflow.action-unpinned",
                "workflow.action-moved",
                "workflow.action-added-unpinned"
            ]
        );
    }

    #[test]
    fn the_owners_own_actions_are_not_a_third_party() {
        let head = BASE.replace("      - run: npm test\n", "      - uses: acme/deploy@main\n      - run: npm test\n");
        let c = workflow(&Pair {
            path: ".github/workflows/ci.yml",
            kind: FileKind::GithubWorkflow,
            base: Some(BASE),
            head: Some(&head),
            production: false,
            owner: Some("acme"),
        });
        assert_eq!((c[0].kind, c[0].risk), ("workflow.action-added", Risk::Low));
    }

    #[test]
    fn self_hosted_and_inherit() {
        let head = BASE
            .replace("on: [push]", "on: [push, pull_request]")
            .replace("ubuntu-latest", "[self-hosted, linux]")
            + "  release:\n    uses: ./.github/workflows/release.yml\n    secrets: inherit\n";
        let c = run(BASE, &head);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert!(kinds.contains(&("workflow.self-hosted-runner", Risk::High)), "{kinds:?}");
        assert!(kinds.contains(&("workflow.secrets-inherited", Risk::Medium)), "{kinds:?}");
        assert!(kinds.contains(&("workflow.trigger-added", Risk::Low)), "{kinds:?}");
    }
}
