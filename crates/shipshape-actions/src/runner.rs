//! Where a step's script runs (issue 18 §3): the labels a job's `runs-on:` may take (a matrix's
//! rows read), its container image, and the shell that reads the step's `run:`, as GitHub picks
//! it: the step's `shell:`, the job's then the workflow's `defaults.run.shell`, else the runner's
//! default (PowerShell on Windows; bash, or `sh` where the job's container has no bash).

use crate::script::Dialect;
use shipshape_knowledge::image::{BinSh, ImageRef};
use shipshape_yaml::NodeRef;

/// The shell a step names: its `shell:`, else the job's `defaults.run.shell`, else the workflow's.
pub fn declared_shell<'a>(root: NodeRef<'a>, job: Option<NodeRef<'a>>, step: NodeRef<'a>) -> Option<&'a str> {
    declared_shell_node(root, job, step)?.as_str()
}

/// The node of the `shell:` a step gets, where [`declared_shell`] finds it.
pub fn declared_shell_node<'a>(root: NodeRef<'a>, job: Option<NodeRef<'a>>, step: NodeRef<'a>) -> Option<NodeRef<'a>> {
    fn default_shell(n: NodeRef<'_>) -> Option<NodeRef<'_>> {
        n.get("defaults")?.get("run")?.get("shell").filter(|s| s.as_str().is_some())
    }
    step.get("shell")
        .filter(|s| s.as_str().is_some())
        .or_else(|| job.and_then(default_shell))
        .or_else(|| default_shell(root))
}

/// How the step's script is read: its `shell:`, the job's or workflow's `defaults.run.shell`, or
/// the runner's default (PowerShell on Windows). `None` for shells that are not a command shell
/// (`python`).
pub fn dialect<'a>(root: NodeRef<'a>, job: Option<NodeRef<'a>>, step: NodeRef<'a>) -> Option<Dialect> {
    match declared_shell(root, job, step).map(str::to_ascii_lowercase) {
        Some(s) if s.contains("pwsh") || s.contains("powershell") => Some(Dialect::PowerShell),
        Some(s) if s.contains("python") => None,
        Some(_) => Some(Dialect::Posix),
        None if job.is_some_and(|j| Labels::of(j).all_windows()) => Some(Dialect::PowerShell),
        None => Some(Dialect::Posix),
    }
}

/// Whether the step's script is certainly read by bash or a POSIX `sh`: it names one, or names
/// none on runners none of which is Windows.
pub fn posix_script(root: NodeRef<'_>, job: Option<NodeRef<'_>>, step: NodeRef<'_>) -> bool {
    match declared_shell(root, job, step) {
        Some(s) => matches!(
            s.split_whitespace().next().and_then(|p| p.rsplit('/').next()),
            Some("bash" | "sh" | "dash" | "ash" | "zsh")
        ),
        None => job.is_some_and(|j| Labels::of(j).windows().is_none()),
    }
}

/// The labels a job may run on: each literal label of `runs-on:` (a scalar, a list, or a
/// group's `labels:`), and for `${{ matrix.k }}` (or `${{ matrix.k.p }}`) every value the matrix
/// gives `k`, `include` rows too. Labels that are expressions the matrix does not resolve are
/// left out.
pub struct Labels {
    pub values: Vec<String>,
    /// Some label comes from the matrix: different rows run on different runners.
    pub from_matrix: bool,
}

impl Labels {
    pub fn of(job: NodeRef<'_>) -> Labels {
        let mut labels = Labels {
            values: Vec::new(),
            from_matrix: false,
        };
        let Some(runs_on) = job.get("runs-on") else { return labels };
        let written: Vec<NodeRef<'_>> = if runs_on.is_map() {
            runs_on.get("labels").map(|l| l.scalar_or_items()).unwrap_or_default()
        } else {
            runs_on.scalar_or_items()
        };
        for n in written {
            let Some(t) = n.as_str() else { continue };
            if !t.contains("${{") {
                labels.values.push(t.to_ascii_lowercase());
            } else if let Some(path) = matrix_path(t) {
                labels.from_matrix = true;
                labels
                    .values
                    .extend(matrix_values(job, &path).into_iter().map(|v| v.to_ascii_lowercase()));
            }
        }
        labels
    }

    /// The first label naming Windows.
    pub fn windows(&self) -> Option<&str> {
        self.values.iter().find(|l| l.contains("windows")).map(String::as_str)
    }

    /// Whether every runner the job may get is a Windows one.
    pub fn all_windows(&self) -> bool {
        if self.from_matrix {
            !self.values.is_empty() && self.values.iter().all(|l| l.contains("windows"))
        } else {
            self.windows().is_some()
        }
    }

    /// Whether every label is a GitHub-hosted Ubuntu image, where `/bin/sh` is dash.
    pub fn hosted_ubuntu(&self) -> bool {
        !self.values.is_empty() && self.values.iter().all(|l| l.starts_with("ubuntu-") && !l.contains("self"))
    }
}

/// `${{ matrix.os }}` → `["os"]`, `${{ matrix.config.os }}` → `["config", "os"]`: the whole value
/// one matrix property.
fn matrix_path(t: &str) -> Option<Vec<String>> {
    let inner = t.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let path: Vec<String> = inner.strip_prefix("matrix.")?.split('.').map(str::to_owned).collect();
    let plain = |p: &String| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (path.len() <= 2 && path.iter().all(plain)).then_some(path)
}

/// The literal values a matrix gives `path`: the key's list (or a list of objects' property)
/// and every `include` row's.
fn matrix_values(job: NodeRef<'_>, path: &[String]) -> Vec<String> {
    let Some(matrix) = job.get("strategy").and_then(|s| s.get("matrix")) else {
        return Vec::new();
    };
    let pick = |v: NodeRef<'_>| -> Option<String> {
        let v = match path.get(1) {
            Some(p) => v.get(p)?,
            None => v,
        };
        v.as_str().filter(|s| !s.contains("${{")).map(str::to_owned)
    };
    let mut out = Vec::new();
    if let Some(values) = matrix.get(&path[0]) {
        out.extend(values.items().into_iter().filter_map(pick));
    }
    // `exclude: [{os: windows-latest}]` takes every row of that value away.
    for row in matrix.get("exclude").map(|i| i.items()).unwrap_or_default() {
        if let [(k, v)] = row.entries().as_slice()
            && k.as_str() == Some(path[0].as_str())
            && let Some(gone) = pick(*v)
        {
            out.retain(|o| *o != gone);
        }
    }
    for row in matrix.get("include").map(|i| i.items()).unwrap_or_default() {
        out.extend(row.get(&path[0]).and_then(pick));
    }
    out
}

/// The job's container image, when written literally.
pub fn container_image<'a>(job: NodeRef<'a>) -> Option<&'a str> {
    let c = job.get("container")?;
    let image = if c.is_map() { c.get("image")? } else { c };
    image.as_str().filter(|i| !i.contains("${{") && !i.is_empty())
}

/// What runs a step's script on Linux, when a POSIX `sh` does and it is known which: the step
/// names `sh` (on a hosted Ubuntu runner, dash; in a container, the image's `/bin/sh`), or names
/// no shell in a container with no bash (GitHub falls back to `sh`: busybox ash).
pub fn posix_sh(root: NodeRef<'_>, job: NodeRef<'_>, step: NodeRef<'_>) -> Option<BinSh> {
    let declared = declared_shell(root, Some(job), step);
    let sh = declared.map(|s| {
        let program = s.split_whitespace().next().unwrap_or("");
        program.rsplit('/').next() == Some("sh")
    });
    match (container_image(job).map(ImageRef::parse), sh) {
        (Some(image), Some(true)) => image.bin_sh(),
        (Some(image), None) if image.lacks_bash() => Some(BinSh::Ash),
        (None, Some(true)) if Labels::of(job).hosted_ubuntu() => Some(BinSh::Dash),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(src: &str) -> shipshape_yaml::Document {
        shipshape_yaml::Yaml::parse(src).docs.remove(0)
    }

    #[test]
    fn labels_from_literals_lists_groups_and_the_matrix() {
        let y = job("runs-on: [self-hosted, Windows]\n");
        let l = Labels::of(y.root().unwrap());
        assert_eq!(l.windows(), Some("windows"));
        assert!(!l.from_matrix);
        let y = job(
            "runs-on: ${{ matrix.os }}\nstrategy:\n  matrix:\n    os: [ubuntu-latest, macos-latest]\n    include:\n      - os: windows-2022\n",
        );
        let l = Labels::of(y.root().unwrap());
        assert_eq!(l.values, ["ubuntu-latest", "macos-latest", "windows-2022"]);
        assert!(l.from_matrix);
        let y = job(
            "runs-on: ${{ matrix.os }}\nstrategy:\n  matrix:\n    os: [ubuntu-latest, windows-latest]\n    exclude:\n      - os: windows-latest\n",
        );
        assert_eq!(Labels::of(y.root().unwrap()).values, ["ubuntu-latest"]);
        let y = job("runs-on: ${{ matrix.cfg.runner }}\nstrategy:\n  matrix:\n    cfg:\n      - {runner: windows-latest}\n");
        assert_eq!(Labels::of(y.root().unwrap()).windows(), Some("windows-latest"));
        let y = job("runs-on: ${{ inputs.os }}\n");
        assert!(Labels::of(y.root().unwrap()).values.is_empty());
        let y = job("runs-on:\n  group: big\n  labels: [ubuntu-24.04]\n");
        assert!(Labels::of(y.root().unwrap()).hosted_ubuntu());
    }

    #[test]
    fn which_sh_runs_a_step() {
        let y = job("job:\n  runs-on: ubuntu-latest\n  steps:\n    - shell: sh\n      run: x\n    - run: x\n");
        let root = y.root().unwrap();
        let j = root.get("job").unwrap();
        let steps = j.get("steps").unwrap().items();
        assert_eq!(posix_sh(root, j, steps[0]), Some(BinSh::Dash));
        assert_eq!(posix_sh(root, j, steps[1]), None);
        let y = job("job:\n  runs-on: ubuntu-latest\n  container: node:22-alpine\n  steps:\n    - run: x\n");
        let root = y.root().unwrap();
        let j = root.get("job").unwrap();
        assert_eq!(posix_sh(root, j, j.get("steps").unwrap().items()[0]), Some(BinSh::Ash));
        let y = job("job:\n  runs-on: ubuntu-latest\n  container:\n    image: postgres:17-alpine\n  steps:\n    - run: x\n");
        let root = y.root().unwrap();
        let j = root.get("job").unwrap();
        assert_eq!(
            posix_sh(root, j, j.get("steps").unwrap().items()[0]),
            None,
            "postgres' alpine image has bash"
        );
    }
}
