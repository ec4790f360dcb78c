//! What extraction hands the clustering: per file, the sequences (steps, script lines, Dockerfile
//! instructions), the whole units (jobs, services, workloads, Dockerfiles) and the mappings whose
//! entries several owners may share (Compose services, GitLab jobs, Kubernetes containers).

use crate::canon::Leaf;
use serde::{Deserialize, Serialize};

/// One file of the input.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// As shown (relative to the working directory when given relative).
    pub path: String,
    /// Which of the command line's roots it came from.
    pub root: usize,
    pub text: String,
}

/// One element of a sequence, a whole unit or an entry.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Item {
    pub exact: u64,
    pub fuzzy: u64,
    pub leaves: Vec<Leaf>,
    /// Byte range in the file.
    pub start: usize,
    pub end: usize,
    /// 1-based, inclusive.
    pub line: u32,
    pub end_line: u32,
    /// Non-trivial elements: 0 for boilerplate (a checkout, a setup action, a call of a local
    /// action, a `FROM`), their count for a whole unit.
    pub weight: u32,
    /// Lines of the non-trivial elements.
    pub wlines: u32,
    pub flags: u8,
}

impl Item {
    pub fn lines(&self) -> u32 {
        self.end_line + 1 - self.line
    }
}

/// A `run:`-only step, or a Dockerfile `RUN`.
pub const RUN_ONLY: u8 = 1;
/// A Dockerfile `FROM`.
pub const FROM: u8 = 2;
/// A step that names its `shell:`.
pub const HAS_SHELL: u8 = 4;
/// `actions/checkout`: a local action needs it before it, so it stays in the job.
pub const CHECKOUT: u8 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SeqKind {
    /// A workflow job's steps.
    JobSteps,
    /// A composite action's steps.
    ActionSteps,
    /// A GitLab job's `script`/`before_script`/`after_script` lines.
    Script,
    /// One stage of a Dockerfile, `FROM` first.
    Stage,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Sequence {
    pub file: usize,
    pub kind: SeqKind,
    /// The job, stage or action it belongs to.
    pub owner: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WholeKind {
    Job,
    Service,
    GitlabJob,
    Workload,
    Dockerfile,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Whole {
    pub file: usize,
    pub kind: WholeKind,
    pub name: String,
    /// From the key line (a job's id, a service's name) to the end.
    pub item: Item,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MapKind {
    Service,
    GitlabJob,
    Container,
}

/// A mapping whose entries other owners of the same scope may repeat.
#[derive(Debug, Serialize, Deserialize)]
pub struct EntryMap {
    pub file: usize,
    pub kind: MapKind,
    pub owner: String,
    /// One per entry: the entry's key is in the hashes; the span runs from the key.
    pub entries: Vec<(String, Item)>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Extracted {
    pub sequences: Vec<Sequence>,
    pub wholes: Vec<Whole>,
    pub maps: Vec<EntryMap>,
    /// Local composite actions: path of the action file → its steps' sequence index.
    pub actions: Vec<(usize, usize)>,
}
