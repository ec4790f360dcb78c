//! Every Kubernetes rule, one file each, in code order.

pub mod added_capabilities;
pub mod anti_affinity;
pub mod apparmor_unconfined;
pub mod capabilities_not_dropped;
pub mod cluster_admin_binding;
pub mod committed_secret;
pub mod container_port_not_exposed;
pub mod cronjob_policy;
pub mod dangerous_capabilities;
pub mod dangling_reference;
pub mod default_account_bound;
pub mod default_namespace;
pub mod default_service_account;
pub mod deprecated_api;
pub mod duplicate_names;
pub mod external_ips;
pub mod grace_period_zero;
pub mod host_namespaces;
pub mod host_path;
pub mod host_port;
pub mod host_process;
pub mod hpa_bounds;
pub mod identical_probes;
pub mod image_digest;
pub mod image_pull_policy;
pub mod image_tag;
pub mod ingress_snippet;
pub mod ingress_tls;
pub mod invalid_port_name;
pub mod job_limits;
pub mod job_restart_policy;
pub mod label_value;
mod labels;
pub mod limits_below_requests;
pub mod load_balancer_source_ranges;
pub mod missing_pdb;
pub mod namespace_pod_security;
pub mod network_policy_allow_all;
pub mod network_policy_coverage;
pub mod nodeport_service;
pub mod pdb_blocks_eviction;
pub mod priority_class;
pub mod privilege_escalation;
pub mod privileged_container;
pub mod privileged_port;
pub mod probe_port;
pub mod probes;
pub mod proc_mount;
pub mod rbac_escalation;
pub mod rbac_secrets;
pub mod rbac_wildcard;
pub mod read_only_root;
pub mod recreate_strategy;
pub mod replicas_with_hpa;
pub mod resource_limits;
pub mod resource_requests;
pub mod retired_component;
pub mod rollout_max_unavailable;
pub mod run_as_root;
pub mod schema;
pub mod seccomp_profile;
pub mod secret_as_env;
pub mod secret_in_configmap;
pub mod secret_in_env;
pub mod selector_mismatch;
pub mod service_account_field;
pub mod service_account_token;
pub mod service_selects_nothing;
pub mod single_replica;
pub mod ssh_port;
pub mod statefulset_service;
pub mod tmp_not_writable;
pub mod unsafe_sysctls;

/// All rules, in code order.
pub static ALL: &[&crate::Rule] = &[
    &privileged_container::RULE,
    &privilege_escalation::RULE,
    &run_as_root::RULE,
    &read_only_root::RULE,
    &capabilities_not_dropped::RULE,
    &dangerous_capabilities::RULE,
    &seccomp_profile::RULE,
    &host_namespaces::RULE,
    &host_port::RULE,
    &host_path::RULE,
    &resource_requests::RULE,
    &resource_limits::RULE,
    &probes::RULE,
    &identical_probes::RULE,
    &image_tag::RULE,
    &image_pull_policy::RULE,
    &service_account_token::RULE,
    &default_service_account::RULE,
    &secret_in_env::RULE,
    &secret_in_configmap::RULE,
    &committed_secret::RULE,
    &default_namespace::RULE,
    &deprecated_api::RULE,
    &hpa_bounds::RULE,
    &rollout_max_unavailable::RULE,
    &single_replica::RULE,
    &nodeport_service::RULE,
    &ingress_tls::RULE,
    &rbac_wildcard::RULE,
    &rbac_secrets::RULE,
    &rbac_escalation::RULE,
    &cluster_admin_binding::RULE,
    &privileged_port::RULE,
    &probe_port::RULE,
    &tmp_not_writable::RULE,
    &anti_affinity::RULE,
    &service_selects_nothing::RULE,
    &missing_pdb::RULE,
    &network_policy_coverage::RULE,
    &dangling_reference::RULE,
    &selector_mismatch::RULE,
    &duplicate_names::RULE,
    &cronjob_policy::RULE,
    &job_restart_policy::RULE,
    &external_ips::RULE,
    &namespace_pod_security::RULE,
    &limits_below_requests::RULE,
    &unsafe_sysctls::RULE,
    &network_policy_allow_all::RULE,
    &grace_period_zero::RULE,
    &recreate_strategy::RULE,
    &apparmor_unconfined::RULE,
    &image_digest::RULE,
    &load_balancer_source_ranges::RULE,
    &secret_as_env::RULE,
    &job_limits::RULE,
    &priority_class::RULE,
    &added_capabilities::RULE,
    &service_account_field::RULE,
    &ssh_port::RULE,
    &host_process::RULE,
    &proc_mount::RULE,
    &pdb_blocks_eviction::RULE,
    &invalid_port_name::RULE,
    &ingress_snippet::RULE,
    &retired_component::RULE,
    &default_account_bound::RULE,
    &statefulset_service::RULE,
    &replicas_with_hpa::RULE,
    &label_value::RULE,
    &container_port_not_exposed::RULE,
    &schema::RULE,
];

/// A DaemonSet is a node agent (a CNI, a CSI or storage plugin, a log collector, a load balancer's
/// speaker): its host access is its purpose. In the judged samples every such finding on a
/// DaemonSet was not worth acting on (Longhorn, MetalLB, kured, the Secrets Store CSI driver:
/// docs/precision.md), so the host-access rules report it as info, shown when the rule is named.
pub fn node_agent_severity(kind: &str, pod: shipshape_yaml::NodeRef, severity: shipshape_core::Severity) -> shipshape_core::Severity {
    if kind == "DaemonSet" || csi_driver(pod) || node_inspector(pod) {
        shipshape_core::Severity::Info
    } else {
        severity
    }
}

/// Whether a pod inspects its node: it shares the node's process namespace (`hostPID`) and mounts
/// node paths only read-only (kube-bench's CIS benchmark Jobs reading `/etc/kubernetes`,
/// `/var/lib/kubelet`, `/lib/systemd`: 20 findings judged not worth acting on, precision sample
/// 42). Its host access is its purpose, as a DaemonSet's is.
pub fn node_inspector(pod: shipshape_yaml::NodeRef) -> bool {
    if pod.get("hostPID").and_then(|h| h.as_bool()) != Some(true) {
        return false;
    }
    let host: Vec<&str> = pod
        .get("volumes")
        .map(|v| v.items())
        .unwrap_or_default()
        .into_iter()
        .filter(|v| v.get("hostPath").is_some())
        .filter_map(|v| v.get("name").and_then(|n| n.as_str()))
        .collect();
    let mut mounts = ["containers", "initContainers"]
        .iter()
        .flat_map(|list| pod.get(list).map(|c| c.items()).unwrap_or_default())
        .flat_map(|c| c.get("volumeMounts").map(|m| m.items()).unwrap_or_default())
        .filter(|m| m.get("name").and_then(|n| n.as_str()).is_some_and(|n| host.contains(&n)))
        .peekable();
    mounts.peek().is_some() && mounts.all(|m| m.get("readOnly").and_then(|r| r.as_bool()) == Some(true))
}

/// Whether a pod is part of a CSI driver: it runs one of the CSI sidecars (node-driver-registrar,
/// csi-provisioner, csi-attacher, csi-resizer, csi-snapshotter) or mounts the kubelet's plugin
/// directory. Its host access is how CSI works (csi-driver-nfs's controller mounts NFS shares with
/// `hostNetwork` and `SYS_ADMIN`: judged not worth a finding, the twenty-third sample).
pub fn csi_driver(pod: shipshape_yaml::NodeRef) -> bool {
    let kubelet_plugins = pod.get("volumes").map(|v| v.items()).unwrap_or_default().into_iter().any(|v| {
        v.get("hostPath")
            .and_then(|h| h.get("path"))
            .and_then(|p| p.as_str())
            .is_some_and(|p| {
                let p = p.to_ascii_lowercase().replace('\\', "/");
                p.trim_start_matches("c:").starts_with("/var/lib/kubelet/plugins")
            })
    });
    const SIDECARS: &[&str] = &[
        "node-driver-registrar",
        "csi-provisioner",
        "csi-attacher",
        "csi-resizer",
        "csi-snapshotter",
    ];
    let sidecar = ["containers", "initContainers"].iter().any(|list| {
        pod.get(list).map(|c| c.items()).unwrap_or_default().into_iter().any(|c| {
            c.get("image")
                .and_then(|i| i.as_str())
                .is_some_and(|i| SIDECARS.iter().any(|s| i.contains(s)))
        })
    });
    kubelet_plugins || sidecar
}

#[cfg(test)]
mod tests {
    use shipshape_core::classify::FileKind;
    use shipshape_core::engine::FixMode;
    use shipshape_core::testkit::{File, check, doc_block};

    /// Every edit of every fix offered on the documented examples and alternatives (all rules on)
    /// must change the text: a fix that rewrites something into itself is never offered.
    #[test]
    fn no_fix_is_a_no_op() {
        let checker = crate::KubernetesChecker::default();
        let (mut failures, mut fixes) = (Vec::new(), 0);
        for rule in super::ALL {
            for section in ["Example", "Use instead"] {
                let src = format!("{}\n", doc_block(rule.meta.docs, section));
                let report = check(
                    &checker,
                    File::new(FileKind::Kubernetes, "deploy.yaml"),
                    &src,
                    &["ALL"],
                    FixMode::Off,
                );
                for f in report.findings {
                    for fix in f.diagnostic.fix.iter() {
                        fixes += 1;
                        for e in fix.edits.iter().filter(|e| e.span.text(&src) == e.replacement) {
                            failures.push(format!(
                                "{}: `{}` rewrites `{}` into itself",
                                f.diagnostic.rule.code, fix.message, e.replacement
                            ));
                        }
                    }
                }
            }
        }
        assert!(fixes > 10, "only {fixes} fixes seen: the test checks too little");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
