use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF020", name: "log-retention", severity: Info, category: Reliability, default: false, fix: None,
    peers: ["checkov:CKV_AWS_66"], options: [],
    summary: "A log group keeps its logs forever",
    what: "Flags `aws_cloudwatch_log_group` without `retention_in_days`.",
    why: "Logs without retention are kept (and billed) forever, and old personal data in them outlives what privacy law allows.",
    example: "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name = \"/ecs/app\"\n}",
    instead: "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"/ecs/app\"\n  retention_in_days = 90\n}",
    fix_safety: "No automatic fix: choose the retention your audit and privacy rules need.",
    refs: "- https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    spans: ["\"aws_cloudwatch_log_group\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_cloudwatch_log_group"]) {
        if !r.body().has_attribute("retention_in_days") {
            out.push(
                Diagnostic::new(meta(), r.label_span(), format!("`{}` keeps its logs forever", r.address()))
                    .help("set `retention_in_days`"),
            );
        }
    }
}
