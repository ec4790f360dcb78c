use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_schema::ProblemKind;

rule! {
    code: "K8S073", name: "kubernetes-schema", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kubernetes-validate:strict"], options: [],
    summary: "A field the Kubernetes API does not define, or a value of the wrong kind",
    what: "Validates every object of a built-in kind against the Kubernetes API's definitions (the OpenAPI of the release shipped in shipshape, strict: unknown fields are errors) and reports each error at its field: a field the kind does not have (with the field probably meant), a value of the wrong kind (a number or an unquoted `yes` where a string must be, as Kubernetes reads YAML 1.1), a value not among those allowed. Custom resources and API versions the release no longer serves are not judged, nor a boolean or number where a string must be in the inputs of a Java build's manifest generator (`src/main/kubernetes/` of Quarkus and Dekorate, `src/main/jkube/`), which reads them as strings; required fields are left to the API server (a kustomize patch leaves them to its base).",
    why: "`kubectl apply --validate=strict` refuses the object; a lenient apply (Helm, `--validate=false`, an older client) silently drops the unknown field, so a misspelt `limit:` leaves the pod without limits and nobody is told.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      resources:\n        limit:\n          memory: 256Mi",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      resources:\n        limits:\n          memory: 256Mi",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/reference/kubernetes-api/\n- https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
    spans: ["limit"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for obj in &cx.objects {
        // A SOPS-encrypted object: its values are ciphertext until `sops -d` runs before apply.
        if obj.node.get("sops").is_some() {
            continue;
        }
        for p in shipshape_schema::validate_kubernetes(obj.api_version, obj.kind, obj.node) {
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
            if cx.is_generator_input()
                && matches!(&p.kind, ProblemKind::Type { found: "boolean" | "number", expected } if expected.contains(&"string"))
            {
                continue;
            }
            // A strategic-merge-patch directive (`$patch: delete`, `$retainKeys`) is kustomize's.
            if matches!(&p.kind, ProblemKind::UnknownKey { key, .. } if key.starts_with('$')) {
                continue;
            }
            // One release, the newest, defines every field a client can send: an unknown field is
            // never one added later.
            let certain = p.certain() || matches!(p.kind, ProblemKind::UnknownKey { .. });
            out.push(p.into_diagnostic(meta(), certain));
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
