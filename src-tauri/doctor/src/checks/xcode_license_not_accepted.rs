//! `xcode-license-not-accepted`: a full Xcode is selected whose licence was not accepted.

use crate::facts::{Applicable, Facts, XcodeSelected};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;

use super::{path_text, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On macOS, whether the active developer directory (`/var/db/xcode_select_link`, set by `xcode-select --switch`) is inside a full Xcode (`/Applications/Xcode.app/Contents/Developer`), and whether that Xcode's licence was accepted: `IDEXcodeVersionForAgreedToGMLicense` in `/Library/Preferences/com.apple.dt.Xcode.plist` must be present and not older than the Xcode's own version (`CFBundleShortVersionString` of `Xcode.app/Contents/version.plist`).
NativeGo reads the two property lists; it does not run `xcodebuild` or `clang`.
When the Command Line Tools are selected there is no licence to accept, and nothing is reported; when either version cannot be read, nothing is reported either.

## Why it hurts
Each Xcode update needs its licence accepted again. Until then `clang`, and every developer tool behind the `/usr/bin` shims, refuses to run and exits with status 69, so every cgo build fails:
`go tool dist: cannot invoke C compiler "clang": exit status 69` (golang/go#13099).
clang itself prints `Agreeing to the Xcode/iOS license requires admin privileges, please run "sudo xcodebuild -license" and then retry this command.`, and Homebrew `Error: You have not agreed to the Xcode license. Please resolve this by running: sudo xcodebuild -license accept` (machupicchubeta/dotfiles#530).
Which exact version string Xcode writes to the key after a minor update is not documented; NativeGo compares dotted numbers, so `26` and `26.0` are the same version.

## How to fix
Run `sudo xcodebuild -license accept` (or open Xcode once and accept), then retry the build.
If you do not need the full Xcode for command-line builds, select the Command Line Tools instead: `sudo xcode-select --switch /Library/Developer/CommandLineTools`.

## References
- golang/go#13099, machupicchubeta/dotfiles#530
- Homebrew/brew `Library/Homebrew/extend/os/mac/diagnostic.rb` (`check_xcode_license_approved`)
"#;

pub static CHECK: Check = Check {
    id: "xcode-license-not-accepted",
    area: Area::Cgo,
    severity: Severity::Warning,
    applies_to: MACOS,
    summary: "The selected Xcode's licence is not accepted, so clang and cgo builds fail",
    doc: DOC,
    run,
};

/// The licence plist `xcodebuild -license accept` writes.
const LICENSE_PLIST: &str = "/Library/Preferences/com.apple.dt.Xcode.plist";

/// Whether the accepted licence version is older than the installed Xcode's, comparing
/// dotted numbers (`16.4` < `26.0`, `26` = `26.0`). Text that does not read as numbers is
/// older only when it differs.
fn older(agreed: &str, installed: &str) -> bool {
    let parse = |v: &str| -> Option<Vec<u64>> {
        let mut parts: Vec<u64> = v
            .trim()
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        while parts.len() > 1 && parts.last() == Some(&0) {
            parts.pop();
        }
        Some(parts)
    };
    match (parse(agreed), parse(installed)) {
        (Some(a), Some(i)) => a < i,
        _ => agreed.trim() != installed.trim(),
    }
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Applicable::Known(tools) = &facts.machine.developer_tools else {
        return;
    };
    let Some(XcodeSelected {
        app,
        version: Some(version),
        agreed,
        agreed_unreadable: None,
    }) = &tools.xcode
    else {
        return;
    };
    if agreed.as_deref().is_some_and(|a| !older(a, version)) {
        return;
    }
    let app_text = path_text(app);
    let title = match agreed {
        None => format!("The licence of Xcode {version} ({app_text}) has not been accepted"),
        Some(a) => format!(
            "The licence of Xcode {version} ({app_text}) has not been accepted (last accepted: {a})"
        ),
    };
    let mut finding = CHECK.finding(
        Severity::Warning,
        title,
        "The selected developer directory is inside this Xcode, and until its licence is accepted `clang` exits with status 69 (\"You have not agreed to the Xcode license agreements\"), so every cgo build fails with `cannot invoke C compiler \"clang\": exit status 69`.",
    );
    finding.key = format!("{}:{app_text}", CHECK.id);
    if let Some(dir) = &tools.path {
        finding.evidence.push(Evidence::at(
            "/var/db/xcode_select_link",
            None,
            format!("selects {}", path_text(dir)),
        ));
    }
    finding.evidence.push(Evidence::at(
        app.join("Contents/version.plist"),
        None,
        format!("CFBundleShortVersionString {version}"),
    ));
    finding.evidence.push(Evidence::at(
        LICENSE_PLIST,
        None,
        match agreed {
            None => "no IDEXcodeVersionForAgreedToGMLicense: no licence accepted".to_string(),
            Some(a) => format!("IDEXcodeVersionForAgreedToGMLicense {a}, older than {version}"),
        },
    ));
    finding.hint = Some(
        "Run `sudo xcodebuild -license accept`, or select the Command Line Tools with `sudo xcode-select --switch /Library/Developer/CommandLineTools`".into(),
    );
    finding.fixes.push(Fix::manual(
        "xcode-license-not-accepted:accept",
        format!("Accept the licence of Xcode {version}"),
        "In a terminal, run `sudo xcodebuild -license accept` (it asks for your password), or open Xcode once and accept the licence; then retry the build.",
        Some("sudo xcodebuild -license accept".into()),
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::facts::DeveloperTools;

    fn with_xcode(version: Option<&str>, agreed: Result<Option<&str>, &str>) -> Facts {
        clean_mac()
            .machine(|m| {
                m.developer_tools = Applicable::Known(DeveloperTools {
                    path: Some("/Applications/Xcode.app/Contents/Developer".into()),
                    installed: true,
                    xcode: Some(XcodeSelected {
                        app: "/Applications/Xcode.app".into(),
                        version: version.map(str::to_string),
                        agreed: agreed.ok().flatten().map(str::to_string),
                        agreed_unreadable: agreed.err().map(str::to_string),
                    }),
                })
            })
            .build()
    }

    #[test]
    fn compares_versions() {
        assert!(older("16.4", "26.0"));
        assert!(older("26.0", "26.0.1"));
        assert!(older("9.4", "10.0"));
        assert!(!older("26", "26.0"));
        assert!(!older("26.1", "26.0"));
        assert!(older("beta", "26.0"));
        assert!(!older("x", "x"));
    }

    #[test]
    fn fires_when_absent_or_older() {
        let f = findings(&CHECK, &with_xcode(Some("26.1"), Ok(Some("16.4"))));
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "The licence of Xcode 26.1 (/Applications/Xcode.app) has not been accepted (last accepted: 16.4)"
        );
        assert!(f[0].message.contains("exit status 69"));
        assert_eq!(f[0].evidence.len(), 3);
        let fix = &f[0].fixes[0];
        assert_eq!(fix.id, "xcode-license-not-accepted:accept");
        assert_eq!(fix.applicability, crate::fix::Applicability::Manual);
        assert_eq!(
            fix.command.as_deref(),
            Some("sudo xcodebuild -license accept")
        );
        let f = findings(&CHECK, &with_xcode(Some("26.1"), Ok(None)));
        assert!(f[0].evidence[2].note.contains("no licence accepted"));
    }

    #[test]
    fn silent_when_accepted_unknown_or_clt() {
        assert!(findings(&CHECK, &with_xcode(Some("26.1"), Ok(Some("26.1")))).is_empty());
        assert!(findings(&CHECK, &with_xcode(Some("26.0"), Ok(Some("26")))).is_empty());
        assert!(findings(&CHECK, &with_xcode(None, Ok(None))).is_empty());
        assert!(findings(&CHECK, &with_xcode(Some("26.1"), Err("permission denied"))).is_empty());
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
    }
}
