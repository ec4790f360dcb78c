use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF030", name: "yum-clean-missing", severity: Warning, category: Performance, default: false, fix: None,
    peers: ["hadolint:DL3032"], options: [],
    summary: "Run yum clean all after yum install",
    what: "Flags `yum install` in a stage of the final image without `yum clean all` (or removing `/var/cache/yum`) in the same RUN.",
    why: "The yum cache stays in the layer.",
    example: "RUN yum install -y httpd",
    instead: "RUN yum install -y httpd && yum clean all",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3032",
    spans: ["yum install -y httpd"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::support::report_clean_missing(cx, &["yum"], "/var/cache/yum", "yum clean all", meta(), out);
}
