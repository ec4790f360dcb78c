//! Every GitLab CI rule, one file each, in code order.

pub mod allow_failure_gate;
pub mod artifacts_expire;
pub mod cache_key;
pub mod compose_v1;
pub mod curl_pipe_shell;
pub mod debug_trace;
pub mod deploy_resource_group;
pub mod deploy_without_environment;
pub mod deprecated_keyword;
pub mod dind_tls;
pub mod duplicate_pipelines;
pub mod image_tag;
pub mod invalid_value;
pub mod literal_secret;
pub mod missing_script;
pub mod needs_later_stage;
pub mod only_except;
pub mod production_deploy_gate;
pub mod rules_conflict;
pub mod schema;
pub mod script_bash_syntax_in_sh;
pub mod secret_echo;
pub mod tls_verification;
pub mod trigger_depend;
pub mod undeclared_stage;
pub mod unknown_job_ref;
pub mod unknown_key;
pub mod unpinned_include;

/// All rules, in code order.
pub static ALL: &[&crate::Rule] = &[
    &image_tag::RULE,
    &literal_secret::RULE,
    &unpinned_include::RULE,
    &only_except::RULE,
    &duplicate_pipelines::RULE,
    &undeclared_stage::RULE,
    &unknown_job_ref::RULE,
    &production_deploy_gate::RULE,
    &deploy_without_environment::RULE,
    &artifacts_expire::RULE,
    &cache_key::RULE,
    &dind_tls::RULE,
    &curl_pipe_shell::RULE,
    &allow_failure_gate::RULE,
    &unknown_key::RULE,
    &missing_script::RULE,
    &deprecated_keyword::RULE,
    &invalid_value::RULE,
    &rules_conflict::RULE,
    &debug_trace::RULE,
    &secret_echo::RULE,
    &trigger_depend::RULE,
    &deploy_resource_group::RULE,
    &needs_later_stage::RULE,
    &tls_verification::RULE,
    &compose_v1::RULE,
    &schema::RULE,
    &script_bash_syntax_in_sh::RULE,
];
