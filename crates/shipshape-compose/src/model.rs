//! A view of a Compose file over the spanned YAML tree: services, the project it belongs to
//! (base file plus overrides in the same directory), `.env` interpolation and the file's role.

use shipshape_core::tree::SourceTree;
use shipshape_knowledge::compose::DEFAULT_FILES as BASE_NAMES;
use shipshape_knowledge::dockerfile::Facts;
use shipshape_knowledge::image::ImageRef;
use shipshape_yaml::{NodeRef, Yaml};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `(name, key, service)` of every service.
pub fn services<'a>(root: NodeRef<'a>) -> Vec<(&'a str, NodeRef<'a>, NodeRef<'a>)> {
    root.get("services")
        .map(|s| s.entries())
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, v)| v.is_map())
        .filter_map(|(k, v)| Some((k.as_str()?, k, v)))
        .collect()
}

/// What a file is for, from its name: production files get the strict checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Production,
    Development,
    Base,
}

pub fn role(file_name: &str) -> Role {
    let n = file_name.to_ascii_lowercase();
    if n.contains("prod") {
        Role::Production
    } else if n.contains("dev") || n.contains("override") || n.contains("local") {
        Role::Development
    } else {
        Role::Base
    }
}

/// Variables from `.env` (KEY=VALUE lines, `#` comments, optional quotes, `export ` prefix).
pub fn parse_env(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let l = l.strip_prefix("export ").unwrap_or(l);
        let Some((k, v)) = l.split_once('=') else { continue };
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
            .unwrap_or(v);
        out.insert(k.trim().to_owned(), v.to_owned());
    }
    out
}

/// `.env`'s value of `key` as Compose reads it: interpolated from the other variables of the file,
/// each of them interpolated once from the rest (`COMPOSE_PROFILES=${DOC_ENGINE},…` after
/// `DOC_ENGINE=${DOC_ENGINE:-elasticsearch}` is `elasticsearch,…`: ragflow, the thirty-ninth
/// sample). A variable the file leaves to the shell is empty.
pub fn env_value(env: &BTreeMap<String, String>, key: &str) -> Option<String> {
    let raw = env.get(key)?;
    let mut resolved = BTreeMap::new();
    for r in var_refs(raw).unwrap_or_default() {
        if r.name == key || resolved.contains_key(&r.name) {
            continue;
        }
        if let Some(v) = env.get(&r.name) {
            let mut others = env.clone();
            others.remove(&r.name);
            resolved.insert(r.name.clone(), interpolate(v, &others));
        }
    }
    Some(interpolate(raw, &resolved))
}

/// One `${…}` / `$VAR` reference in a string.
#[derive(Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// `:-`, `-`, `:?`, `?`, `:+`, `+`, or empty.
    pub op: String,
    pub arg: String,
    /// Byte range in the string.
    pub start: usize,
    pub end: usize,
}

/// The variable references of a string (`$$` is an escaped `$`). `Err(offset)` for an unclosed `${`.
pub fn var_refs(s: &str) -> Result<Vec<VarRef>, usize> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'$') => i += 2,
            Some(b'{') => {
                // Nested `${` inside a default are allowed by Compose; count braces.
                let mut depth = 0;
                let mut j = i + 1;
                let mut close = None;
                while j < b.len() {
                    match b[j] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(end) = close else { return Err(i) };
                let inner = &s[i + 2..end];
                let name_len = inner
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(inner.len());
                let (name, rest) = inner.split_at(name_len);
                let op_len = ["?", ":?", "-", ":-", "+", ":+"]
                    .iter()
                    .filter(|op| rest.starts_with(**op))
                    .map(|op| op.len())
                    .max()
                    .unwrap_or(0);
                out.push(VarRef {
                    name: name.to_owned(),
                    op: rest[..op_len].to_owned(),
                    arg: rest[op_len..].to_owned(),
                    start: i,
                    end: end + 1,
                });
                i = end + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let len = s[i + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(s.len() - i - 1);
                out.push(VarRef {
                    name: s[i + 1..i + 1 + len].to_owned(),
                    op: String::new(),
                    arg: String::new(),
                    start: i,
                    end: i + 1 + len,
                });
                i += 1 + len;
            }
            _ => i += 1,
        }
    }
    Ok(out)
}

/// The string with references replaced from `env` (defaults applied; unknown → empty), like
/// `docker compose config` does. Nested defaults are interpolated once more.
pub fn interpolate(s: &str, env: &BTreeMap<String, String>) -> String {
    let Ok(refs) = var_refs(s) else { return s.to_owned() };
    let mut out = String::new();
    let mut last = 0;
    for r in refs {
        out.push_str(&s[last..r.start].replace("$$", "$"));
        let val = env.get(&r.name).map(String::as_str);
        let set_nonempty = val.is_some_and(|v| !v.is_empty());
        let v = match r.op.as_str() {
            ":-" if !set_nonempty => interpolate(&r.arg, env),
            "-" if val.is_none() => interpolate(&r.arg, env),
            ":+" if set_nonempty => interpolate(&r.arg, env),
            "+" if val.is_some() => interpolate(&r.arg, env),
            ":+" | "+" => String::new(),
            _ => val.unwrap_or_default().to_owned(),
        };
        out.push_str(&v);
        last = r.end;
    }
    out.push_str(&s[last..].replace("$$", "$"));
    out
}

/// What the rest of the project (the other Compose files of the directory) defines: services with
/// their healthcheck status, named volumes and networks.
#[derive(Default, Debug)]
pub struct Project {
    /// Service name → whether any file gives it a healthcheck (`disable: true` counts as none).
    pub services: BTreeMap<String, bool>,
    pub volumes: BTreeSet<String>,
    pub networks: BTreeSet<String>,
    /// `.env` of the project directory.
    pub env: BTreeMap<String, String>,
    /// Variables named in `.env.example`, when it exists.
    pub env_example: Option<BTreeSet<String>>,
    /// Service name → its `profiles` (services without any are absent).
    pub profiles: BTreeMap<String, Vec<String>>,
    /// The same for the file itself with what it `include`s and `extends` (what `docker compose`
    /// certainly combines), without the other Compose files of its directory.
    pub own_profiles: BTreeMap<String, Vec<String>>,
    /// Services the file itself (with its includes and `extends`) defines.
    pub own_services: BTreeSet<String>,
    /// The `image:` (as written) of every service that also `build:`s: the name of an image built
    /// here, which other services may run without a registry to pull it from.
    pub built_images: BTreeSet<String>,
    /// Whether some file of the project could not be read (a remote or templated `include`, a
    /// missing `extends.file`): rules that need every definition stay silent.
    pub open: bool,
    /// Whether another Compose file of the folder `include`s this one: it is part of that
    /// project, not a project of its own.
    pub included: bool,
}

/// What the Compose files of the folders above a file, and beside its folder, define (with what
/// they include): a file a root file `include`s, or that a platform combines with a common file
/// above it (`-f apps/docker-compose.common.yml -f apps/x/docker-compose.yml`) or beside it (`-f
/// localenv/a/docker-compose.yml -f localenv/merged/docker-compose.yml`), may use them, so a name
/// found there is not certainly undefined. Read only for a name the project lacks ([`above`]).
#[derive(Default, Debug)]
pub struct Above {
    pub services: BTreeSet<String>,
    pub volumes: BTreeSet<String>,
    pub networks: BTreeSet<String>,
}

/// How many folders above a Compose file are searched for the files it may be combined with.
const ABOVE_DEPTH: usize = 4;

/// Whether `name` (a `compose*.yml` or `docker-compose*.yaml`) names a Compose file.
fn compose_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    (n.starts_with("compose") || n.starts_with("docker-compose")) && (n.ends_with(".yml") || n.ends_with(".yaml"))
}

/// [`Above`] of a file in `dir`: the Compose files of each folder above it, up to the
/// repository's root (the folder holding `.git`) and at most [`ABOVE_DEPTH`] folders up, and
/// those of the folders beside `dir` (at most [`SIBLINGS`]).
pub fn above(tree: &dyn SourceTree, dir: &Path) -> Above {
    let mut out = Above::default();
    let Some(abs) = tree.canonicalize(dir) else { return out };
    let mut p = Project::default();
    // Up from the file's folder, never above the repository's root.
    let mut here = abs.as_path();
    for level in 0..ABOVE_DEPTH {
        if tree.exists(&here.join(".git")) {
            break;
        }
        let Some(up) = here.parent() else { break };
        if level == 0 {
            let siblings = tree.list(up).into_iter().filter(|c| c.as_path() != here && tree.is_dir(c));
            for sibling in siblings.take(SIBLINGS) {
                add_folder(tree, &mut p, &sibling);
            }
        }
        here = up;
        add_folder(tree, &mut p, up);
    }
    out.services.extend(p.services.into_keys());
    out.volumes.extend(p.volumes);
    out.networks.extend(p.networks);
    out
}

/// How many folders beside a Compose file's are read for [`above`].
const SIBLINGS: usize = 32;

/// Adds what the Compose files directly in `dir` define (at most 20 files).
fn add_folder(tree: &dyn SourceTree, p: &mut Project, dir: &Path) {
    let files = tree
        .list(dir)
        .into_iter()
        .filter(|q| q.file_name().and_then(|n| n.to_str()).is_some_and(compose_name));
    for q in files.take(20) {
        let Some(text) = tree.read(&q) else { continue };
        let yaml = Yaml::parse(&text);
        if let Some(r) = yaml.docs.first().and_then(|d| d.root()).filter(|r| r.is_map()) {
            add_file(tree, p, r, Some(dir), 0);
        }
    }
}

/// How deep `include` and `extends.file` are followed.
const MAX_INCLUDE_DEPTH: usize = 4;

/// Whether a node's healthcheck exists and is not disabled.
pub fn has_healthcheck(svc: NodeRef) -> bool {
    svc.get("healthcheck").is_some_and(|h| {
        h.get("disable").and_then(|d| d.as_bool()) != Some(true) && h.get("test").map(|t| t.as_str() != Some("NONE")).unwrap_or(true)
    })
}

/// A service's `profiles` (empty when it has none, so it always starts).
pub fn profiles(svc: NodeRef) -> Vec<String> {
    svc.get("profiles")
        .map(|v| v.items())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// A service's `profiles`, or those of the service it `extends` (in this file or another, through
/// chains): `extends` merges the base service, profiles included (zabbix-docker's
/// `zabbix-proxy-mysql` → `proxy-mysql` → `proxy` with `profiles: [all]`; ten DC039 errors judged
/// wrong, the thirty-seventh sample).
fn inherited_profiles(tree: &dyn SourceTree, root: NodeRef, svc: NodeRef, name: &str, dir: Option<&Path>, depth: usize) -> Vec<String> {
    let own = profiles(svc);
    if !own.is_empty() || depth >= MAX_INCLUDE_DEPTH {
        return own;
    }
    let Some(x) = svc.get("extends") else { return own };
    // `extends: base` (a string) names a service of this file.
    let base = x
        .as_str()
        .or_else(|| x.get("service").and_then(|s| s.as_str()))
        .unwrap_or(name)
        .to_owned();
    match x.get("file").and_then(|f| f.as_str()) {
        None => {
            let Some(parent) = root.get("services").and_then(|s| s.get(&base)) else {
                return own;
            };
            if base == name {
                return own;
            }
            inherited_profiles(tree, root, parent, &base, dir, depth + 1)
        }
        Some(file) => {
            let Some(text) = read_other(tree, dir, file, depth) else {
                return own;
            };
            let yaml = Yaml::parse(&text);
            let Some(other) = yaml.docs.first().and_then(|d| d.root()) else {
                return own;
            };
            let Some(parent) = other.get("services").and_then(|s| s.get(&base)) else {
                return own;
            };
            let next = dir.map(|d| d.join(file)).and_then(|f| f.parent().map(Path::to_path_buf));
            inherited_profiles(tree, other, parent, &base, next.as_deref(), depth + 1)
        }
    }
}

/// Whether two services with these `profiles` can be started together: a service without
/// profiles always starts, and two with profiles start together only under a shared profile.
/// Profiles are compared as written, so an interpolated one never proves an overlap.
pub fn can_run_together(a: &[String], b: &[String]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|p| b.contains(p))
}

fn add_file(tree: &dyn SourceTree, p: &mut Project, root: NodeRef, dir: Option<&Path>, depth: usize) {
    for (name, _, svc) in services(root) {
        let mut hc = has_healthcheck(svc);
        if let Some(x) = svc.get("extends")
            && let Some(file) = x.get("file").and_then(|f| f.as_str())
        {
            match read_other(tree, dir, file, depth) {
                Some(other) => {
                    let yaml = Yaml::parse(&other);
                    let base = x.get("service").and_then(|s| s.as_str()).unwrap_or(name);
                    let parent = yaml
                        .docs
                        .first()
                        .and_then(|d| d.root())
                        .and_then(|r| r.get("services"))
                        .and_then(|s| s.get(base));
                    hc |= parent.is_some_and(has_healthcheck);
                }
                None => p.open = true,
            }
        }
        let e = p.services.entry(name.to_owned()).or_insert(false);
        *e |= hc;
        if svc.get("build").is_some()
            && let Some(image) = svc.get("image").and_then(|i| i.as_text())
        {
            p.built_images.insert(image.to_owned());
        }
        let profiles = inherited_profiles(tree, root, svc, name, dir, depth);
        if !profiles.is_empty() {
            p.profiles.insert(name.to_owned(), profiles);
        }
    }
    for (key, set) in [("volumes", &mut p.volumes), ("networks", &mut p.networks)] {
        set.extend(
            root.get(key)
                .map(|v| v.entries())
                .unwrap_or_default()
                .iter()
                .filter_map(|(k, _)| k.as_str().map(str::to_owned)),
        );
    }
    for path in include_nodes(root) {
        let included = path.as_str().and_then(|f| read_other(tree, dir, f, depth));
        let Some(text) = included else {
            p.open = true;
            continue;
        };
        let yaml = Yaml::parse(&text);
        let next = path
            .as_str()
            .and_then(|f| dir.map(|d| d.join(f)))
            .and_then(|f| f.parent().map(Path::to_path_buf));
        match yaml.docs.first().and_then(|d| d.root()).filter(|r| r.is_map()) {
            Some(r) => add_file(tree, p, r, next.as_deref(), depth + 1),
            None => p.open = true,
        }
    }
}

/// The paths a file's `include:` names: each entry is a path, or a map whose `path` is one path
/// or several.
fn include_nodes(root: NodeRef<'_>) -> Vec<NodeRef<'_>> {
    let mut out = Vec::new();
    for entry in root.get("include").map(|i| i.items()).unwrap_or_default() {
        if entry.is_map() {
            out.extend(entry.get("path").map(|p| p.scalar_or_items()).unwrap_or_default());
        } else {
            out.push(entry);
        }
    }
    out
}

fn include_paths(root: NodeRef<'_>) -> Vec<&str> {
    include_nodes(root).into_iter().filter_map(|n| n.as_str()).collect()
}

/// Another local file of the project (`include`, `extends.file`), when it can be read offline.
fn read_other(tree: &dyn SourceTree, dir: Option<&Path>, file: &str, depth: usize) -> Option<String> {
    if depth >= MAX_INCLUDE_DEPTH || file.contains('$') || file.contains("://") || file.starts_with("git@") {
        return None;
    }
    tree.read(&dir?.join(file))
}

/// Whether a file has one of the names `docker compose` reads by default (no `-f` needed).
pub fn is_base_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(shipshape_knowledge::compose::is_default_file)
}

/// Whether the file is an overlay meant to be combined with a base file passed with `-f` (from a
/// Makefile, a script, CI): a service with neither `image`, `build` nor `extends` is only complete
/// once merged, and a file of another name with no base file beside it completes one elsewhere.
fn is_overlay(tree: &dyn SourceTree, root: NodeRef, path: Option<&Path>) -> bool {
    let partial = services(root)
        .iter()
        .any(|(_, _, svc)| svc.is_map() && ["image", "build", "extends"].iter().all(|k| svc.get(k).is_none()));
    partial || path.is_some_and(|p| orphan_overlay(tree, p))
}

/// A file of another name than a base file's with no base file beside it: combined with a base
/// file elsewhere (`-f infrastructure/docker-compose.yml -f plugins/x/compose-profile.yml`),
/// whose folder its relative paths are read from.
pub fn orphan_overlay(tree: &dyn SourceTree, p: &Path) -> bool {
    let named_base = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| BASE_NAMES.contains(&n));
    let base_beside = p.parent().is_some_and(|d| BASE_NAMES.iter().any(|b| tree.is_file(&d.join(b))));
    !named_base && !base_beside
}

/// The folders holding a base Compose file that an orphan overlay in `dir` may be combined with:
/// those of `dir`'s ancestors up to `root`, and their child folders (a sibling `infrastructure/`),
/// at most 64.
pub fn overlay_bases(tree: &dyn SourceTree, dir: &Path, root: &Path) -> Vec<std::path::PathBuf> {
    let has_base = |d: &Path| BASE_NAMES.iter().any(|b| tree.is_file(&d.join(b)));
    let mut out = Vec::new();
    let mut cur = Some(dir);
    while let Some(a) = cur {
        if has_base(a) {
            out.push(a.to_path_buf());
        }
        for c in tree.list(a).into_iter().filter(|c| tree.is_dir(c)).take(200) {
            if out.len() < 64 && has_base(&c) && !out.contains(&c) {
                out.push(c);
            }
        }
        if a == root || !a.starts_with(root) {
            break;
        }
        cur = a.parent();
    }
    out
}

/// The project of the file at `path` (or of `root` alone when there is no path): this file plus
/// every other Compose file in its directory, and its `.env` / `.env.example`. An overlay's project
/// is open: the services it refers to may be defined in the base it is combined with.
pub fn project(tree: &dyn SourceTree, root: NodeRef, path: Option<&Path>) -> Project {
    let mut p = Project {
        open: is_overlay(tree, root, path),
        ..Project::default()
    };
    add_file(tree, &mut p, root, path.and_then(Path::parent), 0);
    p.own_profiles = p.profiles.clone();
    p.own_services = p.services.keys().cloned().collect();
    let Some(dir) = path.and_then(Path::parent) else { return p };
    if let Some(text) = tree.read(&dir.join(".env")) {
        p.env = parse_env(&text);
    }
    if let Some(text) = tree.read(&dir.join(".env.example")) {
        p.env_example = Some(parse_env(&text).into_keys().collect());
    }
    let me = path.and_then(Path::file_name);
    // `list` is sorted.
    let others: Vec<_> = tree
        .list(dir)
        .into_iter()
        .filter(|q| q.file_name().and_then(|n| n.to_str()).is_some_and(compose_name) && q.file_name() != me)
        .collect();
    for q in others.into_iter().take(20) {
        let Some(text) = tree.read(&q) else {
            p.open = true;
            continue;
        };
        let yaml = Yaml::parse(&text);
        if let Some(r) = yaml.docs.first().and_then(|d| d.root()).filter(|r| r.is_map()) {
            add_file(tree, &mut p, r, Some(dir), 0);
            p.included |= me.is_some_and(|me| {
                include_paths(r)
                    .iter()
                    .any(|f| Path::new(f.trim_start_matches("./")).as_os_str() == me)
            });
        }
    }
    p
}

/// Whether the service's image itself defines a HEALTHCHECK: `Some(false)` for a Dockerfile built here
/// without one, or an official Docker Hub image (docker-library images define none); `Some(true)`
/// for a Dockerfile with one; `None` when it cannot be known (third-party images, unreadable files).
/// `facts` are those of the Dockerfile the service builds from (see `Ctx::dockerfile_facts`).
pub fn image_healthcheck(svc: NodeRef, facts: Option<&Facts>, env: &BTreeMap<String, String>) -> Option<bool> {
    if let Some(b) = svc.get("build") {
        let facts = facts?;
        let target = b.get("target").and_then(|t| t.as_str());
        if facts.healthcheck(target) {
            return Some(true);
        }
        // Built `FROM` a third-party image, it inherits whatever HEALTHCHECK that image bakes in
        // (`FROM vaultwarden/server`): unknown. Only `scratch` and official images are known to
        // define none (the error audit, 2026-12-05).
        let base = facts.root_base(target)?;
        if base == "scratch" {
            return Some(false);
        }
        return known_without_healthcheck(base);
    }
    let (image, _) = image(svc, env)?;
    known_without_healthcheck(&image)
}

/// `Some(false)` for an official Docker Hub image (docker-library images define no HEALTHCHECK),
/// `None` (unknown) for any other.
fn known_without_healthcheck(image: &str) -> Option<bool> {
    let r = ImageRef::parse(image);
    let name = match &r.registry {
        Some(registry) => format!("{registry}/{}", r.repo),
        None => r.repo,
    };
    let key = shipshape_core::data::image_key(None, &name)?;
    shipshape_core::data::is_known_image(&key).then_some(false)
}

/// The Dockerfile a service is built from, read through the tree: its `dockerfile_inline`, or
/// `build.dockerfile` (default `Dockerfile`) in the build context, relative to the Compose file's
/// directory `dir`. `None` for a service not built here, a remote or templated context, or a file
/// that cannot be read.
pub fn service_dockerfile(tree: &dyn SourceTree, svc: NodeRef, dir: &Path) -> Option<String> {
    let b = svc.get("build")?;
    if let Some(inline) = b.get("dockerfile_inline").and_then(|d| d.as_str()) {
        return Some(inline.to_owned());
    }
    let context = if b.is_map() {
        b.get("context").and_then(|c| c.as_str()).unwrap_or(".")
    } else {
        b.as_str()?
    };
    let df = b.get("dockerfile").and_then(|d| d.as_str()).unwrap_or("Dockerfile");
    if context.contains("://") || context.contains('$') || df.contains('$') {
        return None;
    }
    tree.read(&dir.join(context).join(df))
}

/// The directory of the Compose file (the working directory for stdin).
pub fn dir_of(path: Option<&Path>) -> std::path::PathBuf {
    path.and_then(Path::parent).map(Path::to_path_buf).unwrap_or_else(|| ".".into())
}

/// A service's image, interpolated.
pub fn image<'a>(svc: NodeRef<'a>, env: &BTreeMap<String, String>) -> Option<(String, NodeRef<'a>)> {
    let node = svc.get("image")?;
    Some((interpolate(node.as_text()?, env), node))
}

/// The last path component of an image reference, lowercase: `docker.io/library/postgres:17` →
/// `postgres`, `bitnami/redis` → `redis`.
pub fn image_repo(image: &str) -> String {
    ImageRef::parse(image).basename().to_ascii_lowercase()
}

/// Images that hold state: (repository, data directory, default port).
pub const STATEFUL: &[(&str, &str, u16)] = &[
    ("postgres", "/var/lib/postgresql/data", 5432),
    ("postgis", "/var/lib/postgresql/data", 5432),
    ("timescaledb", "/var/lib/postgresql/data", 5432),
    ("mysql", "/var/lib/mysql", 3306),
    ("mariadb", "/var/lib/mysql", 3306),
    ("mongo", "/data/db", 27017),
    ("redis", "/data", 6379),
    ("valkey", "/data", 6379),
    ("elasticsearch", "/usr/share/elasticsearch/data", 9200),
    ("opensearch", "/usr/share/opensearch/data", 9200),
    ("rabbitmq", "/var/lib/rabbitmq", 5672),
    ("cassandra", "/var/lib/cassandra", 9042),
    ("influxdb", "/var/lib/influxdb2", 8086),
    ("clickhouse-server", "/var/lib/clickhouse", 8123),
    ("neo4j", "/data", 7687),
    ("couchdb", "/opt/couchdb/data", 5984),
];

/// Database and cache ports that should never face the world (with memcached's).
pub const PRIVATE_PORTS: &[u16] = &[
    5432, 3306, 27017, 6379, 9200, 9300, 5672, 9042, 8086, 8123, 7687, 5984, 11211, 1433, 1521, 2379,
];

/// A `ports:` entry, short (`"127.0.0.1:8080:80/tcp"`) or long (`{target, published, host_ip}`).
#[derive(Debug, PartialEq, Eq)]
pub struct Port {
    pub host_ip: Option<String>,
    pub published: Option<String>,
    pub target: String,
    /// `tcp` unless given (`53:53/udp`, `protocol: udp`).
    pub protocol: String,
}

pub fn parse_port(node: NodeRef) -> Option<Port> {
    if node.is_map() {
        return Some(Port {
            host_ip: node.get("host_ip").and_then(|h| h.as_text()).map(str::to_owned),
            published: node.get("published").and_then(|p| p.as_text()).map(str::to_owned),
            target: node.get("target")?.as_text()?.to_owned(),
            protocol: node.get("protocol").and_then(|p| p.as_str()).unwrap_or("tcp").to_ascii_lowercase(),
        });
    }
    let s = node.as_text()?;
    let (s, protocol) = s.split_once('/').unwrap_or((s, "tcp"));
    let protocol = protocol.to_ascii_lowercase();
    // IPv6 host IPs are bracketed: `[::1]:8080:80`.
    let (host_ip, rest) = match s.strip_prefix('[') {
        Some(r) => {
            let (ip, rest) = r.split_once("]:")?;
            (Some(ip.to_owned()), rest)
        }
        None => (None, s),
    };
    let parts: Vec<&str> = rest.split(':').collect();
    Some(match (host_ip, parts.as_slice()) {
        (None, [t]) => Port {
            host_ip: None,
            published: None,
            target: t.to_string(),
            protocol: protocol.clone(),
        },
        (None, [p, t]) => Port {
            host_ip: None,
            published: Some(p.to_string()),
            target: t.to_string(),
            protocol: protocol.clone(),
        },
        (None, [ip, p, t]) => Port {
            host_ip: Some(ip.to_string()),
            published: Some(p.to_string()),
            target: t.to_string(),
            protocol: protocol.clone(),
        },
        (Some(ip), [p, t]) => Port {
            host_ip: Some(ip),
            published: Some(p.to_string()),
            target: t.to_string(),
            protocol: protocol.clone(),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_follows_compose() {
        let env: BTreeMap<String, String> = [("TAG".to_owned(), "1.2".to_owned()), ("EMPTY".to_owned(), String::new())].into();
        assert_eq!(interpolate("nginx:${TAG}", &env), "nginx:1.2");
        assert_eq!(interpolate("nginx:${NOPE:-latest}", &env), "nginx:latest");
        assert_eq!(interpolate("${EMPTY:-x}-${EMPTY-y}", &env), "x-");
        assert_eq!(interpolate("$$HOME ${A:-${TAG}}", &env), "$HOME 1.2");
        assert!(var_refs("${OPEN").is_err());
        assert_eq!(var_refs("${X:?need X}").unwrap()[0].op, ":?");
        assert_eq!(
            parse_env("# c\nexport A=\"1\"\nB='2'\nC=3 \n"),
            [("A".into(), "1".into()), ("B".into(), "2".into()), ("C".into(), "3".into())].into()
        );
    }

    #[test]
    fn port_forms() {
        let y = Yaml::parse(
            "- \"8080:80\"\n- 127.0.0.1:5432:5432/tcp\n- \"[::1]:6379:6379\"\n- 3000\n- {target: 80, published: 8081, host_ip: 0.0.0.0}\n",
        );
        let items = y.docs[0].root().unwrap().items();
        let ports: Vec<Port> = items.into_iter().filter_map(parse_port).collect();
        assert_eq!(ports[0].published.as_deref(), Some("8080"));
        assert_eq!(ports[1].host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(ports[2].host_ip.as_deref(), Some("::1"));
        assert_eq!(ports[3].published, None);
        assert_eq!(ports[4].host_ip.as_deref(), Some("0.0.0.0"));
    }
}
