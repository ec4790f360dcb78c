//! Every GitHub Actions rule, one file each, in code order.

pub mod action_inputs;
pub mod action_metadata;
pub mod adhoc_packages;
pub mod anonymous_definition;
pub mod archived_action;
pub mod artipacked;
pub mod bot_conditions;
pub mod buildx_cache;
pub mod cache_key;
pub mod cache_poisoning;
pub mod compose_v1;
pub mod concurrency_limits;
pub mod context_availability;
pub mod curl_pipe_shell;
pub mod custom_shell_without_errexit;
pub mod dangerous_triggers;
pub mod dependabot_config;
pub mod dependabot_cooldown;
pub mod dependabot_execution;
pub mod dependency_cache;
pub mod deploy_if_always;
pub mod deploy_without_concurrency;
pub mod deploy_without_environment;
pub mod deploy_without_tests;
pub mod deprecated_commands;
pub mod deprecated_input;
pub mod duplicate_step_id;
pub mod expression_syntax;
pub mod expression_type;
pub mod forbidden_uses;
pub mod github_app;
pub mod github_env;
pub mod glob_filter;
pub mod hardcoded_container_credentials;
pub mod hardcoded_secret;
pub mod image_without_scan;
pub mod input_definition;
pub mod insecure_commands;
pub mod invalid_cron;
pub mod invalid_env_name;
pub mod invalid_permission;
pub mod matrix_exclude;
pub mod misfeature;
pub mod missing_key;
pub mod missing_permissions;
pub mod missing_timeout;
pub mod needs_context;
pub mod needs_graph;
pub mod obfuscation;
pub mod outdated_action;
pub mod overprovisioned_secrets;
pub mod posix_shell_on_windows;
pub mod publish_on_pull_request;
pub mod ref_version_mismatch;
pub mod reusable_call;
pub mod run_bash_syntax_in_sh;
pub mod runner_label;
pub mod schema;
pub mod secret_in_run;
pub mod secrets_inherit;
pub mod secrets_outside_env;
pub mod self_hosted_runner;
pub mod superfluous_actions;
pub mod template_injection;
pub mod undocumented_permissions;
pub mod unknown_key;
pub mod unknown_matrix_key;
pub mod unknown_shell;
pub mod unknown_step_ref;
pub mod unpinned_images;
pub mod unpinned_uses;
pub mod unredacted_secrets;
pub mod unsound_condition;
pub mod unsound_contains;
pub mod unsound_ternary;
pub mod unused_anchor;
pub mod unused_built_image;
pub mod unused_matrix_key;
pub mod use_trusted_publishing;
pub mod workflow_write_permissions;
pub mod write_all_permissions;

/// All rules, in code order.
pub static ALL: &[&crate::Rule] = &[
    &template_injection::RULE,
    &missing_permissions::RULE,
    &write_all_permissions::RULE,
    &unpinned_uses::RULE,
    &outdated_action::RULE,
    &dangerous_triggers::RULE,
    &deprecated_commands::RULE,
    &insecure_commands::RULE,
    &hardcoded_container_credentials::RULE,
    &secrets_inherit::RULE,
    &unpinned_images::RULE,
    &expression_syntax::RULE,
    &artipacked::RULE,
    &cache_poisoning::RULE,
    &github_env::RULE,
    &overprovisioned_secrets::RULE,
    &unredacted_secrets::RULE,
    &bot_conditions::RULE,
    &unsound_condition::RULE,
    &unsound_contains::RULE,
    &unsound_ternary::RULE,
    &obfuscation::RULE,
    &ref_version_mismatch::RULE,
    &anonymous_definition::RULE,
    &concurrency_limits::RULE,
    &misfeature::RULE,
    &use_trusted_publishing::RULE,
    &dependabot_execution::RULE,
    &dependabot_cooldown::RULE,
    &superfluous_actions::RULE,
    &adhoc_packages::RULE,
    &github_app::RULE,
    &secrets_outside_env::RULE,
    &self_hosted_runner::RULE,
    &forbidden_uses::RULE,
    &unknown_key::RULE,
    &missing_key::RULE,
    &needs_graph::RULE,
    &duplicate_step_id::RULE,
    &context_availability::RULE,
    &unknown_step_ref::RULE,
    &action_inputs::RULE,
    &unused_anchor::RULE,
    &deprecated_input::RULE,
    &unknown_matrix_key::RULE,
    &needs_context::RULE,
    &invalid_cron::RULE,
    &runner_label::RULE,
    &unknown_shell::RULE,
    &invalid_permission::RULE,
    &input_definition::RULE,
    &glob_filter::RULE,
    &reusable_call::RULE,
    &secret_in_run::RULE,
    &dependency_cache::RULE,
    &buildx_cache::RULE,
    &publish_on_pull_request::RULE,
    &deploy_without_tests::RULE,
    &missing_timeout::RULE,
    &deploy_without_concurrency::RULE,
    &deploy_without_environment::RULE,
    &image_without_scan::RULE,
    &unused_matrix_key::RULE,
    &action_metadata::RULE,
    &dependabot_config::RULE,
    &curl_pipe_shell::RULE,
    &invalid_env_name::RULE,
    &hardcoded_secret::RULE,
    &cache_key::RULE,
    &workflow_write_permissions::RULE,
    &deploy_if_always::RULE,
    &archived_action::RULE,
    &undocumented_permissions::RULE,
    &compose_v1::RULE,
    &unused_built_image::RULE,
    &schema::RULE,
    &expression_type::RULE,
    &matrix_exclude::RULE,
    &posix_shell_on_windows::RULE,
    &run_bash_syntax_in_sh::RULE,
    &custom_shell_without_errexit::RULE,
];
