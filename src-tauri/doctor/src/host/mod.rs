//! The `Host` boundary: everything the engine learns from the outside world.
//!
//! Checks never touch the machine. The probe asks a `Host` for files, metadata,
//! symlinks, directory listings, the environment, OS facts and processes, and
//! turns the answers into [`crate::facts::Facts`].
//!
//! Two implementations exist:
//! - [`real::RealHost`], the machine NativeGo runs on (macOS or Linux);
//! - [`scenario::ScenarioHost`], a fake machine stored in a directory (`root/` + `host.toml`).
//!
//! Paths given to and returned by a `Host` are always paths *as on the machine*
//! (`/Users/dev/.zshrc`), never the scenario folder.

mod fs;
pub mod macos;
pub mod real;
pub mod scenario;
pub mod scenario_binaries;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::facts::{DirSize, MachineFacts, Os};

/// What kind of file system object a path names, without following a final symlink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    File,
    Dir,
    Symlink,
    /// A FIFO, socket or device: never read as a file.
    Other,
}

/// The metadata the engine needs about a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub kind: FileKind,
    pub len: u64,
    /// Unix permission bits (`0o755`), 0 where unknown.
    pub mode: u32,
    /// The owner's uid, `None` where unknown.
    pub owner: Option<u32>,
}

impl Meta {
    pub fn is_dir(&self) -> bool {
        self.kind == FileKind::Dir
    }
    pub fn is_file(&self) -> bool {
        self.kind == FileKind::File
    }
    pub fn is_executable_file(&self) -> bool {
        self.kind == FileKind::File && self.mode & 0o111 != 0
    }
}

/// The result of running a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutput {
    /// `None` when the process was killed by a signal.
    pub status: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The output was cut at the host's bound.
    pub truncated: bool,
}

/// Why running a program failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error("`{program}` was not found or could not be started: {detail}")]
    Spawn { program: String, detail: String },
    #[error("`{program}` did not finish within {} ms and was stopped", timeout.as_millis())]
    Timeout {
        program: String,
        timeout: Duration,
        /// What it printed before it was stopped (bounded).
        partial: Vec<u8>,
    },
    #[error("running programs is not possible on this host")]
    Unsupported,
}

/// The largest startup file, go env file or VERSION file the engine reads whole.
/// Larger files are read up to this bound and reported as truncated.
pub const MAX_TEXT_FILE: u64 = 64 * 1024 * 1024;

/// The machine, as the engine sees it.
///
/// Every method is a question with a fallible answer; none panics.
pub trait Host {
    /// The operating system family. Decides which checks apply.
    fn os(&self) -> Os;

    /// Metadata of `path` itself (a final symlink is not followed).
    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta>;

    /// Metadata of what `path` names, following symlinks.
    fn metadata(&self, path: &Path) -> io::Result<Meta>;

    /// The target of the symlink at `path`, as stored in the link.
    fn read_link(&self, path: &Path) -> io::Result<PathBuf>;

    /// `path` with every symlink resolved, as an absolute machine path.
    /// Fails with a clear error on loops and dangling links.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;

    /// The names in a directory, sorted bytewise.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>>;

    /// At most `limit` bytes from the start of a regular file.
    /// Refuses FIFOs, sockets and devices instead of blocking on them.
    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>>;

    /// Up to `len` bytes at `offset` of a regular file (fewer at the end of the file).
    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>>;

    /// A regular file opened once for several reads at offsets (a binary's headers and
    /// build info): one path resolution and one open instead of one per read. `None`
    /// (the default) means "read through [`Host::read_at`]", which hosts that observe
    /// every read (the snapshot recorder) keep.
    fn open_file(&self, path: &Path) -> io::Result<Option<OpenFile>> {
        let _ = path;
        Ok(None)
    }

    /// The whole of a text file, up to [`MAX_TEXT_FILE`] bytes.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read_prefix(path, MAX_TEXT_FILE)
    }

    /// NativeGo's own environment variable `name`: raw bytes, so a non-UTF-8 value survives.
    fn env_var(&self, name: &str) -> Option<Vec<u8>>;

    /// NativeGo's own environment, in no particular order.
    fn env_vars(&self) -> Vec<(String, Vec<u8>)>;

    /// The user's home directory: `$HOME`, else the user database. `None` when neither knows.
    fn home(&self) -> Option<PathBuf>;

    /// The user's login shell from the user database (or `$SHELL`), if known.
    fn login_shell(&self) -> Option<PathBuf>;

    /// The facts about the machine that are not files: OS version, hardware architecture,
    /// Rosetta, Command Line Tools, processes.
    fn machine(&self) -> MachineFacts;

    /// Whether this host can run programs. A scenario cannot: its login environment is the
    /// static evaluation of its startup files.
    fn can_run(&self) -> bool;

    /// Where a machine path lives on the disk NativeGo runs on (for watching files): the
    /// same path on the real machine, a path inside `root/` for a scenario. Symlinks in
    /// its directories are resolved; the last component may not exist yet.
    fn real_path(&self, machine: &Path) -> Option<PathBuf> {
        Some(machine.to_path_buf())
    }

    /// The machine path of a path on the disk NativeGo runs on: the inverse of
    /// [`Host::real_path`].
    fn machine_path(&self, real: &Path) -> Option<PathBuf> {
        Some(real.to_path_buf())
    }

    /// The size of the tree at `dir` (not following symlinks), visiting at most
    /// `max_entries` entries and stopping after `max_time`: then the answer is incomplete
    /// and its size a lower bound. The default walks with [`Host::read_dir`] and
    /// [`Host::symlink_metadata`]; a host that records questions may answer it without
    /// recording every entry.
    fn dir_size(&self, dir: &Path, max_entries: u64, max_time: Duration) -> io::Result<DirSize> {
        walk_size(self, dir, max_entries, max_time)
    }

    /// Run `program` with `args` and exactly the environment `env`, no shell, stdin closed,
    /// output bounded to `max_output` bytes per stream, killed after `timeout`.
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        timeout: Duration,
        max_output: usize,
    ) -> Result<RunOutput, RunError>;
}

/// [`Host::dir_size`] by walking the tree: depth first, an unreadable subdirectory
/// skipped (its entries are not counted), the root's own error returned.
pub fn walk_size<H: Host + ?Sized>(
    host: &H,
    dir: &Path,
    max_entries: u64,
    max_time: Duration,
) -> io::Result<DirSize> {
    let start = std::time::Instant::now();
    let mut size = DirSize {
        complete: true,
        ..DirSize::default()
    };
    let mut todo = vec![(dir.to_path_buf(), host.read_dir(dir)?)];
    while let Some((path, names)) = todo.pop() {
        for name in names {
            if size.entries >= max_entries || start.elapsed() > max_time {
                size.complete = false;
                return Ok(size);
            }
            size.entries += 1;
            let child = path.join(&name);
            let Ok(meta) = host.symlink_metadata(&child) else {
                continue;
            };
            match meta.kind {
                FileKind::File => size.bytes = size.bytes.saturating_add(meta.len),
                FileKind::Dir => {
                    if let Ok(names) = host.read_dir(&child) {
                        todo.push((child, names));
                    }
                }
                FileKind::Symlink | FileKind::Other => {}
            }
        }
    }
    Ok(size)
}

/// Whether a path exists on the host (following symlinks).
pub fn exists(host: &dyn Host, path: &Path) -> bool {
    host.metadata(path).is_ok()
}

/// Whether a path is a directory on the host (following symlinks).
pub fn is_dir(host: &dyn Host, path: &Path) -> bool {
    host.metadata(path).map(|m| m.is_dir()).unwrap_or(false)
}

/// Whether a path is a regular file on the host (following symlinks).
pub fn is_file(host: &dyn Host, path: &Path) -> bool {
    host.metadata(path).map(|m| m.is_file()).unwrap_or(false)
}

/// Whether a path is an executable regular file on the host (following symlinks).
pub fn is_executable(host: &dyn Host, path: &Path) -> bool {
    host.metadata(path)
        .map(|m| m.is_executable_file())
        .unwrap_or(false)
}

/// Checks new content of a startup file with the real shell (`zsh -n`, `bash -n`).
pub trait SyntaxCheck {
    /// `Ok` when the content parses, or when the shell is not available to say.
    fn check(&self, shell: crate::facts::ShellKind, content: &[u8]) -> Result<(), String>;
}

/// No syntax check (for hosts where no shell can be run).
pub struct NoSyntaxCheck;

impl SyntaxCheck for NoSyntaxCheck {
    fn check(&self, _: crate::facts::ShellKind, _: &[u8]) -> Result<(), String> {
        Ok(())
    }
}

/// The machine, for the few operations that change it. Only [`crate::fix::apply`] uses it.
pub trait HostMut: Host {
    /// Replace `path` with `bytes` atomically: write a temporary file in the same
    /// directory, flush it to disk, give it `mode` (and the old file's owner where
    /// possible), rename it over `path`, then flush the directory. A reader sees the old
    /// file or the new one, never a mix.
    fn write_atomic(&self, path: &Path, bytes: &[u8], mode: u32) -> io::Result<()>;

    /// Create a directory and its parents with `mode`.
    fn create_dir_all(&self, path: &Path, mode: u32) -> io::Result<()>;

    /// Remove a file (undo of a file a fix created).
    fn remove_file(&self, path: &Path) -> io::Result<()>;

    /// Remove an empty directory (undo of a directory a fix created).
    fn remove_dir(&self, path: &Path) -> io::Result<()>;

    /// NativeGo's own data directory (journal and backups), as a machine path:
    /// `~/Library/Application Support/NativeGo` on macOS, `$XDG_DATA_HOME/nativego`
    /// (`~/.local/share/nativego`) on Linux.
    fn data_dir(&self) -> Option<PathBuf> {
        let home = self.home()?;
        Some(match self.os() {
            Os::Macos => home.join("Library/Application Support/NativeGo"),
            _ => match self.env_var("XDG_DATA_HOME") {
                Some(x) if x.starts_with(b"/") => {
                    PathBuf::from(String::from_utf8_lossy(&x).as_ref()).join("nativego")
                }
                _ => home.join(".local/share/nativego"),
            },
        })
    }

    /// Seconds since the Unix epoch.
    fn now_unix(&self) -> u64;

    /// Take NativeGo's change lock: one process at a time (the app, `nativego fix`,
    /// `nativego undo`) checks and changes files, so two of them cannot both pass the
    /// check "the files are as planned" and then both write. Held until the guard is
    /// dropped; waits up to `wait` for another holder, then fails with `WouldBlock`.
    fn lock_changes(&self, wait: Duration) -> io::Result<ChangeLock>;
}

/// A regular file opened by [`Host::open_file`]: positioned reads (`pread`), its length
/// taken when it was opened.
#[derive(Debug)]
pub struct OpenFile {
    file: std::fs::File,
    len: u64,
}

impl OpenFile {
    pub(crate) fn new(file: std::fs::File) -> io::Result<OpenFile> {
        let len = file.metadata()?.len();
        Ok(OpenFile { file, len })
    }
}

impl crate::binary::ByteSource for OpenFile {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let want = len.min(self.len.saturating_sub(offset));
        let mut buf = vec![0u8; usize::try_from(want).unwrap_or(usize::MAX)];
        let mut got = 0;
        while got < buf.len() {
            match self.file.read_at(&mut buf[got..], offset + got as u64) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buf.truncate(got);
        Ok(buf)
    }
}

/// NativeGo's change lock, held until dropped (see [`HostMut::lock_changes`]).
#[derive(Debug)]
pub struct ChangeLock {
    _file: std::fs::File,
}

impl ChangeLock {
    pub(crate) fn new(file: std::fs::File) -> ChangeLock {
        ChangeLock { _file: file }
    }
}
