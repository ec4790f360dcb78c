//! Terraform rules, one file each.

pub mod admin_policy_attached;
pub mod aks_private;
pub mod aks_rbac;
pub mod app_https_only;
pub mod azure_sql_public;
pub mod azure_storage;
pub mod cloudsql_open;
pub mod cloudtrail;
pub mod cloudtrail_kms;
pub mod db_backups;
pub mod db_deletion_protection;
pub mod db_public;
pub mod db_unencrypted;
pub mod dynamodb_pitr;
pub mod ebs_unencrypted;
pub mod ecr_mutable;
pub mod ecr_scan;
pub mod efs_unencrypted;
pub mod eks_endpoint;
pub mod eks_logging;
pub mod eks_secrets;
pub mod elasticache_transit;
pub mod gce_ip_forward;
pub mod gce_public_ip;
pub mod gce_serial_port;
pub mod gcp_kms_rotation;
pub mod gcs_bucket_access;
pub mod gke_private_nodes;
pub mod iam_pass_role_any;
mod iam_policy;
pub mod iam_service_wildcard;
pub mod iam_wildcard;
pub mod imdsv2;
pub mod key_vault_public;
pub mod key_vault_purge;
pub mod kms_rotation;
pub mod lb_listener;
pub mod log_retention;
pub mod module_pinned;
pub mod open_admin_ports;
pub mod output_docs;
pub mod provider_credentials;
pub mod public_ip;
pub mod queue_encryption;
pub mod redshift_public;
pub mod repeated_object_key;
pub mod required_versions;
pub mod s3_public_acl;
pub mod s3_versioning;
pub mod search_encryption;
pub mod state_locking;
pub mod storage_default_deny;
pub mod subnet_public_ip;
pub mod undeclared_variable;
pub mod variable_docs;
pub mod vm_password_auth;

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
    &ebs_unencrypted::RULE,
    &db_unencrypted::RULE,
    &lb_listener::RULE,
    &eks_endpoint::RULE,
    &eks_logging::RULE,
    &cloudtrail::RULE,
    &iam_wildcard::RULE,
    &public_ip::RULE,
    &ecr_mutable::RULE,
    &log_retention::RULE,
    &queue_encryption::RULE,
    &gcs_bucket_access::RULE,
    &cloudsql_open::RULE,
    &gce_serial_port::RULE,
    &gcp_kms_rotation::RULE,
    &azure_storage::RULE,
    &azure_sql_public::RULE,
    &aks_private::RULE,
    &key_vault_purge::RULE,
    &vm_password_auth::RULE,
    &app_https_only::RULE,
    &db_backups::RULE,
    &db_deletion_protection::RULE,
    &dynamodb_pitr::RULE,
    &elasticache_transit::RULE,
    &efs_unencrypted::RULE,
    &eks_secrets::RULE,
    &admin_policy_attached::RULE,
    &ecr_scan::RULE,
    &redshift_public::RULE,
    &search_encryption::RULE,
    &subnet_public_ip::RULE,
    &gce_public_ip::RULE,
    &gce_ip_forward::RULE,
    &gke_private_nodes::RULE,
    &aks_rbac::RULE,
    &key_vault_public::RULE,
    &storage_default_deny::RULE,
    &cloudtrail_kms::RULE,
    &s3_versioning::RULE,
    &output_docs::RULE,
    &undeclared_variable::RULE,
    &repeated_object_key::RULE,
    &iam_service_wildcard::RULE,
    &iam_pass_role_any::RULE,
];
