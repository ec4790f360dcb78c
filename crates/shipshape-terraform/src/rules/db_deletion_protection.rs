use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};

rule! {
    code: "TF033", name: "database-deletion-protection", severity: Warning, category: Reliability, default: false, fix: Unsafe,
    peers: ["checkov:CKV_AWS_293"], options: [],
    summary: "A database can be deleted by one mistaken apply",
    what: "Flags `aws_db_instance` and `aws_rds_cluster` without `deletion_protection = true`. The fix sets it.",
    why: "A renamed resource, a wrong workspace or a `destroy` deletes the database (and, without a final snapshot, its data) with no second confirmation.",
    example: "resource \"aws_db_instance\" \"main\" {\n  engine         = \"postgres\"\n  instance_class = \"db.t4g.micro\"\n}",
    instead: "resource \"aws_db_instance\" \"main\" {\n  engine         = \"postgres\"\n  instance_class = \"db.t4g.micro\"\n  deletion_protection = true\n}",
    fix_safety: "Unsafe: `terraform destroy` and replacements of the database fail until it is turned off again.",
    refs: "- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
    spans: ["\"aws_db_instance\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_db_instance", "aws_rds_cluster"]) {
        let Some(span) = cx.bool_not(r.body(), "deletion_protection", true, false, r.label_span()) else {
            continue;
        };
        let fix = (!r.body().has_attribute("deletion_protection"))
            .then(|| crate::model::insert_attr(cx.src, r.block, "deletion_protection", "true"))
            .flatten();
        out.push(
            Diagnostic::new(meta(), span, format!("`{}` has no deletion protection", r.address()))
                .help("set `deletion_protection = true`")
                .maybe_fix(fix.map(|e| Fix::unsafe_("protect the database from deletion", vec![e]))),
        );
    }
}
