//! The core of shipshape: spans, diagnostics and fixes, rule metadata and selection, configuration,
//! suppression, baselines, discovery and classification, the source tree and the engine that runs
//! domain checkers (the renderers are `shipshape-render`). Domains depend on this crate; it depends
//! on no domain.
// This crate owns the disk; domain crates read through the SourceTree (see clippy.toml).
#![allow(clippy::disallowed_methods)]

pub mod baseline;
pub mod classify;
pub mod comments;
pub mod config;
pub mod data;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod fingerprint;
pub mod fix;
pub mod gitindex;
pub mod language;
pub mod paths;
pub mod project;

pub mod rule;
pub mod secret_value;
pub mod span;
pub mod spill;
pub mod suggest;
pub mod suppress;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod tree;

pub use diagnostic::{Applicability, Confidence, Diagnostic, Edit, Elsewhere, Fix, Label, Severity};
pub use language::{DomainChecker, Language, Rule};
pub use rule::{Category, Domain, FixKind, RuleMeta};
pub use span::{LineIndex, Span};
