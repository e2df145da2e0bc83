//! A [`Host`] that remembers every question asked of it.
//!
//! The snapshot probes the machine through a [`Recorder`]: whatever the engine looked at
//! (a file it read, a path it tested, a directory it listed, the bytes of a binary) is
//! exactly what the scenario has to answer the same way. Nothing else is copied.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::facts::{DirSize, MachineFacts, Os};
use crate::host::{Host, Meta, RunError, RunOutput};

/// What the engine asked about.
#[derive(Debug, Default, Clone)]
pub struct Log {
    /// Every absolute path any question was about.
    pub touched: BTreeSet<PathBuf>,
    /// Files read as text, with the largest prefix asked for.
    pub text: BTreeMap<PathBuf, u64>,
    /// Files read piecewise: executables whose header and build info were parsed.
    pub binary: BTreeSet<PathBuf>,
    /// Directories listed.
    pub listed: BTreeSet<PathBuf>,
}

/// Forwards to another host and logs every path it is asked about.
pub struct Recorder<'a> {
    inner: &'a dyn Host,
    log: RefCell<Log>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a dyn Host) -> Recorder<'a> {
        Recorder {
            inner,
            log: RefCell::new(Log::default()),
        }
    }

    /// What was asked so far.
    pub fn into_log(self) -> Log {
        self.log.into_inner()
    }

    fn touch(&self, path: &Path) {
        if path.is_absolute() {
            self.log.borrow_mut().touched.insert(path.to_path_buf());
        }
    }
}

impl Host for Recorder<'_> {
    fn os(&self) -> Os {
        self.inner.os()
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<Meta> {
        self.touch(path);
        self.inner.symlink_metadata(path)
    }

    fn metadata(&self, path: &Path) -> io::Result<Meta> {
        self.touch(path);
        self.inner.metadata(path)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        self.touch(path);
        self.inner.read_link(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.touch(path);
        self.inner.canonicalize(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        self.touch(path);
        if path.is_absolute() {
            self.log.borrow_mut().listed.insert(path.to_path_buf());
        }
        self.inner.read_dir(path)
    }

    fn read_prefix(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        self.touch(path);
        if path.is_absolute() {
            let mut log = self.log.borrow_mut();
            let max = log.text.entry(path.to_path_buf()).or_insert(0);
            *max = (*max).max(limit);
        }
        self.inner.read_prefix(path, limit)
    }

    fn read_at(&self, path: &Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        self.touch(path);
        if path.is_absolute() {
            self.log.borrow_mut().binary.insert(path.to_path_buf());
        }
        self.inner.read_at(path, offset, len)
    }

    fn dir_size(&self, dir: &Path, max_entries: u64, max_time: Duration) -> io::Result<DirSize> {
        // Only the directory is recorded: a snapshot does not copy a cache's tree (its
        // scenario measures what it holds).
        self.touch(dir);
        self.inner.dir_size(dir, max_entries, max_time)
    }

    fn env_var(&self, name: &str) -> Option<Vec<u8>> {
        self.inner.env_var(name)
    }

    fn env_vars(&self) -> Vec<(String, Vec<u8>)> {
        self.inner.env_vars()
    }

    fn home(&self) -> Option<PathBuf> {
        self.inner.home()
    }

    fn login_shell(&self) -> Option<PathBuf> {
        self.inner.login_shell()
    }

    fn machine(&self) -> MachineFacts {
        self.inner.machine()
    }

    fn can_run(&self) -> bool {
        self.inner.can_run()
    }

    fn run(
        &self,
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        timeout: Duration,
        max_output: usize,
    ) -> Result<RunOutput, RunError> {
        self.inner.run(program, args, env, timeout, max_output)
    }
}
