//! Static evaluation of shell startup files.
//!
//! Follows zsh's startup order (and bash's for bash users) and evaluates the subset of
//! shell that matters for PATH and Go variables, attributing each value to the file and
//! line that set it. What it does not understand it records as [`crate::facts::Unknown`];
//! it never guesses silently and never panics.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::facts::{LoginEnv, Os, ShellKind};
use crate::host::Host;

/// What the evaluation starts from.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    pub shell: ShellKind,
    pub os: Os,
    /// `$HOME`.
    pub home: PathBuf,
    /// The environment the shell starts with (the terminal's). Values are attributed
    /// `Origin::Inherited`.
    pub initial_env: Vec<(String, String)>,
    pub login: bool,
    pub interactive: bool,
    /// Read the system-wide files (`/etc/zprofile`, …) too.
    pub global_rcs: bool,
    /// The user go env file's keys, for `$(go env GOPATH)` and friends.
    pub go_env_file: BTreeMap<String, String>,
}

/// Evaluate the startup files a new terminal's shell reads.
pub fn evaluate(_host: &dyn Host, _opts: &EvalOptions) -> LoginEnv {
    LoginEnv::default()
}
