//! A view of Kubernetes manifests over the spanned YAML tree: objects (multi-document files and
//! `List`s), their pod specs and containers.

use shipshape_yaml::{NodeRef, Yaml};

/// One object of a manifest.
#[derive(Clone, Copy)]
pub struct Object<'a> {
    pub node: NodeRef<'a>,
    pub kind: &'a str,
    pub api_version: &'a str,
}

impl<'a> Object<'a> {
    pub fn name(&self) -> &'a str {
        self.node
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(|n| n.as_str())
            .unwrap_or("?")
    }

    /// The key node of `kind:` (for object-level findings), or the object.
    pub fn kind_span(&self) -> shipshape_core::Span {
        self.node.get_entry("kind").map_or(self.node.span(), |(_, v)| v.span())
    }

    /// The pod spec of a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
    /// ReplicationController, Job, CronJob, PodTemplate).
    pub fn pod_spec(&self) -> Option<NodeRef<'a>> {
        let spec = self.node.get("spec");
        match self.kind {
            "Pod" => spec,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" => {
                spec?.get("template")?.get("spec")
            }
            "CronJob" => spec?.get("jobTemplate")?.get("spec")?.get("template")?.get("spec"),
            "PodTemplate" => self.node.get("template")?.get("spec"),
            _ => None,
        }
    }

    /// The pod template's metadata (labels, annotations) of a workload, or a Pod's own metadata.
    pub fn pod_metadata(&self) -> Option<NodeRef<'a>> {
        let spec = self.node.get("spec");
        match self.kind {
            "Pod" => self.node.get("metadata"),
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" => {
                spec?.get("template")?.get("metadata")
            }
            "CronJob" => spec?.get("jobTemplate")?.get("spec")?.get("template")?.get("metadata"),
            _ => None,
        }
    }

    /// Whether this workload runs long (probes and replicas matter): not a Job, CronJob or bare Pod.
    pub fn is_service_workload(&self) -> bool {
        matches!(
            self.kind,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController"
        )
    }
}

/// Every object of a parsed file: each document's root, and the `items` of `List` kinds.
pub fn objects(yaml: &Yaml) -> Vec<Object<'_>> {
    let mut out = Vec::new();
    for doc in &yaml.docs {
        let Some(root) = doc.root().filter(|r| r.is_map()) else { continue };
        push(root, &mut out, 0);
    }
    out
}

fn push<'a>(node: NodeRef<'a>, out: &mut Vec<Object<'a>>, depth: usize) {
    let (Some(kind), Some(api)) = (
        node.get("kind").and_then(|k| k.as_str()),
        node.get("apiVersion").and_then(|a| a.as_str()),
    ) else {
        return;
    };
    if kind.ends_with("List") && depth < 4 {
        for item in node.get("items").map(|i| i.items()).unwrap_or_default() {
            if item.is_map() {
                push(item, out, depth + 1);
            }
        }
        return;
    }
    out.push(Object {
        node,
        kind,
        api_version: api,
    });
}

/// A container of a pod spec.
#[derive(Clone, Copy)]
pub struct Container<'a> {
    pub node: NodeRef<'a>,
    pub init: bool,
}

impl<'a> Container<'a> {
    pub fn name(&self) -> &'a str {
        self.node.get("name").and_then(|n| n.as_str()).unwrap_or("?")
    }

    /// The span to report container-level findings at: its `name:` value, else the container.
    pub fn span(&self) -> shipshape_core::Span {
        self.node.get("name").map_or(self.node.span(), |n| n.span())
    }

    /// A `securityContext` field of the container, falling back to the pod's.
    pub fn security(&self, pod: NodeRef<'a>, key: &str) -> Option<NodeRef<'a>> {
        self.node
            .get("securityContext")
            .and_then(|s| s.get(key))
            .or_else(|| pod.get("securityContext").and_then(|s| s.get(key)))
    }
}

/// The containers (and init containers) of a pod spec.
pub fn containers(pod: NodeRef<'_>) -> Vec<Container<'_>> {
    let mut out = Vec::new();
    for (key, init) in [("initContainers", true), ("containers", false)] {
        for c in pod.get(key).map(|c| c.items()).unwrap_or_default() {
            if c.is_map() {
                out.push(Container { node: c, init });
            }
        }
    }
    out
}

/// Match labels of a selector (`matchLabels`, or a Service's plain map).
pub fn match_labels(selector: NodeRef<'_>) -> Vec<(&str, &str)> {
    let m = selector.get("matchLabels").unwrap_or(selector);
    m.entries()
        .into_iter()
        .filter_map(|(k, v)| Some((k.as_str()?, v.as_text()?)))
        .collect()
}
