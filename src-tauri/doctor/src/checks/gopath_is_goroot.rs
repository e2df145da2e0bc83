//! `gopath-is-goroot`: a GOPATH element is GOROOT or lies inside it.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{
    clean_path, explicit_setting, path_text, path_within, setting_evidence, Area, Check, ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether an element of GOPATH (the default `~/go` included) is the effective GOROOT or a directory inside it.
The effective GOROOT is the explicitly set one, or else the active `go`'s own root.
A common way to get there is extracting the Go tarball into `~/go`, which is also GOPATH's default.

## Why it hurts
Go ignores such a GOPATH and says so: "GOPATH set to GOROOT has no effect" (golang/vscode-go#682).
Module downloads and `go install` then write into Go's own tree, mixing your files with the standard library, and they are lost or break the next upgrade.

## How to fix
Point GOPATH outside GOROOT: unset it to get the default `~/go` (`go env -u GOPATH`, or delete the export), and if Go itself is installed in `~/go`, reinstall it in `/usr/local/go` or with Homebrew.

## References
- golang/vscode-go#682
- https://go.dev/wiki/GOPATH, `go help gopath`
"#;

pub static CHECK: Check = Check {
    id: "gopath-is-goroot",
    area: Area::Goroot,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "GOPATH is GOROOT or inside it",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let goroot = match facts
        .setting("GOROOT")
        .filter(|s| !s.value.trim().is_empty())
    {
        Some(s) => s.value.trim().to_string(),
        None => match facts.active().and_then(|g| g.goroot.as_deref()) {
            Some(root) => path_text(root),
            None => return,
        },
    };
    let Some(gopath) = facts.setting("GOPATH") else {
        return;
    };
    let goroot = clean_path(&goroot);
    let Some(element) = gopath
        .value
        .split(':')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .find(|e| path_within(e, &goroot))
    else {
        return;
    };
    let element = clean_path(element);
    let relation = if element == goroot { "is" } else { "is inside" };
    let mut finding = CHECK.finding(
        Severity::Warning,
        format!("GOPATH {element} {relation} GOROOT {goroot}"),
        format!(
            "Go ignores a GOPATH set to GOROOT (\"GOPATH set to GOROOT has no effect\"), and downloads and `go install` write into Go's own tree at {goroot}."
        ),
    );
    finding.evidence = setting_evidence("GOPATH", gopath);
    if let Some(s) = explicit_setting(facts, "GOROOT") {
        finding.evidence.extend(setting_evidence("GOROOT", s));
    }
    // Without the setting, Go uses `$HOME/go`, unless that is inside GOROOT too.
    let default_ok = facts
        .home
        .as_deref()
        .is_some_and(|h| !path_within(&format!("{}/go", path_text(h)), &goroot));
    let fix = match explicit_setting(facts, "GOPATH") {
        Some(s) if default_ok => super::unset_fix(
            facts,
            "gopath-is-goroot:remove-gopath",
            "GOPATH",
            s,
            Applicability::Safe,
        ),
        _ => Fix::manual(
            "gopath-is-goroot:move-gopath",
            "Keep GOPATH and GOROOT apart",
            format!(
                "Install Go outside {element} (in `/usr/local/go` or with Homebrew), or choose a GOPATH outside {goroot} with `go env -w GOPATH=<dir>`, then open a new terminal."
            ),
            None,
        ),
    };
    finding.fixes.push(fix);
    finding.hint = Some(if explicit_setting(facts, "GOPATH").is_some() {
        format!(
            "{} to use the default `~/go`, or set GOPATH outside {goroot}",
            super::unset_hint("GOPATH", gopath)
        )
    } else {
        format!("Go is installed in the default GOPATH: reinstall it outside {element} (in `/usr/local/go` or with Homebrew), or set GOPATH elsewhere with `go env -w GOPATH=…`")
    });
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;
    use crate::facts::GoSource;

    #[test]
    fn fix_removes_gopath_or_is_manual() {
        let facts = clean_mac()
            .setting("GOPATH", "/usr/local/go/", rc("/Users/dev/.zshrc", 4))
            .line("/Users/dev/.zshrc", 4, "export GOPATH=/usr/local/go/")
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "gopath-is-goroot:remove-gopath");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            fix.title,
            "Comment out `export GOPATH=/usr/local/go/` in ~/.zshrc:4"
        );
        // Go lives in ~/go: the default GOPATH would be inside it as well.
        let go = InstallBuilder::at(
            "/Users/dev/go/bin/go",
            "/Users/dev/go",
            "go1.27.3",
            &[Arch::Arm64],
            GoSource::Other,
        );
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(go, rc("/Users/dev/.zshrc", 1))
            .setting("GOPATH", "/Users/dev/go", rc("/Users/dev/.zshrc", 2))
            .line("/Users/dev/.zshrc", 2, "export GOPATH=$HOME/go")
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "gopath-is-goroot:move-gopath");
        assert_eq!(fix.applicability, Applicability::Manual);
    }

    #[test]
    fn fires_when_gopath_equals_goroot() {
        let facts = clean_mac()
            .setting("GOPATH", "/usr/local/go/", rc("/Users/dev/.zshrc", 4))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].title, "GOPATH /usr/local/go is GOROOT /usr/local/go");
        assert!(f[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("/Users/dev/.zshrc:4"));
    }

    #[test]
    fn fires_when_go_is_extracted_into_default_gopath() {
        let go = InstallBuilder::at(
            "/Users/dev/go/bin/go",
            "/Users/dev/go",
            "go1.27.3",
            &[Arch::Arm64],
            GoSource::Other,
        );
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(go, rc("/Users/dev/.zshrc", 1))
            .setting(
                "GOPATH",
                "/Users/dev/work:/Users/dev/go/src/x",
                rc("/Users/dev/.zshrc", 2),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(
            f[0].title,
            "GOPATH /Users/dev/go/src/x is inside GOROOT /Users/dev/go"
        );
    }

    #[test]
    fn silent_for_separate_directories() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting("GOPATH", "/usr/local/gopath", rc("/Users/dev/.zshrc", 4))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
