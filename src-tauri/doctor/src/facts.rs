//! Facts: the ground state the probe observed, as plain data.
//!
//! Checks read `Facts` and nothing else. Every type here is serializable and has
//! public fields; none does I/O.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::binary::{Arch, BinaryInfo};

/// Operating-system family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Os {
    Macos,
    Linux,
    Other,
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Os::Macos => "macOS",
            Os::Linux => "Linux",
            Os::Other => "this OS",
        })
    }
}

/// A fact that only exists on some operating systems.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "state", content = "value", rename_all = "kebab-case")]
pub enum Applicable<T> {
    /// Known on this machine.
    Known(T),
    /// The host could not tell (the probe failed or the fact is not in a scenario).
    #[default]
    Unknown,
    /// The fact does not exist on this OS (Rosetta on Linux).
    NotApplicable,
}

impl<T> Applicable<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Applicable::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// Where a value, a PATH entry or a setting came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Origin {
    /// A line of a startup file (`~/.zshrc:12`), or of a file it sources.
    StartupFile { path: PathBuf, line: u32 },
    /// A line of `/etc/paths` or a file in `/etc/paths.d`, placed by path_helper.
    PathHelper { path: PathBuf, line: u32 },
    /// `eval "$(brew shellenv)"` at a startup-file line.
    BrewShellenv {
        path: PathBuf,
        line: u32,
        prefix: PathBuf,
    },
    /// A line of the user go env file (`go env -w`).
    GoEnvFile { path: PathBuf, line: u32 },
    /// A line of `$GOROOT/go.env`.
    GorootGoEnv { path: PathBuf, line: u32 },
    /// Set before the startup files ran (the terminal's own environment).
    Inherited,
    /// Seen in the login shell's environment, but no startup file line set it
    /// as far as the static evaluation can tell.
    LoginShell,
    /// Go's built-in default.
    Default,
}

impl Origin {
    /// The file and line this origin points at, if any.
    pub fn location(&self) -> Option<(&PathBuf, u32)> {
        match self {
            Origin::StartupFile { path, line }
            | Origin::PathHelper { path, line }
            | Origin::BrewShellenv { path, line, .. }
            | Origin::GoEnvFile { path, line }
            | Origin::GorootGoEnv { path, line } => Some((path, *line)),
            Origin::Inherited | Origin::LoginShell | Origin::Default => None,
        }
    }
}

/// One directory on the login PATH, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathEntry {
    /// The entry as it appears in PATH (may be relative or empty).
    pub dir: String,
    pub origin: Origin,
}

/// A line of a startup file the static evaluator did not understand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unknown {
    pub path: PathBuf,
    pub line: u32,
    /// The line's text, shortened.
    pub text: String,
    /// Why it could not be evaluated.
    pub reason: String,
    /// Variables whose values became unknown because of it (`PATH`, `GOROOT`, …).
    pub affects: Vec<String>,
}

/// A startup file the evaluator looked at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartupFile {
    pub path: PathBuf,
    pub state: FileState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "detail", rename_all = "kebab-case")]
pub enum FileState {
    Read,
    Missing,
    /// Could not be read: the I/O error.
    Unreadable(String),
    /// Not text (NUL bytes, or mostly undecodable): skipped.
    Binary,
    /// Read only up to the size bound.
    Truncated,
}

/// How the login environment was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum LoginMethod {
    /// The user's login shell was run (`$SHELL -l -i -x -c …`).
    Shell,
    /// The startup files were evaluated statically (scenarios, or the shell failed).
    Static,
}

/// Why running the login shell failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellFailure {
    pub shell: PathBuf,
    /// `timeout`, `exit`, `signal`, `no-output`, `spawn`.
    pub kind: String,
    pub detail: String,
}

/// A block of lines NativeGo added to a startup file (`# >>> nativego: NAME >>>` …
/// `# <<< nativego: NAME <<<`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedBlock {
    pub path: PathBuf,
    /// The block's name: the check whose fix wrote it.
    pub name: String,
    pub first_line: u32,
    pub last_line: u32,
}

impl ManagedBlock {
    /// Whether `origin` is a line inside this block.
    pub fn contains(&self, origin: &Origin) -> bool {
        match origin {
            Origin::StartupFile { path, line } | Origin::BrewShellenv { path, line, .. } => {
                *path == self.path && (self.first_line..=self.last_line).contains(line)
            }
            _ => false,
        }
    }
}

/// Which of NativeGo's two readings of the startup files placed a value at its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AttributedBy {
    /// The login shell's own trace (`xtrace`) showed the line that set it.
    Shell,
    /// The static evaluation of the startup files (the trace was missing, did not show
    /// the assignment, or pointed at a line that does not set it).
    Static,
}

/// How the origin of a Go variable or a PATH entry was found, when the login shell ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Attribution {
    pub attributed_by: AttributedBy,
    /// The static evaluation says otherwise: another line, another value, or nothing. The
    /// origin shown is the shell's.
    pub disagrees: bool,
    /// What the static evaluation said, when it disagrees (`None`: it did not find the
    /// value at all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub static_origin: Option<Origin>,
    /// The program whose output an `eval` at the origin's line ran (`brew shellenv`,
    /// `path_helper -s`), when the value came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// What became of the login shell's trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TraceState {
    /// Read: it attributes what it shows.
    Used,
    /// The shell printed no trace record (bash as root ignores `PS4` from the
    /// environment; a startup file may replace `PS4` or switch tracing off at once).
    Missing,
    /// The shell's output reached NativeGo's bound: the trace was not used.
    Cut,
}

/// Which shell family the startup files belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ShellKind {
    Zsh,
    Bash,
    /// A shell NativeGo cannot evaluate statically (fish, tcsh, …).
    Other,
}

/// The environment a new terminal gets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginEnv {
    pub shell: Option<PathBuf>,
    pub shell_kind: Option<ShellKind>,
    pub method: Option<LoginMethod>,
    /// Final variable values. A value the static evaluator could not know is absent
    /// and its name is in `unknown_vars`.
    pub vars: BTreeMap<String, String>,
    /// Where each variable in `vars` (and in `unknown_vars`, when a line made it unknown)
    /// was last set.
    pub origins: BTreeMap<String, Origin>,
    pub unknown_vars: Vec<String>,
    /// PATH, split, each entry attributed.
    pub path: Vec<PathEntry>,
    /// PATH contains entries the static evaluator could not compute.
    pub path_incomplete: bool,
    pub files: Vec<StartupFile>,
    pub unknowns: Vec<Unknown>,
    pub failure: Option<ShellFailure>,
    /// Blocks NativeGo's fixes added to the startup files.
    #[serde(default)]
    pub managed_blocks: Vec<ManagedBlock>,
    /// How each Go variable's origin was found (by name), when the login shell ran.
    #[serde(default)]
    pub attributions: BTreeMap<String, Attribution>,
    /// How each PATH entry's origin was found (by entry), when the login shell ran.
    #[serde(default)]
    pub path_attributions: BTreeMap<String, Attribution>,
    /// Every file the login shell really executed code from, as its trace shows (files
    /// sourced by loops and plugins included); empty without a trace.
    #[serde(default)]
    pub traced_files: Vec<PathBuf>,
    /// For each file in `traced_files`, the highest line the login shell executed in it
    /// outside functions and evals: how far the real shell got through the file.
    #[serde(default)]
    pub trace_reached: BTreeMap<PathBuf, u32>,
    /// What became of the login shell's trace (`None` when the shell did not run or
    /// gave no environment).
    #[serde(default)]
    pub trace: Option<TraceState>,
}

impl LoginEnv {
    /// The value of `name` in the login environment, if known.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The folder zsh reads its user startup files from: an absolute `ZDOTDIR`, else
    /// `home`.
    pub fn zdotdir(&self, home: &Path) -> PathBuf {
        self.var("ZDOTDIR")
            .filter(|z| z.starts_with('/'))
            .map(PathBuf::from)
            .unwrap_or_else(|| home.to_path_buf())
    }
}

/// Where a Go installation came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum GoSource {
    /// The official installer (.pkg on macOS) or tarball in /usr/local/go.
    Official,
    /// Homebrew under /opt/homebrew (Apple silicon) or /home/linuxbrew.
    Homebrew {
        prefix: PathBuf,
    },
    /// Homebrew under /usr/local on an Apple silicon Mac: the Intel one.
    IntelHomebrew {
        prefix: PathBuf,
    },
    /// A toolchain GOTOOLCHAIN downloaded into the module cache.
    Toolchain,
    /// `golang.org/dl/goX.Y.Z` in ~/sdk.
    Sdk,
    /// goenv, asdf, mise, gvm, g, …
    VersionManager {
        name: String,
    },
    /// A Linux distribution package (/usr/lib/go-1.xx).
    Distribution,
    Other,
}

impl GoSource {
    /// A short label: "official", "Homebrew", "Intel Homebrew", …
    pub fn label(&self) -> String {
        match self {
            GoSource::Official => "official installer".into(),
            GoSource::Homebrew { .. } => "Homebrew".into(),
            GoSource::IntelHomebrew { .. } => "Intel Homebrew".into(),
            GoSource::Toolchain => "GOTOOLCHAIN download".into(),
            GoSource::Sdk => "golang.org/dl".into(),
            GoSource::VersionManager { name } => name.clone(),
            GoSource::Distribution => "distribution package".into(),
            GoSource::Other => "other".into(),
        }
    }
}

/// One Go installation found on the machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoInstall {
    /// The `go` binary as found (`/opt/homebrew/bin/go`).
    pub path: PathBuf,
    /// `path` with symlinks resolved; `None` if resolution failed (see `problems`).
    pub resolved: Option<PathBuf>,
    /// The GOROOT this `go` finds by itself, the way cmd/go does (`pkg/tool` next to it).
    pub goroot: Option<PathBuf>,
    /// First line of `$GOROOT/VERSION`.
    pub version_file: Option<String>,
    /// What the binary's header and build info say; `Err` holds why it could not be read.
    pub binary: Result<BinaryInfo, String>,
    pub source: GoSource,
    /// Index of the login PATH entry that provides this `go`, if it is on PATH.
    pub path_index: Option<usize>,
    /// Problems met while probing this install (dangling symlink, loop, …).
    pub problems: Vec<String>,
    /// The `#!` line when this `go` is a script (a version manager's shim, a wrapper)
    /// rather than a binary: not broken, but its version and architecture are not known
    /// from the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// When this `go` is a version manager's shim: what the manager runs for a new
    /// terminal in the home folder. The binary, GOROOT and version above are then the
    /// resolved Go's (`shim.target`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shim: Option<Shim>,
    /// Other names of this same binary NativeGo came across (a Homebrew `opt` link, a
    /// version manager's `current` link, `$GOROOT/bin/go` through a symlink).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<PathBuf>,
    /// The toolchain's own programs that `go build` and `go test` run
    /// (`$GOROOT/pkg/tool/GOOS_GOARCH/{compile,link,asm,cgo,vet}`), read for their headers
    /// (LC_UUID): only for the active install, and only those few.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub toolchain_programs: Vec<Tool>,
}

/// A version manager's shim, resolved statically (`probe/managers.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Shim {
    /// `asdf`, `goenv` or `mise`.
    pub manager: String,
    /// The version(s) asked for, as written (`1.22.0`, `1.22`, `latest`, `system`).
    pub requested: Option<String>,
    /// Where the request was read: a file, or `$GOENV_VERSION`-style variable.
    pub set_by: Option<String>,
    pub set_by_path: Option<PathBuf>,
    pub set_by_line: Option<u32>,
    /// The `go` the shim runs.
    pub target: Option<PathBuf>,
    /// Why it runs none.
    pub problem: Option<ShimProblem>,
    /// The versions the manager has installed, newest first.
    #[serde(default)]
    pub installed: Vec<String>,
}

/// Why a shim runs no Go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ShimProblem {
    /// No version file or variable selects a Go for the home folder.
    NoVersion,
    /// The selected version is not installed.
    NotInstalled { version: String },
    /// `system` is selected, and no other `go` is on PATH.
    NoSystemGo,
    /// A version NativeGo cannot resolve without running the manager (`ref:…`, `path:…`).
    Unreadable { version: String },
}

/// The index of the `go` a new terminal runs: the first on PATH a shell can execute.
pub fn active_install(installs: &[GoInstall]) -> Option<usize> {
    installs
        .iter()
        .enumerate()
        .filter(|(_, inst)| inst.is_runnable())
        .filter_map(|(i, inst)| inst.path_index.map(|p| (p, i)))
        .min()
        .map(|(_, i)| i)
}

impl GoInstall {
    /// Whether a shell would run it when looking `go` up on PATH: zsh and bash skip a name
    /// whose symlinks cannot be followed (dangling, looping) and go on to the next PATH
    /// entry. A corrupt executable is still run (and fails), so it still counts.
    pub fn is_runnable(&self) -> bool {
        self.resolved.is_some()
    }

    /// The Go version: from the build info, else from `VERSION`.
    pub fn version(&self) -> Option<&str> {
        self.binary
            .as_ref()
            .ok()
            .and_then(|b| b.go_version())
            .or(self.version_file.as_deref())
    }

    /// The architectures of the binary's slices.
    pub fn arches(&self) -> Vec<Arch> {
        self.binary.as_ref().map(|b| b.arches()).unwrap_or_default()
    }
}

/// One effective Go setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoSetting {
    pub value: String,
    pub origin: Origin,
    /// Other places that set it too but lose (a go env file line overridden by an export).
    pub overridden: Vec<(String, Origin)>,
}

/// A binary installed by `go install` (in GOBIN or a GOPATH's bin), or one of a
/// toolchain's `pkg/tool` programs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub path: PathBuf,
    pub name: String,
    pub binary: Result<BinaryInfo, String>,
    /// The operating system it is built for ([`crate::binary::target_os`]), when known.
    #[serde(default)]
    pub os: Option<crate::binary::TargetOs>,
}

/// A running process of interest (a terminal app or a shell).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessInfo {
    pub pid: u32,
    pub ppid: u32,
    pub name: String,
    #[serde(default)]
    pub exe: Option<PathBuf>,
    /// Running under Rosetta; `None` when the host cannot tell.
    #[serde(default)]
    pub translated: Option<bool>,
}

/// An app set to "Open using Rosetta" (LaunchServices "Architectures for arm64").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchPreference {
    pub bundle_id: String,
    #[serde(default)]
    pub app_path: Option<PathBuf>,
    pub arch: String,
}

/// A Homebrew installation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HomebrewPrefix {
    pub prefix: PathBuf,
    /// Architecture of its `brew` (for Intel Homebrew, of the Ruby it runs), if readable.
    pub arch: Option<Arch>,
}

/// The Xcode Command Line Tools.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DeveloperTools {
    /// The active developer directory, if any.
    pub path: Option<PathBuf>,
    /// `usr/bin/xcrun` (or, on Linux, a C compiler) is present.
    pub installed: bool,
    /// The full Xcode the developer directory points into, with its licence state; `None`
    /// when the Command Line Tools (or nothing) are selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xcode: Option<XcodeSelected>,
}

/// A full Xcode selected with `xcode-select`, and which Xcode licence was accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct XcodeSelected {
    /// The `Xcode.app` bundle (`/Applications/Xcode.app`).
    pub app: PathBuf,
    /// `CFBundleShortVersionString` of its `Contents/version.plist` (else `Info.plist`).
    pub version: Option<String>,
    /// `IDEXcodeVersionForAgreedToGMLicense` of `/Library/Preferences/com.apple.dt.Xcode.plist`,
    /// `None` when the file or the key is absent (no licence accepted).
    pub agreed: Option<String>,
    /// Why that file could not be read, when it exists but cannot be (then `agreed` is unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_unreadable: Option<String>,
}

/// The machine: facts that are not files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineFacts {
    pub os: Os,
    /// `15.1` on macOS, `Debian GNU/Linux 12 (bookworm)` on Linux.
    pub os_version: Option<String>,
    /// The hardware architecture, true even when NativeGo runs translated.
    pub hw_arch: Arch,
    /// NativeGo itself runs under Rosetta.
    pub translated: Applicable<bool>,
    pub rosetta_installed: Applicable<bool>,
    pub developer_tools: Applicable<DeveloperTools>,
    pub homebrew: Vec<HomebrewPrefix>,
    /// Terminal apps and shells currently running.
    pub processes: Vec<ProcessInfo>,
    /// Apps set to open using Rosetta.
    pub arch_preferences: Applicable<Vec<ArchPreference>>,
    /// The user NativeGo runs as (`getuid`), when the host knows it.
    #[serde(default)]
    pub uid: Option<u32>,
}

/// A problem met while probing that is not a finding by itself but explains one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeProblem {
    pub what: String,
    pub path: Option<PathBuf>,
    pub detail: String,
}

/// Everything the probe observed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub machine: MachineFacts,
    /// The user's home, `None` if it could not be found.
    pub home: Option<PathBuf>,
    pub login: LoginEnv,
    /// Every Go installation found, in the order of the login PATH first, then the
    /// well-known places.
    pub installs: Vec<GoInstall>,
    /// Index into `installs` of the `go` a new terminal runs.
    pub active: Option<usize>,
    /// The user go env file, if any (`~/Library/Application Support/go/env`).
    pub go_env_file: Option<PathBuf>,
    /// Effective Go settings, by name, following Go's precedence.
    pub settings: BTreeMap<String, GoSetting>,
    /// Go settings whose value NativeGo could not know (a startup file sets them from
    /// something it cannot evaluate), with the line that set them. They are absent from
    /// `settings`: a check never takes Go's default for them.
    #[serde(default)]
    pub unknown_settings: BTreeMap<String, Origin>,
    /// The directories scanned for tools (GOBIN, or each GOPATH's bin).
    pub tool_dirs: Vec<PathBuf>,
    pub tools: Vec<Tool>,
    pub problems: Vec<ProbeProblem>,
    /// The text of every startup-file line that is the origin of a variable or a PATH
    /// entry, by file and line number: fixes need it to edit exactly that line.
    #[serde(default)]
    pub lines: BTreeMap<PathBuf, BTreeMap<u32, String>>,
    /// The user's NativeGo settings (`config.rs`): suppressions.
    #[serde(default)]
    pub config: crate::config::Config,
    /// Why the settings file could not be used (then nothing is ignored).
    #[serde(default)]
    pub config_error: Option<String>,
    /// Where the settings file is (or would be): the watcher re-checks when it changes.
    #[serde(default)]
    pub config_path: Option<PathBuf>,
    /// What cgo builds find: Homebrew libraries and `pkg-config` (macOS).
    #[serde(default)]
    pub cgo: CgoFacts,
    /// The directories `go` writes to (GOPATH, GOBIN, GOMODCACHE, GOCACHE) that exist:
    /// owner and, for the caches, size.
    #[serde(default)]
    pub go_dirs: Vec<GoDir>,
    /// Editors' user settings files that exist, with the settings that choose a Go
    /// (`probe/editors.rs`; macOS).
    #[serde(default)]
    pub editor_settings: Vec<EditorSettings>,
}

/// One editor's user `settings.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorSettings {
    /// `VS Code`, `Cursor`, …
    pub editor: String,
    pub path: PathBuf,
    /// `go.goroot`, `go.alternateTools.go`, `go.toolsEnvVars.GOROOT` and `go.gopath`, in
    /// file order.
    pub settings: Vec<EditorSetting>,
    /// Why the file could not be read or is not JSON with comments.
    pub error: Option<String>,
}

/// A setting of an editor that names a Go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorSetting {
    /// The dotted key: `go.goroot`, `go.alternateTools.go`, …
    pub key: String,
    pub value: String,
    /// The line of the value.
    pub line: u32,
    /// The absolute path the value names (`~/` is the home); `None` for anything else
    /// (`${env:…}`, a relative path).
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// That path exists.
    pub exists: bool,
}

/// What a cgo build finds on this Mac (`probe/cgo.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CgoFacts {
    /// The Homebrew prefix the libraries were looked for in (`/opt/homebrew`), when it
    /// exists.
    pub prefix: Option<PathBuf>,
    /// Libraries Go programs commonly link through cgo that Homebrew has installed there
    /// (`<prefix>/opt/<name>` exists), from a fixed list, in that list's order.
    pub homebrew_libs: Vec<String>,
    /// The program `go build` runs for `#cgo pkg-config:` lines: `$PKG_CONFIG` (a path,
    /// or a name looked up on the login PATH), else `pkg-config` on the login PATH.
    pub pkg_config: Option<PathBuf>,
    /// `pkgconf` on the login PATH (Homebrew's pkg-config, which also installs the
    /// `pkg-config` name).
    pub pkgconf: Option<PathBuf>,
}

/// A directory `go` writes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoDir {
    /// `GOPATH`, `GOBIN`, `GOMODCACHE` or `GOCACHE`.
    pub name: String,
    pub path: PathBuf,
    /// Its owner's uid, when the host can tell.
    pub owner: Option<u32>,
    /// Its size, for the caches (GOMODCACHE and GOCACHE).
    pub size: Option<DirSize>,
}

/// The size of a directory tree, measured with a bounded walk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirSize {
    /// The sum of the regular files' lengths (apparent size; symlinks not followed).
    pub bytes: u64,
    /// Entries visited.
    pub entries: u64,
    /// The walk visited every entry; when false it stopped at its bound, and `bytes`
    /// is a lower bound.
    pub complete: bool,
}

impl Facts {
    /// The `go` a new terminal runs.
    pub fn active(&self) -> Option<&GoInstall> {
        self.active.and_then(|i| self.installs.get(i))
    }

    /// The effective value of a Go setting, if set anywhere (defaults included).
    pub fn setting(&self, name: &str) -> Option<&GoSetting> {
        self.settings.get(name)
    }

    /// The text of line `line` of startup file `path`, if it is an origin.
    pub fn line_text(&self, path: &std::path::Path, line: u32) -> Option<&str> {
        self.lines.get(path)?.get(&line).map(String::as_str)
    }

    /// Whether the hardware is Apple silicon (or any arm64).
    pub fn is_arm64_hardware(&self) -> bool {
        matches!(self.machine.hw_arch, Arch::Arm64 | Arch::Arm64e)
    }
}
