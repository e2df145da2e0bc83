//! Fixes as data: what a check proposes, never a closure.
//!
//! A [`Fix`] is made of [`Edit`]s to files and/or [`Action`]s (a program with fixed
//! arguments). Nothing is written here: [`crate::fix::plan`] resolves a fix against the files
//! as they are now, and [`crate::fix::apply`] carries out a plan the user has seen.

pub mod apply;
pub(crate) mod builders;
pub(crate) mod overlay;
pub mod plan;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::facts::{Facts, Origin, ShellKind};

/// How much care applying a fix needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Shown with instructions or a command to copy; never run for the user (admin rights,
    /// deleting an installation, a macOS setting NativeGo cannot change).
    Manual,
    /// Changes behaviour the user may rely on: asks for confirmation.
    Unsafe,
    /// Can always be applied.
    Safe,
}

impl std::fmt::Display for Applicability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Applicability::Manual => "manual",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        })
    }
}

/// One change to one file. Paths are machine paths as the user knows them (a symlinked
/// `~/.zshrc` is edited at its target when the plan is made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edit {
    /// Turn line `line` (which must read `expected`) into a comment that says who
    /// disabled it and why.
    CommentOutLine {
        path: PathBuf,
        line: u32,
        expected: String,
    },
    /// Replace line `line` (which must read `expected`) with `new`.
    ReplaceLine {
        path: PathBuf,
        line: u32,
        expected: String,
        new: String,
    },
    /// Add a NativeGo-managed block at the end of the file (or replace the block with the
    /// same `block` name), delimited by `# >>> nativego: NAME >>>` / `# <<< nativego: NAME <<<`.
    EnsureBlock {
        path: PathBuf,
        block: String,
        lines: Vec<String>,
    },
    /// Remove every `KEY=` line from a go env file (as `go env -u KEY`).
    GoEnvUnset { path: PathBuf, key: String },
    /// Set `KEY=value` in a go env file (as `go env -w KEY=value`).
    GoEnvSet {
        path: PathBuf,
        key: String,
        value: String,
    },
    /// Create a directory (and its parents).
    CreateDir { path: PathBuf },
    /// Set the string at `key` (a dotted path, `go.goroot`) of a JSON-with-comments file
    /// (an editor's `settings.json`), which must read `expected`, to `new`; every other
    /// byte of the file stays (`jsonc::set_string`).
    JsonSetString {
        path: PathBuf,
        key: String,
        expected: String,
        new: String,
    },
}

impl Edit {
    /// The file or directory this edit touches.
    pub fn path(&self) -> &Path {
        match self {
            Edit::CommentOutLine { path, .. }
            | Edit::ReplaceLine { path, .. }
            | Edit::EnsureBlock { path, .. }
            | Edit::GoEnvUnset { path, .. }
            | Edit::GoEnvSet { path, .. }
            | Edit::JsonSetString { path, .. }
            | Edit::CreateDir { path } => path,
        }
    }
}

/// A program NativeGo runs for the user: fixed arguments, no shell, a timeout, its output
/// captured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Action {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Extra environment, on top of the login environment's PATH and HOME.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<(String, String)>,
    // A JSON number (JavaScript's, exact below 2^53), not a `bigint`.
    #[cfg_attr(test, ts(type = "number"))]
    pub timeout_secs: u64,
}

impl Action {
    /// The command as a user would type it.
    pub fn command_line(&self) -> String {
        let mut parts = vec![shell_quote(&self.program.display().to_string())];
        parts.extend(self.args.iter().map(|a| shell_quote(a)));
        let env: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}={}", shell_quote(v)))
            .collect();
        if env.is_empty() {
            parts.join(" ")
        } else {
            format!("{} {}", env.join(" "), parts.join(" "))
        }
    }
}

/// Quote a word for a POSIX shell when it needs it.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// A proposed remedy for a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Fix {
    /// Stable ID: `<check>:<what>` (`goarch-forced:remove-GOARCH`).
    pub id: String,
    /// Imperative, says what it does: "Comment out `export GOARCH=amd64` in ~/.zshrc:12".
    pub title: String,
    pub applicability: Applicability,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// For manual fixes: what to do, step by step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// For manual fixes: a command to copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Why NativeGo does not offer this as safe, or does not make the change itself,
    /// when its vetting found a reason ([`crate::vet`]): shown with the fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
}

impl Fix {
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        applicability: Applicability,
    ) -> Fix {
        Fix {
            id: id.into(),
            title: title.into(),
            applicability,
            edits: Vec::new(),
            actions: Vec::new(),
            instructions: None,
            command: None,
            caution: None,
        }
    }

    /// A manual fix: instructions and, where one helps, a command to copy.
    pub fn manual(
        id: impl Into<String>,
        title: impl Into<String>,
        instructions: impl Into<String>,
        command: Option<String>,
    ) -> Fix {
        Fix {
            instructions: Some(instructions.into()),
            command,
            ..Fix::new(id, title, Applicability::Manual)
        }
    }

    pub fn edit(mut self, edit: Edit) -> Fix {
        self.edits.push(edit);
        self
    }

    pub fn action(mut self, action: Action) -> Fix {
        self.actions.push(action);
        self
    }
}

/// The marker NativeGo appends to a line it disables.
pub fn disabled_marker(fix_id: &str) -> String {
    format!("# disabled by nativego ({fix_id})")
}

/// Where an environment setting can be removed by editing a file the user owns.
pub enum SettingSource {
    /// A line of a startup file.
    StartupLine { path: PathBuf, line: u32 },
    /// A line of the user go env file.
    GoEnvFile { path: PathBuf },
}

/// Where a value came from, as something a fix can edit — `None` when it is inherited,
/// set by a file outside the user's home, or unknown.
pub fn editable_source(facts: &Facts, origin: &Origin) -> Option<SettingSource> {
    let home = facts.home.as_deref()?;
    match origin {
        Origin::StartupFile { path, line } if path.starts_with(home) => {
            Some(SettingSource::StartupLine {
                path: path.clone(),
                line: *line,
            })
        }
        Origin::GoEnvFile { path, .. } => Some(SettingSource::GoEnvFile { path: path.clone() }),
        _ => None,
    }
}

/// The startup file where a PATH or variable change for new terminals belongs: after
/// path_helper has run, read by login and interactive shells alike.
pub fn profile_file(facts: &Facts) -> Option<PathBuf> {
    let home = facts.home.as_deref()?;
    let zdotdir = facts.login.zdotdir(home);
    Some(match facts.login.shell_kind {
        Some(ShellKind::Bash) => {
            // bash login shells read the first of these that exists.
            let existing = facts.login.files.iter().find(|f| {
                f.state == crate::facts::FileState::Read
                    && [".bash_profile", ".bash_login", ".profile"]
                        .iter()
                        .any(|n| f.path == home.join(n))
            });
            existing
                .map(|f| f.path.clone())
                .unwrap_or_else(|| home.join(".bash_profile"))
        }
        _ => zdotdir.join(".zshrc"),
    })
}
