//! The check catalogue: one file per check, named after the problem it finds.
//!
//! Each file holds the check's documentation (`DOC`: what it detects, why it hurts with the
//! error text users see, how to fix it, references), its [`Check`] entry, the logic that
//! turns [`Facts`] into [`Finding`]s, and its tests. Checks are pure and deterministic.

use crate::facts::{Facts, Os};
use crate::finding::{Finding, Severity};

/// The part of the environment a check looks at; the human report has one line per area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Toolchain,
    Path,
    Goroot,
    Environment,
    Tools,
    Rosetta,
    Cgo,
    Shell,
}

impl Area {
    pub const ALL: [Area; 8] = [
        Area::Toolchain,
        Area::Path,
        Area::Goroot,
        Area::Environment,
        Area::Tools,
        Area::Rosetta,
        Area::Cgo,
        Area::Shell,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Area::Toolchain => "Go toolchain",
            Area::Path => "PATH",
            Area::Goroot => "GOROOT",
            Area::Environment => "Go environment",
            Area::Tools => "Installed tools",
            Area::Rosetta => "Rosetta",
            Area::Cgo => "cgo",
            Area::Shell => "Shell startup",
        }
    }
}

/// A check: its stable ID, where it belongs, and the function that runs it.
pub struct Check {
    /// Stable kebab-case ID naming the problem. Part of the contract: never renamed.
    pub id: &'static str,
    pub area: Area,
    /// The severity it reports at most.
    pub severity: Severity,
    /// The operating systems it applies to; on others it reports "not applicable".
    pub applies_to: &'static [Os],
    /// One line: what it finds.
    pub summary: &'static str,
    /// Markdown: `## What it checks`, `## Why it matters`, `## How to fix`, `## References`.
    pub doc: &'static str,
    pub run: fn(&Facts, &mut Vec<Finding>),
}

/// Every OS: for checks that apply everywhere.
pub const ALL_OS: &[Os] = &[Os::Macos, Os::Linux, Os::Other];
/// macOS only.
pub const MACOS: &[Os] = &[Os::Macos];

impl Check {
    pub fn applies(&self, os: Os) -> bool {
        self.applies_to.contains(&os)
    }

    /// Start a finding of this check.
    pub fn finding(
        &self,
        severity: Severity,
        title: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            check: self.id.to_string(),
            severity,
            title: title.into(),
            message: message.into(),
            evidence: Vec::new(),
            hint: None,
            fixes: Vec::new(),
        }
    }
}

/// The catalogue, in report order.
pub static CHECKS: &[&Check] = &[];

/// The check with this ID.
pub fn find(id: &str) -> Option<&'static Check> {
    CHECKS.iter().copied().find(|c| c.id == id)
}
