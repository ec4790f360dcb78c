use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;
use std::path::Path;

rule! {
    code: "DC036", name: "missing-file", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A build context, Dockerfile or `env_file` that does not exist",
    what: "Resolves local paths relative to the Compose file: `build:` contexts (and their `dockerfile:`, default `Dockerfile`) and `env_file:` entries (unless `required: false`). An env file that git ignores and that has a committed template beside it (`.env.example`, `.env.sample`, `.env.dist`, `.env.template`) is the documented setup step `cp .env.example .env`, not a broken path, and is not reported. Remote contexts (URLs, `git@`) and paths with variables are skipped.",
    why: "`docker compose build` or `up` fails (`unable to prepare context`, `env file not found`), often only on a fresh clone where an untracked file was missing.",
    example: "services:\n  api:\n    build: ./services/api-missing",
    instead: "services:\n  api:\n    image: acme/api:1",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/build/\n- https://docs.docker.com/reference/compose-file/services/#env_file",
}

fn local(p: &str) -> bool {
    !p.contains("://") && !p.starts_with("git@") && !p.contains('$') && !p.is_empty()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let dir = cx
        .file
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ".".into());
    for (name, _, svc) in cx.services() {
        if let Some(b) = svc.get("build") {
            let (ctx_node, dockerfile): (Option<NodeRef>, Option<NodeRef>) = if b.is_map() {
                (b.get("context"), b.get("dockerfile"))
            } else {
                (Some(b), None)
            };
            let context = ctx_node.and_then(|c| c.as_str()).unwrap_or(".");
            if local(context) {
                let cdir = dir.join(context);
                if !cdir.is_dir() {
                    out.push(Diagnostic::new(
                        meta(),
                        ctx_node.unwrap_or(b).span(),
                        format!("build context `{context}` of `{name}` does not exist"),
                    ));
                } else if b.get("dockerfile_inline").is_none() {
                    let df = dockerfile.and_then(|d| d.as_str()).unwrap_or("Dockerfile");
                    if local(df) && !cdir.join(df).is_file() {
                        out.push(Diagnostic::new(
                            meta(),
                            dockerfile.or(ctx_node).unwrap_or(b).span(),
                            format!("`{df}` is not in the build context `{context}`"),
                        ));
                    }
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
                && !dir.join(p).is_file()
                && !created_from_template(&dir.join(p))
            {
                out.push(
                    Diagnostic::new(meta(), e.span(), format!("env file `{p}` does not exist"))
                        .help("create it, or mark it `required: false`"),
                );
            }
        }
    }
}

/// The suffixes of the committed template a local env file is copied from.
const TEMPLATES: &[&str] = &[".example", ".sample", ".dist", ".template"];
/// How many directories up from the env file `.gitignore` files are read (stopping at the
/// repository root).
const MAX_IGNORE_DEPTH: usize = 16;

/// Whether a missing env file is one each checkout creates from a template: a sibling
/// `<name>.example` (or `.sample`, `.dist`, `.template`) exists and git ignores the file itself.
fn created_from_template(file: &Path) -> bool {
    let (Some(parent), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str())) else {
        return false;
    };
    TEMPLATES.iter().any(|t| parent.join(format!("{name}{t}")).is_file()) && git_ignored(parent, name)
}

/// Whether the `.gitignore` files from the repository root down to `parent` ignore the file
/// `name` in `parent` (the last matching pattern wins, deeper files after shallower ones). Only
/// the directories from `parent` up to the nearest one holding `.git` are read, each file
/// bounded; outside a repository only `parent`'s own `.gitignore` counts.
fn git_ignored(parent: &Path, name: &str) -> bool {
    let Ok(parent) = std::fs::canonicalize(parent) else { return false };
    let mut dirs: Vec<&Path> = Vec::new();
    for d in parent.ancestors().take(MAX_IGNORE_DEPTH) {
        dirs.push(d);
        if d.join(".git").exists() {
            break;
        }
    }
    if !dirs.last().is_some_and(|d| d.join(".git").exists()) {
        dirs.truncate(1);
    }
    let mut ignored = false;
    for d in dirs.iter().rev() {
        let Some(text) = shipshape_core::project::read_bounded(&d.join(".gitignore")) else {
            continue;
        };
        let Ok(rel) = parent.strip_prefix(d) else { continue };
        let rel = rel.join(name);
        let Some(rel) = rel.to_str() else { return false };
        let rel = rel.replace('\\', "/");
        for line in text.lines() {
            if let Some(hit) = ignore_line(line.trim_end(), &rel, name) {
                ignored = hit;
            }
        }
    }
    ignored
}

/// What one `.gitignore` line says about the file at `rel` (relative to that `.gitignore`, named
/// `name`): `Some(true)` ignores it, `Some(false)` re-includes it (`!`), `None` does not match.
/// Directory-only patterns (`dir/`) never name a file.
fn ignore_line(line: &str, rel: &str, name: &str) -> Option<bool> {
    if line.is_empty() || line.starts_with('#') || line.ends_with('/') {
        return None;
    }
    let (negate, pat) = match line.strip_prefix('!') {
        Some(p) => (true, p),
        None => (false, line.strip_prefix('\\').unwrap_or(line)),
    };
    // A pattern with a slash (other than a trailing one) is anchored to the `.gitignore`'s
    // directory; one without matches the name at any depth.
    let hit = match pat.strip_prefix('/') {
        Some(anchored) => glob(anchored.as_bytes(), rel.as_bytes()),
        None if pat.contains('/') => glob(pat.as_bytes(), rel.as_bytes()),
        None => glob(pat.as_bytes(), name.as_bytes()),
    };
    hit.then_some(!negate)
}

/// Git's wildmatch, reduced to what names an env file: `*` and `?` within a path segment, `**`
/// across segments, `[...]` classes.
fn glob(pat: &[u8], s: &[u8]) -> bool {
    match pat.first() {
        None => s.is_empty(),
        // `**` only spans segments as a whole segment (`**/x`, `x/**`); elsewhere it is `*`.
        Some(b'*') if pat.get(1) == Some(&b'*') && matches!(pat.get(2), None | Some(b'/')) => {
            let rest = pat[2..].strip_prefix(b"/").unwrap_or(&pat[2..]);
            rest.is_empty() || (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && glob(rest, &s[i..]))
        }
        Some(b'*') => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| glob(&pat[1..], &s[i..])),
        Some(b'?') => s.first().is_some_and(|&c| c != b'/') && glob(&pat[1..], &s[1..]),
        Some(b'[') => {
            let Some(end) = pat.iter().skip(2).position(|&c| c == b']').map(|e| e + 2) else {
                return s.first() == Some(&b'[') && glob(&pat[1..], &s[1..]);
            };
            let Some(&c) = s.first() else { return false };
            let (neg, set) = match pat[1] {
                b'!' | b'^' => (true, &pat[2..end]),
                _ => (false, &pat[1..end]),
            };
            let mut inside = false;
            let mut i = 0;
            while i < set.len() {
                if i + 2 < set.len() && set[i + 1] == b'-' {
                    inside |= set[i] <= c && c <= set[i + 2];
                    i += 3;
                } else {
                    inside |= set[i] == c;
                    i += 1;
                }
            }
            inside != neg && c != b'/' && glob(&pat[end + 1..], &s[1..])
        }
        Some(&p) => s.first() == Some(&p) && glob(&pat[1..], &s[1..]),
    }
}
