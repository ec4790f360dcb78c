//! Node services (Express, Next.js, NestJS and other servers) and static sites built with Node
//! (Vite, Eleventy, Astro), with npm, pnpm, yarn or bun, alone or in a workspace.

use super::{
    DEFAULT_NODE, Service, env_example, env_reads, find_bind_env, find_health, find_port, is_sample_dir, major, regex_lite as re, sources,
};
use crate::repo::{Repo, join, parent};
use serde_json::Value;

const STORES: &[(&str, &str)] = &[
    ("pg", "postgres"),
    ("postgres", "postgres"),
    ("mysql2", "mysql"),
    ("mysql", "mysql"),
    ("mongoose", "mongodb"),
    ("mongodb", "mongodb"),
    ("redis", "redis"),
    ("ioredis", "redis"),
    ("nats", "nats"),
    ("kafkajs", "kafka"),
    ("@elastic/elasticsearch", "elasticsearch"),
    ("@opensearch-project/opensearch", "opensearch"),
    ("@clickhouse/client", "clickhouse"),
];

/// Server frameworks, by package, in order of precedence.
const SERVERS: &[(&str, &str)] = &[
    ("next", "nextjs"),
    ("@nestjs/core", "nestjs"),
    ("express", "express"),
    ("fastify", "fastify"),
    ("koa", "koa"),
    ("hono", "hono"),
];
/// Static site builders.
const STATIC: &[(&str, &str, &str)] = &[
    ("astro", "astro", "dist"),
    ("@11ty/eleventy", "eleventy", "_site"),
    ("vite", "vite", "dist"),
];

struct Workspace {
    dir: String,
    globs: Vec<regex::Regex>,
}

pub fn detect(repo: &Repo) -> Vec<Service> {
    let mut workspaces: Vec<Workspace> = Vec::new();
    let manifests: Vec<(String, Value, String)> = super::manifests(repo, "package.json")
        .filter_map(|(d, f)| {
            let text = repo.read(f)?;
            let v: Value = serde_json::from_str(&text).ok()?;
            Some((d.to_owned(), v, text))
        })
        .collect();
    for (dir, v, _) in &manifests {
        let mut globs: Vec<String> = match v.get("workspaces") {
            Some(Value::Array(a)) => a.iter().filter_map(|g| g.as_str().map(str::to_owned)).collect(),
            Some(Value::Object(o)) => o
                .get("packages")
                .and_then(|p| p.as_array())
                .map(|a| a.iter().filter_map(|g| g.as_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if let Some(y) = repo.read(&join(dir, "pnpm-workspace.yaml")) {
            for l in y.lines() {
                let l = l.trim();
                if let Some(g) = l.strip_prefix("- ") {
                    globs.push(g.trim().trim_matches(['"', '\'']).to_owned());
                }
            }
        }
        if !globs.is_empty() {
            workspaces.push(Workspace {
                dir: dir.clone(),
                globs: globs.iter().filter(|g| !g.starts_with('!')).filter_map(|g| glob_re(g)).collect(),
            });
        }
    }
    let mut out = Vec::new();
    for (dir, pkg, text) in &manifests {
        let ws = workspaces.iter().find(|w| {
            let rel = rel_to(&w.dir, dir);
            rel.as_deref().is_some_and(|r| w.globs.iter().any(|g| g.is_match(r)))
        });
        if let Some(svc) = service(repo, dir, pkg, text, ws) {
            out.push(svc);
        }
    }
    out
}

/// `dir` relative to `base`, when inside it (and not equal).
fn rel_to(base: &str, dir: &str) -> Option<String> {
    if base == "." {
        (dir != ".").then(|| dir.to_owned())
    } else {
        dir.strip_prefix(&format!("{base}/")).map(str::to_owned)
    }
}

fn glob_re(g: &str) -> Option<regex::Regex> {
    let g = g.trim_end_matches('/');
    let mut r = String::from("^");
    let mut chars = g.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                r.push_str(".*");
            }
            '*' => r.push_str("[^/]*"),
            c => r.push_str(&regex::escape(&c.to_string())),
        }
    }
    r.push('$');
    regex::Regex::new(&r).ok()
}

fn deps_of<'a>(pkg: &'a Value, key: &str) -> impl Iterator<Item = &'a str> + 'a {
    pkg.get(key)
        .and_then(|d| d.as_object())
        .into_iter()
        .flat_map(|o| o.keys().map(String::as_str))
}

fn service(repo: &Repo, dir: &str, pkg: &Value, text: &str, ws: Option<&Workspace>) -> Option<Service> {
    let runtime: Vec<&str> = deps_of(pkg, "dependencies").collect();
    let optional: Vec<&str> = deps_of(pkg, "optionalDependencies").collect();
    let dev: Vec<&str> = deps_of(pkg, "devDependencies").collect();
    let any = |n: &str| runtime.contains(&n) || dev.contains(&n);
    let scripts = pkg.get("scripts").and_then(|s| s.as_object());
    let script = |n: &str| scripts.and_then(|s| s.get(n)).and_then(|v| v.as_str());
    let server = SERVERS
        .iter()
        .find(|(p, _)| runtime.contains(p) || (*p == "next" && dev.contains(p)));
    let stat = STATIC.iter().find(|(p, _, _)| any(p));
    let (language, framework, fw_pkg): (&'static str, Option<&'static str>, Option<&str>) = match (server, stat) {
        (Some((p, f)), _) => ("node", Some(*f), Some(*p)),
        (None, Some((p, f, _))) if script("build").is_some() => ("static", Some(*f), Some(*p)),
        (None, _) if script("start").is_some() && !runtime.is_empty() => ("node", None, None),
        _ => return None,
    };
    let dir_name = if dir == "." {
        repo.root.file_name().map_or("app".to_owned(), |n| n.to_string_lossy().into_owned())
    } else {
        dir.rsplit('/').next().unwrap_or(dir).to_owned()
    };
    let name = pkg
        .get("name")
        .and_then(|n| n.as_str())
        .map(|n| n.rsplit('/').next().unwrap_or(n).to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or(dir_name);
    let mut svc = Service::new(name, dir, language);
    svc.framework = framework;
    let pj = join(dir, "package.json");
    if let (Some(f), Some(p)) = (framework, fw_pkg) {
        svc.cite(format!("framework {f}: depends on {p}"), &pj, Some((text, &format!("\"{p}\""))));
    }

    // Where the build runs from: the workspace root for a member.
    let root = ws.map_or(dir.to_owned(), |w| w.dir.clone());
    if let Some(w) = ws {
        svc.build.context = w.dir.clone();
        svc.build.member = rel_to(&w.dir, dir);
        svc.cite(
            format!("workspace member of {}", if w.dir == "." { "the repository root" } else { &w.dir }),
            &join(&w.dir, "package.json"),
            None,
        );
    }
    let root_pkg: Option<Value> = repo.read(&join(&root, "package.json")).and_then(|t| serde_json::from_str(&t).ok());
    let pm_field = pkg
        .get("packageManager")
        .or_else(|| root_pkg.as_ref().and_then(|r| r.get("packageManager")))
        .and_then(|v| v.as_str());
    let lock_pm = [
        ("pnpm-lock.yaml", "pnpm"),
        ("yarn.lock", "yarn"),
        ("bun.lock", "bun"),
        ("bun.lockb", "bun"),
        ("package-lock.json", "npm"),
    ]
    .into_iter()
    .find(|(l, _)| repo.has(&join(&root, l)));
    let pm: &'static str = match (pm_field, lock_pm) {
        (Some(f), _) if f.starts_with("pnpm@") => "pnpm",
        (Some(f), _) if f.starts_with("yarn@") => "yarn",
        (Some(f), _) if f.starts_with("bun@") => "bun",
        (Some(f), _) if f.starts_with("npm@") => "npm",
        (_, Some((_, pm))) => pm,
        _ => "npm",
    };
    match (pm_field, lock_pm) {
        (Some(f), _) if f.split('@').next() == Some(pm) => {
            let p = if pkg.get("packageManager").is_some() {
                pj.clone()
            } else {
                join(&root, "package.json")
            };
            let t = repo.read(&p).unwrap_or_default();
            svc.cite(
                format!("package_manager {pm}: packageManager {f}"),
                &p,
                Some((&t, "packageManager")),
            );
        }
        (_, Some((l, _))) => svc.cite(format!("package_manager {pm}: lockfile"), &join(&root, l), None),
        _ => svc.assume("package_manager npm: no lockfile"),
    }
    svc.package_manager = Some(pm);
    let mut manifests = vec!["package.json".to_owned()];
    if let Some((l, _)) = lock_pm {
        manifests.push(l.to_owned());
    }
    if repo.has(&join(&root, "pnpm-workspace.yaml")) {
        manifests.push("pnpm-workspace.yaml".to_owned());
    }
    if ws.is_some() {
        // Every member's manifest, so the install sees the whole workspace.
        for f in repo.under(&root) {
            if f.ends_with("/package.json")
                && !is_sample_dir(parent(f))
                && let Some(r) = rel_to(&root, f)
                && !manifests.contains(&r)
            {
                manifests.push(r);
            }
        }
    }
    svc.build.manifests = manifests;
    node_version(repo, dir, &root, pkg, &mut svc);

    let files: Vec<(String, String)> = sources(repo, dir, &[".js", ".ts", ".mjs", ".cjs", ".tsx", ".jsx"])
        .filter(|(p, _)| !p.contains("/public/") && !p.ends_with(".d.ts"))
        .map(|(p, t)| (p.to_owned(), t))
        .collect();
    if language == "static" {
        let (_, _, default_out) = stat.copied().unwrap_or(("vite", "vite", "dist"));
        let mut out = default_out.to_owned();
        for cfg in [
            "vite.config.ts",
            "vite.config.js",
            "vite.config.mts",
            "vite.config.mjs",
            "astro.config.mjs",
            ".eleventy.js",
            "eleventy.config.js",
        ] {
            let p = join(dir, cfg);
            if let Some(t) = repo.read(&p)
                && let Some(c) = re(r#"(?:outDir|output)\s*:\s*["'`]([^"'`]+)["'`]"#).captures(&t)
            {
                out = c[1].trim_start_matches("./").to_owned();
                svc.cite(format!("static output {out}"), &p, Some((&t, &c[0])));
            }
        }
        svc.build.static_out = Some(out);
        svc.port = 8080;
        svc.assume("port 8080: the unprivileged web server's port");
    } else {
        let port_res = [
            (
                re(r#"process\.env\.PORT\s*(?:\|\||\?\?)\s*["'`]?(\d{2,5})"#),
                "PORT default in the code",
            ),
            (re(r#"\bPORT\s*(?::\s*\w+\s*)?=\s*["'`]?(\d{2,5})"#), "PORT constant in the code"),
            (re(r#"\.listen\(\s*(\d{2,5})"#), "listen() in the code"),
        ];
        let start = script("start").unwrap_or("");
        if let Some(c) = re(r"(?:-p|--port)[ =](\d{2,5})").captures(start)
            && let Some(m) = c.get(1)
        {
            let at = text.find(start).unwrap_or(0) + m.start();
            super::set_port(&mut svc, m.as_str(), "the start script", &pj, text, at);
        } else if !find_port(&mut svc, &files, &port_res) {
            svc.port = 3000;
            svc.assume(format!("port 3000: the {} default", framework.unwrap_or("node")));
        }
        find_bind_env(
            &mut svc,
            &files,
            &[re(r#"process\.env\.(\w+)\s*(?:\|\||\?\?)\s*["'](?:127\.0\.0\.1|localhost)["']"#)],
        );
        if framework == Some("nextjs") {
            next_health(repo, dir, &mut svc);
        }
        if svc.health_path.is_none() {
            find_health(
                &mut svc,
                &files,
                &[
                    re(r#"\.(?:get|all|head|route)\(\s*["'`](/[^"'`]*)["'`]"#),
                    re(r#"@Controller\(\s*["'`]([^"'`]+)["'`]\s*\)"#),
                ],
            );
        }
        svc.build.command = command(&svc, start, script("start:prod"));
    }
    env_reads(&files, re(r#"process\.env\.([A-Z][A-Z0-9_]*)"#), &mut svc.build.env_vars);
    env_example(repo, dir, &mut svc.build.env_vars);

    for (dep, kind) in STORES {
        let req = runtime.contains(dep);
        if req || optional.contains(dep) {
            svc.add_store(kind, req, &pj, text, &format!("\"{dep}\""));
        }
    }
    if runtime.contains(&"@prisma/client") || any("prisma") {
        for schema in [join(dir, "prisma/schema.prisma"), join(dir, "schema.prisma")] {
            if let Some(t) = repo.read(&schema)
                && let Some(c) = re(r#"provider\s*=\s*"(postgresql|mysql|mongodb|sqlserver|cockroachdb)""#).captures(&t)
            {
                let kind = match &c[1] {
                    "postgresql" | "cockroachdb" => "postgres",
                    "mysql" => "mysql",
                    "mongodb" => "mongodb",
                    _ => continue,
                };
                let needle = c[0].to_owned();
                svc.add_store(kind, true, &schema, &t, &needle);
            }
        }
    }
    if framework == Some("nextjs") {
        svc.build.build_env.push(("NEXT_TELEMETRY_DISABLED".into(), "1".into()));
    }
    if runtime.contains(&"@prisma/client") {
        let generates = ["build", "postinstall", "prebuild"]
            .iter()
            .any(|s| script(s).is_some_and(|b| b.contains("prisma generate")));
        if !generates {
            svc.build.pre_build.push(format!(
                "{} prisma generate",
                match pm {
                    "pnpm" => "pnpm exec",
                    "yarn" => "yarn",
                    "bun" => "bunx",
                    _ => "npx --no-install",
                }
            ));
        }
        if any("prisma") && repo.under(dir).any(|f| f.contains("prisma/migrations/")) {
            svc.build.migrate = Some(vec!["node_modules/.bin/prisma".into(), "migrate".into(), "deploy".into()]);
            svc.cite("migrations: prisma migrate deploy", &pj, Some((text, "\"prisma\"")));
        }
    }
    for s in ["lint", "typecheck", "type-check", "test", "build", "dev"] {
        if let Some(body) = script(s)
            && !(s == "test" && body.contains("no test specified"))
        {
            svc.build.scripts.push(s.to_owned());
        }
    }
    svc.build.has_tests = svc.build.scripts.iter().any(|s| s == "test");
    Some(svc)
}

fn node_version(repo: &Repo, dir: &str, root: &str, pkg: &Value, svc: &mut Service) {
    let mut dirs = vec![dir.to_owned()];
    if root != dir {
        dirs.push(root.to_owned());
    }
    if root != "." {
        dirs.push(".".to_owned());
    }
    for d in &dirs {
        for f in [".nvmrc", ".node-version"] {
            let p = join(d, f);
            if let Some(t) = repo.read(&p)
                && let Some(v) = t.lines().next().and_then(major)
            {
                svc.cite(format!("runtime_version {v}"), &p, Some((&t, t.lines().next().unwrap_or(""))));
                svc.runtime_version = Some(v);
                return;
            }
        }
        let tv = join(d, ".tool-versions");
        if let Some(t) = repo.read(&tv)
            && let Some(l) = t.lines().find(|l| l.starts_with("nodejs ") || l.starts_with("node "))
            && let Some(v) = major(l)
        {
            svc.cite(format!("runtime_version {v}"), &tv, Some((&t, l)));
            svc.runtime_version = Some(v);
            return;
        }
    }
    if let Some(engines) = pkg.get("engines").and_then(|e| e.get("node")).and_then(|v| v.as_str())
        && let Some(v) = major(engines)
    {
        let p = join(dir, "package.json");
        let t = repo.read(&p).unwrap_or_default();
        svc.cite(
            format!("runtime_version {v}: the lowest major engines.node `{engines}` allows"),
            &p,
            Some((&t, "\"engines\"")),
        );
        svc.runtime_version = Some(v);
        return;
    }
    svc.assume(format!("runtime_version {DEFAULT_NODE}: no version declared; the newest Node LTS"));
    svc.runtime_version = Some(DEFAULT_NODE.to_owned());
}

/// A Next.js route handler under `app/**/health/route.ts` or `pages/api/health.ts`.
fn next_health(repo: &Repo, dir: &str, svc: &mut Service) {
    let mut found: Option<(String, String)> = None;
    for f in repo.under(dir) {
        let rel = if dir == "." { f } else { &f[dir.len() + 1..] };
        let rel = rel.strip_prefix("src/").unwrap_or(rel);
        let route = if let Some(r) = rel.strip_prefix("app/") {
            let Some((route, file)) = r.rsplit_once('/') else { continue };
            if !file.starts_with("route.") {
                continue;
            }
            // Route groups `(name)` are not part of the URL.
            route
                .split('/')
                .filter(|s| !(s.starts_with('(') && s.ends_with(')')))
                .collect::<Vec<_>>()
                .join("/")
        } else if let Some(r) = rel.strip_prefix("pages/api/") {
            let stem = r.rsplit_once('.').map_or(r, |(s, _)| s);
            format!("api/{}", stem.trim_end_matches("/index"))
        } else {
            continue;
        };
        let url = format!("/{route}");
        if super::is_health_path(&url) && found.as_ref().is_none_or(|(u, _)| url.len() < u.len()) {
            found = Some((url, f.to_owned()));
        }
    }
    if let Some((url, file)) = found {
        svc.cite(format!("health_path {url}: route handler"), &file, None);
        svc.health_path = Some(url);
    }
}

/// The exec-form command: the framework's own server, or the start script when it is a plain
/// `node <file>`.
fn command(svc: &Service, start: &str, start_prod: Option<&str>) -> Vec<String> {
    let port = svc.port.to_string();
    if svc.framework == Some("nextjs") {
        return vec!["node_modules/.bin/next".into(), "start".into(), "-p".into(), port];
    }
    let bun = svc.package_manager == Some("bun");
    for s in [start_prod.unwrap_or(""), start] {
        let words: Vec<&str> = s.split_whitespace().collect();
        let runner = if bun { "bun" } else { "node" };
        if words.first() == Some(&runner) && !s.contains(['&', '|', ';', '$', '>']) {
            return words.into_iter().map(str::to_owned).collect();
        }
    }
    if bun {
        vec!["bun".into(), "run".into(), "start".into()]
    } else {
        vec!["npm".into(), "start".into()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let g = glob_re("apps/*").unwrap();
        assert!(g.is_match("apps/web"));
        assert!(!g.is_match("apps/web/sub"));
        assert!(glob_re("packages/**").unwrap().is_match("packages/a/b"));
        assert_eq!(rel_to(".", "apps/api").as_deref(), Some("apps/api"));
        assert_eq!(rel_to("js", "js/apps/api").as_deref(), Some("apps/api"));
        assert_eq!(rel_to(".", "."), None);
    }
}
