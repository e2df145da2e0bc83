//! `rosetta-missing`: x86_64-only Go binaries must run, and Rosetta is not installed.

use crate::binary::Arch;
use crate::binary::BinaryInfo;
use crate::facts::{Applicable, Facts};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{join_and, path_text, plural, version_label, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On Apple silicon without Rosetta 2, whether some Go binary that has to run is x86_64 only: the active `go`, another `go` on PATH, or a tool in GOBIN or `~/go/bin`.
It is an error when the active `go` itself cannot run, and a warning when only other binaries need Rosetta.

## Why it hurts
macOS does not offer to install Rosetta for command-line programs: "macOS will not automatically offer user to install Rosetta when executing a x86_64 binary on the command line" (microsoft/NubesGen#463).
The shell just prints `zsh: bad CPU type in executable: go` (moovweb/gvm#417); the error number is 86, EBADARCH, "Bad CPU type in executable".

## How to fix
- Preferred: replace the x86_64 binaries with arm64 builds (the `darwin-arm64` Go from https://go.dev/dl/, then rebuild each tool with it: `tools-wrong-arch` gives the `go install` commands).
- Otherwise, up to macOS 27, install Rosetta: `softwareupdate --install-rosetta --agree-to-license`. This only buys time: Apple says Rosetta "will be available through macOS 27 — as a general-purpose tool for Intel apps …; beyond this timeframe, we will keep a subset of Rosetta functionality aimed at supporting older unmaintained gaming titles" (WWDC25). The macOS 27 upgrade itself removes Rosetta (it can be reinstalled).
- On macOS 28 and later NativeGo does not offer installing Rosetta: only arm64 builds fix it. (The quote comes to NativeGo through secondary sources; what the remaining subset runs is not documented.)

## References
- moovweb/gvm#417, microsoft/NubesGen#463, pingbird/puro#101
- Apple, "About the Rosetta translation environment"
- https://developer.apple.com/documentation/apple-silicon/about-the-rosetta-translation-environment
"#;

pub static CHECK: Check = Check {
    id: "rosetta-missing",
    area: Area::Rosetta,
    severity: Severity::Error,
    applies_to: MACOS,
    summary: "x86_64-only Go binaries need Rosetta, which is not installed",
    doc: DOC,
    run,
};

/// Whether this binary has slices but none runs natively and one is Intel.
fn intel_only(binary: &Result<BinaryInfo, String>, hw: Arch) -> bool {
    match binary {
        Ok(b) => {
            !b.slices.is_empty()
                && !b.runs_natively_on(hw)
                && b.slices
                    .iter()
                    .any(|s| matches!(s.arch, Arch::X86_64 | Arch::I386))
        }
        Err(_) => false,
    }
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.is_arm64_hardware() || facts.machine.rosetta_installed != Applicable::Known(false) {
        return;
    }
    let hw = facts.machine.hw_arch;
    let mut evidence = Vec::new();
    let mut names = Vec::new();
    let mut active_needs = false;
    for (i, install) in facts.installs.iter().enumerate() {
        let is_active = facts.active == Some(i);
        if !(is_active || install.path_index.is_some()) || !intel_only(&install.binary, hw) {
            continue;
        }
        active_needs |= is_active;
        let role = if is_active {
            "the active go"
        } else {
            "a go on PATH"
        };
        names.push(format!(
            "{} in {}",
            version_label(install),
            path_text(&install.path)
        ));
        evidence.push(Evidence::at(
            &install.path,
            None,
            format!("{role}, {}: x86_64 only", version_label(install)),
        ));
    }
    let tools: Vec<_> = facts
        .tools
        .iter()
        // A Linux program is not one Rosetta could run (`tools-wrong-os`).
        .filter(|t| {
            intel_only(&t.binary, hw) && super::tools_wrong_os::other_os(facts, t).is_none()
        })
        .collect();
    for tool in &tools {
        evidence.push(Evidence::at(
            &tool.path,
            None,
            format!("tool {}: x86_64 only", tool.name),
        ));
    }
    if evidence.is_empty() {
        return;
    }
    // Rosetta is the way out only for binaries nothing on this Mac can replace: without a
    // native Go, or for tools whose package is unknown (they cannot be rebuilt).
    let native_go = super::rebuild::native_go(facts).is_some();
    let unrebuildable = tools.iter().any(|t| {
        !matches!(
            super::rebuild::rebuild_for(t),
            Some(super::rebuild::Rebuild::Install(_) | super::rebuild::Rebuild::GoCommand { .. })
        )
    });
    let must_keep = !native_go || unrebuildable;
    let sunset = super::rosetta_sunset::of(facts);
    let mut fixes = Vec::new();
    // From macOS 28 Rosetta no longer runs Intel command-line programs: not a fix.
    if must_keep && sunset.rosetta_fixes() {
        fixes.push(
            Fix::new(
                "rosetta-missing:install-rosetta",
                "Install Rosetta (`softwareupdate --install-rosetta --agree-to-license`)",
                Applicability::Unsafe,
            )
            .action(super::action(
                "/usr/sbin/softwareupdate",
                &["--install-rosetta", "--agree-to-license"],
                600,
            )),
        );
    }
    fixes.push(Fix::manual(
        "rosetta-missing:use-native",
        "Replace the x86_64 binaries with arm64 builds",
        if native_go {
            "Put the arm64 Go first on PATH (see the `go-wrong-arch` and `go-shadowed` fixes), then rebuild the tools with it (see the `tools-wrong-arch` fix)."
        } else {
            "Install the `darwin-arm64` Go from https://go.dev/dl/, open a new terminal, then rebuild each tool with it (the `tools-wrong-arch` finding gives the `go install` command of each tool Go can rebuild)."
        },
        None,
    ));
    let total = names.len() + tools.len();
    match tools.as_slice() {
        [] => {}
        [one] => names.push(format!("the tool {}", one.name)),
        many => {
            let tool_names: Vec<String> = many.iter().map(|t| t.name.clone()).collect();
            names.push(format!(
                "{} ({})",
                plural(many.len(), "tool"),
                join_and(&tool_names)
            ));
        }
    }
    let verb = if total == 1 { "is" } else { "are" };
    let (severity, message) = if active_needs {
        (
            Severity::Error,
            "The `go` a new terminal runs is x86_64 only and Rosetta is not installed, so every `go` command fails with `zsh: bad CPU type in executable: go`.",
        )
    } else {
        (
            Severity::Warning,
            "These binaries are x86_64 only and Rosetta is not installed, so running them fails with `bad CPU type in executable`.",
        )
    };
    let mut finding = CHECK.finding(
        severity,
        format!(
            "Rosetta is not installed and {} {verb} x86_64 only",
            join_and(&names)
        ),
        format!("{message} {}", sunset.note()),
    );
    finding.evidence = evidence;
    finding.fixes = fixes;
    let arm64 = "Install arm64 builds (the `darwin-arm64` Go from https://go.dev/dl/, then the `go install` commands `tools-wrong-arch` gives)";
    finding.hint = Some(if sunset.rosetta_fixes() {
        format!("{arm64}, or install Rosetta with `softwareupdate --install-rosetta --agree-to-license`")
    } else {
        format!("{arm64}: from macOS 28 Rosetta does not run them")
    });
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    fn no_rosetta() -> FactsBuilder {
        FactsBuilder::mac_arm64().machine(|m| m.rosetta_installed = Applicable::Known(false))
    }

    #[test]
    fn rosetta_is_offered_only_when_nothing_native_can_replace() {
        // An x86_64 Go and no native one: Rosetta keeps it running.
        let facts = no_rosetta()
            .install_on_path(InstallBuilder::intel_homebrew("go1.27.1"), rc("/x", 1))
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes[0].id, "rosetta-missing:install-rosetta");
        assert_eq!(fixes[0].applicability, Applicability::Unsafe);
        assert_eq!(
            fixes[0].actions[0].command_line(),
            "/usr/sbin/softwareupdate --install-rosetta --agree-to-license"
        );
        assert_eq!(fixes[1].id, "rosetta-missing:use-native");
        // A native Go can rebuild the tool: no Rosetta.
        let facts = no_rosetta()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::Arm64),
                rc("/x", 1),
            )
            .tool(
                "dlv",
                tool_bin(
                    &[Arch::X86_64],
                    "go1.22.5",
                    "github.com/go-delve/delve/cmd/dlv",
                    "v1.22.0",
                ),
            )
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        let ids: Vec<&str> = fixes.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["rosetta-missing:use-native"]);
    }

    #[test]
    fn rosetta_is_not_a_fix_from_macos_28() {
        let facts = |os: &str| {
            no_rosetta()
                .os_version(os)
                .install_on_path(InstallBuilder::intel_homebrew("go1.27.1"), rc("/x", 1))
                .build()
        };
        let f = findings(&CHECK, &facts("28.0"));
        let ids: Vec<&str> = f[0].fixes.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["rosetta-missing:use-native"]);
        assert!(f[0].message.contains("only arm64 builds fix it"));
        assert!(!f[0].hint.as_deref().unwrap().contains("softwareupdate"));
        let f = findings(&CHECK, &facts("27.1"));
        assert_eq!(f[0].fixes[0].id, "rosetta-missing:install-rosetta");
        assert!(f[0]
            .message
            .contains("stops working with the next major release"));
        let f = findings(&CHECK, &facts("26.1"));
        assert!(f[0].message.contains("through macOS 27"));
    }

    #[test]
    fn error_when_active_go_needs_rosetta() {
        let facts = no_rosetta()
            .install_on_path(
                InstallBuilder::intel_homebrew("go1.26.4"),
                paths_d("/etc/paths", 1),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].title,
            "Rosetta is not installed and go1.26.4 in /usr/local/bin/go is x86_64 only"
        );
        assert!(f[0].message.contains("zsh: bad CPU type in executable: go"));
    }

    #[test]
    fn warning_when_only_tools_need_rosetta() {
        let facts = no_rosetta()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::Arm64),
                paths_d("/etc/paths.d/go", 1),
            )
            .tool(
                "dlv",
                tool_bin(
                    &[Arch::X86_64],
                    "go1.22.5",
                    "github.com/go-delve/delve",
                    "v1.22.0",
                ),
            )
            .tool(
                "gopls",
                tool_bin(
                    &[Arch::Arm64],
                    "go1.27.3",
                    "golang.org/x/tools/gopls",
                    "v0.20.0",
                ),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(
            f[0].title,
            "Rosetta is not installed and the tool dlv is x86_64 only"
        );
    }

    #[test]
    fn silent_with_rosetta_or_unknown() {
        let build = |b: FactsBuilder| {
            b.install_on_path(
                InstallBuilder::intel_homebrew("go1.26.4"),
                paths_d("/etc/paths", 1),
            )
            .build()
        };
        assert!(findings(&CHECK, &build(FactsBuilder::mac_arm64())).is_empty());
        let unknown =
            FactsBuilder::mac_arm64().machine(|m| m.rosetta_installed = Applicable::Unknown);
        assert!(findings(&CHECK, &build(unknown)).is_empty());
        assert!(findings(&CHECK, &no_rosetta().build()).is_empty());
    }
}
