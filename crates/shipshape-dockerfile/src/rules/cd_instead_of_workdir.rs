use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF004", name: "cd-instead-of-workdir", severity: Warning, category: Maintainability, default: false, fix: Unsafe,
    peers: ["hadolint:DL3003"], options: [],
    summary: "Use WORKDIR to switch directory, not `cd`",
    what: "Flags `cd` in a RUN instruction: a warning when it ends the RUN (it then does nothing), info when the commands it is for follow it.",
    why: "`cd` lasts only for that RUN; later instructions silently run elsewhere. `WORKDIR` is explicit and visible in the image config.",
    example: "RUN cd /app && make",
    instead: "WORKDIR /app\nRUN make",
    fix_safety: "Unsafe: a `RUN cd /abs && rest` becomes `WORKDIR /abs` plus `RUN rest`, which also changes the directory of later instructions.",
    refs: "- https://docs.docker.com/build/building/best-practices/#workdir",
    spans: ["cd /app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        for (n, c) in script.commands.iter().enumerate() {
            if c.name != "cd" || c.pipeline.is_some() {
                continue;
            }
            // A `cd` followed by the commands it is for is a style choice (info); a `cd` that ends
            // the RUN changes nothing at all (warning).
            let last = n + 1 == script.commands.len();
            let mut d = Diagnostic::new(
                meta(),
                c.span,
                if last {
                    "`cd` at the end of a RUN has no effect: the next instruction starts elsewhere"
                } else {
                    "`cd` only lasts for this RUN"
                },
            )
            .help("use `WORKDIR` to change directory");
            if !last {
                d = d.severity(shipshape_core::Severity::Info);
            }
            // The fix handles the plain `RUN cd /abs && rest` shape only.
            let args = &ins.args.value;
            if n == 0
                && ins.heredocs.is_empty()
                && ins.flags.is_empty()
                && let [dir] = c.args.as_slice()
                && dir.text.starts_with('/')
                && !dir.text.contains(['$', '*', ' '])
                && let Some(rest) = args.trim_start().strip_prefix(&format!("cd {}", dir.span.text(cx.src)))
                && let Some(rest) = rest.trim_start().strip_prefix("&&")
                && !rest.contains("||")
                && !rest.contains(';')
                && cx.df.stage_of[i].is_some()
            {
                let rest = rest.trim_start();
                let replacement = format!("WORKDIR {}\nRUN {}", dir.text, rest);
                d = d.fix(Fix::unsafe_(
                    "replace `cd` with WORKDIR",
                    vec![Edit::replace(ins.span, replacement)],
                ));
            }
            out.push(d);
        }
    }
}
