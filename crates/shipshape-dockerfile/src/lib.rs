//! Dockerfiles for shipshape: a hand-written parser (directives, continuations, heredocs, flags),
//! shell analysis of RUN with tree-sitter-bash, and the `DF` rules, one file each under `rules/`.

pub mod expand;
pub mod model;
pub mod rules;
pub use shipshape_knowledge::dockerfile::{parser, text};
pub use shipshape_knowledge::shell;

use model::Dockerfile;
use parser::{Instruction, Keyword};
use shell::{Command, Script};
use shipshape_core::classify::FileKind;
use shipshape_core::engine::{CheckContext, Checked, SourceFile};
use shipshape_core::language::run_rules;
use shipshape_core::suppress::{Origin, Scope, Suppression, parse_directive};
use shipshape_core::{Diagnostic, RuleMeta, Span};
use shipshape_core::{DomainChecker, Language};

/// Dockerfiles, as a [`Language`]: what [`DockerfileChecker`] checks.
pub struct DockerfileLanguage;

/// A Dockerfile rule: its metadata and its check.
pub type Rule = shipshape_core::Rule<DockerfileLanguage>;

/// The checker of the domain.
pub type DockerfileChecker = DomainChecker<DockerfileLanguage>;

/// What a rule sees: the document, the file and the run's settings.
pub struct Ctx<'a> {
    pub df: &'a Dockerfile<'a>,
    pub src: &'a str,
    pub file: &'a SourceFile,
    pub core: &'a CheckContext<'a>,
}

impl<'a> Ctx<'a> {
    pub fn instructions(&self) -> &'a [Instruction] {
        self.df.instructions()
    }

    /// Every instruction with the given keyword, with its index (ONBUILD triggers excluded).
    pub fn each(&self, kw: Keyword) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
        self.df.instructions().iter().enumerate().filter(move |(_, i)| i.keyword == kw)
    }

    /// Every analysed RUN script.
    pub fn runs(&self) -> impl Iterator<Item = (usize, &'a Instruction, &'a Script)> + 'a {
        let df = self.df;
        df.instructions()
            .iter()
            .enumerate()
            .filter(|(_, ins)| ins.keyword == Keyword::Run)
            .filter_map(move |(i, ins)| df.script(i).map(|s| (i, ins, s)))
    }

    /// Every command of every analysed RUN.
    pub fn commands(&self) -> impl Iterator<Item = (usize, &'a Command)> + 'a {
        self.runs().flat_map(|(i, _, s)| s.commands.iter().map(move |c| (i, c)))
    }

    /// The RUNs (by instruction index) that verify a file with a checksum or signature tool
    /// (`sha256sum -c`, `gpg --verify`, `cosign`, `minisign`).
    pub fn verifying_runs(&self) -> std::collections::HashSet<usize> {
        const VERIFIERS: &[&str] = &["sha256sum", "sha512sum", "sha1sum", "shasum", "gpg", "gpgv", "cosign", "minisign"];
        self.commands()
            .filter(|(_, c)| VERIFIERS.contains(&c.name.as_str()))
            .map(|(i, _)| i)
            .collect()
    }

    /// Every `(name, value, span)` set by `ENV` or declared by `ARG`.
    pub fn env_and_args(&self) -> impl Iterator<Item = (Keyword, String, Option<String>, Span)> + 'a {
        self.df
            .instructions()
            .iter()
            .filter(|i| matches!(i.keyword, Keyword::Env | Keyword::Arg))
            .flat_map(|i| {
                expand::key_values(&i.words(), i.keyword == Keyword::Env)
                    .into_iter()
                    .map(move |(k, v, s)| (i.keyword, k, v, s))
            })
    }

    /// Whether instruction `idx` belongs to the final stage.
    pub fn in_final_stage(&self, idx: usize) -> bool {
        let last = self.df.stages.len().checked_sub(1);
        self.df.stage_of.get(idx).copied().flatten() == last && last.is_some()
    }

    pub fn list_option(&self, rule: &RuleMeta, key: &str) -> Vec<String> {
        self.core.list_option(rule, key)
    }

    /// Text of a file next to the Dockerfile (the default build context), if it exists, read
    /// through the run's tree (bounded, not binary).
    pub fn context_file(&self, name: &str) -> Option<String> {
        let dir = self.file.dir()?;
        let dir = if dir.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            dir
        };
        self.core.tree().read(&dir.join(name))
    }

    /// The absolute directory of the file (`.` for a bare name), when it has a path.
    fn absolute_dir(&self) -> Option<std::path::PathBuf> {
        let dir = self.file.dir()?;
        let dir = if dir.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            dir
        };
        std::path::absolute(dir).ok()
    }

    /// The file's directory and each one above it, up to the repository's root (the first with
    /// `.git`, included) and at most eight: where a build's other files may sit.
    fn dirs_to_root(&self) -> Vec<std::path::PathBuf> {
        let Some(dir) = self.absolute_dir() else { return Vec::new() };
        let tree = self.core.tree();
        let mut out = Vec::new();
        for up in dir.ancestors().take(8) {
            out.push(up.to_path_buf());
            if tree.exists(&up.join(".git")) {
                break;
            }
        }
        out
    }

    /// `rel` read from the first of the possible build contexts that holds it: the Dockerfile's
    /// directory or one above it, up to the repository's root (`docker build -f
    /// docker/images/x.Dockerfile .` copies `webui/.npmrc` from the root).
    pub fn file_in_some_context(&self, rel: &str) -> Option<String> {
        let rel = rel.trim_start_matches("./");
        let tree = self.core.tree();
        self.dirs_to_root().iter().find_map(|d| tree.read(&d.join(rel)))
    }

    /// Whether the last of [`Self::dirs_to_root`] is a repository's root.
    fn at_root(&self, dirs: &[std::path::PathBuf]) -> bool {
        dirs.last().is_some_and(|d| self.core.tree().exists(&d.join(".git")))
    }

    /// Whether a directory above the file's, up to the repository's root (the first with `.git`)
    /// and at most eight levels up, holds `name`: a monorepo often builds a sub-directory's
    /// Dockerfile with the root as its context (`docker build -f app/Dockerfile .`).
    pub fn ancestor_has(&self, name: &str) -> bool {
        let tree = self.core.tree();
        self.dirs_to_root().iter().skip(1).any(|up| tree.is_file(&up.join(name)))
    }

    /// Whether `name` (a bare `FROM deps` or `COPY --from=rootfs`) is a named build context that a
    /// bake file, a Compose file, a script's `--build-context` or a workflow's `build-contexts:`
    /// hands to builds, or an image a Tiltfile builds first: in the Dockerfile's directory or one above it, up to the repository root,
    /// and the root's workflows.
    pub fn is_named_context(&self, name: &str) -> bool {
        let tree = self.core.tree();
        let wanted = name.to_ascii_lowercase();
        let defines = |p: &std::path::Path| {
            tree.read(p)
                .is_some_and(|t| shipshape_knowledge::build::named_contexts(&t).contains(&wanted))
        };
        let builds = |p: &std::path::Path| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
            n.ends_with(".hcl")
                || (n.starts_with("docker-bake") && n.ends_with(".json"))
                || ((n.starts_with("compose") || n.starts_with("docker-compose")) && (n.ends_with(".yml") || n.ends_with(".yaml")))
                || n == "makefile"
                || n == "tiltfile"
                || n.ends_with(".mk")
                || n.ends_with(".sh")
        };
        let dirs = self.dirs_to_root();
        let bake = |p: &std::path::Path| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
            n.ends_with(".hcl") || (n.starts_with("docker-bake") && n.ends_with(".json"))
        };
        dirs.iter()
            .any(|up| tree.list(up).iter().filter(|p| builds(p)).take(64).any(|p| defines(p)))
            || (self.at_root(&dirs)
                && dirs.last().is_some_and(|root| {
                    tree.list(&root.join(".github/workflows")).iter().take(200).any(|p| defines(p))
                        // A bake file in a folder of the root (Mailu's `tests/build.hcl`, whose
                        // `contexts = { base = "target:base" }` feed every image's `FROM base`;
                        // judged wrong as untagged images, the twenty-fifth sample).
                        || tree
                            .list(root)
                            .iter()
                            .filter(|d| !d.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) && tree.is_dir(d))
                            .take(64)
                            .any(|d| tree.list(d).iter().filter(|p| bake(p)).take(16).any(|p| defines(p)))
                }))
    }

    /// Whether `name` (a bare `FROM base` or `COPY --from=build`) is a stage of a Dockerfile this
    /// one is stitched together with by an `INCLUDE` frontend (`devthefuture/dockerfile-x`,
    /// `edrevo/dockerfile-plus`): one it includes, or one that includes it, with what that one
    /// includes (manyfold's `docker/*.dockerfile` pieces, judged wrong as untagged images).
    pub fn is_included_stage(&self, name: &str) -> bool {
        let Some(dir) = self.absolute_dir() else { return false };
        let Some(me) = self
            .file
            .path
            .as_deref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
        else {
            return false;
        };
        let tree = self.core.tree();
        let wanted = name.to_ascii_lowercase();
        let stage_in = |text: &str| shipshape_knowledge::dockerfile::Facts::of(text).stage_names().any(|s| s == wanted);
        // The files a Dockerfile includes, resolved from its directory or one above it.
        let included = |from: &std::path::Path, text: &str| -> Vec<std::path::PathBuf> {
            includes(text)
                .filter_map(|target| from.ancestors().take(8).map(|a| a.join(&target)).find(|p| tree.is_file(p)))
                .collect()
        };
        let group_has = |includer: &std::path::Path, text: &str| {
            let from = includer.parent().unwrap_or(includer);
            stage_in(text) || included(from, text).iter().any(|p| tree.read(p).is_some_and(|t| stage_in(&t)))
        };
        // This file includes the stage's file.
        if includes(self.src).next().is_some() && group_has(&dir.join(&me), self.src) {
            return true;
        }
        // A file here or above includes this one.
        for up in self.dirs_to_root() {
            let dockerfiles = tree
                .list(&up)
                .into_iter()
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().contains("dockerfile"))
                })
                .take(64);
            for p in dockerfiles {
                let Some(text) = tree.read(&p) else { continue };
                let names_me = includes(&text).any(|t| t.rsplit('/').next() == Some(me.as_str()));
                if names_me && group_has(&p, &text) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether the file is the image of a Docker container action: an `action.yml` beside it runs
    /// `using: docker` with `image:` naming it.
    pub fn is_container_action_image(&self) -> bool {
        let Some(name) = self.file.path.as_deref().and_then(|p| p.file_name()).and_then(|n| n.to_str()) else {
            return false;
        };
        let value = |line: &str, key: &str| -> Option<String> {
            let rest = line.trim().strip_prefix(key)?.strip_prefix(':')?;
            let v = rest.split(" #").next().unwrap_or_default().trim();
            Some(v.trim_matches(|c| c == '\'' || c == '"').to_owned())
        };
        ["action.yml", "action.yaml"]
            .iter()
            .filter_map(|a| self.context_file(a))
            .any(|text| {
                let docker = text.lines().any(|l| value(l, "using").is_some_and(|v| v == "docker"));
                let image = text
                    .lines()
                    .any(|l| value(l, "image").is_some_and(|v| v.trim_start_matches("./") == name));
                docker && image
            })
    }

    pub fn context_has(&self, name: &str) -> bool {
        self.file.dir().is_some_and(|d| {
            let d = if d.as_os_str().is_empty() { std::path::Path::new(".") } else { d };
            self.core.tree().exists(&d.join(name))
        })
    }
}

/// Declare a rule's metadata and docs. The docs sections follow DESIGN.md §8.
#[macro_export]
macro_rules! rule {
    ($($body:tt)*) => {
        use $crate::Rule as DomainRule;
        shipshape_core::declare_rule!(DomainRule, Dockerfile, "dockerfile", $($body)*);
    };
}

pub static PARSE_ERROR: RuleMeta = RuleMeta {
    code: "DF000",
    name: "dockerfile-parse-error",
    domain: shipshape_core::Domain::Dockerfile,
    severity: shipshape_core::Severity::Error,
    category: shipshape_core::Category::Correctness,
    default: true,
    fix: shipshape_core::FixKind::None,
    peers: &["hadolint:DL1000", "hadolint:DL3043", "hadolint:DL3061"],
    summary: "The Dockerfile cannot be parsed: Docker would reject it",
    docs: "## What it does\nReports syntax that Docker's parser rejects: unknown instructions or flags, an unterminated heredoc, an invalid `# escape=` directive, `FROM` or `COPY` with the wrong arguments, `SHELL` not in JSON form.\n\n## Why\n`docker build` fails on these before running anything.\n\n## Example\n```dockerfile\nFROM alpine\nRUNN echo hi\n```\n\n## Use instead\n```dockerfile\nFROM alpine\nRUN echo hi\n```\n\n## Fix safety\nNo automatic fix.\n\n## References\n- https://docs.docker.com/reference/dockerfile/\n",
    options: &[],
    example_spans: &[],
};

/// The Dockerfile domain.
impl Language for DockerfileLanguage {
    type Ctx<'a> = Ctx<'a>;

    fn rules() -> &'static [&'static Rule] {
        rules::ALL
    }

    fn own_rules() -> &'static [&'static RuleMeta] {
        static OWN: &[&RuleMeta] = &[&PARSE_ERROR];
        OWN
    }

    fn handles(kind: FileKind) -> bool {
        kind == FileKind::Dockerfile
    }

    fn check(file: &SourceFile, core: &CheckContext) -> Checked {
        let df = Dockerfile::new(&file.text);
        let cx = Ctx {
            df: &df,
            src: &file.text,
            file,
            core,
        };
        // A line whose "instruction" starts with a preprocessor's sigil (`@INCLUDE`, `@IF`:
        // PowerDNS's builder templates, 139 errors on one repository, the sixty-seventh sample;
        // `%include`, `{{ }}`) makes the file a template that is built once expanded: said once,
        // as info, instead of an error per directive.
        let directive = |e: &shipshape_knowledge::dockerfile::parser::ParseError| {
            e.message.starts_with("unknown instruction")
                && file
                    .text
                    .get(e.span.start..e.span.end)
                    .is_some_and(|k| k.starts_with(['@', '%', '{', '<']))
        };
        let mut diagnostics: Vec<Diagnostic> = df
            .parsed
            .errors
            .iter()
            .filter(|e| !directive(e))
            .map(|e| Diagnostic::new(&PARSE_ERROR, e.span, e.message.clone()))
            .collect();
        if let Some(first) = df.parsed.errors.iter().find(|e| directive(e)) {
            let written = &file.text[first.span.start..first.span.end];
            diagnostics.push(
                Diagnostic::new(
                    &PARSE_ERROR,
                    first.span,
                    format!("a template: `{written}` is a preprocessor's directive, not Docker's; the file is built once expanded"),
                )
                .severity(shipshape_core::Severity::Info),
            );
        }
        // Docker rejects instructions before the first FROM (other than ARG) and files without FROM.
        if let Some(first_from) = df.stages.first().map(|s| s.from) {
            for ins in &df.instructions()[..first_from] {
                if ins.keyword != Keyword::Arg {
                    diagnostics.push(Diagnostic::new(
                        &PARSE_ERROR,
                        ins.keyword_span,
                        format!("{} before the first FROM: only ARG may come first", ins.keyword.as_str()),
                    ));
                }
            }
        } else if diagnostics.is_empty() {
            // A file with no instruction at all is a stub (a course's "write your Dockerfile
            // here", six judged not worth an error, the thirty-ninth sample): said, as info.
            let empty = df.instructions().is_empty();
            // A fragment another Dockerfile takes in: ddev's `.ddev/web-build/Dockerfile.*`
            // snippets, `Dockerfile.append` (passbolt's, growthbook's: the forty-first sample).
            let display = file
                .path
                .as_deref()
                .map_or_else(|| file.display.clone(), |p| p.to_string_lossy().into_owned())
                .to_ascii_lowercase();
            let name = display.rsplit(['/', '\\']).next().unwrap_or_default();
            let fragment = display.split(['/', '\\']).any(|p| p == ".ddev")
                || [".append", ".partial", ".fragment", ".snippet", ".inc", ".prepend"]
                    .iter()
                    .any(|e| name.ends_with(e));
            let (message, severity) = if empty {
                (
                    "the Dockerfile is empty: no instruction, nothing to build",
                    shipshape_core::Severity::Info,
                )
            } else if fragment {
                (
                    "a Dockerfile fragment (no FROM): another Dockerfile takes it in",
                    shipshape_core::Severity::Info,
                )
            } else {
                ("the Dockerfile has no FROM instruction", shipshape_core::Severity::Error)
            };
            diagnostics.push(Diagnostic::new(&PARSE_ERROR, Span::empty(0), message).severity(severity));
        }
        // `# syntax=` naming another frontend (`edrevo/dockerfile-plus` and its `INCLUDE+`): BuildKit
        // hands the file to that frontend, whose syntax shipshape does not know. Its findings are
        // warnings, not certainties (the error audit, 2026-12-05).
        if df
            .parsed
            .directives
            .iter()
            .any(|d| d.name.eq_ignore_ascii_case("syntax") && !docker_frontend(&d.value))
        {
            for d in &mut diagnostics {
                d.severity = shipshape_core::Severity::Warning;
                d.message = format!("{} (for Docker's own syntax; this file names another frontend)", d.message);
            }
        }
        let parse_errors = diagnostics.len();
        run_rules::<Self>(&cx, core, &mut diagnostics);
        // Fixes inside the JSON string of an exec-form `sh -c` script would break the JSON: the finding stays, unfixed.
        if !df.exec_scripts.is_empty() {
            for d in &mut diagnostics {
                let inside = d.fix.as_ref().is_some_and(|f| {
                    f.edits
                        .iter()
                        .any(|e| df.exec_scripts.iter().any(|s| e.span.start < s.end && e.span.end > s.start))
                });
                if inside {
                    d.fix = None;
                }
            }
        }
        if build_checks(&df).error {
            // `# check=error=true`: the build fails on a build-check violation, so its equivalents are errors.
            for d in diagnostics
                .iter_mut()
                .filter(|d| d.rule.peers.iter().any(|p| p.starts_with("buildkit:")))
            {
                d.severity = shipshape_core::Severity::Error;
            }
        }
        Checked {
            diagnostics,
            suppressions: suppressions(&df),
            parse_errors,
        }
    }
}

/// The `# check=skip=A,B;error=true` parser directive: BuildKit build checks to skip (`all` for
/// every one) and whether violations fail the build.
#[derive(Default)]
struct BuildChecks {
    skip: Option<(Span, Vec<String>)>,
    error: bool,
}

fn build_checks(df: &Dockerfile) -> BuildChecks {
    let mut out = BuildChecks::default();
    for d in df.parsed.directives.iter().filter(|d| d.name == "check") {
        for part in d.value.split(';') {
            let Some((key, value)) = part.split_once('=') else { continue };
            match key.trim() {
                "skip" => {
                    let names = value.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
                    out.skip = Some((d.span, names));
                }
                "error" => out.error = value.trim().eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
    }
    out
}

/// Suppression comments: `# shipshape: ignore[…]` covers the instruction below it (or, inside a
/// continuation, the next line); `ignore-file[…]` the whole file. hadolint's pragmas are honoured too:
/// `# hadolint ignore=DL3008`, `# hadolint global ignore=…` and `# hadolint stage ignore=…` (to the next FROM).
fn suppressions(df: &Dockerfile) -> Vec<Suppression> {
    let src = df.src;
    let ins = df.instructions();
    let mut out = Vec::new();
    let checks = build_checks(df);
    if let Some((span, skip)) = checks.skip {
        out.push(Suppression {
            comment: span,
            scope: Scope::File,
            selectors: skip.into_iter().map(|s| (s, span)).collect(),
            origin: Origin::Peer("buildkit"),
        });
    }
    for c in &df.parsed.comments {
        let text = c.span.text(src);
        let Some(body) = text.strip_prefix('#') else { continue };
        let body_off = c.span.start + 1;
        // Instructions are in file order and never overlap: binary searches, not scans.
        let next_idx = Some(ins.partition_point(|i| i.span.start < c.span.end)).filter(|&i| i < ins.len());
        let enclosing = ins[..ins.partition_point(|i| i.span.start < c.span.start)]
            .last()
            .filter(|i| c.span.end <= i.span.end);
        let below = match enclosing {
            Some(_) => {
                let line_end = src[c.span.end..].find('\n').map_or(src.len(), |n| c.span.end + n + 1);
                let next_end = src[line_end.min(src.len())..].find('\n').map_or(src.len(), |n| line_end + n);
                Span::new(line_end.min(src.len()), next_end)
            }
            None => next_idx.map_or(Span::empty(src.len()), |i| ins[i].span),
        };
        if let Some(d) = parse_directive(body) {
            out.push(d.into_suppression(c.span, body_off, below));
            continue;
        }
        let t = body.trim();
        let Some(rest) = t.strip_prefix("hadolint") else { continue };
        let rest = rest.trim_start();
        let (scope, list) = if let Some(l) = rest.strip_prefix("global ignore=") {
            (Scope::File, l)
        } else if let Some(l) = rest.strip_prefix("stage ignore=") {
            let start = next_idx.map_or(src.len(), |i| ins[i].span.start);
            // The next FROM after the instruction below: the start of the first stage that begins later.
            let end = next_idx
                .and_then(|n| df.stages.get(df.stages.partition_point(|s| s.from <= n)))
                .map_or(src.len(), |s| ins[s.from].span.start);
            (Scope::Range(Span::new(start, end)), l)
        } else if let Some(l) = rest.strip_prefix("ignore=") {
            (Scope::Range(below), l)
        } else {
            continue;
        };
        let list = list.split_whitespace().next().unwrap_or("");
        out.push(Suppression {
            comment: c.span,
            scope,
            selectors: list
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| (s.trim().to_owned(), c.span))
                .collect(),
            origin: Origin::Peer("hadolint"),
        });
    }
    out
}

/// Whether a `# syntax=` value names Docker's Dockerfile frontend (`docker/dockerfile:1`,
/// `docker.io/docker/dockerfile-upstream:master`, with or without a digest).
fn docker_frontend(value: &str) -> bool {
    let image = value.trim().trim_start_matches("docker.io/");
    let name = image.split(['@', ':']).next().unwrap_or(image);
    matches!(name, "docker/dockerfile" | "docker/dockerfile-upstream")
}

/// The paths of a Dockerfile's `INCLUDE` (dockerfile-x) and `INCLUDE+` (dockerfile-plus) lines.
fn includes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().take(10_000).filter_map(|l| {
        let words: Vec<&str> = l.split_whitespace().collect();
        let keyword = *words.first()?;
        let include = |w: &&str| ["INCLUDE", "INCLUDE+", "@INCLUDE"].iter().any(|k| w.eq_ignore_ascii_case(k));
        // An `INCLUDE` frontend's instruction, or a preprocessor's directive that includes a file
        // (pdns-builder's `@INCLUDE f` and `@EXEC [ … ] && include f`).
        let at = if include(&keyword) {
            0
        } else if keyword.starts_with('@') {
            words.iter().rposition(include)?
        } else {
            return None;
        };
        words
            .get(at + 1)
            .map(|w| w.trim_matches(['"', '\'']).trim_start_matches("./").to_owned())
    })
}
