//! The one YAML layer of shipshape: every YAML domain (GitHub Actions, GitLab CI, Compose,
//! Kubernetes) reads its files through [`Yaml::parse`] and fixes them through [`patch`].

pub mod comments;
pub mod patch;
mod tree;

pub use tree::{Document, DuplicateKey, Entry, Kind, MAX_DEPTH, Node, NodeId, NodeRef, Style, WALK_BUDGET, Yaml, YamlError};
