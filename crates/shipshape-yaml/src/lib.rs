//! The one YAML layer of shipshape: every YAML domain (GitHub Actions, GitLab CI, Compose,
//! Kubernetes) reads its files through [`Yaml::parse`] and fixes them through [`patch`].

pub use shipshape_core::comments;
pub mod images;
pub mod patch;
mod tree;

pub use tree::{
    Document, DuplicateKey, Entry, Kind, MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_MERGED_ENTRIES, Node, NodeId, NodeRef, Style, WALK_BUDGET,
    Yaml, YamlError,
};

use shipshape_core::{Diagnostic, RuleMeta};

/// The findings every YAML domain reports the same way: syntax errors (`parse`) and duplicate keys
/// (`duplicate`), each at its exact place.
pub fn syntax_diagnostics(yaml: &Yaml, parse: &'static RuleMeta, duplicate: &'static RuleMeta) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = yaml
        .errors
        .iter()
        .map(|e| Diagnostic::new(parse, e.span, format!("invalid YAML: {}", e.message)))
        .collect();
    for d in &yaml.duplicates {
        out.push(
            Diagnostic::new(duplicate, d.second, format!("`{}` is already defined in this mapping", d.key))
                .label(d.first, "first defined here"),
        );
    }
    out
}
