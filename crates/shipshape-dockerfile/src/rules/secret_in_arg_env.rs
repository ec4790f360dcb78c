use crate::parser::Keyword;
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::{Confidence, Diagnostic};
use std::sync::LazyLock;

rule! {
    code: "DF065", name: "secret-in-arg-env", severity: Error, category: Security, default: true, fix: None,
    peers: ["hadolint:DL3064", "trivy:DS031", "buildkit:SecretsUsedInArgOrEnv"], options: [],
    summary: "A secret is baked into ARG or ENV",
    what: "Flags `ARG`/`ENV` whose name looks like a secret (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`…) and that has a literal value. Placeholders and references (`${…}`, empty, `changeme`, `dummy`, and values that switch a feature off such as Chromium's `GOOGLE_API_KEY=no`: `no`, `none`, `false`, `off`, `0`, `disabled`) are not flagged; an `ARG` without a default is info. An error when the value looks generated (16 characters or more of mixed letters and digits, high entropy): a real credential; a chosen value (`pgpass2024`, a CI database's throwaway password) is a warning.",
    why: "ENV values are in the image config and ARG values in its history: anyone who can pull the image can read them.",
    example: "ENV DATABASE_PASSWORD=hunter2",
    instead: "RUN --mount=type=secret,id=db_password ./configure",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/secrets/",
    spans: ["hunter2"],
}

static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|_)(pass(word|wd)?|secret|token|api_?key|private_?key|access_?key|auth|credentials?)($|_)").expect("valid regex")
});

const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_FILE",
    "_PATH",
    "_DIR",
    "_URL",
    "_HOST",
    "_PORT",
    "_USER",
    "_USERNAME",
    "_NAME",
    "_LENGTH",
    "_TYPE",
    "_VERSION",
    "_ENABLED",
    "_ID",
    // A salt is public by design (tinode's `API_KEY_SALT` validates its published API keys;
    // judged wrong, the thirtieth sample).
    "_SALT",
    // Settings of an auth system, not credentials (Grafana's `GF_AUTH_ANONYMOUS_ORG_ROLE=Admin`,
    // judged wrong, precision sample 43).
    "_ROLE",
    "_MODE",
    "_METHOD",
    "_PROVIDER",
    "_SCOPE",
    "_SCOPES",
    "_ISSUER",
    "_AUDIENCE",
    "_REALM",
    "_ALGORITHM",
    "_TIMEOUT",
    "_TTL",
];

pub fn placeholder(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    l.is_empty()
        || shipshape_core::secret_value::not_a_secret(&l)
        || l.starts_with('$')
        || l.contains("${")
        || l.starts_with('<')
        || matches!(
            l.as_str(),
            "changeme"
                | "change-me"
                | "changeit"
                | "example"
                | "dummy"
                | "placeholder"
                | "none"
                | "null"
                // A feature switched off, not a credential (Chromium builds set
                // `GOOGLE_API_KEY=no`, `GOOGLE_DEFAULT_CLIENT_SECRET=no`).
                | "no"
                | "off"
                | "disabled"
                | "false"
                | "true"
                | "0"
                | "1"
                | "xxx"
                | "test"
                | "mock"
                | "fake"
                | "secret"
                | "password"
                | "todo"
                // A value saying there is none (nerves-hub's build-stage `SECRET_KEY_BASE=nokey`,
                // the real one read at run time: judged wrong, precision sample 43).
                | "nokey"
                | "no-key"
                | "no_key"
                | "unset"
                | "notset"
                | "not-set"
                | "not_set"
                | "unused"
        )
        || l.chars().all(|c| c == 'x' || c == '*')
        // `build-time-placeholder-min-32-chars-long`: a value that says what it is.
        || shipshape_core::secret_value::has_stand_in_word(&l)
        || l.starts_with("/run/secrets/")
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // An `ENV` of a build stage the final image does not descend from stays in the builder: the
    // shipped image never holds it (openstatus' builder-only `CRON_SECRET`, judged wrong 2026-12-05).
    let shipped_stages: Vec<usize> = cx
        .df
        .final_stage()
        .map(|f| cx.df.stage_chain(f).iter().map(|s| s.index).collect())
        .unwrap_or_default();
    let shipped = |span: shipshape_core::Span| {
        let at = cx
            .instructions()
            .iter()
            .position(|i| i.span.start <= span.start && span.start < i.span.end.max(i.span.start + 1));
        at.is_none_or(|i| cx.df.stage_of[i].is_none_or(|s| shipped_stages.contains(&s)))
    };
    for (kw, k, v, span) in cx.env_and_args() {
        if !shipped(span) {
            continue;
        }
        let upper = k.to_ascii_uppercase();
        if !SECRET_NAME.is_match(&k)
            || NOT_SECRET_SUFFIXES.iter().any(|s| upper.ends_with(s))
            || upper.contains("KEYRING")
            || upper.ends_with("_KEY_ID")
        {
            continue;
        }
        match v {
            Some(v) if !placeholder(&v) => out.push(
                Diagnostic::new(meta(), span.find_within(cx.src, &v), format!("`{k}` holds a secret in the image"))
                    .severity(shipshape_core::secret_value::severity_by_value(&v))
                    .help("pass secrets at build time with `RUN --mount=type=secret`, or at run time through the environment")
                    .confidence(Confidence::Medium)
                    .secret(),
            ),
            None if kw == Keyword::Arg => out.push(
                Diagnostic::new(
                    meta(),
                    span,
                    format!("build argument `{k}` looks like a secret: its value is kept in the image history"),
                )
                .severity(shipshape_core::Severity::Info)
                .confidence(Confidence::Medium)
                .help("use `RUN --mount=type=secret,id=…` instead of a build argument"),
            ),
            _ => {}
        }
    }
}
