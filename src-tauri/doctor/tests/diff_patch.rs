//! Every diff NativeGo shows for a fix is one GNU `patch` applies: for each fix offered on
//! every shipped scenario, and for files with CRLF lines, a missing final newline, changes
//! at the first and last line and far-apart hunks, `patch` on the file before the fix gives
//! exactly the file after it. (The preview is what the user reviews; it must be the change.)
#![allow(clippy::disallowed_methods)]

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use nativego_doctor::fix::plan::{self, FileChange};
use nativego_doctor::fix::Applicability;
use nativego_doctor::host::scenario::ScenarioHost;

use common::{diagnose_static, scenarios};

/// `patch` applied to `before` with `diff`: the result, or why it failed.
fn gnu_patch(before: &[u8], diff: &str) -> Result<Vec<u8>, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    let out = dir.path().join("out");
    std::fs::write(&file, before).unwrap();
    let mut child = Command::new("patch")
        .args(["--quiet", "--force", "--binary", "-o"])
        .arg(&out)
        .arg(&file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("GNU patch is needed (scripts/setup.sh installs it): {e}"))?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(diff.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    if !o.status.success() {
        return Err(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    Ok(std::fs::read(&out).unwrap())
}

fn round_trip(change: &FileChange) -> Result<(), String> {
    let before = change.before.clone().unwrap_or_default();
    let after = change.after.clone().unwrap_or_default();
    let diff = plan::unified_diff(change);
    let got = gnu_patch(&before, &diff)?;
    if got != after {
        return Err(format!(
            "patch gave {:?}\nwanted {:?}\ndiff:\n{diff}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&after)
        ));
    }
    Ok(())
}

#[test]
fn every_fix_preview_is_a_diff_gnu_patch_applies() {
    let (mut checked, mut failed) = (0, Vec::new());
    for (name, dir) in scenarios() {
        let host = ScenarioHost::load(&dir).unwrap();
        let report = diagnose_static(&host);
        for fix in report.findings.iter().flat_map(|f| &f.fixes) {
            if fix.applicability == Applicability::Manual {
                continue;
            }
            let Ok(p) = plan::plan(&host, fix) else {
                continue;
            };
            for change in p.changes.iter().filter(|c| !c.create_dir) {
                let utf8 = [&change.before, &change.after]
                    .iter()
                    .all(|b| std::str::from_utf8(b.as_deref().unwrap_or_default()).is_ok());
                if !utf8 {
                    continue;
                }
                checked += 1;
                if let Err(e) = round_trip(change) {
                    failed.push(format!("{name} {}: {e}", fix.id));
                }
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert!(checked >= 20, "only {checked} file changes were checked");
}

#[test]
fn crlf_missing_newlines_and_far_apart_hunks_round_trip() {
    let change = |before: &[u8], after: &[u8]| FileChange {
        path: PathBuf::from("/Users/dev/.zshrc"),
        target: PathBuf::from("/Users/dev/.zshrc"),
        before: Some(before.to_vec()),
        after: Some(after.to_vec()),
        create_dir: false,
    };
    let long: String = (1..=40).map(|i| format!("line {i}\n")).collect();
    let far = long.replace("line 2\n", "# line 2\n").replace(
        "line 39\n",
        "line 39\nexport PATH=\"/opt/homebrew/bin:$PATH\"\n",
    );
    let cases: Vec<FileChange> = vec![
        change(
            b"a\r\nexport GOARCH=amd64\r\nb\r\n",
            b"a\r\n# export GOARCH=amd64\nb\r\n",
        ),
        change(b"a\nlast", b"a\nlast\nexport X=1\n"),
        change(b"first\nb\n", b"# first\nb\n"),
        change(b"a\nb\n", b"a\nb"),
        change(
            b"",
            b"# >>> nativego: path >>>\nexport PATH=x\n# <<< nativego: path <<<\n",
        ),
        change(long.as_bytes(), far.as_bytes()),
    ];
    for c in &cases {
        round_trip(c).unwrap_or_else(|e| panic!("{e}"));
    }
    // Far-apart changes are two hunks.
    assert_eq!(plan::unified_diff(&cases[5]).matches("\n@@ ").count(), 2);
}
