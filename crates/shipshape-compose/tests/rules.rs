//! Every rule's documented example fires it and its "use instead" does not; spans are exact;
//! fixes produce the documented alternative; the project view (other files, `.env`) is used.
#![allow(clippy::unwrap_used)]

use shipshape_compose::ComposeChecker;
use shipshape_compose::rules::ALL;
use shipshape_core::classify::FileKind;
use shipshape_core::engine::{FileReport, FixMode};
use shipshape_core::testkit::doc_block as block;
use shipshape_core::testkit::{File, check};
use shipshape_core::testkit::{example_failures, spans};
use std::path::PathBuf;

fn run_at(src: &str, select: &[&str], fix: FixMode, path: Option<PathBuf>) -> FileReport {
    let file = match &path {
        Some(p) => File::at(FileKind::Compose, p),
        None => File::new(FileKind::Compose, "compose.yaml"),
    };
    check(&ComposeChecker::default(), file, src, select, fix)
}

fn run(src: &str, select: &[&str], fix: FixMode) -> FileReport {
    run_at(src, select, fix, None)
}

fn findings(src: &str, select: &[&str]) -> Vec<(String, String)> {
    spans(&run(src, select, FixMode::Off), src)
}

/// File names the examples are checked under: production rules need a `*prod*` name, development
/// ones a `*dev*` name; a few need a project directory (`.env`, `.env.example`).
fn name_for(code: &str) -> &'static str {
    match code {
        "DC021" | "DC027" | "DC028" | "DC033" => "compose.prod.yaml",
        "DC029" => "compose.dev.yaml",
        _ => "compose.yaml",
    }
}

fn findings_for(code: &str, src: &str, select: &[&str]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    if code == "DC034" {
        std::fs::write(dir.path().join(".env.example"), "OTHER=\n").unwrap();
    }
    let path = dir.path().join(name_for(code));
    std::fs::write(&path, src).unwrap();
    spans(&run_at(src, select, FixMode::Off, Some(path)), src)
}

#[test]
fn documented_examples_fire_with_exact_spans_and_alternatives_do_not() {
    let failures = example_failures(
        ALL.iter().map(|r| &r.meta),
        &["DC000", "DC001", "DC026", "DC035"],
        |code, text, _, select| findings_for(code, text, select),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixes_apply_and_are_idempotent() {
    for rule in ALL.iter().filter(|r| r.meta.fixable()) {
        let code = rule.meta.code;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name_for(code));
        let at = |text: &str, mode| run_at(text, &[code], mode, Some(path.clone()));
        let bad = format!("{}\n", block(rule.meta.docs, "Example"));
        let fixed = at(&bad, FixMode::Unsafe);
        let text = fixed.fixed.clone().unwrap_or_else(|| panic!("{code}: no fix"));
        assert!(
            fixed.findings.iter().all(|f| f.diagnostic.rule.code != code),
            "{code}: still fires:\n{text}"
        );
        assert!(at(&text, FixMode::Unsafe).fixed.is_none(), "{code}: not idempotent");
        assert!(
            findings(&text, &["DC000", "DC001"]).is_empty(),
            "{code}: the fixed file does not re-parse:\n{text}"
        );
        let good = format!("{}\n", block(rule.meta.docs, "Use instead"));
        assert_eq!(text, good, "{code}: the fix should produce the documented alternative");
    }
}

#[test]
fn project_view_merges_overrides_and_env() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "TAG=latest\n").unwrap();
    std::fs::write(
        dir.path().join("compose.override.yaml"),
        "services:\n  db:\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n",
    )
    .unwrap();
    let src = "services:\n  db:\n    image: postgres:17\n    volumes: [data:/var/lib/postgresql/data]\n  api:\n    image: acme/api:${TAG}\n    depends_on:\n      db:\n        condition: service_healthy\nvolumes:\n  data: {}\n";
    let path = dir.path().join("compose.yaml");
    std::fs::write(&path, src).unwrap();
    let r = run_at(src, &["DC013", "DC025", "DC026", "DC032"], FixMode::Off, Some(path));
    let got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .map(|f| (f.diagnostic.rule.code, f.diagnostic.span.text(src)))
        .collect();
    // The healthcheck comes from the override; the tag from `.env` is `latest`.
    assert_eq!(got, [("DC013", "acme/api:${TAG}")]);
}

/// The service's Dockerfile is read with the Dockerfile parser: a stage named on a continuation
/// line, in a comment, or through a healthcheck inherited from an earlier stage means what it means
/// to Docker.
#[test]
fn service_dockerfiles_are_read_with_the_dockerfile_parser() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM node:22 \\\n  AS build\nHEALTHCHECK CMD [\"node\", \"check.js\"]\nEXPOSE \\\n  3000\n# FROM nginx:1.29 AS commented\nFROM build AS dev\nFROM nginx:1.29 AS production\n",
    )
    .unwrap();
    let src = "services:\n  dev:\n    build:\n      context: .\n      target: dev\n    ports: [\"3000:3000\"]\n  old:\n    build:\n      context: .\n      target: commented\n  web:\n    build: .\n    ports: [\"8080:3000\"]\n  builder:\n    build:\n      context: .\n      target: build\n    ports: [\"8080:8080\"]\n";
    let path = dir.path().join("compose.yaml");
    std::fs::write(&path, src).unwrap();
    let r = run_at(src, &["DC037", "DC038"], FixMode::Off, Some(path));
    let want = [("DC037", "commented"), ("DC038", "\"8080:8080\"")];
    assert_eq!(spans(&r, src), want.map(|(c, t)| (c.to_owned(), t.to_owned())));
}

#[test]
fn hostile_input_is_total() {
    for src in [
        "",
        "---\n",
        "[1, 2]\n",
        "services: [a]\n",
        "services:\n  a: &a\n    <<: *a\n",
        "services:\n  a:\n    image: ${${${\n",
        "services:\n  a:\n    ports: [\"[::1\", 1, {}]\n",
    ] {
        let _ = run(src, &["ALL"], FixMode::Unsafe);
    }
}

#[test]
fn references_cover_extends_links_and_volumes() {
    let src = "services:\n  base:\n    image: alpine:3.22\n  a:\n    extends:\n      service: bsae\n    links: [base:b]\n    volumes:\n      - data:/d\n      - ./local:/l\n      - undeclared:/u\n    networks: [front]\nvolumes:\n  data: {}\nnetworks:\n  front: {}\n";
    let got: Vec<String> = findings(src, &["DC026"]).into_iter().map(|(_, t)| t).collect();
    assert_eq!(got, ["bsae", "undeclared:/u"]);
}

#[test]
fn includes_and_extends_files_are_part_of_the_project() {
    let dir = tempfile::tempdir().unwrap();
    // A repository: what lies beside the temporary folder is not read.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("db")).unwrap();
    std::fs::write(
        dir.path().join("db/compose.yaml"),
        "services:\n  db:\n    image: postgres:17\n    profiles: [data]\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("base.yml"),
        "services:\n  common:\n    image: postgres:17\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n",
    )
    .unwrap();
    let path = dir.path().join("compose.yaml");
    let at = |src: &str, code: &str| -> Vec<(String, String)> {
        std::fs::write(&path, src).unwrap();
        spans(&run_at(src, &[code], FixMode::Off, Some(path.clone())), src)
    };
    // A service defined in an included file is known (DC026) and keeps its profiles (DC039).
    let app = "include:\n  - db/compose.yaml\nservices:\n  app:\n    image: acme/app:1\n    depends_on:\n      db:\n        condition: service_healthy\n";
    assert!(at(app, "DC026").is_empty());
    assert_eq!(
        at(&app.replace("include:\n  - db/compose.yaml\n", ""), "DC026").len(),
        1,
        "without the include"
    );
    assert!(at(app, "DC025").is_empty());
    assert_eq!(at(app, "DC039"), [("DC039".to_owned(), "db".to_owned())]);
    let shared = app.replace("    image: acme/app:1\n", "    image: acme/app:1\n    profiles: [data]\n");
    assert!(at(&shared, "DC039").is_empty(), "shared profile");
    let optional = app.replace(
        "condition: service_healthy\n",
        "condition: service_healthy\n        required: false\n",
    );
    assert!(at(&optional, "DC039").is_empty(), "required: false");
    // An include that cannot be read offline makes the project open: no guesses.
    let remote = "include:\n  - oci://registry.example.com/stack:1\nservices:\n  app:\n    image: acme/app:1\n    depends_on: [nowhere]\n";
    assert!(at(remote, "DC026").is_empty());
    // `extends.file`: the parent's healthcheck is inherited.
    let ext = "services:\n  db:\n    extends:\n      file: base.yml\n      service: common\n  app:\n    image: acme/app:1\n    depends_on:\n      db:\n        condition: service_healthy\n";
    assert!(at(ext, "DC025").is_empty());
    let missing = ext.replace("base.yml", "gone.yml");
    assert!(at(&missing, "DC025").is_empty(), "unreadable extends file: open project, silent");
    // A file another Compose file of its folder includes is part of that project: no `name:`.
    let shared = dir.path().join("compose.shared.yaml");
    let db = "services:\n  db:\n    image: postgres:17\n";
    let name_of = |src: &str| spans(&run_at(src, &["DC008"], FixMode::Off, Some(shared.clone())), src).len();
    std::fs::write(&shared, db).unwrap();
    std::fs::write(&path, "services:\n  app:\n    image: acme/app:1\n").unwrap();
    assert_eq!(name_of(db), 1, "not included: a project of its own");
    std::fs::write(
        &path,
        "include:\n  - ./compose.shared.yaml\nservices:\n  app:\n    image: acme/app:1\n",
    )
    .unwrap();
    assert_eq!(name_of(db), 0, "included by compose.yaml");
}

/// An overlay with no base file beside it (shepard's `plugins/jupyter/compose-profile.yml`, run
/// after `-f infrastructure/docker-compose.yml`) reads its paths from the base file's folder.
#[test]
fn an_orphan_overlay_reads_its_paths_from_a_base_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("infrastructure")).unwrap();
    std::fs::create_dir_all(root.join("plugins/jupyter")).unwrap();
    std::fs::write(
        root.join("infrastructure/docker-compose.yml"),
        "services:\n  api:\n    image: acme/api:1\n",
    )
    .unwrap();
    std::fs::write(root.join("plugins/jupyter/Dockerfile"), "FROM python:3.13-slim\n").unwrap();
    let path = root.join("plugins/jupyter/compose-profile.yml");
    let sev = |src: &str| -> Vec<shipshape_core::Severity> {
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC036"], FixMode::Off, Some(path.clone())).severities()
    };
    let fragment = "services:\n  jupyterhub:\n    build:\n      context: ../plugins/jupyter\n";
    assert!(sev(fragment).is_empty(), "exists from infrastructure/");
    assert_eq!(
        sev(&fragment.replace("jupyter\n", "gone\n")),
        [shipshape_core::Severity::Warning],
        "from no base folder: not certain"
    );
    // Beside a base file the path is read from the file's own folder: missing is an error.
    std::fs::write(root.join("plugins/jupyter/compose.yaml"), "services: {}\n").unwrap();
    assert_eq!(sev(fragment), [shipshape_core::Severity::Error]);
}

/// The error audit (2026-12-05): `COMPOSE_PROFILES` in the project's `.env` turns profiles on, and a
/// dependency defined only in another Compose file of the directory is disabled only when the two
/// files are combined (a warning); one defined in the file itself stays an error.
#[test]
fn disabled_dependencies_from_env_profiles_and_sibling_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compose.yaml");
    let sev = |src: &str| -> Vec<shipshape_core::Severity> {
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC039"], FixMode::Off, Some(path.clone())).severities()
    };
    let here = "services:\n  app:\n    image: acme/app:1\n    depends_on: [mail]\n  mail:\n    image: mailpit:1\n    profiles: [debug]\n";
    assert_eq!(sev(here), [shipshape_core::Severity::Error]);
    std::fs::write(dir.path().join(".env"), "COMPOSE_PROFILES=web, debug\n").unwrap();
    assert!(sev(here).is_empty(), "COMPOSE_PROFILES turns `debug` on");
    // Through another variable of `.env`, with its default (ragflow, the thirty-ninth sample).
    std::fs::write(dir.path().join(".env"), "TOOLS=${TOOLS:-debug}\nCOMPOSE_PROFILES=${TOOLS},web\n").unwrap();
    assert!(sev(here).is_empty(), "COMPOSE_PROFILES=${{TOOLS}} turns `debug` on");
    std::fs::write(dir.path().join(".env"), "TOOLS=${TOOLS:-lint}\nCOMPOSE_PROFILES=${TOOLS},web\n").unwrap();
    assert_eq!(sev(here), [shipshape_core::Severity::Error]);
    std::fs::remove_file(dir.path().join(".env")).unwrap();
    std::fs::write(
        dir.path().join("compose.tools.yaml"),
        "services:\n  mail:\n    image: mailpit:1\n    profiles: [debug]\n",
    )
    .unwrap();
    let elsewhere = "services:\n  app:\n    image: acme/app:1\n    depends_on: [mail]\n";
    assert_eq!(sev(elsewhere), [shipshape_core::Severity::Warning]);
    // The file's own definition without profiles wins over a sibling's.
    let own = "services:\n  app:\n    image: acme/app:1\n    depends_on: [mail]\n  mail:\n    image: mailpit:1\n";
    assert!(sev(own).is_empty());
    // A service with profiles of its own fails only when they are on without the dependency's:
    // a warning that says so (Grafana OnCall, the forty-ninth sample).
    let both = "services:\n  bot:\n    image: acme/bot:1\n    profiles: [telegram]\n    depends_on: [migrate]\n  migrate:\n    image: acme/app:1\n    profiles: [engine]\n";
    std::fs::write(&path, both).unwrap();
    let r = run_at(both, &["DC039"], FixMode::Off, Some(path.clone()));
    assert_eq!(r.severities(), [shipshape_core::Severity::Warning]);
    assert!(
        r.findings[0].diagnostic.message.ends_with("fails unless both are active"),
        "{}",
        r.findings[0].diagnostic.message
    );
    // The depending service's profiles are this file's, not a sibling file's service of the same
    // name (OnCall's `docker-compose-mysql-rabbitmq.yml` beside its developer file).
    std::fs::write(
        dir.path().join("compose.tools.yaml"),
        "services:\n  bot:\n    image: acme/bot:1\n    profiles: [other]\n  migrate:\n    image: acme/app:1\n",
    )
    .unwrap();
    let same = "services:\n  bot:\n    image: acme/bot:1\n    profiles: [engine]\n    depends_on: [migrate]\n  migrate:\n    image: acme/app:1\n    profiles: [engine]\n";
    assert!(sev(same).is_empty());
}

/// False alarms seen on real repositories (issue 13 §2).
#[test]
fn pass_through_variables_guards_and_overlays_are_not_findings() {
    // `- KEY` passes the shell's variable through: no value is committed.
    let src = "services:\n  api:\n    image: acme/api:1\n    environment:\n      - API_KEY\n      - DB_PASSWORD=Xq7vR2m9Lp4TzW8n\n";
    assert_eq!(findings(src, &["DC018"]), [("DC018".to_owned(), "Xq7vR2m9Lp4TzW8n".to_owned())]);
    // `${VAR:?message}` is a deliberate fail-fast for a value the shell provides.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "OTHER=1\n").unwrap();
    let src = "services:\n  api:\n    image: acme/api:1\n    environment:\n      TOKEN: ${TOKEN:?set TOKEN}\n";
    let path = dir.path().join("compose.yaml");
    std::fs::write(&path, src).unwrap();
    assert!(run_at(src, &["DC035"], FixMode::Off, Some(path)).findings.is_empty());
    // An overlay in another folder, combined with the base by `-f`: its references and
    // healthchecks may live in the base.
    let overlay = "services:\n  api:\n    environment:\n      DEBUG: \"1\"\n  tests:\n    image: acme/tests:1\n    depends_on: [api, db]\n";
    std::fs::create_dir_all(dir.path().join("ci")).unwrap();
    let path = dir.path().join("ci/compose.ci.yaml");
    std::fs::write(&path, overlay).unwrap();
    assert!(run_at(overlay, &["DC023", "DC026"], FixMode::Off, Some(path)).findings.is_empty());
    // A complete file of a base name still gets its unknown references reported.
    let base = "services:\n  tests:\n    image: acme/tests:1\n    depends_on: [db]\n";
    let path = dir.path().join("ci/compose.yaml");
    std::fs::write(&path, base).unwrap();
    assert_eq!(run_at(base, &["DC026"], FixMode::Off, Some(path)).findings.len(), 1);
}

/// DC018 by what the value is: a placeholder is nothing, a chosen word a warning, a generated key an error.
#[test]
fn literal_secret_severity_follows_the_value() {
    let sev = |v: &str| -> Vec<String> {
        let src = format!(
            "services:\n  api:\n    image: acme/api:1\n    ports:\n      - \"8000:8000\"\n    environment:\n      PARTNER_API_SECRET: {v}\n"
        );
        run(&src, &["DC018"], FixMode::Off)
            .findings
            .iter()
            .map(|f| f.diagnostic.severity.as_str().to_owned())
            .collect()
    };
    assert!(sev("replace-me-with-a-random-string").is_empty());
    assert!(sev("paperless").is_empty(), "a word is a demo default");
    assert!(sev("listmonk-dev").is_empty());
    assert_eq!(sev("paperless2024"), ["warning"]);
    assert_eq!(sev("kT9vXr2Qp7LmZ4sW8nB3yC6h"), ["error"]);
    // The application's own key for the stack's instance (sequin's quick-start, the twenty-sixth
    // sample): a warning, however random.
    let own = |name: &str| -> Vec<String> {
        let src = format!(
            "services:\n  api:\n    image: acme/api:1\n    ports:\n      - \"8000:8000\"\n    environment:\n      - {name}=wDPLYus0pvD6qJhKJICO4dauYPXfO/Yl782Zjtpew5qRBDp7\n"
        );
        run(&src, &["DC018"], FixMode::Off)
            .findings
            .iter()
            .map(|f| f.diagnostic.severity.as_str().to_owned())
            .collect()
    };
    assert_eq!(own("SECRET_KEY_BASE"), ["warning"]);
    // A Google API key (tinode's Firebase web key, the thirtieth sample) is left to SEC002.
    let fcm = "services:\n  api:\n    image: acme/api:1\n    environment:\n      - FCM_API_KEY=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY\n";
    assert!(findings(fcm, &["DC018"]).is_empty());
    assert_eq!(own("STRIPE_SECRET"), ["error"]);
}

/// Pass-through variables in the mapping form, overlays next to their base, and `:?` guards in every form.
#[test]
fn pass_through_maps_base_overlays_and_guards_are_silent() {
    // `KEY:` with no value passes the variable through from the shell, like `- KEY`.
    for env in ["API_KEY:", "API_KEY: ~", "API_KEY: null", "API_KEY: \"\""] {
        let src = format!("services:\n  api:\n    image: acme/api:1\n    environment:\n      {env}\n      DEBUG: \"0\"\n");
        assert!(findings(&src, &["DC018"]).is_empty(), "{env}");
    }
    let dir = tempfile::tempdir().unwrap();
    let base = "services:\n  api:\n    image: acme/api:1\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n  db:\n    image: postgres:17\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready\"]\n    volumes: [data:/var/lib/postgresql/data]\nvolumes:\n  data: {}\n";
    for base_name in ["compose.yaml", "docker-compose.yml"] {
        let d = dir.path().join(base_name.replace('.', "_"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(base_name), base).unwrap();
        let overlay = "services:\n  api:\n    environment:\n      DEBUG: \"1\"\n    depends_on:\n      db:\n        condition: service_healthy\n  worker:\n    image: acme/worker:1\n    depends_on: [db]\n    volumes: [data:/data]\n";
        let stem = base_name.trim_end_matches(".yaml").trim_end_matches(".yml");
        for name in [
            format!("{stem}.override.yml"),
            format!("{stem}.prod.yaml"),
            format!("{stem}.ci.yml"),
        ] {
            let path = d.join(&name);
            std::fs::write(&path, overlay).unwrap();
            let r = run_at(overlay, &["ALL"], FixMode::Off, Some(path.clone()));
            let wrong: Vec<_> = r
                .findings
                .iter()
                .filter(|f| matches!(f.diagnostic.rule.code, "DC000" | "DC023" | "DC025" | "DC026" | "DC039"))
                .map(|f| (f.diagnostic.rule.code, f.diagnostic.message.clone()))
                .collect();
            assert!(wrong.is_empty(), "{name} next to {base_name}: {wrong:?}");
            std::fs::remove_file(&path).unwrap();
        }
        // The same overlay's own typo is still an unknown reference.
        let typo = "services:\n  worker:\n    image: acme/worker:1\n    depends_on: [dbb]\n";
        let path = d.join(format!("{stem}.override.yml"));
        std::fs::write(&path, typo).unwrap();
        assert_eq!(run_at(typo, &["DC026"], FixMode::Off, Some(path)).findings.len(), 1, "{base_name}");
    }
    // `${VAR:?message}` guards: a deliberate fail-fast, in any position, with or without a `.env`.
    for value in [
        "${TOKEN:?set TOKEN}",
        "${TOKEN?}",
        "${TOKEN:?}",
        "\"${TOKEN:?TOKEN is required, see README}\"",
        "acme/api:${TAG:?pick a tag}",
    ] {
        let src = format!("services:\n  api:\n    image: acme/api:1\n    environment:\n      TOKEN: {value}\n");
        let r = run(&src, &["ALL"], FixMode::Off);
        let errors: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.diagnostic.severity.as_str() == "error")
            .map(|f| (f.diagnostic.rule.code, f.diagnostic.message.clone()))
            .collect();
        assert!(errors.is_empty(), "{value}: {errors:?}");
    }
    // A guarded tag is whatever the shell provides, not "no tag".
    for image in ["acme/api:${TAG:?pick a tag}", "acme/api:${TAG?}", "${IMAGE:?}"] {
        let src = format!("services:\n  api:\n    image: {image}\n");
        assert!(findings(&src, &["DC013", "DC035"]).is_empty(), "{image}");
    }
    // A default is meant to be overridden (kong's `${KONG_DOCKER_TAG:-kong:latest}`, judged not worth it).
    assert!(findings("services:\n  api:\n    image: acme/api:${TAG:-latest}\n", &["DC013"]).is_empty());
    // aurweb (six judged wrong, the thirty-ninth sample): one service builds `aurweb:latest`, the
    // others run it; a `latest` nobody here builds is still reported.
    let built = "services:\n  aurweb-image:\n    build: .\n    image: aurweb:latest\n  cron:\n    image: aurweb:latest\n  cache:\n    image: redis:latest\n";
    let found = findings(built, &["DC013"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("redis"), "{found:?}");
    // Compose's own name for a service's built image, `<project>-<service>` (readthedocs'
    // `community-server:latest`, its base file in a submodule; the sixty-fifth sample).
    let named = "name: community\nservices:\n  web:\n    image: community-server:latest\n  db:\n    image: community/postgres:latest\n";
    let found = findings(named, &["DC013"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("community/postgres"), "{found:?}");
    assert_eq!(findings(&named.replace("name: community\n", ""), &["DC013"]).len(), 2);
}

/// keep's proxy stack (judged wrong as an error, the sixty-eighth sample): a service only on
/// `internal: true` networks publishes no port, so it clashes with nothing.
#[test]
fn ports_of_a_service_on_internal_networks_only_are_not_published() {
    let src = |internal: &str| {
        format!(
            "services:\n  ui:\n    image: x:1\n    ports: [\"3000:3000\"]\n    networks: [inner]\n  tunnel:\n    image: y:1\n    ports: [\"3000:80\"]\nnetworks:\n  inner:\n    internal: {internal}\n"
        )
    };
    assert!(findings(&src("true"), &["DC005"]).is_empty());
    assert_eq!(findings(&src("false"), &["DC005"]).len(), 1);
}

/// DC004 and DC005 compare only services that can run together: a service without `profiles`
/// always starts, two with profiles start together only under a shared one (hoppscotch).
#[test]
fn duplicate_names_and_ports_respect_profiles() {
    let codes = |src: &str| -> Vec<String> { findings(src, &["DC004", "DC005"]).into_iter().map(|(c, _)| c).collect() };
    let disjoint = "services:\n  a: {image: x, profiles: [\"default\"], container_name: app, ports: [\"3000:3000\"]}\n  b: {image: x, profiles: [\"app\"], container_name: app, ports: [\"3000:3000\"]}\n";
    assert!(codes(disjoint).is_empty(), "{:?}", codes(disjoint));
    let shared = "services:\n  a: {image: x, profiles: [\"default\", \"app\"], container_name: app, ports: [\"3000:3000\"]}\n  b: {image: x, profiles: [\"app\"], container_name: app, ports: [\"3000:3000\"]}\n";
    assert_eq!(codes(shared), ["DC004", "DC005"]);
    let one_always = "services:\n  a: {image: x, container_name: app, ports: [\"3000:3000\"]}\n  b: {image: x, profiles: [\"app\"], container_name: app, ports: [\"3000:3000\"]}\n";
    assert_eq!(codes(one_always), ["DC004", "DC005"]);
    let none = "services:\n  a: {image: x, container_name: app, ports: [\"3000:3000\"]}\n  b: {image: x, container_name: app, ports: [\"3000:3000\"]}\n";
    assert_eq!(codes(none), ["DC004", "DC005"]);
    // A third service clashes with the first one it can run with, not only the first seen.
    let third = "services:\n  a: {image: x, profiles: [\"default\"], container_name: app, ports: [\"3000:3000\"]}\n  b: {image: y, profiles: [\"app\"], container_name: app, ports: [\"3000:3000\"]}\n  c: {image: z, profiles: [\"app\"], container_name: app, ports: [\"3000:3000\"]}\n";
    let r = run(third, &["DC004", "DC005"], FixMode::Off);
    let msgs: Vec<_> = r.findings.iter().map(|f| f.diagnostic.message.clone()).collect();
    assert_eq!(
        msgs,
        [
            "service `c` reuses container name `app`",
            // The same mapping (`3000:3000`) marks alternatives: the warning of variants.
            "service `c` publishes host port 3000 as `b` does: the two cannot run together"
        ]
    );
    // A clash that only a profile brings names the profile (dittofeed's MinIO under
    // `blob-storage` on ClickHouse's 9000, the fifty-eighth sample).
    let profiled = "services:\n  clickhouse: {image: clickhouse/clickhouse-server, ports: [\"9000:9000\", \"8123:8123\"]}\n  minio: {image: minio/minio, profiles: [\"blob-storage\"], ports: [\"9000:9000\", \"9001:9001\"]}\n";
    let r = run(profiled, &["DC005"], FixMode::Off);
    let msgs: Vec<_> = r.findings.iter().map(|f| f.diagnostic.message.clone()).collect();
    assert_eq!(
        msgs,
        ["host port 9000 is already published by service `clickhouse` (when profile `blob-storage` is enabled)"]
    );
}

/// DC036: a missing env file with a committed template beside it is the setup step
/// `cp .env.example .env`, not a broken path, whether or not git ignores it (searxng's
/// `container/.env` is not ignored); without a template it is reported.
#[test]
fn env_file_with_a_template_beside_it_is_not_missing() {
    let src = "services:\n  api:\n    image: acme/api:1\n    env_file:\n      - ./.env\n";
    let at = |dir: &std::path::Path| -> Vec<(String, String)> {
        let path = dir.join("compose.yaml");
        std::fs::write(&path, src).unwrap();
        spans(&run_at(src, &["DC036"], FixMode::Off, Some(path)), src)
    };
    for template in [".env.example", ".env.sample", ".env.dist", ".env.template"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(template), "KEY=\n").unwrap();
        assert!(at(dir.path()).is_empty(), "{template}");
    }
    // Not git-ignored, in a subfolder of a repository: still the setup step.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "node_modules/\n").unwrap();
    let sub = dir.path().join("container");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join(".env.example"), "KEY=\n").unwrap();
    assert!(at(&sub).is_empty());
    // A hidden env file is each deployment's own (coolify, firefly-iii, redash: judged wrong as
    // errors): not reported, template or not.
    let other = dir.path().join("deploy");
    std::fs::create_dir(&other).unwrap();
    assert!(at(&other).is_empty());
    // A visible one with no template beside it (a template in another directory, or for another
    // name, does not count) is reported, as a warning: a script may still make it.
    let visible = |d: &std::path::Path| {
        let src = src.replace("./.env", "./app.env");
        let path = d.join("compose.yaml");
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &["DC036"], FixMode::Off, Some(path))
            .findings
            .iter()
            .map(|f| f.diagnostic.severity.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    std::fs::write(dir.path().join("app.env.example"), "KEY=\n").unwrap();
    std::fs::write(other.join("prod.env.example"), "KEY=\n").unwrap();
    assert_eq!(visible(&other), ["warning"]);
    std::fs::write(other.join("app.env.example"), "KEY=\n").unwrap();
    assert!(visible(&other).is_empty());
    // The long syntax with `required: false` is never reported.
    let long = "services:\n  api:\n    image: acme/api:1\n    env_file:\n      - path: ./.env\n        required: false\n";
    let path = dir.path().join("compose.yaml");
    std::fs::write(&path, long).unwrap();
    assert!(run_at(long, &["DC036"], FixMode::Off, Some(path)).findings.is_empty());
}

/// DC013: the repository's own image, which its release tooling builds and tags (GoReleaser's
/// `dockers` for filebrowser, a `package.json` script for dockge, a CI workflow), may run `latest`
/// in its quick-start Compose file; other images, and the same file outside such a repository,
/// are reported.
#[test]
fn own_published_image_may_run_latest() {
    let src = "services:\n  app:\n    image: filebrowser/filebrowser:latest\n  cache:\n    image: redis:latest\n";
    let both = [
        ("DC013".to_owned(), "filebrowser/filebrowser:latest".to_owned()),
        ("DC013".to_owned(), "redis:latest".to_owned()),
    ];
    let at = |dir: &std::path::Path| -> Vec<(String, String)> {
        let path = dir.join("compose.yaml");
        std::fs::write(&path, src).unwrap();
        spans(&run_at(src, &["DC013"], FixMode::Off, Some(path)), src)
    };
    let repo = |file: &str, text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        dir
    };
    let cache = [("DC013".to_owned(), "redis:latest".to_owned())];
    let goreleaser = repo(
        ".goreleaser.yml",
        "dockers:\n  - dockerfile: Dockerfile\n    image_templates:\n      - \"filebrowser/filebrowser:{{ .Tag }}-amd64\"\n",
    );
    assert_eq!(at(goreleaser.path()), cache);
    let package = repo(
        "package.json",
        r#"{"scripts": {"build:docker": "docker buildx build --platform linux/amd64 -t docker.io/filebrowser/filebrowser:latest -f ./docker/Dockerfile . --push"}}"#,
    );
    assert_eq!(at(package.path()), cache);
    let workflow = repo(
        ".github/workflows/release.yml",
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: docker build -t filebrowser/filebrowser:${{ github.sha }} .\n",
    );
    assert_eq!(at(workflow.path()), cache);
    // A repository whose release tooling publishes something else, or none known: reported.
    let other = repo(".goreleaser.yml", "dockers:\n  - image_templates: [\"acme/other:{{ .Tag }}\"]\n");
    assert_eq!(at(other.path()), both);
    let plain = tempfile::tempdir().unwrap();
    assert_eq!(at(plain.path()), both);
    // A clone of the project itself (its `origin` remote): the image named after it or its owner.
    for url in ["https://github.com/someone/filebrowser.git", "git@github.com:FileBrowser/fb.git"] {
        let clone = repo(".git/config", &format!("[remote \"origin\"]\n\turl = {url}\n"));
        assert_eq!(at(clone.path()), cache, "{url}");
    }
    let unrelated = repo(
        ".git/config",
        "[remote \"origin\"]\n\turl = https://github.com/acme/redis-stack.git\n",
    );
    assert_eq!(at(unrelated.path()), both);
}

#[test]
fn key_order_puts_other_service_keys_last_and_extension_fields_first() {
    let count = |src: &str| findings(src, &["DC012"]).len();
    // dclint's order: keys outside the known groups (`init`, `profiles`, `platform`) go last.
    assert_eq!(count("services:\n  a:\n    image: alpine:3\n    init: true\n    command: top\n"), 1);
    assert_eq!(
        count("services:\n  a:\n    image: alpine:3\n    platform: linux/arm64\n    build: .\n"),
        1
    );
    assert_eq!(count("services:\n  a:\n    image: alpine:3\n    command: top\n    init: true\n"), 0);
    // ... in alphabetical order among themselves.
    assert_eq!(
        count("services:\n  a:\n    image: alpine:3\n    profiles: [x]\n    init: true\n"),
        1
    );
    assert_eq!(
        count("services:\n  a:\n    image: alpine:3\n    init: true\n    profiles: [x]\n"),
        0
    );
    // `x-` extension fields come first at the top level.
    assert_eq!(count("x-env: &env\n  A: b\nservices:\n  a:\n    image: alpine:3\n"), 0);
    assert_eq!(count("services:\n  a:\n    image: alpine:3\nx-env:\n  A: b\n"), 1);
}

/// coolify (judged wrong, 2026-12-05): `/data/coolify/source/.env` is created on the server by the
/// install script, `.env.windows-docker-desktop.example` is the template of `.env`, and a missing
/// file shared by four services is one fix.
#[test]
fn env_files_on_the_host_variant_templates_and_one_finding_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let at = |src: &str| -> Vec<(String, String)> {
        let path = dir.path().join("compose.yaml");
        std::fs::write(&path, src).unwrap();
        spans(&run_at(src, &["DC036"], FixMode::Off, Some(path)), src)
    };
    let host = "services:\n  app:\n    image: nginx:1.27\n    env_file:\n      - /data/app/.env\n      - ~/app.env\n";
    assert!(at(host).is_empty());
    let shared = "services:\n  a:\n    image: nginx:1.27\n    env_file: app.env\n  b:\n    image: nginx:1.27\n    env_file: app.env\n";
    assert_eq!(at(shared).len(), 1);
    std::fs::write(dir.path().join("app.env.windows-docker-desktop.example"), "KEY=\n").unwrap();
    assert!(at(shared).is_empty());
    // a template of another file does not count
    let other = shared.replace("app.env\n", "db.env\n");
    assert_eq!(at(&other).len(), 1);
}

/// kobo-docker (three judged wrong, the thirty-ninth sample): an env file in a sibling folder of
/// the checkout is the installer's to make; a missing one inside the repository is still reported.
#[test]
fn env_files_outside_the_repository_are_the_installers() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("kobo-docker");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let path = repo.join("docker-compose.frontend.yml");
    let at = |src: &str| {
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC036"], FixMode::Off, Some(path.clone())).findings.len()
    };
    let src = |p: &str| format!("services:\n  nginx:\n    image: nginx:1.27\n    env_file:\n      - {p}\n");
    assert_eq!(at(&src("../kobo-env/envfiles/django.txt")), 0);
    assert_eq!(at(&src("envfiles/django.txt")), 1);
}

/// coolify's trigger.yaml (judged wrong, 2026-12-05): the socket proxy that DC016's help recommends
/// has to mount the socket itself.
#[test]
fn a_socket_proxy_may_mount_the_socket() {
    let src = "services:\n  docker-proxy:\n    image: tecnativa/docker-socket-proxy:v0.4.2\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n  agent:\n    image: lscr.io/linuxserver/socket-proxy:latest\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n";
    assert!(findings(src, &["DC016"]).is_empty());
    let app_run = run(
        &src.replace("tecnativa/docker-socket-proxy:v0.4.2", "jenkins/jenkins:lts"),
        &["DC016"],
        FixMode::Off,
    );
    assert_eq!(
        app_run.findings[0].diagnostic.severity,
        shipshape_core::Severity::Warning,
        "a compromise of the container comes first"
    );
    let tool = src.replace("tecnativa/docker-socket-proxy:v0.4.2", "portainer/portainer-ce:2.21.0");
    assert!(
        findings(&tool, &["DC016"]).is_empty(),
        "a Docker management tool mounts it by design"
    );
    let app = src.replace("tecnativa/docker-socket-proxy:v0.4.2", "jenkins/jenkins:lts");
    assert_eq!(findings(&app, &["DC016"]).len(), 1);
    // A log agent, whoever builds its image (OpenLMIS' `openlmis/scalyr`, the seventy-third sample).
    let agent = src.replace("tecnativa/docker-socket-proxy:v0.4.2", "openlmis/scalyr:2.0.0");
    assert!(findings(&agent, &["DC016"]).is_empty());
}

/// listmonk, outline, mealie (judged not worth it, 2026-12-05): a chosen password of a database that
/// publishes no port beyond loopback, and the application's copy of it, only gate the project's own
/// containers. Published, or generated, it is still reported.
#[test]
fn chosen_passwords_of_unpublished_services_are_silent() {
    let src = "services:\n  app:\n    image: listmonk/listmonk:v5.0.0\n    ports:\n      - \"9000:9000\"\n    environment:\n      LISTMONK_db__password: listmonk42\n  db:\n    image: postgres:17\n    ports:\n      - \"127.0.0.1:5432:5432\"\n    environment:\n      - POSTGRES_PASSWORD=listmonk42\n";
    assert!(findings(src, &["DC018"]).is_empty());
    let published = src.replace("127.0.0.1:5432:5432", "5432:5432");
    assert_eq!(findings(&published, &["DC018"]).len(), 2);
    // the same password in the application's database URL (BookStack's TEST_DATABASE_URL)
    let url = src.replace(
        "LISTMONK_db__password: listmonk42",
        "DATABASE_URL: postgres://app:listmonk42@db/app",
    );
    assert!(findings(&url, &["DC018"]).is_empty());
    let generated = src.replace("listmonk42\n", "kT9vXr2Qp7LmZ4sW8nB3yC6h\n");
    assert_eq!(findings(&generated, &["DC018"]).len(), 2);
    // Generated, but only the project's containers reach it (a CI stack's database): a warning.
    let r = run(&generated, &["DC018"], FixMode::Off);
    assert!(r.findings.iter().all(|f| f.diagnostic.severity.as_str() == "warning"));
    // One anchored value shared by services is one finding.
    let anchored = "x-env: &env\n  SESSION_SECRET: kT9vXr2Qp7LmZ4sW8nB3yC6h\nservices:\n  a:\n    image: acme/a:1\n    ports: [\"80:80\"]\n    environment: *env\n  b:\n    image: acme/b:1\n    environment: *env\n";
    assert_eq!(findings(anchored, &["DC018"]).len(), 1);
}

/// mattermost/docker (judged wrong, 2026-12-05): tags from variables that `env.example` documents and
/// no `.env` sets are unknown here, not empty (`nginx:` "has no tag" was invented); a default is
/// meant to be overridden. A `.env` that sets `latest` is what runs (see the overlay tests).
#[test]
fn an_image_tag_from_an_unset_variable_is_unknown() {
    let src = "services:\n  web:\n    image: nginx:${NGINX_IMAGE_TAG}\n  app:\n    image: mattermost/${MM_IMAGE}:${MM_TAG}\n";
    assert!(findings(src, &["DC013"]).is_empty());
    let default = "services:\n  web:\n    image: nginx:${NGINX_IMAGE_TAG:-latest}\n";
    assert!(findings(default, &["DC013"]).is_empty());
}

/// coolify's templates (judged not worth it, 2026-12-05): Docker-in-Docker cannot run unprivileged.
#[test]
fn privileged_is_silent_where_the_image_needs_it() {
    let svc = |image: &str| format!("services:\n  x:\n    image: {image}\n    privileged: true\n");
    for ok in [
        "docker:dind",
        "docker:27-dind-rootless",
        "docker.io/library/docker:28.1-dind",
        "rancher/k3s:v1.33.1-k3s1",
    ] {
        assert!(findings(&svc(ok), &["DC014"]).is_empty(), "{ok}");
    }
    for bad in ["docker:28-cli", "nicolargo/glances:4.3.1", "homeassistant/home-assistant:2025.6"] {
        let r = run(&svc(bad), &["DC014"], FixMode::Off);
        assert_eq!(r.findings.len(), 1, "{bad}");
        assert_eq!(r.findings[0].diagnostic.severity.as_str(), "warning");
    }
}

/// linkding's OIDC test stack: `OIDC_OP_TOKEN_ENDPOINT` holds a URL, not a token.
#[test]
fn urls_and_paths_under_secret_names_are_not_secrets() {
    let src = "services:\n  app:\n    image: acme/app:1\n    ports: [\"80:80\"]\n    environment:\n      OIDC_OP_TOKEN_ENDPOINT: 'http://authelia:9091/api/oidc/token'\n      API_KEY_PATH: /run/secrets/api_key\n      SESSION_SECRET: kT9vXr2Qp7LmZ4sW8nB3yC6h\n";
    assert_eq!(
        findings(src, &["DC018"]),
        [("DC018".to_owned(), "kT9vXr2Qp7LmZ4sW8nB3yC6h".to_owned())]
    );
}

/// mailcow's `helper-scripts/docker-compose.override.yml.d/…` is copied to the root to be used;
/// jitsi's `rtcstats/.env` is created from `rtcstats/env.example`.
#[test]
fn missing_files_resolve_from_the_root_and_bare_env_templates() {
    let dir = tempfile::tempdir().unwrap();
    for d in [".git", "data/Dockerfiles/unbound", "helper-scripts/overrides", "rtcstats"] {
        std::fs::create_dir_all(dir.path().join(d)).unwrap();
    }
    std::fs::write(dir.path().join("data/Dockerfiles/unbound/Dockerfile"), "FROM alpine:3.22\n").unwrap();
    std::fs::write(dir.path().join("rtcstats/env.example"), "KEY=\n").unwrap();
    let at = |rel: &str, src: &str| {
        let path = dir.path().join(rel);
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC036"], FixMode::Off, Some(path)).findings.len()
    };
    let template = "services:\n  unbound:\n    build: ./data/Dockerfiles/unbound\n";
    assert_eq!(at("helper-scripts/overrides/docker-compose.override.yml", template), 0);
    assert_eq!(
        at(
            "helper-scripts/overrides/docker-compose.override.yml",
            &template.replace("unbound\n", "clamd\n")
        ),
        1
    );
    let env = "services:\n  stats:\n    image: jitsi/rtcstats-server:1\n    env_file:\n      - ./rtcstats/.env\n";
    assert_eq!(at("rtcstats.yml", env), 0);
    assert_eq!(at("rtcstats.yml", &env.replace("rtcstats/.env", "rtcstats/prod.env")), 1);
}

/// calcom/docker builds from its `calcom` submodule, empty in a fresh clone; so is jpo-ode's
/// `./asn1_codec` in a source archive, which has `.gitmodules` and no `.git`.
#[test]
fn build_contexts_in_submodules_are_not_missing() {
    for git in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        if git {
            std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("calcom")).unwrap();
        std::fs::write(
            dir.path().join(".gitmodules"),
            "[submodule \"calcom\"]\n\tpath = calcom\n\turl = https://github.com/calcom/cal.com.git\n",
        )
        .unwrap();
        let src =
            "services:\n  api:\n    build:\n      context: ./calcom\n      dockerfile: apps/api/v2/Dockerfile\n  web:\n    build: ./web\n";
        let path = dir.path().join("compose.yaml");
        std::fs::write(&path, src).unwrap();
        let got = spans(&run_at(src, &["DC036"], FixMode::Off, Some(path)), src);
        assert_eq!(got, [("DC036".to_owned(), "./web".to_owned())], "git: {git}");
    }
}

/// example-voting-app's `docker-stack.yml` is read by `docker stack deploy`, which uses `version`.
#[test]
fn stack_files_keep_their_version() {
    let src = "version: \"3.9\"\nservices:\n  web:\n    image: nginx:1.29\n";
    let at = |name: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC002"], FixMode::Off, Some(path)).findings.len()
    };
    assert_eq!(at("docker-stack.yml"), 0);
    assert_eq!(at("compose.yaml"), 1);
}

/// wellcomecollection's storage service (judged wrong, the fifty-fourth sample): sbt-docker-compose
/// runs the files with Compose v1, which reads `version`.
#[test]
fn compose_v1_tooling_keeps_the_version() {
    let src = "version: \"2.1\"\nservices:\n  s3:\n    image: zenko/cloudserver:8.1.8\n";
    let at = |plugins: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        if let Some(text) = plugins {
            std::fs::create_dir(dir.path().join("project")).unwrap();
            std::fs::write(dir.path().join("project/plugins.sbt"), text).unwrap();
        }
        std::fs::create_dir(dir.path().join("common")).unwrap();
        let path = dir.path().join("common/docker-compose.yml");
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC002"], FixMode::Off, Some(path)).findings.len()
    };
    assert_eq!(at(Some("addSbtPlugin(\"com.tapad\" % \"sbt-docker-compose\" % \"1.0.35\")\n")), 0);
    assert_eq!(
        at(Some("addSbtPlugin(\"com.github.sbt\" % \"sbt-native-packager\" % \"1.10.4\")\n")),
        1
    );
    assert_eq!(at(None), 1);
}

/// MindsDB's quick-start (judged wrong as an error, 2026-12-05): `sk-lf-1234567890` is a dummy.
#[test]
fn ascending_digit_runs_are_dummies() {
    let src = "services:\n  app:\n    image: acme/app:1\n    ports: [\"80:80\"]\n    environment:\n      LANGFUSE_SECRET_KEY: \"sk-lf-1234567890\"\n";
    assert!(findings(src, &["DC018"]).is_empty());
}

/// The error audit (2026-12-05): a TCP and a UDP bind of one port do not collide; a service on the
/// host's network or scaled to zero publishes nothing.
#[test]
fn published_ports_clash_per_protocol_and_started_service() {
    let two = |a: &str, b: &str, extra: &str| {
        format!(
            "services:\n  dns:\n    image: coredns/coredns:1.12.0\n    ports: [\"{a}\"]\n  web:\n    image: nginx:1.29\n{extra}    ports: [\"{b}\"]\n"
        )
    };
    assert!(findings(&two("53:53/udp", "53:53/tcp", ""), &["DC005"]).is_empty());
    assert!(findings(&two("53:53/udp", "53:53", ""), &["DC005"]).is_empty());
    assert_eq!(findings(&two("53:53/udp", "53:53/udp", ""), &["DC005"]).len(), 1);
    assert!(findings(&two("80:80", "80:80", "    network_mode: host\n"), &["DC005"]).is_empty());
    assert!(findings(&two("80:80", "80:80", "    deploy:\n      replicas: 0\n"), &["DC005"]).is_empty());
    assert_eq!(findings(&two("80:80", "80:80", ""), &["DC005"]).len(), 1);
}

/// Precision sample 42: variants of one service (three Glue notebooks on the same three ports,
/// each started alone with `docker compose up notebook-v2`) cannot run together: one warning per
/// pair suggesting profiles, not an error per port. Different services on one port stay an error.
#[test]
fn variants_publishing_the_same_ports_are_a_warning_per_pair() {
    use shipshape_core::Severity::{Error, Warning};
    let svc = |name: &str, image: &str, ports: &str| format!("  {name}:\n    image: {image}\n    ports: [{ports}]\n");
    let three = "\"8888:8888\", \"4040:4040\", \"10000:10000\"";
    let src = format!(
        "services:\n{}{}{}",
        svc("notebook", "amazon/aws-glue-libs:glue_libs_1", three),
        svc("notebook-v2", "amazon/aws-glue-libs:glue_libs_2", three),
        svc("notebook-v3", "amazon/aws-glue-libs:glue_libs_3", three)
    );
    let r = run(&src, &["DC005"], FixMode::Off);
    let got: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.diagnostic.severity, f.diagnostic.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Warning,
                "service `notebook-v2` publishes host ports 4040, 8888, 10000 as `notebook` does: the two cannot run together".to_owned()
            ),
            (
                Warning,
                "service `notebook-v3` publishes host ports 4040, 8888, 10000 as `notebook` does: the two cannot run together".to_owned()
            ),
        ]
    );
    // One port and the same image: variants too. One port, different software: an error.
    let one = format!(
        "services:\n{}{}",
        svc("api", "acme/api:1", "\"8080:8080\""),
        svc("api-next", "acme/api:2", "\"8080:8080\"")
    );
    let sev: Vec<_> = run(&one, &["DC005"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.severity)
        .collect();
    assert_eq!(sev, [Warning]);
    let clash = format!(
        "services:\n{}{}",
        svc("web", "nginx:1.29", "\"8080:80\""),
        svc("api", "acme/api:1", "\"8080:3000\"")
    );
    let sev: Vec<_> = run(&clash, &["DC005"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.severity)
        .collect();
    assert_eq!(sev, [Error]);
    // docs' nginx-served build and its development server, both `3000:3000` (the fifty-fifth
    // sample): the same mapping, two ways of serving one thing.
    let frontends = "services:\n  nginx-frontend:\n    image: nginx:1.25\n    ports:\n      - \"3000:3000\"\n  frontend-development:\n    build:\n      context: .\n      target: impress-dev\n    ports:\n      - \"3000:3000\"\n";
    let sev: Vec<_> = run(frontends, &["DC005"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.severity)
        .collect();
    assert_eq!(sev, [Warning]);
    // Overlapping but different port sets: each clash is an error.
    let partial = format!(
        "services:\n{}{}",
        svc("a", "acme/a:1", "\"8080:80\", \"9090:90\""),
        svc("b", "acme/b:1", "\"8080:80\", \"9191:91\"")
    );
    let sev: Vec<_> = run(&partial, &["DC005"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.severity)
        .collect();
    assert_eq!(sev, [Error]);
    // Two servers of one protocol on its standard port (dd-trace-py's test services, started by
    // name: the forty-ninth sample): alternatives, a warning per pair, their other ports included.
    let menu = format!(
        "services:\n{}{}{}{}",
        svc("mariadb", "mariadb:11", "\"127.0.0.1:3306:3306\""),
        svc("mysql", "mysql:9", "\"127.0.0.1:3306:3306\""),
        svc(
            "servicebus",
            "mcr.microsoft.com/azure-messaging/servicebus-emulator:latest",
            "\"127.0.0.1:5672:5672\", \"127.0.0.1:5300:5300\""
        ),
        svc(
            "eventhubs",
            "mcr.microsoft.com/azure-messaging/eventhubs-emulator:latest",
            "\"127.0.0.1:5672:5672\", \"127.0.0.1:5300:5300\""
        )
    );
    let got: Vec<_> = run(&menu, &["DC005"], FixMode::Off)
        .findings
        .iter()
        .map(|f| (f.diagnostic.severity, f.diagnostic.message.clone()))
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(s, _)| *s == Warning), "{got:?}");
    assert!(got[0].1.contains("host port 3306 as `mariadb` does"), "{got:?}");
    // Two targets of one build on one port (simpler-grants-gov's `nextjs` and `nextjs-prod`, the
    // fifty-second sample): variants.
    let targets = "services:\n  nextjs:\n    build:\n      context: .\n      target: dev\n    ports: [\"3000:3000\"]\n  nextjs-prod:\n    build:\n      context: .\n      target: release\n    ports: [\"3000:3000\"]\n";
    let sev: Vec<_> = run(targets, &["DC005"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.severity)
        .collect();
    assert_eq!(sev, [Warning]);
    // A web server and an app both on 8080 are not alternatives: still an error.
    let apps = format!(
        "services:\n{}{}",
        svc("web", "nginx:1.29", "\"6379:8080\""),
        svc("cache", "redis:8", "\"6379:6379\"")
    );
    let sev: Vec<_> = run(&apps, &["DC005"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.severity)
        .collect();
    assert_eq!(sev, [Error], "only one side publishes the standard port as itself");
}

/// The error audit (2026-12-05): an image built `FROM` a third-party image inherits its
/// HEALTHCHECK, unknown to shipshape; `FROM` an official image (which defines none) it has none.
#[test]
fn built_images_inherit_their_base_healthcheck() {
    let src = |base: &str| {
        format!(
            "services:\n  vault:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM {base}\n        COPY config.json /data/\n  proxy:\n    image: caddy:2.10\n    depends_on:\n      vault:\n        condition: service_healthy\n"
        )
    };
    assert!(findings(&src("vaultwarden/server:1.32.7"), &["DC025"]).is_empty());
    assert_eq!(findings(&src("alpine:3.22"), &["DC025"]).len(), 1);
}

/// The error audit (2026-12-05): a build context outside the repository (a sibling checkout a
/// devstack asks for) or in a build-output directory is made before the build: a warning. A
/// missing source directory inside the repository stays an error.
#[test]
fn missing_contexts_made_elsewhere_are_warnings() {
    use shipshape_core::Severity::{Error, Warning};
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("devstack");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let sev = |context: &str| -> Vec<shipshape_core::Severity> {
        let src = format!("services:\n  api:\n    build: {context}\n");
        let path = repo.join("compose.yaml");
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &["DC036"], FixMode::Off, Some(path)).severities()
    };
    assert_eq!(sev("../backend"), [Warning]);
    assert_eq!(sev("./frontend/dist"), [Warning]);
    assert_eq!(sev("./services/api"), [Error]);
    // A context git ignores is one each checkout makes (a vendored checkout): not reported; a
    // Dockerfile git ignores (a generated one): a warning.
    std::fs::write(repo.join(".gitignore"), "/vendor/\n*.local\n").unwrap();
    assert_eq!(sev("./vendor/api"), [], "made by a setup step (monica's Laravel Sail runtime)");
    assert_eq!(sev("./services/api"), [Error]);
    std::fs::create_dir_all(repo.join("web")).unwrap();
    std::fs::write(repo.join("web/.gitignore"), "Dockerfile.dev\n").unwrap();
    let build = |df: &str| format!("{{context: ./web, dockerfile: {df}}}");
    assert_eq!(sev(&build("Dockerfile.dev")), [Warning]);
    assert_eq!(sev(&build("Dockerfile.prod")), [Error]);
}

/// photoprism's development `compose.yaml` says `FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN
/// PRODUCTION` in its header: its local Keycloak client secret was judged wrong as an error (the
/// sixteenth sample). Such a file is a development file, as one under `dev/` is.
#[test]
fn files_marked_for_development_only_are_development_files() {
    // DC018 is opt-in since the thirty-ninth sample: a default warning rule shows the mechanism.
    let body = "services:\n  app:\n    image: acme/app:latest\n";
    // Selected by prefix (a named rule shows everywhere).
    let dc013 = |src: &str| findings(src, &["DC"]).into_iter().filter(|(c, _)| c == "DC013").count();
    assert_eq!(dc013(body), 1);
    let marked = format!("## FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION ##\n{body}");
    assert_eq!(dc013(&marked), 0);
}

/// nautobot's `development/docker-compose.final.yml` only sets `build: {target: final}`; `tasks.py`
/// combines it with the base file, whose `context: ../` holds the Dockerfile (judged wrong as an
/// error, the seventeenth sample). In a file `docker compose` reads by default the same `build:`
/// means the file's own directory.
#[test]
fn an_override_build_without_context_keeps_the_base_context() {
    let dir = tempfile::tempdir().unwrap();
    let src = "services:\n  nautobot:\n    build:\n      target: final\n    image: nautobot:local\n";
    let count = |name: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC036"], FixMode::Off, Some(path)).findings.len()
    };
    assert_eq!(count("docker-compose.final.yml"), 0);
    assert_eq!(count("docker-compose.yml"), 1, "the base file's own context has no Dockerfile");
}

/// diaspora's development stack depends on `"${DIASPORA_DOCKER_DB}"`, which its script sets to
/// `postgresql` or `mysql` (judged wrong as an error, the twenty-first sample): an interpolated
/// name is unknown here.
#[test]
fn an_interpolated_dependency_is_not_an_unknown_service() {
    let src = "services:\n  app:\n    image: acme/app:1\n    depends_on:\n      - \"${DIASPORA_DOCKER_DB}\"\n      - redis\n  redis:\n    image: redis:7\n";
    assert!(findings(src, &["DC026"]).is_empty());
    assert_eq!(findings(&src.replace("- redis\n  redis", "- rediss\n  redis"), &["DC026"]).len(), 1);
}

/// statping-ng's `dev/docker-compose.full.yml` (an error seen trying the release on it): an overlay
/// its Makefile passes after the root `docker-compose.yml` resolves `context: ./` from the root,
/// where the Dockerfile is; a Dockerfile found nowhere is still an error.
#[test]
fn an_overlays_dockerfile_may_resolve_from_the_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("dev")).unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.22\n").unwrap();
    let path = dir.path().join("dev/docker-compose.full.yml");
    let at = |df: &str| {
        let src = format!("services:\n  app:\n    build:\n      context: ./\n      dockerfile: {df}\n");
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &["DC036"], FixMode::Off, Some(path.clone())).findings.len()
    };
    assert_eq!(at("Dockerfile"), 0);
    assert_eq!(at("Dockerfile.missing"), 1);
}

/// keel's debug compose file (judged wrong, the thirty-fifth sample): SYS_PTRACE for a debugger
/// reaches the host only with the host's PID namespace.
#[test]
fn sys_ptrace_needs_host_pids_to_reach_the_host() {
    let svc = |extra: &str| format!("services:\n  debug:\n    image: acme/app:1\n{extra}    cap_add:\n      - SYS_PTRACE\n");
    assert!(findings(&svc(""), &["DC015"]).is_empty());
    assert_eq!(findings(&svc("    pid: host\n"), &["DC015"]).len(), 1);
}

/// lmnr's ClickHouse (judged wrong, the fifty-fourth sample): NET_ADMIN on the project's own
/// network changes only the container's namespace; on the host's network it rewrites the host's.
#[test]
fn net_admin_needs_the_host_network_to_reach_the_host() {
    let svc =
        |extra: &str| format!("services:\n  db:\n    image: clickhouse/clickhouse-server:25.3\n{extra}    cap_add:\n      - NET_ADMIN\n");
    assert!(findings(&svc(""), &["DC015"]).is_empty());
    let on_host = findings(&svc("    network_mode: host\n"), &["DC015"]);
    assert_eq!(on_host.len(), 1);
}

/// zabbix-docker (ten errors judged wrong, the thirty-seventh sample): `extends` carries the base
/// service's profiles, through chains, so a service extending one in profile `all` starts only
/// with it too.
#[test]
fn profiles_come_through_extends() {
    let src = "services:\n  proxy:\n    image: zabbix/proxy:7\n    profiles: [all]\n  proxy-mysql:\n    extends: proxy\n  zabbix-proxy-mysql:\n    extends:\n      service: proxy-mysql\n    depends_on:\n      - mysql-server\n  mysql-server:\n    image: mysql:8.4\n    profiles: [all]\n";
    assert!(findings(src, &["DC039"]).is_empty());
    let own = src.replace("    extends:\n      service: proxy-mysql\n", "    image: zabbix/proxy-mysql:7\n");
    assert_eq!(findings(&own, &["DC039"]).len(), 1);
}

/// bigbluebutton's `docker-compose.tmpl.yml` (judged wrong as an error, the thirty-ninth sample):
/// a template that does not parse until rendered is said, as info; invalid YAML without template
/// blocks stays an error.
#[test]
fn a_template_that_is_not_yaml_yet_is_info() {
    let tmpl = "services:\n  app:\n    image: nginx:1.27\n{{ if .Env.X }}\n  extra:\n    image: redis:7\n{{ end }}\n";
    let r = run(tmpl, &["DC000"], FixMode::Off);
    assert_eq!(r.severities(), [shipshape_core::Severity::Info]);
    assert!(r.findings[0].diagnostic.message.contains("template"));
    let broken = "services:\n  app:\n    image: [nginx\n";
    assert_eq!(
        run(broken, &["DC000"], FixMode::Off).severities(),
        [shipshape_core::Severity::Error]
    );
}

/// Smartstore's compose files (judged wrong as errors, precision sample 44): `D:/mount/db:/data`
/// is a Windows drive, a bind mount (compose-go's `isWindowsDrive`), not a volume named `D`.
#[test]
fn a_windows_drive_is_a_bind_mount() {
    let src = "services:\n  db:\n    image: postgres:17.6\n    volumes:\n      - \"D:/mount/smtenants/postgres-db:/var/lib/postgresql/data\"\n      - C:\\\\data:/backup\n      - cache:/cache\n";
    let got = findings(src, &["DC026"]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("cache"), "{got:?}");
}

/// govCMS' scaffold (judged wrong as an error, precision sample 44): a compose file with template
/// placeholders is filled in by an init script that also creates the files it names.
#[test]
fn a_template_compose_file_names_files_not_made_yet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docker-compose.yml");
    let src = "x-lagoon-project: &lagoon-project {{ GOVCMS_PROJECT_NAME }}\nservices:\n  cli:\n    build:\n      context: .\n      dockerfile: .docker/Dockerfile.cli\n";
    std::fs::write(&path, src).unwrap();
    assert!(run_at(src, &["DC036"], FixMode::Off, Some(path.clone())).findings.is_empty());
    let plain = src.replace("{{ GOVCMS_PROJECT_NAME }}", "govcms");
    std::fs::write(&path, &plain).unwrap();
    assert_eq!(run_at(&plain, &["DC036"], FixMode::Off, Some(path)).findings.len(), 1);
}

/// vfarcic's k8s-specs (judged wrong, precision sample 45): a Swarm stack file, named so or using
/// Swarm-only `deploy` settings, needs `version:` for `docker stack deploy`; a Compose file does not.
#[test]
fn swarm_stack_files_keep_their_version() {
    let compose = "version: \"3\"\nservices:\n  web:\n    image: vfarcic/go-demo-2:2.0\n";
    assert_eq!(findings(compose, &["DC002"]).len(), 1);
    let placed = format!("{compose}    deploy:\n      replicas: 3\n      placement:\n        constraints: [node.role == worker]\n");
    assert!(findings(&placed, &["DC002"]).is_empty());
    let r = run_at(
        compose,
        &["DC002"],
        FixMode::Off,
        Some(std::path::PathBuf::from("deploy/go-demo-2-swarm.yml")),
    );
    assert!(r.findings.is_empty());
}

/// DC026 (the fifty-seventh sample, judged wrong 22 times as errors): Laradock's root
/// `docker-compose.yml` defines the networks and `include`s each service's `compose.yml`;
/// runtipi combines each app's file with `apps/docker-compose.common.yml`, which declares the
/// network; a NAS stack's `privoxy/docker-compose.yml` is merged with the root file defining `vpn`.
/// A name a Compose file above defines is not certainly undefined; one defined nowhere still is.
#[test]
fn names_defined_by_a_compose_file_above_are_known() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("adminer")).unwrap();
    std::fs::create_dir_all(root.join("apps/bewcloud")).unwrap();
    std::fs::write(
        root.join("docker-compose.yml"),
        "networks:\n  frontend: {}\nvolumes:\n  data: {}\ninclude:\n  - path: adminer/compose.yml\n    project_directory: .\nservices:\n  vpn:\n    image: qmcgaw/gluetun:v3\n",
    )
    .unwrap();
    std::fs::write(
        root.join("apps/docker-compose.common.yml"),
        "networks:\n  tipi_main_network:\n    external: true\n",
    )
    .unwrap();
    let fragment = "services:\n  adminer:\n    image: adminer:5\n    depends_on:\n      - vpn\n    volumes:\n      - data:/var/lib\n    networks:\n      - frontend\n";
    let path = root.join("adminer/compose.yml");
    std::fs::write(&path, fragment).unwrap();
    let codes = |src: &str, path: &std::path::Path| -> Vec<String> {
        run_at(src, &["DC026"], FixMode::Off, Some(path.to_path_buf()))
            .findings
            .iter()
            .map(|f| f.diagnostic.message.clone())
            .collect()
    };
    assert!(codes(fragment, &path).is_empty());
    let app = "services:\n  bewcloud:\n    image: ghcr.io/bewcloud/bewcloud:v1.9.2\n    networks:\n      - tipi_main_network\n";
    let app_path = root.join("apps/bewcloud/docker-compose.yml");
    std::fs::write(&app_path, app).unwrap();
    assert!(codes(app, &app_path).is_empty());
    let typo = app.replace("tipi_main_network", "tipi_main_netwrok");
    std::fs::write(&app_path, &typo).unwrap();
    assert_eq!(codes(&typo, &app_path), ["network `tipi_main_netwrok` is not defined"]);
    // Never above the repository's root: a file there is another project's.
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("docker-compose.yml"), "networks:\n  shared: {}\n").unwrap();
    std::fs::create_dir_all(outer.path().join("repo/.git")).unwrap();
    let own = "services:\n  web:\n    image: nginx:1.29\n    networks:\n      - shared\n";
    let own_path = outer.path().join("repo/docker-compose.yml");
    std::fs::write(&own_path, own).unwrap();
    assert_eq!(codes(own, &own_path), ["network `shared` is not defined"]);
}

/// DC026 (the seventieth sample: Rafiki, 30 errors): `docker compose -f localenv/a/docker-compose.yml
/// -f localenv/merged/docker-compose.yml` combines files of sibling folders, and the network one
/// uses is declared by the other. A name defined beside the file's folder is not certainly
/// undefined; a misspelt one still is.
#[test]
fn names_defined_by_a_compose_file_beside_are_known() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    for d in ["localenv/wallet", "localenv/merged"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(
        root.join("localenv/merged/docker-compose.yml"),
        "services:
  postgres:
    image: postgres:17
    networks:
      - rafiki
networks:
  rafiki:
    driver: bridge
",
    )
    .unwrap();
    let wallet = "services:
  backend:
    image: acme/backend:1
    depends_on:
      - postgres
    networks:
      - rafiki
";
    let path = root.join("localenv/wallet/docker-compose.yml");
    let codes = |src: &str| -> Vec<String> {
        std::fs::write(&path, src).unwrap();
        run_at(src, &["DC026"], FixMode::Off, Some(path.clone()))
            .findings
            .iter()
            .map(|f| f.diagnostic.message.clone())
            .collect()
    };
    assert_eq!(codes(wallet), Vec::<String>::new());
    assert_eq!(
        codes(&wallet.replace("- rafiki", "- rafikki")),
        ["network `rafikki` is not defined"]
    );
}

/// DC040: a near-miss of a Compose key is an error; a key Compose may have gained since the
/// shipped schema is a warning; `!reset` and `${VAR}` values are Compose's to resolve.
#[test]
fn the_compose_schema_tells_typos_from_new_keys() {
    let src = "services:\n  web:\n    image: nginx:1.29\n    restrat: always\n    model_runner: local\n    ports: !reset []\n    cpus: ${CPUS:-1}\n";
    let r = run(src, &["DC040"], FixMode::Off);
    let got: Vec<(&str, shipshape_core::Severity)> = r
        .findings
        .iter()
        .map(|f| (f.diagnostic.span.text(src), f.diagnostic.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            ("restrat", shipshape_core::Severity::Error),
            ("model_runner", shipshape_core::Severity::Warning)
        ]
    );
}

/// companieshouse (judged wrong as an error, the sixty-sixth sample): `dev.docker-compose.yaml`
/// names `repositories/overseas-entities-web/dev.dockerfile`, a path from the workspace Tilt runs it
/// in; `dev.dockerfile` is at the repository's root. A warning; a name found nowhere is an error.
#[test]
fn a_dockerfile_found_under_another_folder_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("dev.dockerfile"), "FROM node:24\n").unwrap();
    let sev = |df: &str| {
        let src = format!("services:\n  web:\n    build:\n      context: .\n      dockerfile: {df}\n");
        let path = dir.path().join("dev.docker-compose.yaml");
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &["DC036"], FixMode::Off, Some(path)).severities()
    };
    assert_eq!(
        sev("repositories/overseas-entities-web/dev.dockerfile"),
        [shipshape_core::Severity::Warning]
    );
    assert_eq!(sev("docker/prod.dockerfile"), [shipshape_core::Severity::Error]);
    assert!(sev("dev.dockerfile").is_empty());
}
