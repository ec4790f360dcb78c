use crate::{Ctx, declared, rule};
use shipshape_core::{Diagnostic, Severity};

rule! {
    code: "GHA079", name: "action-inputs", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["actionlint:action"], options: [],
    summary: "A step passes an input its action does not declare, or leaves out one it requires",
    what: "Checks each step's `with:` against the inputs of the action it runs: an action of this repository (`uses: ./.github/actions/x`, its `action.yml` read) or a release of a widely used action (a dated table of the inputs and outputs every major version declares, read from its `action.yml` at the release; a commit SHA is looked up among the releases, a branch is not judged). Flags a key the action does not declare (names compared case-insensitively, as GitHub does; `args` and `entrypoint` belong to Docker actions) and an input declared `required: true` without a default that the step does not pass. The outputs read through `steps.<id>.outputs` are checked by GHA074.",
    why: "GitHub passes an undeclared input to nobody: it prints an \"Unexpected input\" warning and the action runs with its default, so a misspelt `fetch_depth: 0` silently checks out one commit. A required input left out makes the action fail when it reads it.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          fetch_depth: 0",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          fetch-depth: 0",
    fix_safety: "No automatic fix: which input was meant is the author's call.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepswith\n- https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#inputs",
    spans: ["fetch_depth"],
}

/// At most this many input names are listed in a help.
const LISTED: usize = 12;

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some(action) = declared::of(cx, step) else { continue };
        let with = step.get("with");
        let given: Vec<(String, shipshape_core::Span)> = with
            .map(|w| w.entries())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, _)| Some((k.as_str()?.to_owned(), k.span())))
            .collect();
        // `with:` written as one expression cannot be read.
        if with.is_some_and(|w| w.as_str().is_some()) {
            continue;
        }
        for (name, span) in &given {
            if action.takes(name) {
                continue;
            }
            let names = || action.inputs.iter().map(|i| i.name.as_str());
            let help = match shipshape_core::suggest::closest(name, names()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if action.inputs.is_empty() => format!("`{}` takes no inputs", action.name),
                None => {
                    let mut listed: Vec<&str> = names().take(LISTED).collect();
                    if action.inputs.len() > LISTED {
                        listed.push("…");
                    }
                    format!("its inputs: {}", listed.join(", "))
                }
            };
            out.push(
                Diagnostic::new(
                    meta(),
                    *span,
                    format!(
                        "`{name}` is not an input of `{}`: GitHub warns \"Unexpected input\" and the action never sees it",
                        action.name
                    ),
                )
                .help(help),
            );
        }
        let Some(uses) = step.get("uses") else { continue };
        for input in &action.inputs {
            let (input, required) = (&input.name, input.required);
            if required && !given.iter().any(|(g, _)| g.eq_ignore_ascii_case(input)) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        uses.span(),
                        format!(
                            "`{}` requires the input `{input}` (no default), which this step does not pass",
                            action.name
                        ),
                    )
                    .severity(Severity::Warning)
                    .help(format!("add `{input}:` under `with:`")),
                );
            }
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
        let r = check(&crate::ActionsChecker::default(), file, &src, &["GHA079"], FixMode::Off);
        r.findings
            .iter()
            .map(|f| format!("{} / {}", f.diagnostic.message, f.diagnostic.help.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn released_actions() {
        // Names compared case-insensitively; a commit of a known release; a branch and an action
        // the table does not hold are not judged.
        for silent in [
            "      - uses: actions/checkout@v4\n        with:\n          Fetch-Depth: 0\n",
            "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n        with:\n          fetch-depth: 0\n",
            "      - uses: actions/checkout@main\n        with:\n          bogus: 1\n",
            "      - uses: someone/unknown@v1\n        with:\n          bogus: 1\n",
            "      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n          key: npm\n",
        ] {
            assert_eq!(messages(silent), Vec::<String>::new(), "{silent}");
        }
        let m = messages("      - uses: actions/checkout@v4\n        with:\n          fetch_depth: 0\n");
        assert_eq!(m.len(), 1);
        assert!(
            m[0].contains("`actions/checkout@v4`") && m[0].contains("did you mean `fetch-depth`?"),
            "{m:?}"
        );
        // A required input left out.
        let m = messages("      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].contains("requires the input `key`"), "{m:?}");
        // A sub-path action of a known release, pinned to the commit of a release.
        assert_eq!(
            messages("      - uses: github/codeql-action/init@v3\n        with:\n          language: go\n").len(),
            1
        );
    }
}
