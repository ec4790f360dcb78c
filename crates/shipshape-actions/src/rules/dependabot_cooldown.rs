use crate::{Ctx, rule};
use shipshape_core::classify::FileKind;
use shipshape_core::{Diagnostic, Fix};
use shipshape_knowledge::dockerfile::Facts;
use shipshape_yaml::patch;

rule! {
    code: "GHA030", name: "dependabot-cooldown", severity: Warning, category: Security, default: true, fix: Unsafe,
    peers: ["zizmor:dependabot-cooldown"], options: [],
    summary: "Dependabot proposes releases the day they are published",
    what: "Flags `updates:` entries in `.github/dependabot.yml` with no `cooldown:` (or an unexplained `default-days: 0`), except those with `open-pull-requests-limit: 0`, which only receive security updates (never delayed). A missing cooldown is a warning where a workflow (or Mergify) merges Dependabot's pull requests of that ecosystem automatically (a workflow that merges only when `package-ecosystem == 'npm_and_yarn'` covers npm alone), and info otherwise (Dependabot's own default holds releases back 3 days since 2026-07-14).",
    why: "Most malicious releases (hijacked maintainer accounts, typosquats) are found and yanked within days; a cooldown keeps them out of your pull requests. Since 2026-07-14 Dependabot waits 3 days by default; zizmor and OpenSSF guidance recommend a week. Security updates are not delayed.",
    example: "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly",
    instead: "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n    cooldown:\n      default-days: 7",
    fix_safety: "Unsafe: adds `cooldown: default-days: 7`, which delays version updates by a week.",
    refs: "- https://docs.zizmor.sh/audits/#dependabot-cooldown\n- https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#cooldown-",
    spans: ["npm"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.kind != FileKind::Dependabot {
        return;
    }
    for u in cx.root.get("updates").map(|u| u.items()).unwrap_or_default() {
        let Some(eco) = u.get("package-ecosystem") else { continue };
        // `open-pull-requests-limit: 0` turns version updates off; security updates ignore cooldown.
        if u.get("open-pull-requests-limit").and_then(|l| l.as_f64()) == Some(0.0) || ignores_every_version(u) || updates_nothing(cx, u) {
            continue;
        }
        match u.get("cooldown") {
            None => {
                let fix = patch::insert_entry(cx.src, u, "cooldown", "\ndefault-days: 7", None)
                    .map(|e| Fix::unsafe_("add `cooldown: default-days: 7`", vec![e]));
                // Since Dependabot's own 3-day default (2026-07-14) a missing cooldown is worth a
                // default finding where its pull requests merge themselves: nobody reads the
                // release before it lands (judged: 2 of 8 worth acting on without auto-merge in
                // the forty-sixth and forty-seventh samples, those two with it). Elsewhere it is
                // hygiene, shown when the rule is named.
                let labelled = u
                    .get("labels")
                    .map(|l| l.items())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|l| l.as_str())
                    .find(|l| {
                        let l = l.to_ascii_lowercase();
                        l.contains("automerge") || l.contains("auto-merge")
                    })
                    .map(|l| format!("its `{l}` label, which a merge bot acts on"));
                // An entry whose pull requests go to another branch (`target-branch: "2.42"`) is
                // merged by that branch's workflows, which are not the ones read here (dhis2-core's
                // release-branch entries: judged wrong, the fifty-eighth sample).
                let other_branch = u.get("target-branch").is_some();
                let ecosystem = eco.as_str().unwrap_or("");
                let d = match labelled.or_else(|| if other_branch { None } else { auto_merge(cx, ecosystem) }) {
                    Some(by) => Diagnostic::new(
                        meta(),
                        eco.span(),
                        format!(
                            "no `cooldown:` while Dependabot's pull requests are merged automatically ({by}): only its default 3-day hold stands between a malicious release and the default branch"
                        ),
                    ),
                    None => Diagnostic::new(
                        meta(),
                        eco.span(),
                        "no `cooldown:`: Dependabot's default holds new releases back 3 days, less than the week in which a compromised one is usually found",
                    )
                    .severity(shipshape_core::Severity::Info),
                };
                out.push(d.help("add `cooldown: {default-days: 7}`").maybe_fix(fix));
            }
            Some(c) => {
                // Any delay holds back most malicious releases (most are yanked within hours: the
                // black's 2-day cooldown was judged right, the thirty-second sample); only 0 holds
                // back nothing, and only unexplained (golangci-lint's 0 says why beside it).
                if let Some(d) = c.get("default-days")
                    && d.as_f64() == Some(0.0)
                    && !explained(cx.src, d.span().start)
                {
                    out.push(Diagnostic::new(meta(), d.span(), "`default-days: 0` holds no release back").help("use 7 days"));
                }
            }
        }
    }
}

/// The workflow (or Mergify config) that merges Dependabot's pull requests of `ecosystem` by
/// itself, if any (an entry's `automerge` label, which Kodiak or Mergify act on, is read where it
/// is written): one that names Dependabot and merges (`gh pr merge --auto`, an auto-merge action,
/// GraphQL's `enablePullRequestAutoMerge`), read beside `.github/dependabot.yml`. A workflow that
/// merges only when `package-ecosystem == 'npm_and_yarn'` does not merge the other ecosystems'
/// (wallabag's, judged wrong on its `github-actions` entry, the seventy-second sample).
fn auto_merge(cx: &Ctx, ecosystem: &str) -> Option<String> {
    let github = cx.file.dir()?;
    let tree = cx.core.tree();
    let merges = |text: &str| {
        let l = text.to_ascii_lowercase();
        // ahmadnassri/action-dependabot-auto-merge only comments `@dependabot merge`, a command
        // GitHub stopped honouring on 2026-01-27: with it, only a mechanism that merges counts,
        // not the words "auto-merge" in a job's or secret's name (LibreSign's, judged wrong
        // twice, the sixty-eighth sample).
        let retired = l.contains("ahmadnassri/action-dependabot-auto-merge");
        let merging = [
            "gh pr merge",
            "enablepullrequestautomerge",
            "merge-dependabot",
            "automerge-action",
            "enable-pull-request-automerge",
        ];
        l.contains("dependabot")
            && (merging.iter().any(|m| l.contains(m)) || (!retired && ["auto-merge", "automerge"].iter().any(|m| l.contains(m))))
    };
    for f in tree.list(&github.join("workflows")) {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if (name.ends_with(".yml") || name.ends_with(".yaml")) && tree.read(&f).is_some_and(|t| merges(&t) && covers(&t, ecosystem)) {
            return Some(format!(".github/workflows/{name}"));
        }
    }
    let root = github.parent()?;
    [".mergify.yml", ".mergify/config.yml", ".github/mergify.yml"]
        .iter()
        .find(|m| {
            tree.read(&root.join(m))
                .is_some_and(|t| t.to_ascii_lowercase().contains("dependabot"))
        })
        .map(|m| (*m).to_owned())
}

/// Whether a merging workflow's text covers `ecosystem` (a `dependabot.yml` name): it compares
/// `package-ecosystem` with `==` to `fetch-metadata`'s name for it, or makes no such comparison.
fn covers(text: &str, ecosystem: &str) -> bool {
    let metadata = match ecosystem {
        "npm" => "npm_and_yarn",
        "github-actions" => "github_actions",
        "gomod" => "go_modules",
        "gitsubmodule" => "submodules",
        "mix" => "hex",
        "docker-compose" => "docker_compose",
        other => other,
    };
    let mut compared = false;
    for (i, _) in text.match_indices("package-ecosystem") {
        let rest = text[i + "package-ecosystem".len()..].trim_start();
        let Some(value) = rest.strip_prefix("==") else {
            if rest.starts_with("!=") {
                return true;
            }
            continue;
        };
        compared = true;
        let value = value.trim_start().trim_start_matches(['\'', '"']);
        if value.starts_with(metadata) && !value[metadata.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            return true;
        }
    }
    !compared
}

/// Whether the line at `at`, or the line above it, carries a comment (a deliberate choice, said).
fn explained(src: &str, at: usize) -> bool {
    let at = src.floor_char_boundary(at.min(src.len()));
    let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = src[at..].find('\n').map_or(src.len(), |i| at + i);
    let above = src[..start.saturating_sub(1)].rsplit('\n').next().unwrap_or("");
    src[start..end].contains(" #") || above.trim_start().starts_with('#')
}

/// Whether a `docker` entry's one `directory:` holds nothing Dependabot can update: no Dockerfile,
/// or only Dockerfiles whose every base is a variable (`FROM ${BASE}`, which Dependabot does not
/// resolve: dependabot-core#2057), an earlier stage or `scratch`, or the directory does not exist.
/// Then it proposes nothing the day it ships (fineract's `/` and ErsatzTV's `/docker/vaapi`, the
/// twenty-fourth and twenty-fifth samples; Zabbix's `ARG`-based build images, the thirty-seventh).
/// Unknown (no repository to read, a glob, `directories:`): `false`.
fn updates_nothing(cx: &Ctx, update: shipshape_yaml::NodeRef) -> bool {
    if update.get("package-ecosystem").and_then(|e| e.as_str()) != Some("docker") {
        return false;
    }
    let Some(dir) = update.get("directory").and_then(|d| d.as_str()).filter(|d| !d.contains('*')) else {
        return false;
    };
    // `.github/dependabot.yml` sits two folders below the repository's root.
    let Some(root) = cx.file.path.as_deref().and_then(|p| p.parent()).and_then(|p| p.parent()) else {
        return false;
    };
    let tree = cx.core.tree();
    if !tree.exists(&root.join(".git")) {
        return false;
    }
    let at = root.join(dir.trim_start_matches('/'));
    // Dockerfiles, and the Kubernetes manifests and Helm values the ecosystem also reads (Compose
    // files are the `docker-compose` ecosystem's).
    !tree.list(&at).iter().any(|f| {
        let Some(n) = f.file_name().and_then(|n| n.to_str()).map(str::to_ascii_lowercase) else {
            return false;
        };
        let yaml = n.ends_with(".yml") || n.ends_with(".yaml");
        if n.contains("dockerfile") || n.contains("containerfile") {
            // Unreadable: assume it names an image.
            tree.read(f).is_none_or(|text| {
                Facts::of(&text)
                    .stages
                    .iter()
                    .any(|s| s.parent.is_none() && !s.base.contains('$') && !s.base.eq_ignore_ascii_case("scratch"))
            })
        } else {
            yaml && !n.starts_with("docker-compose") && !n.starts_with("compose")
        }
    })
}

/// Whether the update's `ignore:` drops every version update of every dependency
/// (`dependency-name: "*"` with major, minor and patch `update-types`, or none listed): only
/// security updates are left, which cooldown does not apply to (velero, judged wrong 2026-12-05).
fn ignores_every_version(update: shipshape_yaml::NodeRef) -> bool {
    update.get("ignore").map(|i| i.items()).unwrap_or_default().into_iter().any(|rule| {
        let all = rule.get("dependency-name").and_then(|n| n.as_str()) == Some("*");
        let types: Vec<&str> = rule
            .get("update-types")
            .map(|t| t.items().into_iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        let every = types.is_empty() && rule.get("versions").is_none()
            || ["major", "minor", "patch"]
                .iter()
                .all(|k| types.iter().any(|t| t.ends_with(&format!("semver-{k}"))));
        all && every
    })
}
