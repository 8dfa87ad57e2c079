//! The validation report: findings with a stable code, a severity, the object's path in
//! the schema and a message saying what to change; its text and JSON forms.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a finding is. Errors refuse a deploy; warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in a schema or in a site's infra configuration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule code, for example `MS-PBR-003` (see [`crate::rules`]).
    pub code: String,
    pub severity: Severity,
    /// Where the object is, in NDO's patch addressing (`/templates/T/contracts/C`,
    /// `/sites/{siteId}-{T}/...`), `/schemas/{id}/...` for another schema's object, or
    /// `/infra/sites/{siteId}/...` for infra configuration.
    pub path: String,
    /// What is wrong and what to change.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity, self.code, self.path, self.message
        )
    }
}

/// Every finding of one validation run, in a deterministic order (code, path, message).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// Sorts and removes duplicates, so two runs over the same input print the same text.
    pub fn from_findings(mut findings: Vec<Finding>) -> Report {
        findings.sort_by(|a, b| {
            (a.code.as_str(), a.path.as_str(), a.message.as_str()).cmp(&(
                b.code.as_str(),
                b.path.as_str(),
                b.message.as_str(),
            ))
        });
        findings.dedup();
        Report { findings }
    }

    /// True when no finding is an error (warnings do not block).
    pub fn is_ok(&self) -> bool {
        self.errors().next().is_none()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// `{"findings":[{"code","severity","path","message"}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Adds another report's findings, keeping the order rule.
    pub fn merge(self, other: Report) -> Report {
        let mut all = self.findings;
        all.extend(other.findings);
        Report::from_findings(all)
    }
}

/// One line per finding; nothing at all for a clean report.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}

/// Collects findings while the checks run.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub findings: Vec<Finding>,
}

impl Sink {
    pub fn push(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        let severity = crate::rules::severity_of(code);
        self.findings.push(Finding {
            code: code.to_string(),
            severity,
            path: path.into(),
            message: message.into(),
        });
    }
}
