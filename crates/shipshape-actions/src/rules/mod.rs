//! Every GitHub Actions rule, one file each, in code order.

pub mod dangerous_triggers;
pub mod deprecated_commands;
pub mod expression_syntax;
pub mod hardcoded_container_credentials;
pub mod insecure_commands;
pub mod missing_permissions;
pub mod outdated_action;
pub mod secrets_inherit;
pub mod template_injection;
pub mod unpinned_images;
pub mod unpinned_uses;
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
];
