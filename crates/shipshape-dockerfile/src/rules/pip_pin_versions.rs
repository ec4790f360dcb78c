use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF013", name: "pip-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3013"], options: [],
    summary: "Pin versions in pip install (opt-in)",
    what: "Flags package arguments of `pip install` without a version specifier (requirement files, local paths, URLs and constraints are fine).",
    why: "Unpinned packages make builds unreproducible. Opt-in because a lock file (`-r requirements.txt`) is the better place to pin.",
    example: "RUN pip install --no-cache-dir flask",
    instead: "RUN pip install --no-cache-dir flask==3.1.0",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3013",
}

pub fn is_pip_install(c: &crate::shell::Command) -> bool {
    let pip = c.name == "pip" || c.name == "pip3" || c.name.starts_with("pip3.");
    let via_python = (c.name.starts_with("python") && c.args.len() >= 2 && c.args[0].text == "-m" && c.args[1].text == "pip")
        || (c.name == "uv" && c.args.first().is_some_and(|a| a.text == "pip"));
    (pip && c.subcommand() == Some("install")) || (via_python && c.args.iter().any(|a| a.text == "install"))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if !is_pip_install(c) {
            continue;
        }
        let mut skip_next = false;
        for a in c.args.iter() {
            let t = a.text.as_str();
            if skip_next {
                skip_next = false;
                continue;
            }
            if matches!(
                t,
                "-r" | "--requirement"
                    | "-c"
                    | "--constraint"
                    | "-e"
                    | "--editable"
                    | "-i"
                    | "--index-url"
                    | "--extra-index-url"
                    | "-f"
                    | "--find-links"
                    | "--target"
                    | "-t"
                    | "--prefix"
                    | "--root"
                    | "--trusted-host"
                    | "--platform"
                    | "--python-version"
            ) {
                skip_next = true;
                continue;
            }
            if t.starts_with('-') || matches!(t, "install" | "pip" | "-m") {
                continue;
            }
            let is_spec = t.contains(['=', '<', '>', '~', '@', '/', '$']) || t.ends_with(".whl") || t.ends_with(".tar.gz") || t == ".";
            if !is_spec {
                out.push(
                    Diagnostic::new(meta(), a.span, format!("`{t}` is not pinned"))
                        .help("use `package==version` or install from a lock file"),
                );
            }
        }
    }
}
