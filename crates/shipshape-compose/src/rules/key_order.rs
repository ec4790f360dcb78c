use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "DC012", name: "key-order", severity: Info, category: Style, default: false, fix: None,
    peers: ["dclint:service-keys-order", "dclint:top-level-properties-order"], options: [],
    summary: "Top-level or service keys are not in the conventional order",
    what: "Flags the first key out of the conventional order: top level `x-` extension fields, `version`, `name`, `include`, `services`, `networks`, `volumes`, `secrets`, `configs`; in a service, image and build first, then the rest grouped as dclint does, and keys outside those groups (`init`, `profiles`, `deploy` …) last, in alphabetical order (off by default).",
    why: "A fixed order makes every service read the same way.",
    example: "volumes:\n  data: {}\nservices:\n  db:\n    restart: always\n    image: postgres:17",
    instead: "services:\n  db:\n    image: postgres:17\n    restart: always\nvolumes:\n  data: {}",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/zavoloklom/docker-compose-linter",
    spans: ["services", "image"],
}

const TOP: &[&str] = &[
    "version", "name", "include", "services", "networks", "volumes", "secrets", "configs",
];
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

/// The keys of `map` as strings.
fn keys<'a>(map: NodeRef<'a>) -> Vec<&'a str> {
    map.entries().into_iter().filter_map(|(k, _)| k.as_str()).collect()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Top level: extension fields (`x-…`, which hold the anchors the rest refers to) first, sorted,
    // then the known keys; other keys are left where they are.
    let mut top: Vec<&str> = keys(cx.root).into_iter().filter(|k| k.starts_with("x-")).collect();
    top.sort_unstable();
    top.extend_from_slice(TOP);
    check_order(cx.root, &top, "the conventional top-level order", out);
    for (_, _, svc) in cx.services() {
        // A service: the known keys in their groups, then every other key, sorted (as dclint).
        let mut other: Vec<&str> = keys(svc).into_iter().filter(|k| !SERVICE.contains(k)).collect();
        other.sort_unstable();
        other.dedup();
        let order: Vec<&str> = SERVICE.iter().copied().chain(other).collect();
        check_order(svc, &order, "the conventional service key order", out);
    }
}
