use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF071", name: "chmod-after-user", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "chmod/chown after switching to a non-root USER",
    what: "Flags `chmod`/`chown` in a RUN that follows a `USER` other than root in the same stage. A `chmod` of files a `COPY --chown` placed, or that the same RUN made as that user (a download, `touch`, `mkdir`, `cp`, or a `mv` of such a file), is left alone: their owner may change their modes.",
    why: "Either it fails (the user does not own the files) or it is not a privilege drop: the owner can change the mode back. It also copies the files into a new layer.",
    example: "USER nodejs\nRUN chmod -R 500 /app",
    instead: "COPY --chown=root:root --chmod=555 . /app\nUSER nodejs",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#copy---chmod",
    spans: ["chmod -R 500 /app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let mut user: Option<String> = None;
        // Where `COPY --chown`/`ADD --chown` put files (absolute destinations): their owner may
        // `chmod` them (baserow's entrypoint, judged wrong, the twenty-fifth sample).
        let mut owned: Vec<String> = Vec::new();
        // Relative paths are the working directory's (`COPY --chown=ruby:ruby bin/ ./bin` then
        // `chmod 0755 bin/*`: GOV.UK Forms' admin image, judged wrong, the fifty-first sample).
        let mut workdir = String::from("/");
        let absolute = |workdir: &str, p: &str| -> String {
            if p.starts_with('/') {
                p.trim_end_matches('/').to_owned()
            } else {
                let rel = p.trim_start_matches("./").trim_end_matches('/');
                if rel.is_empty() || rel == "." {
                    workdir.trim_end_matches('/').to_owned()
                } else {
                    format!("{}/{rel}", workdir.trim_end_matches('/'))
                }
            }
        };
        for (i, ins) in cx.df.stage_instructions(stage) {
            if ins.keyword == crate::parser::Keyword::User {
                user = Some(ins.args.value.trim().to_owned());
                continue;
            }
            if ins.keyword == crate::parser::Keyword::Workdir {
                let w = ins.args.value.trim();
                if !w.contains('$') {
                    workdir = absolute(&workdir, w);
                    if workdir.is_empty() {
                        workdir = "/".to_owned();
                    }
                }
                continue;
            }
            if matches!(ins.keyword, crate::parser::Keyword::Copy | crate::parser::Keyword::Add)
                && ins.flag("chown").is_some()
                && let Some(dest) = ins.words().last().map(|w| w.text.clone())
                && !dest.contains('$')
            {
                // Into the working directory (`.`): what is copied is the user's, the directory
                // itself (made by `WORKDIR`) root's: `chmod -R 500 /app` still fails on `/app`.
                let into_workdir = matches!(dest.trim_end_matches('/'), "." | "");
                let full = absolute(&workdir, &dest);
                owned.push(if into_workdir { format!("{full}/") } else { full });
                continue;
            }
            let Some(u) = &user else { continue };
            if super::last_user_root::is_root(u) || ins.keyword != crate::parser::Keyword::Run {
                continue;
            }
            if let Some(script) = cx.df.script(i) {
                // Files an earlier command of the same RUN made, as this user: theirs to chmod
                // (Exceptionless' `wget … -O dotnet-install.sh && chmod +x dotnet-install.sh`,
                // judged wrong, precision sample 43).
                let mut made: Vec<String> = Vec::new();
                for c in &script.commands {
                    if c.name == "chmod" || c.name == "chown" {
                        continue;
                    }
                    let new = created_files(c, &made);
                    made.extend(new);
                }
                for c in script
                    .commands
                    .iter()
                    .filter(|c| (c.name == "chmod" || c.name == "chown") && !c.sudo)
                {
                    let targets: Vec<&str> = c.positional().skip(1).map(|w| w.text.as_str()).collect();
                    let own = |t: &str| {
                        let full = absolute(&workdir, t);
                        made.iter().any(|m| m == t)
                            || owned.iter().any(|d| match d.strip_suffix('/') {
                                // Only what is inside the working directory (not the root's).
                                Some("") => false,
                                Some(dir) => full.strip_prefix(dir).is_some_and(|rest| rest.len() > 1 && rest.starts_with('/')),
                                None => full == *d || full.strip_prefix(d.as_str()).is_some_and(|rest| rest.starts_with('/')),
                            })
                    };
                    if c.name == "chmod" && !targets.is_empty() && targets.iter().all(|t| own(t)) {
                        continue;
                    }
                    out.push(
                        Diagnostic::new(
                            meta(),
                            c.span,
                            format!("`{}` runs as `{u}`, after the switch away from root", c.name),
                        )
                        .help("set ownership and modes with `COPY --chown/--chmod` before `USER`"),
                    );
                }
            }
        }
    }
}

/// Whether `t` is a cluster of short flags ending in one of `shorts` (`curl -fsSLo FILE`, `wget
/// -qO FILE`: actions-runner-controller's docker-compose download, judged wrong, the fifty-fifth
/// sample).
fn clustered(t: &str, shorts: &[&str]) -> bool {
    let Some(letters) = t.strip_prefix('-').filter(|l| l.len() > 1 && !l.starts_with('-')) else {
        return false;
    };
    letters.chars().all(|c| c.is_ascii_alphabetic()) && shorts.iter().any(|s| s.strip_prefix('-').is_some_and(|f| letters.ends_with(f)))
}

/// The files a command writes: `wget -O FILE`, `curl -o FILE`, `touch`, `mkdir`, a download named
/// after its URL (`curl -O URL`, `wget URL`), a `cp`'s destination, and a `mv`'s of files `made`
/// already (baserow's `curl -O …/antlr-4.9-complete.jar && mv antlr-… antlr.jar && chmod +x
/// antlr.jar`, judged wrong, the seventy-third sample).
fn created_files(c: &crate::shell::Command, made: &[String]) -> Vec<String> {
    let value_after = |shorts: &[&str], longs: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        let mut it = c.args.iter().peekable();
        while let Some(a) = it.next() {
            let t = a.text.as_str();
            if let Some(v) = longs.iter().find_map(|l| t.strip_prefix(&format!("--{l}="))) {
                out.push(v.to_owned());
            } else if (shorts.contains(&t) || longs.iter().any(|l| t == format!("--{l}")) || clustered(t, shorts))
                && let Some(v) = it.next()
            {
                out.push(v.text.clone());
            }
        }
        out
    };
    let named_by_url = || -> Vec<String> {
        c.positional()
            .filter(|w| w.text.contains("://"))
            .filter_map(|w| {
                let path = w.text.split(['?', '#']).next()?;
                let name = path.rsplit('/').next()?;
                (!name.is_empty() && !path.ends_with("://")).then(|| name.to_owned())
            })
            .collect()
    };
    let remote_name = c
        .args
        .iter()
        .any(|a| a.text == "-O" || a.text == "--remote-name" || a.text == "--remote-name-all" || clustered(&a.text, &["-O"]));
    match c.name.as_str() {
        "wget" => {
            let named = value_after(&["-O"], &["output-document"]);
            if named.is_empty() { named_by_url() } else { named }
        }
        "curl" => {
            let mut named = value_after(&["-o"], &["output"]);
            if remote_name {
                named.extend(named_by_url());
            }
            named
        }
        "cp" => c.positional().last().map(|w| vec![w.text.clone()]).unwrap_or_default(),
        "mv" => {
            let args: Vec<&str> = c.positional().map(|w| w.text.as_str()).collect();
            match args.split_last() {
                Some((dest, sources)) if !sources.is_empty() && sources.iter().all(|s| made.iter().any(|m| m == s)) => {
                    vec![(*dest).to_owned()]
                }
                _ => Vec::new(),
            }
        }
        "touch" | "mkdir" => c.positional().map(|w| w.text.clone()).collect(),
        _ => Vec::new(),
    }
}
