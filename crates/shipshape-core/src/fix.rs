//! Applying fixes: non-overlapping edits, applicability, and the text diff shown by `--diff`.

use crate::diagnostic::{Applicability, Diagnostic, Fix};

/// Apply a set of sorted, non-overlapping edits to `text`.
pub fn apply_fix(text: &str, fix: &Fix) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for edit in &fix.edits {
        if edit.span.start < last
            || edit.span.end > text.len()
            || !text.is_char_boundary(edit.span.start)
            || !text.is_char_boundary(edit.span.end)
        {
            return None;
        }
        out.push_str(&text[last..edit.span.start]);
        out.push_str(&edit.replacement);
        last = edit.span.end;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// The fixes of `diags` that may be applied together in one pass: allowed by applicability and not
/// overlapping an earlier one (those wait for the next pass).
pub fn pick_fixes(diags: &[Diagnostic], allow_unsafe: bool) -> Vec<&Fix> {
    let mut fixes: Vec<&Fix> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| allow_unsafe || f.applicability == Applicability::Safe)
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.extent().map(|s| (s.start, s.end)));
    let mut picked: Vec<&Fix> = Vec::new();
    let mut end = 0usize;
    let mut any = false;
    for f in fixes {
        let Some(ext) = f.extent() else { continue };
        // Two insertions at the same point would both apply in unclear order: defer the second.
        if any && (ext.start < end || (ext.start == end && ext.is_empty())) {
            continue;
        }
        if picked.iter().any(|p| p.edits == f.edits) {
            continue;
        }
        end = ext.end;
        any = true;
        picked.push(f);
    }
    picked
}

/// Merge several non-overlapping fixes into one edit list and apply it.
pub fn apply_all(text: &str, fixes: &[&Fix]) -> Option<String> {
    let mut edits: Vec<_> = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    apply_fix(text, &Fix::safe("", edits))
}

/// A unified diff between two versions of a file.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Write `text` to `path` atomically (temp file in the same folder, then rename), keeping permissions.
pub fn write_atomic(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let perms = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::span::Span;

    #[test]
    fn applies_edits_in_order() {
        let fix = Fix::safe("x", vec![Edit::replace(Span::new(4, 5), "B"), Edit::insert(0, ">")]);
        assert_eq!(apply_fix("abc d e", &fix).unwrap(), ">abc B e");
        let bad = Fix::safe("x", vec![Edit::replace(Span::new(0, 99), "")]);
        assert!(apply_fix("abc", &bad).is_none());
    }
}
