//! The files git tracks, read from the repository's index (`.git/index`, versions 2 to 4).
//!
//! A `.gitignore` says what git should not pick up, not what a linter may skip: a committed
//! `.env` or a `.gitlab-ci.yml` under a `.*` pattern is in the repository all the same. The walk
//! adds tracked files it passed over, so the index is read here, without git, as a stream.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// The work tree holding `dir` and its index, read as a stream: `each` is called with every
/// regular file the index tracks (its path relative to the work tree, as bytes), in the index's
/// order. Returns the work tree, or `None` when `dir` is in no git work tree or its index cannot
/// be read (possibly after some paths were given). A million tracked files are never held.
pub fn for_each_tracked(dir: &Path, each: impl FnMut(&[u8])) -> Option<PathBuf> {
    let (top, git_dir) = work_tree(dir)?;
    let index = std::fs::File::open(git_dir.join("index")).ok()?;
    let config = std::fs::read_to_string(git_dir.join("config")).unwrap_or_default();
    let hash_len = if config.to_ascii_lowercase().contains("objectformat = sha256") {
        32
    } else {
        20
    };
    read_index(std::io::BufReader::with_capacity(64 << 10, index), hash_len, each)?;
    Some(top)
}

/// The work tree holding `dir` (canonical) and its git directory: `.git`, or where a worktree's or
/// submodule's `.git` file points (`gitdir: <path>`).
pub fn work_tree(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let dir = std::fs::canonicalize(dir).ok()?;
    for top in dir.ancestors() {
        let dot_git = top.join(".git");
        let Ok(meta) = std::fs::metadata(&dot_git) else { continue };
        if meta.is_dir() {
            return Some((top.to_owned(), dot_git));
        }
        let text = std::fs::read_to_string(&dot_git).ok()?;
        let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
        return Some((top.to_owned(), top.join(target)));
    }
    None
}

/// The paths of the regular files (not links, not submodules) in an index file; `None` when it
/// is not one this reads.
pub fn parse_index(bytes: &[u8], hash_len: usize) -> Option<Vec<String>> {
    let mut out = Vec::new();
    read_index(bytes, hash_len, |p| {
        if let Ok(p) = std::str::from_utf8(p) {
            out.push(p.to_owned());
        }
    })?;
    Some(out)
}

/// Read an index (versions 2 to 4) entry by entry, giving each regular file's path to `each`;
/// `None` at the first thing that is not an index.
fn read_index(mut r: impl BufRead, hash_len: usize, mut each: impl FnMut(&[u8])) -> Option<()> {
    let mut head = [0u8; 12];
    r.read_exact(&mut head).ok()?;
    if &head[..4] != b"DIRC" {
        return None;
    }
    let version = u32::from_be_bytes(head[4..8].try_into().ok()?);
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = u32::from_be_bytes(head[8..12].try_into().ok()?);
    // Stat data (40 bytes, the mode at 24), the hash, then the flags.
    let mut fixed = vec![0u8; 40 + hash_len + 2];
    let mut name: Vec<u8> = Vec::new();
    let mut suffix: Vec<u8> = Vec::new();
    for _ in 0..count {
        r.read_exact(&mut fixed).ok()?;
        let mode = u32::from_be_bytes(fixed[24..28].try_into().ok()?);
        let flags = u16::from_be_bytes(fixed[fixed.len() - 2..].try_into().ok()?);
        let mut used = fixed.len();
        if version >= 3 && flags & 0x4000 != 0 {
            r.read_exact(&mut [0u8; 2]).ok()?;
            used += 2;
        }
        if version == 4 {
            // Prefix compression: drop N bytes from the end of the previous path, then append.
            let strip = varint(&mut r)?;
            name.truncate(name.len().checked_sub(strip)?);
            suffix.clear();
            r.read_until(0, &mut suffix).ok()?;
            if suffix.pop() != Some(0) {
                return None;
            }
            name.extend_from_slice(&suffix);
        } else {
            name.clear();
            r.read_until(0, &mut name).ok()?;
            if name.pop() != Some(0) {
                return None;
            }
            // Entries are padded with 1 to 8 NULs to a multiple of eight bytes (one read above).
            let len = used + name.len();
            let pad = (len + 8) / 8 * 8 - len - 1;
            r.read_exact(&mut [0u8; 8][..pad]).ok()?;
        }
        // 0o100644 / 0o100755: regular files; links (0o120000) and submodules (0o160000) are not.
        if mode >> 12 == 0b1000 {
            each(&name);
        }
    }
    Some(())
}

/// Git's offset varint (`varint.c`): seven bits a byte, high bit = more, plus one per extra byte.
fn varint(r: &mut impl Read) -> Option<usize> {
    let mut byte = [0u8; 1];
    r.read_exact(&mut byte).ok()?;
    let mut value = usize::from(byte[0] & 0x7f);
    while byte[0] & 0x80 != 0 {
        r.read_exact(&mut byte).ok()?;
        value = value.checked_add(1)?.checked_mul(128)? | usize::from(byte[0] & 0x7f);
    }
    Some(value)
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
        assert_eq!(varint(&mut &[0x80u8][..]), None);
    }
}
