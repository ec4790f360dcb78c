use crate::parser::Word;
use crate::shell::Command;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF013", name: "pip-pin-versions", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3013"], options: [],
    summary: "Pin versions in pip install (opt-in)",
    what: "Flags package arguments of `pip install` (also `python -m pip install`, `.venv/bin/pip install`, `uv pip install`) without a version specifier, `pip` itself included as in `pip install --upgrade pip` (requirement files, local paths, URLs and constraints are fine).",
    why: "Unpinned packages make builds unreproducible. Opt-in because a lock file (`-r requirements.txt`) is the better place to pin.",
    example: "RUN pip install --no-cache-dir flask",
    instead: "RUN pip install --no-cache-dir flask==3.1.0",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3013",
    spans: ["flask"],
}

/// The arguments after `install` when `c` runs pip's install: `pip install`, `pip3.12 install`,
/// `.venv/bin/pip install` (command names are base names), `python -m pip install` (interpreter options such as
/// `-u` or `-X dev` may come before `-m`) and `uv pip install`.
pub fn pip_install_args(c: &Command) -> Option<&[Word]> {
    let pip_args: &[Word] = if c.name == "pip" || c.name == "pip3" || c.name.starts_with("pip3.") {
        &c.args
    } else if c.name.starts_with("python") {
        let mut i = 0;
        loop {
            match c.args.get(i)?.text.as_str() {
                "-m" => break,
                // Interpreter options that take a value.
                "-X" | "-W" => i += 2,
                // `-c` runs a string and `-` reads stdin: no module follows.
                "-c" | "-" => return None,
                o if o.starts_with('-') => i += 1,
                // A script path.
                _ => return None,
            }
        }
        if c.args.get(i + 1)?.text != "pip" {
            return None;
        }
        &c.args[i + 2..]
    } else if c.name == "uv" && c.args.first()?.text == "pip" {
        &c.args[1..]
    } else {
        return None;
    };
    // pip's general options (`-q`, `--disable-pip-version-check`) may come before the subcommand.
    let at = pip_args.iter().position(|a| !a.text.starts_with('-'))?;
    (pip_args[at].text == "install").then(|| &pip_args[at + 1..])
}

pub fn is_pip_install(c: &Command) -> bool {
    pip_install_args(c).is_some()
}

/// Options of `pip install` whose value is the next word, not a package.
const TAKES_VALUE: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--target",
    "-t",
    "--prefix",
    "--root",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--upgrade-strategy",
    "--root-user-action",
    "--progress-bar",
    "--src",
    "--report",
    "--only-binary",
    "--no-binary",
    "-C",
    "--config-settings",
    "--global-option",
    "--cache-dir",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--python",
    "--use-feature",
    "--use-deprecated",
    "--keyring-provider",
    "--group",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        let Some(args) = pip_install_args(c) else {
            continue;
        };
        let mut skip_next = false;
        for a in args {
            let t = a.text.as_str();
            if skip_next {
                skip_next = false;
                continue;
            }
            if TAKES_VALUE.contains(&t) {
                skip_next = true;
                continue;
            }
            if t.starts_with('-') {
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
