//! The report: the one serializable contract, shared by the CLI's `--json`, the menu-bar
//! app and tests. Versioned by `schema`; fields are only ever added.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::binary::Arch;
use crate::binary::BinaryInfo;
use crate::checks::{Area, CHECKS};
use crate::facts::{
    Applicable, Attribution, DeveloperTools, Facts, GoInstall, GoSource, HomebrewPrefix,
    LoginMethod, Origin, Os, ShellKind, TraceState,
};
use crate::finding::{Finding, Severity};
use crate::selection::Selection;

/// The JSON schema version.
pub const SCHEMA: u32 = 1;

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Report {
    pub schema: u32,
    /// The NativeGo version that wrote the report.
    pub nativego: String,
    pub host: HostSummary,
    /// The `go` a new terminal runs.
    pub go: Option<InstallSummary>,
    pub installs: Vec<InstallSummary>,
    /// Effective Go settings with their origins.
    pub env: BTreeMap<String, EnvValue>,
    /// Go settings a startup file sets from something NativeGo could not evaluate, with
    /// that line: their value is unknown (never Go's default).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env_unknown: BTreeMap<String, Origin>,
    /// The login PATH, each entry with its origin.
    pub path: Vec<PathSummary>,
    pub tools: Vec<ToolSummary>,
    /// Every check with its outcome on this machine.
    pub checks: Vec<CheckStatus>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// How `nativego watch` and the app are watching for changes (absent from one-off
    /// diagnoses).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub watch: Option<crate::watch::plan::WatchStatus>,
    /// The user's suppressions (`nativego ignore`), each with the findings it covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<SuppressionStatus>,
    /// Why the settings file could not be used (nothing is ignored then).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub config_error: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HostSummary {
    pub os: Os,
    pub os_version: Option<String>,
    /// The hardware architecture.
    pub arch: Arch,
    /// NativeGo itself runs under Rosetta.
    pub translated: Applicable<bool>,
    pub rosetta_installed: Applicable<bool>,
    pub developer_tools: Applicable<DeveloperTools>,
    pub homebrew: Vec<HomebrewPrefix>,
    pub home: Option<String>,
    pub shell: Option<String>,
    pub shell_kind: Option<ShellKind>,
    /// How the login environment was learnt.
    pub login_method: Option<LoginMethod>,
    /// What became of the login shell's trace, when the shell ran: `used` (origins come
    /// from it first), `missing` or `cut` (origins come from the static evaluation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub login_trace: Option<TraceState>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InstallSummary {
    pub path: String,
    pub resolved: Option<String>,
    pub version: Option<String>,
    /// The architecture that runs on this machine: the native slice if there is one.
    pub arch: Option<Arch>,
    /// Every architecture in the binary.
    pub arches: Vec<Arch>,
    pub goroot: Option<String>,
    /// First line of `$GOROOT/VERSION`.
    pub version_file: Option<String>,
    pub source: GoSource,
    /// Position on the login PATH (0 = first), if it is on PATH.
    pub path_index: Option<usize>,
    /// Why the binary could not be read, if it could not.
    pub error: Option<String>,
    /// When `path` is a version manager's shim: what it runs, and why (`resolved`,
    /// `version` and `arches` are then that Go's).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub shim: Option<crate::facts::Shim>,
    /// Mach-O only: whether every slice has an `LC_UUID` load command (`null` for ELF or
    /// an unreadable binary).
    pub uuid: Option<bool>,
    /// Mach-O only: the minimum macOS of the slice that runs here (`LC_BUILD_VERSION`).
    pub min_macos: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EnvValue {
    pub value: String,
    pub origin: Origin,
    /// Other places that set it but lose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<OverriddenValue>,
    /// For a value from the login environment: whether the login shell's trace or the
    /// static evaluation found its origin, and whether they disagree (only when the login
    /// shell ran).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub attribution: Option<Attribution>,
}

/// One entry of the login PATH.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PathSummary {
    pub dir: String,
    pub origin: Origin,
    /// Whether the login shell's trace or the static evaluation found the origin, and
    /// whether they disagree (only when the login shell ran).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub attribution: Option<Attribution>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OverriddenValue {
    pub value: String,
    pub origin: Origin,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ToolSummary {
    pub path: String,
    pub name: String,
    pub arches: Vec<Arch>,
    pub go_version: Option<String>,
    /// The main package path (`golang.org/x/tools/gopls`).
    pub package: Option<String>,
    /// The main module and its version.
    pub module: Option<String>,
    pub version: Option<String>,
    pub error: Option<String>,
    /// The container: `mach-o`, `fat`, `fat64` (universal Mach-O) or `elf`; `null` when the
    /// file could not be read.
    pub format: Option<crate::binary::BinaryFormat>,
    /// The OS it is built for, as `GOOS` spells it (`darwin`, `linux`); `null` when unknown.
    pub os: Option<String>,
    /// Where `os` comes from: `go-build-info`, `mach-o` or `elf-os-abi`.
    pub os_from: Option<crate::binary::OsSource>,
    /// The build settings that say how it was built, from Go build info: `GOOS`,
    /// `GOARCH`, `CGO_ENABLED`, `-buildmode`, `vcs`, `vcs.revision`, `vcs.time`,
    /// `vcs.modified` (those present).
    pub settings: BTreeMap<String, String>,
    /// Mach-O only: whether every slice has an `LC_UUID` load command (`null` for ELF or
    /// an unreadable binary).
    pub uuid: Option<bool>,
    /// Mach-O only: the minimum macOS of the slice that runs here (`LC_BUILD_VERSION`).
    pub min_macos: Option<String>,
}

/// The build settings a tool summary carries.
pub const TOOL_SETTINGS: [&str; 8] = [
    "GOOS",
    "GOARCH",
    "CGO_ENABLED",
    "-buildmode",
    "vcs",
    "vcs.revision",
    "vcs.time",
    "vcs.modified",
];

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CheckStatus {
    pub id: &'static str,
    pub area: Area,
    pub status: Status,
    /// The worst severity among its findings, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub severity: Option<Severity>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Passed,
    Failed,
    /// The check does not apply to this OS (Rosetta on Linux).
    NotApplicable,
    /// Left out of this run (`--only`, `--skip`).
    Skipped,
}

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings the user ignores (not in the counts above).
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(test, ts(as = "Option<usize>", optional))]
    pub ignored: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A suppression from the settings file and how many findings it covers now (0: stale,
/// the problem it was for is gone).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SuppressionStatus {
    #[serde(flatten)]
    pub suppression: crate::config::Suppression,
    pub findings: usize,
}

/// Run every check that applies and build the report.
pub fn build(facts: &Facts) -> Report {
    build_selected(facts, &Selection::all())
}

/// [`build`] with only the checks `selection` includes; the others are `skipped`.
pub fn build_selected(facts: &Facts, selection: &Selection) -> Report {
    let os = facts.machine.os;
    let mut findings = Vec::new();
    let mut checks = Vec::new();
    for check in CHECKS {
        if !selection.runs(check) {
            checks.push(CheckStatus {
                id: check.id,
                area: check.area,
                status: Status::Skipped,
                severity: None,
            });
            continue;
        }
        if !check.applies(os) {
            checks.push(CheckStatus {
                id: check.id,
                area: check.area,
                status: Status::NotApplicable,
                severity: None,
            });
            continue;
        }
        let mut found = Vec::new();
        (check.run)(facts, &mut found);
        let severity = found.iter().map(|f| f.severity).max();
        if !found.is_empty() {
            let links = crate::references::links(check.doc);
            for f in &mut found {
                f.references = links.clone();
            }
        }
        checks.push(CheckStatus {
            id: check.id,
            area: check.area,
            status: if severity.is_some() {
                Status::Failed
            } else {
                Status::Passed
            },
            severity,
        });
        findings.extend(found);
    }
    // Worst first; the catalogue order breaks ties, so the order is deterministic.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    crate::finding::assign_keys(&mut findings);
    let matched = crate::selection::apply_suppressions(&facts.config.ignore, &mut findings);
    let suppressions = facts
        .config
        .ignore
        .iter()
        .zip(matched)
        .map(|(s, findings)| SuppressionStatus {
            suppression: s.clone(),
            findings,
        })
        .collect();
    let summary = Summary {
        errors: count(&findings, Severity::Error),
        warnings: count(&findings, Severity::Warning),
        infos: count(&findings, Severity::Info),
        ignored: findings.iter().filter(|f| f.ignored).count(),
    };
    let hw = facts.machine.hw_arch;
    Report {
        schema: SCHEMA,
        nativego: env!("CARGO_PKG_VERSION").to_string(),
        host: HostSummary {
            os,
            os_version: facts.machine.os_version.clone(),
            arch: hw,
            translated: facts.machine.translated.clone(),
            rosetta_installed: facts.machine.rosetta_installed.clone(),
            developer_tools: facts.machine.developer_tools.clone(),
            homebrew: facts.machine.homebrew.clone(),
            home: facts.home.as_ref().map(|h| h.display().to_string()),
            shell: facts.login.shell.as_ref().map(|s| s.display().to_string()),
            shell_kind: facts.login.shell_kind,
            login_method: facts.login.method,
            login_trace: facts.login.trace,
        },
        go: facts.active().map(|i| install_summary(i, hw)),
        installs: facts
            .installs
            .iter()
            .map(|i| install_summary(i, hw))
            .collect(),
        env: facts
            .settings
            .iter()
            .map(|(k, s)| {
                (
                    k.clone(),
                    EnvValue {
                        value: s.value.clone(),
                        origin: s.origin.clone(),
                        overridden: s
                            .overridden
                            .iter()
                            .map(|(value, origin)| OverriddenValue {
                                value: value.clone(),
                                origin: origin.clone(),
                            })
                            .collect(),
                        attribution: facts
                            .login
                            .attributions
                            .get(k)
                            .filter(|_| facts.login.origins.get(k) == Some(&s.origin))
                            .cloned(),
                    },
                )
            })
            .collect(),
        env_unknown: facts.unknown_settings.clone(),
        path: facts
            .login
            .path
            .iter()
            .map(|e| PathSummary {
                dir: e.dir.clone(),
                origin: e.origin.clone(),
                attribution: facts.login.path_attributions.get(&e.dir).cloned(),
            })
            .collect(),
        tools: facts
            .tools
            .iter()
            .map(|t| {
                let build = t.binary.as_ref().ok().and_then(BinaryInfo::build);
                ToolSummary {
                    path: t.path.display().to_string(),
                    name: t.name.clone(),
                    arches: t.binary.as_ref().map(|b| b.arches()).unwrap_or_default(),
                    go_version: build.map(|b| b.go_version.clone()),
                    package: build.and_then(|b| b.path.clone()),
                    module: build.and_then(|b| b.main.as_ref().map(|m| m.path.clone())),
                    version: build.and_then(|b| b.main.as_ref().map(|m| m.version.clone())),
                    error: t.binary.as_ref().err().cloned(),
                    format: t.binary.as_ref().ok().map(|b| b.format),
                    os: t.os.as_ref().map(|o| o.goos.clone()),
                    os_from: t.os.as_ref().map(|o| o.from),
                    settings: build
                        .map(|b| {
                            b.settings
                                .iter()
                                .filter(|(k, _)| TOOL_SETTINGS.contains(&k.as_str()))
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                    uuid: t.binary.as_ref().ok().and_then(BinaryInfo::has_uuid),
                    min_macos: min_macos(t.binary.as_ref().ok(), hw),
                }
            })
            .collect(),
        checks,
        findings,
        summary,
        watch: None,
        suppressions,
        config_error: facts.config_error.clone(),
    }
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == severity && !f.ignored)
        .count()
}

/// The install as the report shows it.
pub fn install_summary(i: &GoInstall, hw: Arch) -> InstallSummary {
    let arches = i.arches();
    let arch = arches
        .iter()
        .copied()
        .find(|a| a.is_native_on(hw))
        .or_else(|| arches.first().copied());
    InstallSummary {
        path: i.path.display().to_string(),
        resolved: i.resolved.as_ref().map(|p| p.display().to_string()),
        version: i.version().map(str::to_string),
        arch,
        arches,
        goroot: i.goroot.as_ref().map(|p| p.display().to_string()),
        version_file: i.version_file.clone(),
        source: i.source.clone(),
        path_index: i.path_index,
        error: i.binary.as_ref().err().cloned(),
        shim: i.shim.clone(),
        uuid: i.binary.as_ref().ok().and_then(BinaryInfo::has_uuid),
        min_macos: min_macos(i.binary.as_ref().ok(), hw),
    }
}

/// The minimum macOS of the slice that runs on `hw` (Mach-O only).
fn min_macos(binary: Option<&BinaryInfo>, hw: Arch) -> Option<String> {
    binary?.slice_for(hw)?.min_os.clone()
}

impl Report {
    /// The report as JSON without what differs between two diagnoses of a machine whose
    /// state the user sees is unchanged (the watch's generation and time, and how many
    /// OS watches it holds, which grows when a watched folder appears): equal contents
    /// mean nothing changed.
    pub fn content(&self) -> serde_json::Value {
        let mut json = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(watch) = json.get_mut("watch").and_then(|w| w.as_object_mut()) {
            watch.remove("generation");
            watch.remove("checked_at");
            watch.remove("native");
        }
        json
    }

    /// The worst severity among the findings.
    pub fn worst(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| !f.ignored)
            .map(|f| f.severity)
            .max()
    }

    /// The findings of the checks in `area`, and whether any check there applies at all
    /// (`None` when the area has no check that applies to this OS).
    /// How many checks ran, of all there are (skipped ones did not).
    pub fn ran(&self) -> (usize, usize) {
        let skipped = self
            .checks
            .iter()
            .filter(|c| c.status == Status::Skipped)
            .count();
        (self.checks.len() - skipped, self.checks.len())
    }

    /// Every check of `area` was left out of this run.
    pub fn area_skipped(&self, area: Area) -> bool {
        let mut of_area = self.checks.iter().filter(|c| c.area == area).peekable();
        of_area.peek().is_some() && of_area.all(|c| c.status == Status::Skipped)
    }

    pub fn area_findings(&self, area: Area) -> Option<Vec<&Finding>> {
        let ids: Vec<&str> = self
            .checks
            .iter()
            .filter(|c| c.area == area && matches!(c.status, Status::Passed | Status::Failed))
            .map(|c| c.id)
            .collect();
        if ids.is_empty() {
            return None;
        }
        Some(
            self.findings
                .iter()
                .filter(|f| !f.ignored && ids.contains(&f.check.as_str()))
                .collect(),
        )
    }
}
