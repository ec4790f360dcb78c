use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic, Edit, Fix, Severity};

rule! {
    code: "DF054", name: "pipefail-missing", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: ["hadolint:DL4006"], options: [],
    summary: "Set -o pipefail before RUN with a pipe",
    what: "Flags a RUN with a `|` pipeline when neither the SHELL in effect nor the script sets `-o pipefail` (a pipe fed only by `echo` or `printf` cannot fail on its left and is left alone, and a pipeline followed by `|| true`, `|| :` or `|| exit 0` discards its status on purpose, as the shell does for one inside a command substitution used as an argument (`curl -L $(curl … | jq …)`), so pipefail would change nothing). A pipeline fed by `curl`/`wget` is a warning, unless its consumer fails on empty or broken input anyway (`tar`, `gpg`, `apt-key add -`, a decompressor); other pipelines are info.",
    why: "Without pipefail only the last command's status counts: `curl https://… | sh` runs an empty script and succeeds when the download fails, and the image ships without what it was to install. (A consumer that refuses empty input, such as `tar` or `gpg`, fails the build anyway.)",
    example: "RUN curl -fsSL https://example.com/install.sh | sh",
    instead: "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/install.sh | sh",
    fix_safety: "Unsafe: inserts a SHELL instruction (bash, or ash on Alpine) before the first such RUN of the stage (before the RUNs directly above it, so as not to split them); it changes the shell of every later RUN, and the shell must exist in the image.",
    refs: "- https://github.com/hadolint/hadolint/wiki/DL4006",
    spans: ["curl -fsSL https://example.com/install.sh | sh"],
}

fn stage_has_pipefail_shell(cx: &Ctx, idx: usize) -> bool {
    let Some(stage) = cx.df.stage_of[idx] else { return false };
    let mut s = Some(stage);
    let mut upto = idx;
    while let Some(st) = s {
        let st = &cx.df.stages[st];
        let found = (st.from..upto.min(st.end))
            .rev()
            .find(|&i| cx.instructions()[i].keyword == Keyword::Shell);
        if let Some(i) = found {
            return cx.instructions()[i]
                .exec
                .as_ref()
                .is_some_and(|e| e.iter().any(|w| w.text.contains("pipefail")));
        }
        s = st.parent_stage;
        upto = usize::MAX;
    }
    false
}

/// Whether a pipe's consumer fails on empty or malformed input, so that a failed download fails
/// the build anyway: `tar` ("does not look like a tar archive", compressed or not), `gpg` ("no
/// valid OpenPGP data"), `apt-key add`, and the decompressors. A shell, an interpreter, `tee` or
/// `jq` take an empty input as a valid one.
fn refuses_bad_input(c: &crate::shell::Command) -> bool {
    let first = c.args.first().map(|a| a.text.as_str());
    match c.name.as_str() {
        "tar" | "bsdtar" | "gpg" | "gunzip" | "bunzip2" | "unxz" | "unzstd" => true,
        "apt-key" => first == Some("add"),
        "gzip" | "xz" | "zstd" | "bzip2" => c.args.iter().any(|a| a.text == "-d" || a.text == "--decompress" || a.text == "-dc"),
        _ => false,
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut fixed_stage = None;
    for (i, ins, script) in cx.runs() {
        // SHELL (and so the fix) does not reach an exec-form `["/bin/sh", "-c", "…"]`.
        if ins.exec.is_some() || script.pipelines.is_empty() || stage_has_pipefail_shell(cx, i) {
            continue;
        }
        let sets_pipefail = script
            .commands
            .iter()
            .any(|c| c.name == "set" && c.args.iter().any(|a| a.text == "pipefail" || a.text.contains("pipefail")));
        if sets_pipefail {
            continue;
        }
        // `echo x | cmd`, `printf … | cmd`: builtins that print a literal do not fail.
        // A pipeline followed by `|| true` discards its status on purpose: pipefail changes nothing.
        let can_fail = |p: &&crate::shell::Pipeline| {
            !p.masked
                && !p.in_argument
                && p.commands[..p.commands.len().saturating_sub(1)]
                    .iter()
                    .any(|&c| !matches!(script.commands[c].name.as_str(), "echo" | "printf" | "yes" | "true"))
        };
        let Some(pipe) = script.pipelines.iter().find(can_fail) else {
            continue;
        };
        // A download piped into a command that fails on empty or broken input (`apt-key add -`
        // refuses anything but a key, `tar -xz` anything but gzip) fails the build without
        // pipefail: only a consumer that accepts anything (`sh`, `tar -x`) hides the failure
        // (seafile's and prowlarr's `curl … | apt-key add -`, judged not worth it 2026-12-05).
        // The finding points at that pipeline (conduit's `curl … | gpg --dearmor` was blamed for
        // the `curl … | tee` after it, judged not worth it, the thirty-fourth sample).
        let download = script.pipelines.iter().filter(can_fail).find(|p| {
            p.commands
                .first()
                .is_some_and(|&c| matches!(script.commands[c].name.as_str(), "curl" | "wget"))
                && !p.commands.last().is_some_and(|&c| refuses_bad_input(&script.commands[c]))
        });
        let fed_by_download = download.is_some();
        let pipe = download.unwrap_or(pipe);
        let mut d = Diagnostic::new(meta(), pipe.span, "a failure on the left of this pipe is ignored")
            .help("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN, or start the script with `set -o pipefail`");
        if !fed_by_download {
            d = d.severity(Severity::Info).confidence(Confidence::Medium);
        }
        let stage = cx.df.stage_of[i];
        if let Some(s) = stage
            && fixed_stage != Some(s)
        {
            fixed_stage = Some(s);
            let image = cx.df.stages[s].resolved.as_deref().unwrap_or("").to_ascii_lowercase();
            let shell = if image.contains("alpine") || image.contains("busybox") {
                Some("SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]")
            } else if image.contains("distroless") || image == "scratch" {
                None
            } else {
                Some("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]")
            };
            if let Some(shell) = shell {
                // Before the first of the RUNs this one follows directly: a SHELL between two RUNs
                // would split a run of RUN instructions someone may want to merge (DF046).
                let from = cx.df.stages[s].from;
                let first = (from..i)
                    .rev()
                    .take_while(|&j| cx.instructions()[j].keyword == Keyword::Run)
                    .last()
                    .map_or(ins.span.start, |j| cx.instructions()[j].span.start);
                d = d.fix(Fix::unsafe_(
                    "set pipefail with a SHELL instruction",
                    vec![Edit::insert(first, format!("{shell}\n"))],
                ));
            }
        }
        out.push(d);
    }
}
