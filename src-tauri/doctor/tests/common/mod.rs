//! Support code shared by the integration tests: the shipped scenarios and fresh copies of
//! them, a byte-for-byte picture of a machine folder, the real machine with a chosen home,
//! the real file system as a bare `Host`, and real zsh (where it is, how a test skips
//! without it, and the login environment it gives).
//!
//! Each doctor test file includes it with `mod common;` (Cargo does not build
//! `tests/common/mod.rs` as a test of its own); the CLI's tests include the same file with
//! `#[path = "../../doctor/tests/common/mod.rs"] mod common;`. Paths are found from
//! `CARGO_MANIFEST_DIR`, which is `src-tauri/doctor` or `src-tauri/cli`: the repository
//! is two folders up from either.
//!
//! Not every test uses every helper, hence `dead_code` is allowed. Like the tests, this
//! module reads and writes real files and runs real programs.
#![allow(dead_code, clippy::disallowed_methods, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nativego_doctor::binary::Arch;
use nativego_doctor::facts::{Applicable, LoginEnv, MachineFacts, Os, ShellKind};
use nativego_doctor::host::real::RealHost;
use nativego_doctor::host::{Host, Meta, RunError, RunOutput};
use nativego_doctor::probe::ProbeOptions;
use nativego_doctor::report::Report;
use nativego_doctor::shell::{evaluate, EvalOptions};

// ----- the repository and its scenarios ---------------------------------------------

/// The repository's root folder.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `tests/scenarios/`, where the shipped scenarios are.
pub fn scenarios_dir() -> PathBuf {
    repo().join("tests/scenarios")
}

/// The shipped scenario `name` (read it, do not change it: see [`scenario_copy`]).
pub fn scenario(name: &str) -> PathBuf {
    scenarios_dir().join(name)
}

/// Every shipped scenario (a folder of `tests/scenarios/` with a `host.toml`), as
/// (name, folder), sorted by name.
pub fn scenarios() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = fs::read_dir(scenarios_dir())
        .expect("tests/scenarios exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("host.toml").is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Copy the folder `from` into `to` (created if missing), symlinks as symlinks (their
/// target text unchanged, never followed).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ft = fs::symlink_metadata(&src).unwrap().file_type();
        if ft.is_symlink() {
            symlink(fs::read_link(&src).unwrap(), &dst).unwrap();
        } else if ft.is_dir() {
            copy_tree(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A fresh copy of the shipped scenario `name` in a temporary folder (`host.toml` and
/// `root/` at its top), for a test that changes the machine. Removed when dropped.
pub fn scenario_copy(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&scenario(name), tmp.path());
    tmp
}

/// Every file and folder under `root`, by path relative to it: a file's bytes, a
/// symlink's target text, `<dir>` for a folder. Paths naming NativeGo (`NativeGo`,
/// `nativego`: its data folder, journal and temporary files) are left out, so two
/// pictures compare the user's files only.
pub fn tree_bytes(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_path_buf();
            if rel.to_string_lossy().contains("NativeGo")
                || rel.to_string_lossy().contains("nativego")
            {
                continue;
            }
            let ft = fs::symlink_metadata(&p).unwrap().file_type();
            if ft.is_symlink() {
                out.insert(
                    rel,
                    fs::read_link(&p)
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                );
            } else if ft.is_dir() {
                out.insert(rel.clone(), b"<dir>".to_vec());
                walk(base, &p, out);
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// A fake machine built in a temporary folder (`host.toml` + `root/`), for tests whose
/// files cannot live in git (FIFOs, modes) or are generated. Test files add the methods
/// they alone need in `impl common::Machine` blocks of their own.
pub struct Machine {
    pub dir: tempfile::TempDir,
}

impl Machine {
    /// A machine described by `host_toml`, with an empty `/Users/dev`.
    pub fn new(host_toml: &str) -> Machine {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("root/Users/dev")).unwrap();
        fs::write(dir.path().join("host.toml"), host_toml).unwrap();
        Machine { dir }
    }
    /// An Apple silicon Mac, home `/Users/dev`, shell zsh, nothing else.
    pub fn mac() -> Machine {
        Machine::new(
            "os = \"macos\"\narch = \"arm64\"\nhome = \"/Users/dev\"\nshell = \"/bin/zsh\"\n",
        )
    }
    /// The real path of a machine path.
    pub fn path(&self, machine: &str) -> PathBuf {
        self.dir
            .path()
            .join("root")
            .join(machine.trim_start_matches('/'))
    }
    pub fn write(&self, machine: &str, bytes: &[u8]) -> &Machine {
        let p = self.path(machine);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, bytes).unwrap();
        self
    }
    pub fn link(&self, machine: &str, target: &str) -> &Machine {
        let p = self.path(machine);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        symlink(target, p).unwrap();
        self
    }
    pub fn read(&self, machine: &str) -> Vec<u8> {
        fs::read(self.path(machine)).unwrap()
    }
    pub fn host(&self) -> nativego_doctor::host::scenario::ScenarioHost {
        nativego_doctor::host::scenario::ScenarioHost::load(self.dir.path())
            .expect("scenario loads")
    }
}

/// The paths where two [`tree_bytes`] states differ (for a readable failure message).
pub fn differences(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The report for `host` from the startup files alone (no login shell is run).
pub fn diagnose_static(host: &dyn Host) -> Report {
    nativego_doctor::diagnose(
        host,
        &ProbeOptions {
            run_login_shell: false,
            ..ProbeOptions::default()
        },
    )
    .1
}

/// A program's standard output, as text (invalid UTF-8 replaced).
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A program's standard error, as text (invalid UTF-8 replaced).
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// ----- the real machine with a chosen home ------------------------------------------

/// The real machine (its files, machine facts and programs, through [`RealHost`]) with a
/// chosen home, login shell and environment: the test process's own environment is never
/// seen, and [`Host::can_run`] is always true.
pub struct RealHostWithHome {
    pub real: RealHost,
    pub home: PathBuf,
    pub shell: PathBuf,
    /// The whole environment, in this order.
    pub env: Vec<(String, String)>,
}

impl RealHostWithHome {
    /// `home` as `HOME` and `ZDOTDIR`, `shell` as the login shell and `SHELL`; no other
    /// variable.
    pub fn new(home: &Path, shell: &Path) -> RealHostWithHome {
        let (h, s) = (home.display().to_string(), shell.display().to_string());
        RealHostWithHome::with_env(home, shell, &[("HOME", &h), ("ZDOTDIR", &h), ("SHELL", &s)])
    }

    /// `home` and `shell` with exactly the variables `env` (which should name them too).
    pub fn with_env(home: &Path, shell: &Path, env: &[(&str, &str)]) -> RealHostWithHome {
        RealHostWithHome {
            real: RealHost::new(),
            home: home.to_path_buf(),
            shell: shell.to_path_buf(),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

impl Host for RealHostWithHome {
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
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone().into_bytes())
    }
    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        self.env
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().into_bytes()))
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

// ----- the real file system as a bare host ------------------------------------------

/// The real file system and nothing else, for the static evaluator: a Linux machine with
/// no environment, no home, no login shell, unknown machine facts, and no programs to run.
/// Files are read through [`RealHost`] (the same bounds, the same refusal of FIFOs).
pub struct FsHost;

impl Host for FsHost {
    fn os(&self) -> Os {
        Os::Linux
    }
    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        RealHost::new().symlink_metadata(path)
    }
    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        RealHost::new().metadata(path)
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        RealHost::new().read_link(path)
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        RealHost::new().canonicalize(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        RealHost::new().read_dir(path)
    }
    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        RealHost::new().read_prefix(path, limit)
    }
    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        RealHost::new().read_at(path, offset, len)
    }
    fn env_var(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }
    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
    fn home(&self) -> Option<PathBuf> {
        None
    }
    fn login_shell(&self) -> Option<PathBuf> {
        None
    }
    fn machine(&self) -> MachineFacts {
        MachineFacts {
            os: Os::Linux,
            os_version: None,
            hw_arch: Arch::Unknown,
            translated: Applicable::Unknown,
            rosetta_installed: Applicable::Unknown,
            developer_tools: Applicable::Unknown,
            homebrew: Vec::new(),
            processes: Vec::new(),
            arch_preferences: Applicable::Unknown,
            uid: None,
        }
    }
    fn can_run(&self) -> bool {
        false
    }
    fn run(
        &self,
        _: &Path,
        _: &[&str],
        _: &[(&str, &str)],
        _: Duration,
        _: usize,
    ) -> Result<RunOutput, RunError> {
        Err(RunError::Unsupported)
    }
}

// ----- real zsh ---------------------------------------------------------------------

/// Where the tests that compare with real zsh look for it.
pub const ZSH: &str = "/usr/bin/zsh";

/// Whether real zsh ([`ZSH`]) is there. When it is not, the test should return early:
/// this says on stderr that it was skipped, or, with `NATIVEGO_REQUIRE_ZSH=1` (CI),
/// fails the test instead.
pub fn zsh_available() -> bool {
    if Path::new(ZSH).is_file() {
        return true;
    }
    if std::env::var("NATIVEGO_REQUIRE_ZSH").as_deref() == Ok("1") {
        panic!("zsh is required (NATIVEGO_REQUIRE_ZSH=1) but {ZSH} is missing");
    }
    eprintln!("skipped: {ZSH} is missing");
    false
}

const START: &str = "__NATIVEGO_START__";
const END: &str = "__NATIVEGO_END__";

/// The environment of a real zsh login shell started with `home` as its only startup
/// folder: `env -i HOME=home ZDOTDIR=home PATH=/usr/bin:/bin zsh -d -l -i -c …` in `home`
/// (`-d`: no global rc files), as name → value. `None` when zsh cannot be started or
/// prints no environment; panics when it runs longer than 10 s.
///
/// Give it a canonical `home` (`fs::canonicalize` of a temporary folder): zsh reports the
/// real path where the static evaluator would keep the one it was given.
pub fn zsh_login_env(home: &Path) -> Option<BTreeMap<String, String>> {
    let script = format!("print -rn -- {START}; /usr/bin/env -0; print -rn -- {END}");
    let mut child = Command::new("/usr/bin/env")
        .args(["-i"])
        .arg(format!("HOME={}", home.display()))
        .arg(format!("ZDOTDIR={}", home.display()))
        .arg("PATH=/usr/bin:/bin")
        .args([ZSH, "-d", "-l", "-i", "-c", &script])
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > Duration::from_secs(10) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("zsh timed out");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(_) => return None,
        }
    }
    let mut out = Vec::new();
    child.stdout.take()?.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out);
    let s = text.find(START)? + START.len();
    let e = text[s..].find(END)? + s;
    let mut vars = BTreeMap::new();
    for entry in text[s..e].split('\0') {
        if let Some((k, v)) = entry.split_once('=') {
            vars.insert(k.to_string(), v.to_string());
        }
    }
    Some(vars)
}

/// What the static evaluator says the same zsh login shell as [`zsh_login_env`] gets:
/// zsh, login and interactive, `HOME`, `ZDOTDIR` and `PATH=/usr/bin:/bin` to start with,
/// no global rc files, over the real files ([`FsHost`]).
pub fn static_zsh_login_env(home: &Path) -> LoginEnv {
    let h = home.to_string_lossy().into_owned();
    let opts = EvalOptions {
        shell: ShellKind::Zsh,
        os: Os::Linux,
        home: home.to_path_buf(),
        initial_env: vec![
            ("HOME".into(), h.clone()),
            ("ZDOTDIR".into(), h),
            ("PATH".into(), "/usr/bin:/bin".into()),
        ],
        login: true,
        interactive: true,
        go_env_file: BTreeMap::new(),
        global_rcs: false,
    };
    evaluate(&FsHost, &opts)
}

/// The check IDs of a report's findings, from its JSON (`nativego doctor --json`,
/// `nativego watch`, the app's IPC).
pub fn json_checks(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("a report has findings")
        .iter()
        .map(|f| {
            f["check"]
                .as_str()
                .expect("a finding has a check")
                .to_string()
        })
        .collect()
}
