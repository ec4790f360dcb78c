use crate::{Ctx, rule};
use shipshape_core::classify::FileKind;
use shipshape_core::{Diagnostic, Severity};

rule! {
    code: "GHA062", name: "action-metadata", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "An action's `runs:` names a retired or unknown runtime or lacks its entry point",
    what: "Checks `action.yml`: `runs.using` must be `node24`, `node20`, `composite` or `docker` (`node12` and `node16` are retired and run on a newer Node instead, `node20` is being retired: warnings); JavaScript actions need `runs.main`, Docker actions `runs.image`. (An input both `required: true` and with a `default` is not reported: GitHub does not enforce `required`, and 3 of 3 such findings on real repositories were judged not worth a finding.)",
    why: "GitHub refuses or force-migrates actions on retired runtimes; a missing entry point fails every workflow that uses the action. actionlint does not audit action metadata on its own.",
    example: "name: hello\ndescription: Says hello\nruns:\n  using: node16\n  main: dist/index.js",
    instead: "name: hello\ndescription: Says hello\nruns:\n  using: node24\n  main: dist/index.js",
    fix_safety: "No automatic fix: test the action on the new runtime.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#runs\n- https://github.blog/changelog/2025-09-19-deprecation-of-node-20-on-github-actions-runners/",
    spans: ["node16"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.kind != FileKind::GithubAction {
        return;
    }
    if let Some(runs) = cx.root.get("runs")
        && let Some(using) = runs.get("using")
        && let Some(written) = using.as_str()
    {
        // The runner compares `using` case-insensitively (`Composite` runs; EC-CUBE's composer
        // action, judged wrong as an error, the seventieth sample).
        let u = written.to_ascii_lowercase();
        let u = u.as_str();
        match u {
            // GitHub runs a retired runtime's action on a newer Node instead (warning it does so):
            // the action may break, but it is not refused (the error audit, 2026-12-05).
            "node12" | "node16" => out.push(
                Diagnostic::new(
                    meta(),
                    using.span(),
                    format!("`{u}` is retired: GitHub runs the action on a newer Node, which it was not written for"),
                )
                .severity(Severity::Warning)
                .help("move to `using: node24`"),
            ),
            "node20" => out.push(
                Diagnostic::new(meta(), using.span(), "`node20` is being retired by GitHub")
                    .severity(Severity::Warning)
                    .help("move to `using: node24`"),
            ),
            "node24" | "composite" | "docker" => {}
            _ => out.push(
                Diagnostic::new(meta(), using.span(), format!("`{written}` is not an action runtime"))
                    .help("use node24, composite or docker"),
            ),
        }
        // An unknown runtime has no known entry point: one finding is enough.
        let entry = match u {
            "docker" => Some("image"),
            _ if u.starts_with("node") => Some("main"),
            _ => None,
        };
        if let Some(e) = entry
            && runs.get(e).is_none()
        {
            out.push(Diagnostic::new(meta(), using.span(), format!("a `{u}` action needs `runs.{e}`")));
        }
    }
}
