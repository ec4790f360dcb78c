use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic, Severity, suggest};

rule! {
    code: "GHA046", name: "runner-label", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["actionlint:runner-label"], options: [("labels", StringList, "[]", "Runner labels of your own that look like a hosted label (`ubuntu-gpu`): never reported as typos.")],
    summary: "`runs-on:` names a retired or unknown runner image",
    what: "Checks `runs-on:` labels against GitHub-hosted images (a dated table, 2026-11): retired images (`ubuntu-20.04`, `windows-2019`, `macos-13`…) are errors; an unknown label at most two keystrokes from a hosted one (`ubuntu-lates`, `windows-2205`) is a warning, a likely typo, unless the job also names `self-hosted` or the label is listed in the `labels` option; other labels, and any naming an architecture (`ubuntu-x64`), are your own runners' (larger runners, scale sets) and are not reported.",
    why: "A job on a retired image or a mistyped label waits for a runner that never comes, then fails after 24 hours.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-20.04\n    steps:\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix: a newer image has newer tools.",
    refs: "- https://docs.github.com/en/actions/using-github-hosted-runners/using-github-hosted-runners/about-github-hosted-runners#standard-github-hosted-runners-for-public-repositories\n- https://github.com/actions/runner-images",
    spans: ["ubuntu-20.04"],
}

/// GitHub-hosted labels available as of 2026-11.
const HOSTED: &[&str] = &[
    "ubuntu-latest",
    "ubuntu-26.04",
    "ubuntu-26.04-arm",
    "ubuntu-24.04",
    "ubuntu-22.04",
    "ubuntu-24.04-arm",
    "ubuntu-22.04-arm",
    "ubuntu-slim",
    "windows-latest",
    "windows-2025",
    "windows-2022",
    "windows-11-arm",
    "windows-2025-vs2026",
    "macos-latest",
    "macos-26",
    "macos-15",
    "macos-14",
    "macos-latest-large",
    "macos-26-large",
    "macos-15-large",
    "macos-14-large",
    "macos-latest-xlarge",
    "macos-26-xlarge",
    "macos-15-xlarge",
    "macos-14-xlarge",
    "macos-15-intel",
    "macos-26-intel",
];

/// Retired GitHub-hosted images and when they went.
const RETIRED: &[(&str, &str)] = &[
    ("ubuntu-16.04", "2021-09"),
    ("ubuntu-18.04", "2023-04"),
    ("ubuntu-20.04", "2025-04"),
    ("windows-2016", "2022-03"),
    ("windows-2019", "2025-06"),
    ("macos-10.15", "2022-12"),
    ("macos-11", "2024-06"),
    ("macos-12", "2024-12"),
    ("macos-13", "2025-12"),
    ("macos-13-large", "2025-12"),
    ("macos-13-xlarge", "2025-12"),
    ("macos-12-large", "2024-12"),
];

/// Architecture names that only an organisation's own runners carry in a label.
const ARCH: &[&str] = &["x64", "x86", "amd64", "arm64", "aarch64", "ppc64le", "s390x", "riscv64", "gpu"];

const SELF_HOSTED: &[&str] = &["self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let extra = cx.list_option(meta(), "labels");
    for (_, job) in model::jobs(cx.root) {
        let Some(runs_on) = job.get("runs-on") else { continue };
        if runs_on.is_map() && runs_on.get("group").is_some() {
            continue;
        }
        let labels = if runs_on.is_map() { runs_on.get("labels") } else { Some(runs_on) };
        let labels: Vec<_> = labels.map(|l| l.scalar_or_items()).unwrap_or_default();
        let self_hosted = labels
            .iter()
            .any(|l| l.as_str().is_some_and(|s| s.eq_ignore_ascii_case("self-hosted")));
        for l in labels {
            let Some(name) = l.as_str() else { continue };
            if name.contains("${{") {
                continue;
            }
            let lower = name.to_ascii_lowercase();
            if let Some((_, when)) = RETIRED.iter().find(|(r, _)| *r == lower) {
                out.push(
                    Diagnostic::new(meta(), l.span(), format!("`{name}` was retired by GitHub in {when}"))
                        .severity(Severity::Error)
                        .help("move to a current image: ubuntu-24.04, windows-2025, macos-15"),
                );
                continue;
            }
            if HOSTED.contains(&lower.as_str())
                || SELF_HOSTED.contains(&lower.as_str())
                || self_hosted
                || extra.iter().any(|e| e.eq_ignore_ascii_case(name))
            {
                continue;
            }
            // A label near a hosted one is a likely typo (the job would wait for a runner forever); any
            // other is an organisation's own runner (larger runners, scale sets: `ubuntu-x64`,
            // `ubuntu-24.04-ppc64le`), named on purpose: 16 of 16 such findings were judged not worth it.
            // An architecture in the name (`ubuntu-x64`, `ubuntu-24.04-ppc64le`) marks a runner built on
            // purpose, and a typo is at most two keystrokes away.
            if lower.split(['-', '_', '.']).any(|t| ARCH.contains(&t)) {
                continue;
            }
            let Some((_, s)) = HOSTED
                .iter()
                .map(|h| (suggest::distance(&lower, h, 2), *h))
                .filter(|(d, _)| *d <= 2)
                .min_by_key(|(d, _)| *d)
            else {
                continue;
            };
            out.push(
                Diagnostic::new(meta(), l.span(), format!("`{name}` is not a GitHub-hosted runner label"))
                    .confidence(Confidence::Medium)
                    .help(format!(
                        "did you mean `{s}`? (list your own runners' labels in the `labels` option)"
                    )),
            );
        }
    }
}
