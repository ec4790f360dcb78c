//! The composition root: the one list of shipshape's domains. Every front-end (the CLI, the fuzzer,
//! and the commands and servers to come) builds its checkers and rule registry here, so a new domain
//! is added in one place.

use shipshape_core::RuleMeta;
use shipshape_core::engine::Checker;
use shipshape_core::rule::Registry;

/// Every domain's checker, built once per run.
#[derive(Default)]
pub struct Domains {
    docker: shipshape_dockerfile::DockerfileChecker,
    actions: shipshape_actions::ActionsChecker,
    gitlab: shipshape_gitlab::GitlabChecker,
    compose: shipshape_compose::ComposeChecker,
    kubernetes: shipshape_kubernetes::KubernetesChecker,
    terraform: shipshape_terraform::TerraformChecker,
    secrets: shipshape_secrets::SecretsChecker,
}

impl Domains {
    /// The checkers, in the order the engine asks them whether they handle a file kind.
    pub fn checkers(&self) -> Vec<&dyn Checker> {
        vec![
            &self.docker,
            &self.actions,
            &self.gitlab,
            &self.compose,
            &self.kubernetes,
            &self.terraform,
            &self.secrets,
        ]
    }

    /// Every rule of every domain, and the engine's own.
    pub fn registry(&self) -> Registry {
        let rules: Vec<&'static RuleMeta> = self.checkers().iter().flat_map(|c| c.rules().iter().copied()).collect();
        Registry::new(rules)
    }
}
