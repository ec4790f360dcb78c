use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF038", name: "pip-no-cache-dir", severity: Warning, category: Performance, default: true, fix: Safe,
    peers: ["hadolint:DL3042"], options: [],
    summary: "Use pip install --no-cache-dir",
    what: "Flags `pip install` in a stage of the final image without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set or the RUN mounts a cache on the pip cache.",
    why: "pip's download cache stays in the layer: often tens of megabytes.",
    example: "RUN pip install -r requirements.txt",
    instead: "RUN pip install --no-cache-dir -r requirements.txt",
    fix_safety: "Safe: inserts `--no-cache-dir` after `install`.",
    refs: "- https://pip.pypa.io/en/stable/topics/caching/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut vars = cx.df.var_cursor();
    for (i, ins, script) in cx.runs() {
        if !super::support::reaches_final_image(cx, i) || super::support::has_cache_mount(ins, ".cache") {
            continue;
        }
        if vars.at(i).contains_key("PIP_NO_CACHE_DIR") {
            continue;
        }
        for c in script
            .commands
            .iter()
            .filter(|c| super::pip_pin_versions::is_pip_install(c) && c.name != "uv")
        {
            if c.has_arg("--no-cache-dir") || c.args.iter().any(|a| a.text.starts_with("--no-cache-dir")) {
                continue;
            }
            let Some(install) = c.args.iter().find(|a| a.text == "install") else {
                continue;
            };
            out.push(Diagnostic::new(meta(), c.span, "pip's cache is left in the layer").fix(Fix::safe(
                "add `--no-cache-dir`",
                vec![Edit::insert(install.span.end, " --no-cache-dir")],
            )));
        }
    }
}
