//! `go-shadowed`: several Go installations on PATH, one hiding the others.

use crate::facts::{Facts, GoInstall, GoSource};
use crate::finding::{Finding, Severity};
use crate::fix::{Applicability, Fix};

use super::{
    install_dir, install_identity, join_and, path_entry_evidence, plural, rc_file, version_label,
    Area, Check, ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether more than one distinct Go installation is reachable through the login PATH.
Installs are told apart by their GOROOT (or resolved binary), so `/opt/homebrew/bin/go` and `/opt/homebrew/opt/go/bin/go`, two links to the same Homebrew Go, count once.
The finding names the `go` that wins (the first on PATH), the ones it hides, their versions, and the PATH entries responsible with the file and line that added each (a startup file, `/etc/paths`, `/etc/paths.d/go`, `brew shellenv`).

## Why it hurts
Which Go runs depends on PATH order, which depends on which startup file ran last; the answer can differ between Terminal, an IDE and a script.
Users report upgrading one Go and still running the other: "/usr/local/go is a root-owned, stale Go 1.17 install that still shadows brew's Go (now 1.27.1) via /etc/paths.d/go" (bathan/matrix#18), or the reverse, "It replaced my installed goversion (go1.16) to (go.1.15.2) … /usr/local/Cellar was put in front of my local go package" (FiloSottile/age#194).
Tools installed by one Go and run by another, or GOROOT pointing at the loser, then break in confusing ways.

## How to fix
Keep one Go:
- Official installer: `sudo rm -rf /usr/local/go /etc/paths.d/go`.
- Homebrew: `brew uninstall go` (or `brew unlink go`).
- Version managers: remove their PATH line from your startup files.

If you need several versions, install them with `go install golang.org/dl/go1.X.Y@latest` (they are named `go1.X.Y`, not `go`) or let `GOTOOLCHAIN` switch per module.

## References
- bathan/matrix#18, FiloSottile/age#194, go-delve/delve#901
- https://go.dev/doc/manage-install
- path_helper ordering: apple-oss-distributions/shell_cmds `path_helper/path_helper.c`
"#;

pub static CHECK: Check = Check {
    id: "go-shadowed",
    area: Area::Path,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "Several Go installations on PATH; the first hides the others",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    // One group per distinct install, in PATH order: (identity, lowest PATH index, installs).
    let mut groups: Vec<(String, usize, Vec<&GoInstall>)> = Vec::new();
    let mut on_path: Vec<&GoInstall> = facts
        .installs
        .iter()
        .filter(|i| i.path_index.is_some())
        .collect();
    on_path.sort_by_key(|i| i.path_index);
    for install in on_path {
        let id = install_identity(install);
        let index = install.path_index.unwrap_or(usize::MAX);
        match groups.iter_mut().find(|(g, _, _)| *g == id) {
            Some((_, _, members)) => members.push(install),
            None => groups.push((id, index, vec![install])),
        }
    }
    if groups.len() < 2 {
        return;
    }
    let winner = groups[0].2[0];
    // The user chose this Go with NativeGo's fix: the others are merely installed.
    let chosen = winner
        .path_index
        .and_then(|i| facts.login.path.get(i))
        .is_some_and(|entry| {
            facts
                .login
                .managed_blocks
                .iter()
                .any(|b| b.name == "go-shadowed" && b.contains(&entry.origin))
        });
    if chosen {
        return;
    }
    let losers: Vec<&GoInstall> = groups[1..].iter().map(|(_, _, m)| m[0]).collect();
    let describe = |g: &GoInstall| format!("{} in {}", version_label(g), install_dir(g));
    let loser_names: Vec<String> = losers.iter().map(|g| describe(g)).collect();
    let title = format!("{} shadows {}", describe(winner), join_and(&loser_names));
    let message = format!(
        "{} Go installations are on PATH and a new terminal runs the first one, {} ({}). \
         Upgrading or configuring one of the others has no effect, and tools or GOROOT set up for them fail in confusing ways.",
        groups.len(),
        version_label(winner),
        winner.source.label(),
    );
    let mut finding = CHECK.finding(Severity::Warning, title, message);
    // By the Go that runs: the same shadowing after an upgrade of either is not new.
    finding.key = format!("{}:{}", CHECK.id, install_dir(winner));
    for (n, (_, _, members)) in groups.iter().enumerate() {
        for member in members {
            let Some(index) = member.path_index else {
                continue;
            };
            let role = if n == 0 { "runs" } else { "is shadowed" };
            finding.evidence.push(path_entry_evidence(
                facts,
                index,
                format!(
                    "PATH entry {} `{}` provides {} ({}), which {role}",
                    index + 1,
                    facts.login.path[index].dir,
                    version_label(member),
                    member.source.label()
                ),
            ));
        }
    }
    let removals: Vec<String> = losers.iter().filter_map(|g| removal(g)).collect();
    finding.hint = Some(if removals.is_empty() {
        format!(
            "Keep one Go: remove the others' PATH lines, or reorder PATH in `{}` so the one you want comes first ({} found)",
            rc_file(facts),
            plural(groups.len(), "install")
        )
    } else {
        format!(
            "Keep one Go: {}; or reorder PATH in `{}` so the one you want comes first",
            removals.join("; "),
            rc_file(facts)
        )
    });
    finding.fixes = fixes(facts, &losers);
    out.push(finding);
}

/// One fix per shadowed install worth choosing (native, supported): put it first on PATH;
/// then, by hand, uninstalling the ones that are not wanted.
fn fixes(facts: &Facts, losers: &[&GoInstall]) -> Vec<Fix> {
    let mut fixes: Vec<Fix> = Vec::new();
    let unique_id = |fixes: &[Fix], base: String| {
        let mut id = base.clone();
        let mut n = 2;
        while fixes.iter().any(|f| f.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    };
    for loser in losers {
        let Some(index) = facts.installs.iter().position(|i| std::ptr::eq(i, *loser)) else {
            continue;
        };
        if !super::good_candidate(facts, index) {
            continue;
        }
        let id = unique_id(
            &fixes,
            format!("go-shadowed:prefer-{}", super::source_slug(&loser.source)),
        );
        fixes.extend(super::prefer_install_fix(
            facts,
            &id,
            loser,
            Applicability::Unsafe,
        ));
    }
    for loser in losers {
        let id = unique_id(
            &fixes,
            format!("go-shadowed:remove-{}", super::source_slug(&loser.source)),
        );
        fixes.extend(super::remove_install_fix(facts, &id, loser));
    }
    fixes
}

fn removal(install: &GoInstall) -> Option<String> {
    Some(match &install.source {
        GoSource::Official => {
            "remove the official install with `sudo rm -rf /usr/local/go /etc/paths.d/go`".into()
        }
        GoSource::Homebrew { prefix } | GoSource::IntelHomebrew { prefix } => format!(
            "remove Homebrew's with `{}/bin/brew uninstall go`",
            prefix.display()
        ),
        GoSource::VersionManager { name } => {
            format!("remove {name}'s line from your startup files")
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Arch;
    use crate::checks::testing::*;

    #[test]
    fn fixes_prefer_each_good_shadowed_go_and_remove_by_hand() {
        let facts = brew_and_official()
            .install_on_path(
                InstallBuilder::at(
                    "/Users/dev/sdk/go1.27.1/bin/go",
                    "/Users/dev/sdk/go1.27.1",
                    "go1.27.1",
                    &[Arch::Arm64],
                    crate::facts::GoSource::Sdk,
                ),
                rc("/Users/dev/.zshrc", 9),
            )
            .setting(
                "GOROOT",
                "/opt/homebrew/opt/go/libexec",
                rc("/Users/dev/.zshrc", 3),
            )
            .line(
                "/Users/dev/.zshrc",
                3,
                "export GOROOT=/opt/homebrew/opt/go/libexec",
            )
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        let ids: Vec<&str> = fixes.iter().map(|f| f.id.as_str()).collect();
        // go1.17.13 is out of support: not offered as a choice, only as a removal.
        assert_eq!(
            ids,
            ["go-shadowed:prefer-sdk", "go-shadowed:remove-official"]
        );
        let prefer = &fixes[0];
        assert_eq!(prefer.applicability, Applicability::Unsafe);
        assert_eq!(
            prefer.title,
            "Put `/Users/dev/sdk/go1.27.1/bin` first on PATH in ~/.zshrc, and comment out `export GOROOT=/opt/homebrew/opt/go/libexec` in ~/.zshrc:3"
        );
        assert_eq!(
            prefer.edits[0],
            crate::fix::Edit::EnsureBlock {
                path: "/Users/dev/.zshrc".into(),
                block: "go-shadowed".into(),
                lines: vec!["export PATH=\"$HOME/sdk/go1.27.1/bin:$PATH\"".into()],
            }
        );
        assert_eq!(prefer.edits.len(), 2);
        assert_eq!(fixes[1].applicability, Applicability::Manual);
        assert_eq!(
            fixes[1].command.as_deref(),
            Some("sudo rm -rf /usr/local/go /etc/paths.d/go")
        );
    }

    fn brew_and_official() -> FactsBuilder {
        FactsBuilder::mac_arm64()
            .path_entry_first(
                "/opt/homebrew/bin",
                crate::facts::Origin::BrewShellenv {
                    path: "/Users/dev/.zprofile".into(),
                    line: 1,
                    prefix: "/opt/homebrew".into(),
                },
            )
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/unused", 1))
            .install_on_path(
                InstallBuilder::official("go1.17.13", Arch::Arm64),
                paths_d("/etc/paths.d/go", 1),
            )
    }

    #[test]
    fn fires_for_homebrew_and_official() {
        let f = findings(&CHECK, &brew_and_official().build());
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "go1.27.3 in /opt/homebrew/bin shadows go1.17.13 in /usr/local/go/bin"
        );
        assert_eq!(f[0].evidence.len(), 2);
        assert_eq!(f[0].evidence[0].line, Some(1));
        assert_eq!(
            f[0].evidence[1].path.as_deref(),
            Some(std::path::Path::new("/etc/paths.d/go"))
        );
        assert!(f[0].hint.as_deref().unwrap().contains("/etc/paths.d/go"));
    }

    #[test]
    fn a_go_chosen_with_nativego_is_not_reported() {
        let chosen = |name: &str| {
            let mut facts = FactsBuilder::mac_arm64()
                .path_entry_first("/opt/homebrew/bin", rc("/Users/dev/.zshrc", 12))
                .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/unused", 1))
                .install_on_path(
                    InstallBuilder::official("go1.26.4", Arch::Arm64),
                    paths_d("/etc/paths.d/go", 1),
                )
                .build();
            facts.login.managed_blocks.push(crate::facts::ManagedBlock {
                path: "/Users/dev/.zshrc".into(),
                name: name.into(),
                first_line: 10,
                last_line: 13,
            });
            findings(&CHECK, &facts)
        };
        assert!(chosen("go-shadowed").is_empty());
        // Another tool's block, or another check's, is not a choice between Go installs.
        assert_eq!(chosen("gobin-not-on-path").len(), 1);
    }

    #[test]
    fn two_links_to_the_same_install_are_not_shadowing() {
        let mut linked = InstallBuilder::homebrew("go1.27.3");
        linked.0.path = "/opt/homebrew/opt/go/bin/go".into();
        let facts = FactsBuilder::mac_arm64()
            .path_entry_first("/opt/homebrew/bin", rc("/Users/dev/.zprofile", 1))
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/unused", 1))
            .install_on_path(linked, rc("/Users/dev/.zshrc", 4))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }

    #[test]
    fn install_off_path_does_not_count() {
        let facts = clean_mac()
            .install(InstallBuilder::homebrew("go1.26.4"))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
