//! The `nativego` binary as a user runs it: exit codes, JSON, colour, explain, bad input.
#![allow(clippy::disallowed_methods)]

#[path = "../../doctor/tests/common/mod.rs"]
mod common;

use std::io::Read;
use std::process::{Command, Output, Stdio};

use common::{scenario, stderr, stdout};

fn nativego() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nativego"));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    nativego().args(args).output().expect("nativego runs")
}

#[test]
fn a_clean_machine_exits_zero() {
    let dir = scenario("clean-official");
    let o = run(&["doctor", "--scenario", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("go1.27.3 · arm64"), "{out}");
    assert!(out.contains("No problems found"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn an_error_finding_exits_one() {
    let dir = scenario("intel-homebrew-migrated");
    let o = run(&["doctor", "--scenario", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("go-wrong-arch"));
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = scenario("goarch-exported");
    let o = run(&["doctor", "--scenario", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("goarch-forced"));
}

#[test]
fn json_is_a_versioned_document() {
    let dir = scenario("goarch-exported");
    let o = run(&["doctor", "--json", "--scenario", dir.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["schema"], 1);
    for key in [
        "host", "go", "installs", "env", "tools", "findings", "checks",
    ] {
        assert!(!v[key].is_null(), "missing `{key}`");
    }
    for key in ["path", "version", "arch", "goroot", "source"] {
        assert!(!v["go"][key].is_null(), "missing `go.{key}`");
    }
    let finding = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "goarch-forced")
        .expect("goarch-forced");
    assert_eq!(finding["severity"], "warning");
    let fixes = finding["fixes"].as_array().unwrap();
    assert!(!fixes.is_empty(), "goarch-forced offers a fix");
    for fix in fixes {
        assert!(fix["id"].as_str().unwrap().starts_with("goarch-forced:"));
        assert!(fix["title"].is_string());
        assert!(["safe", "unsafe", "manual"].contains(&fix["applicability"].as_str().unwrap()));
    }
    let evidence = &finding["evidence"][0];
    assert_eq!(evidence["path"], "/Users/dev/.zshrc");
    assert!(evidence["line"].as_u64().unwrap() >= 1);
    assert_eq!(v["env"]["GOARCH"]["value"], "amd64");
    assert_eq!(v["env"]["GOARCH"]["origin"]["kind"], "startup-file");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = scenario("goarch-exported");
    let d = dir.to_str().unwrap();
    let o = run(&["doctor", "--color", "always", "--scenario", d]);
    assert!(stdout(&o).contains('\x1b'));
    let o = nativego()
        .args(["doctor", "--scenario", d])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn explain_prints_a_checks_documentation() {
    let o = run(&["explain", "goroot-version-skew"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for section in [
        "## What it checks",
        "## Why it hurts",
        "## How to fix",
        "## References",
    ] {
        assert!(out.contains(section), "{section} missing:\n{out}");
    }
    assert!(out.contains("does not match go tool version"), "{out}");
}

#[test]
fn explain_of_an_unknown_check_exits_two_with_a_hint() {
    let o = run(&["explain", "no-such-check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("there is no check `no-such-check`"));
    assert!(stderr(&o).contains("nativego checks"));
}

#[test]
fn checks_lists_every_id() {
    let o = run(&["checks"]);
    let out = stdout(&o);
    for id in [
        "go-not-found",
        "go-wrong-arch",
        "go-shadowed",
        "go-unsupported",
        "goroot-mismatch",
        "goroot-invalid",
        "goroot-version-skew",
        "goarch-forced",
        "rosetta-terminal",
        "rosetta-missing",
        "intel-homebrew",
        "gobin-not-on-path",
        "tools-wrong-arch",
        "modules-off",
        "goproxy-invalid",
        "gosumdb-off",
        "cgo-no-clt",
        "cgo-foreign-libs",
    ] {
        assert!(out.contains(id), "{id} missing");
    }
}

#[test]
fn a_missing_scenario_exits_two_with_a_clear_message() {
    let o = run(&["doctor", "--scenario", "/nonexistent/scenario"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no `host.toml`"), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("nativego: error:"));
}

#[test]
fn bad_arguments_exit_two() {
    for args in [
        &["doctor", "--bogus"][..],
        &["frobnicate"][..],
        &["doctor", "--shell-timeout", "-1"][..],
        &["doctor", "--color", "sometimes"][..],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).starts_with("nativego: error:"), "{args:?}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = scenario("messy-migrated-mac");
    let mut child = nativego()
        .args(["doctor", "-v", "--scenario", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then hang up, as `| head -1` does.
    let mut first = [0u8; 1];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{:?}",
        out.status
    );
}

#[test]
fn this_machine_is_diagnosed_and_mac_only_checks_do_not_apply_on_linux() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let o = run(&["doctor", "--json", "--no-shell"]);
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["host"]["os"], "linux");
    let status = |id: &str| {
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
    };
    assert_eq!(status("rosetta-terminal").unwrap(), "not-applicable");
    assert_eq!(status("cgo-no-clt").unwrap(), "not-applicable");
    assert_ne!(status("go-not-found").unwrap(), "not-applicable");
}

#[test]
fn without_home_in_the_environment_the_user_database_is_used() {
    // No HOME in the environment: the user database still knows the home, so the real
    // host falls back to it rather than failing. (A home nobody knows is a finding, see
    // the engine's bad-input tests.)
    let o = nativego()
        .args(["doctor", "--json", "--no-shell"])
        .env_remove("HOME")
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["host"]["home"].is_string());
}
