//! Label lookups for the cross-object rules: which workloads a selector picks, and whether some
//! selector picks a workload, without testing every selector against every workload (a directory
//! of many Services and Deployments made those rules quadratic).

use crate::model::{self, Summary};
use std::collections::HashMap;

type Pair<'a> = (&'a str, &'a str);

/// The workloads of a project by their pod labels.
pub struct Pods<'p> {
    by_label: HashMap<Pair<'p>, Vec<&'p Summary>>,
}

impl<'p> Pods<'p> {
    pub fn of(objects: &'p [Summary]) -> Self {
        let mut by_label: HashMap<Pair<'p>, Vec<&'p Summary>> = HashMap::new();
        for o in objects {
            for (k, v) in o.pod_labels.iter().flatten() {
                by_label.entry((k.as_str(), v.as_str())).or_default().push(o);
            }
        }
        Pods { by_label }
    }

    /// The workloads a non-empty `selector` picks, in project order (none for an empty one: the
    /// callers treat "select everything" apart).
    pub fn selected<'s>(&'s self, selector: &'s [(String, String)]) -> impl Iterator<Item = &'p Summary> + 's {
        // Every pick carries the selector's rarest pair: start from those.
        let rarest = selector
            .iter()
            .map(|(k, v)| self.by_label.get(&(k.as_str(), v.as_str())).map_or(&[][..], Vec::as_slice))
            .min_by_key(|c| c.len())
            .unwrap_or(&[]);
        rarest
            .iter()
            .copied()
            .filter(move |w| w.pod_labels.as_deref().is_some_and(|l| model::selects(selector, l)))
    }
}

/// Selectors (of PodDisruptionBudgets, NetworkPolicies…) by one of their pairs.
pub struct Selectors<'p> {
    by_first: HashMap<Pair<'p>, Vec<&'p [(String, String)]>>,
    /// Some selector is empty, which selects every pod.
    any_empty: bool,
}

impl<'p> Selectors<'p> {
    pub fn of(selectors: impl IntoIterator<Item = &'p Vec<(String, String)>>) -> Self {
        let mut out = Selectors {
            by_first: HashMap::new(),
            any_empty: false,
        };
        for s in selectors {
            match s.first() {
                Some((k, v)) => out.by_first.entry((k.as_str(), v.as_str())).or_default().push(s),
                None => out.any_empty = true,
            }
        }
        out
    }

    /// Whether some selector picks pods with `labels` (an empty selector only when `empty_counts`).
    pub fn any_selects(&self, labels: &[(String, String)], empty_counts: bool) -> bool {
        (empty_counts && self.any_empty)
            || labels.iter().any(|(k, v)| {
                self.by_first
                    .get(&(k.as_str(), v.as_str()))
                    .is_some_and(|c| c.iter().any(|s| model::selects(s, labels)))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(kv: &[(&str, &str)]) -> Vec<(String, String)> {
        kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn workload(name: &str, labels: &[(&str, &str)]) -> Summary {
        Summary {
            kind: "Deployment".into(),
            name: name.into(),
            pod_labels: Some(pairs(labels)),
            ..Summary::default()
        }
    }

    #[test]
    fn lookups_agree_with_testing_every_pair() {
        let objects = vec![
            workload("a", &[("app", "web"), ("tier", "front")]),
            workload("b", &[("app", "web"), ("tier", "back")]),
            workload("c", &[("app", "db")]),
            Summary::default(),
        ];
        let pods = Pods::of(&objects);
        let names = |sel: &[(&str, &str)]| -> Vec<String> {
            let sel = pairs(sel);
            pods.selected(&sel).map(|w| w.name.clone()).collect()
        };
        assert_eq!(names(&[("app", "web")]), ["a", "b"]);
        assert_eq!(names(&[("app", "web"), ("tier", "back")]), ["b"]);
        assert_eq!(names(&[("app", "none")]), Vec::<String>::new());
        assert_eq!(names(&[]), Vec::<String>::new());
        let (web_back, empty) = (pairs(&[("tier", "back"), ("app", "web")]), Vec::new());
        let some = Selectors::of([&web_back]);
        assert!(some.any_selects(&pairs(&[("app", "web"), ("tier", "back"), ("x", "y")]), true));
        assert!(!some.any_selects(&pairs(&[("app", "web"), ("tier", "front")]), true));
        let with_empty = Selectors::of([&web_back, &empty]);
        assert!(with_empty.any_selects(&pairs(&[("app", "db")]), true));
        assert!(!with_empty.any_selects(&pairs(&[("app", "db")]), false));
    }

    /// The cross-object rules on one directory's worth of objects, through the checker.
    #[test]
    fn cross_object_rules_find_what_a_full_scan_found() {
        use shipshape_core::classify::FileKind;
        use shipshape_core::engine::FixMode;
        use shipshape_core::testkit::{File, check};
        let deploy = |name: &str, app: &str, replicas: u32| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n        tier: web\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n          ports:\n            - containerPort: 8080\n              name: http\n"
            )
        };
        let objects = [
            deploy("one", "one", 2),
            deploy("two", "two", 3),
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s1\nspec:\n  selector:\n    app: one\n    tier: web\n  ports:\n    - port: 80\n      targetPort: http\n".into(),
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s2\nspec:\n  selector:\n    app: one\n  ports:\n    - port: 80\n      targetPort: grpc\n".into(),
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s3\nspec:\n  selector:\n    app: three\n  ports:\n    - port: 80\n".into(),
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p1\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: one\n".into(),
            "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h2\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: two\n  minReplicas: 2\n  maxReplicas: 5\n".into(),
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: n1\nspec:\n  podSelector:\n    matchLabels:\n      app: two\n".into(),
        ];
        let src = objects.join("---\n");
        let r = check(
            &crate::KubernetesChecker::default(),
            File::new(FileKind::Kubernetes, "deploy.yaml"),
            &src,
            &["K8S039", "K8S040", "K8S041", "K8S065", "K8S066", "K8S071"],
            FixMode::Off,
        );
        let got: Vec<(&str, String)> = r
            .findings
            .iter()
            .map(|f| (f.diagnostic.rule.code, f.diagnostic.message.clone()))
            .collect();
        let want = [
            ("K8S041", "no NetworkPolicy selects the pods of Deployment `one`"),
            ("K8S040", "Deployment `two` has no PodDisruptionBudget"),
            (
                "K8S071",
                "Deployment `two` sets `replicas`, which every apply resets under its autoscaler",
            ),
            ("K8S066", "Service `s2` targets port `grpc`, which no pod it selects declares"),
            ("K8S039", "Service `s3` selects the pods of no workload in the repository"),
            (
                "K8S065",
                "PodDisruptionBudget `p1` requires 2 of Deployment `one`'s pods, its `replicas` (2), so none can be evicted",
            ),
        ];
        let want: Vec<(&str, String)> = want.iter().map(|(c, m)| (*c, m.to_string())).collect();
        assert_eq!(got, want);
    }
}
