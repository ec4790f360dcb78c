use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF053", name: "repeated-object-key", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A key is written twice in one object",
    what: "Flags a key written again in the same object constructor (`tags = { team = \"a\", team = \"b\" }`). Terraform accepts it and keeps the last value; the other rules see the object as Terraform does.",
    why: "The earlier value is silently ignored: whoever reads the file, or edits the first one, is misled about what is applied.",
    example: "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n  tags = {\n    team = \"platform\"\n    env  = \"prod\"\n    team = \"data\"\n  }\n}",
    instead: "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n  tags = {\n    env  = \"prod\"\n    team = \"data\"\n  }\n}",
    fix_safety: "No automatic fix: which of the two values was meant is for a person to say.",
    refs: "- https://developer.hashicorp.com/terraform/language/expressions/types#maps-objects",
    spans: ["team"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.repeated {
        out.push(
            Diagnostic::new(
                meta(),
                r.second,
                format!("`{}` is already set in this object: this value replaces that one", r.key),
            )
            .label(r.first, "ignored: set again below")
            .help("remove the value that is not meant"),
        );
    }
}
