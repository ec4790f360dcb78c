//! From a parsed file to the sequences, whole units and entry maps the clustering compares. One
//! parse per file, with the same parsers `check` uses.

use crate::canon::{Canon, Hashes, Leaf, mask_digits};
use crate::hash::Hasher;
use crate::model::{CHECKOUT, EntryMap, Extracted, FROM, HAS_SHELL, Item, MapKind, RUN_ONLY, SeqKind, Sequence, Source, Whole, WholeKind};
use shipshape_core::LineIndex;
use shipshape_core::classify::FileKind;
use shipshape_knowledge::dockerfile::parser::{self, Keyword};
use shipshape_yaml::{Kind, NodeRef, Yaml};

/// GitHub Actions labels: a step's or job's `name:` says what it is, not what it does.
const GHA_LABELS: &[&str] = &["name"];
const WORKLOADS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet"];

struct Ctx<'a> {
    file: usize,
    text: &'a str,
    lines: LineIndex,
}

impl Ctx<'_> {
    fn line(&self, offset: usize) -> u32 {
        self.lines.line_of(offset.min(self.text.len())) as u32 + 1
    }

    /// An item for `node`, its region starting at `from` (a key before it) or at the node.
    fn item(&self, canon: &mut Canon<'_>, node: NodeRef<'_>, key: &str, from: Option<usize>) -> Item {
        let mut leaves = Vec::new();
        let h = canon.node(node, key, "", &mut leaves);
        let span = node.span();
        let start = from.unwrap_or(span.start).min(span.start);
        self.make(h, leaves, start, span.end.max(start))
    }

    fn make(&self, h: Hashes, leaves: Vec<Leaf>, start: usize, end: usize) -> Item {
        let line = self.line(start);
        let end_line = self.line(end.saturating_sub(1).max(start)).max(line);
        Item {
            exact: h.exact,
            fuzzy: h.fuzzy,
            leaves,
            start,
            end,
            line,
            end_line,
            weight: 1,
            wlines: end_line + 1 - line,
            flags: 0,
        }
    }
}

pub fn extract(file: usize, src: &Source, kind: FileKind, out: &mut Extracted) {
    let cx = Ctx {
        file,
        text: &src.text,
        lines: LineIndex::new(&src.text),
    };
    match kind {
        FileKind::Dockerfile => dockerfile(&cx, out),
        FileKind::GithubWorkflow | FileKind::GithubAction | FileKind::GitlabCi | FileKind::Compose | FileKind::Kubernetes => {
            let yaml = Yaml::parse(&src.text);
            for doc in &yaml.docs {
                let Some(root) = doc.root() else { continue };
                match kind {
                    FileKind::GithubWorkflow => workflow(&cx, root, out),
                    FileKind::GithubAction => action(&cx, root, out),
                    FileKind::GitlabCi => gitlab(&cx, root, out),
                    FileKind::Compose => compose(&cx, root, out),
                    _ => kubernetes(&cx, root, out),
                }
            }
        }
        _ => {}
    }
}

/// Raw entries of a mapping (merge keys and aliases as written), with their key text.
fn entries<'a>(node: NodeRef<'a>) -> Vec<(String, NodeRef<'a>, NodeRef<'a>)> {
    match &node.node().kind {
        Kind::Map(es) => es
            .iter()
            .map(|e| {
                let k = NodeRef { doc: node.doc, id: e.key };
                (
                    k.as_str().unwrap_or("").to_owned(),
                    k,
                    NodeRef {
                        doc: node.doc,
                        id: e.value,
                    },
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn steps(cx: &Ctx<'_>, steps: NodeRef<'_>) -> Vec<Item> {
    let mut canon = Canon::new(GHA_LABELS);
    steps
        .items()
        .into_iter()
        .filter(|s| s.is_map())
        .map(|s| {
            let mut it = cx.item(&mut canon, s, "", None);
            let uses = s.get("uses").and_then(|u| u.as_str()).unwrap_or("");
            if boilerplate_action(uses) {
                it.weight = 0;
                it.wlines = 0;
            }
            if s.get("run").is_some() && s.get("uses").is_none() {
                it.flags |= RUN_ONLY;
            }
            if uses.split('@').next().is_some_and(|u| u.eq_ignore_ascii_case("actions/checkout")) {
                it.flags |= CHECKOUT;
            }
            if s.get("shell").is_some() {
                it.flags |= HAS_SHELL;
            }
            it
        })
        .collect()
}

/// Steps that weigh nothing: a checkout (every job has one, and a local action needs it before
/// it) and a call of a local action (an abstraction already).
pub fn boilerplate_action(uses: &str) -> bool {
    let id = uses.split('@').next().unwrap_or("").to_ascii_lowercase();
    id.starts_with("./") || id.starts_with("$/") || id == "actions/checkout"
}

fn workflow(cx: &Ctx<'_>, root: NodeRef<'_>, out: &mut Extracted) {
    let Some(jobs) = root.get("jobs") else { return };
    for (name, key, job) in entries(jobs) {
        if !job.is_map() || job.get("uses").is_some() {
            continue;
        }
        let items = job.get("steps").map(|s| steps(cx, s)).unwrap_or_default();
        let mut whole = cx.item(&mut Canon::new(GHA_LABELS), job, "", Some(key.span().start));
        whole.weight = items.iter().map(|i| i.weight).sum();
        whole.wlines = items.iter().filter(|i| i.weight > 0).map(Item::lines).sum();
        out.wholes.push(Whole {
            file: cx.file,
            kind: WholeKind::Job,
            name: name.clone(),
            item: whole,
        });
        if !items.is_empty() {
            out.sequences.push(Sequence {
                file: cx.file,
                kind: SeqKind::JobSteps,
                owner: name,
                items,
            });
        }
    }
}

fn action(cx: &Ctx<'_>, root: NodeRef<'_>, out: &mut Extracted) {
    let Some(s) = root.get("runs").and_then(|r| r.get("steps")) else {
        return;
    };
    let items = steps(cx, s);
    if items.is_empty() {
        return;
    }
    out.actions.push((cx.file, out.sequences.len()));
    out.sequences.push(Sequence {
        file: cx.file,
        kind: SeqKind::ActionSteps,
        owner: root.get("name").and_then(|n| n.as_str()).unwrap_or("action").to_owned(),
        items,
    });
}

fn gitlab(cx: &Ctx<'_>, root: NodeRef<'_>, out: &mut Extracted) {
    for (name, key, job) in entries(root) {
        if shipshape_knowledge::ci::GITLAB_GLOBAL_KEYWORDS.contains(&name.as_str()) || name == "pages:deploy" || !job.is_map() {
            continue;
        }
        // A hidden job is a template: the entries a job pastes from it point at it.
        if name.starts_with('.') {
            out.maps.push(entry_map(cx, MapKind::GitlabJob, name, job).0);
            continue;
        }
        let mut canon = Canon::new(&[]);
        let mut map = EntryMap {
            file: cx.file,
            kind: MapKind::GitlabJob,
            owner: name.clone(),
            entries: Vec::new(),
        };
        let mut weight = 0;
        let mut wlines = 0;
        for (k, kn, v) in entries(job) {
            let mut it = cx.item(&mut canon, v, &k, Some(kn.span().start));
            if v.is_alias() || k == "<<" || k == "extends" || k == "stage" || k == "needs" {
                it.weight = 0;
                it.wlines = 0;
            }
            weight += it.weight;
            wlines += it.wlines;
            map.entries.push((k.clone(), it));
            if matches!(k.as_str(), "script" | "before_script" | "after_script") && v.is_seq() {
                let items: Vec<Item> = v
                    .items()
                    .into_iter()
                    .map(|line| {
                        let mut it = cx.item(&mut Canon::new(&[]), line, "script", None);
                        if line.tag().is_some() {
                            it.weight = 0; // a `!reference`: shared already
                            it.wlines = 0;
                        }
                        it.flags |= RUN_ONLY;
                        it
                    })
                    .collect();
                out.sequences.push(Sequence {
                    file: cx.file,
                    kind: SeqKind::Script,
                    owner: format!("{name}.{k}"),
                    items,
                });
            }
        }
        let mut whole = cx.item(&mut canon, job, "", Some(key.span().start));
        whole.weight = weight;
        whole.wlines = wlines;
        out.wholes.push(Whole {
            file: cx.file,
            kind: WholeKind::GitlabJob,
            name,
            item: whole,
        });
        out.maps.push(map);
    }
}

/// Entries that are one line and say little (`restart: always`) weigh nothing alone.
fn entry_map(cx: &Ctx<'_>, kind: MapKind, owner: String, node: NodeRef<'_>) -> (EntryMap, u32, u32) {
    let mut canon = Canon::new(&[]);
    let mut map = EntryMap {
        file: cx.file,
        kind,
        owner,
        entries: Vec::new(),
    };
    let (mut weight, mut wlines) = (0, 0);
    for (k, kn, v) in entries(node) {
        let mut it = cx.item(&mut canon, v, &k, Some(kn.span().start));
        if v.is_alias() || k == "<<" || it.lines() == 1 {
            it.weight = 0;
        }
        if v.is_alias() || k == "<<" {
            it.wlines = 0;
        }
        weight += it.weight;
        wlines += it.wlines;
        map.entries.push((k, it));
    }
    (map, weight, wlines)
}

fn compose(cx: &Ctx<'_>, root: NodeRef<'_>, out: &mut Extracted) {
    // An `x-` fragment of service keys is an abstraction already: entries a service pastes from
    // it point at it.
    for (name, _, frag) in entries(root) {
        if name.starts_with("x-") && frag.is_map() {
            out.maps.push(entry_map(cx, MapKind::Service, name, frag).0);
        }
    }
    let Some(services) = root.get("services") else { return };
    for (name, key, svc) in entries(services) {
        if !svc.is_map() {
            continue;
        }
        let (map, weight, wlines) = entry_map(cx, MapKind::Service, name.clone(), svc);
        let mut whole = cx.item(&mut Canon::new(&[]), svc, "", Some(key.span().start));
        whole.weight = weight;
        whole.wlines = wlines;
        out.wholes.push(Whole {
            file: cx.file,
            kind: WholeKind::Service,
            name,
            item: whole,
        });
        out.maps.push(map);
    }
}

fn kubernetes(cx: &Ctx<'_>, root: NodeRef<'_>, out: &mut Extracted) {
    let kind = root.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    if !WORKLOADS.contains(&kind) {
        return;
    }
    let name = root
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .to_owned();
    let mut pod = root.get("spec");
    if kind == "CronJob" {
        pod = pod.and_then(|s| s.get("jobTemplate")).and_then(|j| j.get("spec"));
    }
    if kind != "Pod" {
        pod = pod.and_then(|s| s.get("template")).and_then(|t| t.get("spec"));
    }
    let (mut weight, mut wlines) = (0, 0);
    for c in pod.and_then(|p| p.get("containers")).map(|c| c.items()).unwrap_or_default() {
        let cname = c.get("name").and_then(|n| n.as_str()).unwrap_or("").to_owned();
        let (map, w, l) = entry_map(cx, MapKind::Container, format!("{kind}/{name} container {cname}"), c);
        weight += w;
        wlines += l;
        out.maps.push(map);
    }
    let mut whole = cx.item(&mut Canon::new(&[]), root, "", None);
    whole.weight = weight;
    whole.wlines = wlines;
    out.wholes.push(Whole {
        file: cx.file,
        kind: WholeKind::Workload,
        name: format!("{kind}/{name}"),
        item: whole,
    });
}

fn dockerfile(cx: &Ctx<'_>, out: &mut Extracted) {
    let parsed = parser::parse(cx.text);
    if !parsed.errors.is_empty() {
        return;
    }
    let mut stages: Vec<Sequence> = Vec::new();
    let mut all = (Hasher::new(40), Hasher::new(40));
    let mut leaves_all = Vec::new();
    for ins in &parsed.instructions {
        let (h, leaves) = instruction(ins);
        all = (all.0.word(h.exact), all.1.word(h.fuzzy));
        leaves_all.extend(leaves.iter().cloned());
        let mut it = cx.make(h, leaves, ins.span.start, ins.span.end);
        if matches!(ins.keyword, Keyword::From | Keyword::Workdir | Keyword::Expose) {
            it.weight = 0;
            it.wlines = 0;
        }
        if ins.keyword == Keyword::Run {
            it.flags |= RUN_ONLY;
        }
        if ins.keyword == Keyword::From {
            it.flags |= FROM;
            let owner = ins
                .words()
                .get(2)
                .map_or_else(|| format!("stage {}", stages.len() + 1), |w| w.text.clone());
            stages.push(Sequence {
                file: cx.file,
                kind: SeqKind::Stage,
                owner,
                items: Vec::new(),
            });
        }
        if let Some(stage) = stages.last_mut() {
            stage.items.push(it);
        }
    }
    let (Some(first), Some(last)) = (parsed.instructions.first(), parsed.instructions.last()) else {
        return;
    };
    let mut whole = cx.make(
        Hashes {
            exact: all.0.finish(),
            fuzzy: all.1.finish(),
        },
        leaves_all,
        first.span.start,
        last.span.end,
    );
    let items = stages.iter().flat_map(|s| &s.items);
    whole.weight = items.clone().map(|i| i.weight).sum();
    whole.wlines = items.filter(|i| i.weight > 0).map(Item::lines).sum();
    out.wholes.push(Whole {
        file: cx.file,
        kind: WholeKind::Dockerfile,
        name: "Dockerfile".to_owned(),
        item: whole,
    });
    out.sequences.extend(stages);
}

/// One instruction: its keyword, flags and words, blanks collapsed; in the fuzzy form each word
/// with a digit is a hole (`node:20-alpine`, `--version=1.2`) and becomes a parameter. A `FROM`
/// compares its image only (the stage's name is the file's own).
fn instruction(ins: &parser::Instruction) -> (Hashes, Vec<Leaf>) {
    let kw = ins.keyword.as_str();
    let (mut e, mut f) = (Hasher::new(41).str(kw), Hasher::new(41).str(kw));
    let mut leaves = Vec::new();
    for flag in &ins.flags {
        e = e.str(&flag.name).str(flag.value.as_deref().unwrap_or(""));
        f = f.str(&flag.name).str(&mask_digits(flag.value.as_deref().unwrap_or("")));
    }
    let words: Vec<String> = if ins.keyword == Keyword::From {
        ins.words().into_iter().take(1).map(|w| w.text).collect()
    } else {
        let mut w: Vec<String> = ins.args.value.split_whitespace().map(str::to_owned).collect();
        for h in &ins.heredocs {
            w.extend(h.body.split_whitespace().map(str::to_owned));
        }
        w
    };
    for w in words {
        e = e.str(&w);
        if w.bytes().any(|b| b.is_ascii_digit()) {
            let masked = if ins.keyword == Keyword::From {
                w.split([':', '@']).next().unwrap_or("").to_owned()
            } else {
                mask_digits(&w)
            };
            f = f.str(&masked).word(1);
            leaves.push(Leaf {
                path: kw.to_ascii_lowercase(),
                value: w,
            });
        } else {
            f = f.str(&w);
        }
    }
    (
        Hashes {
            exact: e.finish(),
            fuzzy: f.finish(),
        },
        leaves,
    )
}
