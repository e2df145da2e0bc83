//! The probe: ask the [`Host`] about the machine and write down [`Facts`].
//!
//! Probing never fails as a whole: every question that cannot be answered becomes part
//! of the facts (an `Err` in a field, a [`crate::facts::ProbeProblem`], a
//! [`crate::facts::ShellFailure`]) for the checks to turn into findings.

pub(crate) mod cgo;
pub(crate) mod editors;
pub(crate) mod godirs;
pub mod goenv;
pub(crate) mod installs;
pub(crate) mod lines;
pub mod login;
pub(crate) mod machine;
pub(crate) mod managers;
pub(crate) mod tools;
pub(crate) mod trace;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::binary::ByteSource;
use crate::facts::Facts;
use crate::host::Host;

/// How to probe.
#[derive(Clone, Debug)]
pub struct ProbeOptions {
    /// Run the user's login shell to learn the real environment (real machines only).
    /// When false, or on a scenario, the startup files are evaluated statically.
    pub run_login_shell: bool,
    /// How long the login shell may take.
    pub shell_timeout: Duration,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            run_login_shell: true,
            shell_timeout: Duration::from_secs(5),
        }
    }
}

/// Probe the machine.
pub fn probe(host: &dyn Host, opts: &ProbeOptions) -> Facts {
    let mut machine = host.machine();
    machine::complete(host, &mut machine);
    probe_files(host, machine, opts, None)
}

/// Probe everything but the machine facts, which are given. With `previous` (facts of
/// the same machine a moment ago), tools in the same tool directories are not read again.
pub fn probe_files(
    host: &dyn Host,
    machine: crate::facts::MachineFacts,
    opts: &ProbeOptions,
    previous: Option<&Facts>,
) -> Facts {
    let home = host.home().filter(|h| h.is_absolute());

    // The go env file can move with GOENV, which only the login environment knows; the
    // static evaluation only needs it for `$(go env GOPATH)`, so read the default one first.
    let default_env_file = goenv::user_env_file(machine.os, home.as_deref(), None);
    let early_file = default_env_file
        .as_deref()
        .map(|p| goenv::read_env_file(host, p))
        .unwrap_or_default();
    let mut login = login::login_env(host, machine.os, home.as_deref(), &early_file, opts);
    login.managed_blocks = lines::managed_blocks(host, &login);
    let origin_lines = lines::origin_lines(host, &login);

    let mut problems = Vec::new();
    let env_file = goenv::user_env_file(machine.os, home.as_deref(), login.var("GOENV"));
    let user_file = match (&env_file, &default_env_file) {
        (Some(p), Some(d)) if p == d => early_file,
        (Some(p), _) => goenv::read_env_file(host, p),
        (None, _) => goenv::EnvFile::default(),
    };
    if let Some(err) = &user_file.error {
        problems.push(crate::facts::ProbeProblem {
            what: "go-env-file-unreadable".into(),
            path: env_file.clone(),
            detail: err.clone(),
        });
    }

    // GOPATH decides where GOTOOLCHAIN downloads live, so settle it before looking for
    // installs; GOROOT needs the installs, so settings are computed in two steps.
    let gopath = goenv::gopath(&login, &user_file, home.as_deref());
    let gomodcache = goenv::gomodcache(&login, &user_file, &gopath);
    let explicit_goroot = goenv::explicit_goroot(&login, &user_file);
    let mut installs = installs::find(
        host,
        &machine,
        home.as_deref(),
        &login,
        gomodcache.as_deref(),
        explicit_goroot.as_ref().map(|(v, _)| Path::new(v.as_str())),
    );
    let active = crate::facts::active_install(&installs);
    if let Some(i) = active {
        installs[i].toolchain_programs = tools::toolchain_programs(host, &installs[i]);
    }
    let active_install = active.map(|i| installs[i].clone());
    let settings = goenv::settings(
        host,
        &machine,
        home.as_deref(),
        &login,
        &user_file,
        env_file.as_deref(),
        active_install.as_ref(),
        &mut installs,
        &mut problems,
    );
    let (tool_dirs, tools) = match previous {
        Some(p) if p.tool_dirs == tools::tool_dirs(&settings) => {
            problems.extend(
                p.problems
                    .iter()
                    .filter(|x| x.what.starts_with("tool-dir"))
                    .cloned(),
            );
            (p.tool_dirs.clone(), p.tools.clone())
        }
        _ => tools::scan(host, &settings, &mut problems),
    };
    let unknown_settings = goenv::unknown_settings(&login);
    let cgo = cgo::cgo_facts(host, machine.os, &login);
    let editor_settings = editors::editor_settings(host, machine.os, home.as_deref());
    let go_dirs = godirs::go_dirs(
        host,
        &godirs::Known {
            os: machine.os,
            home: home.as_deref(),
            login: &login,
            user_file: &user_file,
            settings: &settings,
            gopath: &gopath,
            gomodcache: gomodcache.as_deref(),
        },
        previous,
    );

    let (config_path, (config, config_error)) = read_config(host, home.as_deref());
    Facts {
        machine,
        home,
        login,
        installs,
        active,
        go_env_file: env_file,
        settings,
        unknown_settings,
        tool_dirs,
        tools,
        problems,
        lines: origin_lines,
        config,
        config_error,
        config_path,
        cgo,
        go_dirs,
        editor_settings,
    }
}

/// The user's settings file, read through the host: absent is empty, unreadable or
/// unparsable is an error (and nothing is ignored).
/// Where this machine's settings file is (`config::path` with the host's
/// `XDG_CONFIG_HOME`): what the probe reads and `nativego ignore` writes.
pub fn config_path(host: &dyn Host, home: Option<&Path>) -> Option<PathBuf> {
    let xdg = host
        .env_var("XDG_CONFIG_HOME")
        .and_then(|v| String::from_utf8(v).ok());
    crate::config::path(home, xdg.as_deref())
}

type ConfigRead = (Option<PathBuf>, (crate::config::Config, Option<String>));

fn read_config(host: &dyn Host, home: Option<&Path>) -> ConfigRead {
    let Some(path) = config_path(host, home) else {
        return Default::default();
    };
    (Some(path.clone()), read_config_at(host, &path))
}

fn read_config_at(host: &dyn Host, path: &Path) -> (crate::config::Config, Option<String>) {
    match host.read_prefix(path, 256 * 1024) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(e) => (Default::default(), Some(format!("{}: {e}", path.display()))),
        Ok(bytes) => match String::from_utf8(bytes)
            .map_err(|_| "not UTF-8".to_string())
            .and_then(|t| crate::config::parse(&t))
        {
            Ok(c) => (c, None),
            Err(e) => (Default::default(), Some(format!("{}: {e}", path.display()))),
        },
    }
}

/// A file on the host, read in pieces: the [`ByteSource`] the binary reader needs. Opened
/// once where the host can ([`Host::open_file`]); otherwise every piece is read through
/// the host by path.
pub struct HostFile<'a> {
    host: &'a dyn Host,
    path: PathBuf,
    len: u64,
    open: Option<crate::host::OpenFile>,
}

impl<'a> HostFile<'a> {
    /// Open `path` (following symlinks); fails unless it is a regular file.
    pub fn open(host: &'a dyn Host, path: &Path) -> io::Result<HostFile<'a>> {
        if let Some(open) = host.open_file(path)? {
            return Ok(HostFile {
                host,
                path: path.to_path_buf(),
                len: open.len(),
                open: Some(open),
            });
        }
        let meta = host.metadata(path)?;
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` is not a regular file", path.display()),
            ));
        }
        Ok(HostFile {
            host,
            path: path.to_path_buf(),
            len: meta.len,
            open: None,
        })
    }
}

impl ByteSource for HostFile<'_> {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        match &self.open {
            Some(f) => f.read_at(offset, len),
            None => self.host.read_at(&self.path, offset, len),
        }
    }
}

/// Lexically clean a path: drop `.` and trailing slashes, fold `..` where possible.
pub fn clean(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
