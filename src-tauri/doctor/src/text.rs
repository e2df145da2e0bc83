//! Small pure helpers over text, paths and facts that the checks and the fix builders
//! ([`crate::fix::builders`]) both use: how a value or a path is shown, lexical path
//! cleaning, and the few readings of [`Facts`] both need.

use std::path::Path;

use crate::facts::{Facts, GoInstall, GoSetting, Origin, Os};

/// A value as shown in messages: verbatim unless it has control characters (a CR left by a
/// CRLF go env file), which are escaped.
pub fn shown(value: &str) -> String {
    if value.chars().any(char::is_control) {
        value.escape_debug().to_string()
    } else {
        value.to_string()
    }
}

/// How to remove a setting everywhere it is set, as one sentence with commands in backticks
/// (no final full stop): "Delete the line that sets `GOROOT` at `~/.zshrc:12` and run
/// `go env -u GOROOT`".
pub fn unset_hint(name: &str, setting: &GoSetting) -> String {
    let origins = std::iter::once(&setting.origin).chain(setting.overridden.iter().map(|(_, o)| o));
    let mut steps: Vec<String> = Vec::new();
    for origin in origins {
        let step = match origin {
            Origin::StartupFile { path, line }
            | Origin::PathHelper { path, line }
            | Origin::BrewShellenv { path, line, .. } => {
                format!("delete the line that sets `{name}` at `{}:{line}`", path.display())
            }
            Origin::GoEnvFile { .. } => format!("run `go env -u {name}`"),
            Origin::GorootGoEnv { .. } => format!("override it with `go env -w {name}=…`"),
            Origin::Inherited => format!(
                "remove `{name}` from the environment the terminal starts with \
                 (`launchctl unsetenv {name}`, or the terminal app's settings)"
            ),
            Origin::LoginShell => format!(
                "find the line that sets it with `zsh -x -l -i -c exit 2>&1 | grep {name}` and delete it"
            ),
            Origin::Default => continue,
        };
        if !steps.contains(&step) {
            steps.push(step);
        }
    }
    if steps.is_empty() {
        return format!("Unset `{name}`");
    }
    capitalize(&steps.join(", and "))
}

/// `s` with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `1 tool`, `2 tools`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else if word.ends_with('s') || word.ends_with("sh") || word.ends_with("ch") {
        format!("{n} {word}es")
    } else {
        format!("{n} {word}s")
    }
}

/// Lexically clean a path the way Go's `filepath.Clean` does: collapse `//` and `/./`,
/// resolve `..` against the preceding element, drop a trailing `/`.
pub fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Whether two paths are the same after lexical cleaning.
pub fn same_path(a: &str, b: &str) -> bool {
    clean_path(a) == clean_path(b)
}

/// Whether `inner` is `outer` or lies inside it, lexically.
pub fn path_within(inner: &str, outer: &str) -> bool {
    let (inner, outer) = (clean_path(inner), clean_path(outer));
    inner == outer || inner.starts_with(&format!("{}/", outer.trim_end_matches('/')))
}

/// A path as text.
pub fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The directory an install's `go` sits in (`/usr/local/go/bin`).
pub fn install_dir(install: &GoInstall) -> String {
    install
        .path
        .parent()
        .map(path_text)
        .unwrap_or_else(|| path_text(&install.path))
}

/// "go1.27.3" or "an unknown Go version".
pub fn version_label(install: &GoInstall) -> String {
    install
        .version()
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| "an unknown Go version".into())
}

/// The GOOS of the machine.
pub fn host_goos(facts: &Facts) -> &'static str {
    match facts.machine.os {
        Os::Macos => "darwin",
        Os::Linux => "linux",
        Os::Other => "unknown",
    }
}

/// Whether a GOROOT value names the Go root `root`: the same path after cleaning, or
/// Homebrew's stable `<prefix>/opt/<formula>/libexec` link to `<prefix>/Cellar/<formula>/<version>/libexec`.
pub fn same_goroot(value: &str, root: &str) -> bool {
    let (value, root) = (clean_path(value), clean_path(root));
    if value == root {
        return true;
    }
    let cellar = root
        .strip_suffix("/libexec")
        .and_then(|r| r.rsplit_once('/'))
        .and_then(|(formula_dir, _version)| formula_dir.rsplit_once("/Cellar/"));
    match cellar {
        Some((prefix, formula)) => value == format!("{prefix}/opt/{formula}/libexec"),
        None => false,
    }
}

/// The setting, if something other than Go's built-in default sets it (go.env included).
pub fn explicit_setting<'a>(facts: &'a Facts, name: &str) -> Option<&'a GoSetting> {
    facts.setting(name).filter(|s| s.origin != Origin::Default)
}

/// The explicitly set, non-empty GOROOT (environment or go env file), if any.
pub fn explicit_goroot(facts: &Facts) -> Option<&GoSetting> {
    explicit_setting(facts, "GOROOT").filter(|s| !s.value.trim().is_empty())
}
