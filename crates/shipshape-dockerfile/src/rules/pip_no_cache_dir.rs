use crate::expand::key_values;
use crate::parser::Keyword;
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::{Diagnostic, Edit, Fix};
use std::sync::LazyLock;

rule! {
    code: "DF038", name: "pip-no-cache-dir", severity: Warning, category: Performance, default: false, fix: Safe,
    peers: ["hadolint:DL3042"], options: [],
    summary: "Use pip install --no-cache-dir",
    what: "Flags `pip install` in a stage of the final image without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set to a non-empty value (by `ENV` in the stage or a stage it is built from, `ARG` in the stage, `export` earlier in the RUN or a `PIP_NO_CACHE_DIR=… pip` prefix) or the RUN mounts a cache on the pip cache. pip turns the cache off for every value it accepts, `off`, `false` and `0` included (it checks the value is a yes/no word, then ignores which). `--no-cache-dir=1` is reported: pip rejects a value for the option and stops. Silent when the stage's base is a `FROM ${VAR}` without a default, whose environment is unknown.",
    why: "pip's download cache stays in the layer: often tens of megabytes.",
    example: "RUN pip install -r requirements.txt",
    instead: "RUN pip install --no-cache-dir -r requirements.txt",
    fix_safety: "Safe: inserts `--no-cache-dir` after `install`; no fix for `--no-cache-dir=value`, which pip rejects (the option takes no value).",
    refs: "- https://pip.pypa.io/en/stable/topics/caching/",
    spans: ["pip install -r requirements.txt"],
}

static EXPORTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bexport\b[^;&|\n]*\bPIP_NO_CACHE_DIR=([^\s;&|]*)").expect("valid regex"));
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bPIP_NO_CACHE_DIR=([^\s;&|]*)").expect("valid regex"));

/// pip ignores an empty `PIP_NO_CACHE_DIR`; any other value turns the cache off (pip reads `false` and `0` as
/// "no cache" too, for compatibility) or makes pip fail: either way no cache reaches the layer.
fn turns_cache_off(value: &str) -> bool {
    !matches!(value, "" | "\"\"" | "''")
}

/// `--no-cache-dir`, or an abbreviation pip's option parser expands to it (`--no-cache`, `--no-cache-d`, ...). Not
/// `--no-cache-dir=1`: the option takes no value, and pip stops with "--no-cache-dir option does not take a value".
fn is_no_cache_dir(arg: &str) -> bool {
    arg.len() >= "--no-cache".len() && "--no-cache-dir".starts_with(arg)
}

/// Where `PIP_NO_CACHE_DIR` comes from the Dockerfile, per stage: the first instruction of the stage whose `ENV` or
/// `ARG` sets it, and whether its `ENV` is set by the end of the stage (what stages built `FROM` it inherit).
/// Computed once, so a file of many stages and RUNs stays linear.
struct StageEnv {
    first_set: Vec<Option<usize>>,
    env_at_end: Vec<bool>,
    /// The stage is built, through its parent stages, from a `FROM ${VAR}` whose variable has no default (`ARG VAR`
    /// alone expands to nothing): its environment is unknown. It may be one of this file's stages chosen at build
    /// time, or a project base image that sets the variable.
    unknown_base: Vec<bool>,
}

impl StageEnv {
    fn new(cx: &Ctx) -> Self {
        let df = cx.df;
        let mut first_set = vec![None; df.stages.len()];
        let mut env_at_end = vec![false; df.stages.len()];
        let mut unknown_base = vec![false; df.stages.len()];
        for (s, stage) in df.stages.iter().enumerate() {
            unknown_base[s] = match stage.parent_stage {
                Some(p) if p < s => unknown_base[p],
                _ => stage.resolved.as_deref().is_none_or(|r| r.trim().is_empty()),
            };
            // A parent is an earlier stage, so its entry is final.
            let mut env = stage.parent_stage.is_some_and(|p| p < s && env_at_end[p]);
            for (i, ins) in df.stage_instructions(stage) {
                let is_env = ins.keyword == Keyword::Env;
                if !is_env && ins.keyword != Keyword::Arg {
                    continue;
                }
                let sets = key_values(&ins.words(), is_env).into_iter().any(|(k, v, _)| {
                    // An `ARG` declared without a default is there to be passed at build time.
                    k == "PIP_NO_CACHE_DIR" && v.as_deref().is_none_or(turns_cache_off)
                });
                if sets {
                    first_set[s] = first_set[s].or(Some(i));
                    env |= is_env;
                }
            }
            env_at_end[s] = env;
        }
        Self {
            first_set,
            env_at_end,
            unknown_base,
        }
    }

    /// Whether the environment of instruction `i` of `stage` has the cache turned off, or may have.
    fn cache_off_at(&self, cx: &Ctx, stage: usize, i: usize) -> bool {
        if self.unknown_base[stage] {
            return true;
        }
        let inherited = cx.df.stages[stage].parent_stage.is_some_and(|p| p < stage && self.env_at_end[p]);
        inherited || self.first_set[stage].is_some_and(|at| at < i)
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut env: Option<StageEnv> = None;
    for (i, ins, script) in cx.runs() {
        if !super::support::reaches_final_image(cx, i) || super::support::has_cache_mount(ins, ".cache") {
            continue;
        }
        let Some(stage) = cx.df.stage_of.get(i).copied().flatten() else {
            continue;
        };
        let mut installs = script
            .commands
            .iter()
            .filter(|c| super::pip_pin_versions::is_pip_install(c) && c.name != "uv")
            .filter(|c| !c.args.iter().any(|a| is_no_cache_dir(&a.text)))
            .peekable();
        if installs.peek().is_none() {
            continue;
        }
        if env.get_or_insert_with(|| StageEnv::new(cx)).cache_off_at(cx, stage, i) {
            continue;
        }
        for c in installs {
            // `export PIP_NO_CACHE_DIR=1` earlier in the RUN, or `PIP_NO_CACHE_DIR=1 pip …` / `env PIP_NO_CACHE_DIR=1 pip …`.
            let before = cx.src.get(ins.span.start..c.span.start).unwrap_or("");
            let prefix = cx.src.get(c.span.start..c.name_span.start).unwrap_or("");
            let set_in_run = EXPORTED
                .captures_iter(before)
                .chain(PREFIXED.captures_iter(prefix))
                .any(|m| turns_cache_off(&m[1]));
            if set_in_run {
                continue;
            }
            let Some(install) = c.args.iter().find(|a| a.text == "install") else {
                continue;
            };
            // `--no-cache-dir=1`: the option takes no value, and pip stops at it.
            if let Some(valued) = c.args.iter().find(|a| a.text.starts_with("--no-cache-dir=")) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        valued.span,
                        "`--no-cache-dir` takes no value: pip stops with \"--no-cache-dir option does not take a value\"",
                    )
                    .help("write `--no-cache-dir` alone"),
                );
                continue;
            }
            out.push(Diagnostic::new(meta(), c.span, "pip's cache is left in the layer").fix(Fix::safe(
                "add `--no-cache-dir`",
                vec![Edit::insert(install.span.end, " --no-cache-dir")],
            )));
        }
    }
}
