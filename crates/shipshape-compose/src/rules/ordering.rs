use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "DC011", name: "unsorted-lists", severity: Info, category: Style, default: false, fix: None,
    peers: ["dclint:services-alphabetical-order", "dclint:service-dependencies-alphabetical-order", "dclint:service-ports-alphabetical-order"], options: [],
    summary: "Services, dependencies or ports are not in alphabetical order",
    what: "Flags the first out-of-order entry of `services:`, of each service's `depends_on:`, and of each service's `ports:` (off by default: a style preference).",
    why: "Sorted lists make long files easy to scan and merge conflicts rarer.",
    example: "services:\n  web:\n    image: nginx:1.29\n    depends_on:\n      - db\n      - api\n    ports:\n      - \"8443:443\"\n      - \"8080:80\"\n  api:\n    image: acme/api:1\n  db:\n    image: postgres:17",
    instead: "services:\n  api:\n    image: acme/api:1\n  db:\n    image: postgres:17\n  web:\n    image: nginx:1.29\n    depends_on:\n      - api\n      - db\n    ports:\n      - \"8080:80\"\n      - \"8443:443\"",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/zavoloklom/docker-compose-linter",
    spans: ["api", "\"8080:80\"", "api"],
}

fn first_unsorted<'a>(items: &[(String, NodeRef<'a>)]) -> Option<NodeRef<'a>> {
    items.windows(2).find(|w| w[1].0 < w[0].0).map(|w| w[1].1)
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let services: Vec<(String, NodeRef)> = cx.services().into_iter().map(|(n, k, _)| (n.to_owned(), k)).collect();
    if let Some(n) = first_unsorted(&services) {
        out.push(Diagnostic::new(meta(), n.span(), "services are not in alphabetical order"));
    }
    for (_, _, svc) in cx.services() {
        if let Some(d) = svc.get("depends_on") {
            let deps: Vec<(String, NodeRef)> = if d.is_map() {
                d.entries()
                    .into_iter()
                    .filter_map(|(k, _)| Some((k.as_str()?.to_owned(), k)))
                    .collect()
            } else {
                d.items().into_iter().filter_map(|i| Some((i.as_str()?.to_owned(), i))).collect()
            };
            if let Some(n) = first_unsorted(&deps) {
                out.push(Diagnostic::new(meta(), n.span(), "`depends_on` is not in alphabetical order"));
            }
        }
        let ports: Vec<(String, NodeRef)> = svc
            .get("ports")
            .map(|p| p.items())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|i| Some((i.as_text()?.to_owned(), i)))
            .collect();
        if let Some(n) = first_unsorted(&ports) {
            out.push(Diagnostic::new(meta(), n.span(), "`ports` are not in order"));
        }
    }
}
