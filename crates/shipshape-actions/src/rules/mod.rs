//! Every GitHub Actions rule, one file each, in code order.

pub mod adhoc_packages;
pub mod anonymous_definition;
pub mod artipacked;
pub mod bot_conditions;
pub mod cache_poisoning;
pub mod concurrency_limits;
pub mod context_availability;
pub mod dangerous_triggers;
pub mod dependabot_cooldown;
pub mod dependabot_execution;
pub mod deprecated_commands;
pub mod duplicate_step_id;
pub mod expression_syntax;
pub mod forbidden_uses;
pub mod github_app;
pub mod github_env;
pub mod glob_filter;
pub mod hardcoded_container_credentials;
pub mod input_definition;
pub mod insecure_commands;
pub mod invalid_cron;
pub mod invalid_permission;
pub mod misfeature;
pub mod missing_key;
pub mod missing_permissions;
pub mod needs_context;
pub mod needs_graph;
pub mod obfuscation;
pub mod outdated_action;
pub mod overprovisioned_secrets;
pub mod ref_version_mismatch;
pub mod reusable_call;
pub mod runner_label;
pub mod secrets_inherit;
pub mod secrets_outside_env;
pub mod self_hosted_runner;
pub mod superfluous_actions;
pub mod template_injection;
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
pub mod use_trusted_publishing;
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
    &unknown_matrix_key::RULE,
    &needs_context::RULE,
    &invalid_cron::RULE,
    &runner_label::RULE,
    &unknown_shell::RULE,
    &invalid_permission::RULE,
    &input_definition::RULE,
    &glob_filter::RULE,
    &reusable_call::RULE,
];
