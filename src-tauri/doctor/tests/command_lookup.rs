//! Which `go` a new terminal runs, compared with real zsh: for PATH layouts with a broken
//! `go` ahead of a good one (a dangling link left by `brew uninstall`, a link loop, a
//! directory or a file without the execute bit named `go`), the engine's active Go is the
//! one `whence -p go` finds in the same directories. Skips when zsh is absent, unless
//! `NATIVEGO_REQUIRE_ZSH=1`.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use nativego_doctor::host::scenario::ScenarioHost;
use nativego_doctor::host::Host;
use nativego_doctor::probe::ProbeOptions;

use common::ZSH;

/// What sits in `/opt/broken/bin`, first on PATH, named `go`.
enum Broken {
    Dangling,
    Loop,
    Directory,
    NotExecutable,
}

/// A Mac with the official Go (`clean-official`), `/opt/broken/bin` put first on PATH by
/// `~/.zprofile`, and `broken` there; `official` false removes the official Go's link from
/// PATH (its `/etc/paths.d/go`), leaving nothing runnable.
fn machine(broken: &Broken, official: bool) -> tempfile::TempDir {
    let dir = common::scenario_copy("clean-official");
    let root = dir.path().join("root");
    let bin = root.join("opt/broken/bin");
    fs::create_dir_all(&bin).unwrap();
    let go = bin.join("go");
    match broken {
        Broken::Dangling => symlink("../Cellar/go/1.26.4/bin/go", &go).unwrap(),
        Broken::Loop => {
            symlink("go2", &go).unwrap();
            symlink("go", bin.join("go2")).unwrap();
        }
        Broken::Directory => fs::create_dir(&go).unwrap(),
        Broken::NotExecutable => {
            fs::write(&go, b"#!/bin/sh\n").unwrap();
            fs::set_permissions(&go, fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    fs::write(
        root.join("Users/dev/.zprofile"),
        "export PATH=\"/opt/broken/bin:$PATH\"\n",
    )
    .unwrap();
    if !official {
        fs::remove_file(root.join("etc/paths.d/go")).unwrap();
    }
    dir
}

/// `whence -p go` in real zsh over the same PATH directories (inside the scenario), as a
/// machine path.
fn zsh_lookup(host: &ScenarioHost, path: &[String]) -> Option<PathBuf> {
    let real: Vec<String> = path
        .iter()
        .filter(|d| d.starts_with('/'))
        .filter_map(|d| host.real_path(Path::new(d)))
        .map(|p| p.display().to_string())
        .collect();
    let out = Command::new(ZSH)
        .args(["-f", "-c", "whence -p go"])
        .env_clear()
        .env("PATH", real.join(":"))
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if found.is_empty() {
        return None;
    }
    host.machine_path(Path::new(&found))
}

#[test]
fn the_active_go_is_the_one_zsh_runs() {
    if !common::zsh_available() {
        return;
    }
    let cases = [
        ("dangling link", Broken::Dangling),
        ("link loop", Broken::Loop),
        ("directory", Broken::Directory),
        ("file without the execute bit", Broken::NotExecutable),
    ];
    let mut compared = 0;
    for (name, broken) in &cases {
        for official in [true, false] {
            let dir = machine(broken, official);
            let host = ScenarioHost::load(dir.path()).unwrap();
            let probe = ProbeOptions {
                run_login_shell: false,
                ..ProbeOptions::default()
            };
            let (facts, report) = nativego_doctor::diagnose(&host, &probe);
            let dirs: Vec<String> = facts.login.path.iter().map(|e| e.dir.clone()).collect();
            assert_eq!(
                dirs.first().map(String::as_str),
                Some("/opt/broken/bin"),
                "{name}: {dirs:?}"
            );
            let ours = facts.active().map(|g| g.path.clone());
            let zsh = zsh_lookup(&host, &dirs);
            assert_eq!(ours, zsh, "{name} (official Go on PATH: {official})");
            let checks: Vec<&str> = report.findings.iter().map(|f| f.check.as_str()).collect();
            // A broken link is reported either way; a directory or a plain file named
            // `go` is not a Go install at all.
            let link = matches!(broken, Broken::Dangling | Broken::Loop);
            assert_eq!(
                checks.contains(&"go-binary-unreadable"),
                link,
                "{name}: {checks:?}"
            );
            assert_eq!(
                checks.contains(&"go-not-found"),
                !official,
                "{name}: {checks:?}"
            );
            compared += 1;
        }
    }
    eprintln!("command lookup: {compared} layouts, the engine and zsh agree on every one");
}
