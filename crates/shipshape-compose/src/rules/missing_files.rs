use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_core::tree::SourceTree;
use shipshape_yaml::NodeRef;
use std::path::Path;

rule! {
    code: "DC036", name: "missing-file", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A build context, Dockerfile or `env_file` that does not exist",
    what: "Resolves local paths relative to the Compose file: `build:` contexts (and their `dockerfile:`, default `Dockerfile`) and `env_file:` entries (unless `required: false`). A path that exists relative to the repository root is not missing either: a Compose file kept in a folder of templates is copied to the root to be used. Build contexts inside a git submodule (`.gitmodules`) are skipped: a fresh clone leaves them empty. A missing env file is a warning (a script may make it), and a hidden one (`.env`, `.db.env`) is each deployment's own, made by its install steps, and is not reported. A missing env file with a committed template beside it (`.env.example`, `.env.sample`, `.env.dist`, `.env.template`, a variant such as `.env.docker.example`, or `env.example`, `example.env`) is the documented setup step `cp .env.example .env`, not a broken path, and is not reported (whether or not git ignores it); a missing env file is reported once per Compose file. Paths on the host outside the repository (`/data/app/.env`, `~/…`, or an env file in a sibling folder of the checkout, `../app-env/django.txt`) are an installer's or operator's to create and are skipped. Remote contexts (URLs, `git@`) and paths with variables are skipped, and so is a `build:` without `context` in a file `docker compose` does not read by default (an override combined with a base file, whose context it keeps). A missing context outside the repository (a sibling checkout) or in a build-output directory (`dist`, `build`, `target`), a missing `Dockerfile.generated` or a Dockerfile that git ignores, are warnings: something makes them before the build. A missing context that git ignores (`vendor/…`, made by `composer install`) is not reported. An overlay with no base Compose file beside it is combined with one elsewhere and reads its paths from that file's folder: a path that exists from a folder holding a base file (above it, or beside one of those) is not missing, and one that exists from none is a warning (an error when there is no such folder: the file is a project of its own).",
    why: "`docker compose build` or `up` fails (`unable to prepare context`, `env file not found`), often only on a fresh clone where an untracked file was missing.",
    example: "services:\n  api:\n    build: ./services/api-missing",
    instead: "services:\n  api:\n    image: acme/api:1",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/build/\n- https://docs.docker.com/reference/compose-file/services/#env_file",
    spans: ["./services/api-missing"],
}

fn local(p: &str) -> bool {
    !p.contains("://") && !p.starts_with("git@") && !p.contains('$') && !p.is_empty()
}

/// A path on the host outside the repository (`/data/app/.env`, `~/.env`, `C:\app`): an install
/// script or the operator puts it there; whether it exists says nothing about the repository.
fn on_host(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with('/') || p.starts_with('~') || p.starts_with('\\') || (b.len() > 2 && b[1] == b':' && matches!(b[2], b'\\' | b'/'))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A scaffold's compose file (`{{ GOVCMS_PROJECT_NAME }}`) is a template its init script fills
    // in, renaming the files it names (govCMS' `Dockerfile.cli`, judged wrong as an error,
    // precision sample 44): its paths are not there yet.
    if shipshape_core::classify::has_template_blocks(cx.src) {
        return;
    }
    let dir = cx
        .file
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ".".into());
    let tree = cx.core.tree();
    // A file kept in a folder of templates (mailcow's `helper-scripts/…/docker-compose.override.yml`)
    // is copied to the repository root to be used: a path that exists from there is not missing.
    let root = cx.file.path.as_deref().and_then(|f| cx.core.projects.of(f)).map(|p| p.root.clone());
    let mut bases: Vec<std::path::PathBuf> = std::iter::once(dir.clone()).chain(root.clone().filter(|r| *r != dir)).collect();
    // An overlay with no base file beside it is combined with one elsewhere, and its relative
    // paths are read from that file's folder (shepard's `plugins/jupyter/compose-profile.yml`,
    // run after `-f infrastructure/docker-compose.yml`, builds `../plugins/jupyter`: judged
    // wrong as an error, the sixty-ninth sample). Any folder with a base file above it or beside
    // one of those may be the one; where none has the path, it is not certainly missing.
    // A file with no base file to be combined with anywhere near is a project of its own: its
    // missing paths stay errors.
    let mut orphan = false;
    if cx.file.path.as_deref().is_some_and(|p| crate::model::orphan_overlay(tree, p))
        && let Some(r) = &root
    {
        let canonical = tree.canonicalize(&dir).unwrap_or_else(|| dir.clone());
        for b in crate::model::overlay_bases(tree, &canonical, r) {
            orphan = true;
            if !bases.contains(&b) {
                bases.push(b);
            }
        }
    }
    // Submodules a fresh clone leaves empty until `git submodule update --init` (calcom/docker's
    // `./calcom`): what is built from them is not missing. Without a `.git` (a source archive of
    // jpo-ode, the seventy-second sample) the `.gitmodules` of the file's folders count.
    let canonical_dir = tree.canonicalize(&dir).unwrap_or_else(|| dir.clone());
    let module_roots: Vec<&Path> = match &root {
        Some(r) => vec![r.as_path()],
        None => canonical_dir.ancestors().take(8).collect(),
    };
    let submodules: Vec<std::path::PathBuf> = module_roots
        .into_iter()
        .flat_map(|r| {
            let text = tree.read(&r.join(".gitmodules")).unwrap_or_default();
            text.lines()
                .filter_map(|l| {
                    l.trim()
                        .strip_prefix("path")
                        .map(|v| v.trim_start_matches([' ', '=']).trim().to_owned())
                })
                .filter(|p| !p.is_empty())
                .map(|p| r.join(p))
                .collect::<Vec<_>>()
        })
        .collect();
    // The root is canonical; a path beside a file named relatively (`./compose.yaml`) is made so.
    let in_submodule = |p: &Path| {
        let p = tree
            .canonicalize(p)
            .or_else(|| Some(tree.canonicalize(p.parent()?)?.join(p.file_name()?)))
            .unwrap_or_else(|| p.to_path_buf());
        submodules.iter().any(|s| p.starts_with(s))
    };
    // One finding per missing env file: services that share it share the one fix.
    let mut reported = std::collections::HashSet::new();
    // A file `docker compose` does not read by default is combined with a base file (`-f base -f
    // this`): a `build:` without `context` there only overrides the base's (`build: {target:
    // final}`, nautobot's `docker-compose.final.yml`: judged wrong), whose context is not this one.
    let overlay = cx.file.path.as_deref().is_some_and(|p| !crate::model::is_base_name(p));
    for (name, _, svc) in cx.services() {
        if let Some(b) = svc.get("build").filter(|b| !(overlay && b.is_map() && b.get("context").is_none())) {
            let (ctx_node, dockerfile): (Option<NodeRef>, Option<NodeRef>) = if b.is_map() {
                (b.get("context"), b.get("dockerfile"))
            } else {
                (Some(b), None)
            };
            let context = ctx_node.and_then(|c| c.as_str()).unwrap_or(".");
            if local(context) && !on_host(context) {
                match bases.iter().map(|b| b.join(context)).find(|c| tree.is_dir(c)) {
                    None if in_submodule(&dir.join(context)) => {}
                    Some(cdir) if in_submodule(&cdir) => {}
                    None => {
                        let d = Diagnostic::new(
                            meta(),
                            ctx_node.unwrap_or(b).span(),
                            format!("build context `{context}` of `{name}` does not exist"),
                        );
                        let canonical = tree.canonicalize(&dir).unwrap_or_else(|| dir.clone());
                        // A context git ignores is made by a setup step (`composer install` makes
                        // Laravel Sail's `vendor/…/runtimes/8.4`: monica, judged not worth it).
                        let ignored = root
                            .as_deref()
                            .is_some_and(|r| shipshape_core::discover::git_ignores(tree, r, &normalize(&canonical.join(context)), true));
                        if !ignored {
                            out.push(if orphan {
                                d.severity(shipshape_core::Severity::Warning)
                                    .help("an overlay's paths are read from the folder of the first `-f` file it is combined with: check it from there")
                            } else if made_elsewhere(&canonical, context, root.as_deref()) {
                                d.severity(shipshape_core::Severity::Warning)
                                    .help("a sibling checkout or a build step must make it before `docker compose build`")
                            } else {
                                d
                            });
                        }
                    }
                    Some(cdir) if b.get("dockerfile_inline").is_none() => {
                        let df = dockerfile.and_then(|d| d.as_str()).unwrap_or("Dockerfile");
                        // Each place the context can resolve from, as for the context itself: an
                        // overlay's relative paths resolve from the first `-f` file's folder
                        // (statping-ng's `make` passes `-f docker-compose.yml -f
                        // dev/docker-compose.full.yml`, so `context: ./` is the root).
                        let found = tree.is_file(&cdir.join(df)) || bases.iter().any(|b| tree.is_file(&b.join(context).join(df)));
                        if local(df) && !found {
                            let d = Diagnostic::new(
                                meta(),
                                dockerfile.or(ctx_node).unwrap_or(b).span(),
                                // Where it is nowhere (hydra's `.docker/Dockerfile-hsm`, the thirtieth
                                // sample: "does not exist" names the fix better).
                                format!("`{df}` does not exist in the build context `{context}`"),
                            );
                            // `Dockerfile.generated`, or one git ignores: a file a script writes first.
                            let ignored = root.as_deref().is_some_and(|r| {
                                let c = tree.canonicalize(&cdir).unwrap_or_else(|| cdir.clone());
                                shipshape_core::discover::git_ignores(tree, r, &normalize(&c.join(df)), false)
                            });
                            // A file of that name in the context or at the root: the compose file is
                            // run from another folder (companieshouse's `dev.docker-compose.yaml`, loaded
                            // by Tilt from a workspace holding `repositories/overseas-entities-web/`;
                            // judged wrong as an error, the sixty-sixth sample).
                            let name = Path::new(df).file_name();
                            let same_name = name.is_some_and(|n| {
                                Path::new(df).parent().is_some_and(|p| !p.as_os_str().is_empty())
                                    && (tree.is_file(&cdir.join(n)) || root.as_deref().is_some_and(|r| tree.is_file(&r.join(n))))
                            });
                            out.push(if df.to_ascii_lowercase().contains("generated") || ignored || orphan {
                                d.severity(shipshape_core::Severity::Warning)
                            } else if same_name {
                                d.severity(shipshape_core::Severity::Warning)
                                    .help("a file of that name is here: is the compose file run from another folder?")
                            } else {
                                d
                            });
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        for e in svc.get("env_file").map(|e| e.scalar_or_items()).unwrap_or_default() {
            let (path, required) = if e.is_map() {
                (
                    e.get("path").and_then(|p| p.as_str()),
                    e.get("required").and_then(|r| r.as_bool()) != Some(false),
                )
            } else {
                (e.as_str(), true)
            };
            if let Some(p) = path
                && required
                && local(p)
                && !on_host(p)
                // Outside the repository (`../kobo-env/envfiles/django.txt`, which kobo-install
                // generates beside the checkout: three judged wrong, the thirty-ninth sample): the
                // installer's to make, not a broken path of this repository.
                && root.as_deref().is_none_or(|r| normalize(&dir.join(p)).starts_with(r))
                && !bases.iter().enumerate().any(|(i, b)| {
                    // From the root only a path naming a folder (`./rtcstats/.env`): a bare `./.env`
                    // there is another file than the one beside the Compose file.
                    (i == 0 || p.trim_start_matches("./").contains('/'))
                        && (tree.is_file(&b.join(p)) || created_from_template(tree, &b.join(p)))
                })
                // A hidden env file (`.env`, `.db.env`) is each deployment's own, made by the
                // install steps (a `make .env` target, a copy of the documentation's example): not
                // committed by design (coolify, firefly-iii, redash: judged wrong as errors).
                && !Path::new(p).file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
                && reported.insert(p.to_string())
            {
                // Any other env file may still be made by a script: very likely a problem, not certain.
                out.push(
                    Diagnostic::new(meta(), e.span(), format!("env file `{p}` does not exist"))
                        .severity(shipshape_core::Severity::Warning)
                        .help("create it, or mark it `required: false`"),
                );
            }
        }
    }
}

/// The suffixes of the committed template a local env file is copied from.
const TEMPLATES: &[&str] = &[".example", ".sample", ".dist", ".template"];

/// Whether a missing env file is one each checkout creates from a template: a sibling
/// `<name>.example` (or `.sample`, `.dist`, `.template`) exists. Whether git ignores the file
/// does not matter: the template is the documented setup step either way.
fn created_from_template(tree: &dyn SourceTree, file: &Path) -> bool {
    let (Some(parent), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str())) else {
        return false;
    };
    // `<name>.example`, or a variant of it (`.env.windows-docker-desktop.example`), beside the file.
    // `.env` also from `env.example` (jitsi's `rtcstats/env.example`) or `example.env`.
    let bare = name.trim_start_matches('.');
    let is_template = |p: &Path| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            TEMPLATES.iter().any(|t| {
                n.strip_suffix(t)
                    .is_some_and(|stem| stem == name || stem.starts_with(&format!("{name}.")) || (!bare.is_empty() && stem == bare))
                    || n.strip_prefix(&t[1..])
                        .is_some_and(|rest| rest == name || rest == format!(".{bare}"))
            })
        })
    };
    tree.list(parent).iter().any(|p| is_template(p))
}

/// Whether a missing build context is one a developer or a build makes, not a tracked source that
/// is gone (the error audit, 2026-12-05): it lies outside the repository (`../backend`, a sibling
/// checkout a devstack README asks for), or in a build-output directory (`./frontend/dist`).
fn made_elsewhere(dir: &Path, context: &str, root: Option<&Path>) -> bool {
    let output = context
        .split(['/', '\\'])
        .any(|part| matches!(part, "dist" | "build" | "target" | "out" | "output" | "generated"));
    output || root.is_some_and(|r| !normalize(&dir.join(context)).starts_with(r))
}

/// The path with `.` and `..` resolved by text.
fn normalize(path: &Path) -> std::path::PathBuf {
    let mut joined = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                joined.pop();
            }
            std::path::Component::CurDir => {}
            other => joined.push(other),
        }
    }
    joined
}
