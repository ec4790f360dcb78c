use crate::{Ctx, declared, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA081", name: "deprecated-action-input", severity: Warning, category: Maintainability, default: true, fix: None,
    peers: ["actionlint:action"], options: [],
    summary: "A step passes an input its action has deprecated",
    what: "Checks each step's `with:` keys against the inputs the action marks with a `deprecationMessage`: an action of this repository (its `action.yml` read) or a release of a widely used action (the dated table of each major version's `action.yml`, as GHA079 uses; a branch is not judged). The finding quotes the action's own message, which usually names the input to use instead.",
    why: "The runner prints the deprecation as a warning on every run, and the action is free to drop the input in its next release: `actions/cache`'s `save-always` never worked as intended, `codeql-action/analyze`'s `add-snippets` and `google-github-actions/auth`'s `retries` are ignored already, so the step no longer does what it says.",
    example: "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/create-github-app-token@v3\n        with:\n          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_KEY }}",
    instead: "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/create-github-app-token@v3\n        with:\n          client-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_KEY }}",
    fix_safety: "No automatic fix: a replacement input may take its value in another form, and some deprecated inputs have none.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#inputsinput_iddeprecationmessage",
    spans: ["app-id"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some(with) = step.get("with") else { continue };
        let Some(action) = declared::of(cx, step) else { continue };
        for (key, _) in with.entries() {
            let Some(name) = key.as_str() else { continue };
            let Some(message) = action
                .inputs
                .iter()
                .find(|i| i.name.eq_ignore_ascii_case(name))
                // A required input the action calls deprecated is a notice about its next major
                // (`docker/build-push-action@v1`'s `repository`), not about the input.
                .filter(|i| !i.required)
                .and_then(|i| i.deprecation.as_deref())
            else {
                continue;
            };
            out.push(
                Diagnostic::new(meta(), key.span(), format!("`{name}` is deprecated by `{}`", action.name))
                    .help(format!("the action says: {message}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use shipshape_core::classify::FileKind;
    use shipshape_core::engine::FixMode;
    use shipshape_core::testkit::{File, check};

    fn messages(steps: &str) -> Vec<String> {
        let src = format!("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n{steps}");
        let file = File::new(FileKind::GithubWorkflow, ".github/workflows/ci.yml");
        let r = check(&crate::ActionsChecker::default(), file, &src, &["GHA081"], FixMode::Off);
        r.findings
            .iter()
            .map(|f| format!("{} / {}", f.diagnostic.message, f.diagnostic.help.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn deprecated_inputs_of_released_actions() {
        let m = messages(
            "      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n          key: npm\n          save-always: true\n",
        );
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("`save-always` is deprecated by `actions/cache@v4`"), "{m:?}");
        assert!(m[0].contains("actions/cache/restore"), "{m:?}");
        // Matched case-insensitively, as GitHub matches inputs.
        assert_eq!(
            messages("      - uses: docker/setup-buildx-action@v3\n        with:\n          Install: true\n").len(),
            1
        );
        for silent in [
            // The same input where it is not deprecated, or an action version that has it no more.
            "      - uses: actions/cache@v3\n        with:\n          path: ~/.npm\n          key: npm\n",
            "      - uses: actions/create-github-app-token@v1\n        with:\n          app-id: 1\n          private-key: k\n",
            "      - uses: docker/setup-buildx-action@v3\n        with:\n          buildkitd-config: b.toml\n",
            // A required input with a deprecation message: the message is about the next major.
            "      - uses: docker/build-push-action@v1\n        with:\n          repository: a/b\n          username: u\n          password: p\n",
            // A branch is not judged.
            "      - uses: actions/cache@main\n        with:\n          save-always: true\n",
        ] {
            assert_eq!(messages(silent), Vec::<String>::new(), "{silent}");
        }
    }
}
