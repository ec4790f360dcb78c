//! Every Dockerfile rule, one file each, in code order.

mod support;

pub mod workdir_relative;
pub mod meaningless_command;
pub mod last_user_root;
pub mod cd_instead_of_workdir;
pub mod sudo_used;
pub mod image_untagged;
pub mod image_latest;
pub mod apt_pin_versions;
pub mod apt_lists_not_cleaned;
pub mod copy_then_extract;
pub mod expose_invalid_port;
pub mod multiple_healthchecks;
pub mod pip_pin_versions;
pub mod apt_missing_yes;
pub mod apt_no_install_recommends;
pub mod npm_pin_versions;
pub mod apk_pin_versions;
pub mod apk_no_cache;
pub mod add_instead_of_copy;
pub mod copy_multi_source_dest;

/// All Dockerfile rules, in code order.
pub static ALL: &[&crate::Rule] = &[
    &workdir_relative::RULE,
    &meaningless_command::RULE,
    &last_user_root::RULE,
    &cd_instead_of_workdir::RULE,
    &sudo_used::RULE,
    &image_untagged::RULE,
    &image_latest::RULE,
    &apt_pin_versions::RULE,
    &apt_lists_not_cleaned::RULE,
    &copy_then_extract::RULE,
    &expose_invalid_port::RULE,
    &multiple_healthchecks::RULE,
    &pip_pin_versions::RULE,
    &apt_missing_yes::RULE,
    &apt_no_install_recommends::RULE,
    &npm_pin_versions::RULE,
    &apk_pin_versions::RULE,
    &apk_no_cache::RULE,
    &add_instead_of_copy::RULE,
    &copy_multi_source_dest::RULE,
];
