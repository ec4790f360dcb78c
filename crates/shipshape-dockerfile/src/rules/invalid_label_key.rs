use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF043", name: "invalid-label-key", severity: Info, category: Style, default: false, fix: None,
    peers: ["hadolint:DL3048"], options: [],
    summary: "Label keys should follow Docker's key format",
    what: "Flags LABEL keys with characters other than lowercase letters, digits, `.` and `-`, that start or end with a separator, repeat separators, or use the reserved `com.docker.`, `io.docker.`, `org.dockerproject.` namespaces.",
    why: "Tools that read labels (OCI annotations, registries) expect these keys.",
    example: "LABEL My_Label=1",
    instead: "LABEL org.opencontainers.image.title=app",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations",
    spans: ["My_Label=1"],
}

fn valid(key: &str) -> bool {
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| key.starts_with(p));
    let chars_ok = key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    let ends_ok = key.starts_with(|c: char| c.is_ascii_alphanumeric()) && key.ends_with(|c: char| c.is_ascii_alphanumeric());
    !reserved && chars_ok && ends_ok && !key.contains("..") && !key.contains("--")
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, ins) in cx.each(Keyword::Label) {
        for (key, _, span) in crate::expand::key_values(&ins.words(), true) {
            if !key.contains('$') && !valid(&key) {
                out.push(
                    Diagnostic::new(meta(), span, format!("label key `{key}` does not follow the key format"))
                        .help("use lowercase reverse-DNS keys such as `org.opencontainers.image.source`"),
                );
            }
        }
    }
}
