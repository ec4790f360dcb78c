use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF025", name: "untrusted-registry", severity: Warning, category: Security, default: true, fix: None,
    peers: ["hadolint:DL3026"], options: [("trusted-registries", StringList, "[]", "Registries (and registry paths: `ghcr.io/acme`) `FROM` may pull from; the rule is silent while unset.")],
    summary: "Base images come only from trusted registries (when configured)",
    what: "With `[rules.DF025] trusted-registries = [\"docker.io\", \"ghcr.io/acme\"]`, flags FROM images from any other registry. Silent without the option.",
    why: "Pulling from an unvetted registry is a supply-chain risk.",
    example: "FROM randomregistry.example/python:3.12",
    instead: "FROM docker.io/library/python:3.12",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3026",
    spans: ["randomregistry.example/python:3.12"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let trusted = cx.list_option(&RULE.meta, "trusted-registries");
    if trusted.is_empty() {
        return;
    }
    for (image, span) in super::image_untagged::external_images(cx) {
        let r = crate::model::ImageRef::parse(&image);
        let registry = r.registry.clone().unwrap_or_else(|| "docker.io".to_owned());
        let full = format!("{registry}/{}", r.repo);
        let ok = trusted.iter().any(|t| {
            let t = t.trim_end_matches('/');
            registry == t || full.starts_with(&format!("{t}/")) || (t == "docker.io" && registry == "index.docker.io")
        });
        if !ok {
            out.push(
                Diagnostic::new(meta(), span, format!("`{registry}` is not a trusted registry"))
                    .help(format!("trusted: {}", trusted.join(", "))),
            );
        }
    }
}
