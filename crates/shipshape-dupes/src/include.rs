//! Compose `include`: services that several Compose files of one folder all define alike move to
//! one file that each of them includes.
//!
//! Compose loads an included file as a project of its own (its folder is the project directory,
//! so relative paths keep their meaning only when it sits beside the files that include it) and
//! adds its services and top-level resources to the including project. A service then must not
//! be defined on both sides, and a moved service can only reach what the included file holds:
//! the services it depends on and the named volumes it mounts move with it.

use crate::cluster::Candidate;
use crate::model::Source;
use crate::propose::{Proposal, lead, rel_dir};
use crate::write::{FileWrite, apply};
use shipshape_yaml::{NodeRef, Yaml};

/// The 1-based line of byte `offset`.
fn line_of(src: &str, offset: usize) -> u32 {
    src.as_bytes()[..offset.min(src.len())].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// The lines `first..=last` (1-based) of `src`, dedented by the first one's indentation and
/// indented by two spaces.
fn lines_under(src: &str, first: u32, last: u32) -> Vec<String> {
    let lines: Vec<&str> = src.lines().collect();
    let chunk = lines.get(first as usize - 1..last as usize).unwrap_or(&[]);
    let ind = chunk.first().map_or(0, |l| lead(l));
    chunk
        .iter()
        .map(|l| {
            let l = l.trim_end();
            if l.is_empty() {
                String::new()
            } else {
                format!("  {}", &l[lead(l).min(ind)..])
            }
        })
        .collect()
}

/// The named volumes a service mounts (short `name:/path` or long `type: volume` syntax).
fn named_volumes(svc: NodeRef<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for v in svc.get("volumes").map(|v| v.items()).unwrap_or_default() {
        let source = if let Some(s) = v.as_str() {
            s.split_once(':').map(|(src, _)| src)
        } else if v.get("type").and_then(|t| t.as_str()) == Some("volume") {
            v.get("source").and_then(|s| s.as_str())
        } else {
            None
        };
        if let Some(s) = source.filter(|s| !s.is_empty() && !s.starts_with(['.', '/', '~', '$']))
            && !out.iter().any(|o| o == s)
        {
            out.push(s.to_owned());
        }
    }
    out
}

/// The services a service needs by name: `depends_on` (list or map) and `links`.
fn needs(svc: NodeRef<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = svc.get("depends_on") {
        if d.is_map() {
            out.extend(d.entries().iter().filter_map(|(k, _)| k.as_str()).map(str::to_owned));
        } else {
            out.extend(d.items().iter().filter_map(|i| i.as_str()).map(str::to_owned));
        }
    }
    for l in svc.get("links").map(|l| l.items()).unwrap_or_default() {
        if let Some(s) = l.as_str() {
            out.push(s.split(':').next().unwrap_or(s).to_owned());
        }
    }
    out
}

/// The top-level entry `name` of the mapping `map` as lines (first, last), key line to last line.
fn entry_lines(src: &str, map: NodeRef<'_>, name: &str) -> Option<(u32, u32)> {
    let (k, v) = map.get_entry(name)?;
    let end = if v.span().end > k.span().end { v.span().end } else { k.span().end };
    Some((
        line_of(src, k.span().start),
        line_of(src, end.saturating_sub(1).max(k.span().start)),
    ))
}

/// The shared file's text, read from the first copy: the services, then the declarations of the
/// named volumes they mount.
pub fn content(c: &Candidate, sources: &[Source]) -> String {
    let first = &c.members[0];
    let src = &sources[first.file].text;
    let names: Vec<&str> = c
        .members
        .iter()
        .map(|m| sources[m.file].path.rsplit('/').next().unwrap_or(""))
        .collect();
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    let mut out = format!("# Services shared by {list}, which include this file.\nservices:\n");
    for &(a, b) in &first.parts {
        for l in lines_under(src, a, b) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    let y = Yaml::parse(src);
    let Some(root) = y.docs.first().and_then(|d| d.root()) else {
        return out;
    };
    let mut volumes: Vec<String> = Vec::new();
    for k in &first.keys {
        for v in root.get("services").and_then(|s| s.get(k)).map(named_volumes).unwrap_or_default() {
            if !volumes.contains(&v) {
                volumes.push(v);
            }
        }
    }
    if !volumes.is_empty() {
        out.push_str("volumes:\n");
        let top = root.get("volumes");
        for v in &volumes {
            match top.and_then(|t| entry_lines(src, t, v)) {
                Some((a, b)) => {
                    for l in lines_under(src, a, b) {
                        out.push_str(&l);
                        out.push('\n');
                    }
                }
                None => out.push_str(&format!("  {v}: {{}}\n")),
            }
        }
    }
    out
}

/// The edits that move the services out of every copy and include the shared file instead, or
/// `None` where that would not build the same project.
pub fn plan(c: &Candidate, p: &Proposal, sources: &[Source]) -> Option<Vec<FileWrite>> {
    let first = &c.members[0];
    let folder = |f: usize| (sources[f].root, rel_dir(&sources[f].path));
    if c.members.iter().any(|m| folder(m.file) != folder(first.file)) || rel_dir(&p.path) != rel_dir(&sources[first.file].path) {
        return None;
    }
    let file_name = p.path.rsplit('/').next()?;
    let moved: Vec<&str> = first.keys.iter().map(String::as_str).collect();
    let mut out = vec![FileWrite {
        path: p.path.clone(),
        text: p.content.clone(),
        create: true,
    }];
    let mut volume_text: Option<Vec<Vec<String>>> = None;
    for m in &c.members {
        let src = &sources[m.file].text;
        let y = Yaml::parse(src);
        if y.docs.len() != 1 {
            return None;
        }
        let root = y.docs[0].root()?;
        let services = root.get("services")?;
        if root.get("include").is_some() || services.style() == shipshape_yaml::Style::Flow {
            return None;
        }
        let mut volumes: Vec<String> = Vec::new();
        for name in &moved {
            let svc = services.get(name)?;
            // What only the including project holds: other services, networks, secrets, configs,
            // the file's anchors.
            if ["networks", "secrets", "configs", "extends", "volumes_from"]
                .iter()
                .any(|k| svc.get(k).is_some())
                || svc
                    .get("network_mode")
                    .and_then(|n| n.as_str())
                    .is_some_and(|n| n.starts_with("service:"))
                || needs(svc).iter().any(|n| !moved.contains(&n.as_str()))
            {
                return None;
            }
            volumes.extend(named_volumes(svc));
        }
        volumes.sort();
        volumes.dedup();
        let mut edits: Vec<(u32, u32, Vec<String>)> = Vec::new();
        for &(a, b) in &m.parts {
            let text = src
                .lines()
                .skip(a as usize - 1)
                .take((b + 1 - a) as usize)
                .collect::<Vec<_>>()
                .join("\n");
            if text.contains("<<")
                || text
                    .split(|c: char| c.is_whitespace() || c == '[' || c == ',')
                    .any(|w| w.starts_with(['&', '*']) && w.len() > 1)
            {
                return None;
            }
            edits.push((a, b, Vec::new()));
        }
        // Named volumes: declared alike in every copy, mounted by no service that stays.
        let mut decls: Vec<Vec<String>> = Vec::new();
        if !volumes.is_empty() {
            let top = root.get("volumes")?;
            let stays: Vec<String> = services
                .entries()
                .iter()
                .filter_map(|(k, v)| k.as_str().filter(|k| !moved.contains(k)).map(|_| named_volumes(*v)))
                .flatten()
                .collect();
            if volumes.iter().any(|v| stays.contains(v)) {
                return None;
            }
            let mut removed = 0;
            for v in &volumes {
                let (a, b) = entry_lines(src, top, v)?;
                decls.push(lines_under(src, a, b));
                edits.push((a, b, Vec::new()));
                removed += 1;
            }
            if removed == top.entries().len() {
                let key = root.get_entry("volumes")?.0;
                let l = line_of(src, key.span().start);
                edits.push((l, l, Vec::new()));
            }
        }
        // A blank line before a removed block goes with it.
        let blank = |l: u32| l > 1 && src.lines().nth(l as usize - 2).is_some_and(|t| t.trim().is_empty());
        edits.sort_by_key(|e| e.0);
        for i in 0..edits.len() {
            let (a, _, _) = edits[i];
            if blank(a) && (i == 0 || edits[i - 1].1 < a - 1) {
                edits[i].0 = a - 1;
            }
        }
        match &volume_text {
            None => volume_text = Some(decls),
            Some(d) if *d == decls => {}
            Some(_) => return None,
        }
        // `include:` before `services:`, which goes when no service stays.
        let key = root.get_entry("services")?.0;
        let at = line_of(src, key.span().start);
        let ind = src.lines().nth(m.parts[0].0 as usize - 1).map_or(2, lead);
        let include = vec!["include:".to_owned(), format!("{}- {file_name}", " ".repeat(ind))];
        if services.entries().len() == moved.len() {
            edits.push((at, at, include));
        } else {
            edits.push((at, at - 1, include));
        }
        out.push(FileWrite {
            path: sources[m.file].path.clone(),
            text: apply(src, edits)?,
            create: false,
        });
    }
    Some(out)
}
