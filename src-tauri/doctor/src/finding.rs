//! Findings: what a check reports, as plain data.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// How bad a finding is. Part of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A place on the machine that shows or causes a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Evidence {
    /// The path as on the machine (`/Users/dev/.zshrc`).
    pub path: Option<PathBuf>,
    /// Line number, counted from 1.
    pub line: Option<u32>,
    /// What is there (`export GOARCH=amd64`).
    pub note: String,
}

impl Evidence {
    pub fn at(path: impl Into<PathBuf>, line: Option<u32>, note: impl Into<String>) -> Self {
        Evidence {
            path: Some(path.into()),
            line,
            note: note.into(),
        }
    }
    pub fn note(note: impl Into<String>) -> Self {
        Evidence {
            path: None,
            line: None,
            note: note.into(),
        }
    }
}

/// The key of a finding whose check gave none: its check and its title with line
/// numbers (`:12`) left out.
pub fn default_key(check: &str, title: &str) -> String {
    let mut out = format!("{check}:");
    let mut chars = title.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Give every finding a key (its check's, or [`default_key`]), unique in `findings`: a
/// repeated key gets `#2`, `#3`, … in report order.
pub fn assign_keys(findings: &mut [Finding]) {
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for f in findings.iter_mut() {
        if f.key.is_empty() {
            f.key = default_key(&f.check, &f.title);
        }
        let n = seen.entry(f.key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            f.key = format!("{}#{n}", f.key);
        }
    }
}

/// A check that fired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Finding {
    /// The check's stable ID.
    pub check: String,
    /// What this finding is about, without where it was seen: `check:subject`
    /// (`goarch-forced:GOARCH`, `go-shadowed:/usr/local/go/bin/go`). Stable across edits
    /// that move lines, so drift notifications, the CLI's "still reported" and the UI
    /// compare findings by it. Unique within a report.
    #[serde(default)]
    pub key: String,
    pub severity: Severity,
    /// One line, no final full stop.
    pub title: String,
    /// What is wrong and why it matters, in a sentence or two.
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// What to do, as a sentence with commands in backticks.
    pub hint: Option<String>,
    /// The ways out, best first.
    pub fixes: Vec<crate::fix::Fix>,
    /// Links from its check's references (issues, Go's documentation), for "Learn more".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Link>,
    /// The user ignores it (`nativego ignore`): it stays in the report, but leaves the
    /// exit code, the counts, the icon and the notifications alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub ignored: bool,
    /// The reason the user gave for ignoring it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub ignored_reason: Option<String>,
}

/// A reference a finding links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Link {
    /// How it is cited: `golang/go#57693`, `go.dev/doc/toolchain`.
    pub label: String,
    pub url: String,
}

/// Why a fix ID could not be resolved against a report.
#[derive(Debug, thiserror::Error)]
pub enum FindFixError {
    #[error("no finding offers a fix `{0}`")]
    NotFound(String),
    #[error("`{id}` matches several fixes: {}", candidates.join(", "))]
    Ambiguous { id: String, candidates: Vec<String> },
}

/// Find a fix in the report by its ID, or by a check ID whose finding offers exactly one
/// fix that can be applied.
pub fn find_fix<'a>(
    findings: &'a [Finding],
    id: &str,
) -> Result<(&'a Finding, &'a crate::fix::Fix), FindFixError> {
    for f in findings {
        if let Some(fix) = f.fixes.iter().find(|x| x.id == id) {
            return Ok((f, fix));
        }
    }
    let by_check: Vec<(&Finding, &crate::fix::Fix)> = findings
        .iter()
        .filter(|f| f.check == id)
        .flat_map(|f| {
            f.fixes
                .iter()
                .filter(|x| x.applicability != crate::fix::Applicability::Manual)
                .map(move |x| (f, x))
        })
        .collect();
    match by_check.as_slice() {
        [one] => Ok(*one),
        [] => Err(FindFixError::NotFound(id.to_string())),
        many => Err(FindFixError::Ambiguous {
            id: id.to_string(),
            candidates: many.iter().map(|(_, x)| x.id.clone()).collect(),
        }),
    }
}
