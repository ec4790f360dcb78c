use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_schema::Family;

rule! {
    code: "DC040", name: "compose-schema", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["check-jsonschema:compose-spec"], options: [],
    summary: "A key or value the Compose specification does not allow",
    what: "Validates the file against the Compose specification's JSON Schema (shipped in shipshape; see `shipshape rules` for its date) and reports each error at its key or value: an unknown key (with the key probably meant), a value of the wrong kind, a missing required key, a value that is not one of those allowed. An error where `docker compose` certainly refuses the file: a wrong kind, a missing key, a near-miss of a known key or value. An unknown key or value with no near match is a warning, since Compose adds keys after the shipped schema was taken.",
    why: "`docker compose` validates every file against this schema and refuses the whole project on the first error, so a typo in one service stops every service; and a misspelt optional key such as `helthcheck` is not ignored but fatal.",
    example: "services:\n  web:\n    image: nginx:1.29\n    helthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]",
    instead: "services:\n  web:\n    image: nginx:1.29\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json\n- https://docs.docker.com/reference/compose-file/",
    spans: ["helthcheck"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for p in shipshape_schema::validate(Family::Compose, cx.root) {
        let certain = p.certain();
        out.push(p.into_diagnostic(meta(), certain));
    }
}
