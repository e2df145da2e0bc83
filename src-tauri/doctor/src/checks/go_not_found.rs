//! `go-not-found`: no `go` on the PATH a new terminal gets.

use crate::facts::{Facts, Os};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{install_dir, path_text, plural, rc_file, version_label, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether a new terminal finds a `go` command on its PATH.
NativeGo resolves `go` on the PATH of the user's login shell, the way `which go` would in a new terminal window.
When Go is installed somewhere that is not on that PATH (`/usr/local/go/bin` without `/etc/paths.d/go`, a Homebrew prefix without `brew shellenv`), the finding names the install and the directory to add.

## Why it hurts
Every `go` command fails before it starts.
zsh prints `zsh: command not found: go`; editors launched from the Dock report `Failed to find the "go" binary in either GOROOT() or PATH(/usr/bin:/bin:/usr/sbin:/sbin)` (microsoft/vscode#108003, golang/vscode-go#971).
A common cause is removing the PATH line together with an old install, or an official installer whose `/etc/paths.d/go` was deleted.

## How to fix
- If Go is installed but not on PATH, add its `bin` directory to PATH in `~/.zshrc`: `export PATH="/usr/local/go/bin:$PATH"`, then open a new terminal.
- Otherwise install Go for the machine's architecture: the `darwin-arm64` package from https://go.dev/dl/ on Apple silicon, or `brew install go` with Homebrew in `/opt/homebrew`.

## References
- https://go.dev/doc/install
- https://go.dev/doc/manage-install
- golang/vscode-go#971, microsoft/vscode#108003 (GUI apps and the shell PATH)
"#;

pub static CHECK: Check = Check {
    id: "go-not-found",
    area: Area::Toolchain,
    severity: Severity::Error,
    applies_to: ALL_OS,
    summary: "No `go` on a new terminal's PATH",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    if facts.active.is_some() {
        return;
    }
    let incomplete = if facts.login.path_incomplete {
        " Part of PATH could not be worked out from the startup files, so `go` may still be found there."
    } else {
        ""
    };
    let off_path: Vec<_> = facts
        .installs
        .iter()
        .filter(|i| i.path_index.is_none())
        .collect();
    let mut finding = match off_path.first() {
        Some(first) => {
            let dir = install_dir(first);
            let root = first
                .goroot
                .as_deref()
                .map(path_text)
                .unwrap_or_else(|| dir.clone());
            let title = format!(
                "{} is installed in {root} but {dir} is not on PATH",
                version_label(first)
            );
            let others = if off_path.len() > 1 {
                format!(
                    " {} more are listed below.",
                    plural(off_path.len() - 1, "install")
                )
            } else {
                String::new()
            };
            let mut f = CHECK.finding(
                Severity::Error,
                title,
                format!(
                    "A new terminal finds no `go` command, so every Go build and tool fails with `command not found: go`.{others}{incomplete}"
                ),
            );
            f.hint = Some(format!(
                "Add `export PATH=\"{dir}:$PATH\"` to `{}`, then open a new terminal",
                rc_file(facts)
            ));
            f
        }
        None => {
            let mut f = CHECK.finding(
                Severity::Error,
                "No Go installation found on PATH or in the usual places",
                format!(
                    "A new terminal finds no `go` command, so every Go build and tool fails with `command not found: go`.{incomplete}"
                ),
            );
            f.hint = Some(install_hint(facts));
            f
        }
    };
    finding.fixes.push(fix(facts, &off_path));
    for install in &off_path {
        finding.evidence.push(Evidence::at(
            &install.path,
            None,
            format!(
                "{} ({}), not on PATH",
                version_label(install),
                install.source.label()
            ),
        ));
    }
    for install in facts.installs.iter().filter(|i| i.path_index.is_some()) {
        finding.evidence.push(Evidence::at(
            &install.path,
            None,
            format!("on PATH but not usable: {}", version_label(install)),
        ));
    }
    out.push(finding);
}

/// Put an installed Go on PATH (a native one first), or install one.
fn fix(facts: &Facts, off_path: &[&crate::facts::GoInstall]) -> Fix {
    let hw = facts.machine.hw_arch;
    let best = off_path
        .iter()
        .find(|i| i.arches().iter().any(|a| a.is_native_on(hw)))
        .or(off_path.first());
    if let Some(install) = best {
        let dir = install_dir(install);
        if let Some(mut fix) = super::path_first_fix(
            facts,
            "go-not-found:add-to-path",
            CHECK.id,
            &dir,
            Applicability::Safe,
        ) {
            // With `go` found, the directory `go install` writes to must be on PATH too.
            if let Some(m) = super::gobin_not_on_path::missing(facts) {
                fix.title.push_str(&format!(", and `{}` last", m.dir));
                if let Some(crate::fix::Edit::EnsureBlock { lines, .. }) = fix.edits.first_mut() {
                    lines.push(super::gobin_not_on_path::path_line(facts, &m.dir));
                }
            }
            return fix;
        }
    }
    Fix::manual(
        "go-not-found:install-go",
        "Install Go",
        format!("{}.", install_hint(facts)),
        None,
    )
}

fn install_hint(facts: &Facts) -> String {
    let goarch = facts.machine.hw_arch.goarch();
    match facts.machine.os {
        Os::Macos => format!(
            "Install the `darwin-{goarch}` package from https://go.dev/dl/ (or run `brew install go`), then open a new terminal"
        ),
        Os::Linux => format!(
            "Install the `linux-{goarch}` archive from https://go.dev/dl/ into `/usr/local/go` and add `/usr/local/go/bin` to PATH"
        ),
        Os::Other => "Install Go from https://go.dev/dl/ and add its `bin` directory to PATH".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    #[test]
    fn fires_when_no_go_at_all() {
        let facts = FactsBuilder::mac_arm64().build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].hint.as_deref().unwrap().contains("darwin-arm64"));
    }

    #[test]
    fn names_install_that_is_not_on_path() {
        let facts = FactsBuilder::mac_arm64()
            .install(InstallBuilder::official("go1.27.3", Arch::Arm64))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(
            f[0].title,
            "go1.27.3 is installed in /usr/local/go but /usr/local/go/bin is not on PATH"
        );
        assert!(f[0].hint.as_deref().unwrap().contains("/Users/dev/.zshrc"));
        assert_eq!(f[0].evidence.len(), 1);
    }

    #[test]
    fn fix_puts_the_installed_go_on_path() {
        let facts = FactsBuilder::mac_arm64()
            .install(InstallBuilder::intel_homebrew("go1.26.4"))
            .install(InstallBuilder::official("go1.27.3", Arch::Arm64))
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "go-not-found:add-to-path");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            fix.title,
            "Put `/usr/local/go/bin` first on PATH in ~/.zshrc, and `/Users/dev/go/bin` last"
        );
        assert_eq!(
            fix.edits,
            vec![crate::fix::Edit::EnsureBlock {
                path: "/Users/dev/.zshrc".into(),
                block: "go-not-found".into(),
                lines: vec![
                    "export PATH=\"/usr/local/go/bin:$PATH\"".into(),
                    "export PATH=\"$PATH:$HOME/go/bin\"".into()
                ],
            }]
        );
        // Without a `go install` directory, only Go's own.
        let facts = FactsBuilder::mac_arm64()
            .install(InstallBuilder::official("go1.27.3", Arch::Arm64))
            .tool_dirs(&[])
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(
            fix.title,
            "Put `/usr/local/go/bin` first on PATH in ~/.zshrc"
        );
        let fix = &findings(&CHECK, &FactsBuilder::mac_arm64().build())[0].fixes[0];
        assert_eq!(fix.id, "go-not-found:install-go");
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix
            .instructions
            .as_deref()
            .unwrap()
            .contains("https://go.dev/dl/"));
    }

    #[test]
    fn mentions_incomplete_path() {
        let facts = FactsBuilder::mac_arm64()
            .login(|l| l.path_incomplete = true)
            .build();
        assert!(findings(&CHECK, &facts)[0]
            .message
            .contains("could not be worked out"));
    }

    #[test]
    fn notes_installs_on_path_that_are_not_usable() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::Arm64).binary(Err("truncated".into())),
                paths_d("/etc/paths.d/go", 1),
            )
            .active(None)
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert!(f[0].evidence[0].note.starts_with("on PATH but not usable"));
    }

    #[test]
    fn silent_when_go_is_found() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        assert!(findings(&CHECK, &clean_linux().build()).is_empty());
    }
}
