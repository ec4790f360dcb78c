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
/// overlapping an earlier one (those wait for the next pass); a fix whose edits equal an earlier
/// one's is the same fix reported twice.
pub fn pick_fixes(diags: &[Diagnostic], allow_unsafe: bool) -> Vec<&Fix> {
    let mut fixes: Vec<&Fix> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| allow_unsafe || f.applicability == Applicability::Safe)
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.extent().map(|s| (s.start, s.end)));
    let mut picked: Vec<&Fix> = Vec::new();
    let mut seen: std::collections::HashSet<&[crate::diagnostic::Edit]> = std::collections::HashSet::new();
    let mut end = 0usize;
    for f in fixes {
        let Some(ext) = f.extent() else { continue };
        // Two insertions at the same point would both apply in unclear order: defer the second.
        if !picked.is_empty() && (ext.start < end || (ext.start == end && ext.is_empty())) {
            continue;
        }
        if !seen.insert(&f.edits) {
            continue;
        }
        end = ext.end;
        picked.push(f);
    }
    picked
}

/// Merge several non-overlapping fixes into one edit list and apply it, in the file's own line
/// endings (a file whose first line ends in CRLF gets CRLF in every inserted line) and behind its
/// byte-order mark (nothing is inserted before it).
pub fn apply_all(text: &str, fixes: &[&Fix]) -> Option<String> {
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut edits: Vec<_> = fixes
        .iter()
        .flat_map(|f| f.edits.iter().cloned())
        .map(|mut e| {
            if e.span.start < bom {
                e.span.start = bom;
                e.span.end = e.span.end.max(bom);
            }
            if crlf && e.replacement.contains('\n') {
                e.replacement = e.replacement.replace("\r\n", "\n").replace('\n', "\r\n");
            }
            e
        })
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    apply_fix(text, &Fix::safe("", edits))
}

/// Why `--diff` shows no patch for a file although fixes changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffWithheld {
    /// The 1-based line (of the file as read) whose secret the patch would have to show.
    pub line: usize,
}

impl std::fmt::Display for DiffWithheld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the patch would show the secret on line {} as context or change; `--fix` applies it without printing it",
            self.line
        )
    }
}

/// Lines split after each `\n` only, as git and `patch` do (a lone `\r` is part of a line).
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Whether each line (as split by [`lines`]) overlaps one of `secrets`.
fn secret_lines(lines: &[&str], text: &str, secrets: &[crate::Span]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let starts: Vec<usize> = lines
        .iter()
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some(start)
        })
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    for s in crate::diagnostic::secret_spans(text, secrets) {
        if lines.is_empty() || s.start >= text.len() {
            continue;
        }
        let last = if s.is_empty() { s.start } else { s.end - 1 };
        out[line_of(s.start)..=line_of(last.max(s.start))].fill(true);
    }
    out
}

/// A path for a `---`/`+++` line, quoted as git quotes it when it holds a control character, a
/// quote or a backslash.
fn diff_path(prefix: &str, path: &str) -> String {
    let full = format!("{prefix}{path}");
    if !full.chars().any(|c| c.is_control() || c == '"' || c == '\\') {
        return full;
    }
    let mut q = String::from("\"");
    for c in full.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\t' => q.push_str("\\t"),
            '\n' => q.push_str("\\n"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    q.push_str(&format!("\\{b:03o}"));
                }
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// How long a diff may search for the smallest patch before it settles for a larger one.
const DIFF_TIME: std::time::Duration = std::time::Duration::from_millis(500);

/// A unified diff between two versions of a file that `git apply` and `patch` accept, byte for
/// byte (no styling, lone `\r` kept inside its line, `\ No newline at end of file` where due).
///
/// Context lines that show a secret are left out of the hunk. When that is not possible (a changed
/// line or a line between two changes shows a secret, or the line right after a change does and the
/// hunk needs trailing context), the diff is withheld rather than printed with the secret.
pub fn unified_diff<'a>(
    path: &str,
    old: &'a str,
    old_secrets: &[crate::Span],
    new: &'a str,
    new_secrets: &[crate::Span],
) -> Result<String, DiffWithheld> {
    use similar::DiffOp;
    const CONTEXT: usize = 3;
    let (a, b) = (lines(old), lines(new));
    let (secret_a, secret_b) = (secret_lines(&a, old, old_secrets), secret_lines(&b, new, new_secrets));
    // Lines are compared as numbers (one per distinct line), and a diff that would take long
    // (many changes in a large file, where Myers is quadratic) settles for a less minimal one.
    let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut number = |lines: &[&'a str]| -> Vec<u32> {
        lines
            .iter()
            .map(|l| {
                let next = ids.len() as u32;
                *ids.entry(l).or_insert(next)
            })
            .collect()
    };
    let (ia, ib) = (number(&a), number(&b));
    let deadline = std::time::Instant::now() + DIFF_TIME;
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &ia, &ib, Some(deadline));
    let mut out = String::new();
    // Lines added minus lines removed by the hunks so far: a hunk's new start is its old start
    // moved by that (the `new_index` similar gives a deletion is not always where it lands).
    let mut shift = 0isize;
    for group in similar::group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        // Leading context: the equal lines before the first change, after the last secret among them.
        let mut lead = match first {
            DiffOp::Equal { old_index, len, .. } => (*old_index, *len),
            _ => (first.old_range().start, 0),
        };
        if let Some(i) = (lead.0..lead.0 + lead.1).rev().find(|&i| secret_a[i]) {
            lead = (i + 1, lead.0 + lead.1 - i - 1);
        }
        let mut trail = match last {
            DiffOp::Equal { old_index, len, .. } if group.len() > 1 => (*old_index, *len),
            _ => (last.old_range().end, 0),
        };
        if let Some(i) = (trail.0..trail.0 + trail.1).find(|&i| secret_a[i]) {
            trail = (trail.0, i - trail.0);
            if trail.1 == 0 {
                return Err(DiffWithheld { line: i + 1 });
            }
        }
        let from = usize::from(matches!(first, DiffOp::Equal { .. }));
        let to = (group.len() - usize::from(group.len() > 1 && matches!(last, DiffOp::Equal { .. }))).max(from);
        let inner = &group[from..to];
        for op in inner {
            if let Some(i) = op.old_range().find(|&i| secret_a[i]) {
                return Err(DiffWithheld { line: i + 1 });
            }
            if let Some(i) = op.new_range().find(|&i| secret_b[i]) {
                return Err(DiffWithheld { line: i + 1 });
            }
        }
        if inner.is_empty() {
            continue;
        }
        // Lengths are summed over what the hunk prints; starts come from where its first line is.
        let old_start = lead.0;
        let old_len = lead.1 + inner.iter().map(|op| op.old_range().len()).sum::<usize>() + trail.1;
        let new_start = old_start.saturating_add_signed(shift);
        let new_len = lead.1 + inner.iter().map(|op| op.new_range().len()).sum::<usize>() + trail.1;
        shift += new_len as isize - old_len as isize;
        if out.is_empty() {
            out.push_str(&format!("--- {}\n+++ {}\n", diff_path("a/", path), diff_path("b/", path)));
        }
        let at = |start: usize, len: usize| if len == 0 { start } else { start + 1 };
        out.push_str(&format!(
            "@@ -{},{old_len} +{},{new_len} @@\n",
            at(old_start, old_len),
            at(new_start, new_len)
        ));
        let mut line = |mark: char, text: &str| {
            out.push(mark);
            out.push_str(text);
            if !text.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        };
        for l in &a[lead.0..lead.0 + lead.1] {
            line(' ', l);
        }
        for op in inner {
            match *op {
                DiffOp::Equal { old_index, len, .. } => (old_index..old_index + len).for_each(|i| line(' ', a[i])),
                _ => {
                    op.old_range().for_each(|i| line('-', a[i]));
                    op.new_range().for_each(|i| line('+', b[i]));
                }
            }
        }
        for l in &a[trail.0..trail.0 + trail.1] {
            line(' ', l);
        }
    }
    Ok(out)
}

/// The file a write to `path` must change: the target of a symbolic link, so that fixing through a
/// link fixes the file it points at and keeps the link.
fn write_target(path: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        std::fs::canonicalize(path)
    } else {
        Ok(path.to_owned())
    }
}

/// Suffix of the temporary files `write_atomic` writes next to their target.
const TMP_SUFFIX: &str = ".shipshape-tmp";

/// Write `text` to `path` atomically (a hidden temporary file beside the target, then a rename),
/// keeping its permissions, and through a symbolic link to the file it points at. A temporary file
/// left by a killed run is named `.<name>.<random>.shipshape-tmp` and removed by the next write to
/// the same file once it is a minute old (a concurrent run's is younger).
pub fn write_atomic(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let target = write_target(path)?;
    let perms = std::fs::metadata(&target)?.permissions();
    let tmp = temporary_beside(&target, text)?;
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// The text of a file after a fix's change to it (see [`crate::diagnostic::FileChange`]), from its
/// current text (`None`: it does not exist); `None` when the change does not apply (a file to
/// create exists, a file to append to does not). Appended lines take the file's line endings.
pub fn apply_file_op(op: &crate::diagnostic::FileOp, current: Option<&str>) -> Option<String> {
    use crate::diagnostic::FileOp;
    match (op, current) {
        (FileOp::Create(content), None) => Some(content.clone()),
        (FileOp::Append(lines), Some(text)) => {
            let crlf = text.contains("\r\n");
            let mut out = text.to_owned();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(if crlf { "\r\n" } else { "\n" });
            }
            for line in lines.lines() {
                out.push_str(line);
                out.push_str(if crlf { "\r\n" } else { "\n" });
            }
            Some(out)
        }
        _ => None,
    }
}

/// Create the file `path` with `text` atomically (a temporary file beside it, then a link that
/// fails if the file appeared meanwhile): never overwrites.
pub fn create_atomic(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    temporary_beside(path, text)?.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// A hidden temporary file beside `target` (`.<name>.<random>.shipshape-tmp`) holding `text`,
/// synced, after removing the stale ones of killed runs.
fn temporary_beside(target: &std::path::Path, text: &str) -> std::io::Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_stale_temporaries(dir, &name);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

fn remove_stale_temporaries(dir: &std::path::Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let n = file_name.to_string_lossy();
        let stale = n.starts_with(&prefix)
            && n.ends_with(TMP_SUFFIX)
            && e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(60));
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::span::Span;

    #[test]
    fn file_ops_create_append_and_keep_line_endings() {
        use crate::diagnostic::FileOp;
        let create = FileOp::Create(".git\n".into());
        assert_eq!(apply_file_op(&create, None).as_deref(), Some(".git\n"));
        assert_eq!(apply_file_op(&create, Some("x\n")), None, "never overwrites");
        let append = FileOp::Append(".git\nnode_modules\n".into());
        assert_eq!(apply_file_op(&append, None), None);
        assert_eq!(apply_file_op(&append, Some("dist")).as_deref(), Some("dist\n.git\nnode_modules\n"));
        assert_eq!(
            apply_file_op(&append, Some("dist\r\n")).as_deref(),
            Some("dist\r\n.git\r\nnode_modules\r\n")
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dockerignore");
        create_atomic(&path, ".git\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), ".git\n");
        assert!(create_atomic(&path, "other\n").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), ".git\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }

    #[test]
    fn applies_edits_in_order() {
        let fix = Fix::safe("x", vec![Edit::replace(Span::new(4, 5), "B"), Edit::insert(0, ">")]);
        assert_eq!(apply_fix("abc d e", &fix).unwrap(), ">abc B e");
        let bad = Fix::safe("x", vec![Edit::replace(Span::new(0, 99), "")]);
        assert!(apply_fix("abc", &bad).is_none());
    }

    #[test]
    fn fixes_keep_crlf_line_endings_and_the_byte_order_mark() {
        let fix = Fix::safe("x", vec![Edit::insert(0, "# a\nb\r\n")]);
        assert_eq!(apply_all("\u{feff}x\r\ny\r\n", &[&fix]).unwrap(), "\u{feff}# a\r\nb\r\nx\r\ny\r\n");
        // A file whose first line ends in LF keeps the replacement as written.
        assert_eq!(apply_all("x\ny\r\n", &[&fix]).unwrap(), "# a\nb\r\nx\ny\r\n");
    }

    #[test]
    fn diff_keeps_lone_carriage_returns_inside_lines_and_marks_missing_newlines() {
        let d = unified_diff("f", "a\rb\nc", &[], "a\rB\nc", &[]).unwrap();
        assert_eq!(
            d,
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\rb\n+a\rB\n c\n\\ No newline at end of file\n"
        );
        let d = unified_diff("f", "", &[], "x\n", &[]).unwrap();
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+x\n");
    }

    #[test]
    fn diff_new_start_follows_the_lines_removed_and_added_before_the_hunk() {
        // similar gives the leading deletion a new index of 1; the new range still starts at line 1.
        let d = unified_diff("f", "b\na\n", &[], "a\na\n", &[]).unwrap();
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-b\n a\n+a\n");
        let d = unified_diff("f", "\na\n", &[], "a\na\n", &[]).unwrap();
        assert!(d.contains("@@ -1,2 +1,2 @@"), "{d}");
        // A second hunk starts where the first one's lines moved it to.
        let old: String = (0..20).map(|i| format!("{i}\n")).collect();
        let new = old.replacen("0\n", "", 1).replacen("15\n", "15\nx\ny\n", 1);
        let d = unified_diff("f", &old, &[], &new, &[]).unwrap();
        assert!(d.contains("@@ -1,4 +1,3 @@"), "{d}");
        assert!(d.contains("@@ -14,6 +13,8 @@"), "{d}");
    }

    #[test]
    fn diff_leaves_out_context_lines_that_show_a_secret_or_is_withheld() {
        let old = "k: s3cr3t\nb\nc\nd\n";
        let new = "k: s3cr3t\nb\nc\nD\n";
        let secret = [Span::new(3, 9)];
        let d = unified_diff("f", old, &secret, new, &secret).unwrap();
        assert!(!d.contains("s3cr3t"), "{d}");
        assert!(d.contains("@@ -2,3 +2,3 @@"), "{d}");
        // The line right after the change is the secret and the hunk needs trailing context.
        let old = "a\nk: s3cr3t\nz\n";
        let new = "A\nk: s3cr3t\nz\n";
        let secret = [Span::new(5, 11)];
        assert_eq!(unified_diff("f", old, &secret, new, &secret), Err(DiffWithheld { line: 2 }));
    }

    #[test]
    fn removes_temporaries_a_killed_run_left_but_not_a_running_ones() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Dockerfile");
        std::fs::write(&file, "old").unwrap();
        let stale = dir.path().join(".Dockerfile.abc123.shipshape-tmp");
        let fresh = dir.path().join(".Dockerfile.def456.shipshape-tmp");
        std::fs::write(&stale, "").unwrap();
        std::fs::write(&fresh, "").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        write_atomic(&file, "new").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, "new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }
}
#[cfg(test)]
mod diff_headers {
    #[test]
    /// A hunk whose changes interleave deletions, an unchanged line and an insertion (found by the
    /// fuzzer: its header counted too few lines).
    fn hunk_headers_count_what_the_hunk_prints() {
        let old = "# Exclude files that may cause cache-busts. These are generally expected\n# to be in a global .gitignore, but still can cause the build-cache to\n# be invalidated.\n**/.DS_Store\n\n# exclusions below are copied from .gitignore at the root of the repository\n# when updating, consider updating .gitignore accordingly.\n\n/bin/\n/man/\ncoverage.txt\nprofile.out\ncontainerd.test\n_site/\n# Allow repeated builds without copying back previous builds\nreleases/*.tar.gz\nreleases/*.tar.gz.sha256sum\n_output/\n";
        let new = "# Exclude files that may cause cache-busts. These are generally expected\n# to be in a global .gitignore, but still can cause the build-cache to\n# be invalidated.\n**/.DS_Store\n/man/\n/man/\ncoverage.txt\nprofile.out\ncontainerd.test\n_site/\n# Allow repeated builds without copying back previous builds\nreleases/*.tar.gz\nreleases/*.tar.gz.sha256sum\n_output/ghp_FFryPziXbM63Gueie4jK2WYAP8jSX9Rq0mRs\n";
        let d = super::unified_diff("f", old, &[], new, &[]).unwrap();
        assert!(d.contains("@@ -2,12 +2,8 @@\n"), "{d}");
        assert!(d.contains("@@ -15,4 +11,4 @@\n"), "{d}");
    }
}
