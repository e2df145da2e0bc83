//! The real machine NativeGo runs on (macOS or Linux).
//!
//! With the file helpers it shares with scenarios (`host/fs.rs`), this is the only place
//! in the engine that touches the machine's `std::fs`, `std::env` and `std::process`. Each
//! method answers one question; none blocks without a bound.
// The real machine: the one place that touches it.
#![allow(clippy::disallowed_methods)]

use std::collections::HashMap;
use std::ffi::CStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use super::fs::{
    lock_real, meta_from_std, not_a_file, read_at_file, read_limited, write_atomic_real,
};
use super::{FileKind, Host, Meta, RunError, RunOutput};
use crate::binary::Arch;
#[cfg(target_os = "linux")]
use crate::facts::ProcessInfo;
use crate::facts::{Applicable, DirSize, MachineFacts, Os};

/// The machine NativeGo runs on.
#[derive(Debug, Default)]
pub struct RealHost {
    /// Directory sizes measured in the last [`SIZE_REUSE`]: the watcher diagnoses again on
    /// every change, and a large cache's walk takes up to its time bound.
    sizes: Mutex<HashMap<PathBuf, (Instant, DirSize)>>,
}

/// How long a measured directory size is reused.
pub const SIZE_REUSE: Duration = Duration::from_secs(600);

impl RealHost {
    pub fn new() -> RealHost {
        RealHost::default()
    }

    fn open_regular(&self, path: &Path) -> io::Result<fs::File> {
        // Check the kind first: opening a FIFO for reading would block.
        let meta = self.metadata(path)?;
        if meta.kind != FileKind::File {
            return Err(not_a_file(path, meta.kind));
        }
        fs::File::open(path)
    }
}

/// The current user's entry in the user database: (home, shell).
fn passwd_entry() -> (Option<PathBuf>, Option<PathBuf>) {
    // SAFETY: getpwuid_r writes into the buffers we own; the result pointer is either
    // null or points at `pwd`, whose string fields point into `buf`.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 16 * 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            libc::getuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        if rc != 0 || result.is_null() {
            return (None, None);
        }
        let field = |p: *const libc::c_char| {
            if p.is_null() {
                None
            } else {
                let s = CStr::from_ptr(p).to_string_lossy().into_owned();
                (!s.is_empty()).then(|| PathBuf::from(s))
            }
        };
        (field(pwd.pw_dir), field(pwd.pw_shell))
    }
}

/// The hardware architecture, true even under Rosetta.
fn hardware_arch() -> Arch {
    #[cfg(target_os = "macos")]
    {
        // `hw.optional.arm64` is 1 on Apple silicon even inside a translated process,
        // where `uname -m` says x86_64.
        if sysctl_int("hw.optional.arm64") == Some(1) {
            return Arch::Arm64;
        }
    }
    uname_machine()
        .and_then(|m| Arch::parse(&m))
        .unwrap_or(Arch::Unknown)
}

fn uname_machine() -> Option<String> {
    // SAFETY: uname fills the struct we own.
    unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        if libc::uname(&mut u) != 0 {
            return None;
        }
        Some(
            CStr::from_ptr(u.machine.as_ptr())
                .to_string_lossy()
                .into_owned(),
        )
    }
}

#[cfg(target_os = "macos")]
fn sysctl_int(name: &str) -> Option<i32> {
    let cname = std::ffi::CString::new(name).ok()?;
    let mut value: i32 = 0;
    let mut size = std::mem::size_of::<i32>();
    // SAFETY: value and size are valid for writes of the sizes given.
    let rc = unsafe {
        libc::sysctlbyname(
            cname.as_ptr(),
            (&mut value as *mut i32).cast(),
            &mut size,
            std::ptr::null_mut(),
            0,
        )
    };
    (rc == 0).then_some(value)
}

/// Terminal emulators and shells, by process name, for the Linux process list.
#[cfg(target_os = "linux")]
const TERMINAL_AND_SHELL_NAMES: &[&str] = &[
    "zsh",
    "bash",
    "fish",
    "sh",
    "dash",
    "tcsh",
    "gnome-terminal-",
    "konsole",
    "xterm",
    "alacritty",
    "kitty",
    "wezterm-gui",
    "ghostty",
    "tilix",
    "terminator",
    "foot",
    "code",
];

/// Running terminals and shells, from `/proc` (Linux).
#[cfg(target_os = "linux")]
fn linux_processes() -> Vec<ProcessInfo> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may contain spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_string();
        if !TERMINAL_AND_SHELL_NAMES.contains(&name.as_str()) {
            continue;
        }
        let ppid = stat[close + 1..]
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        out.push(ProcessInfo {
            pid,
            ppid,
            name,
            exe: fs::read_link(e.path().join("exe")).ok(),
            translated: None,
        });
    }
    out.sort_by_key(|p| p.pid);
    out
}

impl Host for RealHost {
    fn os(&self) -> Os {
        if cfg!(target_os = "macos") {
            Os::Macos
        } else if cfg!(target_os = "linux") {
            Os::Linux
        } else {
            Os::Other
        }
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        fs::symlink_metadata(path).map(|m| meta_from_std(&m))
    }

    fn dir_size(&self, dir: &Path, max_entries: u64, max_time: Duration) -> io::Result<DirSize> {
        let recent = |sizes: &HashMap<PathBuf, (Instant, DirSize)>| {
            sizes
                .get(dir)
                .filter(|(at, _)| at.elapsed() < SIZE_REUSE)
                .map(|(_, size)| *size)
        };
        if let Some(size) = self.sizes.lock().ok().and_then(|s| recent(&s)) {
            return Ok(size);
        }
        let size = super::walk_size(self, dir, max_entries, max_time)?;
        if let Ok(mut sizes) = self.sizes.lock() {
            sizes.insert(dir.to_path_buf(), (Instant::now(), size));
        }
        Ok(size)
    }

    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        fs::metadata(path).map(|m| meta_from_std(&m))
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        fs::read_link(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        fs::canonicalize(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let mut names: Vec<String> = fs::read_dir(path)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        read_limited(self.open_regular(path)?, limit)
    }

    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        read_at_file(self.open_regular(path)?, offset, len)
    }

    fn open_file(&self, path: &Path) -> io::Result<Option<super::OpenFile>> {
        super::OpenFile::new(self.open_regular(path)?).map(Some)
    }

    fn env_var(&self, name: &str) -> Option<Vec<u8>> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            std::env::var_os(name).map(|v| v.into_vec())
        }
        #[cfg(not(unix))]
        {
            std::env::var_os(name).map(|v| v.to_string_lossy().into_owned().into_bytes())
        }
    }

    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        #[cfg(unix)]
        use std::os::unix::ffi::OsStringExt;
        std::env::vars_os()
            .filter_map(|(k, v)| {
                let k = k.into_string().ok()?;
                #[cfg(unix)]
                let v = v.into_vec();
                #[cfg(not(unix))]
                let v = v.to_string_lossy().into_owned().into_bytes();
                Some((k, v))
            })
            .collect()
    }

    fn home(&self) -> Option<PathBuf> {
        match self.env_var("HOME") {
            Some(h) if !h.is_empty() => Some(PathBuf::from(String::from_utf8_lossy(&h).as_ref())),
            _ => passwd_entry().0,
        }
    }

    fn login_shell(&self) -> Option<PathBuf> {
        passwd_entry().1.or_else(|| {
            self.env_var("SHELL")
                .filter(|s| !s.is_empty())
                .map(|s| PathBuf::from(String::from_utf8_lossy(&s).as_ref()))
        })
    }

    fn machine(&self) -> MachineFacts {
        let os = self.os();
        let mac = os == Os::Macos;
        #[allow(unused_mut)] // only changed by the OS-specific blocks below
        let mut machine = MachineFacts {
            os,
            // From files, by the probe (probe/machine.rs), shared with scenarios.
            os_version: None,
            hw_arch: hardware_arch(),
            translated: if mac {
                Applicable::Unknown
            } else {
                Applicable::NotApplicable
            },
            rosetta_installed: if mac {
                Applicable::Unknown
            } else {
                Applicable::NotApplicable
            },
            developer_tools: Applicable::Unknown,
            homebrew: Vec::new(),
            processes: Vec::new(),
            arch_preferences: if mac {
                Applicable::Unknown
            } else {
                Applicable::NotApplicable
            },
            // SAFETY: getuid has no preconditions and cannot fail.
            uid: Some(unsafe { libc::getuid() }),
        };
        #[cfg(target_os = "macos")]
        {
            use super::macos::sys;
            // 1 when translated, 0 when native; the call
            // fails with ENOENT on systems without Rosetta, where nothing is translated.
            machine.translated = Applicable::Known(sysctl_int("sysctl.proc_translated") == Some(1));
            // Terminal apps and their shells, each with P_TRANSLATED (docs/macos-facts.md,
            // "A terminal under Rosetta").
            machine.processes = sys::terminal_processes();
            // "Open using Rosetta" for terminal apps (docs/macos-facts.md). Without a home, unknown.
            machine.arch_preferences = match self.home() {
                Some(home) => match sys::terminal_arch_preferences(&home) {
                    Ok(prefs) => Applicable::Known(prefs),
                    Err(_) => Applicable::Unknown,
                },
                None => Applicable::Unknown,
            };
        }
        #[cfg(target_os = "linux")]
        {
            machine.processes = linux_processes();
        }
        machine
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
        let name = program.display().to_string();
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so a timeout stops the whole tree (a login shell that
            // started `tmux` or a prompt helper), not only the shell.
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(|e| RunError::Spawn {
            program: name.clone(),
            detail: e.to_string(),
        })?;
        let bounded = |r: Option<Box<dyn Read + Send>>| {
            thread::spawn(move || -> (Vec<u8>, bool) {
                let Some(mut r) = r else {
                    return (Vec::new(), false);
                };
                let mut out = Vec::new();
                let mut chunk = [0u8; 8192];
                let mut truncated = false;
                loop {
                    match r.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let room = max_output.saturating_sub(out.len());
                            if n > room {
                                truncated = true;
                            }
                            out.extend_from_slice(&chunk[..n.min(room)]);
                            // Keep draining so the child never blocks on a full pipe.
                        }
                    }
                }
                (out, truncated)
            })
        };
        let out_reader = bounded(
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        );
        let err_reader = bounded(
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        );
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if start.elapsed() >= timeout => break None,
                Ok(None) => thread::sleep(Duration::from_millis(5)),
                Err(_) => break None,
            }
        };
        let Some(status) = status else {
            kill_group(&mut child);
            let _ = child.wait();
            let (partial, _) = out_reader.join().unwrap_or_default();
            let _ = err_reader.join();
            return Err(RunError::Timeout {
                program: name,
                timeout,
                partial,
            });
        };
        // The shell has exited, but a background child may still hold the pipes open:
        // stop the group so the readers see end-of-file.
        kill_group(&mut child);
        let (stdout, t1) = out_reader.join().unwrap_or_default();
        let (stderr, t2) = err_reader.join().unwrap_or_default();
        Ok(RunOutput {
            status: status.code(),
            stdout,
            stderr,
            truncated: t1 || t2,
        })
    }
}

fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: plain syscall; the group was created for this child.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = child.kill();
    }
}

impl super::HostMut for RealHost {
    fn write_atomic(&self, path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
        write_atomic_real(path, bytes, mode)
    }

    fn lock_changes(&self, wait: Duration) -> io::Result<super::ChangeLock> {
        let data = self
            .data_dir()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no home folder"))?;
        self.create_dir_all(&data, 0o700)?;
        lock_real(&data.join("lock"), wait)
    }

    fn create_dir_all(&self, path: &Path, mode: u32) -> io::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(mode)
            .create(path)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir(path)
    }

    fn now_unix(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// Checks startup-file content with the real shell (`zsh -n FILE`, `bash -n FILE`).
/// When the shell is not installed there is nothing to ask, and the check passes.
pub struct RealSyntaxCheck;

impl super::SyntaxCheck for RealSyntaxCheck {
    fn check(&self, shell: crate::facts::ShellKind, content: &[u8]) -> Result<(), String> {
        use crate::facts::ShellKind;
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let name = match shell {
            ShellKind::Zsh => "zsh",
            ShellKind::Bash => "bash",
            ShellKind::Other => return Ok(()),
        };
        let Some(program) = ["/bin", "/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
            .iter()
            .map(|d| Path::new(d).join(name))
            .find(|p| p.is_file())
        else {
            return Ok(());
        };
        // Small files go in as the `-c` argument, so nothing is left behind if NativeGo is
        // killed meanwhile. Bytes that are not UTF-8 only occur in comments and strings in
        // practice, and a replacement character there changes no syntax.
        if content.len() <= 256 * 1024 && !content.contains(&0) {
            let text = String::from_utf8_lossy(content);
            let out = RealHost::new().run(
                &program,
                &["-n", "-c", &text],
                &[("PATH", "/usr/bin:/bin")],
                Duration::from_secs(10),
                64 * 1024,
            );
            return match out {
                Ok(o) if o.status == Some(0) => Ok(()),
                Ok(o) => Err(format!(
                    "`{name} -n` says: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                )),
                Err(e) => Err(format!("could not check the syntax: {e}")),
            };
        }
        let tmp = std::env::temp_dir().join(format!(
            "nativego-syntax-{}-{}.sh",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .and_then(|mut f| f.write_all(content));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(format!("could not check the syntax: {e}"));
        }
        let out = RealHost::new().run(
            &program,
            &["-n", &tmp.display().to_string()],
            &[("PATH", "/usr/bin:/bin")],
            Duration::from_secs(10),
            64 * 1024,
        );
        let _ = fs::remove_file(&tmp);
        match out {
            Ok(o) if o.status == Some(0) => Ok(()),
            Ok(o) => {
                let text = String::from_utf8_lossy(&o.stderr)
                    .replace(&tmp.display().to_string(), "the new file");
                Err(format!("`{name} -n` says: {}", text.trim()))
            }
            Err(e) => Err(format!("could not check the syntax: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_removes_temporary_files_of_killed_runs_and_only_those() {
        let dir = tempfile::tempdir().unwrap();
        let rc = dir.path().join(".zshrc");
        fs::write(&rc, b"old\n").unwrap();
        // Temporary files are named `.NAME.nativego-PID-N.tmp`: `..zshrc.nativego-…` here.
        // A PID no process has any more: a child that has exited and been reaped.
        let mut child = std::process::Command::new("/bin/sh")
            .args(["-c", "exit 0"])
            .spawn()
            .unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(format!("..zshrc.nativego-{dead}-0.tmp"));
        let stale2 = dir.path().join(format!("..zshrc.nativego-{dead}-17.tmp"));
        // PID 1 always exists: a live writer's file stays.
        let live = dir.path().join("..zshrc.nativego-1-3.tmp");
        // Not ours: another file's temporary, other shapes, a directory.
        let keep = [
            dir.path().join(format!("..zprofile.nativego-{dead}-0.tmp")),
            dir.path().join(format!("..zshrc.nativego-{dead}-x.tmp")),
            dir.path().join(format!("..zshrc.nativego-{dead}.tmp")),
            dir.path().join("..zshrc.nativego-notes.tmp"),
            dir.path().join("zshrc.nativego-1-0.tmp"),
        ];
        for p in [&stale, &stale2, &live].into_iter().chain(keep.iter()) {
            fs::write(p, b"partial").unwrap();
        }
        let stale_dir = dir.path().join(format!("..zshrc.nativego-{dead}-5.tmp"));
        fs::create_dir(&stale_dir).unwrap();

        write_atomic_real(&rc, b"new\n", 0o644).unwrap();
        assert_eq!(fs::read(&rc).unwrap(), b"new\n");
        assert!(
            !stale.exists() && !stale2.exists(),
            "stale temporaries removed"
        );
        assert!(live.exists(), "a live process's temporary stays");
        for p in &keep {
            assert!(p.exists(), "{} stays", p.display());
        }
        assert!(stale_dir.is_dir(), "only regular files are removed");
        // The write itself leaves nothing behind.
        let left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(&format!("nativego-{}-", std::process::id())))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn run_captures_output_and_status() {
        let out = RealHost::new()
            .run(
                Path::new("/bin/sh"),
                &["-c", "printf hello; printf oops >&2; exit 3"],
                &[],
                Duration::from_secs(5),
                1024,
            )
            .unwrap();
        assert_eq!(out.stdout, b"hello");
        assert_eq!(out.stderr, b"oops");
        assert_eq!(out.status, Some(3));
    }

    #[test]
    fn a_measured_directory_size_is_reused_for_a_while() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), b"abc").unwrap();
        let host = RealHost::new();
        let first = host
            .dir_size(dir.path(), 100, Duration::from_secs(5))
            .unwrap();
        assert_eq!((first.bytes, first.entries, first.complete), (3, 1, true));
        fs::write(dir.path().join("b"), b"defg").unwrap();
        assert_eq!(
            host.dir_size(dir.path(), 100, Duration::from_secs(5))
                .unwrap(),
            first
        );
        let fresh = RealHost::new()
            .dir_size(dir.path(), 100, Duration::from_secs(5))
            .unwrap();
        assert_eq!((fresh.bytes, fresh.entries), (7, 2));
    }

    #[test]
    fn run_stops_a_hung_program_and_its_children() {
        let start = Instant::now();
        let err = RealHost::new()
            .run(
                Path::new("/bin/sh"),
                &["-c", "printf partial; sleep 30 & sleep 30"],
                &[],
                Duration::from_millis(300),
                1024,
            )
            .unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(5));
        match err {
            RunError::Timeout { partial, .. } => assert_eq!(partial, b"partial"),
            other => panic!("expected a timeout, got {other:?}"),
        }
    }

    #[test]
    fn run_bounds_output() {
        let out = RealHost::new()
            .run(
                Path::new("/bin/sh"),
                &["-c", "yes | head -c 100000"],
                &[],
                Duration::from_secs(5),
                1000,
            )
            .unwrap();
        assert_eq!(out.stdout.len(), 1000);
        assert!(out.truncated);
    }

    #[test]
    fn fifos_are_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: plain syscall with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let err = RealHost::new().read(&fifo).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
    }
}
