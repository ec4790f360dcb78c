use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF039", name: "env-self-reference", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL3044"], options: [],
    summary: "Do not reference a variable in the ENV that defines it",
    what: "Flags `ENV A=1 B=$A` where `$A` refers to a variable defined earlier in the same ENV (and not before it).",
    why: "All values of one ENV are expanded before any is set, so `$A` is empty (or its old value).",
    example: "ENV APP_HOME=/app PATH=$APP_HOME/bin:$PATH",
    instead: "ENV APP_HOME=/app\nENV PATH=$APP_HOME/bin:$PATH",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#env",
    spans: ["PATH=$APP_HOME/bin:$PATH"],
}

fn refers_to(value: &str, name: &str) -> bool {
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let inner = rest.strip_prefix('{').unwrap_or(rest);
        let end = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        if &inner[..end] == name {
            return true;
        }
    }
    false
}

/// Whether an `ARG name` earlier in the stage of instruction `idx` declares `name`: a build
/// argument with no default has no value the model knows, but is set when the build passes it
/// (stackgres' `ARG STACKGRES_VERSION BUILD_HASH` then `ENV STACKGRES_VERSION=… OPERATOR_VERSION=$STACKGRES_VERSION`,
/// judged wrong, the sixty-second sample).
fn declared_arg(cx: &Ctx, idx: usize, name: &str) -> bool {
    let Some(stage) = cx.df.stage_of.get(idx).copied().flatten() else {
        return false;
    };
    cx.instructions()[cx.df.stages[stage].from..idx]
        .iter()
        .filter(|i| i.keyword == Keyword::Arg)
        .any(|i| crate::expand::key_values(&i.words(), false).iter().any(|(k, _, _)| k == name))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut vars = cx.df.var_cursor();
    for (i, ins) in cx.each(Keyword::Env) {
        let kvs = crate::expand::key_values(&ins.words(), true);
        let before = vars.at(i);
        for (n, (_, value, span)) in kvs.iter().enumerate() {
            let Some(value) = value else { continue };
            for (name, _, _) in &kvs[..n] {
                if refers_to(value, name) && !before.contains_key(name) && !declared_arg(cx, i, name) {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            *span,
                            format!("`${name}` is defined in this same ENV, so it is not set yet"),
                        )
                        .help("split the ENV into two instructions"),
                    );
                }
            }
        }
    }
}
