//! `tools-wrong-arch`: tools in GOBIN or GOPATH/bin built for another architecture.

use crate::facts::{Facts, Os};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Action, Applicability, Fix};

use super::{arch_list, hw_name, join_and, plural, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether the programs in the tool directories (GOBIN, or each GOPATH's `bin`) have a slice native to the hardware.
For each one that does not, the finding gives its architecture, the module and version it was installed from (from its Go build info), and the Go that built it.

## Why it hurts
Tools installed by an x86_64 Go are x86_64 and keep running under Rosetta long after Go itself was replaced.
Delve refuses to run: "dlv still failing 'can not run under Rosetta' after switching to arm64 Go, until dlv was reinstalled" (go-delve/delve#2604); golangci-lint fails with `panic: load embedded ruleguard rules: rules/rules.go:13: can't load fmt` until rebuilt for arm64 (hypnoglow/asdf-golangci-lint#5).
Amd64 Go binaries can also stall under Rosetta on macOS 14.5 and later (golang/go#68485), and Rosetta is being retired after macOS 27.

## How to fix
With a native `go` first on PATH, reinstall each tool: `go install <module>@<version>` (the finding lists the commands).
Editors can do it too (VS Code: "Go: Install/Update Tools").

## References
- go-delve/delve#2604, golang/vscode-go#3637, hypnoglow/asdf-golangci-lint#5, golang/go#68485
"#;

pub static CHECK: Check = Check {
    id: "tools-wrong-arch",
    area: Area::Tools,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "Installed Go tools are built for another CPU",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let hw = facts.machine.hw_arch;
    let foreign: Vec<_> = facts
        .tools
        .iter()
        .filter_map(|t| {
            let b = t.binary.as_ref().ok()?;
            (!b.slices.is_empty() && !b.runs_natively_on(hw)).then_some((t, b))
        })
        .collect();
    if foreign.is_empty() {
        return;
    }
    let mut all_arches: Vec<_> = foreign.iter().flat_map(|(_, b)| b.arches()).collect();
    all_arches.sort();
    all_arches.dedup();
    let names: Vec<String> = foreign.iter().map(|(t, _)| t.name.clone()).collect();
    let title = format!(
        "{} built for {}, not {}: {}",
        plural(foreign.len(), "tool"),
        arch_list(&all_arches),
        hw_name(facts),
        join_and(&names)
    );
    let consequence = match facts.machine.os {
        Os::Macos => "They run under Rosetta: slower, refused by Delve (\"can not run under Rosetta\"), and broken once Rosetta is gone.",
        _ => "They cannot run on this machine without emulation.",
    };
    let mut finding = CHECK.finding(
        Severity::Warning,
        title,
        format!("These programs were installed by a Go for another architecture. {consequence}"),
    );
    let mut commands = Vec::new();
    let mut rebuilds: Vec<(String, String)> = Vec::new();
    for (tool, binary) in &foreign {
        let build = binary.build();
        let module = build.and_then(|b| b.main.as_ref());
        let mut note = arch_list(&binary.arches());
        if let Some(m) = module {
            note.push_str(&format!(", {}@{}", m.path, m.version));
        }
        if let Some(b) = build {
            note.push_str(&format!(", built with {}", b.go_version));
        }
        finding.evidence.push(Evidence::at(&tool.path, None, note));
        // The package to install is the main package path; the version is the module's.
        match (build.and_then(|b| b.path.as_deref()), module) {
            (Some(pkg), Some(m)) if m.version != "(devel)" => {
                commands.push(format!("`go install {pkg}@{}`", m.version));
                rebuilds.push((tool.name.clone(), format!("{pkg}@{}", m.version)));
            }
            (Some(pkg), _) => {
                commands.push(format!("`go install {pkg}@latest`"));
                rebuilds.push((tool.name.clone(), format!("{pkg}@latest")));
            }
            _ => {}
        }
    }
    finding.hint = Some(if commands.is_empty() {
        "With a native `go` first on PATH, reinstall each tool with `go install <module>@latest`"
            .into()
    } else {
        format!(
            "With a native `go` first on PATH, run {}",
            join_and(&commands)
        )
    });
    finding.fixes.extend(fix(facts, &rebuilds));
    out.push(finding);
}

/// A `go` with a slice native to the hardware: the active one if it is, else another.
pub(super) fn native_go(facts: &Facts) -> Option<&crate::facts::GoInstall> {
    let hw = facts.machine.hw_arch;
    let native =
        |g: &&crate::facts::GoInstall| g.binary.as_ref().is_ok_and(|b| b.runs_natively_on(hw));
    facts
        .active()
        .filter(native)
        .or_else(|| facts.installs.iter().find(native))
}

/// Rebuild every tool whose package is known with a native `go`; without one, the commands
/// to run once a native Go is installed.
fn fix(facts: &Facts, rebuilds: &[(String, String)]) -> Option<Fix> {
    if rebuilds.is_empty() {
        return None;
    }
    let id = "tools-wrong-arch:rebuild";
    let names: Vec<String> = rebuilds.iter().map(|(n, _)| n.clone()).collect();
    let hw = hw_name(facts);
    Some(match native_go(facts) {
        Some(go) => {
            let mut fix = Fix::new(
                id,
                format!(
                    "Rebuild {} for {hw} with `{}` ({})",
                    join_and(&names),
                    super::path_text(&go.path),
                    super::version_label(go)
                ),
                Applicability::Unsafe,
            );
            fix.actions = rebuilds
                .iter()
                .map(|(_, target)| Action {
                    program: go.path.clone(),
                    args: vec!["install".into(), target.clone()],
                    env: Vec::new(),
                    timeout_secs: 600,
                })
                .collect();
            fix
        }
        None => {
            let commands: Vec<String> = rebuilds
                .iter()
                .map(|(_, target)| format!("go install {target}"))
                .collect();
            Fix::manual(
                id,
                format!("Rebuild {} for {hw}", join_and(&names)),
                format!(
                    "Install a Go built for {hw} first (no Go on this machine is), open a new terminal, then run these commands."
                ),
                Some(commands.join(" && ")),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::Arch;

    #[test]
    fn fires_listing_each_tool() {
        let facts = clean_mac()
            .tool(
                "dlv",
                tool_bin(
                    &[Arch::X86_64],
                    "go1.22.5",
                    "github.com/go-delve/delve/cmd/dlv",
                    "v1.22.0",
                ),
            )
            .tool(
                "staticcheck",
                tool_bin(
                    &[Arch::X86_64],
                    "go1.22.5",
                    "honnef.co/go/tools/cmd/staticcheck",
                    "v0.5.0",
                ),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "2 tools built for x86_64, not arm64: dlv and staticcheck"
        );
        assert_eq!(f[0].evidence.len(), 2);
        assert_eq!(
            f[0].evidence[0].note,
            "x86_64, github.com/go-delve/delve/cmd/dlv@v1.22.0, built with go1.22.5"
        );
        assert!(f[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("`go install github.com/go-delve/delve/cmd/dlv@v1.22.0`"));
    }

    #[test]
    fn fix_rebuilds_with_a_native_go() {
        let dlv = tool_bin(
            &[Arch::X86_64],
            "go1.22.5",
            "github.com/go-delve/delve/cmd/dlv",
            "v1.22.0",
        );
        let facts = clean_mac().tool("dlv", dlv.clone()).build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "tools-wrong-arch:rebuild");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(
            fix.actions,
            vec![Action {
                program: "/usr/local/go/bin/go".into(),
                args: vec![
                    "install".into(),
                    "github.com/go-delve/delve/cmd/dlv@v1.22.0".into()
                ],
                env: Vec::new(),
                timeout_secs: 600,
            }]
        );
        // Only an x86_64 Go: the commands, by hand.
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(InstallBuilder::intel_homebrew("go1.27.1"), rc("/x", 1))
            .tool("dlv", dlv)
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert_eq!(
            fix.command.as_deref(),
            Some("go install github.com/go-delve/delve/cmd/dlv@v1.22.0")
        );
    }

    #[test]
    fn silent_for_native_universal_and_unreadable_tools() {
        let facts = clean_mac()
            .tool(
                "u",
                tool_bin(
                    &[Arch::X86_64, Arch::Arm64],
                    "go1.27.3",
                    "example.com/u",
                    "v1.0.0",
                ),
            )
            .tool_at(
                std::path::Path::new("/Users/dev/go/bin/broken"),
                Err("truncated".into()),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        assert!(findings(&CHECK, &clean_linux().build()).is_empty());
    }
}
