//! The login environment on a real machine: a real zsh run with the user's startup files,
//! and login shells that hang, fail or print noise. Each gives a clear result in bounded
//! time, never a hang.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nativego_doctor::facts::{LoginMethod, MachineFacts, Origin, Os};
use nativego_doctor::host::real::RealHost;
use nativego_doctor::host::{Host, Meta, RunError, RunOutput};
use nativego_doctor::probe::{self, ProbeOptions};

/// The real machine, with a chosen home and login shell.
struct TestHost {
    real: RealHost,
    home: PathBuf,
    shell: PathBuf,
}

impl Host for TestHost {
    fn os(&self) -> Os {
        self.real.os()
    }
    fn symlink_metadata(&self, p: &Path) -> io::Result<Meta> {
        self.real.symlink_metadata(p)
    }
    fn metadata(&self, p: &Path) -> io::Result<Meta> {
        self.real.metadata(p)
    }
    fn read_link(&self, p: &Path) -> io::Result<PathBuf> {
        self.real.read_link(p)
    }
    fn canonicalize(&self, p: &Path) -> io::Result<PathBuf> {
        self.real.canonicalize(p)
    }
    fn read_dir(&self, p: &Path) -> io::Result<Vec<String>> {
        self.real.read_dir(p)
    }
    fn read_prefix(&self, p: &Path, limit: u64) -> io::Result<Vec<u8>> {
        self.real.read_prefix(p, limit)
    }
    fn read_at(&self, p: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        self.real.read_at(p, offset, len)
    }
    fn env_var(&self, name: &str) -> Option<Vec<u8>> {
        match name {
            "HOME" => Some(self.home.display().to_string().into_bytes()),
            "ZDOTDIR" => Some(self.home.display().to_string().into_bytes()),
            "SHELL" => Some(self.shell.display().to_string().into_bytes()),
            _ => None,
        }
    }
    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        ["HOME", "ZDOTDIR", "SHELL"]
            .iter()
            .filter_map(|k| self.env_var(k).map(|v| (k.to_string(), v)))
            .collect()
    }
    fn home(&self) -> Option<PathBuf> {
        Some(self.home.clone())
    }
    fn login_shell(&self) -> Option<PathBuf> {
        Some(self.shell.clone())
    }
    fn machine(&self) -> MachineFacts {
        self.real.machine()
    }
    fn can_run(&self) -> bool {
        true
    }
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        timeout: Duration,
        max_output: usize,
    ) -> Result<RunOutput, RunError> {
        self.real.run(program, args, env, timeout, max_output)
    }
}

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
    let host = TestHost {
        real: RealHost::new(),
        home: home.path().to_path_buf(),
        shell,
    };
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
    let host = TestHost {
        real: RealHost::new(),
        home: home.path().to_path_buf(),
        shell,
    };
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
    let host = TestHost {
        real: RealHost::new(),
        home: home.path().to_path_buf(),
        shell,
    };
    let facts = probe::probe(&host, &opts(5000));
    assert_eq!(facts.login.failure, None);
    assert_eq!(facts.login.method, Some(LoginMethod::Shell));
    assert_eq!(facts.login.var("GOFLAGS"), Some("-mod=mod"));
    assert_eq!(facts.login.path[0].dir, "/opt/x/bin");
    assert_eq!(facts.login.path[0].origin, Origin::LoginShell);
}

fn zsh() -> Option<PathBuf> {
    let zsh = PathBuf::from("/usr/bin/zsh");
    if zsh.is_file() {
        Some(zsh)
    } else {
        assert!(
            std::env::var_os("NATIVEGO_REQUIRE_ZSH").is_none(),
            "zsh is required for this test (apt-get install zsh)"
        );
        None
    }
}

#[test]
fn real_zsh_values_are_attributed_to_startup_file_lines() {
    let Some(zsh) = zsh() else { return };
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display().to_string();
    fs::create_dir_all(home.path().join("go/bin")).unwrap();
    fs::write(
        home.path().join(".zshrc"),
        "# tools\nexport GOPATH=\"$HOME/go\"\nexport PATH=\"$PATH:$GOPATH/bin\"\nexport GOPROXY=direct\n",
    )
    .unwrap();
    let host = TestHost {
        real: RealHost::new(),
        home: home.path().to_path_buf(),
        shell: zsh,
    };
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
