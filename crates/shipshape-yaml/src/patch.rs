//! Comment-preserving edits: byte edits computed from node spans, with indentation taken from the
//! surrounding block, so everything the edit does not touch stays byte for byte.

use crate::tree::{NodeRef, Style};
use shipshape_core::Edit;

/// The column (in bytes) of `offset` on its line.
pub fn column(src: &str, offset: usize) -> usize {
    let line_start = src[..offset.min(src.len())].rfind('\n').map_or(0, |i| i + 1);
    offset - line_start
}

/// Byte offset of the start of the line holding `offset`.
pub fn line_start(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset just past the end of the line holding `offset` (after its `\n`, or the end of text).
pub fn line_end(src: &str, offset: usize) -> usize {
    src[offset.min(src.len())..].find('\n').map_or(src.len(), |i| offset + i + 1)
}

/// The line break the file uses.
pub fn newline(src: &str) -> &'static str {
    // The first line break decides (as the engine's fix application does): scanning the whole file
    // for every inserted key made fixes quadratic on large files.
    match src.find('\n') {
        Some(i) if src[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Indent every line of a multi-line YAML fragment by `indent` spaces (the first line too).
pub fn indent_block(text: &str, indent: usize, nl: &str) -> String {
    let pad = " ".repeat(indent);
    text.lines()
        .map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") })
        .collect::<Vec<_>>()
        .join(nl)
}

/// Insert `key: value` as a new entry of a block mapping, before the entry `before` when given and
/// present, else after the last entry. `value` may be a scalar or a block (lines after the first are
/// indented under the key). `None` for flow mappings and empty ones (no indentation to copy).
pub fn insert_entry(src: &str, map: NodeRef, key: &str, value: &str, before: Option<&str>) -> Option<Edit> {
    let map = map.resolve();
    if map.style() != Style::Block {
        return None;
    }
    let entries = map.entries();
    let (first_key, _) = entries.first()?;
    let indent = column(src, first_key.span().start);
    let nl = newline(src);
    let child = indent + 2;
    let body = match value.split_once('\n') {
        None => format!("{key}: {value}"),
        Some((head, rest)) => {
            let head = if head.is_empty() { String::new() } else { format!(" {head}") };
            format!("{key}:{head}{nl}{}", indent_block(rest, child, nl))
        }
    };
    if let Some((k, _)) = before.and_then(|b| entries.iter().find(|(k, _)| k.as_str() == Some(b)))
        && src[line_start(src, k.span().start)..k.span().start].bytes().all(|b| b == b' ')
        && line_start(src, k.span().start) + indent == k.span().start
    {
        let at = line_start(src, k.span().start);
        return Some(Edit::insert(at, format!("{}{body}{nl}", " ".repeat(indent))));
    }
    let (_, last) = entries
        .iter()
        .rfind(|(k, _)| k.span().start >= map.span().start && k.span().end <= map.span().end)?;
    let at = line_end(src, last.span().end);
    let lead = if at == src.len() && !src.ends_with('\n') { nl } else { "" };
    Some(Edit::insert(at, format!("{lead}{}{body}{nl}", " ".repeat(indent))))
}
