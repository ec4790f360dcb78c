//! Rust services: a package (alone or a workspace member) with a binary that serves HTTP through
//! axum, actix-web, rocket, warp or poem.

use super::{DEFAULT_RUST, Service, env_example, env_reads, find_health, find_port, major_minor, regex_lite as re, sources};
use crate::repo::{Repo, join, normalise, parent};
use toml::{Table, Value};

const FRAMEWORKS: &[(&str, &str)] = &[
    ("axum", "axum"),
    ("actix-web", "actix-web"),
    ("rocket", "rocket"),
    ("warp", "warp"),
    ("poem", "poem"),
];

pub fn detect(repo: &Repo) -> Vec<Service> {
    let cargo: Vec<(String, String, Table)> = super::manifests(repo, "Cargo.toml")
        .filter_map(|(d, f)| {
            let text = repo.read(f)?;
            let t = text.parse::<Table>().ok()?;
            Some((d.to_owned(), text, t))
        })
        .collect();
    // Workspace roots and the member directories they own.
    let mut owned: Vec<(String, String)> = Vec::new(); // (member dir, workspace dir)
    for (dir, _, t) in &cargo {
        if let Some(ws) = t.get("workspace").and_then(Value::as_table) {
            for m in ws
                .get("members")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let pattern = join(dir, m);
                for (d, _, _) in &cargo {
                    if glob_match(&pattern, d) {
                        owned.push((d.clone(), dir.clone()));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (dir, text, t) in &cargo {
        if t.get("package").is_none() {
            continue;
        }
        let ws_dir = owned.iter().find(|(m, _)| m == dir).map_or_else(|| dir.clone(), |(_, w)| w.clone());
        let ws = cargo.iter().find(|(d, _, _)| *d == ws_dir).map(|(_, _, t)| t);
        if let Some(svc) = service(repo, dir, text, t, &ws_dir, ws) {
            out.push(svc);
        }
    }
    out
}

/// `members = ["crates/*"]` style patterns.
fn glob_match(pattern: &str, dir: &str) -> bool {
    let Some(pattern) = normalise(pattern) else { return false };
    match pattern.strip_suffix("/*") {
        Some(base) => parent(&format!("{dir}/x")) == dir && dir.starts_with(&format!("{base}/")) && !dir[base.len() + 1..].contains('/'),
        None => pattern == dir,
    }
}

/// A dependency's table form (`{ version, features, optional, workspace }`), inheriting features
/// from `[workspace.dependencies]`.
fn dep<'a>(t: &'a Table, ws: Option<&'a Table>, name: &str) -> Option<(Vec<String>, bool)> {
    let d = t.get("dependencies").and_then(Value::as_table)?.get(name)?;
    let mut features: Vec<String> = d
        .get("features")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(str::to_owned))
        .collect();
    let optional = d.get("optional").and_then(Value::as_bool).unwrap_or(false);
    if d.get("workspace").and_then(Value::as_bool) == Some(true)
        && let Some(wd) = ws
            .and_then(|w| w.get("workspace"))
            .and_then(|w| w.get("dependencies"))
            .and_then(|d| d.get(name))
    {
        features.extend(
            wd.get("features")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str().map(str::to_owned)),
        );
    }
    Some((features, optional))
}

fn service(repo: &Repo, dir: &str, text: &str, t: &Table, ws_dir: &str, ws: Option<&Table>) -> Option<Service> {
    let cargo_path = join(dir, "Cargo.toml");
    let (fw_dep, fw) = FRAMEWORKS.iter().find(|(d, _)| dep(t, ws, d).is_some())?;
    let pkg = t.get("package").and_then(Value::as_table)?;
    let pkg_name = pkg.get("name").and_then(Value::as_str)?.to_owned();
    let bin = t
        .get("bin")
        .and_then(Value::as_array)
        .and_then(|b| b.first())
        .and_then(|b| b.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let has_main = repo.has(&join(dir, "src/main.rs")) || bin.is_some();
    if !has_main {
        return None;
    }
    let name = bin.unwrap_or(pkg_name.clone());
    let mut svc = Service::new(name.clone(), ws_dir, "rust");
    svc.framework = Some(fw);
    svc.package_manager = Some("cargo");
    svc.cite("package_manager cargo", &join(ws_dir, "Cargo.lock"), None);
    svc.cite(format!("framework {fw}: depends on {fw_dep}"), &cargo_path, Some((text, fw_dep)));
    svc.build.binary = Some(name);
    svc.build.context = ws_dir.to_owned();
    if ws_dir != dir {
        svc.build.member = Some(dir.strip_prefix(&format!("{ws_dir}/")).unwrap_or(dir).to_owned());
        svc.cite(format!("binary of workspace member {dir}"), &join(ws_dir, "Cargo.toml"), None);
    }
    svc.build.manifests = vec!["Cargo.toml".to_owned(), "Cargo.lock".to_owned()];

    // Toolchain.
    let mut version = None;
    for f in [join(ws_dir, "rust-toolchain.toml"), join(ws_dir, "rust-toolchain")] {
        if let Some(tt) = repo.read(&f) {
            let ch = tt
                .parse::<Table>()
                .ok()
                .and_then(|v| v.get("toolchain")?.get("channel")?.as_str().map(str::to_owned))
                .unwrap_or_else(|| tt.trim().to_owned());
            if let Some(v) = major_minor(&ch) {
                svc.cite(format!("runtime_version {v}"), &f, Some((&tt, &ch)));
                version = Some(v);
                break;
            }
        }
    }
    if version.is_none() {
        let rv = pkg.get("rust-version").and_then(Value::as_str).map(str::to_owned).or_else(|| {
            ws?.get("workspace")?
                .get("package")?
                .get("rust-version")?
                .as_str()
                .map(str::to_owned)
        });
        if let Some(v) = rv.as_deref().and_then(major_minor) {
            svc.cite(
                format!("runtime_version {v}: rust-version"),
                &cargo_path,
                Some((text, "rust-version")),
            );
            version = Some(v);
        }
    }
    if version.is_none() {
        svc.assume(format!(
            "runtime_version {DEFAULT_RUST}: no toolchain declared; the newest stable Rust"
        ));
    }
    svc.runtime_version = Some(version.unwrap_or_else(|| DEFAULT_RUST.to_owned()));

    let files: Vec<(String, String)> = sources(repo, dir, &[".rs"]).map(|(p, t)| (p.to_owned(), t)).collect();
    let port_res = [
        (re(r#"(?s)"PORT"\).{0,160}?"(\d{2,5})""#), "PORT default in the code"),
        (
            re(r#""(?:0\.0\.0\.0|127\.0\.0\.1|\[::\]|localhost)?:(\d{2,5})""#),
            "listen address in the code",
        ),
        (
            re(r#"\(\s*"(?:0\.0\.0\.0|127\.0\.0\.1|::)"\s*,\s*(\d{2,5})\s*\)"#),
            "listen address in the code",
        ),
        (re(r#"\[0,\s*0,\s*0,\s*0\],\s*(\d{2,5})"#), "listen address in the code"),
    ];
    if !find_port(&mut svc, &files, &port_res) {
        svc.port = 8080;
        svc.assume("port 8080: no listen address found");
    }
    find_health(
        &mut svc,
        &files,
        &[
            re(r#"\.route\(\s*"(/[^"]*)""#),
            re(r#"#\[(?:get|head|route)\(\s*"(/[^"]*)""#),
            re(r#"web::resource\(\s*"(/[^"]*)""#),
            re(r#"warp::path\(\s*"([^"]*)""#),
        ],
    );
    env_reads(&files, re(r#"env::var(?:_os)?\(\s*"([A-Z][A-Z0-9_]*)""#), &mut svc.build.env_vars);
    env_example(repo, dir, &mut svc.build.env_vars);

    let mut store = |kind: &'static str, optional: bool, needle: &str| {
        svc.add_store(kind, !optional, &cargo_path, text, needle);
    };
    if let Some((f, o)) = dep(t, ws, "sqlx") {
        for (feat, kind) in [("postgres", "postgres"), ("mysql", "mysql")] {
            if f.iter().any(|x| x == feat) {
                store(kind, o, "sqlx");
            }
        }
    }
    for (d, kind) in [
        ("tokio-postgres", "postgres"),
        ("deadpool-postgres", "postgres"),
        ("postgres", "postgres"),
        ("mongodb", "mongodb"),
        ("redis", "redis"),
        ("deadpool-redis", "redis"),
        ("async-nats", "nats"),
        ("rdkafka", "kafka"),
    ] {
        if let Some((_, o)) = dep(t, ws, d) {
            store(kind, o, d);
        }
    }
    if let Some((f, o)) = dep(t, ws, "diesel") {
        for (feat, kind) in [("postgres", "postgres"), ("mysql", "mysql")] {
            if f.iter().any(|x| x == feat) {
                store(kind, o, "diesel");
            }
        }
    }
    if let Some((f, o)) = dep(t, ws, "actix-session")
        && f.iter().any(|x| x.contains("redis"))
    {
        store("redis", o, "actix-session");
    }
    // A committed sqlx query cache lets the build check queries without a database.
    if dep(t, ws, "sqlx").is_some() && repo.under(&join(ws_dir, ".sqlx")).next().is_some() {
        svc.build.build_env.push(("SQLX_OFFLINE".into(), "true".into()));
        svc.cite(
            "build env SQLX_OFFLINE=true: a committed .sqlx query cache",
            &join(ws_dir, ".sqlx"),
            None,
        );
    }
    svc.build.command = vec![format!("/usr/local/bin/{}", svc.build.binary.clone().unwrap_or_default())];
    svc.build.has_tests = true;
    svc.build.scripts = vec!["fmt".to_owned(), "clippy".to_owned(), "test".to_owned()];
    Some(svc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        assert!(glob_match("crates/*", "crates/api"));
        assert!(!glob_match("crates/*", "crates/api/x"));
        assert!(glob_match("./crates/api", "crates/api"));
    }
}
