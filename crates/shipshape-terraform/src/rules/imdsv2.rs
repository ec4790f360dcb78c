use crate::model::{insert_text, nested, span_of};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "TF003", name: "imdsv1-allowed", severity: Warning, category: Security, default: true, fix: Unsafe,
    peers: ["checkov:CKV_AWS_79"], options: [],
    summary: "An instance accepts IMDSv1 requests",
    what: "Flags `aws_instance` and `aws_launch_template` whose `metadata_options` do not set `http_tokens = \"required\"` (and do not disable the endpoint). The fix sets it, or adds the block. An instance with no `iam_instance_profile` and no user data has no credentials or secrets in its metadata yet: info.",
    why: "IMDSv1 answers any GET request: a server-side request forgery in the application hands out the instance role's credentials (the Capital One breach). IMDSv2 requires a session token that SSRF cannot obtain.",
    example: "resource \"aws_instance\" \"web\" {\n  ami                  = \"ami-0abcdef1234567890\"\n  instance_type        = \"t3.micro\"\n  iam_instance_profile = aws_iam_instance_profile.web.name\n\n  metadata_options {\n    http_tokens = \"optional\"\n  }\n}",
    instead: "resource \"aws_instance\" \"web\" {\n  ami                  = \"ami-0abcdef1234567890\"\n  instance_type        = \"t3.micro\"\n  iam_instance_profile = aws_iam_instance_profile.web.name\n\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}",
    fix_safety: "Unsafe: software that still calls the metadata service without a token (old SDKs and agents) stops getting credentials.",
    refs: "- https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
    spans: ["\"optional\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_instance", "aws_launch_template"]) {
        let opts = nested(r.body(), "metadata_options");
        let (span, fix) = match opts.first() {
            None => (
                r.label_span(),
                insert_text(cx.src, r.block, "metadata_options {\n  http_tokens = \"required\"\n}"),
            ),
            Some(o) => {
                if cx.value(o, "http_endpoint").and_then(|v| v.as_str().map(str::to_owned)).as_deref() == Some("disabled") {
                    continue;
                }
                match o.get_attribute("http_tokens") {
                    Some(a) => match cx.value(o, "http_tokens").and_then(|v| v.as_str().map(str::to_owned)) {
                        Some(t) if t == "required" => continue,
                        Some(_) => (span_of(&a.value), Some(Edit::replace(span_of(&a.value), "\"required\""))),
                        None => continue,
                    },
                    None => (r.label_span(), None),
                }
            }
        };
        // An instance with no role and no user data has no credentials or secrets in its metadata
        // for a forged request to steal (civiform's SSH host, judged not worth a warning, the
        // sixty-seventh sample): hygiene.
        let body = r.body();
        let bare = r.labels[0] == "aws_instance"
            && [
                "iam_instance_profile",
                "user_data",
                "user_data_base64",
                "user_data_replace_on_change",
            ]
            .iter()
            .all(|k| body.get_attribute(k).is_none());
        let message = if bare {
            format!(
                "`{}` answers IMDSv1 requests (it has no role or user data to steal yet)",
                r.address()
            )
        } else {
            format!("`{}` answers IMDSv1 requests", r.address())
        };
        let d = Diagnostic::new(meta(), span, message)
            .help("set `http_tokens = \"required\"` in `metadata_options`")
            .maybe_fix(fix.map(|e| Fix::unsafe_("require IMDSv2 tokens", vec![e])));
        out.push(if bare { d.severity(shipshape_core::Severity::Info) } else { d });
    }
}
