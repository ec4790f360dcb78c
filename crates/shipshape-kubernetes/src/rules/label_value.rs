use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S072", name: "invalid-label-value", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kube-score:label-values"], options: [],
    summary: "A label value Kubernetes rejects",
    what: "Flags label values (of objects, pod templates and selectors) longer than 63 characters or not made of letters, digits, `-`, `_` and `.` starting and ending with a letter or digit.",
    why: "The API server rejects the whole object; the error surfaces only at deploy time.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    version: 1.4.0+build.7\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    version: 1.4.0-build.7\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29",
    fix_safety: "No automatic fix: selectors may match on the value.",
    refs: "- https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set",
    spans: ["1.4.0+build.7"],
}

/// Whether `v` is a valid label value.
pub fn valid_label_value(v: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    v.is_empty()
        || (v.len() <= 63
            && alnum(v.chars().next())
            && alnum(v.chars().last())
            && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
}

/// `<NAME>`, `__NAME__`, `@name@`, `%NAME%`: a value that is only a placeholder's name.
fn whole_placeholder(text: &str) -> bool {
    let name = |inner: &str| !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    [("<", ">"), ("__", "__"), ("@", "@"), ("%", "%")].iter().any(|(open, close)| {
        text.len() > open.len() + close.len() && text.strip_prefix(open).and_then(|t| t.strip_suffix(close)).is_some_and(name)
    })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in &cx.objects {
        let mut maps = vec![o.node.get("metadata").and_then(|m| m.get("labels"))];
        maps.push(o.pod_metadata().and_then(|m| m.get("labels")));
        let spec = o.node.get("spec");
        maps.push(spec.and_then(|s| s.get("selector")).map(|s| s.get("matchLabels").unwrap_or(s)));
        if o.kind == "Pod" {
            maps.truncate(1);
        }
        for map in maps.into_iter().flatten().filter(|m| m.is_map()) {
            for (k, v) in map.entries() {
                let Some(text) = v.as_text() else { continue };
                // `$NAME`, `${NAME}`, `$(NAME)`: a template `envsubst` or a script fills in
                // (kamaji's `deploy/kine/mysql/mariadb.yaml`, judged wrong).
                // Or `{{ $version }}`, a Go template (zalando's cluster manifests, the fortieth sample).
                // Or a whole-value placeholder a pipeline substitutes: `<CI_PROJECT_PATH_SLUG>`
                // (engelsystem's GitLab deployment template, 27 errors, the sixty-eighth sample),
                // `__VERSION__`, `@project.version@`, `%ENV%`.
                let templated = text.contains("${")
                    || text.contains("$(")
                    || text.contains("{{")
                    || (text.starts_with('$') && text.len() > 1)
                    || whole_placeholder(text);
                if templated || valid_label_value(text) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        meta(),
                        v.span(),
                        format!(
                            "label `{}` of {} `{}` has a value Kubernetes rejects",
                            k.as_str().unwrap_or("?"),
                            o.kind,
                            o.name()
                        ),
                    )
                    .help("use at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"),
                );
            }
        }
    }
}
