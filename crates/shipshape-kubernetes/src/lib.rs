//! Kubernetes manifests: multi-document files, `List`s, workloads, services, RBAC, config and
//! secrets. Helm templates are recognised and reported as not audited.

pub mod crd;
pub mod model;
pub mod rules;

use shipshape_core::classify::FileKind;
use shipshape_core::engine::{CheckContext, Checked, SourceFile};
use shipshape_core::language::run_rules;
use shipshape_core::suppress::{Origin, Scope, Suppression};
use shipshape_core::{Diagnostic, RuleMeta, Severity, Span};
use shipshape_core::{DomainChecker, Language};
use shipshape_yaml::Yaml;

/// Kubernetes manifests and Helm templates, as a [`Language`]: what [`KubernetesChecker`] checks.
pub struct KubernetesLanguage;

/// A rule: its metadata and its check.
pub type Rule = shipshape_core::Rule<KubernetesLanguage>;

/// The checker of the domain.
pub type KubernetesChecker = DomainChecker<KubernetesLanguage>;

/// What a rule sees.
pub struct Ctx<'a> {
    pub src: &'a str,
    pub objects: Vec<model::Object<'a>>,
    pub file: &'a SourceFile,
    pub core: &'a CheckContext<'a>,
    /// This file's and its directory's objects, built on first use.
    pub project: std::cell::OnceCell<model::Project>,
    /// Summaries of the directory's manifests, shared by every file of it (when a rule needs them).
    pub dir: Option<&'a model::DirSummary>,
}

impl<'a> Ctx<'a> {
    /// Whether the file is a kustomize patch fragment rather than a whole object: under a
    /// `patches` folder or named as one (`webhookcainjection_patch.yaml`). It is merged into a
    /// base object a kustomization names, so what it leaves out is the base's.
    pub fn is_patch_file(&self) -> bool {
        let display = &self.file.display;
        display.split(['/', '\\']).any(|p| p == "patches")
            || display
                .rsplit(['/', '\\'])
                .next()
                .is_some_and(|n| n.to_ascii_lowercase().contains("patch"))
            || self.listed_as_patch()
    }

    /// Whether the file is an input a Java build's manifest generator merges into what it
    /// generates (Quarkus' and Dekorate's `src/main/kubernetes/`, Eclipse JKube's
    /// `src/main/jkube/`) rather than a manifest applied as written: the generator reads it with
    /// Jackson, which turns `true` and `80` into the strings a field wants, and fills in what it
    /// leaves out (quarkus-super-heroes' ConfigMap fragments, judged wrong as errors, the
    /// sixty-third sample).
    pub fn is_generator_input(&self) -> bool {
        let path = match self.file.path.as_deref() {
            Some(p) => p.to_string_lossy().replace('\\', "/"),
            None => self.file.display.replace('\\', "/"),
        };
        ["src/main/kubernetes/", "src/main/jkube/"]
            .iter()
            .any(|d| path.starts_with(d) || path.contains(&format!("/{d}")))
    }

    /// Whether a kustomization in this file's folder or up to three above lists it under
    /// `patches`, `patchesStrategicMerge` or `patchesJson6902` (intel's SGX overlay
    /// `add_sgx_default_qcnl_conf.yaml`, judged wrong as an error, precision sample 43).
    fn listed_as_patch(&self) -> bool {
        let tree = self.core.tree();
        let Some(abs) = self.file.path.as_deref().and_then(|p| tree.canonicalize(p)) else {
            return false;
        };
        abs.ancestors().skip(1).take(4).any(|dir| {
            let Ok(rel) = abs.strip_prefix(dir) else { return false };
            let rel = rel.to_string_lossy().replace('\\', "/");
            ["kustomization.yaml", "kustomization.yml", "Kustomization"].iter().any(|n| {
                let Some(text) = tree.read(&dir.join(n)) else { return false };
                let yaml = shipshape_yaml::Yaml::parse(&text);
                let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
                    return false;
                };
                ["patches", "patchesStrategicMerge", "patchesJson6902"].iter().any(|k| {
                    root.get(k).map(|l| l.items()).unwrap_or_default().into_iter().any(|item| {
                        let path = if item.is_map() {
                            item.get("path").and_then(|p| p.as_str())
                        } else {
                            item.as_str()
                        };
                        path.is_some_and(|p| p.trim_start_matches("./") == rel)
                    })
                })
            })
        })
    }

    /// Whether a kustomization in this file's folder or one above it adds labels to what it builds
    /// (`commonLabels`, or `labels` with `includeSelectors`): the built object's selector and pod
    /// labels are not this file's (pomerium's `k8s/zero`, precision sample 42).
    pub fn kustomize_adds_labels(&self) -> bool {
        let tree = self.core.tree();
        let Some(abs) = self.file.path.as_deref().and_then(|p| tree.canonicalize(p)) else {
            return false;
        };
        abs.ancestors().skip(1).take(8).any(|dir| {
            ["kustomization.yaml", "kustomization.yml", "Kustomization"].iter().any(|n| {
                tree.read(&dir.join(n))
                    .is_some_and(|t| t.lines().any(|l| l.starts_with("commonLabels:") || l.starts_with("labels:")))
            })
        })
    }

    /// `(object, pod spec)` of every workload.
    pub fn workloads(&self) -> Vec<(model::Object<'a>, shipshape_yaml::NodeRef<'a>)> {
        self.objects.iter().filter_map(|o| Some((*o, o.pod_spec()?))).collect()
    }

    /// `(object, pod spec, container)` of every container of every workload.
    pub fn containers(&self) -> Vec<(model::Object<'a>, shipshape_yaml::NodeRef<'a>, model::Container<'a>)> {
        self.workloads()
            .into_iter()
            .flat_map(|(o, pod)| model::containers(pod).into_iter().map(move |c| (o, pod, c)))
            .collect()
    }

    /// The project view (this file plus sibling manifests), read on first use.
    pub fn project(&self) -> &model::Project {
        self.project.get_or_init(|| {
            let path = self.file.path.as_deref();
            model::project(self.core.tree(), &self.objects, path, self.dir)
        })
    }

    /// Objects of the given kinds.
    pub fn of_kind(&self, kinds: &[&str]) -> Vec<model::Object<'a>> {
        self.objects.iter().filter(|o| kinds.contains(&o.kind)).copied().collect()
    }

    /// RBAC objects of the given kinds (`Role`, `ClusterRoleBinding` …) of Kubernetes' own API
    /// group: a `Role` of another API (Halo's `v1alpha1` roles, read by the application itself;
    /// judged wrong, the twenty-sixth sample) is not Kubernetes RBAC.
    pub fn rbac(&self, kinds: &[&str]) -> Vec<model::Object<'a>> {
        self.of_kind(kinds)
            .into_iter()
            .filter(|o| o.api_version.starts_with("rbac.authorization.k8s.io/"))
            .collect()
    }
}

/// Declare a rule: metadata, docs (DESIGN.md §8) and its check function `check`.
#[macro_export]
macro_rules! rule {
    ($($body:tt)*) => {
        use $crate::Rule as DomainRule;
        shipshape_core::declare_rule!(DomainRule, Kubernetes, "yaml", $($body)*);
    };
}

pub static PARSE_ERROR: RuleMeta = shipshape_core::rule_meta! {
    domain: Kubernetes, lang: "yaml",
    code: "K8S000", name: "manifest-parse-error", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "The manifest is not valid YAML",
    what: "Reports YAML syntax errors with the place the parser stopped. Files with `{{ }}` templating, and files that fail to parse because of `{UPPER_CASE_NAME}` placeholders (substituted by `sed` or a Makefile before `kubectl apply`), are reported by K8S002 instead.",
    why: "`kubectl apply` rejects the whole file: none of its objects are applied.",
    example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [app",
    instead: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/overview/working-with-objects/",
};

pub static DUPLICATE_KEY: RuleMeta = shipshape_core::rule_meta! {
    domain: Kubernetes, lang: "yaml",
    code: "K8S001", name: "manifest-duplicate-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A key appears twice in one mapping",
    what: "Flags a mapping key written twice in a manifest (`resources:` twice in a container…).",
    why: "`kubectl` keeps one of the values silently (or rejects the file, depending on the version): the manifest does not say what runs.",
    example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  name: web",
    instead: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app",
    fix_safety: "No automatic fix.",
    refs: "- https://yaml.org/spec/1.2.2/#mapping",
};

pub static TEMPLATE: RuleMeta = shipshape_core::rule_meta! {
    domain: Kubernetes, lang: "yaml",
    code: "K8S002", name: "template-not-audited", severity: Info, category: Correctness, default: false, fix: None,
    peers: [], options: [],
    summary: "A Helm or Go template is not audited",
    what: "Reports, once per file, that a manifest containing `{{ }}` templating (a Helm chart template or similar), one with `#{NAME}` placeholders where values belong (which YAML reads as comments), or one that does not parse as it stands because of `{UPPER_CASE_NAME}` placeholders, was recognised but not audited: its rendered form is what runs. Render it (`helm template`) and audit the output.",
    why: "Auditing the template text would be guesswork; saying so beats silence or a false parse error.",
    example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}",
    instead: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app",
    fix_safety: "No automatic fix.",
    refs: "- https://helm.sh/docs/helm/helm_template/",
};

/// The rules that read the directory view (`Ctx::project`); a test keeps the list complete.
pub static PROJECT_RULES: &[&Rule] = &[
    &rules::dangling_reference::RULE,
    &rules::invalid_port_name::RULE,
    &rules::missing_pdb::RULE,
    &rules::network_policy_coverage::RULE,
    &rules::pdb_blocks_eviction::RULE,
    &rules::replicas_with_hpa::RULE,
    &rules::rollout_max_unavailable::RULE,
    &rules::service_selects_nothing::RULE,
    &rules::statefulset_service::RULE,
];

/// `shipshape.dev/ignore: "CODE,CODE"` on an object's annotations suppresses those codes in it.
fn annotation_suppressions(objects: &[model::Object]) -> Vec<Suppression> {
    let mut out = Vec::new();
    for o in objects {
        let Some(a) = o
            .node
            .get("metadata")
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.get("shipshape.dev/ignore"))
        else {
            continue;
        };
        let Some(list) = a.as_str() else { continue };
        out.push(Suppression {
            comment: a.span(),
            scope: Scope::Range(o.node.span()),
            selectors: list
                .split(',')
                .map(|s| (s.trim().to_owned(), a.span()))
                .filter(|(s, _)| !s.is_empty())
                .collect(),
            origin: Origin::Shipshape,
        });
    }
    out
}

impl Language for KubernetesLanguage {
    type Ctx<'a> = Ctx<'a>;

    fn rules() -> &'static [&'static Rule] {
        rules::ALL
    }

    fn own_rules() -> &'static [&'static RuleMeta] {
        static OWN: &[&RuleMeta] = &[&PARSE_ERROR, &DUPLICATE_KEY, &TEMPLATE];
        OWN
    }

    fn handles(kind: FileKind) -> bool {
        matches!(kind, FileKind::Kubernetes | FileKind::HelmTemplate)
    }

    fn check(file: &SourceFile, core: &CheckContext) -> Checked {
        let src = file.text.as_str();
        // Quoted `{{…}}` values (Argo's parameters, Prometheus rule templates) are plain strings:
        // only Helm's words or bare braces make a file a template.
        let templated =
            file.kind == FileKind::HelmTemplate || shipshape_core::classify::content_lines(src).any(shipshape_core::classify::helm_line);
        if templated {
            let first = src.find("{{").unwrap_or(0);
            return template_note(
                Span::new(first, (first + 2).min(src.len())),
                "run `helm template <chart> | shipshape check -`",
            );
        }
        // `key: #{NAME}` (litmus's agent manifests, which its server fills in by text substitution;
        // Octopus Deploy's variables) parses, but as a comment: every such value would read as
        // missing (nine wrong findings, the seventy-second sample).
        if let Some(at) = hash_placeholder(src) {
            return template_note(at, "audit the manifest the substitution produces");
        }
        // The directory view is read first when a rule needs it, so that this file's tree comes from it.
        // It is shared by every file of the directory in this run.
        let dir = file
            .path
            .as_deref()
            .and_then(std::path::Path::parent)
            .filter(|_| PROJECT_RULES.iter().any(|r| core.enabled(&r.meta)))
            .map(|d| {
                // A run fact, not a project one: a directory's view needs no walk of the repository.
                let cell = core.projects.dir_cell::<model::DirSummary>(d);
                cell.get_or_init(|| model::summarise_dir(core.tree(), d));
                cell
            });
        let dir = dir.as_deref().and_then(std::sync::OnceLock::get);
        let own = dir.zip(file.path.as_deref().and_then(std::path::Path::file_name));
        let yaml = own
            .and_then(|(d, name)| d.take_tree(core.tree(), name, src))
            .unwrap_or_else(|| Yaml::parse(src));
        // A file that does not parse because of `{NAME}` placeholders (`clusterIP: {IP_PREFIX}.16`,
        // substituted by `sed` or a Makefile before `kubectl apply`) is a template too.
        if !yaml.errors.is_empty()
            && let Some(at) = placeholder(src)
        {
            return template_note(at, "audit the manifest the substitution produces");
        }
        let mut diagnostics = shipshape_yaml::syntax_diagnostics(&yaml, &PARSE_ERROR, &DUPLICATE_KEY);
        let mut objects = model::objects(&yaml);
        // Objects the kustomization beside the file deletes with a `$patch: delete` patch are never
        // deployed (Konflux's vendored kubearchive release, whose Secret and CronJob each
        // cluster's overlay deletes: judged not worth findings, the fifty-first sample).
        if let Some(path) = file.path.as_deref() {
            let deleted = kustomize_deleted(core.tree(), path);
            if !deleted.is_empty() {
                objects.retain(|o| !deleted.iter().any(|(k, n)| k == o.kind && n == o.name()));
            }
        }
        let mut suppressions = shipshape_yaml::comments::suppressions(src, &[]);
        suppressions.extend(annotation_suppressions(&objects));
        let cx = Ctx {
            src,
            objects,
            file,
            core,
            project: std::cell::OnceCell::new(),
            dir,
        };
        run_rules::<Self>(&cx, core, &mut diagnostics);
        Checked {
            diagnostics,
            suppressions,
            parse_errors: yaml.errors.len(),
        }
    }
}

/// The objects (kind, name) that the kustomization in `path`'s folder deletes with a `$patch:
/// delete` patch (inline or a patch file), when it lists `path` among its `resources`.
fn kustomize_deleted(tree: &dyn shipshape_core::tree::SourceTree, path: &std::path::Path) -> Vec<(String, String)> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let Some(text) = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
        .iter()
        .find_map(|k| tree.read(&dir.join(k)))
    else {
        return Vec::new();
    };
    // Most kustomizations delete nothing: no parse for them (a deletion is written inline as
    // `$patch`, or in a patch file the kustomization names with `path:` or a list entry).
    if !text.contains("$patch") && !text.contains("path:") && !text.contains("patchesStrategicMerge") {
        return Vec::new();
    }
    let yaml = Yaml::parse(&text);
    let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
        return Vec::new();
    };
    let listed = root
        .get("resources")
        .map(|r| r.items())
        .unwrap_or_default()
        .iter()
        .any(|r| r.as_str().is_some_and(|r| r.trim_start_matches("./") == name));
    if !listed {
        return Vec::new();
    }
    let mut out = Vec::new();
    for key in ["patches", "patchesStrategicMerge"] {
        for item in root.get(key).map(|p| p.items()).unwrap_or_default() {
            let body = if item.is_map() {
                item.get("patch").and_then(|p| p.as_str()).map(str::to_owned).or_else(|| {
                    let p = item.get("path").and_then(|p| p.as_str())?;
                    tree.read(&dir.join(p))
                })
            } else {
                item.as_str().map(str::to_owned)
            };
            let Some(body) = body.filter(|b| b.contains("$patch: delete")) else {
                continue;
            };
            for doc in Yaml::parse(&body).docs {
                let Some(p) = doc.root() else { continue };
                if p.get("$patch").and_then(|v| v.as_str()) != Some("delete") {
                    continue;
                }
                let kind = p.get("kind").and_then(|k| k.as_str());
                let name = p.get("metadata").and_then(|m| m.get("name")).and_then(|n| n.as_str());
                if let (Some(k), Some(n)) = (kind, name) {
                    out.push((k.to_owned(), n.to_owned()));
                }
            }
        }
    }
    out
}

/// The one K8S002 note of a template file, at `at`.
fn template_note(at: Span, help: &str) -> Checked {
    Checked {
        diagnostics: vec![
            Diagnostic::new(&TEMPLATE, at, "a templated manifest: render it and audit the output")
                .help(help)
                .severity(Severity::Info),
        ],
        suppressions: Vec::new(),
        parse_errors: 0,
    }
}

/// The first `#{NAME}` placeholder where a value belongs (`namespace: #{INFRA_NAMESPACE}`,
/// `- #{Octopus.Name}`), which YAML reads as a comment.
fn hash_placeholder(src: &str) -> Option<Span> {
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let Some(i) = line.find("#{") else { continue };
        let before = line[..i].trim_end_matches(' ');
        let at_value = before.len() < i && (before.ends_with(':') || before.trim_start() == "-" || before.ends_with(" -"));
        let name = &line[i + 2..];
        let len = name.find('}').unwrap_or(0);
        let named = len > 0
            && name[..len]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if at_value && named && !before.trim_start().starts_with('#') {
            return Some(Span::new(base + i, base + i + len + 3));
        }
    }
    None
}

/// The placeholder name of a line that is only one (`GEN3_DATE_LABEL`, `GEN3_BUCKET|-value: ""-|`).
pub(crate) fn bare_placeholder(line: &str) -> Option<&str> {
    let content = line.trim();
    let token = content.split('|').next().unwrap_or("");
    let bare = token.len() >= 4
        && token.starts_with(|c: char| c.is_ascii_uppercase())
        && token.contains('_')
        && token.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    (bare && (token.len() == content.len() || content[token.len()..].starts_with('|'))).then_some(token)
}

/// The first `{UPPER_CASE_NAME}` placeholder outside comments and `{{ }}`, or the first line that is
/// an `UPPER_CASE_NAME` alone where an entry belongs (`GEN3_DATE_LABEL`, or `GEN3_BUCKET|-value:
/// ""-|`: a script replaces the line; Gen3's cloud-automation manifests, 116 parse errors judged
/// wrong as errors, the fifty-fifth sample).
fn placeholder(src: &str) -> Option<Span> {
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(token) = bare_placeholder(line) {
            let start = base + (line.len() - line.trim_start().len());
            return Some(Span::new(start, start + token.len()));
        }
        // A shell command substitution opening a line (`$(` … `)`, stackgres' RBAC templates that
        // a script renders with `helm template | yq`: judged wrong as a parse error, the
        // sixty-second sample).
        // A Terraform template directive (`%{ if … ~}`, `%{ for … }`, `%{ endif }`: dfds' Flux
        // manifests rendered by `templatefile()`; judged as parse errors, the sixty-sixth sample).
        if line.trim_start().starts_with("$(") || line.trim_start().starts_with("%{") {
            let start = base + (line.len() - line.trim_start().len());
            return Some(Span::new(start, start + 2));
        }
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b != b'{' || (i > 0 && bytes[i - 1] == b'{') || bytes.get(i + 1) == Some(&b'{') {
                continue;
            }
            let name = &bytes[i + 1..];
            let len = name
                .iter()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == b'_')
                .count();
            let closed = name.get(len) == Some(&b'}') && name.get(len + 1) != Some(&b'}');
            if len > 0 && name[0].is_ascii_uppercase() && closed {
                return Some(Span::new(base + i, base + i + len + 2));
            }
        }
    }
    None
}
