//! Findings: what a check reports, as plain data.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// How bad a finding is. Part of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// A check that fired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The check's stable ID.
    pub check: String,
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
}
