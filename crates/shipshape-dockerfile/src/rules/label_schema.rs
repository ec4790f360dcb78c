use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Span};

rule! {
    code: "DF044", name: "label-schema", severity: Warning, category: Maintainability, default: false, fix: None,
    peers: ["hadolint:DL3049", "hadolint:DL3050", "hadolint:DL3051", "hadolint:DL3052", "hadolint:DL3053", "hadolint:DL3054", "hadolint:DL3055", "hadolint:DL3056", "hadolint:DL3058"],
    options: [
        ("schema", StringTable, "{}", "Labels every final image must carry, each with its value's type: `text`, `url`, `rfc3339`, `spdx`, `hash`, `semver` or `email`."),
        ("strict", Bool, "false", "Also report labels outside the schema."),
    ],
    summary: "Labels follow the configured schema (opt-in)",
    what: "With `[rules.DF044] schema = { \"org.opencontainers.image.source\" = \"url\", … }`, every final image must carry those labels, non-empty, with values of the given type: `text`, `url`, `rfc3339`, `spdx`, `hash` (git SHA), `semver` or `email`. With `strict = true`, labels outside the schema are reported too.",
    why: "Teams that rely on labels for provenance and ownership want every image to carry them, well formed.",
    example: "LABEL org.opencontainers.image.source=\"not a url\"",
    instead: "LABEL org.opencontainers.image.source=\"https://github.com/acme/app\"",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/opencontainers/image-spec/blob/main/annotations.md",
    spans: ["org.opencontainers.image.source=\"not a url\""],
}

fn valid(kind: &str, v: &str) -> bool {
    match kind {
        "url" => (v.starts_with("https://") || v.starts_with("http://")) && v.len() > 10 && !v.contains(' '),
        "rfc3339" => v.len() >= 20 && v.as_bytes().get(4) == Some(&b'-') && v.as_bytes().get(10).is_some_and(|b| *b == b'T' || *b == b't'),
        "hash" => (v.len() == 40 || v.len() == 7) && v.chars().all(|c| c.is_ascii_hexdigit()),
        "semver" => {
            let core = v.trim_start_matches('v').split(['-', '+']).next().unwrap_or("");
            let parts: Vec<_> = core.split('.').collect();
            parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        }
        "email" => v.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.')),
        "spdx" => {
            !v.is_empty()
                && v.split([' ', '(', ')']).filter(|t| !t.is_empty()).all(|t| {
                    matches!(t, "AND" | "OR" | "WITH") || t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
                })
        }
        _ => true,
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(schema) = cx.core.option(&RULE.meta, "schema").and_then(|v| v.as_table()) else {
        return;
    };
    let strict = cx.core.option(&RULE.meta, "strict").and_then(|v| v.as_bool()).unwrap_or(false);
    let Some(stage) = cx.df.final_stage() else { return };
    let mut seen: Vec<(String, String, Span)> = Vec::new();
    for (_, ins) in cx.df.stage_instructions(stage).filter(|(_, i)| i.keyword == Keyword::Label) {
        for (k, v, span) in crate::expand::key_values(&ins.words(), true) {
            seen.push((k, v.unwrap_or_default(), span));
        }
    }
    for (key, kind) in schema {
        let kind = kind.as_str().unwrap_or("text");
        match seen.iter().rev().find(|(k, _, _)| k == key) {
            None => out.push(Diagnostic::new(
                meta(),
                cx.instructions()[stage.from].span,
                format!("label `{key}` is missing"),
            )),
            Some((_, v, span)) if v.is_empty() => out.push(Diagnostic::new(meta(), *span, format!("label `{key}` is empty"))),
            Some((_, v, span)) if !v.contains('$') && !valid(kind, v) => {
                out.push(Diagnostic::new(meta(), *span, format!("label `{key}` is not a valid {kind}")))
            }
            _ => {}
        }
    }
    if strict {
        for (k, _, span) in &seen {
            if !schema.contains_key(k) {
                out.push(Diagnostic::new(meta(), *span, format!("label `{k}` is not in the schema")));
            }
        }
    }
}
