//! Every rule's documented example must fire it and its "use instead" must not; spans are exact;
//! every fix leaves a file that re-checks clean for that rule, and fixing is idempotent.
#![allow(clippy::unwrap_used)]

mod common;

use common::{findings, run_with, settings};
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::doc_block as block;
use shipshape_dockerfile::rules::ALL;

fn with_from(src: &str) -> String {
    if src.lines().any(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM ")) {
        format!("{src}\n")
    } else {
        format!("FROM debian:bookworm-slim\n{src}\n")
    }
}

/// Options some rules need to do anything.
fn config_for(code: &str) -> &'static str {
    match code {
        "DF025" => "[rules.DF025]\ntrusted-registries = [\"docker.io\"]\n",
        "DF044" => "[rules.DF044]\nschema = { \"org.opencontainers.image.source\" = \"url\" }\n",
        _ => "",
    }
}

/// Rules whose example needs a file system around it: tested in `context.rs`.
const CONTEXT_RULES: &[&str] = &["DF075"];

#[test]
fn documented_examples_fire_and_alternatives_do_not() {
    let mut failures = Vec::new();
    for rule in ALL {
        let code = rule.meta.code;
        if CONTEXT_RULES.contains(&code) {
            continue;
        }
        let s = settings(&[code], config_for(code));
        let bad = with_from(block(rule.meta.docs, "Example"));
        let good = with_from(block(rule.meta.docs, "Use instead"));
        let fired = run_with(&bad, &s, FixMode::Off, None);
        if !fired.findings.iter().any(|f| f.diagnostic.rule.code == code) {
            failures.push(format!("{code}: example does not fire:\n{bad}"));
        }
        let quiet = run_with(&good, &s, FixMode::Off, None);
        let hits: Vec<_> = quiet
            .findings
            .iter()
            .filter(|f| f.diagnostic.rule.code == code)
            .map(|f| f.diagnostic.message.clone())
            .collect();
        if !hits.is_empty() {
            failures.push(format!("{code}: 'use instead' fires: {hits:?}\n{good}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixable_rule_fixes_its_example_cleanly_and_idempotently() {
    for rule in ALL.iter().filter(|r| r.meta.fixable() && !CONTEXT_RULES.contains(&r.meta.code)) {
        let code = rule.meta.code;
        let s = settings(&[code], config_for(code));
        let bad = with_from(block(rule.meta.docs, "Example"));
        let fixed = run_with(&bad, &s, FixMode::Unsafe, None);
        let Some(text) = fixed.fixed.clone() else {
            panic!("{code}: no fix applied to\n{bad}")
        };
        assert!(
            fixed.findings.iter().all(|f| f.diagnostic.rule.code != code),
            "{code}: still fires after fixing:\n{text}"
        );
        assert!(
            fixed
                .findings
                .iter()
                .all(|f| f.diagnostic.rule.code != "DF000" && f.diagnostic.rule.code != "SS003"),
            "{code}: fix broke parsing:\n{text}"
        );
        let again = run_with(&text, &s, FixMode::Unsafe, None);
        assert!(again.fixed.is_none(), "{code}: fixing twice changed the file again");
    }
}

#[test]
fn docs_have_every_section() {
    for rule in ALL {
        for section in [
            "## What it does",
            "## Why",
            "## Example",
            "## Use instead",
            "## Fix safety",
            "## References",
        ] {
            assert!(rule.meta.docs.contains(section), "{} lacks {section}", rule.meta.code);
        }
        assert!(!rule.meta.summary.is_empty());
    }
}

/// Exact primary spans for representative findings.
#[test]
fn exact_spans() {
    let cases: &[(&str, &str, &str)] = &[
        ("DF001", "FROM alpine:3.20\nWORKDIR app\n", "app"),
        ("DF004", "FROM alpine:3.20\nRUN cd /src && make\n", "cd /src"),
        ("DF006", "FROM debian\n", "debian"),
        (
            "DF007",
            "FROM alpine:3.20\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/\n",
            "ghcr.io/astral-sh/uv:latest",
        ),
        (
            "DF014",
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install curl && rm -rf /var/lib/apt/lists/*\n",
            "apt-get install curl",
        ),
        (
            "DF015",
            "FROM debian:12\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
            "apt-get install -y curl",
        ),
        ("DF019", "FROM alpine:3.20\nADD app.py /app/\n", "ADD"),
        ("DF020", "FROM alpine:3.20\nCOPY a b /x\n", "/x"),
        ("DF024", "FROM alpine:3.20\nCMD echo hi\n", "CMD echo hi"),
        ("DF038", "FROM python:3.13-slim\nRUN pip install flask\n", "pip install flask"),
        (
            "DF054",
            "FROM debian:12\nRUN curl -fsSL https://x | tar -x\n",
            "curl -fsSL https://x | tar -x",
        ),
        ("DF057", "FROM debian:12\nRUN curl -k https://x -o y\n", "-k"),
        ("DF065", "FROM alpine:3.20\nENV API_TOKEN=q7Rv2Lm9Xp4T\n", "q7Rv2Lm9Xp4T"),
        ("DF066", "FROM alpine:3.20\nCOPY .env /app/\n", ".env"),
        ("DF080", "FROM alpine:3.20 as build\nFROM build\n", "as"),
        ("DF078", "FROM node:22-slim\nRUN npm ci --only=production\n", "--only=production"),
    ];
    for (code, src, span) in cases {
        let f = findings(src, &[code]);
        assert!(
            f.iter().any(|(c, t)| c == code && t == span),
            "{code}: expected span `{span}`, got {f:?}"
        );
    }
}

#[test]
fn heredoc_scripts_are_checked() {
    let src = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install curl\nEOF\n";
    let f = findings(src, &["DF014"]);
    assert_eq!(f, vec![("DF014".to_owned(), "apt-get install curl".to_owned())]);
}

#[test]
fn powershell_does_not_trigger_shell_rules() {
    let src = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Invoke-WebRequest https://x -OutFile y; cd C:\\ ; curl -k https://x | Out-Null\nWORKDIR C:\\\\app\n";
    let f = findings(src, &["ALL"]);
    let shell_rules: Vec<_> = f
        .iter()
        .filter(|(c, _)| matches!(c.as_str(), "DF004" | "DF054" | "DF057" | "DF001" | "DF000"))
        .collect();
    assert!(shell_rules.is_empty(), "{shell_rules:?}");
}

#[test]
fn cache_mounts_silence_cache_rules() {
    let src = "FROM python:3.13-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n";
    assert!(findings(src, &["DF038", "DF018"]).is_empty());
}

#[test]
fn builder_stages_are_not_held_to_final_image_cache_rules() {
    let src = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out /app\n";
    assert!(findings(src, &["DF009"]).is_empty());
    let single = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n";
    assert_eq!(findings(single, &["DF009"]).len(), 1);
}

#[test]
fn inline_and_hadolint_suppressions() {
    let src = "FROM debian:12\n# shipshape: ignore[DF015] we want recommends\nRUN apt-get install -y \\\n    curl && rm -rf /var/lib/apt/lists/*\n# hadolint ignore=DL3014\nRUN apt-get install curl --no-install-recommends && rm -rf /var/lib/apt/lists/*\n";
    let c = common::codes(src, &["DF014", "DF015", "SS", "SS001"]);
    assert_eq!(c, Vec::<String>::new(), "{c:?}");
    let unused = "FROM debian:12\n# shipshape: ignore[DF015]\nRUN echo hi\n# shipshape: ignore[DF9999]\nRUN echo there\n";
    let c = common::codes(unused, &["DF015", "SS", "SS001"]);
    assert_eq!(c, vec!["SS001".to_owned(), "SS002".to_owned()]);
    let file_wide = "# shipshape: ignore-file[DF0]\nFROM debian\n";
    assert!(common::codes(file_wide, &["DF006"]).is_empty());
    let global = "# hadolint global ignore=DL3006\nFROM debian\n";
    assert!(common::codes(global, &["DF006"]).is_empty());
    // `stage ignore` lasts to the next FROM.
    let stage = "FROM debian:12 AS a\n# hadolint stage ignore=DL3015\nRUN apt-get install -y curl\nRUN apt-get install -y wget\nFROM a\nRUN apt-get install -y git\n";
    assert_eq!(
        findings(stage, &["DF015"]),
        [("DF015".to_owned(), "apt-get install -y git".to_owned())]
    );
}

#[test]
fn every_rule_reports_its_example_with_the_exact_span() {
    let mut failures = Vec::new();
    for rule in ALL {
        let code = rule.meta.code;
        if CONTEXT_RULES.contains(&code) {
            continue;
        }
        let expected = rule.meta.example_spans;
        if expected.is_empty() {
            failures.push(format!("{code}: the rule declares no `spans:` for its example"));
            continue;
        }
        let s = settings(&[code], config_for(code));
        let bad = with_from(block(rule.meta.docs, "Example"));
        let r = run_with(&bad, &s, FixMode::Off, None);
        let got: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.diagnostic.rule.code == code)
            .map(|f| f.diagnostic.span.text(&bad))
            .collect();
        if got != expected {
            failures.push(format!("{code}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
/// Every fixable rule's documented example after `--fix --unsafe-fixes` of that rule alone.
const FIXED_EXAMPLES: &[(&str, &str)] = &[
    ("DF004", "FROM debian:bookworm-slim\nWORKDIR /app\nRUN make\n"),
    (
        "DF009",
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n",
    ),
    (
        "DF014",
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n",
    ),
    (
        "DF015",
        "FROM debian:bookworm-slim\nRUN apt-get install --no-install-recommends -y curl\n",
    ),
    ("DF018", "FROM debian:bookworm-slim\nRUN apk add --no-cache curl\n"),
    ("DF019", "FROM debian:bookworm-slim\nCOPY app.py /app/\n"),
    ("DF020", "FROM debian:bookworm-slim\nCOPY package.json package-lock.json /app/\n"),
    (
        "DF024",
        "FROM debian:bookworm-slim\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]\n",
    ),
    (
        "DF026",
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n",
    ),
    ("DF029", "FROM debian:bookworm-slim\nRUN yum install -y httpd\n"),
    ("DF032", "FROM debian:bookworm-slim\nRUN zypper -n install curl\n"),
    ("DF035", "FROM debian:bookworm-slim\nRUN dnf install -y httpd\n"),
    (
        "DF038",
        "FROM debian:bookworm-slim\nRUN pip install --no-cache-dir -r requirements.txt\n",
    ),
    ("DF041", "FROM debian:bookworm-slim\nRUN useradd -l -u 1000000 app\n"),
    (
        "DF049",
        "FROM debian:bookworm-slim\nLABEL org.opencontainers.image.authors=\"Jane <jane@example.com>\"\n",
    ),
    (
        "DF054",
        "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/install.sh | sh\n",
    ),
    ("DF077", "FROM debian:bookworm-slim\nRUN npm ci\n"),
    ("DF078", "FROM debian:bookworm-slim\nRUN npm ci --omit=dev\n"),
    ("DF080", "FROM python:3.13-slim AS builder\n"),
    (
        "DF090",
        "FROM debian:bookworm-slim\nRUN <<EOF\nset -e\ncurl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\ntar -xzf /tmp/tool.tgz -C /usr/local/bin\nrm -f /tmp/tool.tgz\nEOF\n",
    ),
    (
        "DF091",
        "FROM debian:bookworm-slim\nRUN set -e; apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*\n",
    ),
];

#[test]
fn every_fix_turns_its_example_into_the_expected_text() {
    let fixable: Vec<_> = ALL
        .iter()
        .filter(|r| r.meta.fixable() && !CONTEXT_RULES.contains(&r.meta.code))
        .map(|r| r.meta.code)
        .collect();
    let listed: Vec<_> = FIXED_EXAMPLES.iter().map(|(c, _)| *c).collect();
    assert_eq!(fixable, listed, "FIXED_EXAMPLES must list exactly the fixable rules");
    for (code, after) in FIXED_EXAMPLES {
        let rule = ALL.iter().find(|r| r.meta.code == *code).unwrap();
        let s = settings(&[code], config_for(code));
        let bad = with_from(block(rule.meta.docs, "Example"));
        let fixed = run_with(&bad, &s, FixMode::Unsafe, None);
        assert_eq!(fixed.fixed.as_deref(), Some(*after), "{code}");
    }
}

#[test]
fn check_directive_skips_build_checks_and_raises_them_to_errors() {
    let body = "FROM alpine:3.20 as build\nWORKDIR app\nCMD echo hi\n";
    let all = common::codes(body, &["DF080", "DF001", "DF024"]);
    assert_eq!(all, vec!["DF080", "DF001", "DF024"]);
    let skipped = format!("# check=skip=FromAsCasing,JSONArgsRecommended\n{body}");
    assert_eq!(common::codes(&skipped, &["DF080", "DF001", "DF024"]), vec!["DF001"]);
    let every = format!("# check=skip=all\n{body}");
    assert!(common::codes(&every, &["DF080", "DF001", "DF024"]).is_empty());
    let strict = format!("# check=error=true\n{body}\nRUN apt-get install curl\n");
    let s = settings(&["DF001", "DF014"], "");
    let r = run_with(&strict, &s, FixMode::Off, None);
    let sev: Vec<_> = r.findings.iter().map(|f| (f.diagnostic.rule.code, f.diagnostic.severity)).collect();
    use shipshape_core::Severity;
    assert_eq!(sev, vec![("DF001", Severity::Error), ("DF014", Severity::Warning)]);
}

/// photoview installs curl from `scripts/install_runtime_dependencies.sh` (judged wrong,
/// 2026-12-05): a RUN that executes a script file may install the tool.
#[test]
fn healthcheck_tool_installed_by_a_script() {
    let src = |run: &str| {
        format!("FROM debian:trixie-slim\nCOPY scripts/deps.sh /app/scripts/\nRUN {run}\nHEALTHCHECK CMD curl -f http://localhost/\n")
    };
    for script in ["/app/scripts/deps.sh", "bash /app/scripts/deps.sh", "./deps.sh && rm deps.sh"] {
        assert!(findings(&src(script), &["DF079"]).is_empty(), "{script}");
    }
    for plain in ["/usr/sbin/useradd app", "apt-get update"] {
        assert_eq!(findings(&src(plain), &["DF079"]).len(), 1, "{plain}");
    }
}

/// mender-server's frontend (judged wrong, the fortieth sample): an Alpine slim image has busybox's
/// `wget`; a Debian slim one has none.
#[test]
fn wget_on_alpine_slim_is_busybox() {
    let src = |base: &str| format!("FROM {base}\nHEALTHCHECK CMD wget -q --spider http://127.0.0.1:8080/ || exit 1\n");
    assert!(findings(&src("nginxinc/nginx-unprivileged:1.31.2-alpine3.23-slim"), &["DF079"]).is_empty());
    assert_eq!(findings(&src("python:3.13-slim"), &["DF079"]).len(), 1);
}

#[test]
fn healthcheck_importing_a_package_the_image_lacks() {
    let bad =
        "FROM python:3.13-slim\nCOPY app.py /app/\nHEALTHCHECK CMD python -c \"import requests; requests.get('http://localhost:8000')\"\n";
    let f = findings(bad, &["DF079"]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].1.contains("import requests"), "{f:?}");
    let installed = bad.replace("COPY app.py /app/", "RUN pip install --no-cache-dir requests");
    assert!(findings(&installed, &["DF079"]).is_empty());
    let venv = bad.replace("COPY app.py /app/", "COPY --from=build /venv /venv");
    assert!(findings(&venv, &["DF079"]).is_empty());
    let stdlib = "FROM python:3.13-slim\nHEALTHCHECK CMD python -c \"import urllib.request as u; u.urlopen('http://localhost:8000')\"\n";
    assert!(findings(stdlib, &["DF079"]).is_empty());
    let custom_base = bad.replace("python:3.13-slim", "acme/python-with-requests:1");
    assert!(findings(&custom_base, &["DF079"]).is_empty());
}

/// DEFRA's payment service (judged wrong, the sixty-seventh sample): its final stage builds on
/// `defradigital/node`, which sets `NODE_ENV=production`, so `npm ci` leaves devDependencies out.
#[test]
fn npm_in_a_final_stage_with_node_env_production() {
    let bad = "FROM node:22 AS build\nRUN npm ci && npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\nRUN npm ci\n";
    assert_eq!(findings(bad, &["DF076"]).len(), 1);
    let env = bad.replace("FROM node:22-slim\n", "FROM node:22-slim\nENV NODE_ENV=production\n");
    assert!(findings(&env, &["DF076"]).is_empty());
    // Set in the stage the final one is built from.
    let inherited = "FROM node:22-slim AS base\nENV NODE_ENV=production\nFROM node:22 AS build\nRUN npm ci && npm run build\nFROM base\nCOPY --from=build /app/dist ./dist\nRUN npm ci\n";
    assert!(findings(inherited, &["DF076"]).is_empty());
    let third_party = bad.replace("FROM node:22-slim", "FROM defradigital/node:3.0.8-node24.15.0");
    assert!(findings(&third_party, &["DF076"]).is_empty());
    // Said otherwise, or for an installer that does not read it.
    let development = third_party.replace("RUN npm ci\n", "ENV NODE_ENV=development\nRUN npm ci\n");
    assert_eq!(findings(&development, &["DF076"]).len(), 1);
    let uv = third_party.replace("RUN npm ci\n", "RUN uv sync\n");
    assert_eq!(findings(&uv, &["DF076"]).len(), 1);
}

#[test]
fn builder_dev_installs_copied_into_the_final_stage() {
    let bad = "FROM node:22 AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm run build\nFROM node:22-slim\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\n";
    assert_eq!(findings(bad, &["DF076"]), vec![("DF076".to_owned(), "npm ci".to_owned())]);
    let pruned = bad.replace("npm run build", "npm run build && npm prune --omit=dev");
    assert!(findings(&pruned, &["DF076"]).is_empty());
    let only_dist = bad.replace("COPY --from=build /app/node_modules ./node_modules\n", "");
    assert!(findings(&only_dist, &["DF076"]).is_empty());
    let uv = "FROM python:3.13-slim AS b\nRUN uv sync --frozen --no-dev\nFROM python:3.13-slim\nCOPY --from=b /app/.venv /app/.venv\n";
    assert!(findings(uv, &["DF076"]).is_empty());
    // `pnpm deploy --prod` copies one package out with production dependencies only (the error audit).
    let pnpm = "FROM node:22 AS build\nRUN pnpm install --frozen-lockfile && pnpm -r build\nRUN pnpm deploy --filter=api --prod /prod/api\nFROM node:22-slim\nCOPY --from=build /prod/api/node_modules ./node_modules\n";
    assert!(findings(pnpm, &["DF076"]).is_empty());
    assert_eq!(findings(&pnpm.replace(" --prod", ""), &["DF076"]).len(), 1);
}

#[test]
fn recursive_chown_resolves_paths_like_docker() {
    // Relative WORKDIRs nest; `..`, `.` and doubled slashes are cleaned; a copy below the target counts.
    let nested = "FROM debian:12\nWORKDIR /srv\nWORKDIR app\nCOPY . ./src/\nRUN chown -R app:app /srv//app/./x/../src\n";
    assert_eq!(findings(nested, &["DF072"]).len(), 1);
    let parent = "FROM debian:12\nWORKDIR /srv/app\nCOPY . src/\nRUN chmod -R 755 ..\n";
    assert_eq!(findings(parent, &["DF072"]).len(), 1);
    // A sibling of the copied path, or a path no COPY wrote below, is not a rewrite of copied files.
    let sibling = "FROM debian:12\nWORKDIR /srv/app\nCOPY . src/\nRUN chown -R app:app /srv/app/data /srv/src\n";
    assert!(findings(sibling, &["DF072"]).is_empty());
}

#[test]
fn peer_codes_name_real_checks_on_the_right_rules() {
    let peers = |code: &str| ALL.iter().find(|r| r.meta.code == code).unwrap().meta.peers;
    // checkov's CKV_DOCKER_7 fails `FROM alpine` (no tag) as well as `:latest`, and says nothing of digests.
    assert!(peers("DF006").contains(&"checkov:CKV_DOCKER_7"));
    assert!(peers("DF007").contains(&"checkov:CKV_DOCKER_7"));
    assert!(!peers("DF085").contains(&"checkov:CKV_DOCKER_7"));
    // hadolint 2.15's DL3064: sensitive names in ARG/ENV.
    assert!(peers("DF065").contains(&"hadolint:DL3064"));
    for rule in ALL {
        for peer in rule.meta.peers {
            // checkov's Dockerfile checks are CKV_DOCKER_<n> and the graph checks CKV2_DOCKER_1..=18.
            if let Some(id) = peer
                .strip_prefix("checkov:CKV2_DOCKER_")
                .or(peer.strip_prefix("checkov:CKV_DOCKER_"))
            {
                let n: u32 = id
                    .parse()
                    .unwrap_or_else(|_| panic!("{}: no such checkov check {peer}", rule.meta.code));
                assert!(
                    !peer.contains("CKV2") || n <= 18,
                    "{}: no such checkov check {peer}",
                    rule.meta.code
                );
            }
            // SC3xxx are "undefined in POSIX sh" portability notes, never the same finding as a Dockerfile rule.
            assert!(
                !peer.starts_with("shellcheck:SC3"),
                "{}: {peer} is a POSIX portability note",
                rule.meta.code
            );
        }
    }
}

#[test]
fn apt_lists_are_reported_where_the_same_run_fetched_them() {
    // The lists come from `apt-get update`: a RUN that only installs adds none to its layer.
    let install_only = "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n";
    assert!(findings(install_only, &["DF009"]).is_empty());
    // An update alone in its RUN leaves them in that layer (hadolint DL3009 agrees).
    let update_alone = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n";
    assert_eq!(
        findings(update_alone, &["DF009"]),
        vec![("DF009".to_owned(), "apt-get update".to_owned())]
    );
    let both = "FROM debian:12\nRUN apt -q update && apt install -y --no-install-recommends curl\n";
    assert_eq!(findings(both, &["DF009"]), vec![("DF009".to_owned(), "apt -q update".to_owned())]);
    for cleaned in [
        "rm -rf /var/lib/apt/lists/*",
        "rm -rf /var/lib/apt",
        "rm -rf /var/lib/apt/*",
        "apt-get dist-clean",
    ] {
        let src = format!("FROM debian:12\nRUN apt-get update && apt-get install -y curl && {cleaned}\n");
        assert!(findings(&src, &["DF009"]).is_empty(), "{cleaned}");
        let alone = format!("FROM debian:12\nRUN apt-get update && {cleaned}\n");
        assert!(findings(&alone, &["DF009"]).is_empty(), "{cleaned}");
    }
}

#[test]
fn pip_installs_are_recognised_however_pip_is_run() {
    let pins = |run: &str| {
        let src = format!("FROM python:3.13-slim\nRUN {run}\n");
        findings(&src, &["DF013"]).into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };
    // hadolint's DL3013 flags an unpinned pip upgrade too: it installs whatever pip is newest.
    assert_eq!(pins("pip install --no-cache-dir --upgrade pip"), ["pip"]);
    assert_eq!(pins("python3 -m pip install --no-cache-dir -U pip setuptools==75.0"), ["pip"]);
    assert_eq!(pins(".venv/bin/pip install --no-cache-dir foo"), ["foo"]);
    assert_eq!(pins("/opt/venv/bin/pip3 install --no-cache-dir foo"), ["foo"]);
    assert_eq!(pins("python -u -X utf8 -m pip install --no-cache-dir foo"), ["foo"]);
    assert_eq!(pins("pip --disable-pip-version-check install --no-cache-dir foo"), ["foo"]);
    // Option values are not packages; a script or `-c` is not pip.
    assert!(pins("pip install --no-cache-dir --root-user-action ignore --upgrade-strategy eager flask==3.1.0").is_empty());
    assert!(pins("pip install --no-cache-dir --upgrade pip==24.3.1").is_empty());
    assert!(pins("python setup.py -m pip install foo").is_empty());
    assert!(pins("python -c 'import pip' -m pip install foo").is_empty());
    let cache = "FROM python:3.13-slim\nRUN python -B -m pip install foo==1.0\n";
    assert_eq!(findings(cache, &["DF038"]).len(), 1);
}

#[test]
fn pip_no_cache_dir_spellings() {
    let df038 = |arg: &str| findings(&format!("FROM python:3.13-slim\nRUN pip install {arg} flask==3.1.0\n"), &["DF038"]);
    // pip's option parser expands a unique abbreviation of a long option.
    for ok in ["--no-cache-dir", "--no-cache", "--no-cache-d"] {
        assert!(df038(ok).is_empty(), "{ok}");
    }
    // The option takes no value: pip stops with "--no-cache-dir option does not take a value".
    assert_eq!(
        df038("--no-cache-dir=true"),
        [("DF038".to_owned(), "--no-cache-dir=true".to_owned())]
    );
    assert_eq!(df038("--no-"), [("DF038".to_owned(), "pip install --no- flask==3.1.0".to_owned())]);
}

#[test]
fn pip_cache_turned_off_by_the_environment() {
    let df038 = |src: &str| findings(src, &["DF038"]).len();
    // Any non-empty PIP_NO_CACHE_DIR turns the cache off (pip reads `false`/`0` that way too).
    assert_eq!(
        df038("FROM python:3.13-slim\nENV PIP_NO_CACHE_DIR=off\nRUN pip install -r requirements.txt\n"),
        0
    );
    assert_eq!(
        df038("FROM python:3.13-slim AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install -r requirements.txt\n"),
        0
    );
    assert_eq!(
        df038("FROM python:3.13-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install -r requirements.txt\n"),
        0
    );
    assert_eq!(
        df038("FROM python:3.13-slim\nRUN PIP_NO_CACHE_DIR=1 pip install -r requirements.txt\n"),
        0
    );
    assert_eq!(
        df038("FROM python:3.13-slim\nRUN env PIP_NO_CACHE_DIR=true python -m pip install -r requirements.txt\n"),
        0
    );
    // The base's environment is unknown when its variable has no default.
    assert_eq!(df038("ARG IMAGE\nFROM ${IMAGE}\nRUN pip install -r requirements.txt\n"), 0);
    assert_eq!(df038("FROM ${IMAGE} AS app\nRUN pip install -r requirements.txt\n"), 0);
    // Still reported: an empty value (pip ignores it), a later ENV, a plain shell variable, an ARG of another
    // stage (ARGs are not inherited), a base variable with a default.
    assert_eq!(
        df038("FROM python:3.13-slim\nENV PIP_NO_CACHE_DIR=\nRUN pip install -r requirements.txt\n"),
        1
    );
    assert_eq!(
        df038("FROM python:3.13-slim\nRUN pip install -r requirements.txt\nENV PIP_NO_CACHE_DIR=1\n"),
        1
    );
    assert_eq!(
        df038("FROM python:3.13-slim\nRUN PIP_NO_CACHE_DIR=1; pip install -r requirements.txt\n"),
        1
    );
    assert_eq!(
        df038("FROM python:3.13-slim AS base\nARG PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install -r requirements.txt\n"),
        1
    );
    assert_eq!(
        df038("ARG IMAGE=python:3.13-slim\nFROM ${IMAGE}\nRUN pip install -r requirements.txt\n"),
        1
    );
}

#[test]
fn inner_c_scripts_are_not_judged_as_the_runs_script() {
    // The `-c` string runs in another shell: SHELL and `set -o pipefail` do not reach it, and fixes inside a JSON
    // or quoted string would break its quoting. Such scripts are left alone rather than misjudged.
    let exec =
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN [\"sh\", \"-c\", \"curl -fsSL https://x | tar -xz\"]\n";
    let shell = "FROM debian:12\nRUN sh -c \"apt-get update && apt-get install -y curl | tee log\"\n";
    for src in [exec, shell] {
        let f = findings(src, &["DF054", "DF009", "DF012", "DF014"]);
        assert!(f.is_empty(), "{f:?}\n{src}");
    }
}

/// Precision sample 42 (Remmina): the shell discards the status of a command substitution used as
/// an argument, so pipefail changes nothing there; in an assignment it counts.
#[test]
fn a_pipe_inside_an_argument_substitution_needs_no_pipefail() {
    let arg = "FROM ubuntu:24.04\nRUN curl -L $(curl -H 'X-Series: 16' 'https://api.snapcraft.io/core' | jq '.download_url' -r) --output core.snap\n";
    assert!(findings(arg, &["DF054"]).is_empty());
    let assigned = "FROM ubuntu:24.04\nRUN url=$(curl -s https://api.example.com/core | jq -r .url) && curl -L \"$url\" -o core.snap\n";
    assert_eq!(findings(assigned, &["DF054"]).len(), 1);
}

#[test]
fn remote_add_needs_a_checksum() {
    let bad = [
        ("FROM alpine:3.20\nADD https://example.com/a.sh /a.sh\n", "https://example.com/a.sh"),
        (
            "FROM alpine:3.20\nADD --chmod=755 HTTP://example.com/a /a\n",
            "HTTP://example.com/a",
        ),
        (
            "FROM alpine:3.20\nADD [\"https://example.com/${V}/a.tgz\", \"/opt/\"]\n",
            "\"https://example.com/${V}/a.tgz\"",
        ),
        (
            "FROM alpine:3.20\nADD local.txt https://example.com/b.txt /dst/\n",
            "https://example.com/b.txt",
        ),
    ];
    for (src, span) in bad {
        assert_eq!(findings(src, &["DF088"]), [("DF088".to_owned(), span.to_owned())], "{src}");
    }
    let good = [
        "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.sh /a.sh\n",
        "FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\n",
        "FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n",
        "FROM alpine:3.20\nADD app.tar.gz /opt/\n",
        "FROM alpine:3.20\nCOPY https.txt /x\n",
    ];
    for src in good {
        assert!(findings(src, &["DF088"]).is_empty(), "{src}");
    }
}

#[test]
fn retired_base_tag_points_to_the_newest_line() {
    let help = |src: &str| {
        let s = settings(&["DF087"], "");
        let r = run_with(src, &s, FixMode::Off, None);
        r.findings
            .iter()
            .map(|f| f.diagnostic.help.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    for (src, newest) in [
        ("FROM python:3.8-slim\n", "`python:3.14`"),
        ("FROM node:16\n", "`node:26`"),
        ("FROM golang:1.19\n", "`golang:1.27`"),
        ("FROM ubuntu:18.04\n", "`ubuntu:26.04`"),
    ] {
        let h = help(src);
        assert!(h.len() == 1 && h[0].contains(newest) && !h[0].contains("oldest"), "{src}: {h:?}");
    }
    assert!(help("FROM python:3.13-slim\n").is_empty());
}

/// Images built on purpose per release (CZ-NIC/bird's CI images: `fedora-33-amd64/Dockerfile`
/// to `fedora-42-amd64/Dockerfile`) are a matrix kept to test each release: not reported when the
/// path names the version and the repository builds the image at three versions or more.
#[test]
fn retired_base_tag_is_quiet_on_a_matrix_of_releases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    // Each file written, then checked with its text.
    let check = |rel: &str, src: &'static str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, src).unwrap();
        move || {
            run_with(src, &settings(&["DF087"], ""), FixMode::Off, Some(p.clone()))
                .findings
                .len()
        }
    };
    let f33 = check("ci/fedora-33-amd64/Dockerfile", "FROM fedora:33\nRUN dnf -y install gcc\n");
    let app = check("app/Dockerfile", "FROM fedora:34\nRUN dnf -y install gcc\n");
    assert_eq!(f33(), 1, "two versions are no matrix");
    let _written = check("ci/fedora-42-amd64/Dockerfile", "FROM fedora:42\nRUN dnf -y install gcc\n");
    assert_eq!(f33(), 0, "three versions, and the path names this one");
    assert_eq!(app(), 1, "a path that does not name the version is reported");
    // The image and the version in one part of the path: not a folder that happens to end in it.
    assert_eq!(check("c33/Dockerfile", "FROM fedora:33\n")(), 1);
    assert_eq!(check("docker/Dockerfile.fedora33", "FROM fedora:33\n")(), 0);
}

#[test]
fn apk_no_cache_names_the_command_that_stores_the_index() {
    let one = |src: &str| {
        let s = settings(&["DF018"], "");
        let r = run_with(src, &s, FixMode::Off, None);
        assert_eq!(r.findings.len(), 1, "{src}");
        let d = &r.findings[0].diagnostic;
        (d.span.text(src).to_owned(), d.message.clone())
    };
    let (span, msg) = one("FROM alpine:3.20\nRUN apk update && apk upgrade\n");
    assert_eq!(span, "apk upgrade");
    assert!(msg.starts_with("`apk update` stores the package index"), "{msg}");
    let (_, msg) = one("FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n");
    assert!(msg.starts_with("`apk update` stores"), "{msg}");
    let (_, msg) = one("FROM alpine:3.20\nRUN apk -U upgrade\n");
    assert_eq!(msg, "`apk upgrade -U` stores the package index in the layer");
    let (_, msg) = one("FROM alpine:3.20\nRUN apk add curl\n");
    assert_eq!(msg, "`apk add` leaves the package index in the layer");
    let s = settings(&["DF018"], "");
    let fixed = run_with(
        "FROM alpine:3.20\nRUN apk update \\\n && apk upgrade && apk add curl\n",
        &s,
        FixMode::Unsafe,
        None,
    );
    assert_eq!(
        fixed.fixed.as_deref(),
        Some("FROM alpine:3.20\nRUN apk upgrade --no-cache && apk add --no-cache curl\n")
    );
    // A command between the update and the installs: no fix, still reported.
    let kept = run_with(
        "FROM alpine:3.20\nRUN apk update && apk info -a curl && apk add --no-cache curl\n",
        &s,
        FixMode::Unsafe,
        None,
    );
    assert!(kept.fixed.is_none() && kept.findings.len() == 1);
    assert!(
        findings(
            "FROM alpine:3.20\nRUN apk add --no-cache curl && apk upgrade --no-cache\n",
            &["DF018"]
        )
        .is_empty()
    );
    assert!(
        findings(
            "FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n",
            &["DF018"]
        )
        .is_empty()
    );
}

#[test]
fn bash_syntax_where_sh_runs_the_script() {
    let hits = |src: &str| findings(src, &["DF089"]);
    // dash: every construct.
    for (run, span) in [
        ("RUN mkdir -p /a/{b,c}", "/a/{b,c}"),
        ("RUN [[ -f /x ]] && rm /x", "[[ -f /x ]]"),
        ("RUN source /opt/env && make", "source /opt/env"),
        ("RUN make &> /tmp/log", "&> /tmp/log"),
        ("RUN cat <<< hi", "<<< hi"),
        ("RUN <<EOF\nfunction f() { echo; }\nf\nEOF", "function f() { echo; }"),
    ] {
        for base in ["debian:bookworm-slim", "python:3.13-slim", "ubuntu:24.04", "node:22"] {
            let src = format!("FROM {base}\n{run}\n");
            assert_eq!(hits(&src), [("DF089".to_owned(), span.to_owned())], "{src}");
        }
    }
    // busybox ash: only what it lacks.
    assert_eq!(hits("FROM alpine:3.20\nRUN mkdir -p /a/{b,c}\n").len(), 1);
    assert!(hits("FROM alpine:3.20\nRUN [[ -f /x ]] && source /x\n").is_empty());
    assert!(hits("FROM python:3.13-alpine\nRUN make &> log\n").is_empty());
    // Silent: bash selected, bash shebang, /bin/sh relinked, unknown or bash-based bases, POSIX syntax.
    for src in [
        "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN mkdir -p /a/{b,c}\n",
        "FROM debian:bookworm-slim AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nRUN [[ -f x ]]\n",
        "FROM debian:bookworm-slim\nRUN <<EOF\n#!/bin/bash\nmkdir -p /a/{b,c}\nEOF\n",
        "FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh\nRUN source /x\n",
        "FROM fedora:41\nRUN [[ -f x ]] && source x\n",
        "FROM acme/base:1\nRUN mkdir -p /a/{b,c}\n",
        "FROM ghcr.io/acme/python:3\nRUN mkdir -p /a/{b,c}\n",
        "FROM debian:bookworm-slim\nRUN bash -c 'mkdir -p /a/{b,c}'\n",
        "FROM debian:bookworm-slim\nRUN [\"bash\", \"-c\", \"mkdir -p /a/{b,c}\"]\n",
        "FROM debian:bookworm-slim\nRUN find . -name '*.pyc' -exec rm {} \\; && echo '{a,b}'\n",
        "FROM debian:bookworm-slim\nRUN [ -f /x ] && . /x && make > log 2>&1\n",
    ] {
        assert!(hits(src).is_empty(), "{src}: {:?}", hits(src));
    }
}

#[test]
fn heredoc_scripts_need_errexit() {
    let hits = |src: &str| findings(src, &["DF090"]);
    let bad = "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\ncurl -fsSO https://x\nEOF\n";
    assert_eq!(hits(bad), [("DF090".to_owned(), "<<EOF".to_owned())]);
    assert_eq!(hits("FROM alpine:3.20\nRUN <<EOF\n#!/bin/sh\nwget x\ntar xf x\nEOF\n").len(), 1);
    for good in [
        "FROM alpine:3.20\nRUN <<EOF\nset -eux\napk add curl\ncurl x\nEOF\n",
        "FROM alpine:3.20\nRUN <<EOF\nset -o errexit\napk add curl\ncurl x\nEOF\n",
        "FROM alpine:3.20\nRUN <<EOF\n#!/bin/sh -e\napk add curl\ncurl x\nEOF\n",
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN <<EOF\napk add curl\ncurl x\nEOF\n",
        "FROM alpine:3.20\nRUN <<EOF\napk add curl && curl x\nEOF\n",
        "FROM alpine:3.20\nRUN <<EOF\necho building\nexport A=1\nmake\nEOF\n",
        // hexpm: tests that clamp a variable cannot fail the build in a way worth stopping for.
        "FROM alpine:3.20\nRUN <<EOF\nJOBS=4\n[ \"$CPUS\" -lt 4 ] && JOBS=$CPUS\nif [ -z \"$X\" ]; then echo none; fi\nmix deps.compile\nEOF\n",
        "FROM alpine:3.20\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nprint(os.name)\nEOF\n",
        "FROM alpine:3.20\nRUN python3 <<EOF\nimport os\nprint(1)\nEOF\n",
        "FROM alpine:3.20\nRUN apk add curl; curl x\n",
    ] {
        assert!(hits(good).is_empty(), "{good}: {:?}", hits(good));
    }
    let s = settings(&["DF090"], "");
    let fixed = run_with(
        "FROM alpine:3.20\nRUN <<EOF\n#!/bin/sh\nwget x\ntar xf x\nEOF\n",
        &s,
        FixMode::Unsafe,
        None,
    );
    assert_eq!(
        fixed.fixed.as_deref(),
        Some("FROM alpine:3.20\nRUN <<EOF\n#!/bin/sh\nset -e\nwget x\ntar xf x\nEOF\n")
    );
}

#[test]
fn semicolon_joined_runs_need_errexit() {
    let hits = |src: &str| findings(src, &["DF091"]);
    // oss-fuzz's cel-go: a failed `cmake` leaves `ninja` to fail or not.
    let bad = "FROM debian:bookworm-slim\nRUN mkdir LPM; \\\n  cd LPM; \\\n  cmake .. -GNinja; \\\n  ninja\n";
    assert_eq!(hits(bad), [("DF091".to_owned(), "mkdir LPM".to_owned())]);
    // The first statement that can fail is the one named: `echo` and `mkdir -p` cannot.
    assert_eq!(
        hits("FROM alpine:3.20\nRUN echo hi; mkdir -p /a; make || exit 1; wget x; rm -rf /tmp/*\n"),
        [("DF091".to_owned(), "wget x".to_owned())]
    );
    assert_eq!(
        hits("FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache pip install x; pip check\n").len(),
        1
    );
    for good in [
        "FROM alpine:3.20\nRUN apk add curl && curl -fsSO https://x\n",
        "FROM alpine:3.20\nRUN set -eux; apk add curl; curl -fsSO https://x\n",
        "FROM alpine:3.20\nRUN set -o errexit; apk add curl; curl x\n",
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN apk add curl; curl x\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN New-Item x; Remove-Item y\n",
        // Homebrew: a trailing `true` ignores every failure on purpose.
        "FROM ubuntu:24.04\nRUN userdel -r ubuntu; true\n",
        // browsh: a background job's status is always 0.
        "FROM debian:bookworm-slim\nRUN browsh & pid=$!; sleep 10; kill $pid || true\n",
        "FROM alpine:3.20\nRUN mkdir -p /a; rm -f /b; export X=1; make\n",
        "FROM alpine:3.20\nRUN make || echo failed; make install\n",
        "FROM debian:bookworm-slim\nRUN apt-get update; apt-get install -y curl\n",
        "FROM alpine:3.20\nRUN mkdir -p /out && X=$([ \"$A\" = amd64 ] && echo x86_64 || echo \"$A\"); cp a /out\n",
        "FROM alpine:3.20\nRUN [\"sh\", \"-c\", \"a; b\"]\n",
        "FROM alpine:3.20\nRUN <<EOF\napk add curl\ncurl x\nEOF\n",
    ] {
        assert!(hits(good).is_empty(), "{good}: {:?}", hits(good));
    }
}

#[test]
fn copying_an_npmrc_is_a_warning_not_an_error() {
    // uptime-kuma copies a tracked .npmrc holding `legacy-peer-deps` only: not certainly a secret.
    let r = run_with(
        "FROM node:22-slim\nCOPY .npmrc package.json ./\n",
        &settings(&["DF066"], ""),
        FixMode::Off,
        None,
    );
    let d = &r.findings[0].diagnostic;
    assert_eq!((d.rule.code, d.severity), ("DF066", shipshape_core::Severity::Warning));
    assert!(d.message.contains("may hold"), "{}", d.message);
    let r = run_with(
        "FROM node:22-slim\nCOPY .pypirc /root/\n",
        &settings(&["DF066"], ""),
        FixMode::Off,
        None,
    );
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
}

/// stork (judged wrong, the fortieth sample): `docker/images/stork.Dockerfile` built from the root
/// copies `webui/.npmrc`, which holds settings only; a token in it is still reported.
#[test]
fn an_npmrc_in_a_context_above_the_dockerfile_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("docker/images")).unwrap();
    std::fs::create_dir_all(dir.path().join("webui")).unwrap();
    let df = dir.path().join("docker/images/stork.Dockerfile");
    let src = "FROM node:22-slim\nCOPY webui/package.json webui/.npmrc /app/\n";
    std::fs::write(&df, src).unwrap();
    let run = || {
        run_with(src, &settings(&["DF066"], ""), FixMode::Off, Some(df.clone()))
            .findings
            .len()
    };
    std::fs::write(dir.path().join("webui/.npmrc"), "legacy-peer-deps=true\n").unwrap();
    assert_eq!(run(), 0);
    std::fs::write(dir.path().join("webui/.npmrc"), "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n").unwrap();
    assert_eq!(run(), 1);
}

/// glific (judged wrong, the sixty-second sample): a development env file the repository
/// commits (`config/.env.dev.txt`) holds throwaway settings; a production one is still reported.
#[test]
fn a_committed_development_env_file_is_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    let df = dir.path().join("Dockerfile");
    let settings_line = "SECRET_KEY_BASE=IN3UOAXU/FC6yPcBcC/iHg85F52QYPvjSiDkRdoydEobrrL+aNhat5I5+WA4IW0e\n";
    let run = |name: &str| {
        std::fs::write(dir.path().join("config").join(name), settings_line).unwrap();
        let src = format!("FROM elixir:1.18\nCOPY config/{name} /app/config/.env\n");
        run_with(&src, &settings(&["DF066"], ""), FixMode::Off, Some(df.clone()))
            .findings
            .len()
    };
    assert_eq!(run(".env.dev.txt"), 0);
    assert_eq!(run(".env.test"), 0);
    assert_eq!(run(".env.production"), 1);
    // Symfony's committed defaults, whose header forbids production secrets (ecamp3's API, the
    // seventy-first sample).
    std::fs::write(
        dir.path().join("config/.env"),
        format!("# DO NOT DEFINE PRODUCTION SECRETS IN THIS FILE NOR IN ANY OTHER COMMITTED FILES.\n{settings_line}"),
    )
    .unwrap();
    let src = "FROM php:8.4-fpm\nCOPY config/.env /app/.env\n";
    assert!(
        run_with(src, &settings(&["DF066"], ""), FixMode::Off, Some(df.clone()))
            .findings
            .is_empty()
    );
}

#[test]
fn a_stage_chosen_through_a_variable_is_not_unused() {
    // qdrant: `FROM qdrant-${GPU:+gpu-}${GPU:-cpu}` picks one of two stages.
    let src = "ARG GPU\nFROM debian:12-slim AS qdrant-cpu\nRUN true\nFROM nvidia/cuda:12.4.1-base-ubuntu22.04 AS qdrant-gpu\nRUN true\nFROM qdrant-${GPU:+gpu-}${GPU:-cpu}\nCMD [\"x\"]\n";
    assert!(findings(src, &["DF081"]).is_empty());
    let copy = "ARG FROM_STAGE=a\nFROM alpine:3.20 AS a\nRUN true\nFROM alpine:3.20 AS b\nRUN true\nFROM alpine:3.20\nCOPY --from=${FROM_STAGE} /x /x\n";
    assert!(findings(copy, &["DF081"]).is_empty());
    let plain = "FROM alpine:3.20 AS a\nRUN true\nFROM alpine:3.20\nCMD [\"x\"]\n";
    assert_eq!(findings(plain, &["DF081"]).len(), 1);
}

#[test]
fn a_pipe_fed_by_echo_or_printf_needs_no_pipefail() {
    let src = |run: &str| format!("FROM debian:12-slim\nRUN {run}\n");
    for run in [
        "echo 'deb http://x stable main' | tee /etc/apt/sources.list.d/x.list",
        "printf 'y\\n' | apt-get remove foo",
    ] {
        assert!(findings(&src(run), &["DF054"]).is_empty(), "{run}");
    }
    for run in ["curl -fsSL https://x | tar -x", "echo a && cat /etc/x | grep y"] {
        assert_eq!(findings(&src(run), &["DF054"]).len(), 1, "{run}");
    }
}

/// vaultwarden's playwright image: BuildKit treats a `.` destination as the working directory.
#[test]
fn several_sources_into_the_working_directory_build() {
    let src = |dest: &str| format!("FROM debian:trixie-slim\nWORKDIR /app\nCOPY package.json package-lock.json {dest}\n");
    assert!(common::codes(&src("."), &["DF020"]).is_empty());
    assert_eq!(common::codes(&src("app"), &["DF020"]), vec!["DF020".to_owned()]);
    // audiobookshelf builds `COPY index.js package* /server` with BuildKit, which copies into the
    // directory: only the classic builder refuses it, so it is a warning, not a certain failure.
    let r = run_with(&src("/server"), &settings(&["DF020"], ""), FixMode::Off, None);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Warning);
    // A Dockerfile only BuildKit builds is never given to the classic builder (CMake's CI images,
    // the forty-eighth sample).
    let buildkit = [
        format!("# syntax=docker/dockerfile:1\n{}", src("/usr/local/bin")),
        src("/usr/local/bin").replace(
            "WORKDIR /app\n",
            "WORKDIR /app\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n",
        ),
        src("/usr/local/bin").replace("COPY package.json", "COPY --link package.json"),
    ];
    for b in &buildkit {
        assert!(common::codes(b, &["DF020"]).is_empty(), "{b}");
    }
}

/// hoppscotch: pnpm's documented monorepo pattern fetches from the lock file before the whole copy.
#[test]
fn dependencies_fetched_before_the_whole_copy_are_cached() {
    let fetched =
        "FROM node:22-slim\nWORKDIR /app\nCOPY pnpm-lock.yaml .\nRUN pnpm fetch\nCOPY . .\nRUN pnpm install -f --prefer-offline\n";
    assert!(common::codes(fetched, &["DF074"]).is_empty());
    let not = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN pnpm install\n";
    assert_eq!(common::codes(not, &["DF074"]), vec!["DF074".to_owned()]);
    // Installed in a parent stage from the manifests alone (kitsune, the forty-first sample).
    let parent = "FROM python:3.13-slim AS base\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --no-install-project\nFROM base AS app\nCOPY . .\nRUN uv sync\n";
    assert!(common::codes(parent, &["DF074"]).is_empty());
    // One that starts the environment over reinstalls everything (kitsune's `prod-deps`).
    let over = parent.replace(
        "RUN uv sync\n",
        "RUN rm -rf .venv && uv venv && uv sync --no-dev --no-install-project\n",
    );
    assert_eq!(common::codes(&over, &["DF074"]), vec!["DF074".to_owned()]);
}

/// DF054: a pipeline followed by `|| true` discards its status on purpose (Reloader's
/// `tar … 2>&1 | grep -v "Cannot stat" || true`); pipefail would change nothing.
#[test]
fn a_pipe_whose_status_is_discarded_needs_no_pipefail() {
    let src = |run: &str| format!("FROM debian:12-slim\nRUN {run}\n");
    for run in [
        "tar -cf /tmp/x.tar /etc 2>&1 | grep -v \"Cannot stat\" || true",
        "curl -fsSL https://x | tar -x || :",
        "if [ -s f ]; then tar -cf x.tar -T f | grep -v y || exit 0; fi",
    ] {
        assert!(findings(&src(run), &["DF054"]).is_empty(), "{run}");
    }
    for run in [
        "curl -fsSL https://x | tar -x || echo failed",
        "curl -fsSL https://x | tar -x || exit 1",
        "cat /etc/x | grep y || true; curl -fsSL https://x | tar -x",
    ] {
        assert_eq!(findings(&src(run), &["DF054"]).len(), 1, "{run}");
    }
}

/// Precision sample 43: Grafana's `GF_AUTH_ANONYMOUS_ORG_ROLE=Admin` names a role of its auth
/// system, and nerves-hub's build-stage `SECRET_KEY_BASE=nokey` says there is no key; neither is a
/// secret. A secret-named value still is.
#[test]
fn auth_settings_and_no_key_values_are_not_secrets() {
    for src in [
        "FROM grafana/grafana:12.2.0
ENV GF_AUTH_ANONYMOUS_ENABLED=true GF_AUTH_ANONYMOUS_ORG_ROLE=Admin
",
        "FROM elixir:1.18
ENV SECRET_KEY_BASE=nokey
",
    ] {
        assert!(findings(src, &["DF065"]).is_empty(), "{src}");
    }
    assert_eq!(
        findings(
            "FROM elixir:1.18
ENV SECRET_KEY_BASE=8f3kQz1vLr0xB7w2
",
            &["DF065"]
        )
        .len(),
        1
    );
}

/// Chromium's Dockerfiles set `GOOGLE_API_KEY=no` and `GOOGLE_DEFAULT_CLIENT_SECRET=no` to build
/// without Google services: a value that switches a feature off is no secret (judged wrong on a real
/// repository). A real value beside them still fires.
#[test]
fn secret_named_env_switched_off_is_not_a_secret() {
    for value in ["no", "NO", "none", "false", "off", "0", "disabled", "dummy"] {
        for name in ["GOOGLE_API_KEY", "GOOGLE_DEFAULT_CLIENT_SECRET"] {
            let src = format!("FROM debian:12\nENV {name}={value}\n");
            assert!(findings(&src, &["DF065"]).is_empty(), "{name}={value}");
        }
    }
    let src = "FROM debian:12\nENV GOOGLE_API_KEY=no GOOGLE_DEFAULT_CLIENT_SECRET=AIzaSyD-real-looking-value\n";
    assert_eq!(
        findings(src, &["DF065"]),
        vec![("DF065".to_owned(), "AIzaSyD-real-looking-value".to_owned())]
    );
}

#[test]
fn exec_form_sh_c_runs_are_analysed_like_the_shell_form() {
    let codes = |src: &str, select: &[&str]| findings(src, select).into_iter().map(|(c, _)| c).collect::<Vec<_>>();
    // Docker runs the shell form as `["/bin/sh", "-c", "…"]`: the same script, the same findings.
    let exec = "FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"apt-get update && apt-get install curl\"]\n";
    assert_eq!(
        codes(exec, &["DF008", "DF009", "DF014", "DF015"]),
        ["DF009", "DF014", "DF015", "DF008"]
    );
    assert_eq!(
        findings(exec, &["DF014"]),
        [("DF014".to_owned(), "apt-get install curl".to_owned())],
        "spans map into the JSON string"
    );
    let bash = "FROM debian:12\nRUN [\"bash\", \"-ec\", \"apk add curl\"]\n";
    assert_eq!(codes(bash, &["DF017"]), ["DF017"]);
    // Not a shell script: another program, `-o` flags, a string with escapes (it would not map to the file).
    for quiet in [
        "RUN [\"python\", \"-c\", \"apt-get install curl\"]",
        "RUN [\"/bin/sh\", \"-o\", \"pipefail\", \"apt-get install curl\"]",
        "RUN [\"/bin/sh\", \"-c\", \"apt-get install \\\"curl\\\"\"]",
        "CMD [\"/bin/sh\", \"-c\", \"apt-get install curl\"]",
    ] {
        let src = format!("FROM debian:12\n{quiet}\n");
        assert!(findings(&src, &["DF014"]).is_empty(), "{src}");
    }
    // The exec form names its shell: bash syntax under bash is fine, under sh (dash on Debian) it is not.
    let brace = |prog: &str| format!("FROM debian:12\nRUN [\"{prog}\", \"-c\", \"mkdir -p /srv/{{logs,data}}\"]\n");
    assert!(findings(&brace("/bin/bash"), &["DF089"]).is_empty());
    assert_eq!(codes(&brace("/bin/sh"), &["DF089"]), ["DF089"]);
    // SHELL does not reach an exec form, so DF054's SHELL fix would not give its pipe pipefail.
    let pipe = "FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"curl -fsSL https://x | tar -xz\"]\n";
    assert!(findings(pipe, &["DF054"]).is_empty());
}

/// shlink (judged wrong as an error, 2026-12-05): `apk add --allow-untrusted` of the msodbcsql file
/// Microsoft publishes is how Microsoft documents it; no signing key exists to install. A warning to
/// verify the download, silent when the RUN does; packages from a repository stay errors.
#[test]
fn allow_untrusted_on_a_local_package_file_asks_for_a_checksum() {
    let local = "FROM alpine:3.20\nRUN wget https://download.microsoft.com/download/x/msodbcsql18_18.5.1.1-1_amd64.apk && \\\n    apk add --allow-untrusted msodbcsql18_18.5.1.1-1_amd64.apk\n";
    assert_eq!(findings(local, &["DF061"]).len(), 1);
    let verified = local.replace(
        "&& \\\n    apk",
        "&& \\\n    echo \"abc  msodbcsql18_18.5.1.1-1_amd64.apk\" | sha256sum -c - && \\\n    apk",
    );
    assert!(findings(&verified, &["DF061"]).is_empty());
    let repo = "FROM alpine:3.20\nRUN apk add --allow-untrusted --repository https://mirror.example.org/alpine acme-tool\n";
    assert_eq!(findings(repo, &["DF061"]).len(), 1);
}

/// web-check (judged wrong as an error, 2026-12-05): `apt-get install --allow-unauthenticated` of
/// packages from Debian's signed repositories changes nothing; apt already refuses a repository whose
/// signature fails. A warning to remove it; accepting insecure repositories stays an error.
#[test]
fn apt_allow_unauthenticated_is_a_warning() {
    let severities = |src: &str| severities(src, "DF061");
    let install = "FROM debian:12\nRUN apt-get update && apt-get -qqy install --allow-unauthenticated gnupg wget\n";
    assert_eq!(severities(install), [shipshape_core::Severity::Warning]);
    let insecure = "FROM debian:12\nRUN apt-get update --allow-insecure-repositories && apt-get install -y acme\n";
    assert_eq!(severities(insecure), [shipshape_core::Severity::Error]);
    // dnf's `--nogpgcheck` over the distribution's HTTPS mirrors weakens a check: a warning (CERN
    // CTA's development images, judged wrong as errors, precision sample 43).
    let dnf = "FROM almalinux:9
RUN dnf install -y --nogpgcheck epel-release
";
    assert_eq!(severities(dnf), [shipshape_core::Severity::Warning]);
}

/// shlink's `.dockerignore` holds `**/.*` (judged wrong, 2026-12-05): Docker's `**` matches zero
/// directories too, so `.git` at the root is excluded.
#[test]
fn dockerignore_patterns_match_like_docker() {
    let covered = |ignore: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".dockerignore"), ignore).unwrap();
        let path = dir.path().join("Dockerfile");
        let src = "FROM alpine:3.20\nCOPY . .\n";
        std::fs::write(&path, src).unwrap();
        run_with(src, &settings(&["DF075"], ""), FixMode::Off, Some(path))
            .findings
            .is_empty()
    };
    for ok in ["**/.*\n", ".*\n", ".git\n", "/.git/\n", ".git/**\n", "*\n", "**\n", "**/.git\n"] {
        assert!(covered(ok), "{ok}");
    }
    for missing in ["node_modules\n", "*.log\n", "src/.git\n", ".github\n"] {
        assert!(!covered(missing), "{missing}");
    }
}

/// oss-fuzz's gnutls: `wget -qO- url | tar xz` is quiet (`-q`), the `O-` that follows is its output file.
#[test]
fn wget_quiet_in_a_short_option_cluster_prints_no_progress() {
    let src = |run: &str| format!("FROM debian:12-slim\nRUN {run}\n");
    for run in [
        "wget -qO- https://x/a.tar.gz | tar xz",
        "wget -nvO /tmp/a https://x/a",
        "wget -cq https://x/a",
    ] {
        assert!(findings(&src(run), &["DF042"]).is_empty(), "{run}");
    }
    for run in ["wget -O- https://x/a.tar.gz", "wget -Oq https://x/a", "wget -nc https://x/a"] {
        assert_eq!(findings(&src(run), &["DF042"]).len(), 1, "{run}");
    }
}

/// oss-fuzz's hermes: `npm install -g @scope/name` installs from the registry like an unscoped name.
#[test]
fn npm_scoped_packages_need_a_version() {
    let src = |pkg: &str| format!("FROM node:22-slim\nRUN npm install -g {pkg}\n");
    assert_eq!(findings(&src("@devcontainers/cli"), &["DF016"]).len(), 1);
    for pkg in [
        "@devcontainers/cli@0.72.0",
        "user/repo",
        "./local/dir",
        "@scope/pkg/sub",
        "git+https://x/y.git",
    ] {
        assert!(findings(&src(pkg), &["DF016"]).is_empty(), "{pkg}");
    }
}

/// tauri's devcontainer: the package list is an ARG whose default the shell splits into names.
#[test]
fn apt_packages_from_a_variable_are_checked_through_its_value() {
    let src = |arg: &str| format!("FROM debian:12-slim\n{arg}\nRUN apt-get install -y --no-install-recommends $DEPS\n");
    let f = findings(&src("ARG DEPS=\"curl wget=1.21-1\""), &["DF008"]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1, "$DEPS");
    assert!(findings(&src("ARG DEPS=\"curl=8.5.0-2 wget=1.21-1\""), &["DF008"]).is_empty());
    assert!(findings(&src("ARG DEPS"), &["DF008"]).is_empty());
}

/// kong, kind, node_exporter (judged not worth it, 2026-12-05): a build argument's default is meant
/// to be overridden, and distroless or Prometheus' busybox publish no version to pin.
#[test]
fn latest_and_untagged_skip_build_arg_defaults_and_unversioned_families() {
    for ok in [
        "ARG KONG_BASE=kong:latest\nFROM ${KONG_BASE}\n",
        "ARG BASE=debian\nFROM $BASE\n",
        "FROM golang:1.25 AS build\nFROM gcr.io/distroless/static-debian13\n",
        "FROM quay.io/prometheus/busybox-linux-amd64:latest\n",
        "FROM cgr.dev/chainguard/static:latest\n",
    ] {
        assert!(common::codes(ok, &["DF006", "DF007"]).is_empty(), "{ok}");
    }
    for bad in [
        "FROM kong:latest\n",
        "FROM debian\n",
        "FROM alpine:3.22\nCOPY --from=composer:latest /usr/bin/composer /usr/bin/\n",
    ] {
        assert_eq!(common::codes(bad, &["DF006", "DF007"]).len(), 1, "{bad}");
    }
}

/// discourse_docker, all-in-one, jitsi (seen running a release on them, 2026-12-05): a repository's
/// signing key is public, a path names where a secret is, and `123456` is a stand-in.
#[test]
fn public_keys_paths_and_stand_ins_are_not_secrets() {
    for ok in [
        "FROM debian:12\nADD nginx_public_keys.key /tmp/\nADD yarn-pubkey.gpg.key /usr/share/keyrings/yarn.asc\nADD nodesource-repo.gpg.key /usr/share/keyrings/\n",
        "FROM debian:12\nENV GOOGLE_APPLICATION_CREDENTIALS=/run/jigasi/config/key.json\n",
        "FROM debian:12\nENV AIO_TOKEN=123456\n",
    ] {
        assert!(common::codes(ok, &["DF065", "DF066"]).is_empty(), "{ok}");
    }
    for bad in [
        "FROM debian:12\nCOPY server.key /etc/ssl/\n",
        "FROM debian:12\nENV AIO_TOKEN=8f3kQ9zL2m\n",
    ] {
        assert_eq!(common::codes(bad, &["DF065", "DF066"]).len(), 1, "{bad}");
    }
}

/// all-in-one's postgresql image locks root with a random password nobody knows.
#[test]
fn chpasswd_with_a_random_password_is_silent() {
    assert!(
        common::codes(
            "FROM alpine:3.22\nRUN echo \"root:$(openssl rand -base64 12)\" | chpasswd\n",
            &["DF063"]
        )
        .is_empty()
    );
    assert_eq!(
        common::codes("FROM alpine:3.22\nRUN echo 'root:secret' | chpasswd\n", &["DF063"]).len(),
        1
    );
}

/// discourse_docker runs as root and uses `sudo -u discourse` to drop to the app user.
#[test]
fn sudo_dropping_to_another_user_is_not_flagged() {
    for ok in [
        "RUN sudo -u discourse bundle install\n",
        "RUN sudo -E -u discourse bin/rake assets:precompile\n",
        "RUN sudo -Eu app make\n",
    ] {
        assert!(common::codes(&format!("FROM debian:12\n{ok}"), &["DF005"]).is_empty(), "{ok}");
    }
    assert_eq!(common::codes("FROM debian:12\nRUN sudo apt-get update\n", &["DF005"]).len(), 1);
}

/// temporalio's TLS images copy the public CA certificate into the trust store.
#[test]
fn certificates_are_not_secret_files() {
    for ok in [
        "COPY ./.pki/ca.pem /usr/local/share/ca-certificates/ca.crt\n",
        "COPY certs/fullchain.pem /etc/ssl/\n",
        "COPY server-cert.pem /etc/ssl/\n",
    ] {
        assert!(common::codes(&format!("FROM debian:12\n{ok}"), &["DF066"]).is_empty(), "{ok}");
    }
    for bad in [
        "COPY certs/server-key.pem /etc/ssl/\n",
        "COPY certs/server.pem /etc/ssl/\n",
        "COPY cert-key.pem /etc/ssl/\n",
    ] {
        assert_eq!(common::codes(&format!("FROM debian:12\n{bad}"), &["DF066"]).len(), 1, "{bad}");
    }
}

/// tailscale pre-builds packages pinned by its `go.mod` (judged wrong, 2026-12-05); `FROM
/// BASEIMAGE` is a Makefile's placeholder, not an image.
#[test]
fn go_install_from_the_module_and_placeholder_bases() {
    let src = "FROM golang:1.26-alpine\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nRUN go install golang.org/x/crypto/ssh\n";
    assert!(common::codes(src, &["DF048"]).is_empty());
    assert_eq!(
        common::codes("FROM golang:1.26\nRUN go install golang.org/x/tools/gopls@latest\n", &["DF048"]).len(),
        1
    );
    assert!(common::codes("FROM BASEIMAGE\nCOPY pod_nanny /\n", &["DF006"]).is_empty());
}

/// The twelfth fresh sample (2026-12-05): a key copied only into a build stage is not shipped; a
/// cache mount keeps `go mod download` from refetching; `CI=true` freezes pnpm's lock file.
#[test]
fn twelfth_sample_dockerfile() {
    let staged = "FROM golang:1.24 AS builder\nCOPY shared_key.pem main.go ./\nRUN go build -o app\nFROM scratch\nCOPY --from=builder /go/app /app\n";
    let run = |src: &str| common::run_with(src, &common::settings(&["DF066"], ""), shipshape_core::engine::FixMode::Off, None);
    let r = run(staged);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Warning);
    // Shipped, and not in a repository to read: what it holds is unknown (see
    // `a_key_file_is_a_secret_by_what_it_holds`).
    let shipped = "FROM alpine:3.22\nCOPY shared_key.pem /etc/\n";
    assert_eq!(run(shipped).findings[0].diagnostic.severity, shipshape_core::Severity::Warning);
    let cached = "FROM golang:1.26 AS builder\nWORKDIR /w\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n";
    assert!(common::codes(cached, &["DF074"]).is_empty());
    assert_eq!(
        common::codes(&cached.replace("--mount=type=cache,target=/go/pkg/mod ", ""), &["DF074"]).len(),
        1
    );
    let pnpm = "FROM node:24-alpine\nENV CI=true\nCOPY pnpm-lock.yaml package.json ./\nRUN pnpm install --offline\n";
    assert!(common::codes(pnpm, &["DF077"]).is_empty());
    assert_eq!(common::codes(&pnpm.replace("ENV CI=true\n", ""), &["DF077"]).len(), 1);
    // An explicit opt-out is the author's choice (trigger.dev's, the twenty-fourth sample).
    let chosen = "FROM node:24-alpine\nCOPY pnpm-lock.yaml package.json ./\nRUN pnpm install --prod --no-frozen-lockfile\nRUN yarn install --no-immutable\n";
    assert!(common::codes(chosen, &["DF077"]).is_empty());
}

/// The error audit (2026-12-05): BuildKit builds duplicate stage names and repeated ENTRYPOINTs
/// (build checks warn); Python 3 ignores `PYTHONHTTPSVERIFY` outside some distributions; a chosen
/// value under a secret-like name may be a stand-in.
#[test]
fn error_audit_dockerfile() {
    use shipshape_core::Severity::{Error, Warning};
    let sev = severities;
    assert_eq!(sev("FROM alpine:3.20 AS a\nFROM alpine:3.20 AS a\n", "DF023"), [Warning]);
    assert_eq!(
        sev("FROM alpine:3.20\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", "DF052"),
        [Warning]
    );
    assert_eq!(sev("FROM python:3.13-slim\nENV PYTHONHTTPSVERIFY=0\n", "DF060"), [Warning]);
    assert_eq!(sev("FROM node:22-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n", "DF060"), [Error]);
    assert_eq!(sev("FROM alpine:3.20\nENV DB_PASSWORD=pgpass2024\n", "DF065"), [Warning]);
    assert_eq!(sev("FROM alpine:3.20\nENV DB_PASSWORD=kT9vXr2Qp7LmZ4sW8nB3\n", "DF065"), [Error]);
}

/// seafile's and prowlarr's `curl … | apt-key add -` (judged not worth it, 2026-12-05): a consumer that
/// refuses empty input fails the build without pipefail; a shell runs an empty script and succeeds.
#[test]
fn pipes_into_consumers_that_refuse_empty_input_are_info() {
    use shipshape_core::Severity::{Info, Warning};
    let sev = |run: &str| severities(&format!("FROM debian:12\nRUN {run}\n"), "DF054");
    for refused in [
        "curl -fsSL https://x/key | apt-key add -",
        "curl -fsSL https://x/a.tgz | tar -xz",
        "wget -qO- https://x/key | gpg --dearmor -o /k.gpg",
    ] {
        assert_eq!(sev(refused), [Info], "{refused}");
    }
    for accepted in [
        "curl -fsSL https://x/install.sh | sh",
        "curl -fsSL https://x/install.sh | bash -s -- -y",
    ] {
        assert_eq!(sev(accepted), [Warning], "{accepted}");
    }
}

/// A course's assignment stubs (the thirty-ninth sample): a Dockerfile with no instruction at all
/// is info; one with instructions but no FROM stays an error.
#[test]
fn an_empty_dockerfile_is_a_stub() {
    use shipshape_core::Severity::{Error, Info};
    let sev = |src: &str| severities(src, "DF000");
    assert_eq!(sev(""), [Info]);
    assert_eq!(sev("# create your custom drupal image here\n"), [Info]);
    assert_eq!(sev("RUN echo hi\n"), [Error]);
    // A fragment another Dockerfile takes in (the forty-first sample): info.
    let at = |path: &str| {
        run_with(
            "RUN echo hi\n",
            &settings(&["DF000"], ""),
            FixMode::Off,
            Some(std::path::PathBuf::from(path)),
        )
        .severities()
    };
    assert_eq!(at("preview/Dockerfile.append"), [Info]);
    assert_eq!(at(".ddev/web-build/Dockerfile.ddev-cron"), [Info]);
    assert_eq!(at("docker/Dockerfile.worker"), [Error]);
}

/// The error audit (2026-12-05): a file for another BuildKit frontend (`edrevo/dockerfile-plus` and
/// its `INCLUDE+`) is not Docker's syntax: what Docker's parser would refuse is a warning there.
#[test]
fn other_frontends_make_parse_findings_warnings() {
    use shipshape_core::Severity::{Error, Warning};
    let sev = |src: &str| severities(src, "DF000");
    assert_eq!(
        sev("# syntax = edrevo/dockerfile-plus\nINCLUDE+ Dockerfile.common\nENTRYPOINT [\"x\"]\n").first(),
        Some(&Warning)
    );
    assert_eq!(sev("# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUNN x\n"), [Error]);
    assert_eq!(
        sev("# syntax=docker.io/docker/dockerfile-upstream:master@sha256:abc\nFROM alpine:3.20\nRUNN x\n"),
        [Error]
    );
}

/// The error audit (2026-12-05): an insecure download the same RUN verifies can only fail, and a
/// loopback URL has no network between.
#[test]
fn insecure_downloads_that_are_verified_or_local() {
    use shipshape_core::Severity::{Error, Warning};
    let sev = |run: &str, code: &str| severities(&format!("FROM debian:12\nRUN {run}\n"), code);
    assert_eq!(sev("curl -k -o /t.tgz https://x/t.tgz", "DF057"), [Error]);
    assert_eq!(
        sev(
            "curl -k -o /t.tgz https://x/t.tgz && echo \"abc  /t.tgz\" | sha256sum -c -",
            "DF057"
        ),
        [Warning]
    );
    assert!(sev("curl -k https://localhost:8443/health", "DF057").is_empty());
    assert_eq!(
        sev(
            "wget --no-check-certificate -O /t.tgz https://x/t.tgz && sha256sum -c sums",
            "DF058"
        ),
        [Warning]
    );
    assert!(sev("wget --no-check-certificate -qO- https://127.0.0.1:9000/ready", "DF058").is_empty());
}

/// The error audit (2026-12-05): a trusted local cache or internal mirror, or an install pinned by
/// hashes, is a warning; a public host an error.
#[test]
fn pip_trusted_hosts() {
    use shipshape_core::Severity::{Error, Warning};
    let sev = |run: &str| severities(&format!("FROM python:3.13-slim\nRUN {run}\n"), "DF059");
    assert_eq!(
        sev("pip install --index-url http://localhost:3141/root/pypi/+simple/ --trusted-host localhost flask"),
        [Warning]
    );
    assert_eq!(sev("pip install --trusted-host devpi flask"), [Warning]);
    assert_eq!(sev("pip install --trusted-host=nexus.corp.internal flask"), [Warning]);
    assert_eq!(
        sev("pip install --trusted-host pypi.org --require-hashes -r requirements.txt"),
        [Warning]
    );
    assert_eq!(sev("pip install --trusted-host pypi.org flask"), [Error]);
    // PyPI's old host, which pip does not fetch from unless told to (Sefaria, the seventieth
    // sample): info; with an index on it, an error.
    use shipshape_core::Severity::Info;
    assert_eq!(sev("pip install --trusted-host pypi.python.org -r requirements.txt"), [Info]);
    assert_eq!(
        sev("pip install -i http://pypi.python.org/simple --trusted-host pypi.python.org flask"),
        [Error]
    );
}

/// The fifteenth fresh sample (2026-12-05): openstatus sets dummy secrets in a builder stage only;
/// dokploy copies a `.env.production` CI writes (not in the repository); hatchet's single-command
/// shell-form CMD is exec'd by the shell.
#[test]
fn fifteenth_sample_dockerfile() {
    use shipshape_core::Severity::{Info, Warning};
    let sev = severities;
    let builder = "FROM node:24-slim AS build\nENV AUTH_SECRET=kT9vXr2Qp7LmZ4sW8nB3yC6h\nRUN npm run build\nFROM node:24-slim\nCOPY --from=build /app /app\n";
    assert!(sev(builder, "DF065").is_empty());
    let shipped = "FROM node:24-slim AS build\nENV AUTH_SECRET=kT9vXr2Qp7LmZ4sW8nB3yC6h\nFROM build\nCMD [\"node\"]\n";
    assert_eq!(sev(shipped, "DF065").len(), 1);
    assert!(
        sev(
            "FROM node:24-slim\nENV CRON_SECRET=test\nENV AUTH_SECRET=build-time-placeholder-min-32-chars-long\n",
            "DF065"
        )
        .is_empty()
    );
    assert_eq!(
        sev("FROM node:24-slim\nCOPY .env.production /app/.env.production\n", "DF066"),
        [Warning]
    );
    assert_eq!(sev("FROM alpine:3.22\nCMD /hatchet/hatchet-load-test\n", "DF024"), [Info]);
    // BusyBox ash execs a list's last command (checked with `busybox sh -c 'true && sleep 3'`);
    // dash forks it and stays PID 1.
    assert_eq!(sev("FROM alpine:3.22\nCMD ./migrate && ./serve\n", "DF024"), [Info]);
    assert_eq!(
        sev(
            "FROM ruby:3.4.10-alpine3.23\nCMD bundle exec rails db:migrate; bundle exec rails server\n",
            "DF024"
        ),
        [Info]
    );
    assert_eq!(sev("FROM debian:12.8\nCMD ./migrate && ./serve\n", "DF024"), [Warning]);
    // Quoted `;` and parentheses are one argument (engelsystem's dev workspace, the sixty-eighth
    // sample); outside quotes they still make a list.
    assert_eq!(
        sev("FROM php:8.5-fpm-alpine\nENTRYPOINT php -r 'sleep(PHP_INT_MAX);'\n", "DF024"),
        [Info]
    );
    assert_eq!(sev("FROM debian:12.8\nCMD php -r \"sleep(1);\" ; ./serve\n", "DF024"), [Warning]);
    assert_eq!(sev("FROM alpine:3.22\nCMD ./serve | tee log\n", "DF024"), [Warning]);
    assert_eq!(sev("FROM alpine:3.22\nCMD ./migrate && (./serve)\n", "DF024"), [Warning]);
    assert_eq!(
        sev(
            "FROM alpine:3.22\nSHELL [\"/bin/bash\", \"-c\"]\nCMD ./migrate && ./serve\n",
            "DF024"
        ),
        [Warning]
    );
}

/// The severities of one rule's findings on a Dockerfile.
fn severities(src: &str, code: &str) -> Vec<shipshape_core::Severity> {
    run_with(src, &settings(&[code], ""), FixMode::Off, None).severities()
}

/// The error audit (2026-12-05): npm, Yarn and pnpm check a lockfile's integrity hashes whatever the
/// transport, so strict-ssl turned off where a lockfile pins the install is a warning; git, and a
/// package manager with no lockfile, stay errors.
#[test]
fn strict_ssl_with_a_lockfile_is_a_warning() {
    use shipshape_core::Severity::{Error, Warning};
    let locked = "FROM node:24-slim\nCOPY package.json package-lock.json ./\nRUN npm config set strict-ssl false && npm ci\n";
    assert_eq!(severities(locked, "DF062"), [Warning]);
    let npm_ci = "FROM node:24-slim\nCOPY . .\nRUN npm config set strict-ssl false && npm ci\n";
    assert_eq!(severities(npm_ci, "DF062"), [Warning]);
    let global = "FROM node:24-slim\nRUN npm config set strict-ssl false && npm install -g typescript\n";
    assert_eq!(severities(global, "DF062"), [Error]);
    let git = "FROM alpine:3.20\nCOPY package-lock.json ./\nRUN git config --global http.sslVerify false\n";
    assert_eq!(severities(git, "DF062"), [Error]);
}

/// frigate builds its variant images with `docker buildx bake`, whose targets hand `deps` and
/// `rootfs` in as named contexts (judged wrong, the sixteenth sample): `FROM deps` and
/// `COPY --from=rootfs` pull nothing from a registry.
#[test]
fn named_build_contexts_are_not_images() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let rpi = dir.path().join("docker/rpi");
    std::fs::create_dir_all(&rpi).unwrap();
    let src = "FROM deps AS rpi-deps\nRUN make\nFROM rpi-deps\nCOPY --from=rootfs / /\n";
    let path = rpi.join("Dockerfile");
    std::fs::write(&path, src).unwrap();
    let codes = || -> Vec<String> {
        run_with(src, &settings(&["DF006", "DF021"], ""), FixMode::Off, Some(path.clone()))
            .findings
            .iter()
            .map(|f| f.diagnostic.rule.code.to_owned())
            .collect()
    };
    assert_eq!(codes(), ["DF006", "DF021"]);
    std::fs::write(
        rpi.join("rpi.hcl"),
        "target rpi {\n  dockerfile = \"docker/rpi/Dockerfile\"\n  contexts = {\n    deps = \"target:deps\",\n    rootfs = \"target:rootfs\"\n  }\n}\n",
    )
    .unwrap();
    assert!(codes().is_empty());
    std::fs::remove_file(rpi.join("rpi.hcl")).unwrap();
    // A workflow at the repository root that passes them with build-push-action's `build-contexts:`.
    std::fs::create_dir_all(dir.path().join(".github/workflows")).unwrap();
    std::fs::write(
        dir.path().join(".github/workflows/build.yml"),
        "jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          build-contexts: |\n            deps=docker-image://acme/deps:1\n            rootfs=target:rootfs\n",
    )
    .unwrap();
    assert!(codes().is_empty());
    std::fs::remove_file(dir.path().join(".github/workflows/build.yml")).unwrap();
    assert_eq!(codes(), ["DF006", "DF021"]);
    // Images a Tiltfile at the root builds first (wormhole's, the seventy-first sample).
    std::fs::write(
        dir.path().join("Tiltfile"),
        "docker_build(\n    ref = \"deps\",\n    context = \".\",\n)\ndocker_build('rootfs', 'rootfs')\n",
    )
    .unwrap();
    assert!(codes().is_empty());
    std::fs::remove_file(dir.path().join("Tiltfile")).unwrap();
    assert_eq!(codes(), ["DF006", "DF021"]);
    // A bake file in a folder of the root (Mailu's `tests/build.hcl`, the twenty-fifth sample).
    std::fs::create_dir_all(dir.path().join("tests")).unwrap();
    std::fs::write(
        dir.path().join("tests/build.hcl"),
        "target \"rpi\" {\n  contexts = {\n    deps = \"target:deps\"\n    rootfs = \"target:rootfs\"\n  }\n}\n",
    )
    .unwrap();
    assert!(codes().is_empty());
}

/// DF075's fix writes another file: the `.dockerignore` beside the Dockerfile, for the stack the
/// context holds and without what the Dockerfile copies by name, or the missing entries added to
/// an existing one (keeping its line endings). Applied, the finding is gone.
#[test]
fn dockerignore_fix_creates_or_extends_the_file() {
    use shipshape_core::diagnostic::FileOp;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    let path = dir.path().join("Dockerfile");
    let src = "FROM node:24-slim\nCOPY .env ./\nCOPY . .\n";
    std::fs::write(&path, src).unwrap();
    let run = |mode| run_with(src, &settings(&["DF075"], ""), mode, Some(path.clone()));
    let r = run(FixMode::Safe);
    assert_eq!(r.findings.len(), 1, "an unsafe fix needs --unsafe-fixes");
    assert!(r.changes.is_empty());
    let r = run(FixMode::Unsafe);
    assert!(r.findings.is_empty(), "the fixed finding is not reported");
    assert_eq!(r.fixed, None, "the Dockerfile itself is unchanged");
    let [change] = r.changes.as_slice() else {
        panic!("{:?}", r.changes)
    };
    assert_eq!(change.path, dir.path().join(".dockerignore"));
    let FileOp::Create(text) = &change.op else { panic!("{change:?}") };
    assert_eq!(
        text, "# What the build does not need: kept out of the context and the image.\n.git\nnode_modules\nnpm-debug.log*\n",
        "`.env` is copied by name: not excluded"
    );
    std::fs::write(&change.path, text).unwrap();
    assert!(run(FixMode::Off).findings.is_empty(), "applied, the rule is silent");
    // An existing file that lacks entries gets them appended.
    std::fs::write(dir.path().join(".dockerignore"), "dist\r\n").unwrap();
    let r = run(FixMode::Unsafe);
    let [change] = r.changes.as_slice() else {
        panic!("{:?}", r.changes)
    };
    assert_eq!(change.op, FileOp::Append(".git\nnode_modules".into()));
    let appended = shipshape_core::fix::apply_file_op(&change.op, Some("dist\r\n")).unwrap();
    assert_eq!(appended, "dist\r\n.git\r\nnode_modules\r\n");
    std::fs::write(dir.path().join(".dockerignore"), appended).unwrap();
    assert!(run(FixMode::Off).findings.is_empty());
    // A build that runs git needs `.git` (simpler-grants-gov's commit id file, the fifty-second
    // sample): neither the new file nor the missing entries name it.
    std::fs::remove_file(dir.path().join(".dockerignore")).unwrap();
    let git = "FROM node:24-slim\nCOPY . .\nRUN git log -1 --format=%H > public/commit_id.txt\n";
    std::fs::write(&path, git).unwrap();
    let r = run_with(git, &settings(&["DF075"], ""), FixMode::Unsafe, Some(path.clone()));
    let [change] = r.changes.as_slice() else {
        panic!("{:?}", r.changes)
    };
    let FileOp::Create(text) = &change.op else { panic!("{change:?}") };
    assert!(!text.lines().any(|l| l == ".git") && text.contains("node_modules"), "{text}");
    std::fs::write(dir.path().join(".dockerignore"), "node_modules\n").unwrap();
    assert!(
        run_with(git, &settings(&["DF075"], ""), FixMode::Off, Some(path.clone()))
            .findings
            .is_empty()
    );
}

/// manyfold stitches its images together from pieces with `devthefuture/dockerfile-x`'s `INCLUDE`
/// (judged wrong, the eighteenth sample): `FROM base` and `COPY --from=build` in a piece name
/// stages of the pieces it is included with, and `FROM runtime` in the including file a stage of
/// one it includes.
#[test]
fn stages_of_included_dockerfiles_are_not_images() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let docker = dir.path().join("docker");
    std::fs::create_dir_all(&docker).unwrap();
    std::fs::write(
        docker.join("base.dockerfile"),
        "FROM ruby:3.4-alpine AS base\nRUN apk add --no-cache vips\n",
    )
    .unwrap();
    std::fs::write(docker.join("build.dockerfile"), "FROM base AS build\nRUN bundle install\n").unwrap();
    let runtime = "FROM base as runtime\nCOPY --from=build /usr/local/bundle /usr/local/bundle\n";
    std::fs::write(docker.join("runtime.dockerfile"), runtime).unwrap();
    let codes = |name: &str, src: &str| -> Vec<String> {
        let path = docker.join(name);
        std::fs::write(&path, src).unwrap();
        run_with(src, &settings(&["DF006", "DF021"], ""), FixMode::Off, Some(path))
            .findings
            .iter()
            .map(|f| f.diagnostic.rule.code.to_owned())
            .collect()
    };
    assert_eq!(codes("runtime.dockerfile", runtime), ["DF006", "DF021"], "no file includes it yet");
    let main = "# syntax = devthefuture/dockerfile-x\nINCLUDE docker/base.dockerfile\nINCLUDE docker/build.dockerfile\nINCLUDE docker/runtime.dockerfile\nFROM runtime as manyfold\n";
    assert!(codes("manyfold.dockerfile", main).is_empty());
    assert!(codes("runtime.dockerfile", runtime).is_empty(), "included by manyfold.dockerfile");
    // A name no piece defines is still an image.
    assert_eq!(
        codes("runtime.dockerfile", &runtime.replace("--from=build", "--from=bulid")),
        ["DF021"]
    );
}

/// PowerDNS's builder templates (139 DF000 errors on one repository, judged wrong, the
/// sixty-seventh sample): `@IF`, `@INCLUDE` and `@EXEC … include f` are a preprocessor's
/// directives. The file is a template (one info finding), and the stages of the files it includes
/// or that include it are stages, not images.
#[test]
fn preprocessor_templates_and_their_includes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let target =
        "@INCLUDE Dockerfile.sdist\nFROM amazonlinux:2023 AS dist-base\n@EXEC [ \"$skip\" = \"\" ] && include Dockerfile.rpmtest\n";
    std::fs::write(dir.path().join("Dockerfile.target"), target).unwrap();
    std::fs::write(dir.path().join("Dockerfile.sdist"), "FROM alpine:3.23 AS sdist\n").unwrap();
    let rpmtest = "FROM dist-base AS dist\n@IF [ -n \"$M_all\" ]\nCOPY --from=sdist /sdist/ /sdist/\n@ENDIF\n";
    let path = dir.path().join("Dockerfile.rpmtest");
    std::fs::write(&path, rpmtest).unwrap();
    let got: Vec<(String, shipshape_core::Severity)> =
        run_with(rpmtest, &settings(&["DF000", "DF006", "DF021"], ""), FixMode::Off, Some(path))
            .findings
            .iter()
            .map(|f| (f.diagnostic.message.clone(), f.diagnostic.severity))
            .collect();
    assert_eq!(
        got,
        [(
            "a template: `@IF` is a preprocessor's directive, not Docker's; the file is built once expanded".to_owned(),
            shipshape_core::Severity::Info
        )]
    );
    // An unknown instruction written in letters is still an error.
    let typo = run_with("FROM alpine:3.23\nRUNN echo hi\n", &settings(&["DF000"], ""), FixMode::Off, None);
    assert_eq!(typo.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
}

/// kitchenowl's `ENV JWT_SECRET_KEY='PLEASE_CHANGE_ME'` (judged wrong, the nineteenth sample): a
/// value that asks to be replaced is a placeholder.
#[test]
fn values_that_ask_to_be_replaced_are_placeholders() {
    assert!(severities("FROM python:3.13-slim\nENV JWT_SECRET_KEY='PLEASE_CHANGE_ME'\n", "DF065").is_empty());
    assert!(severities("FROM python:3.13-slim\nENV API_KEY=your-api-key-here\n", "DF065").is_empty());
    assert_eq!(
        severities("FROM python:3.13-slim\nENV JWT_SECRET_KEY=kT9vXr2Qp7LmZ4sW8nB3\n", "DF065").len(),
        1
    );
}

/// baserow's web-frontend image (judged wrong, the twenty-fifth sample): files a `COPY --chown`
/// placed belong to the user, who may `chmod` them; other files still need root.
#[test]
fn chmod_of_files_the_user_owns_is_fine() {
    let src = "FROM node:24\nUSER 9999\nCOPY --chown=9999:9999 ./web /app/web/\nRUN chmod a+x /app/web/docker/entrypoint.sh\nRUN chmod 755 /usr/local/bin/tool\n";
    let got = common::codes(src, &["DF071"]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(common::codes(&src.replace("--chown=9999:9999 ", ""), &["DF071"]).len() == 2);
    // Relative to the working directory (GOV.UK Forms' admin image, the fifty-first sample).
    let rel = "FROM ruby:3.4-alpine\nWORKDIR /app\nUSER ruby\nCOPY --chown=ruby:ruby bin/ ./bin\nRUN chmod 0755 bin/*\n";
    assert!(common::codes(rel, &["DF071"]).is_empty());
    assert_eq!(
        common::codes(&rel.replace("RUN chmod 0755 bin/*", "RUN chmod 0755 lib/*"), &["DF071"]).len(),
        1
    );
    // Copied into the working directory itself: its files are the user's, the directory (made by
    // WORKDIR as root) is not, so `chmod -R 500 /app` still fails (the seeds' F07).
    let workdir = "FROM node:24-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\nRUN chmod -R 500 /app\n";
    assert_eq!(common::codes(workdir, &["DF071"]).len(), 1);
    assert!(common::codes(&workdir.replace("-R 500 /app", "+x /app/start.sh"), &["DF071"]).is_empty());
    let root = "FROM alpine:3.22\nCOPY --chown=app:app . .\nUSER app\nRUN chmod +x /etc/profile\n";
    assert_eq!(
        common::codes(root, &["DF071"]).len(),
        1,
        "a copy into / does not give the user /etc"
    );
}

/// percona's OLM `bundle.Dockerfile` (judged wrong, the twenty-ninth sample): a line that is only a
/// variable (`${LABELS}`) is a placeholder a templating step fills in, not an unknown instruction;
/// an unknown word still is one.
#[test]
fn a_placeholder_line_is_no_unknown_instruction() {
    let src = "FROM scratch\n# LABELS is replaced with bundle.annotations.yaml\n${LABELS}\nCOPY x /\n";
    assert!(common::codes(src, &["DF000"]).is_empty());
    assert_eq!(common::codes(&src.replace("${LABELS}", "LABELZ a=b"), &["DF000"]).len(), 1);
}

/// jauderho's tftpd image (judged wrong, the twenty-ninth sample): a shell-form `CMD` whose last
/// statement is `exec program` hands PID 1 to the program, which gets the signals.
#[test]
fn a_shell_form_cmd_that_ends_in_exec_gets_signals() {
    let src = "FROM alpine:3.22\nCMD set -eu ;\\\n    [ -d /srv/root ] && cp -af /srv/root/* /srv ;\\\n    exec in.tftpd -L /srv\n";
    assert!(common::codes(src, &["DF024"]).is_empty());
    let no_exec = src.replace("exec in.tftpd", "in.tftpd");
    assert_eq!(common::codes(&no_exec, &["DF024"]).len(), 1);
}

/// tinode's image (judged wrong, the thirtieth sample): a salt (`API_KEY_SALT`) is public by design;
/// the signing key beside it is a secret.
#[test]
fn a_salt_is_no_secret_in_the_image() {
    let src = "FROM alpine:3.22\nENV API_KEY_SALT=T713/rYYgW7g4m3vG6zGRh7+FM1t0T8j13koXScOAj4=\nENV AUTH_TOKEN_KEY=wfaY2RgF2S1OQI/ZlK+LSrp1KB2jwAdGAIHQ7JZn+Kc=\n";
    let got = common::codes(src, &["DF065"]);
    assert_eq!(got.len(), 1, "{got:?}");
}

/// langfuse's web image (judged wrong, the thirty-first sample): an exec-form `ENTRYPOINT` of a
/// signal-forwarding init (`dumb-init`, `tini`) is PID 1 and hands signals to a shell-form `CMD`.
#[test]
fn a_shell_form_cmd_under_an_init_gets_signals() {
    let src = |entry: &str| {
        format!("FROM node:24-alpine\n{entry}CMD if [ -n \"$DD\" ]; then node -r dd-trace/init server.js; else node server.js; fi\n")
    };
    assert!(common::codes(&src("ENTRYPOINT [\"dumb-init\", \"--\", \"./web/entrypoint.sh\"]\n"), &["DF024"]).is_empty());
    assert!(common::codes(&src("ENTRYPOINT [\"/sbin/tini\", \"--\"]\n"), &["DF024"]).is_empty());
    assert_eq!(common::codes(&src(""), &["DF024"]).len(), 1);
}

/// plane (judged wrong, the thirty-second sample): the official nginx alpine image installs curl.
#[test]
fn healthcheck_curl_in_nginx_alpine() {
    let src = |image: &str| format!("FROM {image}\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n");
    assert!(findings(&src("nginx:1.27-alpine"), &["DF079"]).is_empty());
    assert_eq!(findings(&src("httpd:2.4-alpine"), &["DF079"]).len(), 1);
}

/// plane (judged not worth it, the thirty-second sample): an untagged image in a stage nothing uses
/// is never pulled.
#[test]
fn untagged_image_in_a_dead_stage() {
    let dead = "FROM tonistiigi/binfmt AS binfmt\nFROM alpine:3.20\nRUN true\n";
    assert!(findings(dead, &["DF006"]).is_empty());
    let used = "FROM tonistiigi/binfmt AS binfmt\nFROM alpine:3.20\nCOPY --from=binfmt /usr/bin/x /x\n";
    assert_eq!(findings(used, &["DF006"]).len(), 1);
    assert_eq!(findings("FROM alpine:3.20 AS a\nFROM tonistiigi/binfmt\n", &["DF006"]).len(), 1);
}

/// pezzo (judged wrong, the thirty-third sample): `npm install` after copying a build output's
/// `package*.json` (no lock file there) is no lock-file change; a lock in the repository still counts.
#[test]
fn npm_install_without_a_lock_to_change() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    let df = dir.path().join("Dockerfile");
    let run = |src: &str| {
        std::fs::write(&df, src).unwrap();
        run_with(src, &settings(&["DF077"], ""), FixMode::Off, Some(df.clone()))
            .findings
            .len()
    };
    assert_eq!(
        run("FROM node:22\nCOPY ./dist/apps/server/package*.json ./\nRUN npm i --omit=dev\n"),
        0
    );
    assert_eq!(run("FROM node:22\nCOPY package.json ./\nRUN npm install\n"), 0);
    std::fs::write(dir.path().join("package-lock.json"), "{}").unwrap();
    // `package.json` alone leaves the lock out: not a lock the install changes, one it never reads
    // (flipt's UI image, the forty-seventh sample); the message says so, with no `npm ci` fix.
    assert_eq!(run("FROM node:22\nCOPY package.json ./\nRUN npm install\n"), 1);
    let src = "FROM node:22\nCOPY package.json ./\nRUN npm install\n";
    std::fs::write(&df, src).unwrap();
    let r = run_with(src, &settings(&["DF077"], ""), FixMode::Off, Some(df.clone()));
    let d = &r.findings[0].diagnostic;
    assert!(
        d.message.contains("does not copy with `package.json`") && d.fix.is_none(),
        "{}",
        d.message
    );
    assert_eq!(run("FROM node:22\nCOPY package*.json ./\nRUN npm install\n"), 1);
    assert_eq!(run("FROM node:22\nCOPY . .\nRUN npm install\n"), 1);
}

/// Mobilizon (judged wrong, the thirty-eighth sample): a Dockerfile in `docker/production` built
/// from the root, whose `.dockerignore` keeps `package-lock.json` out. `npm ci` would fail there:
/// the finding names the ignore entry instead, with no fix.
#[test]
fn npm_install_of_a_lock_the_dockerignore_excludes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("docker/production")).unwrap();
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    std::fs::write(dir.path().join("package-lock.json"), "{}").unwrap();
    let df = dir.path().join("docker/production/Dockerfile");
    let src = "FROM node:22\nCOPY . .\nRUN npm install\n";
    std::fs::write(&df, src).unwrap();
    let run = || run_with(src, &settings(&["DF077"], ""), FixMode::Off, Some(df.clone())).findings;
    let f = run();
    assert_eq!(f.len(), 1);
    assert!(f[0].diagnostic.fix.is_some());
    assert!(f[0].diagnostic.message.contains("npm ci"), "{}", f[0].diagnostic.message);
    std::fs::write(dir.path().join(".dockerignore"), "node_modules\n**/package-lock.json\n").unwrap();
    let f = run();
    assert_eq!(f.len(), 1);
    assert!(
        f[0].diagnostic.message.contains("`.dockerignore` keeps out"),
        "{}",
        f[0].diagnostic.message
    );
    assert!(f[0].diagnostic.fix.is_none());
}

/// conduit (judged not worth it, the thirty-fourth sample): the finding points at the download
/// piped into a consumer that accepts anything (`tee`), not at the one into `gpg`, which fails on
/// empty input.
#[test]
fn pipefail_points_at_the_pipe_that_hides_a_failure() {
    let src = "FROM debian:12\nRUN curl -fsSL https://x/key | gpg --dearmor -o /k.gpg \\\n && curl -fsSL https://x/list | tee /etc/apt/sources.list.d/x.list\n";
    let f = findings(src, &["DF054"]);
    assert_eq!(f.len(), 1);
    assert!(f[0].1.contains("tee"), "{f:?}");
}

/// wazuh-docker (judged wrong twice, the thirty-sixth sample): `amazonlinux`'s notice retires only
/// some tags; `amazonlinux:2023` is maintained.
#[test]
fn deprecated_image_by_tag() {
    assert!(findings("FROM amazonlinux:2023\n", &["DF086"]).is_empty());
    assert_eq!(findings("FROM amazonlinux:2018.03\n", &["DF086"]).len(), 1);
}

/// Exceptionless (judged wrong, precision sample 43): a file the same RUN downloaded as the
/// non-root user is that user's to `chmod`; a file from an earlier layer (root's) is not.
#[test]
fn chmod_of_a_file_the_same_run_made_is_the_users() {
    let src = "FROM debian:12\nRUN useradd -m app\nUSER app\nWORKDIR /home/app\nRUN wget https://dot.net/v1/dotnet-install.sh -O dotnet-install.sh && \\\n    chmod +x dotnet-install.sh && \\\n    ./dotnet-install.sh --version 10.0.9\n";
    assert!(findings(src, &["DF071"]).is_empty());
    let curl = "FROM debian:12\nUSER app\nRUN curl -fsSL -o tool.sh https://example.com/tool.sh && chmod 755 tool.sh\n";
    assert!(findings(curl, &["DF071"]).is_empty());
    let other = "FROM debian:12\nUSER app\nRUN wget https://example.com/a.sh -O a.sh && chmod +x /usr/local/bin/tool\n";
    assert_eq!(findings(other, &["DF071"]).len(), 1);
    // Clustered short flags (actions-runner-controller, the fifty-fifth sample).
    let clustered = "FROM debian:12\nUSER runner\nRUN curl -fsSLo /home/runner/bin/docker-compose https://example.com/dc && chmod +x /home/runner/bin/docker-compose\n";
    assert!(findings(clustered, &["DF071"]).is_empty());
    let quiet = "FROM debian:12\nUSER runner\nRUN wget -qO tool https://example.com/tool && chmod +x tool\n";
    assert!(findings(quiet, &["DF071"]).is_empty());
    // Named after the URL, then moved (baserow's formula image, the seventy-third sample).
    let moved = "FROM eclipse-temurin:17\nUSER 1000\nWORKDIR /workspace\nRUN curl -O https://www.antlr.org/download/antlr-${V}-complete.jar \\\n    && mv antlr-${V}-complete.jar antlr.jar \\\n    && chmod +x antlr.jar\n";
    assert!(findings(moved, &["DF071"]).is_empty());
    let fetched = "FROM debian:12\nUSER app\nRUN wget https://example.com/x/tool.sh?v=1 && chmod +x tool.sh\n";
    assert!(findings(fetched, &["DF071"]).is_empty());
    // A file moved from an earlier layer keeps root's ownership.
    let root_file = "FROM debian:12\nUSER app\nRUN mv /opt/tool.sh tool.sh && chmod +x tool.sh\n";
    assert_eq!(findings(root_file, &["DF071"]).len(), 1);
}

/// DF083 (the fiftieth sample, judged wrong twice): a setup script root copies under `/root` and
/// runs before the switch to a user concerns nobody else; packages under root's home, or a file
/// there the user's instructions read, do.
#[test]
fn root_home_files_matter_only_when_the_user_reads_them() {
    let setup =
        "FROM ubuntu:24.04\nADD generic-setup.sh /root/generic-setup.sh\nRUN /root/generic-setup.sh\nUSER raja\nWORKDIR /home/raja\n";
    assert!(common::codes(setup, &["DF083"]).is_empty());
    let packages = "FROM python:3.13-slim\nCOPY --from=build /root/.local /root/.local\nUSER app\nCMD [\"python\", \"-m\", \"app\"]\n";
    assert_eq!(common::codes(packages, &["DF083"]), ["DF083"]);
    let read_later = "FROM ubuntu:24.04\nCOPY entrypoint.sh /root/entrypoint.sh\nUSER app\nENTRYPOINT [\"/root/entrypoint.sh\"]\n";
    assert_eq!(common::codes(read_later, &["DF083"]), ["DF083"]);
}

/// elastic's e2e image copies `test/e2e/license.key`, a licence's public key its CI writes (judged
/// wrong as an error, the fifty-sixth sample): a `.key` or `.pem` is a certain secret only when the
/// build context holds a private key; a public key is none; anything else is a warning.
#[test]
fn a_key_file_is_a_secret_by_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("test/e2e")).unwrap();
    let df = dir.path().join("test/e2e/Dockerfile");
    let src = "FROM golang:1.25\nCOPY test/e2e/license.key /license.key\nUSER 1001\n";
    std::fs::write(&df, src).unwrap();
    let run = || {
        run_with(src, &settings(&["DF066"], ""), FixMode::Off, Some(df.clone()))
            .findings
            .iter()
            .map(|f| (f.diagnostic.severity, f.diagnostic.message.clone()))
            .collect::<Vec<_>>()
    };
    let found = run();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, shipshape_core::Severity::Warning);
    assert!(found[0].1.contains("not in the repository"), "{}", found[0].1);
    let key = dir.path().join("test/e2e/license.key");
    std::fs::write(&key, "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----\n").unwrap();
    assert!(run().is_empty());
    std::fs::write(&key, "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n").unwrap();
    assert_eq!(run()[0].0, shipshape_core::Severity::Error);
    std::fs::write(&key, "licensed-to: example\n").unwrap();
    let found = run();
    assert_eq!(found[0].0, shipshape_core::Severity::Warning);
    assert!(found[0].1.contains("holds no private key"), "{}", found[0].1);
    // Named unambiguously, a key is an error unseen.
    assert_eq!(
        run_with(
            "FROM alpine:3.22\nCOPY id_rsa /root/.ssh/\n",
            &settings(&["DF066"], ""),
            FixMode::Off,
            None
        )
        .findings[0]
            .diagnostic
            .severity,
        shipshape_core::Severity::Error
    );
}

/// A Ministry of Justice tool's `go.mod` requires nothing (judged not worth it, the fifty-sixth
/// sample): `go mod download` after `COPY . ./` fetches nothing, so the order caches nothing.
#[test]
fn a_go_module_that_requires_nothing_has_nothing_to_cache() {
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    let src = "FROM golang:1.25-alpine\nWORKDIR /app\nCOPY . ./\nRUN go mod download\nRUN go build -o /app/main .\n";
    std::fs::write(&df, src).unwrap();
    let run = || {
        run_with(src, &settings(&["DF074"], ""), FixMode::Off, Some(df.clone()))
            .findings
            .len()
    };
    std::fs::write(dir.path().join("go.mod"), "module example.com/tool\n\ngo 1.25\n").unwrap();
    assert_eq!(run(), 0);
    std::fs::write(
        dir.path().join("go.mod"),
        "module example.com/tool\n\ngo 1.25\n\nrequire github.com/spf13/cobra v1.9.1\n",
    )
    .unwrap();
    assert_eq!(run(), 1);
}

/// The image of a Docker container action runs as root by GitHub's design (LLNL/Umpire's
/// static-analysis action, the sixtieth sample): DF003 leaves it; the same file elsewhere is reported.
#[test]
fn last_user_root_leaves_a_container_actions_image() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let src = "FROM ubuntu:24.04\nRUN useradd app\nUSER root\nENTRYPOINT [\"/entry.sh\"]\n";
    let check = |rel: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, src).unwrap();
        run_with(src, &settings(&["DF003"], ""), FixMode::Off, Some(p)).findings.len()
    };
    let action = dir.path().join(".github/actions/lint/action.yml");
    std::fs::create_dir_all(action.parent().unwrap()).unwrap();
    std::fs::write(&action, "name: lint\nruns:\n  using: 'docker'\n  image: 'Dockerfile'\n").unwrap();
    assert_eq!(check(".github/actions/lint/Dockerfile"), 0);
    // An action that runs another image, or no action at all: reported.
    let other = dir.path().join(".github/actions/node/action.yml");
    std::fs::create_dir_all(other.parent().unwrap()).unwrap();
    std::fs::write(&other, "name: n\nruns:\n  using: docker\n  image: docker://alpine:3\n").unwrap();
    assert_eq!(check(".github/actions/node/Dockerfile"), 1);
    assert_eq!(check("app/Dockerfile"), 1);
}

/// DF039: a build argument declared earlier in the stage (`ARG A B`, no default) is set when
/// the ENV runs, so `ENV A=$A C=$A` reads it (stackgres, the sixty-second sample); a variable
/// only the same ENV defines is still not set.
#[test]
fn env_self_reference_knows_declared_build_args() {
    let f = |src: &str| common::codes(src, &["DF039"]);
    assert!(f("FROM alpine:3\nARG VERSION BUILD_HASH\nENV VERSION=$VERSION APP_VERSION=$VERSION\n").is_empty());
    assert!(f("ARG VERSION\nFROM alpine:3\nARG VERSION\nENV VERSION=$VERSION APP_VERSION=$VERSION\n").is_empty());
    assert_eq!(f("FROM alpine:3\nARG OTHER\nENV VERSION=1 APP_VERSION=$VERSION\n"), ["DF039"]);
    assert_eq!(
        f("FROM alpine:3 AS a\nARG VERSION\nFROM alpine:3\nENV VERSION=1 APP_VERSION=$VERSION\n"),
        ["DF039"]
    );
}
