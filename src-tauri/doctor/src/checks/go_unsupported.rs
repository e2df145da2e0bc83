//! `go-unsupported`: the active Go is out of support, or does not fit this Mac.

use crate::facts::{Facts, Os};
use crate::finding::{Evidence, Finding, Severity};

use super::{path_text, Area, Check, GoVersion, ALL_OS};

/// The newest Go release this NativeGo knows: `(1, 27)` for go1.27. Newer releases seen on
/// the machine (installs, tools' build info) raise it at run time.
pub const LATEST_KNOWN: (u32, u32) = (1, 27);

/// First Go release with a darwin/arm64 port.
const FIRST_DARWIN_ARM64: (u32, u32) = (1, 16);

pub const DOC: &str = r#"## What it checks
Whether the Go a new terminal runs is still supported, and whether it fits this machine:
- Go supports each major release until two newer majors exist, so only the newest and the one before get security fixes.
  NativeGo takes the newest major as the larger of the newest release it knows and the newest release it sees on the machine (installs and tools' build info).
- Go 1.16 was the first release with a darwin/arm64 port; anything older cannot build native Apple-silicon programs.
- Each Go release needs a minimum macOS: Go 1.23–1.24 need macOS 11 Big Sur, Go 1.25–1.26 need macOS 12 Monterey, Go 1.27 and later need macOS 13 Ventura.

Development builds and versions NativeGo cannot parse are left alone.

## Why it hurts
An unsupported Go gets no security fixes, and modules increasingly require newer Go: builds fail with `go: go.mod requires go >= 1.24rc1 (running go 1.24; GOTOOLCHAIN=local)` (golang/go#70979) or `go: errors parsing go.mod: go.mod:206: unknown block type: tool` (golang/go#70949).
A Go newer than the macOS supports may not start, and the programs it builds may not run on that macOS: "Go 1.27 requires macOS 13 Ventura or later; support for previous versions has been discontinued" (go1.27 release notes).

## How to fix
- Install the current release from https://go.dev/dl/ (`darwin-arm64` on Apple silicon) or `brew upgrade go`.
- On an older macOS, update macOS, or install the newest Go that still supports it (Go 1.26 on macOS 12, Go 1.24 on macOS 11).

## References
- https://go.dev/doc/devel/release#policy
- Go release notes, Ports → Darwin: go1.22, go1.24, go1.25, go1.26, go1.27 (issues 64207, 69839, 75836)
- go1.16 release notes (darwin/arm64)
"#;

pub static CHECK: Check = Check {
    id: "go-unsupported",
    area: Area::Toolchain,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "The active Go is out of support or does not fit this OS",
    doc: DOC,
    run,
};

/// The minimum macOS `(major, minor)` a Go release runs on, with its name.
fn minimum_macos(go: (u32, u32)) -> Option<((u32, u32), &'static str)> {
    Some(match go {
        (1, m) if m >= 27 => ((13, 0), "macOS 13 Ventura"),
        (1, 25..=26) => ((12, 0), "macOS 12 Monterey"),
        (1, 23..=24) => ((11, 0), "macOS 11 Big Sur"),
        (1, 21..=22) => ((10, 15), "macOS 10.15 Catalina"),
        (1, _) => return None,
        _ => ((13, 0), "macOS 13 Ventura"),
    })
}

fn macos_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}

/// The newest released major Go seen anywhere, at least [`LATEST_KNOWN`].
fn newest_major(facts: &Facts) -> (u32, u32) {
    let installs = facts.installs.iter().filter_map(|i| i.version());
    let tools = facts
        .tools
        .iter()
        .filter_map(|t| t.binary.as_ref().ok().and_then(|b| b.go_version()));
    installs
        .chain(tools)
        .filter_map(GoVersion::parse)
        .filter(GoVersion::is_release)
        .map(|v| v.family())
        .fold(LATEST_KNOWN, std::cmp::max)
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(go) = facts.active() else { return };
    let Some(text) = go.version() else { return };
    let Some(version) = GoVersion::parse(text) else {
        return;
    };
    let text = text.trim();
    let evidence = Evidence::at(&go.path, None, format!("{text} ({})", go.source.label()));
    if version.devel {
        return;
    }
    let family = version.family();

    let newest = newest_major(facts);
    let oldest_supported = (newest.0, newest.1.saturating_sub(1));
    if family < oldest_supported {
        let mut f = CHECK.finding(
            Severity::Warning,
            format!(
                "{text} is no longer supported (supported: go{}.{} and go{}.{})",
                newest.0, newest.1, oldest_supported.0, oldest_supported.1
            ),
            format!(
                "Go supports only the two newest major releases, so {} gets no security fixes, and modules that need newer Go fail to build.",
                version.family_name()
            ),
        );
        f.evidence.push(evidence.clone());
        f.hint = Some(match super::manager_version(go) {
            Some((m, _)) => {
                let want = format!("{}.{}", newest.0, newest.1);
                let (install, choose) = match m {
                    "mise" => (String::new(), format!("mise use -g go@{want}")),
                    "asdf" => (
                        format!("asdf install golang latest:{want} && "),
                        format!("asdf set -u golang latest:{want}"),
                    ),
                    _ => (String::new(), String::new()),
                };
                if choose.is_empty() {
                    format!("Install and choose a go{want} release with goenv: `goenv install --list` shows them, then `goenv install <version> && goenv global <version>`")
                } else {
                    format!("Install and choose go{want} with {m}: `{install}{choose}`")
                }
            }
            None => format!(
                "Install go{}.{} from https://go.dev/dl/ (or `brew upgrade go`) and remove {} at `{}`",
                newest.0,
                newest.1,
                text,
                path_text(&go.path)
            ),
        });
        out.push(f);
    }

    if facts.machine.os != Os::Macos {
        return;
    }
    if facts.is_arm64_hardware() && family < FIRST_DARWIN_ARM64 {
        let mut f = CHECK.finding(
            Severity::Warning,
            format!("{text} predates Go's Apple-silicon port (go1.16)"),
            "This Go has no darwin/arm64 port: it runs under Rosetta and cannot build native arm64 programs.",
        );
        f.evidence.push(evidence.clone());
        f.hint = Some("Install a current `darwin-arm64` Go from https://go.dev/dl/".into());
        out.push(f);
    }
    let os = facts.machine.os_version.as_deref();
    if let (Some((required, name)), Some(have)) =
        (minimum_macos(family), os.and_then(macos_version))
    {
        if have < required {
            let os = os.unwrap_or_default().trim();
            let mut f = CHECK.finding(
                Severity::Warning,
                format!("{text} requires {name} or later, this Mac runs macOS {os}"),
                format!(
                    "{} does not support macOS {os}: it may fail to start, and programs it builds may not run here.",
                    version.family_name()
                ),
            );
            f.evidence.push(evidence);
            f.hint = Some(format!(
                "Update macOS to {name} or later, or install the newest Go that supports macOS {os} from https://go.dev/dl/"
            ));
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    fn with_go(version: &str) -> FactsBuilder {
        FactsBuilder::mac_arm64().install_on_path(
            InstallBuilder::official(version, Arch::Arm64),
            paths_d("/etc/paths.d/go", 1),
        )
    }

    #[test]
    fn fires_for_old_release() {
        let f = findings(&CHECK, &with_go("go1.24.5").build());
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "go1.24.5 is no longer supported (supported: go1.27 and go1.26)"
        );
    }

    #[test]
    fn previous_major_is_supported() {
        assert!(findings(&CHECK, &with_go("go1.26.4").build()).is_empty());
        assert!(findings(&CHECK, &with_go("go1.27").build()).is_empty());
        assert!(findings(&CHECK, &with_go("go1.28rc1").build()).is_empty());
    }

    #[test]
    fn newer_release_on_the_machine_moves_the_window() {
        let facts = with_go("go1.26.4")
            .install(InstallBuilder::homebrew("go1.28.1"))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert!(f[0].title.contains("go1.28 and go1.27"));
        // A development build of a newer Go does not count as a release.
        let facts = with_go("go1.26.4")
            .tool(
                "x",
                tool_bin(&[Arch::Arm64], "devel go1.29-abcdef", "x", "v1"),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }

    #[test]
    fn fires_when_too_new_for_macos() {
        let f = findings(&CHECK, &with_go("go1.27.3").os_version("12.7.4").build());
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "go1.27.3 requires macOS 13 Ventura or later, this Mac runs macOS 12.7.4"
        );
        assert!(findings(&CHECK, &with_go("go1.26.4").os_version("12.7.4").build()).is_empty());
        assert_eq!(
            findings(&CHECK, &with_go("go1.26.4").os_version("11.7").build()).len(),
            1
        );
    }

    #[test]
    fn fires_for_pre_arm64_go() {
        let f = findings(&CHECK, &with_go("go1.15.15").build());
        assert_eq!(f.len(), 2);
        assert!(f[1].title.contains("predates"));
    }

    #[test]
    fn ignores_devel_and_unparsable_versions() {
        let devel = InstallBuilder::official("devel go1.20-abcdef", Arch::Arm64);
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(devel, paths_d("/etc/paths.d/go", 1))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        assert!(findings(&CHECK, &with_go("weird").build()).is_empty());
    }

    #[test]
    fn linux_has_no_macos_floor() {
        assert!(findings(&CHECK, &clean_linux().build()).is_empty());
    }
}
