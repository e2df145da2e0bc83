//! The login environment on a real machine: a real zsh run with the user's startup files,
//! and login shells that hang, fail or print noise. Each gives a clear result in bounded
//! time, never a hang.
#![allow(clippy::disallowed_methods)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nativego_doctor::facts::{LoginMethod, Origin};
use nativego_doctor::probe::{self, ProbeOptions};

use common::RealHostWithHome;

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn opts(timeout_ms: u64) -> ProbeOptions {
    ProbeOptions {
        run_login_shell: true,
        shell_timeout: Duration::from_millis(timeout_ms),
    }
}

#[test]
fn a_hung_login_shell_times_out_with_a_clear_failure() {
    let home = tempfile::tempdir().unwrap();
    let shell = script(home.path(), "zsh", "sleep 30");
    let host = RealHostWithHome::new(home.path(), &shell);
    let start = Instant::now();
    let facts = probe::probe(&host, &opts(400));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let failure = facts.login.failure.expect("a failure");
    assert_eq!(failure.kind, "timeout");
    assert!(
        failure.detail.contains("did not finish"),
        "{}",
        failure.detail
    );
    // The static evaluation stands in.
    assert_eq!(facts.login.method, Some(LoginMethod::Static));
}

#[test]
fn a_failing_login_shell_is_reported_with_what_it_said() {
    let home = tempfile::tempdir().unwrap();
    let shell = script(
        home.path(),
        "zsh",
        "echo 'zsh: command not found: pyenv' >&2; exit 1",
    );
    let host = RealHostWithHome::new(home.path(), &shell);
    let facts = probe::probe(&host, &opts(5000));
    let failure = facts.login.failure.expect("a failure");
    assert_eq!(failure.kind, "no-output");
    assert!(failure.detail.contains("status 1"), "{}", failure.detail);
    assert!(
        failure.detail.contains("command not found: pyenv"),
        "{}",
        failure.detail
    );
}

#[test]
fn noise_around_the_environment_is_ignored() {
    let home = tempfile::tempdir().unwrap();
    // A chatty shell: a banner, escape codes, then runs the command it was given.
    let shell = script(
        home.path(),
        "zsh",
        "printf 'Welcome!\\n\\033[1mfortune of the day\\033[0m\\n'; shift 3; export GOFLAGS=-mod=mod; export PATH=/opt/x/bin:$PATH; eval \"$1\"; echo bye",
    );
    let host = RealHostWithHome::new(home.path(), &shell);
    let facts = probe::probe(&host, &opts(5000));
    assert_eq!(facts.login.failure, None);
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    assert_eq!(facts.login.var("GOFLAGS"), Some("-mod=mod"));
    assert_eq!(facts.login.path[0].dir, "/opt/x/bin");
    assert_eq!(facts.login.path[0].origin, Origin::LoginShell);
}

#[test]
fn real_zsh_values_are_attributed_to_startup_file_lines() {
    if !common::zsh_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display().to_string();
    fs::create_dir_all(home.path().join("go/bin")).unwrap();
    fs::write(
        home.path().join(".zshrc"),
        "# tools\nexport GOPATH=\"$HOME/go\"\nexport PATH=\"$PATH:$GOPATH/bin\"\nexport GOPROXY=direct\n",
    )
    .unwrap();
    let host = RealHostWithHome::new(home.path(), Path::new(common::ZSH));
    let facts = probe::probe(&host, &opts(10_000));
    assert_eq!(facts.login.failure, None, "{:?}", facts.login.failure);
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    let zshrc = home.path().join(".zshrc");
    assert_eq!(facts.login.var("GOPROXY"), Some("direct"));
    assert_eq!(
        facts.login.origins["GOPROXY"],
        Origin::StartupFile {
            path: zshrc.clone(),
            line: 4
        }
    );
    let gobin = format!("{h}/go/bin");
    let entry = facts
        .login
        .path
        .iter()
        .find(|e| e.dir == gobin)
        .expect("GOPATH/bin on PATH");
    assert_eq!(
        entry.origin,
        Origin::StartupFile {
            path: zshrc,
            line: 3
        }
    );
    let setting = &facts.settings["GOPROXY"];
    assert_eq!(setting.value, "direct");
}
