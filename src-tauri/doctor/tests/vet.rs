//! Fixes edit the line they name, and are offered only where they work (`vet`): the
//! wrong-line cases (a comment ending in `\`, a heredoc above the line, a line that moved
//! or changed after the diagnosis) and the fixes vetting withholds (a block a later
//! startup file undoes, a removal that breaks another line, a write outside the home).
#![allow(clippy::disallowed_methods)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use nativego_doctor::finding::Finding;
use nativego_doctor::fix::apply::{self, NoSyntaxCheck, SyntaxCheck};
use nativego_doctor::fix::plan::{self, PlanError};
use nativego_doctor::fix::{Applicability, Fix};
use nativego_doctor::report::Report;

use common::{diagnose_static, Machine};

const ZSHRC: &str = "/Users/dev/.zshrc";

fn finding<'a>(report: &'a Report, check: &str) -> &'a Finding {
    report
        .findings
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("no {check} in {:#?}", report.findings))
}

fn fix<'a>(report: &'a Report, id: &str) -> &'a Fix {
    report
        .findings
        .iter()
        .flat_map(|f| &f.fixes)
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no fix {id} in {:#?}", report.findings))
}

/// A `go` in `/usr/local/go/bin` (a script: a stand-in NativeGo does not read).
fn with_go(m: &Machine) -> &Machine {
    let go = "/usr/local/go/bin/go";
    m.write(go, b"#!/bin/sh\necho go\n");
    std::fs::set_permissions(m.path(go), std::fs::Permissions::from_mode(0o755)).unwrap();
    m
}

const GO_ON_PATH: &str = "export PATH=/usr/local/go/bin:$PATH\n";

fn apply_fix(m: &Machine, fix: &Fix) {
    let host = m.host();
    let plan = plan::plan(&host, fix).expect("plans");
    apply::apply(&host, &plan, &NoSyntaxCheck as &dyn SyntaxCheck, false).expect("applies");
}

/// The value real zsh gives `name` after sourcing the machine's `~/.zshrc` (`None` when
/// zsh is not installed here).
fn zsh_value(m: &Machine, name: &str) -> Option<String> {
    if !common::zsh_available() {
        return None;
    }
    let out = std::process::Command::new(common::ZSH)
        .args([
            "-f",
            "-c",
            "source \"$1\" >/dev/null 2>&1; print -rn -- \"${(P)2}\"",
            "zsh",
        ])
        .arg(m.path(ZSHRC))
        .arg(name)
        .env("HOME", m.path("/Users/dev"))
        .output()
        .unwrap();
    Some(common::stdout(&out))
}

/// The reported line, the fix's title and the line it edits all name the line that sets
/// GOARCH; after the fix the real shell no longer sets it.
fn the_fix_edits_the_line_that_sets_goarch(zshrc: &str, line: u32) {
    let m = Machine::mac();
    m.write(ZSHRC, zshrc.as_bytes());
    let report = diagnose_static(&m.host());
    let f = finding(&report, "goarch-forced");
    assert!(
        f.evidence
            .iter()
            .any(|e| e.path.as_deref() == Some(Path::new(ZSHRC)) && e.line == Some(line)),
        "{f:#?}"
    );
    let x = fix(&report, "goarch-forced:remove-GOARCH");
    assert_eq!(x.applicability, Applicability::Safe, "{x:#?}");
    assert!(
        x.title.ends_with(&format!("~/.zshrc:{line}")),
        "{}",
        x.title
    );
    if let Some(v) = zsh_value(&m, "GOARCH") {
        assert_eq!(v, "amd64", "the real shell sets it before the fix");
    }
    apply_fix(&m, x);
    let after = String::from_utf8(m.read(ZSHRC)).unwrap();
    let edited = after.lines().nth(line as usize - 1).unwrap();
    assert!(
        edited.starts_with("# export GOARCH=amd64  # disabled by nativego"),
        "{after}"
    );
    assert!(diagnose_static(&m.host())
        .findings
        .iter()
        .all(|f| f.check != "goarch-forced"));
    if let Some(v) = zsh_value(&m, "GOARCH") {
        assert_eq!(v, "", "the real shell no longer sets it:\n{after}");
    }
}

#[test]
fn a_comment_ending_in_a_backslash_does_not_move_the_fix() {
    // A comment's backslash does not continue it: line 5 sets GOARCH.
    the_fix_edits_the_line_that_sets_goarch(
        "# completion\n#compctl \\\nalias ll='ls -l'\n\nexport GOARCH=amd64\n",
        5,
    );
}

#[test]
fn a_heredoc_above_the_line_does_not_move_the_fix() {
    the_fix_edits_the_line_that_sets_goarch(
        "cat <<'EOF' >/dev/null\nexport GOARCH=386\n\\\nEOF\nexport GOARCH=amd64\n",
        5,
    );
}

#[test]
fn a_line_that_moved_is_found_by_its_text_and_a_changed_one_is_refused() {
    let m = Machine::mac();
    m.write(ZSHRC, b"alias ll='ls -l'\nexport GOARCH=amd64\n");
    let report = diagnose_static(&m.host());
    let x = fix(&report, "goarch-forced:remove-GOARCH").clone();
    // Two lines added above it after the diagnosis: the fix still edits that line.
    m.write(
        ZSHRC,
        b"# new\n# lines\nalias ll='ls -l'\nexport GOARCH=amd64\n",
    );
    apply_fix(&m, &x);
    assert_eq!(
        String::from_utf8(m.read(ZSHRC)).unwrap(),
        "# new\n# lines\nalias ll='ls -l'\n\
         # export GOARCH=amd64  # disabled by nativego (goarch-forced:remove-GOARCH)\n"
    );
    // The line now reads otherwise: nothing is written, and the error says why.
    let changed = b"alias ll='ls -l'\nexport GOARCH=arm64\n";
    m.write(ZSHRC, changed);
    let err = plan::plan(&m.host(), &x).unwrap_err();
    assert!(matches!(err, PlanError::LineChanged { .. }), "{err}");
    assert!(err.to_string().contains("no longer reads"), "{err}");
    assert_eq!(m.read(ZSHRC), changed);
}

#[test]
fn a_block_a_later_file_undoes_goes_into_that_file() {
    let m = Machine::mac();
    // ~/.zlogin, read after ~/.zshrc by a login shell, sets PATH from scratch: a block
    // appended to ~/.zshrc would be undone.
    with_go(&m).write(ZSHRC, b"alias ll='ls -l'\n");
    m.write(
        "/Users/dev/.zlogin",
        b"export PATH=/usr/local/go/bin:/usr/bin:/bin\n",
    );
    let report = diagnose_static(&m.host());
    let x = fix(&report, "gobin-not-on-path:add-to-path");
    assert_eq!(
        x.title, "Add `/Users/dev/go/bin` to PATH in ~/.zlogin",
        "{x:#?}"
    );
    assert_ne!(x.applicability, Applicability::Manual);
    apply_fix(&m, x);
    assert_eq!(m.read(ZSHRC), b"alias ll='ls -l'\n");
    let after = diagnose_static(&m.host());
    assert!(
        after
            .findings
            .iter()
            .all(|f| f.check != "gobin-not-on-path"),
        "{:#?}",
        after.findings
    );
}

#[test]
fn a_removal_that_would_break_another_line_is_left_to_the_user() {
    let m = Machine::mac();
    // GOROOT names no Go root, but the PATH line below builds on it: removing it would
    // take /usr/local/go/bin off PATH.
    m.write(
        ZSHRC,
        b"export GOROOT=/usr/local/go\nexport PATH=$GOROOT/bin:$PATH\n",
    );
    with_go(&m);
    let report = diagnose_static(&m.host());
    let x = fix(&report, "goroot-invalid:remove-goroot");
    assert_eq!(x.applicability, Applicability::Manual, "{x:#?}");
    let why = x.caution.as_deref().unwrap_or_default();
    assert!(
        why.starts_with("it would cause a new problem: ") && why.contains("/usr/local/go/bin"),
        "{why}"
    );
    assert!(
        x.instructions
            .as_deref()
            .is_some_and(|i| i.starts_with("NativeGo does not make this change itself")),
        "{x:#?}"
    );
    assert!(matches!(
        plan::plan(&m.host(), x),
        Err(PlanError::Manual { .. })
    ));
}

#[test]
fn no_fix_writes_outside_the_home_folder() {
    let m = Machine::mac();
    // zsh reads .zshrc from ZDOTDIR, here a folder outside the home.
    m.write("/Users/dev/.zshenv", b"export ZDOTDIR=/etc/zdot\n");
    with_go(&m).write("/etc/zdot/.zshrc", GO_ON_PATH.as_bytes());
    let report = diagnose_static(&m.host());
    let x = fix(&report, "gobin-not-on-path:add-to-path");
    assert_eq!(x.applicability, Applicability::Manual, "{x:#?}");
    assert!(
        x.caution
            .as_deref()
            .is_some_and(|c| c.contains("/etc/zdot/.zshrc") && c.contains("outside your home")),
        "{x:#?}"
    );
}

#[test]
fn a_block_after_a_line_nativego_could_not_evaluate_is_not_safe() {
    let m = Machine::mac();
    with_go(&m).write(
        ZSHRC,
        format!("{GO_ON_PATH}eval \"$(some-tool init zsh)\"\nalias ll='ls -l'\n").as_bytes(),
    );
    let report = diagnose_static(&m.host());
    let x = fix(&report, "gobin-not-on-path:add-to-path");
    assert_eq!(x.applicability, Applicability::Unsafe, "{x:#?}");
    assert!(
        x.caution
            .as_deref()
            .is_some_and(|c| c.starts_with("NativeGo could not evaluate ~/.zshrc:2")),
        "{x:#?}"
    );
}
