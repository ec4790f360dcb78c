use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_schema::ProblemKind;

rule! {
    code: "K8S073", name: "kubernetes-schema", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kubernetes-validate:strict"], options: [],
    summary: "A field the Kubernetes API does not define, or a value of the wrong kind",
    what: "Validates every object of a built-in kind against the Kubernetes API's definitions (the OpenAPI of the release `kubernetes-version` names, 1.25 to 1.37, by default the newest; strict: unknown fields are errors, so on an older release a field added later is one) and reports each error at its field: a field the kind does not have (with the field probably meant), a value of the wrong kind (a number or an unquoted `yes` where a string must be, as Kubernetes reads YAML 1.1), a value not among those allowed. A custom resource is validated against its CustomResourceDefinition when the repository holds it (its `openAPIV3Schema`, strict as the API server's field validation: an object with `properties` takes no other field unless `x-kubernetes-preserve-unknown-fields`), as warnings, since the cluster may run another version of it; an object of a kind the targeted release does not serve yet is reported on its `apiVersion`; other custom resources and API versions the release no longer serves (K8S025's) are not judged, nor a boolean or number where a string must be in the inputs of a Java build's manifest generator (`src/main/kubernetes/` of Quarkus and Dekorate, `src/main/jkube/`), which reads them as strings; required fields are left to the API server (a kustomize patch leaves them to its base).",
    why: "`kubectl apply --validate=strict` refuses the object; a lenient apply (Helm, `--validate=false`, an older client) silently drops the unknown field, so a misspelt `limit:` leaves the pod without limits and nobody is told.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      resources:\n        limit:\n          memory: 256Mi",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      resources:\n        limits:\n          memory: 256Mi",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/reference/kubernetes-api/\n- https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
    spans: ["limit"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let patch = cx.is_patch_file();
    for obj in &cx.objects {
        // A SOPS-encrypted object: its values are ciphertext until `sops -d` runs before apply.
        if obj.node.get("sops").is_some() {
            continue;
        }
        // A custom resource whose CRD is in the repository: validated against it, as warnings
        // (the cluster may run another version of the operator's CRD).
        let target = cx.core.settings.kubernetes_minor();
        let (problems, custom) = if shipshape_schema::kubernetes_defines(target, obj.api_version, obj.kind) {
            (
                shipshape_schema::validate_kubernetes(target, obj.api_version, obj.kind, obj.node),
                None,
            )
        } else if let Some((first, _)) = shipshape_schema::kubernetes_served(obj.api_version, obj.kind).filter(|(first, _)| *first > target)
        {
            // A kind of a later release (`resource.k8s.io/v1` DeviceClass on a 1.30 cluster):
            // `kubectl apply` finds no such kind. One removed since is K8S025's.
            let span = obj.node.get("apiVersion").map_or(obj.node.span(), |a| a.span());
            let help = match shipshape_schema::kubernetes_serving(obj.api_version, obj.kind, target) {
                Some(api) => format!("Kubernetes 1.{target} serves {} as `{api}`", obj.kind),
                None => format!(
                    "Kubernetes 1.{target} has no {}: raise `kubernetes-version` if the cluster is newer",
                    obj.kind
                ),
            };
            out.push(
                Diagnostic::new(
                    meta(),
                    span,
                    format!(
                        "`{}` {} is served from Kubernetes 1.{first}; 1.{target}, the release targeted, has no such kind",
                        obj.api_version, obj.kind
                    ),
                )
                .help(help),
            );
            continue;
        } else {
            match custom_problems(cx, obj) {
                Some((problems, crd)) => (problems, Some(crd)),
                None => continue,
            }
        };
        for p in problems {
            // A custom resource's `spec:` left empty: the API server prunes a null that its
            // schema does not allow (kubebuilder's scaffolded samples).
            if custom.is_some() && matches!(p.kind, ProblemKind::Type { found: "null", .. }) {
                continue;
            }
            // Required fields: the API server says which are missing, and a patch or an overlay
            // leaves them to its base.
            if matches!(p.kind, ProblemKind::MissingKey(_)) {
                continue;
            }
            // A placeholder a script replaces (`containerPort: PORT`, `lun: <ADD LUN ID Here>`).
            if matches!(p.kind, ProblemKind::Type { found: "string", .. }) && placeholder(p.span.text(cx.src)) {
                continue;
            }
            // A generator's input: Jackson reads a boolean or a number as the string wanted.
            if matches!(&p.kind, ProblemKind::Type { found: "boolean" | "number", expected } if expected.contains(&"string"))
                && cx.is_generator_input()
            {
                continue;
            }
            // A strategic-merge-patch directive (`$patch: delete`, `$retainKeys`) is kustomize's.
            if matches!(&p.kind, ProblemKind::UnknownKey { key, .. } if key.starts_with('$')) {
                continue;
            }
            // One release, the newest, defines every field a client can send: an unknown field is
            // never one added later.
            // A kustomize patch is applied only where a kustomization lists it (kubebuilder's
            // `config/crd/patches/webhook_in_*.yaml`, commented out in the scaffold: 3scale's
            // operator, the sixty-sixth sample): not certain to reach the cluster.
            let certain = custom.is_none() && !patch && (p.certain() || matches!(p.kind, ProblemKind::UnknownKey { .. }));
            let mut d = p.into_diagnostic(meta(), certain);
            if let Some(crd) = &custom {
                let note = format!("checked against the `{}` CustomResourceDefinition in {crd}", obj.kind);
                d.help = Some(d.help.take().map_or(note.clone(), |h| format!("{h} ({note})")));
            }
            out.push(d);
        }
    }
}

fn placeholder(text: &str) -> bool {
    let t = text.trim_matches(['"', '\'']);
    (t.starts_with('<') && t.ends_with('>'))
        || (!t.is_empty()
            && t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            && t.as_bytes()[0].is_ascii_uppercase())
}

/// The problems of a custom resource against its CRD in the repository, and where that CRD is
/// (relative to the repository). `None` when no CRD of the repository defines its version.
fn custom_problems(cx: &Ctx, obj: &crate::model::Object) -> Option<(Vec<shipshape_schema::Problem>, String)> {
    if !obj.api_version.contains('/') {
        return None;
    }
    let project = cx.file.path.as_deref().and_then(|p| cx.core.projects.of(p))?;
    let crds = project.fact(crate::crd::RepoCrds::of);
    // Against every copy of the CRD: the one it fits best speaks (none, if any copy takes it).
    let (problems, def) = crds
        .0
        .get(&format!("{}/{}", obj.api_version, obj.kind))?
        .iter()
        .filter_map(|def| Some((def.schema()?.validate(obj.node), def)))
        .min_by_key(|(problems, _)| problems.len())?;
    let rel = def.path.strip_prefix(&project.root).unwrap_or(&def.path).display().to_string();
    Some((problems, rel))
}
