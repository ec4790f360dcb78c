use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA032", name: "adhoc-packages", severity: Info, category: Security, default: false, fix: None,
    peers: ["zizmor:adhoc-packages"], options: [],
    summary: "A tool is installed at whatever version is newest today",
    what: "Flags global or ad-hoc installs of named packages with no version: `npm install -g x` (or `x@next`, a dist-tag), `pip install x`, `cargo install x`, `go install x@latest`, `gem install x`, `yarn global add x`, `pipx install x`. Installs from lock files, requirement files and local paths, and pip's own upgrade, are not flagged.",
    why: "Outside a lock file, every run may get a different release, including a hijacked one published minutes ago; pinned versions make builds reproducible and reviewable.",
    example: "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm install -g eslint",
    instead: "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm install -g eslint@9.39.1",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#adhoc-packages",
    spans: ["npm install -g eslint"],
}

#[derive(Clone, Copy, PartialEq)]
enum Eco {
    Npm,
    Pip,
    Cargo,
    Gem,
    Go,
}

/// Command prefixes that install named packages globally or ad hoc.
const INSTALLERS: &[(&[&str], Eco)] = &[
    (&["npm", "install", "-g"], Eco::Npm),
    (&["npm", "i", "-g"], Eco::Npm),
    (&["npm", "install", "--global"], Eco::Npm),
    (&["yarn", "global", "add"], Eco::Npm),
    (&["pnpm", "add", "-g"], Eco::Npm),
    (&["pip", "install"], Eco::Pip),
    (&["pip3", "install"], Eco::Pip),
    (&["pipx", "install"], Eco::Pip),
    (&["uv", "tool", "install"], Eco::Pip),
    (&["cargo", "install"], Eco::Cargo),
    (&["gem", "install"], Eco::Gem),
    (&["go", "install"], Eco::Go),
];

/// Flags whose next word is a value, not a package.
const VALUE_FLAGS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--root",
    "-t",
    "--target",
    "--prefix",
    "--version",
    "-v",
    "--registry",
    "--features",
    "-f",
    "--find-links",
    "--progress-bar",
    "--python",
    "--index",
    "--trusted-host",
    "--cache-dir",
    "--platform",
    "--only-binary",
    "--no-binary",
    "--python-version",
    "--src",
    "-C",
    "--config-settings",
    "--log",
    "--timeout",
    "--retries",
    "--proxy",
    "--cert",
    "--upgrade-strategy",
    "--bin",
    "--tag",
    "--cwd",
    "--install-dir",
    "--bindir",
    "-n",
    "--with",
    "--from",
];

/// The first package named with no version on one shell command, if any.
fn unpinned(words: &[&str]) -> Option<String> {
    let (prefix, eco) = INSTALLERS.iter().find(|(w, _)| {
        words.first() == w.first() && {
            let mut it = words.iter().skip(1);
            w[1..].iter().all(|x| it.any(|y| y == x))
        }
    })?;
    let has = |f: &str| words.contains(&f);
    if matches!(eco, Eco::Cargo | Eco::Gem) && (has("--version") || has("-v") || has("--git") || has("--path")) {
        return None;
    }
    let mut skip_next = false;
    for w in &words[1..] {
        if std::mem::take(&mut skip_next) || prefix.contains(w) {
            continue;
        }
        if w.starts_with('-') {
            skip_next = VALUE_FLAGS.contains(w);
            continue;
        }
        let name = w.trim_matches(['"', '\'']);
        let local = name.is_empty()
            || name.starts_with(['.', '$', '/', '~'])
            || name.contains("://")
            || name.ends_with(".whl")
            || name.ends_with(".tar.gz")
            || (*eco != Eco::Go && name.contains('/') && !name.starts_with('@'));
        if local {
            continue;
        }
        let pinned = match eco {
            // A version or a range; a dist-tag (`@latest`, `@next`, `@beta`) moves with every release.
            Eco::Npm => name.trim_start_matches('@').split_once('@').is_some_and(|(_, v)| npm_version(v)),
            Eco::Go => name.contains('@') && !name.ends_with("@latest"),
            Eco::Pip => name.contains(['=', '<', '>', '~']),
            Eco::Cargo => name.contains('@'),
            Eco::Gem => false,
        };
        let self_upgrade = *eco == Eco::Pip && matches!(name, "pip" | "setuptools" | "wheel");
        if !pinned && !self_upgrade {
            return Some(name.to_owned());
        }
    }
    None
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        let mut lines = script.lines();
        while let Some(first_line) = lines.next() {
            // A command continued with `\` goes on with the next line's words.
            let mut line = first_line.to_owned();
            while line.trim_end().ends_with('\\') {
                let cut = line.trim_end().len() - 1;
                line.truncate(cut);
                let Some(next) = lines.next() else { break };
                line.push(' ');
                line.push_str(next);
            }
            for cmd in line.split(['&', ';', '|']) {
                let words: Vec<&str> = cmd
                    .split_whitespace()
                    .skip_while(|w| matches!(*w, "sudo" | "python" | "python3" | "-m"))
                    .collect();
                if let Some(first) = unpinned(&words) {
                    // Located by its text on the command's first line.
                    let shown = cmd.trim();
                    let shown = if first_line.contains(shown) {
                        shown
                    } else {
                        first_line.trim().trim_end_matches('\\').trim_end()
                    };
                    out.push(
                        Diagnostic::new(
                            meta(),
                            cx.span_in(run, shown, 0),
                            format!("`{first}` is installed without a version"),
                        )
                        .help("pin the version (`name@1.2.3`, `name==1.2.3`), or install from a lock file"),
                    );
                }
            }
        }
    }
}

/// Whether an npm install spec's part after `@` is a version or a range (`9.39.1`, `v9`, `^9.0.0`,
/// `>=9 <10`), not a dist-tag (`latest`, `next`, `beta`) or `*`.
fn npm_version(v: &str) -> bool {
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    v.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '^' | '~' | '<' | '>' | '='))
}
