//! For each cluster, the abstraction that removes it, fitted to its format: the file to add (its
//! content, built from the first copy's own text so comments stay) and how a copy calls it.

use crate::cluster::{Candidate, Origin, Param, Region};
use crate::model::{EntryMap, Extracted, FROM, HAS_SHELL, MapKind, RUN_ONLY, SeqKind, Source, WholeKind};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProposalKind {
    CompositeAction,
    ReusableWorkflow,
    Matrix,
    YamlAnchor,
    ComposeExtends,
    ComposeInclude,
    GitlabExtends,
    GitlabReference,
    BaseStage,
    BaseImage,
    BuildArg,
    KustomizeBase,
    KustomizeComponent,
    ScriptFile,
}

impl ProposalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalKind::CompositeAction => "composite-action",
            ProposalKind::ReusableWorkflow => "reusable-workflow",
            ProposalKind::Matrix => "matrix",
            ProposalKind::YamlAnchor => "yaml-anchor",
            ProposalKind::ComposeExtends => "compose-extends",
            ProposalKind::ComposeInclude => "compose-include",
            ProposalKind::GitlabExtends => "gitlab-extends",
            ProposalKind::GitlabReference => "gitlab-reference",
            ProposalKind::BaseStage => "base-stage",
            ProposalKind::BaseImage => "base-image",
            ProposalKind::BuildArg => "build-arg",
            ProposalKind::KustomizeBase => "kustomize-base",
            ProposalKind::KustomizeComponent => "kustomize-component",
            ProposalKind::ScriptFile => "script-file",
        }
    }
}

impl ProposalKind {
    /// Whether the proposal adds a file of its own (rather than editing the copies' file).
    pub fn creates_a_file(self) -> bool {
        matches!(
            self,
            ProposalKind::CompositeAction
                | ProposalKind::ReusableWorkflow
                | ProposalKind::ScriptFile
                | ProposalKind::BaseImage
                | ProposalKind::KustomizeBase
                | ProposalKind::KustomizeComponent
                | ProposalKind::ComposeInclude
        )
    }
}

/// Files named for their folder: a second one goes in a numbered folder.
const FOLDER_FILES: &[&str] = &["action.yml", "Dockerfile", "kustomization.yaml"];

/// `path` numbered `n`: before its extension (`scripts/deploy-2.sh`), or on its folder for a file
/// named for its folder (`.github/actions/setup-2/action.yml`, `docker/base-2/Dockerfile`).
pub fn numbered(path: &str, n: usize) -> String {
    if let Some((dir, file)) = path.rsplit_once('/')
        && FOLDER_FILES.contains(&file)
    {
        return format!("{dir}-{n}/{file}");
    }
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => format!("{stem}-{n}.{ext}"),
        _ => format!("{path}-{n}"),
    }
}

/// Move a proposal's new file to `path`, and its callers' usage with it.
pub fn rename(p: &mut Proposal, path: &str) {
    let folder = |q: &str| {
        q.rsplit_once('/')
            .filter(|(_, f)| FOLDER_FILES.contains(f))
            .map(|(d, _)| d.to_owned())
    };
    let (old, new) = match (folder(&p.path), folder(path)) {
        (Some(o), Some(n)) => (o, n),
        _ => (p.path.clone(), path.to_owned()),
    };
    p.usage = p.usage.replace(&old, &new);
    // A file named relative to its caller (`include: - compose.shared.yaml`).
    if let (Some((_, o)), Some((_, n))) = (p.path.rsplit_once('/'), path.rsplit_once('/')) {
        p.usage = p.usage.replace(&format!("- {o}\n"), &format!("- {n}\n"));
    } else {
        p.usage = p.usage.replace(&format!("- {}\n", p.path), &format!("- {path}\n"));
    }
    p.path = path.to_owned();
}

#[derive(Clone, Debug, Serialize)]
pub struct Proposal {
    pub kind: ProposalKind,
    /// The file to add, relative to the first copy's repository (or the file to edit, for an
    /// anchor or a matrix).
    pub path: String,
    pub content: String,
    /// How each copy uses it (the first copy's call).
    pub usage: String,
    /// An abstraction the repository already has that serves this region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing: Option<String>,
    /// What to keep in mind when applying it.
    pub note: String,
}

/// The kind of abstraction for a candidate, or `None` when no abstraction fits (a run of
/// instructions in the middle of Dockerfiles with different bases).
pub fn kind_of(c: &Candidate, ex: &Extracted) -> Option<(ProposalKind, Option<usize>)> {
    let same_file = c.members.iter().all(|m| m.file == c.members[0].file);
    Some(match c.origin {
        Origin::Run(SeqKind::JobSteps | SeqKind::ActionSteps) => {
            // A composite action whose steps are exactly this run already exists.
            let existing = c.members.iter().find_map(|m| {
                let (s, p, len) = m.run?;
                let seq = &ex.sequences[s];
                (seq.kind == SeqKind::ActionSteps && p == 0 && len == seq.items.len()).then_some(seq.file)
            });
            let (s, p, len) = c.members[0].run?;
            let items = &ex.sequences[s].items[p..p + len];
            if existing.is_none() && len == 1 && items[0].flags & RUN_ONLY != 0 {
                (ProposalKind::ScriptFile, None)
            } else {
                (ProposalKind::CompositeAction, existing)
            }
        }
        Origin::Run(SeqKind::Script) => {
            let (_, _, len) = c.members[0].run?;
            let lines = c.members[0].end_line + 1 - c.members[0].line;
            if len == 1 && lines >= 8 {
                (ProposalKind::ScriptFile, None)
            } else {
                (ProposalKind::GitlabReference, None)
            }
        }
        Origin::Run(SeqKind::Stage) => {
            let (s, p, len) = c.members[0].run?;
            let items = &ex.sequences[s].items[p..p + len];
            if same_file {
                (ProposalKind::BaseStage, None)
            } else if items[0].flags & FROM != 0 {
                (ProposalKind::BaseImage, None)
            } else if items.iter().all(|i| i.flags & RUN_ONLY != 0) {
                (ProposalKind::ScriptFile, None)
            } else {
                return None;
            }
        }
        Origin::Whole(WholeKind::Job) if same_file && !c.params.is_empty() && c.params.len() <= 2 => (ProposalKind::Matrix, None),
        Origin::Whole(WholeKind::Job) => (ProposalKind::ReusableWorkflow, None),
        Origin::Whole(WholeKind::Service) if same_file => (ProposalKind::YamlAnchor, None),
        Origin::Whole(WholeKind::Service) => (ProposalKind::ComposeExtends, None),
        Origin::Whole(WholeKind::GitlabJob) => (ProposalKind::GitlabExtends, None),
        Origin::Whole(WholeKind::Workload) => (ProposalKind::KustomizeBase, None),
        Origin::Whole(WholeKind::Dockerfile) if c.params.is_empty() => (ProposalKind::BaseImage, None),
        Origin::Whole(WholeKind::Dockerfile) => (ProposalKind::BuildArg, None),
        // A template among the owners: the abstraction exists; the others should use it.
        Origin::Entries(MapKind::Service) if template(c).is_some() => (ProposalKind::YamlAnchor, template(c).map(|m| m.file)),
        Origin::Entries(MapKind::GitlabJob) if template(c).is_some() => (ProposalKind::GitlabExtends, template(c).map(|m| m.file)),
        Origin::Entries(MapKind::Service) if same_file => (ProposalKind::YamlAnchor, None),
        Origin::Entries(MapKind::Service) => (ProposalKind::ComposeExtends, None),
        Origin::Entries(MapKind::GitlabJob) => (ProposalKind::GitlabExtends, None),
        Origin::Entries(MapKind::Container) => (ProposalKind::KustomizeComponent, None),
        Origin::Services => (ProposalKind::ComposeInclude, None),
    })
}

/// The member that is a template already: a GitLab hidden job or a Compose `x-` fragment.
pub fn template(c: &Candidate) -> Option<&Region> {
    c.members.iter().find(|m| m.owner.starts_with('.') || m.owner.starts_with("x-"))
}

/// The lines of a region, from the start of its first line, dedented to its first line's
/// indentation (a `- ` of a list item counts as indentation for the lines after it).
pub fn block(src: &str, r: &Region) -> Vec<String> {
    let line_start = src[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src[r.end..].find('\n').map_or(src.len(), |i| r.end + i);
    let text = &src[line_start..end];
    let indent = lead(text);
    text.lines()
        .map(|l| {
            let cut = lead(l);
            l[cut.min(indent)..].trim_end().to_owned()
        })
        .collect()
}

fn indent(lines: &[String], by: usize) -> String {
    let pad = " ".repeat(by);
    let mut out = String::new();
    for l in lines {
        if !l.is_empty() {
            out.push_str(&pad);
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// Replace each parameter's first-copy value with `with(name)` on the lines that hold it.
fn substitute(lines: &mut [String], params: &[Param], with: &dyn Fn(&str) -> String) {
    for p in params {
        let value = &p.values[0];
        if value.is_empty() {
            continue;
        }
        let keys: Vec<&str> = p
            .paths
            .iter()
            .filter_map(|path| path.rsplit('.').next())
            .filter(|k| !k.starts_with('['))
            .map(|k| k.split('[').next().unwrap_or(k))
            .collect();
        for l in lines.iter_mut() {
            let keyed = keys.iter().any(|k| l.contains(&format!("{k}:")) || l.contains(&format!("{k}=")));
            if (keyed || keys.is_empty() || p.paths.iter().any(|x| x.ends_with(']')))
                && let Some(i) = find_token(l, value)
            {
                l.replace_range(i..i + value.len(), &with(&p.name));
            }
        }
    }
}

/// `value` in `line` where it is not part of a longer word.
fn find_token(line: &str, value: &str) -> Option<usize> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    line.match_indices(value).map(|(i, _)| i).find(|&i| {
        let before = line[..i].chars().next_back();
        let after = line[i + value.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// The blanks (spaces and tabs) a line starts with, in bytes: a place to cut it that is always a
/// character boundary (a line may start with other Unicode white space).
pub fn lead(s: &str) -> usize {
    s.bytes().take_while(|b| *b == b' ' || *b == b'\t').count()
}

/// A file name from the first copy's words.
fn slug(words: &str) -> String {
    let mut s = String::new();
    for c in words.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 40 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() { "shared".to_owned() } else { s }
}

/// Contexts a composite action cannot read (`secrets`, `matrix`, `needs`): each becomes an input.
fn lift_contexts(lines: &mut [String], inputs: &mut Vec<(String, String)>) {
    for l in lines.iter_mut() {
        for ctx in ["secrets.", "matrix.", "needs."] {
            while let Some(i) = l.find(ctx) {
                let rest = &l[i + ctx.len()..];
                let n = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
                    .unwrap_or(rest.len());
                let full = format!("{ctx}{}", &rest[..n]);
                let name = slug(&rest[..n].replace('.', "-"));
                if !inputs.iter().any(|(n, _)| n == &name) {
                    inputs.push((name.clone(), format!("${{{{ {full} }}}}")));
                }
                l.replace_range(i..i + full.len(), &format!("inputs.{name}"));
            }
        }
    }
}

/// `path` (relative to the repository of file `near`), or `path` with `-2`, `-3`… before its
/// extension or in its folder's name when the repository has a file there already.
fn free_path(sources: &[Source], near: usize, path: &str) -> String {
    let root = sources[near].root;
    let taken = |p: &str| {
        sources
            .iter()
            .any(|s| s.root == root && (s.path == p || s.path.ends_with(&format!("/{p}"))))
    };
    if !taken(path) {
        return path.to_owned();
    }
    (2..=sources.len() + 2)
        .map(|i| numbered(path, i))
        .find(|c| !taken(c))
        .unwrap_or_else(|| path.to_owned())
}

/// `to` as a path relative to the folder of the file `from` (both as the sources name them).
fn relative_to(from: &str, to: &str) -> String {
    let from: Vec<&str> = rel_dir(from).split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    let to: Vec<&str> = to.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

/// For a Compose service cluster, the member the others can `extends`: a service whose every
/// entry (key and value) each other member has too, so that extending it adds nothing they did
/// not have. A file the project loads by default (`compose.yaml`, `docker-compose.yml`) first.
/// `None` when no member qualifies, or a member merges (`<<`) or extends already.
pub fn extends_base(c: &Candidate, sources: &[Source], ex: &Extracted) -> Option<usize> {
    let maps: Vec<&EntryMap> = c
        .members
        .iter()
        .map(|m| {
            ex.maps
                .iter()
                .find(|x| x.kind == MapKind::Service && x.file == m.file && x.owner == m.owner)
        })
        .collect::<Option<_>>()?;
    if maps.iter().any(|m| m.entries.iter().any(|(k, _)| k == "<<" || k == "extends")) {
        return None;
    }
    let within = |a: &EntryMap, b: &EntryMap| {
        a.entries
            .iter()
            .all(|(k, it)| b.entries.iter().any(|(k2, it2)| k2 == k && it2.exact == it.exact))
    };
    let default_file = |i: usize| {
        let name = sources[c.members[i].file].path.rsplit('/').next().unwrap_or("");
        shipshape_knowledge::compose::is_default_file(name)
    };
    let mut bases: Vec<usize> = (0..maps.len())
        .filter(|&i| (0..maps.len()).all(|j| i == j || within(maps[i], maps[j])))
        .collect();
    bases.sort_by_key(|&i| !default_file(i));
    bases.first().copied()
}

/// The folder of `path` with its trailing slash, or nothing for a file in the working directory.
fn folder_of(path: &str) -> String {
    path.rsplit_once('/').map_or(String::new(), |(d, _)| format!("{d}/"))
}

pub(crate) fn rel_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

pub fn propose(c: &Candidate, kind: ProposalKind, existing: Option<usize>, sources: &[Source], ex: &Extracted) -> Proposal {
    let first = &c.members[0];
    let src = &sources[first.file].text;
    let mut lines = block(src, first);
    let owners: Vec<&str> = c.members.iter().map(|m| m.owner.as_str()).collect();
    let mut p = Proposal {
        kind,
        path: String::new(),
        content: String::new(),
        usage: String::new(),
        existing: existing.map(|f| sources[f].path.clone()),
        note: String::new(),
    };
    match kind {
        ProposalKind::CompositeAction => {
            if let Some(f) = existing {
                p.path = sources[f].path.clone();
                let dir = rel_dir(&p.path);
                let local = dir.split_once(".github/").map_or(dir.to_owned(), |(_, d)| format!("$/.github/{d}"));
                p.usage = format!("- uses: {local}\n");
                p.note = "the repository already has this composite action: call it instead of repeating its steps".to_owned();
                return p;
            }
            let name = step_words(src, first).unwrap_or_else(|| owners[0].to_owned());
            let slug = slug(&name);
            let mut inputs: Vec<(String, String)> = c.params.iter().map(|x| (x.name.clone(), x.values[0].clone())).collect();
            substitute(&mut lines, &c.params, &|n| format!("${{{{ inputs.{n} }}}}"));
            lift_contexts(&mut lines, &mut inputs);
            let lines = add_shell(lines, first, ex);
            p.path = free_path(sources, first.file, &format!(".github/actions/{slug}/action.yml"));
            let dir = rel_dir(&p.path).to_owned();
            let mut content = format!("name: {name}\ndescription: Steps shared by {}\n", owners.join(", "));
            if !inputs.is_empty() {
                content.push_str("inputs:\n");
                for (n, _) in &inputs {
                    content.push_str(&format!(
                        "  {n}:\n    description: The {n} each caller passes\n    required: true\n"
                    ));
                }
            }
            content.push_str("runs:\n  using: composite\n  steps:\n");
            content.push_str(&indent(&lines, 4));
            p.content = content;
            p.usage = format!("- uses: $/{dir}\n");
            if !inputs.is_empty() {
                p.usage.push_str("  with:\n");
                for (n, v) in &inputs {
                    p.usage.push_str(&format!("    {n}: {}\n", yaml_value(v)));
                }
            }
            p.note = "composite actions run in the calling job (same workspace and runner); `secrets` and `matrix` are not readable inside, so they are inputs".to_owned();
        }
        ProposalKind::ScriptFile => {
            let script = run_text(src, first).unwrap_or_else(|| lines.join("\n"));
            let slug = slug(&step_words(src, first).unwrap_or_else(|| owners[0].to_owned()));
            p.path = free_path(sources, first.file, &format!("scripts/{slug}.sh"));
            if matches!(c.origin, Origin::Run(SeqKind::Script)) {
                // GitLab's runner runs a job's script under `set -eo pipefail` in bash.
                p.content = format!("#!/usr/bin/env bash\nset -eo pipefail\n{}\n", script.trim_end());
                p.usage = format!("- ./{}\n", p.path);
                p.note = "commit the script executable (`git update-index --chmod=+x`); CI variables are in its environment as they were in the script".to_owned();
            } else {
                p.content = format!(
                    "#!/usr/bin/env bash\n{}\n{}\n",
                    actions_set_line(step_shell(src, first).as_deref()),
                    script.trim_end()
                );
                p.usage = format!("- run: bash \"$GITHUB_WORKSPACE/{}\"\n", p.path);
                p.note = "the step's `env:` and the job's reach the script as they reached `run:`; expressions such as `${{ }}` in the script must become environment variables first; the job must check out the repository before the step".to_owned();
            }
        }
        ProposalKind::ReusableWorkflow => {
            let job = owners[0];
            // `needs`, `if` and `name` belong to the calling job; the rest runs in the called one.
            let (caller, mut body) = split_job(&lines);
            let inputs: Vec<(String, String)> = c.params.iter().map(|x| (x.name.clone(), x.values[0].clone())).collect();
            substitute(&mut body, &c.params, &|n| format!("${{{{ inputs.{n} }}}}"));
            let mut secrets = Vec::new();
            for l in &body {
                for (i, _) in l.match_indices("secrets.") {
                    let rest = &l[i + 8..];
                    let n = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
                    let s = rest[..n].to_owned();
                    if !s.is_empty() && s != "GITHUB_TOKEN" && !secrets.contains(&s) {
                        secrets.push(s);
                    }
                }
            }
            p.path = free_path(sources, first.file, &format!(".github/workflows/reusable-{}.yml", slug(job)));
            let mut content = format!("name: {job}\non:\n  workflow_call:\n");
            if !inputs.is_empty() {
                content.push_str("    inputs:\n");
                for (n, _) in &inputs {
                    content.push_str(&format!("      {n}:\n        type: string\n        required: true\n"));
                }
            }
            if !secrets.is_empty() {
                content.push_str("    secrets:\n");
                for s in &secrets {
                    content.push_str(&format!("      {s}:\n        required: true\n"));
                }
            }
            content.push_str(&format!("jobs:\n  {job}:\n"));
            content.push_str(&indent(&body, 4));
            p.content = content;
            p.usage = format!("{job}:\n{}  uses: $/{}\n", indent(&caller, 2), p.path);
            if !inputs.is_empty() {
                p.usage.push_str("  with:\n");
                for (n, v) in &inputs {
                    p.usage.push_str(&format!("    {n}: {}\n", yaml_value(v)));
                }
            }
            if !secrets.is_empty() {
                p.usage.push_str("  secrets: inherit\n");
            }
            p.note = "a reusable workflow runs as a job of its own (no shared workspace with the caller, and no workflow-level `env`); the calling job keeps `needs`, `if` and `permissions` and grants the called job's permissions".to_owned();
        }
        ProposalKind::Matrix => {
            let job = owners[0];
            let content = matrix_job(job, &lines, &c.params, c.members.len()).join("\n") + "\n";
            p.path = sources[first.file].path.clone();
            p.content = content;
            p.usage = format!("one job, `{job}`, replaces {}", owners.join(", "));
            p.note =
                "the matrix's legs are named by their values; update required status checks and `needs:` that name the old jobs".to_owned();
        }
        ProposalKind::YamlAnchor | ProposalKind::GitlabExtends if existing.is_some() => {
            let t = template(c).map_or("", |m| m.owner.as_str());
            p.path = sources[first.file].path.clone();
            if kind == ProposalKind::GitlabExtends {
                p.usage = format!("extends: {t}\n");
            } else {
                // The fragment's anchor, as written on its line (`x-logging: &logging`).
                let anchor = src
                    .lines()
                    .find(|l| l.starts_with(&format!("{t}:")))
                    .and_then(|l| l.split('&').nth(1))
                    .map(|a| a.split_whitespace().next().unwrap_or(a).to_owned());
                p.usage = match anchor {
                    Some(a) => format!("<<: *{a}\n"),
                    None => format!("<<: *{}  # add an anchor to `{t}`\n", t.trim_start_matches("x-")),
                };
            }
            p.note = format!("`{t}` already holds these entries: use it instead of repeating them");
        }
        ProposalKind::YamlAnchor => {
            let name = if c.members[0].keys.is_empty() {
                format!("{}-base", slug(owners[0]))
            } else {
                "common".to_owned()
            };
            let shared = shared_lines(c, &lines);
            p.path = sources[first.file].path.clone();
            p.content = format!("x-{name}: &{name}\n{}", indent(&shared, 2));
            p.usage = format!("{}:\n  <<: *{name}\n", owners[0]);
            for x in &c.params {
                p.usage.push_str(&format!("  # {}: {}\n", x.paths[0], yaml_value(&x.values[0])));
            }
            p.note = "`<<` merges the fragment; keys written in the service override it (Compose merges lists such as ports only for the keys given)".to_owned();
        }
        ProposalKind::ComposeExtends => {
            // The service the others extend: one with nothing of its own, in the project's file.
            // A whole service copied with other values: the first, the others overriding them.
            let found = extends_base(c, sources, ex).or(matches!(c.origin, Origin::Whole(_)).then_some(0));
            let (base_file, base_service, other) = match found {
                Some(b) => {
                    let base = &c.members[b];
                    let other = c.members.iter().find(|m| !std::ptr::eq(*m, base)).unwrap_or(first);
                    (base.file, base.owner.clone(), other)
                }
                // Every copy has entries of its own: the shared ones become a service of a new
                // file beside the first, which every copy extends.
                None => (usize::MAX, format!("{}-base", slug(owners[0])), first),
            };
            p.path = match base_file {
                usize::MAX => free_path(
                    sources,
                    first.file,
                    &format!("{}compose.base.yaml", folder_of(&sources[first.file].path)),
                ),
                f => sources[f].path.clone(),
            };
            p.content = format!("{base_service}:\n{}", indent(&shared_lines(c, &lines), 2));
            let file = if other.file == base_file {
                String::new()
            } else {
                format!("    file: {}\n", relative_to(&sources[other.file].path, &p.path))
            };
            p.usage = format!("{}:\n  extends:\n{file}    service: {base_service}\n", other.owner);
            for x in &c.params {
                p.usage
                    .push_str(&format!("  # override {}: {}\n", x.paths[0], yaml_value(&x.values[0])));
            }
            p.note = "`extends` reads the file relative to the project; across repositories, vendor it or use `include` with a remote (Git) path".to_owned();
        }
        ProposalKind::GitlabExtends => {
            let name = ".job-defaults".to_owned();
            let shared = shared_lines(c, &lines);
            p.path = sources[first.file].path.clone();
            p.content = format!("{name}:\n{}", indent(&shared, 2));
            p.usage = format!("{}:\n  extends: {name}\n", owners[0]);
            for x in &c.params {
                p.usage.push_str(&format!("  # {}: {}\n", x.paths[0], yaml_value(&x.values[0])));
            }
            p.note = "`extends` merges hashes deeply; a job's own keys override the template's".to_owned();
        }
        ProposalKind::GitlabReference => {
            let (job, key) = owners[0].rsplit_once('.').unwrap_or((owners[0], "script"));
            let name = format!(".{}-{key}", slug(job));
            p.path = sources[first.file].path.clone();
            p.content = format!("{name}:\n  {key}:\n{}", indent(&lines, 4));
            p.usage = format!("{key}:\n  - !reference [{name}, {key}]\n");
            p.note = "`!reference` inserts the lines where it stands; the other lines of each job stay".to_owned();
        }
        ProposalKind::BaseStage => {
            let (s, pos, _) = first.run.unwrap_or((0, 0, 0));
            let items = &ex.sequences[s].items;
            let mut content = String::new();
            if items.get(pos).is_some_and(|i| i.flags & FROM == 0) {
                let from = &src[items[0].start..items[0].end];
                let image = from.split_whitespace().nth(1).unwrap_or("scratch");
                content.push_str(&format!("FROM {image} AS base\n"));
            } else {
                lines[0] = format!("{} AS base", lines[0].split_whitespace().take(2).collect::<Vec<_>>().join(" "));
            }
            content.push_str(&lines.join("\n"));
            content.push('\n');
            p.path = sources[first.file].path.clone();
            p.content = content;
            p.usage = format!("FROM base AS {}\n", owners[0]);
            p.note = "BuildKit builds the shared stage once for every stage that starts from it".to_owned();
        }
        ProposalKind::BaseImage => {
            substitute(&mut lines, &c.params, &|n| {
                format!("${{{}}}", n.to_ascii_uppercase().replace('-', "_"))
            });
            p.path = "docker/base/Dockerfile".to_owned();
            p.content = format!("# syntax=docker/dockerfile:1\n{}\n", lines.join("\n"));
            p.usage = "FROM <registry>/base:<version>\n".to_owned();
            p.note = "build and push the base image in its own pipeline; pin the children to its digest and rebuild them when it changes"
                .to_owned();
        }
        ProposalKind::BuildArg => {
            let mut args = Vec::new();
            let mut text: Vec<String> = lines.clone();
            for x in &c.params {
                let v0 = &x.values[0];
                let at = x.whole.find(v0.as_str()).unwrap_or(0);
                let arg = arg_name(&x.whole, at);
                if args.iter().any(|(a, _)| a == &arg) {
                    continue;
                }
                let replaced = format!("{}${{{arg}}}{}", &x.whole[..at], &x.whole[at + v0.len()..]);
                for l in text.iter_mut() {
                    if let Some(i) = find_token(l, &x.whole) {
                        l.replace_range(i..i + x.whole.len(), &replaced);
                    }
                }
                args.push((arg, v0.clone()));
            }
            p.path = sources[first.file].path.clone();
            let decl: Vec<String> = args.iter().map(|(a, v)| format!("ARG {a}={v}")).collect();
            p.content = format!("{}\n{}\n", decl.join("\n"), text.join("\n"));
            let flags: Vec<String> = c
                .params
                .iter()
                .filter_map(|x| {
                    let at = x.whole.find(x.values[0].as_str())?;
                    Some(format!("--build-arg {}={}", arg_name(&x.whole, at), x.values.get(1)?))
                })
                .collect();
            // The context: the Dockerfile's folder, as `docker build <folder>` builds it.
            let path = &sources[first.file].path;
            let context = match rel_dir(path) {
                "" => ".",
                d => d,
            };
            p.usage = format!("docker build {} -f {path} {context}\n", flags.join(" "));
            p.note = "an ARG declared before the first FROM is visible in FROM lines; declare it again inside a stage to read it there"
                .to_owned();
        }
        ProposalKind::KustomizeBase => {
            let name = owners[0].rsplit('/').next().unwrap_or("app");
            p.path = "k8s/base/kustomization.yaml".to_owned();
            p.content = format!("resources:\n  - {}.yaml\n", slug(name));
            let mut usage = String::from("resources:\n  - ../base\n");
            let images: Vec<&Param> = c.params.iter().filter(|x| x.paths.iter().any(|q| q.ends_with(".image"))).collect();
            if !images.is_empty() {
                usage.push_str("images:\n");
                for x in images {
                    let v = &x.values[0];
                    let (n, t) = v.rsplit_once(':').unwrap_or((v, "latest"));
                    usage.push_str(&format!("  - name: <base image>\n    newName: {n}\n    newTag: \"{t}\"\n"));
                }
            }
            let others: Vec<&Param> = c.params.iter().filter(|x| !x.paths.iter().any(|q| q.ends_with(".image"))).collect();
            if !others.is_empty() {
                usage.push_str("patches:\n  - target:\n      kind: ");
                usage.push_str(owners[0].split('/').next().unwrap_or("Deployment"));
                usage.push_str("\n    patch: |-\n");
                for x in others {
                    for q in &x.paths {
                        usage.push_str(&format!(
                            "      - op: replace\n        path: /{}\n        value: {}\n",
                            q.replace(['.', '['], "/").replace(']', ""),
                            yaml_value(&x.values[0])
                        ));
                    }
                }
            }
            p.usage = usage;
            p.note = "the base holds the shared manifest; each copy becomes an overlay naming only what differs".to_owned();
        }
        ProposalKind::KustomizeComponent => {
            let shared = shared_lines(c, &lines);
            p.path = "k8s/components/container-defaults/kustomization.yaml".to_owned();
            let mut content = String::from(
                "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target:\n      kind: Deployment\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/0/\n",
            );
            content.truncate(content.len() - "      - op: add\n        path: /spec/template/spec/containers/0/\n".len());
            for l in split_entries(&shared) {
                let key = l[0].split(':').next().unwrap_or("").trim().to_owned();
                content.push_str(&format!(
                    "      - op: add\n        path: /spec/template/spec/containers/0/{key}\n        value:\n"
                ));
                content.push_str(&indent(
                    &l[1..].iter().map(|x| x.get(2..).unwrap_or("").to_owned()).collect::<Vec<_>>(),
                    10,
                ));
            }
            p.content = content;
            p.usage = "components:\n  - ../components/container-defaults\n".to_owned();
            p.note = "the patch names the first container; workloads with sidecars need a patch per container name".to_owned();
        }
        ProposalKind::ComposeInclude => {
            let path = &sources[first.file].path;
            p.path = free_path(sources, first.file, &format!("{}compose.shared.yaml", folder_of(path)));
            p.content = crate::include::content(c, sources);
            p.usage = format!("include:\n  - {}\n", relative_to(path, &p.path));
            p.note = format!(
                "remove {} from every copy; Compose (2.20 or later) adds the included file's services and volumes to the project, and reads its relative paths from its own folder",
                first.keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            );
        }
    }
    for r in &c.remarks {
        p.note.push_str("; ");
        p.note.push_str(r);
    }
    p
}

/// One job standing for `copies` jobs that differ in `params`: the first copy's block (its `id:`
/// line, then its body), its `name:` dropped (GitHub then names each leg by its values), each
/// parameter a `matrix` value, one leg per copy (`include:` when there are several parameters,
/// which a list per parameter would multiply). Lines at column 0 for the id.
pub fn matrix_job(job: &str, lines: &[String], params: &[Param], copies: usize) -> Vec<String> {
    let (_, mut body) = split_job(lines);
    let entries = split_entries(&body);
    body = entries
        .into_iter()
        .filter(|e| e[0].split(':').next().unwrap_or("").trim() != "name")
        .flatten()
        .collect();
    substitute(&mut body, params, &|n| format!("${{{{ matrix.{n} }}}}"));
    let mut out = vec![
        format!("{job}:"),
        "  strategy:".to_owned(),
        "    fail-fast: false".to_owned(),
        "    matrix:".to_owned(),
    ];
    if params.len() == 1 {
        let vals: Vec<String> = params[0].values.iter().map(|v| yaml_value(v)).collect();
        out.push(format!("      {}: [{}]", params[0].name, vals.join(", ")));
    } else {
        out.push("      include:".to_owned());
        for i in 0..copies {
            for (k, x) in params.iter().enumerate() {
                let dash = if k == 0 { "- " } else { "  " };
                out.push(format!("        {dash}{}: {}", x.name, yaml_value(&x.values[i])));
            }
        }
    }
    out.extend(body.iter().map(|l| if l.is_empty() { String::new() } else { format!("  {l}") }));
    out
}

/// Keys a job calling a reusable workflow keeps (the called job cannot see `needs`).
pub const CALLER_KEYS: &[&str] = &["needs", "if", "name", "permissions"];

/// A job's block (its `id:` line, then its body) split into the entries its caller keeps
/// (`needs`, `if`, `name`, and `permissions`, which the caller must grant) and the body the called
/// job runs (with the `name` and `permissions` too), both dedented to column 0.
pub fn split_job(lines: &[String]) -> (Vec<String>, Vec<String>) {
    let body: Vec<String> = lines.iter().skip(1).cloned().collect();
    let ind = body.iter().find(|l| !l.trim().is_empty()).map_or(2, |l| lead(l));
    let body: Vec<String> = body.iter().map(|l| l.get(ind.min(lead(l))..).unwrap_or("").to_owned()).collect();
    let (mut caller, mut called) = (Vec::new(), Vec::new());
    for entry in split_entries(&body) {
        let key = entry[0].split(':').next().unwrap_or("").trim();
        if CALLER_KEYS.contains(&key) {
            caller.extend(entry.iter().cloned());
        }
        if matches!(key, "permissions" | "name") || !CALLER_KEYS.contains(&key) {
            called.extend(entry);
        }
    }
    (caller, called)
}

/// The lines of the entries a shared-entries cluster names (or the whole block, for a whole
/// unit): in the first copy's order and text.
fn shared_lines(c: &Candidate, lines: &[String]) -> Vec<String> {
    let first = &c.members[0];
    if first.keys.is_empty() {
        // A whole unit: its body, without the parameters' entries.
        let top: Vec<&str> = c
            .params
            .iter()
            .flat_map(|x| &x.paths)
            .map(|q| q.split(['.', '[']).next().unwrap_or(""))
            .collect();
        let body: Vec<String> = lines.iter().skip(1).cloned().collect();
        let ind = body.iter().find(|l| !l.is_empty()).map_or(2, |l| lead(l));
        let body: Vec<String> = body.iter().map(|l| l.get(ind.min(lead(l))..).unwrap_or("").to_owned()).collect();
        return split_entries(&body)
            .into_iter()
            .filter(|e| !top.contains(&e[0].split(':').next().unwrap_or("").trim()))
            .flatten()
            .collect();
    }
    split_entries(lines)
        .into_iter()
        .filter(|e| first.keys.iter().any(|k| e[0].split(':').next().unwrap_or("").trim() == k))
        .flatten()
        .collect()
}

/// Lines grouped by top-level entry (a line at indentation 0 starts one).
fn split_entries(lines: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for l in lines {
        if !l.starts_with(' ') && !l.is_empty() && !l.starts_with('#') {
            out.push(vec![l.clone()]);
        } else if let Some(last) = out.last_mut() {
            last.push(l.clone());
        }
    }
    out
}

/// A step's `name`, else its action, else its command's first words.
fn step_words(src: &str, r: &Region) -> Option<String> {
    let text = &src[r.start..r.end];
    for l in text.lines() {
        let t = l.trim_start().trim_start_matches("- ");
        if let Some(v) = t.strip_prefix("name:") {
            let v = v.trim().trim_matches(['"', '\'']);
            if !v.is_empty() {
                return Some(v.to_owned());
            }
        }
    }
    for l in text.lines() {
        let t = l.trim_start().trim_start_matches("- ");
        for k in ["uses:", "run:"] {
            if let Some(v) = t.strip_prefix(k) {
                let v = v.trim().trim_matches(['|', '>', '-', ' ']);
                if !v.is_empty() {
                    return Some(v.split('@').next().unwrap_or(v).rsplit('/').next().unwrap_or(v).to_owned());
                }
            }
        }
    }
    None
}

/// The script of a `run:` step or a script line, as parsed.
fn run_text(src: &str, r: &Region) -> Option<String> {
    let y = shipshape_yaml::Yaml::parse(&block(src, r).join("\n"));
    let root = y.docs.first()?.root()?;
    let node = if root.is_seq() { root.items().into_iter().next()? } else { root };
    if let Some(s) = node.get("run").and_then(|n| n.as_str()) {
        return Some(s.to_owned());
    }
    node.as_str().map(str::to_owned)
}

/// The `shell:` a step names, if any.
fn step_shell(src: &str, r: &Region) -> Option<String> {
    let y = shipshape_yaml::Yaml::parse(&block(src, r).join("\n"));
    let root = y.docs.first()?.root()?;
    let node = if root.is_seq() { root.items().into_iter().next()? } else { root };
    node.get("shell").and_then(|n| n.as_str()).map(str::to_owned)
}

/// The `set` line that gives a script file the options GitHub runs a `run:` step with: `bash -e
/// {0}` without a `shell:` (on Linux and macOS), `bash --noprofile --norc -eo pipefail {0}` for
/// `shell: bash`.
pub fn actions_set_line(shell: Option<&str>) -> &'static str {
    if shell == Some("bash") { "set -eo pipefail" } else { "set -e" }
}

/// Composite action `run:` steps need a `shell:`.
fn add_shell(lines: Vec<String>, first: &Region, ex: &Extracted) -> Vec<String> {
    let Some((s, p, len)) = first.run else { return lines };
    let items = &ex.sequences[s].items[p..p + len];
    let base_line = first.line;
    let mut out = Vec::with_capacity(lines.len() + len);
    for (i, l) in lines.into_iter().enumerate() {
        let line_no = base_line + i as u32;
        let step = items
            .iter()
            .find(|it| it.line == line_no && it.flags & RUN_ONLY != 0 && it.flags & HAS_SHELL == 0);
        match (step, l.find("- ")) {
            (Some(_), Some(d)) if l[..d].trim().is_empty() => {
                out.push(format!("{}- shell: bash", &l[..d]));
                out.push(format!("{}  {}", &l[..d], &l[d + 2..]));
            }
            _ => out.push(l),
        }
    }
    out
}

pub fn yaml_value(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@".contains(c))
        && !v.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '@')
        && !matches!(v, "true" | "false" | "null" | "yes" | "no" | "on" | "off");
    if plain {
        v.to_owned()
    } else {
        // Double-quoted: a line break written as is would fold to a blank.
        let escaped = v
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t")
            .replace('\r', "\\r");
        format!("\"{escaped}\"")
    }
}

/// `NODE_VERSION` for `node:20-alpine`.
fn arg_name(value: &str, pre: usize) -> String {
    let head = &value[..pre];
    let image = head.trim_end_matches([':', '@', '-', '=']).rsplit('/').next().unwrap_or("");
    let base: String = image
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    if base.is_empty() {
        "VERSION".to_owned()
    } else {
        format!("{base}_VERSION")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_and_names() {
        assert_eq!(crate::cluster::varying(&["node:20-alpine", "node:22-alpine"]), (5, 7));
        assert_eq!(crate::cluster::varying(&["3.11", "3.12"]), (0, 0));
        // Not inside an expression; whole lines when the difference crosses a line break.
        let (a, b) = ("${{ steps.n.outputs.name }}.tgz", "${{ steps.n.outputs.name }}.tgz.prov");
        assert_eq!(crate::cluster::varying(&[a, b]), (0, 0), "whole, not from `}}}}`");
        assert_eq!(crate::cluster::varying(&["x ${{ a.b }} y", "x ${{ a.c }} y"]), (2, 2));
        let (a, b) = ("set -e\necho latest)\necho one\ndone", "set -e\necho v1)\necho two\ndone");
        assert_eq!(crate::cluster::varying(&[a, b]), (7, 5));
        assert_eq!(yaml_value("a\nb \"c\""), "\"a\\nb \\\"c\\\"\"");
        assert_eq!(arg_name("node:20-alpine", 5), "NODE_VERSION");
        assert_eq!(slug("Deploy to staging!"), "deploy-to-staging");
        assert_eq!(yaml_value("3.12"), "\"3.12\"");
        assert_eq!(yaml_value("ubuntu-latest"), "ubuntu-latest");
        assert_eq!(find_token("python-version: 3.1", "3.1"), Some(16));
        assert_eq!(find_token("v3.12", "3.1"), None);
    }

    /// Two clusters never propose one file (hyperdx's two step runs both named for their first
    /// step, `setup-docker-buildx`): the second is numbered, and its callers with it.
    #[test]
    fn a_second_proposal_of_one_path_is_numbered() {
        assert_eq!(
            numbered(".github/actions/setup/action.yml", 2),
            ".github/actions/setup-2/action.yml"
        );
        assert_eq!(numbered("docker/base/Dockerfile", 3), "docker/base-3/Dockerfile");
        assert_eq!(numbered("scripts/deploy.sh", 2), "scripts/deploy-2.sh");
        assert_eq!(
            numbered(".github/workflows/reusable-build.yml", 2),
            ".github/workflows/reusable-build-2.yml"
        );
        let mut p = Proposal {
            kind: ProposalKind::CompositeAction,
            path: ".github/actions/setup/action.yml".into(),
            content: "name: setup\n".into(),
            usage: "- uses: $/.github/actions/setup\n  with:\n    v: 1\n".into(),
            existing: None,
            note: String::new(),
        };
        let second = numbered(&p.path, 2);
        rename(&mut p, &second);
        assert_eq!(p.path, ".github/actions/setup-2/action.yml");
        assert_eq!(p.usage, "- uses: $/.github/actions/setup-2\n  with:\n    v: 1\n");
        let mut s = Proposal {
            kind: ProposalKind::ScriptFile,
            path: "scripts/deploy.sh".into(),
            content: String::new(),
            usage: "- run: bash \"$GITHUB_WORKSPACE/scripts/deploy.sh\"\n".into(),
            existing: None,
            note: String::new(),
        };
        rename(&mut s, "scripts/deploy-2.sh");
        assert_eq!(s.usage, "- run: bash \"$GITHUB_WORKSPACE/scripts/deploy-2.sh\"\n");
    }
}
