//! Terraform rules, one file each.

pub mod db_public;
pub mod imdsv2;
pub mod kms_rotation;
pub mod module_pinned;
pub mod open_admin_ports;
pub mod provider_credentials;
pub mod required_versions;
pub mod s3_public_acl;
pub mod state_locking;
pub mod variable_docs;

/// All rules, in code order.
pub static ALL: &[&crate::Rule] = &[
    &open_admin_ports::RULE,
    &kms_rotation::RULE,
    &imdsv2::RULE,
    &s3_public_acl::RULE,
    &db_public::RULE,
    &provider_credentials::RULE,
    &state_locking::RULE,
    &variable_docs::RULE,
    &module_pinned::RULE,
    &required_versions::RULE,
];
