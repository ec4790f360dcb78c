//! The custom resource definitions of a repository (issue 18 §1): a custom resource whose CRD is
//! in the repository is validated against that CRD's schema (K8S073); others are not judged.

use shipshape_core::classify::FileKind;
use shipshape_core::project::Project;
use shipshape_schema::{CustomSchema, OpenApi};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// One served version of a CRD: where it is defined, and its schema, compiled on first use.
pub struct Definition {
    pub path: PathBuf,
    openapi: OpenApi,
    compiled: OnceLock<Option<Arc<CustomSchema>>>,
}

impl Definition {
    pub fn schema(&self) -> Option<Arc<CustomSchema>> {
        self.compiled
            .get_or_init(|| CustomSchema::compile(&self.openapi).map(Arc::new))
            .clone()
    }
}

/// Every CRD version with a schema in the repository's Kubernetes files, by
/// `group/version/Kind`: every copy (an operator's `config/crd/bases` and its OLM bundle may be
/// of different vintages).
#[derive(Default)]
pub struct RepoCrds(pub HashMap<String, Vec<Definition>>);

impl RepoCrds {
    /// Read as a project fact (`Project::fact`): files that hold no `CustomResourceDefinition`
    /// are not parsed.
    pub fn of(project: &Project) -> RepoCrds {
        let mut out = RepoCrds::default();
        for path in project.of_kind(&[FileKind::Kubernetes]).take(5_000) {
            let Some(text) = project.tree().read(path) else { continue };
            if !text.contains("CustomResourceDefinition") {
                continue;
            }
            let yaml = shipshape_yaml::Yaml::parse(&text);
            for o in crate::model::objects(&yaml) {
                if o.kind != "CustomResourceDefinition" || !o.api_version.starts_with("apiextensions.k8s.io/") {
                    continue;
                }
                let Some(spec) = o.node.get("spec") else { continue };
                let (Some(group), Some(kind)) = (
                    spec.get("group").and_then(|g| g.as_str()),
                    spec.get("names").and_then(|n| n.get("kind")).and_then(|k| k.as_str()),
                ) else {
                    continue;
                };
                for v in spec.get("versions").map(|v| v.items()).unwrap_or_default() {
                    let Some(name) = v.get("name").and_then(|n| n.as_str()) else {
                        continue;
                    };
                    let Some(openapi) = v.get("schema").and_then(|s| s.get("openAPIV3Schema")) else {
                        continue;
                    };
                    let Some(openapi) = CustomSchema::openapi(openapi) else { continue };
                    out.0.entry(format!("{group}/{name}/{kind}")).or_default().push(Definition {
                        path: path.to_path_buf(),
                        openapi,
                        compiled: OnceLock::new(),
                    });
                }
            }
        }
        out
    }
}
