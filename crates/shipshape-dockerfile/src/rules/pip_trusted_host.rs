use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF059", name: "pip-trusted-host", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_4", "checkov:CKV2_DOCKER_16"], options: [],
    summary: "pip with TLS verification turned off for a host",
    what: "Flags `pip install --trusted-host …` and `ENV PIP_TRUSTED_HOST=…`: an error for a public host, a warning for a local or internal one (a man in the middle must be inside already) or an install pinned by hashes. `--trusted-host pypi.python.org`, PyPI's old host, is info: pip fetches from pypi.org and files.pythonhosted.org unless an index option names the old host, so it does nothing.",
    why: "A trusted host is fetched over plain HTTP or unverified TLS: packages can be swapped in transit.",
    example: "RUN pip install --trusted-host pypi.example.com -r requirements.txt",
    instead: "RUN pip install -r requirements.txt",
    fix_safety: "No automatic fix.",
    refs: "- https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host",
    spans: ["--trusted-host"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if super::pip_pin_versions::is_pip_install(c)
            && let Some(a) = c.find_opt(&[], &["trusted-host"])
        {
            // A local cache or an internal mirror (`localhost`, `devpi`, `nexus.corp.internal`), or
            // an install pinned by hashes: a man in the middle must be inside first, or can only
            // break the build (the error audit, 2026-12-05).
            let host = a.text.split_once('=').map_or_else(
                || {
                    let at = c.args.iter().position(|w| w.span == a.span).map_or(0, |i| i + 1);
                    c.args.get(at).map_or("", |w| w.text.as_str())
                },
                |(_, h)| h,
            );
            let internal = !host.contains('.')
                || ["localhost", "127.", "10.", "192.168.", "host.docker.internal"]
                    .iter()
                    .any(|p| host.starts_with(p))
                || [".internal", ".local", ".lan", ".corp"].iter().any(|s| host.ends_with(s));
            let hashed = c.args.iter().any(|w| w.text == "--require-hashes");
            // PyPI's old host, which pip no longer fetches from unless an index option names it:
            // trusting it changes nothing (Sefaria's Dockerfiles, judged wrong as errors, the
            // seventieth sample). Hygiene.
            let legacy = host == "pypi.python.org" && !c.args.iter().any(|w| w.text.contains("pypi.python.org/"));
            if legacy {
                out.push(
                    Diagnostic::new(
                        meta(),
                        a.span,
                        "`--trusted-host pypi.python.org` does nothing: pip fetches from pypi.org and files.pythonhosted.org",
                    )
                    .severity(shipshape_core::Severity::Info)
                    .help("remove it"),
                );
                continue;
            }
            let d = Diagnostic::new(meta(), a.span, "pip skips TLS verification for this host");
            out.push(if internal || hashed {
                d.severity(shipshape_core::Severity::Warning)
            } else {
                d
            });
        }
    }
    for (_, k, v, span) in cx.env_and_args() {
        if k == "PIP_TRUSTED_HOST" && v.is_some_and(|v| !v.is_empty()) {
            out.push(Diagnostic::new(meta(), span, "PIP_TRUSTED_HOST turns off TLS verification for pip"));
        }
    }
}
