use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF064", name: "ssh-port-exposed", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_DOCKER_1", "trivy:DS004"], options: [],
    summary: "Port 22 (SSH) is exposed",
    what: "Flags `EXPOSE 22`.",
    why: "Running sshd in a container adds an attack surface; use `docker exec`/`kubectl exec` instead.",
    example: "EXPOSE 22",
    instead: "# no sshd: use docker exec or kubectl exec",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/cli/docker/container/exec/",
    spans: ["22"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, ins) in cx.each(Keyword::Expose) {
        for w in ins.words() {
            let port = w.text.split('/').next().unwrap_or("");
            let covers = port == "22"
                || port
                    .split_once('-')
                    .is_some_and(|(a, b)| a.parse::<u32>().is_ok_and(|a| a <= 22) && b.parse::<u32>().is_ok_and(|b| b >= 22));
            if covers {
                out.push(Diagnostic::new(meta(), w.span, "SSH port 22 is exposed"));
            }
        }
    }
}
