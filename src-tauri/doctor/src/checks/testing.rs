//! Test support: a fluent builder for `Facts` so each check's tests are a few lines.
//!
//! `FactsBuilder::mac_arm64()` starts from an Apple-silicon Mac with nothing Go-related on
//! it (system PATH from `/etc/paths`, Rosetta and the Command Line Tools installed);
//! [`clean_mac`] adds an official arm64 Go, `~/go/bin` on PATH and a native tool. `build()`
//! fills the Go settings the probe always reports (defaults included) the way the probe does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::binary::Arch;
use crate::binary::{BinaryFormat, BinaryInfo, BuildInfo, Module, Slice};
use crate::facts::{
    Applicable, DeveloperTools, Facts, GoInstall, GoSetting, GoSource, LoginEnv, LoginMethod,
    MachineFacts, Origin, Os, PathEntry, ProbeProblem, ShellKind, Tool,
};
use crate::finding::Finding;

use super::{Check, CHECKS};

/// A `StartupFile` origin.
pub fn rc(path: &str, line: u32) -> Origin {
    Origin::StartupFile {
        path: path.into(),
        line,
    }
}

/// A `GoEnvFile` origin in the macOS user go env file of `/Users/dev`.
pub fn go_env_file(line: u32) -> Origin {
    Origin::GoEnvFile {
        path: "/Users/dev/Library/Application Support/go/env".into(),
        line,
    }
}

/// A `PathHelper` origin.
pub fn paths_d(path: &str, line: u32) -> Origin {
    Origin::PathHelper {
        path: path.into(),
        line,
    }
}

fn go_settings(arch: Arch, os: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("GOARCH".to_string(), arch.goarch().to_string()),
        ("GOOS".to_string(), os.to_string()),
        ("CGO_ENABLED".to_string(), "1".to_string()),
    ])
}

/// A Mach-O (universal when several arches) Go binary with build info in every slice.
pub fn bin(arches: &[Arch], go_version: &str) -> BinaryInfo {
    binary_with(arches, go_version, "darwin", Some("cmd/go"), None)
}

/// An ELF Go binary.
pub fn elf(arch: Arch, go_version: &str) -> BinaryInfo {
    let mut b = binary_with(&[arch], go_version, "linux", Some("cmd/go"), None);
    b.format = BinaryFormat::Elf;
    b
}

/// A tool binary built by `go install module@version`.
pub fn tool_bin(arches: &[Arch], go_version: &str, module: &str, version: &str) -> BinaryInfo {
    binary_with(
        arches,
        go_version,
        "darwin",
        Some(module),
        Some(Module {
            path: module.into(),
            version: version.into(),
            sum: None,
        }),
    )
}

fn binary_with(
    arches: &[Arch],
    go_version: &str,
    os: &str,
    path: Option<&str>,
    main: Option<Module>,
) -> BinaryInfo {
    BinaryInfo {
        format: if arches.len() > 1 {
            BinaryFormat::Fat
        } else {
            BinaryFormat::MachO
        },
        slices: arches
            .iter()
            .map(|&arch| Slice {
                arch,
                offset: 0,
                size: 0,
                min_os: None,
                uuid: Some(true),
                build_version: None,
                build: Some(BuildInfo {
                    go_version: go_version.into(),
                    path: path.map(str::to_string),
                    main: main.clone(),
                    settings: go_settings(arch, os),
                }),
            })
            .collect(),
    }
}

/// One Go installation under construction.
#[derive(Clone, Debug)]
pub struct InstallBuilder(pub GoInstall);

impl InstallBuilder {
    /// A `go` at `path` with GOROOT `goroot`, `VERSION` = `version` and a binary of `arches`.
    pub fn at(path: &str, goroot: &str, version: &str, arches: &[Arch], source: GoSource) -> Self {
        InstallBuilder(GoInstall {
            path: path.into(),
            resolved: Some(PathBuf::from(goroot).join("bin/go")),
            goroot: Some(goroot.into()),
            version_file: Some(version.into()),
            binary: Ok(bin(arches, version)),
            source,
            path_index: None,
            problems: Vec::new(),
            script: None,
            shim: None,
            aliases: Vec::new(),
            toolchain_programs: Vec::new(),
        })
    }

    /// asdf's shim `~/.asdf/shims/go` running its arm64 go1.22.0 (no `Shim` facts: add
    /// them where the test needs them).
    pub fn asdf_shim() -> Self {
        InstallBuilder::at(
            "/Users/dev/.asdf/shims/go",
            "/Users/dev/.asdf/installs/golang/1.22.0/go",
            "go1.22.0",
            &[Arch::Arm64],
            GoSource::VersionManager {
                name: "asdf".into(),
            },
        )
    }

    /// The official installer's `/usr/local/go`.
    pub fn official(version: &str, arch: Arch) -> Self {
        Self::at(
            "/usr/local/go/bin/go",
            "/usr/local/go",
            version,
            &[arch],
            GoSource::Official,
        )
    }

    /// Homebrew's `go` in `/opt/homebrew`, arm64.
    pub fn homebrew(version: &str) -> Self {
        let v = version.trim_start_matches("go");
        Self::at(
            "/opt/homebrew/bin/go",
            &format!("/opt/homebrew/Cellar/go/{v}/libexec"),
            version,
            &[Arch::Arm64],
            GoSource::Homebrew {
                prefix: "/opt/homebrew".into(),
            },
        )
    }

    /// Intel Homebrew's `go` in `/usr/local`, x86_64.
    pub fn intel_homebrew(version: &str) -> Self {
        let v = version.trim_start_matches("go");
        Self::at(
            "/usr/local/bin/go",
            &format!("/usr/local/Cellar/go/{v}/libexec"),
            version,
            &[Arch::X86_64],
            GoSource::IntelHomebrew {
                prefix: "/usr/local".into(),
            },
        )
    }

    pub fn binary(mut self, binary: Result<BinaryInfo, String>) -> Self {
        self.0.binary = binary;
        self
    }

    /// One of the toolchain's `pkg/tool` programs (`darwin_arm64/compile`), as the probe
    /// reads them for the active install.
    pub fn toolchain_program(mut self, name: &str, binary: Result<BinaryInfo, String>) -> Self {
        let goroot = self.0.goroot.clone().unwrap_or_default();
        self.0.toolchain_programs.push(Tool {
            path: goroot.join("pkg/tool").join(name),
            name: name.into(),
            binary,
            os: None,
        });
        self
    }

    /// A link that cannot be followed (dangling or looping): the probe could not resolve
    /// it, so no binary either, and shells skip it.
    pub fn dangling(mut self, problem: &str) -> Self {
        self.0.problems.push(problem.into());
        self.0.resolved = None;
        self.0.binary = Err("No such file or directory (os error 2)".into());
        self
    }
}

/// `Facts` under construction.
pub struct FactsBuilder {
    facts: Facts,
    active: Option<Option<usize>>,
    tool_dirs_set: bool,
}

impl FactsBuilder {
    /// An Apple-silicon Mac on macOS 15.1 with zsh, Rosetta and the Command Line Tools, the
    /// system PATH from `/etc/paths`, and no Go.
    pub fn mac_arm64() -> Self {
        let system = [
            "/usr/local/bin",
            "/System/Cryptexes/App/usr/bin",
            "/usr/bin",
            "/bin",
            "/usr/sbin",
            "/sbin",
        ];
        let path = system
            .iter()
            .enumerate()
            .map(|(i, dir)| PathEntry {
                dir: dir.to_string(),
                origin: paths_d("/etc/paths", i as u32 + 1),
            })
            .collect();
        FactsBuilder {
            facts: Facts {
                machine: MachineFacts {
                    os: Os::Macos,
                    os_version: Some("15.1".into()),
                    hw_arch: Arch::Arm64,
                    translated: Applicable::Known(false),
                    rosetta_installed: Applicable::Known(true),
                    developer_tools: Applicable::Known(DeveloperTools {
                        path: Some("/Library/Developer/CommandLineTools".into()),
                        installed: true,
                        xcode: None,
                    }),
                    homebrew: Vec::new(),
                    processes: Vec::new(),
                    arch_preferences: Applicable::Known(Vec::new()),
                    uid: Some(501),
                },
                home: Some("/Users/dev".into()),
                login: LoginEnv {
                    shell: Some("/bin/zsh".into()),
                    shell_kind: Some(ShellKind::Zsh),
                    method: Some(LoginMethod::Shell),
                    path,
                    ..LoginEnv::default()
                },
                installs: Vec::new(),
                active: None,
                go_env_file: None,
                settings: BTreeMap::new(),
                unknown_settings: BTreeMap::new(),
                tool_dirs: Vec::new(),
                tools: Vec::new(),
                problems: Vec::new(),
                lines: BTreeMap::new(),
                config: Default::default(),
                config_error: None,
                config_path: None,
                cgo: Default::default(),
                go_dirs: Vec::new(),
                editor_settings: Vec::new(),
            },
            active: None,
            tool_dirs_set: false,
        }
    }

    /// A Linux x86_64 machine with bash and a C compiler, and no Go.
    pub fn linux_amd64() -> Self {
        let mut b = Self::mac_arm64();
        let m = &mut b.facts.machine;
        m.os = Os::Linux;
        m.os_version = Some("Debian GNU/Linux 12 (bookworm)".into());
        m.hw_arch = Arch::X86_64;
        m.translated = Applicable::NotApplicable;
        m.rosetta_installed = Applicable::NotApplicable;
        m.developer_tools = Applicable::Known(DeveloperTools {
            path: None,
            installed: true,
            xcode: None,
        });
        m.arch_preferences = Applicable::NotApplicable;
        b.facts.home = Some("/home/dev".into());
        b.facts.login.shell = Some("/bin/bash".into());
        b.facts.login.shell_kind = Some(ShellKind::Bash);
        b.facts.login.path = [
            "/usr/local/sbin",
            "/usr/local/bin",
            "/usr/sbin",
            "/usr/bin",
            "/sbin",
            "/bin",
        ]
        .iter()
        .map(|dir| PathEntry {
            dir: dir.to_string(),
            origin: Origin::Inherited,
        })
        .collect();
        b
    }

    pub fn home(mut self, home: Option<&str>) -> Self {
        self.facts.home = home.map(PathBuf::from);
        self
    }

    pub fn os_version(mut self, version: &str) -> Self {
        self.facts.machine.os_version = Some(version.into());
        self
    }

    /// Change machine facts directly.
    pub fn machine(mut self, f: impl FnOnce(&mut MachineFacts)) -> Self {
        f(&mut self.facts.machine);
        self
    }

    /// Change the cgo facts directly.
    pub fn cgo(mut self, f: impl FnOnce(&mut crate::facts::CgoFacts)) -> Self {
        f(&mut self.facts.cgo);
        self
    }

    /// Add a directory `go` writes to, owned by `owner`, of `size` bytes (a complete walk).
    pub fn go_dir(mut self, name: &str, path: &str, owner: u32, size: Option<u64>) -> Self {
        self.facts.go_dirs.push(crate::facts::GoDir {
            name: name.into(),
            path: path.into(),
            owner: Some(owner),
            size: size.map(|bytes| crate::facts::DirSize {
                bytes,
                entries: 1,
                complete: true,
            }),
        });
        self
    }

    /// Set a login-environment variable (not a Go setting) at `origin`.
    pub fn login_var(mut self, name: &str, value: &str, origin: Origin) -> Self {
        self.facts.login.vars.insert(name.into(), value.into());
        self.facts.login.origins.insert(name.into(), origin);
        self
    }

    /// Change the login environment directly.
    pub fn login(mut self, f: impl FnOnce(&mut LoginEnv)) -> Self {
        f(&mut self.facts.login);
        self
    }

    /// Append a login PATH entry.
    pub fn path_entry(mut self, dir: &str, origin: Origin) -> Self {
        self.facts.login.path.push(PathEntry {
            dir: dir.into(),
            origin,
        });
        self
    }

    /// Put a login PATH entry first.
    pub fn path_entry_first(mut self, dir: &str, origin: Origin) -> Self {
        self.facts.login.path.insert(
            0,
            PathEntry {
                dir: dir.into(),
                origin,
            },
        );
        for install in &mut self.facts.installs {
            if let Some(i) = install.path_index.as_mut() {
                *i += 1;
            }
        }
        self
    }

    /// An install that is not on PATH.
    pub fn install(mut self, install: InstallBuilder) -> Self {
        self.facts.installs.push(install.0);
        self
    }

    /// An install on PATH through the entry for its directory, appended with `origin` unless
    /// that directory is already on PATH.
    pub fn install_on_path(mut self, install: InstallBuilder, origin: Origin) -> Self {
        let mut install = install.0;
        let dir = super::install_dir(&install);
        let index = match super::path_position(&self.facts, &dir) {
            Some(i) => i,
            None => {
                self.facts.login.path.push(PathEntry { dir, origin });
                self.facts.login.path.len() - 1
            }
        };
        install.path_index = Some(index);
        self.facts.installs.push(install);
        self
    }

    /// Which install is active; by default the one with the lowest PATH index.
    pub fn active(mut self, index: Option<usize>) -> Self {
        self.active = Some(index);
        self
    }

    /// An effective Go setting.
    pub fn setting(self, name: &str, value: &str, origin: Origin) -> Self {
        self.setting_overridden(name, value, origin, Vec::new())
    }

    /// An effective Go setting that wins over others.
    pub fn setting_overridden(
        mut self,
        name: &str,
        value: &str,
        origin: Origin,
        overridden: Vec<(&str, Origin)>,
    ) -> Self {
        self.facts.settings.insert(
            name.into(),
            GoSetting {
                value: value.into(),
                origin,
                overridden: overridden
                    .into_iter()
                    .map(|(v, o)| (v.to_string(), o))
                    .collect(),
            },
        );
        self
    }

    /// A tool in the default tool directory (`$HOME/go/bin`).
    pub fn tool(self, name: &str, binary: BinaryInfo) -> Self {
        let home = self
            .facts
            .home
            .clone()
            .unwrap_or_else(|| PathBuf::from("/Users/dev"));
        let path = home.join("go/bin").join(name);
        self.tool_at(&path, Ok(binary))
    }

    /// A tool at `path`.
    pub fn tool_at(mut self, path: &Path, binary: Result<BinaryInfo, String>) -> Self {
        // The OS comes from the build info's GOOS, or Mach-O's darwin; an ELF file without
        // build info reads as one with ELFOSABI_NONE (Linux).
        let ident = vec![0u8; 16];
        let os = binary
            .as_ref()
            .ok()
            .and_then(|b| crate::binary::target_os(&ident, b));
        self.facts.tools.push(Tool {
            os,
            path: path.into(),
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            binary,
        });
        self
    }

    /// The tool directories that exist (default: the effective tool directory).
    pub fn tool_dirs(mut self, dirs: &[&str]) -> Self {
        self.facts.tool_dirs = dirs.iter().map(PathBuf::from).collect();
        self.tool_dirs_set = true;
        self
    }

    /// The text of a startup-file line (as the probe records it for origins).
    pub fn line(mut self, path: &str, line: u32, text: &str) -> Self {
        self.facts
            .lines
            .entry(path.into())
            .or_default()
            .insert(line, text.into());
        self
    }

    pub fn problem(mut self, what: &str, path: Option<&str>, detail: &str) -> Self {
        self.facts.problems.push(ProbeProblem {
            what: what.into(),
            path: path.map(PathBuf::from),
            detail: detail.into(),
        });
        self
    }

    /// The facts, with the active install and default settings filled in as the probe does.
    pub fn build(mut self) -> Facts {
        let f = &mut self.facts;
        f.active = match self.active {
            Some(a) => a,
            None => crate::facts::active_install(&f.installs),
        };
        let active = f.active.and_then(|i| f.installs.get(i)).cloned();
        let home = f
            .home
            .as_ref()
            .map(|h| super::path_text(h))
            .unwrap_or_default();
        let goos = match f.machine.os {
            Os::Macos => "darwin",
            _ => "linux",
        };
        let goarch = active
            .as_ref()
            .and_then(|g| g.arches().first().copied())
            .unwrap_or(f.machine.hw_arch)
            .goarch();
        let mut defaults: Vec<(&str, String, Origin)> = vec![
            ("GOPATH", format!("{home}/go"), Origin::Default),
            (
                "GOPROXY",
                "https://proxy.golang.org,direct".into(),
                Origin::Default,
            ),
            ("GOSUMDB", "sum.golang.org".into(), Origin::Default),
            ("GOARCH", goarch.into(), Origin::Default),
            ("GOOS", goos.into(), Origin::Default),
            ("CGO_ENABLED", "1".into(), Origin::Default),
            ("CGO_CFLAGS", "-O2 -g".into(), Origin::Default),
            ("CGO_LDFLAGS", "-O2 -g".into(), Origin::Default),
            ("CC", "clang".into(), Origin::Default),
            ("GO111MODULE", String::new(), Origin::Default),
            (
                "GOENV",
                format!("{home}/Library/Application Support/go/env"),
                Origin::Default,
            ),
        ];
        if let Some(goroot) = active.as_ref().and_then(|g| g.goroot.clone()) {
            defaults.push(("GOROOT", super::path_text(&goroot), Origin::Default));
            defaults.push((
                "GOTOOLCHAIN",
                "auto".into(),
                Origin::GorootGoEnv {
                    path: goroot.join("go.env"),
                    line: 12,
                },
            ));
        }
        for (name, value, origin) in defaults {
            f.settings.entry(name.into()).or_insert(GoSetting {
                value,
                origin,
                overridden: Vec::new(),
            });
        }
        if !self.tool_dirs_set {
            let dir = match f.settings.get("GOBIN").filter(|s| !s.value.is_empty()) {
                Some(gobin) => gobin.value.clone(),
                None => {
                    let gopath = &f.settings["GOPATH"].value;
                    format!("{}/bin", gopath.split(':').next().unwrap_or_default())
                }
            };
            f.tool_dirs = vec![dir.into()];
        }
        self.facts
    }
}

/// The clean native machine: an Apple-silicon Mac with the official go1.27.3 arm64 on PATH
/// through `/etc/paths.d/go`, default settings, `~/go/bin` on PATH from `~/.zshrc`, a native
/// `gopls`, Rosetta and the Command Line Tools installed.
pub fn clean_mac() -> FactsBuilder {
    FactsBuilder::mac_arm64()
        .install_on_path(
            InstallBuilder::official("go1.27.3", Arch::Arm64),
            paths_d("/etc/paths.d/go", 1),
        )
        .path_entry("/Users/dev/go/bin", rc("/Users/dev/.zshrc", 3))
        .tool(
            "gopls",
            tool_bin(
                &[Arch::Arm64],
                "go1.27.3",
                "golang.org/x/tools/gopls",
                "v0.20.0",
            ),
        )
}

/// The clean Linux machine: go1.27.3 amd64 in `/usr/local/go`, `~/go/bin` on PATH.
pub fn clean_linux() -> FactsBuilder {
    FactsBuilder::linux_amd64()
        .install_on_path(
            InstallBuilder::official("go1.27.3", Arch::X86_64)
                .binary(Ok(elf(Arch::X86_64, "go1.27.3"))),
            rc("/home/dev/.bashrc", 10),
        )
        .path_entry("/home/dev/go/bin", rc("/home/dev/.bashrc", 11))
}

/// Run one check.
pub fn findings(check: &Check, facts: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    (check.run)(facts, &mut out);
    for f in &out {
        assert_eq!(f.check, check.id, "finding attributed to the wrong check");
        assert!(
            f.severity <= check.severity,
            "{} reported {} above its declared {}",
            check.id,
            f.severity,
            check.severity
        );
        assert!(
            !f.title.ends_with('.'),
            "title ends with a full stop: {}",
            f.title
        );
        assert!(
            !f.title.contains('\n'),
            "title has several lines: {}",
            f.title
        );
    }
    out
}

/// Run every check that applies to the machine's OS.
pub fn run_all(facts: &Facts) -> Vec<Finding> {
    CHECKS
        .iter()
        .filter(|c| c.applies(facts.machine.os))
        .flat_map(|c| findings(c, facts))
        .collect()
}
