//! `--write`: the proposal applied. A composite action replaces a repeated run of workflow steps
//! (the action file created, every copy replaced by a call with its own values); a reusable
//! workflow replaces a job repeated in several workflows (the calling job keeps `needs`, `if`,
//! `name` and `permissions`); a Compose `x-` fragment merged with `<<:` replaces entries the
//! services of one file repeat, a hidden job they `extends` entries GitLab jobs of one file
//! repeat, a matrix job several jobs of one workflow differing in a value or two, and a `base`
//! stage the same opening of several stages of one Dockerfile, a script file a `run:` script
//! several workflows repeat, and an `extends` of a service that Compose files of one folder repeat.
//! Only where the
//! result keeps behaviour: a run whose steps carry an `id` read after the run (a later step or a
//! job output would read it empty), an `id` that differs between the copies, `timeout-minutes` or
//! `continue-on-error` (not for composite steps) stays as it is, as do a job
//! with a `strategy` or `outputs`, or reading workflow-level `env` or `inputs`, and a service that
//! merges a fragment already. The caller writes each file atomically.

use crate::cluster::{Candidate, Origin};
use crate::model::{CHECKOUT, Extracted, MapKind, SeqKind, Source, WholeKind};
use crate::propose::{Proposal, ProposalKind};

/// A file to create or to replace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileWrite {
    /// As the sources name it (relative to the working directory when given relative).
    pub path: String,
    pub text: String,
    pub create: bool,
}

/// Line-level replacements in one file: (first line, last line, 1-based inclusive; new lines).
type Edits = Vec<(u32, u32, Vec<String>)>;

/// The files a candidate's proposal writes, or `None` when it cannot be written keeping behaviour.
pub fn plan(c: &Candidate, p: &Proposal, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    match (p.kind, c.origin) {
        (ProposalKind::CompositeAction, Origin::Run(SeqKind::JobSteps)) if p.existing.is_none() => composite(c, p, sources, ex),
        (ProposalKind::YamlAnchor | ProposalKind::GitlabExtends, Origin::Entries(_)) if p.existing.is_some() => {
            use_template(c, p, sources, ex)
        }
        (ProposalKind::YamlAnchor, Origin::Entries(MapKind::Service)) => anchor(c, sources, ex),
        (ProposalKind::ReusableWorkflow, Origin::Whole(WholeKind::Job)) => reusable(c, p, sources),
        (ProposalKind::Matrix, Origin::Whole(WholeKind::Job)) => matrix(c, sources),
        (ProposalKind::BaseStage, Origin::Run(SeqKind::Stage)) => base_stage(c, p, sources, ex),
        (ProposalKind::GitlabReference, Origin::Run(SeqKind::Script)) => reference(c, p, sources),
        (ProposalKind::GitlabExtends, Origin::Entries(MapKind::GitlabJob)) => gitlab_extends(c, p, sources, ex),
        (ProposalKind::ScriptFile, Origin::Run(SeqKind::JobSteps)) => script_file(c, p, sources, ex),
        (ProposalKind::ComposeExtends, Origin::Entries(MapKind::Service) | Origin::Whole(WholeKind::Service)) => {
            compose_extends(c, sources, ex)
        }
        (ProposalKind::ComposeInclude, Origin::Services) => crate::include::plan(c, p, sources),
        _ => None,
    }
}

fn lines_of(text: &str) -> Vec<&str> {
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect()
}

/// Apply line edits (non-overlapping) to `text`, keeping its line endings.
pub fn apply(text: &str, mut edits: Edits) -> Option<String> {
    let crlf = text.contains("\r\n");
    let mut lines: Vec<String> = lines_of(text).into_iter().map(str::to_owned).collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut floor = u32::MAX;
    for (first, last, new) in edits {
        if last >= floor || first == 0 || last as usize > lines.len() || first > last + 1 {
            return None;
        }
        floor = first;
        lines.splice(first as usize - 1..last as usize, new);
    }
    Some(lines.join(if crlf { "\r\n" } else { "\n" }))
}

fn indent_of(line: &str) -> usize {
    crate::propose::lead(line)
}

/// The new file, then every edited one.
fn created_and_edited(
    path: String,
    content: &str,
    by_file: std::collections::BTreeMap<usize, Edits>,
    sources: &[Source],
) -> Option<Vec<FileWrite>> {
    let mut out = vec![FileWrite {
        path,
        text: content.to_owned(),
        create: true,
    }];
    for (file, edits) in by_file {
        out.push(FileWrite {
            path: sources[file].path.clone(),
            text: apply(&sources[file].text, edits)?,
            create: false,
        });
    }
    Some(out)
}

/// Whether `steps.<id>` is read anywhere in `text` outside lines `first..=last` (1-based).
fn read_outside(text: &str, first: u32, last: u32, id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    let forms = [format!("steps.{id}."), format!("steps['{id}']"), format!("steps[\"{id}\"]")];
    lines_of(text).iter().enumerate().any(|(i, l)| {
        let n = i as u32 + 1;
        let l = l.to_ascii_lowercase();
        (n < first || n > last) && forms.iter().any(|f| l.contains(f.as_str()))
    })
}

fn composite(c: &Candidate, p: &Proposal, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    // Every copy a workflow's steps in one repository (the prefix before `.github/`).
    let repo = |m: &crate::cluster::Region| sources[m.file].path.split_once(".github/workflows/").map(|(r, _)| r.to_owned());
    let root = repo(&c.members[0])?;
    if c.members.iter().any(|m| repo(m).as_deref() != Some(root.as_str())) {
        return None;
    }
    // Steps whose keys a composite action does not keep.
    for m in &c.members {
        let (s, pos, len) = m.run?;
        for it in &ex.sequences[s].items[pos..pos + len] {
            // From the start of the step's line: `- name: …` and the lines under it.
            let src = &sources[m.file].text;
            let from = src[..it.start].rfind('\n').map_or(0, |i| i + 1);
            let y = shipshape_yaml::Yaml::parse(&src[from..it.end]);
            let root = y.docs.first()?.root()?;
            let step = if root.is_seq() { *root.items().first()? } else { root };
            if ["timeout-minutes", "continue-on-error"].iter().any(|k| step.get(k).is_some()) {
                return None;
            }
            // An id stays with its step in the action, where the action's later steps read it;
            // a step after the copy, or a job output, would read it empty.
            if let Some(id) = step.get("id") {
                let id = id.as_str().filter(|id| !id.contains("${{"))?;
                if read_outside(src, m.line, m.end_line, id) {
                    return None;
                }
            }
        }
    }
    // A step id that differs between the copies would be an input, and GitHub takes no
    // expression as an id.
    if c.params.iter().any(|x| x.name == "id") {
        return None;
    }
    let action_dir = p.path.strip_suffix("/action.yml")?;
    let inputs: Vec<(String, String)> = p
        .usage
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("with:"))
        .skip(1)
        .filter_map(|l| l.trim().split_once(": ").map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    let mut by_file: std::collections::BTreeMap<usize, Edits> = std::collections::BTreeMap::new();
    for (mi, m) in c.members.iter().enumerate() {
        let lines = lines_of(&sources[m.file].text);
        let first = lines.get(m.line as usize - 1)?;
        let ind = " ".repeat(indent_of(first));
        let mut call = vec![format!("{ind}- uses: $/{action_dir}")];
        if !inputs.is_empty() {
            call.push(format!("{ind}  with:"));
            for (name, first_value) in &inputs {
                // A parameter takes this copy's value; a lifted context is the same for all.
                let value = c
                    .params
                    .iter()
                    .find(|x| &x.name == name)
                    .map_or_else(|| first_value.clone(), |x| crate::propose::yaml_value(&x.values[mi]));
                call.push(format!("{ind}    {name}: {value}"));
            }
        }
        by_file.entry(m.file).or_default().push((m.line, m.end_line, call));
    }
    created_and_edited(format!("{root}{}", p.path), &p.content, by_file, sources)
}

/// A `run:` script repeated in workflows of one repository moved to a script file, each copy's
/// `run:` replaced by `bash "$GITHUB_WORKSPACE/<file>"` (the step's other keys stay). Only where
/// the file runs as the script did: exact copies (no parameter), no `${{ }}` in the script (GitHub
/// puts those in before the shell runs), a checkout earlier in the job (the file must be in the
/// workspace), bash as the shell (no `shell:` or `shell: bash`, no `defaults.run.shell`, no Windows
/// runner), the script file setting the options GitHub runs the step with.
fn script_file(c: &Candidate, p: &Proposal, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    if !c.params.is_empty() {
        return None;
    }
    let root = workflow_repo(&sources[c.members[0].file].path)?;
    let mut shell: Option<Option<String>> = None;
    let mut script: Option<String> = None;
    let mut by_file: std::collections::BTreeMap<usize, Edits> = std::collections::BTreeMap::new();
    for m in &c.members {
        let src = &sources[m.file];
        if workflow_repo(&src.path).as_deref() != Some(root.as_str()) {
            return None;
        }
        let workflow = shipshape_yaml::Yaml::parse(&src.text);
        let w = workflow.docs.first()?.root()?;
        let default_shell =
            |n: shipshape_yaml::NodeRef<'_>| n.get("defaults").and_then(|d| d.get("run")).and_then(|r| r.get("shell")).is_some();
        let jobs = w.get("jobs")?.entries();
        if default_shell(w) || jobs.iter().any(|(_, j)| default_shell(*j)) || src.text.to_ascii_lowercase().contains("windows") {
            return None;
        }
        let (s, pos, len) = m.run?;
        let seq = &ex.sequences[s];
        if len != 1 || seq.kind != SeqKind::JobSteps || !seq.items[..pos].iter().any(|i| i.flags & CHECKOUT != 0) {
            return None;
        }
        let it = &seq.items[pos];
        let from = src.text[..it.start].rfind('\n').map_or(0, |i| i + 1);
        let y = shipshape_yaml::Yaml::parse(&src.text[from..it.end]);
        let node = y.docs.first()?.root()?;
        let step = if node.is_seq() { *node.items().first()? } else { node };
        let run = step.get("run")?.as_str()?.to_owned();
        let own_shell = step.get("shell").map(|x| x.as_str().map(str::to_owned));
        let own_shell = match own_shell {
            None => None,
            Some(Some(sh)) if sh == "bash" => Some(sh),
            Some(_) => return None,
        };
        if run.contains("${{") || script.as_ref().is_some_and(|x| *x != run) || shell.as_ref().is_some_and(|x| *x != own_shell) {
            return None;
        }
        script = Some(run);
        shell = Some(own_shell);
        // The `run:` entry's lines in the step: from its key to the last line indented under it.
        let lines = lines_of(&src.text);
        let (first, last) = (m.line as usize, m.end_line as usize);
        let at = (first..=last).find(|&n| {
            let l = lines.get(n - 1).map_or("", |l| l.trim_start());
            l.strip_prefix("- ").unwrap_or(l).trim_start().starts_with("run:")
        })?;
        let line = lines[at - 1];
        let key_col = line.find("run:")?;
        let mut end = at;
        for n in at + 1..=last {
            let l = lines.get(n - 1)?;
            if l.trim().is_empty() {
                continue;
            }
            if indent_of(l) <= key_col {
                break;
            }
            end = n;
        }
        let new = format!("{}run: bash \"$GITHUB_WORKSPACE/{}\"", &line[..key_col], p.path);
        by_file.entry(m.file).or_default().push((at as u32, end as u32, vec![new]));
    }
    let (script, shell) = (script?, shell?);
    let content = format!(
        "#!/usr/bin/env bash\n{}\n{}\n",
        crate::propose::actions_set_line(shell.as_deref()),
        script.trim_end()
    );
    created_and_edited(format!("{root}{}", p.path), &content, by_file, sources)
}

/// The repository of a workflow file: the path before `.github/workflows/`.
fn workflow_repo(path: &str) -> Option<String> {
    path.split_once(".github/workflows/").map(|(r, _)| r.to_owned())
}

fn reusable(c: &Candidate, p: &Proposal, sources: &[Source]) -> Option<Vec<FileWrite>> {
    let root = workflow_repo(&sources[c.members[0].file].path)?;
    for m in &c.members {
        let src = &sources[m.file];
        if workflow_repo(&src.path).as_deref() != Some(root.as_str()) {
            return None;
        }
        // Workflow-level `env` does not reach a called workflow; `inputs` there are its own.
        let y = shipshape_yaml::Yaml::parse(&src.text);
        if y.docs.first()?.root()?.get("env").is_some() {
            return None;
        }
        let text = &src.text[m.start..m.end];
        if text.contains("inputs.") || text.contains("matrix.") {
            return None;
        }
        let job = crate::propose::block(&src.text, m);
        let (_, body) = crate::propose::split_job(&job);
        if body
            .iter()
            .any(|l| ["strategy:", "outputs:", "uses:"].iter().any(|k| l.starts_with(k)))
        {
            return None;
        }
    }
    let inherit = p.usage.lines().any(|l| l.trim() == "secrets: inherit");
    let mut by_file: std::collections::BTreeMap<usize, Edits> = std::collections::BTreeMap::new();
    for (mi, m) in c.members.iter().enumerate() {
        let src = &sources[m.file].text;
        let lines = lines_of(src);
        let ind = " ".repeat(indent_of(lines.get(m.line as usize - 1)?));
        let job = crate::propose::block(src, m);
        let (caller, _) = crate::propose::split_job(&job);
        let mut new = vec![format!("{ind}{}", job[0])];
        new.extend(
            caller
                .iter()
                .map(|l| if l.is_empty() { String::new() } else { format!("{ind}  {l}") }),
        );
        new.push(format!("{ind}  uses: $/{}", p.path));
        if !c.params.is_empty() {
            new.push(format!("{ind}  with:"));
            for x in &c.params {
                new.push(format!("{ind}    {}: {}", x.name, crate::propose::yaml_value(&x.values[mi])));
            }
        }
        if inherit {
            new.push(format!("{ind}  secrets: inherit"));
        }
        by_file.entry(m.file).or_default().push((m.line, m.end_line, new));
    }
    created_and_edited(format!("{root}{}", p.path), &p.content, by_file, sources)
}

/// The same opening (`FROM` and the instructions after it) of several stages of one Dockerfile: a
/// `base` stage holding it, which each stage starts `FROM`. Only for exact copies, and not when a
/// stage is named by its index (`--from=0`, which the new stage would shift) or `base` is taken.
fn base_stage(c: &Candidate, p: &Proposal, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    let file = c.members[0].file;
    if !c.params.is_empty() || c.members.iter().any(|m| m.file != file || m.run.is_none_or(|(_, pos, _)| pos != 0)) {
        return None;
    }
    let text = &sources[file].text;
    let lines = lines_of(text);
    let by_index = lines.iter().any(|l| {
        l.split_whitespace()
            .any(|w| w.strip_prefix("--from=").is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit())))
    });
    let taken = ex.sequences.iter().any(|s| s.file == file && s.owner.eq_ignore_ascii_case("base"));
    if by_index || taken {
        return None;
    }
    let first = c.members.iter().map(|m| m.line).min()?;
    let mut edits: Edits = Vec::new();
    for m in &c.members {
        let from = lines.get(m.line as usize - 1)?;
        let words: Vec<&str> = from.split_whitespace().collect();
        let name = words
            .iter()
            .position(|w| w.eq_ignore_ascii_case("as"))
            .and_then(|i| words.get(i + 1));
        let line = match name {
            Some(n) => format!("FROM base AS {n}"),
            None => "FROM base".to_owned(),
        };
        // The base stage goes just above the first stage that uses it.
        let mut new: Vec<String> = Vec::new();
        if m.line == first {
            new.extend(p.content.lines().map(str::to_owned));
            new.push(String::new());
        }
        new.push(line);
        edits.push((m.line, m.end_line, new));
    }
    Some(vec![FileWrite {
        path: sources[file].path.clone(),
        text: apply(text, edits)?,
        create: false,
    }])
}

/// The same script lines in several GitLab jobs of one file: a hidden job holding them, each copy
/// replaced by a `!reference` to it (exact copies only: a reference takes no parameters).
fn reference(c: &Candidate, p: &Proposal, sources: &[Source]) -> Option<Vec<FileWrite>> {
    let file = c.members[0].file;
    if !c.params.is_empty() || c.members.iter().any(|m| m.file != file) {
        return None;
    }
    let text = &sources[file].text;
    let lines = lines_of(text);
    let head = p.content.lines().next()?.trim_end_matches(':').to_owned();
    let key = p.content.lines().nth(1)?.trim().trim_end_matches(':').to_owned();
    let mut name = head.clone();
    let mut i = 2;
    while lines.iter().any(|l| l.starts_with(&format!("{name}:"))) {
        name = format!("{head}-{i}");
        i += 1;
    }
    let mut fragment: Vec<String> = p.content.lines().map(str::to_owned).collect();
    fragment[0] = format!("{name}:");
    fragment.push(String::new());
    // Above the first job that uses it: the nearest line above it at column 0.
    let first = c.members.iter().map(|m| m.line).min()?;
    let key_line = (1..first).rev().find(|&l| {
        let t = lines[l as usize - 1];
        !t.is_empty() && !t.starts_with([' ', '\t', '#'])
    })?;
    let mut edits: Edits = vec![(key_line, key_line - 1, fragment)];
    for m in &c.members {
        let dash = lines.get(m.line as usize - 1)?;
        let ind = &dash[..indent_of(dash)];
        edits.push((m.line, m.end_line, vec![format!("{ind}- !reference [{name}, {key}]")]));
    }
    Some(vec![FileWrite {
        path: sources[file].path.clone(),
        text: apply(text, edits)?,
        create: false,
    }])
}

/// Jobs of one workflow that differ in a value or two: the first becomes a matrix job, the others
/// go. Not when a job has a `strategy` or `outputs`, or another job `needs` one of them (its id
/// goes away).
fn matrix(c: &Candidate, sources: &[Source]) -> Option<Vec<FileWrite>> {
    let file = c.members[0].file;
    if c.members.iter().any(|m| m.file != file) || c.params.is_empty() {
        return None;
    }
    let text = &sources[file].text;
    let y = shipshape_yaml::Yaml::parse(text);
    let jobs = y.docs.first()?.root()?.get("jobs")?;
    let ids: Vec<&str> = c.members.iter().map(|m| m.owner.as_str()).collect();
    for (k, job) in jobs.entries() {
        let id = k.as_str()?;
        let needs: Vec<String> = job
            .get("needs")
            .map(|n| n.scalar_or_items())
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect();
        if needs.iter().any(|n| ids.contains(&n.as_str())) {
            return None;
        }
        if ids.contains(&id) && (job.get("strategy").is_some() || job.get("outputs").is_some()) {
            return None;
        }
    }
    let lines = lines_of(text);
    let first = &c.members[0];
    let ind = " ".repeat(indent_of(lines.get(first.line as usize - 1)?));
    let block = crate::propose::block(text, first);
    // The ids' common stem (`test-py310`, `test-py311` → `test`) when no other job has it.
    let common = ids[1..].iter().fold(ids[0].len(), |n, id| {
        ids[0].bytes().zip(id.bytes()).take_while(|(a, b)| a == b).count().min(n)
    });
    let stem = ids[0][..common].rfind(['-', '_']).map_or(&ids[0][..common], |i| &ids[0][..i]);
    let taken = jobs.entries().iter().any(|(k, _)| k.as_str() == Some(stem) && !ids.contains(&stem));
    let id = if stem.is_empty() || taken || !ids[0].is_char_boundary(common) {
        ids[0]
    } else {
        stem
    };
    let job = crate::propose::matrix_job(id, &block, &c.params, c.members.len());
    let mut edits: Edits = vec![(
        first.line,
        first.end_line,
        job.iter()
            .map(|l| if l.is_empty() { String::new() } else { format!("{ind}{l}") })
            .collect(),
    )];
    for m in &c.members[1..] {
        // The job and the blank line after it.
        let blank = lines.get(m.end_line as usize).is_some_and(|l| l.trim().is_empty());
        edits.push((m.line, m.end_line + u32::from(blank), Vec::new()));
    }
    Some(vec![FileWrite {
        path: sources[file].path.clone(),
        text: apply(text, edits)?,
        create: false,
    }])
}

/// Entries pasted from a template the file has (a GitLab hidden job, a Compose `x-` fragment with
/// an anchor): each copy's entries become the line that uses it (`extends: .x`, `<<: *x`).
fn use_template(c: &Candidate, p: &Proposal, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    let template = crate::propose::template(c)?;
    let file = template.file;
    let line = p.usage.lines().next()?.to_owned();
    if line.contains('#') || c.members.iter().any(|m| m.file != file || m.parts.is_empty()) {
        return None;
    }
    let merges = |owner: &str| {
        ex.maps
            .iter()
            .any(|m| m.file == file && m.owner == owner && m.entries.iter().any(|(k, _)| k == "extends" || k == "<<"))
    };
    let lines = lines_of(&sources[file].text);
    let mut edits: Edits = Vec::new();
    for m in c.members.iter().filter(|m| m.owner != template.owner) {
        if merges(&m.owner) {
            return None;
        }
        let mut parts = m.parts.clone();
        parts.sort_unstable();
        let ind = " ".repeat(indent_of(lines.get(parts[0].0 as usize - 1)?));
        for (k, &(a, b)) in parts.iter().enumerate() {
            edits.push((a, b, if k == 0 { vec![format!("{ind}{line}")] } else { Vec::new() }));
        }
    }
    Some(vec![FileWrite {
        path: sources[file].path.clone(),
        text: apply(&sources[file].text, edits)?,
        create: false,
    }])
}

/// Entries GitLab jobs of one file repeat: a hidden job holding them, which each job `extends`
/// (not for a job that extends another already: the order of several templates changes what wins).
fn gitlab_extends(c: &Candidate, p: &Proposal, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    let file = c.members[0].file;
    if c.members.iter().any(|m| m.file != file || m.parts.is_empty()) {
        return None;
    }
    let extends = |owner: &str| {
        ex.maps.iter().any(|m| {
            m.file == file && m.kind == MapKind::GitlabJob && m.owner == owner && m.entries.iter().any(|(k, _)| k == "extends" || k == "<<")
        })
    };
    if c.members.iter().any(|m| extends(&m.owner)) {
        return None;
    }
    let text = &sources[file].text;
    let lines = lines_of(text);
    let base = p.content.lines().next()?.trim_end_matches(':').to_owned();
    let mut name = base.clone();
    let mut i = 2;
    while lines.iter().any(|l| l.starts_with(&format!("{name}:"))) {
        name = format!("{base}-{i}");
        i += 1;
    }
    let mut fragment = vec![format!("{name}:")];
    fragment.extend(entries_of(&lines, &c.members[0].parts)?);
    fragment.push(String::new());
    // Above the first job that uses it: its key is the nearest line above less indented.
    let first = c
        .members
        .iter()
        .map(|m| m.parts.iter().map(|p| p.0).min().unwrap_or(m.line))
        .min()?;
    let entry_indent = indent_of(lines.get(first as usize - 1)?);
    let key_line = (1..first).rev().find(|&l| {
        let t = lines[l as usize - 1];
        !t.trim().is_empty() && !t.trim_start().starts_with('#') && indent_of(t) < entry_indent
    })?;
    let mut edits: Edits = vec![(key_line, key_line - 1, fragment)];
    for m in &c.members {
        let mut parts = m.parts.clone();
        parts.sort_unstable();
        let ind = " ".repeat(indent_of(lines.get(parts[0].0 as usize - 1)?));
        for (k, &(a, b)) in parts.iter().enumerate() {
            let new = if k == 0 {
                vec![format!("{ind}extends: {name}")]
            } else {
                Vec::new()
            };
            edits.push((a, b, new));
        }
    }
    Some(vec![FileWrite {
        path: sources[file].path.clone(),
        text: apply(text, edits)?,
        create: false,
    }])
}

fn anchor(c: &Candidate, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    let file = c.members[0].file;
    if c.members.iter().any(|m| m.file != file || m.parts.is_empty()) {
        return None;
    }
    // A service that merges a fragment already would get a second `<<` key.
    let merges = |owner: &str| {
        ex.maps
            .iter()
            .any(|m| m.file == file && m.kind == MapKind::Service && m.owner == owner && m.entries.iter().any(|(k, _)| k == "<<"))
    };
    if c.members.iter().any(|m| merges(&m.owner)) {
        return None;
    }
    let text = &sources[file].text;
    let lines = lines_of(text);
    let mut name = "x-defaults".to_owned();
    let mut i = 2;
    while lines.iter().any(|l| l.starts_with(&format!("{name}:"))) {
        name = format!("x-defaults-{i}");
        i += 1;
    }
    let anchor = name.trim_start_matches("x-").to_owned();
    // The fragment: the first copy's entries, as written (comments inside them kept).
    let mut fragment = vec![format!("{name}: &{anchor}")];
    let first = &c.members[0];
    fragment.extend(entries_of(&lines, &first.parts)?);
    fragment.push(String::new());
    // Extension fields come first among the top-level keys (dclint's and DC012's order).
    lines.iter().position(|l| l.starts_with("services:"))?;
    let top = lines
        .iter()
        .position(|l| !l.is_empty() && !l.starts_with([' ', '\t', '#']) && l != &"---")? as u32
        + 1;
    let mut edits: Edits = vec![(top, top - 1, fragment)];
    for m in &c.members {
        let mut parts = m.parts.clone();
        parts.sort_unstable();
        let ind = " ".repeat(indent_of(lines.get(parts[0].0 as usize - 1)?));
        for (k, &(a, b)) in parts.iter().enumerate() {
            let new = if k == 0 { vec![format!("{ind}<<: *{anchor}")] } else { Vec::new() };
            edits.push((a, b, new));
        }
    }
    Some(vec![FileWrite {
        path: sources[file].path.clone(),
        text: apply(text, edits)?,
        create: false,
    }])
}

/// Services of Compose files in one folder that repeat a service of that folder: each `extends`
/// it (`crate::propose::extends_base`: the service has nothing the others lack) in place of the
/// entries it repeats, keeping its own. Compose merges the extended service's entries under the
/// service's own, and no key is in both, so the service is what it was. Only within one folder
/// that is a project's: `extends` reads the other file's relative paths (build contexts, bind
/// mounts) from that file's folder.
fn compose_extends(c: &Candidate, sources: &[Source], ex: &Extracted) -> Option<Vec<FileWrite>> {
    let base = &c.members[crate::propose::extends_base(c, sources, ex)?];
    let folder = |f: usize| (sources[f].root, crate::propose::rel_dir(&sources[f].path));
    if c.members.iter().any(|m| folder(m.file) != folder(base.file)) {
        return None;
    }
    // Compose reads `extends.file` from the project's folder (the first file's), not from the
    // file that names it: the folder must be a project's, holding the file Compose loads by
    // default, or an overlay combined with a file elsewhere would name a file that is not there.
    let project = sources.iter().enumerate().any(|(i, s)| {
        folder(i) == folder(base.file) && s.path.rsplit('/').next().is_some_and(shipshape_knowledge::compose::is_default_file)
    });
    if !project {
        return None;
    }
    let map = |m: &crate::cluster::Region| {
        ex.maps
            .iter()
            .find(|x| x.kind == MapKind::Service && x.file == m.file && x.owner == m.owner)
    };
    let base_map = map(base)?;
    let base_name = sources[base.file].path.rsplit('/').next()?;
    let mut by_file: std::collections::BTreeMap<usize, Edits> = std::collections::BTreeMap::new();
    for m in c.members.iter().filter(|m| !std::ptr::eq(*m, base)) {
        let lines = lines_of(&sources[m.file].text);
        // The entries the base has, in this service: removed; the first becomes the `extends`.
        let mut parts: Vec<(u32, u32)> = map(m)?
            .entries
            .iter()
            .filter(|(k, it)| base_map.entries.iter().any(|(k2, b)| k2 == k && b.exact == it.exact))
            .map(|(_, it)| (it.line, it.end_line))
            .collect();
        parts.sort_unstable();
        let ind = " ".repeat(indent_of(lines.get(parts.first()?.0 as usize - 1)?));
        let mut block = vec![format!("{ind}extends:")];
        if m.file != base.file {
            block.push(format!("{ind}  file: {base_name}"));
        }
        block.push(format!("{ind}  service: {}", base.owner));
        let edits = by_file.entry(m.file).or_default();
        for (k, &(a, b)) in parts.iter().enumerate() {
            edits.push((a, b, if k == 0 { block.clone() } else { Vec::new() }));
        }
    }
    by_file
        .into_iter()
        .map(|(file, edits)| {
            Some(FileWrite {
                path: sources[file].path.clone(),
                text: apply(&sources[file].text, edits)?,
                create: false,
            })
        })
        .collect()
}

/// The lines of a member's parts (1-based line ranges), in order, each block re-indented to two
/// spaces under the key that will hold it (blank lines kept empty).
fn entries_of(lines: &[&str], parts: &[(u32, u32)]) -> Option<Vec<String>> {
    let mut parts = parts.to_vec();
    parts.sort_unstable();
    let mut out = Vec::new();
    for (a, b) in parts {
        let block = lines.get(a as usize - 1..b as usize)?;
        let ind = indent_of(block[0]);
        for l in block {
            let cut = indent_of(l).min(ind);
            out.push(if l.trim().is_empty() {
                String::new()
            } else {
                format!("  {}", &l[cut..])
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_line_endings_and_order() {
        let t = "a\r\nb\r\nc\r\nd\r\n";
        let r = apply(t, vec![(2, 3, vec!["x".into()]), (1, 0, vec!["top".into()])]).unwrap();
        assert_eq!(r, "top\r\na\r\nx\r\nd\r\n");
        assert!(apply(t, vec![(2, 3, vec![]), (3, 4, vec![])]).is_none(), "overlap");
    }
}
