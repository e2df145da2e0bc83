//! The check catalogue: one file per check, named after the problem it finds.
//!
//! Each file holds the check's documentation (`DOC`: what it detects, why it hurts with the
//! error text users see, how to fix it, references), its [`Check`] entry, the logic that
//! turns [`Facts`] into [`Finding`]s, and its tests. Checks are pure and deterministic.

use std::path::Path;

mod binary_missing_uuid;
mod cgo_foreign_libs;
mod cgo_no_clt;
mod dlv_outdated;
mod go_binary_unreadable;
mod go_not_found;
mod go_shadowed;
mod go_shim_unresolved;
mod go_unsupported;
mod go_wrong_arch;
mod goarch_forced;
mod gobin_not_on_path;
mod gopath_is_goroot;
mod goproxy_invalid;
mod goroot_invalid;
mod goroot_mismatch;
mod goroot_version_skew;
mod gosumdb_off;
mod gotoolchain_local;
mod home_missing;
mod intel_homebrew;
mod login_shell_failed;
mod modules_off;
mod path_set_in_zshenv;
pub mod rebuild;
mod rosetta_missing;
mod rosetta_terminal;
mod startup_file_not_understood;
mod startup_file_unreadable;
mod tools_stale_go;
mod tools_wrong_arch;
mod tools_wrong_os;
mod version_manager_interactive;

#[cfg(test)]
pub(crate) mod testing;

pub use go_unsupported::LATEST_KNOWN;

use crate::facts::{Arch, Facts, GoInstall, GoSetting, Origin, Os};
use crate::finding::{Evidence, Finding, Severity};

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
    /// Markdown: `## What it checks`, `## Why it hurts`, `## How to fix`, `## References`.
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
            key: String::new(),
            severity,
            title: title.into(),
            message: message.into(),
            evidence: Vec::new(),
            hint: None,
            fixes: Vec::new(),
            references: Vec::new(),
        }
    }
}

/// The catalogue, in report order.
pub static CHECKS: &[&Check] = &[
    &go_not_found::CHECK,
    &go_wrong_arch::CHECK,
    &go_shadowed::CHECK,
    &go_unsupported::CHECK,
    &goroot_mismatch::CHECK,
    &goroot_invalid::CHECK,
    &goroot_version_skew::CHECK,
    &goarch_forced::CHECK,
    &rosetta_terminal::CHECK,
    &rosetta_missing::CHECK,
    &intel_homebrew::CHECK,
    &gobin_not_on_path::CHECK,
    &tools_wrong_arch::CHECK,
    &tools_wrong_os::CHECK,
    &binary_missing_uuid::CHECK,
    &tools_stale_go::CHECK,
    &dlv_outdated::CHECK,
    &modules_off::CHECK,
    &goproxy_invalid::CHECK,
    &gosumdb_off::CHECK,
    &cgo_no_clt::CHECK,
    &cgo_foreign_libs::CHECK,
    &gopath_is_goroot::CHECK,
    &gotoolchain_local::CHECK,
    &path_set_in_zshenv::CHECK,
    &version_manager_interactive::CHECK,
    &login_shell_failed::CHECK,
    &startup_file_unreadable::CHECK,
    &startup_file_not_understood::CHECK,
    &go_binary_unreadable::CHECK,
    &go_shim_unresolved::CHECK,
    &home_missing::CHECK,
];

/// The check with this ID.
pub fn find(id: &str) -> Option<&'static Check> {
    CHECKS.iter().copied().find(|c| c.id == id)
}

// ---------------------------------------------------------------------------
// Helpers shared by the checks.
// ---------------------------------------------------------------------------

/// Where `origin` points, in words: "set at `/Users/dev/.zshrc:12`", "Go's built-in default".
pub fn describe_origin(origin: &Origin) -> String {
    match origin {
        Origin::StartupFile { path, line } => format!("set at `{}:{line}`", path.display()),
        Origin::PathHelper { path, line } => {
            format!("added by path_helper from `{}:{line}`", path.display())
        }
        Origin::BrewShellenv { path, line, prefix } => format!(
            "added by `brew shellenv` for `{}` at `{}:{line}`",
            prefix.display(),
            path.display()
        ),
        Origin::GoEnvFile { path, line } => {
            format!("set with `go env -w` in `{}:{line}`", path.display())
        }
        Origin::GorootGoEnv { path, line } => {
            format!("default of this Go in `{}:{line}`", path.display())
        }
        Origin::Inherited => "inherited from the environment the terminal starts with".into(),
        Origin::LoginShell => {
            "present in the login shell, but no startup-file line NativeGo read sets it".into()
        }
        Origin::Default => "Go's built-in default".into(),
    }
}

/// Evidence at the file and line `origin` points to; for origins without a location, the
/// note says where the value came from instead.
pub fn origin_evidence(origin: &Origin, note: impl Into<String>) -> Evidence {
    let note = note.into();
    match origin.location() {
        Some((path, line)) => Evidence::at(path, Some(line), note),
        None => Evidence::note(format!("{note} ({})", describe_origin(origin))),
    }
}

/// Evidence for a setting: where its effective value comes from, then every place that sets
/// it too but loses.
pub fn setting_evidence(name: &str, setting: &GoSetting) -> Vec<Evidence> {
    let mut out = vec![origin_evidence(
        &setting.origin,
        format!("{name}={}", shown(&setting.value)),
    )];
    for (value, origin) in &setting.overridden {
        out.push(origin_evidence(
            origin,
            format!("{name}={} (overridden)", shown(value)),
        ));
    }
    out
}

/// A value as shown in messages: verbatim unless it has control characters (a CR left by a
/// CRLF go env file), which are escaped.
pub fn shown(value: &str) -> String {
    if value.chars().any(char::is_control) {
        value.escape_debug().to_string()
    } else {
        value.to_string()
    }
}

/// The setting, if something other than Go's built-in default sets it (go.env included).
pub fn explicit_setting<'a>(facts: &'a Facts, name: &str) -> Option<&'a GoSetting> {
    facts.setting(name).filter(|s| s.origin != Origin::Default)
}

/// The setting, if the user set it: not a default and not `$GOROOT/go.env`.
pub fn user_setting<'a>(facts: &'a Facts, name: &str) -> Option<&'a GoSetting> {
    facts
        .setting(name)
        .filter(|s| !matches!(s.origin, Origin::Default | Origin::GorootGoEnv { .. }))
}

/// The effective value of a setting, empty when unset.
pub fn setting_value<'a>(facts: &'a Facts, name: &str) -> &'a str {
    facts.setting(name).map_or("", |s| s.value.as_str())
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

/// Architectures as Apple tools name them: `x86_64`, `x86_64 and i386`.
pub fn arch_list(arches: &[Arch]) -> String {
    let names: Vec<String> = arches.iter().map(|a| a.name().to_string()).collect();
    if names.is_empty() {
        "no known architecture".into()
    } else {
        join_and(&names)
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

/// The index of the first login PATH entry that is `dir`, after lexical cleaning.
pub fn path_position(facts: &Facts, dir: &str) -> Option<usize> {
    let dir = clean_path(dir);
    facts
        .login
        .path
        .iter()
        .position(|e| !e.dir.is_empty() && clean_path(&e.dir) == dir)
}

/// Evidence for login PATH entry `index`: its origin, with `note`.
pub fn path_entry_evidence(facts: &Facts, index: usize, note: impl Into<String>) -> Evidence {
    match facts.login.path.get(index) {
        Some(entry) => origin_evidence(&entry.origin, note),
        None => Evidence::note(note),
    }
}

/// The directory an install's `go` sits in (`/usr/local/go/bin`).
pub fn install_dir(install: &GoInstall) -> String {
    install
        .path
        .parent()
        .map(path_text)
        .unwrap_or_else(|| path_text(&install.path))
}

/// What identifies an install across PATH entries: its GOROOT, else its resolved binary,
/// else the binary as found, cleaned.
pub fn install_identity(install: &GoInstall) -> String {
    let path = install
        .goroot
        .as_deref()
        .or(install.resolved.as_deref())
        .unwrap_or(&install.path);
    clean_path(&path_text(path))
}

/// "go1.27.3" or "an unknown Go version".
pub fn version_label(install: &GoInstall) -> String {
    install
        .version()
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| "an unknown Go version".into())
}

/// The hardware's GOARCH-independent native name (`arm64`).
pub fn hw_name(facts: &Facts) -> &'static str {
    match facts.machine.hw_arch {
        Arch::Arm64e => Arch::Arm64.name(),
        other => other.name(),
    }
}

/// The GOOS of the machine.
pub fn host_goos(facts: &Facts) -> &'static str {
    match facts.machine.os {
        Os::Macos => "darwin",
        Os::Linux => "linux",
        Os::Other => "unknown",
    }
}

/// The startup file to add a line to, for "add this line" hints (F11, F16): `~/.zshrc` for
/// zsh (read after path_helper by login and interactive shells alike), `~/.bash_profile` for
/// bash on macOS (Terminal opens login shells), `~/.bashrc` for bash on Linux, `~/.profile`
/// otherwise.
pub fn rc_file(facts: &Facts) -> String {
    use crate::facts::ShellKind;
    let name = match (facts.login.shell_kind, facts.machine.os) {
        (Some(ShellKind::Zsh), _) | (None, Os::Macos) => ".zshrc",
        (Some(ShellKind::Bash), Os::Macos) => ".bash_profile",
        (Some(ShellKind::Bash), _) | (None, Os::Linux) => ".bashrc",
        _ => ".profile",
    };
    match &facts.home {
        Some(home) => format!("{}/{name}", path_text(home).trim_end_matches('/')),
        None => format!("~/{name}"),
    }
}

/// Kind of a Go pre-release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PreRelease {
    Beta(u32),
    Rc(u32),
}

/// A Go version as printed by `go version` or found in build info and `VERSION`:
/// `go1.27.3`, `go1.27`, `go1.27rc1`, `devel go1.28-abcdef …`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoVersion {
    pub major: u32,
    pub minor: u32,
    /// `None` for `go1.27` and pre-releases.
    pub patch: Option<u32>,
    pub pre: Option<PreRelease>,
    /// A development build (`devel go1.28-abcdef`, `go1.28-devel_…`).
    pub devel: bool,
}

impl GoVersion {
    /// Parse a Go version; `None` for anything else (never panics).
    pub fn parse(text: &str) -> Option<GoVersion> {
        let mut words = text.split_whitespace();
        let mut word = words.next()?;
        let mut devel = false;
        if word == "devel" {
            devel = true;
            word = words.next()?;
        }
        let rest = word.strip_prefix("go")?;
        let rest = match rest.split_once('-') {
            Some((head, _)) => {
                devel = true;
                head
            }
            None => rest,
        };
        let (major, rest) = split_number(rest)?;
        let rest = rest.strip_prefix('.')?;
        let (minor, rest) = split_number(rest)?;
        let (patch, pre) = if rest.is_empty() {
            (None, None)
        } else if let Some(p) = rest.strip_prefix('.') {
            let (n, tail) = split_number(p)?;
            if !tail.is_empty() {
                return None;
            }
            (Some(n), None)
        } else if let Some(p) = rest.strip_prefix("rc") {
            (None, Some(PreRelease::Rc(whole_number(p)?)))
        } else if let Some(p) = rest.strip_prefix("beta") {
            (None, Some(PreRelease::Beta(whole_number(p)?)))
        } else {
            return None;
        };
        Some(GoVersion {
            major,
            minor,
            patch,
            pre,
            devel,
        })
    }

    /// A released version (not a pre-release, not a development build).
    pub fn is_release(&self) -> bool {
        self.pre.is_none() && !self.devel
    }

    /// The major release it belongs to, as Go's release policy counts them: `(1, 27)`.
    pub fn family(&self) -> (u32, u32) {
        (self.major, self.minor)
    }

    /// `go1.27`.
    pub fn family_name(&self) -> String {
        format!("go{}.{}", self.major, self.minor)
    }

    /// A key that orders versions: beta < rc < release, patches ascending; development
    /// builds sort with the release they lead up to.
    pub fn sort_key(&self) -> (u32, u32, u32, u32, u32) {
        let (rank, n) = match self.pre {
            Some(PreRelease::Beta(n)) => (0, n),
            Some(PreRelease::Rc(n)) => (1, n),
            None => (2, 0),
        };
        (self.major, self.minor, rank, self.patch.unwrap_or(0), n)
    }
}

fn split_number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

fn whole_number(s: &str) -> Option<u32> {
    match split_number(s)? {
        (n, "") => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod helper_tests {
    use super::*;

    #[test]
    fn parses_go_versions() {
        let v = GoVersion::parse("go1.27.3").unwrap();
        assert_eq!(
            (v.major, v.minor, v.patch, v.pre, v.devel),
            (1, 27, Some(3), None, false)
        );
        let v = GoVersion::parse("go1.27").unwrap();
        assert_eq!((v.minor, v.patch), (27, None));
        assert!(v.is_release());
        let v = GoVersion::parse("go1.27rc1").unwrap();
        assert_eq!(v.pre, Some(PreRelease::Rc(1)));
        assert!(!v.is_release());
        assert_eq!(
            GoVersion::parse("go1.22beta2").unwrap().pre,
            Some(PreRelease::Beta(2))
        );
        assert_eq!(GoVersion::parse("go1.22.0").unwrap().patch, Some(0));
        let v = GoVersion::parse("devel go1.28-abcdef Tue Oct 6 2026").unwrap();
        assert!(v.devel);
        assert_eq!(v.family(), (1, 28));
        assert!(GoVersion::parse("go1.22-devel_1234").unwrap().devel);
        assert_eq!(
            GoVersion::parse("go1.22.0 X:nocoverageredesign")
                .unwrap()
                .patch,
            Some(0)
        );
        for bad in [
            "",
            "1.27.3",
            "go",
            "go1",
            "go1.",
            "goX.Y",
            "go1.27.3x",
            "go1.27rc",
            "devel +abc",
        ] {
            assert_eq!(GoVersion::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn orders_versions() {
        let key = |s| GoVersion::parse(s).unwrap().sort_key();
        assert!(key("go1.27rc1") < key("go1.27.0"));
        assert!(key("go1.27beta1") < key("go1.27rc1"));
        assert!(key("go1.26.9") < key("go1.27rc1"));
        assert!(key("go1.27.2") < key("go1.27.10"));
    }

    #[test]
    fn cleans_paths_like_go() {
        assert_eq!(clean_path("/usr/local/go/"), "/usr/local/go");
        assert_eq!(clean_path("/usr//local/./go"), "/usr/local/go");
        assert_eq!(clean_path("/usr/local/go/bin/.."), "/usr/local/go");
        assert_eq!(clean_path("/../x"), "/x");
        assert_eq!(clean_path("a/../.."), "..");
        assert_eq!(clean_path(""), ".");
        assert!(path_within("/usr/local/go/src", "/usr/local/go/"));
        assert!(!path_within("/usr/local/golang", "/usr/local/go"));
    }

    #[test]
    fn escapes_control_characters() {
        assert_eq!(shown("off\r"), "off\\r");
        assert_eq!(shown("off"), "off");
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

/// The explicitly set, non-empty GOROOT (environment or go env file), if any.
pub fn explicit_goroot(facts: &Facts) -> Option<&GoSetting> {
    explicit_setting(facts, "GOROOT").filter(|s| !s.value.trim().is_empty())
}

/// A probe problem of kind `what` about `path` (compared after cleaning).
pub fn probe_problem<'a>(
    facts: &'a Facts,
    what: &str,
    path: &str,
) -> Option<&'a crate::facts::ProbeProblem> {
    facts.problems.iter().find(|p| {
        p.what == what
            && p.path
                .as_deref()
                .is_some_and(|pp| same_path(&path_text(pp), path))
    })
}

#[cfg(test)]
mod catalogue_tests {
    use super::testing::*;
    use super::*;
    use crate::facts::{Applicable, DeveloperTools, ShellFailure};

    /// The contract: ID, area, severity and whether the check is macOS-only, in report order.
    const CONTRACT: &[(&str, Area, Severity, bool)] = &[
        ("go-not-found", Area::Toolchain, Severity::Error, false),
        ("go-wrong-arch", Area::Toolchain, Severity::Error, false),
        ("go-shadowed", Area::Path, Severity::Warning, false),
        ("go-unsupported", Area::Toolchain, Severity::Warning, false),
        ("goroot-mismatch", Area::Goroot, Severity::Warning, false),
        ("goroot-invalid", Area::Goroot, Severity::Error, false),
        ("goroot-version-skew", Area::Goroot, Severity::Error, false),
        ("goarch-forced", Area::Environment, Severity::Warning, false),
        ("rosetta-terminal", Area::Rosetta, Severity::Warning, true),
        ("rosetta-missing", Area::Rosetta, Severity::Error, true),
        ("intel-homebrew", Area::Toolchain, Severity::Warning, true),
        ("gobin-not-on-path", Area::Path, Severity::Warning, false),
        ("tools-wrong-arch", Area::Tools, Severity::Warning, false),
        ("tools-wrong-os", Area::Tools, Severity::Warning, false),
        ("binary-missing-uuid", Area::Tools, Severity::Error, true),
        ("tools-stale-go", Area::Tools, Severity::Info, false),
        ("dlv-outdated", Area::Tools, Severity::Warning, false),
        ("modules-off", Area::Environment, Severity::Warning, false),
        (
            "goproxy-invalid",
            Area::Environment,
            Severity::Warning,
            false,
        ),
        ("gosumdb-off", Area::Environment, Severity::Warning, false),
        ("cgo-no-clt", Area::Cgo, Severity::Warning, true),
        ("cgo-foreign-libs", Area::Cgo, Severity::Warning, true),
        ("gopath-is-goroot", Area::Goroot, Severity::Warning, false),
        // Info for `local`; an invalid value is a warning, so that is its maximum.
        (
            "gotoolchain-local",
            Area::Environment,
            Severity::Warning,
            false,
        ),
        ("path-set-in-zshenv", Area::Shell, Severity::Info, true),
        (
            "version-manager-interactive",
            Area::Path,
            Severity::Info,
            false,
        ),
        ("login-shell-failed", Area::Shell, Severity::Warning, false),
        (
            "startup-file-unreadable",
            Area::Shell,
            Severity::Warning,
            false,
        ),
        (
            "startup-file-not-understood",
            Area::Shell,
            Severity::Info,
            false,
        ),
        (
            "go-binary-unreadable",
            Area::Toolchain,
            Severity::Warning,
            false,
        ),
        (
            "go-shim-unresolved",
            Area::Toolchain,
            Severity::Error,
            false,
        ),
        ("home-missing", Area::Environment, Severity::Error, false),
    ];

    #[test]
    fn catalogue_matches_the_contract() {
        let ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        let expected: Vec<&str> = CONTRACT.iter().map(|c| c.0).collect();
        assert_eq!(ids, expected);
        for (check, (id, area, severity, mac_only)) in CHECKS.iter().zip(CONTRACT) {
            assert_eq!(check.area, *area, "{id}");
            assert_eq!(check.severity, *severity, "{id}");
            let expected_os: &[Os] = if *mac_only { MACOS } else { ALL_OS };
            assert_eq!(check.applies_to, expected_os, "{id}");
            assert!(find(id).is_some());
        }
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for check in CHECKS {
            assert!(seen.insert(check.id), "duplicate id {}", check.id);
            let id = check.id;
            assert!(
                !id.is_empty()
                    && !id.starts_with('-')
                    && !id.ends_with('-')
                    && !id.contains("--")
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "not kebab-case: {id}"
            );
        }
    }

    #[test]
    fn docs_have_the_four_sections_in_order() {
        let sections = [
            "## What it checks",
            "## Why it hurts",
            "## How to fix",
            "## References",
        ];
        for check in CHECKS {
            let mut at = 0;
            for section in sections {
                let found = check.doc[at..]
                    .find(&format!("{section}\n"))
                    .unwrap_or_else(|| panic!("{}: missing or misplaced {section}", check.id));
                at += found + section.len();
            }
            assert!(check.doc.starts_with("## What it checks\n"), "{}", check.id);
            assert!(
                !check.summary.is_empty() && !check.summary.ends_with('.'),
                "{}",
                check.id
            );
        }
    }

    #[test]
    #[allow(clippy::disallowed_methods)] // Reads the source tree, not the machine.
    fn every_file_starts_with_module_doc_and_every_check_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks");
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("//!"),
                "{} must start with //!",
                path.display()
            );
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            // `rebuild.rs` is the rebuild proposals `tools-wrong-arch` and `tools-wrong-os` share.
            if stem != "mod" && stem != "testing" && stem != "rebuild" {
                let id = stem.replace('_', "-");
                assert!(find(&id).is_some(), "{} is not registered", path.display());
                assert!(
                    text.contains(&format!("id: \"{id}\"")),
                    "{} declares another id",
                    path.display()
                );
            }
        }
        assert_eq!(files, CHECKS.len() + 3);
    }

    #[test]
    fn clean_native_mac_has_no_findings() {
        let findings = run_all(&clean_mac().build());
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn clean_linux_has_no_findings() {
        let findings = run_all(&clean_linux().build());
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn macos_only_checks_do_not_fire_on_linux() {
        // Facts that would trip the macOS checks, on a Linux machine.
        let facts = clean_linux()
            .machine(|m| {
                m.developer_tools = Applicable::Known(DeveloperTools {
                    path: None,
                    installed: false,
                });
                m.rosetta_installed = Applicable::Known(false);
            })
            .setting(
                "CGO_LDFLAGS",
                "-L/usr/local/lib",
                rc("/home/dev/.bashrc", 3),
            )
            .build();
        for f in run_all(&facts) {
            let check = find(&f.check).unwrap();
            assert!(check.applies(Os::Linux), "{} fired on Linux", f.check);
        }
    }

    /// An Apple-silicon Mac with everything wrong at once: every finding respects its
    /// check's declared maximum (asserted by `findings`), and the error contract holds.
    #[test]
    fn severity_contract_on_a_broken_mac() {
        let facts = FactsBuilder::mac_arm64()
            .machine(|m| {
                m.rosetta_installed = Applicable::Known(false);
                m.developer_tools = Applicable::Known(DeveloperTools {
                    path: None,
                    installed: false,
                });
            })
            .install_on_path(
                InstallBuilder::intel_homebrew("go1.24.5"),
                paths_d("/etc/paths", 1),
            )
            .install(InstallBuilder::official(
                "go1.27.3",
                crate::facts::Arch::Arm64,
            ))
            .setting("GOROOT", "/usr/local/go", rc("/Users/dev/.zshrc", 4))
            .setting("GOARCH", "amd64", rc("/Users/dev/.zshrc", 5))
            .login(|l| {
                l.failure = Some(ShellFailure {
                    shell: "/bin/zsh".into(),
                    kind: "exit".into(),
                    detail: "status 1".into(),
                })
            })
            .build();
        let findings = run_all(&facts);
        let severity_of = |id: &str| {
            findings
                .iter()
                .filter(|f| f.check == id)
                .map(|f| f.severity)
                .max()
        };
        assert_eq!(severity_of("go-wrong-arch"), Some(Severity::Error));
        assert_eq!(severity_of("goroot-version-skew"), Some(Severity::Error));
        assert_eq!(severity_of("rosetta-missing"), Some(Severity::Error));
        assert_eq!(severity_of("goroot-mismatch"), Some(Severity::Warning));
        assert_eq!(severity_of("goarch-forced"), Some(Severity::Warning));
        assert_eq!(severity_of("intel-homebrew"), Some(Severity::Warning));
        assert_eq!(severity_of("go-unsupported"), Some(Severity::Warning));
        assert_eq!(severity_of("cgo-no-clt"), Some(Severity::Warning));
        assert_eq!(severity_of("login-shell-failed"), Some(Severity::Warning));
        let errors: Vec<&str> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.check.as_str())
            .collect();
        for id in &errors {
            assert!(
                [
                    "go-not-found",
                    "go-wrong-arch",
                    "goroot-invalid",
                    "goroot-version-skew",
                    "rosetta-missing",
                    "home-missing"
                ]
                .contains(id),
                "{id} reported an error"
            );
        }
        // Every finding has a hint.
        for f in &findings {
            assert!(
                f.hint.as_deref().is_some_and(|h| !h.is_empty()),
                "{} has no hint",
                f.check
            );
        }
        insta::assert_snapshot!("broken_mac", render(&findings));
    }

    /// Findings as plain text, for reviewing their wording in a snapshot.
    fn render(findings: &[Finding]) -> String {
        let mut out = String::new();
        for f in findings {
            out.push_str(&format!("{} [{}] {}\n", f.severity, f.check, f.title));
            out.push_str(&format!("  {}\n", f.message));
            for e in &f.evidence {
                let at = match (&e.path, e.line) {
                    (Some(p), Some(l)) => format!("{}:{l}: ", p.display()),
                    (Some(p), None) => format!("{}: ", p.display()),
                    _ => String::new(),
                };
                out.push_str(&format!("  - {at}{}\n", e.note));
            }
            if let Some(h) = &f.hint {
                out.push_str(&format!("  hint: {h}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod plural_tests {
    use super::plural;

    #[test]
    fn plurals_read_as_english() {
        assert_eq!(plural(1, "process"), "1 process");
        assert_eq!(plural(2, "process"), "2 processes");
        assert_eq!(plural(3, "tool"), "3 tools");
    }
}

// ---------------------------------------------------------------------------
// Helpers for the fixes the checks offer.
// ---------------------------------------------------------------------------

use crate::fix::{editable_source, profile_file, Action, Applicability, Edit, Fix, SettingSource};

/// The managed block that decides which Go comes first on PATH. Every fix that puts one Go
/// ahead of the others writes this block (so applying another such fix replaces it), and
/// `go-shadowed` does not report a Go the user chose through it.
pub const CHOSEN_GO_BLOCK: &str = "go-shadowed";

/// A path for people: `~/.zshrc` under HOME, the path itself elsewhere.
pub fn tilde(facts: &Facts, path: &Path) -> String {
    if let Some(home) = facts.home.as_deref() {
        if home != Path::new("/") {
            if let Ok(rest) = path.strip_prefix(home) {
                return if rest.as_os_str().is_empty() {
                    "~".into()
                } else {
                    format!("~/{}", path_text(rest))
                };
            }
        }
    }
    path_text(path)
}

/// A directory as a word inside double quotes in a startup file, with `$HOME` for the
/// home directory: `$HOME/go/bin`.
pub fn shell_dir(facts: &Facts, dir: &str) -> String {
    let dir = clean_path(dir);
    let escaped = |s: &str| {
        s.chars()
            .flat_map(|c| {
                let esc = matches!(c, '"' | '\\' | '$' | '`').then_some('\\');
                esc.into_iter().chain(std::iter::once(c))
            })
            .collect::<String>()
    };
    if let Some(home) = facts.home.as_deref().map(path_text) {
        let home = clean_path(&home);
        if home != "/" {
            if dir == home {
                return "$HOME".into();
            }
            if let Some(rest) = dir.strip_prefix(&format!("{home}/")) {
                return format!("$HOME/{}", escaped(rest));
            }
        }
    }
    escaped(&dir)
}

/// Whether a line's text assigns or declares `name` (`NAME=`, `NAME+=`, `export NAME`,
/// `typeset -x NAME`, …). A fix edits a line only when it does: a line number that points
/// elsewhere (a blank line, an `eval`, a comment) gets no edit rather than a wrong one.
pub fn line_sets(text: &str, name: &str) -> bool {
    let code = text.trim_start();
    if code.starts_with('#') {
        return false;
    }
    let is_name = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let declares = [
        "export", "typeset", "declare", "readonly", "local", "setenv",
    ]
    .iter()
    .any(|d| code.split([' ', '\t', ';']).any(|w| w == *d));
    code.match_indices(name).any(|(k, _)| {
        let before = code[..k].chars().next_back();
        let rest = &code[k + name.len()..];
        !is_name(before)
            && before != Some('$')
            && before != Some('{')
            && (rest.starts_with('=')
                || rest.starts_with("+=")
                || (declares && !is_name(rest.chars().next())))
    })
}

/// Whether a line's text sets `name` (see [`line_sets`]) to `value`: when the line assigns
/// a literal (`GOARCH=amd64`, `GOARCH="amd64"`, `GOARCH='amd64'`), it must be `value`; a
/// value built from expansions (`$HOME/go`, `$(brew --prefix)`) is taken as it was
/// evaluated. A line that now assigns another literal is not the line the finding names.
pub fn line_sets_value(text: &str, name: &str, value: &str) -> bool {
    // A CRLF line's `\r` is part of the value to a shell; the line's text may or may
    // not carry it.
    let value = value.trim_end_matches('\r');
    line_sets(text, name) && literal_assigned(text, name).is_none_or(|lit| lit == value)
}

/// The literal a line assigns to `name` with `name=`, quotes removed; `None` when there
/// is no such assignment or its value holds anything a shell would expand.
fn literal_assigned(text: &str, name: &str) -> Option<String> {
    let code = text.trim_end_matches('\r');
    let is_name = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let (k, _) = code.match_indices(&format!("{name}=")).find(|(k, _)| {
        let before = code[..*k].chars().next_back();
        !is_name(before) && before != Some('$') && before != Some('{') && before != Some('+')
    })?;
    let mut rest = code[k + name.len() + 1..].chars();
    let mut out = String::new();
    loop {
        match rest.next() {
            None | Some(' ' | '\t' | ';' | '&' | '|' | ')') => return Some(out),
            Some('\'') => loop {
                match rest.next()? {
                    '\'' => break,
                    c => out.push(c),
                }
            },
            Some('"') => loop {
                match rest.next()? {
                    '"' => break,
                    '$' | '`' | '\\' => return None,
                    c => out.push(c),
                }
            },
            Some('$' | '`' | '\\' | '~' | '*' | '?' | '[' | '(' | '{') => return None,
            Some(c) => out.push(c),
        }
    }
}

/// One place that sets a variable, as the edit that removes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub edit: Edit,
    /// What it does, lower case: "comment out `export GOARCH=amd64` in ~/.zshrc:12".
    pub what: String,
}

/// The edit that removes the setting of `name` at `origin`, if a fix may edit that place
/// and the line's text is known.
pub fn removal_at(facts: &Facts, name: &str, value: &str, origin: &Origin) -> Option<Removal> {
    match editable_source(facts, origin)? {
        SettingSource::StartupLine { path, line } => {
            let text = facts.line_text(&path, line)?.to_string();
            if !line_sets_value(&text, name, value) {
                return None;
            }
            Some(Removal {
                what: format!(
                    "comment out `{}` in {}:{line}",
                    shown(text.trim()),
                    tilde(facts, &path)
                ),
                edit: Edit::CommentOutLine {
                    path,
                    line,
                    expected: text,
                },
            })
        }
        SettingSource::GoEnvFile { path } => Some(Removal {
            what: format!("remove `{name}={}` from the go env file", shown(value)),
            edit: Edit::GoEnvUnset {
                path,
                key: name.to_string(),
            },
        }),
    }
}

/// The edits that remove `name` from every place the user set it, so that Go's default
/// (or `$GOROOT/go.env`) applies: `None` when one of those places cannot be edited, since
/// removing only some would let another of the user's values take over.
pub fn unset_everywhere(facts: &Facts, name: &str, setting: &GoSetting) -> Option<Vec<Removal>> {
    if matches!(setting.origin, Origin::Default | Origin::GorootGoEnv { .. }) {
        return None;
    }
    let places = std::iter::once((setting.value.as_str(), &setting.origin)).chain(
        setting
            .overridden
            .iter()
            .map(|(v, o)| (v.as_str(), o))
            .filter(|(_, o)| !matches!(o, Origin::Default | Origin::GorootGoEnv { .. })),
    );
    let mut out: Vec<Removal> = Vec::new();
    for (value, origin) in places {
        let removal = removal_at(facts, name, value, origin)?;
        if !out.iter().any(|r| r.edit == removal.edit) {
            out.push(removal);
        }
    }
    Some(out)
}

/// A fix made of removals, titled after them.
pub fn removal_fix(id: &str, applicability: Applicability, removals: Vec<Removal>) -> Fix {
    let whats: Vec<String> = removals.iter().map(|r| r.what.clone()).collect();
    let mut fix = Fix::new(id, capitalize(&join_and(&whats)), applicability);
    fix.edits = removals.into_iter().map(|r| r.edit).collect();
    fix
}

/// A fix that removes the setting everywhere the user set it, or, when that cannot be done
/// by editing files in the home directory, the same as a manual fix with the steps.
pub fn unset_fix(
    facts: &Facts,
    id: &str,
    name: &str,
    setting: &GoSetting,
    applicability: Applicability,
) -> Fix {
    match unset_everywhere(facts, name, setting) {
        Some(removals) if !removals.is_empty() => removal_fix(id, applicability, removals),
        _ => Fix::manual(
            id,
            format!("Remove `{name}` where it is set"),
            format!("{}, then open a new terminal.", unset_hint(name, setting)),
            None,
        ),
    }
}

/// A fix that sets `name` to `value` where its effective value comes from: the line of the
/// startup file is replaced by an export, the go env file gets `KEY=value`. `None` when that
/// place cannot be edited.
pub fn set_fix(
    facts: &Facts,
    id: &str,
    name: &str,
    value: &str,
    setting: &GoSetting,
    applicability: Applicability,
) -> Option<Fix> {
    let (edit, title) = match editable_source(facts, &setting.origin)? {
        SettingSource::StartupLine { path, line } => {
            let text = facts.line_text(&path, line)?.to_string();
            if !line_sets_value(&text, name, &setting.value) {
                return None;
            }
            let new = format!("export {name}={}", crate::fix::shell_quote(value));
            let title = format!(
                "Replace `{}` with `{new}` in {}:{line}",
                shown(text.trim()),
                tilde(facts, &path)
            );
            (
                Edit::ReplaceLine {
                    path,
                    line,
                    expected: text,
                    new,
                },
                title,
            )
        }
        SettingSource::GoEnvFile { path } => (
            Edit::GoEnvSet {
                path,
                key: name.into(),
                value: value.into(),
            },
            format!("Set `{name}={value}` in the go env file"),
        ),
    };
    Some(Fix::new(id, title, applicability).edit(edit))
}

/// The GOROOT to write down for an install: Homebrew's stable `opt` link rather than the
/// versioned Cellar directory, which disappears on the next upgrade.
pub fn stable_goroot(install: &GoInstall) -> Option<String> {
    let root = clean_path(&path_text(install.goroot.as_deref()?));
    let stable = root
        .strip_suffix("/libexec")
        .and_then(|r| r.rsplit_once('/'))
        .and_then(|(formula_dir, _version)| formula_dir.rsplit_once("/Cellar/"))
        .map(|(prefix, formula)| format!("{prefix}/opt/{formula}/libexec"));
    Some(stable.unwrap_or(root))
}

/// A fix that puts `dir` first on PATH in the startup file for PATH changes, in the
/// managed block `block`.
pub fn path_first_fix(
    facts: &Facts,
    id: &str,
    block: &str,
    dir: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let file = profile_file(facts)?;
    Some(
        Fix::new(
            id,
            format!(
                "Put `{}` first on PATH in {}",
                clean_path(dir),
                tilde(facts, &file)
            ),
            applicability,
        )
        .edit(Edit::EnsureBlock {
            path: file,
            block: block.into(),
            lines: vec![format!("export PATH=\"{}:$PATH\"", shell_dir(facts, dir))],
        }),
    )
}

/// A fix that makes `install` the `go` a new terminal runs: its directory first on PATH in
/// the [`CHOSEN_GO_BLOCK`], and an explicit GOROOT naming another Go removed (it would make
/// the chosen `go` use another's compiler). `None` when the startup file is unknown or such
/// a GOROOT cannot be removed.
pub fn prefer_install_fix(
    facts: &Facts,
    id: &str,
    install: &GoInstall,
    applicability: Applicability,
) -> Option<Fix> {
    let own = install.goroot.as_deref().map(path_text);
    prefer_dir_fix(
        facts,
        id,
        &install_dir(install),
        own.as_deref(),
        applicability,
    )
}

/// [`prefer_install_fix`] for the `go` in `dir` whose root is `own_root`.
pub fn prefer_dir_fix(
    facts: &Facts,
    id: &str,
    dir: &str,
    own_root: Option<&str>,
    applicability: Applicability,
) -> Option<Fix> {
    let mut fix = path_first_fix(facts, id, CHOSEN_GO_BLOCK, dir, applicability)?;
    if let Some(goroot) = explicit_goroot(facts) {
        if !own_root.is_some_and(|own| same_goroot(goroot.value.trim(), own)) {
            let removals = unset_everywhere(facts, "GOROOT", goroot)?;
            for r in removals {
                fix.title.push_str(&format!(", and {}", r.what));
                fix.edits.push(r.edit);
            }
        }
    }
    Some(fix)
}

/// An action: `program args…` with a timeout.
pub fn action(program: &str, args: &[&str], timeout_secs: u64) -> Action {
    Action {
        program: program.into(),
        args: args.iter().map(|a| a.to_string()).collect(),
        env: Vec::new(),
        timeout_secs,
    }
}

#[cfg(test)]
mod fix_helper_tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn paths_for_people_and_for_startup_files() {
        let facts = clean_mac().build();
        assert_eq!(tilde(&facts, Path::new("/Users/dev/.zshrc")), "~/.zshrc");
        assert_eq!(tilde(&facts, Path::new("/etc/zshrc")), "/etc/zshrc");
        assert_eq!(shell_dir(&facts, "/Users/dev/go/bin/"), "$HOME/go/bin");
        assert_eq!(shell_dir(&facts, "/Users/dev"), "$HOME");
        assert_eq!(shell_dir(&facts, "/Users/devx/bin"), "/Users/devx/bin");
        assert_eq!(shell_dir(&facts, "/opt/a$b\"c"), "/opt/a\\$b\\\"c");
    }

    #[test]
    fn unsetting_needs_every_place_editable() {
        let facts = clean_mac()
            .setting_overridden(
                "GOARCH",
                "amd64",
                rc("/Users/dev/.zshrc", 4),
                vec![("amd64", go_env_file(1))],
            )
            .line("/Users/dev/.zshrc", 4, "export GOARCH=amd64")
            .build();
        let setting = facts.setting("GOARCH").unwrap();
        let removals = unset_everywhere(&facts, "GOARCH", setting).unwrap();
        assert_eq!(removals.len(), 2);
        let fix = removal_fix("x:y", Applicability::Safe, removals);
        assert_eq!(
            fix.title,
            "Comment out `export GOARCH=amd64` in ~/.zshrc:4 and remove `GOARCH=amd64` from the go env file"
        );
        // Inherited underneath: removing the export would let it through.
        let facts = clean_mac()
            .setting_overridden(
                "GOARCH",
                "amd64",
                rc("/Users/dev/.zshrc", 4),
                vec![("amd64", Origin::Inherited)],
            )
            .line("/Users/dev/.zshrc", 4, "export GOARCH=amd64")
            .build();
        let setting = facts.setting("GOARCH").unwrap();
        assert!(unset_everywhere(&facts, "GOARCH", setting).is_none());
        let fix = unset_fix(&facts, "x:y", "GOARCH", setting, Applicability::Safe);
        assert_eq!(fix.applicability, Applicability::Manual);
        // The line's text is unknown.
        let facts = clean_mac()
            .setting("GOARCH", "amd64", rc("/Users/dev/.zshrc", 4))
            .build();
        assert!(unset_everywhere(&facts, "GOARCH", facts.setting("GOARCH").unwrap()).is_none());
    }

    #[test]
    fn stable_goroot_avoids_the_cellar() {
        let brew = InstallBuilder::homebrew("go1.27.3").0;
        assert_eq!(
            stable_goroot(&brew).as_deref(),
            Some("/opt/homebrew/opt/go/libexec")
        );
        let official = InstallBuilder::official("go1.27.3", Arch::Arm64).0;
        assert_eq!(stable_goroot(&official).as_deref(), Some("/usr/local/go"));
    }
}

/// The fixes of the GOROOT checks: remove the setting (modern Go finds its own root), or
/// point it at the active `go`'s root.
pub fn goroot_fixes(facts: &Facts, check: &str, setting: &GoSetting) -> Vec<Fix> {
    let mut fixes = vec![unset_fix(
        facts,
        &format!("{check}:remove-goroot"),
        "GOROOT",
        setting,
        Applicability::Safe,
    )];
    if let Some(root) = facts.active().and_then(stable_goroot) {
        let fix = set_fix(
            facts,
            &format!("{check}:use-active"),
            "GOROOT",
            &root,
            setting,
            Applicability::Unsafe,
        );
        fixes.extend(fix);
    }
    fixes
}

/// Whether the install at `index` is worth switching to: with it as the active `go`, neither
/// `go-wrong-arch` nor `go-unsupported` would have anything to say.
pub fn good_candidate(facts: &Facts, index: usize) -> bool {
    let mut hypothetical = facts.clone();
    hypothetical.active = Some(index);
    let mut out = Vec::new();
    // go-unsupported offers no fixes; go-wrong-arch's would ask this question again.
    (go_unsupported::CHECK.run)(&hypothetical, &mut out);
    out.is_empty() && !go_wrong_arch::is_foreign(&hypothetical)
}

/// A short kebab-case name for where an install came from, for fix IDs: `official`,
/// `homebrew`, `intel-homebrew`, `asdf`, …
pub fn source_slug(source: &crate::facts::GoSource) -> String {
    use crate::facts::GoSource;
    match source {
        GoSource::Official => "official".into(),
        GoSource::Homebrew { .. } => "homebrew".into(),
        GoSource::IntelHomebrew { .. } => "intel-homebrew".into(),
        GoSource::Toolchain => "toolchain".into(),
        GoSource::Sdk => "sdk".into(),
        GoSource::VersionManager { name } => slug(name),
        GoSource::Distribution => "distribution".into(),
        GoSource::Other => "other".into(),
    }
}

/// Lower-case letters and digits, other runs as one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "x".into()
    } else {
        out
    }
}

/// The native Homebrew (`/opt/homebrew` on Apple silicon), if it is installed.
pub fn native_homebrew(facts: &Facts) -> Option<&crate::facts::HomebrewPrefix> {
    let hw = facts.machine.hw_arch;
    facts.machine.homebrew.iter().find(|b| {
        clean_path(&path_text(&b.prefix)) != "/usr/local"
            && b.arch.is_none_or(|a| a.is_native_on(hw))
    })
}

/// The version manager and version behind an install: through its shim, or from where
/// the manager installed it (`~/.asdf/installs/golang/1.22.0/…` → asdf, 1.22.0).
pub fn manager_version(install: &GoInstall) -> Option<(&'static str, String)> {
    use crate::probe::managers::managed_version;
    let shim_target = install.shim.as_ref().and_then(|s| s.target.as_deref());
    [
        shim_target,
        install.resolved.as_deref(),
        Some(install.path.as_path()),
    ]
    .into_iter()
    .flatten()
    .find_map(managed_version)
}

/// How to remove an install by hand, as a command to copy, for the installs NativeGo
/// knows how to remove (a version manager's Go through the manager, never `rm -rf`).
pub fn removal_command(facts: &Facts, install: &GoInstall) -> Option<String> {
    use crate::facts::GoSource;
    match &install.source {
        GoSource::IntelHomebrew { prefix } => Some(format!(
            "arch -x86_64 {}/bin/brew uninstall go",
            path_text(prefix).trim_end_matches('/')
        )),
        GoSource::Homebrew { prefix } => Some(format!(
            "{}/bin/brew uninstall go",
            path_text(prefix).trim_end_matches('/')
        )),
        GoSource::Official if facts.machine.os == Os::Macos => {
            Some("sudo rm -rf /usr/local/go /etc/paths.d/go".into())
        }
        GoSource::Official => Some("sudo rm -rf /usr/local/go".into()),
        GoSource::VersionManager { .. } => {
            manager_version(install).map(|(m, v)| crate::probe::managers::uninstall_command(m, &v))
        }
        _ => None,
    }
}

/// The manual fix that removes an install.
pub fn remove_install_fix(facts: &Facts, id: &str, install: &GoInstall) -> Option<Fix> {
    let command = removal_command(facts, install)?;
    Some(Fix::manual(
        id,
        format!(
            "Uninstall {} ({}) at {}",
            version_label(install),
            install.source.label(),
            path_text(
                install
                    .shim
                    .as_ref()
                    .and_then(|s| s.target.as_deref())
                    .unwrap_or(&install.path)
            )
        ),
        "Run the command in a terminal (it may ask for your password), then open a new terminal.",
        Some(command),
    ))
}

/// The manual fix that installs a native Go from go.dev.
pub fn install_go_fix(facts: &Facts, id: &str) -> Fix {
    let goos = host_goos(facts);
    let goarch = facts.machine.hw_arch.goarch();
    let what = if facts.machine.os == Os::Macos {
        "package (.pkg)"
    } else {
        "archive"
    };
    Fix::manual(
        id,
        format!("Install the {goos}-{goarch} Go from go.dev"),
        format!(
            "Download the `{goos}-{goarch}` {what} from https://go.dev/dl/ and install it, then open a new terminal."
        ),
        None,
    )
}

#[cfg(test)]
mod line_sets_tests {
    use super::line_sets;

    #[test]
    fn only_lines_that_set_the_variable_are_edited() {
        assert!(line_sets("export GOARCH=amd64", "GOARCH"));
        assert!(line_sets("  GOARCH=amd64; export GOARCH", "GOARCH"));
        assert!(line_sets("typeset -x GOARCH", "GOARCH"));
        assert!(line_sets("export GOARCH=amd64\r", "GOARCH"));
        // A blank line, a comment (`#compctl \`), another variable, a use, an eval.
        assert!(!line_sets("", "GOARCH"));
        assert!(!line_sets("#compctl \\", "GOARCH"));
        assert!(!line_sets("# export GOARCH=amd64", "GOARCH"));
        assert!(!line_sets("export MYGOARCH=amd64", "GOARCH"));
        assert!(!line_sets("echo $GOARCH ${GOARCH}", "GOARCH"));
        assert!(!line_sets("eval \"$(tool env)\"", "GOARCH"));
    }

    #[test]
    fn a_literal_on_the_line_must_be_the_value_named() {
        use super::line_sets_value as sets;
        assert!(sets("export GOARCH=amd64", "GOARCH", "amd64"));
        assert!(sets("export GOARCH=\"amd64\" # Intel", "GOARCH", "amd64"));
        assert!(sets("GOARCH='amd64'; export GOARCH", "GOARCH", "amd64"));
        assert!(sets("export GOPROXY=a,b\r", "GOPROXY", "a,b"));
        // Built from expansions: taken as evaluated.
        assert!(sets("export GOPATH=$HOME/go", "GOPATH", "/Users/dev/go"));
        assert!(sets("export GOPATH=~/go", "GOPATH", "/Users/dev/go"));
        assert!(sets(
            "export GOROOT=\"$(brew --prefix go)/libexec\"",
            "GOROOT",
            "/x"
        ));
        assert!(sets("typeset -x GOARCH", "GOARCH", "amd64"));
        // The line now assigns something else.
        assert!(!sets("export GOARCH=arm64", "GOARCH", "amd64"));
        assert!(!sets("export GOARCH=\"386\"", "GOARCH", "amd64"));
    }
}
