//! `path-set-in-zshenv`: a Go PATH entry set in `.zshenv` loses to path_helper's order.

use crate::facts::{Facts, Origin};
use crate::finding::{Finding, Severity};
use crate::fix::Fix;

use super::{install_dir, path_entry_evidence, path_text, version_label, Area, Check, MACOS};

pub const DOC: &str = r#"## What it checks
On macOS, whether a PATH entry that provides a Go installation was added in a `.zshenv` file while a different Go wins on the login PATH.
zsh reads `~/.zshenv` first; then `/etc/zprofile` runs `path_helper`, which rebuilds PATH with the `/etc/paths` and `/etc/paths.d` entries first and moves everything set earlier behind them.
An entry meant to come first (for example to beat `/usr/local/go/bin` from `/etc/paths.d/go`) ends up behind it.

## Why it hurts
The Go the user put first in `~/.zshenv` is not the one a new terminal runs, while scripts and non-login shells (which read only `.zshenv`) do run it, so the two disagree.
The official `.pkg` writes `/etc/paths.d/go`, so a stale `/usr/local/go` keeps winning: "/usr/local/go is a root-owned, stale Go 1.17 install that still shadows brew's Go (now 1.27.1) via /etc/paths.d/go" (bathan/matrix#18).

## How to fix
Move the PATH line from `~/.zshenv` to `~/.zshrc` (or to `~/.zprofile`, after `brew shellenv`); both run after path_helper.
If the other Go is no longer wanted, remove it (`sudo rm -rf /usr/local/go /etc/paths.d/go` for the official installer).

## References
- apple-oss-distributions/shell_cmds `path_helper/path_helper.c`; apple-oss-distributions/zsh `zprofile`
- zsh manual, "Startup/Shutdown Files"
- https://0xmachos.github.io/2021-05-13-zsh-path-macos/, bathan/matrix#18
"#;

pub static CHECK: Check = Check {
    id: "path-set-in-zshenv",
    area: Area::Shell,
    severity: Severity::Info,
    applies_to: MACOS,
    summary: "A Go PATH entry set in .zshenv is reordered by path_helper",
    doc: DOC,
    run,
};

fn from_zshenv(origin: &Origin) -> bool {
    matches!(origin, Origin::StartupFile { path, .. }
        if path.file_name().is_some_and(|n| n == ".zshenv"))
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(active) = facts.active() else { return };
    let winner = super::install_identity(active);
    for install in &facts.installs {
        let Some(index) = install.path_index else {
            continue;
        };
        let Some(entry) = facts.login.path.get(index) else {
            continue;
        };
        if !from_zshenv(&entry.origin) || super::install_identity(install) == winner {
            continue;
        }
        let Some((file, line)) = entry.origin.location() else {
            continue;
        };
        let file_path = file.clone();
        let file = path_text(file);
        let mut finding = CHECK.finding(
            Severity::Info,
            format!(
                "{} from {file}:{line} loses to {} after path_helper",
                entry.dir,
                install_dir(active)
            ),
            format!(
                "{} in {} is added to PATH in .zshenv, which runs before /etc/zprofile's path_helper puts /etc/paths and /etc/paths.d first, so a new terminal runs {} from {} instead.",
                version_label(install),
                entry.dir,
                version_label(active),
                install_dir(active)
            ),
        );
        finding.evidence.push(path_entry_evidence(
            facts,
            index,
            format!("PATH entry {} `{}`, set in .zshenv", index + 1, entry.dir),
        ));
        if let Some(w) = active.path_index {
            finding.evidence.push(path_entry_evidence(
                facts,
                w,
                format!("PATH entry {} `{}` wins", w + 1, facts.login.path[w].dir),
            ));
        }
        finding.hint = Some(format!(
            "Move the PATH line at `{file}:{line}` to `~/.zshrc` (or `~/.zprofile` after `brew shellenv`), then open a new terminal"
        ));
        let path = &file_path;
        let text = facts
            .line_text(path, line)
            .map(|t| format!(" (`{}`)", super::shown(t.trim())))
            .unwrap_or_default();
        let rc = crate::fix::profile_file(facts)
            .map(|p| super::tilde(facts, &p))
            .unwrap_or_else(|| "~/.zshrc".into());
        finding.fixes.push(Fix::manual(
            "path-set-in-zshenv:move-line",
            format!("Move the PATH line from {}:{line} to {rc}", super::tilde(facts, path)),
            format!(
                "Cut line {line}{text} from `{file}` and paste it at the end of `{rc}` (or in `~/.zprofile` after `brew shellenv`), where it runs after path_helper; then open a new terminal. Lines in .zshenv also run for scripts, so keep only what every zsh needs there."
            ),
            None,
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
    fn fires_when_zshenv_entry_loses() {
        let facts = clean_mac()
            .install_on_path(
                InstallBuilder::homebrew("go1.27.3"),
                rc("/Users/dev/.zshenv", 2),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "/opt/homebrew/bin from /Users/dev/.zshenv:2 loses to /usr/local/go/bin after path_helper"
        );
        assert_eq!(
            f[0].evidence[1].path.as_deref(),
            Some(std::path::Path::new("/etc/paths.d/go"))
        );
    }

    #[test]
    fn fix_is_manual_and_quotes_the_line() {
        let facts = clean_mac()
            .install_on_path(
                InstallBuilder::homebrew("go1.27.3"),
                rc("/Users/dev/.zshenv", 2),
            )
            .line(
                "/Users/dev/.zshenv",
                2,
                "export PATH=/opt/homebrew/bin:$PATH",
            )
            .build();
        let fix = &findings(&CHECK, &facts)[0].fixes[0];
        assert_eq!(fix.id, "path-set-in-zshenv:move-line");
        assert_eq!(fix.applicability, crate::fix::Applicability::Manual);
        assert_eq!(fix.title, "Move the PATH line from ~/.zshenv:2 to ~/.zshrc");
        assert!(fix
            .instructions
            .as_deref()
            .unwrap()
            .contains("(`export PATH=/opt/homebrew/bin:$PATH`)"));
    }

    #[test]
    fn silent_when_zshenv_entry_wins_or_is_elsewhere() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(
                InstallBuilder::official("go1.27.3", Arch::Arm64),
                rc("/Users/dev/.zshenv", 1),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = clean_mac()
            .install_on_path(
                InstallBuilder::homebrew("go1.27.3"),
                rc("/Users/dev/.zshrc", 2),
            )
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
