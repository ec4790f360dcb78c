//! Baselines: a file of fingerprints; findings in it are not reported.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub code: String,
    pub path: String,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<HashSet<String>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| format!("invalid baseline {}: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!("baseline {} has unsupported version {}", path.display(), b.version));
        }
        Ok(b.findings.into_iter().map(|e| e.fingerprint).collect())
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
