//! The check catalogue: one file per check, named after the problem it finds.
//!
//! Each file holds the check's documentation (`DOC`: what it detects, why it hurts with the
//! error text users see, how to fix it, references), its [`Check`] entry, the logic that
//! turns [`Facts`] into [`Finding`]s, and its tests. Checks are pure and deterministic.

mod binary_missing_uuid;
mod cgo_foreign_libs;
mod cgo_homebrew_paths;
mod cgo_no_clt;
mod dlv_outdated;
mod go_binary_unreadable;
mod go_cache_large;
mod go_dirs_not_writable;
mod go_env_shadowed;
mod go_not_found;
mod go_shadowed;
mod go_shim_unresolved;
mod go_unsupported;
mod go_wrong_arch;
mod goarch_forced;
mod gobin_not_on_path;
mod goflags_persistent;
mod gopath_is_goroot;
mod goproxy_invalid;
mod goroot_invalid;
mod goroot_mismatch;
mod goroot_version_skew;
mod gosumdb_off;
mod gotoolchain_local;
mod home_missing;
mod ide_goroot_pinned;
mod intel_homebrew;
mod login_shell_failed;
mod modules_off;
mod path_set_in_zshenv;
mod pkg_config_missing;
pub mod rebuild;
mod rosetta_missing;
pub(crate) mod rosetta_sunset;
mod rosetta_terminal;
mod startup_file_not_understood;
mod startup_file_unreadable;
mod tools_stale_go;
mod tools_wrong_arch;
mod tools_wrong_os;
mod version_manager_interactive;
mod xcode_license_not_accepted;

#[cfg(test)]
pub(crate) mod testing;

use crate::binary::Arch;
use crate::facts::{Facts, GoInstall, GoSetting, Origin, Os};
use crate::finding::{Evidence, Finding, Severity};
pub(crate) use crate::fix::builders::{
    action, goroot_fixes, install_go_fix, manager_version, native_homebrew, path_first_fix,
    prefer_dir_fix, prefer_install_fix, removal_fix, remove_install_fix, set_fix, shell_dir, slug,
    source_slug, tilde, unset_everywhere, unset_fix,
};
pub(crate) use crate::text::{
    clean_path, explicit_goroot, explicit_setting, host_goos, install_dir, join_and, path_text,
    path_within, plural, same_goroot, same_path, shown, unset_hint, version_label,
};

/// The part of the environment a check looks at; the human report has one line per area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
            ignored: false,
            ignored_reason: None,
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
    &ide_goroot_pinned::CHECK,
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
    &goflags_persistent::CHECK,
    &go_env_shadowed::CHECK,
    &cgo_no_clt::CHECK,
    &cgo_foreign_libs::CHECK,
    &xcode_license_not_accepted::CHECK,
    &pkg_config_missing::CHECK,
    &cgo_homebrew_paths::CHECK,
    &gopath_is_goroot::CHECK,
    &go_dirs_not_writable::CHECK,
    &go_cache_large::CHECK,
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
pub(crate) fn describe_origin(origin: &Origin) -> String {
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
pub(crate) fn origin_evidence(origin: &Origin, note: impl Into<String>) -> Evidence {
    let note = note.into();
    match origin.location() {
        Some((path, line)) => Evidence::at(path, Some(line), note),
        None => Evidence::note(format!("{note} ({})", describe_origin(origin))),
    }
}

/// Evidence for a setting: where its effective value comes from, then every place that sets
/// it too but loses.
pub(crate) fn setting_evidence(name: &str, setting: &GoSetting) -> Vec<Evidence> {
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

/// The setting, if the user set it: not a default and not `$GOROOT/go.env`.
pub(crate) fn user_setting<'a>(facts: &'a Facts, name: &str) -> Option<&'a GoSetting> {
    facts
        .setting(name)
        .filter(|s| !matches!(s.origin, Origin::Default | Origin::GorootGoEnv { .. }))
}

/// The effective value of a setting, empty when unset.
pub(crate) fn setting_value<'a>(facts: &'a Facts, name: &str) -> &'a str {
    facts.setting(name).map_or("", |s| s.value.as_str())
}

/// Architectures as Apple tools name them: `x86_64`, `x86_64 and i386`.
pub(crate) fn arch_list(arches: &[Arch]) -> String {
    let names: Vec<String> = arches.iter().map(|a| a.name().to_string()).collect();
    if names.is_empty() {
        "no known architecture".into()
    } else {
        join_and(&names)
    }
}

/// The index of the first login PATH entry that is `dir`, after lexical cleaning.
pub(crate) fn path_position(facts: &Facts, dir: &str) -> Option<usize> {
    let dir = clean_path(dir);
    facts
        .login
        .path
        .iter()
        .position(|e| !e.dir.is_empty() && clean_path(&e.dir) == dir)
}

/// Evidence for login PATH entry `index`: its origin, with `note`.
pub(crate) fn path_entry_evidence(
    facts: &Facts,
    index: usize,
    note: impl Into<String>,
) -> Evidence {
    match facts.login.path.get(index) {
        Some(entry) => origin_evidence(&entry.origin, note),
        None => Evidence::note(note),
    }
}

/// What identifies an install across PATH entries: its GOROOT, else its resolved binary,
/// else the binary as found, cleaned.
pub(crate) fn install_identity(install: &GoInstall) -> String {
    let path = install
        .goroot
        .as_deref()
        .or(install.resolved.as_deref())
        .unwrap_or(&install.path);
    clean_path(&path_text(path))
}

/// The hardware's GOARCH-independent native name (`arm64`).
pub(crate) fn hw_name(facts: &Facts) -> &'static str {
    match facts.machine.hw_arch {
        Arch::Arm64e => Arch::Arm64.name(),
        other => other.name(),
    }
}

/// The startup file to add a line to, for "add this line" hints (F11, F16): `~/.zshrc` for
/// zsh (read after path_helper by login and interactive shells alike), `~/.bash_profile` for
/// bash on macOS (Terminal opens login shells), `~/.bashrc` for bash on Linux, `~/.profile`
/// otherwise.
pub(crate) fn rc_file(facts: &Facts) -> String {
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
pub(crate) enum PreRelease {
    Beta(u32),
    Rc(u32),
}

/// A Go version as printed by `go version` or found in build info and `VERSION`:
/// `go1.27.3`, `go1.27`, `go1.27rc1`, `devel go1.28-abcdef …`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GoVersion {
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
    #[cfg(test)]
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

/// Whether the install at `index` is worth switching to: with it as the active `go`, neither
/// `go-wrong-arch` nor `go-unsupported` would have anything to say.
pub(crate) fn good_candidate(facts: &Facts, index: usize) -> bool {
    let mut hypothetical = facts.clone();
    hypothetical.active = Some(index);
    let mut out = Vec::new();
    // go-unsupported offers no fixes; go-wrong-arch's would ask this question again.
    (go_unsupported::CHECK.run)(&hypothetical, &mut out);
    out.is_empty() && !go_wrong_arch::is_foreign(&hypothetical)
}

/// A probe problem of kind `what` about `path` (compared after cleaning).
pub(crate) fn probe_problem<'a>(
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
        (
            "ide-goroot-pinned",
            Area::Toolchain,
            Severity::Warning,
            true,
        ),
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
        // An invalid GOFLAGS stops every go command.
        (
            "goflags-persistent",
            Area::Environment,
            Severity::Error,
            false,
        ),
        (
            "go-env-shadowed",
            Area::Environment,
            Severity::Warning,
            false,
        ),
        ("cgo-no-clt", Area::Cgo, Severity::Warning, true),
        ("cgo-foreign-libs", Area::Cgo, Severity::Warning, true),
        (
            "xcode-license-not-accepted",
            Area::Cgo,
            Severity::Warning,
            true,
        ),
        ("pkg-config-missing", Area::Cgo, Severity::Warning, true),
        ("cgo-homebrew-paths", Area::Cgo, Severity::Info, true),
        ("gopath-is-goroot", Area::Goroot, Severity::Warning, false),
        (
            "go-dirs-not-writable",
            Area::Environment,
            Severity::Warning,
            false,
        ),
        ("go-cache-large", Area::Environment, Severity::Info, false),
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
            // `rebuild.rs` is the rebuild proposals `tools-wrong-arch` and `tools-wrong-os` share;
            // `rosetta_sunset.rs` what the macOS version means for Rosetta, four checks share.
            if !["mod", "testing", "rebuild", "rosetta_sunset"].contains(&stem.as_str()) {
                let id = stem.replace('_', "-");
                assert!(find(&id).is_some(), "{} is not registered", path.display());
                assert!(
                    text.contains(&format!("id: \"{id}\"")),
                    "{} declares another id",
                    path.display()
                );
            }
        }
        assert_eq!(files, CHECKS.len() + 4);
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
                    xcode: None,
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
                    xcode: None,
                });
            })
            .install_on_path(
                InstallBuilder::intel_homebrew("go1.24.5"),
                paths_d("/etc/paths", 1),
            )
            .install(InstallBuilder::official(
                "go1.27.3",
                crate::binary::Arch::Arm64,
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
