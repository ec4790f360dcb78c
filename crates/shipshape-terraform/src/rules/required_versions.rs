use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF010", name: "unconstrained-provider", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["tflint:terraform_required_providers", "tflint:terraform_required_version"], options: [],
    summary: "A provider or Terraform itself has no version constraint",
    what: "Flags `required_providers` entries without a `version` constraint (and entries written as a bare source string) that the module's committed `.terraform.lock.hcl` does not pin, and `terraform` blocks that declare providers but no `required_version` where no version file (`.terraform-version`, `.opentofu-version`, `.tool-versions`) in the folder or above it picks the binary, nor a workflow of the repository (setup-terraform's `terraform_version`, a `TERRAFORM_VERSION` or `TF_VERSION` variable set to a version). A module that another module of the repository calls by a local path (`source = \"./modules/x\"`) is left alone: Terraform applies the constraints of every module of a configuration together, and the caller is where to set them. A provider the module never uses (no resource or data source of its type, no module call that could use it) is not reported: no constraint changes what runs.",
    why: "Without constraints, `init` on a new machine installs the newest major version, whose breaking changes turn the next plan into a surprise.",
    example: "terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n  }\n}\n\nresource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}",
    instead: "terraform {\n  required_version = \">= 1.10\"\n\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 6.0\"\n    }\n  }\n}\n\nresource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}",
    fix_safety: "No automatic fix: choose the versions you have tested.",
    refs: "- https://developer.hashicorp.com/terraform/language/providers/requirements#version-constraints",
    spans: ["terraform", "aws"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A module the repository's own modules call by a local path is part of their configuration:
    // Terraform applies every module's constraints together, so the caller's are the ones to set
    // (cloud-foundation-fabric's and CAF's internal modules, 30 judged not worth a finding, the
    // twenty-sixth sample).
    // An override file (`override.tf`, `*_override.tf`) merges into the module's other `terraform`
    // block, where the constraints belong (tflint's `template_override.tf`, judged wrong, the
    // fiftieth sample).
    let name = cx.file.display.rsplit(['/', '\\']).next().unwrap_or_default();
    let override_file =
        name == "override.tf" || name.ends_with("_override.tf") || name == "override.tf.json" || name.ends_with("_override.tf.json");
    if cx.blocks("terraform").is_empty() || cx.called_locally() || override_file {
        return;
    }
    for t in cx.blocks("terraform") {
        let mut has_providers = false;
        for rp in t.body().get_blocks("required_providers") {
            for a in rp.body.attributes() {
                has_providers = true;
                // The older short form `google = ">= 3.88, < 8"` is the version constraint itself
                // (the source defaults to `hashicorp/<name>`).
                let short_form = matches!(&a.value, hcl_edit::expr::Expression::String(v) if v.trim_start().starts_with(['>', '<', '=', '~', '!', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
                let versioned = short_form
                    || matches!(&a.value, hcl_edit::expr::Expression::Object(o) if o.iter().any(|(k, _)| matches!(k, hcl_edit::expr::ObjectKey::Ident(i) if i.as_str() == "version")));
                // A provider the repository's own owner publishes (`kbst/kustomization` in kbst's
                // kubestack: its framework modules carry the constraints, judged not worth it, the
                // thirty-third sample) is the same people's code.
                let own = match &a.value {
                    hcl_edit::expr::Expression::Object(o) => o.iter().any(|(k, v)| {
                        matches!(k, hcl_edit::expr::ObjectKey::Ident(i) if i.as_str() == "source")
                            && matches!(v.expr(), hcl_edit::expr::Expression::String(src) if own_namespace(cx, src))
                    }),
                    _ => false,
                };
                if !versioned && !own && !locked(cx, a.key.as_str()) && used(cx, a.key.as_str()) {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            span_of(&a.key),
                            format!("provider `{}` has no version constraint", a.key.as_str()),
                        )
                        .help("add `version = \"~> <major>.<minor>\"`"),
                    );
                }
            }
        }
        // Another file of the module may set it (lisenet's `version.tf` beside `provider.tf`:
        // judged wrong, the fifty-ninth sample).
        if has_providers && !t.body().has_attribute("required_version") && !cx.scope().required_version && !version_file(cx) {
            out.push(
                Diagnostic::new(meta(), span_of(&t.block.ident), "the `terraform` block has no `required_version`")
                    .help("add `required_version = \">= <tested version>\"`"),
            );
        }
    }
}

/// Whether the module may use provider `name`: a resource or data source of its type, a module
/// call (child modules use the caller's providers without naming them), or files it could not
/// read. A provider declared and never used takes no version from its constraint (ManagedKube's
/// `random` in modules without a `random_*` resource: judged not worth a finding, the
/// fifty-ninth sample).
fn used(cx: &Ctx, name: &str) -> bool {
    let scope = cx.scope();
    let prefix = format!("{name}_");
    scope.open || scope.calls_modules || scope.resource_types.iter().any(|t| t == name || t.starts_with(&prefix))
}

/// Whether a provider source (`kbst/kustomization`, `registry.terraform.io/kbst/kustomization`)
/// is published under the namespace of the repository's own GitHub owner (its `origin`).
fn own_namespace(cx: &Ctx, src: &str) -> bool {
    let parts: Vec<&str> = src.split('/').collect();
    let namespace = match parts.as_slice() {
        [ns, _] | [_, ns, _] => *ns,
        _ => return false,
    };
    !namespace.is_empty()
        && !namespace.eq_ignore_ascii_case("hashicorp")
        && cx
            .core
            .projects
            .origin_of(cx.file.path.as_deref())
            .is_some_and(|o| o.host.contains("github") && o.owner.eq_ignore_ascii_case(namespace))
}

/// Whether the module's committed `.terraform.lock.hcl` pins provider `name`: `init` installs the
/// locked version, and only `init -upgrade` could move it (helm-charts' and simpleinfra's
/// updatecli-bumped providers, judged not worth a finding, the thirty-ninth and forty-first
/// samples).
fn locked(cx: &Ctx, name: &str) -> bool {
    let tree = cx.core.tree();
    let Some(dir) = cx.file.path.as_deref().and_then(|p| p.parent()) else {
        return false;
    };
    tree.read(&dir.join(".terraform.lock.hcl")).is_some_and(|lock| {
        lock.lines().any(|l| {
            l.trim_start()
                .strip_prefix("provider \"")
                .and_then(|rest| rest.split('"').next())
                .is_some_and(|addr| addr.rsplit('/').next() == Some(name))
        })
    })
}

/// Whether a version file next to the module or above it (`.terraform-version` for tfenv,
/// `.opentofu-version`, asdf's `.tool-versions` naming terraform or opentofu) picks the binary:
/// cstar-infrastructure's `.terraform-version`, which its CI reads (judged not worth a finding,
/// precision sample 42).
fn version_file(cx: &Ctx) -> bool {
    let tree = cx.core.tree();
    let Some(abs) = cx.file.path.as_deref().and_then(|p| tree.canonicalize(p)) else {
        return false;
    };
    abs.ancestors().skip(1).take(8).any(|dir| {
        tree.is_file(&dir.join(".terraform-version"))
            || tree.is_file(&dir.join(".opentofu-version"))
            || tree
                .read(&dir.join(".tool-versions"))
                .is_some_and(|t| t.lines().any(|l| l.starts_with("terraform ") || l.starts_with("opentofu ")))
            || (tree.exists(&dir.join(".git")) && repository_pins_terraform(cx, dir))
    })
}

/// [`workflows_pin_terraform`] of the repository at `root`, read once per run when the file is in
/// a project (a repository of many modules asks for every one).
struct PinnedByWorkflows(bool);

fn repository_pins_terraform(cx: &Ctx, root: &std::path::Path) -> bool {
    let tree = cx.core.tree();
    match cx.file.path.as_deref().and_then(|p| cx.core.projects.of(p)) {
        Some(project) if tree.canonicalize(&project.root).as_deref() == Some(root) => {
            project.fact(|p| PinnedByWorkflows(workflows_pin_terraform(p.tree(), &p.root))).0
        }
        _ => workflows_pin_terraform(tree, root),
    }
}

/// Whether a GitHub workflow of the repository at `root` sets the Terraform (or OpenTofu) version
/// its runs use: setup-terraform's `terraform_version: 1.10.5`, a `TERRAFORM_VERSION` or
/// `TF_VERSION` variable (the Canadian Digital Service's modules, whose plan and apply workflows
/// pin 1.10.5: judged not worth a finding, the fifty-sixth sample).
fn workflows_pin_terraform(tree: &dyn shipshape_core::tree::SourceTree, root: &std::path::Path) -> bool {
    const KEYS: [&str; 5] = [
        "terraform_version:",
        "tofu_version:",
        "TERRAFORM_VERSION:",
        "TF_VERSION:",
        "TOFU_VERSION:",
    ];
    tree.list(&root.join(".github/workflows"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .filter_map(|p| tree.read(p))
        .any(|text| {
            text.lines().any(|l| {
                let l = l.trim_start();
                KEYS.iter().any(|k| {
                    l.strip_prefix(k)
                        .is_some_and(|v| v.trim().trim_matches(['"', '\'']).starts_with(|c: char| c.is_ascii_digit()))
                })
            })
        })
}
