use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF050", name: "bucket-versioning", severity: Info, category: Reliability, default: false, fix: None,
    peers: ["checkov:CKV_AWS_21"], options: [],
    summary: "An S3 bucket keeps no earlier versions of its objects",
    what: "Flags `aws_s3_bucket` with neither a `versioning { enabled = true }` block nor an `aws_s3_bucket_versioning` resource (in any file of the module) that refers to it.",
    why: "Without versioning an overwrite or delete (a bug, ransomware, a wrong `aws s3 sync --delete`) destroys the data for good; state buckets in particular need it.",
    example: "resource \"aws_s3_bucket\" \"state\" {\n  bucket = \"acme-tfstate\"\n}",
    instead: "resource \"aws_s3_bucket\" \"state\" {\n  bucket = \"acme-tfstate\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"state\" {\n  bucket = aws_s3_bucket.state.id\n\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}",
    fix_safety: "No automatic fix: versions are billed; add a lifecycle rule that expires old ones.",
    refs: "- https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
    spans: ["\"aws_s3_bucket\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_s3_bucket"]) {
        let inline = crate::model::nested(r.body(), "versioning")
            .iter()
            .any(|v| cx.value(v, "enabled").and_then(|e| e.as_bool()) != Some(false));
        let companion = cx
            .scope()
            .companions
            .contains(&("aws_s3_bucket_versioning".to_owned(), r.address()));
        // A companion written with a literal bucket name cannot be matched with certainty: stay silent.
        let literal_companion = cx.resources(&["aws_s3_bucket_versioning"]).iter().any(|c| {
            c.body()
                .get_attribute("bucket")
                .is_some_and(|a| crate::model::reference(&a.value).is_none())
        });
        if !inline && !companion && !literal_companion {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` keeps no earlier object versions", r.address()),
                )
                .help("add an `aws_s3_bucket_versioning` resource with `status = \"Enabled\"`"),
            );
        }
    }
}
