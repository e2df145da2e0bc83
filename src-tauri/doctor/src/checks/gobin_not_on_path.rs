//! `gobin-not-on-path`: the directory `go install` writes to is not on PATH.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::{Applicability, Edit, Fix};

use super::{
    clean_path, explicit_setting, join_and, path_position, path_text, rc_file, same_path,
    setting_evidence, Area, Check, ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether the directory `go install` puts programs in is on the login PATH: GOBIN when set, otherwise the `bin` directory of the first GOPATH element (`~/go/bin` by default).
It fires when that directory holds tools, or exists while Go is installed; it stays silent when no Go is installed.
When part of PATH could not be worked out from the startup files, the finding is information only: the directory may be on PATH after all.

## Why it hurts
Tools installed with `go install` (gopls, dlv, golangci-lint, …) are not found: the shell says `command not found`, and editors fail to start the language server.
The official macOS installer adds `/usr/local/go/bin` to PATH but not `~/go/bin`: "macOS installer pkg doesn't add ~/go/bin to $PATH" (golang/go#62508).

## How to fix
Add the directory to PATH in `~/.zshrc` (or `~/.bash_profile` for bash): `export PATH="$PATH:$(go env GOPATH)/bin"`, then open a new terminal.

## References
- golang/go#62508, golang/go#66978
- https://go.dev/doc/code#Command (`go install` and GOBIN)
"#;

pub static CHECK: Check = Check {
    id: "gobin-not-on-path",
    area: Area::Path,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "The `go install` directory is not on PATH",
    doc: DOC,
    run,
};

/// The `go install` directory, when it is missing from PATH and holds tools or exists.
pub(super) struct Missing {
    pub dir: String,
    /// `GOBIN` or `GOPATH`: where the directory comes from.
    pub source_name: &'static str,
    pub tools: Vec<String>,
}

pub(super) fn missing(facts: &Facts) -> Option<Missing> {
    let gobin = facts
        .setting("GOBIN")
        .filter(|s| !s.value.trim().is_empty());
    let (dir, source_name) = match gobin {
        Some(s) => (clean_path(s.value.trim()), "GOBIN"),
        None => {
            let gopath = facts.setting("GOPATH").map_or("", |s| s.value.as_str());
            let first = gopath.split(':').map(str::trim).find(|p| !p.is_empty())?;
            (clean_path(&format!("{first}/bin")), "GOPATH")
        }
    };
    if path_position(facts, &dir).is_some() {
        return None;
    }
    let tools: Vec<String> = facts
        .tools
        .iter()
        .filter(|t| {
            t.path
                .parent()
                .is_some_and(|p| same_path(&path_text(p), &dir))
        })
        .map(|t| t.name.clone())
        .collect();
    let exists = facts
        .tool_dirs
        .iter()
        .any(|d| same_path(&path_text(d), &dir));
    if tools.is_empty() && !exists {
        return None;
    }
    Some(Missing {
        dir,
        source_name,
        tools,
    })
}

/// The line that appends the `go install` directory to PATH.
pub(super) fn path_line(facts: &Facts, dir: &str) -> String {
    format!("export PATH=\"$PATH:{}\"", super::shell_dir(facts, dir))
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    // Without a `go` on PATH there is nothing to `go install` with yet; `go-not-found`
    // says what matters first.
    if facts.active().is_none() {
        return;
    }
    let Some(Missing {
        dir,
        source_name,
        tools,
    }) = missing(facts)
    else {
        return;
    };
    let mut title = format!("{dir} is not on PATH");
    if !tools.is_empty() {
        title.push_str(&format!(" ({})", join_and(&tools)));
    }
    let incomplete = facts.login.path_incomplete;
    let severity = if incomplete {
        Severity::Info
    } else {
        Severity::Warning
    };
    let mut message = format!(
        "Programs installed with `go install` go to {dir}, so a new terminal answers `command not found` for them and editors cannot start tools such as gopls."
    );
    if incomplete {
        message.push_str(" Part of PATH could not be worked out from the startup files, so this may be a false alarm.");
    }
    let mut finding = CHECK.finding(severity, title, message);
    if let Some(s) = explicit_setting(facts, source_name) {
        finding.evidence = setting_evidence(source_name, s);
    } else {
        finding.evidence.push(Evidence::note(format!(
            "{source_name} is Go's default, so tools go to {dir}"
        )));
    }
    for name in &tools {
        finding.evidence.push(Evidence::at(
            format!("{dir}/{name}"),
            None,
            "installed tool",
        ));
    }
    finding.hint = Some(format!(
        "Add `export PATH=\"$PATH:{dir}\"` to `{}`, then open a new terminal",
        rc_file(facts)
    ));
    finding.fixes.push(fix(facts, &dir));
    out.push(finding);
}

/// Append the directory to PATH in the startup file for PATH changes.
fn fix(facts: &Facts, dir: &str) -> Fix {
    let id = "gobin-not-on-path:add-to-path";
    match crate::fix::profile_file(facts) {
        Some(file) => Fix::new(
            id,
            format!("Add `{dir}` to PATH in {}", super::tilde(facts, &file)),
            Applicability::Safe,
        )
        .edit(Edit::EnsureBlock {
            path: file,
            block: CHECK.id.into(),
            lines: vec![path_line(facts, dir)],
        }),
        None => Fix::manual(
            id,
            format!("Add `{dir}` to PATH"),
            format!(
                "Add `export PATH=\"$PATH:{dir}\"` to `{}`, then open a new terminal.",
                rc_file(facts)
            ),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;
    use crate::facts::Origin;

    fn without_gobin_on_path() -> FactsBuilder {
        FactsBuilder::mac_arm64().install_on_path(
            InstallBuilder::official("go1.27.3", Arch::Arm64),
            paths_d("/etc/paths.d/go", 1),
        )
    }

    #[test]
    fn fires_with_tools() {
        let facts = without_gobin_on_path()
            .tool(
                "gopls",
                tool_bin(
                    &[Arch::Arm64],
                    "go1.27.3",
                    "golang.org/x/tools/gopls",
                    "v0.20.0",
                ),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].title, "/Users/dev/go/bin is not on PATH (gopls)");
        assert!(f[0].hint.as_deref().unwrap().contains("/Users/dev/.zshrc"));
    }

    #[test]
    fn fix_appends_the_directory_to_path() {
        let facts = without_gobin_on_path().build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "gobin-not-on-path:add-to-path");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.title, "Add `/Users/dev/go/bin` to PATH in ~/.zshrc");
        assert_eq!(
            fix.edits,
            vec![Edit::EnsureBlock {
                path: "/Users/dev/.zshrc".into(),
                block: "gobin-not-on-path".into(),
                lines: vec!["export PATH=\"$PATH:$HOME/go/bin\"".into()],
            }]
        );
        // bash: the login file it reads.
        let facts = clean_linux()
            .login(|l| l.path.retain(|e| !e.dir.ends_with("go/bin")))
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(
            fix.edits[0].path(),
            std::path::Path::new("/home/dev/.bash_profile")
        );
        // No home: nothing to edit.
        let facts = without_gobin_on_path()
            .setting("GOBIN", "/opt/bin", Origin::Inherited)
            .home(None)
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
    }

    #[test]
    fn uses_gobin_and_downgrades_when_path_incomplete() {
        let facts = without_gobin_on_path()
            .setting("GOBIN", "/Users/dev/bin/", rc("/Users/dev/.zshrc", 5))
            .login(|l| l.path_incomplete = true)
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].title, "/Users/dev/bin is not on PATH");
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].evidence[0].line, Some(5));
    }

    #[test]
    fn silent_when_on_path_missing_or_no_go() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .login(|l| l.path.last_mut().unwrap().dir = "/Users/dev/go/bin/".into())
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        // The directory does not exist and holds no tools.
        let facts = without_gobin_on_path().tool_dirs(&[]).build();
        assert!(findings(&CHECK, &facts).is_empty());
        assert!(findings(&CHECK, &FactsBuilder::mac_arm64().build()).is_empty());
    }
}
