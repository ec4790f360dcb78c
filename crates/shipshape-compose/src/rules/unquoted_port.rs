use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};
use shipshape_yaml::Style;

rule! {
    code: "DC009", name: "unquoted-port", severity: Warning, category: Correctness, default: false, fix: Safe,
    peers: ["dclint:require-quotes-in-ports"], options: [],
    summary: "A port mapping is not quoted",
    what: "Flags plain (unquoted) `HOST:CONTAINER` entries in `ports:` and `expose:`.",
    why: "YAML 1.1 reads `22:22` as the base-60 number 1342: parsers that follow it (PyYAML, old docker-compose) publish the wrong port. Quoting makes every parser read a string.",
    example: "services:\n  ssh:\n    image: linuxserver/openssh-server:9.9\n    ports:\n      - 2222:22",
    instead: "services:\n  ssh:\n    image: linuxserver/openssh-server:9.9\n    ports:\n      - \"2222:22\"",
    fix_safety: "Safe: the quoted string is what `docker compose` already reads.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#ports\n- https://yaml.org/type/int.html",
    spans: ["2222:22"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, svc) in cx.services() {
        for key in ["ports", "expose"] {
            for node in svc.get(key).map(|p| p.items()).unwrap_or_default() {
                if node.style() != Style::Plain || !node.is_scalar() {
                    continue;
                }
                let Some(text) = node.as_text() else { continue };
                if !text.contains(':') {
                    continue;
                }
                let fix = Fix::safe("quote it", vec![Edit::replace(node.span(), format!("\"{text}\""))]);
                out.push(
                    Diagnostic::new(meta(), node.span(), "unquoted port mapping")
                        .help(format!("write `\"{text}\"`"))
                        .fix(fix),
                );
            }
        }
    }
}
