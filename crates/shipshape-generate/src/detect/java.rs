//! Java services built with Maven or Gradle (Spring Boot, or any app the build packages as a jar).

use super::{DEFAULT_JAVA, Service, env_example, find_health, major, regex_lite as re, sources};
use crate::repo::{Repo, join, normalise};

const STORES: &[(&str, &str)] = &[
    ("org.postgresql", "postgres"),
    ("postgresql", "postgres"),
    ("mysql-connector", "mysql"),
    ("spring-boot-starter-data-redis", "redis"),
    ("jedis", "redis"),
    ("lettuce-core", "redis"),
    ("spring-boot-starter-data-mongodb", "mongodb"),
    ("mongodb-driver", "mongodb"),
    ("spring-kafka", "kafka"),
    ("kafka-clients", "kafka"),
];

pub fn detect(repo: &Repo) -> Vec<Service> {
    let mut out: Vec<Service> = Vec::new();
    let builds = super::manifests(repo, "pom.xml")
        .chain(super::manifests(repo, "build.gradle.kts"))
        .chain(super::manifests(repo, "build.gradle"));
    for (dir, file) in builds {
        // A module of a multi-module build is built from its root.
        if out
            .iter()
            .any(|s| s.path == dir || dir.starts_with(&format!("{}/", s.path)) || s.path == ".")
        {
            continue;
        }
        if let Some(svc) = service(repo, dir, file) {
            out.push(svc);
        }
    }
    out
}

fn service(repo: &Repo, dir: &str, file: &str) -> Option<Service> {
    let text = repo.read(file)?;
    let maven = file.ends_with("pom.xml");
    let spring = text.contains("spring-boot");
    let web = text.contains("spring-boot-starter-web") || text.contains("spring-boot-starter-webflux");
    if !spring || !web {
        return None;
    }
    let name = if maven {
        // The project's own artifactId: the first one outside <parent> and <dependencies>.
        let without_parent = re(r"(?s)<parent>.*?</parent>").replace(&text, "");
        let head = without_parent.split("<dependencies>").next().unwrap_or("");
        re(r"<artifactId>([^<]+)</artifactId>")
            .captures(head)
            .map(|c| c[1].trim().to_owned())
    } else {
        ["settings.gradle.kts", "settings.gradle"].iter().find_map(|s| {
            let t = repo.read(&join(dir, s))?;
            re(r#"rootProject\.name\s*=\s*["']([^"']+)["']"#)
                .captures(&t)
                .map(|c| c[1].to_owned())
        })
    };
    let name = name.unwrap_or_else(|| {
        if dir == "." {
            "app".to_owned()
        } else {
            dir.rsplit('/').next().unwrap_or(dir).to_owned()
        }
    });
    let mut svc = Service::new(name, dir, "java");
    svc.framework = Some("spring-boot");
    svc.cite(
        "framework spring-boot: spring-boot-starter-web",
        file,
        Some((&text, "spring-boot-starter-web")),
    );
    let pm = if maven { "maven" } else { "gradle" };
    svc.package_manager = Some(pm);
    let wrapper = if maven { "mvnw" } else { "gradlew" };
    svc.cite(format!("package_manager {pm}"), file, None);
    let mut manifests: Vec<String> = vec![file.rsplit('/').next().unwrap_or(file).to_owned()];
    for m in [
        wrapper,
        ".mvn/wrapper/maven-wrapper.properties",
        "gradle/wrapper/gradle-wrapper.properties",
        "gradle/wrapper/gradle-wrapper.jar",
        "settings.gradle.kts",
        "settings.gradle",
        "gradle.properties",
        "gradle/libs.versions.toml",
    ] {
        if repo.has(&join(dir, m)) {
            manifests.push(m.to_owned());
        }
    }
    svc.build.binary = repo.has(&join(dir, wrapper)).then(|| wrapper.to_owned());
    svc.build.manifests = manifests;
    // A module of a Maven reactor (its parent's `<modules>` lists it): built from the reactor's
    // root with the modules it depends on (`--projects api --also-make`); its own folder alone
    // lacks the parent pom and its sibling modules.
    let mut parent_text = None;
    if maven && let Some((root, modules, root_text)) = reactor(repo, dir, &text) {
        let member = dir.strip_prefix(&format!("{root}/")).unwrap_or(dir).to_owned();
        svc.cite(
            format!("module {member} of the Maven reactor at {root}"),
            &join(&root, "pom.xml"),
            None,
        );
        let mut manifests = vec!["pom.xml".to_owned()];
        manifests.extend(modules.iter().map(|m| format!("{m}/pom.xml")));
        for m in [wrapper, ".mvn/wrapper/maven-wrapper.properties"] {
            if repo.has(&join(&root, m)) {
                manifests.push(m.to_owned());
            }
        }
        svc.build.binary = repo.has(&join(&root, wrapper)).then(|| wrapper.to_owned());
        svc.build.modules = modules
            .into_iter()
            .filter(|m| repo.under(&join(&root, &format!("{m}/src"))).next().is_some())
            .collect();
        svc.build.manifests = manifests;
        svc.build.context = root;
        svc.build.member = Some(member);
        parent_text = Some(root_text);
    }
    // A project of a Gradle multi-project build (a settings file above it `include`s it): built
    // from the build's root (`./gradlew :api:bootJar`), with the settings, the root build, the
    // version catalog and every included project's build file and sources.
    if !maven && let Some((root, settings, projects)) = gradle_build(repo, dir) {
        let member = dir.strip_prefix(&format!("{root}/")).unwrap_or(dir).to_owned();
        svc.cite(format!("project {member} of the Gradle build at {root}"), &settings, None);
        let mut manifests = Vec::new();
        for m in [
            "settings.gradle.kts",
            "settings.gradle",
            "build.gradle.kts",
            "build.gradle",
            "gradle.properties",
            "gradle/libs.versions.toml",
            wrapper,
            "gradle/wrapper/gradle-wrapper.properties",
            "gradle/wrapper/gradle-wrapper.jar",
        ] {
            if repo.has(&join(&root, m)) {
                manifests.push(m.to_owned());
            }
        }
        for p in &projects {
            for b in ["build.gradle.kts", "build.gradle"] {
                if repo.has(&join(&root, &format!("{p}/{b}"))) {
                    manifests.push(format!("{p}/{b}"));
                }
            }
        }
        svc.build.binary = repo.has(&join(&root, wrapper)).then(|| wrapper.to_owned());
        svc.build.modules = projects
            .into_iter()
            .filter(|m| repo.under(&join(&root, &format!("{m}/src"))).next().is_some())
            .collect();
        svc.build.manifests = manifests;
        parent_text = ["build.gradle.kts", "build.gradle"].iter().find_map(|b| repo.read(&join(&root, b)));
        svc.build.context = root;
        svc.build.member = Some(member);
    }

    let version = if maven {
        let release = re(r"<(?:java\.version|maven\.compiler\.release|maven\.compiler\.source|release)>\s*(\d+)");
        // A module inherits its reactor parent's properties.
        release
            .captures(&text)
            .map(|c| (c[1].to_owned(), c[0].to_owned(), file.to_owned(), text.clone()))
            .or_else(|| {
                let (root, parent) = (svc.build.context.clone(), parent_text.as_ref()?);
                release
                    .captures(parent)
                    .map(|c| (c[1].to_owned(), c[0].to_owned(), join(&root, "pom.xml"), parent.clone()))
            })
    } else {
        let release = re(r"(?:JavaLanguageVersion\.of\(\s*|JavaVersion\.VERSION_(?:1_)?|sourceCompatibility\s*=\s*['\x22]?)(\d+)");
        // A project inherits the root build's `allprojects`/`subprojects` toolchain.
        release
            .captures(&text)
            .map(|c| (c[1].to_owned(), c[0].to_owned(), file.to_owned(), text.clone()))
            .or_else(|| {
                let (root, parent) = (svc.build.context.clone(), parent_text.as_ref()?);
                let root_file = ["build.gradle.kts", "build.gradle"]
                    .iter()
                    .map(|b| join(&root, b))
                    .find(|f| repo.has(f))?;
                release
                    .captures(parent)
                    .map(|c| (c[1].to_owned(), c[0].to_owned(), root_file, parent.clone()))
            })
    };
    match version.and_then(|(v, n, f, t)| Some((major(&v)?, n, f, t))) {
        Some((v, needle, f, t)) => {
            svc.cite(format!("runtime_version {v}"), &f, Some((&t, &needle)));
            svc.runtime_version = Some(v);
        }
        None => {
            svc.assume(format!("runtime_version {DEFAULT_JAVA}: no release declared; the newest LTS"));
            svc.runtime_version = Some(DEFAULT_JAVA.to_owned());
        }
    }

    // server.port from application.properties / application.yml.
    let mut port = None;
    for cfg in [
        "src/main/resources/application.properties",
        "src/main/resources/application.yml",
        "src/main/resources/application.yaml",
    ] {
        let p = join(dir, cfg);
        let Some(t) = repo.read(&p) else { continue };
        let c = re(r"(?m)^server\.port\s*[=:]\s*(?:\$\{PORT:)?(\d{2,5})")
            .captures(&t)
            .or_else(|| re(r"(?m)^server:\s*\n(?:[ \t]+.*\n)*?[ \t]+port:\s*(?:\$\{PORT:)?(\d{2,5})").captures(&t));
        if let Some(c) = c
            && let Some(m) = c.get(1)
        {
            port = Some(super::set_port(&mut svc, m.as_str(), "server.port", &p, &t, m.start()));
            break;
        }
    }
    if port != Some(true) {
        svc.port = 8080;
        svc.assume("port 8080: the Spring Boot default");
    }
    if text.contains("spring-boot-starter-actuator") {
        svc.health_path = Some("/actuator/health".to_owned());
        svc.cite(
            "health_path /actuator/health: Spring Boot Actuator",
            file,
            Some((&text, "spring-boot-starter-actuator")),
        );
    } else {
        let files: Vec<(String, String)> = sources(repo, dir, &[".java", ".kt"]).map(|(p, t)| (p.to_owned(), t)).collect();
        find_health(
            &mut svc,
            &files,
            &[re(r#"@(?:Get|Request)Mapping\(\s*(?:value\s*=\s*|path\s*=\s*)?["'](/[^"']*)["']"#)],
        );
    }
    for (needle, kind) in STORES {
        if text.contains(needle) {
            svc.add_store(kind, true, file, &text, needle);
        }
    }
    env_example(repo, dir, &mut svc.build.env_vars);
    svc.build.command = vec!["java".into(), "-jar".into(), "/app/app.jar".into()];
    svc.build.has_tests = repo.under(&join(dir, "src/test")).next().is_some();
    svc.build.scripts = vec!["test".to_owned()];
    Some(svc)
}

/// The Maven reactor a module belongs to: its `<parent>`'s pom (at `<relativePath>`, by default
/// `../pom.xml`) when that pom lists the module in `<modules>`. `(root folder, module folders
/// relative to it, the root pom's text)`.
fn reactor(repo: &Repo, dir: &str, text: &str) -> Option<(String, Vec<String>, String)> {
    if dir == "." {
        return None;
    }
    let parent = re(r"(?s)<parent>(.*?)</parent>").captures(text)?;
    let rel = re(r"<relativePath>\s*([^<]*?)\s*</relativePath>")
        .captures(&parent[1])
        .map_or("../pom.xml".to_owned(), |c| c[1].to_owned());
    if rel.is_empty() {
        return None; // `<relativePath/>`: the parent comes from a repository
    }
    let pom = if rel.ends_with(".xml") { rel } else { format!("{rel}/pom.xml") };
    let pom = normalise(&join(dir, &pom))?;
    let root = crate::repo::parent(&pom).to_owned();
    let root_text = repo.read(&pom)?;
    let modules: Vec<String> = re(r"<module>\s*([^<]+?)\s*</module>")
        .captures_iter(&root_text)
        .filter_map(|c| normalise(&c[1]))
        .collect();
    let member = if root == "." {
        dir.to_owned()
    } else {
        dir.strip_prefix(&format!("{root}/"))?.to_owned()
    };
    modules.contains(&member).then_some((root, modules, root_text))
}

/// The Gradle multi-project build a project folder belongs to: the nearest settings file above it
/// whose `include` names it (`include("api")`, `include ':services:api'`). `(root folder, the
/// settings file, every included project's folder relative to the root)`.
fn gradle_build(repo: &Repo, dir: &str) -> Option<(String, String, Vec<String>)> {
    let mut root = dir;
    while root != "." {
        root = crate::repo::parent(root);
        let Some((settings, text)) = ["settings.gradle.kts", "settings.gradle"]
            .iter()
            .find_map(|s| Some((join(root, s), repo.read(&join(root, s))?)))
        else {
            continue;
        };
        let mut projects = Vec::new();
        for c in re(r"(?m)^\s*include\b\s*(\([^)]*\)|.*)").captures_iter(&text) {
            for q in re(r#"["']:?([A-Za-z0-9_.:-]+)["']"#).captures_iter(&c[1]) {
                if let Some(p) = normalise(&q[1].replace(':', "/")) {
                    projects.push(p);
                }
            }
        }
        let member = if root == "." {
            dir.to_owned()
        } else {
            dir.strip_prefix(&format!("{root}/"))?.to_owned()
        };
        return projects.contains(&member).then(|| (root.to_owned(), settings, projects));
    }
    None
}
