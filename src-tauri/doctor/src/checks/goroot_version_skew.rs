//! `goroot-version-skew`: GOROOT holds another Go version than the `go` that runs.

use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};

use super::{
    explicit_goroot, path_text, probe_problem, same_goroot, setting_evidence, unset_hint, Area,
    Check, ALL_OS,
};

pub const DOC: &str = r#"## What it checks
Whether GOROOT is set explicitly to a Go root whose `VERSION` differs from the version of the `go` a new terminal runs (read from the binary's build info).
The version of the GOROOT comes from the Go installation NativeGo found there, or from the first line of its `VERSION` file.

## Why it hurts
cmd/go passes its own version to the compiler it finds in GOROOT, and the compiler refuses to run for another version.
Every package then fails with `compile: version "go1.26.4" does not match go tool version "go1.27.3"` (the form of golang/go#34214, google/osv-scanner#83, pulumi/pulumi#6002, go-gitea/gitea#37373).
It happens after upgrading Go while an old `export GOROOT=…` stays in a startup file, or after extracting a new tarball over an old `/usr/local/go`.

## How to fix
Unset GOROOT: delete the `export GOROOT=…` line, or run `go env -u GOROOT` if it is in the go env file, then open a new terminal.
When installing from a tarball, `rm -rf /usr/local/go` before extracting the new one.

## References
- golang/go `src/cmd/go/internal/work/gc.go` (`-goversion`) and `src/cmd/compile/internal/base/flag.go`
- golang/go#34214, golang/go#26933, google/osv-scanner#83, gopherdata/gophernotes#259
"#;

pub static CHECK: Check = Check {
    id: "goroot-version-skew",
    area: Area::Goroot,
    severity: Severity::Error,
    applies_to: ALL_OS,
    summary: "GOROOT holds a different Go version than the `go` on PATH",
    doc: DOC,
    run,
};

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or("")
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(setting) = explicit_goroot(facts) else {
        return;
    };
    let Some(go) = facts.active() else { return };
    let running = go
        .binary
        .as_ref()
        .ok()
        .and_then(|b| b.go_version())
        .or(go.version_file.as_deref())
        .map(first_word);
    let Some(running) = running.filter(|v| !v.is_empty()) else {
        return;
    };
    let value = setting.value.trim();
    let at_root = facts
        .installs
        .iter()
        .find(|i| {
            i.goroot
                .as_deref()
                .is_some_and(|root| same_goroot(value, &path_text(root)))
        })
        .and_then(|i| i.version_file.as_deref().or(i.version()));
    let root_version = match at_root {
        Some(v) => v,
        None => match probe_problem(facts, "goroot-version", value) {
            Some(p) => p.detail.as_str(),
            None => return,
        },
    };
    let root_version = first_word(root_version);
    if root_version.is_empty() || root_version == running {
        return;
    }
    let mut finding = CHECK.finding(
        Severity::Error,
        format!("GOROOT points at {root_version} in {value} while {running} runs"),
        format!(
            "`go` ({running}) will run the {root_version} compiler from GOROOT, and every package fails with `compile: version \"{root_version}\" does not match go tool version \"{running}\"`."
        ),
    );
    finding.evidence = setting_evidence("GOROOT", setting);
    finding.evidence.push(Evidence::at(
        format!("{}/VERSION", value.trim_end_matches('/')),
        Some(1),
        format!("VERSION of GOROOT: {root_version}"),
    ));
    finding.evidence.push(Evidence::at(
        &go.path,
        None,
        format!("active go: {running}"),
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
    use crate::binary::Arch;
    use crate::checks::testing::*;

    #[test]
    fn fires_when_goroot_is_an_older_install() {
        let facts = FactsBuilder::mac_arm64()
            .path_entry_first("/opt/homebrew/bin", rc("/Users/dev/.zprofile", 1))
            .install_on_path(InstallBuilder::homebrew("go1.27.3"), rc("/x", 1))
            .install(InstallBuilder::official("go1.26.4", Arch::Arm64))
            .setting("GOROOT", "/usr/local/go", rc("/Users/dev/.zshrc", 7))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "GOROOT points at go1.26.4 in /usr/local/go while go1.27.3 runs"
        );
        assert!(f[0]
            .message
            .contains("compile: version \"go1.26.4\" does not match go tool version \"go1.27.3\""));
    }

    #[test]
    fn uses_probe_version_for_unknown_roots() {
        let facts = clean_mac()
            .setting("GOROOT", "/opt/go", go_env_file(1))
            .problem("goroot-version", Some("/opt/go"), "go1.25.1")
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(
            f[0].title,
            "GOROOT points at go1.25.1 in /opt/go while go1.27.3 runs"
        );
    }

    #[test]
    fn silent_when_versions_match_or_goroot_unset() {
        assert!(findings(&CHECK, &clean_mac().build()).is_empty());
        let facts = clean_mac()
            .setting("GOROOT", "/usr/local/go", rc("/Users/dev/.zshrc", 7))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
        // Unknown root without a recorded VERSION: nothing to compare.
        let facts = clean_mac()
            .setting("GOROOT", "/opt/go", rc("/Users/dev/.zshrc", 7))
            .build();
        assert!(findings(&CHECK, &facts).is_empty());
    }
}
