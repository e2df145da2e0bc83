//! `goroot-mismatch`: GOROOT is set, and not to the active `go`'s own root.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};

use super::{
    explicit_goroot, path_text, same_goroot, setting_evidence, unset_hint, version_label, Area,
    Check, ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether GOROOT is set explicitly (exported in a startup file, inherited, or written with `go env -w`) to something other than the root of the `go` a new terminal runs.
`go` finds its own root from its location (the directory above `bin/go` that has `pkg/tool`); an explicit GOROOT overrides that.
It also flags a GOROOT that spells out Homebrew's versioned Cellar path (`/opt/homebrew/Cellar/go/1.27.3/libexec`), even when it matches today.

This check names the cause; `goroot-invalid` and `goroot-version-skew` describe what it breaks, so more than one may fire for the same line.

## Why it hurts
With GOROOT pointing elsewhere, `go` runs the compiler, linker and standard library of another installation.
Different versions fail with `compile: version "go1.19" does not match go tool version "go1.19.2"` (google/osv-scanner#83, golang/go#34214); a missing directory fails with `go: cannot find GOROOT directory: /opt/homebrew/opt/go/libexec` (DanielMSchmidt/dotfiles#3).
A Cellar path breaks on the next `brew upgrade` and cleanup: `"go.goroot": "/opt/homebrew/Cellar/go/1.24.4/libexec"` (golang/vscode-go#3688).
The Go team's advice: "you normally do not need to manually set `GOROOT`" (danielmiessler/Fabric#971).

## How to fix
Delete the `export GOROOT=…` line (or run `go env -u GOROOT` if it is in the go env file) and open a new terminal; `go` finds its own root.
If a tool really needs it, use `export GOROOT="$(go env GOROOT)"` after PATH is set, never a versioned path.

## References
- golang/go `src/cmd/go/internal/cfg/cfg.go` (`findGOROOT`)
- danielmiessler/Fabric#971, golang/vscode-go#1501, golang/vscode-go#3688, golang/go#79648
"#;

pub static CHECK: Check = Check {
    id: "goroot-mismatch",
    area: Area::Goroot,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "GOROOT is set to another Go than the one on PATH",
    doc: DOC,
    run,
};

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = explicit_goroot(facts) else {
        return;
    };
    let Some(go) = facts.active() else { return };
    let Some(own) = go.goroot.as_deref().map(path_text) else {
        return;
    };
    let value = setting.value.trim();
    let cellar = value.contains("/Cellar/go");
    let fragile = if cellar {
        " It also names a versioned Homebrew Cellar directory, which disappears on the next `brew upgrade`."
    } else {
        ""
    };
    // GOROOT naming this Go's root through a link (gobrew's `current`, a custom link):
    // `$GOROOT/bin/go` is this same binary.
    let via_link = go.aliases.iter().any(|a| {
        super::same_path(
            &path_text(a),
            &format!("{}/bin/go", value.trim_end_matches('/')),
        )
    });
    let mut finding = if same_goroot(value, &own) || via_link {
        if !cellar {
            return;
        }
        CHECK.finding(
            Severity::Info,
            format!("GOROOT pins Homebrew's versioned path {value}"),
            "GOROOT matches the active `go` today, but it names a versioned Homebrew Cellar directory that disappears on the next `brew upgrade`, and every `go` command then fails with `go: cannot find GOROOT directory`.",
        )
    } else {
        CHECK.finding(
            Severity::Warning,
            format!("GOROOT is set to {value} but the active go lives in {own}"),
            format!(
                "`go` ({}) will use the compiler and standard library in {value} instead of its own, which breaks builds when they differ.{fragile}",
                version_label(go)
            ),
        )
    };
    finding.evidence = setting_evidence("GOROOT", setting);
    finding.evidence.push(Evidence::at(
        &go.path,
        None,
        format!("active go, its own GOROOT is {own}"),
    ));
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
    use crate::facts::Origin;

    #[test]
    fn fixes_remove_goroot_or_point_it_at_the_active_go() {
        let facts = FactsBuilder::mac_arm64()
            .path_entry_first("/opt/homebrew/bin", rc("/Users/dev/.zprofile", 1))
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/unused", 1))
            .setting_overridden(
                "GOROOT",
                "/usr/local/go",
                rc("/Users/dev/.zshrc", 12),
                vec![("/usr/local/go", go_env_file(1))],
            )
            .line("/Users/dev/.zshrc", 12, "export GOROOT=/usr/local/go")
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes[0].id, "goroot-mismatch:remove-goroot");
        assert_eq!(fixes[0].applicability, crate::fix::Applicability::Safe);
        assert_eq!(fixes[0].edits.len(), 2);
        assert_eq!(fixes[1].id, "goroot-mismatch:use-active");
        assert_eq!(fixes[1].applicability, crate::fix::Applicability::Unsafe);
        // Homebrew's stable path, never the versioned Cellar directory.
        assert_eq!(
            fixes[1].edits,
            vec![crate::fix::Edit::ReplaceLine {
                path: "/Users/dev/.zshrc".into(),
                line: 12,
                expected: "export GOROOT=/usr/local/go".into(),
                new: "export GOROOT=/opt/homebrew/opt/go/libexec".into(),
            }]
        );
        // Inherited: nothing to edit.
        let facts = clean_mac()
            .setting(
                "GOROOT",
                "/opt/homebrew/Cellar/go/1.26.4/libexec",
                Origin::Inherited,
            )
            .build();
        let fixes = &findings(&CHECK, &facts)[0].fixes;
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].applicability, crate::fix::Applicability::Manual);
    }

    #[test]
    fn fires_when_goroot_names_another_install() {
        let facts = FactsBuilder::mac_arm64()
            .path_entry_first("/opt/homebrew/bin", rc("/Users/dev/.zprofile", 1))
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/unused", 1))
            .setting("GOROOT", "/usr/local/go", rc("/Users/dev/.zshrc", 12))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(
            f[0].title,
            "GOROOT is set to /usr/local/go but the active go lives in /opt/homebrew/Cellar/go/1.27.3/libexec"
        );
        assert_eq!(f[0].evidence[0].line, Some(12));
        assert!(f[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("/Users/dev/.zshrc:12"));
    }

    #[test]
    fn cellar_path_is_called_fragile() {
        let facts = clean_mac()
            .setting(
                "GOROOT",
                "/opt/homebrew/Cellar/go/1.26.4/libexec",
                go_env_file(2),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert!(f[0].message.contains("brew upgrade"));
        assert!(f[0].hint.as_deref().unwrap().contains("go env -u GOROOT"));
    }

    #[test]
    fn matching_cellar_path_is_info() {
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/x", 1))
            .setting(
                "GOROOT",
                "/opt/homebrew/Cellar/go/1.27.3/libexec/",
                rc("/Users/dev/.zshrc", 2),
            )
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn silent_when_goroot_is_own_root_or_default() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting("GOROOT", "/usr/local/go/", rc("/Users/dev/.zshrc", 2))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        let facts = FactsBuilder::mac_arm64()
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/x", 1))
            .setting("GOROOT", "/opt/homebrew/opt/go/libexec", Origin::Inherited)
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
