use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_core::classify::FileKind;
use shipshape_schema::{Family, Problem, ProblemKind};

rule! {
    code: "GHA073", name: "workflow-schema", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:syntax-check", "check-jsonschema:github-workflows"], options: [],
    summary: "A key or value the workflow, action or Dependabot grammar does not allow",
    what: "Validates workflows, action metadata and `dependabot.yml` against their published JSON Schemas (SchemaStore's, shipped in shipshape) and reports each error at its key or value: an unknown key in the nested sections the schema closes (`environment`, `concurrency`, `defaults.run`, `workflow_call` inputs, event filters…), a missing required key (the `type` of a `workflow_call` input), a value of the wrong kind, a value not among those allowed. The keys of the workflow, jobs and steps themselves are GHA037's, `permissions` GHA048's, Dependabot's update options GHA063's. An error where GitHub certainly refuses the file (a wrong kind, a missing key, a near-miss of a known key or value), else a warning: GitHub adds keys after the shipped schema was taken, and its own schema takes any value below an event but `workflow_call` (so an event's filters get warnings, and an empty `pull_request: []` nothing). An input without `description` is a warning in a published action (the repository's root `action.yml`), info in a local one. An empty string where GitHub needs a value (`uses`, `run`, `runs-on`, an environment's or a concurrency group's name, `container`, `working-directory`) is reported too: an error for `uses`, which GitHub refuses, else a warning.",
    why: "GitHub refuses a workflow that does not match its grammar (`Invalid workflow file`) and runs none of its jobs; Dependabot ignores a whole configuration it cannot read.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment:\n      name: production\n      urls: https://example.com\n    steps:\n      - run: ./deploy.sh",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment:\n      name: production\n      url: https://example.com\n    steps:\n      - run: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax\n- https://json.schemastore.org/github-workflow.json",
    spans: ["urls"],
}

/// Whether another rule already reports this problem: the keys of the workflow, a job or a step
/// (GHA037), `permissions` (GHA048), or an action's top level and steps; Dependabot's update options, ecosystems and
/// intervals (GHA063).
fn reported_elsewhere(kind: FileKind, p: &Problem) -> bool {
    let path: Vec<&str> = p.path.iter().map(String::as_str).collect();
    let unknown = matches!(p.kind, ProblemKind::UnknownKey { .. });
    match kind {
        FileKind::GithubWorkflow => {
            (unknown && matches!(path.as_slice(), [_] | ["jobs", _, _] | ["jobs", _, "steps", _, _]))
                // Scopes and levels of `permissions` are GHA048's.
                || matches!(path.as_slice(), ["permissions", ..] | ["jobs", _, "permissions", ..])
        }
        FileKind::GithubAction => {
            (unknown && matches!(path.as_slice(), [_] | ["runs", "steps", _, _]))
                // A top-level `name` or `description` missing is GHA038's, by where the action is used.
                || (path.is_empty() && matches!(&p.kind, ProblemKind::MissingKey(k) if k == "name" || k == "description"))
                // The runtime is GHA062's, which reads it case-insensitively as the runner does.
                || path == ["runs", "using"]
        }
        FileKind::Dependabot => match path.as_slice() {
            ["version"] | ["updates"] | ["updates", _] => true,
            ["updates", _, key] => unknown || matches!(*key, "package-ecosystem" | "directory" | "directories" | "schedule"),
            ["updates", _, "schedule", "interval"] => true,
            _ => false,
        },
        _ => true,
    }
}

/// What GitHub added after the shipped schema was taken, as actionlint knows it: the
/// `image_version` event and the `snapshot` of a job building a custom runner image.
const NEWER: &[&[&str]] = &[&["on", "image_version"], &["jobs", "*", "snapshot"]];
const NEWER_EVENTS: &[&str] = &["image_version"];

/// Where GitHub accepts more than SchemaStore's schema (each seen in actionlint's valid test
/// workflows or a real repository's).
fn looser(cx: &Ctx, p: &Problem) -> bool {
    let newer = NEWER
        .iter()
        .any(|pat| pat.len() <= p.path.len() && pat.iter().zip(&p.path).all(|(a, b)| *a == "*" || a == b));
    let on = p.path.first().is_some_and(|k| k == "on");
    match &p.kind {
        _ if newer => true,
        // `on: [push, image_version]`
        ProblemKind::Value { .. } if on && NEWER_EVENTS.contains(&p.span.text(cx.src)) => true,
        // `pull_request: []`: GitHub's own (runtime) schema takes any value for an event but
        // `workflow_call`; an empty one sets no filter (LLNL/Umpire, judged wrong as an error,
        // the sixtieth sample).
        ProblemKind::Type { .. } if on && p.path.len() == 2 && empty_event(cx, &p.path[1]) => true,
        // A strategy that only sets `fail-fast` or `max-parallel` (containerd's CodeQL workflow).
        ProblemKind::MissingKey(k) => k == "matrix",
        // `branches: main`: one filter, types, or event; and `workflow_dispatch:` or a secret with
        // nothing to set (`MY_TOKEN:`) is an empty mapping.
        ProblemKind::Type { found: "string", expected } => on && expected.contains(&"sequence"),
        ProblemKind::Type { found: "null", expected } => {
            // `SANITIZERS:` under `env`: GitHub sets the variable to an empty string (PowerDNS's
            // Coverity workflow, judged wrong, the sixty-seventh sample).
            expected.contains(&"mapping") || p.path.len() >= 2 && p.path[p.path.len() - 2] == "env"
        }
        // `default: false` for an action input: the runner reads every scalar as a string.
        ProblemKind::Type {
            found: "boolean" | "number",
            expected,
        } => expected.contains(&"string"),
        _ => false,
    }
}

/// The schema says a step with `working-directory` or `shell` "is missing `run`" (the keys depend on
/// it); on a step that `uses:` an action the key is what is wrong, not a missing `run:` (nym's
/// wallet workflow, judged wrong as worded, the seventieth sample).
fn run_only_key(cx: &Ctx, p: &mut Problem) {
    if !matches!(&p.kind, ProblemKind::MissingKey(k) if k == "run") {
        return;
    }
    let Some(step) = node_at(cx.root, &p.path).filter(|s| s.get("uses").is_some()) else {
        return;
    };
    let Some((key, _)) = ["working-directory", "shell"].iter().find_map(|k| step.get_entry(k)) else {
        return;
    };
    let name = key.as_str().unwrap_or_default();
    p.message = format!("`{name}` is for `run:` steps: this step runs an action (`uses:`), and GitHub refuses the key here");
    p.span = key.span();
    p.help = Some(format!("remove `{name}`, or pass the value through the action's own input"));
}

/// The node at a schema problem's path (keys, and `[i]` or `i` for list items).
fn node_at<'a>(root: shipshape_yaml::NodeRef<'a>, path: &[String]) -> Option<shipshape_yaml::NodeRef<'a>> {
    path.iter().try_fold(root, |node, key| {
        let index = key.trim_start_matches('[').trim_end_matches(']');
        match index.parse::<usize>() {
            Ok(i) if node.is_seq() => node.items().get(i).copied(),
            _ => node.get(key),
        }
    })
}

fn empty_event(cx: &Ctx, event: &str) -> bool {
    cx.root
        .get("on")
        .and_then(|on| on.get(event))
        .is_some_and(|v| (v.is_seq() && v.items().is_empty()) || (v.is_map() && v.entries().is_empty()))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let family = match cx.kind {
        FileKind::GithubWorkflow => Family::GithubWorkflow,
        FileKind::GithubAction => Family::GithubAction,
        FileKind::Dependabot => Family::Dependabot,
        _ => return,
    };
    for mut p in shipshape_schema::validate(family, cx.root) {
        if reported_elsewhere(cx.kind, &p) || looser(cx, &p) {
            continue;
        }
        run_only_key(cx, &mut p);
        // GitHub's metadata syntax requires an input's `description`; the runner does not.
        let documentation = cx.kind == FileKind::GithubAction && p.kind == ProblemKind::MissingKey("description".to_owned());
        // Below an event but `workflow_call`, GitHub's runtime schema is looser than SchemaStore's:
        // a filter of the wrong kind is not certain to fail the file.
        let event_filter =
            cx.kind == FileKind::GithubWorkflow && matches!(p.path.as_slice(), [on, event, ..] if on == "on" && event != "workflow_call");
        let certain = p.certain() && !documentation && !event_filter;
        // A key of an action's input the runner ignores (`type: string`, `example:`, written as a
        // reusable workflow's inputs are): documentation that does nothing, hygiene (pytorch's and
        // esphome's actions, judged not worth a warning four times, the sixty-fourth sample).
        let ignored_input_key = cx.kind == FileKind::GithubAction
            && matches!(p.kind, ProblemKind::UnknownKey { .. })
            && matches!(p.path.as_slice(), [inputs, _, _] if inputs == "inputs");
        let d = p.into_diagnostic(meta(), certain);
        // An undocumented input of a local action only the repository's workflows use: hygiene
        // (mfem's sanitizer action, judged not worth a warning four times, the sixty-third sample).
        out.push(if (documentation && cx.is_local_action()) || ignored_input_key {
            d.severity(shipshape_core::Severity::Info)
        } else {
            d
        });
    }
    if family != Family::Dependabot {
        empty_values(cx, out);
    }
}

/// Values the schema lets be `""` and GitHub cannot use empty (actionlint's "string should not be
/// empty"): what a step runs, where a job runs, the names of an environment and a concurrency
/// group, a working directory. An empty `uses:` is refused with the file (an error); the rest
/// leave a job with no runner, a step that does nothing or a setting that means nothing (warnings).
fn empty_values(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (node, path) in value_places(cx) {
        if node.as_str() != Some("") {
            continue;
        }
        let severity = if path.ends_with(".uses") {
            shipshape_core::Severity::Error
        } else {
            shipshape_core::Severity::Warning
        };
        out.push(
            Diagnostic::new(meta(), node.span(), format!("`{path}` is an empty string"))
                .help("give it a value, or remove the key")
                .severity(severity),
        );
    }
}

/// The values [`empty_values`] looks at, with their paths.
fn value_places<'a>(cx: &Ctx<'a>) -> Vec<(shipshape_yaml::NodeRef<'a>, String)> {
    use shipshape_yaml::NodeRef;
    let mut places: Vec<(NodeRef<'a>, String)> = Vec::new();
    // `environment: x` or `environment: {name: x}` (and `concurrency`/`group`, `container`/`image`).
    fn named<'a>(places: &mut Vec<(NodeRef<'a>, String)>, node: Option<NodeRef<'a>>, key: &str, path: String) {
        match node {
            Some(n) if n.is_map() => places.extend(n.get(key).map(|v| (v, format!("{path}.{key}")))),
            Some(n) => places.push((n, path)),
            None => {}
        }
    }
    fn steps<'a>(places: &mut Vec<(NodeRef<'a>, String)>, parent: NodeRef<'a>, at: &str) {
        for (i, step) in crate::model::steps(parent).into_iter().enumerate() {
            for key in ["uses", "run", "working-directory"] {
                places.extend(step.get(key).map(|v| (v, format!("{at}.steps[{i}].{key}"))));
            }
        }
    }
    let working_dir = |n: NodeRef<'a>| n.get("defaults")?.get("run")?.get("working-directory");
    if cx.kind == FileKind::GithubAction {
        if let Some(runs) = cx.root.get("runs") {
            steps(&mut places, runs, "runs");
        }
        return places;
    }
    named(&mut places, cx.root.get("concurrency"), "group", "concurrency".to_owned());
    places.extend(working_dir(cx.root).map(|v| (v, "defaults.run.working-directory".to_owned())));
    for (key, job) in crate::model::jobs(cx.root) {
        let at = format!("jobs.{}", key.as_str().unwrap_or(""));
        match job.get("runs-on") {
            Some(r) if r.is_seq() => {
                for (i, label) in r.items().into_iter().enumerate() {
                    places.push((label, format!("{at}.runs-on[{i}]")));
                }
            }
            other => named(&mut places, other, "group", format!("{at}.runs-on")),
        }
        named(&mut places, job.get("environment"), "name", format!("{at}.environment"));
        named(&mut places, job.get("concurrency"), "group", format!("{at}.concurrency"));
        named(&mut places, job.get("container"), "image", format!("{at}.container"));
        places.extend(job.get("uses").map(|v| (v, format!("{at}.uses"))));
        places.extend(working_dir(job).map(|v| (v, format!("{at}.defaults.run.working-directory"))));
        steps(&mut places, job, &at);
    }
    places
}
