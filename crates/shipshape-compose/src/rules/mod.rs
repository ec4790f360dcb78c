//! Every Compose rule, one file each, in code order.

pub mod build_and_image;
pub mod build_target;
pub mod container_name_format;
pub mod dangerous_capabilities;
pub mod database_port_exposed;
pub mod debug_in_production;
pub mod depends_on_condition;
pub mod docker_socket;
pub mod duplicate_container_name;
pub mod duplicate_published_port;
pub mod env_example;
pub mod expose_mismatch;
pub mod healthy_without_healthcheck;
pub mod host_namespaces;
pub mod image_tag;
pub mod interpolation;
pub mod key_order;
pub mod literal_secret;
pub mod missing_files;
pub mod missing_healthcheck;
pub mod missing_user;
pub mod obsolete_version;
pub mod ordering;
pub mod privileged;
pub mod production_limits;
pub mod production_restart;
pub mod profile_dependency;
pub mod project_name;
pub mod quotes_in_volumes;
pub mod read_only_production;
pub mod schema;
pub mod security_opt;
pub mod stateful_without_volume;
pub mod unbound_port_interface;
pub mod unknown_reference;
pub mod unquoted_port;
pub mod watch_action;
pub mod watch_missing;
pub mod watch_shadowed;

/// All rules, in code order.
pub static ALL: &[&crate::Rule] = &[
    &obsolete_version::RULE,
    &build_and_image::RULE,
    &duplicate_container_name::RULE,
    &duplicate_published_port::RULE,
    &quotes_in_volumes::RULE,
    &unbound_port_interface::RULE,
    &project_name::RULE,
    &unquoted_port::RULE,
    &container_name_format::RULE,
    &ordering::RULE,
    &key_order::RULE,
    &image_tag::RULE,
    &privileged::RULE,
    &dangerous_capabilities::RULE,
    &docker_socket::RULE,
    &host_namespaces::RULE,
    &literal_secret::RULE,
    &database_port_exposed::RULE,
    &missing_user::RULE,
    &read_only_production::RULE,
    &security_opt::RULE,
    &missing_healthcheck::RULE,
    &depends_on_condition::RULE,
    &healthy_without_healthcheck::RULE,
    &unknown_reference::RULE,
    &production_restart::RULE,
    &production_limits::RULE,
    &watch_missing::RULE,
    &watch_action::RULE,
    &watch_shadowed::RULE,
    &stateful_without_volume::RULE,
    &debug_in_production::RULE,
    &env_example::RULE,
    &interpolation::RULE,
    &missing_files::RULE,
    &build_target::RULE,
    &expose_mismatch::RULE,
    &profile_dependency::RULE,
    &schema::RULE,
];
