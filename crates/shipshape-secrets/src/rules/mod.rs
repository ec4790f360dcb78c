//! Secret rules, one file each.

pub mod cloud_credential;
pub mod generic_assignment;
pub mod jwt;
pub mod private_key;
pub mod secret_file;
pub mod service_token;
pub mod url_credentials;
pub mod vcs_token;

/// All rules, in code order.
pub static ALL: &[&crate::Rule] = &[
    &private_key::RULE,
    &cloud_credential::RULE,
    &vcs_token::RULE,
    &service_token::RULE,
    &jwt::RULE,
    &url_credentials::RULE,
    &generic_assignment::RULE,
    &secret_file::RULE,
];
