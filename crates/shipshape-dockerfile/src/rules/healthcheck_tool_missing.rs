use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF079", name: "healthcheck-tool-missing", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "HEALTHCHECK calls a tool the final image does not have",
    what: "Flags a HEALTHCHECK that runs `curl` on a slim, Alpine or distroless base, or `wget` on a slim (not Alpine: busybox has it) or distroless base, when the final stage (or its parents) never installs it and runs no script file that might; and one that runs `python -c \"import requests\"` (or httpx, aiohttp, urllib3) in a final image that installs no Python packages and copies in no built environment.",
    why: "The check then always fails and the orchestrator restarts a healthy container forever.",
    example: "FROM python:3.13-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1",
    instead: "FROM python:3.13-slim\nHEALTHCHECK CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#healthcheck",
    spans: ["curl"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(stage) = cx.df.final_stage() else { return };
    let chain = cx.df.stage_chain(stage);
    let base = chain
        .last()
        .and_then(|s| s.resolved.clone())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let alpine = base.contains("alpine");
    let distroless = base.contains("distroless") || base == "scratch" || base.contains("chainguard");
    let slim = base.contains("slim");
    // A RUN that executes a script file (photoview's `install_runtime_dependencies.sh` installs
    // curl, judged wrong 2026-12-05) may install anything: the tool is then not known to be missing.
    let runs_a_script = chain.iter().any(|s| {
        cx.df.stage_instructions(s).any(|(i, _)| {
            cx.df.script(i).is_some_and(|script| {
                script.commands.iter().any(|c| {
                    let file = |w: &str| {
                        w.ends_with(".sh")
                            || w.starts_with("./")
                            || (w.starts_with('/') && !["/usr/", "/bin/", "/sbin/"].iter().any(|p| w.starts_with(p)))
                    };
                    file(&c.name)
                        || (matches!(c.name.as_str(), "sh" | "bash" | "ash" | "dash")
                            && c.args.iter().find(|a| !a.text.starts_with('-')).is_some_and(|a| file(&a.text)))
                })
            })
        })
    });
    let installs = |tool: &str| {
        runs_a_script
            || chain.iter().any(|s| {
                cx.df.stage_instructions(s).any(|(i, ins)| {
                    (ins.keyword == Keyword::Run && (ins.args.value.contains(tool)))
                        || (ins.keyword == Keyword::Copy
                            && cx.df.script(i).is_none()
                            && ins.words().iter().any(|w| w.text.ends_with(&format!("/{tool}"))))
                })
            })
    };
    for (i, ins) in cx.df.stage_instructions(stage).filter(|(_, i)| i.keyword == Keyword::Healthcheck) {
        let tools: Vec<(String, shipshape_core::Span)> = match (&ins.exec, cx.df.script(i)) {
            (_, Some(script)) => script.commands.iter().map(|c| (c.name.clone(), c.name_span)).collect(),
            _ => {
                let words = ins.words();
                words
                    .get(1)
                    .map(|w| {
                        vec![(
                            w.text.trim_matches(['[', '"', ',']).rsplit('/').next().unwrap_or("").to_owned(),
                            w.span,
                        )]
                    })
                    .unwrap_or_default()
            }
        };
        // Only the official Python images are known to ship no third-party packages.
        let bare_python = crate::model::ImageRef::parse(&base).short_repo() == "python" || base.contains("distroless/python");
        if bare_python && let Some(script) = cx.df.script(i) {
            for c in script.commands.iter().filter(|c| c.name.starts_with("python")) {
                let code = c.args.iter().skip_while(|a| a.text != "-c").nth(1);
                if let Some(code) = code
                    && let Some(module) = third_party_import(&code.text)
                    && !module_available(cx, &chain, module)
                {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            code.span,
                            format!("`{module}` is not part of Python and the final image never installs it"),
                        )
                        .help("use `urllib.request` from the standard library, or install the package in the final stage")
                        .confidence(Confidence::Medium),
                    );
                }
            }
        }
        for (tool, span) in tools {
            let missing = match tool.as_str() {
                "curl" => (alpine || slim || distroless) && !installs("curl") && !ships_curl(&base),
                // Alpine's busybox has `wget`, in its slim variants too (nginx-unprivileged's
                // `-alpine3.23-slim`, judged wrong, the fortieth sample).
                "wget" => ((slim && !alpine) || distroless) && !installs("wget"),
                _ => false,
            };
            if missing {
                out.push(
                    Diagnostic::new(meta(), span, format!("`{tool}` is not in `{base}` and is never installed"))
                        .help("install it in the final stage, or check health with the app's own runtime")
                        .confidence(Confidence::Medium),
                );
            }
        }
    }
}

/// A popular HTTP client module imported by a `python -c` snippet, which the standard library lacks.
fn third_party_import(code: &str) -> Option<&'static str> {
    const MODULES: &[&str] = &["requests", "httpx", "aiohttp", "urllib3"];
    code.split([';', '\n']).find_map(|stmt| {
        let words: Vec<&str> = stmt.split_whitespace().collect();
        let module = match words.as_slice() {
            ["import", rest @ ..] => rest.first().map(|m| m.trim_end_matches(',')),
            ["from", m, "import", ..] => Some(*m),
            _ => None,
        }?;
        let top = module.split('.').next()?;
        MODULES.iter().find(|m| **m == top).copied()
    })
}

/// Whether `module` can be in the final image: named in an install command, listed in the build
/// context's manifests or lock files, or (with no manifests to read) any packages are installed at all.
fn module_available(cx: &Ctx, chain: &[&crate::model::Stage], module: &str) -> bool {
    let named = cx.commands().any(|(_, c)| {
        c.args.iter().any(|a| {
            a.text
                .to_ascii_lowercase()
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(module)
        })
    });
    if named {
        return true;
    }
    const MANIFESTS: &[&str] = &[
        "uv.lock",
        "poetry.lock",
        "Pipfile.lock",
        "Pipfile",
        "pyproject.toml",
        "requirements.txt",
    ];
    let texts: Vec<String> = MANIFESTS.iter().filter_map(|m| cx.context_file(m)).collect();
    if texts.is_empty() {
        return installs_python_packages(cx, chain);
    }
    texts.iter().any(|t| t.to_ascii_lowercase().contains(module))
}

/// Whether the final stage's chain installs Python packages or copies a built environment in.
fn installs_python_packages(cx: &Ctx, chain: &[&crate::model::Stage]) -> bool {
    chain.iter().any(|s| {
        cx.df.stage_instructions(s).any(|(i, ins)| match ins.keyword {
            Keyword::Copy => ins.flag("from").is_some(),
            Keyword::Run => cx.df.script(i).is_none_or(|script| {
                script.commands.iter().any(|c| {
                    matches!(
                        c.name.as_str(),
                        "pip" | "pip3" | "uv" | "poetry" | "pipenv" | "pdm" | "conda" | "micromamba" | "apk" | "apt-get" | "apt"
                    ) || (c.name.starts_with("python") && c.args.iter().any(|a| a.text == "pip"))
                })
            }),
            _ => false,
        })
    })
}

/// Official alpine images that install curl themselves: nginx (`apk add curl` in its Dockerfile,
/// plane's `nginx:1.27-alpine` healthcheck, judged wrong, the thirty-second sample).
fn ships_curl(base: &str) -> bool {
    let repo = crate::model::ImageRef::parse(base).short_repo().to_owned();
    matches!(repo.as_str(), "nginx")
}
