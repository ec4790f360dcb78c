//! A small reading of `run:` scripts: which text a command prints to the job log.
//!
//! Not a shell parser: it splits a script into commands (pipelines, `;`/`&&`/`||`/newlines,
//! `$( … )` and backtick substitutions, `{ … }`/`( … )` groups, `if`/`while`/`for`/`case`
//! bodies, heredocs) well enough to tell whether a piece of text is an argument of `echo` or
//! `printf` (or a heredoc fed to `cat`) whose output reaches the log: not redirected to a file,
//! not piped into another command (`tee` passes it on), not captured by a substitution.
//! When unsure it answers "does not print", which callers read as the milder finding.

/// How backticks read: command substitution in POSIX shells, an escape in PowerShell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Posix,
    PowerShell,
}

/// Whether `script` prints `needle` to the log: some occurrence of it is an argument of a command
/// that writes its arguments (or its here-document) to standard output, and that output reaches
/// the log.
pub fn prints(script: &str, needle: &str, dialect: Dialect) -> bool {
    if needle.is_empty() || !script.contains(needle) {
        return false;
    }
    let mut p = Parser {
        s: script.as_bytes(),
        i: 0,
        cmds: Vec::new(),
        heredocs: Vec::new(),
        ps: dialect == Dialect::PowerShell,
    };
    p.list(0, Parent::Top, End::Eof);
    script.match_indices(needle).any(|(at, _)| p.prints_at(at))
}

/// Deeper nesting than this is read as plain text (hostile inputs must not overflow the stack).
const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Top,
    /// Inside a `{ … }`, `( … )` or compound command: its output goes where the group's goes.
    Group(usize),
    /// Inside a `$( … )` or backticks in a word of this command: its output becomes that word.
    Sub(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Eof,
    Paren,
    Backtick,
    Brace,
    Word(&'static str),
}

struct Cmd {
    /// The command's name, lower-cased, without its directory (`/bin/echo` → `echo`).
    name: String,
    /// Its argument words (with any substitutions in them).
    args: Vec<(usize, usize)>,
    /// Here-documents and here-strings: its standard input.
    input: Vec<(usize, usize)>,
    depth: usize,
    parent: Parent,
    /// Standard output goes to a file (or is closed).
    to_file: bool,
    /// PowerShell's host stream (`6>`, `*>`) goes to a file.
    host_to_file: bool,
    /// `printf -v NAME`: assigns instead of printing.
    assigns: bool,
    /// The next command of its pipeline.
    next: Option<usize>,
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    cmds: Vec<Cmd>,
    /// Here-documents whose bodies start at the next newline: command, delimiter.
    heredocs: Vec<(usize, String)>,
    ps: bool,
}

/// Words that start a command without being its name.
const PREFIXES: &[&str] = &["then", "else", "elif", "do", "!", "time", "command", "builtin", "exec", "sudo"];

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.s.get(self.i + n).copied()
    }

    /// The escape character: `\` in POSIX shells, a backtick in PowerShell.
    fn escape(&self) -> u8 {
        if self.ps { b'`' } else { b'\\' }
    }

    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            if c == b' ' || c == b'\t' || c == b'\r' {
                self.i += 1;
            } else if c == self.escape() && self.peek_at(1) == Some(b'\n') {
                // A line continuation.
                self.i += 2;
            } else {
                break;
            }
        }
    }

    fn skip_line(&mut self) {
        while self.peek().is_some_and(|c| c != b'\n') {
            self.i += 1;
        }
    }

    /// At a newline: step over it and read the bodies of the here-documents opened on its line.
    fn newline(&mut self) {
        self.i += 1;
        for (cmd, delim) in std::mem::take(&mut self.heredocs) {
            let start = self.i;
            let mut end = self.s.len();
            while self.i < self.s.len() {
                let line_start = self.i;
                self.skip_line();
                let line = String::from_utf8_lossy(&self.s[line_start..self.i]);
                if self.peek() == Some(b'\n') {
                    self.i += 1;
                }
                if line.trim() == delim {
                    end = line_start;
                    break;
                }
            }
            self.cmds[cmd].input.push((start, end));
        }
    }

    /// Whether the next word is `word`, standing alone.
    fn at_word(&self, word: &str) -> bool {
        self.s[self.i..].starts_with(word.as_bytes())
            && self
                .s
                .get(self.i + word.len())
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'>' | b'<' | b')'))
    }

    /// A list of commands up to `end` (which is consumed).
    fn list(&mut self, depth: usize, parent: Parent, end: End) {
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return,
                Some(b'\n') => self.newline(),
                Some(b'#') => self.skip_line(),
                Some(b';' | b'&' | b'|') => self.i += 1,
                Some(b')') => {
                    self.i += 1;
                    if end == End::Paren {
                        return;
                    }
                }
                Some(b'`') if end == End::Backtick => {
                    self.i += 1;
                    return;
                }
                Some(_) => {
                    let closer = match end {
                        End::Brace => Some("}"),
                        End::Word(w) => Some(w),
                        _ => None,
                    };
                    if let Some(w) = closer
                        && self.at_word(w)
                    {
                        self.i += w.len();
                        return;
                    }
                    self.pipeline(depth, parent, end);
                }
            }
        }
    }

    fn pipeline(&mut self, depth: usize, parent: Parent, end: End) {
        let mut prev: Option<usize> = None;
        loop {
            let c = self.command(depth, parent, end);
            if let Some(p) = prev {
                self.cmds[p].next = Some(c);
            }
            prev = Some(c);
            self.skip_blanks();
            if self.peek() == Some(b'|') && self.peek_at(1) != Some(b'|') {
                self.i += 1;
                if self.peek() == Some(b'&') {
                    self.i += 1;
                }
                loop {
                    self.skip_blanks();
                    match self.peek() {
                        Some(b'\n') => self.newline(),
                        Some(b'#') => self.skip_line(),
                        _ => break,
                    }
                }
                if self.peek().is_none_or(|c| matches!(c, b';' | b'&' | b'|' | b')')) {
                    return;
                }
                continue;
            }
            return;
        }
    }

    /// One command: its words and redirections, or a group and the redirections after it.
    fn command(&mut self, depth: usize, parent: Parent, end: End) -> usize {
        let idx = self.cmds.len();
        self.cmds.push(Cmd {
            name: String::new(),
            args: Vec::new(),
            input: Vec::new(),
            depth,
            parent,
            to_file: false,
            host_to_file: false,
            assigns: false,
            next: None,
        });
        let mut named = false;
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else { break };
            match c {
                b'\n' | b';' | b'|' | b')' => break,
                b'&' if self.peek_at(1) != Some(b'>') => break,
                b'`' if end == End::Backtick && !self.ps => break,
                b'#' => {
                    self.skip_line();
                    break;
                }
                b'<' | b'>' | b'&' => self.redirect(idx),
                b'0'..=b'9' if matches!(self.peek_at(1), Some(b'<' | b'>')) => self.redirect(idx),
                b'*' if self.ps && self.peek_at(1) == Some(b'>') => self.redirect(idx),
                b'(' if !named => {
                    self.i += 1;
                    named = true;
                    self.group(idx, depth, End::Paren);
                }
                _ => {
                    let (start, stop) = self.word(idx, depth, end);
                    let text = String::from_utf8_lossy(&self.s[start..stop]).into_owned();
                    if named {
                        if self.cmds[idx].name == "printf" && self.cmds[idx].args.is_empty() && text.starts_with("-v") {
                            self.cmds[idx].assigns = true;
                        }
                        self.cmds[idx].args.push((start, stop));
                        continue;
                    }
                    let lower = text.to_ascii_lowercase();
                    let closer = match lower.as_str() {
                        "{" => Some(End::Brace),
                        "if" => Some(End::Word("fi")),
                        "while" | "until" | "for" | "select" => Some(End::Word("done")),
                        "case" => Some(End::Word("esac")),
                        _ => None,
                    };
                    if let Some(closer) = closer.filter(|_| !self.ps) {
                        named = true;
                        self.group(idx, depth, closer);
                    } else if PREFIXES.contains(&lower.as_str()) || is_assignment(&text) {
                    } else {
                        named = true;
                        self.cmds[idx].name = lower.rsplit(['/', '\\']).next().unwrap_or_default().to_owned();
                    }
                }
            }
        }
        idx
    }

    /// The body of a group that `idx` stands for.
    fn group(&mut self, idx: usize, depth: usize, end: End) {
        self.cmds[idx].name = "{".into();
        if depth < MAX_DEPTH {
            self.list(depth + 1, Parent::Group(idx), end);
        }
    }

    /// A redirection: `[n]>`, `>>`, `>|`, `&>`, `>&n`, `<`, `<<[-]DELIM`, `<<<WORD`, `*>` (PowerShell).
    fn redirect(&mut self, idx: usize) {
        let fd = match self.peek() {
            Some(c @ (b'0'..=b'9' | b'&' | b'*')) => {
                self.i += 1;
                Some(c)
            }
            _ => None,
        };
        if self.peek() == Some(b'<') {
            self.i += 1;
            if self.peek() == Some(b'<') {
                self.i += 1;
                if self.peek() == Some(b'<') {
                    self.i += 1;
                    self.skip_blanks();
                    let w = self.word(idx, self.cmds[idx].depth, End::Eof);
                    self.cmds[idx].input.push(w);
                    return;
                }
                if self.peek() == Some(b'-') {
                    self.i += 1;
                }
                self.skip_blanks();
                let (start, stop) = self.word(idx, self.cmds[idx].depth, End::Eof);
                let delim: String = String::from_utf8_lossy(&self.s[start..stop])
                    .chars()
                    .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                    .collect();
                self.heredocs.push((idx, delim));
                return;
            }
            if matches!(self.peek(), Some(b'&' | b'>')) {
                self.i += 1;
            }
            self.skip_blanks();
            self.word(idx, self.cmds[idx].depth, End::Eof);
            return;
        }
        // `>`
        self.i += 1;
        let mut dup = false;
        match self.peek() {
            Some(b'>' | b'|') => self.i += 1,
            Some(b'&') => {
                self.i += 1;
                dup = true;
            }
            _ => {}
        }
        self.skip_blanks();
        if self.peek().is_none_or(|c| matches!(c, b'\n' | b';' | b'|' | b'&')) {
            return;
        }
        let (start, stop) = self.word(idx, self.cmds[idx].depth, End::Eof);
        let target = &self.s[start..stop];
        // `>&2`, `>/dev/stderr`: still the log. `>&-` closes it; anything else is a file.
        let to_log = (dup && target.iter().all(u8::is_ascii_digit))
            || matches!(target, b"/dev/stdout" | b"/dev/stderr" | b"/dev/tty" | b"/dev/fd/1" | b"/dev/fd/2");
        if to_log {
            return;
        }
        let cmd = &mut self.cmds[idx];
        match fd {
            None | Some(b'1') => cmd.to_file = true,
            Some(b'&' | b'*') => {
                cmd.to_file = true;
                cmd.host_to_file = true;
            }
            Some(b'6') => cmd.host_to_file = true,
            _ => {}
        }
    }

    /// One word (at least one byte), with the substitutions in it read as commands of `idx`.
    fn word(&mut self, idx: usize, depth: usize, end: End) -> (usize, usize) {
        let start = self.i;
        let mut quote: Option<u8> = None;
        while let Some(c) = self.peek() {
            match (quote, c) {
                (Some(b'\''), b'\'') | (Some(b'"'), b'"') => {
                    quote = None;
                    self.i += 1;
                }
                (Some(b'\''), _) => self.i += 1,
                (None, b'\'' | b'"') => {
                    quote = Some(c);
                    self.i += 1;
                }
                (_, b'\\') if !self.ps => self.i += 2,
                (_, b'`') if self.ps => self.i += 2,
                (_, b'$') if self.peek_at(1) == Some(b'(') && self.peek_at(2) != Some(b'(') => {
                    self.i += 2;
                    if depth < MAX_DEPTH {
                        self.list(depth + 1, Parent::Sub(idx), End::Paren);
                    }
                }
                (_, b'$') if matches!(self.peek_at(1), Some(b'(' | b'{')) => {
                    self.i += 1;
                    self.balanced();
                }
                (_, b'`') => {
                    if end == End::Backtick && quote.is_none() {
                        break;
                    }
                    self.i += 1;
                    if depth < MAX_DEPTH {
                        self.list(depth + 1, Parent::Sub(idx), End::Backtick);
                    }
                }
                (None, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b')') => break,
                _ => self.i += 1,
            }
        }
        if self.i == start {
            self.i += 1;
        }
        self.i = self.i.min(self.s.len());
        (start, self.i)
    }

    /// Steps over a balanced `( … )` or `{ … }` (arithmetic, `${…}`, `${{ … }}`) as plain text.
    fn balanced(&mut self) {
        let (open, close) = if self.peek() == Some(b'(') { (b'(', b')') } else { (b'{', b'}') };
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            } else if c == b'\n' && open == b'{' {
                return;
            }
        }
    }

    /// Whether the occurrence at `at` is printed by the innermost command holding it.
    fn prints_at(&self, at: usize) -> bool {
        let within = |r: &[(usize, usize)]| r.iter().any(|&(s, e)| s <= at && at < e);
        let Some((idx, cmd)) = self
            .cmds
            .iter()
            .enumerate()
            .filter(|(_, c)| within(&c.args) || within(&c.input))
            .max_by_key(|(_, c)| c.depth)
        else {
            return false;
        };
        match cmd.name.as_str() {
            "echo" | "printf" | "write-output" | "write-host" => within(&cmd.args) && self.writes_to_log(idx),
            "cat" | "tee" | "tee-object" => within(&cmd.input) && self.reaches_log(idx),
            _ => false,
        }
    }

    /// Whether a command writes its arguments to the log.
    fn writes_to_log(&self, idx: usize) -> bool {
        let cmd = &self.cmds[idx];
        match cmd.name.as_str() {
            // The host stream: pipes and `>` do not take it.
            "write-host" => !cmd.host_to_file,
            "echo" | "printf" | "write-output" => !cmd.assigns && self.reaches_log(idx),
            _ => false,
        }
    }

    /// Whether a command's standard output reaches the log.
    fn reaches_log(&self, mut idx: usize) -> bool {
        loop {
            let cmd = &self.cmds[idx];
            if cmd.to_file {
                return false;
            }
            if let Some(next) = cmd.next {
                // `tee` copies its input to its output; anything else consumes it.
                if !matches!(self.cmds[next].name.as_str(), "tee" | "tee-object") {
                    return false;
                }
                idx = next;
                continue;
            }
            match cmd.parent {
                Parent::Top => return true,
                Parent::Group(g) => idx = g,
                Parent::Sub(holder) => return self.writes_to_log(holder),
            }
        }
    }
}

/// `NAME=value`: an assignment before a command's name.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') && !name.as_bytes()[0].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "${{ secrets.X }}";

    fn sh(script: &str) -> bool {
        prints(script, S, Dialect::Posix)
    }

    #[test]
    fn printing_commands() {
        for script in [
            "echo ${{ secrets.X }}",
            "echo \"token=${{ secrets.X }}\"",
            "printf '%s\\n' '${{ secrets.X }}'",
            "set -e\nif true; then\n  echo \"${{ secrets.X }}\"\nfi",
            "echo \"${{ secrets.X }}\" | tee out.txt",
            "echo ${{ secrets.X }} >&2",
            "echo ${{ secrets.X }} 2>/dev/null",
            "echo ${{ secrets.X }} > /dev/stderr",
            "cat <<EOF\nvalue: ${{ secrets.X }}\nEOF",
            "cat <<< \"${{ secrets.X }}\"",
            "echo \"$(printf '%s' '${{ secrets.X }}')\"",
            "FOO=1 echo ${{ secrets.X }}",
            "{ echo ${{ secrets.X }}; } | tee log",
            "curl x && echo ${{ secrets.X }}",
            "echo a \\\n  ${{ secrets.X }}",
        ] {
            assert!(sh(script), "{script}");
        }
    }

    #[test]
    fn not_printing() {
        for script in [
            "docker buildx imagetools create -t ${{ secrets.X }}/app:1 \\\n  $(printf '${{ secrets.X }}/app@sha256:%s ' *)",
            "if [ ! -z \"${{ secrets.X }}\" ]; then\n  echo \"${{ secrets.X }}\" > .env\n  echo \"Created .env\"\nfi",
            "echo ${{ secrets.X }} >> \"$GITHUB_OUTPUT\"",
            "echo ${{ secrets.X }} | docker login -u me --password-stdin",
            "echo ${{ secrets.X }} | base64 -d > key.pem",
            "TOKEN=$(echo ${{ secrets.X }})",
            "TOKEN=`echo ${{ secrets.X }}`",
            "printf -v tok '%s' '${{ secrets.X }}'",
            "{\n  echo 'key<<EOF'\n  echo \"${{ secrets.X }}\"\n  echo EOF\n} >> \"$GITHUB_OUTPUT\"",
            "cat > .env <<EOF\nTOKEN=${{ secrets.X }}\nEOF\necho done",
            "cat <<'EOF' | kubectl apply -f -\nsecret: ${{ secrets.X }}\nEOF",
            "curl -H \"Authorization: ${{ secrets.X }}\" https://x && echo ok",
            "echo ${{ secrets.X }} &> /dev/null",
            "# echo ${{ secrets.X }}\nrun ${{ secrets.X }}",
            "echo \"$(curl -H '${{ secrets.X }}' https://x)\"",
        ] {
            assert!(!sh(script), "{script}");
        }
    }

    #[test]
    fn powershell() {
        let ps = |s: &str| prints(s, S, Dialect::PowerShell);
        assert!(ps("Write-Host \"${{ secrets.X }}\""));
        assert!(ps("Write-Host \"${{ secrets.X }}\" | Out-Null"));
        assert!(ps("Write-Output \"${{ secrets.X }}\""));
        assert!(!ps("\"${{ secrets.X }}\" | Out-File -FilePath .env"));
        assert!(!ps("Write-Output \"${{ secrets.X }}\" | Out-File .env"));
        assert!(!ps("if (\"${{ secrets.X }}\" -ne \"\") {\n  Write-Host \"created\"\n}"));
    }

    #[test]
    fn hostile_inputs_end() {
        let deep = "$(".repeat(10_000) + S;
        assert!(!sh(&deep));
        let ticks = "`".repeat(10_001) + "echo " + S;
        let _ = sh(&ticks);
        let pipes = "echo ".to_owned() + S + &" | tee".repeat(10_000);
        assert!(sh(&pipes));
        let _ = sh(&format!("cat <<EOF\n{S}"));
        let _ = sh(&format!("echo {S} >"));
        let _ = sh(&format!("echo \"{S}"));
    }
}
