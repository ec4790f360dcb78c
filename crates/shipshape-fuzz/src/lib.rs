//! `shipshape-fuzz`: a seeded, deterministic mutation fuzzer for shipshape on stable Rust.
//!
//! Seeds (the corpus, every rule's documentation examples, `regressions/`) are mutated 1–4 times
//! each ([`mutate`]); every input runs through the engine as the CLI runs standard input, with every
//! rule selected and unsafe fixes on, and the [`oracle`]s judge the result. Input `i` of seed `s` is
//! a pure function of `(s, i)` and the seed files, so any failure replays alone (`--replay i`).
// This crate owns the disk; domain crates read through the SourceTree (see clippy.toml).
#![allow(clippy::disallowed_methods)]

pub mod minimize;
pub mod mutate;
pub mod oracle;
pub mod rng;
pub mod seeds;
pub mod udiff;
