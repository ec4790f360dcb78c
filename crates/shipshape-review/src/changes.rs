//! What a change means, per file kind: each changed file's two texts (base and head) are read as
//! structure and compared, and every difference a reviewer must weigh becomes a [`Change`] with
//! its category, its risk and, when it is one of the seeds' approval triggers (SAFE-02), why it
//! needs approval. The risk of each kind of change is the table in `docs/review.md`.

use crate::value::N;
use serde::Serialize;
use shipshape_core::classify::FileKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
    Critical,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
            Risk::Critical => "critical",
        }
    }

    /// One level up (SAFE: a production rollout that cannot be rolled back cleanly).
    pub fn raised(self) -> Risk {
        match self {
            Risk::Low => Risk::Medium,
            Risk::Medium => Risk::High,
            Risk::High | Risk::Critical => Risk::Critical,
        }
    }
}

/// The seeds' categories of operation (SAFE-03), and the ones CI and supply chain add.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A rollout: an image, a container's command or environment, a workload's template.
    Deployment,
    /// Replicas, autoscaling bounds, requests and limits, instance counts.
    Capacity,
    /// Ports, Services, Ingresses, network policies, firewalls, load balancers, DNS.
    Network,
    /// Certificates and TLS secrets.
    Tls,
    /// Who can do what: tokens, RBAC, IAM, privileges, root, host access.
    Access,
    /// Secrets newly exposed or written.
    Secrets,
    /// Data that can be lost: destroyed or replaced resources, migrations, state.
    Data,
    /// Probes, disruption budgets, rollout strategy, restart policies.
    Availability,
    /// Alert rules and the monitoring stack.
    Monitoring,
    /// What is pulled in from elsewhere: actions, base images, modules, downloads.
    SupplyChain,
    /// Pipelines' triggers, runners and jobs.
    Ci,
    /// Anything else of the file.
    Other,
}

/// A Kubernetes object, for rollback commands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Object {
    pub kind: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// One difference between the two revisions that a reviewer must weigh.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub path: String,
    /// 1-based, in the head's text (the base's for what was removed); 0 for the whole file.
    pub line: usize,
    /// A stable identifier of the kind of change (`kubernetes.replicas-increased`).
    pub kind: &'static str,
    pub category: Category,
    pub risk: Risk,
    pub message: String,
    /// The approval trigger (SAFE-02, OUT-04) this change fires, when it fires one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
    /// The Kubernetes object or Terraform address it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<Object>,
    /// The value before and after, when one value changed (an image, a replica count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl Change {
    pub fn new(path: &str, line: usize, kind: &'static str, category: Category, risk: Risk, message: String) -> Change {
        Change {
            path: path.to_owned(),
            line,
            kind,
            category,
            risk,
            message,
            approval: None,
            object: None,
            before: None,
            after: None,
        }
    }

    pub fn approval(mut self, why: impl Into<String>) -> Change {
        self.approval = Some(why.into());
        self
    }

    pub fn object(mut self, o: Object) -> Change {
        self.object = Some(o);
        self
    }

    pub fn values(mut self, before: impl Into<String>, after: impl Into<String>) -> Change {
        self.before = Some(before.into());
        self.after = Some(after.into());
        self
    }
}

/// Which environment a file deploys to, as its path (and a workflow's `environment:`) names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    Production,
    NonProduction,
    /// The path names none: a deployable file of no named environment is taken as production
    /// (a repository with one `k8s/` directory deploys it to production).
    Unnamed,
}

/// Path words that name production, and those that name anything else.
const PROD_WORDS: &[&str] = &["prod", "production", "prd", "live"];
const NONPROD_WORDS: &[&str] = &[
    "dev",
    "develop",
    "development",
    "test",
    "tests",
    "testing",
    "testdata",
    "staging",
    "stage",
    "stg",
    "qa",
    "uat",
    "sandbox",
    "example",
    "examples",
    "sample",
    "samples",
    "demo",
    "demos",
    "local",
    "e2e",
    "fixture",
    "fixtures",
    "docs",
    "preview",
    "review",
    "override",
    "ci",
];

pub fn environment(path: &str) -> Environment {
    let lower = path.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['/', '.', '_', '-']).filter(|w| !w.is_empty()).collect();
    if words.iter().any(|w| PROD_WORDS.contains(w)) {
        Environment::Production
    } else if words.iter().any(|w| NONPROD_WORDS.contains(w)) {
        Environment::NonProduction
    } else {
        Environment::Unnamed
    }
}

/// The two readings of one changed file.
pub struct Pair<'a> {
    pub path: &'a str,
    pub kind: FileKind,
    pub base: Option<&'a str>,
    pub head: Option<&'a str>,
    /// The file deploys to production (by its name, or by being deployable and naming no
    /// environment).
    pub production: bool,
    /// The repository's owner (its `origin` remote's): its own actions are not a third party's.
    pub owner: Option<&'a str>,
}

/// Whether `kind` is applied to a running system (manifests, Terraform), so that a file of no named
/// environment is taken as production. A Compose file of no named environment is most often the
/// development setup: production only when its name says so (`compose.prod.yaml`).
pub fn deployable(kind: FileKind) -> bool {
    matches!(kind, FileKind::Kubernetes | FileKind::Terraform | FileKind::TerraformVars)
}

/// Every change of one file.
pub fn changes(pair: &Pair<'_>) -> Vec<Change> {
    let mut out = match pair.kind {
        FileKind::GithubWorkflow => crate::actions::workflow(pair),
        FileKind::GitlabCi => crate::gitlab::pipeline(pair),
        FileKind::Dockerfile => crate::docker::dockerfile(pair),
        FileKind::Compose => crate::compose::compose(pair),
        FileKind::Kubernetes => crate::kube::manifests(pair),
        FileKind::Terraform => crate::terraform::terraform(pair),
        _ => Vec::new(),
    };
    if let Some(kind) = migration(pair.path) {
        let verb = if pair.base.is_none() {
            "adds"
        } else if pair.head.is_none() {
            "removes"
        } else {
            "changes"
        };
        out.push(
            Change::new(
                pair.path,
                0,
                "migration",
                Category::Data,
                Risk::High,
                format!(
                    "{verb} a database migration ({kind}): it runs against production data, and how many rows it touches is not known here"
                ),
            )
            .approval("a database migration (SAFE-02 #3: back up the database and know the rows it affects)"),
        );
    }
    if matches!(pair.kind, FileKind::Yaml | FileKind::Kubernetes) {
        out.extend(crate::monitoring::alert_rules(pair));
    }
    if out.is_empty() && crate::monitoring::is_monitoring_config(pair.path) {
        out.push(Change::new(
            pair.path,
            0,
            "monitoring.config-changed",
            Category::Monitoring,
            Risk::Medium,
            "changes the monitoring stack's configuration (SAFE-03): alerts may stop firing or start paging".to_owned(),
        ));
    }
    out
}

/// The migration tool a path belongs to, when it is a database migration.
pub fn migration(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let in_dir = |d: &str| lower.starts_with(&format!("{d}/")) || lower.contains(&format!("/{d}/"));
    let code = [
        ".py", ".rb", ".sql", ".js", ".ts", ".go", ".php", ".java", ".kt", ".cs", ".xml", ".yaml", ".yml", ".json",
    ]
    .iter()
    .any(|e| name.ends_with(e));
    if !code || name.starts_with("__init__") {
        return None;
    }
    if in_dir("alembic/versions") || (in_dir("versions") && in_dir("alembic")) {
        Some("Alembic")
    } else if in_dir("db/migrate") {
        Some("Rails")
    } else if in_dir("prisma/migrations") {
        Some("Prisma")
    } else if name.starts_with('v') && name.contains("__") && name.ends_with(".sql") {
        Some("Flyway")
    } else if in_dir("migrations") && name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        if lower.contains("/migrations/") && name.ends_with(".py") {
            Some("Django")
        } else {
            Some("migrations")
        }
    } else if in_dir("changelog") && (lower.contains("liquibase") || name.contains("changelog")) {
        Some("Liquibase")
    } else {
        None
    }
}

/// A number of a quantity as Kubernetes writes them (`500m`, `2`, `512Mi`, `1G`), in base units.
pub fn quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let m = match unit {
        "" => 1.0,
        "m" => 1e-3,
        "k" | "K" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0f64.powi(4),
        _ => return None,
    };
    Some(n * m)
}

/// How much `after` exceeds `before`, as a share of `before` (`None` when not an increase or not
/// comparable).
pub fn increase(before: f64, after: f64) -> Option<f64> {
    (before > 0.0 && after > before).then(|| (after - before) / before)
}

/// The capacity approval trigger: an increase of more than half (SAFE-02 #2).
pub fn capacity_trigger(what: &str, before: &str, after: &str, share: f64) -> String {
    format!(
        "capacity increase of {:.0} % ({what} {before} → {after}; SAFE-02 #2: more than 50 %)",
        share * 100.0
    )
}

/// A sequence's or mapping's scalars under `key` of every item of `seq`, for set differences.
pub fn added<'a>(before: &[&'a str], after: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = after.iter().filter(|a| !before.contains(a)).copied().collect();
    out.dedup();
    out
}

/// An image moved, shortly: `repo` `1.4` → `1.5` when only the tag or digest moves (digests cut
/// to 12 hex digits), both references otherwise.
pub fn image_change(before: &str, after: &str) -> String {
    use shipshape_knowledge::image::ImageRef;
    let (b, a) = (ImageRef::parse(before), ImageRef::parse(after));
    let version = |r: &ImageRef| {
        let digest = r.digest.as_deref().map(|d| {
            let hex = d.split_once(':').map_or(d, |(_, h)| h);
            format!("@{}", &hex[..hex.len().min(12)])
        });
        match (&r.tag, digest) {
            (Some(t), Some(d)) => format!("{t}{d}"),
            (Some(t), None) => t.clone(),
            (None, Some(d)) => d,
            (None, None) => "latest".to_owned(),
        }
    };
    if b.repo == a.repo && b.registry == a.registry {
        format!("`{}` {} → {}", a.basename(), version(&b), version(&a))
    } else {
        format!("`{before}` → `{after}`")
    }
}

/// A one-line rendering of a node, or `none`.
pub fn show(n: Option<&N>) -> String {
    n.map_or_else(|| "none".to_owned(), N::show)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_from_paths() {
        assert_eq!(environment("k8s/overlays/prod/deployment.yaml"), Environment::Production);
        assert_eq!(environment("deploy/production.tf"), Environment::Production);
        assert_eq!(environment("docker-compose.prod.yml"), Environment::Production);
        assert_eq!(environment("k8s/overlays/staging/deployment.yaml"), Environment::NonProduction);
        assert_eq!(environment("docker-compose.dev.yml"), Environment::NonProduction);
        assert_eq!(environment("k8s/deployment.yaml"), Environment::Unnamed);
        // A word inside another is not one: `product`, `staged`, `latest`.
        assert_eq!(environment("product/k8s/staged.yaml"), Environment::Unnamed);
    }

    #[test]
    fn migrations_by_tool() {
        assert_eq!(migration("alembic/versions/1a2b_add_users.py"), Some("Alembic"));
        assert_eq!(migration("backend/app/alembic/versions/1a2b_add_users.py"), Some("Alembic"));
        assert_eq!(migration("db/migrate/20240101000000_create_users.rb"), Some("Rails"));
        assert_eq!(migration("prisma/migrations/20240101_init/migration.sql"), Some("Prisma"));
        assert_eq!(migration("src/main/resources/db/migration/V2__add_index.sql"), Some("Flyway"));
        assert_eq!(migration("shop/migrations/0003_order_status.py"), Some("Django"));
        assert_eq!(migration("shop/migrations/__init__.py"), None);
        assert_eq!(migration("docs/migrations.md"), None);
        assert_eq!(migration("src/app.py"), None);
    }

    #[test]
    fn quantities() {
        assert_eq!(quantity("500m"), Some(0.5));
        assert_eq!(quantity("2"), Some(2.0));
        assert_eq!(quantity("512Mi"), Some(512.0 * 1024.0 * 1024.0));
        assert_eq!(quantity("1G"), Some(1e9));
        assert_eq!(quantity("lots"), None);
        assert_eq!(increase(2.0, 4.0), Some(1.0));
        assert_eq!(increase(4.0, 2.0), None);
    }
}
