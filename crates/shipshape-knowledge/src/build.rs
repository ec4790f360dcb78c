//! How images are built outside the Dockerfile: the named build contexts a bake file, a Compose
//! file, a `docker build` command line or `docker/build-push-action` hands to a build. `FROM deps`
//! or `COPY --from=rootfs` naming one of them is not an image pulled from a registry.

/// The names of the named build contexts `text` defines, whatever kind of file it is (the forms do
/// not collide): a bake file's `contexts = { name = "…" }` (HCL) or `"contexts": {"name": …}`
/// (JSON), Compose's `additional_contexts:` (a map or a `name=value` list), `--build-context
/// name=…` on a command line, `build-contexts:` lines `name=…` of `docker/build-push-action`, and
/// the images a Tiltfile's `docker_build` makes, which Tilt puts in for the builds that name them.
pub fn named_contexts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().take(20_000).collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start().trim_start_matches('"');
        let indent = line.len() - line.trim_start().len();
        i += 1;
        if let Some(rest) = contexts_map(line) {
            // HCL or JSON: keys up to the closing brace (one-line maps too).
            let mut body = rest.to_owned();
            while !body.contains('}') && i < lines.len() && body.len() < 64 << 10 {
                body.push('\n');
                body.push_str(lines[i]);
                i += 1;
            }
            let body = body.split('}').next().unwrap_or_default();
            for entry in body.split([',', '\n']) {
                if let Some((key, _)) = entry.split_once(['=', ':']) {
                    push_name(&mut out, key);
                }
            }
        } else if trimmed.starts_with("additional_contexts:") || trimmed.starts_with("build-contexts:") {
            // YAML: the more-indented lines below (`name: value`, `- name=value`, or a block
            // scalar's `name=value` lines).
            while i < lines.len() {
                let l = lines[i];
                let t = l.trim_start();
                if !t.is_empty() && l.len() - t.len() <= indent {
                    break;
                }
                i += 1;
                let t = t.trim_start_matches("- ").trim_matches(['"', '\'']);
                if let Some((key, _)) = t.split_once(['=', ':']) {
                    push_name(&mut out, key);
                }
            }
        }
        for (n, _) in line.match_indices("--build-context") {
            let rest = line[n + "--build-context".len()..].trim_start_matches(['=', ' ']);
            if let Some((key, _)) = rest.trim_start_matches(['"', '\'']).split_once('=') {
                push_name(&mut out, key);
            }
        }
    }
    // A Tiltfile's `docker_build("name", …)` or `docker_build(ref = "name", …)`: Tilt builds the
    // image first and puts it in for every build that names it (wormhole's `solana-contract` and
    // `cli-gen`, judged wrong as a missing stage and not worth an untagged-image warning, the
    // seventy-first sample).
    for (n, _) in text.match_indices("docker_build(") {
        if text[..n].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let args = &text[n + "docker_build(".len()..];
        let args = &args[..args.find(')').unwrap_or(args.len()).min(4096)];
        let first = args.split(',').next().unwrap_or_default().trim();
        let named = args
            .split(',')
            .find_map(|a| a.trim().strip_prefix("ref")?.trim_start().strip_prefix('='));
        let literal = |v: &str| {
            let v = v.trim();
            (v.len() >= 2 && (v.starts_with('"') && v.ends_with('"') || v.starts_with('\'') && v.ends_with('\''))).then(|| v.to_owned())
        };
        if let Some(name) = literal(first).or_else(|| named.and_then(literal)) {
            push_name(&mut out, &name);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What follows the `{` of a `contexts = {` (HCL) or `"contexts": {` (JSON) on the line.
fn contexts_map(line: &str) -> Option<&str> {
    line.match_indices("contexts").find_map(|(n, _)| {
        let before = line[..n].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return None;
        }
        let rest = line[n + "contexts".len()..].trim_start_matches('"').trim_start();
        let rest = rest.strip_prefix(['=', ':'])?.trim_start();
        rest.strip_prefix('{')
    })
}

fn push_name(out: &mut Vec<String>, key: &str) {
    let key = key.trim().trim_matches(['"', '\'']);
    if !key.is_empty() && key.len() <= 128 && key.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
        out.push(key.to_ascii_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::named_contexts;

    #[test]
    fn every_form_of_named_context() {
        let bake = "target rpi {\n  dockerfile = \"docker/rpi/Dockerfile\"\n  contexts = {\n    deps = \"target:deps\",\n    rootfs = \"target:rootfs\"\n  }\n}\n";
        assert_eq!(named_contexts(bake), ["deps", "rootfs"]);
        assert_eq!(
            named_contexts("target a {\n  contexts = { wheels = \"target:wheels\" }\n}\n"),
            ["wheels"]
        );
        let json = "{\"target\": {\"a\": {\"contexts\": {\"base\": \"docker-image://alpine\"}}}}";
        assert_eq!(named_contexts(json), ["base"]);
        let compose = "services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n        deps: service:deps\n        - tools=docker-image://acme/tools:1\n    image: app\n";
        assert_eq!(named_contexts(compose), ["deps", "tools"]);
        let action = "      - uses: docker/build-push-action@v6\n        with:\n          build-contexts: |\n            base=docker-image://alpine:3.22\n          push: true\n";
        assert_eq!(named_contexts(action), ["base"]);
        assert_eq!(named_contexts("docker buildx build --build-context src=../src -t x ."), ["src"]);
        assert!(named_contexts("services:\n  app:\n    build: .\n").is_empty());
        // The build arguments' map is no contexts map.
        assert!(named_contexts("target a {\n  args = { deps = \"1\" }\n}\n").is_empty());
        // A Tiltfile's images, by position or `ref =`; another function's call is none.
        let tilt = "docker_build(\n    ref = \"cli-gen\",\n    context = \".\",\n)\ndocker_build('solana-contract', 'solana')\ncustom_docker_build('x', '.')\ndocker_build(image_name, '.')\n";
        assert_eq!(named_contexts(tilt), ["cli-gen", "solana-contract"]);
    }
}
