//! Every GitHub Actions rule, one file each, in code order.

pub mod adhoc_packages;
pub mod anonymous_definition;
pub mod artipacked;
pub mod bot_conditions;
pub mod cache_poisoning;
pub mod concurrency_limits;
pub mod dangerous_triggers;
pub mod dependabot_cooldown;
pub mod dependabot_execution;
pub mod deprecated_commands;
pub mod expression_syntax;
pub mod forbidden_uses;
pub mod github_app;
pub mod github_env;
pub mod hardcoded_container_credentials;
pub mod insecure_commands;
pub mod misfeature;
pub mod missing_permissions;
pub mod obfuscation;
pub mod outdated_action;
pub mod overprovisioned_secrets;
pub mod ref_version_mismatch;
pub mod secrets_inherit;
pub mod secrets_outside_env;
pub mod self_hosted_runner;
pub mod superfluous_actions;
pub mod template_injection;
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
];
