//! `shipshape report`: the Markdown in the seeds' layout, the JSON, and the HTML rendered in a real
//! browser (headless Chromium, Debian's `chromium`): the numbers it shows once its script has run
//! are the JSON's, it loads nothing from elsewhere, and it renders to a screenshot.
#![allow(clippy::unwrap_used, clippy::disallowed_methods, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        // DC002 (the obsolete `version:`) has a safe fix; DF007 (`latest`) has none.
        (
            "Dockerfile",
            "FROM python:latest\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
        ),
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n",
        ),
        (
            "compose.yaml",
            "version: \"3.8\"\nservices:\n  web:\n    build: .\n    ports:\n      - \"8000:8000\"\n",
        ),
        ("main.py", "print('hi')\n"),
        ("requirements.txt", "fastapi\nuvicorn\n"),
    ];
    for (p, t) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    }
    dir
}

fn report(dir: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["report", "--format", format])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn markdown_follows_the_seed_layout() {
    let dir = project();
    let md = report(dir.path(), "markdown");
    let mut at = 0;
    for heading in [
        "# DevOps Setup Report: ",
        "## Current State Analysis",
        "## Proposed Solution",
        "## Implementation Plan",
        "## Success Metrics",
        "## Next Steps",
    ] {
        let i = md[at..].find(heading).unwrap_or_else(|| panic!("{heading} after byte {at}: {md}"));
        at += i + heading.len();
    }
    assert!(md.contains("| Containers | ⚠️ |"), "{md}");
    assert!(md.contains("| Kubernetes | ➖ | not used |"), "{md}");
    assert!(md.contains("```diff"), "the safe fixes' diff: {md}");
    // `init` proposes only what the project lacks: it has a Dockerfile, Compose and CI.
    assert!(
        md.contains("k8s/") && !md.contains("would add `Dockerfile`") && !md.contains("`compose.yaml`,"),
        "{md}"
    );
    assert!(md.contains("Week 1: apply the safe fixes"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&report(dir.path(), "json")).unwrap();
    // Measured, not guessed: fewer findings after the safe fixes, and the JSON says how many.
    let total = json["totals"]["findings"].as_u64().unwrap();
    let after = json["after_fixes"].as_u64().unwrap();
    assert!(after < total, "{json}");
    assert!(
        md.contains(&format!("| findings | {total} (")) && md.contains(&format!("{after} after `shipshape check --fix`")),
        "{md}"
    );
}

/// The seeds' Docker Optimization Summary (§2.4): the changes are the fixed findings, the build
/// context is measured with the `.dockerignore` DF075 writes, and nothing is guessed.
#[test]
fn docker_optimization_summary_measures_what_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("Dockerfile"),
        "FROM node:24-slim\nWORKDIR /app\nCOPY package.json package-lock.json /app\nRUN npm ci\nCOPY . /app\nUSER node\nCMD [\"node\", \"server.js\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("package.json"), "{\"name\": \"x\"}\n").unwrap();
    std::fs::write(d.join("package-lock.json"), "{}\n").unwrap();
    std::fs::write(d.join("server.js"), "console.log(1)\n").unwrap();
    std::fs::create_dir_all(d.join("node_modules/left-pad")).unwrap();
    std::fs::write(d.join("node_modules/left-pad/index.js"), vec![b'x'; 200_000]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report(d, "json")).unwrap();
    let docker = &json["docker"];
    assert_eq!(docker["dockerfiles"], serde_json::json!(["Dockerfile"]), "{docker}");
    let changes = docker["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["code"] == "DF020" && c["count"] == 1), "{docker}");
    let (before, after) = (
        docker["findings_before"].as_u64().unwrap(),
        docker["findings_after"].as_u64().unwrap(),
    );
    assert!(after < before, "{docker}");
    let c = &docker["contexts"][0];
    let bytes = c["bytes"].as_u64().unwrap();
    assert!(bytes > 200_000 && c["sent_bytes"] == bytes && c["dockerignore"].is_null(), "{c}");
    assert!(
        bytes - c["proposed_bytes"].as_u64().unwrap() >= 200_000,
        "node_modules kept out: {c}"
    );
    let md = report(d, "markdown");
    let summary = &md[md.find("## Docker Optimization Summary").unwrap_or_else(|| panic!("{md}"))..];
    let summary = &summary[..summary.find("## Implementation Plan").unwrap()];
    for part in ["### Before", "### Changes", "### Results"] {
        assert!(summary.contains(part), "{summary}");
    }
    assert!(summary.contains("copy-multi-source-dest (DF020): 1 finding fixed"), "{summary}");
    assert!(summary.contains("`.dockerignore` added in `.` (DF075"), "{summary}");
    assert!(summary.contains(&format!("Dockerfile findings: {before} → {after}")), "{summary}");
    assert!(summary.contains("not measured here"), "image sizes are not guessed: {summary}");
    // With a `.dockerignore`, what it keeps out is measured and nothing is proposed.
    std::fs::write(d.join(".dockerignore"), "node_modules\n.git\n").unwrap();
    let json: serde_json::Value = serde_json::from_str(&report(d, "json")).unwrap();
    let c = &json["docker"]["contexts"][0];
    assert!(
        c["proposed_bytes"].is_null() && c["bytes"].as_u64().unwrap() - c["sent_bytes"].as_u64().unwrap() == 200_000,
        "{c}"
    );
}

#[test]
fn html_shows_the_json_numbers_in_a_real_browser() {
    let dir = project();
    let json: serde_json::Value = serde_json::from_str(&report(dir.path(), "json")).unwrap();
    let html = report(dir.path(), "html");
    // Self-contained: no script, style, font or image from elsewhere.
    for external in ["<script src", "<link", "@import", "url(", "<img", "<iframe"] {
        assert!(!html.contains(external), "{external}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let url = format!("file://{}", page.display());
    let dom = Command::new(&chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", &url])
        .output();
    let dom = match dom {
        Ok(o) if o.status.success() => String::from_utf8(o.stdout).unwrap(),
        Ok(o) => panic!("{chromium} failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            assert!(std::env::var("CI").is_err(), "cannot run {chromium}: {e}");
            eprintln!("skipped: no {chromium}");
            return;
        }
    };
    let shown = |id: &str| -> String {
        let start = dom.find(&format!("id=\"{id}\">")).unwrap_or_else(|| panic!("#{id}")) + id.len() + 6;
        dom[start..].split('<').next().unwrap().to_owned()
    };
    let t = &json["totals"];
    for (id, value) in [
        ("total", &t["findings"]),
        ("errors", &t["errors"]),
        ("warnings", &t["warnings"]),
        ("infos", &t["infos"]),
        ("fixable", &t["fixable"]),
        ("files", &json["files_checked"]),
    ] {
        assert_eq!(shown(id), value.to_string(), "#{id}");
    }
    let findings = json["findings"].as_array().unwrap().len();
    assert!(findings > 0);
    // The filter script ran: it counts the rows it shows.
    assert_eq!(shown("shown"), format!("{findings} of {findings} shown"));
    assert_eq!(dom.matches("<tr data-severity=").count(), findings);
    // The chart's bars add up to the totals, per domain.
    let by_domain = json["by_domain"].as_object().unwrap();
    let chart = &dom[dom.find("id=\"by-domain\"").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    let sums: Vec<u64> = by_domain
        .values()
        .map(|c| c.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum())
        .collect();
    for s in &sums {
        assert!(chart.contains(&format!("data-total=\"{s}\"")), "{s}: {chart}");
    }
    assert_eq!(sums.iter().sum::<u64>(), t["findings"].as_u64().unwrap());
    // And it renders.
    let png = tmp.path().join("report.png");
    let ok = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1200,1600",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "{} bytes", bytes.len());
}
