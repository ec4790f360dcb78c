//! A thin view of workflows and actions over the spanned YAML tree.

use shipshape_core::Span;
use shipshape_yaml::{NodeRef, Style};

/// A `uses:` reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Uses<'a> {
    /// `./path/to/action` (or a local reusable workflow), or GitHub's self-repository form
    /// `$/path/to/action` (July 2026), as written.
    Local(&'a str),
    /// `docker://image:tag`.
    Docker(&'a str),
    /// `owner/repo[/path]@ref`.
    Repo {
        owner: &'a str,
        repo: &'a str,
        path: Option<&'a str>,
        git_ref: Option<&'a str>,
    },
}

/// The repository-relative path of an in-repository `uses:` (`./.github/workflows/x.yml` or the
/// self-repository `$/.github/workflows/x.yml`), `None` for any other.
pub fn local_path(uses: &str) -> Option<&str> {
    let uses = uses.trim();
    uses.strip_prefix("$/").or_else(|| uses.strip_prefix("./"))
}

impl<'a> Uses<'a> {
    pub fn parse(s: &'a str) -> Option<Uses<'a>> {
        let s = s.trim();
        if s.starts_with("./") || s.starts_with("../") || s.starts_with("$/") {
            return Some(Uses::Local(s));
        }
        if let Some(image) = s.strip_prefix("docker://") {
            return Some(Uses::Docker(image));
        }
        let (name, git_ref) = match s.split_once('@') {
            Some((n, r)) => (n, Some(r)),
            None => (s, None),
        };
        let mut parts = name.splitn(3, '/');
        let owner = parts.next().filter(|p| !p.is_empty())?;
        let repo = parts.next().filter(|p| !p.is_empty())?;
        Some(Uses::Repo {
            owner,
            repo,
            path: parts.next(),
            git_ref,
        })
    }

    /// `owner/repo`, lowercase, for table lookups.
    pub fn repo_key(&self) -> Option<String> {
        match self {
            Uses::Repo { owner, repo, .. } => Some(format!("{owner}/{repo}").to_ascii_lowercase()),
            _ => None,
        }
    }

    /// The action or workflow as written, without its ref: `docker/build-push-action`,
    /// `github/codeql-action/init`, `./.github/actions/x`, `docker://alpine:3`.
    pub fn name(&self) -> String {
        match self {
            Uses::Local(p) => (*p).to_owned(),
            Uses::Docker(i) => format!("docker://{i}"),
            Uses::Repo { owner, repo, path, .. } => match path {
                Some(p) => format!("{owner}/{repo}/{p}"),
                None => format!("{owner}/{repo}"),
            },
        }
    }

    /// Whether the ref is a full 40-hex commit SHA.
    pub fn is_sha_pinned(&self) -> bool {
        matches!(self, Uses::Repo { git_ref: Some(r), .. } if r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    /// A reusable workflow call (`owner/repo/.github/workflows/x.yml@ref`).
    pub fn is_workflow(&self) -> bool {
        match self {
            Uses::Repo { path: Some(p), .. } => p.ends_with(".yml") || p.ends_with(".yaml"),
            Uses::Local(p) => p.ends_with(".yml") || p.ends_with(".yaml"),
            _ => false,
        }
    }
}

/// The events a workflow runs on: `on: push`, `on: [push, pull_request]` or `on: {push: …}`.
pub fn triggers<'a>(root: NodeRef<'a>) -> Vec<(String, NodeRef<'a>)> {
    let Some(on) = root.get("on") else { return Vec::new() };
    if on.is_map() {
        on.entries()
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
            .collect()
    } else {
        on.scalar_or_items()
            .into_iter()
            .filter_map(|n| Some((n.as_str()?.to_owned(), n)))
            .collect()
    }
}

/// Whether the workflow can be called by another (`on: workflow_call`, alone or among other events).
pub fn is_reusable(root: NodeRef<'_>) -> bool {
    triggers(root).iter().any(|(t, _)| t == "workflow_call")
}

/// Whether `workflow_call` is the workflow's only event: it runs only when another workflow calls it.
pub fn is_reusable_only(root: NodeRef<'_>) -> bool {
    let t = triggers(root);
    !t.is_empty() && t.iter().all(|(t, _)| t == "workflow_call")
}

/// `(id key, job)` of every job.
pub fn jobs<'a>(root: NodeRef<'a>) -> Vec<(NodeRef<'a>, NodeRef<'a>)> {
    root.get("jobs")
        .map(|j| j.entries())
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, v)| v.is_map())
        .collect()
}

/// Steps of a job, or of a composite action's `runs`.
pub fn steps<'a>(job_or_runs: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    flatten(job_or_runs.get("steps").map(|s| s.items()).unwrap_or_default(), 0, &mut out);
    out
}

/// Steps in order, a `parallel:` group (parallel steps, generally available since 2026-06-25) by the
/// steps it runs: each is a step like any other. Bounded nesting.
fn flatten<'a>(items: Vec<NodeRef<'a>>, depth: usize, out: &mut Vec<NodeRef<'a>>) {
    for s in items.into_iter().filter(|s| s.is_map()) {
        match s.get("parallel") {
            Some(group) if depth < 4 => flatten(group.items(), depth + 1, out),
            Some(_) => {}
            None => out.push(s),
        }
    }
}

/// Events an outsider can start that run in the base repository, with its secrets, its token and
/// its default branch's cache scope.
pub const OUTSIDER_EVENTS: &[&str] = &[
    "pull_request_target",
    "issue_comment",
    "issues",
    "discussion",
    "discussion_comment",
    "workflow_run",
    "pull_request_review_comment",
    "fork",
    "watch",
];

/// Whether some trigger of the workflow is one outsiders start in the base repository.
pub fn started_by_outsiders(root: NodeRef<'_>) -> bool {
    triggers(root).iter().any(|(t, _)| OUTSIDER_EVENTS.contains(&t.as_str()))
}

/// Every list of steps in the file with its job (None for a composite action).
pub fn all_steps<'a>(root: NodeRef<'a>) -> Vec<(Option<NodeRef<'a>>, NodeRef<'a>)> {
    let mut out = Vec::new();
    for (_, job) in jobs(root) {
        for s in steps(job) {
            out.push((Some(job), s));
        }
    }
    if let Some(runs) = root.get("runs") {
        for s in steps(runs) {
            out.push((None, s));
        }
    }
    out
}

/// The parsed `uses:` of a step or job, with its node.
pub fn uses_of(node: NodeRef<'_>) -> Option<(Uses<'_>, NodeRef<'_>)> {
    let u = node.get("uses")?;
    Some((Uses::parse(u.as_str()?)?, u))
}

/// The span of a scalar as written: a quoted scalar ends at its closing quote (the YAML layer's span
/// of a quoted scalar can run on over a trailing `# comment`).
pub fn scalar_span(src: &str, node: NodeRef<'_>) -> Span {
    let span = node.span();
    let quote = match node.style() {
        Style::SingleQuoted => b'\'',
        Style::DoubleQuoted => b'"',
        _ => return span,
    };
    let bytes = span.text(src).as_bytes();
    if bytes.first() != Some(&quote) {
        return span;
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Span::new(span.start, span.start + i + 1),
            _ => i += 1,
        }
    }
    span
}

/// Where a ref names the pull request's (or the triggering run's) head: code an outsider wrote.
pub const HEAD_REFS: &[&str] = &["pull_request.head", "head_ref", "refs/pull/", "workflow_run.head"];

/// Whether a step is an `actions/checkout` of the pull request's (or the triggering run's) head.
pub fn checks_out_head(step: NodeRef<'_>) -> bool {
    step_uses(step, "actions/checkout")
        && with(step, "ref")
            .and_then(|r| r.as_text())
            .is_some_and(|r| HEAD_REFS.iter().any(|h| r.contains(h)))
}

/// Whether a step uses `owner/repo` (any path, any ref).
pub fn step_uses(step: NodeRef, repo: &str) -> bool {
    uses_of(step).and_then(|(u, _)| u.repo_key()).is_some_and(|k| k == repo)
}

/// The major of a ref: `v4` for `v4.1.2`, `v4` for `v4`; `None` for SHAs and branches.
pub fn major_of(git_ref: &str) -> Option<String> {
    let v = git_ref.strip_prefix('v').unwrap_or(git_ref);
    let major = v.split('.').next()?;
    major
        .parse::<u64>()
        .ok()
        .map(|m| if git_ref.starts_with('v') { format!("v{m}") } else { m.to_string() })
}

/// Whether `node` is written inside `outer`, not reached through an alias or a merge key (an edit
/// there would change every user of the anchor).
pub fn written_in(node: NodeRef, outer: NodeRef) -> bool {
    let (n, o) = (node.span(), outer.span());
    o.start <= n.start && n.end <= o.end
}

/// An input of a step's `with:`.
pub fn with<'a>(step: NodeRef<'a>, key: &str) -> Option<NodeRef<'a>> {
    step.get("with")?.get(key)
}

/// The shell script of a `run:` step.
pub fn run_text(step: NodeRef<'_>) -> Option<&str> {
    step.get("run")?.as_str()
}

/// The ids a job `needs:`.
pub fn needs_of(job: NodeRef<'_>) -> Vec<(String, NodeRef<'_>)> {
    job.get("needs")
        .map(|n| n.scalar_or_items())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|n| Some((n.as_str()?.to_owned(), n)))
        .collect()
}

/// Whether `job` can run when the workflow is triggered by `event`, as far as its `if:` and its
/// `needs` say: a condition every branch of which requires another `github.event_name` (or
/// excludes this one) cannot hold, and a job that runs only after its needs succeed cannot run
/// when none of them can. Conservative: anything not understood can run.
pub fn job_runs_on(root: NodeRef<'_>, job: NodeRef<'_>, event: &str) -> bool {
    fn runs(root: NodeRef<'_>, job: NodeRef<'_>, event: &str, depth: usize) -> bool {
        if depth > 16 {
            return true;
        }
        let cond: String = job
            .get("if")
            .and_then(|c| c.as_text())
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let cond = cond.trim_start_matches("${{").trim_end_matches("}}").replace('"', "'");
        // Each `||` branch (at any depth: a branch that cannot hold is ruled out whatever groups it).
        let allows = |branch: &str| {
            let other = branch.match_indices("github.event_name=='").any(|(i, m)| {
                let rest = &branch[i + m.len()..];
                rest.split('\'').next().is_some_and(|e| e != event)
            });
            let excluded = branch.contains(&format!("github.event_name!='{event}'"));
            !(other || excluded)
        };
        if !cond.is_empty() && !cond.split("||").any(allows) {
            // A branch split inside parentheses may mislead: only a condition without `||`, or
            // whose every branch names another event, is ruled out.
            return false;
        }
        let needs: Vec<NodeRef<'_>> = needs_of(job)
            .into_iter()
            .filter_map(|(n, _)| jobs(root).into_iter().find(|(k, _)| k.as_str() == Some(n.as_str())).map(|(_, j)| j))
            .collect();
        if needs.is_empty() {
            return true;
        }
        let status = ["always()", "cancelled()", "failure()"].iter().any(|f| cond.contains(f));
        let reachable = |j: &NodeRef<'_>| runs(root, *j, event, depth + 1);
        if !status {
            needs.iter().all(reachable)
        } else if cond.contains(".result=='success'") {
            needs.iter().any(reachable)
        } else {
            true
        }
    }
    runs(root, job, event, 0)
}

/// Whether a step publishes something: pushes an image, deploys, releases or publishes a package.
pub fn publishes(step: NodeRef<'_>) -> bool {
    if let Some((u, _)) = uses_of(step) {
        let key = u.repo_key().unwrap_or_default();
        if key == "docker/build-push-action" {
            // Tags only of a registry on the runner (`localhost:5000/app:scan`, a job's service
            // container): nothing leaves the runner (kargo's image scan, judged wrong).
            let local_only = with(step, "tags").and_then(|t| t.as_text()).is_some_and(|t| {
                let tags: Vec<&str> = t.split([',', '\n']).map(str::trim).filter(|t| !t.is_empty()).collect();
                !tags.is_empty() && tags.iter().all(|t| local_registry(t))
            });
            return !local_only && with(step, "push").and_then(|p| p.as_text()).is_some_and(|p| p != "false");
        }
        // A command over SSH deploys when the command does: a health check or a clean-up after a
        // deploy (`make health`, `make prune`: openfoodfacts's robotoff, judged wrong, the fiftieth
        // sample) publishes nothing.
        if key == "appleboy/ssh-action"
            && let Some(script) = with(step, "script").and_then(|s| s.as_text())
        {
            const REMOTE_DEPLOY: &[&str] = &[
                "git pull",
                "docker pull",
                "compose up",
                "compose pull",
                "docker run",
                "systemctl restart",
                "systemctl reload",
                "make deploy",
                "make up",
                "deploy",
            ];
            return publishes_in_script(script) || script_runs(script, REMOTE_DEPLOY);
        }
        if PUBLISH_ACTIONS.iter().any(|a| key == *a) {
            return !login_only(step, &key);
        }
    }
    run_text(step).is_some_and(publishes_in_script)
}

/// `akhileshns/heroku-deploy` with `justlogin: true` logs the CLI in and deploys nothing
/// (vita-min's review-app workflow, judged wrong, precision sample 44).
fn login_only(step: NodeRef<'_>, key: &str) -> bool {
    key == "akhileshns/heroku-deploy" && with(step, "justlogin").and_then(|j| j.as_text()).is_some_and(|j| j == "true")
}

/// Whether an image reference names a registry on the runner itself (`localhost:5000/app`,
/// `127.0.0.1:5000/app`): a job's own service container.
fn local_registry(image: &str) -> bool {
    let host = image.trim_matches(['"', '\'']).split('/').next().unwrap_or_default();
    let name = host.split(':').next().unwrap_or_default();
    image.contains('/') && matches!(name, "localhost" | "127.0.0.1")
}

/// Actions whose whole job is to publish or deploy.
pub const PUBLISH_ACTIONS: &[&str] = &[
    "pypa/gh-action-pypi-publish",
    "softprops/action-gh-release",
    "ncipollo/release-action",
    "peaceiris/actions-gh-pages",
    "jamesives/github-pages-deploy-action",
    "actions/deploy-pages",
    "azure/webapps-deploy",
    "azure/k8s-deploy",
    "aws-actions/amazon-ecs-deploy-task-definition",
    "google-github-actions/deploy-cloudrun",
    "google-github-actions/deploy-appengine",
    "cloudflare/wrangler-action",
    "amondnet/vercel-action",
    "akhileshns/heroku-deploy",
    "appleboy/ssh-action",
];

/// Commands that push, deploy or publish.
/// Commands that publish a package or an image.
const PUBLISH_COMMANDS: &[&str] = &[
    "docker push",
    "docker buildx build --push",
    "podman push",
    "npm publish",
    "yarn publish",
    "pnpm publish",
    "twine upload",
    "uv publish",
    "poetry publish",
    "hatch publish",
    "pdm publish",
    "flit publish",
    "bun publish",
    "dotnet nuget push",
    "cargo publish",
    "gem push",
    "gh release create",
];

pub fn publishes_in_script(script: &str) -> bool {
    runs_publish_command(script)
        || script_runs(script, DEPLOY_COMMANDS)
        || script_lines(script).any(|l| l.contains("docker buildx build") && l.contains("--push"))
}

/// Whether a line of the script publishes a package, image or release. `cargo publish --dry-run`,
/// `npm publish --dry-run`: a rehearsal that uploads nothing. A push to a registry on the runner
/// (`docker push localhost:5000/…`) leaves it neither.
fn runs_publish_command(script: &str) -> bool {
    script_lines(script).any(|l| {
        !l.contains("--dry-run")
            && PUBLISH_COMMANDS.iter().any(|c| l.contains(c))
            && !l.split_whitespace().any(|w| w.contains('/') && local_registry(w))
    })
}

/// Commands that deploy to an environment.
const DEPLOY_COMMANDS: &[&str] = &[
    "kubectl apply",
    "kubectl rollout",
    "kubectl set image",
    "helm upgrade",
    "helm install",
    "terraform apply",
    "pulumi up",
    "flyctl deploy",
    "fly deploy",
    "vercel deploy",
    "serverless deploy",
    "sls deploy",
    "cdk deploy",
    "aws ecs update-service",
    "gcloud run deploy",
    "az webapp deploy",
    "firebase deploy",
];

/// The script's lines that are not comments, with runs of blanks made one space.
fn script_lines(script: &str) -> impl Iterator<Item = String> + '_ {
    script
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether a line of the script (not a comment) runs one of `cmds`.
fn script_runs(script: &str, cmds: &[&str]) -> bool {
    script_lines(script).any(|l| cmds.iter().any(|c| l.contains(c)))
}

/// Whether a job deploys to an environment (not just publishes a package or image), from what it
/// runs: a deploy command or action. Its id and `name:` are not evidence (a job called `deploy` may
/// only run tests).
pub fn job_deploys(job: NodeRef<'_>) -> bool {
    if runs_local_cluster(job) {
        return false;
    }
    steps(job).into_iter().any(|s| {
        let key = uses_of(s).and_then(|(u, _)| u.repo_key()).unwrap_or_default();
        (PUBLISH_ACTIONS.contains(&key.as_str())
            && !login_only(s, &key)
            && !matches!(
                key.as_str(),
                "pypa/gh-action-pypi-publish" | "softprops/action-gh-release" | "ncipollo/release-action"
            ))
            || run_text(s).is_some_and(|t| script_runs(t, DEPLOY_COMMANDS))
    })
}

/// Whether a job deploys or publishes: an `environment`, or a publishing step. Installing into a
/// throwaway cluster on the runner is neither, so `kubectl`/`helm` there do not count.
pub fn job_publishes(job: NodeRef<'_>) -> bool {
    let local = runs_local_cluster(job);
    steps(job).into_iter().any(|s| publishes_in_job(s, local))
}

/// Whether a step publishes, given whether its job runs a throwaway cluster on the runner
/// ([`runs_local_cluster`]): there, `kubectl`/`helm` install into that cluster and are no deploy;
/// pushes, releases, package publishes and deploy actions still count.
pub fn publishes_in_job(step: NodeRef<'_>, local_cluster: bool) -> bool {
    if local_cluster {
        // es-operator's e2e step pushes to the kind registry on `localhost:5000` (judged wrong as
        // publishing, the sixty-second sample).
        run_text(step).is_some_and(runs_publish_command) || uses_of(step).is_some_and(|_| publishes(step))
    } else {
        publishes(step)
    }
}

/// Whether a job starts a throwaway cluster on the runner (kind, minikube, k3d, k3s): what it
/// then installs there is a test, not a deploy.
pub fn runs_local_cluster(job: NodeRef<'_>) -> bool {
    steps(job).into_iter().any(|s| {
        let key = uses_of(s).and_then(|(u, _)| u.repo_key()).unwrap_or_default();
        matches!(
            key.as_str(),
            "helm/kind-action"
                | "medyagh/setup-minikube"
                | "absaoss/k3d-action"
                | "nolar/setup-k3d-k3s"
                // zero-to-jupyterhub's test cluster (judged wrong twice, the thirty-seventh sample).
                | "jupyterhub/action-k3s-helm"
        ) || run_text(s).is_some_and(starts_local_cluster)
            // A throwaway test cluster of Replicated's compatibility matrix, with a TTL (kubecost's
            // chart tests on OpenShift and EKS, judged wrong as publishing, the sixty-third sample).
            || matches!(uses_of(s), Some((Uses::Repo { owner, path: Some(path), .. }, _))
                if owner.eq_ignore_ascii_case("replicatedhq") && path.ends_with("create-cluster"))
    })
}

/// The checkout's root of a workflow or an action under `.github/`: the folder that holds `.github`
/// (paths in `uses: ./…`, in the scripts a step runs and in `hashFiles()` are relative to it).
pub fn checkout_root(file: &std::path::Path) -> Option<std::path::PathBuf> {
    file.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == ".github"))
        .and_then(std::path::Path::parent)
        .map(std::path::Path::to_path_buf)
}

/// Whether a job is switched off with `if: false` (or `${{ false }}`): it never runs.
pub fn switched_off(job: NodeRef<'_>) -> bool {
    job.get("if")
        .is_some_and(|c| matches!(c.as_text().map(|t| t.replace(' ', "")).as_deref(), Some("false" | "${{false}}")))
}

/// Whether a script (a `run:` text, a repository script, a composite action) starts a throwaway
/// cluster on the runner: kind, minikube, k3d, k3s, ctlptl.
pub fn starts_local_cluster(text: &str) -> bool {
    [
        "kind create cluster",
        // A cluster a repository script creates, then fed with `kind load` (metallb's
        // `hack/kind-multi-node-cluster-without-registry.sh`, judged 2026-12-05).
        "kind load ",
        "kind get kubeconfig",
        "/kind-",
        "helm/kind-action",
        "setup-minikube",
        "minikube start",
        "k3d cluster create",
        "ctlptl create cluster",
        "get.k3s.io",
    ]
    .iter()
    .any(|c| text.contains(c))
}

/// Whether a job's `if:` keeps it to the repository's own branches or a named author
/// (`head.repo.full_name == github.repository`, `head.repo.fork == false`,
/// `pull_request.user.login == 'dependabot[bot]'`): no fork's pull request runs it.
pub fn excludes_forks(job: NodeRef) -> bool {
    job.get("if").and_then(|c| c.as_text()).is_some_and(|c| {
        let c = c.replace(' ', "");
        c.contains("head.repo.full_name==github.repository")
            || c.contains("github.repository==github.event.pull_request.head.repo.full_name")
            || c.contains("head.repo.fork==false")
            || c.contains("!github.event.pull_request.head.repo.fork")
            || c.contains("pull_request.user.login==")
            // A `workflow_run` job kept from runs of forks' pull requests (2i2c's auto-merge of
            // placeholder branches, judged wrong as an outsider's branch name, the fiftieth sample).
            || c.contains("!github.event.workflow_run.head_repository.fork")
            || c.contains("workflow_run.head_repository.fork==false")
            || c.contains("workflow_run.head_repository.full_name==github.repository")
            || c.contains("github.repository==github.event.workflow_run.head_repository.full_name")
            // Authors with write access only (ginkgo's `author_association == 'COLLABORATOR' ||
            // … 'MEMBER' || … 'OWNER'`, the fifty-ninth sample), no other association admitted.
            || (c.contains("author_association==")
                && !c.contains("author_association!=")
                && !["CONTRIBUTOR", "NONE", "FIRST_TIME", "MANNEQUIN"]
                    .iter()
                    .any(|w| c.to_ascii_uppercase().contains(w)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_forms() {
        assert_eq!(
            Uses::parse("actions/checkout@v4"),
            Some(Uses::Repo {
                owner: "actions",
                repo: "checkout",
                path: None,
                git_ref: Some("v4")
            })
        );
        assert!(Uses::parse("github/codeql-action/init@v3").unwrap().repo_key() == Some("github/codeql-action".into()));
        assert!(Uses::parse("o/r/.github/workflows/ci.yml@main").unwrap().is_workflow());
        assert_eq!(Uses::parse("./.github/actions/x"), Some(Uses::Local("./.github/actions/x")));
        assert_eq!(Uses::parse("$/.github/actions/x"), Some(Uses::Local("$/.github/actions/x")));
        assert_eq!(local_path("$/.github/workflows/ci.yml"), Some(".github/workflows/ci.yml"));
        assert_eq!(local_path("./.github/workflows/ci.yml"), Some(".github/workflows/ci.yml"));
        assert_eq!(local_path("actions/checkout@v6"), None);
        assert_eq!(Uses::parse("docker://alpine:3"), Some(Uses::Docker("alpine:3")));
        assert!(
            Uses::parse("actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab")
                .unwrap()
                .is_sha_pinned()
        );
        assert_eq!(major_of("v4.1.2").as_deref(), Some("v4"));
        assert_eq!(major_of("main"), None);
    }
}
