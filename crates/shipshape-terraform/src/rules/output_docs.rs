use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF051", name: "undocumented-output", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["tflint:terraform_documented_outputs"], options: [],
    summary: "An output has no description",
    what: "Flags `output` blocks without `description`.",
    why: "Outputs are a module's interface: callers and `terraform output` readers should not have to read the code to know what a value is and whether it is stable.",
    example: "output \"endpoint\" {\n  value = aws_db_instance.main.address\n}",
    instead: "output \"endpoint\" {\n  description = \"Hostname of the primary database, for the application's DATABASE_HOST.\"\n  value       = aws_db_instance.main.address\n}",
    fix_safety: "No automatic fix.",
    refs: "- https://developer.hashicorp.com/terraform/language/values/outputs#description",
    spans: ["\"endpoint\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.blocks("output") {
        if !o.body().has_attribute("description") {
            out.push(
                Diagnostic::new(meta(), o.label_span(), format!("output `{}` has no description", o.labels[0]))
                    .help("add a one-line `description`"),
            );
        }
    }
}
