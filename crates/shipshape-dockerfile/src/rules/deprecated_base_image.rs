use crate::model::ImageRef;
use crate::rules::image_untagged::external_images;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, data};

rule! {
    code: "DF086", name: "deprecated-base-image", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "Do not build on an official image that Docker has deprecated",
    what: "Flags `FROM` and `COPY --from` of Docker Official Images that docker-library marks deprecated or no longer publishes (openjdk, centos-based clefos, notary, …), from a dated table shipped in shipshape.",
    why: "A deprecated image gets no more security updates; every build inherits its unpatched vulnerabilities.",
    example: "FROM openjdk:21-jdk-slim",
    instead: "FROM eclipse-temurin:21-jre",
    fix_safety: "No automatic fix: the replacement image is a choice (the image's deprecation notice names some).",
    refs: "- https://github.com/docker-library/docs (each image's `deprecated.md`)\n- shipshape's table: `shared/data/base-images-deprecated.tsv`, snapshot 2026-08-21",
    spans: ["openjdk:21-jdk-slim"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (image, span) in external_images(cx) {
        let r = ImageRef::parse(&image);
        let Some(key) = data::image_key(r.registry.as_deref(), &r.repo) else {
            continue;
        };
        // An image whose notice retires some tags only (`amazonlinux`'s `1` and `2018.03`) is
        // maintained under the others: a tag it still publishes is no deprecated image (wazuh's
        // `amazonlinux:2023`, judged wrong, the thirty-sixth sample).
        let tag = r.tag.as_deref().unwrap_or("latest");
        let published = data::image_tags(&key).contains(&tag);
        if let Some(dep) = data::deprecated_image(&key)
            && !published
        {
            out.push(
                Diagnostic::new(meta(), span, format!("`{key}` is a deprecated official image")).help(format!(
                    "move to a maintained image; docker-library (as of {}): {}",
                    dep.snapshot, dep.evidence
                )),
            );
        }
    }
}
