use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::Style;

rule! {
    code: "DC006", name: "quotes-in-volumes", severity: Info, category: Style, default: false, fix: None,
    peers: ["dclint:no-quotes-in-volumes"], options: [],
    summary: "Quoted short volume syntax",
    what: "Flags quoted short-syntax `volumes:` entries of services (off by default: a style preference).",
    why: "Volume specs need no quotes; mixing quoted and plain entries makes diffs noisy.",
    example: "services:\n  db:\n    image: postgres:17\n    volumes:\n      - \"db-data:/var/lib/postgresql/data\"\nvolumes:\n  db-data: {}",
    instead: "services:\n  db:\n    image: postgres:17\n    volumes:\n      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data: {}",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/zavoloklom/docker-compose-linter",
    spans: ["\"db-data:/var/lib/postgresql/data\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, svc) in cx.services() {
        for v in svc.get("volumes").map(|v| v.items()).unwrap_or_default() {
            if matches!(v.style(), Style::SingleQuoted | Style::DoubleQuoted) {
                out.push(Diagnostic::new(meta(), v.span(), "this volume entry is quoted").help("write it without quotes"));
            }
        }
    }
}
