use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use std::collections::HashMap;

rule! {
    code: "DF072", name: "recursive-chown-layer", severity: Info, category: Performance, default: false, fix: None,
    peers: [], options: [],
    summary: "chown -R/chmod -R over copied files duplicates them in a new layer",
    what: "Flags `chown -R`/`chmod -R` on a path that an earlier `COPY`/`ADD` of the same stage wrote.",
    why: "Changing metadata rewrites every file into a new layer, doubling their size in the image.",
    example: "COPY . /app\nRUN chown -R app:app /app",
    instead: "COPY --chown=app:app . /app",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#copy---chown---chmod",
    spans: ["chown -R app:app /app"],
}

/// Absolute paths as nodes of a tree of path components. A WORKDIR that is relative nests the working
/// directory one level deeper each time, so a stage of 10,000 `WORKDIR sub` + `COPY x ./` pairs names
/// paths 10,000 components deep: one string per path would be quadratic (the fuzz case
/// memory-dockerfile-copy-workdir-quadratic took 1.4 GiB), one node per component is linear.
struct PathTree {
    parent: Vec<usize>,
    children: HashMap<(usize, String), usize>,
    /// A COPY/ADD destination is this node or lies below it.
    copied_below: Vec<bool>,
}

const ROOT: usize = 0;

impl PathTree {
    fn new() -> Self {
        Self {
            parent: vec![ROOT],
            children: HashMap::new(),
            copied_below: vec![false],
        }
    }

    /// `path` resolved against `cwd` the way Docker cleans it: `.` and empty components dropped, `..` goes up.
    /// Every path named gets its nodes, so the tree stays linear in the text of the stage.
    fn resolve(&mut self, cwd: usize, path: &str) -> usize {
        let mut at = if path.starts_with('/') { ROOT } else { cwd };
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => at = self.parent[at],
                _ => {
                    let key = (at, part.to_owned());
                    at = match self.children.get(&key) {
                        Some(&child) => child,
                        None => {
                            let child = self.parent.len();
                            self.parent.push(at);
                            self.copied_below.push(false);
                            self.children.insert(key, child);
                            child
                        }
                    };
                }
            }
        }
        at
    }

    /// Records a destination: marks it and its ancestors, stopping at the first already marked, so every node
    /// is marked at most once over the whole stage.
    fn mark_copied(&mut self, mut node: usize) {
        while !self.copied_below[node] {
            self.copied_below[node] = true;
            if node == ROOT {
                break;
            }
            node = self.parent[node];
        }
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let mut tree = PathTree::new();
        let mut workdir = ROOT;
        for (i, ins) in cx.df.stage_instructions(stage) {
            if matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                if let Some(d) = ins.words().last() {
                    let node = tree.resolve(workdir, &d.text);
                    tree.mark_copied(node);
                }
                continue;
            }
            if ins.keyword == Keyword::Workdir {
                workdir = tree.resolve(workdir, ins.args.value.trim());
                continue;
            }
            let Some(script) = cx.df.script(i) else { continue };
            for c in script
                .commands
                .iter()
                .filter(|c| (c.name == "chown" || c.name == "chmod") && c.has_opt(&['R'], &["recursive"]))
            {
                let hit = c.positional().skip(1).any(|p| {
                    let node = tree.resolve(workdir, &p.text);
                    tree.copied_below[node]
                });
                if hit {
                    out.push(
                        Diagnostic::new(meta(), c.span, format!("`{} -R` rewrites copied files into a new layer", c.name))
                            .help("use `COPY --chown=user:group` (or `--chmod`) instead"),
                    );
                }
            }
        }
    }
}
