//! Static evaluation of shell startup files.
//!
//! Follows zsh's startup order (and bash's for bash users) and evaluates the subset of
//! shell that matters for PATH and Go variables, attributing each value to the file and
//! line that set it. What it does not understand it records as [`crate::facts::Unknown`];
//! it never guesses silently and never panics.
//!
//! Layout: [`lexer`] (tokens) → [`parse`] (command tree) → [`eval`] (three-valued
//! execution over [`state`]; its parts expand words (`eval/expand.rs`), run builtins,
//! decide conditions, match globs and simulate `path_helper -s` and `brew shellenv`
//! (`eval/path_helper.rs`)); [`startup`] knows the file order.
//!
//! Documented simplifications:
//! - `eval "$(/usr/libexec/path_helper -s)"` is simulated on macOS whether or not the host
//!   has `/usr/libexec/path_helper` (every macOS has it; scenario hosts may not ship it),
//!   and `[ -x /usr/libexec/path_helper ]` is taken as true on macOS. On other systems it
//!   is simulated only if the file exists.
//! - `$(go env GOPATH)` / `$(go env GOBIN)` assume a `go` is reachable: the value is the
//!   exported variable if non-empty, else the go env file's, else `$HOME/go` (GOPATH, first
//!   list element) or empty (GOBIN).
//! - A condition that cannot be decided runs every branch from the same state and merges:
//!   what differs becomes unknown (`unknown_vars`, `path_incomplete`) and is recorded.
//! - A `source` whose path cannot be expanded is recorded as an Unknown but does not mark
//!   PATH incomplete.

pub mod eval;
pub mod lexer;
pub mod parse;
pub(crate) mod startup;
pub mod state;

#[cfg(test)]
pub mod test_host;
#[cfg(test)]
mod tests;

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
    /// The user go env file's keys, for `$(go env GOPATH)` and friends.
    pub go_env_file: BTreeMap<String, String>,
    /// Read the system-wide files (`/etc/zshenv`, `/etc/zprofile`, …, `/etc/profile`).
    /// `false` is zsh's `-d` (NO_GLOBAL_RCS).
    pub global_rcs: bool,
}

impl EvalOptions {
    /// A login, interactive shell as a terminal opens it, reading the system files.
    pub fn terminal(
        shell: ShellKind,
        os: Os,
        home: PathBuf,
        initial_env: Vec<(String, String)>,
    ) -> Self {
        EvalOptions {
            shell,
            os,
            home,
            initial_env,
            login: true,
            interactive: true,
            go_env_file: BTreeMap::new(),
            global_rcs: true,
        }
    }
}

/// Evaluate the startup files a new terminal's shell reads.
pub fn evaluate(host: &dyn Host, opts: &EvalOptions) -> LoginEnv {
    startup::evaluate(host, opts)
}
