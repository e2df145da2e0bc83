//! `go-binary-unreadable`: a `go` on PATH is corrupt, truncated or a broken symlink.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};

use super::{path_entry_evidence, path_text, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether every `go` reachable through the login PATH can be read: its symlinks resolve (no dangling link, no loop) and its header is a valid executable NativeGo can parse. A `go` that is a `#!` script (a version manager's shim, a wrapper) is not broken and is not reported here: which Go it runs is decided when it runs.

## Why it hurts
A dangling `go` symlink is what remains after uninstalling a Go that something still links to (a Homebrew link, a version-manager shim). zsh and bash skip it when looking `go` up: a new terminal silently runs the next `go` on PATH, which may be an older or Intel one, or says `zsh: command not found: go` when there is none (a shell that had already remembered the old path says `zsh: no such file or directory: /opt/homebrew/bin/go`).
A truncated or corrupt binary, typically from an interrupted download or extraction, crashes or fails with `exec format error`.
NativeGo also cannot tell its version or architecture, so other checks cannot judge it.

## How to fix
Remove the broken link or file and reinstall Go: `brew reinstall go`, the `.pkg` from https://go.dev/dl/, or `rm -rf /usr/local/go` and extract the tarball again.

## References
- https://go.dev/doc/manage-install
"#;

pub static CHECK: Check = Check {
    id: "go-binary-unreadable",
    area: Area::Toolchain,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "A `go` on PATH is corrupt or a broken symlink",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    for install in &facts.installs {
        let Some(index) = install.path_index else {
            continue;
        };
        // A script (a shim) is not broken; what it runs is another question.
        let binary_error = install
            .binary
            .as_ref()
            .err()
            .filter(|_| install.script.is_none() && install.shim.is_none());
        if binary_error.is_none() && install.problems.is_empty() {
            continue;
        }
        let path = path_text(&install.path);
        let reason = install
            .problems
            .first()
            .map(String::as_str)
            .or(binary_error.map(String::as_str))
            .unwrap_or_default()
            .trim()
            .to_string();
        let why = if install.is_runnable() {
            "This `go` on PATH is broken, so running it fails, and NativeGo cannot tell its version or architecture.".to_string()
        } else {
            // Shells skip a name whose links cannot be followed and look further on PATH.
            match facts.active() {
                Some(active) if active.path_index > Some(index) => format!(
                    "Shells skip this broken link and look further on PATH: a new terminal runs `{}` instead.",
                    path_text(&active.path)
                ),
                _ => "Shells skip this broken link, and no other `go` on PATH can run: a new terminal says `command not found: go`.".to_string(),
            }
        };
        let mut finding = CHECK.finding(
            Severity::Warning,
            format!("{path} cannot be read: {reason}"),
            why,
        );
        for problem in &install.problems {
            finding
                .evidence
                .push(Evidence::at(&install.path, None, problem.trim()));
        }
        if let Some(err) = binary_error {
            finding.evidence.push(Evidence::at(
                &install.path,
                None,
                format!("binary: {}", err.trim()),
            ));
        }
        finding.evidence.push(path_entry_evidence(
            facts,
            index,
            format!(
                "PATH entry {} `{}` provides it",
                index + 1,
                facts.login.path[index].dir
            ),
        ));
        finding.hint = Some(format!(
            "Remove `{path}` if it is a stale link and reinstall Go (`brew reinstall go`, or the package from https://go.dev/dl/)"
        ));
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    #[test]
    fn fires_for_corrupt_binary_and_dangling_link() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::Arm64).binary(Err(
                    "truncated or corrupt Mach-O file: load commands past end".into(),
                )),
                paths_d("/etc/paths.d/go", 1),
            )
            .install_on_path(
                InstallBuilder::homebrew("go1.26.4")
                    .dangling("dangling symlink to ../Cellar/go/1.26.4/bin/go"),
                rc("/Users/dev/.zshrc", 2),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].title,
            "/usr/local/go/bin/go cannot be read: truncated or corrupt Mach-O file: load commands past end"
        );
        assert_eq!(
            f[1].title,
            "/opt/homebrew/bin/go cannot be read: dangling symlink to ../Cellar/go/1.26.4/bin/go"
        );
        assert_eq!(f[1].evidence.last().unwrap().line, Some(2));
        // The corrupt one comes first on PATH: it is run, and fails. The dangling link
        // comes later: it does not matter which `go` runs, but it is still reported.
        assert!(
            f[0].message.contains("running it fails"),
            "{}",
            f[0].message
        );
        assert!(f[1].message.contains("command not found") || f[1].message.contains("instead"));
    }

    #[test]
    fn a_dangling_link_first_on_path_is_skipped_by_shells() {
        // `brew uninstall go` left /opt/homebrew/bin/go behind; the official Go is later on
        // PATH, and that is what a new terminal runs (zsh and bash skip the broken link).
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::homebrew("go1.26.4").dangling(
                    "`/opt/homebrew/bin/go` cannot be resolved: No such file or directory",
                ),
                rc("/Users/dev/.zprofile", 2),
            )
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::Arm64),
                paths_d("/etc/paths.d/go", 1),
            )
            .build();
        assert_eq!(
            facts.active().unwrap().path,
            std::path::Path::new("/usr/local/go/bin/go")
        );
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "Shells skip this broken link and look further on PATH: a new terminal runs `/usr/local/go/bin/go` instead."
        );
        // Nothing else on PATH: `command not found`.
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::homebrew("go1.26.4").dangling("dangling"),
                rc("/Users/dev/.zprofile", 2),
            )
            .build();
        assert!(facts.active().is_none());
        let f = findings(&CHECK, &facts);
        assert!(
            f[0].message.contains("`command not found: go`"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn silent_for_readable_or_off_path_installs() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .install(InstallBuilder::homebrew("go1.26.4").binary(Err("bad".into())))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
