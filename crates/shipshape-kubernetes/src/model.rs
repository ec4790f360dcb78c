//! A view of Kubernetes manifests over the spanned YAML tree: objects (multi-document files and
//! `List`s), their pod specs and containers.

use shipshape_core::tree::SourceTree;
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
    /// ReplicationController, Job, CronJob, PodTemplate, and OpenShift's DeploymentConfig, whose
    /// `spec.template` is a pod template like a ReplicationController's).
    pub fn pod_spec(&self) -> Option<NodeRef<'a>> {
        let spec = self.node.get("spec");
        match self.kind {
            "Pod" => spec,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" | "DeploymentConfig" => {
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
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" | "DeploymentConfig" => {
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
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "DeploymentConfig"
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

    /// The entries of `securityContext.capabilities.<list>` (`add` or `drop`).
    pub fn capabilities(&self, list: &str) -> Vec<NodeRef<'a>> {
        self.node
            .get("securityContext")
            .and_then(|s| s.get("capabilities"))
            .and_then(|caps| caps.get(list))
            .map(|a| a.items())
            .unwrap_or_default()
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

/// What one object contributes to the project view, owned so that other files' trees can be dropped.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// Pod template labels, for workloads.
    pub pod_labels: Option<Vec<(String, String)>>,
    /// Label selector (Service `spec.selector`, PDB/NetworkPolicy `matchLabels`); empty selects all.
    pub selector: Option<Vec<(String, String)>>,
    /// `scaleTargetRef` of an HPA: (kind, name).
    pub target: Option<(String, String)>,
    /// `spec.replicas` of a workload, or `minReplicas` of an HPA, when literal.
    pub replicas: Option<i64>,
    /// Names of the container ports of a workload's pod template.
    pub port_names: Vec<String>,
    /// A Service with `clusterIP: None`.
    pub headless: bool,
}

impl Summary {
    pub fn of(o: &Object) -> Summary {
        let spec = o.node.get("spec");
        let labels = |m: Option<NodeRef>| m.and_then(|m| m.get("labels")).map(|l| owned(match_labels(l)));
        let selector = match o.kind {
            "Service" => spec.and_then(|s| s.get("selector")).map(|s| owned(match_labels(s))),
            "PodDisruptionBudget" => spec.and_then(|s| s.get("selector")).map(|s| owned(match_labels(s))),
            "NetworkPolicy" => spec.and_then(|s| s.get("podSelector")).map(|s| owned(match_labels(s))),
            _ => None,
        };
        let target = (o.kind == "HorizontalPodAutoscaler")
            .then(|| {
                let t = spec?.get("scaleTargetRef")?;
                Some((t.get("kind")?.as_str()?.to_owned(), t.get("name")?.as_str()?.to_owned()))
            })
            .flatten();
        Summary {
            kind: o.kind.to_owned(),
            name: o.name().to_owned(),
            namespace: o
                .node
                .get("metadata")
                .and_then(|m| m.get("namespace"))
                .and_then(|n| n.as_str())
                .map(str::to_owned),
            pod_labels: o.pod_spec().and_then(|_| labels(o.pod_metadata())),
            selector,
            target,
            replicas: spec
                .and_then(|s| {
                    s.get(if o.kind == "HorizontalPodAutoscaler" {
                        "minReplicas"
                    } else {
                        "replicas"
                    })
                })
                .and_then(|r| r.as_f64())
                .map(|r| r as i64),
            port_names: o
                .pod_spec()
                .map(|pod| {
                    containers(pod)
                        .iter()
                        .flat_map(|c| c.node.get("ports").map(|p| p.items()).unwrap_or_default())
                        .filter_map(|p| Some(p.get("name")?.as_str()?.to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
            headless: o.kind == "Service" && spec.and_then(|s| s.get("clusterIP")).and_then(|c| c.as_str()) == Some("None"),
        }
    }
}

/// A selector's match labels, owned, for comparing with the project view.
pub fn owned_selector(selector: NodeRef<'_>) -> Vec<(String, String)> {
    owned(match_labels(selector))
}

fn owned(v: Vec<(&str, &str)>) -> Vec<(String, String)> {
    v.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

/// Whether `labels` satisfy every pair of `selector`.
pub fn selects(selector: &[(String, String)], labels: &[(String, String)]) -> bool {
    selector.iter().all(|s| labels.contains(s))
}

/// The objects of a directory: this file's and its sibling manifests' (bounded), for cross-object
/// rules. `complete` is false when the directory is a kustomize overlay or has templated files,
/// whose objects cannot all be seen.
#[derive(Default, Debug)]
pub struct Project {
    pub objects: Vec<Summary>,
    pub complete: bool,
}

/// The manifests of one directory, each read, parsed and summarised once, by whichever file of the
/// run needs it first; its tree is then handed to that file's own check, so nothing is parsed twice.
#[derive(Default, Debug)]
pub struct DirSummary {
    files: Vec<(std::ffi::OsString, std::path::PathBuf)>,
    entries: Vec<std::sync::OnceLock<Entry>>,
    /// A kustomization makes the directory's objects unknowable from its files alone.
    kustomized: bool,
}

#[derive(Debug, Default)]
struct Entry {
    summaries: Vec<Summary>,
    templated: bool,
    tree: std::sync::Mutex<Option<(String, Yaml)>>,
}

const MAX_SIBLINGS: usize = 200;

impl DirSummary {
    /// Sibling `i`, read through `tree` (a regular file of at most 1 MiB, UTF-8 and not binary;
    /// else nothing) and summarised on first use.
    fn entry(&self, tree: &dyn SourceTree, i: usize) -> &Entry {
        self.entries[i].get_or_init(|| {
            let Some(text) = tree.read(&self.files[i].1) else {
                return Entry::default();
            };
            // JSON siblings are read only when they are manifests (not package.json, schemas…).
            let json = self.files[i].0.to_str().is_some_and(|n| n.to_ascii_lowercase().ends_with(".json"));
            if json && shipshape_core::classify::classify_json_content(&text) == shipshape_core::classify::FileKind::Other {
                return Entry::default();
            }
            if text.contains("{{") {
                return Entry {
                    templated: true,
                    ..Entry::default()
                };
            }
            let yaml = Yaml::parse(&text);
            let summaries: Vec<Summary> = objects(&yaml).iter().map(Summary::of).collect();
            let tree = (!summaries.is_empty()).then_some((text, yaml));
            Entry {
                summaries,
                templated: false,
                tree: std::sync::Mutex::new(tree),
            }
        })
    }

    /// This file's tree, parsed while summarising it, if its text is still `text`.
    pub fn take_tree(&self, tree: &dyn SourceTree, name: &std::ffi::OsStr, text: &str) -> Option<Yaml> {
        let i = self.files.iter().position(|(n, _)| n == name)?;
        let (t, yaml) = self.entry(tree, i).tree.lock().ok()?.take()?;
        (t == text).then_some(yaml)
    }
}

/// List the manifests of `dir` in `tree` (read lazily, see [`DirSummary`]).
pub fn summarise_dir(tree: &dyn SourceTree, dir: &std::path::Path) -> DirSummary {
    let mut d = DirSummary::default();
    for f in tree.list(dir).into_iter().take(MAX_SIBLINGS) {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
        let terraform = name.ends_with(".tf.json") || name.ends_with(".tfvars.json");
        if !(name.ends_with(".yaml") || name.ends_with(".yml") || (name.ends_with(".json") && !terraform)) {
            continue;
        }
        if name.starts_with("kustomization") {
            d.kustomized = true;
            continue;
        }
        d.files.push((f.file_name().unwrap_or_default().to_owned(), f));
    }
    d.entries = d.files.iter().map(|_| std::sync::OnceLock::new()).collect();
    d
}

/// The project of one file: its own objects (as checked, possibly edited in memory) plus the
/// other files of its directory (read through `tree`).
pub fn project(tree: &dyn SourceTree, own: &[Object], path: Option<&std::path::Path>, dir: Option<&DirSummary>) -> Project {
    let mut p = Project {
        objects: own.iter().map(Summary::of).collect(),
        complete: true,
    };
    let (Some(dir), Some(me)) = (dir, path.and_then(std::path::Path::file_name)) else {
        return p;
    };
    p.complete = !dir.kustomized;
    for (i, (name, _)) in dir.files.iter().enumerate() {
        if name == me {
            continue;
        }
        let e = dir.entry(tree, i);
        p.complete &= !e.templated;
        p.objects.extend(e.summaries.iter().cloned());
    }
    p
}

/// Whether an image reference's repository name, tag or digest is filled in later (`$IMAGE_URL`,
/// `app:${TAG}`, `${REGISTRY}/app@${DIGEST}`): its pinning cannot be judged. A variable only in
/// the registry or path (`$REGION-docker.pkg.dev/$PROJECT/repo/app:latest`) leaves the tag as
/// written.
pub fn image_is_templated(image: &str) -> bool {
    image.rsplit('/').next().unwrap_or(image).contains('$')
}
