use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "DC012", name: "key-order", severity: Info, category: Style, default: false, fix: None,
    peers: ["dclint:service-keys-order", "dclint:top-level-properties-order"], options: [],
    summary: "Top-level or service keys are not in the conventional order",
    what: "Flags the first key out of the conventional order: top level `name`, `include`, `services`, `networks`, `volumes`, `secrets`, `configs`; in a service, image and build first, then the rest grouped as dclint does (off by default).",
    why: "A fixed order makes every service read the same way.",
    example: "volumes:\n  data: {}\nservices:\n  db:\n    restart: always\n    image: postgres:17",
    instead: "services:\n  db:\n    image: postgres:17\n    restart: always\nvolumes:\n  data: {}",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/zavoloklom/docker-compose-linter",
}

const TOP: &[&str] = &["name", "include", "services", "networks", "volumes", "secrets", "configs"];
const SERVICE: &[&str] = &[
    "image",
    "build",
    "container_name",
    "depends_on",
    "volumes",
    "volumes_from",
    "configs",
    "secrets",
    "environment",
    "env_file",
    "ports",
    "expose",
    "networks",
    "network_mode",
    "extra_hosts",
    "command",
    "entrypoint",
    "working_dir",
    "restart",
    "healthcheck",
    "logging",
    "labels",
    "user",
    "isolation",
];

fn check_order(map: NodeRef, order: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    let mut last = 0;
    for (k, _) in map.entries() {
        let Some(i) = k.as_str().and_then(|k| order.iter().position(|o| *o == k)) else {
            continue;
        };
        if i < last {
            out.push(Diagnostic::new(
                meta(),
                k.span(),
                format!("`{}` comes before `{}` in {what}", order[i], order[last]),
            ));
            return;
        }
        last = i;
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    check_order(cx.root, TOP, "the conventional top-level order", out);
    for (_, _, svc) in cx.services() {
        check_order(svc, SERVICE, "the conventional service key order", out);
    }
}
