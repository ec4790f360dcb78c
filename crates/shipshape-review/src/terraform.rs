//! Terraform, from the configuration (two revisions of a `.tf` file) or from a plan
//! (`terraform show -json`): resources added, changed, replaced and destroyed; security groups and
//! IAM widened; public exposure; encryption and deletion protection turned off; capacity; the
//! state backend; modules and providers moved.

use crate::changes::{Category, Change, Object, Pair, Risk, capacity_trigger, increase};
use crate::value::{N, V, terraform as parse};

/// Resource types whose destruction loses data.
pub fn stateful(rtype: &str) -> bool {
    const EXACT: &[&str] = &[
        "aws_s3_bucket",
        "google_storage_bucket",
        "aws_kms_key",
        "google_kms_crypto_key",
        "azurerm_key_vault",
        "azurerm_storage_account",
    ];
    const PARTS: &[&str] = &[
        "db_instance",
        "rds_cluster",
        "dynamodb_table",
        "ebs_volume",
        "efs_file_system",
        "elasticache_cluster",
        "elasticache_replication_group",
        "redshift_cluster",
        "docdb_cluster",
        "neptune_cluster",
        "opensearch_domain",
        "elasticsearch_domain",
        "sql_database",
        "compute_disk",
        "bigquery_dataset",
        "bigquery_table",
        "spanner_database",
        "spanner_instance",
        "filestore_instance",
        "managed_disk",
        "cosmosdb_account",
        "mssql_database",
        "mssql_server",
        "postgresql_server",
        "postgresql_flexible_server",
        "mysql_server",
        "mysql_flexible_server",
        "persistent_volume_claim",
        "database_cluster",
        "digitalocean_volume",
        "secretsmanager_secret",
        "memorystore",
        "redis_instance",
    ];
    EXACT.contains(&rtype)
        || PARTS.iter().any(|p| rtype.contains(p))
            && !["_policy", "_attachment", "_iam_", "_association"]
                .iter()
                .any(|s| rtype.contains(s))
}

/// Resource types that carry traffic or decide who reaches what.
pub fn network(rtype: &str) -> bool {
    const PARTS: &[&str] = &[
        "security_group",
        "firewall",
        "network_acl",
        "route53",
        "dns",
        "_lb",
        "lb_",
        "load_balancer",
        "elb",
        "cloudfront",
        "api_gateway",
        "route_table",
        "_route",
        "nat_gateway",
        "internet_gateway",
        "vpc_peering",
        "network_security",
        "frontdoor",
        "application_gateway",
        "ingress",
        "_vpc",
        "subnet",
    ];
    PARTS.iter().any(|p| rtype.contains(p))
}

/// Arguments whose change makes the provider replace the resource (ForceNew in the providers'
/// schemas), for the resources whose replacement costs most. A plan (`--plan`) says it for every
/// resource; this reads it from the configuration alone.
pub fn forces_new(rtype: &str) -> &'static [&'static str] {
    match rtype {
        "aws_db_instance" => &[
            "identifier",
            "engine",
            "db_name",
            "availability_zone",
            "storage_encrypted",
            "kms_key_id",
            "snapshot_identifier",
        ],
        "aws_rds_cluster" => &[
            "cluster_identifier",
            "engine",
            "database_name",
            "storage_encrypted",
            "kms_key_id",
            "availability_zones",
        ],
        "aws_s3_bucket" => &["bucket", "bucket_prefix"],
        "aws_instance" => &["ami", "availability_zone", "subnet_id", "key_name"],
        "aws_ebs_volume" => &["availability_zone", "encrypted", "snapshot_id", "kms_key_id"],
        "aws_dynamodb_table" => &["name", "hash_key", "range_key"],
        "aws_efs_file_system" => &["encrypted", "kms_key_id", "performance_mode", "creation_token"],
        "aws_elasticache_cluster" => &["cluster_id", "engine", "subnet_group_name"],
        "aws_eks_cluster" => &["name"],
        "aws_kms_key" => &["customer_master_key_spec", "key_usage"],
        "google_sql_database_instance" => &["name", "region"],
        "google_storage_bucket" => &["name", "location"],
        "google_compute_instance" => &["name", "zone"],
        "google_compute_disk" => &["name", "zone", "type", "image", "snapshot"],
        "google_container_cluster" => &["name", "location"],
        t if t.starts_with("azurerm_") => &["name", "location", "resource_group_name"],
        _ => &[],
    }
}

const NETWORK_APPROVAL: &str = "a network change on production (SAFE-02 #4)";

/// Attributes that count instances or size.
const CAPACITY: &[&str] = &[
    "count",
    "instance_count",
    "desired_capacity",
    "desired_size",
    "min_size",
    "max_size",
    "node_count",
    "min_node_count",
    "max_node_count",
    "replicas",
    "min_replicas",
    "max_replicas",
    "allocated_storage",
    "max_allocated_storage",
    "min_capacity",
    "max_capacity",
    "desired_count",
];
/// Attributes that, true, keep data encrypted.
const ENCRYPTION: &[&str] = &[
    "encrypted",
    "storage_encrypted",
    "encryption_enabled",
    "enable_encryption",
    "at_rest_encryption_enabled",
    "transit_encryption_enabled",
];
/// Attributes that, true, expose a resource publicly.
const PUBLIC_TRUE: &[&str] = &[
    "publicly_accessible",
    "map_public_ip_on_launch",
    "associate_public_ip_address",
    "public_network_access_enabled",
];
/// Attributes that, true, keep an S3 bucket private.
const PUBLIC_BLOCKS: &[&str] = &[
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

fn flag(n: Option<&N>, key: &str) -> Option<bool> {
    match n?.get(key)?.str()? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn any_scalar(n: Option<&N>, pred: &dyn Fn(&str) -> bool) -> usize {
    n.map_or(0, |n| n.scalars().into_iter().filter(|s| pred(s)).count())
}

/// How many wildcard grants an IAM body holds: `*` actions or resources in policy documents and
/// `jsonencode` text, owner and editor roles.
fn wildcards(n: Option<&N>) -> usize {
    fn walk(n: &N, under_action: bool, count: &mut usize) {
        match &n.v {
            V::Map(entries) => {
                for (k, v) in entries {
                    let l = k.to_ascii_lowercase();
                    walk(v, under_action || l.contains("action"), count);
                }
            }
            V::Seq(items) => items.iter().for_each(|i| walk(i, under_action, count)),
            V::Str(s) => {
                if under_action && (s == "*" || s.ends_with(":*")) {
                    *count += 1;
                } else if s.contains("Action") || s.contains("actions") {
                    // Policy text: `jsonencode({ Action = "*" … })`, a heredoc of JSON.
                    *count += s.matches("\"*\"").count() + s.matches(":*\"").count();
                }
                if matches!(s.as_str(), "roles/owner" | "roles/editor" | "Owner" | "Contributor") {
                    *count += 1;
                }
            }
            V::Null => {}
        }
    }
    let mut count = 0;
    if let Some(n) = n {
        walk(n, false, &mut count);
    }
    count
}

fn open_world(s: &str) -> bool {
    matches!(s, "0.0.0.0/0" | "::/0" | "*" | "Internet" | "0.0.0.0")
}

/// The changes of one resource between two bodies (`None` when it did not exist on that side).
/// `line` is where it is in the head (or the base when destroyed).
pub fn resource(path: &str, line: usize, address: &str, before: Option<&N>, after: Option<&N>, prod: bool, out: &mut Vec<Change>) {
    let rtype = address.split('.').rev().nth(1).unwrap_or(address);
    let object = Object {
        kind: rtype.to_owned(),
        name: address.to_owned(),
        namespace: None,
    };
    let at = |name: &str| after.and_then(|a| a.get(name)).map_or(line, |n| n.line.max(1));
    let mut found: Vec<Change> = Vec::new();
    let mut push = |c: Change| found.push(c.object(object.clone()));
    let Some(after_body) = after else {
        // Resources that hold nothing outside Terraform's state: destroying them is bookkeeping.
        let helper = rtype.starts_with("time_") || matches!(rtype, "null_resource" | "terraform_data" | "local_file");
        if helper || rtype.starts_with("random_") {
            out.push(
                Change::new(
                    path,
                    line,
                    "terraform.destroyed",
                    Category::Other,
                    if helper { Risk::Low } else { Risk::Medium },
                    if helper {
                        format!("removes `{address}`")
                    } else {
                        format!("destroys `{address}`: whatever used its value gets a new one if it is created again")
                    },
                )
                .object(object),
            );
            return;
        }
        let data = stateful(rtype);
        out.push(
            Change::new(
                path,
                line,
                "terraform.destroyed",
                Category::Data,
                if data { Risk::Critical } else { Risk::High },
                if data {
                    format!("destroys `{address}` and the data it holds: it cannot be rolled back, only restored from a backup")
                } else {
                    format!("destroys `{address}`: Terraform deletes it on the next apply")
                },
            )
            .object(object),
        );
        return;
    };
    let network_gate = |c: Change| if prod && network(rtype) { c.approval(NETWORK_APPROVAL) } else { c };
    // Arguments the provider cannot change in place: Terraform destroys and creates the resource.
    if let Some(b) = before {
        let forced: Vec<&str> = forces_new(rtype)
            .iter()
            .copied()
            .filter(|k| b.get(k).is_some() || after_body.get(k).is_some())
            .filter(|k| b.get(k) != after_body.get(k))
            .collect();
        if !forced.is_empty() {
            let data = stateful(rtype);
            push(Change::new(
                path,
                after_body.get(forced[0]).map_or(line, |n| n.line.max(1)),
                "terraform.replaced",
                Category::Data,
                if data { Risk::Critical } else { Risk::High },
                format!(
                    "replaces `{address}`: {} cannot change in place, so the next apply destroys it and creates it again{}",
                    forced.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
                    if data {
                        "; the data it holds is lost unless restored from a backup"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    // Open to the world.
    let (b_open, a_open) = (any_scalar(before, &open_world), any_scalar(Some(after_body), &open_world));
    if a_open > b_open && network(rtype) {
        push(
            Change::new(
                path,
                line,
                "terraform.open-to-internet",
                Category::Network,
                Risk::High,
                format!("opens `{address}` to the whole internet (0.0.0.0/0)"),
            )
            .approval(if prod {
                NETWORK_APPROVAL
            } else {
                "a firewall opened to the internet (TF-09)"
            }),
        );
    }
    // IAM.
    let (bw, aw) = (wildcards(before), wildcards(Some(after_body)));
    if aw > bw {
        push(Change::new(
            path,
            line,
            "terraform.iam-widened",
            Category::Access,
            Risk::High,
            format!("widens `{address}`: a wildcard action or resource, or an owner/editor role, is granted"),
        ));
    }
    // Public exposure.
    for key in PUBLIC_TRUE {
        if flag(Some(after_body), key) == Some(true) && flag(before, key) != Some(true) {
            push(network_gate(Change::new(
                path,
                at(key),
                "terraform.public",
                Category::Network,
                Risk::High,
                format!("makes `{address}` public (`{key} = true`)"),
            )));
        }
    }
    for key in PUBLIC_BLOCKS {
        if flag(before, key) == Some(true) && flag(Some(after_body), key) != Some(true) {
            push(Change::new(
                path,
                at(key),
                "terraform.public",
                Category::Network,
                Risk::High,
                format!("turns off `{key}` of `{address}`: the bucket can be made public"),
            ));
        }
    }
    let acl = after_body.get("acl").and_then(N::str);
    if acl.is_some_and(|a| a.starts_with("public-")) && before.and_then(|b| b.get("acl")).and_then(N::str) != acl {
        push(Change::new(
            path,
            at("acl"),
            "terraform.public",
            Category::Network,
            Risk::High,
            format!("makes `{address}` public (`acl = \"{}\"`)", acl.unwrap_or_default()),
        ));
    }
    // Encryption and deletion protection.
    for key in ENCRYPTION {
        if flag(before, key) == Some(true) && flag(Some(after_body), key) != Some(true) {
            push(Change::new(
                path,
                at(key),
                "terraform.encryption-off",
                Category::Data,
                Risk::High,
                format!(
                    "turns off `{key}` of `{address}`{}",
                    if stateful(rtype) {
                        ": a change of encryption replaces the resource, and its data with it"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    if flag(before, "deletion_protection") == Some(true) && flag(Some(after_body), "deletion_protection") != Some(true) {
        push(Change::new(
            path,
            at("deletion_protection"),
            "terraform.protection-off",
            Category::Data,
            Risk::High,
            format!("turns off the deletion protection of `{address}`"),
        ));
    }
    let prevent = |n: Option<&N>| n.and_then(|n| n.at(&["lifecycle", "prevent_destroy"])).and_then(N::str) == Some("true");
    if prevent(before) && !prevent(Some(after_body)) {
        push(Change::new(
            path,
            line,
            "terraform.protection-off",
            Category::Data,
            Risk::High,
            format!("removes `prevent_destroy` from `{address}`: a later plan may destroy it without an error"),
        ));
    }
    if flag(Some(after_body), "skip_final_snapshot") == Some(true) && flag(before, "skip_final_snapshot") == Some(false) {
        push(Change::new(
            path,
            at("skip_final_snapshot"),
            "terraform.protection-off",
            Category::Data,
            Risk::Medium,
            format!("`{address}` is destroyed without a final snapshot (`skip_final_snapshot = true`)"),
        ));
    }
    if flag(Some(after_body), "force_destroy") == Some(true) && flag(before, "force_destroy") != Some(true) {
        push(Change::new(
            path,
            at("force_destroy"),
            "terraform.protection-off",
            Category::Data,
            Risk::Medium,
            format!("`{address}` can be destroyed with its content (`force_destroy = true`)"),
        ));
    }
    // Capacity.
    if let Some(b) = before {
        for key in CAPACITY {
            let (bv, av) = (b.get(key).and_then(N::num), after_body.get(key).and_then(N::num));
            if let (Some(bv), Some(av)) = (bv, av)
                && let Some(share) = increase(bv, av)
                && share > 0.5
            {
                push(
                    Change::new(
                        path,
                        at(key),
                        "terraform.capacity",
                        Category::Capacity,
                        Risk::High,
                        format!("raises `{key}` of `{address}` from {bv} to {av}"),
                    )
                    .values(bv.to_string(), av.to_string())
                    .approval(capacity_trigger(key, &bv.to_string(), &av.to_string(), share)),
                );
            }
        }
        for key in [
            "instance_type",
            "instance_class",
            "node_type",
            "machine_type",
            "vm_size",
            "sku_name",
            "tier",
        ] {
            let (bv, av) = (b.get(key).and_then(N::str), after_body.get(key).and_then(N::str));
            if let (Some(bv), Some(av)) = (bv, av)
                && bv != av
            {
                push(
                    Change::new(
                        path,
                        at(key),
                        "terraform.instance-size",
                        Category::Capacity,
                        Risk::Medium,
                        format!("resizes `{address}`: {key} {bv} → {av} (a restart, on most providers)"),
                    )
                    .values(bv, av),
                );
            }
        }
    }
    if !found.is_empty() {
        out.extend(found);
        return;
    }
    // Anything else.
    let (kind, risk, message) = match before {
        None if network(rtype) => (
            "terraform.added",
            Risk::Medium,
            format!("adds `{address}`, which decides what traffic goes where"),
        ),
        None => ("terraform.added", Risk::Low, format!("adds `{address}`")),
        Some(b) => {
            let mut keys: Vec<&str> = after_body
                .entries()
                .iter()
                .filter(|(k, v)| b.get(k) != Some(v))
                .map(|(k, _)| k.as_str())
                .collect();
            keys.extend(
                b.entries()
                    .iter()
                    .filter(|(k, _)| after_body.get(k).is_none())
                    .map(|(k, _)| k.as_str()),
            );
            keys.dedup();
            if keys.is_empty() {
                return;
            }
            let shown = keys.iter().take(5).map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            let risk = if network(rtype) { Risk::Medium } else { Risk::Low };
            ("terraform.changed", risk, format!("changes {shown} of `{address}`"))
        }
    };
    let category = if network(rtype) { Category::Network } else { Category::Other };
    let c = Change::new(path, line, kind, category, risk, message).object(object);
    out.push(if prod && network(rtype) { c.approval(NETWORK_APPROVAL) } else { c });
}

/// Addresses the head's `moved` blocks move away from, and those its `removed` blocks forget
/// without destroying (`lifecycle { destroy = false }`).
fn kept(head: &N) -> Vec<String> {
    let mut out = Vec::new();
    for (key, block) in head.entries() {
        let blocks = match &block.v {
            V::Seq(items) => items.iter().collect(),
            _ => vec![block],
        };
        for b in blocks {
            let from = b.get("from").and_then(N::str).map(|s| s.trim_start_matches("resource.").to_owned());
            match key.as_str() {
                "moved" => out.extend(from),
                "removed" if b.at(&["lifecycle", "destroy"]).and_then(N::str) == Some("false") => out.extend(from),
                _ => {}
            }
        }
    }
    out
}

pub fn terraform(pair: &Pair<'_>) -> Vec<Change> {
    let path = pair.path;
    let base = pair.base.and_then(parse);
    let head = pair.head.and_then(parse);
    let empty = N {
        v: V::Map(Vec::new()),
        line: 0,
    };
    let (b, h) = (base.as_ref().unwrap_or(&empty), head.as_ref().unwrap_or(&empty));
    if pair.head.is_some() && head.is_none() {
        return Vec::new(); // a file that does not parse is a finding of `check`
    }
    let mut out = Vec::new();
    let resource_key = |k: &str| {
        !k.contains('.')
            || [
                "module.",
                "variable.",
                "output.",
                "provider.",
                "data.",
                "locals",
                "terraform",
                "moved",
                "removed",
                "import",
            ]
            .iter()
            .all(|p| !k.starts_with(p))
    };
    let is_resource = |k: &str| k.contains('.') && resource_key(k);
    // Resources moved to another file of the same change are not destroyed: the caller passes
    // every head file's addresses through `moved`; a file alone knows its own.
    let kept = kept(h);
    for (addr, old) in b.entries() {
        if is_resource(addr) && h.get(addr).is_none() && !kept.contains(addr) {
            resource(path, old.line, addr, Some(old), None, pair.production, &mut out);
        }
    }
    for (addr, new) in h.entries() {
        if is_resource(addr) {
            let old = b.get(addr);
            if old == Some(new) {
                continue;
            }
            resource(path, new.line, addr, old, Some(new), pair.production, &mut out);
        }
    }
    // The state backend.
    let backend = |n: &N| {
        n.get("terraform").map(|t| {
            t.entries()
                .iter()
                .filter(|(k, _)| k.starts_with("backend.") || k == "cloud")
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    if base.is_some() && backend(b).is_some_and(|x| !x.is_empty()) && backend(b) != backend(h) {
        out.push(Change::new(
            path,
            h.get("terraform").map_or(1, |t| t.line),
            "terraform.backend-changed",
            Category::Data,
            Risk::High,
            "changes the state backend: run `terraform init -migrate-state` first, or the next plan starts from an empty state and creates everything again".to_owned(),
        ));
    }
    // Modules and providers.
    for (addr, new) in h.entries() {
        if let Some(name) = addr.strip_prefix("module.") {
            let Some(old) = b.get(addr) else { continue };
            for key in ["source", "version"] {
                let (bv, av) = (old.get(key).and_then(N::str), new.get(key).and_then(N::str));
                if bv != av && av.is_some() {
                    out.push(
                        Change::new(
                            path,
                            new.get(key).map_or(new.line, |n| n.line),
                            "terraform.module-moved",
                            Category::SupplyChain,
                            Risk::Medium,
                            format!(
                                "moves module `{name}` to {key} `{}` (was `{}`): read what the new version plans",
                                av.unwrap_or_default(),
                                bv.unwrap_or("none")
                            ),
                        )
                        .values(bv.unwrap_or("none"), av.unwrap_or_default()),
                    );
                }
            }
        }
    }
    let providers = |n: &N| n.at(&["terraform", "required_providers"]).cloned();
    if let (Some(bp), Some(hp)) = (providers(b), providers(h)) {
        for (name, p) in hp.entries() {
            let version = |n: &N| {
                n.get("version")
                    .and_then(N::str)
                    .map(str::to_owned)
                    .or_else(|| n.str().map(str::to_owned))
            };
            if let Some(old) = bp.get(name)
                && version(old) != version(p)
            {
                out.push(Change::new(
                    path,
                    p.line,
                    "terraform.provider-moved",
                    Category::SupplyChain,
                    Risk::Medium,
                    format!(
                        "moves provider `{name}` from `{}` to `{}`: a new major version can plan to replace resources",
                        version(old).unwrap_or_default(),
                        version(p).unwrap_or_default()
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::classify::FileKind;

    fn run(base: &str, head: &str, production: bool) -> Vec<Change> {
        terraform(&Pair {
            path: "main.tf",
            kind: FileKind::Terraform,
            base: Some(base),
            head: Some(head),
            production,
            owner: None,
        })
    }

    const BASE: &str = r#"terraform {
  backend "s3" {
    bucket = "state"
  }
}

resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_db_instance" "main" {
  instance_class      = "db.t3.medium"
  storage_encrypted   = true
  deletion_protection = true
  allocated_storage   = 20
}

resource "aws_iam_role_policy" "ci" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::b/*" }]
  })
}
"#;

    #[test]
    fn equal_is_quiet() {
        assert!(run(BASE, BASE, true).is_empty());
    }

    #[test]
    fn network_iam_and_protection() {
        let head = BASE
            .replace("[\"10.0.0.0/8\"]", "[\"0.0.0.0/0\"]")
            .replace("Action = [\"s3:GetObject\"]", "Action = [\"s3:*\"]")
            .replace("  deletion_protection = true\n", "")
            .replace("storage_encrypted   = true", "storage_encrypted   = false");
        let c = run(BASE, &head, true);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(
            kinds,
            [
                ("terraform.open-to-internet", Risk::High),
                // `storage_encrypted` cannot change in place: the database is replaced.
                ("terraform.replaced", Risk::Critical),
                ("terraform.encryption-off", Risk::High),
                ("terraform.protection-off", Risk::High),
                ("terraform.iam-widened", Risk::High)
            ]
        );
        assert!(c[0].approval.as_deref().unwrap().contains("SAFE-02 #4"));
    }

    #[test]
    fn destroyed_moved_and_capacity() {
        let without_db = BASE.replace(
            "resource \"aws_db_instance\" \"main\" {\n  instance_class      = \"db.t3.medium\"\n  storage_encrypted   = true\n  deletion_protection = true\n  allocated_storage   = 20\n}\n",
            "",
        );
        let c = run(BASE, &without_db, true);
        assert_eq!((c[0].kind, c[0].risk), ("terraform.destroyed", Risk::Critical));
        let moved = format!("{without_db}\nmoved {{\n  from = aws_db_instance.main\n  to   = module.db.aws_db_instance.main\n}}\n");
        assert!(run(BASE, &moved, true).is_empty());
        let bigger = BASE
            .replace("allocated_storage   = 20", "allocated_storage   = 100")
            .replace("db.t3.medium", "db.t3.large");
        let c = run(BASE, &bigger, true);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.approval.is_some())).collect();
        assert_eq!(kinds, [("terraform.capacity", true), ("terraform.instance-size", false)]);
    }

    #[test]
    fn arguments_that_force_a_replacement() {
        let head = BASE.replace(
            "resource \"aws_db_instance\" \"main\" {\n",
            "resource \"aws_db_instance\" \"main\" {\n  identifier          = \"main-2\"\n",
        );
        let c = run(BASE, &head, false);
        assert_eq!((c[0].kind, c[0].risk), ("terraform.replaced", Risk::Critical), "{c:?}");
        assert!(c[0].message.contains("`identifier` cannot change in place"), "{}", c[0].message);
        // An argument the provider updates in place is no replacement.
        let head = BASE.replace("db.t3.medium", "db.t3.large");
        assert!(run(BASE, &head, false).iter().all(|c| c.kind != "terraform.replaced"));
    }

    #[test]
    fn helpers_destroyed_are_bookkeeping() {
        let base = format!(
            "{BASE}resource \"time_sleep\" \"wait\" {{\n  create_duration = \"30s\"\n}}\nresource \"random_string\" \"pw\" {{\n  length = 16\n}}\n"
        );
        let c = run(&base, BASE, true);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(kinds, [("terraform.destroyed", Risk::Low), ("terraform.destroyed", Risk::Medium)]);
    }

    #[test]
    fn backend_and_added() {
        let head =
            BASE.replace("bucket = \"state\"", "bucket = \"state-2\"") + "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n";
        let c = run(BASE, &head, false);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(kinds, [("terraform.added", Risk::Low), ("terraform.backend-changed", Risk::High)]);
    }
}
