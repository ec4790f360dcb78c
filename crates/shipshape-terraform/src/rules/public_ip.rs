use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF018", name: "instance-public-ip", severity: Warning, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AWS_88"], options: [],
    summary: "An instance gets a public IP address",
    what: "Flags `associate_public_ip_address = true` on `aws_instance` and in `network_interfaces` of `aws_launch_template`, except for a bastion or jump host (by its resource name), which exists to be reached.",
    why: "Every open port of the instance is on the internet, and its security group becomes the only barrier; servers belong in private subnets behind a load balancer or NAT.",
    example: "resource \"aws_instance\" \"web\" {\n  ami                         = \"ami-0abcdef1234567890\"\n  instance_type               = \"t3.micro\"\n  associate_public_ip_address = true\n}",
    instead: "resource \"aws_instance\" \"web\" {\n  ami                         = \"ami-0abcdef1234567890\"\n  instance_type               = \"t3.micro\"\n  associate_public_ip_address = false\n}",
    fix_safety: "No automatic fix: the instance becomes unreachable from the internet.",
    refs: "- https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_instance", "aws_launch_template"]) {
        // A bastion (jump host) is the one server meant to be reached from the internet
        // (cyhy_amis's three bastions, judged not worth a finding, the thirty-ninth sample).
        let name = r.labels[1].to_ascii_lowercase();
        if ["bastion", "jumphost", "jump_host", "jump-host", "jumpbox", "jump_box"]
            .iter()
            .any(|b| name.contains(b))
        {
            continue;
        }
        let mut bodies = vec![r.body()];
        bodies.extend(crate::model::nested(r.body(), "network_interfaces"));
        for b in bodies {
            if let Some(a) = b.get_attribute("associate_public_ip_address")
                && cx.value(b, "associate_public_ip_address").and_then(|v| v.as_bool()) == Some(true)
            {
                out.push(
                    Diagnostic::new(meta(), span_of(&a.value), format!("`{}` gets a public IP address", r.address()))
                        .help("place it in a private subnet behind a load balancer"),
                );
            }
        }
    }
}
