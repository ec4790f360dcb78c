//! Every Dockerfile rule, one file each, in code order.

mod support;

pub mod add_instead_of_copy;
pub mod add_remote_without_checksum;
pub mod apk_no_cache;
pub mod apk_pin_versions;
pub mod apt_lists_not_cleaned;
pub mod apt_missing_yes;
pub mod apt_no_install_recommends;
pub mod apt_pin_versions;
pub mod apt_update_alone;
pub mod apt_used;
pub mod base_image_digest;
pub mod bash_syntax_in_sh;
pub mod cd_instead_of_workdir;
pub mod chmod_after_user;
pub mod chpasswd_used;
pub mod consecutive_run;
pub mod copy_before_install;
pub mod copy_from_self;
pub mod copy_from_unknown_stage;
pub mod copy_multi_source_dest;
pub mod copy_relative_without_workdir;
pub mod copy_secret_file;
pub mod copy_then_extract;
pub mod curl_insecure;
pub mod curl_pipe_shell;
pub mod deprecated_base_image;
pub mod dev_deps_in_final;
pub mod dnf_clean_missing;
pub mod dnf_missing_yes;
pub mod dnf_pin_versions;
pub mod dockerignore_missing;
pub mod duplicate_stage_name;
pub mod env_self_reference;
pub mod expose_invalid_port;
pub mod from_as_casing;
pub mod from_platform_flag;
pub mod gem_pin_versions;
pub mod go_install_unpinned;
pub mod hadolint_pragma;
pub mod healthcheck_no_timeout;
pub mod healthcheck_tool_missing;
pub mod heredoc_without_errexit;
pub mod image_latest;
pub mod image_untagged;
pub mod invalid_label_key;
pub mod label_schema;
pub mod last_user_root;
pub mod ln_bin_sh;
pub mod lockfile_install;
pub mod maintainer_deprecated;
pub mod meaningless_command;
pub mod missing_healthcheck;
pub mod missing_user;
pub mod multiple_cmd;
pub mod multiple_entrypoint;
pub mod multiple_healthchecks;
pub mod non_minimal_base;
pub mod npm_deprecated_production_flag;
pub mod npm_pin_versions;
pub mod package_signature_bypass;
pub mod pip_no_cache_dir;
pub mod pip_pin_versions;
pub mod pip_trusted_host;
pub mod pipefail_missing;
pub mod recursive_chown_layer;
pub mod retired_base_tag;
pub mod root_local_packages;
pub mod run_failure_ignored;
pub mod secret_in_arg_env;
pub mod shell_form_cmd;
pub mod single_stage_build;
pub mod ssh_port_exposed;
pub mod strict_ssl_disabled;
pub mod sudo_used;
pub mod tls_verify_env_disabled;
pub mod untrusted_registry;
pub mod unused_stage;
pub mod useless_cat;
pub mod useradd_high_uid;
pub mod wget_and_curl;
pub mod wget_no_check_certificate;
pub mod wget_without_progress;
pub mod whole_context_copy_final;
pub mod workdir_relative;
pub mod yarn_cache_not_cleaned;
pub mod yum_clean_missing;
pub mod yum_missing_yes;
pub mod yum_pin_versions;
pub mod zypper_clean_missing;
pub mod zypper_non_interactive;
pub mod zypper_pin_versions;

/// All rules, in code order.
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
    &copy_from_unknown_stage::RULE,
    &copy_from_self::RULE,
    &duplicate_stage_name::RULE,
    &shell_form_cmd::RULE,
    &untrusted_registry::RULE,
    &apt_used::RULE,
    &gem_pin_versions::RULE,
    &from_platform_flag::RULE,
    &yum_missing_yes::RULE,
    &yum_clean_missing::RULE,
    &yum_pin_versions::RULE,
    &zypper_non_interactive::RULE,
    &zypper_clean_missing::RULE,
    &zypper_pin_versions::RULE,
    &dnf_missing_yes::RULE,
    &dnf_clean_missing::RULE,
    &dnf_pin_versions::RULE,
    &pip_no_cache_dir::RULE,
    &env_self_reference::RULE,
    &copy_relative_without_workdir::RULE,
    &useradd_high_uid::RULE,
    &wget_without_progress::RULE,
    &invalid_label_key::RULE,
    &label_schema::RULE,
    &missing_healthcheck::RULE,
    &consecutive_run::RULE,
    &yarn_cache_not_cleaned::RULE,
    &go_install_unpinned::RULE,
    &maintainer_deprecated::RULE,
    &wget_and_curl::RULE,
    &multiple_cmd::RULE,
    &multiple_entrypoint::RULE,
    &ln_bin_sh::RULE,
    &pipefail_missing::RULE,
    &useless_cat::RULE,
    &hadolint_pragma::RULE,
    &curl_insecure::RULE,
    &wget_no_check_certificate::RULE,
    &pip_trusted_host::RULE,
    &tls_verify_env_disabled::RULE,
    &package_signature_bypass::RULE,
    &strict_ssl_disabled::RULE,
    &chpasswd_used::RULE,
    &ssh_port_exposed::RULE,
    &secret_in_arg_env::RULE,
    &copy_secret_file::RULE,
    &curl_pipe_shell::RULE,
    &apt_update_alone::RULE,
    &single_stage_build::RULE,
    &missing_user::RULE,
    &chmod_after_user::RULE,
    &recursive_chown_layer::RULE,
    &non_minimal_base::RULE,
    &copy_before_install::RULE,
    &dockerignore_missing::RULE,
    &dev_deps_in_final::RULE,
    &lockfile_install::RULE,
    &npm_deprecated_production_flag::RULE,
    &healthcheck_tool_missing::RULE,
    &from_as_casing::RULE,
    &unused_stage::RULE,
    &whole_context_copy_final::RULE,
    &root_local_packages::RULE,
    &healthcheck_no_timeout::RULE,
    &base_image_digest::RULE,
    &deprecated_base_image::RULE,
    &retired_base_tag::RULE,
    &add_remote_without_checksum::RULE,
    &bash_syntax_in_sh::RULE,
    &heredoc_without_errexit::RULE,
    &run_failure_ignored::RULE,
];
