//! `goroot-invalid`: GOROOT is set to something that is not a Go root.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};

use super::{
    clean_path, explicit_goroot, path_text, probe_problem, same_goroot, setting_evidence,
    unset_hint, Area, Check, ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether an explicitly set GOROOT names a directory that `go` can use: it must exist and contain `pkg/tool`, which is the only thing cmd/go itself checks.
A GOROOT equal to the root of a Go installation NativeGo found is valid; otherwise the probe looks at the directory.
Typical mistakes are pointing GOROOT at the `go` binary (`/opt/homebrew/bin/go`, `/usr/local/go/bin/go`) or at a `bin` directory, or at an install that has since been removed or upgraded.

## Why it hurts
Every `go` command fails before doing anything.
A missing directory (or a file) gives `go: cannot find GOROOT directory: /opt/homebrew/bin/go` (danielmiessler/Fabric#971, after `export GOROOT="/opt/homebrew/bin/go"` in `.zshenv`) or `go: cannot find GOROOT directory: /opt/homebrew/opt/go/libexec` (DanielMSchmidt/dotfiles#3, after moving to mise).
A directory without `pkg/tool` leaves `go` without its compiler and linker.
Written with `go env -w GOROOT=…`, the value survives reinstalling Go (golang/go#79648).

## How to fix
Delete the `export GOROOT=…` line, or run `go env -u GOROOT` if it is in the go env file, and open a new terminal.
`go` finds its own root; "you normally do not need to manually set `GOROOT`" (Fabric#971).

## References
- golang/go `src/cmd/go/internal/cfg/cfg.go` (`findGOROOT`, `isGOROOT`) and `src/cmd/go/main.go`
- danielmiessler/Fabric#971, DanielMSchmidt/dotfiles#3, golang/vscode-go#1501, golang/go#79648
"#;

pub static CHECK: Check = Check {
    id: "goroot-invalid",
    area: Area::Goroot,
    severity: Severity::Error,
    applies_to: ALL_OS,
    summary: "GOROOT is set to something that is not a Go root",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = explicit_goroot(facts) else {
        return;
    };
    let value = setting.value.trim();
    let known = facts.installs.iter().any(|i| {
        i.goroot
            .as_deref()
            .is_some_and(|root| same_goroot(value, &path_text(root)))
    });
    if known {
        return;
    }
    let Some(problem) = probe_problem(facts, "goroot-invalid", value) else {
        return;
    };
    let cleaned = clean_path(value);
    let lacks_tools = problem.detail.contains("pkg/tool");
    let (what, consequence) = if lacks_tools {
        (
            "which has no pkg/tool directory",
            "`go` finds no compiler or linker there, so no package builds".to_string(),
        )
    } else if problem.detail.contains("does not exist") {
        (
            "which does not exist",
            format!("every `go` command fails with `go: cannot find GOROOT directory: {cleaned}`"),
        )
    } else {
        (
            "which is not a directory",
            format!("every `go` command fails with `go: cannot find GOROOT directory: {cleaned}`"),
        )
    };
    let mistake = if cleaned.ends_with("/bin/go") || cleaned.ends_with("/bin") {
        let bin = cleaned.strip_suffix("/go").unwrap_or(&cleaned);
        let root = bin.strip_suffix("/bin").unwrap_or(bin);
        format!(
            " It looks like a `bin` path: a Go root is the directory above `bin`, such as {root}."
        )
    } else {
        String::new()
    };
    let mut finding = CHECK.finding(
        Severity::Error,
        format!("GOROOT points at {cleaned}, {what}"),
        format!("GOROOT is set to {value}, so {consequence}.{mistake}"),
    );
    finding.evidence = setting_evidence("GOROOT", setting);
    finding
        .evidence
        .push(crate::finding::Evidence::note(format!(
            "{cleaned}: {}",
            problem.detail
        )));
    finding.hint = Some(format!(
        "{}, then open a new terminal: `go` finds its own GOROOT",
        unset_hint("GOROOT", setting)
    ));
    finding.fixes = super::goroot_fixes(facts, CHECK.id, setting);
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    #[test]
    fn fires_for_goroot_at_the_binary() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/x", 1))
            .setting(
                "GOROOT",
                "/opt/homebrew/bin/go",
                rc("/Users/dev/.zshenv", 3),
            )
            .problem(
                "goroot-invalid",
                Some("/opt/homebrew/bin/go"),
                "not a directory",
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].title,
            "GOROOT points at /opt/homebrew/bin/go, which is not a directory"
        );
        assert!(f[0]
            .message
            .contains("go: cannot find GOROOT directory: /opt/homebrew/bin/go"));
        assert!(f[0].message.contains("such as /opt/homebrew"));
    }

    #[test]
    fn fires_for_directory_without_pkg_tool() {
        let facts = clean_mac()
            .setting("GOROOT", "/Users/dev/go", go_env_file(1))
            .problem(
                "goroot-invalid",
                Some("/Users/dev/go/"),
                "exists but has no pkg/tool",
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(
            f[0].title,
            "GOROOT points at /Users/dev/go, which has no pkg/tool directory"
        );
    }

    #[test]
    fn silent_for_known_install_or_without_probe_problem() {
        let facts = clean_mac()
            .setting("GOROOT", "/usr/local/go", rc("/Users/dev/.zshrc", 3))
            .problem("goroot-invalid", Some("/usr/local/go"), "stale")
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = clean_mac()
            .setting("GOROOT", "/opt/go", rc("/Users/dev/.zshrc", 3))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
    }
}
