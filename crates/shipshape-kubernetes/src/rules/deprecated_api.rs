use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S025", name: "removed-api-version", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:no-extensions-v1beta", "polaris:deprecatedApis"], options: [],
    summary: "An `apiVersion` that current Kubernetes no longer serves",
    what: "Checks `apiVersion`/`kind` pairs against a dated table (Kubernetes 1.34, 2026-11): versions removed from the API (`extensions/v1beta1` Deployments and Ingresses, `apps/v1beta2`, `batch/v1beta1` CronJob, `policy/v1beta1` PDB and PSP, `autoscaling/v2beta2`, `networking.k8s.io/v1beta1`, `rbac.authorization.k8s.io/v1beta1`, …) and those the shipped API definitions of Kubernetes 1.25 to 1.37 show gone (the beta of ValidatingAdmissionPolicy, removed in 1.34), with the release that removed them and the replacement. When `kubernetes-version` names a release that still serves the version, the finding is a warning: the upgrade breaks it; without one, so is a removal that a release Kubernetes still supports (the newest three) does not share.",
    why: "`kubectl apply` fails with `no matches for kind`: the manifest stopped working on the first cluster upgrade past that release.",
    example: "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web",
    instead: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web",
    fix_safety: "No automatic fix: the newer versions change fields (an Ingress backend's shape, a Deployment's required selector).",
    refs: "- https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
    spans: ["extensions/v1beta1"],
}

/// (apiVersion, kind or `*`, removed in, replacement)
const REMOVED: &[(&str, &str, &str, &str)] = &[
    // Each kind of `extensions/v1beta1` went when its replacement's old version did (flannel's
    // minikube DaemonSet: 1.16, not 1.22; judged wrong 2026-12-05).
    ("extensions/v1beta1", "DaemonSet", "1.16", "apps/v1"),
    ("extensions/v1beta1", "Deployment", "1.16", "apps/v1"),
    ("extensions/v1beta1", "ReplicaSet", "1.16", "apps/v1"),
    ("extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"),
    ("extensions/v1beta1", "PodSecurityPolicy", "1.16", "Pod Security Admission"),
    ("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
    ("extensions/v1beta1", "*", "1.22", "apps/v1 or networking.k8s.io/v1"),
    ("apps/v1beta1", "*", "1.16", "apps/v1"),
    ("apps/v1beta2", "*", "1.16", "apps/v1"),
    ("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
    ("batch/v2alpha1", "CronJob", "1.21", "batch/v1"),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"),
    ("policy/v1beta1", "PodSecurityPolicy", "1.25", "Pod Security Admission"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
    // Groups that later served new kinds at the same version (ServiceCIDR, ClusterTrustBundle,
    // LeaseCandidate, MutatingAdmissionPolicy at v1beta1) list the removed kinds by name.
    ("networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1"),
    ("rbac.authorization.k8s.io/v1beta1", "Role", "1.22", "rbac.authorization.k8s.io/v1"),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    ("rbac.authorization.k8s.io/v1alpha1", "Role", "1.22", "rbac.authorization.k8s.io/v1"),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRole",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "RoleBinding",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRoleBinding",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        "1.22",
        "admissionregistration.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        "1.22",
        "admissionregistration.k8s.io/v1",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        "1.22",
        "apiextensions.k8s.io/v1",
    ),
    ("apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1"),
    (
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        "1.22",
        "certificates.k8s.io/v1",
    ),
    ("coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1"),
    ("scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSIDriver", "1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "StorageClass", "1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "VolumeAttachment", "1.22", "storage.k8s.io/v1"),
    ("discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1"),
    ("events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"),
    ("node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1"),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "*",
        "1.26",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "*",
        "1.29",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "*",
        "1.32",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // kubebuilder's `config/crd/patches/*.yaml`: kustomize patch fragments, applied only when a
    // kustomization lists them (often commented out in the scaffold). Whether anything breaks depends
    // on that: a warning.
    // So is a file named as one (`config/default/webhookcainjection_patch.yaml`: logging-operator,
    // judged wrong as an error).
    let patch = cx.is_patch_file();
    for o in &cx.objects {
        // A `$patch: delete` patch removes the resource from the build: for a removed API it is
        // the migration itself (giantswarm's `patch-remove-psp.yaml` drops the chart's
        // PodSecurityPolicy for 1.25, judged wrong, the fifty-fifth sample).
        if o.node.get("$patch").and_then(|p| p.as_str()) == Some("delete") {
            continue;
        }
        if let Some((when, instead)) = removal(o.api_version, o.kind) {
            let span = o.node.get("apiVersion").map_or(o.node.span(), |a| a.span());
            // `kubernetes-version` names a release that still serves it: it breaks on the upgrade.
            // Without one, a removal that releases still supported upstream (the newest three)
            // do not share is not certain to break the cluster at hand (`networking.k8s.io/v1beta1`
            // ServiceCIDR, gone in 1.37 and served by 1.35 and 1.36).
            let newest = *shipshape_schema::KUBERNETES_MINORS.end();
            let (target, explicit) = match cx.core.settings.kubernetes_version {
                Some(v) => (v, true),
                None => (newest.saturating_sub(SUPPORTED_RELEASES - 1), false),
            };
            if let Some(removed) = minor(&when).filter(|m| *m > target) {
                let message = if explicit {
                    format!(
                        "`{}` {} is removed in Kubernetes {when}: 1.{target}, the release targeted, still serves it, the upgrade will not",
                        o.api_version, o.kind
                    )
                } else {
                    format!(
                        "`{}` {} is removed in Kubernetes {when}: clusters before it (1.{}) still serve it",
                        o.api_version,
                        o.kind,
                        removed - 1
                    )
                };
                out.push(
                    Diagnostic::new(meta(), span, message)
                        .severity(shipshape_core::Severity::Warning)
                        .help(format!("use {instead}")),
                );
                continue;
            }
            let span = o.node.get("apiVersion").map_or(o.node.span(), |a| a.span());
            // A file named for the version it is written against (clickhouse-operator's
            // `…-install-bundle-v1beta1.yaml`, generated for clusters before 1.16, judged wrong as an
            // error) serves old clusters on purpose: a warning that newer ones reject it.
            let version = o.api_version.rsplit('/').next().unwrap_or_default().to_ascii_lowercase();
            let legacy = !version.is_empty()
                && cx
                    .file
                    .display
                    .to_ascii_lowercase()
                    .rsplit(['/', '\\'])
                    .next()
                    .is_some_and(|n| n.contains(&version));
            // A release's frozen bundle, kept in a folder named for its version
            // (`deploy/csv/redhat/1.4.0/manifests/`, percona's operator bundles for OpenShift 4.5,
            // judged not worth an error, the twenty-fifth sample; a CSI driver's `deploy/v3.0.0/`):
            // it installs that old release on the clusters of its day, and the current manifests
            // live elsewhere. Info.
            let release = cx.file.display.split(['/', '\\']).rev().skip(1).any(is_version_name);
            let d = if legacy {
                Diagnostic::new(
                    meta(),
                    span,
                    format!(
                        "this file, named for `{}`, targets clusters before Kubernetes {when}: newer ones reject its {}",
                        version, o.kind
                    ),
                )
                .severity(shipshape_core::Severity::Warning)
            } else if patch {
                Diagnostic::new(
                    meta(),
                    span,
                    format!(
                        "this kustomize patch is written against `{}` {}, removed in Kubernetes {when}: it matches no current resource",
                        o.api_version, o.kind
                    ),
                )
                .severity(shipshape_core::Severity::Warning)
            } else if release {
                Diagnostic::new(
                    meta(),
                    span,
                    format!(
                        "`{}` {} was removed in Kubernetes {when}: this release's bundle installs only on older clusters",
                        o.api_version, o.kind
                    ),
                )
                // A frozen release is not rewritten (percona's bundles, judged not worth even a
                // warning, the twenty-ninth sample): info.
                .severity(shipshape_core::Severity::Info)
            } else {
                Diagnostic::new(
                    meta(),
                    span,
                    format!("`{}` {} was removed in Kubernetes {when}", o.api_version, o.kind),
                )
            };
            out.push(d.help(format!("use {instead}")));
        }
    }
}

/// When `apiVersion`/`kind` was removed and what replaces it: the table, else the shipped API
/// definitions (a version served by an older shipped release and not by the newest, such as
/// `admissionregistration.k8s.io/v1beta1` ValidatingAdmissionPolicy, gone in 1.34).
fn removal(api_version: &str, kind: &str) -> Option<(String, String)> {
    if let Some((_, _, when, instead)) = REMOVED
        .iter()
        .find(|(api, k, _, _)| *api == api_version && (*k == "*" || *k == kind))
    {
        return Some(((*when).to_owned(), (*instead).to_owned()));
    }
    let newest = *shipshape_schema::KUBERNETES_MINORS.end();
    let (_, last) = shipshape_schema::kubernetes_served(api_version, kind).filter(|(_, last)| *last < newest)?;
    let instead = shipshape_schema::kubernetes_serving(api_version, kind, newest).map_or_else(
        || format!("what replaced it: Kubernetes 1.{newest} has no {kind} in this API group"),
        |api| format!("`{api}`"),
    );
    Some((format!("1.{}", last + 1), instead))
}

/// How many minor releases Kubernetes supports at once (the newest three).
const SUPPORTED_RELEASES: u16 = 3;

/// The minor number of a `1.N` release.
fn minor(release: &str) -> Option<u16> {
    release.strip_prefix("1.")?.parse().ok()
}

/// Whether a folder's name is a release version: `1.4.0`, `v3.1.0`, `v4.13.2` (two dots, digits).
fn is_version_name(name: &str) -> bool {
    let v = name.strip_prefix('v').unwrap_or(name);
    // A pre-release too (`v0.5.0-rc0`: kserve's `install/` folders, ten errors judged not worth
    // it, the seventy-fourth sample).
    let v = match v.split_once('-') {
        Some((core, pre)) if !pre.is_empty() && pre.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') => core,
        Some(_) => return false,
        None => v,
    };
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}
