//! `tools-wrong-arch`: tools in GOBIN or GOPATH/bin built for another architecture.

use super::rebuild;
use super::{arch_list, host_goos, hw_name, join_and, plural, Area, Check, ALL_OS};
use crate::facts::{Facts, Os};
use crate::finding::{Evidence, Finding, Severity};

pub const DOC: &str = r#"## What it checks
Whether the Go programs in the tool directories (GOBIN, or each GOPATH's `bin`) built for this OS have a slice native to the hardware.
For each one that does not, the finding gives its architecture, the module and version it was installed from (from its Go build info), the Go that built it, and how to rebuild it.
Files that are not Go programs are not counted (no Go installed them), nor are programs for another OS: those are `tools-wrong-os` (a linux/arm64 program is not native on a Mac).

## Why it hurts
Tools installed by an x86_64 Go are x86_64 and keep running under Rosetta long after Go itself was replaced.
Delve refuses to run: "dlv still failing 'can not run under Rosetta' after switching to arm64 Go, until dlv was reinstalled" (go-delve/delve#2604); golangci-lint fails with `panic: load embedded ruleguard rules: rules/rules.go:13: can't load fmt` until rebuilt for arm64 (hypnoglow/asdf-golangci-lint#5).
Amd64 Go binaries can also stall under Rosetta on macOS 14.5 and later (golang/go#68485), and Rosetta is being retired: general-purpose "through macOS 27" (Apple, WWDC25); the finding says what that means for this Mac's macOS version (on 28 and later only arm64 rebuilds fix it).

## How to fix
With a native `go` first on PATH, reinstall each tool: `go install <package>@<version>`, one command per module version (the finding lists them, and the fix runs them with `GOBIN` set to the tool's directory and `GOOS`/`GOARCH` to this machine's).
A command is given only when Go accepts it (its module path and version pass Go's rules: `go install` refuses standard-library packages, `command-line-arguments`, module paths without a dot, `(devel)`, `+dirty` and other non-canonical versions, and a `/vN` module at a version of another major):
- a copy of Go's own `gofmt` or `go` is to be removed (every Go has its own);
- a build from a checkout (`(devel)`, `+dirty`, `go build main.go`) gets no command: the finding names the module and VCS revision it came from; rebuild it from that checkout;
- a tool whose file name differs from the one `go install` gives it (the package's last element, `/vN` left out) is installed into `.nativego-rebuild` in its directory and moved to its name.
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
            // Only Go programs (a non-Go file was not installed by a Go), and only those
            // for this OS: a program for another OS is `tools-wrong-os`, whatever its CPU.
            b.build()?;
            if super::tools_wrong_os::other_os(facts, t).is_some() {
                return None;
            }
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
        Os::Macos => match super::rosetta_sunset::of(facts) {
            sunset @ super::rosetta_sunset::Sunset::Retired => {
                format!("They were built to run under Rosetta. {}", sunset.note())
            }
            sunset => format!(
                "They run under Rosetta: slower, and refused by Delve (\"can not run under Rosetta\"). {}",
                sunset.note()
            ),
        },
        _ => "They cannot run on this machine without emulation.".to_string(),
    };
    let mut finding = CHECK.finding(
        Severity::Warning,
        title,
        format!("These programs were installed by a Go for another architecture. {consequence}"),
    );
    let tools: Vec<_> = foreign.iter().map(|(t, _)| *t).collect();
    let plan = rebuild::Plan::new(&tools);
    for ((tool, binary), r) in foreign.iter().zip(&plan.each) {
        let mut note = arch_list(&binary.arches());
        if let Some(b) = binary.build() {
            if let Some(m) = &b.main {
                note.push_str(&format!(", {}@{}", m.path, m.version));
            }
            note.push_str(&format!(", built with {}", b.go_version));
        }
        if let Some(r) = r {
            note.push_str(&format!("; {}", rebuild::note(r)));
        }
        finding.evidence.push(Evidence::at(&tool.path, None, note));
    }
    let target = (host_goos(facts), target_goarch(facts));
    finding.hint = Some(plan.hint(target, hw_name(facts), false));
    finding
        .fixes
        .extend(plan.fix(facts, "tools-wrong-arch:rebuild", target, hw_name(facts)));
    finding
        .fixes
        .extend(plan.remove_copies_fix("tools-wrong-arch:remove-go-command-copies"));
    out.push(finding);
}

/// The GOARCH of the hardware (`arm64` on Apple silicon, `amd64` on Intel).
pub(super) fn target_goarch(facts: &Facts) -> &'static str {
    facts.machine.hw_arch.goarch()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;
    use crate::fix::{Action, Applicability};

    #[test]
    fn the_message_follows_the_macos_version() {
        let message = |os: &str| {
            let facts = clean_mac()
                .os_version(os)
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
            findings(&CHECK, &facts)[0].message.clone()
        };
        assert!(message("15.1").contains("They run under Rosetta"));
        assert!(message("26.1").contains("only through macOS 27"));
        assert!(message("27.2").contains("stops working with the next major release"));
        let retired = message("28.0");
        assert!(retired.contains("They were built to run under Rosetta"));
        assert!(retired.contains("only arm64 builds fix it"));
        // Not a Mac: no word about Rosetta.
        let facts = clean_linux()
            .tool("gopls", elf(Arch::Arm64, "go1.27.3"))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert!(!f[0].message.contains("Rosetta"));
    }

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
            "x86_64, github.com/go-delve/delve/cmd/dlv@v1.22.0, built with go1.22.5; rebuild with `go install github.com/go-delve/delve/cmd/dlv@v1.22.0`"
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
                env: vec![
                    ("GOBIN".into(), "/Users/dev/go/bin".into()),
                    ("GOOS".into(), "darwin".into()),
                    ("GOARCH".into(), "arm64".into()),
                ],
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
            Some("GOBIN=/Users/dev/go/bin GOOS=darwin GOARCH=arm64 go install github.com/go-delve/delve/cmd/dlv@v1.22.0")
        );
    }

    #[test]
    fn only_go_programs_for_this_os_count() {
        let mut ls = tool_bin(&[Arch::X86_64], "go1.0", "x", "v1");
        ls.slices[0].build = None;
        let mut linux = elf(Arch::X86_64, "go1.22.5");
        linux.slices[0].build.as_mut().unwrap().path = Some("example.com/t".into());
        let facts = clean_mac().tool("ls", ls).tool("linuxtool", linux).build();
        assert!(findings(&CHECK, &facts).is_empty());
    }

    #[test]
    fn commands_only_when_go_accepts_them() {
        let mut gofmt = tool_bin(&[Arch::X86_64], "go1.22.5", "cmd/gofmt", "");
        gofmt.slices[0].build.as_mut().unwrap().main = None;
        let esbuild = {
            let mut b = tool_bin(
                &[Arch::X86_64],
                "go1.22.5",
                "github.com/evanw/esbuild",
                "(devel)",
            );
            let build = b.slices[0].build.as_mut().unwrap();
            build.path = Some("github.com/evanw/esbuild/cmd/esbuild".into());
            build
                .settings
                .insert("vcs.revision".into(), "abc123".into());
            build.settings.insert("vcs".into(), "git".into());
            b
        };
        let dlv = tool_bin(
            &[Arch::X86_64],
            "go1.22.5",
            "github.com/go-delve/delve/cmd/dlv",
            "v1.22.0",
        );
        let facts = clean_mac()
            .tool("gofmt", gofmt)
            .tool("esbuild", esbuild)
            .tool("dlv", dlv.clone())
            .tool("dlv2", dlv)
            .build();
        let f = &findings(&CHECK, &facts)[0];
        let hint = f.hint.as_deref().unwrap();
        assert!(!hint.contains("@latest"), "{hint}");
        assert!(!hint.contains("cmd/gofmt@"), "{hint}");
        assert!(
            hint.contains("Remove `/Users/dev/go/bin/gofmt` (copies of Go's own commands"),
            "{hint}"
        );
        assert!(
            hint.contains("No `go install` command can rebuild esbuild"),
            "{hint}"
        );
        assert!(f.evidence[0]
            .note
            .contains("this is a copy of Go's own `gofmt`; remove it"));
        assert!(f.evidence[1].note.contains(
            "no rebuild command: it was built from a checkout of `github.com/evanw/esbuild` (version `(devel)`), not installed from a release; it probably came from `github.com/evanw/esbuild`, git revision abc123"
        ), "{}", f.evidence[1].note);
        // dlv and dlv2 (a renamed copy): one plain install, one staged and renamed.
        let rebuild = &f.fixes[0];
        let lines: Vec<String> = rebuild.actions.iter().map(Action::command_line).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].ends_with("go install github.com/go-delve/delve/cmd/dlv@v1.22.0"));
        assert!(lines[2].ends_with("/bin/dlv2"), "{lines:?}");
        assert_eq!(f.fixes[1].id, "tools-wrong-arch:remove-go-command-copies");
        assert_eq!(
            f.fixes[1].command.as_deref(),
            Some("rm /Users/dev/go/bin/gofmt")
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
