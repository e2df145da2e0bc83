//! `go-shim-unresolved`: the `go` a new terminal runs is a version manager's shim that runs
//! no Go there (no version selected, or the selected one is not installed).

use crate::facts::{Facts, GoInstall, Shim, ShimProblem};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;
use crate::probe::managers;

use super::{path_entry_evidence, path_text, tilde, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether the `go` a new terminal runs, when it is a version manager's shim (asdf's `~/.asdf/shims/go`, goenv's `~/.goenv/shims/go`, mise's `~/.local/share/mise/shims/go`), runs a Go in the home folder.
NativeGo reads what the manager reads, without running it: `ASDF_GOLANG_VERSION` / `GOENV_VERSION` / `MISE_GO_VERSION`, `.tool-versions`, `.go-version`, `mise.toml` and `~/.config/mise/config.toml` from the home folder up, and goenv's global `version` file; then it looks for that version among the manager's installs.

## Why it hurts
Every `go` command fails in every folder that does not choose a version itself:
- asdf: `No version is set for command go` and `Consider adding one of the following versions in your config file at /Users/you/.tool-versions`; for a version that is not installed, `No preset version installed for command go`;
- goenv: `goenv: version '1.22.0' is not installed (set by /Users/you/.goenv/version)`;
- mise: `mise ERROR No version is set for shim: go` or a `missing: go@1.22` warning.
Editors and tools that run `go` (gopls, the Go extension, `go generate` in a build) fail the same way, often with less clear messages.

## How to fix
Choose an installed version for the home folder (`asdf set -u golang 1.22.0` — `asdf global golang 1.22.0` before asdf 0.16; `goenv global 1.22.0`; `mise use -g go@1.22`), or install the one that is asked for (`asdf install golang 1.22.0`, `goenv install 1.22.0`, `mise install go@1.22`).

## References
- asdf-vm/asdf#914, #1785, #1686; asdf-community/asdf-golang#132
- https://asdf-vm.com/manage/configuration.html, https://github.com/go-nv/goenv, https://mise.jdx.dev/configuration.html
"#;

pub static CHECK: Check = Check {
    id: "go-shim-unresolved",
    area: Area::Toolchain,
    severity: Severity::Error,
    applies_to: ALL_OS,
    summary: "The `go` on PATH is a version manager's shim that runs no Go",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(install) = facts.active() else {
        return;
    };
    let Some(shim) = install.shim.as_ref() else {
        return;
    };
    let Some(problem) = &shim.problem else {
        return;
    };
    let m = shim.manager.as_str();
    let path = path_text(&install.path);
    let (title, message) = match problem {
        ShimProblem::NoVersion => (
            format!("`go` is {m}'s shim, and {m} has no Go version set for your home folder"),
            format!(
                "Every `go` command in a folder without its own version fails{}.",
                said(m, None)
            ),
        ),
        ShimProblem::NotInstalled { version } => (
            format!("`go` is {m}'s shim, and the Go {version} it is set to run is not installed"),
            format!(
                "Every `go` command in a folder without its own version fails{}.",
                said(m, Some((version, shim)))
            ),
        ),
        ShimProblem::NoSystemGo => (
            format!("`go` is {m}'s shim set to `system`, and there is no other `go` on PATH"),
            "Every `go` command in a folder without its own version fails: the shim looks for a Go after itself on PATH and finds none.".into(),
        ),
        ShimProblem::Unreadable { version } => (
            format!("`go` is {m}'s shim, set to `{version}`, which NativeGo cannot resolve"),
            format!("NativeGo resolves installed versions only; `{version}` is decided by {m} when it runs, so which Go runs, and whether it is native, is unknown."),
        ),
    };
    let severity = match problem {
        ShimProblem::Unreadable { .. } => Severity::Info,
        _ => Severity::Error,
    };
    let mut finding = CHECK.finding(severity, title, message);
    finding.evidence.push(Evidence::at(
        &install.path,
        None,
        format!("{m}'s shim for `go`"),
    ));
    if let Some(i) = install.path_index {
        finding.evidence.push(path_entry_evidence(
            facts,
            i,
            format!("PATH entry {} provides {path}", i + 1),
        ));
    }
    match (&shim.set_by_path, &shim.set_by) {
        (Some(p), _) => finding.evidence.push(Evidence::at(
            p,
            shim.set_by_line,
            format!(
                "asks for `{}`",
                shim.requested.as_deref().unwrap_or_default()
            ),
        )),
        (None, Some(var)) => finding.evidence.push(Evidence::note(format!(
            "{var} asks for `{}`",
            shim.requested.as_deref().unwrap_or_default()
        ))),
        _ => {}
    }
    finding
        .evidence
        .push(Evidence::note(if shim.installed.is_empty() {
            format!("{m} has no Go installed")
        } else {
            format!("{m} has Go {} installed", shim.installed.join(", "))
        }));
    if let Some(fix) = fix(facts, install, shim, problem) {
        finding.hint = fix.command.as_ref().map(|c| format!("Run `{c}`"));
        finding.fixes.push(fix);
    }
    out.push(finding);
}

/// `: asdf says …` — the manager's own words, where they are known.
fn said(manager: &str, not_installed: Option<(&String, &Shim)>) -> String {
    match (manager, not_installed) {
        ("asdf", None) => " with `No version is set for command go`".into(),
        ("asdf", Some(_)) => " with `No preset version installed for command go`".into(),
        ("goenv", Some((v, shim))) => format!(
            " with `goenv: version '{v}' is not installed (set by {})`",
            shim.set_by.as_deref().unwrap_or("goenv")
        ),
        ("goenv", None) => " (goenv finds no version to run)".into(),
        _ => " (mise finds no Go to run)".into(),
    }
}

fn fix(facts: &Facts, install: &GoInstall, shim: &Shim, problem: &ShimProblem) -> Option<Fix> {
    let m = shim.manager.as_str();
    let id = format!("go-shim-unresolved:{m}");
    let newest = shim.installed.first();
    let (title, command) = match (problem, newest) {
        (ShimProblem::NoVersion, Some(v)) | (ShimProblem::NoSystemGo, Some(v)) => (
            format!("Choose the installed Go {v} for your home folder"),
            managers::use_command(m, v),
        ),
        (ShimProblem::NotInstalled { version }, _) => (
            format!("Install Go {version} with {m}"),
            managers::install_command(m, version),
        ),
        (ShimProblem::NoVersion | ShimProblem::NoSystemGo, None) => (
            format!("Install a Go with {m} and choose it"),
            format!(
                "{} && {}",
                managers::install_command(m, "latest"),
                managers::use_command(m, "latest")
            ),
        ),
        (ShimProblem::Unreadable { .. }, _) => return None,
    };
    let older = if m == "asdf" {
        " (before asdf 0.16: `asdf global golang …`)"
    } else {
        ""
    };
    let set_by = shim
        .set_by_path
        .as_deref()
        .map(|p| format!(" The version is chosen in {}.", tilde(facts, p)))
        .unwrap_or_default();
    let _ = install;
    Some(Fix::manual(
        id,
        title,
        format!("Run `{command}`{older}, then open a new terminal.{set_by}"),
        Some(command),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;

    fn shim_facts(problem: Option<ShimProblem>, installed: &[&str]) -> Facts {
        let mut b = InstallBuilder::asdf_shim();
        b.0.shim = Some(Shim {
            manager: "asdf".into(),
            requested: Some("1.21.0".into()),
            set_by: Some("/Users/dev/.tool-versions".into()),
            set_by_path: Some("/Users/dev/.tool-versions".into()),
            set_by_line: Some(2),
            target: None,
            problem,
            installed: installed.iter().map(|s| s.to_string()).collect(),
        });
        FactsBuilder::mac_arm64()
            .install_on_path(b, rc("/Users/dev/.zprofile", 1))
            .build()
    }

    #[test]
    fn a_version_not_installed_is_an_error_with_the_install_command() {
        let facts = shim_facts(
            Some(ShimProblem::NotInstalled {
                version: "1.21.0".into(),
            }),
            &["1.22.0"],
        );
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0]
            .title
            .contains("Go 1.21.0 it is set to run is not installed"));
        assert!(f[0]
            .message
            .contains("No preset version installed for command go"));
        assert!(f[0]
            .evidence
            .iter()
            .any(|e| e.line == Some(2) && e.note.contains("asks for `1.21.0`")));
        assert_eq!(
            f[0].fixes[0].command.as_deref(),
            Some("asdf install golang 1.21.0")
        );
    }

    #[test]
    fn no_version_proposes_the_newest_installed() {
        let facts = shim_facts(Some(ShimProblem::NoVersion), &["1.23.1", "1.22.0"]);
        let f = findings(&CHECK, &facts);
        assert!(f[0].message.contains("No version is set for command go"));
        assert_eq!(
            f[0].fixes[0].command.as_deref(),
            Some("asdf set -u golang 1.23.1")
        );
    }

    #[test]
    fn a_resolved_shim_is_fine() {
        assert!(findings(&CHECK, &shim_facts(None, &["1.22.0"])).is_empty());
    }
}
