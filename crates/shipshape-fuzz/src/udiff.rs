//! A strict unified-diff applier: what `--diff` prints must apply to the original text and give
//! exactly the fixed text. Stricter than `patch` and `git apply`: no fuzz, no offsets, no whitespace
//! leniency; hunk header counts must match the body; context and removed lines must match byte for
//! byte (a `\r` is part of its line, as git sees it); `\ No newline at end of file` marks the line
//! before it as the file's last, newline-less line.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Context,
    Removed,
    Added,
}

#[derive(Debug)]
struct HunkLine<'a> {
    tag: Tag,
    text: &'a str,
    newline: bool,
}

#[derive(Debug)]
struct Hunk<'a> {
    old_start: usize,
    old_len: usize,
    new_start: usize,
    new_len: usize,
    lines: Vec<HunkLine<'a>>,
    /// 1-based line of the header in the diff, for messages.
    at: usize,
}

/// `-a,b` or `-a` (length 1).
fn parse_range(s: &str) -> Option<(usize, usize)> {
    match s.split_once(',') {
        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
        None => Some((s.parse().ok()?, 1)),
    }
}

fn parse_header(line: &str) -> Option<(usize, usize, usize, usize)> {
    let rest = line.strip_prefix("@@ -")?;
    let (old, rest) = rest.split_once(" +")?;
    let (new, _) = rest.split_once(" @@")?;
    let (a, b) = parse_range(old)?;
    let (c, d) = parse_range(new)?;
    Some((a, b, c, d))
}

fn parse(diff: &str) -> Result<Vec<Hunk<'_>>, String> {
    let Some(body) = diff.strip_suffix('\n') else {
        return Err("malformed: the diff does not end with a newline".into());
    };
    let lines: Vec<&str> = body.split('\n').collect();
    if lines.len() < 2 || !lines[0].starts_with("--- ") || !lines[1].starts_with("+++ ") {
        return Err("malformed: the diff does not start with `--- ` and `+++ ` headers".into());
    }
    let mut hunks = Vec::new();
    let mut i = 2;
    while i < lines.len() {
        let at = i + 1;
        let (old_start, old_len, new_start, new_len) =
            parse_header(lines[i]).ok_or_else(|| format!("malformed: line {at}: expected a hunk header, found {:?}", lines[i]))?;
        i += 1;
        let mut hunk = Hunk {
            old_start,
            old_len,
            new_start,
            new_len,
            lines: Vec::new(),
            at,
        };
        let (mut old_seen, mut new_seen) = (0, 0);
        while old_seen < old_len || new_seen < new_len {
            let Some(line) = lines.get(i) else {
                return Err(format!(
                    "count mismatch: hunk at line {at}: the diff ends after {old_seen}/{old_len} old and {new_seen}/{new_len} new lines"
                ));
            };
            let tag = match line.as_bytes().first() {
                Some(b' ') => Tag::Context,
                Some(b'-') => Tag::Removed,
                Some(b'+') => Tag::Added,
                Some(b'\\') => {
                    mark_no_newline(&mut hunk, line, i + 1)?;
                    i += 1;
                    continue;
                }
                _ => return Err(format!("malformed: line {}: not a hunk line: {line:?}", i + 1)),
            };
            if matches!(tag, Tag::Context | Tag::Removed) {
                old_seen += 1;
            }
            if matches!(tag, Tag::Context | Tag::Added) {
                new_seen += 1;
            }
            if old_seen > old_len || new_seen > new_len {
                return Err(format!("count mismatch: hunk at line {at}: more lines than its header counts"));
            }
            hunk.lines.push(HunkLine {
                tag,
                text: &line[1..],
                newline: true,
            });
            i += 1;
        }
        while let Some(line) = lines.get(i).filter(|l| l.starts_with('\\')) {
            mark_no_newline(&mut hunk, line, i + 1)?;
            i += 1;
        }
        hunks.push(hunk);
    }
    if hunks.is_empty() {
        return Err("malformed: the diff has no hunks".into());
    }
    Ok(hunks)
}

fn mark_no_newline(hunk: &mut Hunk, line: &str, at: usize) -> Result<(), String> {
    if line != "\\ No newline at end of file" {
        return Err(format!("malformed: line {at}: unknown marker {line:?}"));
    }
    match hunk.lines.last_mut() {
        Some(prev) if prev.newline => {
            prev.newline = false;
            Ok(())
        }
        _ => Err(format!("malformed: line {at}: `\\ No newline at end of file` follows no line")),
    }
}

/// `text` as lines without their `\n`, each with whether it had one.
fn split_lines(text: &str) -> Vec<(&str, bool)> {
    text.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(s) => (s, true),
            None => (l, false),
        })
        .collect()
}

/// Apply `diff` to `original` strictly; the patched text, or why the diff does not apply.
pub fn apply(original: &str, diff: &str) -> Result<String, String> {
    let hunks = parse(diff)?;
    let old = split_lines(original);
    let mut out: Vec<(&str, bool)> = Vec::with_capacity(old.len());
    let mut cursor = 0;
    for h in &hunks {
        // A pure insertion names the line it follows; anything else its first line.
        let start = if h.old_len == 0 {
            h.old_start
        } else {
            h.old_start.checked_sub(1).ok_or("malformed: old start 0 with lines")?
        };
        if start < cursor || start > old.len() {
            return Err(format!(
                "misplaced hunk: hunk at line {}: starts at old line {} (cursor {cursor}, {} lines)",
                h.at,
                h.old_start,
                old.len()
            ));
        }
        out.extend_from_slice(&old[cursor..start]);
        let expected_new = if h.new_len == 0 { out.len() } else { out.len() + 1 };
        if h.new_start != expected_new {
            return Err(format!(
                "new start mismatch: hunk at line {}: new start {} but the result is at line {expected_new}",
                h.at, h.new_start
            ));
        }
        let mut pos = start;
        for l in &h.lines {
            match l.tag {
                Tag::Context | Tag::Removed => {
                    let Some(&(text, newline)) = old.get(pos) else {
                        return Err(format!("past the end: hunk at line {}: runs past the end of the file", h.at));
                    };
                    if text != l.text || newline != l.newline {
                        return Err(format!(
                            "context mismatch: hunk at line {}: old line {} is {:?}{}, the diff says {:?}{}",
                            h.at,
                            pos + 1,
                            text,
                            if newline { "" } else { " (no newline)" },
                            l.text,
                            if l.newline { "" } else { " (no newline)" }
                        ));
                    }
                    pos += 1;
                    if l.tag == Tag::Context {
                        out.push((text, newline));
                    }
                }
                Tag::Added => out.push((l.text, l.newline)),
            }
        }
        cursor = pos;
    }
    out.extend_from_slice(&old[cursor..]);
    if let Some(i) = out.iter().rev().skip(1).position(|(_, nl)| !nl) {
        return Err(format!(
            "newline lost: line {} of the result has no newline but is not the last",
            out.len() - 1 - i
        ));
    }
    let mut s = String::with_capacity(original.len() + 64);
    for (text, newline) in out {
        s.push_str(text);
        if newline {
            s.push('\n');
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;
    use shipshape_core::fix::unified_diff;

    /// shipshape's own diff of two texts (no secrets to leave out).
    fn unified(old: &str, new: &str) -> String {
        unified_diff("f", old, &[], new, &[]).expect("no secret, so never withheld")
    }

    fn roundtrip(old: &str, new: &str) {
        let diff = unified(old, new);
        assert_eq!(apply(old, &diff).as_deref(), Ok(new), "diff:\n{diff}");
    }

    #[test]
    fn applies_plain_diffs() {
        roundtrip("a\nb\nc\n", "a\nB\nc\n");
        roundtrip("", "a\n");
        roundtrip("a\n", "");
        roundtrip(
            "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
            "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\nx\n",
        );
    }

    #[test]
    fn rejects_a_diff_whose_context_does_not_match() {
        let diff = unified("a\nb\nc\n", "a\nB\nc\n");
        assert!(apply("a\nb\nc\n", &diff).is_ok());
        assert!(apply("x\nb\nc\n", &diff).is_err(), "context line differs");
        assert!(apply("a\nb \nc\n", &diff).is_err(), "removed line differs by a space");
        assert!(apply("a\r\nb\r\nc\r\n", &diff).is_err(), "CRLF is not LF");
        assert!(apply("a\nb\nc", &diff).is_err(), "last context line lacks its newline");
    }

    #[test]
    fn rejects_wrong_counts_and_garbage() {
        let good = "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n";
        assert_eq!(apply("a\nb\n", good).as_deref(), Ok("a\nB\n"));
        for bad in [
            "--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n+B\n",
            "--- a/f\n+++ b/f\n@@ -1,2 +1,1 @@\n a\n-b\n+B\n",
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+B\ngarbage\n",
            "--- a/f\n+++ b/f\n@@ -1,2 +2,2 @@\n a\n-b\n+B\n",
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+B",
            "@@ -1,2 +1,2 @@\n a\n-b\n+B\n",
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n\n-b\n+B\n",
        ] {
            assert!(apply("a\nb\n", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hand_written_crlf_and_no_final_newline() {
        let crlf = "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n";
        assert_eq!(apply("a\r\nb\r\n", crlf).as_deref(), Ok("a\r\nB\r\n"));
        let no_nl = "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file\n";
        assert_eq!(apply("a\nb", no_nl).as_deref(), Ok("a\nB"));
        assert!(apply("a\nb\n", no_nl).is_err());
        let add_nl = "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-b\n\\ No newline at end of file\n+b\n";
        assert_eq!(apply("b", add_nl).as_deref(), Ok("b\n"));
        let lone_cr = "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\rb\n-c\n+C\n";
        assert_eq!(apply("a\rb\nc\n", lone_cr).as_deref(), Ok("a\rb\nC\n"));
    }

    #[test]
    fn accepts_a_crlf_files_diff() {
        roundtrip("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n");
        roundtrip("a\r\nb\r\n", "a\r\nb\r\nc\r\n");
        let diff = unified("x\r\ny\r\n", "x\r\nz\r\n");
        assert!(diff.contains("-y\r\n+z\r\n"));
        assert!(apply("x\ny\n", &diff).is_err());
    }

    #[test]
    fn accepts_a_file_without_final_newline() {
        roundtrip("a\nb", "a\nB");
        roundtrip("a\nb", "a\nb\n");
        roundtrip("a\nb\n", "a\nb");
        roundtrip("a", "b");
        let diff = unified("a\nb", "a\nB");
        assert!(diff.contains("\\ No newline at end of file"));
        assert!(
            apply("a\nb\n", &diff).is_err(),
            "the original's last line has a newline the diff says it lacks"
        );
    }

    /// A diff made here, independent of shipshape's: the common prefix and suffix (up to three lines
    /// each) as context, everything between removed and added.
    fn naive_diff(old: &str, new: &str) -> String {
        let (a, b) = (split_lines(old), split_lines(new));
        let mut pre = 0;
        while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
            pre += 1;
        }
        let mut suf = 0;
        while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf] {
            suf += 1;
        }
        let (lead, trail) = (pre.min(3), suf.min(3));
        let (from, a_end, b_end) = (pre - lead, a.len() - suf + trail, b.len() - suf + trail);
        let (old_len, new_len) = (a_end - from, b_end - from);
        let at = |len: usize| if len == 0 { from } else { from + 1 };
        let mut out = format!("--- a/f\n+++ b/f\n@@ -{},{old_len} +{},{new_len} @@\n", at(old_len), at(new_len));
        let mut line = |mark: char, (text, newline): (&str, bool)| {
            out.push(mark);
            out.push_str(text);
            out.push('\n');
            if !newline {
                out.push_str("\\ No newline at end of file\n");
            }
        };
        a[from..pre].iter().for_each(|l| line(' ', *l));
        a[pre..a.len() - suf].iter().for_each(|l| line('-', *l));
        b[pre..b.len() - suf].iter().for_each(|l| line('+', *l));
        a[a.len() - suf..a_end].iter().for_each(|l| line(' ', *l));
        out
    }

    #[test]
    fn random_edits_roundtrip() {
        let mut rng = Rng::new(9);
        let words = ["a", "b", "c", "", " x", "\t", "é", "a\r", "\r"];
        for _ in 0..5000 {
            let mut lines: Vec<String> = (0..rng.below(30)).map(|_| rng.pick(&words).to_string()).collect();
            let old = lines.join("\n") + if rng.chance(1, 2) { "\n" } else { "" };
            for _ in 0..rng.range(1, 4) {
                let at = rng.below(lines.len() + 1);
                match rng.below(3) {
                    0 => lines.insert(at, rng.pick(&words).to_string()),
                    1 if at < lines.len() => drop(lines.remove(at)),
                    _ if at < lines.len() => lines[at] = format!("{}!", lines[at]),
                    _ => {}
                }
            }
            let new = lines.join("\n") + if rng.chance(1, 2) { "\n" } else { "" };
            if new != old {
                let diff = naive_diff(&old, &new);
                assert_eq!(apply(&old, &diff).as_deref(), Ok(new.as_str()), "diff:\n{diff}");
                if old.lines().count() > 0 {
                    let other = format!("{old}~");
                    assert_ne!(apply(&other, &diff).as_deref(), Ok(new.as_str()));
                }
            }
        }
    }
}
