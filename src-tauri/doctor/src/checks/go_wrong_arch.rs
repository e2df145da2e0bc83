//! `go-wrong-arch`: the active `go` is built for another architecture than the hardware.

use crate::facts::{Facts, GoSource, Os};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{
    arch_list, hw_name, path_entry_evidence, path_text, version_label, Area, Check, ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether the `go` a new terminal runs has a slice native to the hardware: arm64 (or arm64e) on Apple silicon, the CPU's own architecture elsewhere.
NativeGo reads the Mach-O or ELF header of the binary and its Go build info; it never runs `go`.
The finding names where the binary came from: the amd64 `.pkg` from go.dev, an Intel Homebrew under `/usr/local`, or a version manager that downloaded the wrong build.

## Why it hurts
On an Apple-silicon Mac an x86_64 `go` runs under Rosetta: it builds amd64 programs by default, uses `pkg/tool/darwin_amd64`, and every tool it installs is x86_64 too.
Users "can go on quite a while not realizing that they're running the Go toolchain under emulation" (golang/go#59010).
A `golang.org/toolchain@v0.0.1-go1.X.Y.darwin-amd64` directory in the module cache on an arm64 Mac shows the same thing: an x86_64 `go` switched toolchains with GOTOOLCHAIN and fetched the amd64 build (the finding lists such directories by name, at most five).
Symptoms include `go version go1.18beta1 darwin/amd64` on an M1 (golang/go#51464), Delve's `could not launch process: can not run under Rosetta, check that the installed build of Go is right for your CPU architecture` (golang/vscode-go#3466), and cgo linking errors such as `building for macOS-x86_64 but attempting to link with file built for macOS-arm64` (go-vgo/robotgo#435).
Rosetta itself is being retired: Apple keeps it as a general-purpose tool "through macOS 27", then only "a subset of Rosetta functionality aimed at supporting older unmaintained gaming titles" (WWDC25). The finding says so by the macOS version: a dated note before 27, "stops working with the next major release" on 27, and on 28 and later that only an arm64 Go fixes it.
On Linux a foreign-architecture `go` does not run at all without emulation.

## How to fix
- Official installer: `sudo rm -rf /usr/local/go /etc/paths.d/go`, then install the `darwin-arm64` package from https://go.dev/dl/.
- Intel Homebrew: install Homebrew in `/opt/homebrew` and `brew install go` there, then remove the Intel one's Go with `arch -x86_64 /usr/local/bin/brew uninstall go`.
- Version managers: reinstall the manager natively, then reinstall its Go versions.
- Afterwards rebuild the tools in `~/go/bin` so they are arm64 too (`tools-wrong-arch` gives the `go install` commands Go accepts).

## References
- golang/go#59010, golang/go#51464, golang/go#52487 (amd64 installer on arm64)
- Homebrew/homebrew-core#80706 (Intel Homebrew installing amd64 Go)
- moovweb/gvm#417, voidint/g#158 (version managers)
- https://go.dev/dl/
"#;

pub static CHECK: Check = Check {
    id: "go-wrong-arch",
    area: Area::Toolchain,
    severity: Severity::Error,
    applies_to: ALL_OS,
    summary: "The active `go` is not built for this CPU",
    doc: DOC,
    run,
};

/// Whether the active `go` has slices and none runs natively.
pub(super) fn is_foreign(facts: &Facts) -> bool {
    facts
        .active()
        .and_then(|go| go.binary.as_ref().ok())
        .is_some_and(|b| !b.slices.is_empty() && !b.runs_natively_on(facts.machine.hw_arch))
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(go) = facts.active() else { return };
    let Ok(binary) = &go.binary else { return };
    if binary.slices.is_empty() || binary.runs_natively_on(facts.machine.hw_arch) {
        return;
    }
    let arches = arch_list(&binary.arches());
    let hw = hw_name(facts);
    let version = version_label(go);
    let source = go.source.label();
    let title = format!(
        "{version} in {} is built for {arches}, not {hw}",
        path_text(&go.path)
    );
    let consequence = match facts.machine.os {
        Os::Macos => match super::rosetta_sunset::of(facts) {
            sunset @ super::rosetta_sunset::Sunset::Retired => format!(
                "It is built to run under Rosetta, building {arches} programs and installing {arches} tools. {}",
                sunset.note()
            ),
            sunset => format!(
                "It runs under Rosetta, so it builds {arches} programs by default, installs {arches} tools, and Delve refuses to debug with \"can not run under Rosetta\". {}",
                sunset.note()
            ),
        },
        _ => format!("It cannot run on this {hw} machine without emulation."),
    };
    let mut finding = CHECK.finding(
        Severity::Error,
        title,
        format!("The active `go` ({source}) has no {hw} slice. {consequence}"),
    );
    let mut note = format!("{} binary: {arches}", format_name(binary.format));
    if let Some(goarch) = binary.build().and_then(|b| b.settings.get("GOARCH")) {
        note.push_str(&format!(", build info GOARCH={goarch}"));
    }
    finding
        .evidence
        .push(Evidence::at(&go.path, None, format!("{note} ({source})")));
    if let Some(index) = go.path_index {
        finding.evidence.push(path_entry_evidence(
            facts,
            index,
            format!("PATH entry `{}` provides it", facts.login.path[index].dir),
        ));
    }
    finding.evidence.extend(wrong_arch_toolchains(facts));
    finding.hint = Some(hint(facts, go, &version));
    finding.fixes = fixes(facts, go);
    out.push(finding);
}

/// At most this many fetched toolchains are named one by one.
const MAX_TOOLCHAINS: usize = 5;

/// Toolchains GOTOOLCHAIN fetched into the module cache for another architecture than the
/// hardware (`golang.org/toolchain@v0.0.1-go1.X.Y.darwin-amd64` on an arm64 Mac): an x86_64
/// `go` switched to them. By directory name only, bounded.
fn wrong_arch_toolchains(facts: &Facts) -> Vec<Evidence> {
    let goos = super::host_goos(facts);
    let native = format!(".{goos}-{}", facts.machine.hw_arch.goarch());
    let mut dirs: Vec<&std::path::Path> = facts
        .installs
        .iter()
        .filter(|i| i.source == GoSource::Toolchain)
        .filter_map(|i| i.path.parent()?.parent())
        .filter(|dir| {
            dir.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with("toolchain@")
                    && n.contains(&format!(".{goos}-"))
                    && !n.ends_with(&native)
            })
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut out: Vec<Evidence> = dirs
        .iter()
        .take(MAX_TOOLCHAINS)
        .map(|dir| {
            Evidence::at(
                dir,
                None,
                "a toolchain GOTOOLCHAIN fetched for another architecture: an x86_64 `go` switched to it",
            )
        })
        .collect();
    if dirs.len() > MAX_TOOLCHAINS {
        out.push(Evidence::note(format!(
            "and {} more such toolchains in the module cache",
            dirs.len() - MAX_TOOLCHAINS
        )));
    }
    out
}

/// Switch to a native Go already on the machine, or install one (with the native Homebrew
/// when there is one, else from go.dev); then, by hand, remove the foreign one.
fn fixes(facts: &Facts, go: &crate::facts::GoInstall) -> Vec<Fix> {
    let mut fixes: Vec<Fix> = Vec::new();
    let active = super::install_identity(go);
    let mut seen = vec![active];
    for (index, install) in facts.installs.iter().enumerate() {
        let identity = super::install_identity(install);
        if seen.contains(&identity) || !super::good_candidate(facts, index) {
            continue;
        }
        seen.push(identity);
        let base = format!("go-wrong-arch:use-{}", super::source_slug(&install.source));
        let mut id = base.clone();
        let mut n = 2;
        while fixes.iter().any(|f| f.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        fixes.extend(super::prefer_install_fix(
            facts,
            &id,
            install,
            Applicability::Unsafe,
        ));
    }
    if fixes.is_empty() {
        let id = "go-wrong-arch:install-native-go";
        let brew = super::native_homebrew(facts).filter(|_| facts.machine.os == Os::Macos);
        let installed = brew.and_then(|brew| {
            let prefix = path_text(&brew.prefix);
            let prefix = prefix.trim_end_matches('/');
            let mut fix = super::prefer_dir_fix(
                facts,
                id,
                &format!("{prefix}/bin"),
                Some(&format!("{prefix}/opt/go/libexec")),
                Applicability::Unsafe,
            )?;
            fix.title = format!("Install Go with `{prefix}/bin/brew install go`; {}", {
                let mut t = fix.title.clone();
                t[..1].make_ascii_lowercase();
                t
            });
            fix.actions.push(super::action(
                &format!("{prefix}/bin/brew"),
                &["install", "go"],
                900,
            ));
            Some(fix)
        });
        fixes.push(installed.unwrap_or_else(|| super::install_go_fix(facts, id)));
    }
    // A version manager's Go built for another architecture: the manager ran under
    // Rosetta when it installed it; reinstalling from a native terminal fetches the right one.
    if let Some((m, v)) = super::manager_version(go) {
        let command = crate::probe::managers::reinstall_command(m, &v);
        fixes.insert(
            0,
            Fix::manual(
                format!("go-wrong-arch:reinstall-{m}"),
                format!("Reinstall Go {v} with {m} from a native terminal"),
                format!("In a terminal that does not run under Rosetta, run `{command}`, then open a new terminal."),
                Some(command),
            ),
        );
    }
    let id = format!("go-wrong-arch:remove-{}", super::source_slug(&go.source));
    fixes.extend(super::remove_install_fix(facts, &id, go));
    fixes
}

fn format_name(format: crate::binary::BinaryFormat) -> &'static str {
    use crate::binary::BinaryFormat;
    match format {
        BinaryFormat::MachO => "Mach-O",
        BinaryFormat::Fat | BinaryFormat::Fat64 => "universal Mach-O",
        BinaryFormat::Elf => "ELF",
    }
}

fn hint(facts: &Facts, go: &crate::facts::GoInstall, version: &str) -> String {
    let source = &go.source;
    let goos = super::host_goos(facts);
    let goarch = facts.machine.hw_arch.goarch();
    let pkg = if facts.machine.os == Os::Macos {
        "package"
    } else {
        "archive"
    };
    let tools = "then rebuild the tools in `~/go/bin` with it (`tools-wrong-arch` gives the `go install` command of each tool Go can rebuild)";
    match source {
        GoSource::Official => format!(
            "Remove it with `sudo rm -rf /usr/local/go{}`, install the `{goos}-{goarch}` {pkg} of {version} from https://go.dev/dl/, {tools}",
            if facts.machine.os == Os::Macos { " /etc/paths.d/go" } else { "" }
        ),
        GoSource::IntelHomebrew { prefix } => format!(
            "Install Homebrew in `/opt/homebrew` and run `brew install go` there, remove the Intel one's Go with `arch -x86_64 {}/bin/brew uninstall go`, {tools}",
            path_text(prefix)
        ),
        GoSource::Homebrew { .. } => format!(
            "Reinstall Go with a native Homebrew (`brew reinstall go` from a terminal that is not running under Rosetta), {tools}"
        ),
        GoSource::VersionManager { name } => match super::manager_version(go) {
            Some((m, v)) => format!(
                "From a terminal that does not run under Rosetta, reinstall it with {name}: `{}`, {tools}",
                crate::probe::managers::reinstall_command(m, &v)
            ),
            None => format!("Reinstall {name} for {goarch}, then reinstall its Go versions, {tools}"),
        },
        _ => format!("Install the `{goos}-{goarch}` {pkg} from https://go.dev/dl/ and put it first on PATH, {tools}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    #[test]
    fn fixes_switch_to_a_native_go_or_install_one() {
        let intel_first = || {
            FactsBuilder::mac_arm64()
                .install_on_path(InstallBuilder::intel_homebrew("go1.27.1"), rc("/x", 1))
                .machine(|m| {
                    m.homebrew = vec![
                        crate::facts::HomebrewPrefix {
                            prefix: "/usr/local".into(),
                            arch: Some(Arch::X86_64),
                        },
                        crate::facts::HomebrewPrefix {
                            prefix: "/opt/homebrew".into(),
                            arch: Some(Arch::Arm64),
                        },
                    ]
                })
        };
        // A native Go is installed, off PATH: use it.
        let facts = intel_first()
            .install(InstallBuilder::official("go1.27.3", Arch::Arm64))
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes[0].id, "go-wrong-arch:use-official");
        assert_eq!(fixes[0].applicability, Applicability::Unsafe);
        assert_eq!(fixes[1].id, "go-wrong-arch:remove-intel-homebrew");
        assert_eq!(
            fixes[1].command.as_deref(),
            Some("arch -x86_64 /usr/local/bin/brew uninstall go")
        );
        // None: the native Homebrew installs one, and its bin goes first.
        let fixes = &findings(&CHECK, &intel_first().build())[0].fixes;
        assert_eq!(fixes[0].id, "go-wrong-arch:install-native-go");
        assert_eq!(
            fixes[0].title,
            "Install Go with `/opt/homebrew/bin/brew install go`; put `/opt/homebrew/bin` first on PATH in ~/.zshrc"
        );
        assert_eq!(
            fixes[0].actions[0].command_line(),
            "/opt/homebrew/bin/brew install go"
        );
        assert_eq!(fixes[0].edits.len(), 1);
        // No native Homebrew: go.dev, by hand.
        let facts = intel_first().machine(|m| m.homebrew.truncate(1)).build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes[0].id, "go-wrong-arch:install-native-go");
        assert_eq!(fixes[0].applicability, Applicability::Manual);
        assert!(fixes[0]
            .instructions
            .as_deref()
            .unwrap()
            .contains("https://go.dev/dl/"));
    }

    #[test]
    fn fires_for_amd64_pkg_on_arm64() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::X86_64),
                paths_d("/etc/paths.d/go", 1),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].title,
            "go1.27.3 in /usr/local/go/bin/go is built for x86_64, not arm64"
        );
        assert!(f[0].message.contains("official installer"));
        assert!(f[0].hint.as_deref().unwrap().contains("/etc/paths.d/go"));
        assert_eq!(
            f[0].evidence[1].path.as_deref(),
            Some(std::path::Path::new("/etc/paths.d/go"))
        );
    }

    #[test]
    fn the_message_follows_the_macos_version() {
        let message = |os: &str| {
            let facts = FactsBuilder::mac_arm64()
                .os_version(os)
                .install_on_path(
                    InstallBuilder::official("go1.27.3", Arch::X86_64),
                    paths_d("/etc/paths.d/go", 1),
                )
                .build();
            findings(&CHECK, &facts)[0].message.clone()
        };
        assert!(message("26.1").contains("only through macOS 27"));
        assert!(message("27.0").contains("stops working with the next major release"));
        let retired = message("28.0");
        assert!(retired.contains("It is built to run under Rosetta"));
        assert!(retired.contains("only arm64 builds fix it"));
    }

    #[test]
    fn names_toolchains_fetched_for_another_arch() {
        let cache = "/Users/dev/go/pkg/mod/golang.org";
        let mut facts = FactsBuilder::mac_arm64().install_on_path(
            InstallBuilder::official("go1.26.4", Arch::X86_64),
            paths_d("/etc/paths.d/go", 1),
        );
        for v in ["1.27.3", "1.27.0", "1.26.9", "1.26.8", "1.26.7", "1.26.6"] {
            let dir = format!("{cache}/toolchain@v0.0.1-go{v}.darwin-amd64");
            facts = facts.install(InstallBuilder::at(
                &format!("{dir}/bin/go"),
                &dir,
                &format!("go{v}"),
                &[Arch::X86_64],
                GoSource::Toolchain,
            ));
        }
        let native = format!("{cache}/toolchain@v0.0.1-go1.27.3.darwin-arm64");
        let facts = facts
            .install(InstallBuilder::at(
                &format!("{native}/bin/go"),
                &native,
                "go1.27.3",
                &[Arch::Arm64],
                GoSource::Toolchain,
            ))
            .build();
        let f = findings(&CHECK, &facts);
        let fetched: Vec<_> = f[0]
            .evidence
            .iter()
            .filter(|e| e.note.contains("GOTOOLCHAIN fetched"))
            .collect();
        assert_eq!(fetched.len(), MAX_TOOLCHAINS);
        assert_eq!(
            fetched[0].path.as_deref(),
            Some(std::path::Path::new(&format!(
                "{cache}/toolchain@v0.0.1-go1.26.6.darwin-amd64"
            )))
        );
        assert_eq!(
            f[0].evidence.last().unwrap().note,
            "and 1 more such toolchains in the module cache"
        );
        assert!(f[0].evidence.iter().all(|e| e
            .path
            .as_deref()
            .is_none_or(|p| !p.ends_with("toolchain@v0.0.1-go1.27.3.darwin-arm64"))));
    }

    #[test]
    fn fires_for_intel_homebrew() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::intel_homebrew("go1.26.4"),
                paths_d("/etc/paths", 1),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert!(f[0].message.contains("Intel Homebrew"));
        assert!(f[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("arch -x86_64 /usr/local/bin/brew"));
    }

    #[test]
    fn universal_binary_with_arm64_slice_is_fine() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::X86_64)
                    .binary(Ok(bin(&[Arch::X86_64, Arch::Arm64], "go1.27.3"))),
                paths_d("/etc/paths.d/go", 1),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }

    #[test]
    fn silent_on_native_machines_and_unreadable_binaries() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        assert!(findings(&CHECK, &clean_linux().build()).is_empty());
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::X86_64).binary(Err("truncated".into())),
                paths_d("/etc/paths.d/go", 1),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
