use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA031", name: "superfluous-actions", severity: Info, category: Security, default: false, fix: None,
    peers: ["zizmor:superfluous-actions"], options: [],
    summary: "A third-party action does what a preinstalled tool does",
    what: "Flags actions whose job the runner's own tools (`gh`, `git`, `jq`, `rustup`) already do, from a table: release and label actions, archived `actions/create-release`, `actions-rs/*`, auto-commit actions.",
    why: "Every third-party action is code from someone else running with your token; one `gh` command removes that dependency and its update churn.",
    example: "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: softprops/action-gh-release@v2",
    instead: "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create \"$GITHUB_REF_NAME\" --generate-notes\n        env:\n          GH_TOKEN: ${{ github.token }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#superfluous-actions",
    spans: ["softprops/action-gh-release@v2"],
}

const TABLE: &[(&str, &str)] = &[
    ("softprops/action-gh-release", "`gh release create`"),
    ("ncipollo/release-action", "`gh release create`"),
    ("actions/create-release", "`gh release create` (this action is archived)"),
    ("actions/upload-release-asset", "`gh release upload` (this action is archived)"),
    ("svenstaro/upload-release-action", "`gh release upload`"),
    (
        "actions-ecosystem/action-add-labels",
        "`gh issue edit --add-label` / `gh pr edit --add-label`",
    ),
    (
        "actions-ecosystem/action-remove-labels",
        "`gh issue edit --remove-label` / `gh pr edit --remove-label`",
    ),
    ("sergeysova/jq-action", "`jq`, preinstalled on GitHub runners"),
    ("stefanzweifel/git-auto-commit-action", "`git add`, `git commit` and `git push`"),
    ("endbug/add-and-commit", "`git add`, `git commit` and `git push`"),
    ("actions-rs/toolchain", "`rustup`, preinstalled (this action is archived)"),
    ("actions-rs/cargo", "`cargo` in a `run:` step (this action is archived)"),
    ("juliangruber/read-file-action", "`cat` in a `run:` step"),
    ("elgohr/github-release-action", "`gh release create`"),
    ("dacbd/create-issue-action", "`gh issue create`"),
    ("addnab/docker-run-action", "`docker run` in a `run:` step, or a container step"),
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some((uses, node)) = model::uses_of(step) else { continue };
        let Some(key) = uses.repo_key() else { continue };
        if let Some((_, instead)) = TABLE.iter().find(|(k, _)| *k == key) {
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{}` can be replaced by {instead}", uses.name()))
                    .help("a `run:` step with a tool the runner already has drops a third-party dependency"),
            );
        }
    }
}
