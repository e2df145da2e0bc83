//! `dlv-outdated`: a Delve release older than the active Go.

use crate::facts::{Facts, Tool};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;

use super::{join_and, Area, Check, GoVersion, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether a Delve (`dlv`) in the tool directories (GOBIN, or each GOPATH's `bin`) is a release older than the active Go.
Delve is recognised by its main package in the build info (`github.com/go-delve/delve/cmd/dlv`), and its release is the main module's version (`v1.23.1`).
Since Delve 1.20, release v1.N supports Go up to 1.N [reported: go-delve/delve#3777], so NativeGo flags a Delve whose minor version is below the active Go's.
Builds from a checkout (`(devel)`) and versions NativeGo cannot read are left alone.

Not covered yet: the Delve bundled with GoLand (`…/plugins/go-plugin/lib/dlv/`), and the macOS 15 + Xcode/Command Line Tools 16 DWARF failures, whose thresholds are not established.

## Why it hurts
An old Delve debugs a newer Go's programs badly or not at all:
- `WARNING: undefined behavior - version of Delve is too old for Go version 1.22.5 (maximum supported version 1.21)` (go-delve/delve#3777); older releases refuse: `Version of Delve is too old for this version of Go (maximum supported version 1.13, suppress this error with --check-go-version=false)` (go-delve/delve#1710).
- With Xcode 16 on macOS 15, old Delve and Go releases fail to read debug info: `DW_FORM_strx with no .debug_str_offsets section`, `could not read debug info` (go-delve/delve#3797, #3823); the fix reported there is a newer Delve together with a newer Go.

## How to fix
With the active Go first on PATH: `go install github.com/go-delve/delve/cmd/dlv@latest` (VS Code: "Go: Install/Update Tools", dlv).

## References
- go-delve/delve#3777, #1710 (version window)
- go-delve/delve#3797, #3823 (Xcode 16 DWARF)
"#;

pub static CHECK: Check = Check {
    id: "dlv-outdated",
    area: Area::Tools,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "Delve is older than the active Go",
    doc: DOC,
    run,
};

const DLV_PACKAGE: &str = "github.com/go-delve/delve/cmd/dlv";

/// `(major, minor)` of a module version (`v1.23.1`, `v1.24.0-rc.1`, a pseudo-version).
fn release(version: &str) -> Option<(u32, u32)> {
    let rest = version.strip_prefix('v')?;
    let mut parts = rest.split(['.', '-', '+']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(active) = facts.active() else {
        return;
    };
    let Some(active_text) = active.version().map(str::trim) else {
        return;
    };
    let Some(go) = GoVersion::parse(active_text).filter(|v| !v.devel && v.major == 1) else {
        return;
    };
    let old: Vec<(&Tool, String, (u32, u32))> = facts
        .tools
        .iter()
        .filter_map(|t| {
            let build = t.binary.as_ref().ok()?.build()?;
            if build.path.as_deref() != Some(DLV_PACKAGE) {
                return None;
            }
            let version = &build.main.as_ref()?.version;
            let (major, minor) = release(version)?;
            (major == 1 && minor < go.minor).then(|| (t, version.clone(), (major, minor)))
        })
        .collect();
    if old.is_empty() {
        return;
    }
    let names: Vec<String> = old
        .iter()
        .map(|(t, v, _)| format!("{} {v}", t.name))
        .collect();
    let newest = old.iter().map(|(_, _, r)| r.1).max().unwrap_or(0);
    let mut finding = CHECK.finding(
        Severity::Warning,
        format!(
            "Delve is older than the active {active_text}: {}",
            join_and(&names)
        ),
        format!(
            "Delve v1.{newest} supports Go up to 1.{newest}, as its releases do since v1.20; with \
             {active_text} it warns `version of Delve is too old for Go version …` and may fail \
             to read the programs it debugs (with Xcode 16: `could not read debug info`)."
        ),
    );
    for (t, version, _) in &old {
        finding.evidence.push(Evidence::at(
            &t.path,
            None,
            format!("{DLV_PACKAGE} {version}"),
        ));
    }
    finding.hint = Some(format!(
        "With {active_text} first on PATH, run `go install {DLV_PACKAGE}@latest`"
    ));
    finding.fixes.push(Fix::manual(
        "dlv-outdated:update",
        "Install the current Delve with the active Go",
        format!(
            "Open a new terminal so that {active_text} is the `go` on PATH and run the command \
             (VS Code: \"Go: Install/Update Tools\", dlv). Check with `dlv version`."
        ),
        Some(format!("go install {DLV_PACKAGE}@latest")),
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    fn dlv(version: &str) -> crate::binary::BinaryInfo {
        let mut b = tool_bin(&[Arch::Arm64], "go1.24.1", DLV_PACKAGE, version);
        for s in &mut b.slices {
            if let Some(m) = s.build.as_mut().and_then(|b| b.main.as_mut()) {
                m.path = "github.com/go-delve/delve".into();
            }
        }
        b
    }

    fn with_go(version: &str) -> FactsBuilder {
        FactsBuilder::mac_arm64().install_on_path(
            InstallBuilder::official(version, Arch::Arm64),
            paths_d("/etc/paths.d/go", 1),
        )
    }

    #[test]
    fn releases_parse() {
        assert_eq!(release("v1.23.1"), Some((1, 23)));
        assert_eq!(release("v1.24.0-rc.1"), Some((1, 24)));
        assert_eq!(
            release("v1.22.2-0.20240101000000-abcdefabcdef"),
            Some((1, 22))
        );
        assert_eq!(release("(devel)"), None);
        assert_eq!(release("v1"), None);
    }

    #[test]
    fn fires_for_a_delve_release_below_the_active_minor() {
        let facts = with_go("go1.24.1").tool("dlv", dlv("v1.22.1")).build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "Delve is older than the active go1.24.1: dlv v1.22.1"
        );
        assert!(f[0].message.contains("Delve v1.22 supports Go up to 1.22"));
        assert_eq!(
            f[0].fixes[0].command.as_deref(),
            Some("go install github.com/go-delve/delve/cmd/dlv@latest")
        );
        assert_eq!(f[0].evidence[0].note, format!("{DLV_PACKAGE} v1.22.1"));
    }

    #[test]
    fn silent_for_a_current_delve_devel_builds_and_other_tools() {
        for version in ["v1.24.0", "v1.25.2", "(devel)"] {
            let facts = with_go("go1.24.1").tool("dlv", dlv(version)).build();
            assert!(findings(&CHECK, &facts).is_empty(), "{version}");
        }
        // A tool named dlv that is not Delve's package is not Delve.
        let other = tool_bin(&[Arch::Arm64], "go1.20.1", "example.com/dlv", "v1.0.0");
        let facts = with_go("go1.24.1").tool("dlv", other).build();
        assert!(findings(&CHECK, &facts).is_empty());
        // No active Go, or a development Go: nothing to compare with.
        let facts = FactsBuilder::mac_arm64()
            .tool("dlv", dlv("v1.20.0"))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = with_go("devel go1.28-abcdef")
            .tool("dlv", dlv("v1.20.0"))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
