//! Kubernetes manifests, object by object (kind, namespace, name): replicas and autoscaling
//! bounds, requests and limits, probes removed, the rollout strategy, selectors, disruption
//! budgets and network policies removed, RBAC widened, host access and privileges, Services
//! exposed, Ingress and TLS changes, images moved to a mutable tag, restarts.

use crate::changes::{Category, Change, Object, Pair, Risk, capacity_trigger, increase, quantity, show};
use crate::value::{N, yaml_docs};

/// The objects of a manifest file (a `List`'s items included), keyed.
fn objects(text: Option<&str>) -> Vec<(Object, N)> {
    let mut out = Vec::new();
    let Some(text) = text else { return out };
    let mut push = |n: N| {
        let kind = n.get("kind").and_then(N::str).unwrap_or("").to_owned();
        let name = n.at(&["metadata", "name"]).and_then(N::str).unwrap_or("").to_owned();
        // Not an object of a cluster: Skaffold's and other tools' configs that look like one.
        let api = n.get("apiVersion").and_then(N::str).unwrap_or("");
        if kind.is_empty() || api.starts_with("skaffold/") || api.starts_with("kustomize.config.k8s.io/") {
            return;
        }
        let namespace = n.at(&["metadata", "namespace"]).and_then(N::str).map(str::to_owned);
        out.push((Object { kind, name, namespace }, n));
    };
    for doc in yaml_docs(text) {
        if doc.get("kind").and_then(N::str).is_some_and(|k| k.ends_with("List")) {
            for item in doc.or_null(&["items"]).items() {
                push(item.clone());
            }
        } else {
            push(doc);
        }
    }
    out
}

const WORKLOADS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"];

/// The pod spec of a workload (and the pod template's metadata).
fn pod<'a>(o: &'a N, kind: &str) -> Option<(Option<&'a N>, &'a N)> {
    let template = match kind {
        "Pod" => return o.get("spec").map(|s| (o.get("metadata"), s)),
        "CronJob" => o.at(&["spec", "jobTemplate", "spec", "template"])?,
        _ => o.at(&["spec", "template"])?,
    };
    Some((template.get("metadata"), template.get("spec")?))
}

fn containers(spec: &N) -> Vec<(&str, &N)> {
    ["initContainers", "containers"]
        .iter()
        .flat_map(|k| spec.or_null(&[k]).items())
        .map(|c| (c.get("name").and_then(N::str).unwrap_or(""), c))
        .collect()
}

fn truthy(n: Option<&N>) -> bool {
    n.and_then(N::str).is_some_and(|s| s == "true")
}

fn object_name(o: &Object) -> String {
    format!("{}/{}", o.kind, o.name)
}

/// The verbs and resources an RBAC rule grants, as `verb resource` pairs.
fn grants(o: &N) -> Vec<String> {
    let mut out = Vec::new();
    for rule in o.or_null(&["rules"]).items() {
        let list = |k: &str| {
            rule.or_null(&[k])
                .scalar_or_items()
                .into_iter()
                .filter_map(N::str)
                .collect::<Vec<_>>()
        };
        let groups = list("apiGroups");
        for verb in list("verbs") {
            for res in list("resources") {
                let group = groups.first().copied().unwrap_or("");
                out.push(format!(
                    "{verb} {}{res}",
                    if group.is_empty() { String::new() } else { format!("{group}/") }
                ));
            }
            for url in list("nonResourceURLs") {
                out.push(format!("{verb} {url}"));
            }
        }
    }
    out
}

pub fn manifests(pair: &Pair<'_>) -> Vec<Change> {
    let path = pair.path;
    let (base, head) = (objects(pair.base), objects(pair.head));
    let mut out = Vec::new();
    let prod = pair.production;
    let gate = |c: Change, why: &str| if prod { c.approval(why) } else { c };
    let network = "a network change on production (SAFE-02 #4)";
    let tls = "a certificate or TLS change on production (SAFE-02 #5)";

    for (o, old) in &base {
        if head.iter().any(|(h, _)| h == o) {
            continue;
        }
        let (category, risk, why) = match o.kind.as_str() {
            "PodDisruptionBudget" => (
                Category::Availability,
                Risk::High,
                ": voluntary disruptions (node drains, upgrades) may take every replica down at once",
            ),
            "NetworkPolicy" => (Category::Network, Risk::High, ": the pods it selected accept traffic it blocked"),
            "HorizontalPodAutoscaler" => (Category::Capacity, Risk::Medium, ": the workload no longer scales with load"),
            "PersistentVolumeClaim" | "StatefulSet" => (
                Category::Data,
                Risk::High,
                ": its volumes may be deleted with it, depending on the reclaim policy",
            ),
            "Namespace" => (Category::Data, Risk::Critical, ": deleting it deletes everything in it"),
            "Service" | "Ingress" => (Category::Network, Risk::High, ": traffic to it stops"),
            _ => (Category::Deployment, Risk::Medium, ""),
        };
        let c = Change::new(
            path,
            old.line,
            "kubernetes.object-removed",
            category,
            risk,
            format!(
                "removes {}{why} (only when the manifests are applied with pruning or the object is deleted by hand)",
                object_name(o)
            ),
        )
        .object(o.clone());
        out.push(if category == Category::Network { gate(c, network) } else { c });
    }

    for (o, new) in &head {
        let old = base.iter().find(|(b, _)| b == o).map(|(_, n)| n);
        let here = |line: usize, kind: &'static str, category: Category, risk: Risk, message: String| {
            Change::new(path, line, kind, category, risk, message).object(o.clone())
        };
        let name = object_name(o);
        let Some(old) = old else {
            // Added objects: the ones that change exposure or access.
            match o.kind.as_str() {
                "Service" => {
                    let t = new.at(&["spec", "type"]).and_then(N::str).unwrap_or("ClusterIP");
                    if matches!(t, "LoadBalancer" | "NodePort") {
                        out.push(gate(
                            here(
                                new.line,
                                "kubernetes.service-exposed",
                                Category::Network,
                                Risk::High,
                                format!("adds {name} of type {t}: reachable from outside the cluster"),
                            ),
                            network,
                        ));
                    }
                }
                "Ingress" | "Gateway" | "HTTPRoute" => out.push(gate(
                    here(
                        new.line,
                        "kubernetes.ingress-added",
                        Category::Network,
                        Risk::High,
                        format!("adds {name}: a new route from outside the cluster"),
                    ),
                    network,
                )),
                "NetworkPolicy" => out.push(gate(
                    here(
                        new.line,
                        "kubernetes.network-policy-added",
                        Category::Network,
                        Risk::Medium,
                        format!("adds {name}: traffic it does not allow to the pods it selects is dropped"),
                    ),
                    network,
                )),
                "ClusterRole" | "Role" => {
                    let g = grants(new);
                    if g.iter().any(|x| x.contains('*')) {
                        out.push(here(
                            new.line,
                            "kubernetes.rbac-widened",
                            Category::Access,
                            Risk::High,
                            format!(
                                "adds {name} with a wildcard grant ({})",
                                g.iter().filter(|x| x.contains('*')).take(3).cloned().collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    }
                }
                "ClusterRoleBinding" | "RoleBinding" if new.at(&["roleRef", "name"]).and_then(N::str) == Some("cluster-admin") => {
                    out.push(here(
                        new.line,
                        "kubernetes.rbac-widened",
                        Category::Access,
                        Risk::High,
                        format!("adds {name}, which binds `cluster-admin`"),
                    ));
                }
                "Certificate" => out.push(gate(
                    here(
                        new.line,
                        "kubernetes.tls-changed",
                        Category::Tls,
                        Risk::High,
                        format!("adds {name}"),
                    ),
                    tls,
                )),
                _ => {}
            }
            continue;
        };
        if old == new {
            continue;
        }
        let before_count = out.len();
        // Replicas.
        let replicas = |n: &N| n.at(&["spec", "replicas"]).and_then(N::num);
        if let (Some(b), Some(a)) = (replicas(old), replicas(new))
            && a != b
        {
            let line = new.at(&["spec", "replicas"]).map_or(new.line, |r| r.line);
            let c = here(
                line,
                "kubernetes.replicas",
                Category::Capacity,
                Risk::Low,
                format!("scales {name} from {b} to {a} replicas"),
            )
            .values(b.to_string(), a.to_string());
            out.push(match increase(b, a) {
                Some(share) if share > 0.5 => {
                    Change { risk: Risk::High, ..c }.approval(capacity_trigger("replicas", &b.to_string(), &a.to_string(), share))
                }
                _ if a == 0.0 => Change {
                    risk: Risk::High,
                    message: format!("scales {name} to 0 replicas: it stops serving"),
                    category: Category::Availability,
                    ..c
                },
                _ if a < b => Change {
                    risk: Risk::Medium,
                    category: Category::Availability,
                    message: format!("scales {name} down from {b} to {a} replicas: less headroom under load"),
                    ..c
                },
                _ => c,
            });
        }
        // Autoscaling bounds.
        if o.kind == "HorizontalPodAutoscaler" {
            for key in ["minReplicas", "maxReplicas"] {
                let (b, a) = (old.at(&["spec", key]).and_then(N::num), new.at(&["spec", key]).and_then(N::num));
                if let (Some(b), Some(a)) = (b, a)
                    && a != b
                {
                    let line = new.at(&["spec", key]).map_or(new.line, |r| r.line);
                    let c = here(
                        line,
                        "kubernetes.autoscaling",
                        Category::Capacity,
                        Risk::Low,
                        format!("changes {key} of {name} from {b} to {a}"),
                    )
                    .values(b.to_string(), a.to_string());
                    out.push(match increase(b, a) {
                        Some(share) if share > 0.5 => {
                            Change { risk: Risk::High, ..c }.approval(capacity_trigger(key, &b.to_string(), &a.to_string(), share))
                        }
                        _ if a < b => Change {
                            risk: Risk::Medium,
                            category: Category::Availability,
                            ..c
                        },
                        _ => c,
                    });
                }
            }
        }
        if WORKLOADS.contains(&o.kind.as_str()) {
            workload(path, o, old, new, prod, &mut out);
        }
        match o.kind.as_str() {
            "Service" => {
                let t = |n: &N| n.at(&["spec", "type"]).and_then(N::str).unwrap_or("ClusterIP").to_owned();
                let (bt, at) = (t(old), t(new));
                if bt != at && matches!(at.as_str(), "LoadBalancer" | "NodePort") {
                    out.push(gate(
                        here(
                            new.at(&["spec", "type"]).map_or(new.line, |n| n.line),
                            "kubernetes.service-exposed",
                            Category::Network,
                            Risk::High,
                            format!("makes {name} a {at} (was {bt}): reachable from outside the cluster"),
                        )
                        .values(bt, at),
                        network,
                    ));
                } else if old.at(&["spec", "selector"]) != new.at(&["spec", "selector"]) {
                    out.push(gate(
                        here(
                            new.at(&["spec", "selector"]).map_or(new.line, |n| n.line),
                            "kubernetes.traffic-rerouted",
                            Category::Network,
                            Risk::High,
                            format!("changes the selector of {name}: its traffic goes to other pods (SAFE-09)"),
                        ),
                        network,
                    ));
                } else if old.at(&["spec", "ports"]) != new.at(&["spec", "ports"]) {
                    out.push(gate(
                        here(
                            new.at(&["spec", "ports"]).map_or(new.line, |n| n.line),
                            "kubernetes.service-ports",
                            Category::Network,
                            Risk::Medium,
                            format!(
                                "changes the ports of {name}: {} → {}",
                                show(old.at(&["spec", "ports"])),
                                show(new.at(&["spec", "ports"]))
                            ),
                        ),
                        network,
                    ));
                }
            }
            "Ingress" | "Gateway" | "HTTPRoute" => {
                if old.at(&["spec", "tls"]) != new.at(&["spec", "tls"]) {
                    out.push(gate(
                        here(
                            new.at(&["spec", "tls"]).map_or(new.line, |n| n.line),
                            "kubernetes.tls-changed",
                            Category::Tls,
                            Risk::High,
                            format!("changes the TLS of {name}"),
                        ),
                        tls,
                    ));
                }
                let rest = |n: &N| {
                    n.get("spec")
                        .map(|s| s.entries().iter().filter(|(k, _)| k != "tls").cloned().collect::<Vec<_>>())
                };
                if rest(old) != rest(new) {
                    out.push(gate(
                        here(
                            new.get("spec").map_or(new.line, |n| n.line),
                            "kubernetes.ingress-changed",
                            Category::Network,
                            Risk::High,
                            format!("changes the routes of {name}"),
                        ),
                        network,
                    ));
                }
            }
            "NetworkPolicy" => out.push(gate(
                here(
                    new.line,
                    "kubernetes.network-policy-changed",
                    Category::Network,
                    Risk::High,
                    format!("changes {name}: which traffic reaches its pods"),
                ),
                network,
            )),
            "Certificate" | "Issuer" | "ClusterIssuer" => out.push(gate(
                here(
                    new.line,
                    "kubernetes.tls-changed",
                    Category::Tls,
                    Risk::High,
                    format!("changes {name}"),
                ),
                tls,
            )),
            "Secret" if new.get("type").and_then(N::str) == Some("kubernetes.io/tls") => {
                out.push(gate(
                    here(
                        new.line,
                        "kubernetes.tls-changed",
                        Category::Tls,
                        Risk::High,
                        format!("changes the TLS secret {name}: a certificate rotation"),
                    ),
                    tls,
                ));
            }
            "PodDisruptionBudget" => {
                out.push(here(
                    new.line,
                    "kubernetes.disruption-budget",
                    Category::Availability,
                    Risk::Medium,
                    format!("changes {name}: {} → {}", show(old.get("spec")), show(new.get("spec"))),
                ));
            }
            "ClusterRole" | "Role" => {
                let (b, a) = (grants(old), grants(new));
                let added: Vec<&String> = a.iter().filter(|g| !b.contains(g)).collect();
                if !added.is_empty() {
                    let wild = added.iter().any(|g| g.contains('*'))
                        || added.iter().any(|g| {
                            g.contains("secrets") || g.starts_with("escalate") || g.starts_with("bind") || g.starts_with("impersonate")
                        });
                    out.push(here(
                        new.line,
                        "kubernetes.rbac-widened",
                        Category::Access,
                        if wild { Risk::High } else { Risk::Medium },
                        format!(
                            "widens {name}: {}",
                            added.iter().take(6).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
            }
            "ClusterRoleBinding" | "RoleBinding" => {
                let subjects = |n: &N| n.or_null(&["subjects"]).items().iter().map(N::show).collect::<Vec<_>>();
                let (b, a) = (subjects(old), subjects(new));
                let added: Vec<&String> = a.iter().filter(|s| !b.contains(s)).collect();
                let role_changed = old.get("roleRef") != new.get("roleRef");
                if !added.is_empty() || role_changed {
                    out.push(here(
                        new.line,
                        "kubernetes.rbac-widened",
                        Category::Access,
                        if new.at(&["roleRef", "name"]).and_then(N::str) == Some("cluster-admin") {
                            Risk::High
                        } else {
                            Risk::Medium
                        },
                        format!(
                            "{} {name}{}",
                            if role_changed {
                                "changes the role bound by"
                            } else {
                                "binds more subjects in"
                            },
                            if added.is_empty() {
                                String::new()
                            } else {
                                format!(": {}", added.iter().take(3).map(|s| s.as_str()).collect::<Vec<_>>().join(", "))
                            }
                        ),
                    ));
                }
            }
            _ => {}
        }
        if out.len() == before_count {
            out.push(here(
                new.line,
                "kubernetes.object-changed",
                Category::Deployment,
                Risk::Low,
                format!("changes {name}"),
            ));
        }
    }
    out
}

fn workload(path: &str, o: &Object, old: &N, new: &N, prod: bool, out: &mut Vec<Change>) {
    let name = object_name(o);
    let here = |line: usize, kind: &'static str, category: Category, risk: Risk, message: String| {
        Change::new(path, line, kind, category, risk, message).object(o.clone())
    };
    let (Some((old_meta, old_spec)), Some((new_meta, new_spec))) = (pod(old, &o.kind), pod(new, &o.kind)) else {
        return;
    };
    let start = out.len();
    // The selector is immutable: applying a changed one fails, and the object must be recreated.
    if old.at(&["spec", "selector"]) != new.at(&["spec", "selector"]) && o.kind != "Pod" {
        let c = here(
            new.at(&["spec", "selector"]).map_or(new.line, |n| n.line),
            "kubernetes.selector-changed",
            Category::Deployment,
            Risk::High,
            format!(
                "changes the selector of {name}: the field is immutable, so `kubectl apply` fails and the object must be deleted and created again (downtime)"
            ),
        );
        out.push(c.approval("a breaking change to a production workload (SAFE-02 #1: its selector changes)"));
    }
    // The rollout strategy.
    let strategy = |n: &N| n.at(&["spec", "strategy"]).or_else(|| n.at(&["spec", "updateStrategy"])).cloned();
    let (bs, hs) = (strategy(old), strategy(new));
    if bs != hs {
        let recreate = hs.as_ref().and_then(|s| s.get("type")).and_then(N::str) == Some("Recreate");
        let line = new
            .at(&["spec", "strategy"])
            .or_else(|| new.at(&["spec", "updateStrategy"]))
            .map_or(new.line, |n| n.line);
        out.push(here(
            line,
            "kubernetes.rollout-strategy",
            Category::Availability,
            if recreate { Risk::High } else { Risk::Medium },
            if recreate {
                format!("makes {name} roll out by `Recreate`: every pod stops before the new ones start (downtime on each deploy)")
            } else {
                format!(
                    "changes the rollout strategy of {name}: {} → {}",
                    show(bs.as_ref()),
                    show(hs.as_ref())
                )
            },
        ));
    }
    // Host access and pod-level privileges.
    for key in ["hostNetwork", "hostPID", "hostIPC"] {
        if truthy(new_spec.get(key)) && !truthy(old_spec.get(key)) {
            out.push(here(
                new_spec.get(key).map_or(new.line, |n| n.line),
                "kubernetes.host-access",
                Category::Access,
                Risk::High,
                format!(
                    "gives {name} `{key}: true`: its pods share the node's {}",
                    &key[4..].to_ascii_lowercase()
                ),
            ));
        }
    }
    let host_paths = |s: &N| {
        s.or_null(&["volumes"])
            .items()
            .iter()
            .filter_map(|v| v.at(&["hostPath", "path"]).and_then(N::str).map(str::to_owned))
            .collect::<Vec<_>>()
    };
    let old_hp = host_paths(old_spec);
    for hp in host_paths(new_spec).into_iter().filter(|p| !old_hp.contains(p)) {
        out.push(here(
            new_spec.get("volumes").map_or(new.line, |n| n.line),
            "kubernetes.host-access",
            Category::Access,
            Risk::High,
            format!("mounts the node's `{hp}` into {name} (hostPath)"),
        ));
    }
    let sa = |s: &N| {
        s.get("serviceAccountName")
            .or_else(|| s.get("serviceAccount"))
            .and_then(N::str)
            .map(str::to_owned)
    };
    if sa(old_spec) != sa(new_spec) {
        out.push(here(
            new_spec.get("serviceAccountName").map_or(new.line, |n| n.line),
            "kubernetes.service-account",
            Category::Access,
            Risk::Medium,
            format!(
                "runs {name} as service account `{}` (was `{}`): its API permissions change",
                sa(new_spec).unwrap_or_else(|| "default".into()),
                sa(old_spec).unwrap_or_else(|| "default".into())
            ),
        ));
    }
    let old_containers = containers(old_spec);
    for (cname, c) in containers(new_spec) {
        let Some((_, oc)) = old_containers.iter().find(|(n, _)| *n == cname) else {
            continue;
        };
        let label = if cname.is_empty() {
            name.clone()
        } else {
            format!("{name} container `{cname}`")
        };
        // Image.
        let (bi, hi) = (oc.get("image").and_then(N::str), c.get("image").and_then(N::str));
        if let (Some(bi), Some(hi)) = (bi, hi)
            && bi != hi
        {
            let floating = shipshape_knowledge::image::ImageRef::parse(hi).is_floating();
            let mut ch = here(
                c.get("image").map_or(c.line, |n| n.line),
                "kubernetes.image-changed",
                Category::Deployment,
                Risk::Medium,
                format!(
                    "rolls out {label}: {}{}",
                    crate::changes::image_change(bi, hi),
                    if floating {
                        " (a tag that moves: the rollback image is not fixed)"
                    } else {
                        ""
                    }
                ),
            )
            .values(bi, hi);
            // A production rollout that cannot be rolled back cleanly: one level up. Jobs and
            // their containers are run to completion, not served: no probe, no rollout.
            let served = matches!(o.kind.as_str(), "Deployment" | "StatefulSet" | "DaemonSet");
            let ready = c.get("readinessProbe").is_some() || !served;
            let surge_only = new
                .at(&["spec", "strategy", "rollingUpdate", "maxUnavailable"])
                .and_then(N::str)
                .is_some_and(|v| v == "0" || v == "0%");
            if prod && (floating || !ready || !surge_only && o.kind == "Deployment") {
                ch.risk = ch.risk.raised();
                let why: Vec<&str> = [
                    (floating, "a mutable tag"),
                    (!ready, "no readiness probe"),
                    (!surge_only && o.kind == "Deployment", "maxUnavailable is not 0"),
                ]
                .iter()
                .filter(|(b, _)| *b)
                .map(|(_, w)| *w)
                .collect();
                ch.message.push_str(&format!("; a production rollout with {}", why.join(", ")));
            }
            out.push(if prod { ch.approval("a production change (OUT-04)") } else { ch });
        }
        // Probes removed.
        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            if oc.get(probe).is_some() && c.get(probe).is_none() {
                out.push(here(
                    c.line,
                    "kubernetes.probe-removed",
                    Category::Availability,
                    Risk::High,
                    format!(
                        "removes the {probe} of {label}{}",
                        if probe == "readinessProbe" {
                            ": traffic reaches pods before they are ready"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
        // Requests and limits.
        for side in ["requests", "limits"] {
            for res in ["cpu", "memory"] {
                let q = |n: &N| n.at(&["resources", side, res]).and_then(N::str).map(str::to_owned);
                let (b, a) = (q(oc), q(c));
                if b == a {
                    continue;
                }
                let line = c.at(&["resources", side, res]).map_or(c.line, |n| n.line);
                let (bs, as_) = (
                    b.clone().unwrap_or_else(|| "none".into()),
                    a.clone().unwrap_or_else(|| "none".into()),
                );
                let share = b
                    .as_deref()
                    .and_then(quantity)
                    .zip(a.as_deref().and_then(quantity))
                    .and_then(|(b, a)| increase(b, a));
                let ch = here(
                    line,
                    "kubernetes.resources",
                    Category::Capacity,
                    Risk::Low,
                    format!("changes the {res} {side} of {label}: {bs} → {as_}"),
                )
                .values(bs.clone(), as_.clone());
                out.push(match share {
                    Some(s) if s > 0.5 => {
                        Change { risk: Risk::High, ..ch }.approval(capacity_trigger(&format!("{res} {side}"), &bs, &as_, s))
                    }
                    _ if a.is_none() && side == "limits" => Change {
                        risk: Risk::Medium,
                        message: format!("removes the {res} limit of {label}: one pod can take the node's {res}"),
                        ..ch
                    },
                    _ => ch,
                });
            }
        }
        // Privileges.
        let sc = |n: &N, k: &str| n.at(&["securityContext", k]).and_then(N::str).map(str::to_owned);
        if sc(c, "privileged").as_deref() == Some("true") && sc(oc, "privileged").as_deref() != Some("true") {
            out.push(here(
                c.line,
                "kubernetes.privileged",
                Category::Access,
                Risk::High,
                format!("makes {label} privileged: root on the node"),
            ));
        }
        if sc(oc, "runAsNonRoot").as_deref() == Some("true") && sc(c, "runAsNonRoot").as_deref() != Some("true") {
            out.push(here(
                c.line,
                "kubernetes.privileged",
                Category::Access,
                Risk::Medium,
                format!("no longer requires {label} to run as a non-root user"),
            ));
        }
        let caps = |n: &N| {
            n.or_null(&["securityContext", "capabilities", "add"])
                .items()
                .iter()
                .filter_map(N::str)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let old_caps = caps(oc);
        for cap in caps(c).into_iter().filter(|x| !old_caps.contains(x)) {
            out.push(here(
                c.line,
                "kubernetes.privileged",
                Category::Access,
                if matches!(cap.as_str(), "ALL" | "SYS_ADMIN" | "NET_ADMIN") {
                    Risk::High
                } else {
                    Risk::Medium
                },
                format!("gives {label} the capability `{cap}`"),
            ));
        }
        // Environment variables removed (a breaking change when the application reads them).
        let env = |n: &N| {
            n.or_null(&["env"])
                .items()
                .iter()
                .filter_map(|e| e.get("name").and_then(N::str).map(str::to_owned))
                .collect::<Vec<_>>()
        };
        let (be, he) = (env(oc), env(c));
        let removed: Vec<&String> = be.iter().filter(|e| !he.contains(e)).collect();
        if !removed.is_empty() {
            out.push(here(
                c.line,
                "kubernetes.environment-removed",
                Category::Deployment,
                Risk::Medium,
                format!(
                    "removes {} from {label} (a breaking change when the application still reads them)",
                    removed.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let ports = |n: &N| {
            n.or_null(&["ports"])
                .items()
                .iter()
                .filter_map(|p| p.get("containerPort").and_then(N::str).map(str::to_owned))
                .collect::<Vec<_>>()
        };
        let (bp, hp) = (ports(oc), ports(c));
        let gone: Vec<&String> = bp.iter().filter(|p| !hp.contains(p)).collect();
        if !gone.is_empty() {
            let ch = here(
                c.line,
                "kubernetes.port-removed",
                Category::Network,
                Risk::Medium,
                format!(
                    "removes container port {} of {label}",
                    gone.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
                ),
            );
            out.push(if prod {
                ch.approval("a breaking change to a production workload (SAFE-02 #1: a port removed)")
            } else {
                ch
            });
        }
    }
    // A change of the pod template's annotations alone restarts every pod (SAFE-09).
    if out.len() == start {
        let strip = |m: Option<&N>| m.map(|m| m.entries().iter().filter(|(k, _)| k != "annotations").cloned().collect::<Vec<_>>());
        let annotations_only = old_spec == new_spec
            && strip(old_meta) == strip(new_meta)
            && old_meta.and_then(|m| m.get("annotations")) != new_meta.and_then(|m| m.get("annotations"));
        if annotations_only {
            out.push(here(
                new_meta.map_or(new.line, |m| m.line),
                "kubernetes.restart",
                Category::Deployment,
                Risk::Medium,
                format!("changes only the pod template's annotations of {name}: every pod restarts (SAFE-09)"),
            ));
        } else if old_spec != new_spec || old_meta != new_meta {
            let c = here(
                new_spec.line,
                "kubernetes.template-changed",
                Category::Deployment,
                Risk::Medium,
                format!("changes the pod template of {name}: its pods are replaced"),
            );
            out.push(if prod { c.approval("a production change (OUT-04)") } else { c });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::classify::FileKind;

    fn run(base: &str, head: &str, production: bool) -> Vec<Change> {
        manifests(&Pair {
            path: "k8s/app.yaml",
            kind: FileKind::Kubernetes,
            base: Some(base),
            head: Some(head),
            production,
            owner: None,
        })
    }

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1.4.2\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n          resources:\n            requests:\n              cpu: 250m\n              memory: 256Mi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n";

    #[test]
    fn equal_is_quiet() {
        assert!(run(DEPLOY, DEPLOY, true).is_empty());
    }

    #[test]
    fn capacity_over_half_needs_approval() {
        let head = DEPLOY.replace("replicas: 2", "replicas: 4").replace("cpu: 250m", "cpu: 300m");
        let c = run(DEPLOY, &head, true);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk, c.approval.is_some())).collect();
        assert_eq!(
            kinds,
            [
                ("kubernetes.replicas", Risk::High, true),
                ("kubernetes.resources", Risk::Low, false)
            ]
        );
        let head = DEPLOY.replace("replicas: 2", "replicas: 3");
        assert_eq!(run(DEPLOY, &head, true)[0].risk, Risk::Low);
    }

    #[test]
    fn image_rollouts_raise_when_rollback_is_unsafe() {
        let head = DEPLOY.replace("web:1.4.2", "web:1.5.0");
        let c = run(DEPLOY, &head, true);
        assert_eq!((c[0].kind, c[0].risk), ("kubernetes.image-changed", Risk::Medium));
        assert!(c[0].approval.is_some());
        let head = DEPLOY.replace("web:1.4.2", "web:latest");
        let c = run(DEPLOY, &head, true);
        assert_eq!(c[0].risk, Risk::High, "{}", c[0].message);
        // Not production: no approval, no raise.
        let c = run(DEPLOY, &head, false);
        assert_eq!((c[0].risk, c[0].approval.is_some()), (Risk::Medium, false));
    }

    #[test]
    fn removals_exposure_and_selectors() {
        let head = DEPLOY
            .replace(
                "          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n",
                "",
            )
            .replace("  selector:\n    app: web\n", "  type: LoadBalancer\n  selector:\n    app: web\n");
        let head = head.split("---\napiVersion: policy/v1").next().unwrap().to_owned();
        let c = run(DEPLOY, &head, true);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(
            kinds,
            [
                ("kubernetes.object-removed", Risk::High),
                ("kubernetes.probe-removed", Risk::High),
                ("kubernetes.service-exposed", Risk::High)
            ]
        );
        let head = DEPLOY.replace("      app: web\n  strategy", "      app: web2\n  strategy");
        let c = run(DEPLOY, &head, true);
        assert_eq!(c[0].kind, "kubernetes.selector-changed");
    }

    #[test]
    fn restart_and_rbac() {
        let head = DEPLOY.replace(
            "    metadata:\n      labels:\n        app: web\n    spec:",
            "    metadata:\n      annotations:\n        kubectl.kubernetes.io/restartedAt: now\n      labels:\n        app: web\n    spec:",
        );
        let c = run(DEPLOY, &head, true);
        assert_eq!(c[0].kind, "kubernetes.restart");
        let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [get, list]\n";
        let wider = role.replace("resources: [pods]", "resources: [pods, secrets]");
        let c = run(role, &wider, false);
        assert_eq!((c[0].kind, c[0].risk), ("kubernetes.rbac-widened", Risk::High));
        assert!(c[0].message.contains("get secrets"), "{}", c[0].message);
    }
}
