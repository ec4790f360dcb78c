//! The files git tracks, read from the repository's index (`.git/index`, versions 2 to 4).
//!
//! A `.gitignore` says what git should not pick up, not what a linter may skip: a committed
//! `.env` or a `.gitlab-ci.yml` under a `.*` pattern is in the repository all the same. The walk
//! adds tracked files it passed over, so the index is read here, without git, within bounds.

use std::path::{Path, PathBuf};

/// Largest index read (a repository of a million files has an index of about 100 MiB).
const MAX_INDEX: u64 = 256 << 20;

/// The work tree holding `dir` and the regular files its index tracks there (paths relative to
/// the work tree). `None` when `dir` is in no git work tree or the index cannot be read.
pub fn tracked_files(dir: &Path) -> Option<(PathBuf, Vec<PathBuf>)> {
    let dir = std::fs::canonicalize(dir).ok()?;
    for top in dir.ancestors() {
        let dot_git = top.join(".git");
        let Ok(meta) = std::fs::metadata(&dot_git) else { continue };
        let git_dir = if meta.is_dir() {
            dot_git
        } else {
            // A worktree or submodule: `.git` is a file saying `gitdir: <path>`.
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
            top.join(target)
        };
        let index = git_dir.join("index");
        if std::fs::metadata(&index).ok()?.len() > MAX_INDEX {
            return None;
        }
        let bytes = std::fs::read(&index).ok()?;
        let config = std::fs::read_to_string(git_dir.join("config")).unwrap_or_default();
        let hash_len = if config.to_ascii_lowercase().contains("objectformat = sha256") {
            32
        } else {
            20
        };
        let paths = parse_index(&bytes, hash_len)?;
        return Some((top.to_owned(), paths.into_iter().map(PathBuf::from).collect()));
    }
    None
}

/// The paths of the regular files (not links, not submodules) in an index file; `None` when it
/// is not one this reads.
pub fn parse_index(bytes: &[u8], hash_len: usize) -> Option<Vec<String>> {
    let u32_at = |at: usize| -> Option<u32> { Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)) };
    if bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = u32_at(4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = u32_at(8)? as usize;
    let mut out = Vec::with_capacity(count.min(bytes.len() / 62));
    let mut at = 12;
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = at;
        let mode = u32_at(at + 24)?;
        at += 40 + hash_len;
        let flags = u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?);
        at += 2;
        if version >= 3 && flags & 0x4000 != 0 {
            at += 2;
        }
        let name: Vec<u8> = if version == 4 {
            // Prefix compression: drop N bytes from the end of the previous path, then append.
            let (strip, used) = varint(bytes.get(at..)?)?;
            at += used;
            let len = bytes.get(at..)?.iter().position(|&b| b == 0)?;
            let keep = previous.len().checked_sub(strip)?;
            let mut name = previous[..keep].to_vec();
            name.extend_from_slice(&bytes[at..at + len]);
            at += len + 1;
            name
        } else {
            let len = bytes.get(at..)?.iter().position(|&b| b == 0)?;
            let name = bytes[at..at + len].to_vec();
            // Entries are padded with 1 to 8 NULs to a multiple of eight bytes.
            at = start + (at - start + len + 8) / 8 * 8;
            name
        };
        // 0o100644 / 0o100755: regular files; links (0o120000) and submodules (0o160000) are not.
        if mode >> 12 == 0b1000
            && let Ok(path) = std::str::from_utf8(&name)
        {
            out.push(path.to_owned());
        }
        previous = name;
    }
    Some(out)
}

/// Git's offset varint (`varint.c`): seven bits a byte, high bit = more, plus one per extra byte.
fn varint(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = usize::from(*bytes.first()? & 0x7f);
    let mut used = 1;
    while bytes[used - 1] & 0x80 != 0 {
        let b = *bytes.get(used)?;
        value = value.checked_add(1)?.checked_mul(128)? | usize::from(b & 0x7f);
        used += 1;
    }
    Some((value, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index entry as git writes it: 40 bytes of stat data with `mode`, a hash, flags, the path.
    fn entry(version: u32, mode: u32, path: &str, strip: Option<u8>) -> Vec<u8> {
        let mut e = vec![0u8; 24];
        e.extend_from_slice(&mode.to_be_bytes());
        e.extend_from_slice(&[0u8; 12]);
        e.extend_from_slice(&[0xab; 20]);
        e.extend_from_slice(&(path.len().min(0xfff) as u16).to_be_bytes());
        if let Some(n) = strip {
            e.push(n);
        }
        e.extend_from_slice(path.as_bytes());
        if version == 4 {
            e.push(0);
        } else {
            let len = e.len();
            e.resize((len + 8) / 8 * 8, 0);
        }
        e
    }

    fn index(version: u32, entries: &[Vec<u8>]) -> Vec<u8> {
        let mut b = b"DIRC".to_vec();
        b.extend_from_slice(&version.to_be_bytes());
        b.extend_from_slice(&(entries.len() as u32).to_be_bytes());
        entries.iter().for_each(|e| b.extend_from_slice(e));
        b.extend_from_slice(&[0u8; 20]);
        b
    }

    #[test]
    fn reads_regular_files_of_version_2_and_4_indexes() {
        let v2 = index(
            2,
            &[
                entry(2, 0o100644, ".gitlab-ci.yml", None),
                entry(2, 0o120000, "link", None),
                entry(2, 0o100755, "scripts/deploy.sh", None),
                entry(2, 0o160000, "vendor/sub", None),
            ],
        );
        assert_eq!(parse_index(&v2, 20).unwrap(), [".gitlab-ci.yml", "scripts/deploy.sh"]);
        // Version 4: `.github/workflows/b.yml` keeps 18 bytes of `.github/workflows/a.yml`.
        let v4 = index(
            4,
            &[
                entry(4, 0o100644, ".github/workflows/a.yml", Some(0)),
                entry(4, 0o100644, "b.yml", Some(5)),
            ],
        );
        assert_eq!(
            parse_index(&v4, 20).unwrap(),
            [".github/workflows/a.yml", ".github/workflows/b.yml"]
        );
    }

    #[test]
    fn a_truncated_or_foreign_file_is_not_an_index() {
        let v2 = index(2, &[entry(2, 0o100644, "Dockerfile", None)]);
        for cut in [0, 3, 11, 30, 70] {
            assert_eq!(parse_index(&v2[..cut], 20), None, "cut at {cut}");
        }
        assert_eq!(parse_index(b"PACK\0\0\0\x02\0\0\0\x01", 20), None);
        // A v4 entry that strips more than the previous path had.
        assert_eq!(parse_index(&index(4, &[entry(4, 0o100644, "x", Some(9))]), 20), None);
        assert_eq!(varint(&[0x80]), None);
    }
}
