//! `nativego snapshot DIR` as a user runs it: what it prints, what it refuses, and that
//! `nativego doctor --scenario DIR` on the snapshot says what it said on the source.
#![allow(clippy::disallowed_methods)]

#[path = "../../doctor/tests/common/mod.rs"]
mod common;

use std::fs;
use std::process::{Command, Output};

use common::scenario;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nativego"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("nativego runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_snapshot_of_a_scenario_diagnoses_the_same() {
    for name in [
        "messy-migrated-mac",
        "messy-dotfiles-linux",
        "broken-inputs",
    ] {
        let src = scenario(name);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("snap");
        let o = run(&[
            "snapshot",
            dir.to_str().unwrap(),
            "--scenario",
            src.to_str().unwrap(),
        ]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(0), "{out}");
        assert!(out.contains("Snapshot written to"), "{out}");
        assert!(
            out.contains("Checked: the snapshot gives the same"),
            "{out}"
        );
        assert!(
            out.contains(&format!("nativego doctor --scenario {}", dir.display())),
            "{out}"
        );
        let before = run(&["doctor", "--json", "--scenario", src.to_str().unwrap()]);
        let after = run(&["doctor", "--json", "--scenario", dir.to_str().unwrap()]);
        assert_eq!(before.status.code(), after.status.code(), "{name}");
        assert_eq!(text(&before), text(&after), "{name}");
    }
}

#[test]
fn snapshot_refuses_a_non_empty_directory_and_needs_one() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("keep-me"), "x").unwrap();
    let o = run(&["snapshot", tmp.path().to_str().unwrap(), "--no-shell"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not empty"), "{}", text(&o));
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);

    let o = run(&["snapshot"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("<DIR>"), "{}", text(&o));
}

#[test]
fn this_machine_can_be_snapshotted() {
    // Whatever this machine is, its snapshot must reproduce its static diagnosis.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("snap");
    let o = run(&["snapshot", dir.to_str().unwrap(), "--no-shell"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("Checked: the snapshot gives the same"),
        "{out}"
    );
    assert!(dir.join("host.toml").is_file() && dir.join("REDACTED.md").is_file());
    let o = run(&["doctor", "--scenario", dir.to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", text(&o));
}
