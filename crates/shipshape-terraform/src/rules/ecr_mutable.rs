use crate::model::{insert_attr, span_of};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "TF019", name: "mutable-image-tags", severity: Warning, category: Security, default: false, fix: Unsafe,
    peers: ["checkov:CKV_AWS_51"], options: [],
    summary: "A container registry lets tags be overwritten",
    what: "Flags `aws_ecr_repository` without `image_tag_mutability = \"IMMUTABLE\"` (the default is mutable). The fix sets it. Off by default: most teams re-push a moving tag (`latest`, an environment's) on purpose, and 20 of 22 findings judged on real repositories were not worth acting on (docs/precision.md).",
    why: "With mutable tags, `app:1.4.0` can silently point at a different image tomorrow: deploys stop being reproducible, and a compromised pipeline can replace a released image.",
    example: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}",
    instead: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n  image_tag_mutability = \"IMMUTABLE\"\n}",
    fix_safety: "Unsafe: pipelines that re-push a moving tag (`latest`, `main`) start failing.",
    refs: "- https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
    spans: ["\"aws_ecr_repository\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_ecr_repository"]) {
        let (span, edit) = match r.body().get_attribute("image_tag_mutability") {
            None => (
                r.label_span(),
                insert_attr(cx.src, r.block, "image_tag_mutability", "\"IMMUTABLE\""),
            ),
            Some(a) => match cx
                .value(r.body(), "image_tag_mutability")
                .and_then(|v| v.as_str().map(str::to_owned))
            {
                Some(m) if m == "MUTABLE" => (span_of(&a.value), Some(Edit::replace(span_of(&a.value), "\"IMMUTABLE\""))),
                _ => continue,
            },
        };
        out.push(
            Diagnostic::new(meta(), span, format!("`{}` lets tags be overwritten", r.address()))
                .help("set `image_tag_mutability = \"IMMUTABLE\"`")
                .maybe_fix(edit.map(|e| Fix::unsafe_("make tags immutable", vec![e]))),
        );
    }
}
