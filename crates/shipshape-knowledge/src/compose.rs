//! Compose's own conventions that more than the Compose rules need (the duplicate finder's
//! `extends` proposals, the project view).

/// The names `docker compose` reads by default, in its order of preference; any other Compose
/// file is passed with `-f`.
pub const DEFAULT_FILES: &[&str] = &["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/// Whether a file name (the last part of a path) is one `docker compose` reads by default.
pub fn is_default_file(name: &str) -> bool {
    DEFAULT_FILES.contains(&name)
}
