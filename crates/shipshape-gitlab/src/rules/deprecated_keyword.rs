use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL018", name: "deprecated-keyword", severity: Warning, category: Maintainability, default: true, fix: None,
    peers: [], options: [],
    summary: "A deprecated top-level or job keyword",
    what: "Flags top-level `image`, `services`, `cache`, `before_script` and `after_script` (move them under `default:`), top-level `types` (use `stages`) and job-level `type` (use `stage`).",
    why: "GitLab documents these as deprecated and may remove them; `default:` also makes clear which settings every job inherits.",
    example: "image: node:22\ntest:\n  script: npm test",
    instead: "default:\n  image: node:22\ntest:\n  script: npm test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#globally-defined-image-services-cache-before_script-after_script",
    spans: ["image"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for key in ["image", "services", "cache", "before_script", "after_script", "types"] {
        if let Some((k, _)) = cx.root.get_entry(key) {
            let help = if key == "types" {
                "rename to `stages:`".to_owned()
            } else {
                format!("move `{key}:` under `default:`")
            };
            out.push(Diagnostic::new(meta(), k.span(), format!("top-level `{key}:` is deprecated")).help(help));
        }
    }
    for (_, _, job) in cx.jobs() {
        if let Some((k, _)) = job.get_entry("type") {
            out.push(Diagnostic::new(meta(), k.span(), "job keyword `type:` is deprecated").help("rename to `stage:`"));
        }
    }
}
