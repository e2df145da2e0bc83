//! `go-dirs-not-writable`: GOPATH, GOBIN, the module cache or the build cache belongs to
//! another user (root, after a `sudo go …`).

use crate::facts::{Facts, GoDir};
use crate::finding::{Evidence, Finding, Severity};
use crate::fix::Fix;

use super::{join_and, path_text, path_within, tilde, Area, Check, ALL_OS};

pub const DOC: &str = r#"## What it checks
Whether a directory `go` writes to — the first GOPATH element, GOBIN (else `GOPATH/bin`), GOMODCACHE and GOCACHE, at their effective values (a startup file, `go env -w`, or Go's defaults `~/go`, `~/go/pkg/mod`, `~/Library/Caches/go-build`) — exists and is owned by another user than the one NativeGo runs as, typically root.
Only the directories themselves are looked at, never their contents: inside the module cache, read-only files are Go's design (golang/go#27455).
It says nothing when NativeGo runs as root.

## Why it hurts
One `sudo go install`, `sudo go build` or `sudo make` creates these directories as root; afterwards the user's own `go` cannot write to them:
`go: could not create module cache: mkdir …: permission denied` (kr/pretty#78), `go: writing stat cache: … permission denied` (golang/go#26814), `go: unlinkat …/pkg/mod/cache/download/…: permission denied` on `go clean -modcache` (vxcontrol/soldr#5), and `open …/go-build/…: permission denied` from the build cache; `go install` cannot write its binary to GOBIN.

## How to fix
Give the directories back to the user, with the exact paths the finding names: `sudo chown -R "$USER" ~/go ~/Library/Caches/go-build`.
Then never run `go` with `sudo`; to install a tool system-wide, build it as the user and copy the binary.
NativeGo shows this command and does not run it: it needs `sudo`.

## References
- golang/go#26814, golang/go#27455, kr/pretty#78, vxcontrol/soldr#5
- https://pkg.go.dev/cmd/go#hdr-GOPATH_environment_variable
"#;

pub static CHECK: Check = Check {
    id: "go-dirs-not-writable",
    area: Area::Environment,
    severity: Severity::Warning,
    applies_to: ALL_OS,
    summary: "GOPATH, GOBIN or a Go cache is owned by another user (root)",
    doc: DOC,
    run,
};

/// A user in words: "root", "uid 502".
fn user_name(uid: u32) -> String {
    if uid == 0 {
        "root".into()
    } else {
        format!("uid {uid}")
    }
}

/// A path quoted for the shell when it needs it; a leading `~/` stays outside the quotes.
fn shell_word(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("~/") {
        return format!("~/{}", shell_word(rest));
    }
    if !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+@".contains(c))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

fn run(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(uid) = facts.machine.uid.filter(|u| *u != 0) else {
        return;
    };
    let foreign: Vec<(&GoDir, u32)> = facts
        .go_dirs
        .iter()
        .filter_map(|d| d.owner.filter(|o| *o != uid).map(|o| (d, o)))
        .collect();
    if foreign.is_empty() {
        return;
    }
    let owners: Vec<u32> = {
        let mut o: Vec<u32> = foreign.iter().map(|(_, o)| *o).collect();
        o.sort_unstable();
        o.dedup();
        o
    };
    let owner = join_and(&owners.iter().map(|o| user_name(*o)).collect::<Vec<_>>());
    let names: Vec<String> = foreign.iter().map(|(d, _)| d.name.clone()).collect();
    let verb = if foreign.len() == 1 { "is" } else { "are" };
    let mut finding = CHECK.finding(
        Severity::Warning,
        format!("{} {verb} owned by {owner}", join_and(&names)),
        "`go` running as you cannot write there: `go install`, downloads and `go clean -modcache` fail with `permission denied` (usually left by a `sudo go …`).",
    );
    finding.key = "go-dirs-not-writable".into();
    for (dir, o) in &foreign {
        finding.evidence.push(Evidence::at(
            &dir.path,
            None,
            format!(
                "{}: owned by {}, not by you (uid {uid})",
                dir.name,
                user_name(*o)
            ),
        ));
    }
    // `chown -R` of a directory covers the ones inside it.
    let tops: Vec<String> = foreign
        .iter()
        .filter(|(d, _)| {
            !foreign.iter().any(|(other, _)| {
                other.path != d.path && path_within(&path_text(&d.path), &path_text(&other.path))
            })
        })
        .map(|(d, _)| tilde(facts, &d.path))
        .collect();
    let command = format!(
        "sudo chown -R \"$USER\" {}",
        tops.iter()
            .map(|p| shell_word(p))
            .collect::<Vec<_>>()
            .join(" ")
    );
    finding.hint = Some(format!("Run `{command}`, and run `go` without `sudo`"));
    finding.fixes.push(Fix::manual(
        "go-dirs-not-writable:chown",
        "Give the Go directories back to you",
        format!("Run `{command}` in a terminal (it asks for your password), then run `go` without `sudo`."),
        Some(command),
    ));
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::fix::Applicability;

    #[test]
    fn fires_for_root_owned_dirs_with_one_chown() {
        let facts = clean_mac()
            .go_dir("GOPATH", "/Users/dev/go", 0, None)
            .go_dir("GOMODCACHE", "/Users/dev/go/pkg/mod", 0, Some(1))
            .go_dir("GOCACHE", "/Users/dev/Library/Caches/go-build", 0, Some(1))
            .go_dir("GOBIN", "/Users/dev/go/bin", 501, None)
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].title,
            "GOPATH, GOMODCACHE and GOCACHE are owned by root"
        );
        assert!(f[0].message.contains("permission denied"));
        assert_eq!(f[0].evidence.len(), 3);
        let fix = &f[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Manual);
        assert_eq!(
            fix.command.as_deref(),
            Some("sudo chown -R \"$USER\" ~/go ~/Library/Caches/go-build")
        );
    }

    #[test]
    fn quotes_paths_and_names_other_users() {
        let facts = clean_mac()
            .go_dir("GOCACHE", "/Volumes/Data Disk/go-build", 502, Some(1))
            .build();
        let f = findings(&CHECK, &facts);
        assert_eq!(f[0].title, "GOCACHE is owned by uid 502");
        assert_eq!(
            f[0].fixes[0].command.as_deref(),
            Some("sudo chown -R \"$USER\" '/Volumes/Data Disk/go-build'")
        );
    }

    #[test]
    fn silent_when_owned_by_user_unknown_or_running_as_root() {
        let mine = clean_mac().go_dir("GOPATH", "/Users/dev/go", 501, None);
        assert!(findings(&CHECK, &mine.build()).is_empty());
        let root = clean_mac()
            .go_dir("GOPATH", "/Users/dev/go", 0, None)
            .machine(|m| m.uid = Some(0))
            .build();
        assert!(findings(&CHECK, &root).is_empty());
        let unknown = clean_mac()
            .go_dir("GOPATH", "/Users/dev/go", 0, None)
            .machine(|m| m.uid = None)
            .build();
        assert!(findings(&CHECK, &unknown).is_empty());
    }
}
