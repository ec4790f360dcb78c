use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Severity, suggest};
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA075", name: "matrix-exclude", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:matrix"], options: [],
    summary: "A matrix `exclude:` entry names a key the matrix lacks, or a value it never takes",
    what: "Checks each `strategy.matrix.exclude` entry against the matrix written in the file: a key that neither the matrix nor its `include:` entries define (an error: GitHub fails the run), and a value no combination has (a warning: the entry excludes nothing). Values compare as GitHub compares them: scalars by value, mappings by the keys the entry names, sequences element by element. Matrices or values built with `${{ }}` are not judged.",
    why: "An exclusion that matches nothing runs the combination it was written to skip: the unsupported platform still builds and fails, or costs runner minutes.",
    example: "on: push\njobs:\n  test:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n        node: [20, 22]\n        exclude:\n          - os: windows\n            node: 20\n    steps:\n      - run: npm test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n        node: [20, 22]\n        exclude:\n          - os: windows-latest\n            node: 20\n    steps:\n      - run: npm test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations#excluding-matrix-configurations",
    spans: ["windows"],
}

fn computed(n: NodeRef<'_>) -> bool {
    let mut found = false;
    n.walk(&mut |x| found |= x.as_str().is_some_and(|t| t.contains("${{")));
    found
}

/// Whether the exclusion's value `want` matches the matrix value `have`.
fn matches(want: NodeRef<'_>, have: NodeRef<'_>, depth: usize) -> bool {
    if depth > 16 {
        return true;
    }
    if want.is_map() {
        return have.is_map()
            && want
                .entries()
                .into_iter()
                .all(|(k, w)| k.as_str().and_then(|k| have.get(k)).is_some_and(|h| matches(w, h, depth + 1)));
    }
    if want.is_seq() {
        let (w, h) = (want.items(), have.items());
        return have.is_seq() && w.len() == h.len() && w.iter().zip(&h).all(|(a, b)| matches(*a, *b, depth + 1));
    }
    if have.is_map() || have.is_seq() {
        return false;
    }
    match (want.as_f64(), have.as_f64()) {
        (Some(a), Some(b)) => a == b,
        _ => want.as_text() == have.as_text(),
    }
}

fn shown(n: NodeRef<'_>, src: &str) -> String {
    let t = n.span().text(src).trim();
    if t.chars().count() > 40 {
        format!("{}…", t.chars().take(40).collect::<String>())
    } else {
        t.to_owned()
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        let Some(matrix) = job.get("strategy").and_then(|s| s.get("matrix")).filter(|m| m.is_map()) else {
            continue;
        };
        let Some(exclude) = matrix.get("exclude").filter(|e| e.is_seq()) else {
            continue;
        };
        let includes: Vec<NodeRef> = matrix.get("include").map(|i| i.items()).unwrap_or_default();
        if includes.iter().any(|i| !i.is_map()) {
            continue;
        }
        let mut keys: Vec<&str> = matrix
            .entries()
            .into_iter()
            .filter_map(|(k, _)| k.as_str())
            .filter(|k| !matches!(*k, "include" | "exclude"))
            .collect();
        if keys.iter().any(|k| k.contains("${{")) {
            continue;
        }
        for row in &includes {
            keys.extend(row.entries().into_iter().filter_map(|(k, _)| k.as_str()));
        }
        for row in exclude.items() {
            if !row.is_map() || computed(row) {
                continue;
            }
            for (k, want) in row.entries() {
                let Some(key) = k.as_str() else { continue };
                // Matrix keys are case-insensitive, as contexts are (withastro/astro's `OS:` with
                // `exclude: - os:`).
                let Some(key) = keys.iter().copied().find(|k| k.eq_ignore_ascii_case(key)) else {
                    let mut d = Diagnostic::new(
                        meta(),
                        k.span(),
                        format!("`exclude` names `{key}`, which is not a key of the matrix"),
                    )
                    .help(format!("keys: {}", keys.join(", ")));
                    if let Some(s) = suggest::closest(key, keys.iter().copied()) {
                        d = d.help(format!("did you mean `{s}`?"));
                    }
                    out.push(d);
                    continue;
                };
                let base = matrix.get(key);
                if base.is_some_and(|b| !b.is_seq() || computed(b)) {
                    continue;
                }
                let mut values: Vec<NodeRef> = base.map(|b| b.items()).unwrap_or_default();
                values.extend(includes.iter().filter_map(|r| r.get(key)));
                if values.iter().any(|v| computed(*v)) || values.iter().any(|v| matches(want, *v, 0)) {
                    continue;
                }
                let mut listed: Vec<String> = values.iter().take(5).map(|v| format!("`{}`", shown(*v, cx.src))).collect();
                if values.len() > 5 {
                    listed.push("…".into());
                }
                out.push(
                    Diagnostic::new(
                        meta(),
                        want.span(),
                        format!("no combination has `{key}: {}`: this entry excludes nothing", shown(want, cx.src)),
                    )
                    .help(format!("`{key}` takes {}", listed.join(", ")))
                    .severity(Severity::Warning),
                );
            }
        }
    }
}
