use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF042", name: "subnet-public-ip", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AWS_130"], options: [],
    summary: "A subnet gives every instance a public IP",
    what: "Flags `aws_subnet` with `map_public_ip_on_launch = true`.",
    why: "Everything launched there is on the internet by default, whether or not it was meant to be; public IPv4 addresses are also billed.",
    example: "resource \"aws_subnet\" \"app\" {\n  vpc_id                  = aws_vpc.main.id\n  cidr_block              = \"10.0.1.0/24\"\n  map_public_ip_on_launch = true\n}",
    instead: "resource \"aws_subnet\" \"app\" {\n  vpc_id                  = aws_vpc.main.id\n  cidr_block              = \"10.0.1.0/24\"\n  map_public_ip_on_launch = false\n}",
    fix_safety: "No automatic fix: public subnets for load balancers and NAT gateways are legitimate.",
    refs: "- https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_subnet"]) {
        if let Some(span) = cx.bool_not(r.body(), "map_public_ip_on_launch", false, false, r.label_span()) {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` gives every instance a public IP", r.address()))
                    .help("keep workloads in private subnets; give public IPs explicitly"),
            );
        }
    }
}
