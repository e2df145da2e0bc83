//! `cgo-no-clt`: cgo is enabled but the Xcode Command Line Tools are missing.

use crate::facts::{Applicable, Facts};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{explicit_setting, path_text, setting_evidence, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On macOS, whether cgo is enabled (CGO_ENABLED is not `0`; it is on by default) while the active developer directory (`xcode-select -p`) has no `usr/bin/xcrun`, that is, neither the Command Line Tools nor Xcode is usable.

## Why it hurts
`/usr/bin/clang` on macOS is a shim that needs the developer tools, so every package that uses cgo (including `net` and `os/user` in some configurations, and `go test -race`) fails to build:
`xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun` (QuilibriumNetwork/monorepo#73, during `# runtime/cgo` with go1.21.5 darwin/arm64).
It often appears right after a macOS upgrade, which removes the tools (DudeNr33/screen-on-time#4).
Delve needs them too: `could not launch process: debugserver or lldb-server not found: install XCode's command line tools or lldb-server`.

## How to fix
Run `xcode-select --install`, or with Xcode installed, `sudo xcode-select --switch /Applications/Xcode.app`.
For pure-Go builds only, `CGO_ENABLED=0` avoids the C toolchain.

## References
- QuilibriumNetwork/monorepo#73, DudeNr33/screen-on-time#4
- Homebrew/brew `Library/Homebrew/extend/os/mac/diagnostic.rb` (`check_xcode_select_path`)
- https://pkg.go.dev/cmd/cgo
"#;

pub static CHECK: Check = Check {
    id: "cgo-no-clt",
    area: Area::Cgo,
    severity: Severity::Warning,
    applies_to: MACOS,
    summary: "cgo is on but the Xcode Command Line Tools are missing",
    doc: DOC,
    run,
};

const DEFAULT_DEVELOPER_DIR: &str = "/Library/Developer/CommandLineTools";

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    if facts.installs.is_empty() {
        return;
    }
    let Applicable::Known(tools) = &facts.machine.developer_tools else {
        return;
    };
    if tools.installed {
        return;
    }
    let cgo = facts.setting("CGO_ENABLED").map_or("", |s| s.value.trim());
    if cgo == "0" {
        return;
    }
    let dir = tools
        .path
        .as_deref()
        .map(path_text)
        .unwrap_or_else(|| DEFAULT_DEVELOPER_DIR.into());
    let dir = dir.trim_end_matches('/');
    let mut finding = CHECK.finding(
        Severity::Warning,
        format!("cgo is enabled but {dir} has no xcrun"),
        format!(
            "Packages that use cgo, and `go test -race`, fail to build with `xcrun: error: invalid active developer path ({dir}), missing xcrun at: {dir}/usr/bin/xcrun`."
        ),
    );
    finding.evidence.push(Evidence::at(
        format!("{dir}/usr/bin/xcrun"),
        None,
        "missing: the active developer directory has no xcrun",
    ));
    if let Some(s) = explicit_setting(facts, "CGO_ENABLED") {
        finding.evidence.extend(setting_evidence("CGO_ENABLED", s));
    }
    finding.hint = Some(
        "Run `xcode-select --install` (or `sudo xcode-select --switch /Applications/Xcode.app`); for pure-Go builds, `CGO_ENABLED=0` avoids the C toolchain".into(),
    );
    finding.fixes.push(
        Fix::new(
            "cgo-no-clt:install-clt",
            "Install the Xcode Command Line Tools (`xcode-select --install` opens Apple's installer)",
            Applicability::Unsafe,
        )
        .action(super::action("/usr/bin/xcode-select", &["--install"], 60)),
    );
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::DeveloperTools;

    fn no_clt() -> FactsBuilder {
        clean_mac().machine(|m| {
            m.developer_tools = Applicable::Known(DeveloperTools {
                path: Some("/Library/Developer/CommandLineTools".into()),
                installed: false,
                xcode: None,
            })
        })
    }

    #[test]
    fn fix_runs_xcode_select_install() {
        let fix = &findings(&CHECK, &no_clt().build())[0].fixes[0];
        assert_eq!(fix.id, "cgo-no-clt:install-clt");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(
            fix.actions[0].command_line(),
            "/usr/bin/xcode-select --install"
        );
        assert!(fix.edits.is_empty());
    }

    #[test]
    fn fires_when_tools_missing() {
        let f = findings(&CHECK, &no_clt().build());
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains(
            "xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun"
        ));
    }

    #[test]
    fn silent_when_cgo_off_tools_present_or_unknown() {
        let facts = no_clt()
            .setting("CGO_ENABLED", "0", rc("/Users/dev/.zshrc", 2))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .machine(|m| m.developer_tools = Applicable::Unknown)
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
