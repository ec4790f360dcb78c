//! `shipshape dupes --write` over the labelled fixture set (crates/shipshape-dupes/tests/fixtures):
//! every written proposal keeps behaviour, checked where the format allows it (a composite action
//! expanded inline gives the steps it replaced, the `shell: bash` it adds aside; a called reusable
//! workflow's job, with the caller's `needs`, `if` and `permissions`, is the job it replaced; a
//! service merging the fragment, or extending a service, has the entries it had; a GitLab job extending the template, merged
//! as GitLab merges, is the job it was; a matrix's legs are the jobs it replaced; a Dockerfile stage
//! starting from the base stage runs the instructions it ran), and adds no finding of shipshape (`--select ALL`),
//! actionlint or `zizmor --offline`.
#![allow(clippy::unwrap_used, clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use shipshape_yaml::{NodeRef, Yaml};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn files(dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.insert(p.clone(), std::fs::read_to_string(&p).unwrap_or_default());
        }
    }
}

/// A YAML node as JSON: merge keys and aliases resolved, mapping keys sorted, `skip` keys dropped.
fn json(n: NodeRef, skip: &[&str]) -> serde_json::Value {
    if n.is_map() {
        serde_json::Value::Object(
            n.entries()
                .into_iter()
                .filter_map(|(k, v)| {
                    let k = k.as_str()?.to_owned();
                    (!skip.contains(&k.as_str())).then(|| (k, json(v, skip)))
                })
                .collect(),
        )
    } else if n.is_seq() {
        serde_json::Value::Array(n.items().into_iter().map(|i| json(i, skip)).collect())
    } else {
        serde_json::Value::String(n.as_str().unwrap_or("").to_owned())
    }
}

/// Each job as JSON (its `name` aside): a call of a local reusable workflow replaced by the
/// called job (inputs put in, the caller's `needs`, `if` and `permissions` merged back), a call of
/// a local composite action by its steps.
fn expanded_jobs(repo: &Path, workflow: &str) -> BTreeMap<String, serde_json::Value> {
    let y = Yaml::parse(workflow);
    let root = y.docs[0].root().unwrap();
    let mut out = BTreeMap::new();
    for (k, job) in root.get("jobs").unwrap().entries() {
        let uses = job.get("uses").and_then(|u| u.as_str()).unwrap_or("");
        let mut value = match uses.strip_prefix("$/") {
            Some(local) => {
                let mut text = std::fs::read_to_string(repo.join(local)).unwrap();
                for (name, v) in job.get("with").map(|w| w.entries()).unwrap_or_default() {
                    text = text.replace(&format!("${{{{ inputs.{} }}}}", name.as_str().unwrap()), v.as_str().unwrap());
                }
                let called = Yaml::parse(&text);
                let jobs = called.docs[0].root().unwrap().get("jobs").unwrap().entries();
                assert_eq!(jobs.len(), 1);
                let mut v = json(jobs[0].1, &["name"]);
                for key in ["needs", "if", "permissions"] {
                    if let Some(x) = job.get(key) {
                        v[key] = json(x, &[]);
                    }
                }
                v
            }
            None => json(job, &["name", "steps"]),
        };
        if let Some(steps) = job.get("steps").filter(|_| !uses.starts_with("$/")) {
            value["steps"] = serde_json::Value::Array(expanded_steps(repo, steps));
        } else if let Some(steps) = value.get("steps").cloned() {
            value["steps"] = steps;
        }
        out.insert(k.as_str().unwrap().to_owned(), value);
    }
    out
}

/// The jobs that run, whatever their ids: a matrix job is one leg per combination (`include:`
/// entries, or one list), `${{ matrix.x }}` put in; as sorted JSON text.
fn legs(jobs: BTreeMap<String, serde_json::Value>) -> Vec<String> {
    let mut out = Vec::new();
    for mut job in jobs.into_values() {
        let matrix = job
            .as_object_mut()
            .unwrap()
            .remove("strategy")
            .and_then(|s| s.get("matrix").cloned());
        let combos: Vec<Vec<(String, String)>> = match &matrix {
            None => vec![Vec::new()],
            Some(m) => match m.get("include").and_then(|i| i.as_array()) {
                Some(list) => list
                    .iter()
                    .map(|e| {
                        e.as_object()
                            .unwrap()
                            .iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
                            .collect()
                    })
                    .collect(),
                None => {
                    let (k, vs) = m.as_object().unwrap().iter().next().unwrap();
                    vs.as_array()
                        .unwrap()
                        .iter()
                        .map(|v| vec![(k.clone(), v.as_str().unwrap_or("").to_owned())])
                        .collect()
                }
            },
        };
        for combo in combos {
            let mut text = job.to_string();
            for (k, v) in &combo {
                text = text.replace(&format!("${{{{ matrix.{k} }}}}"), v);
            }
            out.push(text);
        }
    }
    out.sort();
    out
}

/// A job's steps, a call of a local composite action replaced by its steps (inputs put in).
fn expanded_steps(repo: &Path, steps_node: NodeRef) -> Vec<serde_json::Value> {
    {
        let mut steps = Vec::new();
        for s in steps_node.items() {
            let uses = s.get("uses").and_then(|u| u.as_str()).unwrap_or("");
            // A script file run by bash: the step as it was, with the file's script as its `run:`,
            // the file setting the options GitHub runs the step's shell with.
            let run = s.get("run").and_then(|r| r.as_str()).unwrap_or("");
            if let Some(file) = run.strip_prefix("bash \"$GITHUB_WORKSPACE/").and_then(|r| r.strip_suffix('"')) {
                let text = std::fs::read_to_string(repo.join(file)).unwrap();
                let (shebang, rest) = text.split_once('\n').unwrap();
                let (set, script) = rest.split_once('\n').unwrap();
                assert_eq!(shebang, "#!/usr/bin/env bash");
                let shell = s.get("shell").and_then(|x| x.as_str());
                assert_eq!(set, if shell == Some("bash") { "set -eo pipefail" } else { "set -e" }, "{file}");
                let mut v = json(s, &["name", "shell"]);
                v["run"] = serde_json::Value::String(script.to_owned());
                steps.push(v);
                continue;
            }
            let Some(local) = uses.strip_prefix("$/").or_else(|| uses.strip_prefix("./")) else {
                steps.push(json(s, &["name", "shell"]));
                continue;
            };
            let mut action = std::fs::read_to_string(repo.join(local).join("action.yml")).unwrap();
            for (name, value) in s.get("with").map(|w| w.entries()).unwrap_or_default() {
                action = action.replace(&format!("${{{{ inputs.{} }}}}", name.as_str().unwrap()), value.as_str().unwrap());
            }
            let a = Yaml::parse(&action);
            for inner in a.docs[0].root().unwrap().get("runs").unwrap().get("steps").unwrap().items() {
                steps.push(json(inner, &["name", "shell"]));
            }
        }
        steps
    }
}

/// A Dockerfile's stages by name, each as the instructions it runs (continuations joined, blanks
/// collapsed, a `FROM` by its image): a stage `FROM` another stage of the file starts with that
/// stage's instructions.
fn stages(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut logical: Vec<String> = Vec::new();
    let mut cur = String::new();
    for l in text.lines() {
        let t = l.trim();
        if t.starts_with('#') || (t.is_empty() && cur.is_empty()) {
            continue;
        }
        match t.strip_suffix('\\') {
            Some(part) => cur.push_str(&format!("{part} ")),
            None => {
                cur.push_str(t);
                logical.push(cur.split_whitespace().collect::<Vec<_>>().join(" "));
                cur.clear();
            }
        }
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for ins in logical {
        let words: Vec<&str> = ins.split_whitespace().collect();
        if words.first().is_some_and(|w| w.eq_ignore_ascii_case("FROM")) {
            let name = words
                .iter()
                .position(|w| w.eq_ignore_ascii_case("as"))
                .map_or_else(|| order.len().to_string(), |i| words[i + 1].to_owned());
            let image = words.get(1).copied().unwrap_or("");
            let start = out.get(image).cloned().unwrap_or_else(|| vec![format!("FROM {image}")]);
            out.insert(name.clone(), start);
            order.push(name);
        } else if let Some(last) = order.last() {
            out.get_mut(last).unwrap().push(ins);
        }
    }
    out
}

/// GitLab's `extends`: hashes merged deeply, the job's own keys winning, lists replaced.
fn deep_merge(base: &serde_json::Value, own: &serde_json::Value) -> serde_json::Value {
    match (base, own) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            let mut out = b.clone();
            for (k, v) in o {
                let merged = match b.get(k) {
                    Some(bv) => deep_merge(bv, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            serde_json::Value::Object(out)
        }
        _ => own.clone(),
    }
}

/// Each visible GitLab job with its `extends` resolved (one level, as written by `--write`).
fn gitlab_jobs(text: &str) -> serde_json::Value {
    let y = Yaml::parse(text);
    let root = json(y.docs[0].root().unwrap(), &[]);
    let mut out = serde_json::Map::new();
    for (k, v) in root.as_object().unwrap() {
        if k.starts_with('.') || !v.is_object() || ["variables", "default", "workflow"].contains(&k.as_str()) {
            continue;
        }
        let mut job = v.clone();
        if let Some(base) = v.get("extends").and_then(|e| e.as_str()).and_then(|e| root.get(e)) {
            job.as_object_mut().unwrap().remove("extends");
            job = deep_merge(base, &job);
        }
        // `!reference [.x, script]` items: the referenced lines in their place.
        for key in ["script", "before_script", "after_script"] {
            let Some(items) = job.get(key).and_then(|i| i.as_array()).cloned() else {
                continue;
            };
            let mut flat = Vec::new();
            for item in items {
                match item.as_array().map(|a| a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>()) {
                    Some(r) if r.len() == 2 && r[0].starts_with('.') => {
                        flat.extend(root[r[0]][r[1]].as_array().cloned().unwrap_or_default());
                    }
                    _ => flat.push(item),
                }
            }
            job[key] = serde_json::Value::Array(flat);
        }
        out.insert(k.clone(), job);
    }
    serde_json::Value::Object(out)
}

/// A Compose file's services, `extends` resolved as Compose does (the extended service's entries
/// under the service's own; `file` read from the folder of `path`). The writes never leave a key
/// on both sides, where Compose's per-key merge rules would apply: the test requires that too.
fn services(path: &Path, compose: &str) -> serde_json::Value {
    let y = Yaml::parse(compose);
    let root = y.docs[0].root().unwrap();
    let mut all = root.get("services").map_or(serde_json::json!({}), |s| json(s, &[]));
    // `include:` adds the included file's services (its paths read from its own folder, which
    // the writes require to be this one); a service on both sides is an error in Compose.
    for inc in root.get("include").map(|i| i.items()).unwrap_or_default() {
        let file = path.parent().unwrap().join(inc.as_str().unwrap());
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(file.parent(), path.parent(), "an included file in another folder");
        for (k, v) in services(&file, &text).as_object().unwrap() {
            assert!(
                all.as_object_mut().unwrap().insert(k.clone(), v.clone()).is_none(),
                "{k} defined twice"
            );
        }
    }
    let names: Vec<String> = all.as_object().unwrap().keys().cloned().collect();
    for name in names {
        let Some(ext) = all[&name].as_object_mut().unwrap().remove("extends") else {
            continue;
        };
        let base = match ext.get("file").and_then(|f| f.as_str()) {
            Some(f) => {
                let other = path.parent().unwrap().join(f);
                services(&other, &std::fs::read_to_string(&other).unwrap())
            }
            None => services(path, compose),
        };
        let base = base[ext["service"].as_str().unwrap()].as_object().unwrap().clone();
        let own = all[&name].as_object_mut().unwrap();
        for (k, v) in base {
            assert!(own.insert(k.clone(), v).is_none(), "{name}: {k} both extended and written");
        }
    }
    all
}

/// Per rule code, how many findings `shipshape check --select ALL` reports under `dir`.
fn shipshape_codes(dir: &Path) -> BTreeMap<String, usize> {
    let out = common::shipshape()
        .args(["check", "--select", "ALL", "--format", "json", "--exit-zero", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut codes = BTreeMap::new();
    for f in v["findings"].as_array().unwrap() {
        *codes.entry(f["code"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    codes
}

fn peer(var: &str) -> Option<String> {
    let bin = std::env::var(var).ok()?;
    Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| bin)
}

/// Lines of output a peer prints about the workflows under `dir` (its findings).
fn peer_findings(dir: &Path) -> Vec<(String, usize)> {
    let mut workflows: Vec<PathBuf> = Vec::new();
    let mut all = BTreeMap::new();
    files(dir, &mut all);
    workflows.extend(all.keys().filter(|p| p.to_string_lossy().contains(".github/workflows/")).cloned());
    let mut out = Vec::new();
    if workflows.is_empty() {
        return out;
    }
    if let Some(a) = peer("ACTIONLINT") {
        let o = Command::new(&a)
            .args(["-shellcheck=", "-pyflakes=", "-format", "{{range $err := .}}{{$err.Kind}}\n{{end}}"])
            .args(&workflows)
            .output()
            .unwrap();
        out.push(("actionlint".to_owned(), String::from_utf8_lossy(&o.stdout).lines().count()));
    } else {
        assert!(std::env::var("CI").is_err(), "CI must set ACTIONLINT");
    }
    if let Some(z) = peer("ZIZMOR") {
        let o = Command::new(&z)
            .args(["--offline", "--no-progress", "--format", "json"])
            .arg(dir)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::json!([]));
        out.push(("zizmor".to_owned(), v.as_array().map_or(0, Vec::len)));
    } else {
        assert!(std::env::var("CI").is_err(), "CI must set ZIZMOR");
    }
    out
}

#[test]
fn written_proposals_keep_behaviour_and_add_no_finding() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/shipshape-dupes/tests/fixtures");
    let tmp = tempfile::tempdir().unwrap();
    let (mut composite, mut reusable, mut anchors, mut templates, mut matrices, mut base_stages, mut scripts) = (0, 0, 0, 0, 0, 0, 0);
    let (mut extends, mut includes) = (0, 0);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let work = tmp.path().join(&name);
        copy_dir(&case, &work);
        copy_dir(&case, &tmp.path().join("before").join(&name));
        let mut before = BTreeMap::new();
        files(&work, &mut before);
        let codes_before = shipshape_codes(&work);
        let peers_before = peer_findings(&work);
        let repos: Vec<String> = std::fs::read_dir(&work)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let out = common::shipshape()
            .arg("dupes")
            .arg("--write")
            .args(&repos)
            .current_dir(&work)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let mut after = BTreeMap::new();
        files(&work, &mut after);
        if after == before {
            continue;
        }
        for (path, text) in &after {
            let rel = path.strip_prefix(&work).unwrap().to_string_lossy().into_owned();
            match before.get(path) {
                None if rel.ends_with("/action.yml") => composite += 1,
                None if rel.contains(".github/workflows/reusable-") => reusable += 1,
                None if rel.contains("/scripts/") && rel.ends_with(".sh") => scripts += 1,
                None if rel.ends_with("/compose.shared.yaml") => includes += 1,
                None => panic!("{name}: created {rel}"),
                Some(old) if old == text => {}
                Some(old) if rel.contains(".github/workflows/") => {
                    let repo = work.join(rel.split('/').next().unwrap());
                    assert_eq!(legs(expanded_jobs(&repo, text)), legs(expanded_jobs(&repo, old)), "{name}: {rel}");
                    if text.contains("matrix:") && !old.contains("matrix:") {
                        matrices += 1;
                    }
                }
                Some(old) if rel.rsplit('/').next().is_some_and(|n| n.starts_with("Dockerfile")) => {
                    let mut new = stages(text);
                    new.remove("base");
                    assert_eq!(new, stages(old), "{name}: {rel}");
                    base_stages += 1;
                }
                Some(old) if rel.ends_with(".gitlab-ci.yml") => {
                    assert_eq!(gitlab_jobs(text), gitlab_jobs(old), "{name}: {rel}");
                    templates += 1;
                }
                Some(old) if rel.contains("compose") => {
                    // `extends` reads files as they are now: the old text against the old files.
                    let was = tmp.path().join("before").join(&name).join(&rel);
                    assert_eq!(services(path, text), services(&was, old), "{name}: {rel}");
                    if text.contains("extends:") && !old.contains("extends:") {
                        extends += 1;
                    } else if text.contains("include:") && !old.contains("include:") {
                        // Counted with the file it includes.
                    } else {
                        anchors += 1;
                    }
                }
                Some(_) => panic!("{name}: rewrote {rel}"),
            }
        }
        let codes_after = shipshape_codes(&work);
        for (code, n) in &codes_after {
            assert!(
                n <= codes_before.get(code).unwrap_or(&0),
                "{name}: {code} {n} after, {codes_before:?} before"
            );
        }
        let peers_after = peer_findings(&work);
        for ((tool, b), (_, a)) in peers_before.iter().zip(&peers_after) {
            assert!(a <= b, "{name}: {tool} reports {a} after the write, {b} before");
        }
    }
    eprintln!(
        "dupes --write: {composite} composite actions, {reusable} reusable workflows, {matrices} matrices, {anchors} Compose fragments, {extends} Compose extends, {includes} Compose includes, {templates} GitLab templates, {base_stages} base stages, {scripts} script files written and checked"
    );
    assert!(
        composite >= 5
            && reusable >= 1
            && matrices >= 1
            && anchors >= 1
            && templates >= 1
            && base_stages >= 1
            && scripts >= 1
            && extends >= 1
            && includes >= 1,
        "{composite} composite actions, {reusable} reusable workflows, {anchors} fragments, {templates} templates"
    );
}

/// `shipshape dupes --write repo` in `dir`: its standard output, the run having succeeded.
fn write_repo(dir: &Path, what: &str) -> String {
    let out = common::shipshape()
        .args(["dupes", "--write", "repo"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A Compose service extends a service of another file only where Compose then builds what it
/// built: both files in one project's folder (`extends` reads the other file's relative paths from
/// its folder, and the file itself from the project's), a service to extend that has nothing the copies lack, and no `<<` merge or `extends`
/// already (the entries it would bring back, or a second `extends`).
#[test]
fn compose_extends_is_written_only_where_it_keeps_behaviour() {
    let db = "    image: postgres:16-alpine\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_DB: app\n    volumes:\n      - ./db/init:/docker-entrypoint-initdb.d:ro\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U app\"]\n      interval: 5s\n      retries: 20\n";
    let base = format!("services:\n  api:\n    image: example/api:1\n  postgres:\n{db}");
    let copy = format!("services:\n  db:\n{db}    tmpfs:\n      - /var/lib/postgresql/data\n");
    let cases = [
        ("written", "compose.yaml", base.clone(), "compose.test.yaml", copy.clone(), true),
        // Overlays only: Compose would read `extends.file` from the folder of the file they are
        // combined with.
        (
            "no project file",
            "compose.dev.yaml",
            base.clone(),
            "compose.test.yaml",
            copy.clone(),
            false,
        ),
        (
            "other folder",
            "compose.yaml",
            base.clone(),
            "test/compose.yaml",
            copy.clone(),
            false,
        ),
        (
            "base has more",
            "compose.yaml",
            base.replace("      retries: 20\n", "      retries: 20\n    restart: always\n"),
            "compose.test.yaml",
            copy.clone(),
            false,
        ),
        (
            "merge key",
            "compose.yaml",
            base.clone(),
            "compose.test.yaml",
            format!("x-env: &env\n  environment:\n    TZ: UTC\nservices:\n  db:\n    <<: *env\n{db}"),
            false,
        ),
    ];
    for (what, a, a_text, b, b_text, written) in cases {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join("test")).unwrap();
        std::fs::write(repo.join(a), &a_text).unwrap();
        std::fs::write(repo.join(b), &b_text).unwrap();
        let stdout = write_repo(dir.path(), what);
        assert!(stdout.contains("compose-extends"), "{what}: proposed either way: {stdout}");
        if what == "base has more" {
            // Neither service can be extended as it is: the shared entries go to a file of their own.
            assert!(
                stdout.contains("proposal: repo/compose.base.yaml") && stdout.contains("service: db-base"),
                "{stdout}"
            );
        }
        assert_eq!(
            std::fs::read_to_string(repo.join(a)).unwrap(),
            a_text,
            "{what}: the base is left alone"
        );
        let after = std::fs::read_to_string(repo.join(b)).unwrap();
        assert_eq!(after != b_text, written, "{what}: {stdout}\n{after}");
        if written {
            assert_eq!(
                after,
                "services:\n  db:\n    extends:\n      file: compose.yaml\n      service: postgres\n    tmpfs:\n      - /var/lib/postgresql/data\n"
            );
            assert_eq!(
                services(&repo.join(b), &after),
                services(&repo.join(b), &b_text),
                "the service is what it was"
            );
        }
    }
}

/// A repeated `run:` script moves to a file only where the file runs as the script did: not with
/// `${{ }}` in it (GitHub puts those in before the shell runs), not without a checkout before the
/// step, not under another shell.
#[test]
fn script_files_are_written_only_where_they_keep_behaviour() {
    let script = "          set -o pipefail\n          make dist | tee dist.log\n          tar -czf dist.tgz dist\n          sha256sum dist.tgz > dist.sha256\n          ls -la dist\n          du -sh dist\n          cat dist.sha256\n          echo done\n";
    let workflow = |checkout: bool, extra: &str, shell: &str| {
        format!(
            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n{}      - name: Package\n{shell}        run: |\n{script}{extra}      - run: echo next\n",
            if checkout {
                "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n"
            } else {
                ""
            }
        )
    };
    let cases = [
        ("written", workflow(true, "", ""), true),
        ("expression", workflow(true, "          echo ${{ github.sha }}\n", ""), false),
        ("no checkout", workflow(false, "", ""), false),
        ("sh", workflow(true, "", "        shell: sh\n"), false),
    ];
    for (what, text, written) in cases {
        let dir = tempfile::tempdir().unwrap();
        let wf = dir.path().join("repo/.github/workflows");
        std::fs::create_dir_all(&wf).unwrap();
        // The jobs around the step differ: the script, not the job, is the copy.
        std::fs::write(wf.join("a.yml"), &text).unwrap();
        let b = text.replace("  build:", "  release:").replace(
            "      - run: echo next\n",
            "      - uses: actions/upload-artifact@v4\n        with:\n          name: dist\n          path: dist.tgz\n      - run: gh release upload v1 dist.tgz\n        env:\n          GH_TOKEN: ${{ github.token }}\n",
        );
        std::fs::write(wf.join("b.yml"), b).unwrap();
        let stdout = write_repo(dir.path(), what);
        assert!(stdout.contains("scripts/package.sh"), "{what}: proposed either way: {stdout}");
        let file = dir.path().join("repo/scripts/package.sh");
        assert_eq!(file.exists(), written, "{what}");
        let a = std::fs::read_to_string(wf.join("a.yml")).unwrap();
        assert_eq!(
            a.contains("run: bash \"$GITHUB_WORKSPACE/scripts/package.sh\""),
            written,
            "{what}: {a}"
        );
        if written {
            let body = std::fs::read_to_string(&file).unwrap();
            assert!(
                body.starts_with("#!/usr/bin/env bash\nset -e\nset -o pipefail\nmake dist | tee dist.log\n"),
                "{body}"
            );
            assert!(
                a.contains("      - name: Package\n        run: bash") && a.contains("      - run: echo next\n"),
                "{a}"
            );
        }
    }
}

/// A repeated run of steps with an `id` becomes a composite action where only the run's own steps
/// read the id (the id goes with its step into the action); not where a later step or a job
/// output reads it, which would then read it empty.
#[test]
fn composite_actions_keep_step_ids_the_copy_reads_itself() {
    let block = "      - uses: actions/setup-node@v6\n        with:\n          node-version: 22\n      - id: cache\n        uses: actions/cache@v5\n        with:\n          path: node_modules\n          key: npm-${{ hashFiles('package-lock.json') }}\n      - if: steps.cache.outputs.cache-hit != 'true'\n        run: npm ci\n      - run: npm run build\n      - run: npm test\n";
    let head = "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          persist-credentials: false\n";
    for (what, after, written) in [
        ("read inside", "      - run: npm run lint\n", true),
        ("read after", "      - run: echo ${{ steps.cache.outputs.cache-hit }}\n", false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let wf = dir.path().join("repo/.github/workflows");
        std::fs::create_dir_all(&wf).unwrap();
        let a = format!("{head}{block}{after}");
        let b = format!("{head}{block}  deploy:\n    needs: build\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh\n");
        std::fs::write(wf.join("a.yml"), &a).unwrap();
        std::fs::write(wf.join("b.yml"), &b).unwrap();
        let stdout = write_repo(dir.path(), what);
        let action = dir.path().join("repo/.github/actions/setup-node/action.yml");
        assert_eq!(action.exists(), written, "{what}: {stdout}");
        if written {
            let text = std::fs::read_to_string(&action).unwrap();
            assert!(
                text.contains("    - id: cache\n") && text.contains("if: steps.cache.outputs.cache-hit"),
                "{text}"
            );
            let a = std::fs::read_to_string(wf.join("a.yml")).unwrap();
            assert!(!a.contains("id: cache") && a.contains("uses: $/.github/actions/setup-node"), "{a}");
        }
    }
}

/// Every output format of one run over a fixture: JSON in the documented shape (member paths as
/// given), SARIF valid against the 2.1.0 schema (one result per member, the others related),
/// markdown and human text naming the proposal; `--index-out` then `--index` give the same JSON.
#[test]
fn formats_and_indexes_from_the_command_line() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/shipshape-dupes/tests/fixtures/cross-repo-steps");
    let run = |args: &[&str]| -> Vec<u8> {
        let out = common::shipshape().arg("dupes").args(args).current_dir(&case).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let json: serde_json::Value = serde_json::from_slice(&run(&["--format", "json", "repo-a", "repo-b"])).unwrap();
    assert_eq!(json["version"], 1);
    let c = &json["clusters"][0];
    for key in ["kind", "members", "parameters", "lines_saved", "proposal"] {
        assert!(c.get(key).is_some(), "{key}");
    }
    let paths: Vec<&str> = c["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.starts_with("repo-a/")) && paths.iter().any(|p| p.starts_with("repo-b/")),
        "{paths:?}"
    );
    assert_eq!(c["proposal"]["kind"], "composite-action");

    let sarif: serde_json::Value = serde_json::from_slice(&run(&["--format", "sarif", "repo-a", "repo-b"])).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), c["members"].as_array().unwrap().len());
    assert_eq!(results[0]["relatedLocations"].as_array().unwrap().len(), results.len() - 1);
    let tmp = tempfile::tempdir().unwrap();
    let sarif_path = tmp.path().join("dupes.sarif");
    std::fs::write(&sarif_path, serde_json::to_vec(&sarif).unwrap()).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let python = std::env::var("SHIPSHAPE_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = "import json,sys,jsonschema\njsonschema.validate(json.load(open(sys.argv[2])),json.load(open(sys.argv[1])))";
    match Command::new(&python).args(["-c", script]).arg(&schema).arg(&sarif_path).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) if std::env::var("CI").is_err() && !schema.exists() => eprintln!("skipped: {}", String::from_utf8_lossy(&o.stderr)),
        Ok(o) if std::env::var("CI").is_err() && String::from_utf8_lossy(&o.stderr).contains("No module named") => {
            eprintln!("skipped: python jsonschema is not installed")
        }
        Ok(o) => panic!("dupes SARIF does not validate: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => assert!(std::env::var("CI").is_err(), "cannot run {python}: {e}"),
    }

    let md = String::from_utf8(run(&["--format", "markdown", "repo-a", "repo-b"])).unwrap();
    assert!(
        md.starts_with("# Duplicated configuration") && md.contains("composite-action"),
        "{md}"
    );
    let human = String::from_utf8(run(&["repo-a", "repo-b"])).unwrap();
    assert!(
        human.contains("composite-action would save") && human.contains("1 clusters in"),
        "{human}"
    );

    let (a, b) = (tmp.path().join("a.json"), tmp.path().join("b.json"));
    run(&["repo-a", "--index-out", a.to_str().unwrap()]);
    run(&["repo-b", "--index-out", b.to_str().unwrap()]);
    let merged: serde_json::Value = serde_json::from_slice(&run(&[
        "--format",
        "json",
        "--index",
        a.to_str().unwrap(),
        "--index",
        b.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(merged, json);
    let bad = common::shipshape()
        .args(["dupes", "--index", "no-such-index.json"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
