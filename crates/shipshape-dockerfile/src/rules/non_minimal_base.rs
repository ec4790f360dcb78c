use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF073", name: "non-minimal-base", severity: Info, category: Performance, default: false, fix: None,
    peers: [], options: [("allowed", StringList, "[]", "Base images (`python:3.13`, `node`) the final stage may use as they are.")],
    summary: "The final image uses a full distribution or language base",
    what: "Flags a final stage based on a full image (`python:3.13`, `node:22`, `golang`, `ruby`, `openjdk`, `ubuntu`, `debian`…) rather than a `-slim`, `-alpine`, `distroless`, `chainguard` or `scratch` variant. Images listed in `[rules.DF073] allowed` pass. Development Dockerfiles are skipped.",
    why: "Full images carry compilers, shells and hundreds of packages you do not run: hundreds of megabytes and many CVEs.",
    example: "FROM python:3.13\nCOPY --from=build /app /app",
    instead: "FROM python:3.13-slim\nCOPY --from=build /app /app",
    fix_safety: "No automatic fix: a slimmer base may lack libraries the app needs.",
    refs: "- https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image",
    spans: ["python:3.13"],
}

const FULL: &[&str] = &[
    "python",
    "node",
    "golang",
    "ruby",
    "openjdk",
    "eclipse-temurin",
    "amazoncorretto",
    "rust",
    "php",
    "perl",
    "ubuntu",
    "debian",
    "centos",
    "fedora",
    "buildpack-deps",
    "gcc",
    "maven",
    "gradle",
    "elixir",
    "erlang",
    "haskell",
    "swift",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(stage) = cx.df.final_stage() else { return };
    if stage.parent_stage.is_some() || super::support::is_dev_dockerfile(cx) {
        return;
    }
    let Some(r) = stage.image_ref() else { return };
    if r.registry.is_some() && r.registry.as_deref() != Some("docker.io") {
        return;
    }
    let allowed = cx.list_option(&RULE.meta, "allowed");
    let name = r.short_repo();
    if !FULL.contains(&name) || allowed.iter().any(|a| a == name || Some(a.as_str()) == stage.resolved.as_deref()) {
        return;
    }
    let tag = r.tag.as_deref().unwrap_or("latest").to_ascii_lowercase();
    let minimal = ["slim", "alpine", "minimal", "distroless", "busybox", "micro", "chiseled", "jre"]
        .iter()
        .any(|m| tag.contains(m));
    let debian_base = matches!(name, "ubuntu" | "debian" | "centos" | "fedora");
    if !minimal && !debian_base {
        out.push(
            Diagnostic::new(
                meta(),
                stage.image_span,
                format!("`{}` is a full image", stage.resolved.as_deref().unwrap_or("")),
            )
            .help(format!(
                "use a slim variant such as `{name}:{}-slim` (or alpine/distroless)",
                r.tag.as_deref().unwrap_or("<version>")
            )),
        );
    }
}
