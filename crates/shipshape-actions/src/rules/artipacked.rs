use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic, Edit, Fix};
use shipshape_yaml::NodeRef;
use shipshape_yaml::patch;

rule! {
    code: "GHA014", name: "artipacked", severity: Warning, category: Security, default: true, fix: Unsafe,
    peers: ["zizmor:artipacked"], options: [],
    summary: "`actions/checkout` leaves the token in `.git/config`",
    what: "Flags `actions/checkout` steps before v6 that do not set `persist-credentials: false` (v6 and later keep the token in a file under `$RUNNER_TEMP`, outside the checkout; a SHA is judged by the dated table of release commits). Confidence is high when the same job later uploads an artifact (the token can ride along in `.git`), medium otherwise.",
    why: "By default checkout writes the job's `GITHUB_TOKEN` into `.git/config`, where every later step (and any artifact that includes the checkout) can read it.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - run: make",
    fix_safety: "Unsafe: sets the existing `persist-credentials:` to `false`, or adds it (no fix when the value is an expression or comes from an anchor). A later step that runs `git push` with the checkout's credentials stops working; give it a token explicitly.",
    refs: "- https://docs.zizmor.sh/audits/#artipacked\n- https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Jobs (by their start) that upload an artifact, found once rather than per checkout.
    let mut uploading: std::collections::HashMap<usize, bool> = std::collections::HashMap::new();
    for (job, step) in cx.steps() {
        if !model::step_uses(step, "actions/checkout") {
            continue;
        }
        let persist = model::with(step, "persist-credentials");
        // checkout compares the upper-cased input with `TRUE`: `False` is as false as `false`.
        if persist
            .and_then(|p| p.as_text())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("false"))
        {
            continue;
        }
        let Some((uses, node)) = model::uses_of(step) else { continue };
        // Since v6, checkout keeps the token in a file under `$RUNNER_TEMP`, not in `.git/config`:
        // an uploaded checkout no longer carries it.
        if let model::Uses::Repo { git_ref: Some(r), .. } = uses
            && checkout_major(r).is_some_and(|m| m >= 6)
        {
            continue;
        }
        let uploads = job.is_some_and(|j| {
            *uploading
                .entry(j.span().start)
                .or_insert_with(|| model::steps(j).into_iter().any(|s| model::step_uses(s, "actions/upload-artifact")))
        });
        out.push(
            Diagnostic::new(
                meta(),
                node.span(),
                "checkout keeps the token in `.git/config` for every later step",
            )
            .help("set `with: persist-credentials: false`, and pass a token explicitly to the step that pushes, if any")
            .confidence(if uploads { Confidence::High } else { Confidence::Medium })
            .maybe_fix(fix(cx, step)),
        );
    }
}

/// Set `persist-credentials: false`: replace the value when the key is written in the step
/// (a second key would be a duplicate, which GitHub rejects), add it otherwise. No fix for an
/// expression (the workflow chose to make it configurable), a value that comes from an anchor
/// or merge key (the edit would change other steps), or a key with no value to replace.
/// The major version of a checkout ref: from a tag (`v6`, `v6.0.1`), or from the dated table of
/// release commits for a full SHA.
fn checkout_major(git_ref: &str) -> Option<u64> {
    let tag = if git_ref.len() == 40 && git_ref.bytes().all(|b| b.is_ascii_hexdigit()) {
        shipshape_core::data::action_tags("actions/checkout")
            .iter()
            .find(|(_, commit)| commit.eq_ignore_ascii_case(git_ref))?
            .0
    } else {
        git_ref
    };
    model::major_of(tag)?.trim_start_matches('v').parse().ok()
}

fn fix(cx: &Ctx, step: NodeRef) -> Option<Fix> {
    let edit = match step.get("with") {
        Some(w) if !model::written_in(w, step) => None,
        Some(w) => match w.get_entry("persist-credentials") {
            Some((key, value)) => {
                let text = value.as_text()?;
                let span = value.span();
                (model::written_in(key, w) && model::written_in(value, w) && value.is_scalar() && !span.is_empty() && !text.contains("${{"))
                    .then(|| Edit::replace(span, "false"))
            }
            None if w.is_map() => patch::insert_entry(cx.src, w, "persist-credentials", "false", None),
            None => None,
        },
        None => patch::insert_entry(cx.src, step, "with", "\npersist-credentials: false", None),
    }?;
    Some(Fix::unsafe_("set `persist-credentials: false`", vec![edit]))
}
