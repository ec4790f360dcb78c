use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL023", name: "trigger-without-depend", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A downstream pipeline's result does not count",
    what: "Flags `trigger:` jobs without `strategy: depend` (or `strategy: mirror`).",
    why: "Without it the trigger job succeeds as soon as the child pipeline is created: the parent pipeline is green (and later stages deploy) while the child fails.",
    example: "integration:\n  trigger:\n    include: ci/integration.yml",
    instead: "integration:\n  trigger:\n    include: ci/integration.yml\n    strategy: depend",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#triggerstrategy",
    spans: ["trigger"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, job) in cx.jobs() {
        let Some((k, t)) = job.get_entry("trigger") else { continue };
        let strategy = t.get("strategy").and_then(|s| s.as_str());
        if !matches!(strategy, Some("depend" | "mirror")) {
            out.push(
                Diagnostic::new(
                    meta(),
                    k.span(),
                    format!("job `{name}` succeeds whatever the downstream pipeline does"),
                )
                .help("add `strategy: depend`"),
            );
        }
    }
}
