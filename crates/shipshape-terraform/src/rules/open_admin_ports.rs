use crate::model::{Value, nested, span_of};
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF001", name: "ingress-open-to-world", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_24", "checkov:CKV_AWS_25"], options: [],
    summary: "SSH, RDP or every port is open to the whole internet",
    what: "Flags ingress rules that allow `0.0.0.0/0` or `::/0` to reach port 22, port 3389 or all ports: `aws_security_group` `ingress` blocks (also `dynamic`), `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule`, `google_compute_firewall` and `azurerm_network_security_rule`. Ports and ranges written through variables are resolved when they are literals; a world range that is a variable's default is a warning (the module's caller may override it). A GCP `allow` block or an Azure rule for a protocol without ports (`icmp`, `esp`) opens no port. Every port open is an error; SSH and RDP alone are warnings (a bastion's purpose, behind keys).",
    why: "Internet-wide scanners find an open SSH or RDP port within minutes and brute-force it; an all-ports rule exposes every service on the machine, including ones never meant to be public.",
    example: "resource \"aws_security_group\" \"bastion\" {\n  name = \"bastion\"\n\n  ingress {\n    from_port   = 0\n    to_port     = 65535\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}",
    instead: "resource \"aws_security_group\" \"bastion\" {\n  name = \"bastion\"\n\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}",
    fix_safety: "No automatic fix: restrict the source to known ranges, or reach machines through SSM Session Manager, IAP or a VPN.",
    refs: "- https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html\n- https://cloud.google.com/iap/docs/using-tcp-forwarding",
    spans: ["[\"0.0.0.0/0\"]"],
}

const WORLD: &[&str] = &["0.0.0.0/0", "::/0", "*", "Internet", "Any", "0.0.0.0"];

/// What an open range exposes: the admin port it covers, or every port.
fn exposes(from: f64, to: f64) -> Option<&'static str> {
    if from <= 0.0 && to >= 65535.0 || from < 0.0 {
        Some("every port")
    } else if from <= 22.0 && 22.0 <= to {
        Some("SSH (22)")
    } else if from <= 3389.0 && 3389.0 <= to {
        Some("RDP (3389)")
    } else {
        None
    }
}

/// `"22"`, `"1000-2000"`, `"*"` → a range.
fn port_range(s: &str) -> Option<(f64, f64)> {
    if s == "*" {
        return Some((0.0, 65535.0));
    }
    match s.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => s.trim().parse().ok().map(|p| (p, p)),
    }
}

fn world(v: &Value) -> bool {
    v.strings().is_some_and(|s| s.iter().any(|c| WORLD.contains(c)))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A range from a variable's default is the module's default, which a caller may override: true,
    // but not certain of the deployed rule (a warning that says so).
    let mut report = |span, address: String, what: &str, via: Option<String>| {
        let d = match via {
            None => Diagnostic::new(meta(), span, format!("`{address}` opens {what} to the whole internet")),
            Some(var) => Diagnostic::new(
                meta(),
                span,
                format!("`{address}` opens {what} to the whole internet by default (`{var}`, unless the caller overrides it)"),
            )
            .severity(shipshape_core::Severity::Warning),
        };
        // SSH or RDP open to the world is a bastion's or an SFTP host's purpose, behind keys or
        // passwords: exposure that needs a stolen key or a flaw first (the error audit,
        // 2026-12-05). Every port open exposes whatever listens, unauthenticated or not.
        let d = if what == "every port" {
            d
        } else {
            d.severity(shipshape_core::Severity::Warning)
        };
        out.push(d.help("allow only known source ranges, or use a bastion-free access path (SSM, IAP, VPN)"));
    };
    let via_var = |body: &hcl_edit::structure::Body, keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            let a = crate::model::attr(body, k)?;
            let text = a.value.to_string();
            let text = text.trim();
            (text.starts_with("var.") && cx.value(body, k).is_some_and(|v| world(&v))).then(|| text.to_string())
        })
    };
    // AWS: `ingress` blocks and standalone rules; the protocol `-1` means every port.
    let aws = |body: &hcl_edit::structure::Body, cidrs: &[&str]| -> Option<&'static str> {
        if !cidrs.iter().any(|k| cx.value(body, k).is_some_and(|v| world(&v))) {
            return None;
        }
        let protocol = cx.value(body, "protocol").or_else(|| cx.value(body, "ip_protocol"));
        if protocol
            .as_ref()
            .and_then(|p| p.as_str().map(str::to_owned))
            .is_some_and(|p| p == "-1" || p == "all")
        {
            return Some("every port");
        }
        // ICMP's `from_port`/`to_port` are the message type and code (`-1`: all of them), and
        // ESP/AH have no ports: such a rule opens no port (cool-assessment's all-ICMP ingress,
        // judged wrong, the thirty-second sample).
        if protocol
            .as_ref()
            .and_then(|p| {
                p.as_str()
                    .map(str::to_ascii_lowercase)
                    .or_else(|| p.as_f64().map(|n| n.to_string()))
            })
            .is_some_and(|p| matches!(p.as_str(), "icmp" | "icmpv6" | "1" | "58" | "esp" | "ah" | "50" | "51"))
        {
            return None;
        }
        let from = cx.value(body, "from_port")?.as_f64()?;
        let to = cx.value(body, "to_port")?.as_f64()?;
        exposes(from, to)
    };
    for r in cx.resources(&["aws_security_group"]) {
        for ing in nested(r.body(), "ingress") {
            if let Some(what) = aws(ing, &["cidr_blocks", "ipv6_cidr_blocks"]) {
                report(
                    cx_span(ing, r),
                    r.address(),
                    what,
                    via_var(ing, &["cidr_blocks", "ipv6_cidr_blocks"]),
                );
            }
        }
    }
    for r in cx.resources(&["aws_security_group_rule", "aws_vpc_security_group_ingress_rule"]) {
        if r.labels[0] == "aws_security_group_rule"
            && cx.value(r.body(), "type").and_then(|t| t.as_str().map(str::to_owned)).as_deref() != Some("ingress")
        {
            continue;
        }
        if let Some(what) = aws(r.body(), &["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"]) {
            let via = via_var(r.body(), &["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"]);
            report(r.label_span(), r.address(), what, via);
        }
    }
    // GCP: ingress is the default direction; `allow` blocks list protocols and ports.
    for r in cx.resources(&["google_compute_firewall"]) {
        let egress = cx
            .value(r.body(), "direction")
            .and_then(|d| d.as_str().map(str::to_ascii_uppercase))
            .as_deref()
            == Some("EGRESS");
        if egress || !cx.value(r.body(), "source_ranges").is_some_and(|v| world(&v)) {
            continue;
        }
        let via = via_var(r.body(), &["source_ranges"]);
        for allow in nested(r.body(), "allow") {
            // Without `ports`, a tcp, udp or sctp rule (or `all`) opens every port; icmp, esp, ah
            // and the like have no ports (`protocol = "icmp"` only answers ping).
            let protocol = cx.value(allow, "protocol").and_then(|p| p.as_str().map(str::to_ascii_lowercase));
            let has_ports = protocol
                .as_deref()
                .is_none_or(|p| matches!(p, "tcp" | "udp" | "sctp" | "all" | "6" | "17" | "132"));
            let what = match cx.value(allow, "ports") {
                None if !has_ports => None,
                None => Some("every port"),
                Some(p) => p
                    .strings()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|s| port_range(s))
                    .find_map(|(a, b)| exposes(a, b)),
            };
            if let Some(what) = what {
                report(cx_span(allow, r), r.address(), what, via.clone());
            }
        }
    }
    // Azure: an inbound allow rule from anywhere.
    for r in cx.resources(&["azurerm_network_security_rule"]) {
        let b = r.body();
        let is = |k: &str, want: &str| cx.value(b, k).and_then(|v| v.as_str().map(str::to_ascii_lowercase)).as_deref() == Some(want);
        if !is("direction", "inbound") || !is("access", "allow") {
            continue;
        }
        // ICMP, ESP and AH have no ports: `destination_port_range = "*"` of an `Icmp` rule only
        // answers ping (Azure's quickstarts allow it; the forty-eighth sample's wrong error).
        if ["icmp", "esp", "ah"].iter().any(|p| is("protocol", p)) {
            continue;
        }
        let from_world = ["source_address_prefix", "source_address_prefixes"]
            .iter()
            .any(|k| cx.value(b, k).is_some_and(|v| world(&v)));
        if !from_world {
            continue;
        }
        let ports: Vec<String> = ["destination_port_range", "destination_port_ranges"]
            .iter()
            .filter_map(|k| cx.value(b, k))
            .flat_map(|v| v.strings().unwrap_or_default().into_iter().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        if let Some(what) = ports.iter().filter_map(|p| port_range(p)).find_map(|(a, c)| exposes(a, c)) {
            report(
                r.label_span(),
                r.address(),
                what,
                via_var(b, &["source_address_prefix", "source_address_prefixes"]),
            );
        }
    }
}

/// The span of a nested block's first line (its identifier), within the resource.
fn cx_span(body: &hcl_edit::structure::Body, r: crate::model::Top) -> shipshape_core::Span {
    // Nested bodies carry no identifier span; report the attribute that opens the world.
    ["cidr_blocks", "ipv6_cidr_blocks", "source_ranges", "ports"]
        .iter()
        .find_map(|k| body.get_attribute(k))
        .map_or_else(|| r.label_span(), |a| span_of(&a.value))
}
