//! Clustering: repeated runs of steps, script lines and instructions (a trie over the sequences'
//! fuzzy hashes, reporting the runs that are maximal on both sides), whole units with the same
//! fuzzy form, and entries several mappings of one scope repeat. Every group is then split by how
//! much of its text its parameters would replace, so that the same shape with other content is no
//! duplicate; what remains is ranked by the lines an abstraction would save, and a region already
//! covered by a larger cluster is not reported twice.

use crate::Options;
use crate::canon::Leaf;
use crate::model::{CHECKOUT, EntryMap, Extracted, Item, MapKind, SeqKind, Sequence, Source, Whole, WholeKind};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Run(SeqKind),
    Whole(WholeKind),
    Entries(MapKind),
    /// Several whole services that the same Compose files all repeat, under the same names: one
    /// member per file, each service a part.
    Services,
}

/// One copy: its region, and where it sits.
#[derive(Clone, Debug)]
pub struct Region {
    pub file: usize,
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub end_line: u32,
    pub owner: String,
    /// For a run: (sequence, first item, item count).
    pub run: Option<(usize, usize, usize)>,
    /// For shared entries: the keys.
    pub keys: Vec<String>,
    /// For shared entries: each entry's lines (key line to last line), in key order.
    pub parts: Vec<(u32, u32)>,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    /// The first copy's whole value (the parameter is the part that varies).
    pub whole: String,
    /// Where it occurs in the first copy's leaves (paths inside the region).
    pub paths: Vec<String>,
    pub values: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub origin: Origin,
    pub members: Vec<Region>,
    pub params: Vec<Param>,
    pub lines_saved: u32,
    /// What a user must know beyond the proposal (a copy's own step between shared runs).
    pub remarks: Vec<String>,
}

pub fn clusters(sources: &[Source], ex: &Extracted, opts: &Options) -> Vec<Candidate> {
    let mut out = Vec::new();
    runs(sources, &ex.sequences, opts, &mut out);
    let mut out = join_around_insertions(out);
    wholes(sources, &ex.wholes, opts, &mut out);
    service_sets(&ex.wholes, opts, &mut out);
    shared_entries(sources, &ex.maps, opts, &mut out);
    select(out)
}

fn qualifies(weight: u32, wlines: u32, opts: &Options) -> bool {
    weight >= opts.min_steps || wlines >= opts.min_lines
}

/// Non-blank bytes of a region: what similarity is measured against.
fn size(text: &str) -> usize {
    text.bytes().filter(|b| !b.is_ascii_whitespace()).count()
}

/// Split copies (their leaves aligned, one vector per copy) into clusters whose differing values
/// replace at most `1 - min_similarity` of the text and at most half of the values. Returns the
/// copies of each cluster and the differing leaf positions.
fn split(leaves: &[Vec<&Leaf>], sizes: &[usize], opts: &Options) -> Vec<(Vec<usize>, Vec<usize>)> {
    let n = leaves.first().map_or(0, Vec::len);
    if leaves.iter().any(|l| l.len() != n) {
        return Vec::new(); // a hash collision: not the same shape after all
    }
    // Identical copies first.
    let mut groups: BTreeMap<Vec<&str>, Vec<usize>> = BTreeMap::new();
    for (i, l) in leaves.iter().enumerate() {
        groups.entry(l.iter().map(|x| x.value.as_str()).collect()).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let diff = |reps: &[usize]| -> Vec<usize> {
        (0..n)
            .filter(|&p| reps.iter().any(|&r| leaves[r][p].value != leaves[reps[0]][p].value))
            .collect()
    };
    let ok = |reps: &[usize]| -> bool {
        let d = diff(reps);
        if d.is_empty() {
            return true;
        }
        // Most of the values differ: the same shape with other content.
        if n >= 4 && d.len() * 2 > n {
            return false;
        }
        let changed: usize = d.iter().map(|&p| changed(reps.iter().map(|&r| leaves[r][p].value.as_str()))).sum();
        let total = reps.iter().map(|&r| sizes[r]).min().unwrap_or(0).max(1);
        1.0 - changed as f64 / total as f64 >= opts.min_similarity
    };
    let mut out = Vec::new();
    while !groups.is_empty() {
        let seed = groups.remove(0);
        let mut reps = vec![seed[0]];
        let mut members = seed;
        let mut rest = Vec::new();
        for g in groups.drain(..) {
            reps.push(g[0]);
            if ok(&reps) {
                members.extend(g);
            } else {
                reps.pop();
                rest.push(g);
            }
        }
        groups = rest;
        if members.len() >= opts.min_occurrences {
            members.sort_unstable();
            out.push((members, diff(&reps)));
        }
    }
    out
}

/// The non-blank bytes the copies of one value do not share (a common prefix and suffix aside):
/// `-Q default` and `-Q emails` in one long command change a few bytes, not the command.
fn changed<'a>(values: impl Iterator<Item = &'a str>) -> usize {
    let values: Vec<&[u8]> = values.map(str::as_bytes).collect();
    let first = values[0];
    let (mut pre, mut suf) = (first.len(), first.len());
    for v in &values[1..] {
        pre = pre.min(first.iter().zip(v.iter()).take_while(|(a, b)| a == b).count());
        suf = suf.min(first.iter().rev().zip(v.iter().rev()).take_while(|(a, b)| a == b).count());
    }
    values
        .iter()
        .map(|v| {
            let p = pre.min(v.len());
            let s = suf.min(v.len() - p);
            v[p..v.len() - s].iter().filter(|b| !b.is_ascii_whitespace()).count()
        })
        .max()
        .unwrap_or(0)
        + 1
}

/// Parameters from the differing positions: positions whose values agree across every copy
/// (an app's name in its labels and selector) are one parameter.
fn params(leaves: &[Vec<&Leaf>], members: &[usize], diff: &[usize]) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    for &p in diff {
        let full: Vec<&str> = members.iter().map(|&m| leaves[m][p].value.as_str()).collect();
        let (pre, suf) = varying(&full);
        let values: Vec<String> = full.iter().map(|v| v[pre..v.len() - suf].to_owned()).collect();
        let path = leaves[members[0]][p].path.clone();
        if let Some(existing) = out.iter_mut().find(|x| x.values == values && x.whole == full[0]) {
            existing.paths.push(path);
            continue;
        }
        let base = param_name(&path);
        let mut name = base.clone();
        let mut i = 2;
        while out.iter().any(|x| x.name == name) {
            name = format!("{base}-{i}");
            i += 1;
        }
        out.push(Param {
            name,
            whole: full[0].to_owned(),
            paths: vec![path],
            values,
        });
    }
    out
}

/// The prefix and suffix every value shares, cut at a separator so that what is left is whole
/// words: `node:20-bookworm` and `node:22-bookworm` vary in `20`/`22`; `3.11` and `3.12` in all.
pub fn varying(values: &[&str]) -> (usize, usize) {
    let sep = |b: u8| b" :=/@-,'\"\n\t".contains(&b);
    let first = values[0].as_bytes();
    let shortest = values.iter().map(|v| v.len()).min().unwrap_or(0);
    let mut pre = values[1..]
        .iter()
        .map(|v| first.iter().zip(v.as_bytes()).take_while(|(a, b)| a == b).count())
        .min()
        .unwrap_or(0);
    while pre > 0 && !sep(first[pre - 1]) {
        pre -= 1;
    }
    let mut suf = values[1..]
        .iter()
        .map(|v| {
            first
                .iter()
                .rev()
                .zip(v.as_bytes().iter().rev())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .min()
        .unwrap_or(0)
        .min(shortest - pre);
    while suf > 0 && !sep(first[first.len() - suf]) {
        suf -= 1;
    }
    let text = values[0];
    // Never inside a `${{ }}` expression: `${{ steps.a.outputs.name }}.tgz` and
    // `${{ steps.a.outputs.name }}.tgz.prov` vary in `.prov`… or, cut at a blank, in the whole.
    if let Some(open) = text[..pre].rfind("${{")
        && text[open..pre].find("}}").is_none()
    {
        pre = open;
    }
    let tail = &text[text.len() - suf..];
    if let Some(close) = tail.find("}}")
        && tail[..close].find("${{").is_none()
    {
        suf -= close + 2;
    }
    // A difference that runs over a line break is whole lines (a script's lines, not the end of
    // one and the start of the next).
    let middle_breaks = values.iter().any(|v| v[pre..v.len() - suf].contains('\n'));
    if middle_breaks {
        pre = text[..pre].rfind('\n').map_or(0, |i| i + 1);
        let tail = &text[text.len() - suf..];
        suf = tail.find('\n').map_or(0, |i| suf - i);
    }
    if values.iter().any(|v| v.len() == pre + suf) {
        return (0, 0); // one value would be empty: show them whole
    }
    (pre, suf)
}

/// `with.python-version` → `python-version`; `[2].run` → `run`; `from` → `from`.
fn param_name(path: &str) -> String {
    let last = path.rsplit('.').find(|s| !s.is_empty() && !s.starts_with('[')).unwrap_or("value");
    let clean: String = last
        .split('[')
        .next()
        .unwrap_or(last)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if clean.is_empty() { "value".to_owned() } else { clean }
}

/// Fewer lines saved than this is not worth a new file and the calls to it (Kuadrant's two
/// nine-line step runs whose calls would name three parameters each: one line saved).
const MIN_SAVED: u32 = 3;

fn lines_saved(copies: usize, lines: u32, params: usize) -> u32 {
    // Every copy but one goes; each becomes a call naming its parameters.
    let kept = lines;
    let calls = copies as u32 * (1 + params as u32);
    (copies as u32 * lines).saturating_sub(kept + calls)
}

fn run_tag(kind: SeqKind) -> u8 {
    match kind {
        SeqKind::JobSteps | SeqKind::ActionSteps => 0,
        SeqKind::Script => 1,
        SeqKind::Stage => 2,
    }
}

/// Maximal repeated runs: a trie over every sequence position, refined one item at a time.
fn runs(sources: &[Source], seqs: &[Sequence], opts: &Options, out: &mut Vec<Candidate>) {
    let mut first: HashMap<(u8, u64), Vec<(usize, usize)>> = HashMap::new();
    for (si, s) in seqs.iter().enumerate() {
        for (pos, it) in s.items.iter().enumerate() {
            first.entry((run_tag(s.kind), it.fuzzy)).or_default().push((si, pos));
        }
    }
    let mut stack: Vec<(Vec<(usize, usize)>, usize)> = first.into_values().filter(|g| g.len() >= 2).map(|g| (g, 1)).collect();
    stack.sort();
    let mut budget: usize = 5_000_000;
    while let Some((occ, len)) = stack.pop() {
        budget = budget.saturating_sub(occ.len());
        if budget == 0 || len > 500 {
            break;
        }
        // Not left-maximal: every copy is preceded by the same item, and the longer run says it all.
        let prev = |&(s, p): &(usize, usize)| (p > 0).then(|| seqs[s].items[p - 1].fuzzy);
        if let Some(Some(h)) = occ.first().map(prev)
            && occ.iter().all(|o| prev(o) == Some(h))
        {
            continue;
        }
        let mut next: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
        let mut ended = 0;
        for &(s, p) in &occ {
            match seqs[s].items.get(p + len) {
                Some(it) => next.entry(it.fuzzy).or_default().push((s, p)),
                None => ended += 1,
            }
        }
        let right_maximal = ended > 0 || next.len() != 1;
        if right_maximal {
            report_run(sources, seqs, &occ, len, opts, out);
        }
        let mut children: Vec<Vec<(usize, usize)>> = next.into_values().filter(|g| g.len() >= 2).collect();
        children.sort();
        stack.extend(children.into_iter().map(|g| (g, len + 1)));
    }
}

fn report_run(sources: &[Source], seqs: &[Sequence], occ: &[(usize, usize)], len: usize, opts: &Options, out: &mut Vec<Candidate>) {
    // Copies overlapping an earlier copy in the same sequence are the same text.
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut sorted = occ.to_vec();
    sorted.sort_unstable();
    for (s, p) in sorted {
        if kept.last().is_some_and(|&(ks, kp)| ks == s && p < kp + len) {
            continue;
        }
        kept.push((s, p));
    }
    if kept.len() < opts.min_occurrences {
        return;
    }
    // A checkout opening the run stays in each job (a local action is read from the checkout).
    let skip = seqs[kept[0].0].items[kept[0].1..kept[0].1 + len]
        .iter()
        .take_while(|i| i.flags & CHECKOUT != 0)
        .count();
    let (kept, len): (Vec<(usize, usize)>, usize) = (kept.iter().map(|&(s, p)| (s, p + skip)).collect(), len - skip);
    if len == 0 {
        return;
    }
    // Items whose values the copies change beyond a parameter (another command after the same
    // program) end the run: report the best stretch where every item is a copy.
    let compatible = |i: usize| -> bool {
        let its: Vec<&Item> = kept.iter().map(|&(s, p)| &seqs[s].items[p + i]).collect();
        its.iter().all(|it| it.leaves.len() == its[0].leaves.len())
            && (0..its[0].leaves.len()).all(|l| {
                let values: Vec<&str> = its.iter().map(|it| it.leaves[l].value.as_str()).collect();
                let longest = values.iter().map(|v| size(v)).max().unwrap_or(0);
                let words = values.iter().any(|v| !crate::canon::is_word(v));
                !words || values.iter().all(|v| *v == values[0]) || changed(values.iter().copied()) * 2 <= longest + 2
            })
    };
    let mut best = (0, 0, 0u32);
    let mut lo = 0;
    for i in 0..=len {
        if i == len || !compatible(i) {
            let w: u32 = (lo..i).map(|j| seqs[kept[0].0].items[kept[0].1 + j].weight).sum();
            if i > lo && w > best.2 {
                best = (lo, i, w);
            }
            lo = i + 1;
        }
    }
    let (kept, len): (Vec<(usize, usize)>, usize) = (kept.iter().map(|&(s, p)| (s, p + best.0)).collect(), best.1 - best.0);
    if len == 0 {
        return;
    }
    let items = |&(s, p): &(usize, usize)| &seqs[s].items[p..p + len];
    let (w, wl) = items(&kept[0]).iter().fold((0, 0), |(w, l), i| (w + i.weight, l + i.wlines));
    if !qualifies(w, wl, opts) {
        return;
    }
    let leaves: Vec<Vec<&Leaf>> = kept.iter().map(|o| items(o).iter().flat_map(|i| &i.leaves).collect()).collect();
    let sizes: Vec<usize> = kept
        .iter()
        .map(|o| {
            let its = items(o);
            let src = &sources[seqs[o.0].file].text;
            size(&src[its[0].start..its[len - 1].end])
        })
        .collect();
    for (members, diff) in split(&leaves, &sizes, opts) {
        let regions: Vec<Region> = members
            .iter()
            .map(|&m| {
                let (s, p) = kept[m];
                let its = items(&kept[m]);
                Region {
                    file: seqs[s].file,
                    start: its[0].start,
                    end: its[len - 1].end,
                    line: its[0].line,
                    end_line: its[len - 1].end_line,
                    owner: seqs[s].owner.clone(),
                    run: Some((s, p, len)),
                    keys: Vec::new(),
                    parts: Vec::new(),
                }
            })
            .collect();
        let ps = params(&leaves, &members, &diff);
        let lines = regions[0].end_line + 1 - regions[0].line;
        let saved = lines_saved(regions.len(), lines, ps.len());
        if saved < MIN_SAVED {
            continue;
        }
        out.push(Candidate {
            origin: crate::cluster::Origin::Run(seqs[kept[members[0]].0].kind),
            members: regions,
            params: ps,
            lines_saved: saved,
            remarks: Vec::new(),
        });
    }
}

fn wholes(sources: &[Source], wholes: &[Whole], opts: &Options, out: &mut Vec<Candidate>) {
    let mut groups: HashMap<(WholeKind, u64), Vec<usize>> = HashMap::new();
    for (i, w) in wholes.iter().enumerate() {
        if qualifies(w.item.weight, w.item.wlines, opts) {
            groups.entry((w.kind, w.item.fuzzy)).or_default().push(i);
        }
    }
    let mut groups: Vec<((WholeKind, u64), Vec<usize>)> = groups.into_iter().filter(|(_, g)| g.len() >= 2).collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    for ((kind, _), idx) in groups {
        let leaves: Vec<Vec<&Leaf>> = idx.iter().map(|&i| wholes[i].item.leaves.iter().collect()).collect();
        let sizes: Vec<usize> = idx
            .iter()
            .map(|&i| size(&sources[wholes[i].file].text[wholes[i].item.start..wholes[i].item.end]))
            .collect();
        for (members, diff) in split(&leaves, &sizes, opts) {
            let regions: Vec<Region> = members
                .iter()
                .map(|&m| {
                    let w = &wholes[idx[m]];
                    Region {
                        file: w.file,
                        start: w.item.start,
                        end: w.item.end,
                        line: w.item.line,
                        end_line: w.item.end_line,
                        owner: w.name.clone(),
                        run: None,
                        keys: Vec::new(),
                        parts: Vec::new(),
                    }
                })
                .collect();
            let ps = params(&leaves, &members, &diff);
            let lines = regions[0].end_line + 1 - regions[0].line;
            let saved = lines_saved(regions.len(), lines, ps.len());
            if saved >= MIN_SAVED {
                out.push(Candidate {
                    origin: Origin::Whole(kind),
                    members: regions,
                    params: ps,
                    lines_saved: saved,
                    remarks: Vec::new(),
                });
            }
        }
    }
}

/// Entries (a healthcheck, a logging block, a cache and rules) that several mappings of one scope
/// repeat word for word: one candidate per set of owners, with every entry those owners share.
/// Services that several Compose files of one repository all define identically under the same
/// names, two or more of them: together they are one file the others include. Each service
/// alone may be too small to be worth a cluster (`redis` with an image and a healthcheck), the
/// set is not.
fn service_sets(wholes: &[Whole], opts: &Options, out: &mut Vec<Candidate>) {
    // (name, exact form) → the services (indices into `wholes`) with it, one per file.
    let mut same: BTreeMap<(&str, u64), Vec<usize>> = BTreeMap::new();
    for (i, w) in wholes.iter().enumerate() {
        if w.kind == WholeKind::Service {
            let v = same.entry((w.name.as_str(), w.item.exact)).or_default();
            if v.iter().all(|&j| wholes[j].file != w.file) {
                v.push(i);
            }
        }
    }
    // The set of files → the services all of them (and no other) hold.
    let mut sets: BTreeMap<Vec<usize>, Vec<&Vec<usize>>> = BTreeMap::new();
    for v in same.values().filter(|v| v.len() >= opts.min_occurrences.max(2)) {
        let mut files: Vec<usize> = v.iter().map(|&i| wholes[i].file).collect();
        files.sort_unstable();
        sets.entry(files).or_default().push(v);
    }
    for (files, services) in sets {
        if services.len() < 2 {
            continue;
        }
        let (w, wl) = services
            .iter()
            .fold((0, 0), |(w, l), v| (w + wholes[v[0]].item.weight, l + wholes[v[0]].item.wlines));
        if !qualifies(w, wl, opts) {
            continue;
        }
        let regions: Vec<Region> = files
            .iter()
            .map(|&f| {
                let mut its: Vec<&Whole> = services
                    .iter()
                    .filter_map(|v| v.iter().map(|&i| &wholes[i]).find(|x| x.file == f))
                    .collect();
                its.sort_by_key(|x| x.item.start);
                let (first, last) = (&its[0].item, &its[its.len() - 1].item);
                Region {
                    file: f,
                    start: first.start,
                    end: last.end,
                    line: first.line,
                    end_line: last.end_line,
                    owner: "services".to_owned(),
                    run: None,
                    keys: its.iter().map(|x| x.name.clone()).collect(),
                    parts: its.iter().map(|x| (x.item.line, x.item.end_line)).collect(),
                }
            })
            .collect();
        let lines: u32 = regions[0].parts.iter().map(|&(a, b)| b + 1 - a).sum();
        let saved = lines_saved(regions.len(), lines, 1);
        if saved >= MIN_SAVED {
            out.push(Candidate {
                origin: Origin::Services,
                members: regions,
                params: Vec::new(),
                lines_saved: saved,
                remarks: Vec::new(),
            });
        }
    }
}

fn shared_entries(sources: &[Source], maps: &[EntryMap], opts: &Options, out: &mut Vec<Candidate>) {
    let mut scopes: BTreeMap<(MapKind, usize), Vec<usize>> = BTreeMap::new();
    for (i, m) in maps.iter().enumerate() {
        // A repository is the scope: an anchor serves one file, `extends` reaches another file of
        // the project, a GitLab template serves every file a pipeline includes, a kustomize
        // component every workload.
        let scope = sources[m.file].root;
        scopes.entry((m.kind, scope)).or_default().push(i);
    }
    for ((kind, _), idx) in scopes {
        if idx.len() < opts.min_occurrences {
            continue;
        }
        // (key, exact) → the maps (positions in idx) that have it, and its entry index there.
        let mut owners: BTreeMap<(&str, u64), Vec<(usize, usize)>> = BTreeMap::new();
        for (mi, &m) in idx.iter().enumerate() {
            for (ei, (k, it)) in maps[m].entries.iter().enumerate() {
                if k == "<<" || it.wlines == 0 {
                    continue;
                }
                let v = owners.entry((k.as_str(), it.exact)).or_default();
                if v.last().is_none_or(|&(last, _)| last != mi) {
                    v.push((mi, ei));
                }
            }
        }
        let mut sets: Vec<Vec<usize>> = owners
            .values()
            .filter(|v| v.len() >= opts.min_occurrences)
            .map(|v| v.iter().map(|&(m, _)| m).collect())
            .collect();
        sets.sort();
        sets.dedup();
        for set in sets {
            // Every entry all of `set` have.
            let block: Vec<&Vec<(usize, usize)>> = owners
                .values()
                .filter(|v| set.iter().all(|s| v.iter().any(|&(m, _)| m == *s)))
                .collect();
            let entry = |m: usize, b: &Vec<(usize, usize)>| -> &Item {
                let ei = b.iter().find(|&&(mm, _)| mm == m).map_or(0, |&(_, e)| e);
                &maps[idx[m]].entries[ei].1
            };
            let (w, wl): (u32, u32) = block.iter().fold((0, 0), |(w, l), b| {
                let it = entry(set[0], b);
                (w + it.weight, l + it.wlines)
            });
            if !qualifies(w, wl, opts) {
                continue;
            }
            let regions: Vec<Region> = set
                .iter()
                .map(|&m| {
                    let its: Vec<&Item> = block.iter().map(|b| entry(m, b)).collect();
                    let keys: Vec<String> = block
                        .iter()
                        .map(|b| {
                            let ei = b.iter().find(|&&(mm, _)| mm == m).map_or(0, |&(_, e)| e);
                            maps[idx[m]].entries[ei].0.clone()
                        })
                        .collect();
                    let first = its.iter().min_by_key(|i| i.start).copied();
                    let last = its.iter().max_by_key(|i| i.end).copied();
                    let (first, last) = (first.unwrap_or(its[0]), last.unwrap_or(its[0]));
                    Region {
                        file: maps[idx[m]].file,
                        start: first.start,
                        end: last.end,
                        line: first.line,
                        end_line: last.end_line,
                        owner: maps[idx[m]].owner.clone(),
                        run: None,
                        keys,
                        parts: its.iter().map(|i| (i.line, i.end_line)).collect(),
                    }
                })
                .collect();
            let saved = lines_saved(regions.len(), wl, 0);
            if saved >= MIN_SAVED {
                out.push(Candidate {
                    origin: Origin::Entries(kind),
                    members: regions,
                    params: Vec::new(),
                    lines_saved: saved,
                    remarks: Vec::new(),
                });
            }
        }
    }
}

/// Two runs of the same copies, one right after the other but for one step a copy has of its own
/// (an inserted step), are one duplicate: the region spans both, the inserted step is remarked.
fn join_around_insertions(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    let key = |c: &Candidate| -> Vec<(usize, usize)> { c.members.iter().filter_map(|m| m.run.map(|(s, p, _)| (s, p))).collect() };
    cands.sort_by_key(|c| key(c));
    let mut out: Vec<Candidate> = Vec::new();
    for c in cands {
        let joinable = out.last().is_some_and(|a| {
            a.origin == c.origin
                && a.members.len() == c.members.len()
                && a.members.iter().zip(&c.members).all(|(x, y)| match (x.run, y.run) {
                    (Some((s1, p1, l1)), Some((s2, p2, _))) => s1 == s2 && p2 >= p1 + l1 && p2 <= p1 + l1 + 1,
                    _ => false,
                })
                && a.members
                    .iter()
                    .zip(&c.members)
                    .any(|(x, y)| matches!((x.run, y.run), (Some((_, p1, l1)), Some((_, p2, _))) if p2 == p1 + l1 + 1))
        });
        let Some(a) = out.last_mut().filter(|_| joinable) else {
            out.push(c);
            continue;
        };
        for (x, y) in a.members.iter_mut().zip(&c.members) {
            let (s, p1, l1) = x.run.unwrap_or_default();
            let (_, p2, l2) = y.run.unwrap_or_default();
            if p2 > p1 + l1 {
                a.remarks
                    .push(format!("the copy in {} has a step of its own at line {}", x.owner, x.end_line + 1));
            }
            x.run = Some((s, p1, p2 + l2 - p1));
            x.end = y.end;
            x.end_line = y.end_line;
        }
        a.params.extend(c.params);
        a.lines_saved += c.lines_saved;
    }
    out
}

fn overlap(a: &Region, b: &Region) -> u32 {
    if a.file != b.file {
        return 0;
    }
    let lo = a.line.max(b.line);
    let hi = a.end_line.min(b.end_line);
    if hi >= lo { hi + 1 - lo } else { 0 }
}

/// Largest savings first; a candidate most of whose copies lie inside copies already taken is
/// part of a larger cluster.
fn select(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| {
        b.lines_saved
            .cmp(&a.lines_saved)
            .then(b.members.len().cmp(&a.members.len()))
            .then_with(|| (a.members[0].file, a.members[0].line).cmp(&(b.members[0].file, b.members[0].line)))
    });
    let mut taken: Vec<Candidate> = Vec::new();
    for c in cands {
        let covered = c
            .members
            .iter()
            .filter(|m| {
                let lines = m.end_line + 1 - m.line;
                taken.iter().flat_map(|t| &t.members).any(|t| overlap(m, t) * 2 > lines)
            })
            .count();
        if covered * 2 < c.members.len() || (covered == 0) {
            taken.push(c);
        }
    }
    taken
}
