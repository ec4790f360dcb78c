//! Where each expression of a workflow is evaluated, and what is known there: the key it sits
//! under (as GitHub's context-availability table names it), the contexts and special functions
//! GitHub provides at that key, and the types of those contexts for the job (issue 18 §2).

use crate::expr::{Expr, Op, Spanned};
use crate::{Ctx, ExprAt, model};
use shipshape_yaml::NodeRef;
use std::collections::BTreeMap;

/// One expression and where GitHub evaluates it.
pub struct Site<'a, 'c> {
    /// The key in the docs' notation: `jobs.<job_id>.steps.run`.
    pub key: &'static str,
    pub job: Option<NodeRef<'a>>,
    /// The step it sits in, and that step's position among the job's steps.
    pub step: Option<(usize, NodeRef<'a>)>,
    pub expr: &'c ExprAt<'a>,
}

const ALL_STEP: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps", "inputs",
];
const JOB_BASIC: &[&str] = &["github", "needs", "strategy", "matrix", "vars", "inputs"];

/// The contexts and special functions GitHub provides at a key of a workflow (the docs' table,
/// "Context availability"). `None` for a key the table does not name: not judged.
pub fn availability(key: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    const STATUS: &[&str] = &["always", "cancelled", "failure", "success"];
    Some(match key {
        "run-name" | "concurrency" | "on.workflow_call.inputs.<inputs_id>.default" => (&["github", "inputs", "vars"], &[]),
        "env" => (&["github", "secrets", "inputs", "vars"], &[]),
        "defaults.run" => (&[], &[]),
        "on.workflow_call.outputs.<output_id>.value" => (&["github", "jobs", "vars", "inputs"], &[]),
        "jobs.<job_id>.concurrency"
        | "jobs.<job_id>.container"
        | "jobs.<job_id>.container.image"
        | "jobs.<job_id>.continue-on-error"
        | "jobs.<job_id>.environment"
        | "jobs.<job_id>.name"
        | "jobs.<job_id>.runs-on"
        | "jobs.<job_id>.services"
        | "jobs.<job_id>.timeout-minutes"
        | "jobs.<job_id>.with.<with_id>" => (JOB_BASIC, &[]),
        "jobs.<job_id>.container.credentials" | "jobs.<job_id>.services.<service_id>.credentials" => {
            (&["github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs"], &[])
        }
        "jobs.<job_id>.container.env.<env_id>" | "jobs.<job_id>.services.<service_id>.env.<env_id>" => (
            &[
                "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "inputs",
            ],
            &[],
        ),
        "jobs.<job_id>.defaults.run" => (&["github", "needs", "strategy", "matrix", "env", "vars", "inputs"], &[]),
        "jobs.<job_id>.env" | "jobs.<job_id>.secrets.<secrets_id>" => {
            (&["github", "needs", "strategy", "matrix", "vars", "secrets", "inputs"], &[])
        }
        "jobs.<job_id>.environment.url" => (
            &[
                "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs",
            ],
            &[],
        ),
        "jobs.<job_id>.if" => (&["github", "needs", "vars", "inputs"], STATUS),
        "jobs.<job_id>.outputs.<output_id>" => (ALL_STEP, &[]),
        "jobs.<job_id>.strategy" => (&["github", "needs", "vars", "inputs"], &[]),
        "jobs.<job_id>.snapshot.if" => (JOB_BASIC, &[]),
        "jobs.<job_id>.steps.if" => (
            &[
                "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs",
            ],
            &["always", "cancelled", "failure", "success", "hashfiles"],
        ),
        "jobs.<job_id>.steps.continue-on-error"
        | "jobs.<job_id>.steps.env"
        | "jobs.<job_id>.steps.name"
        | "jobs.<job_id>.steps.run"
        | "jobs.<job_id>.steps.timeout-minutes"
        | "jobs.<job_id>.steps.with"
        | "jobs.<job_id>.steps.working-directory" => (ALL_STEP, &["hashfiles"]),
        _ => return None,
    })
}

/// Every expression of a workflow with the key it is evaluated at. Keys the availability table
/// does not name (`on:` filters, a step's `shell:` or `uses:`) are left out.
pub fn sites<'a, 'c>(cx: &'c Ctx<'a>) -> Vec<Site<'a, 'c>> {
    let mut out = Vec::new();
    if !cx.is_workflow() {
        return out;
    }
    let mut add = |key: &'static str, node: NodeRef<'a>, job: Option<NodeRef<'a>>, step: Option<(usize, NodeRef<'a>)>| {
        for expr in cx.exprs_under(node) {
            out.push(Site { key, job, step, expr });
        }
        if key.ends_with(".if")
            && let Some(expr) = cx.bare_condition(node)
        {
            out.push(Site { key, job, step, expr });
        }
    };
    for (k, v) in cx.root.entries() {
        match k.as_str().unwrap_or_default() {
            "run-name" => add("run-name", v, None, None),
            "env" => add("env", v, None, None),
            "concurrency" => add("concurrency", v, None, None),
            "defaults" => {
                if let Some(run) = v.get("run") {
                    add("defaults.run", run, None, None);
                }
            }
            _ => {}
        }
    }
    if let Some(call) = cx.root.get("on").filter(|o| o.is_map()).and_then(|o| o.get("workflow_call")) {
        for (_, input) in call.get("inputs").map(|i| i.entries()).unwrap_or_default() {
            if let Some(d) = input.get("default") {
                add("on.workflow_call.inputs.<inputs_id>.default", d, None, None);
            }
        }
        for (_, output) in call.get("outputs").map(|o| o.entries()).unwrap_or_default() {
            if let Some(v) = output.get("value") {
                add("on.workflow_call.outputs.<output_id>.value", v, None, None);
            }
        }
    }
    for (_, job) in model::jobs(cx.root) {
        let j = Some(job);
        for (k, v) in job.entries() {
            match k.as_str().unwrap_or_default() {
                "concurrency" => add("jobs.<job_id>.concurrency", v, j, None),
                "continue-on-error" => add("jobs.<job_id>.continue-on-error", v, j, None),
                "name" => add("jobs.<job_id>.name", v, j, None),
                "runs-on" => add("jobs.<job_id>.runs-on", v, j, None),
                "timeout-minutes" => add("jobs.<job_id>.timeout-minutes", v, j, None),
                "with" => add("jobs.<job_id>.with.<with_id>", v, j, None),
                "env" => add("jobs.<job_id>.env", v, j, None),
                "secrets" => add("jobs.<job_id>.secrets.<secrets_id>", v, j, None),
                "if" => add("jobs.<job_id>.if", v, j, None),
                "outputs" => add("jobs.<job_id>.outputs.<output_id>", v, j, None),
                "strategy" => add("jobs.<job_id>.strategy", v, j, None),
                "snapshot" => {
                    if let Some(cond) = v.get("if") {
                        add("jobs.<job_id>.snapshot.if", cond, j, None);
                    }
                }
                "defaults" => {
                    if let Some(run) = v.get("run") {
                        add("jobs.<job_id>.defaults.run", run, j, None);
                    }
                }
                "environment" if v.is_map() => {
                    for (ek, ev) in v.entries() {
                        let key = if ek.as_str() == Some("url") {
                            "jobs.<job_id>.environment.url"
                        } else {
                            "jobs.<job_id>.environment"
                        };
                        add(key, ev, j, None);
                    }
                }
                "environment" => add("jobs.<job_id>.environment", v, j, None),
                "container" if v.is_map() => {
                    for (ck, cv) in v.entries() {
                        let key = match ck.as_str().unwrap_or_default() {
                            "credentials" => "jobs.<job_id>.container.credentials",
                            "env" => "jobs.<job_id>.container.env.<env_id>",
                            "image" => "jobs.<job_id>.container.image",
                            _ => "jobs.<job_id>.container",
                        };
                        add(key, cv, j, None);
                    }
                }
                "container" => add("jobs.<job_id>.container", v, j, None),
                "services" if !v.is_map() => add("jobs.<job_id>.services", v, j, None),
                "services" => {
                    for (_, service) in v.entries() {
                        if !service.is_map() {
                            add("jobs.<job_id>.services", service, j, None);
                            continue;
                        }
                        for (sk, sv) in service.entries() {
                            let key = match sk.as_str().unwrap_or_default() {
                                "credentials" => "jobs.<job_id>.services.<service_id>.credentials",
                                "env" => "jobs.<job_id>.services.<service_id>.env.<env_id>",
                                _ => "jobs.<job_id>.services",
                            };
                            add(key, sv, j, None);
                        }
                    }
                }
                _ => {}
            }
        }
        for (i, step) in model::steps(job).into_iter().enumerate() {
            for (k, v) in step.entries() {
                let key = match k.as_str().unwrap_or_default() {
                    "if" => "jobs.<job_id>.steps.if",
                    "continue-on-error" => "jobs.<job_id>.steps.continue-on-error",
                    "env" => "jobs.<job_id>.steps.env",
                    "name" => "jobs.<job_id>.steps.name",
                    "run" => "jobs.<job_id>.steps.run",
                    "timeout-minutes" => "jobs.<job_id>.steps.timeout-minutes",
                    "with" => "jobs.<job_id>.steps.with",
                    "working-directory" => "jobs.<job_id>.steps.working-directory",
                    _ => continue,
                };
                add(key, v, j, Some((i, step)));
            }
        }
    }
    out
}

/// The type of an expression's value, as far as the workflow tells.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// Unknown: anything.
    Any,
    Null,
    Bool,
    Number,
    String,
    Array(Box<Ty>),
    Object(Obj),
}

/// An object type: named properties (lower-case: contexts are case-insensitive), and what any
/// other property is (`None`: no other property exists, the object is closed).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Obj {
    pub props: BTreeMap<String, Ty>,
    pub rest: Option<Box<Ty>>,
    /// The outputs an action declares (`actions/checkout@v4`), closed for certain when the action
    /// can export nothing else (composite): how a missing property is reported.
    pub declared_by: Option<(String, bool)>,
}

impl Obj {
    fn closed<const N: usize>(props: [(&str, Ty); N]) -> Ty {
        Ty::Object(Obj {
            props: props.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            rest: None,
            declared_by: None,
        })
    }
    fn map_of(t: Ty) -> Ty {
        Ty::Object(Obj {
            props: BTreeMap::new(),
            rest: Some(Box::new(t)),
            declared_by: None,
        })
    }
}

impl Ty {
    /// How a message names the type.
    pub fn describe(&self) -> String {
        match self {
            Ty::Any => "any".into(),
            Ty::Null => "null".into(),
            Ty::Bool => "a boolean".into(),
            Ty::Number => "a number".into(),
            Ty::String => "a string".into(),
            Ty::Array(_) => "an array".into(),
            Ty::Object(o) if o.rest.is_none() => {
                let names: Vec<&str> = o.props.keys().map(String::as_str).collect();
                if names.is_empty() {
                    "an empty object".into()
                } else {
                    format!("an object of {}", names.join(", "))
                }
            }
            Ty::Object(_) => "an object".into(),
        }
    }

    fn is_scalar(&self) -> bool {
        matches!(self, Ty::Null | Ty::Bool | Ty::Number | Ty::String)
    }

    fn is_composite(&self) -> bool {
        matches!(self, Ty::Array(_) | Ty::Object(_))
    }

    fn join(self, other: Ty) -> Ty {
        if self == other { self } else { Ty::Any }
    }
}

/// A type error in an expression: the byte range inside the expression and the message.
pub struct TypeError {
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub help: String,
    /// Very likely rather than certain (an output a JavaScript action does not declare).
    pub likely: bool,
}

/// The contexts' types at one site: the file's (shared, built once) and the job's and step's.
pub struct Env<'a> {
    shared: &'a Shared,
    needs: Ty,
    steps: Ty,
    matrix: Ty,
}

fn string_outputs(node: Option<NodeRef<'_>>) -> Ty {
    match node {
        None => Ty::Object(Obj::default()),
        Some(n) if !n.is_map() => Obj::map_of(Ty::String),
        Some(n) => Ty::Object(Obj {
            props: n
                .entries()
                .into_iter()
                .filter_map(|(k, _)| Some((k.as_str()?.to_ascii_lowercase(), Ty::String)))
                .collect(),
            rest: None,
            declared_by: None,
        }),
    }
}

/// The type a YAML value of a matrix row has.
fn yaml_type(n: NodeRef<'_>, depth: usize) -> Ty {
    if n.as_str().is_some_and(|t| t.contains("${{")) || depth > 8 {
        return Ty::Any;
    }
    if n.is_map() {
        // Rows are written by hand and read by keys they may not all have: open.
        return Ty::Object(Obj {
            props: n
                .entries()
                .into_iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_ascii_lowercase(), yaml_type(v, depth + 1))))
                .collect(),
            rest: Some(Box::new(Ty::Any)),
            declared_by: None,
        });
    }
    if n.is_seq() {
        let items = n.items();
        let t = items.iter().map(|i| yaml_type(*i, depth + 1)).reduce(Ty::join).unwrap_or(Ty::Any);
        return Ty::Array(Box::new(t));
    }
    if n.is_null() {
        Ty::Null
    } else if n.as_bool().is_some() {
        Ty::Bool
    } else if n.as_f64().is_some() {
        Ty::Number
    } else {
        Ty::String
    }
}

fn matrix_type(job: NodeRef<'_>) -> Ty {
    // No matrix, or a strategy built by an expression: `matrix.X` is GHA043's to judge.
    let Some(matrix) = job.get("strategy").and_then(|s| s.get("matrix")) else {
        return Ty::Any;
    };
    if !matrix.is_map() {
        return Ty::Any;
    }
    let mut props: BTreeMap<String, Ty> = BTreeMap::new();
    let mut put = |k: String, t: Ty| {
        let t = match props.remove(&k) {
            Some(old) => old.join(t),
            None => t,
        };
        props.insert(k, t);
    };
    for (k, v) in matrix.entries() {
        let Some(key) = k.as_str() else { return Ty::Any };
        match key {
            "include" | "exclude" => {
                if key == "include" {
                    if !v.is_seq() {
                        return Ty::Any;
                    }
                    for row in v.items() {
                        if !row.is_map() {
                            return Ty::Any;
                        }
                        for (rk, rv) in row.entries() {
                            let Some(rk) = rk.as_str() else { return Ty::Any };
                            put(rk.to_ascii_lowercase(), yaml_type(rv, 0));
                        }
                    }
                }
            }
            _ if key.contains("${{") => return Ty::Any,
            _ => match yaml_type(v, 0) {
                Ty::Array(item) => put(key.to_ascii_lowercase(), *item),
                _ => put(key.to_ascii_lowercase(), Ty::Any),
            },
        }
    }
    // A matrix key may be read by a row `include` adds elsewhere: unknown keys are GHA043's.
    Ty::Object(Obj {
        props,
        rest: Some(Box::new(Ty::Any)),
        declared_by: None,
    })
}

fn input_types(root: NodeRef<'_>) -> Ty {
    let mut props = BTreeMap::new();
    let mut declared = false;
    for (event, node) in model::triggers(root) {
        if !matches!(event.as_str(), "workflow_dispatch" | "workflow_call") {
            continue;
        }
        // GHA049 judges `inputs.x` wherever a dispatch or call trigger is (with `inputs:` or not):
        // said twice at one place otherwise (Smilei's style check, the sixty-second sample).
        declared = true;
        let Some(inputs) = node.get("inputs") else { continue };
        if !inputs.is_map() {
            return Ty::Any;
        }
        for (k, def) in inputs.entries() {
            let Some(name) = k.as_str() else { continue };
            let t = match def.get("type").and_then(|t| t.as_str()) {
                Some("boolean") => Ty::Bool,
                Some("number") => Ty::Number,
                Some("string" | "choice" | "environment") | None => Ty::String,
                Some(_) => Ty::Any,
            };
            let name = name.to_ascii_lowercase();
            let t = match props.remove(&name) {
                Some(old) => Ty::join(old, t),
                None => t,
            };
            props.insert(name, t);
        }
    }
    // No event takes inputs: `inputs` is empty. Otherwise unknown inputs are GHA049's.
    let rest = declared.then(|| Box::new(Ty::Any));
    Ty::Object(Obj {
        props,
        rest,
        declared_by: None,
    })
}

/// What every [`Env`] of a file shares, built once per file (`Ctx::shared`): `github.event` typed
/// by the triggers, and the `steps.<id>` type of every step with an id (a composite action's
/// metadata read once, not once per expression site after it).
pub struct Shared {
    event: Ty,
    /// The contexts every site of the file sees alike (`github` without its `event`, read from
    /// `event` by reference: a clone of the payload types per job and step was most of GHA074's
    /// time).
    contexts: BTreeMap<&'static str, Ty>,
    /// By the step's span start: its id, lowercased, and its type.
    steps: std::collections::HashMap<usize, (String, Ty)>,
}

impl Shared {
    pub fn of(cx: &Ctx<'_>) -> Shared {
        let steps = cx
            .steps()
            .into_iter()
            .filter_map(|(_, s)| {
                let id = s.get("id")?.as_str()?.to_ascii_lowercase();
                if id.contains("${{") {
                    return None;
                }
                let outputs = match crate::declared::of(cx, s) {
                    Some(d) => match d.known_outputs() {
                        Some(names) => Ty::Object(Obj {
                            props: names.iter().map(|n| (n.to_ascii_lowercase(), Ty::String)).collect(),
                            rest: None,
                            declared_by: Some((d.name.clone(), d.outputs_closed())),
                        }),
                        None => Obj::map_of(Ty::String),
                    },
                    None => Obj::map_of(Ty::String),
                };
                let ty = Obj::closed([("outputs", outputs), ("outcome", Ty::String), ("conclusion", Ty::String)]);
                Some((s.span().start, (id, ty)))
            })
            .collect();
        Shared {
            event: crate::payload::github_event(cx.root),
            contexts: file_contexts(cx.root),
            steps,
        }
    }
}

/// The contexts whose types do not depend on the job or step.
fn file_contexts(root: NodeRef<'_>) -> BTreeMap<&'static str, Ty> {
    let mut contexts = BTreeMap::new();
    let open = || Obj::map_of(Ty::Any);
    // `github.event` is typed by the triggers' payloads (`crate::payload`, [`Shared::event`]);
    // the rest is open.
    contexts.insert("github", open());
    contexts.insert("env", Obj::map_of(Ty::String));
    contexts.insert("vars", Obj::map_of(Ty::String));
    contexts.insert("secrets", Obj::map_of(Ty::String));
    contexts.insert("inputs", input_types(root));
    contexts.insert(
        "runner",
        Obj::closed([
            ("name", Ty::String),
            ("os", Ty::String),
            ("arch", Ty::String),
            ("temp", Ty::String),
            ("tool_cache", Ty::String),
            ("debug", Ty::String),
            ("environment", Ty::String),
            // Not in the docs' list, but set by the runner and widely read.
            ("workspace", Ty::String),
        ]),
    );
    contexts.insert(
        "strategy",
        Obj::closed([
            ("fail-fast", Ty::Bool),
            ("job-index", Ty::Number),
            ("job-total", Ty::Number),
            ("max-parallel", Ty::Number),
        ]),
    );
    contexts.insert("job", open());
    contexts.insert(
        "jobs",
        Ty::Object(Obj {
            props: model::jobs(root)
                .into_iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_ascii_lowercase(), job_result(v, true))))
                .collect(),
            rest: Some(Box::new(Ty::Any)),
            declared_by: None,
        }),
    );
    contexts
}

/// A job's result as `needs.<id>` or `jobs.<id>` shows it; `closed`: with the outputs it declares
/// (undeclared `needs.X.outputs.Y` are GHA044's).
fn job_result(job: NodeRef<'_>, closed: bool) -> Ty {
    // A reusable-workflow call's outputs are declared in the called file.
    let outputs = if job.get("uses").is_some() || !closed {
        Obj::map_of(Ty::String)
    } else {
        string_outputs(job.get("outputs"))
    };
    Obj::closed([("outputs", outputs), ("result", Ty::String)])
}

impl<'a> Env<'a> {
    /// The contexts' types for an expression at `site`.
    pub fn at(cx: &'a Ctx<'_>, site: &Site<'_, '_>) -> Env<'a> {
        let open = || Obj::map_of(Ty::Any);
        let shared = cx.shared();
        let (mut needs, mut steps, mut matrix) = (open(), open(), Ty::Any);
        if let Some(job) = site.job {
            let jobs: BTreeMap<String, NodeRef<'_>> = model::jobs(cx.root)
                .into_iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_ascii_lowercase(), v)))
                .collect();
            let props = model::needs_of(job)
                .into_iter()
                .filter_map(|(n, _)| {
                    let n = n.to_ascii_lowercase();
                    Some((n.clone(), job_result(*jobs.get(&n)?, false)))
                })
                .collect();
            // Unknown `needs.X` is GHA044's.
            needs = Ty::Object(Obj {
                props,
                rest: Some(Box::new(Ty::Any)),
                declared_by: None,
            });
            matrix = matrix_type(job);
            let before = site.step.map_or(usize::MAX, |(i, _)| i);
            let props = model::steps(job)
                .into_iter()
                .take(before)
                .filter_map(|s| {
                    let (id, ty) = shared.steps.get(&s.span().start)?;
                    Some((id.clone(), ty.clone()))
                })
                .collect();
            // Unknown `steps.X` is GHA042's.
            steps = Ty::Object(Obj {
                props,
                rest: Some(Box::new(Ty::Any)),
                declared_by: None,
            });
        }
        Env {
            shared,
            needs,
            steps,
            matrix,
        }
    }

    fn context(&self, name: &str) -> Option<&Ty> {
        match name {
            "needs" => Some(&self.needs),
            "steps" => Some(&self.steps),
            "matrix" => Some(&self.matrix),
            _ => self.shared.contexts.get(name),
        }
    }

    /// The type of `e`, with every type error found on the way.
    pub fn infer(&self, e: &Spanned, errors: &mut Vec<TypeError>) -> Ty {
        match &e.expr {
            Expr::Null => Ty::Null,
            Expr::Bool(_) => Ty::Bool,
            Expr::Number(_) => Ty::Number,
            Expr::String(_) => Ty::String,
            Expr::Path(path) => {
                let Some((head, rest)) = path.split_first() else { return Ty::Any };
                let head_lower = head.to_ascii_lowercase();
                let Some(mut t) = self.context(&head_lower) else {
                    return Ty::Any;
                };
                // Down the properties that exist by reference, cloning only what is reached: a
                // clone of `github` (with the event's payload) per `github.sha` was most of a
                // workflow's type checking.
                let mut written = head.clone();
                let mut used = 0;
                if head_lower == "github"
                    && let Some(seg) = rest.first().filter(|s| s.eq_ignore_ascii_case("event"))
                {
                    t = &self.shared.event;
                    written.push('.');
                    written.push_str(seg);
                    used = 1;
                }
                while let (Some(seg), Ty::Object(o)) = (rest.get(used), t) {
                    let Some(p) = o
                        .props
                        .get(&seg.to_ascii_lowercase())
                        .filter(|_| !matches!(seg.as_str(), "*" | "[]"))
                    else {
                        break;
                    };
                    t = p;
                    written.push('.');
                    written.push_str(seg);
                    used += 1;
                }
                access(t.clone(), &written, &rest[used..], e, errors)
            }
            Expr::Access { base, path } => {
                let t = self.infer(base, errors);
                access(t, "the value", path, e, errors)
            }
            Expr::Not(inner) => {
                self.infer(inner, errors);
                Ty::Bool
            }
            Expr::Binary { op, lhs, rhs } => {
                let l = self.infer(lhs, errors);
                let r = self.infer(rhs, errors);
                match op {
                    Op::And | Op::Or => l.join(r),
                    // A payload object may be absent, and absent it reads as null, which equals
                    // `''`: `github.event.issue.pull_request != ''` tells a pull request's comment
                    // from an issue's (ecamp3's fast-forward, judged wrong as an error, the
                    // seventy-first sample).
                    _ if maybe_absent(lhs) || maybe_absent(rhs) => Ty::Bool,
                    _ => {
                        compare(*op, &l, &r, e, errors);
                        Ty::Bool
                    }
                }
            }
            Expr::Call { name, args } => {
                let types: Vec<Ty> = args.iter().map(|a| self.infer(a, errors)).collect();
                call(name, args, types, e, errors)
            }
        }
    }
}

/// `base.a.b…`: each step's type, and an error where a property cannot exist.
fn access(mut t: Ty, head: &str, rest: &[String], e: &Spanned, errors: &mut Vec<TypeError>) -> Ty {
    let mut written = head.to_owned();
    for seg in rest {
        t = match (t, seg.as_str()) {
            (Ty::Any, _) => return Ty::Any,
            (Ty::Array(item), "*") => Ty::Array(item),
            (Ty::Array(item), "[]") => *item,
            (Ty::Array(item), i) if i.parse::<usize>().is_ok() => *item,
            (Ty::Object(o), "*") => {
                let items = o
                    .props
                    .values()
                    .cloned()
                    .chain(o.rest.map(|r| *r))
                    .reduce(Ty::join)
                    .unwrap_or(Ty::Any);
                Ty::Array(Box::new(items))
            }
            // After a filter (`x.*.name`), a property maps over the elements.
            (Ty::Array(item), _) => match *item {
                Ty::Object(o) => Ty::Array(Box::new(access(Ty::Object(o), &written, std::slice::from_ref(seg), e, errors))),
                other if other.is_scalar() => {
                    errors.push(TypeError {
                        start: e.start,
                        end: e.end,
                        message: format!("`{written}` is an array of {}; they have no property `{seg}`", plural(&other)),
                        help: format!("use `{written}` itself"),
                        likely: false,
                    });
                    return Ty::Any;
                }
                _ => return Ty::Any,
            },
            (Ty::Object(o), "[]") => o
                .props
                .values()
                .cloned()
                .chain(o.rest.map(|r| *r))
                .reduce(Ty::join)
                .unwrap_or(Ty::Any),
            (Ty::Object(o), _) => {
                let key = seg.to_ascii_lowercase();
                match o.props.get(&key) {
                    Some(p) => p.clone(),
                    None => match o.rest {
                        Some(r) => *r,
                        None => {
                            let names: Vec<&str> = o.props.keys().map(String::as_str).collect();
                            let help = match shipshape_core::suggest::closest(&key, names.iter().copied()) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None if names.is_empty() => "it has no properties".into(),
                                None => format!("its properties: {}", names.join(", ")),
                            };
                            let (message, likely) = match &o.declared_by {
                                Some((action, true)) => (
                                    format!(
                                        "`{written}` has no property `{seg}`: `{action}` declares no such output, so it always reads as null"
                                    ),
                                    false,
                                ),
                                Some((action, false)) => (
                                    format!(
                                        "`{written}` has no property `{seg}`: `{action}` declares no such output, so it reads as null unless the action sets it undeclared"
                                    ),
                                    true,
                                ),
                                None => (format!("`{written}` has no property `{seg}`: it always reads as null"), false),
                            };
                            errors.push(TypeError {
                                start: e.start,
                                end: e.end,
                                message,
                                help,
                                likely,
                            });
                            return Ty::Any;
                        }
                    },
                }
            }
            (scalar, _) => {
                errors.push(TypeError {
                    start: e.start,
                    end: e.end,
                    message: format!("`{written}` is {}; `.{seg}` on it always reads as null", scalar.describe()),
                    help: format!("use `{written}` itself, or `fromJSON({written}).{seg}` if it holds JSON"),
                    likely: false,
                });
                return Ty::Any;
            }
        };
        if seg == "[]" {
            written.push_str("[…]");
        } else {
            written.push('.');
            written.push_str(seg);
        }
    }
    t
}

fn plural(t: &Ty) -> &'static str {
    match t {
        Ty::Null => "nulls",
        Ty::Bool => "booleans",
        Ty::Number => "numbers",
        Ty::String => "strings",
        _ => "values",
    }
}

/// Whether `e` reads a property of the event's payload below its top level, which an event may
/// leave out (`github.event.issue.pull_request` is there only for a pull request).
fn maybe_absent(e: &Spanned) -> bool {
    matches!(&e.expr, Expr::Path(p) if p.len() > 3 && p[0].eq_ignore_ascii_case("github") && p[1].eq_ignore_ascii_case("event"))
}

/// Comparisons that hold the same way whatever the values: an object or array against a scalar
/// (objects compare by identity; GitHub converts neither to the other), or an object ordered.
fn compare(op: Op, l: &Ty, r: &Ty, e: &Spanned, errors: &mut Vec<TypeError>) {
    let ordered = matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge);
    let mixed = (l.is_composite() && r.is_scalar() && *r != Ty::Null) || (r.is_composite() && l.is_scalar() && *l != Ty::Null);
    if mixed || (ordered && (l.is_composite() || r.is_composite())) {
        let (a, b) = (l.describe(), r.describe());
        let always = match op {
            Op::Ne => "true",
            _ => "false",
        };
        errors.push(TypeError {
            start: e.start,
            end: e.end,
            message: format!("comparing {a} with {b} is always {always}"),
            help: "compare a property of the object, or `toJSON()` of it".into(),
            likely: false,
        });
    }
}

/// The type a function returns, with errors for what always fails at run time.
fn call(name: &str, args: &[Spanned], types: Vec<Ty>, e: &Spanned, errors: &mut Vec<TypeError>) -> Ty {
    match name.to_ascii_lowercase().as_str() {
        "contains" | "startswith" | "endswith" | "success" | "always" | "cancelled" | "failure" => Ty::Bool,
        "join" | "tojson" | "hashfiles" => Ty::String,
        "format" => {
            if let Some(Spanned { expr: Expr::String(f), .. }) = args.first() {
                match format_refs(f) {
                    Err(()) => errors.push(TypeError {
                        start: e.start,
                        end: e.end,
                        message: "the format string has an unmatched `{` or `}`: the step fails when it is evaluated".into(),
                        help: "write a literal brace as `{{` or `}}`".into(),
                        likely: false,
                    }),
                    Ok(Some(n)) if n + 1 >= args.len() => errors.push(TypeError {
                        start: e.start,
                        end: e.end,
                        message: format!(
                            "the format string reads `{{{n}}}` but {} value(s) follow it: the step fails when it is evaluated",
                            args.len() - 1
                        ),
                        help: format!("pass {} value(s) after the format string", n + 1),
                        likely: false,
                    }),
                    _ => {}
                }
            }
            Ty::String
        }
        "fromjson" => match args.first().map(|a| &a.expr) {
            Some(Expr::String(text)) => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v) => json_type(&v, 0),
                Err(err) => {
                    errors.push(TypeError {
                        start: e.start,
                        end: e.end,
                        message: format!("`fromJSON` of text that is not JSON ({err}): the step fails when it is evaluated"),
                        help: "fix the JSON in the string".into(),
                        likely: false,
                    });
                    Ty::Any
                }
            },
            _ => Ty::Any,
        },
        "case" => {
            let last = types.len().saturating_sub(1);
            types
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == 1 || *i == last)
                .map(|(_, t)| t)
                .reduce(Ty::join)
                .unwrap_or(Ty::Any)
        }
        _ => Ty::Any,
    }
}

fn json_type(v: &serde_json::Value, depth: usize) -> Ty {
    use serde_json::Value;
    if depth > 16 {
        return Ty::Any;
    }
    match v {
        Value::Null => Ty::Null,
        Value::Bool(_) => Ty::Bool,
        Value::Number(_) => Ty::Number,
        Value::String(_) => Ty::String,
        Value::Array(a) => Ty::Array(Box::new(
            a.iter().map(|x| json_type(x, depth + 1)).reduce(Ty::join).unwrap_or(Ty::Any),
        )),
        Value::Object(o) => Ty::Object(Obj {
            props: o.iter().map(|(k, v)| (k.to_ascii_lowercase(), json_type(v, depth + 1))).collect(),
            rest: None,
            declared_by: None,
        }),
    }
}

/// The highest `{N}` a format string reads (`None`: none), or `Err` for an unmatched brace, as
/// GitHub's `format` parses it (`{{` and `}}` are literal braces).
fn format_refs(f: &str) -> Result<Option<usize>, ()> {
    let b = f.as_bytes();
    let (mut i, mut max) = (0, None);
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if b.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                let close = f[i..].find('}').ok_or(())? + i;
                let n: usize = f[i + 1..close].parse().map_err(|_| ())?;
                max = Some(max.map_or(n, |m: usize| m.max(n)));
                i = close + 1;
            }
            b'}' => return Err(()),
            _ => i += 1,
        }
    }
    Ok(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_strings() {
        assert_eq!(format_refs("{0}-{1}"), Ok(Some(1)));
        assert_eq!(format_refs("{{0}} {0}"), Ok(Some(0)));
        assert_eq!(format_refs("plain"), Ok(None));
        assert_eq!(format_refs("{0"), Err(()));
        assert_eq!(format_refs("a } b"), Err(()));
        assert_eq!(format_refs("{x}"), Err(()));
    }

    #[test]
    fn availability_table() {
        assert!(availability("jobs.<job_id>.steps.run").unwrap().0.contains(&"secrets"));
        assert!(!availability("jobs.<job_id>.if").unwrap().0.contains(&"env"));
        assert!(availability("jobs.<job_id>.steps.shell").is_none());
    }
}
