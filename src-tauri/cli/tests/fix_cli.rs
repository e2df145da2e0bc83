//! `nativego fix`, `undo` and `history` as a user runs them, on copies of the scenarios;
//! and the kill test: a fixer killed at any instant leaves every file fully old or fully
//! new, and `nativego undo` then restores the original byte for byte.
//!
//! The kill test runs `NATIVEGO_KILL_RUNS` times (default 60, so CI stays fast). For a
//! soak run:
//!
//! ```text
//! NATIVEGO_KILL_RUNS=2000 cargo test -p nativego-cli --test fix_cli -- --nocapture a_fixer_killed
//! ```
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::print_stderr)]

#[path = "../../doctor/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{scenario, scenario_copy, stderr, stdout};

fn nativego() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nativego"));
    cmd.env_remove("NO_COLOR").stdin(Stdio::null());
    cmd
}

const DATA_DIR: &str = "Users/dev/Library/Application Support/NativeGo";

/// Every file of the machine (symlinks as their target text), except NativeGo's own data
/// directory and temporary files a killed write may leave.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_path_buf();
            if rel.starts_with(DATA_DIR) || is_temp(&p) {
                continue;
            }
            let ft = fs::symlink_metadata(&p).unwrap().file_type();
            if ft.is_symlink() {
                let link = fs::read_link(&p).unwrap();
                out.insert(rel, link.into_os_string().into_encoded_bytes());
            } else if ft.is_dir() {
                // Not the folders NativeGo creates to hold its data directory.
                if !Path::new(DATA_DIR).starts_with(&rel) {
                    out.insert(rel.clone(), b"<dir>".to_vec());
                }
                walk(base, &p, out);
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    let root = dir.join("root");
    walk(&root, &root, &mut out);
    out
}

/// A temporary file of an atomic write: `.NAME.nativego-PID-N.tmp`.
fn is_temp(p: &Path) -> bool {
    let name = p.file_name().unwrap().to_string_lossy();
    name.contains(".nativego-") && name.ends_with(".tmp")
}

macro_rules! assert_same {
    ($a:expr, $b:expr, $($ctx:tt)+) => {{
        let d = common::differences(&$a, &$b);
        assert!(d.is_empty(), "{}: these differ: {:?}", format!($($ctx)+), d);
    }};
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if is_temp(&p) {
                out.push(p.clone());
            }
            if fs::symlink_metadata(&p).unwrap().is_dir() {
                walk(&p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

fn run(args: &[&str], dir: &Path) -> Output {
    nativego()
        .args(args)
        .arg("--scenario")
        .arg(dir)
        .output()
        .expect("nativego runs")
}

fn both(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

const ZSHRC: &str = "Users/dev/.zshrc";
const FIX: &str = "goarch-forced:remove-GOARCH";

#[test]
fn dry_run_prints_a_unified_diff_and_changes_nothing() {
    let tmp = scenario_copy("goarch-exported");
    let start = files(tmp.path());
    let o = run(&["fix", FIX, "--dry-run"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    let out = stdout(&o);
    assert!(
        out.contains("--- a/Users/dev/.zshrc\n+++ b/Users/dev/.zshrc\n@@ "),
        "{out}"
    );
    assert!(out.contains("\n-export GOARCH=amd64\n"), "{out}");
    assert!(
        out.contains(
            "\n+# export GOARCH=amd64  # disabled by nativego (goarch-forced:remove-GOARCH)\n"
        ),
        "{out}"
    );
    assert!(out.contains("dry run: nothing was changed"), "{out}");
    assert_same!(files(tmp.path()), start, "state");
    assert!(
        !tmp.path().join("root").join(DATA_DIR).exists(),
        "no journal"
    );
}

#[test]
fn fix_without_yes_and_without_a_terminal_refuses_with_exit_2_and_a_hint() {
    let tmp = scenario_copy("goarch-exported");
    let start = files(tmp.path());
    let o = run(&["fix", FIX], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("not applying without confirmation"), "{err}");
    assert!(err.contains("hint:") && err.contains("--yes"), "{err}");
    assert_same!(files(tmp.path()), start, "state");
}

#[test]
fn fix_yes_applies_history_lists_it_and_undo_restores_byte_for_byte() {
    let tmp = scenario_copy("goarch-exported");
    let start = files(tmp.path());
    // The check ID names its one applicable fix.
    let o = run(&["fix", "goarch-forced", "--yes"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    let out = stdout(&o);
    assert!(out.contains("Applied: "), "{out}");
    assert!(out.contains("`goarch-forced` is fixed"), "{out}");
    let after = files(tmp.path());
    assert_ne!(after[Path::new(ZSHRC)], start[Path::new(ZSHRC)]);
    // Applying it again changes nothing.
    let o = run(&["fix", FIX, "--yes"], tmp.path());
    assert_same!(files(tmp.path()), after, "{}", both(&o));

    let o = run(&["history"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    assert!(stdout(&o).contains("can be undone"), "{}", stdout(&o));
    let o = run(&["history", "--json"], tmp.path());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{json}");
    assert_eq!(entries[0]["can_undo"], true, "{json}");
    assert_eq!(entries[0]["fix_id"], FIX, "{json}");
    assert_eq!(entries[0]["state"], "applied", "{json}");

    let o = run(&["undo"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    assert!(
        stdout(&o).contains("restored byte for byte"),
        "{}",
        stdout(&o)
    );
    assert_same!(files(tmp.path()), start, "state");
    let o = run(&["history", "--json"], tmp.path());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(json[0]["state"], "undone", "{json}");
    assert_eq!(json[0]["can_undo"], false, "{json}");

    // Nothing left to undo.
    let o = run(&["undo"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    assert!(stderr(&o).contains("nothing to undo"), "{}", stderr(&o));
    assert_same!(files(tmp.path()), start, "state");
}

#[test]
fn undo_refuses_a_file_edited_since_the_fix() {
    let tmp = scenario_copy("goarch-exported");
    let o = run(&["fix", FIX, "--yes"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    let rc = tmp.path().join("root").join(ZSHRC);
    let mut edited = fs::read(&rc).unwrap();
    edited.extend_from_slice(b"alias g=git\n");
    fs::write(&rc, &edited).unwrap();
    let o = run(&["history"], tmp.path());
    assert!(stdout(&o).contains("cannot be undone"), "{}", stdout(&o));
    let o = run(&["undo"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    let err = stderr(&o);
    assert!(
        err.contains("/Users/dev/.zshrc") && err.contains("changed after the fix"),
        "{err}"
    );
    assert_eq!(fs::read(&rc).unwrap(), edited);
}

#[test]
fn undo_with_nothing_to_undo_exits_2_with_a_clear_message() {
    let tmp = scenario_copy("goarch-exported");
    let o = run(&["undo"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    assert!(stderr(&o).contains("nothing to undo"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nativego history"), "{}", stderr(&o));
    let o = run(&["history"], tmp.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("No fix has been applied yet"),
        "{}",
        stdout(&o)
    );
    let o = run(&["history", "--json"], tmp.path());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(json, serde_json::json!([]));
}

#[test]
fn a_manual_fix_prints_its_instructions_and_changes_nothing() {
    let tmp = scenario_copy("path-set-in-zshenv");
    let start = files(tmp.path());
    for extra in [&[][..], &["--yes"][..]] {
        let mut args = vec!["fix", "path-set-in-zshenv:move-line"];
        args.extend_from_slice(extra);
        let o = run(&args, tmp.path());
        assert_eq!(o.status.code(), Some(0), "{}", both(&o));
        let out = stdout(&o);
        assert!(
            out.contains("(manual, `path-set-in-zshenv:move-line`)"),
            "{out}"
        );
        assert!(out.contains("/Users/dev/.zshenv"), "the steps: {out}");
        assert!(out.contains("does not run manual fixes"), "{out}");
        assert_same!(files(tmp.path()), start, "state");
        assert!(!tmp.path().join("root").join(DATA_DIR).exists());
    }
}

#[test]
fn an_unknown_fix_id_exits_2_and_lists_the_fixes_offered() {
    let tmp = scenario_copy("goarch-exported");
    let start = files(tmp.path());
    let o = run(&["fix", "no-such-fix", "--yes"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("no-such-fix"), "{err}");
    assert!(
        err.contains("the fixes offered now:") && err.contains(FIX),
        "{err}"
    );
    assert_same!(files(tmp.path()), start, "state");
}

/// A tiny deterministic PRNG (xorshift64*), seeded per iteration.
fn xorshift(seed: u64) -> u64 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for _ in 0..4 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[test]
fn a_fixer_killed_at_any_instant_leaves_every_file_fully_old_or_fully_new() {
    let runs: usize = std::env::var("NATIVEGO_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let original = files(&scenario("goarch-exported"));

    // One uninterrupted run: its duration bounds the kill instants, its result is "new".
    let tmp = scenario_copy("goarch-exported");
    let t0 = Instant::now();
    let o = run(&["fix", "goarch-forced", "--yes"], tmp.path());
    let typical = t0.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    let fixed = files(tmp.path());
    let changed: Vec<&PathBuf> = fixed
        .keys()
        .filter(|k| original.get(*k) != fixed.get(*k))
        .collect();
    assert!(changed.contains(&&PathBuf::from(ZSHRC)), "{changed:?}");
    drop(tmp);

    let started = Instant::now();
    let (mut old, mut new, mut temps_left, mut mixed) = (0usize, 0usize, 0usize, 0usize);
    for i in 0..runs {
        let tmp = scenario_copy("goarch-exported");
        let dir = tmp.path();
        let wait = Duration::from_nanos(xorshift(i as u64 + 1) % (typical.as_nanos() as u64 + 1));
        let mut child = nativego()
            .args(["fix", "goarch-forced", "--yes", "--scenario"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nativego starts");
        std::thread::sleep(wait);
        // SIGKILL on unix: no handler runs, no cleanup.
        let _ = child.kill();
        let _ = child.wait();

        // Every file is fully old or fully new, never a mix or a temporary file.
        let now = files(dir);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            original.keys().collect::<Vec<_>>(),
            "run {i}: no file appeared or vanished"
        );
        let mut any_new = false;
        for (path, bytes) in &now {
            if Some(bytes) == original.get(path) {
                continue;
            }
            assert_eq!(
                Some(bytes),
                fixed.get(path),
                "run {i} (killed after {wait:?}): `{}` is neither the original nor the fixed version",
                path.display()
            );
            any_new = true;
        }
        let left = temp_files(&dir.join("root"));
        temps_left += left.len();
        // A temporary file a kill leaves is never the file itself, and is only ever a
        // complete copy of one of the two versions or shorter (it was being written).
        for t in &left {
            assert!(is_temp(t), "{}", t.display());
        }
        if any_new {
            new += 1;
            let partly = now
                .iter()
                .any(|(p, b)| changed.contains(&p) && original.get(p) == Some(b));
            if partly {
                mixed += 1;
            }
            // The journal entry was written first: undo restores the original.
            let o = run(&["undo"], dir);
            assert_eq!(o.status.code(), Some(0), "run {i}: undo: {}", both(&o));
            assert_same!(files(dir), original, "run {i}: undo restores byte for byte");
        } else {
            old += 1;
            // Whatever the journal holds (nothing, an incomplete entry, a pending one),
            // undo never damages the original.
            let _ = run(&["undo"], dir);
            assert_same!(files(dir), original, "run {i}: after undo");
        }
    }
    let elapsed = started.elapsed();
    println!(
        "kill test: {runs} runs in {elapsed:.1?} (one uninterrupted fix takes {typical:.1?}): \
         {old} fully old, {new} fully new ({mixed} with some files still old), \
         {temps_left} temporary files left by kills"
    );
    if runs >= 20 {
        // The kill instants are spread over a whole run, so some land before the file is
        // replaced and some after.
        assert!(
            old > 0,
            "no kill landed before the write: {old} old, {new} new"
        );
        assert!(
            new > 0,
            "no kill landed after the write: {old} old, {new} new"
        );
    }
}
