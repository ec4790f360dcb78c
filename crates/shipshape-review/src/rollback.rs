//! Rollback steps per change kind and platform, and what to watch after the change (DEP-11: the
//! commands a person runs, in order; the monitoring windows of SEED-REQUIREMENTS §3).

use crate::File;
use crate::changes::Change;

const ROLLOUTS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet"];

fn push(out: &mut Vec<String>, s: String) {
    if !out.contains(&s) {
        out.push(s);
    }
}

fn ns(n: &Option<String>) -> String {
    n.as_ref().map_or_else(String::new, |n| format!(" -n {n}"))
}

/// The steps that undo the change, most specific first.
pub fn steps(files: &[File], changes: &[Change], base: &str, head: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    // Workloads rolled out: the previous ReplicaSet comes back at once.
    for c in changes {
        let Some(o) = &c.object else { continue };
        if c.kind.starts_with("kubernetes.")
            && ROLLOUTS.contains(&o.kind.as_str())
            && c.kind != "kubernetes.object-removed"
            && c.kind != "kubernetes.selector-changed"
        {
            let what = format!("{}/{}", o.kind.to_ascii_lowercase(), o.name);
            let previous = if c.kind == "kubernetes.image-changed" {
                c.before.as_ref().map_or(String::new(), |b| format!(" (back to `{b}`)"))
            } else {
                String::new()
            };
            push(
                &mut out,
                format!(
                    "`kubectl rollout undo {what}{}`{previous}, then `kubectl rollout status {what}{}` until it completes",
                    ns(&o.namespace),
                    ns(&o.namespace)
                ),
            );
        }
    }
    for f in files {
        let restore = format!(
            "`git show {base}:{} | kubectl apply -f -`",
            f.old_path.as_deref().unwrap_or(&f.path)
        );
        match (f.kind, f.status) {
            ("kubernetes", crate::git::Status::Added) => push(&mut out, format!("`kubectl delete -f {}` removes what it added", f.path)),
            ("kubernetes", _) => push(&mut out, format!("{restore} restores the manifests of {} as they were", f.path)),
            ("compose", crate::git::Status::Added) => push(&mut out, format!("`docker compose -f {} down` stops what it started", f.path)),
            ("compose", _) => {
                let images: Vec<String> = changes
                    .iter()
                    .filter(|c| c.path == f.path && c.kind == "compose.image-changed")
                    .filter_map(|c| c.before.clone())
                    .collect();
                push(
                    &mut out,
                    format!(
                        "`git checkout {base} -- {}` and `docker compose -f {} up -d`{}",
                        f.path,
                        f.path,
                        if images.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " (back to {})",
                                images.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                            )
                        }
                    ),
                );
            }
            ("dockerfile", _) => push(
                &mut out,
                format!(
                    "redeploy the image built from {base} (its tag), or rebuild it after `git checkout {base} -- {}`",
                    f.path
                ),
            ),
            ("github-workflow" | "github-action" | "gitlab-ci" | "dependabot", _) => match head {
                Some(h) => push(
                    &mut out,
                    format!("`git revert {}` undoes the pipeline change ({})", &h[..h.len().min(12)], f.path),
                ),
                None => push(&mut out, format!("`git checkout {base} -- {}` undoes the pipeline change", f.path)),
            },
            ("terraform" | "terraform-vars", _) => {
                let dir = std::path::Path::new(&f.path).parent().map_or(String::from("."), |d| {
                    let d = d.to_string_lossy();
                    if d.is_empty() { ".".to_owned() } else { d.into_owned() }
                });
                push(
                    &mut out,
                    format!(
                        "`git checkout {base} -- {dir}`, then `terraform -chdir={dir} plan` (read it) and `terraform -chdir={dir} apply`"
                    ),
                );
            }
            _ => {}
        }
        if let Some(tool) = crate::changes::migration(&f.path) {
            let how = match tool {
                "Alembic" => "`alembic downgrade -1`",
                "Rails" => "`bin/rails db:rollback`",
                "Django" => "`python manage.py migrate <app> <previous migration>`",
                "Prisma" => "a hand-written down migration (Prisma has none)",
                "Flyway" => "the undo script, or the backup (Flyway's undo is not in its free edition)",
                _ => "the migration's down step",
            };
            push(
                &mut out,
                format!(
                    "take a database backup before migrating; to undo {}: {how}, or restore the backup",
                    f.path
                ),
            );
        }
        if crate::monitoring::is_monitoring_config(&f.path) || changes.iter().any(|c| c.path == f.path && c.kind.starts_with("monitoring."))
        {
            push(
                &mut out,
                format!(
                    "`git checkout {base} -- {}` and reload Prometheus (`POST /-/reload`) or restart the component",
                    f.path
                ),
            );
        }
    }
    for c in changes {
        if matches!(c.kind, "terraform.destroyed" | "terraform.replaced") {
            let addr = c.object.as_ref().map_or("", |o| o.name.as_str());
            push(
                &mut out,
                format!(
                    "`{addr}` cannot be rolled back once destroyed: back it up before apply; undoing the change creates a new, empty one"
                ),
            );
        }
        if c.kind == "kubernetes.selector-changed"
            && let Some(o) = &c.object
        {
            push(
                &mut out,
                format!(
                    "{}/{} was recreated for its new selector: to go back, delete it and apply the previous manifest",
                    o.kind.to_ascii_lowercase(),
                    o.name
                ),
            );
        }
    }
    if !out.is_empty() {
        out.push("watch the error rate and p95 latency for 15 minutes after rolling back".to_owned());
    }
    out
}

/// What to watch after the change is applied.
pub fn verification(files: &[File], changes: &[Change]) -> Vec<String> {
    let mut out = Vec::new();
    let rollouts: Vec<String> = changes
        .iter()
        .filter_map(|c| {
            c.object
                .as_ref()
                .filter(|o| c.kind.starts_with("kubernetes.") && ROLLOUTS.contains(&o.kind.as_str()))
        })
        .map(|o| {
            format!(
                "`kubectl rollout status {}/{}{}`",
                o.kind.to_ascii_lowercase(),
                o.name,
                ns(&o.namespace)
            )
        })
        .collect();
    if !rollouts.is_empty() {
        let mut r = rollouts;
        r.dedup();
        push(&mut out, format!("wait for {} to complete", r.join(", ")));
    }
    if files.iter().any(|f| f.production) {
        push(&mut out, "after a production change, watch the error rate and p95 latency for 15 minutes: roll back at more than 1 % errors above the baseline or p95 200 ms above it".to_owned());
    }
    if files.iter().any(|f| f.kind == "compose") {
        push(&mut out, "`docker compose ps`: every service running and healthy".to_owned());
    }
    if files.iter().any(|f| f.kind.starts_with("terraform")) || changes.iter().any(|c| c.kind.starts_with("terraform.")) {
        push(
            &mut out,
            "after `terraform apply`, `terraform plan` again: it must show no changes".to_owned(),
        );
    }
    if files
        .iter()
        .any(|f| matches!(f.kind, "github-workflow" | "github-action" | "gitlab-ci"))
    {
        push(
            &mut out,
            "run the changed pipeline once on a branch and read its log before relying on it".to_owned(),
        );
    }
    if files.iter().any(|f| crate::changes::migration(&f.path).is_some()) {
        push(
            &mut out,
            "run the migration against a copy of production data first; time it, and check the rows it touches".to_owned(),
        );
    }
    if changes.iter().any(|c| c.kind.starts_with("monitoring.")) {
        push(
            &mut out,
            "`promtool check rules` on the changed rule files, and confirm the alerts still fire on a test series".to_owned(),
        );
    }
    out
}
