use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF055", name: "useless-cat", severity: Info, category: Style, default: false, fix: None,
    peers: ["shellcheck:SC2002"], options: [],
    summary: "Useless cat: pass the file to the command",
    what: "Flags `cat file | cmd` with a single file.",
    why: "An extra process and a pipe whose left side can fail silently (see pipefail-missing).",
    example: "RUN cat requirements.txt | xargs pip install",
    instead: "RUN xargs pip install < requirements.txt",
    fix_safety: "No automatic fix.",
    refs: "- https://www.shellcheck.net/wiki/SC2002",
    spans: ["cat requirements.txt"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, script) in cx.runs() {
        for p in &script.pipelines {
            let Some(&first) = p.commands.first() else { continue };
            let c = &script.commands[first];
            if c.name == "cat" && c.args.len() == 1 && !c.args[0].text.starts_with('-') && p.commands.len() >= 2 {
                out.push(Diagnostic::new(meta(), c.span, "useless use of cat").help("redirect the file into the next command with `<`"));
            }
        }
    }
}
