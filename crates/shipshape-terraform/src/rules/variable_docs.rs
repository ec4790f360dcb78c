use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF008", name: "undocumented-variable", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["tflint:terraform_typed_variables", "tflint:terraform_documented_variables"], options: [],
    summary: "A variable has no type or no description",
    what: "Flags `variable` blocks without `type` or without `description`.",
    why: "Without a type any value is accepted and errors surface deep in a plan; without a description callers of the module must read its code to know what to pass.",
    example: "variable \"instance_count\" {\n  default = 2\n}",
    instead: "variable \"instance_count\" {\n  type        = number\n  description = \"How many web instances to run.\"\n  default     = 2\n}",
    fix_safety: "No automatic fix.",
    refs: "- https://developer.hashicorp.com/terraform/language/values/variables#arguments",
    spans: ["\"instance_count\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for v in cx.blocks("variable") {
        let missing: Vec<&str> = ["type", "description"].into_iter().filter(|k| !v.body().has_attribute(k)).collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    v.label_span(),
                    format!("variable `{}` has no {}", v.labels[0], missing.join(" and ")),
                )
                .help("declare its `type` and a one-line `description`"),
            );
        }
    }
}
