use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC010", name: "container-name-format", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["dclint:service-container-name-regex"], options: [],
    summary: "A `container_name` Docker does not accept",
    what: "Flags `container_name:` values that do not match Docker's `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.",
    why: "The container fails to be created (`Invalid container name`).",
    example: "services:\n  api:\n    image: acme/api:1\n    container_name: acme api",
    instead: "services:\n  api:\n    image: acme/api:1\n    container_name: acme-api",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#container_name",
    spans: ["acme api"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, svc) in cx.services() {
        let Some(c) = svc.get("container_name") else { continue };
        let Some(v) = c.as_text() else { continue };
        if v.contains('$') {
            continue;
        }
        let mut chars = v.chars();
        let ok = chars.next().is_some_and(|f| f.is_ascii_alphanumeric())
            && v.len() >= 2
            && chars.all(|x| x.is_ascii_alphanumeric() || matches!(x, '_' | '.' | '-'));
        if !ok {
            out.push(
                Diagnostic::new(meta(), c.span(), format!("`{v}` is not a valid container name"))
                    .help("use letters, digits, `_`, `.` and `-`, starting with a letter or digit"),
            );
        }
    }
}
