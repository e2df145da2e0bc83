//! `home-missing`: the user's home directory is unknown.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};

use super::{Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether NativeGo knows the user's home directory: HOME is set, or the user database has a home for the current user.

## Why it hurts
Without a home there are no startup files to read (`~/.zshrc`, `~/.zprofile`), no default GOPATH (`$HOME/go`), no user go env file, and Go itself fails: `go` needs `$HOME` (or an explicit GOPATH, GOCACHE and GOENV) for its build cache and module cache, and stops with errors such as `build cache is required, but could not be located: GOCACHE is not defined and neither $XDG_CACHE_HOME nor $HOME are defined` (cmd/go).

## How to fix
Make sure HOME is set in the environment that starts the terminal or NativeGo (`echo $HOME`), and that the account has a home directory (`dscl . -read /Users/$USER NFSHomeDirectory` on macOS, `getent passwd "$USER"` on Linux).

## References
- https://pkg.go.dev/os#UserHomeDir
- `go help environment` (GOPATH, GOCACHE, GOENV defaults)
"#;

pub static CHECK: Check = Check {
    id: "home-missing",
    area: Area::Environment,
    severity: Severity::Error,
    applies_to: ALL_OS,
    summary: "The home directory is unknown",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    if facts.home.is_some() {
        return;
    }
    let mut finding = CHECK.finding(
        Severity::Error,
        "HOME is not set and the user database has no home directory",
        "NativeGo cannot find the shell startup files, the default GOPATH or the go env file, and `go` itself needs a home for its build and module caches.",
    );
    finding.hint = Some(
        "Set HOME for your account (`echo $HOME` should print your home directory) and check the account's home with `dscl . -read /Users/$USER NFSHomeDirectory` or `getent passwd \"$USER\"`".into(),
    );
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    #[test]
    fn fires_without_home() {
        let f = findings(&CHECK, &clean_mac().home(None).build());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn silent_with_home() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
    }
}
