//! `go-binary-unreadable`: a `go` on PATH is corrupt, truncated or a broken symlink.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};

use super::{path_entry_evidence, path_text, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether every `go` reachable through the login PATH can be read: its symlinks resolve (no dangling link, no loop) and its header is a valid executable NativeGo can parse.

## Why it hurts
A dangling `go` symlink is what remains after uninstalling a Go that something still links to (a Homebrew link, a version-manager shim); the shell reports `zsh: no such file or directory: go` or `command not found` although `go` appears to be on PATH.
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
        let binary_error = install.binary.as_ref().err();
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
        let mut finding = CHECK.finding(
            Severity::Warning,
            format!("{path} cannot be read: {reason}"),
            "This `go` on PATH is broken, so running it fails, and NativeGo cannot tell its version or architecture.",
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
    use crate::checks::testing::*;
    use crate::facts::Arch;

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
                    .problem("dangling symlink to ../Cellar/go/1.26.4/bin/go"),
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
