//! Alert rules (Prometheus rule files and `PrometheusRule` objects): an alert removed, its
//! expression's threshold or its `for:` moved (SAFE-03: monitoring and alerting changes).

use crate::changes::{Category, Change, Pair, Risk};
use crate::value::{N, yaml_docs};

/// The alerting rules of a file: (name, rule), from `groups:` at the top or under `spec:`.
fn alerts(text: Option<&str>) -> Vec<(String, N)> {
    let mut out = Vec::new();
    for doc in text.map(yaml_docs).unwrap_or_default() {
        let groups = doc.get("groups").or_else(|| doc.at(&["spec", "groups"]));
        for g in groups.map(N::items).unwrap_or_default() {
            for r in g.or_null(&["rules"]).items() {
                if let Some(name) = r.get("alert").and_then(N::str) {
                    out.push((name.to_owned(), r.clone()));
                }
            }
        }
    }
    out
}

/// The numbers of a PromQL expression, in order (`rate(x[5m]) > 0.05` → `5`, `0.05`).
fn numbers(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev = ' ';
    for c in expr.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) {
            if cur.is_empty() && (prev.is_ascii_alphanumeric() || prev == '_') {
                prev = c;
                continue; // a digit inside a name (`http_5xx`)
            }
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if cur.is_empty() {
            prev = c;
        }
    }
    out
}

pub fn alert_rules(pair: &Pair<'_>) -> Vec<Change> {
    let (base, head) = (alerts(pair.base), alerts(pair.head));
    if base.is_empty() && head.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (name, old) in &base {
        if !head.iter().any(|(n, _)| n == name) {
            out.push(Change::new(
                pair.path,
                old.line,
                "monitoring.alert-removed",
                Category::Monitoring,
                Risk::Medium,
                format!("removes the alert `{name}`: what it watched no longer pages anyone"),
            ));
        }
    }
    for (name, new) in &head {
        let Some((_, old)) = base.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let expr = |n: &N| n.get("expr").and_then(N::str).unwrap_or("").to_owned();
        let (be, he) = (expr(old), expr(new));
        if be != he {
            let (bn, hn) = (numbers(&be), numbers(&he));
            let line = new.get("expr").map_or(new.line, |e| e.line);
            let msg = if bn != hn && bn.len() == hn.len() {
                let moved: Vec<String> = bn
                    .iter()
                    .zip(&hn)
                    .filter(|(a, b)| a != b)
                    .map(|(a, b)| format!("{a} → {b}"))
                    .collect();
                format!("moves the threshold of alert `{name}` ({})", moved.join(", "))
            } else {
                format!("changes the expression of alert `{name}`")
            };
            out.push(Change::new(pair.path, line, "monitoring.alert-changed", Category::Monitoring, Risk::Medium, msg).values(be, he));
        }
        let r#for = |n: &N| n.get("for").and_then(N::str).map(str::to_owned);
        if r#for(old) != r#for(new) {
            out.push(Change::new(
                pair.path,
                new.get("for").map_or(new.line, |e| e.line),
                "monitoring.alert-changed",
                Category::Monitoring,
                Risk::Medium,
                format!(
                    "changes how long alert `{name}` waits before it fires: {} → {}",
                    r#for(old).unwrap_or_else(|| "0s".into()),
                    r#for(new).unwrap_or_else(|| "0s".into())
                ),
            ));
        }
    }
    out
}

/// Configuration files of the monitoring stack itself.
pub fn is_monitoring_config(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    matches!(
        name,
        "prometheus.yml"
            | "prometheus.yaml"
            | "alertmanager.yml"
            | "alertmanager.yaml"
            | "loki.yml"
            | "loki.yaml"
            | "promtail.yml"
            | "promtail.yaml"
    ) || lower.contains("grafana/provisioning/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::classify::FileKind;

    const RULES: &str = "groups:\n  - name: app\n    rules:\n      - alert: HighErrorRate\n        expr: sum(rate(http_5xx[5m])) / sum(rate(http_total[5m])) > 0.05\n        for: 5m\n      - alert: Down\n        expr: up == 0\n";

    fn run(base: &str, head: &str) -> Vec<Change> {
        alert_rules(&Pair {
            path: "monitoring/alerts.yml",
            kind: FileKind::Yaml,
            base: Some(base),
            head: Some(head),
            production: false,
            owner: None,
        })
    }

    #[test]
    fn thresholds_and_removals() {
        assert!(run(RULES, RULES).is_empty());
        assert_eq!(numbers("sum(rate(http_5xx[5m])) > 0.05"), ["5", "0.05"]);
        let head = RULES.replace("> 0.05", "> 0.1").replace("for: 5m", "for: 15m");
        let c = run(RULES, &head);
        assert_eq!(c.len(), 2);
        assert!(c[0].message.contains("0.05 → 0.1"), "{}", c[0].message);
        assert!(c[1].message.contains("5m → 15m"), "{}", c[1].message);
        let head = RULES.split("      - alert: Down").next().unwrap();
        let c = run(RULES, head);
        assert_eq!((c[0].kind, c.len()), ("monitoring.alert-removed", 1));
    }

    #[test]
    fn stack_files() {
        assert!(is_monitoring_config("monitoring/prometheus.yml"));
        assert!(is_monitoring_config("grafana/provisioning/dashboards/app.yaml"));
        assert!(!is_monitoring_config("app/config.yml"));
    }
}
