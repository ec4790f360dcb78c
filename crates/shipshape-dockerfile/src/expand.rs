//! `ARG`/`ENV` variable expansion: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}`, `${VAR-x}`.

use std::collections::HashMap;

/// Expand variables in `s`. Returns `None` when a variable has no known value (rules then stay silent).
pub fn expand(s: &str, vars: &HashMap<String, String>) -> Option<String> {
    expand_depth(s, vars, 0)
}

fn expand_depth(s: &str, vars: &HashMap<String, String>, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    if !s.contains('$') {
        return Some(s.to_owned());
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if b[i] != b'$' {
            let ch = s[i..].chars().next()?;
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        if b.get(i + 1) == Some(&b'{') {
            let close = find_close(s, i + 2)?;
            let inner = &s[i + 2..close];
            let name_end = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            let op = &inner[name_end..];
            let val = vars.get(name).map(String::as_str);
            let expanded = if op.is_empty() {
                val?.to_owned()
            } else if let Some(d) = op.strip_prefix(":-") {
                match val {
                    Some(v) if !v.is_empty() => v.to_owned(),
                    _ => expand_depth(d, vars, depth + 1)?,
                }
            } else if let Some(d) = op.strip_prefix('-') {
                match val {
                    Some(v) => v.to_owned(),
                    None => expand_depth(d, vars, depth + 1)?,
                }
            } else if let Some(a) = op.strip_prefix(":+") {
                match val {
                    Some(v) if !v.is_empty() => expand_depth(a, vars, depth + 1)?,
                    _ => String::new(),
                }
            } else if let Some(a) = op.strip_prefix('+') {
                match val {
                    Some(_) => expand_depth(a, vars, depth + 1)?,
                    None => String::new(),
                }
            } else {
                // `${VAR:?err}`, `${VAR#pat}`, `${VAR%pat}`…: only the plain value is safe to assume.
                return None;
            };
            out.push_str(&expanded);
            i = close + 1;
        } else {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            if j == start {
                out.push('$');
                i += 1;
                continue;
            }
            out.push_str(vars.get(&s[start..j])?);
            i = j;
        }
    }
    Some(out)
}

fn find_close(s: &str, from: usize) -> Option<usize> {
    let mut depth = 1;
    for (k, c) in s[from..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(from + k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Parse `ARG`/`ENV` arguments into (name, optional value) pairs, supporting `k=v k2="v 2"` and legacy `ENV k v`.
pub fn key_values(words: &[crate::parser::Word], legacy_space_form: bool) -> Vec<(String, Option<String>, shipshape_core::Span)> {
    if legacy_space_form && words.len() >= 2 && !words[0].text.contains('=') {
        let span = words[0].span.cover(words[words.len() - 1].span);
        let value = words[1..].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        return vec![(words[0].text.clone(), Some(value), span)];
    }
    words
        .iter()
        .map(|w| match w.text.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned()), w.span),
            None => (w.text.clone(), None, w.span),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_forms() {
        let mut vars = HashMap::new();
        vars.insert("A".to_owned(), "1".to_owned());
        vars.insert("E".to_owned(), String::new());
        assert_eq!(expand("x$A-${A}", &vars).as_deref(), Some("x1-1"));
        assert_eq!(expand("${B:-d}", &vars).as_deref(), Some("d"));
        assert_eq!(expand("${E:-d}", &vars).as_deref(), Some("d"));
        assert_eq!(expand("${E-d}", &vars).as_deref(), Some(""));
        assert_eq!(expand("${A:+yes}", &vars).as_deref(), Some("yes"));
        assert_eq!(expand("${B:-${A}}", &vars).as_deref(), Some("1"));
        assert_eq!(expand("$B", &vars), None);
        assert_eq!(expand("${A%x}", &vars), None);
        assert_eq!(expand("\\$A", &vars).as_deref(), Some("$A"));
    }
}
