//! What several domains need to know, with no rules of its own: image references (parse,
//! normalise, floating tags), Dockerfile syntax (the real parser, and the facts a Compose file,
//! a Kubernetes manifest or a CI file asks of a Dockerfile: stage names, exposed ports,
//! healthcheck, base images) and the shell model (tree-sitter-bash with a map back to file
//! offsets, for a Dockerfile's `RUN` and a CI job's `run:` or `script:` alike). A domain that needs one of these facts asks here rather than
//! re-deriving it from lines of text.

pub mod build;
pub mod ci;
pub mod compose;
pub mod dockerfile;
pub mod image;
pub mod shell;
