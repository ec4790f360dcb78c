use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "K8S039", name: "service-selects-nothing", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:dangling-service"], options: [],
    summary: "A Service selects no pod of its repository",
    what: "Flags Services whose `selector` matches the pod labels of no workload in the same file or directory, nor in any other manifest of the repository (deploy scripts apply folders together), skipped for kustomize overlays and directories with templates, and for Services without a selector.",
    why: "The Service has no endpoints: every request to it fails, usually after a label was renamed on one side only.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: webb\n  ports:\n    - port: 80\n      targetPort: 8080",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors",
    spans: ["app: webb"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    if !project.complete || !project.objects.iter().any(|o| o.pod_labels.is_some()) {
        return;
    }
    let pods = super::labels::Pods::of(&project.objects);
    for o in cx.of_kind(&["Service"]) {
        let Some(sel) = o.node.get("spec").and_then(|s| s.get("selector")) else {
            continue;
        };
        let selector: Vec<(String, String)> = model::owned_selector(sel);
        if selector.is_empty() {
            continue;
        }
        if pods.selected(&selector).next().is_none() && !repository_has_pods(cx, &selector) {
            out.push(
                Diagnostic::new(
                    meta(),
                    sel.span(),
                    format!("Service `{}` selects the pods of no workload in the repository", o.name()),
                )
                .confidence(Confidence::Medium)
                .help("match the labels of the workload's pod template"),
            );
        }
    }
}

/// Pod template labels of every workload in the repository's Kubernetes manifests, read once per
/// run: a Service in `aws/microservices/transports/` selecting the Deployment of
/// `aws/microservices/tb-node.yml` selects pods (thingsboard's, seven judged wrong, precision
/// sample 43).
/// Also the names of the repository's custom resources: an operator makes the pods of one
/// (prometheus-operator labels an `Alertmanager` named `prow`'s pods `alertmanager: prow`: Istio's
/// test-infra, judged wrong, the fifty-third sample).
#[derive(Default)]
struct RepoPods(Vec<Vec<(String, String)>>, std::collections::HashSet<String>);

/// Whether an object is a custom resource (its API group is not one of Kubernetes' own).
fn custom_resource(api_version: &str) -> bool {
    let group = api_version.split_once('/').map_or("", |(g, _)| g);
    group.contains('.') && !group.ends_with(".k8s.io") && !group.ends_with("kubernetes.io")
}

fn repo_pods(project: &shipshape_core::project::Project) -> RepoPods {
    use shipshape_core::classify::FileKind;
    let mut out = RepoPods::default();
    for path in project.of_kind(&[FileKind::Kubernetes]).take(2_000) {
        let Some(text) = project.tree().read(path) else { continue };
        let mut yaml = shipshape_yaml::Yaml::parse(&text);
        // A template whose placeholder lines a script replaces (`GEN3_DATE_LABEL`): its labels
        // are read without them (Gen3's Jenkins Services, judged wrong, the fifty-fifth sample).
        let filled: String;
        if !yaml.errors.is_empty() && text.lines().any(|l| crate::bare_placeholder(l).is_some()) {
            filled = text
                .split_inclusive('\n')
                .map(|l| if crate::bare_placeholder(l).is_some() { "\n" } else { l })
                .collect();
            yaml = shipshape_yaml::Yaml::parse(&filled);
        }
        for o in model::objects(&yaml) {
            if custom_resource(o.api_version) {
                out.1.insert(o.name().to_owned());
                if let Some(spec) = o.node.get("spec") {
                    custom_pod_templates(spec, 0, &mut out.0);
                }
            }
            out.0.extend(model::Summary::of(&o).pod_labels);
        }
    }
    out
}

/// The pod labels of a custom resource's pod templates, which its operator runs: a `podTemplate`
/// or `template` with `metadata.labels` anywhere in its spec (ECK's `Agent` under
/// `spec.deployment.podTemplate`, an Argo `Rollout`'s `spec.template`: elastic's kube-state-metrics
/// Service, judged wrong, the fifty-sixth sample).
fn custom_pod_templates(node: shipshape_yaml::NodeRef<'_>, depth: usize, out: &mut Vec<Vec<(String, String)>>) {
    if depth > 6 {
        return;
    }
    if node.is_map() {
        for (k, v) in node.entries() {
            let labels = v.get("metadata").and_then(|m| m.get("labels"));
            match (k.as_str(), labels) {
                (Some("podTemplate" | "template"), Some(labels)) => {
                    out.push(model::owned_selector(labels));
                }
                _ => custom_pod_templates(v, depth + 1, out),
            }
        }
    } else {
        for item in node.items() {
            custom_pod_templates(item, depth + 1, out);
        }
    }
}

fn repository_has_pods(cx: &Ctx, selector: &[(String, String)]) -> bool {
    // A custom resource of this file's whose name the selector names.
    let named = |names: &dyn Fn(&str) -> bool| selector.iter().any(|(_, v)| names(v));
    if named(&|v| cx.objects.iter().any(|o| custom_resource(o.api_version) && o.name() == v)) {
        return true;
    }
    // Or one of its pod templates.
    let mut templates = Vec::new();
    for spec in cx
        .objects
        .iter()
        .filter(|o| custom_resource(o.api_version))
        .filter_map(|o| o.node.get("spec"))
    {
        custom_pod_templates(spec, 0, &mut templates);
    }
    if templates.iter().any(|labels| model::selects(selector, labels)) {
        return true;
    }
    let Some(project) = cx.file.path.as_deref().and_then(|p| cx.core.projects.of(p)) else {
        return false;
    };
    let pods = project.fact(repo_pods);
    pods.0.iter().any(|labels| model::selects(selector, labels)) || named(&|v| pods.1.contains(v))
}
