//! What the action a step runs declares: its inputs and outputs, from the repository's own
//! `action.yml` (`uses: ./.github/actions/x`) or from the dated table of released actions
//! (`uses: actions/checkout@v4`, a commit of a known release).

use crate::Ctx;
use crate::model::{self, Uses};
use shipshape_yaml::NodeRef;
use std::rc::Rc;

/// An action's declared interface.
pub struct Declared {
    /// How messages name it: `actions/checkout@v4`, `./.github/actions/setup`.
    pub name: String,
    /// `runs.using`: `composite`, `docker`, `node24`.
    pub using: String,
    pub inputs: Vec<Input>,
    /// Output names; `None` when the action names them after the workflow's settings.
    pub outputs: Option<Vec<String>>,
}

/// One declared input.
pub struct Input {
    pub name: String,
    /// `required: true` without a `default`.
    pub required: bool,
    /// Its `deprecationMessage`, when the action deprecates it.
    pub deprecation: Option<String>,
}

impl Declared {
    /// Whether the action is a Docker container action (`with: args/entrypoint` are its own).
    pub fn is_docker(&self) -> bool {
        self.using == "docker"
    }

    /// Whether the outputs listed are all it can have: a composite action exports only what it
    /// declares, a JavaScript or Docker action may set others.
    pub fn outputs_closed(&self) -> bool {
        self.using == "composite"
    }

    /// The outputs to hold a step's `outputs` to: `None` when any name may be set. A JavaScript or
    /// Docker action that declares no outputs at all sets them undeclared, if it sets any
    /// (clowdhaus/terraform-min-max's `minVersion`).
    pub fn known_outputs(&self) -> Option<&[String]> {
        self.outputs.as_deref().filter(|o| self.outputs_closed() || !o.is_empty())
    }

    /// Whether the action takes `name` (input names are case-insensitive).
    pub fn takes(&self, name: &str) -> bool {
        self.inputs.iter().any(|i| i.name.eq_ignore_ascii_case(name)) || (self.is_docker() && matches!(name, "args" | "entrypoint"))
    }
}

/// What the step's action declares, when it is known; each `uses:` is read once per file.
pub fn of(cx: &Ctx<'_>, step: NodeRef<'_>) -> Option<Rc<Declared>> {
    let uses = step.get("uses")?.as_str()?;
    if let Some(known) = cx.declared.borrow().get(uses) {
        return known.clone();
    }
    let read = if model::local_path(uses).is_some() {
        local(cx, step, uses)
    } else {
        Uses::parse(uses).and_then(|u| released(&u))
    };
    let read = read.map(Rc::new);
    cx.declared.borrow_mut().insert(uses.to_owned(), read.clone());
    read
}

fn local(cx: &Ctx<'_>, step: NodeRef<'_>, uses: &str) -> Option<Declared> {
    let text = cx.local_action(step)?;
    let yaml = shipshape_yaml::Yaml::parse(&text);
    let root = yaml.docs.first()?.root()?;
    let using = root.get("runs")?.get("using")?.as_str()?.to_ascii_lowercase();
    let inputs = root
        .get("inputs")
        .map(|i| i.entries())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, def)| {
            let required = def
                .get("required")
                .is_some_and(|r| r.as_bool() == Some(true) || r.as_str() == Some("true"))
                && def.get("default").is_none();
            let deprecation = def
                .get("deprecationMessage")
                .and_then(|m| m.as_str())
                .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|m| !m.is_empty());
            Some(Input {
                name: k.as_str()?.to_owned(),
                required,
                deprecation,
            })
        })
        .collect();
    let outputs = root
        .get("outputs")
        .map(|o| o.entries())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, _)| Some(k.as_str()?.to_owned()))
        .collect();
    Some(Declared {
        name: uses.trim().to_owned(),
        using,
        inputs,
        outputs: Some(outputs),
    })
}

/// A released action at a major's tag (`v4`), at a release tag the table holds (`v4.1.2`) or at a
/// commit the table knows as a release; `None` for branches and for what the table does not hold.
/// A release newer than the table's snapshot (`v4.9.0` where it knows up to `v4.3.1`) may take
/// inputs the table does not list, so it is not judged either.
pub fn released(uses: &Uses<'_>) -> Option<Declared> {
    let Uses::Repo { git_ref: Some(r), .. } = uses else { return None };
    let repo = uses.repo_key()?;
    let major = if uses.is_sha_pinned() {
        shipshape_core::data::action_releases_of(&repo, r).find_map(model::major_of)?
    } else {
        if r.contains('.') && !shipshape_core::data::action_tags(&repo).iter().any(|(t, _)| t == r) {
            return None;
        }
        model::major_of(r)?
    };
    let major = format!("v{}", major.trim_start_matches('v'));
    let action = uses.name();
    let action = action.trim_end_matches('/');
    let meta = shipshape_core::data::action_metadata(action, &major)?;
    Some(Declared {
        name: format!("{action}@{major}"),
        using: meta.using.to_owned(),
        inputs: meta
            .inputs
            .iter()
            .map(|i| Input {
                name: i.name.to_owned(),
                required: i.required,
                deprecation: i.deprecation.map(str::to_owned),
            })
            .collect(),
        outputs: meta.outputs.as_ref().map(|o| o.iter().map(|s| (*s).to_owned()).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn released_of(uses: &str) -> Option<Declared> {
        released(&Uses::parse(uses).unwrap())
    }

    #[test]
    fn versions_and_commits() {
        let tag = released_of("actions/checkout@v4.1.0").expect("a v4 tag");
        assert_eq!(tag.name, "actions/checkout@v4");
        assert!(tag.takes("fetch-depth") && tag.takes("Fetch-Depth") && !tag.takes("fetch_depth"));
        // A commit the table knows as v7.0.1.
        let sha = released_of("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1").expect("a release commit");
        assert_eq!(sha.name, "actions/checkout@v7");
        for unknown in [
            "actions/checkout@main",
            "actions/checkout@0123456789012345678901234567890123456789",
            "someone/unknown@v1",
            "actions/checkout",
            // A release newer than the table's snapshot.
            "actions/checkout@v7.9.9",
        ] {
            assert!(released_of(unknown).is_none(), "{unknown}");
        }
        let init = released_of("github/codeql-action/init@v3").expect("a sub-path action");
        assert!(init.takes("languages"));
        // An action outside shared/data's table, from scripts/actions-extra.txt.
        let lint = released_of("golangci/golangci-lint-action@v6").expect("an extra action");
        assert!(lint.takes("version") && !lint.takes("versoin"));
    }
}
